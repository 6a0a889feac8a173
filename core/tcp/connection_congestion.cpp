// The connection's side of congestion control: it tells the controller
// about ACKs, duplicate ACKs and timeouts, acts on its decisions (fast
// retransmit, partial-ACK retransmissions, resending what a timeout
// declared lost) and puts every decision out as a CongestionChanged event.
// The sending gate itself (min(cwnd, rwnd)) is in send_new_data.
#include <algorithm>

#include "core/tcp/connection.h"

namespace tcplab {

void Connection::start_congestion_control() {
  // RFC 6675 needs SACK both ways; Tahoe has no fast recovery to run it in.
  cc_.use_sack(sack_ok_ && cc_.settings().algorithm != CongestionAlgorithm::Tahoe);
  cc_.use_rack(rack_on());
  const Rule why = cc_.start(effective_send_mss(), syn_retransmits_);
  scoreboard_.clear();
  rack_.clear();
  tlp_ = {};
  high_rxt_ = snd_una_;
  retx_next_ = retx_end_ = snd_una_;
  last_data_sent_.reset();
  emit_congestion(why);
}

void Connection::emit_congestion(Rule why) {
  emit(CongestionChanged{cc_.phase(), cc_.cwnd(), cc_.ssthresh(), pipe(), cc_.dup_acks(), why});
}

void Connection::apply_congestion(const CongestionDecision& d) {
  if (!d.rule) return;
  emit_congestion(*d.rule);
  if (!d.retransmit_head) return;
  if (sack_recovery()) high_rxt_ = snd_una_;
  const SeqNum end = retransmit_from(snd_una_, *d.rule);
  ++total_retransmits_;
  if (sack_recovery()) {
    cc_.note_recovery_sent(static_cast<std::uint32_t>(end - snd_una_));
    high_rxt_ = max(high_rxt_, end);
  }
  if (d.declare_lost) {
    retx_next_ = end;
    retx_end_ = snd_nxt_;
  }
}

// RFC 5681 §2: an ACK is a duplicate when data is outstanding, it carries no
// data, neither SYN nor FIN, acknowledges SND.UNA exactly and advertises the
// same window as the last one. The answers to a zero-window probe are not:
// the probe octet is outside the window, not in flight (RFC 1122 §4.2.2.17).
bool Connection::is_duplicate_ack(const Segment& seg) const {
  return cc_.cwnd() > 0 && snd_una_ != snd_nxt_ && !probe_end_ && snd_wnd_ > 0 && seg.payload.empty() &&
         !seg.flags.has(kSyn) &&
         !seg.flags.has(kFin) && seg.ack == snd_una_ &&
         (static_cast<std::uint32_t>(seg.window) << snd_wscale_) == snd_wnd_;
}

void Connection::congestion_on_ack(const Segment& seg, SeqNum old_una, bool duplicate) {
  if (cc_.cwnd() == 0) return;  // not synchronized yet: no window to manage
  // Octets of data acknowledged: the SYN's sequence number is not data.
  std::uint32_t acked = old_una < snd_una_ ? static_cast<std::uint32_t>(snd_una_ - old_una) : 0;
  if (old_una == iss_ && acked > 0) --acked;
  // Nor is the FIN's: an ACK of our FIN alone acknowledges no data to grow cwnd by (RFC 5681 §3.1).
  if (fin_sent() && snd_una_ == snd_nxt_ && acked > 0) --acked;
  const std::uint32_t sacked_before = scoreboard_.sacked_octets();
  if (cc_.sack()) scoreboard_.update(snd_una_, seg.options.sack_blocks, snd_nxt_);
  const bool was_recovery = sack_recovery();
  if (duplicate) {
    apply_congestion(cc_.on_duplicate_ack(seg.ack, snd_nxt_, snd_nxt_ - snd_una_));
  } else if (acked > 0 || old_una < snd_una_) {
    if (retx_end_ <= snd_una_) retx_next_ = retx_end_ = snd_una_;
    apply_congestion(cc_.on_new_ack(snd_una_, acked, now_, rto_.srtt()));
  }
  if (!cc_.sack()) return;
  if (was_recovery && !sack_recovery() && rack_on()) rack_.on_recovery_exit();
  // RFC 6937: DeliveredData = the change in SND.UNA plus the change in SACKed octets.
  const std::int64_t sacked_new = static_cast<std::int64_t>(scoreboard_.sacked_octets()) - sacked_before;
  const std::int64_t delivered = static_cast<std::int64_t>(acked) + sacked_new;
  if (rack_tracking()) rack_on_ack(seg, reported_dsack(seg).has_value());
  sack_on_ack(static_cast<std::uint32_t>(std::max<std::int64_t>(delivered, 0)));
  tlp_on_ack(seg, old_una, sacked_new > 0);
  // Linux's tcp_set_xmit_timer: an ACK of new data re-arms the PTO (or
  // takes it off once SACKs or recovery leave the open state).
  if (old_una < snd_una_ || !scoreboard_.empty()) schedule_loss_probe();
}

bool Connection::sack_recovery() const { return cc_.sack() && cc_.phase() == CongestionPhase::FastRecovery; }

// RFC 6675 §5 on every ACK once the scoreboard is updated: a hole SACK marks
// lost starts recovery before the third duplicate ACK; in recovery PRR
// (RFC 6937) sets cwnd from what was delivered.
void Connection::sack_on_ack(std::uint32_t delivered) {
  start_sack_recovery();
  if (!sack_recovery()) {
    high_rxt_ = snd_una_;
    return;
  }
  if (auto why = cc_.on_recovery_delivery(delivered, sack_pipe())) emit_congestion(*why);
}

// RFC 6675 §5: IsLost(SND.UNA), or any segment RACK marked lost, starts
// recovery without waiting for DupThresh duplicate ACKs.
void Connection::start_sack_recovery() {
  if (cc_.phase() == CongestionPhase::FastRecovery || snd_una_ == snd_nxt_) return;
  if (!(rack_on() ? rack_.any_lost() : is_lost(snd_una_))) return;
  apply_congestion(cc_.on_sack_loss(snd_nxt_, snd_nxt_ - snd_una_));
  if (!sack_recovery()) return;
  // Linux's tcp_init_cwnd_reduction ends a probe episode; recovery's
  // retransmissions now stand in for the probe.
  tlp_ = {};
  stop_timer(TimerKind::LossProbe);
}

// RFC 6675 §4 NextSeg rule (1), then §5 step (C): while cwnd - pipe leaves
// a segment's room, resend the first hole above HighRxt that IsLost().
void Connection::resend_sack_holes() {
  if (!sack_recovery()) return;
  for (;;) {
    const SeqNum from = max(high_rxt_, snd_una_);
    const auto hole = scoreboard_.next_hole(from, snd_nxt_);
    if (!hole || !is_lost(hole->start) || !resend_in_recovery(hole->start, hole->end, Rule::CcSackRetransmit))
      return;
  }
}

// One segment of [from, end) again in SACK recovery when cwnd - pipe has
// room for it; false when it did not go.
bool Connection::resend_in_recovery(SeqNum from, SeqNum end, Rule why) {
  const auto len = std::min<std::uint32_t>(effective_send_mss(), static_cast<std::uint32_t>(end - from));
  if (cwnd_room() < len) return false;
  const SeqNum sent_end = retransmit_from(from, why, len);
  if (sent_end == from) return false;
  ++total_retransmits_;
  cc_.note_recovery_sent(static_cast<std::uint32_t>(sent_end - from));
  high_rxt_ = max(high_rxt_, sent_end);
  return true;
}

// RFC 6675 §4 NextSeg: in SACK recovery a lost segment (rule 1) goes
// before new data (rule 2), so one that waits for room in cwnd holds new
// data back too, even a tail small enough to fit (property-run seed 377).
bool Connection::recovery_resend_waiting() const {
  if (!sack_recovery()) return false;
  if (rack_on()) return rack_.any_lost();
  const auto hole = scoreboard_.next_hole(max(high_rxt_, snd_una_), snd_nxt_);
  return hole && is_lost(hole->start);
}

// The SMSS-sized pieces of holes that IsLost() marks (tcpi_lost).
std::uint32_t Connection::lost_segments() const {
  if (rack_on()) return rack_.lost_count();
  const std::uint32_t mss = effective_send_mss();
  std::uint32_t n = 0;
  SeqNum s = snd_una_;
  while (auto hole = scoreboard_.next_hole(s, snd_nxt_)) {
    for (SeqNum c = hole->start; c < hole->end; c = hole->end - c > static_cast<std::int32_t>(mss) ? c + mss : hole->end)
      if (is_lost(c)) ++n;
    s = hole->end;
  }
  return n;
}

// RFC 6675 §4 SetPipe(): every octet in flight not SACKed counts once unless
// IsLost() says it left the network, and once more if it was resent in this
// recovery (below HighRxt). Counted per SMSS-sized piece of each hole.
std::uint32_t Connection::sack_pipe() const {
  if (rack_on()) return rack_.pipe();
  const std::uint32_t mss = effective_send_mss();
  std::uint32_t pipe = 0;
  SeqNum s = snd_una_;
  while (auto hole = scoreboard_.next_hole(s, snd_nxt_)) {
    for (SeqNum c = hole->start; c < hole->end;) {
      const SeqNum e = hole->end - c > static_cast<std::int32_t>(mss) ? c + mss : hole->end;
      if (!is_lost(c)) pipe += static_cast<std::uint32_t>(e - c);
      if (c < high_rxt_) pipe += static_cast<std::uint32_t>((high_rxt_ < e ? high_rxt_ : e) - c);
      c = e;
    }
    s = hole->end;
  }
  return pipe;
}

// The retransmission timer fired for data and the oldest segment went out
// again, ending at `resent_end`: RFC 5681 §3.1's response, and everything
// else that was in flight is to be resent as the window opens again.
void Connection::congestion_on_timeout(SeqNum resent_end) {
  if (cc_.cwnd() == 0 || snd_una_ == iss_) return;
  const std::uint32_t in_flight = pipe();
  // RFC 2018 §8: after a timeout the SACKed bits are ignored (the receiver
  // may have reneged); the go-back-N resend below starts afresh.
  scoreboard_.clear();
  rack_on_timeout();
  high_rxt_ = snd_una_;
  const Rule why = cc_.on_timeout(snd_nxt_, in_flight, retries_ == 1);
  retx_next_ = resent_end;
  retx_end_ = snd_nxt_;
  emit_congestion(why);
}

// RFC 5681 §4.1: before sending after an idle period longer than the RTO.
void Connection::restart_after_idle() {
  if (cc_.cwnd() == 0 || !cc_.settings().restart_after_idle || snd_una_ != snd_nxt_ || !last_data_sent_)
    return;
  if (now_ - *last_data_sent_ <= rto_.rto()) return;
  last_data_sent_ = now_;
  if (auto why = cc_.on_idle()) emit_congestion(*why);
}

// After a timeout: resend the octets still held lost, oldest first, while
// cwnd has room for them (RFC 5681 §3.1 slow start, RFC 6582 §4). Limited
// transmit's allowance is for new data only (RFC 3042 §2), and octets SACKed
// since the timeout are not resent (RFC 6675 §5.1: the sender uses the SACK
// information that arrives after an RTO; property-run seed 379).
void Connection::resend_lost() {
  if (retx_end_ <= snd_una_) return;
  retx_next_ = max(retx_next_, snd_una_);
  const std::uint32_t mss = effective_send_mss();
  for (;;) {
    for (const SeqRange& r : scoreboard_.ranges())
      if (!(retx_next_ < r.start) && retx_next_ < r.end) retx_next_ = r.end;
    if (!(retx_next_ < retx_end_)) break;
    std::uint32_t len = std::min<std::uint32_t>(mss, static_cast<std::uint32_t>(retx_end_ - retx_next_));
    for (const SeqRange& r : scoreboard_.ranges())
      if (retx_next_ < r.start && r.start < retx_next_ + len) len = static_cast<std::uint32_t>(r.start - retx_next_);
    if (cwnd_room() < len + cc_.allowance()) break;
    const SeqNum end = retransmit_from(retx_next_, Rule::CcLossRetransmit, len);
    if (end == retx_next_) break;
    ++total_retransmits_;
    retx_next_ = end;
  }
}

std::uint32_t Connection::lost_octets() const {
  const SeqNum from = max(retx_next_, snd_una_);
  return retx_end_ > from ? static_cast<std::uint32_t>(retx_end_ - from) : 0;
}

// What the sender counts as in the network: FlightSize less what it holds lost.
std::uint32_t Connection::pipe() const {
  if (sack_recovery()) return sack_pipe();
  const std::int32_t outstanding = snd_nxt_ - snd_una_;
  const std::uint32_t flight = outstanding > 0 ? static_cast<std::uint32_t>(outstanding) : 0;
  const std::uint32_t lost = lost_octets();
  return flight > lost ? flight - lost : 0;
}

// Room left under cwnd, with limited transmit's allowance (RFC 3042);
// unlimited before the connection is synchronized (only SYNs go then).
std::uint32_t Connection::cwnd_room() const {
  if (cc_.cwnd() == 0) return 0xFFFFFFFFu;
  const std::uint64_t limit = static_cast<std::uint64_t>(cc_.cwnd()) + cc_.allowance();
  const std::uint32_t used = pipe();
  return limit > used ? static_cast<std::uint32_t>(std::min<std::uint64_t>(limit - used, 0xFFFFFFFFu)) : 0;
}

}  // namespace tcplab
