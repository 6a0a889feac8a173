// The octets of a SEND, kept once however many places hold the action. The
// world's input log keeps every SEND so that rewind and shared links replay
// the run exactly; a bulk lesson of a million segments SENDs the same chunk
// thousands of times, and a log that copied each one held 1.4 GB of 'x'.
// A Payload is an immutable buffer shared by reference count: copying the
// action (the log, World::inputs(), a compared run's twin) copies a pointer.
#pragma once
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <memory>
#include <span>
#include <vector>

namespace tcplab {

class Payload {
 public:
  Payload() = default;
  // Implicit: a SendAction is written with its bytes, `SendAction{"c", bytes}`.
  Payload(std::vector<std::uint8_t> bytes)  // NOLINT(google-explicit-constructor)
      : bytes_(bytes.empty() ? nullptr : std::make_shared<const std::vector<std::uint8_t>>(std::move(bytes))) {}
  Payload(std::initializer_list<std::uint8_t> bytes) : Payload(std::vector<std::uint8_t>(bytes)) {}

  std::size_t size() const { return bytes_ ? bytes_->size() : 0; }
  bool empty() const { return size() == 0; }
  const std::uint8_t* data() const { return bytes_ ? bytes_->data() : nullptr; }
  const std::uint8_t* begin() const { return data(); }
  const std::uint8_t* end() const { return data() + size(); }
  std::uint8_t operator[](std::size_t i) const { return (*bytes_)[i]; }
  std::span<const std::uint8_t> bytes() const { return {data(), size()}; }
  operator std::span<const std::uint8_t>() const { return bytes(); }  // NOLINT(google-explicit-constructor)
  // Whether two payloads share one buffer (not merely equal octets).
  bool shares(const Payload& other) const { return bytes_ == other.bytes_; }

  friend bool operator==(const Payload& a, const Payload& b) {
    return a.bytes_ == b.bytes_ || std::equal(a.begin(), a.end(), b.begin(), b.end());
  }
  friend bool operator==(const Payload& a, const std::vector<std::uint8_t>& b) {
    return std::equal(a.begin(), a.end(), b.begin(), b.end());
  }

 private:
  std::shared_ptr<const std::vector<std::uint8_t>> bytes_;
};

}  // namespace tcplab
