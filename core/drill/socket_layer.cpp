#include "core/drill/socket_layer.h"

#include <algorithm>
#include <array>

namespace tcplab {

namespace {

struct ErrnoInfo {
  SockErr err;
  std::string_view name;
  std::string_view text;
};
// glibc's strerror() texts, which packetdrill scripts quote after the name.
constexpr std::array kErrnos = {
    ErrnoInfo{SockErr::BadF, "EBADF", "Bad file descriptor"},
    ErrnoInfo{SockErr::Inval, "EINVAL", "Invalid argument"},
    ErrnoInfo{SockErr::Again, "EAGAIN", "Resource temporarily unavailable"},
    ErrnoInfo{SockErr::InProgress, "EINPROGRESS", "Operation now in progress"},
    ErrnoInfo{SockErr::Already, "EALREADY", "Operation already in progress"},
    ErrnoInfo{SockErr::IsConn, "EISCONN", "Transport endpoint is already connected"},
    ErrnoInfo{SockErr::NotConn, "ENOTCONN", "Transport endpoint is not connected"},
    ErrnoInfo{SockErr::ConnRefused, "ECONNREFUSED", "Connection refused"},
    ErrnoInfo{SockErr::ConnReset, "ECONNRESET", "Connection reset by peer"},
    ErrnoInfo{SockErr::TimedOut, "ETIMEDOUT", "Connection timed out"},
    ErrnoInfo{SockErr::Pipe, "EPIPE", "Broken pipe"},
    ErrnoInfo{SockErr::AddrInUse, "EADDRINUSE", "Address already in use"},
    ErrnoInfo{SockErr::OpNotSupp, "EOPNOTSUPP", "Operation not supported"},
    ErrnoInfo{SockErr::NoProtoOpt, "ENOPROTOOPT", "Protocol not available"},
};

// How a connection's asynchronous error reaches the socket user.
SockErr to_errno(UserError e) {
  switch (e) {
    case UserError::ConnectionRefused: return SockErr::ConnRefused;
    case UserError::ConnectionReset: return SockErr::ConnReset;
    case UserError::ConnectionTimedOut:
    case UserError::ConnectionAborted: return SockErr::TimedOut;
    default: return SockErr::Pipe;
  }
}

}  // namespace

std::string_view errno_name(SockErr e) {
  for (const ErrnoInfo& i : kErrnos)
    if (i.err == e) return i.name;
  return "E?";
}
std::string_view errno_text(SockErr e) {
  for (const ErrnoInfo& i : kErrnos)
    if (i.err == e) return i.text;
  return "";
}
std::optional<SockErr> errno_from_name(std::string_view name) {
  if (name == "EWOULDBLOCK") return SockErr::Again;  // the same value on Linux
  for (const ErrnoInfo& i : kErrnos)
    if (i.name == name) return i.err;
  return std::nullopt;
}

SocketLayer::SocketLayer(Profile profile, Ipv4 addr, std::uint64_t isn_seed,
                         std::uint16_t ephemeral_port)
    : profile_(std::move(profile)), addr_(addr), isn_(isn_seed), next_port_(ephemeral_port) {}

SocketLayer::Socket* SocketLayer::find(int fd) {
  auto it = sockets_.find(fd);
  return it == sockets_.end() ? nullptr : &it->second;
}
const SocketLayer::Socket* SocketLayer::find(int fd) const {
  auto it = sockets_.find(fd);
  return it == sockets_.end() ? nullptr : &it->second;
}

// POSIX: a new descriptor is the lowest one not open; 0-2 are stdio.
int SocketLayer::lowest_free_fd() const {
  int fd = 3;
  while (sockets_.count(fd) != 0) ++fd;
  return fd;
}

// Linux bind(): a port is taken by a listening socket, or by any socket (or
// connection left in TIME-WAIT) unless both sides asked for SO_REUSEADDR.
bool SocketLayer::port_in_use(std::uint16_t port, int except_fd, bool reuse) const {
  for (const auto& [fd, s] : sockets_)
    if (fd != except_fd && s.port == port && (s.kind == Kind::Listening || !reuse || !s.reuse_addr))
      return true;
  for (const auto& [id, t] : tcbs_)
    if (!t.fd && !t.listener && t.conn.status().local.port == port && !reuse) return true;
  return false;
}

Result<Ok, SockErr> SocketLayer::report_error(Socket& s) {
  const SockErr e = *s.pending_error;
  s.pending_error.reset();
  s.error_reported = true;
  return Err{e};
}

// --- calls -------------------------------------------------------------------

Result<int, SockErr> SocketLayer::socket(Instant) {
  const int fd = lowest_free_fd();
  sockets_[fd] = Socket{};
  return fd;
}

Result<Ok, SockErr> SocketLayer::bind(int fd, std::uint16_t port, Instant) {
  Socket* s = find(fd);
  if (!s) return Err{SockErr::BadF};
  if (s->port || s->kind != Kind::Fresh) return Err{SockErr::Inval};
  if (port_in_use(port, fd, s->reuse_addr)) return Err{SockErr::AddrInUse};
  s->port = port;
  return Ok{};
}

Result<Ok, SockErr> SocketLayer::listen(int fd, int backlog, Instant now) {
  Socket* s = find(fd);
  if (!s) return Err{SockErr::BadF};
  if (s->kind == Kind::Connected) return Err{SockErr::Inval};
  s->backlog = std::max(backlog, 0);
  if (s->kind == Kind::Listening) return Ok{};
  if (!s->port) s->port = next_port_++;
  Connection c(profile_, Endpoint{addr_, *s->port}, isn_);
  c.set_nodelay(s->no_delay, now);
  if (!c.open_passive(now)) return Err{SockErr::Inval};
  while (c.poll_event()) {
  }
  s->listener = std::move(c);
  s->kind = Kind::Listening;
  return Ok{};
}

std::size_t SocketLayer::accept_queue_length(int listener_fd) const {
  std::size_t n = 0;
  for (const auto& [id, t] : tcbs_)
    if (t.listener == listener_fd && !t.fd && t.reached_established) ++n;
  return n;
}

Result<int, SockErr> SocketLayer::accept(int fd, Instant) {
  Socket* s = find(fd);
  if (!s) return Err{SockErr::BadF};
  if (s->kind != Kind::Listening) return Err{SockErr::Inval};
  for (auto& [id, t] : tcbs_) {
    if (t.listener != fd || t.fd || !t.reached_established) continue;
    const int child = lowest_free_fd();
    Socket cs{};
    cs.kind = Kind::Connected;
    cs.port = s->port;
    cs.tcb = id;
    // Linux: accepted sockets inherit the listener's options, not O_NONBLOCK.
    cs.reuse_addr = s->reuse_addr;
    cs.no_delay = t.conn.profile().nodelay;  // cloned from the listener when the SYN came
    cs.linger = s->linger;
    sockets_[child] = cs;
    t.fd = child;
    t.listener.reset();
    return child;
  }
  return Err{SockErr::Again};
}

Result<Ok, SockErr> SocketLayer::connect(int fd, Endpoint remote, Instant now) {
  Socket* s = find(fd);
  if (!s) return Err{SockErr::BadF};
  if (s->kind == Kind::Listening) return Err{SockErr::IsConn};
  if (s->kind == Kind::Connected) {
    if (s->pending_error) return report_error(*s);
    const State st = tcbs_.at(*s->tcb).conn.state();
    if (st == State::SynSent || st == State::SynReceived) return Err{SockErr::Already};
    return Err{SockErr::IsConn};
  }
  if (!s->port) {
    while (port_in_use(next_port_, fd, false)) ++next_port_;
    s->port = next_port_++;
  }
  Connection c(profile_, Endpoint{addr_, *s->port}, isn_);
  c.set_nodelay(s->no_delay, now);
  if (!c.open_active(remote, now)) return Err{SockErr::Inval};
  const int id = next_tcb_++;
  tcbs_.emplace(id, Tcb{std::move(c), fd, std::nullopt, false});
  s->kind = Kind::Connected;
  s->tcb = id;
  collect(now);
  return Err{SockErr::InProgress};
}

Result<Ok, SockErr> SocketLayer::connect_status(int fd) {
  Socket* s = find(fd);
  if (!s) return Err{SockErr::BadF};
  if (s->kind != Kind::Connected) return Err{SockErr::NotConn};
  if (s->pending_error) return report_error(*s);
  const State st = tcbs_.at(*s->tcb).conn.state();
  if (st == State::SynSent || st == State::SynReceived) return Err{SockErr::Again};
  if (st == State::Closed) return Err{SockErr::NotConn};
  return Ok{};
}

Result<std::size_t, SockErr> SocketLayer::write(int fd, std::size_t len, Instant now) {
  Socket* s = find(fd);
  if (!s) return Err{SockErr::BadF};
  if (s->kind != Kind::Connected) return Err{SockErr::Pipe};
  if (s->pending_error) return Err{report_error(*s).error()};
  if (s->shut_write) return Err{SockErr::Pipe};
  Connection& c = tcbs_.at(*s->tcb).conn;
  switch (c.state()) {
    case State::SynSent:
    case State::SynReceived: return Err{SockErr::Again};  // Linux waits for the handshake
    case State::Established:
    case State::CloseWait: break;
    default: return Err{SockErr::Pipe};
  }
  const std::vector<std::uint8_t> data(len, 0);
  auto r = c.send(data, now);
  collect(now);
  if (!r) return Err{r.error() == UserError::InsufficientResources ? SockErr::Again : SockErr::Pipe};
  if (r.value() == 0 && len > 0) return Err{SockErr::Again};
  return r.value();
}

Result<std::size_t, SockErr> SocketLayer::read(int fd, std::size_t len, Instant now) {
  Socket* s = find(fd);
  if (!s) return Err{SockErr::BadF};
  if (s->kind != Kind::Connected) return Err{SockErr::NotConn};
  if (s->pending_error) return Err{report_error(*s).error()};
  if (s->shut_read) return std::size_t{0};
  Connection& c = tcbs_.at(*s->tcb).conn;
  auto r = c.receive(len, now);
  collect(now);
  if (!r) {
    // CLOSE-WAIT and later with nothing left: end of file. A reset
    // connection reported its error once already.
    return std::size_t{0};
  }
  if (!r.value().empty()) return r.value().size();
  if (c.state() == State::Closed) return std::size_t{0};
  return Err{SockErr::Again};
}

Result<Ok, SockErr> SocketLayer::shutdown(int fd, Shutdown how, Instant now) {
  Socket* s = find(fd);
  if (!s) return Err{SockErr::BadF};
  if (s->kind != Kind::Connected) return Err{SockErr::NotConn};
  if (how != Shutdown::Write) s->shut_read = true;
  if (how != Shutdown::Read && !s->shut_write) {
    s->shut_write = true;
    // CLOSE in RFC 9293's sense: "I have no more to send"; reading goes on.
    (void)tcbs_.at(*s->tcb).conn.close(now);
  }
  collect(now);
  return Ok{};
}

Result<Ok, SockErr> SocketLayer::close(int fd, Instant now) {
  Socket* s = find(fd);
  if (!s) return Err{SockErr::BadF};
  if (s->kind == Kind::Listening) {
    // Linux's listen stop: connections waiting in the accept queue are reset,
    // half-open ones (SYN-RECEIVED) are forgotten without a word.
    for (auto it = tcbs_.begin(); it != tcbs_.end();) {
      Tcb& t = it->second;
      if (t.listener == fd && !t.fd) {
        if (t.reached_established) {
          (void)t.conn.abort(now);
          t.listener.reset();
        } else {
          it = tcbs_.erase(it);
          continue;
        }
      }
      ++it;
    }
  } else if (s->kind == Kind::Connected) {
    Tcb& t = tcbs_.at(*s->tcb);
    Connection& c = t.conn;
    if (s->linger.on && s->linger.seconds == 0) {
      // SO_LINGER with a zero timeout: close() is ABORT (RFC 9293 §3.10.5).
      (void)c.abort(now);
    } else if (c.status().receive_queued > 0) {
      // RFC 1122 §4.2.2.13, RFC 2525 §2.17: data the user will never read
      // would be lost silently; reset so the peer knows.
      (void)c.abort(now);
    } else if (!s->shut_write) {
      (void)c.close(now);
    }
    t.fd.reset();
  }
  sockets_.erase(fd);
  collect(now);
  return Ok{};
}

Result<Ok, SockErr> SocketLayer::set_nonblocking(int fd, bool on) {
  Socket* s = find(fd);
  if (!s) return Err{SockErr::BadF};
  s->nonblocking = on;
  return Ok{};
}

Result<bool, SockErr> SocketLayer::nonblocking(int fd) const {
  const Socket* s = find(fd);
  if (!s) return Err{SockErr::BadF};
  return s->nonblocking;
}

Result<Ok, SockErr> SocketLayer::set_int_option(int fd, SockOpt opt, int value, Instant now) {
  Socket* s = find(fd);
  if (!s) return Err{SockErr::BadF};
  switch (opt) {
    case SockOpt::ReuseAddr: s->reuse_addr = value != 0; return Ok{};
    // TCP_NODELAY turns Nagle off for the socket's connection (a listener's
    // passes to the connections it accepts); what Nagle held goes at once.
    case SockOpt::NoDelay:
      s->no_delay = value != 0;
      if (s->listener) s->listener->set_nodelay(s->no_delay, now);
      if (s->tcb) tcbs_.at(*s->tcb).conn.set_nodelay(s->no_delay, now);
      collect(now);
      return Ok{};
    case SockOpt::Linger: return Err{SockErr::Inval};
    case SockOpt::Error: return Err{SockErr::NoProtoOpt};
  }
  return Err{SockErr::NoProtoOpt};
}

Result<Ok, SockErr> SocketLayer::set_linger(int fd, Linger l) {
  Socket* s = find(fd);
  if (!s) return Err{SockErr::BadF};
  s->linger = l;
  return Ok{};
}

Result<std::optional<SockErr>, SockErr> SocketLayer::take_error(int fd) {
  Socket* s = find(fd);
  if (!s) return Err{SockErr::BadF};
  if (!s->pending_error) return std::optional<SockErr>{};
  return std::optional<SockErr>{report_error(*s).error()};
}

Result<int, SockErr> SocketLayer::int_option(int fd, SockOpt opt) const {
  const Socket* s = find(fd);
  if (!s) return Err{SockErr::BadF};
  switch (opt) {
    case SockOpt::ReuseAddr: return s->reuse_addr ? 1 : 0;
    case SockOpt::NoDelay: return s->no_delay ? 1 : 0;
    default: return Err{SockErr::NoProtoOpt};
  }
}

// --- the network -------------------------------------------------------------

std::optional<int> SocketLayer::tcb_for(const Segment& seg) const {
  for (const auto& [id, t] : tcbs_) {
    const State st = t.conn.state();
    if (st == State::Closed || st == State::Listen) continue;
    const ConnectionStatus cs = t.conn.status();
    if (cs.local == seg.destination() && cs.remote == seg.source()) return id;
  }
  return std::nullopt;
}

std::optional<int> SocketLayer::listener_for(const Segment& seg) const {
  for (const auto& [fd, s] : sockets_)
    if (s.kind == Kind::Listening && s.port == seg.dst_port) return fd;
  return std::nullopt;
}

void SocketLayer::spawn_child(int listener_fd, const Segment& syn, Instant now) {
  Socket& l = sockets_.at(listener_fd);
  // Linux drops a SYN while the accept queue is full (backlog + 1 entries).
  if (accept_queue_length(listener_fd) > static_cast<std::size_t>(l.backlog)) return;
  Tcb child{*l.listener, std::nullopt, listener_fd, false};
  child.conn.on_segment(syn, now);
  tcbs_.emplace(next_tcb_++, std::move(child));
}

void SocketLayer::on_segment(const Segment& seg, Instant now) {
  if (seg.dst_addr != addr_) return;  // not addressed to this host
  const bool bare_syn = seg.flags.has(kSyn) && !seg.flags.has(kAck) && !seg.flags.has(kRst);
  if (auto id = tcb_for(seg)) {
    Tcb& t = tcbs_.at(*id);
    const ConnectionStatus st = t.conn.status();
    if (t.conn.state() == State::TimeWait && bare_syn && seg.seq > st.rcv_nxt && listener_for(seg)) {
      // RFC 1122 §4.2.2.13 (RFC 9293 §3.10.7.4 note): a new SYN with a
      // sequence number above the old connection's may reopen it from
      // TIME-WAIT; the listener takes it as a fresh connection.
      tcbs_.erase(*id);
    } else if (!t.fd && !t.listener && (t.conn.state() == State::FinWait1 || t.conn.state() == State::FinWait2) &&
               !seg.flags.has(kRst) && !seg.payload.empty() &&
               seg.seq + static_cast<std::uint32_t>(seg.payload.size()) > st.rcv_nxt) {
      // RFC 1122 §4.2.2.13: new data after CLOSE (nobody will read it): reset.
      (void)t.conn.abort(now);
      if (t.conn.profile().rst_carries_ack) {
        // Linux (TCPAbortOnData) drops the TCB and answers the segment the
        // way a closed port does (tcp_v4_send_reset: <SEQ=SEG.ACK><CTL=RST>),
        // not with the active reset's RST,ACK that ABORT queued.
        while (t.conn.poll_transmit(now)) {
        }
        if (auto r = reset_for_closed(seg)) out_.push_back(std::move(*r));
      }
      collect(now);
      return;
    } else {
      t.conn.on_segment(seg, now);
      collect(now);
      return;
    }
  }
  if (auto l = listener_for(seg)) {
    if (bare_syn) {
      spawn_child(*l, seg, now);
    } else {
      // RFC 9293 §3.10.7.2 on a scratch copy: the listener itself never
      // leaves LISTEN (ACK -> RST, RST ignored, the rest dropped).
      Connection scratch = *sockets_.at(*l).listener;
      scratch.on_segment(seg, now);
      while (auto t = scratch.poll_transmit(now)) out_.push_back(std::move(t->seg));
    }
    collect(now);
    return;
  }
  // RFC 9293 §3.10.7.1: no connection and no listener: CLOSED.
  if (auto r = reset_for_closed(seg)) out_.push_back(std::move(*r));
}

void SocketLayer::on_timeout(Instant now) {
  for (auto& [id, t] : tcbs_) {
    const auto d = t.conn.next_deadline();
    if (d && *d <= now) t.conn.on_timeout(now);
  }
  collect(now);
}

void SocketLayer::take_events(Tcb& t) {
  while (auto e = t.conn.poll_event()) {
    t.info.on_event(*e);
    if (const auto* ce = std::get_if<ConnectionError>(&*e); ce && t.fd) {
      Socket& s = sockets_.at(*t.fd);
      s.pending_error = to_errno(ce->error);
      s.error_reported = false;
    }
  }
}

void SocketLayer::collect(Instant now) {
  for (auto it = tcbs_.begin(); it != tcbs_.end();) {
    Tcb& t = it->second;
    take_events(t);
    while (auto tx = t.conn.poll_transmit(now)) {
      t.info.on_sent(tx->seg);
      out_.push_back(std::move(tx->seg));
    }
    take_events(t);  // poll_transmit's SegmentSent events
    t.info.on_status(t.conn.status());
    if (!t.reached_established && is_synchronized(t.conn.state())) t.reached_established = true;
    const bool orphan_closed = t.conn.state() == State::Closed && !t.fd;
    const bool child_gave_up = t.listener && !t.fd && t.conn.state() == State::Listen;
    if (orphan_closed || child_gave_up)
      it = tcbs_.erase(it);
    else
      ++it;
  }
}

std::optional<Segment> SocketLayer::poll_transmit(Instant) {
  if (out_head_ >= out_.size()) {
    out_.clear();
    out_head_ = 0;
    return std::nullopt;
  }
  return std::move(out_[out_head_++]);
}

std::optional<Instant> SocketLayer::next_deadline() const {
  std::optional<Instant> best;
  for (const auto& [id, t] : tcbs_)
    if (auto d = t.conn.next_deadline(); d && (!best || *d < *best)) best = d;
  return best;
}

std::optional<Endpoint> SocketLayer::local_endpoint(int fd) const {
  const Socket* s = find(fd);
  if (!s || !s->port) return std::nullopt;
  return Endpoint{addr_, *s->port};
}

std::optional<State> SocketLayer::state(int fd) const {
  const Socket* s = find(fd);
  if (!s) return std::nullopt;
  if (s->kind == Kind::Listening) return State::Listen;
  if (s->kind != Kind::Connected) return std::nullopt;
  return tcbs_.at(*s->tcb).conn.state();
}

std::optional<drill::TcpInfoSource> SocketLayer::tcp_info(int fd) const {
  const Socket* s = find(fd);
  if (!s) return std::nullopt;
  if (s->kind == Kind::Listening)
    return drill::TcpInfoSource{.status = s->listener->status(),
                                .listening = true,
                                .accept_queue = static_cast<std::uint32_t>(accept_queue_length(fd))};
  if (s->kind != Kind::Connected) return std::nullopt;
  const Tcb& t = tcbs_.at(*s->tcb);
  return drill::TcpInfoSource{.status = t.conn.status(), .counters = t.info};
}

}  // namespace tcplab
