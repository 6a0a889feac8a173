#include "ladder_index.h"

#include <algorithm>

namespace tcplab::ui {

void LadderIndex::reset() {
  cursor_ = 0;
  segs_.clear();
  marks_.clear();
  by_id_.clear();
  relative_ = {};
  longest_ = {};
}

void LadderIndex::update(const World& w, std::uint64_t generation) {
  if (generation != generation_ || w.trace().size() < cursor_) {
    reset();
    generation_ = generation;
  }
  const Trace& tr = w.trace();
  for (; cursor_ < tr.size(); ++cursor_) add(w, cursor_, tr[cursor_]);
  // Arrivals in the past are deliveries unless a fate said otherwise.
  // Only the tail can still be in flight; walk back over it.
  for (std::size_t i = segs_.size(); i-- > 0;) {
    LadderSeg& s = segs_[i];
    if (s.end == SegEnd::InFlight && s.arrival <= w.now()) s.end = SegEnd::Delivered;
    if (w.now() - s.sent > longest_ + std::chrono::seconds(1)) break;
  }
}

void LadderIndex::add(const World& w, std::size_t index, const TraceRecord& r) {
  if (const auto* s = std::get_if<SegmentSentRecord>(&r.data)) {
    LadderSeg e;
    e.id = s->id;
    e.from = s->from;
    e.sent = r.t;
    // A segment the link dropped at once has no arrival: draw it up to mid-link at the nominal delay.
    e.arrival = s->arrival ? *s->arrival : r.t + w.link(s->from).config().latency;
    e.seg = s->seg;
    e.window = s->window;
    e.payload = s->payload;
    e.retransmission = s->retransmission;
    e.duplicate = s->origin == SegmentOrigin::Duplicate;
    const RelativeSeq::Bases base = relative_.learn(RelativeSeq::key(s->src), RelativeSeq::key(s->dst), s->seg.flags, s->seg.seq);
    e.seq_base = base.seq;
    e.ack_base = base.ack;
    e.trace_index = index;
    longest_ = std::max(longest_, e.arrival - e.sent);
    by_id_[e.id] = segs_.size();
    segs_.push_back(e);
  } else if (const auto* f = std::get_if<SegmentFateRecord>(&r.data)) {
    auto it = by_id_.find(f->id);
    if (it == by_id_.end()) return;
    LadderSeg& e = segs_[it->second];
    switch (f->fate) {
      case Fate::Delivered: e.end = SegEnd::Delivered; break;
      case Fate::Corrupted: e.end = SegEnd::Corrupted; break;
      case Fate::Lost: case Fate::QueueFull: case Fate::TooBig:
        e.end = SegEnd::Lost;
        e.ended = e.sent + (e.arrival - e.sent) / 2;  // the cross sits mid-link
        break;
      case Fate::Dropped:
        e.end = SegEnd::Dropped;
        // Dropped in flight: where it was. Dropped as it was sent ("drop the next"): mid-link, like a loss.
        e.ended = r.t > e.sent ? r.t : e.sent + (e.arrival - e.sent) / 2;
        break;
      case Fate::Held: e.end = SegEnd::Held; e.ended = r.t; break;
      case Fate::Released: {
        // Back on the wire from now on: a second leg, sent by the same host.
        LadderSeg leg = e;
        leg.sent = r.t;
        leg.arrival = f->arrival ? *f->arrival : r.t;
        leg.end = SegEnd::InFlight;
        leg.released = true;
        longest_ = std::max(longest_, leg.arrival - leg.sent);
        by_id_[leg.id] = segs_.size();
        segs_.push_back(leg);
        break;
      }
      case Fate::Duplicated: break;  // the copy has its own record
    }
  } else if (const auto* c = std::get_if<ConnEventRecord>(&r.data)) {
    if (const auto* sc = std::get_if<StateChanged>(&c->event))
      marks_.push_back(StateMark{r.t, c->conn.host, c->conn, sc->from, sc->to});
  }
}

void LadderIndex::load(const Replay& r) {
  reset();
  generation_ = ~0ull - 1;  // update() with a world starts over
  const std::vector<Instant> when = view_times(r);  // never backwards, so the index stays sorted
  segs_.reserve(r.packets.size());
  by_id_.reserve(r.packets.size());
  for (std::size_t i = 0; i < r.packets.size(); ++i) {
    const StreamPacket& p = r.packets[i];
    LadderSeg e;
    e.id = static_cast<std::uint32_t>(p.number);
    e.from = static_cast<std::size_t>(p.from);
    e.sent = e.arrival = e.ended = when[i];
    e.end = SegEnd::Delivered;
    const Segment& seg = p.tcp.seg;
    e.seg = SegmentSummary{seg.seq, seg.ack, p.tcp.seg_len(), seg.flags};
    e.window = seg.window;
    e.payload = p.tcp.payload_length;
    e.analysis = r.analysis[i].flags;
    e.retransmission = (e.analysis & (kRetransmission | kFastRetransmission | kSpuriousRetransmission)) != 0;
    const RelativeSeq::Bases base = relative_.learn(e.from, 1 - e.from, seg.flags, seg.seq);
    e.seq_base = base.seq;
    e.ack_base = base.ack;
    e.trace_index = i;
    by_id_[e.id] = segs_.size();
    segs_.push_back(e);
  }
  for (const Inference& in : r.inferences)
    marks_.push_back(StateMark{when[in.packet], static_cast<std::size_t>(in.side), ConnRef{}, in.from, in.to, !in.certain});
}

std::pair<std::size_t, std::size_t> LadderIndex::visible(Instant from, Instant to) const {
  // Sorted by send time: everything sent after `to` is off screen; anything
  // sent more than the longest flight before `from` has landed before it.
  const Instant earliest = from - longest_;
  auto lo = std::lower_bound(segs_.begin(), segs_.end(), earliest,
                             [](const LadderSeg& s, Instant t) { return s.sent < t; });
  auto hi = std::upper_bound(segs_.begin(), segs_.end(), to, [](Instant t, const LadderSeg& s) { return t < s.sent; });
  return {static_cast<std::size_t>(lo - segs_.begin()), static_cast<std::size_t>(hi - segs_.begin())};
}

std::pair<std::size_t, std::size_t> LadderIndex::visible_marks(Instant from, Instant to) const {
  auto lo = std::lower_bound(marks_.begin(), marks_.end(), from, [](const StateMark& m, Instant t) { return m.t < t; });
  auto hi = std::upper_bound(marks_.begin(), marks_.end(), to, [](Instant t, const StateMark& m) { return t < m.t; });
  return {static_cast<std::size_t>(lo - marks_.begin()), static_cast<std::size_t>(hi - marks_.begin())};
}

const LadderSeg* LadderIndex::find(std::uint32_t id) const {
  auto it = by_id_.find(id);
  return it == by_id_.end() ? nullptr : &segs_[it->second];
}

}  // namespace tcplab::ui
