// A small BSD-socket layer over Connection: what a script (packetdrill) or a
// simulated host calls, with Linux's answers and errno values.
//
// It owns one host's TCBs: a listening socket keeps a Connection in LISTEN
// as a template and clones it for every SYN (a child in SYN-RECEIVED), moves
// children that reach ESTABLISHED to its accept queue, and demultiplexes
// arriving segments by 4-tuple. Sans-IO like Connection: inputs carry `now`,
// segments are pulled with poll_transmit().
//
// Socket semantics beyond RFC 9293 follow Linux (and RFC 2525 / RFC 1122):
//   shutdown(SHUT_WR)           CLOSE for sending; the socket still reads
//   close() with unread data    ABORT: RST instead of FIN (RFC 2525 §2.17)
//   SO_LINGER {1, 0} + close()  ABORT
//   listen backlog              accept queue holds backlog + 1 connections;
//                               further SYNs are dropped
//   a reset or failed connection reports its error once (read, write,
//   SO_ERROR), then reads return 0 and writes EPIPE.
#pragma once
#include <cstdint>
#include <map>
#include <optional>
#include <string_view>
#include <vector>

#include "core/tcp/connection.h"
#include "core/base/result.h"
#include "core/drill/tcp_info.h"

namespace tcplab {

// The errno values the layer returns, named as Linux names them.
enum class SockErr : std::uint8_t {
  BadF,          // EBADF
  Inval,         // EINVAL
  Again,         // EAGAIN: a non-blocking call would block
  InProgress,    // EINPROGRESS
  Already,       // EALREADY
  IsConn,        // EISCONN
  NotConn,       // ENOTCONN
  ConnRefused,   // ECONNREFUSED
  ConnReset,     // ECONNRESET
  TimedOut,      // ETIMEDOUT
  Pipe,          // EPIPE
  AddrInUse,     // EADDRINUSE
  OpNotSupp,     // EOPNOTSUPP
  NoProtoOpt,    // ENOPROTOOPT
};
std::string_view errno_name(SockErr e);  // "EINPROGRESS"
std::string_view errno_text(SockErr e);  // "Operation now in progress" (glibc's strerror)
std::optional<SockErr> errno_from_name(std::string_view name);

enum class Shutdown : std::uint8_t { Read, Write, Both };

// Socket options the stack has (level and name as in <sys/socket.h>).
enum class SockOpt : std::uint8_t {
  ReuseAddr,  // SOL_SOCKET SO_REUSEADDR
  Linger,     // SOL_SOCKET SO_LINGER
  Error,      // SOL_SOCKET SO_ERROR (read-only)
  NoDelay,    // IPPROTO_TCP TCP_NODELAY
};

struct Linger {
  bool on = false;
  int seconds = 0;
};

class SocketLayer {
 public:
  // `addr` is the host's address; connect() picks ports from `ephemeral_port` up.
  SocketLayer(Profile profile, Ipv4 addr, std::uint64_t isn_seed = 0,
              std::uint16_t ephemeral_port = 32768);

  // --- the calls; each returns the value Linux returns, or its errno ---
  Result<int, SockErr> socket(Instant now);
  Result<Ok, SockErr> bind(int fd, std::uint16_t port, Instant now);
  Result<Ok, SockErr> listen(int fd, int backlog, Instant now);
  Result<int, SockErr> accept(int fd, Instant now);
  // EINPROGRESS for every fresh connect (the SYN is out); connect_status()
  // then says how it ended, as a blocking connect would return.
  Result<Ok, SockErr> connect(int fd, Endpoint remote, Instant now);
  Result<Ok, SockErr> connect_status(int fd);
  Result<std::size_t, SockErr> write(int fd, std::size_t len, Instant now);
  Result<std::size_t, SockErr> read(int fd, std::size_t len, Instant now);
  Result<Ok, SockErr> shutdown(int fd, Shutdown how, Instant now);
  Result<Ok, SockErr> close(int fd, Instant now);
  Result<Ok, SockErr> set_nonblocking(int fd, bool on);
  Result<bool, SockErr> nonblocking(int fd) const;
  Result<Ok, SockErr> set_int_option(int fd, SockOpt opt, int value, Instant now);
  Result<Ok, SockErr> set_linger(int fd, Linger l);
  // SO_ERROR reads and clears the pending error (0: none).
  Result<std::optional<SockErr>, SockErr> take_error(int fd);
  Result<int, SockErr> int_option(int fd, SockOpt opt) const;

  // --- the network and time ---
  void on_segment(const Segment& seg, Instant now);
  void on_timeout(Instant now);
  std::optional<Segment> poll_transmit(Instant now);
  std::optional<Instant> next_deadline() const;

  // For scripts and the UI: the local endpoint of a socket, the state of its
  // connection (nullopt: no connection yet).
  std::optional<Endpoint> local_endpoint(int fd) const;
  std::optional<State> state(int fd) const;
  // What getsockopt(TCP_INFO) would read (nullopt: EBADF, or a socket with
  // no connection yet and not listening).
  std::optional<drill::TcpInfoSource> tcp_info(int fd) const;
  Ipv4 address() const { return addr_; }

 private:
  enum class Kind : std::uint8_t { Fresh, Listening, Connected };
  struct Socket {
    Kind kind = Kind::Fresh;
    bool nonblocking = false;
    bool reuse_addr = false;
    bool no_delay = false;
    Linger linger{};
    std::optional<std::uint16_t> port{};
    int backlog = 0;
    std::optional<Connection> listener{};  // LISTEN template, cloned per SYN
    std::optional<int> tcb{};              // Connected: the TCB's id
    bool shut_read = false;
    bool shut_write = false;
    std::optional<SockErr> pending_error{};
    bool error_reported = false;
  };
  struct Tcb {
    Connection conn;
    std::optional<int> fd{};       // nullopt: orphaned (closed by the user) or not accepted
    std::optional<int> listener{}; // fd of the listening socket that spawned it, until accepted
    bool reached_established = false;
    drill::TcpInfoCounters info{};  // for tcp_info(), from its events and segments
  };

  Socket* find(int fd);
  const Socket* find(int fd) const;
  int lowest_free_fd() const;
  bool port_in_use(std::uint16_t port, int except_fd, bool reuse) const;
  std::optional<int> tcb_for(const Segment& seg) const;
  std::optional<int> listener_for(const Segment& seg) const;
  std::size_t accept_queue_length(int listener_fd) const;
  void spawn_child(int listener_fd, const Segment& syn, Instant now);
  // After every input: pull segments and events from each TCB, note errors,
  // move children into accept queues, forget TCBs nobody needs.
  void collect(Instant now);
  // Errors for the socket's user, counters for tcp_info().
  void take_events(Tcb& t);
  Result<Ok, SockErr> report_error(Socket& s);

  Profile profile_;
  Ipv4 addr_;
  IsnGenerator isn_;
  std::uint16_t next_port_;
  std::map<int, Socket> sockets_{};
  std::map<int, Tcb> tcbs_{};
  int next_tcb_ = 1;
  std::vector<Segment> out_{};
  std::size_t out_head_ = 0;
};

}  // namespace tcplab
