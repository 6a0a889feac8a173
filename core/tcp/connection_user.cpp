// The user calls of RFC 9293 §3.10.1-§3.10.6 with their error responses.
#include <algorithm>

#include "core/tcp/connection.h"

namespace tcplab {

namespace {
// A call on a CLOSED connection: "connection does not exist", unless the
// connection ended in an error the user was told about, which calls repeat.
template <class T>
Result<T, UserError> closed_error(const std::optional<UserError>& last) {
  return Err{last.value_or(UserError::ConnectionDoesNotExist)};
}
}  // namespace

// RFC 9293 §3.10.1 OPEN.
Result<Ok, UserError> Connection::open_passive(Instant now, std::optional<Endpoint> remote) {
  set_now(now);
  if (state_ != State::Closed) return Err{UserError::ConnectionAlreadyExists};
  fresh_tcb();
  passive_open_ = true;
  listen_remote_ = remote;
  rcv_wnd_ = free_receive_space();
  transition_to(State::Listen, Rule::OpenPassive);
  return Ok{};
}

Result<Ok, UserError> Connection::open_active(Endpoint remote, Instant now) {
  set_now(now);
  if (remote.addr == 0 || remote.port == 0) return Err{UserError::ForeignSocketUnspecified};
  switch (state_) {
    case State::Closed:
      fresh_tcb();
      begin_active_open(remote, Rule::OpenActive);
      break;
    case State::Listen:
      // "If the OPEN call is active and the foreign socket is specified, then
      // change the connection from passive to active, select an ISS."
      begin_active_open(remote, Rule::OpenActive);
      break;
    default: return Err{UserError::ConnectionAlreadyExists};
  }
  flush();
  return Ok{};
}

// RFC 9293 §3.10.2 SEND.
Result<std::size_t, UserError> Connection::send(std::span<const std::uint8_t> data, Instant now,
                                                bool push) {
  set_now(now);
  switch (state_) {
    case State::Closed: return closed_error<std::size_t>(last_error_);
    case State::Listen:
      // A listening connection becomes active when its foreign socket is
      // known; otherwise "foreign socket unspecified".
      if (!listen_remote_ || listen_remote_->addr == 0 || listen_remote_->port == 0)
        return Err{UserError::ForeignSocketUnspecified};
      begin_active_open(*listen_remote_, Rule::SendInListen);
      break;
    case State::SynSent:
    case State::SynReceived:
    case State::Established:
    case State::CloseWait:
      if (fin_queued_ || close_pending_) return Err{UserError::ConnectionClosing};
      break;
    default: return Err{UserError::ConnectionClosing};
  }
  const std::size_t room =
      profile_.send_buffer > send_buf_.size() ? profile_.send_buffer - send_buf_.size() : 0;
  const std::size_t n = std::min(room, data.size());
  if (n == 0 && !data.empty()) {
    flush();
    return Err{UserError::InsufficientResources};
  }
  send_buf_.insert(send_buf_.end(), data.begin(), data.begin() + static_cast<std::ptrdiff_t>(n));
  if (push && n > 0) {
    push_pending_ = true;
    push_upto_ = send_base_ + static_cast<std::uint32_t>(send_buf_.size());
  }
  flush();
  return n;
}

// RFC 9293 §3.10.3 RECEIVE.
Result<std::vector<std::uint8_t>, UserError> Connection::receive(std::size_t max, Instant now) {
  set_now(now);
  switch (state_) {
    case State::Closed: return closed_error<std::vector<std::uint8_t>>(last_error_);
    case State::Listen:
    case State::SynSent:
    case State::SynReceived: return std::vector<std::uint8_t>{};  // queued until ESTABLISHED
    case State::Established:
    case State::FinWait1:
    case State::FinWait2: break;
    default:
      // CLOSE-WAIT (and CLOSING, LAST-ACK, TIME-WAIT): what arrived before
      // the FIN is still handed out; after it, "connection closing".
      if (rcv_buf_.empty()) return Err{UserError::ConnectionClosing};
      break;
  }
  const std::size_t n = std::min(max, rcv_buf_.size());
  std::vector<std::uint8_t> out(rcv_buf_.begin(), rcv_buf_.begin() + static_cast<std::ptrdiff_t>(n));
  rcv_buf_.erase(rcv_buf_.begin(), rcv_buf_.begin() + static_cast<std::ptrdiff_t>(n));
  // RFC 9293 §3.8.6.2.2 (receiver SWS avoidance): open the window only when
  // it grows by min(half the buffer, one MSS), and then say so at once;
  // Linux (tcp_cleanup_rbuf) says so at once only when the window doubles
  // one that had shrunk to half the buffer or less.
  if (n > 0 && !fin_received_) {
    const std::uint32_t space = free_receive_space();
    const std::uint32_t threshold = std::min<std::uint32_t>(profile_.receive_buffer / 2, profile_.mss);
    if (space > rcv_wnd_ && space - rcv_wnd_ >= threshold) {
      const bool announce = !profile_.window_update_when_doubled ||
                            (2 * static_cast<std::uint64_t>(rcv_wnd_) <= profile_.receive_buffer &&
                             space >= 2 * static_cast<std::uint64_t>(rcv_wnd_));
      rcv_wnd_ = space;
      if (announce) request_ack(Rule::WindowUpdate);
    }
  }
  flush();
  return out;
}

// RFC 9293 §3.10.4 CLOSE.
Result<Ok, UserError> Connection::close(Instant now) {
  set_now(now);
  switch (state_) {
    case State::Closed: return closed_error<Ok>(last_error_);
    case State::Listen:
    case State::SynSent: transition_to(State::Closed, Rule::CloseInListenOrSynSent); break;
    case State::SynReceived:
      if (fin_queued_ || close_pending_) return Err{UserError::ConnectionClosing};
      if (send_buf_.empty()) {
        fin_queued_ = true;
        transition_to(State::FinWait1, Rule::CloseInSynReceived);
      } else {
        close_pending_ = true;  // "queue for processing after entering ESTABLISHED"
      }
      break;
    case State::Established:
      fin_queued_ = true;
      transition_to(State::FinWait1, Rule::CloseInEstablished);
      break;
    case State::CloseWait:
      fin_queued_ = true;
      transition_to(State::LastAck, Rule::CloseInCloseWait);
      break;
    default: return Err{UserError::ConnectionClosing};
  }
  flush();
  return Ok{};
}

// RFC 9293 §3.10.5 ABORT.
Result<Ok, UserError> Connection::abort(Instant now) {
  set_now(now);
  switch (state_) {
    case State::Closed: return closed_error<Ok>(last_error_);
    case State::Listen:
    case State::SynSent:
    case State::Closing:
    case State::LastAck:
    case State::TimeWait:
      // Nothing is sent: no peer is synchronized with us, or it already closed.
      transition_to(State::Closed, Rule::Abort);
      break;
    default:
      // SYN-RECEIVED, ESTABLISHED, FIN-WAIT-1, FIN-WAIT-2, CLOSE-WAIT:
      // <SEQ=SND.NXT><CTL=RST>, or with the Linux-like profile
      // <SEQ=SND.NXT><ACK=RCV.NXT><CTL=RST,ACK> (Profile::rst_carries_ack).
      queue(make_segment(profile_.rst_carries_ack ? Flags(kRst | kAck) : Flags(kRst), snd_nxt_), Rule::Abort);
      transition_to(State::Closed, Rule::Abort);
      break;
  }
  return Ok{};
}

}  // namespace tcplab
