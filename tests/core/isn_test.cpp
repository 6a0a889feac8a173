#include <catch2/catch.hpp>

#include <array>
#include <cstdint>
#include <numeric>

#include "core/tcp/isn.h"

using namespace tcplab;
using namespace std::chrono_literals;

namespace {
// The SipHash paper's test key: bytes 00 01 .. 0f, read as two little-endian words.
constexpr std::uint64_t kPaperK0 = 0x0706050403020100u;
constexpr std::uint64_t kPaperK1 = 0x0F0E0D0C0B0A0908u;

const Endpoint kClient{.addr = 0x0A000001, .port = 40000};
const Endpoint kServer{.addr = 0x0A000002, .port = 80};
}  // namespace

TEST_CASE("siphash24 matches the SipHash paper's reference vectors", "[isn]") {
  // Message i is the bytes 00 01 .. (i-1) under the paper's key; the 15-byte
  // value is the one printed in the paper's appendix, the others come from
  // the authors' reference vectors (they cover the empty message, a partial
  // last word, and exactly one full word followed by an empty last word).
  auto [len, expected] = GENERATE(table<std::size_t, std::uint64_t>({
      {0, 0x726FDB47DD0E0E31u},
      {7, 0xAB0200F58B01D137u},
      {8, 0x93F5F5799A932462u},
      {15, 0xA129CA6149BE45E5u},
  }));
  std::array<std::uint8_t, 15> msg{};
  std::iota(msg.begin(), msg.end(), std::uint8_t{0});
  CHECK(siphash24(kPaperK0, kPaperK1, msg.data(), len) == expected);
}

TEST_CASE("ISN follows RFC 6528: M + F(4-tuple, key)", "[isn]") {
  SECTION("F is SipHash-2-4 of the connection-id in network byte order, keyed by splitmix64(seed)") {
    // splitmix64 from state 0 yields 0xE220A8397B1DCDAF, then 0x6E789E6AA1B965F4.
    const std::array<std::uint8_t, 12> id{10, 0, 0, 1, 0x9C, 0x40, 10, 0, 0, 2, 0, 80};
    const auto f = static_cast<std::uint32_t>(
        siphash24(0xE220A8397B1DCDAFu, 0x6E789E6AA1B965F4u, id.data(), id.size()));
    CHECK(IsnGenerator(0).isn(kClient, kServer, at(0us)) == f);
    CHECK(IsnGenerator(0).isn(kClient, kServer, at(400us)) == f + 100);
  }
  SECTION("the same seed gives the same ISNs") {
    CHECK(IsnGenerator(42) == IsnGenerator(42));
    CHECK(IsnGenerator(42).isn(kClient, kServer, at(1234us)) ==
          IsnGenerator(42).isn(kClient, kServer, at(1234us)));
  }
  SECTION("different seeds give different ISNs") {
    CHECK_FALSE(IsnGenerator(1) == IsnGenerator(2));
    CHECK(IsnGenerator(1).isn(kClient, kServer, at(0us)) !=
          IsnGenerator(2).isn(kClient, kServer, at(0us)));
  }
  SECTION("different 4-tuples give unrelated ISNs") {
    const IsnGenerator gen(7);
    const std::uint32_t base = gen.isn(kClient, kServer, at(0us));
    CHECK(gen.isn(kServer, kClient, at(0us)) != base);
    CHECK(gen.isn({kClient.addr, 40001}, kServer, at(0us)) != base);
    CHECK(gen.isn(kClient, {0x0A000003, 80}, at(0us)) != base);
    CHECK(gen.isn(kClient, {kServer.addr, 81}, at(0us)) != base);
  }
}

TEST_CASE("M ticks once every 4 microseconds", "[isn]") {
  const IsnGenerator gen(99);
  const std::uint32_t t0 = gen.isn(kClient, kServer, at(1000us));
  CHECK(gen.isn(kClient, kServer, at(1001us)) == t0);
  CHECK(gen.isn(kClient, kServer, at(1003us)) == t0);
  CHECK(gen.isn(kClient, kServer, at(1004us)) == t0 + 1);
  CHECK(gen.isn(kClient, kServer, at(2000us)) == t0 + 250);
  SECTION("and wraps modulo 2^32 after 2^34 microseconds (about 4.8 hours)") {
    CHECK(gen.isn(kClient, kServer, at(1000us + Duration{std::int64_t{1} << 34})) == t0);
  }
  SECTION("and keeps ticking before the epoch") {
    CHECK(gen.isn(kClient, kServer, at(-4us)) == gen.isn(kClient, kServer, at(0us)) - 1);
    CHECK(gen.isn(kClient, kServer, at(-1us)) == gen.isn(kClient, kServer, at(0us)) - 1);
  }
}
