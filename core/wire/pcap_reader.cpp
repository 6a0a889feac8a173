#include "core/wire/pcap_reader.h"

namespace tcplab {

namespace {

constexpr std::uint32_t kMagicMicros = 0xA1B2C3D4;
constexpr std::uint32_t kMagicNanos = 0xA1B23C4D;
constexpr std::size_t kFileHeader = 24;
constexpr std::size_t kRecordHeader = 16;
// A record longer than this is a corrupt length field, not a packet: the
// largest snapshot length libpcap itself accepts.
constexpr std::uint32_t kMaxRecord = 262144;

std::uint32_t swap32(std::uint32_t v) {
  return (v >> 24) | ((v >> 8) & 0xFF00) | ((v << 8) & 0xFF0000) | (v << 24);
}

std::uint32_t load_le32(std::span<const std::uint8_t> b, std::size_t at) {
  return static_cast<std::uint32_t>(b[at]) | static_cast<std::uint32_t>(b[at + 1]) << 8 |
         static_cast<std::uint32_t>(b[at + 2]) << 16 | static_cast<std::uint32_t>(b[at + 3]) << 24;
}

void put32(std::vector<std::uint8_t>& out, std::uint32_t v) {
  for (int i = 0; i < 4; ++i) out.push_back(static_cast<std::uint8_t>(v >> (8 * i)));
}

void put16(std::vector<std::uint8_t>& out, std::uint16_t v) {
  out.push_back(static_cast<std::uint8_t>(v));
  out.push_back(static_cast<std::uint8_t>(v >> 8));
}

}  // namespace

Result<PcapFile, PcapError> read_pcap(std::span<const std::uint8_t> file) {
  if (file.size() < kFileHeader)
    return Err{PcapError{file.size(), "a pcap file starts with a 24-byte header; this one has " +
                                          std::to_string(file.size()) + " bytes"}};
  const std::uint32_t raw_magic = load_le32(file, 0);
  bool swapped = false, nanos = false;
  if (raw_magic == kMagicMicros) {
  } else if (raw_magic == kMagicNanos) {
    nanos = true;
  } else if (swap32(raw_magic) == kMagicMicros) {
    swapped = true;
  } else if (swap32(raw_magic) == kMagicNanos) {
    swapped = nanos = true;
  } else {
    return Err{PcapError{0, "not a pcap file (magic number is not a1b2c3d4 or a1b23c4d in either byte order; "
                            "pcapng files are not read)"}};
  }
  auto load = [&](std::size_t at) { return swapped ? swap32(load_le32(file, at)) : load_le32(file, at); };
  const std::uint32_t major = swapped ? (file[4] << 8 | file[5]) : (file[5] << 8 | file[4]);
  if (major != 2) return Err{PcapError{4, "unsupported pcap major version " + std::to_string(major)}};
  PcapFile out;
  out.snaplen = load(16);
  // The low 28 bits are the link type; the top bits carry FCS information.
  out.link_type = load(20) & 0x0FFFFFFF;
  std::size_t at = kFileHeader;
  while (at < file.size()) {
    if (file.size() - at < kRecordHeader)
      return Err{PcapError{at, "record " + std::to_string(out.packets.size() + 1) + " is cut short in its header"}};
    const std::uint32_t sec = load(at), frac = load(at + 4), incl = load(at + 8), orig = load(at + 12);
    if (frac >= (nanos ? 1'000'000'000u : 1'000'000u))
      return Err{PcapError{at + 4, "record " + std::to_string(out.packets.size() + 1) + " has a sub-second field of " +
                                       std::to_string(frac)}};
    if (incl > kMaxRecord)
      return Err{PcapError{at + 8, "record " + std::to_string(out.packets.size() + 1) + " claims " +
                                       std::to_string(incl) + " captured bytes"}};
    at += kRecordHeader;
    if (file.size() - at < incl)
      return Err{PcapError{at, "record " + std::to_string(out.packets.size() + 1) + " is cut short: " +
                                   std::to_string(incl) + " bytes announced, " + std::to_string(file.size() - at) +
                                   " left"}};
    PcapPacket p;
    p.micros = static_cast<std::int64_t>(sec) * 1'000'000 + (nanos ? frac / 1000 : frac);
    p.original_length = orig;
    p.bytes.assign(file.begin() + static_cast<std::ptrdiff_t>(at), file.begin() + static_cast<std::ptrdiff_t>(at + incl));
    out.packets.push_back(std::move(p));
    at += incl;
  }
  return out;
}

std::vector<std::uint8_t> write_pcap(const PcapFile& file) {
  std::vector<std::uint8_t> out;
  put32(out, kMagicMicros);
  put16(out, 2);
  put16(out, 4);
  put32(out, 0);  // thiszone
  put32(out, 0);  // sigfigs
  put32(out, file.snaplen);
  put32(out, file.link_type);
  for (const PcapPacket& p : file.packets) {
    // Times before the epoch do not exist in pcap: they are written as 0.
    const std::int64_t us = p.micros < 0 ? 0 : p.micros;
    put32(out, static_cast<std::uint32_t>(us / 1'000'000));
    put32(out, static_cast<std::uint32_t>(us % 1'000'000));
    put32(out, static_cast<std::uint32_t>(p.bytes.size()));
    put32(out, p.original_length);
    out.insert(out.end(), p.bytes.begin(), p.bytes.end());
  }
  return out;
}

std::span<const std::uint8_t> ipv4_payload(std::uint32_t link_type, std::span<const std::uint8_t> frame) {
  switch (link_type) {
    case kLinkTypeRaw:
    case kLinkTypeIpv4:
      if (!frame.empty() && (frame[0] >> 4) == 4) return frame;
      return {};
    case kLinkTypeEthernet:
      if (frame.size() > 14 && frame[12] == 0x08 && frame[13] == 0x00) return frame.subspan(14);
      return {};
    default: return {};
  }
}

}  // namespace tcplab
