// Helpers for the connection tests, named from the stack's point of view:
// deliver() a segment to it, expect_transmit() what it sends, expect_silent()
// when it must send nothing. Pair moves segments between two connections
// across a link with a fixed delay, and can drop or hold chosen segments.
#pragma once
#include <catch2/catch.hpp>

#include <algorithm>
#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/tcp/connection.h"
#include "core/wire/wire.h"

namespace tcplab::test {

using namespace std::chrono_literals;

inline constexpr Endpoint kClient{0x0A000001, 40000};  // 10.0.0.1:40000
inline constexpr Endpoint kServer{0x0A000002, 80};     // 10.0.0.2:80

inline Instant at_ms(std::int64_t ms) { return at(std::chrono::milliseconds(ms)); }
inline Instant at_s(std::int64_t s) { return at(std::chrono::seconds(s)); }

// The RFC profile without delayed ACKs, so every ACK is immediate unless a
// test is about delaying them.
inline Profile rfc_profile(bool delayed_ack = false) {
  Profile p = Profile::rfc9293();
  p.delayed_ack = delayed_ack;
  return p;
}

// Fill in the addresses of a test-written segment: it comes from `peer` to `local`.
inline Segment addressed(Segment seg, Endpoint peer, Endpoint local) {
  seg.src_addr = peer.addr;
  seg.src_port = peer.port;
  seg.dst_addr = local.addr;
  seg.dst_port = local.port;
  return seg;
}

// Hand `seg` to the connection; unless the test set addresses, it comes
// from the other end of the connection (or kClient for a server).
inline void deliver(Connection& conn, Segment seg, Instant now) {
  if (seg.src_addr == 0) {
    const ConnectionStatus st = conn.status();
    Endpoint peer = st.remote.addr != 0 ? st.remote : (st.local == kServer ? kClient : kServer);
    seg = addressed(std::move(seg), peer, st.local);
  }
  conn.on_segment(seg, now);
}

struct Expected {
  Flags flags;
  std::optional<SeqNum> seq{};
  std::optional<SeqNum> ack{};
  std::optional<std::uint16_t> window{};
  std::optional<std::uint32_t> len{};  // payload octets
};

// The connection must send exactly one segment now, with these fields.
inline Segment expect_transmit(Connection& conn, Instant now, const Expected& e) {
  std::optional<Segment> s;
  if (auto t = conn.poll_transmit(now)) s = std::move(t->seg);
  REQUIRE(s.has_value());
  INFO("sent: " << describe(*s));
  CHECK(flags_long(s->flags) == flags_long(e.flags));
  if (e.seq) CHECK(s->seq.value() == e.seq->value());
  if (e.ack) CHECK(s->ack.value() == e.ack->value());
  if (e.window) CHECK(s->window == *e.window);
  if (e.len) CHECK(s->payload.size() == *e.len);
  return *s;
}

inline void expect_silent(Connection& conn, Instant now) {
  std::optional<Transmit> t = conn.poll_transmit(now);
  if (t) FAIL_CHECK("unexpected segment: " << describe(t->seg));
}

inline std::vector<Segment> transmitted(Connection& conn, Instant now) {
  std::vector<Segment> out;
  while (auto t = conn.poll_transmit(now)) out.push_back(std::move(t->seg));
  return out;
}

inline std::vector<Event> drain_events(Connection& conn) {
  std::vector<Event> out;
  while (auto e = conn.poll_event()) out.push_back(std::move(*e));
  return out;
}

template <class E>
std::vector<E> events_of(const std::vector<Event>& all) {
  std::vector<E> out;
  for (const Event& e : all)
    if (const E* p = std::get_if<E>(&e)) out.push_back(*p);
  return out;
}

template <class E>
std::vector<E> take_events(Connection& conn) {
  return events_of<E>(drain_events(conn));
}

inline std::vector<std::uint8_t> bytes(std::size_t n, std::uint8_t first = 0) {
  std::vector<std::uint8_t> v(n);
  for (std::size_t i = 0; i < n; ++i) v[i] = static_cast<std::uint8_t>(first + i);
  return v;
}

// Fire every timer due at or before `now`.
inline void fire_timers(Connection& conn, Instant now) { conn.on_timeout(now); }

// The ISNs the tests' connections pick (IsnGenerator with seed 0) are not
// written into tests; tests read them from status() instead.
inline SeqNum iss_of(const Connection& c) { return c.status().iss; }

// --- a server in LISTEN, a client in SYN-SENT, and so on -------------------

inline constexpr SeqNum kPeerIss{1000};  // the test peer's ISN

// A passive server that received SYN seq=kPeerIss and sent its SYN,ACK.
inline Connection server_in_syn_received(Profile p = rfc_profile()) {
  Connection c(std::move(p), kServer);
  REQUIRE(c.open_passive(at_ms(0)).ok());
  deliver(c, Segment{.seq = kPeerIss, .flags = kSyn, .window = 65535,
                     .options = {.mss = 1460}}, at_ms(0));
  REQUIRE(c.state() == State::SynReceived);
  transmitted(c, at_ms(0));
  drain_events(c);
  return c;
}

// An ESTABLISHED connection whose peer's next sequence number is kPeerIss+1.
inline Connection established_server(Profile p = rfc_profile()) {
  Connection c = server_in_syn_received(std::move(p));
  deliver(c, Segment{.seq = kPeerIss + 1, .ack = iss_of(c) + 1, .flags = kAck, .window = 65535},
          at_ms(10));
  REQUIRE(c.state() == State::Established);
  transmitted(c, at_ms(10));
  drain_events(c);
  return c;
}

// An active client that sent its SYN at time 0.
inline Connection client_in_syn_sent(Profile p = rfc_profile()) {
  Connection c(std::move(p), kClient);
  REQUIRE(c.open_active(kServer, at_ms(0)).ok());
  REQUIRE(c.state() == State::SynSent);
  transmitted(c, at_ms(0));
  drain_events(c);
  return c;
}

inline Connection established_client(Profile p = rfc_profile()) {
  Connection c = client_in_syn_sent(std::move(p));
  deliver(c, Segment{.seq = kPeerIss, .ack = iss_of(c) + 1, .flags = kSyn | kAck, .window = 65535,
                     .options = {.mss = 1460}}, at_ms(10));
  REQUIRE(c.state() == State::Established);
  transmitted(c, at_ms(10));
  drain_events(c);
  return c;
}

// The ACK a peer would send for everything `c` sent so far.
inline Segment peer_ack(const Connection& c, std::uint16_t window = 65535) {
  const ConnectionStatus st = c.status();
  return Segment{.seq = st.rcv_nxt, .ack = st.snd_nxt, .flags = kAck, .window = window};
}

// --- two connections across a link ------------------------------------------

class Pair {
 public:
  struct InFlight {
    Instant arrival;
    bool to_server;
    Segment seg;
  };
  using Filter = std::function<bool(const Segment&, bool from_client)>;

  Pair(Profile client_profile, Profile server_profile, Duration one_way = 10ms)
      : client(std::move(client_profile), kClient, IsnGenerator(1)),
        server(std::move(server_profile), kServer, IsnGenerator(2)),
        delay(one_way) {}
  explicit Pair(Profile p = rfc_profile(), Duration one_way = 10ms) : Pair(p, p, one_way) {}

  Connection client;
  Connection server;
  Duration delay;
  Instant now{};
  Filter drop;  // return true to lose the segment
  std::vector<Segment> from_client, from_server;  // everything put on the wire
  std::vector<std::uint8_t> client_received, server_received;

  // Put whatever both sides want to send on the link.
  void pull() {
    while (auto t = client.poll_transmit(now)) launch(std::move(t->seg), true);
    while (auto t = server.poll_transmit(now)) launch(std::move(t->seg), false);
  }

  // Inject a segment that arrives at `when` (reordering, old duplicates).
  void inject(Segment seg, bool to_server, Instant when) { flight_.push_back({when, to_server, std::move(seg)}); }

  // Run arrivals and timers until `until`; read delivered data as it comes.
  void run_until(Instant until) {
    pull();
    for (;;) {
      std::optional<Instant> next;
      auto consider = [&](std::optional<Instant> t) {
        if (t && (!next || *t < *next)) next = t;
      };
      for (const auto& f : flight_) consider(f.arrival);
      consider(client.next_deadline());
      consider(server.next_deadline());
      if (!next || *next > until) break;
      now = std::max(now, *next);
      auto it = std::min_element(flight_.begin(), flight_.end(),
                                 [](const InFlight& a, const InFlight& b) { return a.arrival < b.arrival; });
      if (it != flight_.end() && it->arrival <= now) {
        InFlight f = std::move(*it);
        flight_.erase(it);
        (f.to_server ? server : client).on_segment(f.seg, now);
      } else {
        client.on_timeout(now);
        server.on_timeout(now);
      }
      read_all();
      pull();
    }
    now = std::max(now, until);
  }
  void run_for(Duration d) { run_until(now + d); }

  void read_all() {
    auto rd = [&](Connection& c, std::vector<std::uint8_t>& into) {
      if (c.status().receive_queued == 0) return;
      auto r = c.receive(1 << 20, now);
      if (r.ok()) into.insert(into.end(), r.value().begin(), r.value().end());
    };
    if (auto_read) {
      rd(client, client_received);
      rd(server, server_received);
    }
  }
  bool auto_read = true;

  // Passive OPEN on the server, active OPEN on the client.
  void open() {
    REQUIRE(server.open_passive(now).ok());
    REQUIRE(client.open_active(kServer, now).ok());
  }

 private:
  void launch(Segment s, bool from_client_side) {
    (from_client_side ? from_client : from_server).push_back(s);
    // Every segment must survive the real wire format unchanged.
    auto decoded = decode(encode(s));
    REQUIRE(decoded.ok());
    CHECK(decoded.value() == s);
    if (drop && drop(s, from_client_side)) return;
    flight_.push_back({now + delay, from_client_side, std::move(s)});
  }
  std::vector<InFlight> flight_;
};

}  // namespace tcplab::test
