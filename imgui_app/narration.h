// The event log in plain language: each trace record that matters becomes a
// sentence saying what happened and why, with the rule's RFC reference; at
// the moments the syllabus asks about (the third segment of the handshake,
// the four segments of a close, TIME-WAIT's 2MSL, a lost third ACK) a line
// answers the question. Built incrementally from the trace; no ImGui.
#pragma once
#include <cstddef>
#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/sim/world.h"
#include "strings.h"

namespace tcplab::ui {

struct NarrationLine {
  Instant t{};
  int side = -1;          // host index, -1 for the link
  bool answer = false;    // a syllabus question answered, not an event
  std::string text;
  std::string reference;  // "RFC 9293 §3.10.7.2", or empty
  std::optional<std::uint32_t> segment;  // the segment it is about
};

class Narrator {
 public:
  // Reads the records added since the last call; starts over when the
  // trace shrank (rewind) or `generation` changed (a new world). `heading`
  // (the lesson playing, if any) is the first line after a start over.
  void update(const World& w, std::uint64_t generation, std::string_view heading = {});
  // Sequence numbers as the ladder shows them: relative to each direction's
  // SYN, or absolute. A change tells the whole story again in the new way.
  void set_relative(bool relative);
  const std::vector<NarrationLine>& lines() const { return lines_; }

 private:
  struct SegInfo {
    std::size_t from, to;
    SegmentSummary seg;
    std::size_t payload;
  };
  void reset();
  void narrate(const World& w, const TraceRecord& r);
  // A congestion-control decision in the rule's words, and the course's
  // question it raises the first time (why halve, why three duplicate ACKs...).
  void narrate_congestion(const World& w, Instant t, ConnRef conn, const CongestionChanged& e);
  void narrate_stream(Instant t, int side, const std::string& who, const UserCallRecord& d);
  void ask_about_congestion(Instant t, int side, const CongestionChanged& e, bool cubic);
  // A zero window advertised to a sender that has a congestion window: both limit it.
  void note_zero_window(const World& w, Instant t, const SegmentSentRecord& s);
  std::string window_text(const World& w, ConnRef conn, std::uint32_t octets) const;
  void add(Instant t, int side, std::string text, std::string ref = {}, std::optional<std::uint32_t> seg = {});
  void answer(Instant t, int side, Str which, std::string text);
  std::string side_name(const World& w, std::size_t host) const;

  std::uint64_t generation_ = ~0ull;
  Language language_ = Language::English;  // what the lines are written in
  std::size_t cursor_ = 0;
  std::vector<NarrationLine> lines_;
  std::unordered_map<std::uint32_t, SegInfo> segs_;
  std::map<std::pair<std::size_t, std::size_t>, State> states_;  // (host, index) -> state
  std::set<int> answered_;
  using Key = std::pair<std::size_t, std::size_t>;  // (host, index) of a connection
  std::set<Key> simultaneous_;  // went SYN-SENT -> SYN-RECEIVED: no "third segment" for them
  std::set<Key> not_reading_;   // their application stopped reading ("app reads" off)
  std::map<Key, std::uint32_t> cwnd_;  // each sender's cwnd after its last congestion decision
  bool in_setup_ = false;
  bool relative_ = false;
  std::uint32_t isn_[2] = {0, 0};  // each host's last SYN's sequence number (relative numbers)
  std::string numbers(std::size_t from, const SegmentSummary& s, std::size_t payload) const;  // between the world's setup record and its first event
};

// "SYN,ACK seq=1000 ack=2001" (len when there is payload); seq and ack less
// `seq_base` and `ack_base` (the ISNs, for relative numbers).
std::string segment_text(const SegmentSummary& s, std::size_t payload, std::uint32_t seq_base = 0,
                         std::uint32_t ack_base = 0);
// "1.250 s", "350 ms", "4 min"
std::string duration_text(Duration d);

}  // namespace tcplab::ui
