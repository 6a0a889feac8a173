// The world's random numbers: xoshiro256** seeded through splitmix64, with
// our own uniform/bernoulli helpers. std:: distributions are avoided on
// purpose: libstdc++ and libc++ implement them differently, and the same
// seed must give the same trace natively and in WebAssembly.
#pragma once
#include <cstdint>

namespace tcplab {

// splitmix64 (Steele, Lea, Flood 2014): spreads one 64-bit seed over the
// 256-bit xoshiro state, as xoshiro's authors recommend.
constexpr std::uint64_t splitmix64(std::uint64_t& state) {
  std::uint64_t z = (state += 0x9E3779B97F4A7C15ULL);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

class Rng {
 public:
  explicit constexpr Rng(std::uint64_t seed = 0) {
    std::uint64_t sm = seed;
    for (std::uint64_t& w : s_) w = splitmix64(sm);
  }

  // xoshiro256** 1.0 (Blackman, Vigna 2018).
  constexpr std::uint64_t next() {
    const std::uint64_t result = rotl(s_[1] * 5, 7) * 9;
    const std::uint64_t t = s_[1] << 17;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = rotl(s_[3], 45);
    return result;
  }

  // Uniform in [lo, hi] inclusive, without modulo bias (Lemire's rejection
  // on the 64-bit range; the loop almost never repeats).
  constexpr std::uint64_t uniform_int(std::uint64_t lo, std::uint64_t hi) {
    if (hi <= lo) return lo;
    const std::uint64_t span = hi - lo;
    if (span == ~0ULL) return next();
    const std::uint64_t n = span + 1;
    const std::uint64_t limit = ~0ULL - (~0ULL % n);  // largest multiple of n, exclusive
    std::uint64_t x = next();
    while (x >= limit) x = next();
    return lo + x % n;
  }

  // Uniform in [0, 1) with 53 random bits: exact in IEEE double on every platform.
  constexpr double uniform_real() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }

  // True with probability p (p <= 0 never draws false positives, p >= 1 always true).
  // Always consumes one draw, so toggling a fault on one direction does not
  // shift the random stream of the other events.
  constexpr bool bernoulli(double p) { return uniform_real() < p; }

  constexpr bool operator==(const Rng&) const = default;

 private:
  static constexpr std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  std::uint64_t s_[4]{};
};

}  // namespace tcplab
