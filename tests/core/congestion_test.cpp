// Congestion control and loss recovery: the initial window (RFC 5681 §3.1,
// RFC 6928), slow start and congestion avoidance (RFC 5681 §3.1, RFC 3465),
// the response to a timeout, fast retransmit and fast recovery (RFC 5681
// §3.2), NewReno's partial ACKs (RFC 6582), limited transmit (RFC 3042),
// restart after idle (§4.1), Tahoe and Reno beside NewReno, and CUBIC's
// window (RFC 9438). Windows are checked to the octet after every ACK.
#include "connection_harness.h"

using namespace tcplab;
using namespace tcplab::test;

namespace {
constexpr std::uint32_t kSmss = 1460;  // the test peers announce MSS 1460, no timestamps

Profile with_algorithm(CongestionAlgorithm a, std::uint32_t iw = 0) {
  Profile p = rfc_profile();
  p.congestion.algorithm = a;
  p.congestion.initial_window = iw;
  return p;
}

// The first octet of the server's k-th full segment (k from 0).
SeqNum seg(const Connection& c, std::uint32_t k) { return iss_of(c) + 1 + k * kSmss; }

// The peer acknowledges up to `ack` with the window it always announces.
void ack_upto(Connection& c, SeqNum ack, Instant now, std::uint16_t window = 65535) {
  deliver(c, Segment{.seq = kPeerIss + 1, .ack = ack, .flags = kAck, .window = window}, now);
}

// Segments sent now, as (first octet offset from the data start, length, rule).
struct Sent {
  std::uint32_t seg_no;
  std::uint32_t len;
  Rule why;
  bool retransmission;
};
std::vector<Sent> sent_now(Connection& c, Instant now) {
  std::vector<Sent> out;
  const SeqNum base = iss_of(c) + 1;
  while (auto s = c.poll_transmit(now)) {
    drain_events(c);  // the SegmentSent this transmit produced; its rule is in *s
    out.push_back({static_cast<std::uint32_t>(s->seg.seq - base) / kSmss,
                   static_cast<std::uint32_t>(s->seg.payload.size()), s->why, s->retransmission});
  }
  return out;
}

// The congestion events since the last drain.
std::vector<CongestionChanged> cc_events(Connection& c) { return take_events<CongestionChanged>(c); }

struct Window {
  CongestionPhase phase;
  std::uint32_t cwnd;
  std::uint32_t ssthresh;
};
void check_window(const Connection& c, Window w) {
  const ConnectionStatus st = c.status();
  CHECK(phase_id(st.congestion_phase) == phase_id(w.phase));
  CHECK(st.cwnd == w.cwnd);
  CHECK(st.ssthresh == w.ssthresh);
}

// An established server that sent `segments` full segments of a larger
// write at 100 ms (its initial window must allow them).
Connection sending_server(Profile p, std::uint32_t segments, std::uint32_t queued_segments = 40) {
  Connection c = established_server(std::move(p));
  REQUIRE(c.send(bytes(queued_segments * kSmss), at_ms(100)).value() == queued_segments * kSmss);
  const auto out = sent_now(c, at_ms(100));
  REQUIRE(out.size() == segments);
  drain_events(c);
  return c;
}
}  // namespace

TEST_CASE("Initial window: RFC 5681 §3.1 by SMSS, 10 segments for Linux (RFC 6928)", "[congestion][iw]") {
  SECTION("SMSS 1460: 3 segments (4380 octets)") {
    Connection c = established_server();
    check_window(c, {CongestionPhase::SlowStart, 3 * kSmss, kInfiniteSsthresh});
    REQUIRE(c.send(bytes(20000), at_ms(100)).ok());
    const auto out = sent_now(c, at_ms(100));
    REQUIRE(out.size() == 3);
    for (const Sent& s : out) CHECK(s.len == kSmss);
  }
  SECTION("SMSS 1000: 4 segments") {
    Connection c(rfc_profile(), kServer);
    REQUIRE(c.open_passive(at_ms(0)).ok());
    deliver(c, Segment{.seq = kPeerIss, .flags = kSyn, .window = 65535, .options = {.mss = 1000}}, at_ms(0));
    deliver(c, Segment{.seq = kPeerIss + 1, .ack = iss_of(c) + 1, .flags = kAck, .window = 65535}, at_ms(10));
    CHECK(c.status().cwnd == 4000);
    transmitted(c, at_ms(10));
    REQUIRE(c.send(bytes(20000), at_ms(100)).ok());
    CHECK(transmitted(c, at_ms(100)).size() == 4);
  }
  SECTION("SMSS above 2190: 2 segments") {
    Profile p = rfc_profile();
    p.mss = 4000;
    Connection c(p, kServer);
    REQUIRE(c.open_passive(at_ms(0)).ok());
    deliver(c, Segment{.seq = kPeerIss, .flags = kSyn, .window = 65535, .options = {.mss = 4000}}, at_ms(0));
    deliver(c, Segment{.seq = kPeerIss + 1, .ack = iss_of(c) + 1, .flags = kAck, .window = 65535}, at_ms(10));
    CHECK(c.status().cwnd == 8000);
  }
  SECTION("Linux: 10 segments, CUBIC") {
    Connection c = established_server(Profile::linux_like());
    CHECK(c.status().congestion_algorithm == CongestionAlgorithm::Cubic);
    check_window(c, {CongestionPhase::SlowStart, 10 * kSmss, kInfiniteSsthresh});
    REQUIRE(c.send(bytes(30000), at_ms(100)).ok());
    CHECK(transmitted(c, at_ms(100)).size() == 10);
  }
  SECTION("the event names the rule when the connection is synchronized") {
    Connection c = client_in_syn_sent();
    deliver(c, Segment{.seq = kPeerIss, .ack = iss_of(c) + 1, .flags = kSyn | kAck, .window = 65535,
                       .options = {.mss = 1460}}, at_ms(10));
    const auto ev = cc_events(c);
    REQUIRE(ev.size() == 1);
    CHECK(ev[0] == CongestionChanged{CongestionPhase::SlowStart, 4380, kInfiniteSsthresh, 0, 0, Rule::CcInitialWindow});
  }
}

TEST_CASE("Initial window after a lost SYN: one segment (RFC 5681 §3.1), Linux only after two", "[congestion][iw]") {
  auto after_syn_losses = [](Profile p, int losses) {
    Connection c = client_in_syn_sent(std::move(p));
    Instant t = at_ms(0);
    for (int i = 0; i < losses; ++i) {
      t = *c.next_deadline();
      fire_timers(c, t);
      transmitted(c, t);
    }
    deliver(c, Segment{.seq = kPeerIss, .ack = iss_of(c) + 1, .flags = kSyn | kAck, .window = 65535,
                       .options = {.mss = 1460}}, t + std::chrono::milliseconds(10));
    const auto ev = cc_events(c);
    REQUIRE(ev.size() == 1);
    return ev[0];
  };
  CHECK(after_syn_losses(rfc_profile(), 1).cwnd == kSmss);
  CHECK(after_syn_losses(rfc_profile(), 1).why == Rule::CcInitialWindowAfterSynLoss);
  Profile linux = Profile::linux_like();
  linux.delayed_ack = false;
  CHECK(after_syn_losses(linux, 1).cwnd == 10 * kSmss);
  CHECK(after_syn_losses(linux, 2).cwnd == kSmss);
}

TEST_CASE("Slow start: every ACK grows cwnd by what it acknowledges, at most SMSS (RFC 5681 §3.1)",
          "[congestion][slow-start]") {
  Connection c = sending_server(rfc_profile(), 3);
  // ACK of the first segment: cwnd 4380 -> 5840, two more segments fit.
  ack_upto(c, seg(c, 1), at_ms(150));
  check_window(c, {CongestionPhase::SlowStart, 5840, kInfiniteSsthresh});
  auto ev = cc_events(c);
  REQUIRE(ev.size() == 1);
  CHECK(ev[0] == CongestionChanged{CongestionPhase::SlowStart, 5840, kInfiniteSsthresh, 2 * kSmss, 0, Rule::CcSlowStart});
  auto out = sent_now(c, at_ms(150));
  REQUIRE(out.size() == 2);
  CHECK(out[0].seg_no == 3);
  CHECK(out[1].seg_no == 4);
  CHECK(out[0].why == Rule::DataSegment);
  SECTION("an ACK of two segments adds one SMSS (RFC 5681 equation (2))") {
    ack_upto(c, seg(c, 3), at_ms(160));
    CHECK(c.status().cwnd == 7300);
    // Flight 2 segments, cwnd 5 segments: three new ones go.
    CHECK(sent_now(c, at_ms(160)).size() == 3);
  }
  SECTION("RFC 3465 with L = 2*SMSS adds both") {
    Profile p = rfc_profile();
    p.congestion.slow_start_limit = 2;
    Connection d = sending_server(p, 3);
    ack_upto(d, seg(d, 2), at_ms(160));
    CHECK(d.status().cwnd == 4380 + 2 * kSmss);
  }
  SECTION("Linux counts every acknowledged segment") {
    Profile p = Profile::linux_like();
    p.delayed_ack = false;
    Connection d = sending_server(p, 10);
    ack_upto(d, seg(d, 3), at_ms(160));
    CHECK(d.status().cwnd == 13 * kSmss);
  }
}

TEST_CASE("The sender keeps min(cwnd, rwnd) in flight", "[congestion][window]") {
  SECTION("cwnd limits a large write") {
    Connection c = sending_server(rfc_profile(), 3);
    CHECK(c.status().flight_size == 3 * kSmss);
    expect_silent(c, at_ms(100));
  }
  SECTION("the peer's window limits a large cwnd") {
    Connection c = established_server(with_algorithm(CongestionAlgorithm::NewReno, 10));
    ack_upto(c, iss_of(c) + 1, at_ms(90), 2 * kSmss);
    transmitted(c, at_ms(90));
    REQUIRE(c.send(bytes(20 * kSmss), at_ms(100)).ok());
    CHECK(sent_now(c, at_ms(100)).size() == 2);
  }
}

TEST_CASE("Retransmission timeout: ssthresh = max(FlightSize/2, 2*SMSS), cwnd = 1 SMSS (RFC 5681 §3.1)",
          "[congestion][timeout]") {
  Connection c = sending_server(rfc_profile(), 3);
  const Instant rto = *c.next_deadline();
  CHECK(rto == at_ms(1100));
  fire_timers(c, rto);
  // FlightSize 4380: half is 2190, below 2*SMSS = 2920.
  check_window(c, {CongestionPhase::LossRecovery, kSmss, 2 * kSmss});
  auto ev = cc_events(c);
  REQUIRE(ev.size() == 1);
  CHECK(ev[0] == CongestionChanged{CongestionPhase::LossRecovery, kSmss, 2 * kSmss, kSmss, 0, Rule::CcTimeout});
  auto out = sent_now(c, rto);
  REQUIRE(out.size() == 1);
  CHECK(out[0].seg_no == 0);
  CHECK(out[0].why == Rule::RetransmitTimeout);
  // tcpi_lost as Linux counts it: all three marked lost, the resent one too.
  CHECK(c.status().lost == 3);

  // The ACK of the resent segment: slow start to 2920; the two segments
  // that were in flight at the timeout go again before any new data.
  ack_upto(c, seg(c, 1), rto + std::chrono::milliseconds(50));
  check_window(c, {CongestionPhase::LossRecovery, 2 * kSmss, 2 * kSmss});
  out = sent_now(c, rto + std::chrono::milliseconds(50));
  REQUIRE(out.size() == 2);
  CHECK(out[0].seg_no == 1);
  CHECK(out[1].seg_no == 2);
  CHECK(out[0].why == Rule::CcLossRetransmit);
  CHECK(out[1].retransmission);
  CHECK(c.status().total_retransmits == 3);

  // Everything outstanding at the timeout is acknowledged: loss recovery
  // ends. cwnd (2920) has reached ssthresh, so this ACK already counts in
  // congestion avoidance: 2920 + 1460*1460/2920 = 3650.
  drain_events(c);
  ack_upto(c, seg(c, 3), rto + std::chrono::milliseconds(100));
  ev = cc_events(c);
  REQUIRE(ev.size() == 1);
  CHECK(ev[0].why == Rule::CcLossRecovered);
  check_window(c, {CongestionPhase::CongestionAvoidance, 3650, 2 * kSmss});
  out = sent_now(c, rto + std::chrono::milliseconds(100));
  REQUIRE(out.size() == 2);
  CHECK(out[0].seg_no == 3);
  CHECK(out[0].why == Rule::DataSegment);

  SECTION("congestion avoidance: cwnd += SMSS*SMSS/cwnd per ACK (RFC 5681 equation (3))") {
    ack_upto(c, seg(c, 4), rto + std::chrono::milliseconds(150));
    CHECK(c.status().cwnd == 3650 + 1460 * 1460 / 3650);  // 4234
    CHECK(cc_events(c).back().why == Rule::CcCongestionAvoidance);
    ack_upto(c, seg(c, 5), rto + std::chrono::milliseconds(151));
    CHECK(c.status().cwnd == 4234 + 1460 * 1460 / 4234);  // 4737
  }
  SECTION("a second timeout of the same segment keeps ssthresh") {
    const Instant again = *c.next_deadline();
    fire_timers(c, again);
    check_window(c, {CongestionPhase::LossRecovery, kSmss, 2 * kSmss});
    fire_timers(c, *c.next_deadline());
    check_window(c, {CongestionPhase::LossRecovery, kSmss, 2 * kSmss});
    CHECK(c.status().retransmits == 2);
  }
}

TEST_CASE("Congestion avoidance by byte counting: one SMSS per cwnd of ACKed octets (RFC 3465 §2.1)",
          "[congestion][avoidance]") {
  Profile p = rfc_profile();
  p.congestion.byte_counting = true;
  Connection c = sending_server(p, 3);
  fire_timers(c, *c.next_deadline());
  ack_upto(c, seg(c, 3), at_ms(1200));  // recovered: cwnd 2920 -> CA with ssthresh 2920
  check_window(c, {CongestionPhase::CongestionAvoidance, 2 * kSmss, 2 * kSmss});
  transmitted(c, at_ms(1200));
  ack_upto(c, seg(c, 4), at_ms(1250));
  CHECK(c.status().cwnd == 2 * kSmss);  // 1460 of 2920 counted
  ack_upto(c, seg(c, 5), at_ms(1260));
  CHECK(c.status().cwnd == 3 * kSmss);  // a whole cwnd acknowledged
}

TEST_CASE("Fast retransmit and fast recovery, NewReno (RFC 5681 §3.2, RFC 6582, RFC 3042)",
          "[congestion][fast-recovery]") {
  // Ten segments out (IW 10), the first is lost.
  Connection c = sending_server(with_algorithm(CongestionAlgorithm::NewReno, 10), 10);
  const SeqNum una = seg(c, 0);
  Instant t = at_ms(150);

  // Duplicate ACKs 1 and 2: limited transmit sends one new segment each, cwnd unchanged.
  for (std::uint32_t k = 1; k <= 2; ++k) {
    ack_upto(c, una, t);
    const auto ev = cc_events(c);
    REQUIRE(ev.size() == 1);
    CHECK(ev[0].why == Rule::CcDuplicateAck);
    CHECK(ev[0].dup_acks == k);
    const auto out = sent_now(c, t);
    REQUIRE(out.size() == 1);
    CHECK(out[0].seg_no == 9 + k);
    CHECK(out[0].why == Rule::CcLimitedTransmit);
    check_window(c, {CongestionPhase::SlowStart, 10 * kSmss, kInfiniteSsthresh});
  }
  // The third: ssthresh from the 10 segments sent before limited transmit
  // (7300), cwnd = ssthresh + 3*SMSS, the first segment goes again.
  ack_upto(c, una, t);
  auto ev = cc_events(c);
  REQUIRE(ev.size() == 1);
  CHECK(ev[0] == CongestionChanged{CongestionPhase::FastRecovery, 7300 + 3 * kSmss, 7300, 12 * kSmss, 3,
                                   Rule::CcFastRetransmit});
  auto out = sent_now(c, t);
  REQUIRE(out.size() == 1);
  CHECK(out[0].seg_no == 0);
  CHECK(out[0].len == kSmss);
  CHECK(out[0].why == Rule::CcFastRetransmit);
  CHECK(out[0].retransmission);
  CHECK(c.status().lost == 1);

  // Duplicates 4-8 inflate cwnd by SMSS each; at 18980 one new segment fits beside the 12 in flight.
  for (std::uint32_t k = 4; k <= 8; ++k) {
    ack_upto(c, una, t);
    CHECK(c.status().cwnd == 7300 + k * kSmss);
    CHECK(cc_events(c).back().why == Rule::CcFastRecoveryInflate);
    const auto sent = sent_now(c, t);
    CHECK(sent.size() == (k == 8 ? 1u : 0u));
  }

  SECTION("a partial ACK resends the next hole and deflates (RFC 6582 §3.2 step 5)") {
    ack_upto(c, seg(c, 3), at_ms(200));  // segments 0-2 arrive; segment 3 was lost too
    ev = cc_events(c);
    REQUIRE(ev.size() == 1);
    CHECK(ev[0].why == Rule::CcPartialAck);
    check_window(c, {CongestionPhase::FastRecovery, 18980 - 3 * kSmss + kSmss, 7300});
    out = sent_now(c, at_ms(200));
    REQUIRE(out.size() >= 1);
    CHECK(out[0].seg_no == 3);
    CHECK(out[0].why == Rule::CcPartialAck);
    CHECK(out[0].retransmission);

    // The full ACK (everything sent before recovery began): cwnd = ssthresh.
    ack_upto(c, seg(c, 12), at_ms(250));
    ev = cc_events(c);
    REQUIRE(ev.size() == 1);
    CHECK(ev[0].why == Rule::CcFastRecoveryExit);
    check_window(c, {CongestionPhase::CongestionAvoidance, 7300, 7300});
    sent_now(c, at_ms(250));

    // Segment 12, sent during the recovery, was lost as well. Duplicates of
    // exactly that ACK cover more than RFC 6582's recover (the highest octet
    // sent before the recovery began): a new loss, a new fast retransmit.
    for (int k = 0; k < 3; ++k) ack_upto(c, seg(c, 12), at_ms(300));
    ev = cc_events(c);
    REQUIRE_FALSE(ev.empty());
    CHECK(ev.back().why == Rule::CcFastRetransmit);
    CHECK(c.status().congestion_phase == CongestionPhase::FastRecovery);
  }
  SECTION("Reno leaves fast recovery at the partial ACK, deflated, without resending") {
    Connection r = sending_server(with_algorithm(CongestionAlgorithm::Reno, 10), 10);
    for (int k = 0; k < 3; ++k) ack_upto(r, seg(r, 0), t);
    transmitted(r, t);
    drain_events(r);
    ack_upto(r, seg(r, 3), at_ms(200));
    CHECK(cc_events(r).back().why == Rule::CcFastRecoveryExit);
    check_window(r, {CongestionPhase::CongestionAvoidance, 7300, 7300});
    for (const Sent& s : sent_now(r, at_ms(200))) CHECK_FALSE(s.retransmission);
  }
}

// Property-run seed 379 (tests/property, before RACK-TLP ran for the Linux
// profile): after a retransmission timeout, Reno with SACK took the third
// duplicate ACK for a new fast retransmit and began SACK recovery in the
// middle of the timeout's recovery. RFC 6675 §5.1: no new recovery before
// HighACK reaches RecoveryPoint (`recover`, set at the timeout).
TEST_CASE("After a timeout, duplicate ACKs with SACK start no recovery before `recover` (RFC 6675 §5.1)",
          "[congestion][sack][timeout]") {
  Profile p = with_algorithm(CongestionAlgorithm::Reno);
  p.send_sack_permitted = true;
  p.rack = false;
  p.tail_loss_probe = false;
  Connection c(p, kServer);
  REQUIRE(c.open_passive(at_ms(0)).ok());
  deliver(c, Segment{.seq = kPeerIss, .flags = kSyn, .window = 65535, .options = {.mss = 1460, .sack_permitted = true}},
          at_ms(0));
  transmitted(c, at_ms(0));
  deliver(c, Segment{.seq = kPeerIss + 1, .ack = iss_of(c) + 1, .flags = kAck, .window = 65535}, at_ms(10));
  REQUIRE(c.state() == State::Established);
  transmitted(c, at_ms(10));
  REQUIRE(c.send(bytes(40 * kSmss), at_ms(100)).value() == 40 * kSmss);
  REQUIRE(sent_now(c, at_ms(100)).size() == 3);
  fire_timers(c, at_ms(1100));
  auto out = sent_now(c, at_ms(1100));
  REQUIRE(out.size() == 1);
  CHECK(out[0].why == Rule::RetransmitTimeout);
  check_window(c, {CongestionPhase::LossRecovery, kSmss, 2 * kSmss});

  // The first transmissions of segments 1 and 2 arrive: three duplicate
  // ACKs of segment 0, SACKing 1, then 1-2, then 1-2 again.
  const std::vector<SackBlock> blocks[3] = {{{seg(c, 1), seg(c, 2)}}, {{seg(c, 1), seg(c, 3)}}, {{seg(c, 1), seg(c, 3)}}};
  for (int i = 0; i < 3; ++i)
    deliver(c, Segment{.seq = kPeerIss + 1, .ack = seg(c, 0), .flags = kAck, .window = 65535,
                       .options = {.sack_blocks = blocks[i]}},
            at_ms(1110 + i));
  const auto ev = cc_events(c);
  REQUIRE(ev.size() == 3);
  for (const CongestionChanged& e : ev) CHECK(e.why == Rule::CcDuplicateAck);
  CHECK(ev[2].dup_acks == 3);
  check_window(c, {CongestionPhase::LossRecovery, kSmss, 2 * kSmss});
  // No fast retransmit; the resent segment 0 fills cwnd, so nothing goes:
  // not the timeout's resend of 1 and 2 by limited transmit's allowance
  // (RFC 3042 is for new data), nor at all, since the peer SACKed them.
  CHECK(sent_now(c, at_ms(1112)).empty());

  // The ACK of the resent segment 0 covers the SACKed 1-2: slow start, and
  // the timeout's recovery goes on to `recover` (segment 3).
  ack_upto(c, seg(c, 3), at_ms(1150));
  check_window(c, {CongestionPhase::CongestionAvoidance, 2 * kSmss, 2 * kSmss});
  CHECK(cc_events(c).back().why == Rule::CcLossRecovered);
}

TEST_CASE("Tahoe: the third duplicate ACK means one segment and slow start", "[congestion][tahoe]") {
  Connection c = sending_server(with_algorithm(CongestionAlgorithm::Tahoe, 10), 10);
  const SeqNum una = seg(c, 0);
  for (int k = 0; k < 2; ++k) ack_upto(c, una, at_ms(150));
  transmitted(c, at_ms(150));
  drain_events(c);
  ack_upto(c, una, at_ms(150));
  auto ev = cc_events(c);
  REQUIRE(ev.size() == 1);
  CHECK(ev[0].why == Rule::CcFastRetransmitTahoe);
  check_window(c, {CongestionPhase::SlowStart, kSmss, 7300});
  auto out = sent_now(c, at_ms(150));
  REQUIRE(out.size() == 1);
  CHECK(out[0].seg_no == 0);
  // More duplicates change nothing: Tahoe does not inflate.
  ack_upto(c, una, at_ms(151));
  CHECK(c.status().cwnd == kSmss);
  CHECK(sent_now(c, at_ms(151)).empty());
  // The ACK of the resent segment: cwnd 2920, and the rest of what was in
  // flight goes again from segment 1 (go-back-N).
  ack_upto(c, seg(c, 1), at_ms(200));
  CHECK(c.status().cwnd == 2 * kSmss);
  out = sent_now(c, at_ms(200));
  REQUIRE(out.size() == 2);
  CHECK(out[0].seg_no == 1);
  CHECK(out[1].seg_no == 2);
  CHECK(out[0].why == Rule::CcLossRetransmit);
}

TEST_CASE("Duplicate ACKs as RFC 5681 §2 defines them", "[congestion][dup-ack]") {
  Connection c = sending_server(with_algorithm(CongestionAlgorithm::NewReno, 10), 10);
  const SeqNum una = seg(c, 0);
  SECTION("a window update is not a duplicate") {
    ack_upto(c, una, at_ms(150), 60000);
    CHECK(c.status().dup_acks == 0);
  }
  SECTION("an ACK carrying data is not a duplicate") {
    deliver(c, Segment{.seq = kPeerIss + 1, .ack = una, .flags = kAck, .window = 65535, .payload = bytes(10)},
            at_ms(150));
    CHECK(c.status().dup_acks == 0);
  }
  SECTION("three in a row are") {
    for (int k = 0; k < 3; ++k) ack_upto(c, una, at_ms(150));
    CHECK(c.status().congestion_phase == CongestionPhase::FastRecovery);
  }
  SECTION("after recovery, duplicates below `recover` start no second one (RFC 6582 §3.2 step 2)") {
    fire_timers(c, *c.next_deadline());  // timeout: recover = everything sent
    for (int k = 0; k < 3; ++k) ack_upto(c, una, at_s(2));
    CHECK(c.status().congestion_phase == CongestionPhase::LossRecovery);
    CHECK(c.status().cwnd == kSmss);
  }
}

TEST_CASE("Restart after idle: cwnd back to the initial window (RFC 5681 §4.1)", "[congestion][idle]") {
  Connection c = established_server(with_algorithm(CongestionAlgorithm::NewReno));
  // Grow cwnd: 3 segments out and acknowledged one by one.
  REQUIRE(c.send(bytes(3 * kSmss), at_ms(100)).ok());
  transmitted(c, at_ms(100));
  for (std::uint32_t k = 1; k <= 3; ++k) ack_upto(c, seg(c, k), at_ms(150));
  CHECK(c.status().cwnd == 6 * kSmss);
  drain_events(c);
  SECTION("within an RTO the window stays") {
    REQUIRE(c.send(bytes(kSmss), at_ms(900)).ok());
    CHECK(cc_events(c).empty());
    CHECK(c.status().cwnd == 6 * kSmss);
  }
  SECTION("after more than an RTO it restarts") {
    REQUIRE(c.send(bytes(10 * kSmss), at_ms(1500)).ok());
    const auto ev = cc_events(c);
    REQUIRE(ev.size() == 1);
    CHECK(ev[0].why == Rule::CcIdleRestart);
    CHECK(ev[0].cwnd == 3 * kSmss);
    CHECK(transmitted(c, at_ms(1500)).size() == 3);
  }
}

TEST_CASE("CUBIC's window follows RFC 9438", "[congestion][cubic]") {
  SECTION("W_cubic and K") {
    // RFC 9438 §4.2: K = cbrt((W_max - cwnd_epoch)/C); W_cubic(K) = W_max.
    const double k = Cubic::k_for(100, 70);
    CHECK(k == Approx(4.21716).epsilon(1e-5));
    CHECK(Cubic::w_cubic(0, k, 100) == Approx(70).epsilon(1e-9));
    CHECK(Cubic::w_cubic(k, k, 100) == Approx(100).epsilon(1e-12));
    CHECK(Cubic::w_cubic(k + 2, k, 100) == Approx(100 + 0.4 * 8).epsilon(1e-12));
    CHECK(Cubic::cube_root(27) == Approx(3).epsilon(1e-12));
    CHECK(Cubic::cube_root(-8) == Approx(-2).epsilon(1e-12));
  }
  SECTION("a loss at W = 100: cwnd 70, then growth toward W_cubic(t + RTT)") {
    Cubic cubic;
    CHECK(cubic.on_congestion(100) == Approx(70));
    const Instant t0 = at_s(10);
    const auto rtt = std::chrono::milliseconds(100);
    // At the epoch's start W_cubic(0) = 70 is below W_est: Reno-friendly.
    double w = cubic.on_ack(70, 1, t0, rtt);
    CHECK(cubic.reno_friendly());
    CHECK(w == Approx(70 + (3 * 0.3 / 1.7) / 70).epsilon(1e-12));
    CHECK(cubic.k() == Approx(4.21716).epsilon(1e-5));
    // At t = K, W_est is far below W_max: the cubic region. The target is
    // W_cubic(K + RTT) = 100 + 0.4 * 0.1^3; cwnd 90 moves by (target - 90)/90.
    const Instant at_k = t0 + std::chrono::microseconds(static_cast<std::int64_t>(cubic.k() * 1e6));
    w = cubic.on_ack(90, 1, at_k, rtt);
    CHECK_FALSE(cubic.reno_friendly());
    const double t = static_cast<double>(micros(at_k - t0)) / 1e6;
    const double target = 0.4 * (t + 0.1 - cubic.k()) * (t + 0.1 - cubic.k()) * (t + 0.1 - cubic.k()) + 100;
    CHECK(w == Approx(90 + (target - 90) / 90).epsilon(1e-12));
  }
  SECTION("fast convergence: a second loss below W_max remembers less (RFC 9438 §4.7)") {
    Cubic cubic;
    cubic.on_congestion(100);
    cubic.on_congestion(80);
    CHECK(cubic.w_max() == Approx(80 * 1.7 / 2));
  }
  SECTION("in the connection: ssthresh = 0.7 cwnd at a fast retransmit, growth named cc.cubic") {
    Profile p = Profile::linux_like();
    p.delayed_ack = false;
    Connection c = sending_server(p, 10);
    for (int k = 0; k < 3; ++k) ack_upto(c, seg(c, 0), at_ms(150));
    check_window(c, {CongestionPhase::FastRecovery, 10220 + 3 * kSmss, 10220});
    transmitted(c, at_ms(150));
    ack_upto(c, seg(c, 12), at_ms(200));
    check_window(c, {CongestionPhase::CongestionAvoidance, 10220, 10220});
    transmitted(c, at_ms(200));
    drain_events(c);
    ack_upto(c, seg(c, 13), at_ms(250));
    const auto ev = cc_events(c);
    REQUIRE(ev.size() == 1);
    CHECK((ev[0].why == Rule::CcCubic || ev[0].why == Rule::CcCubicRenoFriendly));
    CHECK(ev[0].cwnd > 10220);
  }
}

TEST_CASE("Congestion events reach the JSON Lines trace's vocabulary", "[congestion][names]") {
  CHECK(algorithm_id(CongestionAlgorithm::NewReno) == "newreno");
  CHECK(parse_algorithm("cubic") == CongestionAlgorithm::Cubic);
  CHECK_FALSE(parse_algorithm("vegas").has_value());
  CHECK(phase_id(CongestionPhase::FastRecovery) == "fast-recovery");
  CHECK(rule_id(Rule::CcFastRetransmit) == "cc.fast-retransmit");
  CHECK(rule_reference(Rule::CcPartialAck) == "RFC 6582 §3.2");
}
