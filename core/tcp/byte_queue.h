// The octets of a send or receive buffer: appended at the back, taken from
// the front, read by position. A std::deque<std::uint8_t> did this, but
// libc++ (the WebAssembly build) copies deque ranges one octet at a time:
// two fifths of the simulation's time under Node went there. One contiguous
// vector with a moving front copies ranges with memcpy on every platform.
#pragma once
#include <cstddef>
#include <cstdint>
#include <iterator>
#include <vector>

namespace tcplab {

class ByteQueue {
 public:
  using value_type = std::uint8_t;
  using iterator = std::vector<std::uint8_t>::iterator;
  using const_iterator = std::vector<std::uint8_t>::const_iterator;

  std::size_t size() const { return buf_.size() - head_; }
  bool empty() const { return size() == 0; }
  void clear() {
    buf_.clear();
    head_ = 0;
  }
  std::uint8_t operator[](std::size_t i) const { return buf_[head_ + i]; }
  iterator begin() { return buf_.begin() + static_cast<std::ptrdiff_t>(head_); }
  iterator end() { return buf_.end(); }
  const_iterator begin() const { return buf_.begin() + static_cast<std::ptrdiff_t>(head_); }
  const_iterator end() const { return buf_.end(); }

  // As std::deque's: the buffers only ever append at end() ...
  template <typename It>
  void insert(const_iterator pos, It first, It last) {
    buf_.insert(pos, first, last);
  }
  // ... and take from begin(); the taken front is reclaimed once it is
  // more than half the storage, so each octet is moved at most once more.
  void erase(const_iterator first, const_iterator last) {
    if (first != begin()) {
      buf_.erase(first, last);
      return;
    }
    head_ += static_cast<std::size_t>(last - first);
    if (head_ == buf_.size()) {
      clear();
    } else if (head_ > buf_.size() / 2) {
      buf_.erase(buf_.begin(), buf_.begin() + static_cast<std::ptrdiff_t>(head_));
      head_ = 0;
    }
  }

 private:
  std::vector<std::uint8_t> buf_;
  std::size_t head_ = 0;  // octets before it are taken
};

}  // namespace tcplab
