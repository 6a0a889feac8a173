#include "core/tcp/rack.h"

#include <algorithm>

namespace tcplab {

namespace {
// RFC 8985 §6.2: "Segment A was sent after segment B" (ties broken by the
// sequence number, as a burst leaves with one timestamp).
bool sent_after(Instant t1, SeqNum seq1, Instant t2, SeqNum seq2) { return t1 > t2 || (t1 == t2 && seq1 > seq2); }

bool fully_sacked(const SackScoreboard& sb, const SentSegment& s) {
  return std::any_of(sb.ranges().begin(), sb.ranges().end(),
                     [&](const SeqRange& r) { return !(s.start < r.start) && !(r.end < s.end); });
}
}  // namespace

Duration probe_timeout(std::optional<Duration> srtt, bool one_segment, Duration rto_remaining, Duration extra) {
  Duration pto = srtt ? 2 * *srtt : Duration(std::chrono::seconds(1));
  if (srtt) pto += one_segment ? kTlpMaxAckDelay : extra;
  return std::min(pto, rto_remaining);
}

// Cut the segment holding `s` in two at `s`, so a resend of part of it has
// a send time of its own.
void Rack::split_at(SeqNum s) {
  auto it = std::find_if(segments_.begin(), segments_.end(),
                         [&](const SentSegment& x) { return x.start < s && s < x.end; });
  if (it == segments_.end()) return;
  SentSegment tail = *it;
  tail.start = s;
  it->end = s;
  segments_.insert(it + 1, tail);
}

void Rack::on_sent(SeqNum start, SeqNum end, Instant now, bool retransmission) {
  if (!retransmission) {
    // Sending from below what was recorded (a rewound SND.NXT) replaces it.
    while (!segments_.empty() && !(segments_.back().start < start)) segments_.pop_back();
    segments_.push_back(SentSegment{start, end, now});
    return;
  }
  split_at(start);
  split_at(end);
  for (SentSegment& s : segments_) {
    if (s.start < start || end < s.end) continue;
    s.xmit_ts = now;
    s.retransmitted = true;
    s.lost = false;
  }
}

// RFC 8985 §6.2 step 2 (RACK_update) for one delivered segment, and step 3
// (RACK_detect_reordering).
void Rack::advance(const SentSegment& s, Instant now, std::optional<std::uint32_t> ts_echo_ms) {
  if (s.end > fack_) {
    fack_ = s.end;
  } else if (s.end < fack_ && !s.retransmitted) {
    reord_ = true;
  }
  const Duration rtt = now - s.xmit_ts;
  if (s.retransmitted) {
    // The ACK may be for the first transmission: no sample unless the
    // timestamp echoes this one, or the RTT is too short to be the first's.
    const auto sent_ms = static_cast<std::uint32_t>(micros(s.xmit_ts) / 1000);
    if (ts_echo_ms && static_cast<std::int32_t>(*ts_echo_ms - sent_ms) < 0) return;
    if (min_rtt_ && rtt < *min_rtt_) return;
  }
  rtt_ = rtt;
  if (!xmit_ts_ || sent_after(s.xmit_ts, s.end, *xmit_ts_, end_seq_)) {
    xmit_ts_ = s.xmit_ts;
    end_seq_ = s.end;
  }
}

void Rack::note_rtt_sample(Duration rtt) {
  if (!min_rtt_ || rtt < *min_rtt_) min_rtt_ = rtt;
}

Rack::AckResult Rack::on_ack(SeqNum una, const SackScoreboard& sb, bool dsack, SeqNum snd_nxt, Instant now,
                             std::optional<std::uint32_t> ts_echo_ms) {
  AckResult out;
  const bool reord_before = reord_;
  // A block that covers part of a segment delivers that part (Linux
  // fragments the skb at the block's edges): a FIN whose data was SACKed
  // without it is what remains lost, and only it goes again (RFC 6675 §4
  // NextSeg resends no SACKed octet).
  for (const SeqRange& r : sb.ranges()) {
    split_at(r.start);
    split_at(r.end);
  }
  for (SentSegment& s : segments_) {
    const bool delivered = !(una < s.end) || (!s.sacked && fully_sacked(sb, s));
    if (!delivered || s.sacked) continue;
    s.sacked = true;
    s.lost = false;
    advance(s, now, ts_echo_ms);
  }
  while (!segments_.empty() && !(una < segments_.front().end)) segments_.pop_front();
  if (!segments_.empty() && segments_.front().start < una) segments_.front().start = una;
  out.reordering_seen = reord_ && !reord_before;
  // RFC 8985 §6.2 step 4: one widening per round trip of D-SACKs.
  if (dsack_round_ && !(una < *dsack_round_)) dsack_round_.reset();
  if (dsack && !dsack_round_) {
    dsack_round_ = snd_nxt;
    ++reo_wnd_mult_;
    reo_wnd_persist_ = kReoWndPersist;
    out.reo_wnd_grew = true;
  }
  return out;
}

void Rack::on_recovery_exit() {
  if (reo_wnd_persist_ > 0 && --reo_wnd_persist_ == 0) reo_wnd_mult_ = 1;
}

std::uint32_t Rack::sacked_segments() const {
  return static_cast<std::uint32_t>(std::count_if(segments_.begin(), segments_.end(),
                                                  [](const SentSegment& s) { return s.sacked; }));
}

// Before any reordering was seen, RACK is as quick as DupThresh: no window
// in recovery or once DupThresh segments are SACKed; otherwise min_RTT/4,
// widened by D-SACKs, never beyond SRTT.
Duration Rack::reo_wnd(bool in_recovery, std::optional<Duration> srtt) const {
  if (!reord_ && (in_recovery || sacked_segments() >= kSackDupThresh)) return Duration::zero();
  if (!min_rtt_) return Duration::zero();
  const Duration w = (*min_rtt_ / 4) * reo_wnd_mult_;
  return srtt ? std::min(w, *srtt) : w;
}

Rack::Detection Rack::detect_loss(Instant now, Duration reo_wnd) {
  Detection d;
  if (!xmit_ts_ || !rtt_) return d;
  for (SentSegment& s : segments_) {
    if (s.sacked || s.lost || !sent_after(*xmit_ts_, end_seq_, s.xmit_ts, s.end)) continue;
    const Duration remaining = s.xmit_ts + *rtt_ + reo_wnd - now;
    if (remaining <= Duration::zero()) {
      s.lost = true;
      ++d.newly_lost;
    } else {
      d.timer = d.timer ? std::max(*d.timer, remaining) : remaining;
    }
  }
  return d;
}

void Rack::on_timeout() {
  for (SentSegment& s : segments_) s.sacked = s.lost = false;
}

bool Rack::is_lost(SeqNum s) const {
  return std::any_of(segments_.begin(), segments_.end(),
                     [&](const SentSegment& x) { return x.lost && !(s < x.start) && s < x.end; });
}

bool Rack::any_lost() const {
  return std::any_of(segments_.begin(), segments_.end(), [](const SentSegment& s) { return s.lost; });
}

std::uint32_t Rack::lost_count() const {
  return static_cast<std::uint32_t>(
      std::count_if(segments_.begin(), segments_.end(), [](const SentSegment& s) { return s.lost; }));
}

std::uint32_t Rack::pipe() const {
  std::uint32_t n = 0;
  for (const SentSegment& s : segments_)
    if (!s.sacked && !s.lost) n += static_cast<std::uint32_t>(s.end - s.start);
  return n;
}

std::optional<SentSegment> Rack::first_lost() const {
  auto it = std::find_if(segments_.begin(), segments_.end(), [](const SentSegment& s) { return s.lost; });
  if (it == segments_.end()) return std::nullopt;
  return *it;
}

std::optional<SentSegment> Rack::last_sent() const {
  if (segments_.empty()) return std::nullopt;
  return segments_.back();
}

}  // namespace tcplab
