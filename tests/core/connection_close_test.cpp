// Closing: RFC 9293 §3.6, §3.10.4, §3.10.7.4 (ACK and FIN steps), §3.10.8.
#include "connection_harness.h"

using namespace tcplab;
using namespace tcplab::test;
using std::chrono::seconds;

namespace {
// An ESTABLISHED server (peer at kPeerIss+1) after CLOSE: FIN-WAIT-1, FIN sent.
Connection server_in_fin_wait_1(Profile p = rfc_profile()) {
  Connection c = established_server(std::move(p));
  REQUIRE(c.close(at_ms(100)).ok());
  REQUIRE(c.state() == State::FinWait1);
  transmitted(c, at_ms(100));
  drain_events(c);
  return c;
}
}  // namespace

TEST_CASE("ESTABLISHED: CLOSE", "[connection][close]") {
  Connection c = established_server();
  const SeqNum iss = iss_of(c);
  REQUIRE(c.close(at_ms(100)).ok());
  CHECK(c.state() == State::FinWait1);
  expect_transmit(c, at_ms(100), {.flags = kFin | kAck, .seq = iss + 1, .ack = kPeerIss + 1, .len = 0});
  auto ev = drain_events(c);
  CHECK(events_of<StateChanged>(ev).at(0) == StateChanged{State::Established, State::FinWait1, Rule::CloseInEstablished});
  CHECK(events_of<SegmentSent>(ev).at(0).why == Rule::FinSegment);
  CHECK(events_of<TimerArmed>(ev).at(0).kind == TimerKind::Retransmit);

  SECTION("SEND after CLOSE: \"connection closing\"") {
    auto r = c.send(bytes(1), at_ms(101));
    REQUIRE_FALSE(r.ok());
    CHECK(r.error() == UserError::ConnectionClosing);
  }
  SECTION("CLOSE again: \"connection closing\"") {
    auto r = c.close(at_ms(101));
    REQUIRE_FALSE(r.ok());
    CHECK(r.error() == UserError::ConnectionClosing);
  }
}

TEST_CASE("ESTABLISHED: CLOSE with data queued sends the FIN after the data", "[connection][close]") {
  Connection c = established_server();
  const SeqNum iss = iss_of(c);
  // The peer's window holds back the second SEND.
  deliver(c, Segment{.seq = kPeerIss + 1, .ack = iss + 1, .flags = kAck, .window = 1000}, at_ms(50));
  REQUIRE(c.send(bytes(1000), at_ms(100)).value() == 1000);
  expect_transmit(c, at_ms(100), {.flags = kAck | kPsh, .seq = iss + 1, .len = 1000});
  REQUIRE(c.send(bytes(1000), at_ms(100)).value() == 1000);
  expect_silent(c, at_ms(100));
  REQUIRE(c.close(at_ms(100)).ok());
  CHECK(c.state() == State::FinWait1);
  expect_silent(c, at_ms(100));  // the FIN waits behind the queued data
  deliver(c, Segment{.seq = kPeerIss + 1, .ack = iss + 1001, .flags = kAck, .window = 1000}, at_ms(120));
  // The FIN rides on the last data segment.
  expect_transmit(c, at_ms(120), {.flags = kFin | kPsh | kAck, .seq = iss + 1001, .len = 1000});
  expect_silent(c, at_ms(120));
  deliver(c, Segment{.seq = kPeerIss + 1, .ack = iss + 2002, .flags = kAck, .window = 1000}, at_ms(140));
  CHECK(c.state() == State::FinWait2);
}

TEST_CASE("FIN-WAIT-1: segment arrives", "[connection][close][fin-wait-1]") {
  Connection c = server_in_fin_wait_1();
  const SeqNum iss = iss_of(c);

  SECTION("ACK of our FIN: FIN-WAIT-1 -> FIN-WAIT-2, nothing sent") {
    deliver(c, Segment{.seq = kPeerIss + 1, .ack = iss + 2, .flags = kAck, .window = 65535}, at_ms(110));
    CHECK(c.state() == State::FinWait2);
    expect_silent(c, at_ms(110));
    CHECK(take_events<StateChanged>(c).at(0) == StateChanged{State::FinWait1, State::FinWait2, Rule::AckOfFinInFinWait1});
    CHECK(c.next_deadline() == std::nullopt);  // RFC 9293 sets no FIN-WAIT-2 timer
  }

  SECTION("FIN without the ACK of ours (simultaneous close): FIN-WAIT-1 -> CLOSING") {
    deliver(c, Segment{.seq = kPeerIss + 1, .ack = iss + 1, .flags = kFin | kAck, .window = 65535}, at_ms(110));
    CHECK(c.state() == State::Closing);
    expect_transmit(c, at_ms(110), {.flags = kAck, .seq = iss + 2, .ack = kPeerIss + 2});
    CHECK(take_events<StateChanged>(c).at(0) == StateChanged{State::FinWait1, State::Closing, Rule::FinInFinWait1});

    SECTION("ACK of our FIN: CLOSING -> TIME-WAIT") {
      deliver(c, Segment{.seq = kPeerIss + 2, .ack = iss + 2, .flags = kAck, .window = 65535}, at_ms(120));
      CHECK(c.state() == State::TimeWait);
      expect_silent(c, at_ms(120));
      auto ev = drain_events(c);
      CHECK(events_of<StateChanged>(ev).at(0) == StateChanged{State::Closing, State::TimeWait, Rule::AckOfFinInClosing});
      CHECK(events_of<TimerArmed>(ev).back() == TimerArmed{TimerKind::TimeWait, at_ms(120) + seconds(240), seconds(240), 0});
    }
    SECTION("an ACK that does not cover our FIN: stay in CLOSING") {
      deliver(c, Segment{.seq = kPeerIss + 2, .ack = iss + 1, .flags = kAck, .window = 65535}, at_ms(120));
      CHECK(c.state() == State::Closing);
    }
  }

  SECTION("FIN together with the ACK of our FIN: FIN-WAIT-1 -> TIME-WAIT directly") {
    deliver(c, Segment{.seq = kPeerIss + 1, .ack = iss + 2, .flags = kFin | kAck, .window = 65535}, at_ms(110));
    CHECK(c.state() == State::TimeWait);
    expect_transmit(c, at_ms(110), {.flags = kAck, .seq = iss + 2, .ack = kPeerIss + 2});
    auto changes = take_events<StateChanged>(c);
    REQUIRE(changes.size() == 1);
    CHECK(changes[0] == StateChanged{State::FinWait1, State::TimeWait, Rule::FinAndAckInFinWait1});
    CHECK(c.next_deadline() == at_ms(110) + seconds(240));
  }

  SECTION("data still arrives in FIN-WAIT-1") {
    deliver(c, Segment{.seq = kPeerIss + 1, .ack = iss + 1, .flags = kAck | kPsh, .window = 65535, .payload = bytes(5)}, at_ms(110));
    expect_transmit(c, at_ms(110), {.flags = kAck, .ack = kPeerIss + 6});
    CHECK(c.receive(100, at_ms(111)).value() == bytes(5));
  }

  SECTION("the FIN is retransmitted on timeout") {
    fire_timers(c, at_ms(1100));
    expect_transmit(c, at_ms(1100), {.flags = kFin | kAck, .seq = iss + 1});
    CHECK(take_events<SegmentSent>(c).at(0).retransmission);
  }
}

TEST_CASE("FIN-WAIT-2: half-close", "[connection][close][fin-wait-2]") {
  Connection c = server_in_fin_wait_1();
  const SeqNum iss = iss_of(c);
  deliver(c, Segment{.seq = kPeerIss + 1, .ack = iss + 2, .flags = kAck, .window = 65535}, at_ms(110));
  REQUIRE(c.state() == State::FinWait2);
  drain_events(c);

  SECTION("data keeps flowing to us") {
    deliver(c, Segment{.seq = kPeerIss + 1, .ack = iss + 2, .flags = kAck | kPsh, .window = 65535, .payload = bytes(300)}, at_ms(120));
    expect_transmit(c, at_ms(120), {.flags = kAck, .seq = iss + 2, .ack = kPeerIss + 301, .window = 65535 - 300});
    CHECK(take_events<DataDelivered>(c).at(0).bytes == 300);
    CHECK(c.receive(1000, at_ms(121)).value() == bytes(300));
  }

  SECTION("FIN: FIN-WAIT-2 -> TIME-WAIT, ACK, 2MSL = 240 s") {
    deliver(c, Segment{.seq = kPeerIss + 1, .ack = iss + 2, .flags = kFin | kAck, .window = 65535}, at_ms(120));
    CHECK(c.state() == State::TimeWait);
    expect_transmit(c, at_ms(120), {.flags = kAck, .seq = iss + 2, .ack = kPeerIss + 2});
    auto ev = drain_events(c);
    CHECK(events_of<StateChanged>(ev).at(0) == StateChanged{State::FinWait2, State::TimeWait, Rule::FinInFinWait2});
    CHECK(events_of<SegmentSent>(ev).at(0).why == Rule::FinInFinWait2);
  }

  SECTION("SEND: \"connection closing\"") {
    CHECK(c.send(bytes(1), at_ms(120)).error() == UserError::ConnectionClosing);
  }
}

TEST_CASE("TIME-WAIT: 2MSL", "[connection][close][time-wait]") {
  auto [profile, wait] = GENERATE(table<Profile, Duration>({
      {rfc_profile(), seconds(240)},          // 2 * MSL of 2 minutes
      {Profile::linux_like(), seconds(60)},   // TCP_TIMEWAIT_LEN
  }));
  CAPTURE(profile.name);
  Connection c = server_in_fin_wait_1(profile);
  const SeqNum iss = iss_of(c);
  const SeqNum ack_of_fin = iss + 2;
  // The Linux profile negotiated nothing here (the test peer sent no options).
  deliver(c, Segment{.seq = kPeerIss + 1, .ack = ack_of_fin, .flags = kFin | kAck, .window = 65535}, at_s(1));
  REQUIRE(c.state() == State::TimeWait);
  transmitted(c, at_s(1));
  drain_events(c);
  CHECK(c.next_deadline() == at_s(1) + wait);

  SECTION("2MSL passes: TIME-WAIT -> CLOSED") {
    fire_timers(c, at_s(1) + wait - std::chrono::milliseconds(1));
    CHECK(c.state() == State::TimeWait);
    fire_timers(c, at_s(1) + wait);
    CHECK(c.state() == State::Closed);
    expect_silent(c, at_s(1) + wait);
    auto ev = drain_events(c);
    CHECK(events_of<TimerFired>(ev).at(0).kind == TimerKind::TimeWait);
    CHECK(events_of<StateChanged>(ev).at(0) == StateChanged{State::TimeWait, State::Closed, Rule::TimeWaitExpired});
    CHECK(c.close(at_s(1) + wait).error() == UserError::ConnectionDoesNotExist);
  }

  SECTION("a retransmitted FIN is acknowledged and restarts the 2MSL timer") {
    deliver(c, Segment{.seq = kPeerIss + 1, .ack = ack_of_fin, .flags = kFin | kAck, .window = 65535}, at_s(30));
    CHECK(c.state() == State::TimeWait);
    expect_transmit(c, at_s(30), {.flags = kAck, .seq = iss + 2, .ack = kPeerIss + 2});
    auto ev = drain_events(c);
    CHECK(events_of<SegmentSent>(ev).at(0).why == Rule::FinInTimeWait);
    CHECK(events_of<TimerArmed>(ev).at(0) == TimerArmed{TimerKind::TimeWait, at_s(30) + wait, wait, 0});
    fire_timers(c, at_s(1) + wait);
    CHECK(c.state() == State::TimeWait);
    fire_timers(c, at_s(30) + wait);
    CHECK(c.state() == State::Closed);
  }

  SECTION("RECEIVE, SEND, CLOSE: \"connection closing\"; ABORT: CLOSED, nothing sent") {
    CHECK(c.receive(10, at_s(2)).error() == UserError::ConnectionClosing);
    CHECK(c.send(bytes(1), at_s(2)).error() == UserError::ConnectionClosing);
    CHECK(c.close(at_s(2)).error() == UserError::ConnectionClosing);
    REQUIRE(c.abort(at_s(2)).ok());
    CHECK(c.state() == State::Closed);
    expect_silent(c, at_s(2));
  }

  SECTION("an acceptable RST: TIME-WAIT -> CLOSED") {
    deliver(c, Segment{.seq = kPeerIss + 2, .flags = kRst}, at_s(2));
    CHECK(c.state() == State::Closed);
    auto ev = drain_events(c);
    CHECK(events_of<StateChanged>(ev).at(0) == StateChanged{State::TimeWait, State::Closed, Rule::RstInSynchronized});
    CHECK(events_of<ConnectionError>(ev).empty());
  }
}

TEST_CASE("CLOSE-WAIT and LAST-ACK: the peer closes first", "[connection][close][close-wait]") {
  Connection c = established_server();
  const SeqNum iss = iss_of(c);
  deliver(c, Segment{.seq = kPeerIss + 1, .ack = iss + 1, .flags = kAck | kPsh, .window = 65535, .payload = bytes(4)}, at_ms(100));
  deliver(c, Segment{.seq = kPeerIss + 5, .ack = iss + 1, .flags = kFin | kAck, .window = 65535}, at_ms(101));
  CHECK(c.state() == State::CloseWait);
  transmitted(c, at_ms(101));
  auto changes = take_events<StateChanged>(c);
  CHECK(changes.at(0) == StateChanged{State::Established, State::CloseWait, Rule::FinInEstablished});

  SECTION("RECEIVE hands out the data, then \"connection closing\"") {
    CHECK(c.receive(100, at_ms(102)).value() == bytes(4));
    CHECK(c.receive(100, at_ms(102)).error() == UserError::ConnectionClosing);
  }

  SECTION("data still flows from CLOSE-WAIT") {
    REQUIRE(c.send(bytes(10), at_ms(102)).value() == 10);
    expect_transmit(c, at_ms(102), {.flags = kAck | kPsh, .seq = iss + 1, .ack = kPeerIss + 6, .len = 10});
  }

  SECTION("CLOSE: CLOSE-WAIT -> LAST-ACK, FIN; its ACK: LAST-ACK -> CLOSED") {
    REQUIRE(c.close(at_ms(102)).ok());
    CHECK(c.state() == State::LastAck);
    expect_transmit(c, at_ms(102), {.flags = kFin | kAck, .seq = iss + 1, .ack = kPeerIss + 6});
    CHECK(take_events<StateChanged>(c).at(0) == StateChanged{State::CloseWait, State::LastAck, Rule::CloseInCloseWait});
    CHECK(c.close(at_ms(103)).error() == UserError::ConnectionClosing);

    SECTION("the ACK") {
      deliver(c, Segment{.seq = kPeerIss + 6, .ack = iss + 2, .flags = kAck, .window = 65535}, at_ms(110));
      CHECK(c.state() == State::Closed);
      expect_silent(c, at_ms(110));
      CHECK(take_events<StateChanged>(c).at(0) == StateChanged{State::LastAck, State::Closed, Rule::AckOfFinInLastAck});
      CHECK(c.next_deadline() == std::nullopt);
    }
    SECTION("no ACK: the FIN is retransmitted after 1 s") {
      fire_timers(c, at_ms(1102));
      expect_transmit(c, at_ms(1102), {.flags = kFin | kAck, .seq = iss + 1});
    }
  }
}

TEST_CASE("Close end to end", "[connection][close][pair]") {
  SECTION("four-way close: client FIN-WAIT-1, FIN-WAIT-2, TIME-WAIT; server CLOSE-WAIT, LAST-ACK") {
    Pair p;
    p.open();
    p.run_until(at_ms(100));
    REQUIRE(p.client.close(p.now).ok());
    p.run_until(at_ms(200));
    CHECK(p.client.state() == State::FinWait2);
    CHECK(p.server.state() == State::CloseWait);
    REQUIRE(p.server.close(p.now).ok());
    p.run_until(at_ms(300));
    CHECK(p.client.state() == State::TimeWait);
    CHECK(p.server.state() == State::Closed);
    p.run_until(at_ms(300) + seconds(240));
    CHECK(p.client.state() == State::Closed);
  }

  SECTION("simultaneous close: both FIN-WAIT-1 -> CLOSING -> TIME-WAIT") {
    Pair p;
    p.open();
    p.run_until(at_ms(100));
    REQUIRE(p.client.close(p.now).ok());
    REQUIRE(p.server.close(p.now).ok());
    p.run_until(at_ms(200));
    CHECK(p.client.state() == State::TimeWait);
    CHECK(p.server.state() == State::TimeWait);
    auto changes = take_events<StateChanged>(p.client);
    CHECK(changes.at(changes.size() - 2) == StateChanged{State::FinWait1, State::Closing, Rule::FinInFinWait1});
    CHECK(changes.back() == StateChanged{State::Closing, State::TimeWait, Rule::AckOfFinInClosing});
  }

  SECTION("the last ACK is lost: LAST-ACK resends its FIN, TIME-WAIT answers and restarts 2MSL") {
    Pair p;
    p.open();
    p.run_until(at_ms(100));
    REQUIRE(p.client.close(p.now).ok());
    p.run_until(at_ms(200));
    int dropped = 0;
    p.drop = [&](const Segment& s, bool from_client) {
      return from_client && s.flags == Flags(kAck) && dropped++ == 0;
    };
    REQUIRE(p.server.close(p.now).ok());
    p.run_until(at_ms(250));
    CHECK(p.client.state() == State::TimeWait);
    CHECK(p.server.state() == State::LastAck);
    const Instant first_deadline = *p.client.next_deadline();
    p.run_until(at_s(2));  // the server's RTO (1 s) resends the FIN
    CHECK(p.server.state() == State::Closed);
    CHECK(p.client.state() == State::TimeWait);
    CHECK(*p.client.next_deadline() > first_deadline);
  }
}
