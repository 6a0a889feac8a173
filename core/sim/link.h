// The wire between two hosts: per direction, a one-way delay line with a
// transmitter (bandwidth, drop-tail queue) and the faults a learner can turn
// on. It carries bytes, not Segments, so a corrupted bit is a real bit: the
// receiving host's decode finds the bad checksum.
#pragma once
#include <cstddef>
#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <vector>

#include "core/base/rng.h"
#include "core/base/time.h"

namespace tcplab {

// What one direction of the link does to the packets that cross it.
struct LinkConfig {
  Duration latency{std::chrono::milliseconds(10)};  // one-way propagation delay
  Duration jitter{0};             // extra delay drawn uniformly from [0, jitter]
  std::uint64_t bandwidth_bps = 0;  // serialization rate; 0 is infinitely fast
  std::size_t queue_limit = 0;    // packets waiting behind the one on the wire; 0 is unbounded
  double loss = 0;                // probability a packet vanishes
  double duplicate = 0;           // probability a second copy arrives too
  double reorder = 0;             // probability a packet is held back so later ones overtake it
  Duration reorder_delay{std::chrono::milliseconds(10)};  // how long it is held back
  double corrupt = 0;             // probability one bit of a copy is flipped
  std::size_t mtu = 1500;         // larger IP packets are dropped (DF is set)
  bool operator==(const LinkConfig&) const = default;
};

// Why the link did not carry a packet.
enum class LinkDrop : std::uint8_t { None, Mtu, QueueFull, Loss };
std::string_view link_drop_name(LinkDrop d);  // "mtu", "queue-full", "loss"

// One copy of a packet that will arrive.
struct LinkDelivery {
  Instant arrival;
  std::vector<std::uint8_t> bytes;
  bool duplicate = false;                  // the extra copy made by duplication
  bool reordered = false;                  // held back by reorder_delay
  std::optional<std::size_t> flipped_bit;  // bit index into bytes, when corrupted
};

struct LinkOutcome {
  LinkDrop drop = LinkDrop::None;
  Instant serialized{};                   // when the last bit left the transmitter
  std::vector<LinkDelivery> deliveries;  // empty when dropped; two when duplicated
};

class LinkDirection {
 public:
  explicit LinkDirection(LinkConfig config = {}, std::uint64_t seed = 0) : config_(config), rng_(seed) {}

  // A packet handed to the transmitter at `now`: decide its fate, draw its
  // delays. Random draws happen in a fixed order so a run replays exactly.
  LinkOutcome transmit(std::vector<std::uint8_t> bytes, Instant now);
  // Packets that bypass the transmitter and the random faults (a released
  // held segment, an injected one): they take the propagation delay only.
  Instant arrival_without_faults(Instant now) const { return now + config_.latency; }

  const LinkConfig& config() const { return config_; }
  void set_config(const LinkConfig& c) { config_ = c; }
  // Packets in the transmitter at `now` (on the wire or waiting).
  std::size_t queued(Instant now) const;
  bool operator==(const LinkDirection&) const = default;

 private:
  Duration serialization_time(std::size_t bytes) const;

  LinkConfig config_;
  Rng rng_;
  Instant busy_until_{};             // the transmitter finishes its current packet
  std::deque<Instant> in_transmitter_;  // serialization end times of queued packets
  Instant last_arrival_{};           // FIFO: a packet never overtakes unless reordered
};

}  // namespace tcplab
