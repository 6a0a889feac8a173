// Data transfer: SEND/RECEIVE (RFC 9293 §3.10.2-3), segmentation by MSS and
// window (§3.7-§3.8), reassembly, flow control and SWS avoidance (§3.8.6),
// window scaling and timestamps (RFC 7323), half-close.
#include "connection_harness.h"

using namespace tcplab;
using namespace tcplab::test;
using std::chrono::milliseconds;
using std::chrono::seconds;

namespace {
// A server whose peer sent a SYN without options (so MSS 536) and a window.
Connection server_with_peer(std::optional<std::uint16_t> mss, std::uint16_t window, Profile p = rfc_profile()) {
  Connection c(std::move(p), kServer);
  REQUIRE(c.open_passive(at_ms(0)).ok());
  deliver(c, Segment{.seq = kPeerIss, .flags = kSyn, .window = window, .options = {.mss = mss}}, at_ms(0));
  deliver(c, Segment{.seq = kPeerIss + 1, .ack = iss_of(c) + 1, .flags = kAck, .window = window}, at_ms(10));
  REQUIRE(c.state() == State::Established);
  transmitted(c, at_ms(10));
  drain_events(c);
  return c;
}
}  // namespace

TEST_CASE("SEND: the send buffer accepts what fits", "[connection][data][send]") {
  Profile p = rfc_profile();
  p.send_buffer = 100;
  Connection c = established_server(p);
  auto first = c.send(bytes(150), at_ms(100));
  REQUIRE(first.ok());
  CHECK(first.value() == 100);
  auto second = c.send(bytes(1), at_ms(100));
  REQUIRE_FALSE(second.ok());
  CHECK(second.error() == UserError::InsufficientResources);
  CHECK(c.status().send_queued == 100);
  // Acknowledged octets free the buffer.
  deliver(c, Segment{.seq = kPeerIss + 1, .ack = iss_of(c) + 41, .flags = kAck, .window = 65535}, at_ms(110));
  CHECK(c.send(bytes(50), at_ms(110)).value() == 40);
}

TEST_CASE("SEND in SYN-SENT: queued until ESTABLISHED, then sent with the handshake's ACK", "[connection][data][send]") {
  Connection c = client_in_syn_sent();
  const SeqNum iss = iss_of(c);
  REQUIRE(c.send(bytes(20), at_ms(5)).value() == 20);
  expect_silent(c, at_ms(5));
  deliver(c, Segment{.seq = kPeerIss, .ack = iss + 1, .flags = kSyn | kAck, .window = 65535}, at_ms(10));
  expect_transmit(c, at_ms(10), {.flags = kAck | kPsh, .seq = iss + 1, .ack = kPeerIss + 1, .len = 20});
  expect_silent(c, at_ms(10));
}

TEST_CASE("Segmentation by the peer's MSS and window", "[connection][data][segmentation]") {
  SECTION("no MSS option: 536-octet segments, PSH on the last") {
    Connection c = server_with_peer(std::nullopt, 65535);
    const SeqNum iss = iss_of(c);
    REQUIRE(c.send(bytes(1200), at_ms(100)).value() == 1200);
    expect_transmit(c, at_ms(100), {.flags = kAck, .seq = iss + 1, .len = 536});
    expect_transmit(c, at_ms(100), {.flags = kAck, .seq = iss + 537, .len = 536});
    // Nagle (RFC 9293 §3.7.4): the short last segment waits for the ACK.
    expect_silent(c, at_ms(100));
    deliver(c, Segment{.seq = kPeerIss + 1, .ack = iss + 1073, .flags = kAck, .window = 65535}, at_ms(150));
    expect_transmit(c, at_ms(150), {.flags = kAck | kPsh, .seq = iss + 1073, .len = 128});
    expect_silent(c, at_ms(150));
  }
  SECTION("SEND without push: a short segment waits for the override timeout, no PSH") {
    Connection c = server_with_peer(1460, 65535);
    REQUIRE(c.send(bytes(100), at_ms(100), false).value() == 100);
    expect_silent(c, at_ms(100));
    CHECK(take_events<TimerArmed>(c).at(0) == TimerArmed{TimerKind::Persist, at_ms(1100), seconds(1), 0});
    fire_timers(c, at_ms(1100));
    expect_transmit(c, at_ms(1100), {.flags = kAck, .len = 100});
  }
  SECTION("sender SWS avoidance: less than a segment and less than half the window waits (RFC 9293 §3.8.6.2.1)") {
    Connection c = server_with_peer(536, 1000);
    const SeqNum iss = iss_of(c);
    REQUIRE(c.send(bytes(2000), at_ms(100)).value() == 2000);
    expect_transmit(c, at_ms(100), {.flags = kAck, .seq = iss + 1, .len = 536});
    expect_silent(c, at_ms(100));  // 464 octets fit, but 464 < MSS and 464 < 1000/2
    deliver(c, Segment{.seq = kPeerIss + 1, .ack = iss + 537, .flags = kAck, .window = 1000}, at_ms(120));
    expect_transmit(c, at_ms(120), {.flags = kAck, .seq = iss + 537, .len = 536});
    expect_silent(c, at_ms(120));
    deliver(c, Segment{.seq = kPeerIss + 1, .ack = iss + 1073, .flags = kAck, .window = 1000}, at_ms(140));
    expect_transmit(c, at_ms(140), {.flags = kAck, .seq = iss + 1073, .len = 536});
    // 392 remain, pushed, and all of it fits in what the window allows.
    deliver(c, Segment{.seq = kPeerIss + 1, .ack = iss + 1609, .flags = kAck, .window = 1000}, at_ms(160));
    expect_transmit(c, at_ms(160), {.flags = kAck | kPsh, .seq = iss + 1609, .len = 392});
  }
  SECTION("a window too small for SWS avoidance: the override timeout sends what fits") {
    Connection c = server_with_peer(1460, 4000);
    const SeqNum iss = iss_of(c);
    deliver(c, Segment{.seq = kPeerIss + 1, .ack = iss + 1, .flags = kAck, .window = 100}, at_ms(50));
    REQUIRE(c.send(bytes(500), at_ms(100)).value() == 500);
    expect_silent(c, at_ms(100));
    fire_timers(c, at_ms(1100));
    expect_transmit(c, at_ms(1100), {.flags = kAck, .seq = iss + 1, .len = 100});
  }
  SECTION("an old segment cannot shrink the window (SND.WL1/SND.WL2)") {
    Connection c = server_with_peer(1460, 1000);
    const SeqNum iss = iss_of(c);
    deliver(c, Segment{.seq = kPeerIss + 1, .ack = iss + 1, .flags = kAck | kPsh, .window = 1000, .payload = bytes(10)}, at_ms(100));
    deliver(c, Segment{.seq = kPeerIss + 1, .ack = iss + 1, .flags = kAck, .window = 5}, at_ms(110));  // older SEG.SEQ
    CHECK(c.status().snd_wnd == 1000);
  }
}

TEST_CASE("Receiving: in order, out of order, window", "[connection][data][receive]") {
  Connection c = established_server();
  const SeqNum iss = iss_of(c);
  auto data = [&](std::uint32_t off, std::size_t n, Instant t, Flags f = kAck) {
    deliver(c, Segment{.seq = kPeerIss + 1 + off, .ack = iss + 1, .flags = f, .window = 65535,
                       .payload = bytes(n, static_cast<std::uint8_t>(off))}, t);
  };

  SECTION("in-order data: delivered, RCV.NXT advances, the window shrinks") {
    data(0, 1000, at_ms(100));
    expect_transmit(c, at_ms(100), {.flags = kAck, .seq = iss + 1, .ack = kPeerIss + 1001, .window = 64535});
    CHECK(take_events<DataDelivered>(c).at(0) == DataDelivered{1000});
    CHECK(c.status().rcv_wnd == 64535);
    CHECK(c.receive(10000, at_ms(101)).value() == bytes(1000));
  }

  SECTION("out-of-order data is held, a duplicate ACK sent; the gap filling delivers all") {
    data(500, 500, at_ms(100));
    expect_transmit(c, at_ms(100), {.flags = kAck, .ack = kPeerIss + 1, .window = 65535});
    CHECK(c.status().out_of_order == 500);
    CHECK(take_events<SegmentSent>(c).at(0).why == Rule::OutOfOrderData);
    CHECK(c.receive(10000, at_ms(100)).value().empty());
    data(0, 500, at_ms(110));
    expect_transmit(c, at_ms(110), {.flags = kAck, .ack = kPeerIss + 1001, .window = 64535});
    CHECK(c.status().out_of_order == 0);
    CHECK(take_events<DataDelivered>(c).at(0) == DataDelivered{1000});
    CHECK(c.receive(10000, at_ms(111)).value() == bytes(1000));
  }

  SECTION("overlapping retransmission: only the new octets count") {
    data(0, 300, at_ms(100));
    data(200, 300, at_ms(110));
    CHECK(c.status().rcv_nxt == kPeerIss + 501);
    CHECK(c.receive(10000, at_ms(111)).value() == bytes(500));
  }

  SECTION("a FIN beyond a gap waits for the gap: then CLOSE-WAIT") {
    data(100, 100, at_ms(100), kAck | kFin);
    CHECK(c.state() == State::Established);
    data(0, 100, at_ms(110));
    CHECK(c.state() == State::CloseWait);
    // Both ACKs are pulled at 110 ms: the clock a driver gives never goes back (connection.h).
    expect_transmit(c, at_ms(110), {.flags = kAck, .ack = kPeerIss + 1});
    expect_transmit(c, at_ms(110), {.flags = kAck, .ack = kPeerIss + 202});
  }

  SECTION("receiver SWS avoidance: the window reopens by at least one MSS, then an update is sent") {
    data(0, 1000, at_ms(100));
    data(1000, 1000, at_ms(101));
    transmitted(c, at_ms(101));
    drain_events(c);
    CHECK(c.receive(1000, at_ms(200)).value().size() == 1000);
    expect_silent(c, at_ms(200));  // 1000 < min(RCV.BUFF/2, MSS) = 1460
    CHECK(c.status().rcv_wnd == 63535);
    CHECK(c.receive(1000, at_ms(201)).value().size() == 1000);
    expect_transmit(c, at_ms(201), {.flags = kAck, .ack = kPeerIss + 2001, .window = 65535});
    CHECK(take_events<SegmentSent>(c).at(0).why == Rule::WindowUpdate);
  }
}

TEST_CASE("A FIN beyond a gap gets an immediate duplicate ACK and waits for the gap (RFC 5681 §4.2, RFC 9293 §3.10.7.4)",
          "[connection][data][receive][fin]") {
  // Both profiles delay ACKs of in-order data; an out-of-order FIN is not
  // in-order data and is acknowledged at once.
  auto profile = GENERATE(Profile::rfc9293(), Profile::linux_like());
  CAPTURE(profile.name);
  Connection c = established_server(profile);
  const SeqNum iss = iss_of(c);
  // FIN at kPeerIss+11: octets kPeerIss+1..kPeerIss+10 are missing.
  deliver(c, Segment{.seq = kPeerIss + 11, .ack = iss + 1, .flags = kAck | kFin, .window = 65535}, at_ms(100));
  expect_transmit(c, at_ms(100), {.flags = kAck, .seq = iss + 1, .ack = kPeerIss + 1, .len = 0});
  CHECK(take_events<SegmentSent>(c).at(0).why == Rule::OutOfOrderData);
  expect_silent(c, at_ms(100));
  CHECK(c.state() == State::Established);
  CHECK(c.receive(100, at_ms(100)).value().empty());
  // The gap fills: data and FIN together, acknowledged at once; CLOSE-WAIT.
  deliver(c, Segment{.seq = kPeerIss + 1, .ack = iss + 1, .flags = kAck | kPsh, .window = 65535,
                     .payload = bytes(10)}, at_ms(200));
  expect_transmit(c, at_ms(200), {.flags = kAck, .seq = iss + 1, .ack = kPeerIss + 12, .len = 0});
  CHECK(c.state() == State::CloseWait);
  CHECK(c.receive(100, at_ms(200)).value() == bytes(10));
}

TEST_CASE("Transfer end to end with loss and reordering", "[connection][data][pair]") {
  auto profile = GENERATE(rfc_profile(), Profile::linux_like());
  CAPTURE(profile.name);
  Pair p(profile);
  p.open();
  p.run_until(at_ms(100));
  const std::vector<std::uint8_t> payload = bytes(40000, 3);

  SECTION("every fifth data segment lost once") {
    int n = 0;
    std::vector<std::uint32_t> lost;
    p.drop = [&](const Segment& s, bool from_client) {
      if (!from_client || s.payload.empty()) return false;
      if (std::find(lost.begin(), lost.end(), s.seq.value()) != lost.end()) return false;
      if (++n % 5 == 0) {
        lost.push_back(s.seq.value());
        return true;
      }
      return false;
    };
    REQUIRE(p.client.send(payload, p.now).value() == payload.size());
    p.run_until(at_s(120));
    CHECK(p.server_received == payload);
    CHECK(!lost.empty());
  }

  SECTION("segments held back and delivered late (reordering)") {
    int n = 0;
    p.drop = [&](const Segment& s, bool from_client) {
      if (from_client && !s.payload.empty() && ++n % 4 == 1) {
        p.inject(s, true, p.now + milliseconds(25));  // arrives after later segments
        return true;
      }
      return false;
    };
    REQUIRE(p.client.send(payload, p.now).value() == payload.size());
    p.run_until(at_s(10));
    CHECK(p.server_received == payload);
    // A segment held back while three later ones arrive draws three
    // duplicate ACKs, which RFC 5681 §3.2 must take for a loss: the only
    // retransmissions are fast retransmits (and NewReno's partial-ACK
    // resends), never a timeout. With SACK negotiated (the Linux profile)
    // RACK-TLP runs, and the holes it marks lost go as rack.retransmit
    // (RFC 8985 §6.2 replaces the DupThresh count there).
    std::size_t fast = 0;
    for (const SegmentSent& s : take_events<SegmentSent>(p.client)) {
      if (!s.retransmission) continue;
      CHECK(s.why != Rule::RetransmitTimeout);
      fast += s.why == Rule::CcFastRetransmit || s.why == Rule::CcSackFastRetransmit || s.why == Rule::RackRetransmit;
    }
    CHECK(fast > 0);
  }
}

TEST_CASE("Flow control end to end: a slow reader closes the window, persist reopens it", "[connection][data][pair][persist]") {
  Profile small = rfc_profile();
  small.receive_buffer = 3000;
  Pair p(rfc_profile(), small);
  p.auto_read = false;
  p.open();
  p.run_until(at_ms(100));
  const std::vector<std::uint8_t> payload = bytes(10000, 9);
  REQUIRE(p.client.send(payload, p.now).value() == payload.size());
  p.run_until(at_s(2));  // 2 x 1460, then the last 80 after the override timeout
  CHECK(p.server.status().receive_queued == 3000);
  CHECK(p.client.status().snd_wnd == 0);
  CHECK(p.client.timers().running(TimerKind::Persist));
  std::vector<std::uint8_t> got;
  for (int i = 0; i < 40 && got.size() < payload.size(); ++i) {
    auto r = p.server.receive(1 << 20, p.now);
    REQUIRE(r.ok());
    got.insert(got.end(), r.value().begin(), r.value().end());
    p.run_for(seconds(2));
  }
  CHECK(got == payload);
  CHECK(p.client.status().send_queued == 0);
}

TEST_CASE("Half-close end to end: data flows from CLOSE-WAIT to FIN-WAIT-2", "[connection][data][close][pair]") {
  Pair p;
  p.open();
  p.run_until(at_ms(100));
  REQUIRE(p.client.close(p.now).ok());
  p.run_until(at_ms(200));
  REQUIRE(p.client.state() == State::FinWait2);
  REQUIRE(p.server.state() == State::CloseWait);
  const std::vector<std::uint8_t> payload = bytes(5000, 1);
  REQUIRE(p.server.send(payload, p.now).value() == payload.size());
  p.run_until(at_ms(400));
  CHECK(p.client_received == payload);
  CHECK(p.client.state() == State::FinWait2);
  REQUIRE(p.server.close(p.now).ok());
  p.run_until(at_ms(600));
  CHECK(p.client.state() == State::TimeWait);
  CHECK(p.server.state() == State::Closed);
}

TEST_CASE("Timestamps and window scaling on every segment once negotiated (RFC 7323)", "[connection][data][options][pair]") {
  Pair p(Profile::linux_like());
  p.open();
  p.run_until(at_ms(100));
  REQUIRE(p.client.send(bytes(20000), p.now).ok());
  p.run_until(at_ms(1000));
  CHECK(p.server_received.size() == 20000);
  for (const auto* side : {&p.from_client, &p.from_server}) {
    for (const Segment& s : *side) {
      INFO(describe(s));
      REQUIRE(s.options.timestamps.has_value());
      if (!s.flags.has(kSyn)) {
        CHECK_FALSE(s.options.mss.has_value());
        CHECK(s.payload.size() <= 1448);  // 1460 minus the 12-octet timestamp option
      }
    }
  }
  // TSval follows the 1 ms clock (non-decreasing, never ahead of now);
  // TSecr echoes the peer's latest TSval.
  std::uint32_t prev = 0;
  for (const Segment& s : p.from_server) {
    CHECK(s.options.timestamps->value >= prev);
    CHECK(s.options.timestamps->value <= static_cast<std::uint32_t>(micros(p.now) / 1000));
    prev = s.options.timestamps->value;
  }
  const Segment& last_ack = p.from_server.back();
  const Segment& last_data = p.from_client.back();
  CHECK(last_ack.options.timestamps->echo == last_data.options.timestamps->value);
  // The scaled window: 65535 >> 7 on the wire.
  CHECK(p.from_client[1].window == 511);
}

namespace {
// A Linux-profile server whose peer offered every extension: window scale 7,
// SACK-permitted and timestamps (TSval 500 in the SYN).
Connection linux_server_with_options() {
  Connection c(Profile::linux_like(), kServer);
  REQUIRE(c.open_passive(at_ms(0)).ok());
  deliver(c, Segment{.seq = kPeerIss, .flags = kSyn, .window = 65535,
                     .options = {.mss = 1460, .window_scale = 7, .sack_permitted = true,
                                 .timestamps = Timestamps{500, 0}}}, at_ms(0));
  Segment synack = expect_transmit(c, at_ms(0), {.flags = kSyn | kAck, .window = 65535});
  CHECK(synack.options.window_scale == std::optional<std::uint8_t>(7));
  CHECK(synack.options.sack_permitted);
  CHECK(synack.options.timestamps == std::optional<Timestamps>(Timestamps{0, 500}));
  deliver(c, Segment{.seq = kPeerIss + 1, .ack = iss_of(c) + 1, .flags = kAck, .window = 512,
                     .options = {.timestamps = Timestamps{510, 0}}}, at_ms(10));
  REQUIRE(c.state() == State::Established);
  CHECK(c.status().snd_wnd == 512u << 7);  // scaled from now on
  drain_events(c);
  return c;
}
}  // namespace

TEST_CASE("SACK blocks report held out-of-order data (RFC 2018 §4)", "[connection][data][options][sack]") {
  Connection c = linux_server_with_options();
  const SeqNum iss = iss_of(c);
  auto data = [&](std::uint32_t off, std::size_t n, Instant t) {
    deliver(c, Segment{.seq = kPeerIss + 1 + off, .ack = iss + 1, .flags = kAck, .window = 512,
                       .options = {.timestamps = Timestamps{600, 0}}, .payload = bytes(n)}, t);
  };
  data(1000, 100, at_ms(20));
  Segment a = expect_transmit(c, at_ms(20), {.flags = kAck, .ack = kPeerIss + 1});
  REQUIRE(a.options.sack_blocks.size() == 1);
  CHECK(a.options.sack_blocks[0] == SackBlock{kPeerIss + 1001, kPeerIss + 1101});
  data(3000, 100, at_ms(21));
  Segment b = expect_transmit(c, at_ms(21), {.flags = kAck, .ack = kPeerIss + 1});
  REQUIRE(b.options.sack_blocks.size() == 2);
  CHECK(b.options.sack_blocks[0] == SackBlock{kPeerIss + 3001, kPeerIss + 3101});  // most recent first
  CHECK(b.options.sack_blocks[1] == SackBlock{kPeerIss + 1001, kPeerIss + 1101});
  data(0, 1000, at_ms(22));
  Segment d = expect_transmit(c, at_ms(22), {.flags = kAck, .ack = kPeerIss + 1101});
  REQUIRE(d.options.sack_blocks.size() == 1);
  CHECK(d.options.sack_blocks[0] == SackBlock{kPeerIss + 3001, kPeerIss + 3101});
}

TEST_CASE("Data segments that carry SACK blocks shrink to keep within the peer's MSS (RFC 6691 §2)", "[connection][data][options][sack]") {
  Connection c = linux_server_with_options();  // the peer's MSS is 1460; timestamps take 12 octets of it
  const SeqNum iss = iss_of(c);
  deliver(c, Segment{.seq = kPeerIss + 1 + 1000, .ack = iss + 1, .flags = kAck, .window = 512,
                     .options = {.timestamps = Timestamps{600, 0}}, .payload = bytes(100)}, at_ms(20));
  expect_transmit(c, at_ms(20), {.flags = kAck, .ack = kPeerIss + 1});
  REQUIRE(c.send(bytes(3000), at_ms(21)).value() == 3000);
  const std::vector<Segment> sent = transmitted(c, at_ms(21));
  REQUIRE(sent.size() == 3);
  for (const Segment& s : sent) REQUIRE(s.options.sack_blocks.size() == 1);  // 12 octets with its two NOPs
  // 1460 - 12 (timestamps) - 12 (one SACK block): the options and data fill the MSS, no more.
  CHECK(sent[0].payload.size() == 1436);
  CHECK(sent[1].payload.size() == 1436);
  CHECK(sent[2].payload.size() == 128);
  CHECK(encode(sent[0]).size() == 20 + 20 + 1460);
  // The hole filled, no SACK block rides along: full 1448-octet segments again.
  deliver(c, Segment{.seq = kPeerIss + 1, .ack = iss + 1, .flags = kAck, .window = 512,
                     .options = {.timestamps = Timestamps{601, 0}}, .payload = bytes(1000)}, at_ms(22));
  (void)transmitted(c, at_ms(22));
  REQUIRE(c.send(bytes(1448), at_ms(23)).value() == 1448);
  const std::vector<Segment> later = transmitted(c, at_ms(23));
  REQUIRE(later.size() == 1);
  CHECK(later[0].options.sack_blocks.empty());
  CHECK(later[0].payload.size() == 1448);
}

TEST_CASE("Timestamps: TSecr echoes TS.Recent, and ACKs time the RTT even after a retransmission (RFC 7323 §4)", "[connection][data][options][timestamps]") {
  Connection c = linux_server_with_options();
  const SeqNum iss = iss_of(c);
  REQUIRE(c.send(bytes(100), at_ms(100)).ok());
  Segment first = expect_transmit(c, at_ms(100), {.flags = kAck | kPsh, .len = 100});
  REQUIRE(first.options.timestamps.has_value());
  CHECK(first.options.timestamps->value == 100);
  CHECK(first.options.timestamps->echo == 510);
  CHECK(first.window == 65535 >> 7);
  // The handshake timed the SYN,ACK at 10 ms, so the RTO is the 200 ms minimum.
  CHECK(c.status().rto == std::chrono::milliseconds(200));
  fire_timers(c, at_ms(300));
  Segment again = expect_transmit(c, at_ms(300), {.flags = kAck | kPsh, .len = 100});
  CHECK(again.options.timestamps->value == 300);
  CHECK(take_events<SegmentSent>(c).back().retransmission);
  // The ACK echoes the retransmission's TSval: a 40 ms sample, which Karn's
  // rule alone would have had to discard. SRTT = 7/8 * 10 + 1/8 * 40 ms.
  deliver(c, Segment{.seq = kPeerIss + 1, .ack = iss + 101, .flags = kAck, .window = 512,
                     .options = {.timestamps = Timestamps{700, 300}}}, at_ms(340));
  CHECK(c.status().srtt == std::optional<Duration>(std::chrono::microseconds(13750)));
  CHECK(c.status().rto == std::chrono::milliseconds(200));
}
