// A real capture opened in the lab (issue 17): the page's drop, "Open
// capture…", the `capture=URL` key and the API's loadCapture all land here.
// It holds the capture's bytes once (core/capture's CaptureSession), the
// stream the learner picked and the last error, and answers the API's
// questions about it as JSON. The world behind it is left as it was: closing
// the capture shows the lab's own run again.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/base/result.h"
#include "core/capture/replay.h"

namespace tcplab {

// "cut-short.pcapng: packet 5: its pcapng block at byte 672 is cut short: ...":
// the file, and the packet, first (as `tcplab replay` says it).
std::string capture_error_text(const std::string& name, const PcapError& e);

class LabCapture {
 public:
  // Reads `bytes` as the capture `name` and picks its first stream. A file
  // that cannot be read, or holds no TCP connection, is refused with a
  // message naming the file and the packet; the capture shown before stays.
  Result<Ok, std::string> open(std::string name, std::vector<std::uint8_t> bytes);
  // Replays stream `index` of the open capture.
  Result<Ok, std::string> select(std::size_t index);
  void close();
  // Remembers a failure that did not come through open() (a fetch of
  // capture=URL that failed), so the page says it where the capture would be.
  void fail(std::string message);

  bool is_open() const { return session_.has_value(); }
  const CaptureSession* session() const { return session_ ? &*session_ : nullptr; }
  const Replay* replay() const { return session_ && session_->replay() ? &*session_->replay() : nullptr; }
  const std::string& name() const { return name_; }
  std::optional<std::size_t> selected() const { return selected_; }
  // The last failure (empty after a success): what the page shows.
  const std::string& error() const { return error_; }
  // Bumped by every open, select and close: views built from the replay start over.
  std::uint64_t serial() const { return serial_; }

  // The API's answers: null when no capture is open, else
  // {name, format, frames, tcp_frames, skipped, streams: [...], stream, sides, states, inferences}.
  std::string json() const;

 private:
  std::optional<CaptureSession> session_;
  std::string name_;
  std::optional<std::size_t> selected_;
  std::string error_;
  std::uint64_t serial_ = 0;
};

}  // namespace tcplab
