// The connection's side of RACK-TLP (RFC 8985; core/tcp/rack.h): it feeds
// RACK every segment sent and every ACK, acts on the losses RACK marks
// (SACK recovery, resending them), runs the reorder timer and the tail
// loss probe, and puts each decision out as an event naming its rule.
// Linux runs it when SACK was negotiated; the profile says whether
// (Profile::rack, Profile::tail_loss_probe).
#include <algorithm>

#include "core/tcp/connection.h"

namespace tcplab {

bool Connection::rack_on() const { return profile_.rack && cc_.sack(); }
bool Connection::tlp_on() const { return profile_.tail_loss_probe && cc_.sack(); }
// Send times are kept when either half runs: the probe needs the last segment.
bool Connection::rack_tracking() const { return rack_on() || tlp_on(); }

// RFC 6675's IsLost(), or RACK's marks when RACK runs.
bool Connection::is_lost(SeqNum s) const {
  return rack_on() ? rack_.is_lost(s) : scoreboard_.is_lost(s, effective_send_mss());
}

void Connection::take_rtt_sample(Duration rtt) {
  rto_.on_sample(rtt);
  rack_.note_rtt_sample(rtt);
}

// RFC 8985 §6.2 steps 1-5 on an ACK whose SACK blocks are in the scoreboard.
void Connection::rack_on_ack(const Segment& seg, bool dsack) {
  std::optional<std::uint32_t> echo;
  if (ts_ok_ && seg.options.timestamps) echo = seg.options.timestamps->echo;
  // Linux widens the window only for D-SACKs once reordering was seen, and
  // not for one that answers a tail loss probe (tcp_check_dsack).
  const bool widen = dsack && rack_.reordering_seen() && !tlp_dsack(seg);
  const Rack::AckResult r = rack_.on_ack(snd_una_, scoreboard_, widen, snd_nxt_, now_, echo);
  if (!rack_on()) return;
  if (r.reordering_seen) emit_congestion(Rule::RackReordering);
  if (r.reo_wnd_grew) emit_congestion(Rule::RackReoWndDsack);
  rack_detect_loss();
}

// Step 5: mark what waited long enough; wait on the reorder timer for the rest.
void Connection::rack_detect_loss() {
  const Rack::Detection d = rack_.detect_loss(now_, rack_.reo_wnd(sack_recovery(), rto_.srtt()));
  if (d.newly_lost > 0) emit_congestion(Rule::RackMarkLost);
  if (!d.timer) {
    stop_timer(TimerKind::RackReorder);
    return;
  }
  const bool waiting = timers_.running(TimerKind::RackReorder);
  arm_timer(TimerKind::RackReorder, *d.timer);
  if (!waiting) emit_congestion(Rule::RackReorderWait);
}

// RFC 8985 §6.3: the reorder timer fired; what it waited for is lost now
// and recovery starts (Linux's tcp_rack_reo_timeout).
void Connection::on_rack_reorder_timeout() {
  if (!rack_on() || snd_una_ == snd_nxt_) return;
  rack_detect_loss();
  start_sack_recovery();
}

// RFC 6675 §4 NextSeg (1) with RACK's marks: resend each lost segment,
// oldest first, while cwnd - pipe leaves room.
void Connection::resend_rack_lost() {
  while (auto lost = rack_.first_lost())
    if (!resend_in_recovery(lost->start, lost->end, Rule::RackRetransmit)) return;
}

// RFC 8985 §7.2, Linux's tcp_schedule_loss_probe: after new data went out
// or an ACK acknowledged some, while the connection is in the open state
// (no SACKed or lost data, no recovery), the PTO replaces waiting for the RTO.
void Connection::schedule_loss_probe() {
  const bool open = cc_.phase() == CongestionPhase::SlowStart || cc_.phase() == CongestionPhase::CongestionAvoidance;
  if (!tlp_on() || !open || snd_una_ == snd_nxt_ || snd_una_ == iss_ || !scoreboard_.empty() ||
      cc_.dup_acks() > 0 || !timers_.running(TimerKind::Retransmit)) {
    stop_timer(TimerKind::LossProbe);
    return;
  }
  const Duration rto_left = timers_.slot(TimerKind::Retransmit).deadline - now_;
  arm_timer(TimerKind::LossProbe,
            probe_timeout(rto_.srtt(), rack_.segments_in_flight() == 1, rto_left, profile_.tlp_extra));
}

// RFC 8985 §7.3: the PTO fired. One probe per episode: new data if the
// peer's window takes a segment of it, else the last segment again; then
// the RTO restarts from now.
void Connection::on_loss_probe_timeout() {
  if (!tlp_on() || snd_una_ == snd_nxt_ || !may_send_data()) return;
  if (!tlp_.end_seq) {
    const SeqNum before = snd_nxt_;
    send_probe_new_data();
    tlp_.is_retrans = snd_nxt_ == before;
    if (tlp_.is_retrans) {
      const auto last = rack_.last_sent();
      if (!last) return;
      const SeqNum from = max(last->start, last->end - effective_send_mss());
      if (retransmit_from(from, Rule::TlpProbeRetransmit) == from) return;
      ++total_retransmits_;
    }
    tlp_.end_seq = snd_nxt_;
  }
  arm_timer(TimerKind::Retransmit, rto_.rto(), rto_.backoffs());
}

// The probe's new data goes whatever cwnd says (Linux's tcp_write_xmit
// with push_one = 2), within the peer's window.
void Connection::send_probe_new_data() {
  const std::size_t avail = unsent_bytes();
  const std::int32_t usable = (snd_una_ + snd_wnd_) - snd_nxt_;
  const std::size_t n = std::min<std::size_t>({avail, static_cast<std::size_t>(std::max(usable, 0)),
                                               static_cast<std::size_t>(effective_send_mss())});
  if (n == 0 || fin_sent()) return;
  send_segment(n, fin_queued_ && n == avail, Rule::TlpProbeNew);
}

// The ACK's first SACK block is a D-SACK of the probe's retransmission.
bool Connection::tlp_dsack(const Segment& seg) const {
  const auto d = reported_dsack(seg);
  return d && tlp_.end_seq && tlp_.is_retrans && !(d->right < *tlp_.end_seq);
}

// RFC 8985 §7.4, as Linux's tcp_process_tlp_ack decides: once the ACK
// reaches the probe, a new-data probe simply ends the episode; a resent
// one was needless if a D-SACK (or a pure duplicate ACK) says the original
// arrived, and repaired a loss if the ACK goes past it.
void Connection::tlp_on_ack(const Segment& seg, SeqNum old_una, bool sacked_new) {
  if (!tlp_.end_seq || seg.ack < *tlp_.end_seq) return;
  const TlpState episode = tlp_;
  if (!episode.is_retrans) {
    tlp_ = {};
  } else if (tlp_dsack(seg)) {
    tlp_ = {};
    emit_congestion(Rule::TlpNoLoss);
  } else if (seg.ack > *episode.end_seq) {
    tlp_ = {};
    emit_congestion(cc_.on_tlp_loss());
  } else if (!(old_una < snd_una_) && seg.payload.empty() && !sacked_new) {
    tlp_ = {};
    emit_congestion(Rule::TlpNoLoss);
  }
}

// The retransmission timer fired: RACK's marks and a probe episode end
// with the go-back-N resend (RFC 8985 §6.3, §7.4).
void Connection::rack_on_timeout() {
  rack_.on_timeout();
  tlp_ = {};
  stop_timer(TimerKind::RackReorder);
  stop_timer(TimerKind::LossProbe);
}

}  // namespace tcplab
