// One direction of the link: delays, the transmitter, and random faults.
#include <catch2/catch.hpp>

#include <chrono>

#include "core/sim/link.h"

using namespace tcplab;
using namespace std::chrono_literals;

namespace {
std::vector<std::uint8_t> packet(std::size_t n) { return std::vector<std::uint8_t>(n, 0xAB); }
}  // namespace

TEST_CASE("A clean link delivers after the one-way latency", "[link]") {
  LinkDirection d(LinkConfig{.latency = 25ms});
  const LinkOutcome out = d.transmit(packet(60), at(1s));
  CHECK(out.drop == LinkDrop::None);
  REQUIRE(out.deliveries.size() == 1);
  CHECK(out.deliveries[0].arrival == at(1s) + 25ms);
  CHECK(out.deliveries[0].bytes == packet(60));
}

TEST_CASE("Bandwidth serializes packets one after another", "[link]") {
  // 1 Mbit/s: 1250 octets take 10 ms on the wire.
  LinkDirection d(LinkConfig{.latency = 5ms, .bandwidth_bps = 1'000'000});
  const auto first = d.transmit(packet(1250), at(0ms));
  const auto second = d.transmit(packet(1250), at(0ms));
  CHECK(first.deliveries[0].arrival == at(15ms));
  CHECK(second.deliveries[0].arrival == at(25ms));
  CHECK(d.queued(at(0ms)) == 2);
  CHECK(d.queued(at(20ms)) == 0);
}

TEST_CASE("A full queue drops the newcomer (drop-tail)", "[link]") {
  LinkDirection d(LinkConfig{.bandwidth_bps = 8000, .queue_limit = 2});  // 1 octet per ms
  for (int i = 0; i < 3; ++i) CHECK(d.transmit(packet(100), at(0ms)).drop == LinkDrop::None);
  CHECK(d.transmit(packet(100), at(0ms)).drop == LinkDrop::QueueFull);
  // Once the first has left, there is room again.
  CHECK(d.transmit(packet(100), at(100ms)).drop == LinkDrop::None);
}

TEST_CASE("Packets larger than the MTU are dropped", "[link]") {
  LinkDirection d(LinkConfig{.mtu = 576});
  CHECK(d.transmit(packet(577), at(0ms)).drop == LinkDrop::Mtu);
  CHECK(d.transmit(packet(576), at(0ms)).drop == LinkDrop::None);
}

TEST_CASE("Random faults happen at their rates, reproducibly", "[link]") {
  const LinkConfig cfg{.loss = 0.1, .duplicate = 0.1, .reorder = 0.1, .corrupt = 0.1};
  LinkDirection a(cfg, 5), b(cfg, 5);
  int lost = 0, dup = 0, reordered = 0, corrupted = 0;
  for (int i = 0; i < 5000; ++i) {
    const auto x = a.transmit(packet(40), at(std::chrono::milliseconds(i)));
    const auto y = b.transmit(packet(40), at(std::chrono::milliseconds(i)));
    REQUIRE(x.drop == y.drop);
    REQUIRE(x.deliveries.size() == y.deliveries.size());
    if (x.drop == LinkDrop::Loss) ++lost;
    if (x.deliveries.size() == 2) ++dup;
    for (const auto& d : x.deliveries) {
      if (d.reordered) ++reordered;
      if (d.flipped_bit) {
        ++corrupted;
        // Exactly one bit differs.
        int diff = 0;
        for (std::size_t k = 0; k < d.bytes.size(); ++k) diff += __builtin_popcount(d.bytes[k] ^ 0xAB);
        CHECK(diff == 1);
      }
    }
  }
  CHECK(lost > 400);
  CHECK(lost < 600);
  CHECK(dup > 350);
  CHECK(reordered > 350);
  CHECK(corrupted > 400);
}

TEST_CASE("Jitter never reorders, a reordered packet is overtaken", "[link]") {
  LinkDirection d(LinkConfig{.latency = 10ms, .jitter = 8ms}, 3);
  Instant last{};
  for (int i = 0; i < 200; ++i) {
    const auto out = d.transmit(packet(40), at(std::chrono::milliseconds(i)));
    CHECK(out.deliveries[0].arrival >= last);
    CHECK(out.deliveries[0].arrival <= at(std::chrono::milliseconds(i)) + 18ms);
    last = out.deliveries[0].arrival;
  }
  LinkDirection r(LinkConfig{.latency = 10ms, .reorder = 1.0, .reorder_delay = 30ms});
  CHECK(r.transmit(packet(40), at(0ms)).deliveries[0].arrival == at(40ms));
}
