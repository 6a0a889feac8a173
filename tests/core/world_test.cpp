// The World as the lab uses it: two hosts, a link, inputs at times, a trace.
#include <catch2/catch.hpp>

#include <algorithm>
#include <chrono>

#include "core/world.h"

using namespace tcplab;
using namespace std::chrono_literals;

namespace {

WorldConfig two_hosts(std::uint64_t seed = 1) {
  WorldConfig c;
  Profile p = Profile::rfc9293();
  p.delayed_ack = false;
  c.hosts = {{"client", 0x0A000001, p}, {"server", 0x0A000002, p}};
  c.seed = seed;
  return c;
}

std::vector<const SegmentSentRecord*> sent(const World& w) {
  std::vector<const SegmentSentRecord*> out;
  for (const TraceRecord& r : w.trace())
    if (const auto* s = std::get_if<SegmentSentRecord>(&r.data)) out.push_back(s);
  return out;
}

std::vector<Fate> fates_of(const World& w, std::uint32_t id) {
  std::vector<Fate> out;
  for (const TraceRecord& r : w.trace())
    if (const auto* f = std::get_if<SegmentFateRecord>(&r.data); f && f->id == id) out.push_back(f->fate);
  return out;
}

State state_of(const World& w, std::string_view name) { return w.entry(*w.find(name)).conn.state(); }

void handshake_setup(World& w) {
  w.schedule(at(0ms), ListenAction{"server", "l", 80, 8});
  w.schedule(at(0ms), ConnectAction{"client", "c", 40000, "server", 80});
}

}  // namespace

TEST_CASE("Two hosts complete the three-way handshake across the link", "[world]") {
  World w(two_hosts());
  handshake_setup(w);
  w.run_until(at(100ms));
  CHECK(state_of(w, "c") == State::Established);
  CHECK(state_of(w, "l") == State::Listen);
  REQUIRE(w.find("l.1"));
  CHECK(state_of(w, "l.1") == State::Established);
  const auto segs = sent(w);
  REQUIRE(segs.size() == 3);
  CHECK(segs[0]->seg.flags == Flags(kSyn));
  CHECK(segs[1]->seg.flags == Flags(kSyn | kAck));
  CHECK(segs[2]->seg.flags == Flags(kAck));
  // 10 ms one way by default: the SYN,ACK leaves the server when the SYN arrives.
  CHECK(segs[0]->arrival == at(10ms));
  CHECK(w.trace()[0].t == at(0ms));
  for (const auto* s : segs) CHECK(fates_of(w, s->id) == std::vector<Fate>{Fate::Delivered});
}

TEST_CASE("A connection to a port nobody listens on is answered with RST", "[world]") {
  World w(two_hosts());
  w.schedule(at(0ms), ConnectAction{"client", "c", 40000, "server", 81});
  w.run_until(at(100ms));
  const auto segs = sent(w);
  REQUIRE(segs.size() == 2);
  CHECK(segs[1]->seg.flags.has(kRst));
  CHECK(segs[1]->why == Rule::ResetForClosed);
  CHECK(state_of(w, "c") == State::Closed);
  CHECK(w.entry(*w.find("c")).last_error == UserError::ConnectionRefused);
}

TEST_CASE("Targeted faults pick the next matching segment", "[world][fault]") {
  World w(two_hosts());
  SECTION("drop the next SYN: the client retransmits it after the initial RTO") {
    w.schedule(at(0ms), DropNextAction{0, SegmentFilter{Flags(kSyn), std::nullopt, std::nullopt}});
    handshake_setup(w);
    w.run_until(at(2s));
    const auto segs = sent(w);
    REQUIRE(segs.size() >= 2);
    CHECK(fates_of(w, segs[0]->id) == std::vector<Fate>{Fate::Dropped});
    CHECK(segs[1]->seg.flags == Flags(kSyn));
    CHECK(segs[1]->retransmission);
    CHECK(state_of(w, "c") == State::Established);
  }
  SECTION("hold the SYN in flight and release it later: it arrives as an old duplicate") {
    handshake_setup(w);
    w.schedule(at(5ms), HoldInFlightAction{0, SegmentFilter{Flags(kSyn), std::nullopt, std::nullopt}, "old"});
    w.schedule(at(3s), ReleaseAction{"old"});
    w.run_until(at(2s));
    CHECK(w.held().size() == 1);
    w.run_until(at(4s));
    CHECK(w.held().empty());
    CHECK(fates_of(w, 1) == std::vector<Fate>{Fate::Held, Fate::Released, Fate::Delivered});
  }
}

TEST_CASE("A corrupted segment fails the receiver's checksum and is dropped there", "[world][link]") {
  WorldConfig c = two_hosts();
  c.link[0].corrupt = 1.0;
  World w(c);
  handshake_setup(w);
  w.run_until(at(50ms));
  const auto segs = sent(w);
  REQUIRE_FALSE(segs.empty());
  CHECK(fates_of(w, segs[0]->id) == std::vector<Fate>{Fate::Corrupted});
  CHECK(state_of(w, "c") == State::SynSent);
}

TEST_CASE("The same seed gives the same trace, and rewind replays it exactly", "[world][rewind]") {
  WorldConfig c = two_hosts(7);
  c.link[0].loss = 0.2;
  c.link[1].loss = 0.2;
  c.link[0].jitter = 5ms;
  c.snapshot_every = 4;
  auto run = [&c](World& w) {
    handshake_setup(w);
    w.schedule(at(1s), SendAction{"c", std::vector<std::uint8_t>(20000, 'x')});
    w.schedule(at(30s), CloseAction{"c"});
    w.run_until(at(60s));
  };
  World a(c), b(c);
  run(a);
  run(b);
  REQUIRE(a.trace().size() == b.trace().size());
  CHECK(sent(a).size() == sent(b).size());
  const std::size_t full = a.trace().size();
  const auto before = sent(a).size();

  a.rewind(at(2s));
  CHECK(a.now() == at(2s));
  CHECK(a.trace().size() < full);
  for (const TraceRecord& r : a.trace()) CHECK(r.t <= at(2s));
  a.run_until(at(60s));
  CHECK(a.trace().size() == full);
  CHECK(sent(a).size() == before);
  CHECK(a.entry(*a.find("c")).conn.state() == b.entry(*b.find("c")).conn.state());
}
