// The World as the lab uses it: two hosts, a link, inputs at times, a trace.
#include <catch2/catch.hpp>

#include <algorithm>
#include <chrono>

#include "core/sim/world.h"

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

// Copies: the trace hands out records by value (core/sim/trace.h). Each
// element keeps the pointer-like spelling (segs[0]->seg) the tests use.
struct SentCopy {
  SegmentSentRecord rec;
  const SegmentSentRecord* operator->() const { return &rec; }
  const SegmentSentRecord& operator*() const { return rec; }
};
std::vector<SentCopy> sent(const World& w) {
  std::vector<SentCopy> out;
  for (const TraceRecord& r : w.trace())
    if (const auto* s = std::get_if<SegmentSentRecord>(&r.data)) out.push_back(SentCopy{*s});
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
  for (const auto& s : segs) CHECK(fates_of(w, s->id) == std::vector<Fate>{Fate::Delivered});
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

TEST_CASE("A SEND's octets are kept once: the input log shares them, and rewind replays them exactly", "[world][rewind]") {
  World w(two_hosts(3));
  handshake_setup(w);
  w.run_until(at(100ms));
  const Payload chunk(pattern_octets(4000));
  for (int i = 0; i < 5; ++i) {
    w.apply(SendAction{"c", chunk});
    w.run_until(w.now() + 50ms);
  }
  w.run_until(at(5s));
  const std::size_t full = w.trace().size();
  const std::vector<InputRecord> log = w.inputs();
  int sends = 0;
  for (const InputRecord& in : log)
    if (const auto* s = std::get_if<SendAction>(&in.action)) {
      ++sends;
      CHECK(s->data.shares(chunk));  // a pointer to the one buffer, not a copy of 4000 octets
    }
  CHECK(sends == 5);
  CHECK(w.entry(*w.find("l.1")).bytes_read == 20000);

  w.rewind(at(150ms));
  CHECK(w.entry(*w.find("l.1")).bytes_read < 20000);
  w.run_until(at(5s));
  CHECK(w.trace().size() == full);
  CHECK(w.entry(*w.find("l.1")).bytes_read == 20000);
}

TEST_CASE("pattern_octets repeats a to z", "[world]") {
  const std::vector<std::uint8_t> p = pattern_octets(55);
  REQUIRE(p.size() == 55);
  CHECK(std::string(p.begin(), p.end()) == "abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzabc");
  CHECK(pattern_octets(0).empty());
  // A stream's later writes carry on where the pattern left off, across a wrap.
  std::string tail(30, '?');
  fill_pattern(reinterpret_cast<std::uint8_t*>(tail.data()), tail.size(), 26 * 1000 + 24);
  CHECK(tail == "yzabcdefghijklmnopqrstuvwxyzab");
}

TEST_CASE("The link's duplicate gets its own id and both copies arrive", "[world][link]") {
  WorldConfig c = two_hosts();
  c.link[0].duplicate = 1.0;
  World w(c);
  handshake_setup(w);
  w.run_until(at(100ms));
  const auto segs = sent(w);
  REQUIRE(segs.size() >= 2);
  CHECK(segs[1]->origin == SegmentOrigin::Duplicate);
  CHECK(segs[1]->copy_of == segs[0]->id);
  CHECK(fates_of(w, segs[0]->id) == std::vector<Fate>{Fate::Duplicated, Fate::Delivered});
  CHECK(fates_of(w, segs[1]->id) == std::vector<Fate>{Fate::Delivered});
  // The second SYN reaches the half-open connection, not a new clone.
  CHECK(w.find("l.1"));
  CHECK_FALSE(w.find("l.2"));
}

TEST_CASE("Segments on the wire can be read with their progress", "[world]") {
  World w(two_hosts());
  handshake_setup(w);
  w.run_until(at(5ms));
  const auto flying = w.in_flight();
  REQUIRE(flying.size() == 1);
  CHECK(flying[0].dir == 0);
  CHECK(flying[0].seg.flags == Flags(kSyn));
  CHECK(flying[0].arrival == at(10ms));
  CHECK(flying[0].progress(w.now()) == Approx(0.5));
  w.run_until(at(10ms));
  CHECK(w.in_flight().size() == 1);  // now the SYN,ACK
  CHECK(w.in_flight()[0].dir == 1);
}

TEST_CASE("A full backlog drops further SYNs", "[world]") {
  WorldConfig c = two_hosts();
  c.link[1].loss = 1.0;  // no SYN,ACK gets back, so clones stay in SYN-RECEIVED
  World w(c);
  w.schedule(at(0ms), ListenAction{"server", "l", 80, 1});
  w.schedule(at(0ms), ConnectAction{"client", "a", 40000, "server", 80});
  w.schedule(at(0ms), ConnectAction{"client", "b", 40001, "server", 80});
  w.run_until(at(100ms));
  CHECK(state_of(w, "l.1") == State::SynReceived);
  CHECK_FALSE(w.find("l.2"));
  bool noted = false;
  for (const TraceRecord& r : w.trace())
    if (const auto* h = std::get_if<HostRecord>(&r.data)) noted = noted || h->text.find("backlog") != std::string::npos;
  CHECK(noted);
}

TEST_CASE("Packets over the MTU never arrive", "[world][link]") {
  WorldConfig c = two_hosts();
  c.link[0].mtu = 576;
  World w(c);
  handshake_setup(w);
  w.schedule(at(100ms), SendAction{"c", std::vector<std::uint8_t>(1000, 'x')});
  w.run_until(at(200ms));
  bool too_big = false;
  for (const auto& s : sent(w))
    for (Fate f : fates_of(w, s->id)) too_big = too_big || (f == Fate::TooBig && s->payload > 536);
  CHECK(too_big);
}

TEST_CASE("An injected segment comes from the target's peer and is traced as injected", "[world][fault]") {
  World w(two_hosts());
  handshake_setup(w);
  w.schedule(at(100ms), InjectAction{"c", Flags(kRst), SeqExpr{SeqExpr::Base::RcvNxt, 0}, SeqExpr{}, 0, {}});
  w.run_until(at(200ms));
  const auto segs = sent(w);
  REQUIRE(segs.size() == 4);
  CHECK(segs[3]->origin == SegmentOrigin::Injected);
  CHECK(segs[3]->from == 1);
  // RST exactly at RCV.NXT is acceptable (RFC 5961 §3.2): the connection is reset.
  CHECK(state_of(w, "c") == State::Closed);
  CHECK(w.entry(*w.find("c")).last_error == UserError::ConnectionReset);
}

TEST_CASE("A World is a value: a copy runs on exactly like the original", "[world]") {
  WorldConfig c = two_hosts(11);
  c.link[0].loss = 0.1;
  c.link[1].jitter = 4ms;
  World a(c);
  handshake_setup(a);
  a.schedule(at(50ms), SendAction{"c", std::vector<std::uint8_t>(30000, 'y')});
  a.run_until(at(60ms));
  World b = a;
  a.run_until(at(10s));
  b.run_until(at(10s));
  REQUIRE(a.trace().size() == b.trace().size());
  CHECK(sent(a).size() == sent(b).size());
  CHECK(a.entry(*a.find("l.1")).bytes_read == 30000);
  CHECK(b.entry(*b.find("l.1")).bytes_read == 30000);
}

TEST_CASE("Dropping a segment in flight removes it from the wire", "[world][fault]") {
  World w(two_hosts());
  handshake_setup(w);
  SECTION("a matching segment is on the wire") {
    w.schedule(at(5ms), DropInFlightAction{0, SegmentFilter{Flags(kSyn), std::nullopt, std::nullopt}});
    w.run_until(at(6ms));
    CHECK(w.in_flight().empty());
    CHECK(fates_of(w, 1) == std::vector<Fate>{Fate::Dropped});
    CHECK(state_of(w, "c") == State::SynSent);
    CHECK_FALSE(w.find("l.1"));
  }
  SECTION("nothing matches: the fault says so and nothing changes") {
    w.schedule(at(5ms), DropInFlightAction{1, SegmentFilter{}});
    w.run_until(at(100ms));
    CHECK(state_of(w, "c") == State::Established);
    bool said = false;
    for (const TraceRecord& r : w.trace())
      if (const auto* f = std::get_if<FaultRecord>(&r.data)) said = said || f->text.find("drop in flight: no") == 0;
    CHECK(said);
  }
}

TEST_CASE("With reading off, data waits for RECEIVE", "[world]") {
  World w(two_hosts());
  handshake_setup(w);
  w.schedule(at(50ms), ReadingAction{"l.1", false});
  w.schedule(at(100ms), SendAction{"c", std::vector<std::uint8_t>(100, 'z')});
  w.run_until(at(200ms));
  CHECK(w.entry(*w.find("l.1")).bytes_read == 0);
  CHECK(w.entry(*w.find("l.1")).conn.status().receive_queued == 100);
  w.apply(ReceiveAction{"l.1", 30});
  CHECK(w.entry(*w.find("l.1")).bytes_read == 30);
  CHECK(w.entry(*w.find("l.1")).conn.status().receive_queued == 70);
}

TEST_CASE("apply says what the input did: performed, the user error, the octets, the segment", "[world][apply]") {
  World w(two_hosts());
  handshake_setup(w);
  w.run_until(at(100ms));
  // SEND takes every octet when the buffer has room.
  const ApplyResult sent_ok = w.apply(SendAction{"c", std::vector<std::uint8_t>(1000, 'x')});
  CHECK(sent_ok.performed);
  CHECK_FALSE(sent_ok.error);
  REQUIRE(sent_ok.octets);
  CHECK(*sent_ok.octets == 1000);
  // The segment it sent is on the wire: taking it off names it.
  const auto data = sent(w).back();
  REQUIRE(data->payload == 1000);
  const ApplyResult dropped = w.apply(DropInFlightAction{0, SegmentFilter{std::nullopt, true, std::nullopt}});
  CHECK(dropped.performed);
  REQUIRE(dropped.segment);
  CHECK(*dropped.segment == data->id);
  CHECK(fates_of(w, data->id) == std::vector<Fate>{Fate::Dropped});
  // Nothing left to take: not performed, and no segment.
  const ApplyResult none = w.apply(DropInFlightAction{0, SegmentFilter{std::nullopt, true, std::nullopt}});
  CHECK_FALSE(none.performed);
  CHECK_FALSE(none.segment);
  // RECEIVE reads what arrived at the server (the application is not reading on its own here).
  w.apply(ReadingAction{"l.1", false});
  w.apply(SendAction{"c", std::vector<std::uint8_t>(10, 'y')});
  w.run_until(at(2s));
  const ApplyResult got = w.apply(ReceiveAction{"l.1", 65536});
  CHECK(got.performed);
  REQUIRE(got.octets);
  CHECK(*got.octets == 1010);  // the dropped segment was retransmitted
  // A call the RFC refuses: SEND after CLOSE.
  w.apply(CloseAction{"c"});
  const ApplyResult refused = w.apply(SendAction{"c", std::vector<std::uint8_t>(5, 'z')});
  CHECK(refused.performed);
  REQUIRE(refused.error);
  CHECK(*refused.error == UserError::ConnectionClosing);
  CHECK_FALSE(refused.octets);
  // No such connection: not performed, a fault record says why.
  const ApplyResult unknown = w.apply(CloseAction{"nobody"});
  CHECK_FALSE(unknown.performed);
  CHECK_FALSE(unknown.error);
}
