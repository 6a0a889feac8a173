// Sequence numbers: 32-bit, compared modulo 2^32 (RFC 9293 §3.4).
#pragma once
#include <compare>
#include <cstdint>

namespace tcplab {

class SeqNum {
 public:
  constexpr SeqNum() = default;
  constexpr explicit SeqNum(std::uint32_t v) : v_(v) {}
  constexpr std::uint32_t value() const { return v_; }

  constexpr SeqNum operator+(std::uint32_t n) const { return SeqNum(v_ + n); }
  constexpr SeqNum operator-(std::uint32_t n) const { return SeqNum(v_ - n); }
  constexpr SeqNum& operator+=(std::uint32_t n) { v_ += n; return *this; }
  // Signed distance from `o` to this, valid while the two are less than 2^31 apart.
  constexpr std::int32_t operator-(SeqNum o) const { return static_cast<std::int32_t>(v_ - o.v_); }

  constexpr bool operator==(const SeqNum&) const = default;
  // Modular order: a < b when b is ahead of a by less than 2^31.
  constexpr bool operator<(SeqNum o) const { return (*this - o) < 0; }
  constexpr bool operator>(SeqNum o) const { return (*this - o) > 0; }
  constexpr bool operator<=(SeqNum o) const { return (*this - o) <= 0; }
  constexpr bool operator>=(SeqNum o) const { return (*this - o) >= 0; }

 private:
  std::uint32_t v_ = 0;
};

// lo <= x < lo + len, modulo 2^32.
constexpr bool in_window(SeqNum x, SeqNum lo, std::uint32_t len) {
  return static_cast<std::uint32_t>(x.value() - lo.value()) < len;
}
constexpr SeqNum max(SeqNum a, SeqNum b) { return a < b ? b : a; }
constexpr SeqNum min(SeqNum a, SeqNum b) { return a < b ? a : b; }

}  // namespace tcplab
