// A capture opened for replay: what a UI draws (the streams to pick from,
// then for the chosen one its packets with their real bytes, the analysis
// of each, both ends' inferred state changes and the ladder) and what
// `tcplab replay` prints. Nothing here reads a file: the page hands over
// the bytes it was given, the command line a ByteSource over its file.
#pragma once
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/base/result.h"
#include "core/capture/analysis.h"
#include "core/capture/observer.h"
#include "core/capture/streams.h"
#include "core/wire/ladder_text.h"

namespace tcplab {

// One stream replayed: its packets, their analysis and both ends' states.
struct Replay {
  StreamInfo stream;
  std::vector<StreamPacket> packets;
  std::vector<PacketAnalysis> analysis;  // one per packet
  std::vector<Inference> inferences;     // in packet order
  struct EndState {
    State state = State::Closed;
    bool certain = true;  // false when the latest change that led here is assumed
  };
  // Both ends' states just after each packet (what the ladder's columns
  // show), one entry per packet, so a view finds any row's in O(1).
  std::vector<std::array<EndState, 2>> after;
  // "client" and "server" when a SYN shows who opened, else "a" and "b".
  std::string side_name(int side) const;
  State state_after(int side, std::size_t i) const { return after[i][static_cast<std::size_t>(side)].state; }
};

Replay make_replay(const StreamInfo& stream, std::vector<StreamPacket> packets);

// Each packet's time from the stream's first, as the page's views draw it:
// never before the previous packet's (a clock stepping back would unsort them).
std::vector<Instant> view_times(const Replay& r);

// The ladder of a replay: times from the stream's first packet, the
// analysis after each segment, each end's inferred state beside it (a '?'
// marks an assumed one), and a note per inference naming its rule.
// `capture_point` is said under the titles ("capture point: FILE").
LadderModel ladder_model(const Replay& r, const std::string& capture_point);

// The list of streams as text, one line each, for `tcplab replay FILE`.
std::string stream_list(const CaptureScan& scan);
// What was left out (non-TCP frames...), one line per kind, naming the first frame of each.
std::string skipped_summary(const CaptureScan& scan);

// For the page: the capture's bytes held once, the stream list at once,
// a stream's replay on demand.
class CaptureSession {
 public:
  static Result<CaptureSession, PcapError> open(std::vector<std::uint8_t> bytes);
  const CaptureScan& scan() const { return scan_; }
  const std::vector<std::uint8_t>& bytes() const { return bytes_; }
  // Replays stream `index` (from scan().streams); the previous replay is replaced.
  Result<Ok, PcapError> select(std::size_t index);
  const std::optional<Replay>& replay() const { return replay_; }

 private:
  std::vector<std::uint8_t> bytes_;
  CaptureScan scan_;
  std::optional<std::vector<StreamPacket>> first_stream_;  // stream 0, read with the scan, until selected
  std::optional<Replay> replay_;
};

}  // namespace tcplab
