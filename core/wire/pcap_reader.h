// Reading classic pcap files (the format trace_export.h's to_pcap writes, and
// what tcpdump and tshark write with -F pcap): the lab's captures read back
// for checks, and later real captures replayed through the visualiser.
// Writing arbitrary packets is here too, so a file read can be written again.
#pragma once
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "core/base/result.h"

namespace tcplab {

// Link types the lab understands (www.tcpdump.org/linktypes.html).
inline constexpr std::uint32_t kLinkTypeEthernet = 1;
inline constexpr std::uint32_t kLinkTypeRaw = 101;   // bare IPv4/IPv6: what to_pcap writes
inline constexpr std::uint32_t kLinkTypeIpv4 = 228;

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
  std::size_t offset = 0;  // byte offset in the file where the problem is
  std::string message;
};

// Either byte order, microsecond or nanosecond magic. A truncated last
// record is an error (it names the record), not silently dropped.
Result<PcapFile, PcapError> read_pcap(std::span<const std::uint8_t> file);

// Little-endian, microsecond resolution, version 2.4.
std::vector<std::uint8_t> write_pcap(const PcapFile& file);

// The IPv4 packet inside a captured frame: the frame itself for the raw
// link types, past the 14-byte header (IPv4 ethertype only) for Ethernet.
// Empty when the frame carries no IPv4.
std::span<const std::uint8_t> ipv4_payload(std::uint32_t link_type, std::span<const std::uint8_t> frame);

}  // namespace tcplab
