#include "core/tcp/timers.h"

namespace tcplab {

std::string_view timer_name(TimerKind k) {
  switch (k) {
    case TimerKind::Retransmit: return "retransmission";
    case TimerKind::TimeWait: return "TIME-WAIT (2MSL)";
    case TimerKind::Persist: return "persist";
    case TimerKind::DelayedAck: return "delayed ACK";
    case TimerKind::Keepalive: return "keep-alive";
    case TimerKind::UserTimeout: return "user timeout";
    case TimerKind::RackReorder: return "RACK reorder";
    case TimerKind::LossProbe: return "tail loss probe (PTO)";
  }
  return "?";
}

void TimerTable::arm(TimerKind k, Instant now, Duration d, std::uint32_t backoff) {
  slots_[static_cast<std::size_t>(k)] = TimerSlot{true, now, now + d, d, backoff};
}

void TimerTable::stop(TimerKind k) { slots_[static_cast<std::size_t>(k)].running = false; }

std::optional<Instant> TimerTable::next_deadline() const {
  std::optional<Instant> best;
  for (const auto& s : slots_)
    if (s.running && (!best || s.deadline < *best)) best = s.deadline;
  return best;
}

std::optional<TimerKind> TimerTable::expired(Instant now) const {
  if (slot(TimerKind::LossProbe).running && slot(TimerKind::LossProbe).deadline <= now) return TimerKind::LossProbe;
  for (TimerKind k : kAllTimerKinds)
    if (slot(k).running && slot(k).deadline <= now) return k;
  return std::nullopt;
}

}  // namespace tcplab
