// The TCB's life cycle: construction, state changes, timers, status and the
// pulled outputs. SEGMENT ARRIVES is in connection_input.cpp, sending and
// the timeouts in connection_output.cpp, the user calls in connection_user.cpp.
#include "core/tcp/connection.h"

#include <algorithm>
#include <cassert>

namespace tcplab {

Connection::Connection(Profile profile, Endpoint local, IsnGenerator isn)
    : profile_(std::move(profile)),
      local_(local),
      isn_gen_(isn),
      rto_(profile_.initial_rto, profile_.min_rto, profile_.max_rto, profile_.clock_granularity),
      cc_(profile_.congestion) {}

// --- state changes ---------------------------------------------------------

void Connection::transition_to(State to, Rule cause) {
  const State from = state_;
  state_ = to;
  emit(StateChanged{from, to, cause});
  switch (to) {
    case State::TimeWait:
      // RFC 9293 §3.10.7.4 (eighth step): in TIME-WAIT turn off the other
      // timers and start the 2MSL wait.
      for (TimerKind k : kAllTimerKinds)
        if (k != TimerKind::TimeWait) stop_timer(k);
      arm_timer(TimerKind::TimeWait, profile_.time_wait);
      break;
    case State::Closed:
      // RFC 9293 §3.10.7.4 and §3.10.4/§3.10.5: "delete the TCB".
      delete_tcb();
      break;
    default: break;
  }
}

void Connection::delete_tcb() {
  stop_all_timers();
  send_buf_.clear();
  rcv_buf_.clear();
  reassembly_.clear();
  fin_queued_ = close_pending_ = fin_received_ = push_pending_ = false;
  ack_pending_ = false;
  rcv_fin_seq_.reset();
  psh_ends_.clear();
  probe_end_.reset();
  rtt_seq_.reset();
  retries_ = 0;
  unacked_bytes_ = 0;
  keepalive_sent_ = 0;
}

// A new TCB (OPEN, or LISTEN again): every per-connection variable starts
// over; what the world still has to pull (events, segments) and the RFC 5961
// challenge budget, which belongs to the endpoint, are kept.
void Connection::fresh_tcb() {
  Connection fresh(profile_, local_, isn_gen_);
  fresh.state_ = state_;
  fresh.timers_ = timers_;
  fresh.events_ = std::move(events_);
  fresh.tx_ = std::move(tx_);
  fresh.now_ = now_;
  fresh.passive_open_ = passive_open_;
  fresh.listen_remote_ = listen_remote_;
  fresh.challenge_window_start_ = challenge_window_start_;
  fresh.challenge_count_ = challenge_count_;
  *this = std::move(fresh);
}

// RFC 9293 §3.10.7.4: a passively opened connection that meets an RST (or a
// new SYN) in SYN-RECEIVED goes back to LISTEN; the user need not be told.
void Connection::return_to_listen(Rule cause) {
  transition_to(State::Listen, cause);
  delete_tcb();
  fresh_tcb();
  rcv_wnd_ = free_receive_space();
}

// The connection ends abnormally: CLOSED, and the user learns why; later
// calls report the same error (RFC 9293 §3.10: "connection reset" etc.).
void Connection::fail(Rule cause, std::optional<UserError> error) {
  transition_to(State::Closed, cause);
  if (error) {
    last_error_ = error;
    emit(ConnectionError{*error, cause});
  }
}

void Connection::begin_active_open(Endpoint remote, Rule why) {
  remote_ = remote;
  passive_open_ = false;
  // RFC 9293 §3.4.1 / RFC 6528: ISN = M + F(4-tuple, secret).
  iss_ = SeqNum{isn_gen_.isn(local_, remote_, now_)};
  snd_una_ = iss_;
  snd_nxt_ = iss_ + 1;
  send_base_ = iss_ + 1;
  rcv_wnd_ = free_receive_space();
  transition_to(State::SynSent, why);
  queue_syn(why, false);
}

// The SYN (or SYN,ACK) we got tells us the peer's MSS and which extensions
// it offers (RFC 9293 §3.7.1, RFC 7323 §1.3/§2.2, RFC 2018 §2).
void Connection::learn_peer_options(const Segment& syn) {
  const TcpOptions& o = syn.options;
  // RFC 9293 §3.7.1: without the option, assume 536; never exceed our own MTU.
  send_mss_ = std::min<std::uint16_t>(o.mss.value_or(536), profile_.mss);
  peer_window_scale_ = o.window_scale;
  peer_sack_permitted_ = o.sack_permitted;
  peer_timestamps_ = o.timestamps.has_value();
  // RFC 7323 §2.2: scaling is in effect only when both SYNs carry the option;
  // shifts above 14 are treated as 14 (§2.3).
  if (profile_.send_window_scale && o.window_scale) {
    snd_wscale_ = std::min<std::uint8_t>(*o.window_scale, 14);
    rcv_wscale_ = std::min<std::uint8_t>(profile_.window_scale, 14);
  } else {
    snd_wscale_ = rcv_wscale_ = 0;
  }
  sack_ok_ = profile_.send_sack_permitted && o.sack_permitted;
  ts_ok_ = profile_.send_timestamps && o.timestamps.has_value();
  if (o.timestamps) ts_recent_ = o.timestamps->value;
}

// SYN-SENT or SYN-RECEIVED has become ESTABLISHED.
void Connection::on_synchronized(Rule cause) {
  transition_to(State::Established, cause);
  start_congestion_control();
  retries_ = 0;
  // RFC 6298 §5.7: if the SYN had to be retransmitted (so no RTT sample could
  // be taken, Karn), data transfer starts with an RTO of 3 seconds.
  if (syn_retransmitted_ && !rto_.srtt() && profile_.initial_rto < std::chrono::seconds(3))
    rto_ = RtoEstimator(std::chrono::seconds(3), profile_.min_rto, profile_.max_rto,
                        profile_.clock_granularity);
  if (profile_.keepalive) arm_timer(TimerKind::Keepalive, profile_.keepalive_idle);
  // RFC 9293 §3.10.4: a CLOSE issued in SYN-RECEIVED with data queued takes
  // effect once ESTABLISHED.
  if (close_pending_) {
    close_pending_ = false;
    fin_queued_ = true;
    transition_to(State::FinWait1, Rule::CloseInEstablished);
  }
}

std::uint32_t Connection::free_receive_space() const {
  const std::size_t used = rcv_buf_.size();
  return used >= profile_.receive_buffer ? 0 : static_cast<std::uint32_t>(profile_.receive_buffer - used);
}

// --- timers ----------------------------------------------------------------

void Connection::arm_timer(TimerKind k, Duration d, std::uint32_t backoff) {
  timers_.arm(k, now_, d, backoff);
  emit(TimerArmed{k, now_ + d, d, backoff});
}

void Connection::stop_timer(TimerKind k) {
  if (!timers_.running(k)) return;
  timers_.stop(k);
  emit(TimerStopped{k});
}

void Connection::stop_all_timers() {
  for (TimerKind k : kAllTimerKinds) stop_timer(k);
}

void Connection::set_now(Instant now) {
  assert(now >= now_ && "Connection: `now` went backwards (the sans-IO contract, connection.h)");
  now_ = now;
}

void Connection::on_timeout(Instant now) {
  set_now(now);
  while (auto k = timers_.expired(now)) {
    const std::uint32_t backoff = timers_.slot(*k).backoff;
    timers_.stop(*k);
    emit(TimerFired{*k, backoff});
    switch (*k) {
      case TimerKind::Retransmit: on_retransmit_timeout(); break;
      case TimerKind::TimeWait:
        // RFC 9293 §3.10.8: "If the time-wait timeout expires on a
        // connection, delete the TCB, enter the CLOSED state."
        if (state_ == State::TimeWait) transition_to(State::Closed, Rule::TimeWaitExpired);
        break;
      case TimerKind::Persist: on_persist_timeout(); break;
      case TimerKind::DelayedAck:
        // RFC 1122 §4.2.3.2: the delay has run out; acknowledge now.
        if (ack_pending_ || unacked_bytes_ > 0) {
          ack_rule_ = Rule::DelayedAck;
          ack_pending_ = true;
        }
        break;
      case TimerKind::Keepalive: on_keepalive_timeout(); break;
      case TimerKind::RackReorder: on_rack_reorder_timeout(); break;
      case TimerKind::LossProbe: on_loss_probe_timeout(); break;
      case TimerKind::UserTimeout:
        // RFC 9293 §3.10.8: flush all queues, signal "connection aborted due
        // to user timeout", delete the TCB.
        if (state_ != State::Closed && state_ != State::Listen)
          fail(Rule::UserTimeoutExpired, UserError::ConnectionAborted);
        break;
    }
  }
  flush();
}

// --- outputs ---------------------------------------------------------------

std::optional<Transmit> Connection::poll_transmit(Instant now) {
  // Segments were built when their cause was processed; `now` only keeps the contract.
  assert(now >= now_ && "Connection: `now` went backwards (the sans-IO contract, connection.h)");
  (void)now;
  if (tx_.empty()) return std::nullopt;
  Transmit t = std::move(tx_.front());
  tx_.pop_front();
  emit(SegmentSent{SegmentSummary::of(t.seg), t.why, t.retransmission});
  return t;
}

std::optional<Instant> Connection::next_deadline() const { return timers_.next_deadline(); }

std::optional<Event> Connection::poll_event() {
  if (events_.empty()) return std::nullopt;
  Event e = std::move(events_.front());
  events_.pop_front();
  return e;
}

ConnectionStatus Connection::status() const {
  ConnectionStatus s{};
  s.state = state_;
  s.local = local_;
  s.remote = remote_;
  s.iss = iss_;
  s.snd_una = snd_una_;
  s.snd_nxt = snd_nxt_;
  s.snd_wnd = snd_wnd_;
  s.irs = irs_;
  s.rcv_nxt = rcv_nxt_;
  s.rcv_wnd = rcv_wnd_;
  s.send_queued = send_buf_.size();
  s.receive_queued = rcv_buf_.size();
  s.out_of_order = reassembly_.bytes_held();
  s.rto = rto_.rto();
  s.srtt = rto_.srtt();
  s.rttvar = rto_.rttvar();
  s.send_mss = send_mss_;
  s.passive_open = passive_open_;
  s.congestion_algorithm = cc_.settings().algorithm;
  s.congestion_phase = cc_.phase();
  s.cwnd = cc_.cwnd();
  s.ssthresh = cc_.ssthresh();
  s.flight_size = pipe();
  s.dup_acks = cc_.dup_acks();
  s.retransmits = retries_;
  s.total_retransmits = total_retransmits_;
  const std::uint32_t smss = cc_.smss();
  const bool fast_recovery = cc_.phase() == CongestionPhase::FastRecovery;
  // After a timeout Linux counts every segment it marked lost until it is
  // acknowledged, resent or not (lost_out; measured: 4 of 4 after one resend).
  const std::uint32_t marked = retx_end_ > snd_una_ ? static_cast<std::uint32_t>(retx_end_ - snd_una_) : 0;
  s.lost = fast_recovery ? 1 : (marked + smss - 1) / smss;
  s.sacked = fast_recovery ? cc_.dup_acks() : 0;
  if (cc_.sack()) {
    // RFC 6675's scoreboard: SACKed segments, and the holes IsLost() marks.
    s.sacked = 0;
    for (const SeqRange& r : scoreboard_.ranges())
      s.sacked += (static_cast<std::uint32_t>(r.end - r.start) + smss - 1) / smss;
    if (!scoreboard_.empty()) s.lost = lost_segments();
  }
  return s;
}

}  // namespace tcplab
