#include "core/wire/wire.h"

#include <algorithm>
#include <bit>
#include <cstdio>
#include <cstring>
#include <string_view>

namespace tcplab {

namespace {

// --- layout constants (RFC 791 §3.1, RFC 9293 §3.1) ---
constexpr std::size_t kIpHeaderLen = 20;   // no IP options are ever sent
constexpr std::size_t kTcpHeaderLen = 20;  // before options
constexpr std::size_t kMaxOptionLen = 40;  // data offset is 4 bits: 15 * 4 - 20
constexpr std::size_t kMaxIpTotalLen = 0xFFFF;
constexpr std::uint8_t kIpVersion = 4;
constexpr std::uint8_t kProtoTcp = 6;
constexpr std::uint16_t kIpDontFragment = 0x4000;
constexpr std::uint16_t kIpMoreFragments = 0x2000;
constexpr std::uint16_t kIpFragmentOffsetMask = 0x1FFF;

// Field offsets inside the IPv4 header.
constexpr std::size_t kIpTotalLenAt = 2;
constexpr std::size_t kIpFragmentAt = 6;
constexpr std::size_t kIpProtocolAt = 9;
constexpr std::size_t kIpChecksumAt = 10;
// Field offsets inside the TCP header.
constexpr std::size_t kTcpDataOffsetAt = 12;
constexpr std::size_t kTcpChecksumAt = 16;

// Option kinds and their fixed lengths (RFC 9293 §3.2, RFC 7323 §2.2/§3.2, RFC 2018 §2/§3).
constexpr std::uint8_t kOptEol = 0;
constexpr std::uint8_t kOptNop = 1;
constexpr std::uint8_t kOptMss = 2;
constexpr std::uint8_t kOptWindowScale = 3;
constexpr std::uint8_t kOptSackPermitted = 4;
constexpr std::uint8_t kOptSack = 5;
constexpr std::uint8_t kOptTimestamps = 8;
constexpr std::size_t kLenMss = 4;
constexpr std::size_t kLenWindowScale = 3;
constexpr std::size_t kLenSackPermitted = 2;
constexpr std::size_t kLenTimestamps = 10;
constexpr std::size_t kSackBlockLen = 8;
constexpr std::size_t kMaxSackBlocks = 4;

// --- byte helpers: everything on the wire is big-endian (RFC 791 appendix B) ---
void put16(std::vector<std::uint8_t>& out, std::uint16_t v) {
  out.push_back(static_cast<std::uint8_t>(v >> 8));
  out.push_back(static_cast<std::uint8_t>(v));
}
void put32(std::vector<std::uint8_t>& out, std::uint32_t v) {
  put16(out, static_cast<std::uint16_t>(v >> 16));
  put16(out, static_cast<std::uint16_t>(v));
}
void set16(std::vector<std::uint8_t>& out, std::size_t at, std::uint16_t v) {
  out[at] = static_cast<std::uint8_t>(v >> 8);
  out[at + 1] = static_cast<std::uint8_t>(v);
}
std::uint16_t get16(std::span<const std::uint8_t> b, std::size_t at) {
  return static_cast<std::uint16_t>((b[at] << 8) | b[at + 1]);
}
std::uint32_t get32(std::span<const std::uint8_t> b, std::size_t at) {
  return (std::uint32_t{get16(b, at)} << 16) | get16(b, at + 2);
}

// RFC 1071 §4.1: add 16-bit big-endian words (an odd last byte is padded
// with zero on the right) and fold the carries back in. Not complemented,
// so sums of pieces that start at even offsets can be chained.
std::uint32_t ones_sum(std::span<const std::uint8_t> bytes, std::uint32_t initial) {
  // RFC 1071 §2: the sum does not depend on byte order (B) and may be taken
  // in wider words and folded afterwards (C). So add 32-bit words in the
  // machine's own order, fold to 16 bits, and swap once at the end on a
  // little-endian machine: the same sum as word by word, several times faster.
  const std::uint8_t* p = bytes.data();
  const std::size_t n = bytes.size();
  std::uint64_t sum = 0;
  std::size_t i = 0;
  for (; i + 4 <= n; i += 4) {
    std::uint32_t w;
    std::memcpy(&w, p + i, 4);
    sum += w;
  }
  if (i + 2 <= n) {
    std::uint16_t w;
    std::memcpy(&w, p + i, 2);
    sum += w;
    i += 2;
  }
  // An odd last byte is the high byte of a zero-padded word: in the
  // machine's order that is the byte at the lower address of the word.
  if (i < n) {
    const std::uint8_t pad[2] = {p[i], 0};
    std::uint16_t w;
    std::memcpy(&w, pad, 2);
    sum += w;
  }
  while (sum > 0xFFFF) sum = (sum & 0xFFFF) + (sum >> 16);
  if constexpr (std::endian::native == std::endian::little)
    sum = ((sum & 0xFF) << 8) | (sum >> 8);
  sum += initial;
  while (sum > 0xFFFF) sum = (sum & 0xFFFF) + (sum >> 16);
  return static_cast<std::uint32_t>(sum);
}

// RFC 9293 §3.1: the checksum also covers a 96-bit pseudo-header of source
// address, destination address, zero, PTCL = 6 and the TCP length.
std::uint32_t pseudo_header_sum(Ipv4 src, Ipv4 dst, std::size_t tcp_length) {
  // The same 16-bit words, added without building the header.
  std::uint64_t sum = (src >> 16) + (src & 0xFFFF) + (dst >> 16) + (dst & 0xFFFF) + kProtoTcp +
                      (tcp_length & 0xFFFF);
  while (sum > 0xFFFF) sum = (sum & 0xFFFF) + (sum >> 16);
  return static_cast<std::uint32_t>(sum);
}

std::string hex16(std::uint16_t v) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "0x%04x", v);
  return buf;
}

// --- options, encode side ---

// The sender's layout mirrors Linux's tcp_options_write(): every option
// that is not a multiple of 4 long is padded in front with NOPs so the
// next one starts 4-byte aligned, and SACK-permitted rides in the two
// bytes the timestamps would otherwise pad with NOPs.
//   MSS                       02 04 mm mm
//   SACK-permitted + TS       04 02 08 0a vvvvvvvv eeeeeeee
//   TS alone                  01 01 08 0a vvvvvvvv eeeeeeee
//   window scale              01 03 03 ss
//   SACK-permitted alone      01 01 04 02
//   SACK blocks               01 01 05 nn (llllllll rrrrrrrr)*
// Everything but the SACK blocks adds up to at most 20 bytes, so when the
// 40-byte limit is hit only SACK blocks need to go: the last ones are
// dropped first, keeping the first block, which RFC 2018 §4 says must
// report the most recently received data.
std::vector<std::uint8_t> encode_options(const TcpOptions& o) {
  std::vector<std::uint8_t> out;
  if (o.mss) {
    out.push_back(kOptMss);
    out.push_back(kLenMss);
    put16(out, *o.mss);
  }
  if (o.timestamps) {
    if (o.sack_permitted) {
      out.push_back(kOptSackPermitted);
      out.push_back(kLenSackPermitted);
    } else {
      out.push_back(kOptNop);
      out.push_back(kOptNop);
    }
    out.push_back(kOptTimestamps);
    out.push_back(kLenTimestamps);
    put32(out, o.timestamps->value);
    put32(out, o.timestamps->echo);
  }
  if (o.window_scale) {
    out.push_back(kOptNop);
    out.push_back(kOptWindowScale);
    out.push_back(kLenWindowScale);
    out.push_back(*o.window_scale);
  }
  if (o.sack_permitted && !o.timestamps) {
    out.push_back(kOptNop);
    out.push_back(kOptNop);
    out.push_back(kOptSackPermitted);
    out.push_back(kLenSackPermitted);
  }
  if (!o.sack_blocks.empty()) {
    const std::size_t room = kMaxOptionLen - out.size();
    const std::size_t fit = room < 4 + kSackBlockLen ? 0 : (room - 4) / kSackBlockLen;
    const std::size_t n = std::min({o.sack_blocks.size(), fit, kMaxSackBlocks});
    if (n > 0) {
      out.push_back(kOptNop);
      out.push_back(kOptNop);
      out.push_back(kOptSack);
      out.push_back(static_cast<std::uint8_t>(2 + n * kSackBlockLen));
      for (std::size_t i = 0; i < n; ++i) {
        put32(out, o.sack_blocks[i].left.value());
        put32(out, o.sack_blocks[i].right.value());
      }
    }
  }
  return out;
}

// --- options, decode side ---

Err<DecodeError> fail(DecodeError::Kind kind, std::size_t offset, std::string detail) {
  return Err{DecodeError{kind, offset, std::move(detail)}};
}

// Parses the option bytes tcp[from, to); `base` turns positions in `tcp`
// into packet offsets for errors. RFC 9293 §3.1 (Options): EOL ends the
// list, NOP is one byte, every other kind has a length byte counting kind
// and length; §3.2 (MUST-7) asks to cope with an illegal length such as 0.
std::optional<DecodeError> decode_options(std::span<const std::uint8_t> tcp, std::size_t from,
                                          std::size_t to, std::size_t base, TcpOptions& o) {
  std::size_t i = from;
  while (i < to) {
    const std::uint8_t kind = tcp[i];
    if (kind == kOptEol) break;
    if (kind == kOptNop) {
      ++i;
      continue;
    }
    const std::size_t at = base + i + 1;  // where the length byte is (or would be)
    if (i + 1 >= to)
      return DecodeError{DecodeError::Kind::BadOptionLength, at,
                         "option kind " + std::to_string(kind) +
                             " has no length byte before the end of the header"};
    const std::size_t len = tcp[i + 1];
    if (len < 2)
      return DecodeError{DecodeError::Kind::BadOptionLength, at,
                         "option kind " + std::to_string(kind) + " length " + std::to_string(len) +
                             " is below the minimum of 2"};
    if (i + len > to)
      return DecodeError{DecodeError::Kind::BadOptionLength, at,
                         "option kind " + std::to_string(kind) + " length " + std::to_string(len) +
                             " runs " + std::to_string(i + len - to) +
                             " bytes past the TCP header"};
    auto wrong_length = [&](std::string_view what, std::string_view expected) {
      return DecodeError{DecodeError::Kind::BadOptionLength, at,
                         std::string(what) + " option length " + std::to_string(len) +
                             ", expected " + std::string(expected)};
    };
    // A repeated option overwrites the earlier one: the last copy wins.
    switch (kind) {
      case kOptMss:
        if (len != kLenMss) return wrong_length("MSS", "4");
        o.mss = get16(tcp, i + 2);
        break;
      case kOptWindowScale:
        if (len != kLenWindowScale) return wrong_length("window scale", "3");
        o.window_scale = tcp[i + 2];
        break;
      case kOptSackPermitted:
        if (len != kLenSackPermitted) return wrong_length("SACK-permitted", "2");
        o.sack_permitted = true;
        break;
      case kOptSack: {
        // RFC 2018 §3: 2 + 8n bytes; n is at most 4 since options fit in 40 bytes.
        const std::size_t blocks = (len - 2) / kSackBlockLen;
        if ((len - 2) % kSackBlockLen != 0 || blocks < 1 || blocks > kMaxSackBlocks)
          return wrong_length("SACK", "2 + 8n with 1 <= n <= 4 (10, 18, 26 or 34)");
        o.sack_blocks.clear();
        for (std::size_t b = 0; b < blocks; ++b) {
          const std::size_t p = i + 2 + b * kSackBlockLen;
          o.sack_blocks.push_back({SeqNum(get32(tcp, p)), SeqNum(get32(tcp, p + 4))});
        }
        break;
      }
      case kOptTimestamps:
        if (len != kLenTimestamps) return wrong_length("timestamps", "10");
        o.timestamps = Timestamps{.value = get32(tcp, i + 2), .echo = get32(tcp, i + 6)};
        break;
      default:
        // RFC 9293 §3.2 (MUST-6): unknown options with a valid length are ignored.
        break;
    }
    i += len;
  }
  return std::nullopt;
}

}  // namespace

std::uint16_t internet_checksum(std::span<const std::uint8_t> bytes, std::uint32_t initial) {
  return static_cast<std::uint16_t>(~ones_sum(bytes, initial) & 0xFFFF);
}

std::string_view kind_name(DecodeError::Kind k) {
  switch (k) {
    case DecodeError::Kind::Truncated: return "Truncated";
    case DecodeError::Kind::BadIpVersion: return "BadIpVersion";
    case DecodeError::Kind::BadIpHeaderLength: return "BadIpHeaderLength";
    case DecodeError::Kind::BadTotalLength: return "BadTotalLength";
    case DecodeError::Kind::BadIpChecksum: return "BadIpChecksum";
    case DecodeError::Kind::NotTcp: return "NotTcp";
    case DecodeError::Kind::Fragment: return "Fragment";
    case DecodeError::Kind::BadDataOffset: return "BadDataOffset";
    case DecodeError::Kind::BadOptionLength: return "BadOptionLength";
    case DecodeError::Kind::BadChecksum: return "BadChecksum";
  }
  return "Unknown";
}

std::vector<std::uint8_t> encode(const Segment& seg) {
  const std::vector<std::uint8_t> options = encode_options(seg.options);
  const std::size_t tcp_header_len = kTcpHeaderLen + options.size();
  // A payload that cannot fit the 16-bit IPv4 total length is cut short
  // rather than written with a wrapped length; MSS keeps real ones far below.
  const std::size_t payload_len =
      std::min(seg.payload.size(), kMaxIpTotalLen - kIpHeaderLen - tcp_header_len);
  const std::size_t tcp_len = tcp_header_len + payload_len;
  const std::size_t total_len = kIpHeaderLen + tcp_len;

  std::vector<std::uint8_t> out;
  out.reserve(total_len);
  // IPv4 header, RFC 791 §3.1.
  out.push_back(static_cast<std::uint8_t>(kIpVersion << 4 | kIpHeaderLen / 4));
  out.push_back(0);  // DSCP/ECN
  put16(out, static_cast<std::uint16_t>(total_len));
  put16(out, seg.ip_id);
  put16(out, kIpDontFragment);  // TCP does path MTU discovery (RFC 1191), as Linux does
  out.push_back(seg.ttl);
  out.push_back(kProtoTcp);
  put16(out, 0);  // header checksum, filled below
  put32(out, seg.src_addr);
  put32(out, seg.dst_addr);
  set16(out, kIpChecksumAt, internet_checksum(std::span(out).first(kIpHeaderLen)));

  // TCP header, RFC 9293 §3.1.
  put16(out, seg.src_port);
  put16(out, seg.dst_port);
  put32(out, seg.seq.value());
  put32(out, seg.ack.value());
  out.push_back(static_cast<std::uint8_t>(tcp_header_len / 4 << 4));
  out.push_back(seg.flags.bits);
  put16(out, seg.window);
  put16(out, 0);  // checksum, filled below
  put16(out, seg.urgent);
  out.insert(out.end(), options.begin(), options.end());
  out.insert(out.end(), seg.payload.begin(),
             seg.payload.begin() + static_cast<std::ptrdiff_t>(payload_len));

  const std::uint32_t ph = pseudo_header_sum(seg.src_addr, seg.dst_addr, tcp_len);
  set16(out, kIpHeaderLen + kTcpChecksumAt,
        internet_checksum(std::span(out).subspan(kIpHeaderLen), ph));
  return out;
}

Result<Segment, DecodeError> decode_tcp_header(std::span<const std::uint8_t> tcp, std::size_t base) {
  using Kind = DecodeError::Kind;
  if (tcp.size() < kTcpHeaderLen)
    return fail(Kind::Truncated, base + tcp.size(),
                "TCP header needs 20 bytes, " + std::to_string(tcp.size()) + " are there");
  const std::size_t data_offset = static_cast<std::size_t>(tcp[kTcpDataOffsetAt] >> 4) * 4;
  if (data_offset < kTcpHeaderLen)
    return fail(Kind::BadDataOffset, base + kTcpDataOffsetAt,
                "TCP data offset " + std::to_string(data_offset / 4) + " (" +
                    std::to_string(data_offset) + " bytes) is below the minimum of 5 (20 bytes)");
  if (data_offset > tcp.size())
    return fail(Kind::BadDataOffset, base + kTcpDataOffsetAt,
                "TCP data offset " + std::to_string(data_offset / 4) + " (" +
                    std::to_string(data_offset) + " bytes) runs past the " +
                    std::to_string(tcp.size()) + "-byte segment");
  Segment seg{
      .src_port = get16(tcp, 0),
      .dst_port = get16(tcp, 2),
      .seq = SeqNum(get32(tcp, 4)),
      .ack = SeqNum(get32(tcp, 8)),
      .flags = Flags{tcp[13]},
      .window = get16(tcp, 14),
      .urgent = get16(tcp, 18),
      .payload = std::vector<std::uint8_t>(tcp.begin() + static_cast<std::ptrdiff_t>(data_offset),
                                           tcp.end()),
  };
  if (auto err = decode_options(tcp, kTcpHeaderLen, data_offset, base, seg.options))
    return Err{std::move(*err)};
  return seg;
}

Result<Segment, DecodeError> decode(std::span<const std::uint8_t> packet) {
  using Kind = DecodeError::Kind;
  const std::size_t size = packet.size();

  // --- IPv4, RFC 791 §3.1; the checks run in the order Linux's ip_rcv() uses ---
  if (size == 0) return fail(Kind::Truncated, 0, "empty packet, an IPv4 header needs 20 bytes");
  const unsigned version = packet[0] >> 4;
  if (version != kIpVersion)
    return fail(Kind::BadIpVersion, 0, "IP version " + std::to_string(version) + ", expected 4");
  if (size < kIpHeaderLen)
    return fail(Kind::Truncated, size,
                "IPv4 header needs 20 bytes, packet has " + std::to_string(size));
  const std::size_t ihl = std::size_t{packet[0] & 0x0Fu} * 4;
  if (ihl < kIpHeaderLen)
    return fail(Kind::BadIpHeaderLength, 0,
                "IHL " + std::to_string(ihl / 4) + " (" + std::to_string(ihl) +
                    " bytes) is below the minimum of 5 (20 bytes)");
  if (ihl > size)
    return fail(Kind::BadIpHeaderLength, 0,
                "IHL " + std::to_string(ihl / 4) + " (" + std::to_string(ihl) +
                    " bytes) runs past the " + std::to_string(size) + "-byte packet");
  // The checksum comes before the fields it protects are trusted.
  if (internet_checksum(packet.first(ihl)) != 0) {
    std::vector<std::uint8_t> header(packet.begin(),
                                     packet.begin() + static_cast<std::ptrdiff_t>(ihl));
    header[kIpChecksumAt] = header[kIpChecksumAt + 1] = 0;
    return fail(Kind::BadIpChecksum, kIpChecksumAt,
                "IPv4 header checksum " + hex16(get16(packet, kIpChecksumAt)) + ", expected " +
                    hex16(internet_checksum(header)));
  }
  const std::size_t total_len = get16(packet, kIpTotalLenAt);
  if (total_len < ihl)
    return fail(Kind::BadTotalLength, kIpTotalLenAt,
                "IPv4 total length " + std::to_string(total_len) + " is shorter than its " +
                    std::to_string(ihl) + "-byte header");
  // Bytes past the total length are link-layer padding (Ethernet pads
  // frames to 60 bytes) and are ignored; fewer bytes mean a cut capture.
  if (total_len > size)
    return fail(Kind::Truncated, size,
                "IPv4 total length " + std::to_string(total_len) + " but the packet has " +
                    std::to_string(size) + " bytes");
  if (packet[kIpProtocolAt] != kProtoTcp)
    return fail(Kind::NotTcp, kIpProtocolAt,
                "IP protocol " + std::to_string(packet[kIpProtocolAt]) + ", expected 6 (TCP)");
  const std::uint16_t frag = get16(packet, kIpFragmentAt);
  if ((frag & kIpMoreFragments) != 0 || (frag & kIpFragmentOffsetMask) != 0)
    return fail(Kind::Fragment, kIpFragmentAt,
                std::string("IPv4 fragment (MF=") + ((frag & kIpMoreFragments) ? "1" : "0") +
                    ", offset " + std::to_string((frag & kIpFragmentOffsetMask) * 8) +
                    " bytes); fragments are not reassembled");

  // --- TCP, RFC 9293 §3.1 ---
  const std::span<const std::uint8_t> tcp = packet.subspan(ihl, total_len - ihl);
  if (tcp.size() < kTcpHeaderLen)
    return fail(Kind::Truncated, total_len,
                "TCP header needs 20 bytes, the IP payload has " + std::to_string(tcp.size()));
  const Ipv4 src = get32(packet, 12);
  const Ipv4 dst = get32(packet, 16);
  // As for IP, the checksum is verified before any field it covers is read:
  // a corrupted option byte is reported as corruption, not as a bad option.
  const std::uint32_t ph = pseudo_header_sum(src, dst, tcp.size());
  if (internet_checksum(tcp, ph) != 0) {
    const std::uint32_t without_field =
        ones_sum(tcp.subspan(kTcpChecksumAt + 2), ones_sum(tcp.first(kTcpChecksumAt), ph));
    return fail(Kind::BadChecksum, ihl + kTcpChecksumAt,
                "TCP checksum " + hex16(get16(tcp, kTcpChecksumAt)) + ", expected " +
                    hex16(static_cast<std::uint16_t>(~without_field & 0xFFFF)));
  }
  Result<Segment, DecodeError> parsed = decode_tcp_header(tcp, ihl);
  if (!parsed) return parsed;
  Segment seg = std::move(parsed).value();
  seg.src_addr = src;
  seg.dst_addr = dst;
  seg.ttl = packet[8];
  seg.ip_id = get16(packet, 4);
  return seg;
}

}  // namespace tcplab
