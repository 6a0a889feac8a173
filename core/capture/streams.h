// The TCP connections in a capture, told apart by their 4-tuple and, on a
// reused tuple, by a new SYN (a SYN whose sequence number is not the one
// that direction started with, as Wireshark's tcp.stream does), and the
// packets of one of them read back for replay.
//
// Reading is two passes over a ByteSource so a capture of any length is
// read in bounded memory: scan_capture keeps one summary per connection,
// read_stream keeps the frames of the connection asked for.
#pragma once
#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/base/result.h"
#include "core/wire/frame.h"
#include "core/wire/pcap_reader.h"

namespace tcplab {

struct StreamInfo {
  std::size_t index = 0;        // 0-based, in order of first packet: Wireshark's tcp.stream
  SocketAddress a, b;           // a sent the stream's first packet (the client, when that was a SYN)
  std::uint64_t packets = 0;
  std::uint64_t payload_bytes = 0;  // on the wire, both directions
  std::uint64_t first_packet = 0;   // frame numbers in the file
  std::uint64_t last_packet = 0;
  std::int64_t first_nanos = 0, last_nanos = 0;
  bool syn_seen = false, fin_seen = false, rst_seen = false;
};

class StreamTable {
 public:
  // The stream a TCP frame belongs to; a new one for a new tuple or a new SYN.
  std::size_t classify(const CapturedTcp& p, std::uint64_t number, std::int64_t nanos);
  const std::vector<StreamInfo>& streams() const { return streams_; }

 private:
  struct Direction {
    std::optional<std::uint32_t> base;  // the sequence number this direction started from
  };
  struct Current {
    std::size_t stream = 0;
    Direction dir[2];  // [0]: from the lower address of the key, [1]: from the higher
  };
  using Key = std::pair<SocketAddress, SocketAddress>;
  std::map<Key, Current> current_;
  // The entry the previous frame used: most frames belong to the same
  // connection as the one before, and equality is cheaper than a map lookup.
  std::optional<std::map<Key, Current>::iterator> last_;
  std::vector<StreamInfo> streams_;
};

// Why frames were left out, by kind, with the first example of each.
struct SkippedFrames {
  std::map<FrameError::Kind, std::uint64_t> count;
  std::map<FrameError::Kind, std::pair<std::uint64_t, std::string>> first;  // frame number, detail
  std::uint64_t total() const;
};

struct CaptureScan {
  CaptureFormat format = CaptureFormat::Pcap;
  std::vector<CaptureInterface> interfaces;
  std::uint64_t frames = 0;
  std::uint64_t tcp_frames = 0;
  std::uint64_t truncated = 0;  // TCP frames whose payload the snapshot length cut
  SkippedFrames skipped;
  std::vector<StreamInfo> streams;
};

// Nanoseconds from `from` to `to` in unsigned arithmetic, as Wireshark
// compares capture times: a time that goes backwards gives a huge span,
// never a negative one, and absurd timestamps cannot overflow.
inline std::uint64_t nanos_since(std::int64_t from, std::int64_t to) {
  return static_cast<std::uint64_t>(to) - static_cast<std::uint64_t>(from);
}

// One TCP frame of a stream, as captured.
struct StreamPacket {
  std::uint64_t number = 0;  // frame number in the file
  std::int64_t nanos = 0;
  int from = 0;              // 0: the stream's side a, 1: side b
  std::uint32_t link_type = 0;
  CapturedTcp tcp;
  std::vector<std::uint8_t> frame;  // the captured bytes, link layer included
};

// The stream list's bound: its memory (not the packets') grows with the
// number of streams, about 200 bytes each; a capture opening more (a port
// scan, a SYN flood) is refused at the packet that crosses it.
inline constexpr std::size_t kMaxStreams = 1'000'000;

Result<CaptureScan, PcapError> scan_capture(ByteSource& source, std::size_t max_streams = kMaxStreams);
// The packets of stream `index` (as numbered by scan_capture over the same bytes).
Result<std::vector<StreamPacket>, PcapError> read_stream(ByteSource& source, std::size_t index);
// Both in one pass, for stream 0: what opening a capture in the page does
// first (the list, and the stream shown at once), reading it once.
struct ScanAndFirst {
  CaptureScan scan;
  std::vector<StreamPacket> first;  // stream 0's packets; none when there is no stream
};
Result<ScanAndFirst, PcapError> scan_and_read_first(ByteSource& source, std::size_t max_streams = kMaxStreams);

}  // namespace tcplab
