#include "core/tcp/sack_scoreboard.h"

#include <algorithm>

namespace tcplab {

std::optional<SackBlock> reported_dsack(const Segment& ack) {
  const auto& b = ack.options.sack_blocks;
  if (b.empty()) return std::nullopt;
  if (!(ack.ack < b[0].right)) return b[0];
  if (b.size() > 1 && !(b[0].left < b[1].left) && !(b[1].right < b[0].right)) return b[0];
  return std::nullopt;
}

std::uint32_t SackScoreboard::update(SeqNum una, std::span<const SackBlock> blocks, SeqNum snd_nxt) {
  // SND.UNA passed these octets: cumulatively acknowledged, not SACKed.
  std::erase_if(ranges_, [&](const SeqRange& r) { return r.end <= una; });
  for (SeqRange& r : ranges_) r.start = max(r.start, una);
  std::uint32_t fresh = 0;
  for (const SackBlock& b : blocks) {
    // RFC 2018 §3: a block reports [left, right); one outside what we sent
    // (a D-SACK of old data, RFC 2883, or a bogus one) says nothing of holes.
    const SeqNum start = max(b.left, una);
    const SeqNum end = b.right <= snd_nxt ? b.right : snd_nxt;
    if (start < end) fresh += add(SeqRange{start, end});
  }
  return fresh;
}

// Merges `r` in; returns the octets it added.
std::uint32_t SackScoreboard::add(SeqRange r) {
  const std::uint32_t before = sacked_octets();
  std::vector<SeqRange> out;
  out.reserve(ranges_.size() + 1);
  bool placed = false;
  for (const SeqRange& x : ranges_) {
    if (x.end < r.start) {
      out.push_back(x);
    } else if (r.end < x.start) {
      if (!placed) out.push_back(r), placed = true;
      out.push_back(x);
    } else {
      // Overlapping or touching: grow r over x.
      r.start = std::min(r.start, x.start, [](SeqNum a, SeqNum b) { return a < b; });
      r.end = max(r.end, x.end);
    }
  }
  if (!placed) out.push_back(r);
  ranges_ = std::move(out);
  return sacked_octets() - before;
}

bool SackScoreboard::is_sacked(SeqNum s) const {
  return std::any_of(ranges_.begin(), ranges_.end(), [&](const SeqRange& r) { return r.start <= s && s < r.end; });
}

std::uint32_t SackScoreboard::sacked_above(SeqNum s) const {
  std::uint32_t n = 0;
  for (const SeqRange& r : ranges_) {
    if (r.end <= s + 1) continue;
    const SeqNum from = max(r.start, s + 1);
    n += static_cast<std::uint32_t>(r.end - from);
  }
  return n;
}

std::uint32_t SackScoreboard::sacked_octets() const {
  std::uint32_t n = 0;
  for (const SeqRange& r : ranges_) n += static_cast<std::uint32_t>(r.end - r.start);
  return n;
}

bool SackScoreboard::is_lost(SeqNum s, std::uint32_t smss) const {
  if (is_sacked(s) || smss == 0) return false;
  std::uint32_t segments = 0;
  for (const SeqRange& r : ranges_) {
    if (r.start <= s) continue;
    const auto len = static_cast<std::uint32_t>(r.end - r.start);
    segments += (len + smss - 1) / smss;
  }
  return segments >= kSackDupThresh || sacked_above(s) > (kSackDupThresh - 1) * smss;
}

std::optional<SeqRange> SackScoreboard::next_hole(SeqNum from, SeqNum limit) const {
  SeqNum s = from;
  for (const SeqRange& r : ranges_) {
    if (r.end <= s) continue;
    if (s < r.start) return s < limit ? std::optional<SeqRange>(SeqRange{s, r.start <= limit ? r.start : limit}) : std::nullopt;
    s = r.end;
  }
  if (s < limit) return SeqRange{s, limit};
  return std::nullopt;
}

std::optional<SeqNum> SackScoreboard::highest_sacked() const {
  if (ranges_.empty()) return std::nullopt;
  return ranges_.back().end;
}

}  // namespace tcplab
