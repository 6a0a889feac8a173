// SEGMENT ARRIVES, in the order of RFC 9293 §3.10.7: CLOSED, LISTEN,
// SYN-SENT, then the other states' checks (sequence number, RST, SYN, ACK,
// URG, text, FIN), with RFC 5961's defences against blind attacks.
#include <algorithm>

#include "core/tcp/connection.h"

namespace tcplab {

// RFC 9293 §3.10.7.1: an arriving segment where no TCB exists gets an RST,
// unless it is an RST itself. Without ACK: <SEQ=0><ACK=SEG.SEQ+SEG.LEN><CTL=RST,ACK>;
// with ACK: <SEQ=SEG.ACK><CTL=RST>.
std::optional<Segment> reset_for_closed(const Segment& in) {
  if (in.flags.has(kRst)) return std::nullopt;
  Segment r{
      .src_addr = in.dst_addr,
      .dst_addr = in.src_addr,
      .src_port = in.dst_port,
      .dst_port = in.src_port,
  };
  if (in.flags.has(kAck)) {
    r.seq = in.ack;
    r.flags = kRst;
  } else {
    r.seq = SeqNum{0};
    r.ack = in.seq + in.seg_len();
    r.flags = kRst | kAck;
  }
  return r;
}

void Connection::accept(const Segment& seg) {
  emit(SegmentAccepted{SegmentSummary::of(seg)});
  // RFC 7323 §4.3: remember the TSval of a segment at or left of RCV.NXT.
  if (ts_ok_ && seg.options.timestamps && seg.seq <= rcv_nxt_) ts_recent_ = seg.options.timestamps->value;
}

void Connection::reject(const Segment& seg, Rule why) { emit(SegmentRejected{SegmentSummary::of(seg), why}); }

bool Connection::matches_tuple(const Segment& seg) const {
  return seg.destination() == local_ && seg.source() == remote_;
}

void Connection::on_segment(const Segment& seg, Instant now) {
  set_now(now);
  switch (state_) {
    case State::Closed:
      reject(seg, Rule::ResetForClosed);
      queue_rst_reply(seg, Rule::ResetForClosed);
      break;
    case State::Listen: on_segment_listen(seg); break;
    case State::SynSent: on_segment_syn_sent(seg); break;
    default: on_segment_other(seg); break;
  }
  flush();
}

// RFC 9293 §3.10.7.2.
void Connection::on_segment_listen(const Segment& seg) {
  const bool for_us = seg.destination() == local_ &&
                      (!listen_remote_ || ((listen_remote_->addr == 0 || listen_remote_->addr == seg.src_addr) &&
                                           (listen_remote_->port == 0 || listen_remote_->port == seg.src_port)));
  if (!for_us) {
    reject(seg, Rule::NotForThisConnection);
    queue_rst_reply(seg, Rule::NotForThisConnection);
    return;
  }
  // First: an RST can only be for an old connection; ignore it.
  if (seg.flags.has(kRst)) {
    reject(seg, Rule::RstInListen);
    return;
  }
  // Second: an ACK acknowledges nothing we sent: <SEQ=SEG.ACK><CTL=RST>.
  if (seg.flags.has(kAck)) {
    reject(seg, Rule::ResetForListen);
    queue_rst_reply(seg, Rule::ResetForListen);
    return;
  }
  // Third: SYN. Text in the SYN is not acknowledged (RCV.NXT = SEG.SEQ+1),
  // so the peer sends it again once the connection is synchronized.
  if (seg.flags.has(kSyn)) {
    accept(seg);
    remote_ = seg.source();
    irs_ = seg.seq;
    rcv_nxt_ = seg.seq + 1;
    learn_peer_options(seg);
    iss_ = SeqNum{isn_gen_.isn(local_, remote_, now_)};
    snd_una_ = iss_;
    snd_nxt_ = iss_ + 1;
    send_base_ = iss_ + 1;
    // RFC 7323 §2.2: the window of a SYN is never scaled.
    snd_wnd_ = seg.window;
    max_snd_wnd_ = snd_wnd_;
    snd_wl1_ = seg.seq;
    snd_wl2_ = iss_;
    rcv_wnd_ = free_receive_space();
    transition_to(State::SynReceived, Rule::SynInListen);
    queue_syn(Rule::SynInListen, false);
    return;
  }
  // Fourth: anything else is dropped.
  reject(seg, Rule::IgnoredInListen);
}

// RFC 9293 §3.10.7.3.
void Connection::on_segment_syn_sent(const Segment& seg) {
  if (!matches_tuple(seg)) {
    reject(seg, Rule::NotForThisConnection);
    queue_rst_reply(seg, Rule::NotForThisConnection);
    return;
  }
  bool ack_ok = false;
  // First: the ACK must acknowledge our SYN (ISS < SEG.ACK =< SND.NXT),
  // otherwise <SEQ=SEG.ACK><CTL=RST> (nothing in reply to an RST).
  if (seg.flags.has(kAck)) {
    if (seg.ack <= iss_ || seg.ack > snd_nxt_) {
      if (seg.flags.has(kRst)) {
        reject(seg, Rule::RstUnacceptableInSynSent);
      } else {
        reject(seg, Rule::ResetForSynSentBadAck);
        queue_rst_reply(seg, Rule::ResetForSynSentBadAck);
      }
      return;
    }
    ack_ok = true;
  }
  // Second: an RST counts only when its ACK acknowledges our SYN
  // (RFC 5961 §3.2 keeps the RFC 793 rule for SYN-SENT).
  if (seg.flags.has(kRst)) {
    if (!ack_ok) {
      reject(seg, Rule::RstUnacceptableInSynSent);
      return;
    }
    accept(seg);
    // RFC 9293 §3.10.7.3 says "error: connection reset"; the user asked for a
    // connection that the peer refuses, which sockets report as refused.
    fail(Rule::RstInSynSent, UserError::ConnectionRefused);
    return;
  }
  // Third: security/compartment is not modelled. Fourth: SYN.
  if (seg.flags.has(kSyn)) {
    accept(seg);
    irs_ = seg.seq;
    rcv_nxt_ = seg.seq + 1;
    learn_peer_options(seg);
    rcv_wnd_ = free_receive_space();
    snd_wnd_ = seg.window;  // a SYN's window is never scaled
    max_snd_wnd_ = snd_wnd_;
    snd_wl1_ = seg.seq;
    snd_wl2_ = seg.ack;
    if (ack_ok) {
      // Our SYN is acknowledged: ESTABLISHED, <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>.
      snd_una_ = seg.ack;
      on_ack_advanced(seg);
      on_synchronized(Rule::SynAckInSynSent);
      request_ack(Rule::SynAckInSynSent);
      // "continue processing at the sixth step": text and FIN in the SYN,ACK.
      process_text(seg, seg.seq + 1);
      if (seg.flags.has(kFin) && !rcv_fin_seq_)
        rcv_fin_seq_ = seg.seq + 1 + static_cast<std::uint32_t>(seg.payload.size());
      if (rcv_fin_seq_ && !fin_received_ && *rcv_fin_seq_ == rcv_nxt_) process_fin();
    } else {
      // Simultaneous open: <SEQ=ISS><ACK=RCV.NXT><CTL=SYN,ACK>, SYN-RECEIVED.
      transition_to(State::SynReceived, Rule::SynInSynSent);
      queue_syn(Rule::SynInSynSent, false);
    }
    return;
  }
  // Fifth: neither SYN nor RST.
  reject(seg, Rule::IgnoredInSynSent);
}

// RFC 9293 §3.10.7.4, first check: the four cases of segment acceptability.
// When RCV.WND is zero, a segment starting exactly at RCV.NXT is still let
// through so its ACK and RST are processed; its text is dropped later.
bool Connection::acceptable(const Segment& seg) const {
  const std::uint32_t len = seg.seg_len();
  if (len == 0) return rcv_wnd_ == 0 ? seg.seq == rcv_nxt_ : in_window(seg.seq, rcv_nxt_, rcv_wnd_);
  if (rcv_wnd_ == 0) return seg.seq == rcv_nxt_;
  return in_window(seg.seq, rcv_nxt_, rcv_wnd_) || in_window(seg.seq + (len - 1), rcv_nxt_, rcv_wnd_);
}

// RFC 5961 §7: challenge ACKs <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>, at most
// challenge_ack_limit per second of simulated time.
void Connection::challenge_ack(const Segment& seg, Rule why) {
  if (now_ - challenge_window_start_ >= std::chrono::seconds(1)) {
    challenge_window_start_ = now_;
    challenge_count_ = 0;
  }
  if (challenge_count_ >= profile_.challenge_ack_limit) {
    reject(seg, Rule::ChallengeAckLimited);
    return;
  }
  ++challenge_count_;
  reject(seg, why);
  queue(make_segment(kAck, snd_nxt_), why);
}

void Connection::update_send_window(const Segment& seg) {
  // RFC 9293 §3.10.7.4: only a segment newer than the one that last set the
  // window may change it (SND.WL1, SND.WL2).
  if (snd_wl1_ < seg.seq || (snd_wl1_ == seg.seq && snd_wl2_ <= seg.ack)) {
    snd_wnd_ = static_cast<std::uint32_t>(seg.window) << snd_wscale_;
    snd_wl1_ = seg.seq;
    snd_wl2_ = seg.ack;
    max_snd_wnd_ = std::max(max_snd_wnd_, snd_wnd_);
  }
}

// RFC 9293 §3.10.7.4, SYN-RECEIVED onwards, as named steps: the cases
// answered before the window is looked at, then acceptability (first
// check), RST (second), SYN (fourth), ACK (fifth), then one switch on the
// state for what the ACK finishes and, where text still flows, text and FIN.
void Connection::on_segment_other(const Segment& seg) {
  if (!matches_tuple(seg)) {
    reject(seg, Rule::NotForThisConnection);
    queue_rst_reply(seg, Rule::NotForThisConnection);
    return;
  }
  if (answered_before_window(seg)) return;
  // First: sequence number.
  if (!acceptable(seg)) {
    reject_unacceptable(seg);
    return;
  }
  // Second: RST. Third: security is not modelled. Fourth: SYN.
  if (seg.flags.has(kRst)) {
    on_rst(seg);
    return;
  }
  if (seg.flags.has(kSyn)) {
    on_syn_in_window(seg);
    return;
  }
  // Fifth: ACK.
  if (!accept_ack(seg)) return;
  on_ack(seg);
  switch (state_) {
    case State::Closing:
      if (fin_acked()) transition_to(State::TimeWait, Rule::AckOfFinInClosing);
      return;
    case State::LastAck:
      if (fin_acked()) transition_to(State::Closed, Rule::AckOfFinInLastAck);
      return;
    case State::TimeWait: return;
    default: break;
  }
  // Sixth: URG is parsed but not acted upon. Seventh and eighth: text and
  // FIN, in the states that still receive (ESTABLISHED, FIN-WAIT-1, FIN-WAIT-2).
  receive_text_and_fin(seg);
  // FIN-WAIT-1 whose FIN is acknowledged without a FIN from the peer.
  if (state_ == State::FinWait1 && fin_acked()) transition_to(State::FinWait2, Rule::AckOfFinInFinWait1);
}

// The segments a state answers before the acceptability test, because that
// test alone would answer them wrongly. True when the segment was handled.
bool Connection::answered_before_window(const Segment& seg) {
  const bool rst = seg.flags.has(kRst), syn = seg.flags.has(kSyn);
  // TIME-WAIT: the peer's FIN again (our last ACK was lost). It lies left of
  // the window, so the acceptability test alone would only re-ACK it; RFC
  // 9293 §3.10.7.4 (eighth step) also restarts the 2MSL timeout.
  if (state_ == State::TimeWait && seg.flags.has(kFin) && !rst && !syn &&
      seg.seq + seg.seg_len() == rcv_nxt_) {
    accept(seg);
    request_ack(Rule::FinInTimeWait);
    arm_timer(TimerKind::TimeWait, profile_.time_wait);
    return true;
  }
  // Simultaneous open (RFC 9293 §3.5 figure 8): the peer's SYN,ACK repeats
  // the SYN we already have. That octet lies left of the window; trimming it
  // (§3.10.7.4 "trim to the window") leaves the ACK that completes the handshake.
  if (state_ == State::SynReceived && syn && !rst && seg.flags.has(kAck) && seg.seq == irs_ &&
      seg.payload.empty() && !seg.flags.has(kFin)) {
    Segment trimmed = seg;
    trimmed.flags.bits &= static_cast<std::uint8_t>(~kSyn);
    trimmed.seq = seg.seq + 1;
    on_segment_other(trimmed);
    return true;
  }
  // SYN-RECEIVED: the peer's SYN retransmitted means our SYN,ACK was lost;
  // answering with a bare ACK (the unacceptable-segment reply) would not let
  // a peer in SYN-SENT proceed, so the SYN,ACK goes again.
  if (state_ == State::SynReceived && syn && !rst && !seg.flags.has(kAck) && seg.seq == irs_) {
    reject(seg, Rule::DuplicateSynInSynReceived);
    queue_syn(Rule::DuplicateSynInSynReceived, true);
    return true;
  }
  // RFC 5961 §4.2 (RFC 9293 §3.10.7.4 fourth step): a SYN on a synchronized
  // connection, whatever its sequence number, gets a challenge ACK.
  if (syn && !rst && is_synchronized(state_)) {
    challenge_ack(seg, Rule::SynChallenge);
    return true;
  }
  return false;
}

// First check failed: an RST is dropped silently (RFC 5961 §3.2), anything
// else is answered with an ACK.
void Connection::reject_unacceptable(const Segment& seg) {
  if (seg.flags.has(kRst)) {
    reject(seg, Rule::RstOutOfWindow);
    return;
  }
  reject(seg, Rule::UnacceptableSegment);
  request_ack(Rule::UnacceptableSegment);
  note_duplicate(seg.seq, seg.payload.size());
}

// RFC 2883 §4: octets below RCV.NXT arrived again; with D-SACK the next
// ACK names them in its first SACK block (Linux: tcp_dsack_set).
void Connection::note_duplicate(SeqNum seq, std::size_t len) {
  if (!sack_ok_ || !profile_.dsack || len == 0 || !(seq < rcv_nxt_)) return;
  const SeqNum end = seq + static_cast<std::uint32_t>(len);
  dsack_ = SackBlock{seq, end <= rcv_nxt_ ? end : rcv_nxt_};
  request_ack(Rule::SackDsack);
}

// Second check (RFC 5961 §3.2): only an RST at exactly RCV.NXT resets; one
// elsewhere in the window gets a challenge ACK.
void Connection::on_rst(const Segment& seg) {
  if (seg.seq != rcv_nxt_) {
    challenge_ack(seg, Rule::RstChallenge);
    return;
  }
  accept(seg);
  switch (state_) {
    case State::SynReceived:
      if (passive_open_)
        return_to_listen(Rule::RstInSynReceivedPassive);
      else
        fail(Rule::RstInSynReceivedActive, UserError::ConnectionRefused);
      break;
    case State::Established:
    case State::FinWait1:
    case State::FinWait2:
    case State::CloseWait: fail(Rule::RstInSynchronized, UserError::ConnectionReset); break;
    default:
      // CLOSING, LAST-ACK, TIME-WAIT: enter CLOSED; the user already closed.
      fail(Rule::RstInSynchronized, std::nullopt);
      break;
  }
}

// Fourth check: a SYN in the window. Only SYN-RECEIVED gets here (the
// synchronized states challenged it before the window was looked at).
void Connection::on_syn_in_window(const Segment& seg) {
  if (passive_open_) {
    accept(seg);
    return_to_listen(Rule::SynInSynReceivedPassive);
  } else {
    challenge_ack(seg, Rule::SynChallenge);
  }
}

// Fifth check: whether the ACK is one to act on. SYN-RECEIVED's completes
// the handshake; elsewhere RFC 5961 §5.2 bounds it. False: rejected (and
// answered where the RFC says so).
bool Connection::accept_ack(const Segment& seg) {
  if (!seg.flags.has(kAck)) {
    reject(seg, Rule::IgnoredNoAck);
    return false;
  }
  if (state_ == State::SynReceived) {
    if (!(snd_una_ < seg.ack && seg.ack <= snd_nxt_)) {
      reject(seg, Rule::ResetForSynReceivedBadAck);
      queue_rst_reply(seg, Rule::ResetForSynReceivedBadAck);
      return false;
    }
    accept(seg);
    snd_wnd_ = static_cast<std::uint32_t>(seg.window) << snd_wscale_;
    max_snd_wnd_ = std::max(max_snd_wnd_, snd_wnd_);
    snd_wl1_ = seg.seq;
    snd_wl2_ = seg.ack;
    on_synchronized(Rule::AckInSynReceived);
    return true;
  }
  // RFC 5961 §5.2: acceptable when SND.UNA - MAX.SND.WND =< SEG.ACK =< SND.NXT.
  if (seg.ack > snd_nxt_) {
    challenge_ack(seg, Rule::AckOfUnsent);
    return false;
  }
  if (seg.ack < snd_una_ - max_snd_wnd_) {
    challenge_ack(seg, Rule::AckChallenge);
    return false;
  }
  accept(seg);
  return true;
}

// An acceptable ACK: the peer is alive, SND.UNA and the send window move.
void Connection::on_ack(const Segment& seg) {
  if (profile_.keepalive && state_ != State::TimeWait) {
    keepalive_sent_ = 0;
    arm_timer(TimerKind::Keepalive, profile_.keepalive_idle);
  }
  // ESTABLISHED processing: advance SND.UNA; a duplicate (SEG.ACK =< SND.UNA)
  // acknowledges nothing new.
  const bool duplicate = is_duplicate_ack(seg);
  const SeqNum old_una = snd_una_;
  if (snd_una_ < seg.ack) {
    snd_una_ = seg.ack;
    on_ack_advanced(seg);
  }
  congestion_on_ack(seg, old_una, duplicate);
  if (snd_una_ <= seg.ack) update_send_window(seg);
  if (probe_end_ && snd_wnd_ > 0) {
    // The window opened. A probe octet the peer did not take is simply
    // unsent data again; while the window stays shut the persist timer
    // resends it instead.
    if (snd_una_ < *probe_end_) snd_nxt_ = snd_una_;
    probe_end_.reset();
  }
  if (snd_wnd_ > 0 && timers_.running(TimerKind::Persist)) {
    // Linux sends what fits into a window that opens while it probes, small
    // or not (measured: zero_window_probe_partial_window_linux.pkt).
    if (profile_.zero_window_probe_una_minus_one) sws_override_ = true;
    stop_timer(TimerKind::Persist);
  }
  rearm_zero_window_probe();
}

// Seventh and eighth steps: the text, then the FIN once everything before
// it has arrived.
void Connection::receive_text_and_fin(const Segment& seg) {
  process_text(seg, seg.seq);
  if (seg.flags.has(kFin) && !rcv_fin_seq_ && !fin_received_) {
    const SeqNum at = seg.seq + static_cast<std::uint32_t>(seg.payload.size());
    if (at == rcv_nxt_ || (rcv_wnd_ > 0 && in_window(at, rcv_nxt_, rcv_wnd_))) rcv_fin_seq_ = at;
  }
  if (rcv_fin_seq_ && !fin_received_ && *rcv_fin_seq_ == rcv_nxt_) process_fin();
  // A FIN still held (beyond a gap) came in an out-of-order segment: RFC 5681
  // §4.2 / RFC 9293 §3.10.7.4 acknowledge it at once with a duplicate ACK,
  // as for out-of-order text (which already asked for one).
  if (seg.flags.has(kFin) && !fin_received_) request_ack(Rule::OutOfOrderData);
}

// RFC 9293 §3.10.7.4, seventh step.
void Connection::process_text(const Segment& seg, SeqNum data_seq) {
  if (seg.payload.empty()) return;
  if (state_ != State::Established && state_ != State::FinWait1 && state_ != State::FinWait2) return;
  if (rcv_wnd_ == 0) {
    // A zero window admits no text; the ACK tells the sender so.
    request_ack(Rule::AckNow);
    return;
  }
  const SeqNum end = data_seq + static_cast<std::uint32_t>(seg.payload.size());
  if (end <= rcv_nxt_) {
    // Old data only: acknowledge at once so the sender stops resending it.
    request_ack(Rule::AckNow);
    note_duplicate(data_seq, seg.payload.size());
    return;
  }
  // Partly old: with D-SACK the ACK goes at once and names the old part.
  note_duplicate(data_seq, seg.payload.size());
  const bool had_gap = !reassembly_.empty();
  reassembly_.insert(data_seq, seg.payload, rcv_nxt_, rcv_wnd_);
  std::vector<std::uint8_t> got = reassembly_.take_contiguous(rcv_nxt_);
  if (!reassembly_.empty()) last_out_of_order_ = data_seq;
  if (got.empty()) {
    // RFC 5681 §4.2 / RFC 9293 §3.10.7.4: out-of-order data is held and
    // answered with an immediate (duplicate) ACK.
    request_ack(Rule::OutOfOrderData);
    return;
  }
  const auto n = static_cast<std::uint32_t>(got.size());
  rcv_nxt_ += n;
  rcv_wnd_ = rcv_wnd_ > n ? rcv_wnd_ - n : 0;
  rcv_buf_.insert(rcv_buf_.end(), got.begin(), got.end());
  emit(DataDelivered{got.size()});
  // RFC 1122 §4.2.3.2: ACK at least every second full-sized segment and
  // within the delay; RFC 5681 §4.2: at once when a gap was (being) filled.
  const std::uint32_t full = profile_.mss > (ts_ok_ ? 12u : 0u) ? profile_.mss - (ts_ok_ ? 12u : 0u) : 1u;
  unacked_bytes_ += n;
  if (!quick_acks_left_) {
    // Linux's tcp_incr_quickack: rcv_wnd / (2 * rcv_mss) ACKs, at most quick_acks.
    const std::uint32_t fit = free_receive_space() / (2 * std::max<std::uint32_t>(profile_.mss, 1));
    quick_acks_left_ = std::min(profile_.quick_acks, fit);
  }
  const bool quick = *quick_acks_left_ > 0;
  if (quick) --*quick_acks_left_;
  if (!profile_.delayed_ack || had_gap || unacked_bytes_ >= 2 * full) {
    request_ack(Rule::DataDelivered);
  } else if (quick) {
    request_ack(Rule::QuickAck);
  } else if (!timers_.running(TimerKind::DelayedAck)) {
    arm_timer(TimerKind::DelayedAck, profile_.delayed_ack_timeout);
  }
}

// RFC 9293 §3.10.7.4, eighth step: the FIN is in order.
void Connection::process_fin() {
  fin_received_ = true;
  rcv_nxt_ += 1;
  switch (state_) {
    case State::Established:
      request_ack(Rule::FinInEstablished);
      transition_to(State::CloseWait, Rule::FinInEstablished);
      break;
    case State::FinWait1:
      if (fin_acked()) {
        request_ack(Rule::FinAndAckInFinWait1);
        transition_to(State::TimeWait, Rule::FinAndAckInFinWait1);
      } else {
        request_ack(Rule::FinInFinWait1);
        transition_to(State::Closing, Rule::FinInFinWait1);
      }
      break;
    case State::FinWait2:
      request_ack(Rule::FinInFinWait2);
      transition_to(State::TimeWait, Rule::FinInFinWait2);
      break;
    default: request_ack(Rule::AckNow); break;
  }
}

}  // namespace tcplab
