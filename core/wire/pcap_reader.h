// Reading capture files: classic pcap (what trace_export.h's to_pcap writes,
// and what tcpdump and tshark write with -F pcap) and pcapng (what Wireshark
// and dumpcap write by default). One reader serves the lab's own captures
// read back for checks and real captures replayed by core/capture.
//
// The reader streams: it holds one frame at a time, so a capture of ten
// million packets is read in bounded memory. Writing classic pcap is here
// too, so a file read can be written again.
#pragma once
#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "core/base/result.h"

namespace tcplab {

// Link types the lab understands (www.tcpdump.org/linktypes.html).
inline constexpr std::uint32_t kLinkTypeNull = 0;       // BSD loopback: 4-byte AF in the writer's byte order
inline constexpr std::uint32_t kLinkTypeEthernet = 1;
inline constexpr std::uint32_t kLinkTypeRaw = 101;      // bare IPv4/IPv6: what to_pcap writes
inline constexpr std::uint32_t kLinkTypeLoop = 108;     // OpenBSD loopback: 4-byte AF, big-endian
inline constexpr std::uint32_t kLinkTypeLinuxSll = 113;
inline constexpr std::uint32_t kLinkTypeIpv4 = 228;
inline constexpr std::uint32_t kLinkTypeIpv6 = 229;
inline constexpr std::uint32_t kLinkTypeLinuxSll2 = 276;

struct PcapPacket {
  std::int64_t micros = 0;         // timestamp since the epoch (nanosecond files are rounded down)
  std::uint32_t original_length = 0;  // on the wire; more than bytes.size() when the snapshot cut it
  std::vector<std::uint8_t> bytes;    // as captured
  bool operator==(const PcapPacket&) const = default;
};

struct PcapFile {
  std::uint32_t link_type = kLinkTypeRaw;
  std::uint32_t snaplen = 65535;
  std::vector<PcapPacket> packets;
  bool operator==(const PcapFile&) const = default;
};

struct PcapError {
  std::size_t offset = 0;   // byte offset in the file where the problem is
  std::string message;
  std::uint64_t packet = 0;  // the packet (1-based, as Wireshark numbers frames) it concerns; 0: none
};

// Where the bytes come from: a file read front to back (the command line),
// or bytes already in memory (the page, tests).
class ByteSource {
 public:
  virtual ~ByteSource() = default;
  // Up to n bytes into dst; fewer only at the end of the input.
  virtual std::size_t read(std::uint8_t* dst, std::size_t n) = 0;
};

class SpanSource final : public ByteSource {
 public:
  explicit SpanSource(std::span<const std::uint8_t> bytes) : bytes_(bytes) {}
  std::size_t read(std::uint8_t* dst, std::size_t n) override;

 private:
  std::span<const std::uint8_t> bytes_;
  std::size_t at_ = 0;
};

enum class CaptureFormat : std::uint8_t { Pcap, Pcapng };

// One captured frame, with what its interface says about it.
struct CaptureFrame {
  std::uint64_t number = 0;           // 1-based, counting every packet block or record
  std::int64_t nanos = 0;             // since the epoch
  std::uint32_t link_type = 0;
  std::uint32_t interface = 0;        // pcapng interface id; 0 in classic pcap
  std::uint32_t original_length = 0;  // on the wire; more than bytes.size() when the snapshot cut it
  std::size_t offset = 0;             // where its record or block starts in the file
  std::vector<std::uint8_t> bytes;    // as captured
};

// A capture interface (pcapng IDB; classic pcap has one).
struct CaptureInterface {
  std::uint32_t link_type = 0;
  std::uint32_t snaplen = 0;
  // Timestamp units: 10^-decimal (decimal set) or 2^-binary seconds (if_tsresol).
  std::uint8_t resolution = 6;
  bool binary_resolution = false;
  std::int64_t offset_seconds = 0;  // if_tsoffset
};

class CaptureReader {
 public:
  explicit CaptureReader(ByteSource& source);
  ~CaptureReader();
  CaptureReader(const CaptureReader&) = delete;
  CaptureReader& operator=(const CaptureReader&) = delete;

  // The next frame into `out` (its buffer is reused): true when one was
  // read, false at a clean end of the file. A damaged file is an error
  // naming the byte offset and, where one is concerned, the packet number;
  // after an error the reader stays at that error.
  Result<bool, PcapError> next(CaptureFrame& out);

  // Known after the first call to next().
  CaptureFormat format() const;
  const std::vector<CaptureInterface>& interfaces() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// The whole file at once, for small captures and the lab's own: either
// byte order, microsecond or nanosecond pcap, or pcapng (whose first
// interface gives the link type and snapshot length). A truncated last
// record is an error (it names the record), not silently dropped.
Result<PcapFile, PcapError> read_pcap(std::span<const std::uint8_t> file);

// Little-endian, microsecond resolution, version 2.4.
std::vector<std::uint8_t> write_pcap(const PcapFile& file);

// The IPv4 packet inside a captured frame: the frame itself for the raw
// link types, past the 14-byte header (IPv4 ethertype only) for Ethernet.
// Empty when the frame carries no IPv4. (core/wire/frame.h reads every
// link type and IPv6 as well.)
std::span<const std::uint8_t> ipv4_payload(std::uint32_t link_type, std::span<const std::uint8_t> frame);

}  // namespace tcplab
