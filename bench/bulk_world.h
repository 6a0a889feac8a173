// The bulk transfer every benchmark here runs: two hosts across a link, a
// client that keeps its send buffer full. Shared by tcplab_bench (speed)
// and tcplab_trace_bench (rewind, memory) so they measure the same run.
#pragma once
#include <chrono>
#include <cstdint>
#include <optional>
#include <vector>

#include "core/sim/world.h"

namespace tcplab::bench {

struct BulkLink {
  double mbit = 10;
  long latency_ms = 20;
  long queue = 100;
  double loss = 0.01;       // on the data direction (client to server)
  bool loss_both_ways = false;
};

inline WorldConfig bulk_config(const BulkLink& link, const Profile& p) {
  WorldConfig cfg;
  cfg.hosts = {{"client", 0x0A000001, p}, {"server", 0x0A000002, p}};
  for (int d = 0; d < 2; ++d) {
    LinkConfig& l = cfg.link[d];
    l.latency = std::chrono::milliseconds(link.latency_ms);
    l.bandwidth_bps = static_cast<std::uint64_t>(link.mbit * 1e6);
    l.queue_limit = static_cast<std::size_t>(link.queue);
    l.loss = (d == 0 || link.loss_both_ways) ? link.loss : 0;  // [0] is client->server, the data direction
  }
  cfg.seed = 1;
  cfg.record_bytes = false;  // a pcap of millions of packets is not what is measured
  return cfg;
}

// Connects "c" to the server's listener "l" on port 80.
inline void open_bulk(World& w) {
  w.apply(ListenAction{"server", "l", 80, 8});
  w.apply(ConnectAction{"client", "c", 40000, "server", 80});
}

// The application keeps the send buffer full: every millisecond up to
// `until` (or until `segments` have been sent) it tops it up.
inline void run_bulk(World& w, std::uint32_t send_buffer, Instant until,
                     std::optional<std::uint32_t> segments = std::nullopt) {
  using namespace std::chrono_literals;
  const ConnRef c = *w.find("c");
  for (Instant t = w.now() + 1ms; t <= until; t += 1ms) {
    w.run_until(t);
    if (segments && w.segments_sent() >= *segments) break;
    const ConnectionStatus st = w.entry(c).conn.status();
    if (st.state != State::Established) continue;
    const std::size_t room = send_buffer > st.send_queued ? send_buffer - st.send_queued : 0;
    if (room >= 16384) w.apply(SendAction{"c", std::vector<std::uint8_t>(room, 'x')});
  }
}

}  // namespace tcplab::bench
