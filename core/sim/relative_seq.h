// Relative sequence numbers, as Wireshark shows them (the SYN is seq=0, its
// first octet of data 1). The text ladder and the UI's ladder both number
// segments through this one class, so they agree, also when a host has more
// than one connection: the base is kept per direction of each socket pair.
#pragma once
#include <cstdint>
#include <map>
#include <utility>

#include "core/sim/trace.h"

namespace tcplab {

class RelativeSeq {
 public:
  // What to subtract from a segment's sequence and acknowledgment numbers.
  struct Bases {
    std::uint32_t seq = 0;
    std::uint32_t ack = 0;  // 0 (absolute) until the other direction has been seen
  };
  // Learns from a segment, in trace order, and returns its bases. The base of
  // a direction is the sequence number of the latest SYN sent that way (a new
  // incarnation of the same socket pair starts again at 0), else the first
  // sequence number seen that way.
  Bases learn(const SegmentSentRecord& s);

 private:
  using Key = std::pair<std::uint64_t, std::uint64_t>;  // (source, destination) socket
  std::map<Key, std::uint32_t> base_;
};

}  // namespace tcplab
