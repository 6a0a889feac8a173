// The sender's SACK scoreboard (RFC 6675 §3, §4): which octets above
// SND.UNA the receiver reported holding (RFC 2018 SACK blocks), and the
// questions RFC 6675 asks of it: IsLost(), the holes NextSeg() fills, and
// how much was SACKed.
#pragma once
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "core/wire/segment.h"
#include "core/wire/seqnum.h"

namespace tcplab {

// RFC 6675 §2: DupThresh, the duplicate ACKs (or SACKed segments) that mark
// a segment lost.
inline constexpr std::uint32_t kSackDupThresh = 3;

// A range of sequence space [start, end).
struct SeqRange {
  SeqNum start;
  SeqNum end;
  bool operator==(const SeqRange&) const = default;
};

// RFC 2883 §4: the ACK's first SACK block is a D-SACK when it lies below
// SEG.ACK or within the second block; nullopt when it is not one.
std::optional<SackBlock> reported_dsack(const Segment& ack);

class SackScoreboard {
 public:
  // An ACK arrived: forget what SND.UNA passed and record its SACK blocks
  // that lie within [una, snd_nxt) (RFC 6675 §5 "update the scoreboard";
  // a D-SACK block below SND.UNA is not news about holes). Returns the
  // octets SACKed for the first time.
  std::uint32_t update(SeqNum una, std::span<const SackBlock> blocks, SeqNum snd_nxt);
  void clear() { ranges_.clear(); }

  bool empty() const { return ranges_.empty(); }
  bool is_sacked(SeqNum s) const;
  // Octets SACKed above `s` (RFC 6675's "bytes with sequence numbers greater than SeqNum").
  std::uint32_t sacked_above(SeqNum s) const;
  std::uint32_t sacked_octets() const;
  // RFC 6675 §4 IsLost(SeqNum): DupThresh discontiguous SACKed segments
  // above it, or more than (DupThresh - 1) * SMSS octets SACKed above it.
  // A SACKed range counts as ceil(length / SMSS) segments.
  bool is_lost(SeqNum s, std::uint32_t smss) const;
  // The first octet at or after `from` and before `limit` not SACKed, with
  // where that hole ends (the next SACKed octet, or `limit`).
  std::optional<SeqRange> next_hole(SeqNum from, SeqNum limit) const;
  // One past the highest SACKed octet; nullopt when nothing is SACKed.
  std::optional<SeqNum> highest_sacked() const;
  const std::vector<SeqRange>& ranges() const { return ranges_; }
  bool operator==(const SackScoreboard&) const = default;

 private:
  std::uint32_t add(SeqRange r);
  std::vector<SeqRange> ranges_{};  // sorted, disjoint, not touching
};

}  // namespace tcplab
