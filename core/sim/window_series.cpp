#include "core/sim/window_series.h"

#include <algorithm>

#include "core/wire/wire.h"

namespace tcplab {

namespace {

std::size_t conn_key(ConnRef c) { return c.host * 65536 + c.index; }

std::optional<WindowMarkKind> mark_of(Rule why) {
  switch (why) {
    case Rule::CcDuplicateAck: case Rule::CcFastRecoveryInflate: return WindowMarkKind::DupAck;
    case Rule::CcFastRetransmit: case Rule::CcFastRetransmitTahoe: return WindowMarkKind::FastRetransmit;
    case Rule::CcTimeout: return WindowMarkKind::Timeout;
    default: return std::nullopt;
  }
}

// The window scale a SYN offered (RFC 7323 §2.2), read from its bytes.
std::optional<std::uint8_t> offered_scale(const SegmentSentRecord& s) {
  if (!s.seg.flags.has(kSyn)) return std::nullopt;
  const auto seg = decode(s.bytes);
  return seg ? seg.value().options.window_scale : std::nullopt;
}

template <class T>
std::size_t last_at_or_before(const std::vector<T>& v, Instant t) {
  auto it = std::upper_bound(v.begin(), v.end(), t, [](Instant x, const T& e) { return x < e.t; });
  return static_cast<std::size_t>(it - v.begin());  // 0: none; else index + 1
}

}  // namespace

std::string_view mark_id(WindowMarkKind k) {
  switch (k) {
    case WindowMarkKind::DupAck: return "dup-ack";
    case WindowMarkKind::FastRetransmit: return "fast-retransmit";
    case WindowMarkKind::Timeout: return "timeout";
    case WindowMarkKind::WindowUpdate: return "window-update";
    case WindowMarkKind::Retransmission: return "retransmission";
    case WindowMarkKind::ZeroWindow: return "zero-window";
  }
  return "?";
}

const WindowPoint* SenderSeries::at(Instant t) const {
  const std::size_t n = last_at_or_before(points, t);
  return n ? &points[n - 1] : nullptr;
}

const PeerWindow* SenderSeries::peer_window_at(Instant t) const {
  const std::size_t n = last_at_or_before(peer_window, t);
  return n ? &peer_window[n - 1] : nullptr;
}

std::pair<std::size_t, std::size_t> SenderSeries::visible(Instant from, Instant to) const {
  const std::size_t lo = last_at_or_before(points, from);
  return {lo ? lo - 1 : 0, last_at_or_before(points, to)};
}

void WindowSeries::reset() { *this = WindowSeries{}; }

void WindowSeries::update(const Trace& trace, std::uint64_t generation) {
  if (generation != generation_ || trace.size() < cursor_) {
    reset();
    generation_ = generation;
  }
  for (; cursor_ < trace.size(); ++cursor_) add(trace[cursor_]);
}

WindowSeries WindowSeries::of(const Trace& trace) {
  WindowSeries w;
  w.update(trace, 0);
  return w;
}

WindowSeries WindowSeries::of_senders(std::vector<SenderSeries> senders) {
  WindowSeries w;
  for (std::size_t i = 0; i < senders.size(); ++i) w.by_conn_[conn_key(senders[i].conn)] = i;
  w.senders_ = std::move(senders);
  return w;
}

const SenderSeries* WindowSeries::find(ConnRef c) const {
  auto it = by_conn_.find(conn_key(c));
  return it == by_conn_.end() ? nullptr : &senders_[it->second];
}

const SenderSeries* WindowSeries::for_host(std::size_t host) const {
  const SenderSeries* best = nullptr;
  std::uint64_t most = 0;
  for (const SenderSeries& s : senders_) {
    if (s.conn.host != host) continue;
    const auto it = data_sent_.find(conn_key(s.conn));
    const std::uint64_t sent = it == data_sent_.end() ? 0 : it->second;
    if (!best || sent >= most) {
      best = &s;
      most = sent;
    }
  }
  return best;
}

SenderSeries& WindowSeries::series(ConnRef c) {
  auto [it, fresh] = by_conn_.try_emplace(conn_key(c), senders_.size());
  if (fresh) {
    senders_.push_back(SenderSeries{c, {}, {}, {}});
    // The window the host already learnt (from the handshake) is in force from the start.
    if (auto pw = peer_window_.find(c.host); pw != peer_window_.end()) senders_.back().peer_window.push_back(pw->second);
  }
  return senders_[it->second];
}

void WindowSeries::add(const TraceRecord& r) {
  if (const auto* s = std::get_if<SegmentSentRecord>(&r.data)) {
    on_sent(r, *s);
  } else if (const auto* f = std::get_if<SegmentFateRecord>(&r.data)) {
    if (f->fate == Fate::Delivered) on_delivered(r, f->id);
  } else if (const auto* c = std::get_if<ConnEventRecord>(&r.data)) {
    if (const auto* cc = std::get_if<CongestionChanged>(&c->event)) on_congestion(r, c->conn, *cc);
  }
}

void WindowSeries::on_sent(const TraceRecord& r, const SegmentSentRecord& s) {
  Sent e{s.from, s.to, s.window, s.seg.flags.has(kSyn), offered_scale(s), static_cast<std::uint32_t>(s.payload)};
  if (e.syn) syn_scale_[s.from] = e.wscale;
  sent_[s.id] = e;
  if (!s.conn) return;
  const std::size_t key = conn_key(*s.conn);
  data_sent_[key] += s.payload;
  if (!s.retransmission) return;
  last_retransmission_[key] = {r.t, s.id};
  // A timeout recorded before its retransmission: this is the segment it sent.
  for (auto it = pending_timeouts_.begin(); it != pending_timeouts_.end(); ++it)
    if (it->first == key) {
      senders_[by_conn_.at(key)].points[it->second].segment = s.id;
      for (WindowMark& m : senders_[by_conn_.at(key)].marks)
        if (m.kind == WindowMarkKind::Timeout && !m.segment) m.segment = s.id;
      pending_timeouts_.erase(it);
      break;
    }
}

// A segment reached a host: what its peer advertises now (RFC 9293 §3.10.7.4
// takes SND.WND from it; RFC 7323 §2.3: scaled unless it is a SYN, and only
// when both SYNs offered a scale).
void WindowSeries::on_delivered(const TraceRecord& r, std::uint32_t id) {
  auto it = sent_.find(id);
  if (it == sent_.end()) return;
  const Sent s = it->second;
  sent_.erase(it);
  last_arrival_[s.to] = {r.t, id};
  const auto mine = syn_scale_.find(s.to), theirs = syn_scale_.find(s.from);
  const bool scaled = !s.syn && mine != syn_scale_.end() && theirs != syn_scale_.end() && mine->second && theirs->second;
  const PeerWindow pw{r.t, static_cast<std::uint32_t>(s.window) << (scaled ? std::min<int>(*theirs->second, 14) : 0), id};
  peer_window_[s.to] = pw;
  for (SenderSeries& series : senders_) {
    if (series.conn.host != s.to) continue;
    if (!series.peer_window.empty() && series.peer_window.back().window == pw.window) continue;
    if (!series.peer_window.empty()) series.marks.push_back({r.t, WindowMarkKind::WindowUpdate, id});
    series.peer_window.push_back(pw);
  }
}

void WindowSeries::on_congestion(const TraceRecord& r, ConnRef conn, const CongestionChanged& e) {
  SenderSeries& s = series(conn);
  WindowPoint p{r.t, e.phase, e.cwnd, e.ssthresh, e.flight_size, e.dup_acks, e.why, std::nullopt};
  const std::size_t key = conn_key(conn);
  if (e.why == Rule::CcTimeout) {
    // The timeout's own segment is its retransmission, recorded just before or just after.
    auto rt = last_retransmission_.find(key);
    if (rt != last_retransmission_.end() && rt->second.first == r.t) p.segment = rt->second.second;
    else pending_timeouts_.push_back({key, s.points.size()});
  } else if (e.why != Rule::CcInitialWindow && e.why != Rule::CcInitialWindowAfterSynLoss && e.why != Rule::CcIdleRestart) {
    // Every other decision answers the ACK that just arrived.
    auto la = last_arrival_.find(conn.host);
    if (la != last_arrival_.end() && la->second.first == r.t) p.segment = la->second.second;
  }
  s.points.push_back(p);
  if (const auto kind = mark_of(e.why)) s.marks.push_back({r.t, *kind, p.segment});
}

}  // namespace tcplab
