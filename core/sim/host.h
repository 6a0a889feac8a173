// A host: one IPv4 address running a TCP stack with several connections.
// The Connection is RFC 9293's single TCB; the host adds what a socket layer
// does around it: demultiplexing by 4-tuple, listening connections that
// clone themselves per incoming SYN up to a backlog, ephemeral ports, and an
// application that reads what arrives.
#pragma once
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/tcp/connection.h"
#include "core/tcp/profile.h"
#include "core/wire/segment.h"

namespace tcplab {

struct ConnEntry {
  ConnEntry(std::string n, Connection c) : name(std::move(n)), conn(std::move(c)) {}
  std::string name;  // "c", or "l.1" for the first connection a listener "l" accepted
  Connection conn;
  // Takes part in demultiplexing. A connection that reached CLOSED, or an
  // accepted one that fell back to LISTEN, stays here for its history only.
  bool active = true;
  std::optional<std::size_t> listener;  // the listening entry it was cloned from
  int backlog = 0;                      // listeners: most children in SYN-RECEIVED at once
  int accepted = 0;                     // listeners: children created so far (names l.1, l.2...)
  bool reading = true;                  // the application reads data as soon as it arrives
  std::size_t bytes_read = 0;           // octets the application has received
  // What the application's send() has not handed to TCP yet: a SEND larger
  // than the room in the send buffer is kept here and handed over as the
  // buffer empties, as a socket program's blocking write() does.
  std::vector<std::uint8_t> unsent;
  // A StreamAction's writer while it runs: octets written so far (its place
  // in the pattern) and where it stops, if it does.
  struct Stream {
    std::uint64_t written = 0;
    std::optional<std::uint64_t> total;
  };
  std::optional<Stream> stream;
  std::optional<Instant> timer_due;     // the world's pending timeout for it...
  std::uint64_t timer_seq = 0;          // ...and its place in the event queue
  std::optional<UserError> last_error;  // the last error a call returned or the stack signalled
};

class Host {
 public:
  Host(std::string name, Ipv4 addr, Profile profile, std::uint64_t isn_seed)
      : name_(std::move(name)), addr_(addr), profile_(std::move(profile)), isn_seed_(isn_seed) {}

  const std::string& name() const { return name_; }
  Ipv4 addr() const { return addr_; }
  const Profile& profile() const { return profile_; }
  std::uint64_t isn_seed() const { return isn_seed_; }
  const std::vector<ConnEntry>& connections() const { return conns_; }
  std::vector<ConnEntry>& connections() { return conns_; }

  // The active, non-listening connection this segment belongs to.
  std::optional<std::size_t> find_connection(const Segment& seg) const;
  // The listening connection on the segment's destination port.
  std::optional<std::size_t> find_listener(const Segment& seg) const;
  // An active connection already uses this socket pair (TIME-WAIT included).
  bool in_use(Endpoint local, Endpoint remote) const;
  bool listening_on(std::uint16_t port) const;
  // Children of a listener still in SYN-RECEIVED: what the backlog limits.
  int half_open_children(std::size_t listener) const;
  std::optional<std::size_t> find_name(std::string_view name) const;

  std::size_t add(ConnEntry e) {
    conns_.push_back(std::move(e));
    return conns_.size() - 1;
  }
  // Linux's default ephemeral range starts at 32768; we count up from 49152 (RFC 6335).
  std::uint16_t next_ephemeral_port() { return next_port_++; }
  std::uint16_t next_ip_id() { return ip_id_++; }

 private:
  std::string name_;
  Ipv4 addr_;
  Profile profile_;
  std::uint64_t isn_seed_;
  std::vector<ConnEntry> conns_;
  std::uint16_t next_port_ = 49152;
  std::uint16_t ip_id_ = 1;
};

}  // namespace tcplab
