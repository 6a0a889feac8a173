// Sending: building segments, segmentation and the send window, FIN after
// the queued data, retransmission (RFC 6298), zero-window probes and
// keep-alives.
#include <algorithm>
#include <utility>

#include "core/tcp/connection.h"

namespace tcplab {

namespace {
// RFC 7323 §5.4: TSval from a clock ticking once per millisecond.
std::uint32_t ts_clock(Instant now) { return static_cast<std::uint32_t>(micros(now) / 1000); }
constexpr std::uint32_t kTimestampOptionLength = 12;  // 10 octets, padded to 12
}  // namespace

SeqNum Connection::fin_seq() const {
  return send_base_ + static_cast<std::uint32_t>(send_buf_.size());
}
bool Connection::fin_sent() const { return fin_queued_ && snd_nxt_ > fin_seq(); }
bool Connection::fin_acked() const { return fin_queued_ && snd_una_ > fin_seq(); }

std::size_t Connection::unsent_bytes() const {
  const std::int32_t sent = snd_nxt_ - send_base_;
  if (sent <= 0) return send_buf_.size();
  return send_buf_.size() > static_cast<std::size_t>(sent) ? send_buf_.size() - sent : 0;
}

// Queued data (and the FIN after it) may go out in these states; in
// SYN-RECEIVED a CLOSE with nothing queued sends its FIN at once (§3.10.4).
bool Connection::may_send_data() const {
  switch (state_) {
    case State::Established:
    case State::CloseWait:
    case State::FinWait1:
    // CLOSING can come before our FIN went out (the peer's FIN arrived while
    // data queued before CLOSE was still waiting for window): RFC 9293
    // §3.10.4 sends that data, then the FIN.
    case State::Closing:
    case State::LastAck: return true;
    default: return false;
  }
}

// RFC 6691 §2 / RFC 9293 §3.7.1: the MSS counts data only, so options we put
// on every segment (timestamps) come out of it.
std::uint32_t Connection::effective_send_mss() const {
  const std::uint32_t opts = ts_ok_ ? kTimestampOptionLength : 0;
  return send_mss_ > opts ? send_mss_ - opts : 1;
}

// RFC 6691 §2: the sender reduces the data in a segment by the TCP options
// it carries beyond those SMSS already allows for (the timestamps): the SACK
// blocks an ACK reports while out-of-order data is held (make_segment), so
// a data segment never exceeds the peer's MSS (Linux: tcp_current_mss).
std::uint32_t Connection::data_mss() const {
  const std::uint32_t mss = effective_send_mss();
  if (!sack_ok_ || (reassembly_.empty() && !dsack_)) return mss;
  const std::size_t blocks =
      std::min<std::size_t>(reassembly_.ranges(rcv_nxt_).size() + (dsack_ ? 1 : 0), ts_ok_ ? 3 : 4);
  const std::uint32_t sack_option = 4 + 8 * static_cast<std::uint32_t>(blocks);  // two NOPs, kind, length, blocks
  return mss > sack_option ? mss - sack_option : 1;
}

// RFC 7323 §2.2: the window in a SYN is never scaled; otherwise the offered
// window is shifted right by our scale.
std::uint16_t Connection::window_field(bool syn) const {
  const std::uint32_t w = syn ? rcv_wnd_ : (rcv_wnd_ >> rcv_wscale_);
  return static_cast<std::uint16_t>(std::min<std::uint32_t>(w, 65535));
}

Segment Connection::make_segment(Flags flags, SeqNum seq) const {
  Segment s{
      .src_addr = local_.addr,
      .dst_addr = remote_.addr,
      .src_port = local_.port,
      .dst_port = remote_.port,
      .seq = seq,
      .flags = flags,
  };
  if (flags.has(kAck)) s.ack = rcv_nxt_;
  s.window = flags.has(kRst) ? 0 : window_field(flags.has(kSyn));
  // RFC 7323 §3.2: once both SYNs carried timestamps, every segment does.
  if (ts_ok_) s.options.timestamps = Timestamps{ts_clock(now_), ts_recent_};
  // RFC 2018 §4: an ACK reports the out-of-order data held, the block with
  // the most recently arrived segment first; 3 blocks fit beside timestamps.
  if (sack_ok_ && flags.has(kAck) && !flags.has(kSyn) && !flags.has(kRst) && (!reassembly_.empty() || dsack_)) {
    std::vector<SackBlock> blocks = reassembly_.ranges(rcv_nxt_);
    auto recent = std::find_if(blocks.begin(), blocks.end(), [&](const SackBlock& b) {
      return b.left <= last_out_of_order_ && last_out_of_order_ < b.right;
    });
    if (recent != blocks.end()) std::rotate(blocks.begin(), recent, recent + 1);
    // RFC 2883 §4: a D-SACK block goes first, once.
    if (dsack_) blocks.insert(blocks.begin(), *dsack_);
    blocks.resize(std::min<std::size_t>(blocks.size(), ts_ok_ ? 3 : 4));
    s.options.sack_blocks = std::move(blocks);
  }
  return s;
}

void Connection::queue(Segment seg, Rule why, bool retransmission) {
  // Any ACK we send answers whatever was waiting for one (RFC 1122 §4.2.3.2).
  if (seg.flags.has(kAck)) {
    ack_pending_ = false;
    unacked_bytes_ = 0;
    if (!seg.flags.has(kSyn) && !seg.flags.has(kRst)) dsack_.reset();
    stop_timer(TimerKind::DelayedAck);
  }
  tx_.push_back(Transmit{std::move(seg), why, retransmission});
}

// Our SYN in SYN-SENT; SYN,ACK once the peer's SYN is known.
void Connection::queue_syn(Rule why, bool retransmission) {
  const bool ack = state_ != State::SynSent;
  Segment s = make_segment(ack ? Flags(kSyn | kAck) : Flags(kSyn), iss_);
  TcpOptions& o = s.options;
  o = TcpOptions{};
  // RFC 9293 §3.7.1: MSS only in SYNs. The extensions appear in a SYN,ACK only
  // when the peer's SYN offered them (RFC 7323 §1.3, RFC 2018 §2).
  if (profile_.send_mss_option) o.mss = profile_.mss;
  if (profile_.send_window_scale && (!ack || peer_window_scale_))
    o.window_scale = profile_.window_scale;
  if (profile_.send_sack_permitted && (!ack || peer_sack_permitted_)) o.sack_permitted = true;
  if (profile_.send_timestamps && (!ack || peer_timestamps_))
    o.timestamps = Timestamps{ts_clock(now_), ack ? ts_recent_ : 0};
  queue(std::move(s), why, retransmission);
  note_sent(iss_, iss_ + 1, retransmission);
}

void Connection::queue_rst_reply(const Segment& incoming, Rule why) {
  if (auto r = reset_for_closed(incoming)) queue(std::move(*r), why);
}

void Connection::request_ack(Rule why) {
  ack_pending_ = true;
  ack_rule_ = why;
}

// Something occupying sequence space left: RFC 6298 §5.1 starts the
// retransmission timer if it is not running; the user timeout watches it too
// (RFC 9293 §3.10.8). RTT timing follows Karn: never time a retransmission.
void Connection::note_sent(SeqNum start, SeqNum end, bool retransmission) {
  // RACK keeps every data segment's send time (RFC 8985 §6.1).
  if (cc_.cwnd() > 0 && start != iss_ && rack_tracking()) rack_.on_sent(start, end, now_, retransmission);
  if (!timers_.running(TimerKind::Retransmit))
    arm_timer(TimerKind::Retransmit, rto_.rto(), rto_.backoffs());
  if (profile_.user_timeout > Duration::zero() && !timers_.running(TimerKind::UserTimeout))
    arm_timer(TimerKind::UserTimeout, profile_.user_timeout);
  if (retransmission)
    rtt_seq_.reset();
  else if (!rtt_seq_) {
    rtt_seq_ = end;
    rtt_start_ = now_;
  }
}

// After every input: new data within the peer's window, the FIN once all
// data is out, then a bare ACK if one is still owed.
void Connection::flush() {
  resend_lost();
  if (rack_on() && sack_recovery())
    resend_rack_lost();
  else
    resend_sack_holes();
  send_new_data();
  if (ack_pending_ && state_ != State::Closed && state_ != State::Listen && state_ != State::SynSent)
    queue(make_segment(kAck, snd_nxt_), ack_rule_);
}

void Connection::send_new_data(bool override_sws) {
  if (!may_send_data() || probe_end_) return;
  override_sws = std::exchange(sws_override_, false) || override_sws;
  const std::uint32_t mss = data_mss();
  if (unsent_bytes() > 0) restart_after_idle();
  bool sent_any = false;
  while (!fin_sent()) {
    const std::size_t avail = unsent_bytes();
    const std::int32_t usable = (snd_una_ + snd_wnd_) - snd_nxt_;
    const std::size_t n = std::min<std::size_t>({avail, static_cast<std::size_t>(std::max(usable, 0)), mss});
    // RFC 9293 §3.10.4: the FIN follows the last queued octet; it rides on
    // that segment when it fits, and needs no window of its own.
    const bool fin = fin_queued_ && n == avail;
    if (n == 0 && !fin) break;
    // RFC 5681 §3.1: no more than cwnd in flight (the usable window is
    // min(cwnd, rwnd)), a whole segment at a time; RFC 3042 lets one more
    // go on each of the first two duplicate ACKs.
    const std::uint32_t room = cwnd_room();
    if (n > room || recovery_resend_waiting()) break;
    const bool limited_transmit = n > 0 && pipe() + n > cc_.cwnd() && cc_.cwnd() > 0;
    // RFC 9293 §3.8.6.2.1 (sender SWS avoidance, RFC 1122 §4.2.3.4): send
    // only (1) a full segment, (2) pushed data when all of it fits (CLOSE
    // implies push), (3) at least half the largest window the peer offered,
    // or (4) when the override timeout (the persist timer here) fires.
    const bool full = n == mss;
    const bool all_pushed = (push_pending_ || fin_queued_) && n == avail;
    const bool big_enough = max_snd_wnd_ > 0 && 2 * n >= max_snd_wnd_;
    if (!(full || all_pushed || big_enough || override_sws || fin)) break;
    if (!full && !override_sws && nagle_holds(n, fin)) {
      nagle_held_ = true;
      break;
    }
    override_sws = false;
    Rule why = limited_transmit ? Rule::CcLimitedTransmit : fin ? Rule::FinSegment : Rule::DataSegment;
    if (nagle_held_ && n > 0) {
      why = Rule::NagleRelease;
      nagle_held_ = false;
    }
    if (limited_transmit) cc_.note_limited_transmit(static_cast<std::uint32_t>(n));
    send_segment(n, fin, why);
    sent_any = true;
  }
  // RFC 8985 §7.2: new data went out; the PTO follows the tail.
  if (sent_any) schedule_loss_probe();
  // Data waits and nothing is in flight whose ACK would bring news: with a
  // zero window this is RFC 1122 §4.2.2.17's persist timer, with a window
  // too small for SWS avoidance it is §4.2.3.4's override timeout.
  if (unsent_bytes() > 0 && snd_nxt_ == snd_una_ && !timers_.running(TimerKind::Persist))
    arm_timer(TimerKind::Persist, persist_interval(0), 0);
}

// One segment of `n` new octets from SND.NXT (with the FIN when `fin`).
void Connection::send_segment(std::size_t n, bool fin, Rule why) {
  const std::size_t sent = send_buf_.size() - unsent_bytes();
  Flags flags = kAck;
  if (fin) flags.bits |= kFin;
  const SeqNum seq = snd_nxt_;
  // RFC 9293 §3.9.1.2: PSH on the segment carrying the last pushed octet.
  if (n > 0 && push_pending_ && seq + static_cast<std::uint32_t>(n) >= push_upto_) {
    flags.bits |= kPsh;
    push_pending_ = false;
    psh_ends_.push_back(seq + static_cast<std::uint32_t>(n));
  }
  Segment s = make_segment(flags, seq);
  s.payload.assign(send_buf_.begin() + static_cast<std::ptrdiff_t>(sent),
                   send_buf_.begin() + static_cast<std::ptrdiff_t>(sent + n));
  snd_nxt_ += static_cast<std::uint32_t>(n) + (fin ? 1 : 0);
  cc_.note_recovery_sent(static_cast<std::uint32_t>(n));
  if (n > 0) last_data_sent_ = now_;
  // Linux (tcp_minshall_update): small against the MSS of the moment, SACK blocks taken off.
  if (n > 0 && n < data_mss()) snd_sml_ = snd_nxt_;
  queue(std::move(s), why);
  note_sent(seq, snd_nxt_, false);
}

// The persist timer's interval after `backoff` unanswered probes: from
// persist_min doubling, or Linux's tcp_probe0_when: the RTO (at least
// min_rto) shifted by the backoff; both capped.
Duration Connection::persist_interval(std::uint32_t backoff) const {
  const bool from_rto = profile_.zero_window_probe_una_minus_one;
  Duration d = from_rto ? std::max(rto_.rto(), profile_.min_rto) : profile_.persist_min;
  const Duration cap = from_rto ? profile_.max_rto : profile_.persist_max;
  for (std::uint32_t i = 0; i < backoff && d < cap; ++i) d *= 2;
  return std::min(d, cap);
}

// Linux's tcp_ack_probe: an ACK that leaves the window shut while data
// waits restarts the probe timer from now with the current backoff.
void Connection::rearm_zero_window_probe() {
  if (!profile_.zero_window_probe_una_minus_one || snd_wnd_ > 0 || snd_nxt_ != snd_una_ ||
      unsent_bytes() == 0 || !timers_.running(TimerKind::Persist))
    return;
  const std::uint32_t backoff = timers_.slot(TimerKind::Persist).backoff;
  arm_timer(TimerKind::Persist, persist_interval(backoff), backoff);
}

// RFC 9293 §3.7.4 / RFC 1122 §4.2.3.4 (the bracketed [SND.NXT = SND.UNA]
// of the sender's SWS rule): a segment of `n` octets, less than SMSS, waits
// while sent data is unacknowledged. Linux (tcp_nagle_check) holds it only
// while an earlier small segment is unacknowledged, and never holds a FIN.
bool Connection::nagle_holds(std::size_t n, bool fin) const {
  if (profile_.nodelay || snd_nxt_ == snd_una_) return false;
  if (!profile_.nagle_minshall) return n > 0;
  if (fin) return false;
  return snd_sml_ && snd_una_ < *snd_sml_ && *snd_sml_ <= snd_nxt_;
}

void Connection::set_nodelay(bool on, Instant now) {
  set_now(now);
  profile_.nodelay = on;
  if (on) flush();
}

// RFC 6298 §5.4: resend the earliest segment not yet acknowledged.
void Connection::retransmit_oldest(Rule why) {
  ++total_retransmits_;
  if (snd_una_ == iss_) {
    // Our SYN itself is unacknowledged (SYN-SENT, SYN-RECEIVED, or a FIN-WAIT-1
    // reached by CLOSE in SYN-RECEIVED).
    syn_retransmitted_ = true;
    ++syn_retransmits_;
    queue_syn(why, true);
    return;
  }
  const SeqNum end = retransmit_from(snd_una_, why);
  congestion_on_timeout(end);
}

// Resend up to one segment of what was sent from `from` on (the FIN with
// the last octets); returns where the resent segment ends.
SeqNum Connection::retransmit_from(SeqNum from, Rule why, std::uint32_t max_len) {
  const std::int32_t in_flight = snd_nxt_ - send_base_;
  const std::size_t sent =
      std::min<std::size_t>(send_buf_.size(), static_cast<std::size_t>(std::max(in_flight, 0)));
  const std::size_t off = static_cast<std::size_t>(std::max<std::int32_t>(from - send_base_, 0));
  if (off > sent) return from;
  const std::size_t n = std::min<std::size_t>({sent - off, data_mss(), max_len});
  const bool fin = fin_sent() && off + n == send_buf_.size();
  if (n == 0 && !fin) return from;
  Flags flags = kAck;
  if (fin) flags.bits |= kFin;
  const SeqNum data_end = from + static_cast<std::uint32_t>(n);
  if (profile_.retransmit_keeps_psh) {
    // Resend PSH with the octets that carried it the first time.
    if (n > 0 && std::any_of(psh_ends_.begin(), psh_ends_.end(),
                             [&](SeqNum p) { return from < p && p <= data_end; }))
      flags.bits |= kPsh;
  } else if (n > 0 && off + n == send_buf_.size()) {
    flags.bits |= kPsh;
  }
  Segment s = make_segment(flags, from);
  s.payload.assign(send_buf_.begin() + static_cast<std::ptrdiff_t>(off),
                   send_buf_.begin() + static_cast<std::ptrdiff_t>(off + n));
  queue(std::move(s), why, true);
  const SeqNum end = data_end + (fin ? 1 : 0);
  note_sent(from, end, true);
  return end;
}

void Connection::on_retransmit_timeout() {
  if (snd_una_ == snd_nxt_ || state_ == State::Closed || state_ == State::Listen) return;
  const bool syn_unacked = snd_una_ == iss_;
  const int limit = state_ == State::SynSent ? profile_.syn_retries
                    : syn_unacked            ? profile_.synack_retries
                                             : profile_.data_retries;
  // RFC 1122 §4.2.3.5: after R2 give up. RFC 9293 sends no RST here.
  if (static_cast<int>(retries_) >= limit) {
    if (state_ == State::SynReceived && passive_open_)
      // The half-open connection is dropped; the listening socket stays
      // (see return_to_listen and the "lost third ACK" tests).
      return_to_listen(Rule::SynRetriesExhausted);
    else if (syn_unacked)
      fail(Rule::SynRetriesExhausted, UserError::ConnectionTimedOut);
    else
      fail(Rule::RetriesExhausted, UserError::ConnectionTimedOut);
    return;
  }
  ++retries_;
  // RFC 6298 §5.5 then §5.6: back off, restart the timer, then §5.4 resend.
  rto_.back_off();
  arm_timer(TimerKind::Retransmit, rto_.rto(), rto_.backoffs());
  retransmit_oldest();
}

// SND.UNA moved forward: drop acknowledged octets, take an RTT sample and
// manage the retransmission timer (RFC 6298 §5.2, §5.3).
void Connection::on_ack_advanced(const Segment& ack) {
  const std::int32_t acked = snd_una_ - send_base_;
  if (acked > 0) {
    const std::size_t n = std::min<std::size_t>(static_cast<std::size_t>(acked), send_buf_.size());
    send_buf_.erase(send_buf_.begin(), send_buf_.begin() + static_cast<std::ptrdiff_t>(n));
    send_base_ += static_cast<std::uint32_t>(n);
  }
  while (!psh_ends_.empty() && psh_ends_.front() <= snd_una_) psh_ends_.pop_front();
  retries_ = 0;
  if (ts_ok_ && ack.options.timestamps && ack.options.timestamps->echo != 0) {
    // RFC 7323 §4.1-§4.2: with timestamps every ACK of new data times the
    // segment whose TSval it echoes, retransmitted or not (no Karn ambiguity).
    const std::uint32_t ms = ts_clock(now_) - ack.options.timestamps->echo;
    if (ms < 0x80000000u) take_rtt_sample(std::chrono::milliseconds(ms));
    rtt_seq_.reset();
  } else if (rtt_seq_ && snd_una_ >= *rtt_seq_) {
    take_rtt_sample(now_ - rtt_start_);
    rtt_seq_.reset();
  }
  if (probe_end_ && snd_una_ >= *probe_end_) probe_end_.reset();
  if (snd_una_ == snd_nxt_) {
    stop_timer(TimerKind::Retransmit);
    stop_timer(TimerKind::UserTimeout);
  } else {
    arm_timer(TimerKind::Retransmit, rto_.rto(), rto_.backoffs());
    if (profile_.user_timeout > Duration::zero())
      arm_timer(TimerKind::UserTimeout, profile_.user_timeout);
  }
}

// RFC 9293 §3.8.6.1, RFC 1122 §4.2.2.17: while the window is zero, send one
// octet of new data beyond it (or Linux's bare ACK below SND.UNA), backing off.
void Connection::on_persist_timeout() {
  if (!may_send_data()) return;
  if (probe_end_) {
    // The previous probe went unanswered: the same octet goes again.
    snd_nxt_ = snd_una_;
    probe_end_.reset();
  }
  if (unsent_bytes() == 0) return;
  if (snd_wnd_ > 0) {
    // The window is open but too small for SWS avoidance: the override
    // timeout sends what fits (RFC 9293 §3.8.6.2.1 (4)).
    send_new_data(true);
    return;
  }
  if (profile_.zero_window_probe_una_minus_one) {
    // Linux (tcp_xmit_probe_skb): an old sequence number, no data; the
    // peer answers with its window.
    queue(make_segment(kAck, snd_una_ - 1), Rule::PersistProbe);
  } else {
    const std::size_t sent = send_buf_.size() - unsent_bytes();
    Segment s = make_segment(kAck, snd_nxt_);
    s.payload.push_back(send_buf_[sent]);
    snd_nxt_ += 1;
    probe_end_ = snd_nxt_;
    queue(std::move(s), Rule::PersistProbe);
  }
  const std::uint32_t backoff = timers_.slot(TimerKind::Persist).backoff + 1;
  arm_timer(TimerKind::Persist, persist_interval(backoff), backoff);
}

// RFC 1122 §4.2.3.6: an idle connection probes with <SEQ=SND.NXT-1> and no
// data, which the peer must answer with an ACK.
void Connection::on_keepalive_timeout() {
  if (!is_synchronized(state_) || state_ == State::TimeWait) return;
  if (snd_una_ != snd_nxt_ || unsent_bytes() > 0) {
    // Not idle: the retransmission timer watches the peer.
    arm_timer(TimerKind::Keepalive, profile_.keepalive_idle);
    return;
  }
  if (static_cast<int>(keepalive_sent_) >= profile_.keepalive_probes) {
    fail(Rule::KeepaliveExhausted, UserError::ConnectionTimedOut);
    return;
  }
  ++keepalive_sent_;
  queue(make_segment(kAck, snd_nxt_ - 1), Rule::KeepaliveProbe);
  arm_timer(TimerKind::Keepalive, profile_.keepalive_interval, keepalive_sent_);
}

}  // namespace tcplab
