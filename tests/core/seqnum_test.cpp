#include <catch2/catch.hpp>

#include <cstdint>

#include "core/wire/seqnum.h"

using namespace tcplab;

TEST_CASE("SeqNum arithmetic is modulo 2^32 (RFC 9293 §3.4)", "[seqnum]") {
  CHECK(SeqNum(0xFFFFFFFFu) + 1 == SeqNum(0));
  CHECK(SeqNum(0xFFFFFFF0u) + 0x20 == SeqNum(0x10));
  CHECK(SeqNum(0) - 1 == SeqNum(0xFFFFFFFFu));
  SeqNum s(0xFFFFFFFEu);
  s += 5;
  CHECK(s == SeqNum(3));
  SECTION("the difference is the signed distance, across the wrap too") {
    CHECK(SeqNum(0x10) - SeqNum(0xFFFFFFF0u) == 0x20);
    CHECK(SeqNum(0xFFFFFFF0u) - SeqNum(0x10) == -0x20);
    CHECK(SeqNum(1000) - SeqNum(1000) == 0);
  }
}

TEST_CASE("SeqNum order is modular: b is after a when less than 2^31 ahead", "[seqnum]") {
  auto [a, b, a_before_b] = GENERATE(table<std::uint32_t, std::uint32_t, bool>({
      {100, 200, true},
      {200, 100, false},
      {0xFFFFFFF0u, 0x10, true},        // across the wrap
      {0x10, 0xFFFFFFF0u, false},
      {0xFFFFFFFFu, 0, true},
      {0, 0x7FFFFFFFu, true},           // 2^31 - 1 ahead: still after
      {0, 0x80000001u, false},          // 2^31 + 1 ahead reads as 2^31 - 1 behind
      {0x80000000u, 0xFFFFFFFFu, true},
      {0x7FFFFFFFu, 0x80000000u, true},  // the midpoint is not a boundary
  }));
  const SeqNum sa(a), sb(b);
  CHECK((sa < sb) == a_before_b);
  CHECK((sb > sa) == a_before_b);
  CHECK((sa >= sb) == !a_before_b);
  CHECK((sb <= sa) == !a_before_b);
  CHECK(max(sa, sb) == (a_before_b ? sb : sa));
  CHECK(min(sa, sb) == (a_before_b ? sa : sb));
}

TEST_CASE("SeqNum equal values are <= and >= but not < or >", "[seqnum]") {
  const SeqNum a(0xFFFFFFFFu);
  CHECK(a <= SeqNum(0xFFFFFFFFu));
  CHECK(a >= SeqNum(0xFFFFFFFFu));
  CHECK_FALSE(a < SeqNum(0xFFFFFFFFu));
  CHECK_FALSE(a > SeqNum(0xFFFFFFFFu));
}

TEST_CASE("in_window(x, lo, len) is lo <= x < lo + len, modulo 2^32", "[seqnum]") {
  auto [x, lo, len, inside] = GENERATE(table<std::uint32_t, std::uint32_t, std::uint32_t, bool>({
      {1000, 1000, 10, true},             // left edge is in
      {1009, 1000, 10, true},
      {1010, 1000, 10, false},            // right edge is out
      {999, 1000, 10, false},
      {0xFFFFFFF0u, 0xFFFFFFF0u, 0x20, true},
      {0xFFFFFFFFu, 0xFFFFFFF0u, 0x20, true},
      {0x00000000u, 0xFFFFFFF0u, 0x20, true},  // window straddles the wrap
      {0x0000000Fu, 0xFFFFFFF0u, 0x20, true},
      {0x00000010u, 0xFFFFFFF0u, 0x20, false},
      {0xFFFFFFEFu, 0xFFFFFFF0u, 0x20, false},
      {1000, 1000, 0, false},             // a zero-length window holds nothing
      {0x80000000u, 0, 0xFFFFFFFFu, true},  // a huge window still excludes lo - 1
      {0xFFFFFFFFu, 0, 0xFFFFFFFFu, false},
  }));
  CHECK(in_window(SeqNum(x), SeqNum(lo), len) == inside);
}
