#include "core/lab/capture_series.h"

#include <algorithm>
#include <array>
#include <optional>
#include <tuple>

namespace tcplab {

namespace {

// What each side's first SYN said about window scaling, if it was captured.
struct SynSeen {
  bool seen = false;
  bool syn_ack = false;
  std::optional<std::uint8_t> shift;
};

// The scale the peer's windows carry in the sender's series (RFC 7323 §2.2):
// both sides must offer it; a SYN,ACK offers it only when the SYN did
// (§1.3), so a SYN,ACK with the option proves the SYN had it too.
std::pair<WireScale, std::uint8_t> peer_scale(const std::array<SynSeen, 2>& syn, int peer) {
  for (const SynSeen& s : syn)
    if (s.seen && !s.shift) return {WireScale::NotNegotiated, 0};
  const bool agreed = (syn[0].seen && syn[1].seen) || syn[0].syn_ack || syn[1].syn_ack;
  const SynSeen& p = syn[static_cast<std::size_t>(peer)];
  if (!agreed || !p.seen) return {WireScale::Unknown, 0};
  // RFC 7323 §2.3: a shift above 14 is taken as 14.
  return {WireScale::Negotiated, std::min<std::uint8_t>(*p.shift, 14)};
}

// One side's sending, followed packet by packet.
struct SenderState {
  SenderSeries series;
  std::optional<SeqNum> first, nxt, una;  // its first sequence number, the highest it sent, the highest ACK of it
  std::optional<std::uint32_t> flight, window;

  void sent(const StreamPacket& p) {
    const SeqNum end = p.tcp.seg.seq + p.tcp.seg_len();
    if (!first) first = p.tcp.seg.seq;
    if (!nxt || end > *nxt) nxt = end;
  }
  void acked(const StreamPacket& p) {
    if (p.tcp.seg.flags.has(kAck) && (!una || p.tcp.seg.ack > *una)) una = p.tcp.seg.ack;
  }
  void advertised(const StreamPacket& p, Instant t) {
    const Segment& s = p.tcp.seg;
    // A SYN's window is never scaled (RFC 7323 §2.2).
    const bool scaled = series.wire_scale == WireScale::Negotiated && !s.flags.has(kSyn);
    const std::uint32_t w = scaled ? std::uint32_t{s.window} << series.peer_shift : s.window;
    if (window == w) return;
    window = w;
    series.peer_window.push_back({t, w, static_cast<std::uint32_t>(p.number)});
  }
  void measure(const StreamPacket& p, Instant t) {
    if (!nxt) return;
    const SeqNum base = una ? *una : *first;
    const std::uint32_t f = *nxt > base ? static_cast<std::uint32_t>(*nxt - base) : 0;
    if (flight == f) return;
    flight = f;
    WindowPoint point;
    point.t = t;
    point.cwnd = 0;
    point.flight = f;
    point.segment = static_cast<std::uint32_t>(p.number);
    series.points.push_back(point);
  }
  void mark(WindowMarkKind kind, const StreamPacket& p, Instant t) {
    series.marks.push_back({t, kind, static_cast<std::uint32_t>(p.number)});
  }
};

std::array<SynSeen, 2> syns_of(const Replay& r) {
  std::array<SynSeen, 2> syn;
  for (const StreamPacket& p : r.packets) {
    SynSeen& s = syn[static_cast<std::size_t>(p.from)];
    if (!p.tcp.seg.flags.has(kSyn) || s.seen) continue;
    s = {true, p.tcp.seg.flags.has(kAck), p.tcp.seg.options.window_scale};
  }
  return syn;
}

// The analysis's findings, on the lane of the side whose sending they concern.
void add_marks(std::array<SenderState, 2>& side, const StreamPacket& p, const PacketAnalysis& a, Instant t) {
  SenderState& own = side[static_cast<std::size_t>(p.from)];
  SenderState& peer = side[static_cast<std::size_t>(1 - p.from)];
  if (a.has(kFastRetransmission)) own.mark(WindowMarkKind::FastRetransmit, p, t);
  else if (a.has(kRetransmission) || a.has(kSpuriousRetransmission)) own.mark(WindowMarkKind::Retransmission, p, t);
  if (a.has(kDuplicateAck)) peer.mark(WindowMarkKind::DupAck, p, t);
  if (a.has(kZeroWindow)) peer.mark(WindowMarkKind::ZeroWindow, p, t);
  if (a.has(kWindowUpdate)) peer.mark(WindowMarkKind::WindowUpdate, p, t);
}

}  // namespace

WindowSeries capture_window_series(const Replay& r) {
  const std::array<SynSeen, 2> syn = syns_of(r);
  std::array<SenderState, 2> side;
  for (int s = 0; s < 2; ++s) {
    SenderSeries& series = side[static_cast<std::size_t>(s)].series;
    series.conn = ConnRef{static_cast<std::size_t>(s), 0};
    series.from_wire = true;
    std::tie(series.wire_scale, series.peer_shift) = peer_scale(syn, 1 - s);
  }
  const std::vector<Instant> when = view_times(r);
  for (std::size_t i = 0; i < r.packets.size(); ++i) {
    const StreamPacket& p = r.packets[i];
    SenderState& own = side[static_cast<std::size_t>(p.from)];
    SenderState& peer = side[static_cast<std::size_t>(1 - p.from)];
    own.sent(p);
    peer.acked(p);
    peer.advertised(p, when[i]);
    own.measure(p, when[i]);
    peer.measure(p, when[i]);
    add_marks(side, p, r.analysis[i], when[i]);
  }
  std::vector<SenderSeries> senders;
  for (SenderState& s : side)
    if (!s.series.points.empty()) senders.push_back(std::move(s.series));
  return WindowSeries::of_senders(std::move(senders));
}

}  // namespace tcplab
