// The text ladder diagram, drawn from a small data model so that every
// source of segments draws it the same way: the simulated world's trace
// (core/sim/ladder.h) and a replayed capture (core/capture/replay.h). One
// line per segment (time, direction, flags, seq, ack, len, win, and what
// became of it) with both ends' states beside it, and an indented line for
// each note (a state change, a timer, a user call, an analysis finding).
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "core/base/time.h"
#include "core/wire/segment.h"

namespace tcplab {

struct LadderSegment {
  std::uint32_t id = 0;   // shown as #id
  int from = 0;           // 0: the left end sent it, 1: the right end
  std::uint64_t src_key = 0, dst_key = 0;  // identify the direction, for relative numbering
  Flags flags{};
  std::uint32_t seq = 0, ack = 0;  // raw
  std::size_t len = 0;
  std::uint32_t win = 0;
  std::string marks{};  // after the numbers: " (rexmit)", " (dup-ack #2)"
  std::string tail{};   // after the right end's column: the segment's fate
};

struct LadderNote {
  std::string text;
  // A state change: from this row on, `side`'s column shows `state`.
  std::optional<int> side;
  std::string state{};
};

struct LadderRow {
  Instant t;
  std::variant<LadderSegment, LadderNote> what;
};

struct LadderModel {
  std::string left_title, right_title;  // "client 10.0.0.1"
  std::string initial_state[2] = {"CLOSED", "CLOSED"};
  std::string extra_header;  // a line under the titles, when not empty ("capture point: ...")
  std::vector<LadderRow> rows;
};

// A time in milliseconds with microseconds: "     12.345" (padded to the
// ladder's time column) or "12.345ms".
std::string ladder_ms(Instant t, bool column);

// Sequence and acknowledgment numbers relative to each direction's initial
// sequence number, as Wireshark shows them (SYN seq=0, then 1...), unless
// `absolute` asks for the raw values the pcap has.
std::string render_ladder(const LadderModel& m, bool absolute = false);

}  // namespace tcplab
