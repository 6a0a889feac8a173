// RACK-TLP's decisions (RFC 8985): which segments RACK marks lost and
// when, the reordering window and its D-SACK widening, the pipe it counts,
// and the tail loss probe's timeout.
#include <catch2/catch.hpp>

#include "core/tcp/rack.h"

using namespace tcplab;
using namespace std::chrono_literals;

namespace {
Instant ms(std::int64_t n) { return at(std::chrono::milliseconds(n)); }
SackBlock block(std::uint32_t left, std::uint32_t right) { return {SeqNum{left}, SeqNum{right}}; }

// Five 1000-octet segments 1..5001 sent at 100 ms, RTT 100 ms seen before.
Rack five_sent() {
  Rack r;
  r.note_rtt_sample(100ms);
  for (std::uint32_t s = 1; s < 5001; s += 1000) r.on_sent(SeqNum{s}, SeqNum{s + 1000}, ms(100), false);
  return r;
}

// The ACK at `now` with SND.UNA `una` and these SACK blocks.
Rack::AckResult ack(Rack& r, SackScoreboard& sb, std::uint32_t una, std::vector<SackBlock> blocks, Instant now,
                    bool dsack = false) {
  sb.update(SeqNum{una}, blocks, SeqNum{5001});
  return r.on_ack(SeqNum{una}, sb, dsack, SeqNum{5001}, now, std::nullopt);
}
}  // namespace

TEST_CASE("RACK waits min_RTT/4 for a hole below one SACKed segment, then marks it lost", "[rack]") {
  Rack r = five_sent();
  SackScoreboard sb;
  ack(r, sb, 1001, {block(2001, 3001)}, ms(200));
  CHECK(r.rtt() == 100ms);
  // One SACKed segment is below DupThresh and no reordering was seen yet:
  // reo_wnd = min_RTT/4 = 25 ms, so 1001:2001 (sent at 100 ms) waits until 225 ms.
  const Duration w = r.reo_wnd(false, 100ms);
  CHECK(w == 25ms);
  const Rack::Detection early = r.detect_loss(ms(200), w);
  CHECK(early.newly_lost == 0);
  CHECK(early.timer == 25ms);
  CHECK_FALSE(r.is_lost(SeqNum{1001}));
  const Rack::Detection late = r.detect_loss(ms(225), w);
  CHECK(late.newly_lost == 1);
  CHECK_FALSE(late.timer);
  CHECK(r.is_lost(SeqNum{1001}));
  CHECK_FALSE(r.is_lost(SeqNum{3001}));  // sent with the SACKed one but after it in sequence
  CHECK(r.lost_count() == 1);
  // pipe: 3001:5001 in flight; 1001:2001 lost and 2001:3001 SACKed count nothing.
  CHECK(r.pipe() == 2000);
}

TEST_CASE("RACK's window is zero once DupThresh segments are SACKed or in recovery", "[rack]") {
  Rack r = five_sent();
  SackScoreboard sb;
  ack(r, sb, 1, {block(2001, 5001)}, ms(200));
  CHECK(r.reo_wnd(false, 100ms) == Duration::zero());
  const Rack::Detection d = r.detect_loss(ms(200), Duration::zero());
  CHECK(d.newly_lost == 2);  // 1:1001 and 1001:2001, both sent before 4001:5001
  CHECK(r.first_lost()->start == SeqNum{1});
  CHECK(r.reo_wnd(true, 100ms) == Duration::zero());
}

TEST_CASE("A resent segment is no longer lost and is timed from its resend", "[rack]") {
  Rack r = five_sent();
  SackScoreboard sb;
  ack(r, sb, 1, {block(2001, 5001)}, ms(200));
  r.detect_loss(ms(200), Duration::zero());
  r.on_sent(SeqNum{1}, SeqNum{1001}, ms(200), true);
  CHECK_FALSE(r.is_lost(SeqNum{1}));
  CHECK(r.is_lost(SeqNum{1001}));
  // The resend of 1:1001 is lost too: delivery of the resend of 1001:2001,
  // sent later, marks it once RACK.rtt has passed since its resend.
  r.on_sent(SeqNum{1001}, SeqNum{2001}, ms(201), true);
  ack(r, sb, 1, {block(1001, 5001)}, ms(301));
  CHECK(r.rtt() == 100ms);
  CHECK(r.detect_loss(ms(301), Duration::zero()).newly_lost == 1);
  CHECK(r.is_lost(SeqNum{1}));
}

TEST_CASE("RACK sees reordering and a D-SACK widens its window for 16 recoveries", "[rack]") {
  Rack r = five_sent();
  SackScoreboard sb;
  ack(r, sb, 1, {block(3001, 4001)}, ms(200));
  CHECK_FALSE(r.reordering_seen());
  // 1001:2001, never resent, arrives after 3001:4001 (higher, sent with it).
  const Rack::AckResult a = ack(r, sb, 1, {block(1001, 2001), block(3001, 4001)}, ms(205));
  CHECK(a.reordering_seen);
  CHECK(r.reo_wnd(true, 100ms) == 25ms);  // reordering seen: a window even in recovery
  const Rack::AckResult d = ack(r, sb, 1, {block(1001, 2001), block(3001, 4001)}, ms(210), true);
  CHECK(d.reo_wnd_grew);
  CHECK(r.reo_wnd_mult() == 2);
  CHECK(r.reo_wnd(false, 100ms) == 50ms);
  CHECK(r.reo_wnd(false, 40ms) == 40ms);  // never beyond SRTT
  // A second D-SACK in the same round trip does not widen it again.
  CHECK_FALSE(ack(r, sb, 1, {}, ms(211), true).reo_wnd_grew);
  for (std::uint32_t i = 0; i < kReoWndPersist - 1; ++i) r.on_recovery_exit();
  CHECK(r.reo_wnd_mult() == 2);
  r.on_recovery_exit();
  CHECK(r.reo_wnd_mult() == 1);
}

TEST_CASE("A cumulative ACK forgets segments, a timeout forgets RACK's marks", "[rack]") {
  Rack r = five_sent();
  SackScoreboard sb;
  ack(r, sb, 1, {block(2001, 5001)}, ms(200));
  r.detect_loss(ms(200), Duration::zero());
  r.on_timeout();
  CHECK_FALSE(r.any_lost());
  ack(r, sb, 3001, {}, ms(300));
  CHECK(r.segments_in_flight() == 2);
  CHECK(r.last_sent()->start == SeqNum{4001});
}

TEST_CASE("The probe timeout: 2*SRTT, the delayed-ACK allowance for one segment, never past the RTO", "[rack][tlp]") {
  CHECK(probe_timeout(100ms, false, 300ms) == 200ms);
  CHECK(probe_timeout(100ms, true, 1s) == 400ms);
  CHECK(probe_timeout(100ms, true, 300ms) == 300ms);
  CHECK(probe_timeout(std::nullopt, false, 3s) == 1s);
  // Linux's two jiffies (8 ms at HZ=250) with more than one segment out; not on top of the delayed-ACK allowance.
  CHECK(probe_timeout(100us, false, 1s, 8ms) == 8200us);
  CHECK(probe_timeout(100us, true, 1s, 8ms) == 200200us);
}

// Property-run seed 2 (tests/property): the peer SACKed the data of the last
// segment but not its FIN (RFC 2018 reports queued data). RACK counted the
// whole segment unsacked, marked it lost, and the resend carried 884 SACKed
// octets again; the block's edge now cuts the segment, so only the FIN's
// sequence number is lost and resent (RFC 6675 §4 NextSeg: no SACKed octet).
TEST_CASE("RACK: a block covering part of a segment delivers that part", "[rack]") {
  Rack r;
  r.note_rtt_sample(100ms);
  r.on_sent(SeqNum{1}, SeqNum{1001}, ms(100), false);
  r.on_sent(SeqNum{1001}, SeqNum{1886}, ms(100), false);  // 884 octets and the FIN
  SackScoreboard sb;
  sb.update(SeqNum{1}, std::vector<SackBlock>{block(1001, 1885)}, SeqNum{1886});
  r.on_ack(SeqNum{1}, sb, false, SeqNum{1886}, ms(200), std::nullopt);
  CHECK(r.detect_loss(ms(200), Duration::zero()).newly_lost == 1);
  CHECK(r.is_lost(SeqNum{1}));
  CHECK_FALSE(r.is_lost(SeqNum{1001}));
  CHECK_FALSE(r.is_lost(SeqNum{1885}));  // sent with the SACKed octets, not before them
  CHECK(r.segments_in_flight() == 3);     // 1:1001, 1001:1885 (SACKed), 1885:1886
  CHECK(r.pipe() == 1);                   // the FIN; 1:1001 lost, 1001:1885 SACKed
  // Once the first segment is resent and acknowledged, the FIN alone is the hole.
  r.on_sent(SeqNum{1}, SeqNum{1001}, ms(210), true);
  sb.update(SeqNum{1001}, std::vector<SackBlock>{block(1001, 1885)}, SeqNum{1886});
  r.on_ack(SeqNum{1001}, sb, false, SeqNum{1886}, ms(310), std::nullopt);
  CHECK(r.detect_loss(ms(420), Duration::zero()).newly_lost == 1);
  const auto lost = r.first_lost();
  REQUIRE(lost);
  CHECK(lost->start == SeqNum{1885});
  CHECK(lost->end == SeqNum{1886});
}
