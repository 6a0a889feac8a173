// Initial sequence numbers as RFC 6528 §3 describes:
//   ISN = M + F(localip, localport, remoteip, remoteport, secretkey)
// M ticks every 4 microseconds of simulated time; F is SipHash-2-4 keyed
// with a secret derived from the world's seed, so runs are reproducible.
#pragma once
#include <cstdint>

#include "core/wire/segment.h"
#include "core/base/time.h"

namespace tcplab {

class IsnGenerator {
 public:
  explicit IsnGenerator(std::uint64_t seed = 0);
  std::uint32_t isn(Endpoint local, Endpoint remote, Instant now) const;
  bool operator==(const IsnGenerator&) const = default;

 private:
  std::uint64_t k0_ = 0, k1_ = 0;
};

// SipHash-2-4 of `len` bytes under the 128-bit key (k0, k1).
std::uint64_t siphash24(std::uint64_t k0, std::uint64_t k1, const std::uint8_t* data, std::size_t len);

}  // namespace tcplab
