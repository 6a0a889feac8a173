// Two Connections joined by the lab's faulty link, with an application at
// each end that sends a known byte stream, reads what arrives and closes.
// Every packet crosses as real IPv4+TCP bytes (wire.h), so a corrupted bit
// is caught by the receiver's checksum, as in the World. The World itself
// throws away what its applications read; this harness keeps every octet so
// a run can check delivery byte for byte.
#pragma once
#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/tcp/connection.h"
#include "core/sim/link.h"
#include "core/base/rng.h"

namespace tcplab::property {

enum class CloseOrder : std::uint8_t {
  ClientFirst,  // the client closes; the server closes once it has read the FIN
  ServerFirst,
  Together,     // both call CLOSE at the same instant: simultaneous close
  Whenever,     // each closes after its own random delay
};
std::string_view close_order_name(CloseOrder o);

// Everything a run depends on, drawn from its seed.
struct RunPlan {
  std::uint64_t seed = 0;
  bool linux_profile = false;
  CongestionAlgorithm algorithm = CongestionAlgorithm::NewReno;  // both ends
  LinkConfig link[2];             // [0] client->server, [1] server->client
  std::size_t send_bytes[2] = {};  // what each end sends
  CloseOrder order = CloseOrder::ClientFirst;
  Duration close_delay[2] = {};    // after the end's data is queued (and, when it waits, the FIN read)
  Duration read_every[2] = {};     // 0: the application reads as data arrives
  std::string describe() const;
};
RunPlan draw_plan(std::uint64_t seed);

struct RunResult {
  std::vector<std::string> failures;  // empty: every property held
  std::uint64_t segments = 0;         // packets handed to the link, both ways
  std::uint64_t delivered = 0;        // octets the applications read, both ways
  std::uint64_t flight_checks = 0;     // sends at which the in-flight bound was checked (congestion_watch.h)
  std::uint64_t retransmissions = 0;   // retransmissions checked against their rule
  std::uint64_t congestion_events = 0;
  bool reset = false;                 // an end reported an error (reset, timeout)
  Instant end{};
};

// verbose: print every segment sent and state change as it happens.
RunResult run_pair(const RunPlan& plan, bool verbose = false);

// The octet at `offset` of the stream end `side` sends in run `seed`.
std::uint8_t stream_byte(std::uint64_t seed, int side, std::size_t offset);

}  // namespace tcplab::property
