#include <catch2/catch.hpp>

#include <cstdint>
#include <vector>

#include "core/tcp/reassembly.h"

using namespace tcplab;

namespace {
using Bytes = std::vector<std::uint8_t>;

// `n` octets whose values follow their sequence numbers, so any misplaced
// octet shows up in a comparison.
Bytes octets(SeqNum seq, std::size_t n) {
  Bytes out(n);
  for (std::size_t i = 0; i < n; ++i) out[i] = static_cast<std::uint8_t>((seq + i).value() * 7u);
  return out;
}

void receive(ReassemblyBuffer& buf, SeqNum seq, std::size_t n, SeqNum rcv_nxt,
             std::uint32_t window = 65535) {
  const Bytes data = octets(seq, n);
  buf.insert(seq, data, rcv_nxt, window);
}

SackBlock block(std::uint32_t left, std::uint32_t right) { return {SeqNum(left), SeqNum(right)}; }
}  // namespace

TEST_CASE("Reassembly: data at RCV.NXT is contiguous at once", "[reassembly]") {
  ReassemblyBuffer buf;
  const SeqNum rcv_nxt(1000);
  receive(buf, rcv_nxt, 10, rcv_nxt);
  CHECK(buf.bytes_held() == 10);
  CHECK(buf.take_contiguous(rcv_nxt) == octets(rcv_nxt, 10));
  CHECK(buf.empty());
  CHECK(buf.take_contiguous(rcv_nxt + 10).empty());
}

TEST_CASE("Reassembly: data above a gap waits for the gap", "[reassembly]") {
  ReassemblyBuffer buf;
  const SeqNum rcv_nxt(1000);
  receive(buf, SeqNum(1010), 10, rcv_nxt);
  receive(buf, SeqNum(1030), 5, rcv_nxt);

  CHECK(buf.take_contiguous(rcv_nxt).empty());
  CHECK(buf.bytes_held() == 15);
  CHECK(buf.ranges(rcv_nxt) == std::vector{block(1010, 1020), block(1030, 1035)});

  SECTION("filling the first gap releases the data up to the second gap") {
    receive(buf, rcv_nxt, 10, rcv_nxt);
    CHECK(buf.take_contiguous(rcv_nxt) == octets(rcv_nxt, 20));
    CHECK(buf.ranges(SeqNum(1020)) == std::vector{block(1030, 1035)});
    SECTION("and filling the second gap releases the rest") {
      receive(buf, SeqNum(1020), 10, SeqNum(1020));
      CHECK(buf.take_contiguous(SeqNum(1020)) == octets(SeqNum(1020), 15));
      CHECK(buf.empty());
    }
  }
  SECTION("a segment bridging both gaps merges everything into one run") {
    receive(buf, SeqNum(1005), 30, rcv_nxt);
    CHECK(buf.ranges(rcv_nxt) == std::vector{block(1005, 1035)});
    CHECK(buf.bytes_held() == 30);
  }
  SECTION("runs that touch are reported as one SACK block") {
    receive(buf, SeqNum(1020), 10, rcv_nxt);
    CHECK(buf.ranges(rcv_nxt) == std::vector{block(1010, 1035)});
  }
}

TEST_CASE("Reassembly: overlaps and duplicates are merged", "[reassembly]") {
  ReassemblyBuffer buf;
  const SeqNum rcv_nxt(0);
  receive(buf, SeqNum(10), 10, rcv_nxt);

  SECTION("an exact duplicate changes nothing") {
    receive(buf, SeqNum(10), 10, rcv_nxt);
    CHECK(buf.bytes_held() == 10);
    CHECK(buf.ranges(rcv_nxt) == std::vector{block(10, 20)});
  }
  SECTION("a segment inside a held run changes nothing") {
    receive(buf, SeqNum(12), 3, rcv_nxt);
    CHECK(buf.bytes_held() == 10);
  }
  SECTION("overlap on the left and on the right extends the run") {
    receive(buf, SeqNum(5), 10, rcv_nxt);
    receive(buf, SeqNum(15), 10, rcv_nxt);
    CHECK(buf.ranges(rcv_nxt) == std::vector{block(5, 25)});
    receive(buf, SeqNum(0), 5, rcv_nxt);
    CHECK(buf.take_contiguous(rcv_nxt) == octets(rcv_nxt, 25));
  }
  SECTION("octets already held win over a later, different copy") {
    const Bytes other(20, 0xEE);
    buf.insert(SeqNum(0), other, rcv_nxt, 65535);
    Bytes expected(10, 0xEE);
    const Bytes first = octets(SeqNum(10), 10);
    expected.insert(expected.end(), first.begin(), first.end());
    CHECK(buf.take_contiguous(rcv_nxt) == expected);
  }
}

TEST_CASE("Reassembly: only the receive window is kept", "[reassembly]") {
  ReassemblyBuffer buf;
  const SeqNum rcv_nxt(500);

  SECTION("octets below RCV.NXT are dropped") {
    receive(buf, SeqNum(490), 20, rcv_nxt);
    CHECK(buf.take_contiguous(rcv_nxt) == octets(rcv_nxt, 10));
  }
  SECTION("a segment wholly below RCV.NXT is dropped") {
    receive(buf, SeqNum(400), 100, rcv_nxt);
    CHECK(buf.empty());
  }
  SECTION("octets at or past RCV.NXT + RCV.WND are dropped") {
    receive(buf, SeqNum(510), 20, rcv_nxt, 20);
    CHECK(buf.ranges(rcv_nxt) == std::vector{block(510, 520)});
    receive(buf, SeqNum(520), 5, rcv_nxt, 20);
    CHECK(buf.bytes_held() == 10);
  }
  SECTION("a zero window keeps nothing") {
    receive(buf, rcv_nxt, 5, rcv_nxt, 0);
    CHECK(buf.empty());
  }
  SECTION("empty data keeps nothing") {
    buf.insert(rcv_nxt, {}, rcv_nxt, 100);
    CHECK(buf.empty());
  }
}

TEST_CASE("Reassembly: RCV.NXT advancing past held data trims it", "[reassembly]") {
  ReassemblyBuffer buf;
  receive(buf, SeqNum(110), 10, SeqNum(100));
  receive(buf, SeqNum(130), 10, SeqNum(100));
  // Say the gap was filled and delivered through another path up to 115.
  CHECK(buf.ranges(SeqNum(115)) == std::vector{block(115, 120), block(130, 140)});
  CHECK(buf.take_contiguous(SeqNum(115)) == octets(SeqNum(115), 5));
  CHECK(buf.bytes_held() == 10);
  CHECK(buf.ranges(SeqNum(150)).empty());
  CHECK(buf.take_contiguous(SeqNum(150)).empty());
  CHECK(buf.empty());
}

TEST_CASE("Reassembly: sequence numbers wrap around 2^32", "[reassembly]") {
  ReassemblyBuffer buf;
  const SeqNum rcv_nxt(0xFFFFFFF0u);

  // Two runs: one straddling the wrap, one just after it.
  receive(buf, SeqNum(0xFFFFFFF8u), 16, rcv_nxt);  // 0xFFFFFFF8 .. 0x00000008
  receive(buf, SeqNum(0x00000010u), 8, rcv_nxt);
  CHECK(buf.ranges(rcv_nxt) == std::vector{block(0xFFFFFFF8u, 0x00000008u), block(0x10, 0x18)});

  SECTION("data below RCV.NXT across the wrap is still recognised as old") {
    receive(buf, SeqNum(0xFFFFFFE0u), 20, rcv_nxt);  // ends at 0xFFFFFFF4
    CHECK(buf.ranges(rcv_nxt).front() == block(0xFFFFFFF0u, 0xFFFFFFF4u));
  }
  SECTION("filling the gap releases octets in order across the wrap") {
    receive(buf, rcv_nxt, 8, rcv_nxt);
    CHECK(buf.take_contiguous(rcv_nxt) == octets(rcv_nxt, 24));
    const SeqNum next = rcv_nxt + 24;
    CHECK(next == SeqNum(8));
    CHECK(buf.ranges(next) == std::vector{block(0x10, 0x18)});
    receive(buf, next, 8, next);
    CHECK(buf.take_contiguous(next) == octets(next, 16));
    CHECK(buf.empty());
  }
  SECTION("the window edge is found across the wrap") {
    ReassemblyBuffer small;
    receive(small, SeqNum(0xFFFFFFFCu), 100, rcv_nxt, 32);  // window ends at 0x10
    CHECK(small.ranges(rcv_nxt) == std::vector{block(0xFFFFFFFCu, 0x10)});
  }
}
