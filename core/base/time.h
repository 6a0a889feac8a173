// Simulated time. The core never reads a clock: every input carries `now`.
#pragma once
#include <chrono>
#include <cstdint>

namespace tcplab {

using Duration = std::chrono::microseconds;

// The clock of a simulated world; its epoch is the world's start.
struct SimClock {
  using duration = Duration;
  using rep = duration::rep;
  using period = duration::period;
  using time_point = std::chrono::time_point<SimClock, Duration>;
  static constexpr bool is_steady = true;
};
using Instant = SimClock::time_point;

constexpr Instant at(Duration since_start) { return Instant{since_start}; }
constexpr std::int64_t micros(Duration d) { return d.count(); }
constexpr std::int64_t micros(Instant t) { return t.time_since_epoch().count(); }

}  // namespace tcplab
