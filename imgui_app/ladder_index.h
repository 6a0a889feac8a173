// What the ladder draws, indexed by time: one entry per segment copy (with
// its fate folded in) and one per state change, appended as the trace grows.
// Entries are ordered by time, so a view finds what is visible by binary
// search: drawing cost follows the screen, not the trace length. No ImGui.
#pragma once
#include <cstddef>
#include <cstdint>
#include <optional>
#include <unordered_map>
#include <vector>

#include "core/capture/replay.h"
#include "core/wire/relative_seq.h"
#include "core/sim/world.h"

namespace tcplab::ui {

enum class SegEnd : std::uint8_t {
  InFlight,   // still on the wire (or its arrival is in the future)
  Delivered,
  Corrupted,  // arrived, failed the checksum
  Lost,       // random loss, full queue, too big: never got far
  Dropped,    // removed by a fault, possibly mid-flight
  Held,       // taken off the wire, waiting to be released
};

struct LadderSeg {
  std::uint32_t id = 0;
  std::size_t from = 0;
  Instant sent{};
  Instant arrival{};     // when it arrives (or would have)
  Instant ended{};       // Lost/Dropped/Held: when it left the wire
  SegEnd end = SegEnd::InFlight;
  SegmentSummary seg{};
  std::uint16_t window = 0;
  std::size_t payload = 0;
  bool retransmission = false;
  bool duplicate = false;  // a copy the link made
  bool released = false;   // a held segment put back on the wire (a late, old duplicate)
  std::uint32_t seq_base = 0, ack_base = 0;  // what relative numbers subtract (RelativeSeq)
  std::size_t trace_index = 0;               // its SegmentSentRecord, for the bytes (a capture: its packet index)
  std::uint32_t analysis = 0;                // a capture's packet: its AnalysisFlags (core/capture/analysis.h)
};

struct StateMark {
  Instant t{};
  std::size_t host = 0;
  ConnRef conn{};
  State from{}, to{};
  bool assumed = false;  // a capture's inference the wire does not prove
};

class LadderIndex {
 public:
  void update(const World& w, std::uint64_t generation);
  // A replayed capture instead of a world: one entry per packet, drawn at the
  // time the capture point saw it (sent and arrival alike: the capture cannot
  // tell how far either end is), and one state mark per inference.
  void load(const Replay& r);
  const std::vector<LadderSeg>& segments() const { return segs_; }
  const std::vector<StateMark>& marks() const { return marks_; }
  // The longest time any segment spent between being sent and arriving: how
  // far before a view's start a still-visible segment can have been sent.
  Duration longest_flight() const { return longest_; }
  // Segments whose line may cross [from, to]: indices into segments().
  std::pair<std::size_t, std::size_t> visible(Instant from, Instant to) const;
  std::pair<std::size_t, std::size_t> visible_marks(Instant from, Instant to) const;
  const LadderSeg* find(std::uint32_t id) const;

 private:
  void reset();
  void add(const World& w, std::size_t index, const TraceRecord& r);

  std::uint64_t generation_ = ~0ull;
  std::size_t cursor_ = 0;
  std::vector<LadderSeg> segs_;
  std::vector<StateMark> marks_;
  std::unordered_map<std::uint32_t, std::size_t> by_id_;  // latest entry for a segment id
  RelativeSeq relative_;  // the text ladder's numbering (core/wire/relative_seq.h)
  Duration longest_{};
};

}  // namespace tcplab::ui
