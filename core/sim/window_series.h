// The window series: each sender's cwnd, ssthresh, bytes in flight and
// phase over time, the window its peer advertised, and the moments worth a
// mark (duplicate ACKs, fast retransmits, timeouts, window updates), each
// tied to the segment that caused it. Built from trace records alone (the
// CongestionChanged events and the segments), so the window lane, the
// time-sequence graph, the API and a rewound world all read the same data
// and nothing reads a TCB's privates. Appended as the trace grows.
#pragma once
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "core/sim/trace.h"

namespace tcplab {

// One CongestionChanged event: the sender's window after a decision.
struct WindowPoint {
  Instant t{};
  CongestionPhase phase = CongestionPhase::SlowStart;
  std::uint32_t cwnd = 0;
  std::uint32_t ssthresh = kInfiniteSsthresh;
  std::uint32_t flight = 0;
  std::uint32_t dup_acks = 0;
  Rule why{};
  // The segment behind the decision: the ACK that arrived, or for a timeout
  // the retransmission it sent. Absent for the initial window.
  std::optional<std::uint32_t> segment;
};

// The window the peer advertised, as the sender learnt it from a segment
// that reached it (scaled by the peer's window scale, RFC 7323 §2.3).
struct PeerWindow {
  Instant t{};
  std::uint32_t window = 0;
  std::uint32_t segment = 0;
};

// Retransmission and ZeroWindow come from a capture's analysis: on the wire
// a retransmission's cause (a timeout, RACK...) is not known, and a zero
// window is what the peer advertised.
enum class WindowMarkKind : std::uint8_t { DupAck, FastRetransmit, Timeout, WindowUpdate, Retransmission, ZeroWindow };
inline constexpr int kWindowMarkKinds = 6;
// "dup-ack", "fast-retransmit", "timeout", "window-update", "retransmission", "zero-window"
std::string_view mark_id(WindowMarkKind k);

struct WindowMark {
  Instant t{};
  WindowMarkKind kind = WindowMarkKind::DupAck;
  std::optional<std::uint32_t> segment;
};

// How a capture's series knows the peer's window scale (RFC 7323 §2.2):
// from both SYNs, or not at all when a SYN was not captured.
enum class WireScale : std::uint8_t {
  Negotiated,     // both SYNs carried the option: windows are shifted by peer_shift
  NotNegotiated,  // a captured SYN went without it: windows are as sent
  Unknown,        // the SYNs were not captured: windows are drawn as sent, perhaps too small
};

// One sending connection's series, each vector in time order.
struct SenderSeries {
  ConnRef conn{};
  // Set for a series built from a capture (core/lab/capture_series.h): only
  // what crossed the wire is known there, so the points carry bytes in
  // flight as the capture point saw them, and their cwnd, ssthresh, phase
  // and rule mean nothing (cwnd and ssthresh are not on the wire).
  bool from_wire = false;
  WireScale wire_scale = WireScale::Negotiated;
  std::uint8_t peer_shift = 0;
  std::vector<WindowPoint> points;
  std::vector<PeerWindow> peer_window;
  std::vector<WindowMark> marks;

  // The point in force at `t` (the last at or before it), if any.
  const WindowPoint* at(Instant t) const;
  const PeerWindow* peer_window_at(Instant t) const;
  // Indices [lo, hi) of the points whose step may show in [from, to]: the
  // one in force at `from` and every one up to `to`.
  std::pair<std::size_t, std::size_t> visible(Instant from, Instant to) const;
};

class WindowSeries {
 public:
  // Reads the trace records not yet read; starts over when `generation`
  // changes (a rewind or a new world) or the trace got shorter.
  void update(const Trace& trace, std::uint64_t generation);
  // The whole trace at once (the API, the tests).
  static WindowSeries of(const Trace& trace);
  // Series built elsewhere (a capture's, one per side): for_host(h) gives
  // the one whose conn.host is h.
  static WindowSeries of_senders(std::vector<SenderSeries> senders);

  // Every connection that made a congestion decision, in the order of its first.
  const std::vector<SenderSeries>& senders() const { return senders_; }
  const SenderSeries* find(ConnRef c) const;
  // A host's sender: of its connections with a series, the one that has
  // sent the most data (the newest on a tie), or none.
  const SenderSeries* for_host(std::size_t host) const;

 private:
  void reset();
  void add(const TraceRecord& r);
  void on_sent(const TraceRecord& r, const SegmentSentRecord& s);
  void on_delivered(const TraceRecord& r, std::uint32_t id);
  void on_congestion(const TraceRecord& r, ConnRef conn, const CongestionChanged& e);
  SenderSeries& series(ConnRef c);

  // What the series need to remember of a segment until it arrives.
  struct Sent {
    std::size_t from = 0, to = 0;
    std::uint16_t window = 0;
    bool syn = false;
    std::optional<std::uint8_t> wscale;
    std::uint32_t payload = 0;
  };
  std::uint64_t generation_ = ~0ull;
  std::size_t cursor_ = 0;
  std::vector<SenderSeries> senders_;
  std::unordered_map<std::size_t, std::size_t> by_conn_;  // conn_key -> index in senders_
  std::unordered_map<std::uint32_t, Sent> sent_;
  // Per host: the window scale its latest SYN offered (RFC 7323 §2.2).
  std::unordered_map<std::size_t, std::optional<std::uint8_t>> syn_scale_;
  // Per host: the last segment delivered to it and when.
  std::unordered_map<std::size_t, std::pair<Instant, std::uint32_t>> last_arrival_;
  // Per host: the window it last learnt from its peer (a new series starts from it).
  std::unordered_map<std::size_t, PeerWindow> peer_window_;
  // Per connection (conn_key): octets of data sent, for for_host().
  std::unordered_map<std::size_t, std::uint64_t> data_sent_;
  // Per connection (conn_key): the last retransmission it sent, (time, id).
  std::unordered_map<std::size_t, std::pair<Instant, std::uint32_t>> last_retransmission_;
  // Timeouts whose retransmission is not in the trace yet: (conn_key, point index).
  std::vector<std::pair<std::size_t, std::size_t>> pending_timeouts_;
};

}  // namespace tcplab
