// How fast the simulated network runs: a long bulk transfer across a link
// with 1% loss in each direction, timed on the wall clock. Prints simulated
// segments per second. Usage: tcplab_bench [SIMULATED_SECONDS] (default 120).
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <vector>

#include "core/sim/world.h"

using namespace tcplab;
using namespace std::chrono_literals;

int main(int argc, char** argv) {
  long seconds = 120;
  if (argc > 1) {
    char* end = nullptr;
    seconds = std::strtol(argv[1], &end, 10);
    if (*end != '\0' || seconds <= 0) {
      std::fprintf(stderr, "usage: tcplab_bench [SIMULATED_SECONDS]  (a positive integer, got '%s')\n", argv[1]);
      return 2;
    }
  }
  WorldConfig cfg;
  Profile p = Profile::linux_like();
  cfg.hosts = {{"client", 0x0A000001, p}, {"server", 0x0A000002, p}};
  for (LinkConfig& l : cfg.link) {
    l.latency = 5ms;
    l.bandwidth_bps = 100'000'000;
    l.loss = 0.01;
  }
  cfg.seed = 1;
  cfg.record_bytes = false;  // a pcap of millions of packets is not what is measured
  World w(cfg);
  w.apply(ListenAction{"server", "l", 80, 8});
  w.apply(ConnectAction{"client", "c", 40000, "server", 80});

  const auto start = std::chrono::steady_clock::now();
  const ConnRef c = *w.find("c");
  std::vector<std::uint8_t> chunk;
  // The application keeps the send buffer full: every millisecond it tops it up.
  for (Instant t = at(1ms); t <= at(std::chrono::seconds(seconds)); t += 1ms) {
    w.run_until(t);
    const ConnectionStatus st = w.entry(c).conn.status();
    if (st.state != State::Established) continue;
    const std::size_t room = p.send_buffer > st.send_queued ? p.send_buffer - st.send_queued : 0;
    if (room >= 16384) {
      chunk.assign(room, 'x');
      w.apply(SendAction{"c", chunk});
    }
  }
  const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const std::uint32_t segments = w.segments_sent();
  std::size_t delivered = 0;
  if (auto l1 = w.find("l.1")) delivered = w.entry(*l1).bytes_read;
  std::printf("bulk transfer, 100 Mbit/s, 5 ms one way, 1%% loss each way, %ld simulated seconds\n", seconds);
  std::printf("segments simulated: %u\n", segments);
  std::printf("octets delivered:   %zu\n", delivered);
  std::printf("trace records:      %zu\n", w.trace().size());
  std::printf("wall time:          %.3f s\n", wall);
  std::printf("simulated segments per second: %.0f\n", segments / wall);
  return 0;
}
