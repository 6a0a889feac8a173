#include "core/tcp/isn.h"

#include <array>
#include <cstddef>

namespace tcplab {

namespace {

constexpr std::uint64_t rotl(std::uint64_t x, int b) { return (x << b) | (x >> (64 - b)); }

// One SipRound (SipHash paper, §2, "SipRound"): three ARX half-rounds on
// (v0, v1) and (v2, v3) with the rotation distances 13, 16, 21, 17, 32.
struct SipState {
  std::uint64_t v0, v1, v2, v3;

  void round() {
    v0 += v1;
    v1 = rotl(v1, 13);
    v1 ^= v0;
    v0 = rotl(v0, 32);
    v2 += v3;
    v3 = rotl(v3, 16);
    v3 ^= v2;
    v0 += v3;
    v3 = rotl(v3, 21);
    v3 ^= v0;
    v2 += v1;
    v1 = rotl(v1, 17);
    v1 ^= v2;
    v2 = rotl(v2, 32);
  }

  // Compression (paper §2): c = 2 rounds per message word for SipHash-2-4.
  void absorb(std::uint64_t m) {
    v3 ^= m;
    round();
    round();
    v0 ^= m;
  }
};

// The paper reads message words as little-endian 64-bit integers.
std::uint64_t load_le(const std::uint8_t* p, std::size_t n) {
  std::uint64_t w = 0;
  for (std::size_t i = 0; i < n; ++i) w |= std::uint64_t{p[i]} << (8 * i);
  return w;
}

// splitmix64 (Steele, Lea, Flood, "Fast splittable pseudorandom number
// generators", 2014): turns any 64-bit seed, even 0, into well-mixed key words.
std::uint64_t splitmix64(std::uint64_t& state) {
  std::uint64_t z = (state += 0x9E3779B97F4A7C15u);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9u;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBu;
  return z ^ (z >> 31);
}

void put_be32(std::uint8_t* p, std::uint32_t v) {
  p[0] = static_cast<std::uint8_t>(v >> 24);
  p[1] = static_cast<std::uint8_t>(v >> 16);
  p[2] = static_cast<std::uint8_t>(v >> 8);
  p[3] = static_cast<std::uint8_t>(v);
}
void put_be16(std::uint8_t* p, std::uint16_t v) {
  p[0] = static_cast<std::uint8_t>(v >> 8);
  p[1] = static_cast<std::uint8_t>(v);
}

}  // namespace

std::uint64_t siphash24(std::uint64_t k0, std::uint64_t k1, const std::uint8_t* data,
                        std::size_t len) {
  // Initialization (paper §2): the constants spell "somepseudorandomlygeneratedbytes".
  SipState s{k0 ^ 0x736F6D6570736575u, k1 ^ 0x646F72616E646F6Du, k0 ^ 0x6C7967656E657261u,
             k1 ^ 0x7465646279746573u};
  const std::size_t full = len - len % 8;
  for (std::size_t i = 0; i < full; i += 8) s.absorb(load_le(data + i, 8));
  // The last word carries the 0..7 leftover bytes and, in its top byte,
  // the message length mod 256.
  const std::uint64_t last = load_le(data + full, len - full) | (std::uint64_t{len & 0xFFu} << 56);
  s.absorb(last);
  // Finalization (paper §2): xor 0xff into v2, then d = 4 rounds.
  s.v2 ^= 0xFF;
  for (int i = 0; i < 4; ++i) s.round();
  return s.v0 ^ s.v1 ^ s.v2 ^ s.v3;
}

IsnGenerator::IsnGenerator(std::uint64_t seed) {
  std::uint64_t state = seed;
  k0_ = splitmix64(state);
  k1_ = splitmix64(state);
}

std::uint32_t IsnGenerator::isn(Endpoint local, Endpoint remote, Instant now) const {
  // RFC 6528 §3: ISN = M + F(localip, localport, remoteip, remoteport, secretkey).
  // The connection-id is serialised in network byte order so the hash input
  // is the same octets a real stack would see.
  std::array<std::uint8_t, 12> id{};
  put_be32(id.data(), local.addr);
  put_be16(id.data() + 4, local.port);
  put_be32(id.data() + 6, remote.addr);
  put_be16(id.data() + 10, remote.port);
  const auto f = static_cast<std::uint32_t>(siphash24(k0_, k1_, id.data(), id.size()));
  // M is "a timer that is incremented every 4 microseconds" (RFC 6528 §3,
  // after RFC 793's clock). An arithmetic shift floors, so M keeps ticking
  // at one per 4 us even for instants before the world's epoch.
  const auto m = static_cast<std::uint32_t>(micros(now) >> 2);
  return m + f;
}

}  // namespace tcplab
