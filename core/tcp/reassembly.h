// Out-of-order data waiting above RCV.NXT until the gap before it fills.
#pragma once
#include <cstdint>
#include <map>
#include <span>
#include <vector>

#include "core/wire/segment.h"
#include "core/wire/seqnum.h"

namespace tcplab {

class ReassemblyBuffer {
 public:
  // Keep the octets of [seq, seq + data.size()) that fall inside
  // [rcv_nxt, rcv_nxt + window); overlaps with what is held are merged.
  void insert(SeqNum seq, std::span<const std::uint8_t> data, SeqNum rcv_nxt, std::uint32_t window);
  // Remove and return the octets now contiguous at rcv_nxt (empty if none).
  std::vector<std::uint8_t> take_contiguous(SeqNum rcv_nxt);
  std::size_t bytes_held() const;
  bool empty() const { return held_.empty(); }
  // Held ranges, lowest first, as SACK blocks would report them (RFC 2018).
  std::vector<SackBlock> ranges(SeqNum rcv_nxt) const;
  void clear() { held_.clear(); }
  bool operator==(const ReassemblyBuffer&) const = default;

 private:
  // Re-key the held runs as offsets from rcv_nxt, dropping octets below it.
  void rebase(SeqNum rcv_nxt);

  // Held runs keyed by the sequence number of their first octet, stored as
  // the offset from the rcv_nxt of the last call so that wrap-around sorts right.
  SeqNum base_{};
  std::map<std::uint32_t, std::vector<std::uint8_t>> held_;
};

}  // namespace tcplab
