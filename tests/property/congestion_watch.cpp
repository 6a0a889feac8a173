#include "tests/property/congestion_watch.h"

#include <algorithm>
#include <string_view>
#include <utility>

namespace tcplab::property {

namespace {

// Sequence numbers compared modulo 2^32 (RFC 9293 §3.4).
bool before(std::uint32_t a, std::uint32_t b) { return static_cast<std::int32_t>(a - b) < 0; }

// Intervals of octet offsets from SND.UNA, [first, second).
using Spans = std::vector<std::pair<std::uint64_t, std::uint64_t>>;

Spans merged(Spans s) {
  std::sort(s.begin(), s.end());
  Spans out;
  for (const auto& [a, b] : s) {
    if (a >= b) continue;
    if (!out.empty() && a <= out.back().second) {
      out.back().second = std::max(out.back().second, b);
    } else {
      out.emplace_back(a, b);
    }
  }
  return out;
}

Spans minus(const Spans& from, const Spans& take) {
  Spans out;
  for (auto [a, b] : from) {
    for (const auto& [c, d] : take) {
      if (d <= a || c >= b) continue;
      if (c > a) out.emplace_back(a, c);
      a = std::max(a, d);
      if (a >= b) break;
    }
    if (a < b) out.emplace_back(a, b);
  }
  return out;
}

std::uint64_t length(const Spans& s) {
  std::uint64_t n = 0;
  for (const auto& [a, b] : s) n += b - a;
  return n;
}

bool in_recovery(CongestionPhase p) { return p == CongestionPhase::FastRecovery || p == CongestionPhase::LossRecovery; }

bool starts_with(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }

constexpr std::uint32_t kDupThresh = 3;  // RFC 5681 §3.2, RFC 6675 §2

}  // namespace

void CongestionWatch::fail(Instant now, const std::string& what) {
  if (failures_.size() < 5)
    failures_.push_back(side_ + " at " + std::to_string(micros(now) / 1000) + " ms: " + what);
}

void CongestionWatch::sent_segment(const Segment& s) {
  if (!s.flags.has(kSyn)) return;
  our_ws_ = s.options.window_scale.has_value();
  our_scale_ = s.options.window_scale.value_or(0);
  if (!synchronized_) {
    synchronized_ = true;
    iss_ = s.seq.value();
    una_ = snd_max_ = iss_;
  }
}

void CongestionWatch::arrived(const Segment& s) {
  last_arrival_syn_ = s.flags.has(kSyn) && !s.flags.has(kAck);
  if (s.flags.has(kSyn)) {
    peer_ws_ = s.options.window_scale.has_value();
    peer_scale_ = s.options.window_scale.value_or(0);
  }
  pending_ = Segment{.seq = s.seq, .ack = s.ack, .flags = s.flags, .window = s.window, .options = s.options};
  pending_->options.timestamps.reset();
  pending_->payload.resize(s.payload.size());  // only its length is read
}

// The connection says it accepted the segment that just arrived: only then
// do its ACK, window and SACK blocks count (RFC 9293 §3.10.7.4 ignores the
// ACK field of an unacceptable segment).
void CongestionWatch::accepted(const SegmentAccepted& a) {
  if (!pending_ || SegmentSummary::of(*pending_) != a.seg) return;
  const Segment s = std::move(*pending_);
  pending_.reset();
  if (!synchronized_ || !s.flags.has(kAck) || s.flags.has(kRst)) return;
  const std::uint32_t ack = s.ack.value();
  if (before(snd_max_, ack) || before(ack, una_)) return;  // acknowledges nothing sent, or old
  // RFC 7323 §2.3: a SYN's window is never scaled.
  const std::uint32_t shift = (our_ws_ && peer_ws_ && !s.flags.has(kSyn)) ? peer_scale_ : 0;
  const std::uint32_t window = static_cast<std::uint32_t>(s.window) << shift;
  if (before(una_, ack)) {
    una_ = ack;
    dup_acks_ = 0;
  } else if (una_ != snd_max_ && s.payload.empty() && !s.flags.has(kFin) && !s.flags.has(kSyn) && snd_wnd_ &&
             window == *snd_wnd_) {
    ++dup_acks_;  // RFC 5681 §2's DUPLICATE ACKNOWLEDGMENT
  }
  // RFC 9293 §3.10.7.4: the send window moves only with a segment newer than
  // the one that set it (SND.WL1, SND.WL2), so an old ACK that arrives late
  // neither changes it nor counts as a change of window.
  const std::uint32_t seq = s.seq.value();
  if (!snd_wnd_ || before(wl1_, seq) || (wl1_ == seq && !before(ack, wl2_))) {
    snd_wnd_ = window;
    wl1_ = seq;
    wl2_ = ack;
  }
  for (const SackBlock& b : s.options.sack_blocks) {
    const std::uint32_t left = before(b.left.value(), una_) ? una_ : b.left.value();
    if (before(left, b.right.value()) && !before(snd_max_, b.right.value())) sacked_.push_back({left, b.right.value()});
  }
  std::erase_if(sacked_, [&](const Range& r) { return !before(una_, r.end); });
  std::erase_if(resent_, [&](const Range& r) { return !before(una_, r.end); });
  if (declared_lost_ && !before(una_, declared_lost_->end)) declared_lost_.reset();
}

void CongestionWatch::declare_lost() {
  declared_lost_ = Range{una_, snd_max_};
  resent_.clear();
}

void CongestionWatch::event(const Event& e, Instant now, std::uint32_t smss) {
  if (const auto* a = std::get_if<SegmentAccepted>(&e)) accepted(*a);
  if (const auto* f = std::get_if<TimerFired>(&e)) {
    timer_fired_at_ = now;
    if (f->kind == TimerKind::Retransmit && una_ != snd_max_) {
      // RFC 5681 §3.1: after a timeout all that is outstanding counts as
      // lost until it is resent; the SACK scoreboard is expunged (RFC 2018
      // §8, RFC 6675 §5.1: the receiver may have reneged).
      declare_lost();
      sacked_.clear();
    }
  } else if (const auto* c = std::get_if<CongestionChanged>(&e)) {
    congestion(*c, smss);
  } else if (const auto* s = std::get_if<SegmentSent>(&e)) {
    sent(*s, now, smss);
  }
}

void CongestionWatch::congestion(const CongestionChanged& c, std::uint32_t smss) {
  ++counts_.congestion_events;
  // RFC 5681 (4): ssthresh = max(FlightSize / 2, 2*SMSS). The caller's SMSS
  // is the negotiated MSS; the effective one is smaller by the options
  // every segment carries (timestamps: 12 octets), hence the 24.
  if (c.ssthresh != kInfiniteSsthresh && c.ssthresh + 24 < 2 * smss)
    failures_.push_back(side_ + ": ssthresh " + std::to_string(c.ssthresh) + " below 2*SMSS (rule " +
                        std::string(rule_id(c.why)) + ")");
  if (c.phase == CongestionPhase::FastRecovery && (!have_cc_ || !in_recovery(cc_.phase))) resent_.clear();
  cc_ = c;
  have_cc_ = true;
}

void CongestionWatch::sent(const SegmentSent& s, Instant now, std::uint32_t smss) {
  const std::uint32_t seq = s.seg.seq.value();
  const bool syn = s.seg.flags.has(kSyn), fin = s.seg.flags.has(kFin);
  const std::uint32_t data = s.seg.len - (syn ? 1 : 0) - (fin ? 1 : 0);
  if (s.retransmission) explain_retransmission(s, now, smss);
  // Tahoe's fast retransmit is followed by slow start from SND.UNA (RFC
  // 5681 §3.2's Tahoe note): what was outstanding is resent as after a timeout.
  if (s.why == Rule::CcFastRetransmitTahoe) declare_lost();
  if (s.retransmission && data > 0) resent_.push_back({seq, seq + data});
  const std::uint32_t end = seq + s.seg.len;
  if (synchronized_ && before(snd_max_, end)) {
    // New octets: none beyond SND.UNA + SND.WND (RFC 9293 §3.8.6.2.1, the
    // window as §3.10.7.4 updates it), but a zero-window probe may carry
    // one (RFC 9293 §3.8.6.1).
    if (!s.retransmission && !syn && data > 0 && snd_wnd_ && s.why != Rule::PersistProbe &&
        before(una_ + *snd_wnd_, seq + data))
      fail(now, "new octets up to " + std::to_string(seq + data - iss_) + " beyond SND.UNA + SND.WND " +
                    std::to_string(una_ + *snd_wnd_ - iss_) + " (rule " + std::string(rule_id(s.why)) + ")");
    snd_max_ = end;
    if (fin) fin_seq_ = end - 1;
  }
  const bool window_governed = data > 0 && !syn && s.why != Rule::PersistProbe &&
                               (!s.retransmission || s.why == Rule::CcLossRetransmit);
  if (window_governed && have_cc_) check_flight(s, now, smss);
}

bool CongestionWatch::sacked(std::uint32_t seq) const {
  return std::any_of(sacked_.begin(), sacked_.end(),
                     [&](const Range& r) { return !before(seq, r.begin) && before(seq, r.end); });
}

// RFC 6675 §4 IsLost: DupThresh discontiguous SACKed sequences above it, or
// more than (DupThresh - 1) * SMSS octets SACKed above it.
bool CongestionWatch::is_lost(std::uint32_t seq, std::uint32_t smss) const {
  Spans above;
  for (const Range& r : sacked_)
    if (before(seq, r.end)) above.emplace_back(std::max<std::uint64_t>(r.begin - una_, seq - una_ + 1), r.end - una_);
  above = merged(std::move(above));
  return above.size() >= kDupThresh || length(above) > (kDupThresh - 1) * static_cast<std::uint64_t>(smss);
}

// RFC 6675 §4's pipe over what reached the sender: each octet in
// [SND.UNA, SND.MAX) not SACKed counts once unless it is lost (IsLost, or
// declared lost by a timeout) and not resent since; a resent one counts.
// Without SACK this is RFC 5681's FlightSize. The FIN's octet needs no window.
std::uint64_t CongestionWatch::pipe(std::uint32_t smss) const {
  const std::uint64_t total = snd_max_ - una_;
  Spans sacked, resent;
  for (const Range& r : sacked_) sacked.emplace_back(r.begin - una_, r.end - una_);
  for (const Range& r : resent_)
    if (before(una_, r.end)) resent.emplace_back(before(r.begin, una_) ? 0 : r.begin - una_, r.end - una_);
  const Spans holes = minus({{0, total}}, merged(std::move(sacked)));
  Spans lost;
  for (const auto& [a, b] : holes) {
    if (is_lost(una_ + static_cast<std::uint32_t>(a), smss)) {
      lost.emplace_back(a, b);
    } else if (declared_lost_) {
      const std::uint64_t d0 = before(declared_lost_->begin, una_) ? 0 : declared_lost_->begin - una_;
      const std::uint64_t d1 = declared_lost_->end - una_;
      if (std::max(a, d0) < std::min(b, d1)) lost.emplace_back(std::max(a, d0), std::min(b, d1));
    }
  }
  std::uint64_t p = length(holes) - length(minus(lost, merged(std::move(resent))));
  if (fin_seq_ && !before(*fin_seq_, una_) && before(*fin_seq_, snd_max_) && p > 0) --p;
  return p;
}

void CongestionWatch::check_flight(const SegmentSent& s, Instant now, std::uint32_t smss) {
  ++counts_.checked_sends;
  const std::uint64_t in_flight = pipe(smss);
  // RFC 3042: on the first two duplicate ACKs, up to two segments beyond
  // cwnd (not in fast recovery, which inflates cwnd instead; after a
  // timeout it applies as anywhere else). No more than two, however many
  // duplicates follow.
  const bool limited = limited_transmit_ && dup_acks_ >= 1 && cc_.phase != CongestionPhase::FastRecovery;
  // RFC 8985 §7.3: a tail loss probe's new segment goes whatever cwnd says
  // ("FlightSize could be one packet greater than the congestion window
  // temporarily until the next ACK arrives"); Linux sends it the same way.
  const bool probe = s.why == Rule::TlpProbeNew;
  const std::uint64_t allowed = static_cast<std::uint64_t>(cc_.cwnd) + (limited ? 2ull * smss : 0) + (probe ? smss : 0);
  if (in_flight > allowed)
    fail(now, std::to_string(in_flight) + " octets in flight after " + std::string(rule_id(s.why)) + " seq " +
                  std::to_string(s.seg.seq.value() - iss_) + ", cwnd " + std::to_string(cc_.cwnd) + " (" +
                  std::string(phase_id(cc_.phase)) + ", " + std::to_string(dup_acks_) + " dup ACKs" +
                  (limited ? ", limited transmit" : "") + ")");
}

void CongestionWatch::explain_retransmission(const SegmentSent& s, Instant now, std::uint32_t smss) {
  ++counts_.retransmissions;
  const std::uint32_t seq = s.seg.seq.value();
  const bool timer_now = timer_fired_at_ && *timer_fired_at_ == now;
  const bool recovering = have_cc_ && in_recovery(cc_.phase);
  const bool sack_above = std::any_of(sacked_.begin(), sacked_.end(), [&](const Range& r) { return before(seq, r.begin); });
  const std::string_view id = rule_id(s.why);
  bool ok = false;
  switch (s.why) {
    case Rule::DuplicateSynInSynReceived:  // RFC 9293 §3.10.7.4: a duplicate SYN is answered with the SYN,ACK again
      ok = last_arrival_syn_;
      break;
    case Rule::RetransmitTimeout:  // RFC 6298 §5.4; the SYN's and FIN's too
    case Rule::PersistProbe:       // Linux probes with SND.UNA - 1
    case Rule::KeepaliveProbe:
      ok = timer_now;
      break;
    case Rule::CcLossRetransmit:  // RFC 5681 §3.1 / RFC 6582 §4: go-back-N after a timeout
      ok = declared_lost_.has_value() || (have_cc_ && cc_.phase == CongestionPhase::LossRecovery);
      break;
    case Rule::CcFastRetransmit:  // RFC 5681 §3.2: the third duplicate ACK
    case Rule::CcFastRetransmitTahoe:
      ok = dup_acks_ >= kDupThresh && seq == una_;
      break;
    case Rule::CcSackFastRetransmit:  // RFC 6675 §5: DupThresh duplicate ACKs or IsLost(SND.UNA)
      ok = (dup_acks_ >= kDupThresh || is_lost(seq, smss)) && !sacked(seq);
      break;
    case Rule::CcSackRetransmit:  // RFC 6675 §4 NextSeg: an unSACKed octet below a SACKed one, in recovery
      ok = recovering && !sacked(seq) && sack_above;
      break;
    case Rule::CcPartialAck:  // RFC 6582 §3.2: the first unacknowledged segment, in fast recovery
      ok = recovering && seq == una_;
      break;
    default:
      // RACK-TLP (RFC 8985): a resend of what RACK marked lost is made in
      // recovery; a tail loss probe by its timer.
      if (starts_with(id, "rack.")) ok = recovering && !sacked(seq);
      else if (starts_with(id, "tlp.")) ok = timer_now;
      break;
  }
  if (!ok)
    fail(now, "retransmission of seq " + std::to_string(seq - iss_) + " by rule " + std::string(id) +
                  " not explained by the wire or the events (" + std::to_string(dup_acks_) + " dup ACKs, una " +
                  std::to_string(una_ - iss_) + ", " + (have_cc_ ? std::string(phase_id(cc_.phase)) : "no cwnd yet") +
                  (timer_now ? ", a timer fired now" : "") + (sacked(seq) ? ", already SACKed" : "") + ")");
}

}  // namespace tcplab::property
