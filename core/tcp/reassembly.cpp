#include "core/tcp/reassembly.h"

#include <algorithm>
#include <iterator>

namespace tcplab {

// Invariants: every held run is non-empty, runs neither overlap nor touch
// (touching runs are merged, so ranges() reports maximal SACK blocks), and
// keys are offsets from base_. Offsets are taken in the signed 32-bit
// distance of RFC 9293 §3.4's modular arithmetic, which is sound because a
// receive window is at most 2^30 octets (RFC 7323 §2.3) and so under 2^31.

void ReassemblyBuffer::rebase(SeqNum rcv_nxt) {
  const std::int32_t shift = rcv_nxt - base_;
  base_ = rcv_nxt;
  if (shift == 0 || held_.empty()) return;
  std::map<std::uint32_t, std::vector<std::uint8_t>> moved;
  for (auto& [offset, run] : held_) {
    // The run's first and one-past-last octets, seen from the new base.
    const std::int64_t start = std::int64_t{offset} - shift;
    const std::int64_t end = start + static_cast<std::int64_t>(run.size());
    // Octets now below RCV.NXT were delivered by other means (or are old
    // duplicates): they can never be needed again.
    if (end <= 0) continue;
    if (start < 0) run.erase(run.begin(), run.begin() + (-start));
    moved.emplace(static_cast<std::uint32_t>(std::max<std::int64_t>(start, 0)), std::move(run));
  }
  held_ = std::move(moved);
}

void ReassemblyBuffer::insert(SeqNum seq, std::span<const std::uint8_t> data, SeqNum rcv_nxt,
                              std::uint32_t window) {
  rebase(rcv_nxt);
  // RFC 9293 §3.10.7.4: only octets inside RCV.WND are kept; the segment is
  // trimmed to [RCV.NXT, RCV.NXT + RCV.WND) rather than dropped whole.
  const std::int64_t seg_start = seq - rcv_nxt;
  const std::int64_t seg_end = seg_start + static_cast<std::int64_t>(data.size());
  const std::int64_t start = std::max<std::int64_t>(seg_start, 0);
  const std::int64_t end = std::min<std::int64_t>(seg_end, window);
  if (start >= end) return;

  // Collect every held run that overlaps or touches [start, end) into one
  // run. Octets already held win over the new ones: TCP retransmits the
  // same data for the same sequence number, and keeping what arrived first
  // means a later, different copy cannot rewrite what a SACK has reported.
  std::int64_t merged_start = start;
  std::int64_t merged_end = end;
  auto first = held_.upper_bound(static_cast<std::uint32_t>(start));
  if (first != held_.begin()) {
    auto prev = std::prev(first);
    if (std::int64_t{prev->first} + static_cast<std::int64_t>(prev->second.size()) >= start)
      first = prev;
  }
  auto last = first;
  while (last != held_.end() && std::int64_t{last->first} <= end) {
    merged_start = std::min<std::int64_t>(merged_start, last->first);
    merged_end = std::max<std::int64_t>(
        merged_end, std::int64_t{last->first} + static_cast<std::int64_t>(last->second.size()));
    ++last;
  }
  // The common case while a hole waits for its retransmission: the new
  // octets extend the one run they touch at its right edge. Growing that run
  // in place keeps a long recovery linear, not a copy of the run per segment.
  if (first != last && std::next(first) == last && std::int64_t{first->first} <= start) {
    std::vector<std::uint8_t>& run = first->second;
    const std::int64_t run_end = std::int64_t{first->first} + static_cast<std::int64_t>(run.size());
    if (end > run_end) run.insert(run.end(), data.begin() + (run_end - seg_start), data.begin() + (end - seg_start));
    return;
  }

  // Touching nothing held (every in-order segment): keep its octets as they are.
  if (first == last) {
    held_.emplace(static_cast<std::uint32_t>(start),
                  std::vector<std::uint8_t>(data.begin() + (start - seg_start), data.begin() + (end - seg_start)));
    return;
  }
  std::vector<std::uint8_t> merged(static_cast<std::size_t>(merged_end - merged_start));
  std::copy(data.begin() + (start - seg_start), data.begin() + (end - seg_start),
            merged.begin() + (start - merged_start));
  for (auto it = first; it != last; ++it)
    std::copy(it->second.begin(), it->second.end(),
              merged.begin() + (std::int64_t{it->first} - merged_start));
  held_.erase(first, last);
  held_.emplace(static_cast<std::uint32_t>(merged_start), std::move(merged));
}

std::vector<std::uint8_t> ReassemblyBuffer::take_contiguous(SeqNum rcv_nxt) {
  rebase(rcv_nxt);
  auto it = held_.find(0);
  if (it == held_.end()) return {};
  // Runs never touch, so the run at offset 0 is all that is contiguous.
  std::vector<std::uint8_t> out = std::move(it->second);
  held_.erase(it);
  return out;
}

std::size_t ReassemblyBuffer::bytes_held() const {
  std::size_t n = 0;
  for (const auto& [offset, run] : held_) n += run.size();
  return n;
}

std::vector<SackBlock> ReassemblyBuffer::ranges(SeqNum rcv_nxt) const {
  // const, so the runs are not rebased: anything now below rcv_nxt is
  // clipped off in the report instead.
  const std::int64_t shift = rcv_nxt - base_;
  std::vector<SackBlock> out;
  for (const auto& [offset, run] : held_) {
    const std::int64_t start = std::int64_t{offset} - shift;
    const std::int64_t end = start + static_cast<std::int64_t>(run.size());
    if (end <= 0) continue;
    // RFC 2018 §3: left edge is the first octet held, right edge the
    // sequence number just past the last one.
    out.push_back({rcv_nxt + static_cast<std::uint32_t>(std::max<std::int64_t>(start, 0)),
                   rcv_nxt + static_cast<std::uint32_t>(end)});
  }
  return out;
}

}  // namespace tcplab
