// The sender's SACK scoreboard (RFC 6675 §3-§4): merging SACK blocks,
// forgetting what SND.UNA passed, IsLost() by DupThresh segments or
// (DupThresh - 1) * SMSS octets SACKed above, and the holes NextSeg() walks.
#include <catch2/catch.hpp>

#include "core/tcp/sack_scoreboard.h"

using namespace tcplab;

namespace {
constexpr std::uint32_t kMss = 1000;
const SeqNum kUna{5000};
SackBlock block(std::uint32_t left, std::uint32_t right) { return {SeqNum{left}, SeqNum{right}}; }
}  // namespace

TEST_CASE("SACK scoreboard: blocks merge, SND.UNA trims", "[sack]") {
  SackScoreboard sb;
  const SeqNum nxt{15000};
  SECTION("a new block counts its octets once; overlaps and touching blocks merge") {
    const std::vector<SackBlock> first{block(7000, 8000)};
    CHECK(sb.update(kUna, first, nxt) == 1000);
    const std::vector<SackBlock> more{block(7500, 9000), block(9000, 10000)};
    CHECK(sb.update(kUna, more, nxt) == 2000);
    REQUIRE(sb.ranges().size() == 1);
    CHECK(sb.ranges()[0] == SeqRange{SeqNum{7000}, SeqNum{10000}});
    CHECK(sb.sacked_octets() == 3000);
  }
  SECTION("a block below SND.UNA (a D-SACK) or beyond SND.NXT adds nothing") {
    const std::vector<SackBlock> old{block(4000, 5000), block(15000, 16000)};
    CHECK(sb.update(kUna, old, nxt) == 0);
    CHECK(sb.empty());
  }
  SECTION("SND.UNA moving past SACKed octets forgets them") {
    const std::vector<SackBlock> two{block(6000, 7000), block(8000, 9000)};
    sb.update(kUna, two, nxt);
    sb.update(SeqNum{7000}, {}, nxt);
    REQUIRE(sb.ranges().size() == 1);
    CHECK(sb.ranges()[0].start == SeqNum{8000});
    CHECK(sb.highest_sacked() == SeqNum{9000});
  }
}

TEST_CASE("SACK scoreboard: IsLost and the holes (RFC 6675 §4)", "[sack]") {
  SackScoreboard sb;
  const SeqNum nxt{15000};
  SECTION("two segments SACKed above a hole: not lost; a third: lost") {
    const std::vector<SackBlock> two{block(6000, 8000)};
    sb.update(kUna, two, nxt);
    CHECK_FALSE(sb.is_lost(kUna, kMss));
    const std::vector<SackBlock> three{block(6000, 9000)};
    sb.update(kUna, three, nxt);
    CHECK(sb.is_lost(kUna, kMss));
    CHECK_FALSE(sb.is_lost(SeqNum{6500}, kMss));  // SACKed itself
  }
  SECTION("three discontiguous small SACKed pieces count as DupThresh segments") {
    const std::vector<SackBlock> small{block(6000, 6100), block(7000, 7100), block(8000, 8100)};
    sb.update(kUna, small, nxt);
    CHECK(sb.sacked_above(kUna) == 300);
    CHECK(sb.is_lost(kUna, kMss));
    CHECK_FALSE(sb.is_lost(SeqNum{6100}, kMss));
  }
  SECTION("holes run from a point to the next SACKed octet, the last to the limit") {
    const std::vector<SackBlock> two{block(6000, 7000), block(8000, 9000)};
    sb.update(kUna, two, nxt);
    CHECK(sb.next_hole(kUna, nxt) == SeqRange{kUna, SeqNum{6000}});
    CHECK(sb.next_hole(SeqNum{6000}, nxt) == SeqRange{SeqNum{7000}, SeqNum{8000}});
    CHECK(sb.next_hole(SeqNum{8500}, nxt) == SeqRange{SeqNum{9000}, nxt});
    CHECK_FALSE(sb.next_hole(nxt, nxt));
  }
}
