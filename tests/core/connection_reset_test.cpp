// Acceptability, resets and the RFC 5961 defences: RFC 9293 §3.10.7.1,
// §3.10.7.4 (first, second, fourth and fifth checks), RFC 5961 §3-§5, §7;
// ABORT (§3.10.5) and the user calls' error responses (§3.10).
#include "connection_harness.h"

using namespace tcplab;
using namespace tcplab::test;

TEST_CASE("CLOSED: reset_for_closed (RFC 9293 §3.10.7.1)", "[connection][reset][closed]") {
  const Segment base = addressed(Segment{}, kClient, kServer);

  SECTION("no ACK: <SEQ=0><ACK=SEG.SEQ+SEG.LEN><CTL=RST,ACK>") {
    auto [flags, payload, ack] = GENERATE(table<std::uint8_t, std::size_t, std::uint32_t>({
        {kSyn, 0, 501},         // SYN counts one
        {kFin, 10, 511},        // FIN counts one, plus the text
        {kPsh, 10, 510},
        {kSyn | kFin, 0, 502},
    }));
    Segment in = base;
    in.seq = SeqNum{500};
    in.flags = flags;
    in.payload = bytes(payload);
    auto r = reset_for_closed(in);
    REQUIRE(r.has_value());
    CHECK(r->flags == Flags(kRst | kAck));
    CHECK(r->seq == SeqNum{0});
    CHECK(r->ack.value() == ack);
    CHECK(r->source() == kServer);
    CHECK(r->destination() == kClient);
    CHECK(r->payload.empty());
  }
  SECTION("ACK: <SEQ=SEG.ACK><CTL=RST>") {
    Segment in = base;
    in.seq = SeqNum{500};
    in.ack = SeqNum{4242};
    in.flags = kAck | kPsh;
    in.payload = bytes(3);
    auto r = reset_for_closed(in);
    REQUIRE(r.has_value());
    CHECK(r->flags == Flags(kRst));
    CHECK(r->seq == SeqNum{4242});
  }
  SECTION("an RST is never answered") {
    Segment in = base;
    in.flags = kRst | kAck;
    CHECK_FALSE(reset_for_closed(in).has_value());
  }
  SECTION("a CLOSED connection answers with exactly that") {
    Connection c(rfc_profile(), kServer);
    deliver(c, Segment{.seq = SeqNum{500}, .flags = kSyn}, at_ms(0));
    expect_transmit(c, at_ms(0), {.flags = kRst | kAck, .seq = SeqNum{0}, .ack = SeqNum{501}});
    CHECK(take_events<SegmentRejected>(c).at(0).why == Rule::ResetForClosed);
    CHECK(c.state() == State::Closed);
  }
}

TEST_CASE("ESTABLISHED: sequence number check (RFC 9293 §3.10.7.4 first)", "[connection][reset][acceptability]") {
  Connection c = established_server();
  const SeqNum iss = iss_of(c);
  // RCV.NXT = 1001, RCV.WND = 65535.
  // {seq offset from RCV.NXT, payload length, acceptable}
  auto [off, len, ok] = GENERATE(table<std::int64_t, std::size_t, bool>({
      {0, 0, true},          // len 0, at RCV.NXT
      {65534, 0, true},      // len 0, last octet of the window
      {65535, 0, false},     // len 0, just past the window
      {-1, 0, false},        // len 0, just before RCV.NXT
      {0, 10, true},         // len > 0, starts in the window
      {-5, 10, true},        // len > 0, ends in the window (old octets trimmed)
      {-10, 10, false},      // len > 0, entirely old
      {65530, 10, true},     // len > 0, starts in the window, runs past it
      {65535, 10, false},    // len > 0, beyond the window
  }));
  CAPTURE(off, len);
  const SeqNum seq = kPeerIss + 1 + static_cast<std::uint32_t>(off);
  deliver(c, Segment{.seq = seq, .ack = iss + 1, .flags = kAck, .window = 65535, .payload = bytes(len)}, at_ms(100));
  auto ev = drain_events(c);
  if (ok) {
    CHECK(events_of<SegmentAccepted>(ev).size() == 1);
  } else {
    REQUIRE(events_of<SegmentRejected>(ev).size() == 1);
    CHECK(events_of<SegmentRejected>(ev)[0].why == Rule::UnacceptableSegment);
    // "an acknowledgment should be sent in reply": <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>
    expect_transmit(c, at_ms(100), {.flags = kAck, .seq = iss + 1, .ack = kPeerIss + 1, .len = 0});
  }
  CHECK(c.state() == State::Established);
}

TEST_CASE("Zero receive window: only a segment at RCV.NXT passes, its text is dropped", "[connection][reset][acceptability]") {
  Profile p = rfc_profile();
  p.receive_buffer = 100;
  Connection c = established_server(p);
  const SeqNum iss = iss_of(c);
  deliver(c, Segment{.seq = kPeerIss + 1, .ack = iss + 1, .flags = kAck, .window = 65535, .payload = bytes(100)}, at_ms(100));
  expect_transmit(c, at_ms(100), {.flags = kAck, .ack = kPeerIss + 101, .window = 0});
  CHECK(c.status().rcv_wnd == 0);
  drain_events(c);

  SECTION("a zero-window probe at RCV.NXT: ACK, window still 0, text dropped") {
    deliver(c, Segment{.seq = kPeerIss + 101, .ack = iss + 1, .flags = kAck, .window = 65535, .payload = bytes(1)}, at_ms(200));
    expect_transmit(c, at_ms(200), {.flags = kAck, .ack = kPeerIss + 101, .window = 0});
    CHECK(c.status().receive_queued == 100);
  }
  SECTION("an empty ACK at RCV.NXT is acceptable") {
    deliver(c, Segment{.seq = kPeerIss + 101, .ack = iss + 1, .flags = kAck, .window = 65535}, at_ms(200));
    CHECK(take_events<SegmentAccepted>(c).size() == 1);
    expect_silent(c, at_ms(200));
  }
  SECTION("anything else is unacceptable") {
    deliver(c, Segment{.seq = kPeerIss + 102, .ack = iss + 1, .flags = kAck, .window = 65535}, at_ms(200));
    CHECK(take_events<SegmentRejected>(c).at(0).why == Rule::UnacceptableSegment);
  }
}

TEST_CASE("Synchronized states: RST (RFC 5961 §3.2)", "[connection][reset][rst]") {
  Connection c = established_server();
  const SeqNum iss = iss_of(c);

  SECTION("RST at exactly RCV.NXT: ESTABLISHED -> CLOSED, \"connection reset\"") {
    deliver(c, Segment{.seq = kPeerIss + 1, .flags = kRst}, at_ms(100));
    CHECK(c.state() == State::Closed);
    expect_silent(c, at_ms(100));
    auto ev = drain_events(c);
    CHECK(events_of<StateChanged>(ev).at(0) == StateChanged{State::Established, State::Closed, Rule::RstInSynchronized});
    CHECK(events_of<ConnectionError>(ev).at(0) == ConnectionError{UserError::ConnectionReset, Rule::RstInSynchronized});
    // Once signalled, calls report the reset.
    CHECK(c.send(bytes(1), at_ms(101)).error() == UserError::ConnectionReset);
    CHECK(c.receive(1, at_ms(101)).error() == UserError::ConnectionReset);
    CHECK(c.close(at_ms(101)).error() == UserError::ConnectionReset);
    // A new OPEN starts afresh.
    REQUIRE(c.open_passive(at_ms(102)).ok());
    CHECK(c.state() == State::Listen);
  }

  SECTION("RST in the window, not at RCV.NXT: challenge ACK, connection kept") {
    deliver(c, Segment{.seq = kPeerIss + 2, .flags = kRst}, at_ms(100));
    CHECK(c.state() == State::Established);
    expect_transmit(c, at_ms(100), {.flags = kAck, .seq = iss + 1, .ack = kPeerIss + 1});
    CHECK(take_events<SegmentRejected>(c).at(0).why == Rule::RstChallenge);
  }

  SECTION("RST outside the window: dropped silently") {
    deliver(c, Segment{.seq = kPeerIss + 70000, .flags = kRst}, at_ms(100));
    CHECK(c.state() == State::Established);
    expect_silent(c, at_ms(100));
    CHECK(take_events<SegmentRejected>(c).at(0).why == Rule::RstOutOfWindow);
  }
}

TEST_CASE("Every synchronized state -> CLOSED on an acceptable RST", "[connection][reset][rst]") {
  // {state to reach, error signalled}
  auto [target, signalled] = GENERATE(table<State, bool>({
      {State::Established, true},
      {State::FinWait1, true},
      {State::FinWait2, true},
      {State::CloseWait, true},
      {State::Closing, false},
      {State::LastAck, false},
      {State::TimeWait, false},
  }));
  CAPTURE(rfc_name(target));
  Connection c = established_server();
  const SeqNum iss = iss_of(c);
  SeqNum peer_next = kPeerIss + 1;
  auto from_peer = [&](Flags f, SeqNum ack) {
    deliver(c, Segment{.seq = peer_next, .ack = ack, .flags = f, .window = 65535}, at_ms(100));
    if (f.has(kFin)) peer_next += 1;
  };
  switch (target) {
    case State::FinWait1: REQUIRE(c.close(at_ms(100)).ok()); break;
    case State::FinWait2: REQUIRE(c.close(at_ms(100)).ok()); from_peer(kAck, iss + 2); break;
    case State::CloseWait: from_peer(kFin | kAck, iss + 1); break;
    case State::Closing: REQUIRE(c.close(at_ms(100)).ok()); from_peer(kFin | kAck, iss + 1); break;
    case State::LastAck: from_peer(kFin | kAck, iss + 1); REQUIRE(c.close(at_ms(100)).ok()); break;
    case State::TimeWait: REQUIRE(c.close(at_ms(100)).ok()); from_peer(kFin | kAck, iss + 2); break;
    default: break;
  }
  REQUIRE(c.state() == target);
  transmitted(c, at_ms(100));
  drain_events(c);
  deliver(c, Segment{.seq = peer_next, .flags = kRst}, at_ms(150));
  CHECK(c.state() == State::Closed);
  expect_silent(c, at_ms(150));
  auto ev = drain_events(c);
  CHECK(events_of<StateChanged>(ev).at(0) == StateChanged{target, State::Closed, Rule::RstInSynchronized});
  CHECK(events_of<ConnectionError>(ev).size() == (signalled ? 1u : 0u));
  CHECK(c.next_deadline() == std::nullopt);
}

TEST_CASE("Synchronized states: SYN gets a challenge ACK (RFC 5961 §4.2)", "[connection][reset][syn]") {
  Connection c = established_server();
  const SeqNum iss = iss_of(c);
  auto seq = GENERATE(kPeerIss + 1, kPeerIss + 500, kPeerIss + 100000, kPeerIss);  // in, in, out, old
  CAPTURE(seq.value());
  deliver(c, Segment{.seq = seq, .flags = kSyn, .window = 65535}, at_ms(100));
  CHECK(c.state() == State::Established);
  expect_transmit(c, at_ms(100), {.flags = kAck, .seq = iss + 1, .ack = kPeerIss + 1});
  CHECK(take_events<SegmentRejected>(c).at(0).why == Rule::SynChallenge);
}

TEST_CASE("Synchronized states: ACK acceptability (RFC 5961 §5.2)", "[connection][reset][ack]") {
  Connection c = established_server();
  const SeqNum iss = iss_of(c);
  REQUIRE(c.send(bytes(100), at_ms(100)).ok());
  transmitted(c, at_ms(100));
  drain_events(c);
  // SND.UNA = ISS+1, SND.NXT = ISS+101, MAX.SND.WND = 65535.

  SECTION("ACK of something not yet sent: challenge ACK, segment dropped") {
    deliver(c, Segment{.seq = kPeerIss + 1, .ack = iss + 102, .flags = kAck, .window = 65535, .payload = bytes(5)}, at_ms(110));
    expect_transmit(c, at_ms(110), {.flags = kAck, .seq = iss + 101, .ack = kPeerIss + 1});
    CHECK(take_events<SegmentRejected>(c).at(0).why == Rule::AckOfUnsent);
    CHECK(c.status().receive_queued == 0);
  }
  SECTION("ACK older than SND.UNA - MAX.SND.WND: challenge ACK") {
    deliver(c, Segment{.seq = kPeerIss + 1, .ack = iss + 1 - 65536, .flags = kAck, .window = 65535}, at_ms(110));
    expect_transmit(c, at_ms(110), {.flags = kAck, .seq = iss + 101});
    CHECK(take_events<SegmentRejected>(c).at(0).why == Rule::AckChallenge);
  }
  SECTION("an old but acceptable ACK (duplicate): accepted, its text processed") {
    deliver(c, Segment{.seq = kPeerIss + 1, .ack = iss + 1 - 65535, .flags = kAck, .window = 65535, .payload = bytes(5)}, at_ms(110));
    CHECK(take_events<SegmentAccepted>(c).size() == 1);
    CHECK(c.status().receive_queued == 5);
    CHECK(c.status().snd_una == iss + 1);
  }
  SECTION("an ACK of part of the data advances SND.UNA") {
    deliver(c, Segment{.seq = kPeerIss + 1, .ack = iss + 51, .flags = kAck, .window = 65535}, at_ms(110));
    CHECK(c.status().snd_una == iss + 51);
    CHECK(c.status().send_queued == 50);
    expect_silent(c, at_ms(110));
  }
  SECTION("a segment without ACK: dropped") {
    deliver(c, Segment{.seq = kPeerIss + 1, .flags = kPsh, .payload = bytes(5)}, at_ms(110));
    CHECK(take_events<SegmentRejected>(c).at(0).why == Rule::IgnoredNoAck);
    CHECK(c.status().receive_queued == 0);
    expect_silent(c, at_ms(110));
  }
}

TEST_CASE("Challenge ACKs are rate limited per second (RFC 5961 §7)", "[connection][reset][challenge-limit]") {
  Profile p = rfc_profile();
  REQUIRE(p.challenge_ack_limit == 10);
  Connection c = established_server(p);
  auto challenge = [&](Instant t) {
    deliver(c, Segment{.seq = kPeerIss + 2, .flags = kRst}, t);
  };
  for (int i = 0; i < 10; ++i) challenge(at_ms(1000 + i));
  CHECK(transmitted(c, at_ms(1010)).size() == 10);
  drain_events(c);
  challenge(at_ms(1500));
  expect_silent(c, at_ms(1500));
  auto rejected = take_events<SegmentRejected>(c);
  REQUIRE(rejected.size() == 1);
  CHECK(rejected[0].why == Rule::ChallengeAckLimited);
  // SYNs and bad ACKs draw from the same budget.
  deliver(c, Segment{.seq = kPeerIss + 1, .flags = kSyn}, at_ms(1600));
  expect_silent(c, at_ms(1600));
  // A new second, a new budget.
  challenge(at_ms(2000));
  expect_transmit(c, at_ms(2000), {.flags = kAck});
  CHECK(c.state() == State::Established);
}

TEST_CASE("A segment for another connection is answered as if none existed", "[connection][reset]") {
  Connection c = established_server();
  Segment stray = addressed(Segment{.seq = SeqNum{7}, .ack = SeqNum{99}, .flags = kAck}, Endpoint{0x0A000003, 1234}, kServer);
  c.on_segment(stray, at_ms(100));
  Segment rst = expect_transmit(c, at_ms(100), {.flags = kRst, .seq = SeqNum{99}});
  CHECK(rst.destination() == Endpoint{0x0A000003, 1234});
  CHECK(c.state() == State::Established);
}

TEST_CASE("ABORT (RFC 9293 §3.10.5)", "[connection][reset][abort]") {
  SECTION("CLOSED: \"connection does not exist\"") {
    Connection c(rfc_profile(), kServer);
    CHECK(c.abort(at_ms(0)).error() == UserError::ConnectionDoesNotExist);
  }
  SECTION("synchronized: RST <SEQ=SND.NXT>, ESTABLISHED -> CLOSED") {
    auto target = GENERATE(State::Established, State::FinWait1, State::FinWait2, State::CloseWait);
    CAPTURE(rfc_name(target));
    Connection c = established_server();
    const SeqNum iss = iss_of(c);
    if (target == State::FinWait1 || target == State::FinWait2) REQUIRE(c.close(at_ms(100)).ok());
    if (target == State::FinWait2)
      deliver(c, Segment{.seq = kPeerIss + 1, .ack = iss + 2, .flags = kAck, .window = 65535}, at_ms(100));
    if (target == State::CloseWait)
      deliver(c, Segment{.seq = kPeerIss + 1, .ack = iss + 1, .flags = kFin | kAck, .window = 65535}, at_ms(100));
    REQUIRE(c.state() == target);
    transmitted(c, at_ms(100));
    drain_events(c);
    const SeqNum snd_nxt = c.status().snd_nxt;
    REQUIRE(c.abort(at_ms(110)).ok());
    CHECK(c.state() == State::Closed);
    expect_transmit(c, at_ms(110), {.flags = kRst, .seq = snd_nxt, .len = 0});
    CHECK(take_events<StateChanged>(c).at(0) == StateChanged{target, State::Closed, Rule::Abort});
    CHECK(c.next_deadline() == std::nullopt);
  }
  SECTION("CLOSING and LAST-ACK: CLOSED, nothing sent") {
    auto target = GENERATE(State::Closing, State::LastAck);
    CAPTURE(rfc_name(target));
    Connection c = established_server();
    const SeqNum iss = iss_of(c);
    if (target == State::Closing) REQUIRE(c.close(at_ms(100)).ok());
    deliver(c, Segment{.seq = kPeerIss + 1, .ack = iss + 1, .flags = kFin | kAck, .window = 65535}, at_ms(100));
    if (target == State::LastAck) REQUIRE(c.close(at_ms(100)).ok());
    REQUIRE(c.state() == target);
    transmitted(c, at_ms(100));
    REQUIRE(c.abort(at_ms(110)).ok());
    CHECK(c.state() == State::Closed);
    expect_silent(c, at_ms(110));
  }
}

TEST_CASE("ABORT with the Linux profile: RST,ACK <SEQ=SND.NXT><ACK=RCV.NXT> (tcp_send_active_reset)",
          "[connection][reset][abort][linux]") {
  auto target = GENERATE(State::SynReceived, State::Established, State::FinWait1, State::FinWait2,
                         State::CloseWait);
  CAPTURE(rfc_name(target));
  Connection c = target == State::SynReceived ? server_in_syn_received(Profile::linux_like())
                                              : established_server(Profile::linux_like());
  const SeqNum iss = iss_of(c);
  SeqNum rcv_nxt = kPeerIss + 1;
  if (target != State::SynReceived) {
    // Ten octets the user never reads (RFC 2525 §2.17's case).
    deliver(c, Segment{.seq = kPeerIss + 1, .ack = iss + 1, .flags = kAck | kPsh, .window = 65535,
                       .payload = bytes(10)}, at_ms(50));
    rcv_nxt = kPeerIss + 11;
  }
  if (target == State::FinWait1 || target == State::FinWait2) REQUIRE(c.close(at_ms(100)).ok());
  if (target == State::FinWait2)
    deliver(c, Segment{.seq = rcv_nxt, .ack = iss + 2, .flags = kAck, .window = 65535}, at_ms(100));
  if (target == State::CloseWait) {
    deliver(c, Segment{.seq = rcv_nxt, .ack = iss + 1, .flags = kFin | kAck, .window = 65535}, at_ms(100));
    rcv_nxt = rcv_nxt + 1;
  }
  REQUIRE(c.state() == target);
  transmitted(c, at_ms(100));
  drain_events(c);
  const SeqNum snd_nxt = c.status().snd_nxt;
  REQUIRE(c.abort(at_ms(110)).ok());
  CHECK(c.state() == State::Closed);
  expect_transmit(c, at_ms(110), {.flags = kRst | kAck, .seq = snd_nxt, .ack = rcv_nxt, .window = 0, .len = 0});
  expect_silent(c, at_ms(110));
  CHECK(take_events<StateChanged>(c).at(0) == StateChanged{target, State::Closed, Rule::Abort});
}

TEST_CASE("User calls on a connection that does not exist (RFC 9293 §3.10)", "[connection][user]") {
  Connection c(rfc_profile(), kServer);
  CHECK(c.send(bytes(1), at_ms(0)).error() == UserError::ConnectionDoesNotExist);
  CHECK(c.receive(1, at_ms(0)).error() == UserError::ConnectionDoesNotExist);
  CHECK(c.close(at_ms(0)).error() == UserError::ConnectionDoesNotExist);
  CHECK(c.abort(at_ms(0)).error() == UserError::ConnectionDoesNotExist);
  REQUIRE(c.open_passive(at_ms(0)).ok());
  SECTION("OPEN on an existing connection: \"connection already exists\"") {
    CHECK(c.open_passive(at_ms(0)).error() == UserError::ConnectionAlreadyExists);
    Connection e = established_server();  // ESTABLISHED at 10 ms: its clock goes on from there
    CHECK(e.open_active(kClient, at_ms(10)).error() == UserError::ConnectionAlreadyExists);
    CHECK(e.open_passive(at_ms(10)).error() == UserError::ConnectionAlreadyExists);
  }
  SECTION("RECEIVE before ESTABLISHED: nothing yet") {
    auto r = c.receive(10, at_ms(0));
    REQUIRE(r.ok());
    CHECK(r.value().empty());
  }
}

// RFC 9293 §3.5.2 figure 11: the server crashed and lost its TCB; the
// client's next segment draws an RST whose SEQ is the client's RCV.NXT,
// so it is acceptable and the client learns of the reset.
TEST_CASE("Half-open connection discovered by data to a crashed peer", "[connection][reset][pair]") {
  Pair p;
  p.open();
  p.run_until(at_ms(100));
  REQUIRE(p.client.state() == State::Established);
  p.server = Connection(rfc_profile(), kServer);  // the crash: a CLOSED endpoint
  REQUIRE(p.client.send(bytes(10), p.now).ok());
  p.run_until(at_ms(200));
  CHECK(p.client.state() == State::Closed);
  CHECK(take_events<ConnectionError>(p.client).at(0) == ConnectionError{UserError::ConnectionReset, Rule::RstInSynchronized});
  REQUIRE(p.from_server.size() >= 2);
  CHECK(p.from_server.back().flags == Flags(kRst));
}

// A Connection is a value: a copy taken mid-transfer continues exactly as
// the original does (the lab rewinds by replaying from such snapshots).
TEST_CASE("A copied connection behaves identically", "[connection][snapshot][pair]") {
  Pair p(Profile::linux_like());
  p.open();
  p.run_until(at_ms(100));
  REQUIRE(p.client.send(bytes(30000), p.now).ok());
  p.run_until(at_ms(115));
  Pair copy = p;
  p.run_until(at_s(2));
  copy.run_until(at_s(2));
  CHECK(copy.from_client == p.from_client);
  CHECK(copy.from_server == p.from_server);
  CHECK(copy.server_received == p.server_received);
  CHECK(p.server_received.size() == 30000);
  CHECK(copy.client.timers() == p.client.timers());
}
