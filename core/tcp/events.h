// What a connection tells the world. The trace, the UI and the narration are
// built from these alone.
#pragma once
#include <cstddef>
#include <cstdint>
#include <variant>

#include "core/tcp/congestion.h"
#include "core/tcp/rules.h"
#include "core/wire/segment.h"
#include "core/tcp/state.h"
#include "core/base/time.h"
#include "core/tcp/timers.h"
#include "core/tcp/user_error.h"

namespace tcplab {

struct StateChanged {
  State from;
  State to;
  Rule cause;
  bool operator==(const StateChanged&) const = default;
};
struct TimerArmed {
  TimerKind kind;
  Instant deadline;
  Duration duration;
  std::uint32_t backoff;
  bool operator==(const TimerArmed&) const = default;
};
struct TimerStopped {
  TimerKind kind;
  bool operator==(const TimerStopped&) const = default;
};
struct TimerFired {
  TimerKind kind;
  std::uint32_t backoff;  // the slot's backoff when it fired
  bool operator==(const TimerFired&) const = default;
};
// A header summary of the segment an event is about.
struct SegmentSummary {
  SeqNum seq;
  SeqNum ack;
  std::uint32_t len;  // SEG.LEN
  Flags flags;
  bool operator==(const SegmentSummary&) const = default;
  static SegmentSummary of(const Segment& s) { return {s.seq, s.ack, s.seg_len(), s.flags}; }
};
struct SegmentAccepted {
  SegmentSummary seg;
  bool operator==(const SegmentAccepted&) const = default;
};
struct SegmentRejected {
  SegmentSummary seg;
  Rule why;
  bool operator==(const SegmentRejected&) const = default;
};
// Emitted by poll_transmit for every segment it returns.
struct SegmentSent {
  SegmentSummary seg;
  Rule why;
  bool retransmission;
  bool operator==(const SegmentSent&) const = default;
};
// Octets became available to RECEIVE.
struct DataDelivered {
  std::size_t bytes;
  bool operator==(const DataDelivered&) const = default;
};
// Signalled to the user asynchronously, e.g. "connection reset".
struct ConnectionError {
  UserError error;
  Rule cause;
  bool operator==(const ConnectionError&) const = default;
};

// A congestion-control decision (RFC 5681, RFC 6582, RFC 3042, RFC 9438):
// the window after it and the rule that made it. `flight_size` is what the
// sender counts against cwnd: SND.NXT - SND.UNA, less what a timeout
// declared lost and is not yet resent. `dup_acks` counts duplicate ACKs in
// a row. ssthresh is kInfiniteSsthresh until the first congestion event.
struct CongestionChanged {
  CongestionPhase phase;
  std::uint32_t cwnd;
  std::uint32_t ssthresh;
  std::uint32_t flight_size;
  std::uint32_t dup_acks;
  Rule why;
  bool operator==(const CongestionChanged&) const = default;
};

using Event = std::variant<StateChanged, TimerArmed, TimerStopped, TimerFired, SegmentAccepted,
                           SegmentRejected, SegmentSent, DataDelivered, ConnectionError, CongestionChanged>;

}  // namespace tcplab
