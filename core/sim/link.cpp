#include "core/sim/link.h"

#include <algorithm>

namespace tcplab {

std::string_view link_drop_name(LinkDrop d) {
  switch (d) {
    case LinkDrop::None: return "none";
    case LinkDrop::Mtu: return "mtu";
    case LinkDrop::QueueFull: return "queue-full";
    case LinkDrop::Loss: return "loss";
  }
  return "?";
}

Duration LinkDirection::serialization_time(std::size_t bytes) const {
  if (config_.bandwidth_bps == 0) return Duration{0};
  // Round up: a packet never takes less than its bits at the line rate.
  const std::uint64_t bits = static_cast<std::uint64_t>(bytes) * 8;
  return Duration{static_cast<Duration::rep>((bits * 1'000'000 + config_.bandwidth_bps - 1) /
                                             config_.bandwidth_bps)};
}

std::size_t LinkDirection::queued(Instant now) const {
  return static_cast<std::size_t>(
      std::count_if(in_transmitter_.begin(), in_transmitter_.end(), [now](Instant t) { return t > now; }));
}

LinkOutcome LinkDirection::transmit(std::vector<std::uint8_t> bytes, Instant now) {
  LinkOutcome out;
  while (!in_transmitter_.empty() && in_transmitter_.front() <= now) in_transmitter_.pop_front();

  // The checks a real path makes before the random ones: an oversized packet
  // never fits, a full queue drops the newcomer (drop-tail).
  if (bytes.size() > config_.mtu) {
    out.drop = LinkDrop::Mtu;
    return out;
  }
  // One packet is being serialized; queue_limit counts those waiting behind it.
  if (config_.queue_limit > 0 && in_transmitter_.size() > config_.queue_limit) {
    out.drop = LinkDrop::QueueFull;
    return out;
  }
  const Instant start = std::max(now, busy_until_);
  busy_until_ = start + serialization_time(bytes.size());
  in_transmitter_.push_back(busy_until_);
  out.serialized = busy_until_;

  // Every packet draws the same sequence of numbers whatever the settings,
  // so changing one probability does not reshuffle the others' outcomes.
  const bool lost = rng_.bernoulli(config_.loss);
  const bool dup = rng_.bernoulli(config_.duplicate);
  const bool reorder = rng_.bernoulli(config_.reorder);
  const std::uint64_t jitter_draw = rng_.next();
  const std::uint64_t dup_jitter_draw = rng_.next();
  const bool corrupt_first = rng_.bernoulli(config_.corrupt);
  const bool corrupt_copy = rng_.bernoulli(config_.corrupt);
  const std::uint64_t bit_draw = rng_.next();
  const std::uint64_t copy_bit_draw = rng_.next();
  if (lost) {
    out.drop = LinkDrop::Loss;
    return out;
  }

  const auto jitter_of = [this](std::uint64_t draw) {
    const auto j = static_cast<std::uint64_t>(config_.jitter.count());
    return Duration{j == 0 ? 0 : static_cast<Duration::rep>(draw % (j + 1))};
  };
  const auto make_copy = [&](std::uint64_t jdraw, bool corrupt, std::uint64_t bdraw, bool is_dup) {
    LinkDelivery d;
    d.duplicate = is_dup;
    d.arrival = busy_until_ + config_.latency + jitter_of(jdraw);
    // The one copy takes the packet's bytes; with a duplicate, the first copies them.
    d.bytes = (dup && !is_dup) ? bytes : std::move(bytes);
    if (reorder && !is_dup) {
      d.reordered = true;
      d.arrival += config_.reorder_delay;
    } else {
      // Jitter alone never reorders: like a single path, packets keep their order.
      d.arrival = std::max(d.arrival, last_arrival_);
      last_arrival_ = d.arrival;
    }
    if (corrupt && !d.bytes.empty()) {
      const std::size_t bit = static_cast<std::size_t>(bdraw % (d.bytes.size() * 8));
      d.bytes[bit / 8] ^= static_cast<std::uint8_t>(0x80u >> (bit % 8));
      d.flipped_bit = bit;
    }
    return d;
  };
  out.deliveries.push_back(make_copy(jitter_draw, corrupt_first, bit_draw, false));
  if (dup) out.deliveries.push_back(make_copy(dup_jitter_draw, corrupt_copy, copy_bit_draw, true));
  return out;
}

}  // namespace tcplab
