// Relative sequence numbers, as Wireshark shows them (the SYN is seq=0, its
// first octet of data 1). The text ladder (the simulated world's and a
// replayed capture's) and the UI's ladder all number segments through this
// one class, so they agree, also when a host has more than one connection:
// the base is kept per direction of each socket pair.
#pragma once
#include <cstdint>
#include <map>
#include <utility>

#include "core/wire/segment.h"

namespace tcplab {

class RelativeSeq {
 public:
  // What to subtract from a segment's sequence and acknowledgment numbers.
  struct Bases {
    std::uint32_t seq = 0;
    std::uint32_t ack = 0;  // 0 (absolute) until the other direction has been seen
  };
  // One direction's end, as a number: an IPv4 endpoint packed, or any other
  // stable key a caller gives (a capture's IPv6 endpoint).
  static std::uint64_t key(Endpoint e) { return (static_cast<std::uint64_t>(e.addr) << 16) | e.port; }

  // Learns from a segment sent from `src` to `dst`, in the order they were
  // sent, and returns its bases. The base of a direction is the sequence
  // number of the latest SYN sent that way (a new incarnation of the same
  // socket pair starts again at 0), else the first sequence number seen.
  Bases learn(std::uint64_t src, std::uint64_t dst, Flags flags, SeqNum seq) {
    const Key k{src, dst};
    if (flags.has(kSyn) || !base_.count(k)) base_[k] = seq.value();
    const auto back = base_.find(Key{dst, src});
    return Bases{base_[k], back == base_.end() ? 0u : back->second};
  }

 private:
  using Key = std::pair<std::uint64_t, std::uint64_t>;  // (source, destination)
  std::map<Key, std::uint32_t> base_;
};

}  // namespace tcplab
