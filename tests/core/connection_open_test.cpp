// Opening a connection: RFC 9293 §3.5, §3.10.1, §3.10.7.2, §3.10.7.3.
#include "connection_harness.h"

using namespace tcplab;
using namespace tcplab::test;

TEST_CASE("CLOSED: OPEN", "[connection][open]") {
  Connection c(rfc_profile(), kClient);

  SECTION("passive OPEN: CLOSED -> LISTEN, nothing sent") {
    REQUIRE(c.open_passive(at_ms(0)).ok());
    CHECK(c.state() == State::Listen);
    expect_silent(c, at_ms(0));
    auto changes = take_events<StateChanged>(c);
    REQUIRE(changes.size() == 1);
    CHECK(changes[0] == StateChanged{State::Closed, State::Listen, Rule::OpenPassive});
  }

  SECTION("active OPEN: CLOSED -> SYN-SENT, SYN with the MSS option, RTO 1 s armed") {
    REQUIRE(c.open_active(kServer, at_ms(0)).ok());
    CHECK(c.state() == State::SynSent);
    const SeqNum iss = iss_of(c);
    Segment syn = expect_transmit(c, at_ms(0), {.flags = kSyn, .seq = iss, .window = 65535, .len = 0});
    CHECK(syn.options.mss == std::optional<std::uint16_t>(1460));
    CHECK_FALSE(syn.options.window_scale.has_value());
    CHECK_FALSE(syn.options.sack_permitted);
    CHECK_FALSE(syn.options.timestamps.has_value());
    CHECK(syn.source() == kClient);
    CHECK(syn.destination() == kServer);
    CHECK(c.status().snd_una == iss);
    CHECK(c.status().snd_nxt == iss + 1);
    auto ev = drain_events(c);
    CHECK(events_of<StateChanged>(ev).at(0) == StateChanged{State::Closed, State::SynSent, Rule::OpenActive});
    CHECK(events_of<TimerArmed>(ev).at(0) == TimerArmed{TimerKind::Retransmit, at_s(1), std::chrono::seconds(1), 0});
    CHECK(events_of<SegmentSent>(ev).at(0).why == Rule::OpenActive);
  }

  SECTION("active OPEN without a foreign socket is refused") {
    auto r = c.open_active(Endpoint{}, at_ms(0));
    REQUIRE_FALSE(r.ok());
    CHECK(r.error() == UserError::ForeignSocketUnspecified);
    CHECK(c.state() == State::Closed);
  }
}

TEST_CASE("The ISN comes from the RFC 6528 generator", "[connection][open]") {
  Connection a(rfc_profile(), kClient, IsnGenerator(7));
  Connection b(rfc_profile(), kClient, IsnGenerator(7));
  Connection other(rfc_profile(), kClient, IsnGenerator(8));
  REQUIRE(a.open_active(kServer, at_ms(5)).ok());
  REQUIRE(b.open_active(kServer, at_ms(5)).ok());
  REQUIRE(other.open_active(kServer, at_ms(5)).ok());
  const IsnGenerator gen(7);
  CHECK(iss_of(a).value() == gen.isn(kClient, kServer, at_ms(5)));
  CHECK(iss_of(a) == iss_of(b));
  CHECK(iss_of(a) != iss_of(other));
}

TEST_CASE("The Linux profile's SYN offers MSS, SACK, timestamps and window scale", "[connection][open][options]") {
  Connection c(Profile::linux_like(), kClient);
  REQUIRE(c.open_active(kServer, at_ms(1500)).ok());
  Segment syn = expect_transmit(c, at_ms(1500), {.flags = kSyn, .window = 65535});
  CHECK(syn.options.mss == std::optional<std::uint16_t>(1460));
  CHECK(syn.options.window_scale == std::optional<std::uint8_t>(7));
  CHECK(syn.options.sack_permitted);
  REQUIRE(syn.options.timestamps.has_value());
  CHECK(syn.options.timestamps->value == 1500);  // TSval from the 1 ms clock
  CHECK(syn.options.timestamps->echo == 0);
}

TEST_CASE("LISTEN: segment arrives", "[connection][open][listen]") {
  Connection c(rfc_profile(), kServer);
  REQUIRE(c.open_passive(at_ms(0)).ok());
  drain_events(c);

  SECTION("SYN: LISTEN -> SYN-RECEIVED, SYN,ACK <SEQ=ISS><ACK=SEG.SEQ+1>") {
    deliver(c, Segment{.seq = SeqNum{1000}, .flags = kSyn, .window = 8192, .options = {.mss = 1200}}, at_ms(3));
    CHECK(c.state() == State::SynReceived);
    const SeqNum iss = iss_of(c);
    CHECK(iss.value() == IsnGenerator{}.isn(kServer, kClient, at_ms(3)));
    Segment sa = expect_transmit(c, at_ms(3), {.flags = kSyn | kAck, .seq = iss, .ack = SeqNum{1001}, .window = 65535, .len = 0});
    CHECK(sa.options.mss == std::optional<std::uint16_t>(1460));
    CHECK(sa.destination() == kClient);
    CHECK(c.status().send_mss == 1200);
    CHECK(c.status().irs == SeqNum{1000});
    CHECK(c.status().passive_open);
    auto ev = drain_events(c);
    CHECK(events_of<SegmentAccepted>(ev).size() == 1);
    CHECK(events_of<StateChanged>(ev).at(0) == StateChanged{State::Listen, State::SynReceived, Rule::SynInListen});
  }

  SECTION("SYN carrying data: only the SYN is acknowledged, the peer resends the text later") {
    deliver(c, Segment{.seq = SeqNum{1000}, .flags = kSyn, .window = 8192, .payload = bytes(5)}, at_ms(3));
    CHECK(c.state() == State::SynReceived);
    expect_transmit(c, at_ms(3), {.flags = kSyn | kAck, .ack = SeqNum{1001}});
    CHECK(c.status().receive_queued == 0);
  }

  SECTION("SYN without the MSS option: the peer's MSS is taken to be 536") {
    deliver(c, Segment{.seq = SeqNum{1000}, .flags = kSyn, .window = 8192}, at_ms(0));
    CHECK(c.status().send_mss == 536);
  }

  SECTION("SYN from a peer other than the one the passive OPEN named: RST") {
    Connection narrow(rfc_profile(), kServer);
    REQUIRE(narrow.open_passive(at_ms(0), Endpoint{0x0A000009, 0}).ok());
    deliver(narrow, Segment{.seq = SeqNum{1000}, .flags = kSyn}, at_ms(0));
    CHECK(narrow.state() == State::Listen);
    expect_transmit(narrow, at_ms(0), {.flags = kRst | kAck, .seq = SeqNum{0}, .ack = SeqNum{1001}});
  }

  SECTION("the other segments, RFC 9293 §3.10.7.2") {
    auto [flags, why, reply] = GENERATE(table<std::uint8_t, Rule, std::uint8_t>({
        {kRst, Rule::RstInListen, 0},                 // first: ignore an RST
        {kRst | kAck, Rule::RstInListen, 0},
        {kAck, Rule::ResetForListen, kRst},           // second: <SEQ=SEG.ACK><CTL=RST>
        {kAck | kFin, Rule::ResetForListen, kRst},
        {kFin, Rule::IgnoredInListen, 0},             // fourth: drop
        {kPsh, Rule::IgnoredInListen, 0},
    }));
    CAPTURE(flags_long(flags));
    deliver(c, Segment{.seq = SeqNum{1000}, .ack = SeqNum{777}, .flags = flags}, at_ms(0));
    CHECK(c.state() == State::Listen);
    auto rejected = take_events<SegmentRejected>(c);
    REQUIRE(rejected.size() == 1);
    CHECK(rejected[0].why == why);
    if (reply)
      expect_transmit(c, at_ms(0), {.flags = kRst, .seq = SeqNum{777}, .window = 0, .len = 0});
    expect_silent(c, at_ms(0));
  }

  SECTION("SEND with the foreign socket named: LISTEN -> SYN-SENT") {
    Connection named(rfc_profile(), kServer);
    REQUIRE(named.open_passive(at_ms(0), kClient).ok());
    drain_events(named);
    auto r = named.send(bytes(10), at_ms(1));
    REQUIRE(r.ok());
    CHECK(r.value() == 10);
    CHECK(named.state() == State::SynSent);
    expect_transmit(named, at_ms(1), {.flags = kSyn, .seq = iss_of(named)});
    CHECK(take_events<StateChanged>(named).at(0) == StateChanged{State::Listen, State::SynSent, Rule::SendInListen});
    CHECK(named.status().send_queued == 10);
  }

  SECTION("SEND without a foreign socket: \"foreign socket unspecified\"") {
    auto r = c.send(bytes(10), at_ms(1));
    REQUIRE_FALSE(r.ok());
    CHECK(r.error() == UserError::ForeignSocketUnspecified);
    CHECK(c.state() == State::Listen);
  }

  SECTION("active OPEN on a listening connection: LISTEN -> SYN-SENT") {
    REQUIRE(c.open_active(kClient, at_ms(1)).ok());
    CHECK(c.state() == State::SynSent);
    expect_transmit(c, at_ms(1), {.flags = kSyn});
  }

  SECTION("CLOSE: LISTEN -> CLOSED, nothing sent") {
    REQUIRE(c.close(at_ms(1)).ok());
    CHECK(c.state() == State::Closed);
    expect_silent(c, at_ms(1));
    CHECK(take_events<StateChanged>(c).at(0) == StateChanged{State::Listen, State::Closed, Rule::CloseInListenOrSynSent});
  }

  SECTION("ABORT: LISTEN -> CLOSED, nothing sent") {
    REQUIRE(c.abort(at_ms(1)).ok());
    CHECK(c.state() == State::Closed);
    expect_silent(c, at_ms(1));
  }
}

TEST_CASE("SYN-SENT: segment arrives", "[connection][open][syn-sent]") {
  Connection c = client_in_syn_sent();
  const SeqNum iss = iss_of(c);

  SECTION("SYN,ACK acknowledging the SYN: SYN-SENT -> ESTABLISHED, ACK") {
    deliver(c, Segment{.seq = SeqNum{5000}, .ack = iss + 1, .flags = kSyn | kAck, .window = 4000,
                       .options = {.mss = 1000}}, at_ms(30));
    CHECK(c.state() == State::Established);
    expect_transmit(c, at_ms(30), {.flags = kAck, .seq = iss + 1, .ack = SeqNum{5001}, .window = 65535, .len = 0});
    expect_silent(c, at_ms(30));
    const ConnectionStatus st = c.status();
    CHECK(st.snd_una == iss + 1);
    CHECK(st.snd_wnd == 4000);
    CHECK(st.send_mss == 1000);
    CHECK(st.srtt == std::optional<Duration>(std::chrono::milliseconds(30)));
    auto ev = drain_events(c);
    CHECK(events_of<StateChanged>(ev).at(0) == StateChanged{State::SynSent, State::Established, Rule::SynAckInSynSent});
    CHECK(events_of<TimerStopped>(ev).at(0) == TimerStopped{TimerKind::Retransmit});
    CHECK(events_of<SegmentSent>(ev).at(0).why == Rule::SynAckInSynSent);
  }

  SECTION("SYN alone (simultaneous open): SYN-SENT -> SYN-RECEIVED, SYN,ACK") {
    deliver(c, Segment{.seq = SeqNum{5000}, .flags = kSyn, .window = 4000}, at_ms(30));
    CHECK(c.state() == State::SynReceived);
    expect_transmit(c, at_ms(30), {.flags = kSyn | kAck, .seq = iss, .ack = SeqNum{5001}});
    CHECK(take_events<StateChanged>(c).at(0) == StateChanged{State::SynSent, State::SynReceived, Rule::SynInSynSent});
    CHECK_FALSE(c.status().passive_open);

    SECTION("then the peer's SYN,ACK: SYN-RECEIVED -> ESTABLISHED") {
      deliver(c, Segment{.seq = SeqNum{5000}, .ack = iss + 1, .flags = kSyn | kAck, .window = 4000}, at_ms(40));
      // RFC 9293 §3.5 figure 8: the SYN octet is old (trimmed away), the
      // ACK acknowledges our SYN, nothing more needs to be said.
      CHECK(c.state() == State::Established);
      expect_silent(c, at_ms(40));
    }
    SECTION("then the peer's ACK: SYN-RECEIVED -> ESTABLISHED") {
      deliver(c, Segment{.seq = SeqNum{5001}, .ack = iss + 1, .flags = kAck, .window = 4000}, at_ms(40));
      CHECK(c.state() == State::Established);
      CHECK(take_events<StateChanged>(c).at(0) == StateChanged{State::SynReceived, State::Established, Rule::AckInSynReceived});
    }
    SECTION("then an RST: SYN-RECEIVED -> CLOSED, connection refused (actively opened)") {
      deliver(c, Segment{.seq = SeqNum{5001}, .flags = kRst}, at_ms(40));
      CHECK(c.state() == State::Closed);
      auto ev = drain_events(c);
      CHECK(events_of<StateChanged>(ev).at(0) == StateChanged{State::SynReceived, State::Closed, Rule::RstInSynReceivedActive});
      CHECK(events_of<ConnectionError>(ev).at(0) == ConnectionError{UserError::ConnectionRefused, Rule::RstInSynReceivedActive});
      expect_silent(c, at_ms(40));
    }
  }

  SECTION("RST with an ACK of the SYN: SYN-SENT -> CLOSED, connection refused") {
    deliver(c, Segment{.ack = iss + 1, .flags = kRst | kAck}, at_ms(30));
    CHECK(c.state() == State::Closed);
    expect_silent(c, at_ms(30));
    auto ev = drain_events(c);
    CHECK(events_of<StateChanged>(ev).at(0) == StateChanged{State::SynSent, State::Closed, Rule::RstInSynSent});
    CHECK(events_of<ConnectionError>(ev).at(0) == ConnectionError{UserError::ConnectionRefused, Rule::RstInSynSent});
    CHECK(c.next_deadline() == std::nullopt);
    auto r = c.send(bytes(1), at_ms(31));
    REQUIRE_FALSE(r.ok());
    CHECK(r.error() == UserError::ConnectionRefused);
  }

  SECTION("segments that change nothing, RFC 9293 §3.10.7.3") {
    // {flags, ack offset from ISS, rule, RST reply expected}
    auto [flags, ack_off, why, rst_reply] = GENERATE(table<std::uint8_t, std::int32_t, Rule, bool>({
        {kAck, 0, Rule::ResetForSynSentBadAck, true},            // SEG.ACK =< ISS
        {kAck, -5, Rule::ResetForSynSentBadAck, true},
        {kAck, 2, Rule::ResetForSynSentBadAck, true},            // SEG.ACK > SND.NXT
        {kSyn | kAck, 9, Rule::ResetForSynSentBadAck, true},     // old SYN,ACK
        {kRst | kAck, 2, Rule::RstUnacceptableInSynSent, false}, // RST with a bad ACK: drop
        {kRst, 0, Rule::RstUnacceptableInSynSent, false},        // RST without ACK: drop
        {kFin, 0, Rule::IgnoredInSynSent, false},                // neither SYN nor RST
        {kAck, 1, Rule::IgnoredInSynSent, false},                // good ACK, no SYN
    }));
    CAPTURE(flags_long(flags), ack_off);
    const SeqNum ack = iss + static_cast<std::uint32_t>(ack_off);
    deliver(c, Segment{.seq = SeqNum{5000}, .ack = ack, .flags = flags}, at_ms(30));
    CHECK(c.state() == State::SynSent);
    auto rejected = take_events<SegmentRejected>(c);
    REQUIRE(rejected.size() == 1);
    CHECK(rejected[0].why == why);
    if (rst_reply) expect_transmit(c, at_ms(30), {.flags = kRst, .seq = ack, .len = 0});
    expect_silent(c, at_ms(30));
  }

  SECTION("CLOSE: SYN-SENT -> CLOSED, nothing sent, timers stopped") {
    REQUIRE(c.close(at_ms(5)).ok());
    CHECK(c.state() == State::Closed);
    expect_silent(c, at_ms(5));
    CHECK(c.next_deadline() == std::nullopt);
    CHECK(take_events<StateChanged>(c).at(0) == StateChanged{State::SynSent, State::Closed, Rule::CloseInListenOrSynSent});
  }

  SECTION("ABORT: SYN-SENT -> CLOSED, nothing sent") {
    REQUIRE(c.abort(at_ms(5)).ok());
    CHECK(c.state() == State::Closed);
    expect_silent(c, at_ms(5));
  }
}

TEST_CASE("SYN-RECEIVED: segment arrives", "[connection][open][syn-received]") {
  Connection c = server_in_syn_received();
  const SeqNum iss = iss_of(c);

  SECTION("ACK of our SYN: SYN-RECEIVED -> ESTABLISHED, nothing sent") {
    deliver(c, Segment{.seq = SeqNum{1001}, .ack = iss + 1, .flags = kAck, .window = 3000}, at_ms(20));
    CHECK(c.state() == State::Established);
    expect_silent(c, at_ms(20));
    CHECK(c.status().snd_wnd == 3000);
    auto ev = drain_events(c);
    CHECK(events_of<StateChanged>(ev).at(0) == StateChanged{State::SynReceived, State::Established, Rule::AckInSynReceived});
    CHECK(c.next_deadline() == std::nullopt);
  }

  SECTION("ACK outside SND.UNA < SEG.ACK =< SND.NXT: <SEQ=SEG.ACK><CTL=RST>") {
    auto off = GENERATE(0u, 2u, 100u);
    deliver(c, Segment{.seq = SeqNum{1001}, .ack = iss + off, .flags = kAck}, at_ms(20));
    CHECK(c.state() == State::SynReceived);
    expect_transmit(c, at_ms(20), {.flags = kRst, .seq = iss + off});
    CHECK(take_events<SegmentRejected>(c).at(0).why == Rule::ResetForSynReceivedBadAck);
  }

  SECTION("RST at RCV.NXT (passive open): SYN-RECEIVED -> LISTEN") {
    deliver(c, Segment{.seq = SeqNum{1001}, .flags = kRst}, at_ms(20));
    CHECK(c.state() == State::Listen);
    expect_silent(c, at_ms(20));
    auto ev = drain_events(c);
    CHECK(events_of<StateChanged>(ev).at(0) == StateChanged{State::SynReceived, State::Listen, Rule::RstInSynReceivedPassive});
    CHECK(events_of<ConnectionError>(ev).empty());
    CHECK(c.next_deadline() == std::nullopt);

    SECTION("and the listener accepts the next SYN") {
      deliver(c, Segment{.seq = SeqNum{9000}, .flags = kSyn}, at_ms(30));
      CHECK(c.state() == State::SynReceived);
      expect_transmit(c, at_ms(30), {.flags = kSyn | kAck, .ack = SeqNum{9001}});
    }
  }

  SECTION("RST in the window but not at RCV.NXT: challenge ACK (RFC 5961 §3.2)") {
    deliver(c, Segment{.seq = SeqNum{1500}, .flags = kRst}, at_ms(20));
    CHECK(c.state() == State::SynReceived);
    expect_transmit(c, at_ms(20), {.flags = kAck, .seq = iss + 1, .ack = SeqNum{1001}});
    CHECK(take_events<SegmentRejected>(c).at(0).why == Rule::RstChallenge);
  }

  SECTION("the peer's SYN again (our SYN,ACK was lost): SYN,ACK again") {
    deliver(c, Segment{.seq = SeqNum{1000}, .flags = kSyn, .window = 65535}, at_ms(20));
    CHECK(c.state() == State::SynReceived);
    expect_transmit(c, at_ms(20), {.flags = kSyn | kAck, .seq = iss, .ack = SeqNum{1001}});
    CHECK(take_events<SegmentSent>(c).at(0) == SegmentSent{{iss, SeqNum{1001}, 1, kSyn | kAck}, Rule::DuplicateSynInSynReceived, true});
  }

  SECTION("a new SYN in the window (passive open): SYN-RECEIVED -> LISTEN") {
    deliver(c, Segment{.seq = SeqNum{3000}, .flags = kSyn}, at_ms(20));
    CHECK(c.state() == State::Listen);
    CHECK(take_events<StateChanged>(c).at(0) == StateChanged{State::SynReceived, State::Listen, Rule::SynInSynReceivedPassive});
  }

  SECTION("data without ACK: dropped") {
    deliver(c, Segment{.seq = SeqNum{1001}, .flags = kPsh, .payload = bytes(3)}, at_ms(20));
    CHECK(c.state() == State::SynReceived);
    expect_silent(c, at_ms(20));
    CHECK(take_events<SegmentRejected>(c).at(0).why == Rule::IgnoredNoAck);
  }

  SECTION("CLOSE: SYN-RECEIVED -> FIN-WAIT-1, FIN <SEQ=ISS+1>") {
    REQUIRE(c.close(at_ms(20)).ok());
    CHECK(c.state() == State::FinWait1);
    expect_transmit(c, at_ms(20), {.flags = kFin | kAck, .seq = iss + 1, .ack = SeqNum{1001}});
    CHECK(take_events<StateChanged>(c).at(0) == StateChanged{State::SynReceived, State::FinWait1, Rule::CloseInSynReceived});

    SECTION("the peer's ACK of SYN and FIN: FIN-WAIT-1 -> FIN-WAIT-2") {
      deliver(c, Segment{.seq = SeqNum{1001}, .ack = iss + 2, .flags = kAck}, at_ms(30));
      CHECK(c.state() == State::FinWait2);
    }
  }

  SECTION("ABORT: RST <SEQ=SND.NXT>, CLOSED") {
    REQUIRE(c.abort(at_ms(20)).ok());
    CHECK(c.state() == State::Closed);
    expect_transmit(c, at_ms(20), {.flags = kRst, .seq = iss + 1});
  }
}

// The seed article says a lost third ACK makes the server answer the
// client's first data with RST. RFC 9293 §3.10.7.4 disagrees: the data
// segment carries the same ACK, so it completes the handshake.
TEST_CASE("Lost third ACK (a): the client's data completes the handshake", "[connection][open][seed]") {
  Pair p;
  p.drop = [](const Segment& s, bool from_client) {
    return from_client && s.flags == Flags(kAck) && s.payload.empty() && s.seq.value() != 0;
  };
  p.open();
  p.run_until(at_ms(25));
  CHECK(p.client.state() == State::Established);
  CHECK(p.server.state() == State::SynReceived);  // the ACK was lost
  REQUIRE(p.client.send(bytes(100), p.now).ok());
  p.drop = nullptr;
  p.run_until(at_ms(60));
  CHECK(p.server.state() == State::Established);
  CHECK(p.server_received == bytes(100));
  // No RST anywhere.
  for (const Segment& s : p.from_server) CHECK_FALSE(s.flags.has(kRst));
}

// (b) If the server's SYN,ACK retries run out first, its half-open
// connection is dropped. In the single-TCB model of RFC 9293 a passively
// opened connection returns to LISTEN (as it does on RST, §3.10.7.4); the
// client's data is then an ACK arriving in LISTEN: <SEQ=SEG.ACK><CTL=RST>.
TEST_CASE("Lost third ACK (b): SYN,ACK retries exhausted, then the data gets RST", "[connection][open][seed]") {
  Connection server = server_in_syn_received();
  const SeqNum iss = iss_of(server);
  // RFC profile: 7 SYN,ACK retransmissions at 1, 3, 7, 15, 31, 63, 123 s;
  // the last timeout (60 s, capped) expires at 183 s.
  std::vector<std::int64_t> resent_at;
  for (std::int64_t s = 1; s <= 183; ++s) {
    fire_timers(server, at_s(s));
    for (const Segment& seg : transmitted(server, at_s(s))) {
      CHECK(seg.flags == Flags(kSyn | kAck));
      CHECK(seg.seq == iss);
      resent_at.push_back(s);
    }
  }
  CHECK(resent_at == std::vector<std::int64_t>{1, 3, 7, 15, 31, 63, 123});
  CHECK(server.state() == State::Listen);
  auto ev = drain_events(server);
  CHECK(events_of<StateChanged>(ev).back() == StateChanged{State::SynReceived, State::Listen, Rule::SynRetriesExhausted});
  CHECK(events_of<ConnectionError>(ev).empty());

  deliver(server, Segment{.seq = SeqNum{1001}, .ack = iss + 1, .flags = kAck | kPsh, .window = 65535, .payload = bytes(10)}, at_s(200));
  expect_transmit(server, at_s(200), {.flags = kRst, .seq = iss + 1, .len = 0});
  CHECK(server.state() == State::Listen);
}

TEST_CASE("Handshake end to end", "[connection][open][pair]") {
  SECTION("RFC profile") {
    Pair p;
    p.open();
    p.run_until(at_ms(100));
    CHECK(p.client.state() == State::Established);
    CHECK(p.server.state() == State::Established);
    REQUIRE(p.from_client.size() == 2);
    REQUIRE(p.from_server.size() == 1);
    CHECK(p.from_server[0].ack == p.from_client[0].seq + 1);
    CHECK(p.from_client[1].ack == p.from_server[0].seq + 1);
  }
  SECTION("Linux profile: options negotiated, timestamps and scaled windows follow") {
    Pair p(Profile::linux_like());
    p.open();
    p.run_until(at_ms(100));
    REQUIRE(p.server.state() == State::Established);
    const Segment& synack = p.from_server[0];
    CHECK(synack.options.window_scale == std::optional<std::uint8_t>(7));
    CHECK(synack.options.sack_permitted);
    REQUIRE(synack.options.timestamps.has_value());
    CHECK(synack.options.timestamps->echo == p.from_client[0].options.timestamps->value);
    CHECK(synack.window == 65535);  // never scaled in a SYN
    const Segment& ack = p.from_client[1];
    CHECK(ack.window == 65535 >> 7);
    REQUIRE(ack.options.timestamps.has_value());
    CHECK(ack.options.timestamps->echo == synack.options.timestamps->value);
    CHECK(p.server.status().snd_wnd == (65535u >> 7) << 7);
    CHECK(p.client.status().snd_wnd == 65535);  // from the SYN,ACK, unscaled
  }
  SECTION("window scale only on one side: not used") {
    Profile no_ws = Profile::linux_like();
    no_ws.send_window_scale = false;
    Pair p(Profile::linux_like(), no_ws);
    p.open();
    p.run_until(at_ms(100));
    CHECK_FALSE(p.from_server[0].options.window_scale.has_value());
    CHECK(p.from_client[1].window == 65535);
  }
  SECTION("simultaneous open: both SYN-SENT -> SYN-RECEIVED -> ESTABLISHED") {
    Pair p;
    REQUIRE(p.client.open_active(kServer, p.now).ok());
    REQUIRE(p.server.open_active(kClient, p.now).ok());
    p.run_until(at_ms(100));
    CHECK(p.client.state() == State::Established);
    CHECK(p.server.state() == State::Established);
    auto changes = take_events<StateChanged>(p.client);
    REQUIRE(changes.size() == 3);
    CHECK(changes[1] == StateChanged{State::SynSent, State::SynReceived, Rule::SynInSynSent});
    CHECK(changes[2].to == State::Established);
  }
}

// The seed's old-duplicate-SYN argument: a stale SYN,ACK reaching a client
// in SYN-SENT is answered with RST, and the real handshake still completes.
TEST_CASE("Old duplicate SYN,ACK in SYN-SENT is reset", "[connection][open][seed]") {
  Connection c = client_in_syn_sent();
  const SeqNum iss = iss_of(c);
  deliver(c, Segment{.seq = SeqNum{77}, .ack = iss - 1000, .flags = kSyn | kAck}, at_ms(5));
  expect_transmit(c, at_ms(5), {.flags = kRst, .seq = iss - 1000});
  CHECK(c.state() == State::SynSent);
  deliver(c, Segment{.seq = SeqNum{5000}, .ack = iss + 1, .flags = kSyn | kAck}, at_ms(10));
  CHECK(c.state() == State::Established);
}

TEST_CASE("SYN-RECEIVED: CLOSE with data queued takes effect once ESTABLISHED", "[connection][open][syn-received][close]") {
  Connection c = server_in_syn_received();
  const SeqNum iss = iss_of(c);
  REQUIRE(c.send(bytes(10), at_ms(5)).value() == 10);
  REQUIRE(c.close(at_ms(6)).ok());
  CHECK(c.state() == State::SynReceived);  // "queue for processing after entering ESTABLISHED"
  expect_silent(c, at_ms(6));
  CHECK(c.send(bytes(1), at_ms(7)).error() == UserError::ConnectionClosing);
  deliver(c, Segment{.seq = kPeerIss + 1, .ack = iss + 1, .flags = kAck, .window = 65535}, at_ms(10));
  CHECK(c.state() == State::FinWait1);
  expect_transmit(c, at_ms(10), {.flags = kFin | kPsh | kAck, .seq = iss + 1, .len = 10});
  auto changes = take_events<StateChanged>(c);
  REQUIRE(changes.size() == 2);
  CHECK(changes[0] == StateChanged{State::SynReceived, State::Established, Rule::AckInSynReceived});
  CHECK(changes[1] == StateChanged{State::Established, State::FinWait1, Rule::CloseInEstablished});
}

TEST_CASE("SYN-RECEIVED of a simultaneous open: SYN,ACK retries exhausted -> CLOSED", "[connection][open][syn-received][timers]") {
  Connection c = client_in_syn_sent();
  deliver(c, Segment{.seq = kPeerIss, .flags = kSyn, .window = 65535}, at_ms(0));
  REQUIRE(c.state() == State::SynReceived);
  // The SYN was already sent once from SYN-SENT; the RFC profile's 7 retries
  // of the SYN,ACK run to 183 s.
  for (std::int64_t s = 1; s <= 183; ++s) fire_timers(c, at_s(s));
  CHECK(c.state() == State::Closed);
  auto ev = drain_events(c);
  CHECK(events_of<StateChanged>(ev).back() == StateChanged{State::SynReceived, State::Closed, Rule::SynRetriesExhausted});
  CHECK(events_of<ConnectionError>(ev).at(0).error == UserError::ConnectionTimedOut);
}

TEST_CASE("A CLOSED connection can be opened again with a fresh TCB", "[connection][open][pair]") {
  Pair p;
  p.open();
  p.run_until(at_ms(100));
  REQUIRE(p.client.send(bytes(100), p.now).ok());
  p.run_until(at_ms(200));
  REQUIRE(p.client.close(p.now).ok());
  REQUIRE(p.server.close(p.now).ok());
  p.run_until(at_s(300));
  REQUIRE(p.client.state() == State::Closed);
  REQUIRE(p.server.state() == State::Closed);
  const SeqNum old_iss = p.client.status().iss;
  p.server_received.clear();
  p.open();
  p.run_until(p.now + std::chrono::milliseconds(100));
  CHECK(p.client.state() == State::Established);
  CHECK(p.server.state() == State::Established);
  CHECK(p.client.status().iss != old_iss);  // RFC 6528's clock moved on
  CHECK(p.client.status().send_queued == 0);
  CHECK(p.server.status().receive_queued == 0);
  REQUIRE(p.client.send(bytes(50), p.now).ok());
  p.run_until(p.now + std::chrono::milliseconds(100));
  CHECK(p.server_received == bytes(50));
}

// RFC 9293 §3.5 figure 9, the seed's old-duplicate-SYN argument end to end:
// an old SYN reaches the server first; the client's RST for the resulting
// SYN,ACK sends the server back to LISTEN, and the real handshake follows.
TEST_CASE("Recovery from an old duplicate SYN", "[connection][open][seed][pair]") {
  Pair p;
  bool first_syn = true;
  p.drop = [&](const Segment& s, bool from_client) {
    if (from_client && s.flags == Flags(kSyn) && first_syn) {
      first_syn = false;
      return true;  // the client's first SYN is lost: its retransmission comes at 1 s
    }
    return false;
  };
  p.open();
  p.inject(addressed(Segment{.seq = SeqNum{90}, .flags = kSyn, .window = 65535}, kClient, kServer), true, at_ms(1));
  p.run_until(at_ms(500));
  // The old SYN's SYN,ACK acknowledged 91, not the client's ISS+1: RST <SEQ=91>.
  bool reset_sent = false;
  for (const Segment& s : p.from_client)
    if (s.flags == Flags(kRst) && s.seq == SeqNum{91}) reset_sent = true;
  CHECK(reset_sent);
  CHECK(p.server.state() == State::Listen);
  CHECK(p.client.state() == State::SynSent);
  auto changes = take_events<StateChanged>(p.server);
  CHECK(changes.back() == StateChanged{State::SynReceived, State::Listen, Rule::RstInSynReceivedPassive});
  p.run_until(at_s(2));
  CHECK(p.client.state() == State::Established);
  CHECK(p.server.state() == State::Established);
  CHECK(p.server.status().irs == p.client.status().iss);
}
