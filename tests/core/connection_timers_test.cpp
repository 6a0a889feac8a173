// Timers: retransmission (RFC 6298), SYN and data retry limits (RFC 1122
// §4.2.3.5), persist (RFC 1122 §4.2.2.17), delayed ACK (RFC 1122 §4.2.3.2),
// user timeout (RFC 9293 §3.10.8), keep-alive (RFC 1122 §4.2.3.6).
#include "connection_harness.h"

using namespace tcplab;
using namespace tcplab::test;
using std::chrono::milliseconds;
using std::chrono::seconds;

namespace {
std::vector<Duration> armed_durations(const std::vector<Event>& ev, TimerKind k) {
  std::vector<Duration> out;
  for (const TimerArmed& a : events_of<TimerArmed>(ev))
    if (a.kind == k) out.push_back(a.duration);
  return out;
}
}  // namespace

TEST_CASE("SYN-SENT: the SYN is retransmitted with exponential backoff, then given up", "[connection][timers][retransmit]") {
  auto [profile, retransmit_at, durations, give_up_at] =
      GENERATE(table<Profile, std::vector<std::int64_t>, std::vector<std::int64_t>, std::int64_t>({
          // RFC: RTO 1 s doubling to the 60 s cap, 7 retries, gives up at 183 s.
          {rfc_profile(), {1, 3, 7, 15, 31, 63, 123}, {1, 2, 4, 8, 16, 32, 60, 60}, 183},
          // Linux: 6 retries, RTO doubling to 64 s, gives up at 127 s.
          {Profile::linux_like(), {1, 3, 7, 15, 31, 63}, {1, 2, 4, 8, 16, 32, 64}, 127},
      }));
  CAPTURE(profile.name);
  Connection c(profile, kClient);
  REQUIRE(c.open_active(kServer, at_s(0)).ok());
  const SeqNum iss = iss_of(c);
  transmitted(c, at_s(0));
  std::vector<Event> ev = drain_events(c);
  std::vector<std::int64_t> resent;
  for (std::int64_t s = 1; s <= give_up_at; ++s) {
    CHECK(c.state() == State::SynSent);
    fire_timers(c, at_s(s));
    for (const Segment& seg : transmitted(c, at_s(s))) {
      CHECK(seg.flags == Flags(kSyn));
      CHECK(seg.seq == iss);
      resent.push_back(s);
    }
    auto more = drain_events(c);
    ev.insert(ev.end(), more.begin(), more.end());
  }
  CHECK(resent == retransmit_at);
  std::vector<Duration> expected;
  for (auto d : durations) expected.push_back(seconds(d));
  CHECK(armed_durations(ev, TimerKind::Retransmit) == expected);
  CHECK(c.state() == State::Closed);
  CHECK(events_of<StateChanged>(ev).back() == StateChanged{State::SynSent, State::Closed, Rule::SynRetriesExhausted});
  CHECK(events_of<ConnectionError>(ev).at(0) == ConnectionError{UserError::ConnectionTimedOut, Rule::SynRetriesExhausted});
  for (const SegmentSent& s : events_of<SegmentSent>(ev))
    CHECK(s.retransmission == (s.why == Rule::RetransmitTimeout));
  CHECK(c.send(bytes(1), at_s(give_up_at)).error() == UserError::ConnectionTimedOut);
}

TEST_CASE("Linux profile: the SYN,ACK is retried 5 times", "[connection][timers][retransmit]") {
  Connection c = server_in_syn_received(Profile::linux_like());
  std::vector<std::int64_t> resent;
  for (std::int64_t s = 1; s <= 63; ++s) {
    fire_timers(c, at_s(s));
    for (const Segment& seg : transmitted(c, at_s(s))) {
      CHECK(seg.flags == Flags(kSyn | kAck));
      resent.push_back(s);
    }
  }
  CHECK(resent == std::vector<std::int64_t>{1, 3, 7, 15, 31});
  CHECK(c.state() == State::Listen);  // gave up at 63 s
}

TEST_CASE("ESTABLISHED: data retransmission (RFC 6298 §5)", "[connection][timers][retransmit]") {
  Connection c = established_client();  // SYN,ACK after 10 ms: SRTT 10 ms, RTO 1 s (the minimum)
  const SeqNum iss = iss_of(c);
  REQUIRE(c.status().rto == seconds(1));
  REQUIRE(c.send(bytes(100), at_ms(100)).ok());
  expect_transmit(c, at_ms(100), {.flags = kAck | kPsh, .seq = iss + 1, .len = 100});
  auto ev = drain_events(c);
  CHECK(events_of<TimerArmed>(ev).at(0) == TimerArmed{TimerKind::Retransmit, at_ms(1100), seconds(1), 0});

  SECTION("no ACK: resend the oldest segment at 1, 2, 4... s; give up after 6 retries (RFC profile)") {
    std::vector<std::int64_t> resent;
    for (std::int64_t ms = 200; ms <= 123100; ms += 100) {
      fire_timers(c, at_ms(ms));
      for (const Segment& seg : transmitted(c, at_ms(ms))) {
        CHECK(seg.seq == iss + 1);
        CHECK(seg.payload.size() == 100);
        resent.push_back(ms);
      }
    }
    CHECK(resent == std::vector<std::int64_t>{1100, 3100, 7100, 15100, 31100, 63100});
    CHECK(c.state() == State::Closed);
    auto all = drain_events(c);
    CHECK(events_of<StateChanged>(all).back() == StateChanged{State::Established, State::Closed, Rule::RetriesExhausted});
    CHECK(events_of<ConnectionError>(all).at(0) == ConnectionError{UserError::ConnectionTimedOut, Rule::RetriesExhausted});
    CHECK(events_of<TimerFired>(all).at(1) == TimerFired{TimerKind::Retransmit, 1});
  }

  SECTION("ACK of everything: the timer stops (§5.2)") {
    deliver(c, Segment{.seq = kPeerIss + 1, .ack = iss + 101, .flags = kAck, .window = 65535}, at_ms(150));
    CHECK_FALSE(c.timers().running(TimerKind::Retransmit));
    CHECK(c.status().srtt == std::optional<Duration>(milliseconds(15)));  // 7/8*10 + 1/8*50 ms
  }

  SECTION("ACK of part: the timer restarts with the current RTO (§5.3)") {
    REQUIRE(c.send(bytes(100), at_ms(120)).ok());
    transmitted(c, at_ms(120));
    drain_events(c);
    deliver(c, Segment{.seq = kPeerIss + 1, .ack = iss + 101, .flags = kAck, .window = 65535}, at_ms(600));
    auto armed = take_events<TimerArmed>(c);
    REQUIRE(armed.size() == 2);
    CHECK(armed[0].kind == TimerKind::Retransmit);
    CHECK(armed[0].deadline == at_ms(600) + c.status().rto);
    CHECK(armed[1] == TimerArmed{TimerKind::UserTimeout, at_ms(600) + std::chrono::minutes(5), std::chrono::minutes(5), 0});
  }

  SECTION("Karn: an ACK of a retransmitted segment gives no RTT sample, the backed-off RTO stays") {
    fire_timers(c, at_ms(1100));
    transmitted(c, at_ms(1100));
    const auto srtt = c.status().srtt;
    deliver(c, Segment{.seq = kPeerIss + 1, .ack = iss + 101, .flags = kAck, .window = 65535}, at_ms(1150));
    CHECK(c.status().srtt == srtt);
    CHECK(c.status().rto == seconds(2));
    drain_events(c);
    REQUIRE(c.send(bytes(10), at_ms(1200)).ok());
    CHECK(take_events<TimerArmed>(c).at(0) == TimerArmed{TimerKind::Retransmit, at_ms(3200), seconds(2), 1});
    // A fresh sample (not retransmitted) ends the backoff.
    deliver(c, Segment{.seq = kPeerIss + 1, .ack = iss + 111, .flags = kAck, .window = 65535}, at_ms(1250));
    CHECK(c.status().rto == seconds(1));
  }
}

TEST_CASE("A retransmission keeps the PSH it was first sent with (Linux profile, RFC 9293 §3.9.1.2)",
          "[connection][timers][retransmit][push]") {
  // TCP_NODELAY: the small second write goes at once (Nagle would hold it
  // behind the unacknowledged first; that is tested with Nagle's own rules).
  const auto nodelay = [](Profile p) {
    p.nodelay = true;
    return p;
  };
  SECTION("Linux profile: two pushed writes, the oldest resent with PSH") {
    Connection c = established_client(nodelay(Profile::linux_like()));
    const SeqNum iss = iss_of(c);
    REQUIRE(c.send(bytes(1000), at_ms(100)).ok());
    expect_transmit(c, at_ms(100), {.flags = kAck | kPsh, .seq = iss + 1, .len = 1000});
    REQUIRE(c.send(bytes(1000), at_ms(110)).ok());
    expect_transmit(c, at_ms(110), {.flags = kAck | kPsh, .seq = iss + 1001, .len = 1000});
    // The peer's MSS is 1460, so the retransmission takes 1460 octets and
    // includes the first write's pushed point (iss+1001): PSH.
    const Instant rto_at = c.next_deadline().value();
    CHECK(rto_at == at_ms(300));  // RTO 200 ms (Linux's minimum) from the first send
    fire_timers(c, rto_at);
    expect_transmit(c, rto_at, {.flags = kAck | kPsh, .seq = iss + 1, .len = 1460});
    CHECK(take_events<SegmentSent>(c).back().why == Rule::RetransmitTimeout);
  }
  SECTION("Linux profile: a segment sent without PSH is resent without it") {
    Connection c = established_client(nodelay(Profile::linux_like()));
    const SeqNum iss = iss_of(c);
    REQUIRE(c.send(bytes(1460), at_ms(100), /*push=*/false).ok());
    expect_transmit(c, at_ms(100), {.flags = kAck, .seq = iss + 1, .len = 1460});
    REQUIRE(c.send(bytes(100), at_ms(110)).ok());
    expect_transmit(c, at_ms(110), {.flags = kAck | kPsh, .seq = iss + 1461, .len = 100});
    fire_timers(c, at_ms(300));
    expect_transmit(c, at_ms(300), {.flags = kAck, .seq = iss + 1, .len = 1460});
  }
  SECTION("RFC profile (unchanged): PSH only when the retransmission reaches the end of the send buffer") {
    Connection c = established_client(nodelay(rfc_profile()));
    const SeqNum iss = iss_of(c);
    REQUIRE(c.send(bytes(1460), at_ms(100)).ok());
    expect_transmit(c, at_ms(100), {.flags = kAck | kPsh, .seq = iss + 1, .len = 1460});
    REQUIRE(c.send(bytes(100), at_ms(110)).ok());
    expect_transmit(c, at_ms(110), {.flags = kAck | kPsh, .seq = iss + 1461, .len = 100});
    fire_timers(c, at_ms(1100));
    expect_transmit(c, at_ms(1100), {.flags = kAck, .seq = iss + 1, .len = 1460});
  }
}

TEST_CASE("A retransmitted SYN makes data start with a 3 s RTO (RFC 6298 §5.7)", "[connection][timers][retransmit]") {
  Connection c = client_in_syn_sent();
  const SeqNum iss = iss_of(c);
  fire_timers(c, at_s(1));
  expect_transmit(c, at_s(1), {.flags = kSyn, .seq = iss});
  deliver(c, Segment{.seq = kPeerIss, .ack = iss + 1, .flags = kSyn | kAck, .window = 65535}, at_ms(1010));
  REQUIRE(c.state() == State::Established);
  CHECK_FALSE(c.status().srtt.has_value());  // Karn: the SYN was retransmitted
  CHECK(c.status().rto == seconds(3));
  transmitted(c, at_ms(1010));
  drain_events(c);
  REQUIRE(c.send(bytes(1), at_ms(1100)).ok());
  CHECK(take_events<TimerArmed>(c).at(0) == TimerArmed{TimerKind::Retransmit, at_ms(4100), seconds(3), 0});
}

TEST_CASE("Lost data is retransmitted end to end", "[connection][timers][retransmit][pair]") {
  Pair p;
  p.open();
  p.run_until(at_ms(100));
  bool dropped = false;
  p.drop = [&](const Segment& s, bool from_client) {
    if (from_client && !s.payload.empty() && !dropped) return dropped = true;
    return false;
  };
  REQUIRE(p.client.send(bytes(3000), p.now).value() == 3000);
  p.run_until(at_s(5));
  CHECK(dropped);
  CHECK(p.server_received == bytes(3000));
  CHECK(p.client.status().send_queued == 0);
  std::size_t retransmissions = 0;
  for (const SegmentSent& s : take_events<SegmentSent>(p.client)) retransmissions += s.retransmission;
  CHECK(retransmissions == 1);
}

TEST_CASE("Persist: zero-window probes back off (RFC 1122 §4.2.2.17, RFC 9293 §3.8.6.1)", "[connection][timers][persist]") {
  Connection c = established_server();
  const SeqNum iss = iss_of(c);
  deliver(c, Segment{.seq = kPeerIss + 1, .ack = iss + 1, .flags = kAck, .window = 0}, at_s(1));
  REQUIRE(c.send(bytes(10), at_s(1)).value() == 10);
  expect_silent(c, at_s(1));
  auto ev = drain_events(c);
  CHECK(events_of<TimerArmed>(ev).at(0) == TimerArmed{TimerKind::Persist, at_s(2), seconds(1), 0});
  CHECK_FALSE(c.timers().running(TimerKind::Retransmit));

  // Each probe is one octet of new data beyond the window; the peer keeps
  // refusing it; the interval doubles.
  std::vector<std::int64_t> probes;
  std::int64_t t = 2;
  for (std::int64_t expected_gap : {2, 4, 8}) {
    fire_timers(c, at_s(t));
    Segment probe = expect_transmit(c, at_s(t), {.flags = kAck, .seq = iss + 1, .len = 1});
    CHECK(probe.payload[0] == 0);
    probes.push_back(t);
    CHECK(take_events<SegmentSent>(c).at(0).why == Rule::PersistProbe);
    deliver(c, Segment{.seq = kPeerIss + 1, .ack = iss + 1, .flags = kAck, .window = 0}, at_s(t) + milliseconds(10));
    expect_silent(c, at_s(t) + milliseconds(10));
    CHECK(c.next_deadline() == at_s(t + expected_gap));
    t += expected_gap;
  }
  CHECK(probes == std::vector<std::int64_t>{2, 4, 8});

  SECTION("the window opens: persist stops, the data goes") {
    deliver(c, Segment{.seq = kPeerIss + 1, .ack = iss + 1, .flags = kAck, .window = 1000}, at_s(9));
    expect_transmit(c, at_s(9), {.flags = kAck | kPsh, .seq = iss + 1, .len = 10});
    CHECK_FALSE(c.timers().running(TimerKind::Persist));
    CHECK(c.timers().running(TimerKind::Retransmit));
  }
  SECTION("the peer accepts the probe octet but keeps the window shut: the next probe carries the next octet") {
    fire_timers(c, at_s(16));
    expect_transmit(c, at_s(16), {.flags = kAck, .seq = iss + 1, .len = 1});
    deliver(c, Segment{.seq = kPeerIss + 1, .ack = iss + 2, .flags = kAck, .window = 0}, at_s(17));
    CHECK(c.status().snd_una == iss + 2);
    fire_timers(c, at_s(32));
    expect_transmit(c, at_s(32), {.flags = kAck, .seq = iss + 2, .len = 1});
  }
  SECTION("a stale zero-window ACK does not disown the probe in flight; the probe's own ACK is accepted") {
    fire_timers(c, at_s(16));
    expect_transmit(c, at_s(16), {.flags = kAck, .seq = iss + 1, .len = 1});
    drain_events(c);
    deliver(c, Segment{.seq = kPeerIss + 1, .ack = iss + 1, .flags = kAck, .window = 0}, at_s(16) + milliseconds(1));
    deliver(c, Segment{.seq = kPeerIss + 1, .ack = iss + 2, .flags = kAck, .window = 0}, at_s(16) + milliseconds(10));
    CHECK(take_events<SegmentRejected>(c).empty());
    CHECK(c.status().snd_una == iss + 2);
    expect_silent(c, at_s(16) + milliseconds(10));
  }
  SECTION("the backoff stops at persist_max (60 s)") {
    Duration last{};
    for (int i = 0; i < 8; ++i) {
      const Instant due = *c.next_deadline();
      fire_timers(c, due);
      transmitted(c, due);
      last = c.timers().slot(TimerKind::Persist).duration;
    }
    CHECK(last == seconds(60));
    CHECK(c.state() == State::Established);  // RFC 1122: never give up while probes are answered
  }
}

namespace {
// Linux's delay, without the quick-ack mode that answers a connection's first segments at once.
Profile linux_without_quick_acks() {
  Profile p = Profile::linux_like();
  p.quick_acks = 0;
  return p;
}
}  // namespace

TEST_CASE("Linux quick-ack mode: the first data segments are acknowledged at once", "[connection][timers][delayed-ack]") {
  Connection c = established_server(Profile::linux_like());
  const SeqNum iss = iss_of(c);
  // 65535 / (2 * 1460) = 22 would fit; TCP_MAX_QUICKACKS caps it at 16.
  for (std::uint32_t k = 0; k < 17; ++k) {
    const Instant t = at_ms(1000 + 100 * k);
    deliver(c, Segment{.seq = kPeerIss + 1 + 100 * k, .ack = iss + 1, .flags = kAck, .window = 65535,
                       .payload = bytes(100)}, t);
    if (k < 16) {
      expect_transmit(c, t, {.flags = kAck, .ack = kPeerIss + 1 + 100 * (k + 1)});
      CHECK(take_events<SegmentSent>(c).at(0).why == Rule::QuickAck);
    } else {
      expect_silent(c, t);  // the 17th waits for the 40 ms delayed-ACK timer
      CHECK(c.timers().running(TimerKind::DelayedAck));
    }
    REQUIRE(c.receive(1000, t).ok());
    transmitted(c, t);  // a window update the read may bring
    drain_events(c);
  }
}

TEST_CASE("Delayed ACK (RFC 1122 §4.2.3.2, RFC 9293 §3.8.6.3)", "[connection][timers][delayed-ack]") {
  auto [profile, delay] = GENERATE(table<Profile, Duration>({
      {rfc_profile(true), milliseconds(200)},
      {linux_without_quick_acks(), milliseconds(40)},
  }));
  CAPTURE(profile.name);
  Connection c = established_server(profile);
  const SeqNum iss = iss_of(c);
  auto data = [&](std::uint32_t off, std::size_t n, Instant t) {
    deliver(c, Segment{.seq = kPeerIss + 1 + off, .ack = iss + 1, .flags = kAck, .window = 65535, .payload = bytes(n)}, t);
  };

  SECTION("one segment: the ACK waits for the delayed-ACK timer") {
    data(0, 100, at_ms(1000));
    expect_silent(c, at_ms(1000));
    CHECK(take_events<TimerArmed>(c).at(0) == TimerArmed{TimerKind::DelayedAck, at_ms(1000) + delay, delay, 0});
    fire_timers(c, at_ms(1000) + delay);
    expect_transmit(c, at_ms(1000) + delay, {.flags = kAck, .ack = kPeerIss + 101});
    CHECK(take_events<SegmentSent>(c).at(0).why == Rule::DelayedAck);
  }
  SECTION("a second full-sized segment is acknowledged at once") {
    data(0, 1460, at_ms(1000));
    expect_silent(c, at_ms(1000));
    data(1460, 1460, at_ms(1001));
    expect_transmit(c, at_ms(1001), {.flags = kAck, .ack = kPeerIss + 2921});
    CHECK_FALSE(c.timers().running(TimerKind::DelayedAck));
  }
  SECTION("out-of-order data is acknowledged at once, and so is the segment filling the gap") {
    data(100, 100, at_ms(1000));
    expect_transmit(c, at_ms(1000), {.flags = kAck, .ack = kPeerIss + 1});
    data(0, 100, at_ms(1001));
    expect_transmit(c, at_ms(1001), {.flags = kAck, .ack = kPeerIss + 201});
  }
  SECTION("data we send carries the ACK and cancels the timer") {
    data(0, 100, at_ms(1000));
    REQUIRE(c.send(bytes(5), at_ms(1010)).ok());
    expect_transmit(c, at_ms(1010), {.flags = kAck | kPsh, .ack = kPeerIss + 101, .len = 5});
    CHECK_FALSE(c.timers().running(TimerKind::DelayedAck));
  }
}

TEST_CASE("User timeout aborts a connection whose data stays unacknowledged (RFC 9293 §3.10.8)", "[connection][timers][user-timeout]") {
  Profile p = rfc_profile();
  p.user_timeout = seconds(30);
  p.data_retries = 100;
  Connection c = established_client(p);
  REQUIRE(c.send(bytes(10), at_ms(100)).ok());
  for (std::int64_t ms = 200; ms < 30100; ms += 100) fire_timers(c, at_ms(ms));
  CHECK(c.state() == State::Established);
  fire_timers(c, at_ms(30100));
  CHECK(c.state() == State::Closed);
  auto ev = drain_events(c);
  CHECK(events_of<StateChanged>(ev).back() == StateChanged{State::Established, State::Closed, Rule::UserTimeoutExpired});
  CHECK(events_of<ConnectionError>(ev).at(0) == ConnectionError{UserError::ConnectionAborted, Rule::UserTimeoutExpired});
  CHECK(c.send(bytes(1), at_ms(30200)).error() == UserError::ConnectionAborted);
}

TEST_CASE("The user timeout restarts when new data is acknowledged", "[connection][timers][user-timeout]") {
  Profile p = rfc_profile();
  p.user_timeout = seconds(30);
  Connection c = established_client(p);
  const SeqNum iss = iss_of(c);
  REQUIRE(c.send(bytes(10), at_ms(100)).ok());
  REQUIRE(c.send(bytes(10), at_ms(100)).ok());
  deliver(c, Segment{.seq = kPeerIss + 1, .ack = iss + 11, .flags = kAck, .window = 65535}, at_s(20));
  CHECK(c.timers().slot(TimerKind::UserTimeout).deadline == at_s(50));
  deliver(c, Segment{.seq = kPeerIss + 1, .ack = iss + 21, .flags = kAck, .window = 65535}, at_s(21));
  CHECK_FALSE(c.timers().running(TimerKind::UserTimeout));
}

TEST_CASE("Keep-alive (RFC 1122 §4.2.3.6)", "[connection][timers][keepalive]") {
  Profile p = rfc_profile();
  p.keepalive = true;
  p.keepalive_idle = seconds(10);
  p.keepalive_interval = seconds(1);
  p.keepalive_probes = 3;
  Connection c = established_client(p);  // ESTABLISHED at 10 ms
  const SeqNum iss = iss_of(c);
  CHECK(c.timers().slot(TimerKind::Keepalive).deadline == at_ms(10010));

  SECTION("unanswered probes <SEQ=SND.NXT-1>: the connection is dropped") {
    for (std::int64_t ms : {10010, 11010, 12010}) {
      fire_timers(c, at_ms(ms));
      expect_transmit(c, at_ms(ms), {.flags = kAck, .seq = iss, .ack = kPeerIss + 1, .len = 0});
      CHECK(take_events<SegmentSent>(c).at(0).why == Rule::KeepaliveProbe);
    }
    fire_timers(c, at_ms(13010));
    expect_silent(c, at_ms(13010));
    CHECK(c.state() == State::Closed);
    CHECK(take_events<ConnectionError>(c).at(0) == ConnectionError{UserError::ConnectionTimedOut, Rule::KeepaliveExhausted});
  }
  SECTION("an answer resets the count and the idle timer") {
    fire_timers(c, at_ms(10010));
    transmitted(c, at_ms(10010));
    deliver(c, Segment{.seq = kPeerIss + 1, .ack = iss + 1, .flags = kAck, .window = 65535}, at_ms(10500));
    CHECK(c.timers().slot(TimerKind::Keepalive).deadline == at_ms(20500));
    CHECK(c.timers().slot(TimerKind::Keepalive).backoff == 0);
  }
  SECTION("end to end, the peer's unacceptable-segment ACK answers the probe") {
    Pair pair(p);
    pair.open();
    pair.run_until(at_s(35));
    CHECK(pair.client.state() == State::Established);
    CHECK(pair.server.state() == State::Established);
    std::size_t probes = 0;
    for (const SegmentSent& s : take_events<SegmentSent>(pair.client)) probes += s.why == Rule::KeepaliveProbe;
    CHECK(probes >= 3);  // about every 10 s of idleness, each one answered
  }
}

TEST_CASE("poll_transmit says why: the rule and whether it is a retransmission", "[connection][timers][transmit]") {
  Connection c(rfc_profile(), kClient);
  REQUIRE(c.open_active(kServer, at_s(0)).ok());
  const SeqNum iss = iss_of(c);
  std::optional<Transmit> first = c.poll_transmit(at_s(0));
  REQUIRE(first);
  CHECK(first->seg.flags == Flags(kSyn));
  CHECK(first->seg.seq == iss);
  CHECK(first->why == Rule::OpenActive);
  CHECK_FALSE(first->retransmission);
  CHECK_FALSE(c.poll_transmit(at_s(0)));
  // The same meaning as the SegmentSent event it queued, for event-only drivers.
  CHECK(take_events<SegmentSent>(c) == std::vector<SegmentSent>{{SegmentSummary::of(first->seg), Rule::OpenActive, false}});
  fire_timers(c, at_s(1));
  std::optional<Transmit> again = c.poll_transmit(at_s(1));
  REQUIRE(again);
  CHECK(again->seg.flags == Flags(kSyn));
  CHECK(again->seg.seq == iss);
  CHECK(again->why == Rule::RetransmitTimeout);
  CHECK(again->retransmission);
}
