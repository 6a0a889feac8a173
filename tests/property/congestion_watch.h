// Congestion invariants checked from outside a sender: from the segments
// that reach it (those its SegmentAccepted events accept) and leave it, and
// from the events it emits (SegmentSent with its rule, CongestionChanged,
// TimerFired), never from its TCB. One watch per sending end.
//
// - In flight: after each new data segment (and each go-back-N resend
//   after a timeout), the octets in flight, counted as RFC 6675's pipe
//   from the SACK blocks and ACKs that reached the sender (RFC 5681's
//   FlightSize without SACK), stay within the last announced cwnd plus
//   limited transmit's two segments (RFC 3042) once duplicate ACKs arrive
//   outside fast recovery, and a tail loss probe's new segment one more
//   (RFC 8985 §7.3); and no new octet lies beyond SND.UNA + SND.WND,
//   the window updated by RFC 9293 §3.10.7.4's SND.WL1/SND.WL2 rule (RFC
//   9293 §3.8.6.2.1; a zero-window probe excepted).
// - ssthresh >= 2*SMSS after every congestion decision (RFC 5681 (4)).
// - Every retransmission names a rule whose trigger the wire or the events
//   show: a retransmission timer that fired, duplicate ACKs or SACK blocks
//   that make the segment lost (RFC 5681 §3.2, RFC 6675 IsLost), a partial
//   ACK in recovery (RFC 6582), a resend within a recovery.
#pragma once
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/tcp/events.h"
#include "core/wire/segment.h"

namespace tcplab::property {

struct WatchCounts {
  std::uint64_t checked_sends = 0;       // sends the in-flight bound was checked at
  std::uint64_t retransmissions = 0;     // retransmissions checked against their rule
  std::uint64_t congestion_events = 0;
};

class CongestionWatch {
 public:
  CongestionWatch(std::string side, bool limited_transmit) : side_(std::move(side)), limited_transmit_(limited_transmit) {}

  void sent_segment(const Segment& s);                 // a full segment this end put on the wire
  void arrived(const Segment& s);                      // a segment that reached this end (checksum good)
  // Events: SegmentAccepted (the arrived segment's ACK counts), TimerFired,
  // CongestionChanged, SegmentSent.
  void event(const Event& e, Instant now, std::uint32_t smss);
  const std::vector<std::string>& failures() const { return failures_; }
  const WatchCounts& counts() const { return counts_; }

 private:
  struct Range {
    std::uint32_t begin, end;  // [begin, end) in sequence space, relative to nothing: compared mod 2^32
  };
  void accepted(const SegmentAccepted& a);
  void sent(const SegmentSent& s, Instant now, std::uint32_t smss);
  void congestion(const CongestionChanged& c, std::uint32_t smss);
  void explain_retransmission(const SegmentSent& s, Instant now, std::uint32_t smss);
  void check_flight(const SegmentSent& s, Instant now, std::uint32_t smss);
  std::uint64_t pipe(std::uint32_t smss) const;
  bool is_lost(std::uint32_t seq, std::uint32_t smss) const;
  bool sacked(std::uint32_t seq) const;
  void fail(Instant now, const std::string& what);
  void declare_lost();

  std::string side_;
  bool limited_transmit_;
  bool synchronized_ = false;
  std::uint32_t iss_ = 0;
  std::uint32_t una_ = 0;       // highest ACK that reached us
  std::uint32_t snd_max_ = 0;   // highest sequence number sent, +1
  std::optional<std::uint32_t> fin_seq_;      // the FIN's sequence number, once sent
  std::uint8_t our_scale_ = 0, peer_scale_ = 0;
  bool our_ws_ = false, peer_ws_ = false;
  std::optional<Segment> pending_;  // the segment that just arrived, until the connection accepts it
  bool last_arrival_syn_ = false;  // the last segment to reach us was a SYN without ACK
  std::uint32_t dup_acks_ = 0;  // duplicate ACKs in a row (RFC 5681 §2), as they reached us
  std::optional<std::uint32_t> snd_wnd_;  // the peer's window as RFC 9293 §3.10.7.4 updates it
  std::uint32_t wl1_ = 0, wl2_ = 0;
  std::vector<Range> sacked_;   // SACK blocks above una that reached us
  std::vector<Range> resent_;   // octets retransmitted since the current recovery began
  std::optional<Range> declared_lost_;  // [una, snd_max) at the last retransmission timeout
  std::optional<Instant> timer_fired_at_;  // a retransmission, persist or other timer fired at this instant
  CongestionChanged cc_{};
  bool have_cc_ = false;
  std::vector<std::string> failures_;
  WatchCounts counts_;
};

}  // namespace tcplab::property
