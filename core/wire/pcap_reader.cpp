#include "core/wire/pcap_reader.h"

#include <algorithm>
#include <cstring>
#include <optional>

namespace tcplab {

namespace {

constexpr std::uint32_t kMagicMicros = 0xA1B2C3D4;
constexpr std::uint32_t kMagicNanos = 0xA1B23C4D;
constexpr std::size_t kFileHeader = 24;
constexpr std::size_t kRecordHeader = 16;
// A record longer than this is a corrupt length field, not a packet: the
// largest snapshot length libpcap itself accepts.
constexpr std::uint32_t kMaxRecord = 262144;

// pcapng (draft-ietf-opsawg-pcapng): block types and the byte-order magic.
constexpr std::uint32_t kBlockSectionHeader = 0x0A0D0D0A;
constexpr std::uint32_t kBlockInterface = 1;
constexpr std::uint32_t kBlockObsoletePacket = 2;
constexpr std::uint32_t kBlockSimplePacket = 3;
constexpr std::uint32_t kBlockEnhancedPacket = 6;
constexpr std::uint32_t kByteOrderMagic = 0x1A2B3C4D;
constexpr std::uint16_t kOptEndOfOpt = 0;
constexpr std::uint16_t kOptTsResol = 9;
constexpr std::uint16_t kOptTsOffset = 14;
// A block longer than this is a corrupt length (Wireshark's own limit is 16 MiB).
constexpr std::uint32_t kMaxBlock = 16 * 1024 * 1024;
constexpr std::size_t kChunk = 64 * 1024;

std::uint32_t swap32(std::uint32_t v) {
  return (v >> 24) | ((v >> 8) & 0xFF00) | ((v << 8) & 0xFF0000) | (v << 24);
}

std::uint32_t load_le32(const std::uint8_t* b) {
  return static_cast<std::uint32_t>(b[0]) | static_cast<std::uint32_t>(b[1]) << 8 |
         static_cast<std::uint32_t>(b[2]) << 16 | static_cast<std::uint32_t>(b[3]) << 24;
}

void load_le32_into(std::uint8_t* b, std::uint32_t v) {
  for (int i = 0; i < 4; ++i) b[i] = static_cast<std::uint8_t>(v >> (8 * i));
}

void put32(std::vector<std::uint8_t>& out, std::uint32_t v) {
  for (int i = 0; i < 4; ++i) out.push_back(static_cast<std::uint8_t>(v >> (8 * i)));
}

void put16(std::vector<std::uint8_t>& out, std::uint16_t v) {
  out.push_back(static_cast<std::uint8_t>(v));
  out.push_back(static_cast<std::uint8_t>(v >> 8));
}

std::string n(std::uint64_t v) { return std::to_string(v); }

// Units of 10^-decimal or 2^-binary seconds, as nanoseconds since the epoch.
// Unsigned arithmetic: an absurd timestamp wraps instead of overflowing.
std::int64_t to_nanos(std::uint64_t ts, const CaptureInterface& i) {
  constexpr std::uint64_t kGiga = 1'000'000'000;
  std::uint64_t ns = 0;
  if (i.binary_resolution) {
    const unsigned p = i.resolution;
    if (p < 64) {
      const std::uint64_t whole = ts >> p, frac = ts & ((std::uint64_t{1} << p) - 1);
      // frac * 10^9 must fit 64 bits: keep at most 34 fraction bits.
      const unsigned drop = p > 34 ? p - 34 : 0;
      ns = whole * kGiga + (((frac >> drop) * kGiga) >> (p - drop));
    }
  } else if (i.resolution <= 9) {
    std::uint64_t scale = 1;
    for (unsigned k = i.resolution; k < 9; ++k) scale *= 10;
    ns = ts * scale;
  } else {
    std::uint64_t div = 1;
    for (unsigned k = 9; k < i.resolution; ++k) div *= 10;
    ns = ts / div;
  }
  return static_cast<std::int64_t>(ns + static_cast<std::uint64_t>(i.offset_seconds) * kGiga);
}

}  // namespace

std::size_t SpanSource::read(std::uint8_t* dst, std::size_t n) {
  const std::size_t k = std::min(n, bytes_.size() - at_);
  if (k) std::memcpy(dst, bytes_.data() + at_, k);
  at_ += k;
  return k;
}

struct CaptureReader::Impl {
  ByteSource& source;
  std::vector<std::uint8_t> buffer = std::vector<std::uint8_t>(kChunk);
  std::size_t buffer_at = 0, buffer_end = 0;
  std::size_t offset = 0;  // file offset of the next unread byte
  bool started = false;
  std::optional<PcapError> failed;
  CaptureFormat format = CaptureFormat::Pcap;
  bool swapped = false;  // the file's byte order is not little-endian
  std::vector<CaptureInterface> interfaces;
  std::uint64_t frames = 0;
  std::vector<std::uint8_t> block;  // the current pcapng block's body
  bool first_block_pending = false;  // pcapng: start() consumed the first block's type

  explicit Impl(ByteSource& s) : source(s) {}

  // Up to n bytes; fewer only at the end of the input.
  std::size_t pull(std::uint8_t* dst, std::size_t want) {
    std::size_t got = 0;
    while (got < want) {
      if (buffer_at == buffer_end) {
        buffer_at = 0;
        buffer_end = source.read(buffer.data(), buffer.size());
        if (buffer_end == 0) break;
      }
      const std::size_t k = std::min(want - got, buffer_end - buffer_at);
      if (dst) std::memcpy(dst + got, buffer.data() + buffer_at, k);
      buffer_at += k;
      got += k;
    }
    offset += got;
    return got;
  }

  std::uint32_t u32(const std::uint8_t* b) const { return swapped ? swap32(load_le32(b)) : load_le32(b); }
  std::uint16_t u16(const std::uint8_t* b) const {
    return swapped ? static_cast<std::uint16_t>(b[0] << 8 | b[1]) : static_cast<std::uint16_t>(b[1] << 8 | b[0]);
  }

  Err<PcapError> fail(std::size_t at, std::string message, std::uint64_t packet = 0) {
    failed = PcapError{at, std::move(message), packet};
    return Err{*failed};
  }

  Result<bool, PcapError> start();
  Result<bool, PcapError> next_pcap(CaptureFrame& out);
  Result<bool, PcapError> next_pcapng(CaptureFrame& out);
  Result<bool, PcapError> section_header(std::size_t at, std::span<const std::uint8_t> body);
  Result<bool, PcapError> interface_block(std::size_t at, std::span<const std::uint8_t> body);
  Result<bool, PcapError> packet_block(std::uint32_t type, std::size_t at, std::span<const std::uint8_t> body,
                                       CaptureFrame& out);
};

Result<bool, PcapError> CaptureReader::Impl::start() {
  started = true;
  std::uint8_t head[kFileHeader];
  const std::size_t got = pull(head, 4);
  if (got < 4)
    return fail(got, "a capture file starts with a 4-byte magic number; this one has " + n(got) + " bytes");
  const std::uint32_t magic = load_le32(head);
  if (magic == kBlockSectionHeader) {
    format = CaptureFormat::Pcapng;
    return true;
  }
  bool nanos = false;
  if (magic == kMagicMicros) {
  } else if (magic == kMagicNanos) {
    nanos = true;
  } else if (swap32(magic) == kMagicMicros) {
    swapped = true;
  } else if (swap32(magic) == kMagicNanos) {
    swapped = nanos = true;
  } else {
    return fail(0, "not a pcap file (magic number is not a1b2c3d4 or a1b23c4d in either byte order) "
                   "and not a pcapng file (no section header block 0a0d0d0a)");
  }
  const std::size_t rest = pull(head + 4, kFileHeader - 4);
  if (rest < kFileHeader - 4)
    return fail(4 + rest, "a pcap file starts with a 24-byte header; this one has " + n(4 + rest) + " bytes");
  const std::uint16_t major = u16(head + 4);
  if (major != 2) return fail(4, "unsupported pcap major version " + n(major));
  // The low 28 bits are the link type; the top bits carry FCS information.
  interfaces.push_back(CaptureInterface{.link_type = u32(head + 20) & 0x0FFFFFFF,
                                        .snaplen = u32(head + 16),
                                        .resolution = static_cast<std::uint8_t>(nanos ? 9 : 6)});
  return true;
}

Result<bool, PcapError> CaptureReader::Impl::next_pcap(CaptureFrame& out) {
  const std::size_t at = offset;
  const std::uint64_t number = frames + 1;
  std::uint8_t h[kRecordHeader];
  const std::size_t got = pull(h, kRecordHeader);
  if (got == 0) return false;
  const std::string record = "record " + n(number);
  if (got < kRecordHeader) return fail(at, record + " is cut short in its header", number);
  const CaptureInterface& i = interfaces.front();
  const std::uint32_t sec = u32(h), frac = u32(h + 4), incl = u32(h + 8), orig = u32(h + 12);
  if (frac >= (i.resolution == 9 ? 1'000'000'000u : 1'000'000u))
    return fail(at + 4, record + " has a sub-second field of " + n(frac), number);
  if (incl > kMaxRecord) return fail(at + 8, record + " claims " + n(incl) + " captured bytes", number);
  out.bytes.resize(incl);
  const std::size_t body = pull(out.bytes.data(), incl);
  if (body < incl)
    return fail(at + kRecordHeader, record + " is cut short: " + n(incl) + " bytes announced, " + n(body) + " left",
                number);
  ++frames;
  out.number = number;
  out.nanos = static_cast<std::int64_t>(sec) * 1'000'000'000 +
              (i.resolution == 9 ? std::int64_t{frac} : std::int64_t{frac} * 1000);
  out.link_type = i.link_type;
  out.interface = 0;
  out.original_length = orig;
  out.offset = at;
  return true;
}

// A section header (the first one's type was read by start()); a new
// section may change the byte order and starts a new list of interfaces.
Result<bool, PcapError> CaptureReader::Impl::section_header(std::size_t at, std::span<const std::uint8_t> body) {
  if (body.size() < 16) return fail(at, "pcapng section header block is too short to hold its fields");
  const std::uint16_t major = u16(body.data() + 4);
  if (major != 1) return fail(at + 12, "unsupported pcapng major version " + n(major));
  interfaces.clear();
  return true;
}

Result<bool, PcapError> CaptureReader::Impl::interface_block(std::size_t at, std::span<const std::uint8_t> body) {
  if (body.size() < 8) return fail(at, "pcapng interface description block is too short to hold its fields");
  CaptureInterface i{.link_type = u16(body.data()), .snaplen = u32(body.data() + 4)};
  // Options: code, length, value padded to 4 bytes (pcapng §3.5).
  std::size_t o = 8;
  while (o + 4 <= body.size()) {
    const std::uint16_t code = u16(body.data() + o), len = u16(body.data() + o + 2);
    if (code == kOptEndOfOpt) break;
    if (o + 4 + len > body.size()) return fail(at + 8 + o, "interface option " + n(code) + " runs past its block");
    const std::uint8_t* v = body.data() + o + 4;
    if (code == kOptTsResol && len >= 1) {
      i.binary_resolution = (v[0] & 0x80) != 0;
      i.resolution = v[0] & 0x7F;
      if (!i.binary_resolution && i.resolution > 18)
        return fail(at + 8 + o + 4, "interface timestamp resolution 10^-" + n(i.resolution) + " s is not plausible");
    } else if (code == kOptTsOffset && len >= 8) {
      const std::uint64_t lo = u32(v), hi = u32(v + 4);
      i.offset_seconds = static_cast<std::int64_t>(swapped ? (lo << 32 | hi) : (hi << 32 | lo));
    }
    o += 4 + ((len + 3u) & ~3u);
  }
  interfaces.push_back(i);
  return true;
}

Result<bool, PcapError> CaptureReader::Impl::packet_block(std::uint32_t type, std::size_t at,
                                                         std::span<const std::uint8_t> body, CaptureFrame& out) {
  const std::uint64_t number = frames + 1;
  const std::string packet = "packet " + n(number);
  std::uint32_t iface = 0, caplen = 0, orig = 0;
  std::uint64_t ts = 0;
  std::size_t data_at = 0;
  if (type == kBlockSimplePacket) {
    if (body.size() < 4) return fail(at, packet + ": simple packet block too short", number);
    orig = u32(body.data());
    data_at = 4;
    caplen = static_cast<std::uint32_t>(std::min<std::size_t>(orig, body.size() - 4));
    if (!interfaces.empty() && interfaces[0].snaplen) caplen = std::min(caplen, interfaces[0].snaplen);
  } else {
    // Enhanced (and the obsolete Packet block, whose interface id is 16 bits followed by a drop count).
    if (body.size() < 20) return fail(at, packet + ": packet block too short to hold its fields", number);
    iface = type == kBlockObsoletePacket ? u16(body.data()) : u32(body.data());
    ts = std::uint64_t{u32(body.data() + 4)} << 32 | u32(body.data() + 8);
    caplen = u32(body.data() + 12);
    orig = u32(body.data() + 16);
    data_at = 20;
    if (caplen > body.size() - 20)
      return fail(at + 20, packet + ": " + n(caplen) + " captured bytes announced, the block holds " +
                               n(body.size() - 20), number);
  }
  if (iface >= interfaces.size())
    return fail(at + 8, packet + " names interface " + n(iface) + ", but " + n(interfaces.size()) +
                            " interface(s) were described before it", number);
  ++frames;
  const CaptureInterface& i = interfaces[iface];
  out.number = number;
  out.nanos = to_nanos(ts, i);
  out.link_type = i.link_type;
  out.interface = iface;
  out.original_length = orig;
  out.offset = at;
  out.bytes.assign(body.begin() + static_cast<std::ptrdiff_t>(data_at),
                   body.begin() + static_cast<std::ptrdiff_t>(data_at + caplen));
  return true;
}

Result<bool, PcapError> CaptureReader::Impl::next_pcapng(CaptureFrame& out) {
  for (;;) {
    std::uint8_t h[12];
    std::size_t at = offset, got = 0;
    if (first_block_pending) {
      // start() read the first block's type.
      first_block_pending = false;
      at = 0;
      load_le32_into(h, kBlockSectionHeader);
      got = 4 + pull(h + 4, 4);
    } else {
      got = pull(h, 8);
      if (got == 0) return false;
    }
    if (got < 8) return fail(at, "the pcapng block at byte " + n(at) + " is cut short in its header", frames + 1);
    const bool section = load_le32(h) == kBlockSectionHeader;
    if (section) {
      // The byte-order magic decides how this section's numbers read (pcapng §4.1).
      if (pull(h + 8, 4) < 4) return fail(at + 8, "the pcapng section header at byte " + n(at) + " is cut short");
      if (load_le32(h + 8) == kByteOrderMagic) swapped = false;
      else if (swap32(load_le32(h + 8)) == kByteOrderMagic) swapped = true;
      else return fail(at + 8, "the pcapng section header at byte " + n(at) + " has no byte-order magic 1a2b3c4d");
    } else if (at == 0) {
      return fail(0, "not a pcapng file: it does not start with a section header block");
    }
    const std::uint32_t type = u32(h), length = u32(h + 4);
    if (length < 12 || length % 4 != 0 || length > kMaxBlock || (section && length < 28))
      return fail(at + 4, "the pcapng block at byte " + n(at) + " (type " + n(type) + ") has a length of " +
                              n(length) + " bytes, not a multiple of 4 between 12 and 16 MiB", frames + 1);
    const bool is_packet =
        type == kBlockEnhancedPacket || type == kBlockSimplePacket || type == kBlockObsoletePacket;
    const bool known = section || type == kBlockInterface || is_packet;
    const std::size_t body = length - 12 - (section ? 4 : 0);
    if (!known) {
      // Statistics, name resolution, custom blocks...: nothing the replay needs.
      if (pull(nullptr, body + 4) < body + 4)
        return fail(at, "the pcapng block at byte " + n(at) + " (type " + n(type) + ") is cut short", frames + 1);
      continue;
    }
    if (section) {
      block.assign(h + 8, h + 12);
      block.resize(4 + body);
    } else {
      block.resize(body);
    }
    const std::size_t skip = section ? 4 : 0;
    std::uint8_t trailer[4];
    if (pull(block.data() + skip, body) < body || pull(trailer, 4) < 4)
      return fail(at, std::string(is_packet ? "packet " + n(frames + 1) + ": its" : "the") + " pcapng block at byte " +
                          n(at) + " is cut short: " + n(length) + " bytes announced, " + n(offset - at) + " left",
                  is_packet ? frames + 1 : 0);
    if (u32(trailer) != length)
      return fail(offset - 4, "the pcapng block at byte " + n(at) + " ends with length " + n(u32(trailer)) +
                                  ", its header said " + n(length), is_packet ? frames + 1 : 0);
    Result<bool, PcapError> r = section ? section_header(at, block)
                                : type == kBlockInterface ? interface_block(at, block)
                                                          : packet_block(type, at, block, out);
    if (!r) return r;
    if (is_packet) return true;
  }
}

CaptureReader::CaptureReader(ByteSource& source) : impl_(std::make_unique<Impl>(source)) {}
CaptureReader::~CaptureReader() = default;

Result<bool, PcapError> CaptureReader::next(CaptureFrame& out) {
  Impl& i = *impl_;
  if (i.failed) return Err{*i.failed};
  if (!i.started) {
    Result<bool, PcapError> r = i.start();
    if (!r) return r;
    i.first_block_pending = i.format == CaptureFormat::Pcapng;
  }
  return i.format == CaptureFormat::Pcap ? i.next_pcap(out) : i.next_pcapng(out);
}

CaptureFormat CaptureReader::format() const { return impl_->format; }
const std::vector<CaptureInterface>& CaptureReader::interfaces() const { return impl_->interfaces; }

Result<PcapFile, PcapError> read_pcap(std::span<const std::uint8_t> file) {
  SpanSource source(file);
  CaptureReader reader(source);
  PcapFile out;
  CaptureFrame frame;
  for (;;) {
    Result<bool, PcapError> r = reader.next(frame);
    if (!r) return Err{r.error()};
    if (!r.value()) break;
    out.packets.push_back(PcapPacket{frame.nanos / 1000, frame.original_length, frame.bytes});
  }
  if (!reader.interfaces().empty()) {
    out.link_type = reader.interfaces().front().link_type;
    out.snaplen = reader.interfaces().front().snaplen;
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
