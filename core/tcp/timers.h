// Every timer a connection runs, in one table; several run at once.
#pragma once
#include <array>
#include <cstdint>
#include <optional>
#include <string_view>

#include "core/base/time.h"

namespace tcplab {

enum class TimerKind : std::uint8_t {
  Retransmit,   // RFC 6298; also drives SYN / SYN,ACK retries
  TimeWait,     // 2MSL, RFC 9293 §3.10.8
  Persist,      // zero-window probes, RFC 1122 §4.2.2.17
  DelayedAck,   // RFC 1122 §4.2.3.2
  Keepalive,    // RFC 1122 §4.2.3.6
  UserTimeout,  // RFC 9293 §3.10.8
  RackReorder,  // RACK's reorder timer, RFC 8985 §6.3
  LossProbe,    // the tail loss probe's PTO, RFC 8985 §7.2
};
inline constexpr std::size_t kTimerKinds = 8;
inline constexpr std::array<TimerKind, kTimerKinds> kAllTimerKinds = {
    TimerKind::Retransmit, TimerKind::TimeWait,  TimerKind::Persist,
    TimerKind::DelayedAck, TimerKind::Keepalive, TimerKind::UserTimeout,
    TimerKind::RackReorder, TimerKind::LossProbe,
};
std::string_view timer_name(TimerKind k);  // "retransmission", "TIME-WAIT (2MSL)", ...

struct TimerSlot {
  bool running = false;
  Instant armed_at{};
  Instant deadline{};
  Duration duration{};       // deadline - armed_at
  std::uint32_t backoff = 0; // how many times this timer has fired in a row (RTO/persist doubling)
  bool operator==(const TimerSlot&) const = default;
};

class TimerTable {
 public:
  void arm(TimerKind k, Instant now, Duration d, std::uint32_t backoff = 0);
  void stop(TimerKind k);
  bool running(TimerKind k) const { return slot(k).running; }
  const TimerSlot& slot(TimerKind k) const { return slots_[static_cast<std::size_t>(k)]; }
  // The earliest deadline among running timers.
  std::optional<Instant> next_deadline() const;
  // The first running timer whose deadline is <= now, in enum order except
  // that the PTO goes before the RTO it is capped by (RFC 8985 §7.2: the
  // probe is due no later than the RTO, and Linux runs them as one timer).
  std::optional<TimerKind> expired(Instant now) const;
  bool operator==(const TimerTable&) const = default;

 private:
  std::array<TimerSlot, kTimerKinds> slots_{};
};

}  // namespace tcplab
