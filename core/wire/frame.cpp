#include "core/wire/frame.h"

#include <algorithm>
#include <cstdio>

#include "core/wire/pcap_reader.h"
#include "core/wire/wire.h"

namespace tcplab {

namespace {

using Kind = FrameError::Kind;

constexpr std::uint16_t kEtherIpv4 = 0x0800;
constexpr std::uint16_t kEtherIpv6 = 0x86DD;
// 802.1Q, 802.1ad (QinQ outer tag) and the older 0x9100 outer tag.
constexpr std::uint16_t kEtherVlan = 0x8100;
constexpr std::uint16_t kEtherQinQ = 0x88A8;
constexpr std::uint16_t kEtherQinQOld = 0x9100;
constexpr std::size_t kEthernetHeader = 14;
constexpr std::size_t kVlanTag = 4;
constexpr std::size_t kSllHeader = 16;
constexpr std::size_t kSll2Header = 20;
constexpr std::size_t kNullHeader = 4;
constexpr std::uint8_t kProtoTcp = 6;
// IPv6 extension headers (RFC 8200 §4) that may sit between IPv6 and TCP.
constexpr std::uint8_t kHopByHop = 0;
constexpr std::uint8_t kRouting = 43;
constexpr std::uint8_t kFragmentHeader = 44;
constexpr std::uint8_t kAuthHeader = 51;
constexpr std::uint8_t kDestOptions = 60;
constexpr std::uint8_t kMobility = 135;
constexpr std::uint8_t kNoNextHeader = 59;

std::uint16_t get16(std::span<const std::uint8_t> b, std::size_t at) {
  return static_cast<std::uint16_t>((b[at] << 8) | b[at + 1]);
}
std::uint32_t get32(std::span<const std::uint8_t> b, std::size_t at) {
  return (std::uint32_t{get16(b, at)} << 16) | get16(b, at + 2);
}

Err<FrameError> fail(Kind k, std::size_t at, std::string detail) { return Err{FrameError{k, at, std::move(detail)}}; }

std::string n(std::size_t v) { return std::to_string(v); }

// Where the IP packet starts in the frame, or why there is none.
Result<std::size_t, FrameError> ip_start(std::uint32_t link_type, std::span<const std::uint8_t> f) {
  auto ether = [&](std::size_t type_at, std::uint16_t type, std::size_t header) -> Result<std::size_t, FrameError> {
    if (type == kEtherIpv4 || type == kEtherIpv6) return header;
    return fail(Kind::NotIp, type_at, "ethertype 0x" + [&] {
      char b[8];
      std::snprintf(b, sizeof b, "%04x", type);
      return std::string(b);
    }() + " is not IPv4 or IPv6");
  };
  switch (link_type) {
    case kLinkTypeRaw:
    case kLinkTypeIpv4:
    case kLinkTypeIpv6: return std::size_t{0};
    case kLinkTypeEthernet: {
      if (f.size() < kEthernetHeader) return fail(Kind::Truncated, f.size(), "Ethernet header needs 14 bytes");
      std::size_t type_at = 12;
      std::uint16_t type = get16(f, type_at);
      // Tags stack (QinQ): each is 4 bytes, the inner type follows.
      while (type == kEtherVlan || type == kEtherQinQ || type == kEtherQinQOld) {
        type_at += kVlanTag;
        if (f.size() < type_at + 2) return fail(Kind::Truncated, f.size(), "VLAN tag cut short");
        type = get16(f, type_at);
      }
      return ether(type_at, type, type_at + 2);
    }
    case kLinkTypeLinuxSll:
      if (f.size() < kSllHeader) return fail(Kind::Truncated, f.size(), "Linux cooked (SLL) header needs 16 bytes");
      return ether(14, get16(f, 14), kSllHeader);
    case kLinkTypeLinuxSll2:
      if (f.size() < kSll2Header) return fail(Kind::Truncated, f.size(), "Linux cooked (SLL2) header needs 20 bytes");
      return ether(0, get16(f, 0), kSll2Header);
    case kLinkTypeNull:
    case kLinkTypeLoop: {
      if (f.size() < kNullHeader) return fail(Kind::Truncated, f.size(), "loopback header needs 4 bytes");
      // The address family, in the writer's byte order for NULL and
      // big-endian for LOOP: IPv4 is 2 everywhere; IPv6 is 24, 28 or 30 on
      // the BSDs and macOS, 10 on Linux.
      const std::uint32_t be = get32(f, 0);
      const std::uint32_t le = static_cast<std::uint32_t>(f[0]) | f[1] << 8 | f[2] << 16 |
                               static_cast<std::uint32_t>(f[3]) << 24;
      const std::uint32_t af = link_type == kLinkTypeLoop ? be : std::min(be, le);
      if (af == 2 || af == 10 || af == 24 || af == 28 || af == 30) return kNullHeader;
      return fail(Kind::NotIp, 0, "loopback address family " + n(af) + " is not IPv4 or IPv6");
    }
    default:
      return fail(Kind::UnknownLinkType, 0,
                  "link type " + n(link_type) +
                      " is not read here (Ethernet 1, raw IP 101/228/229, Linux SLL 113, SLL2 276, loopback 0/108)");
  }
}

struct IpLayer {
  SocketAddress src, dst;  // ports filled later
  std::size_t tcp_at = 0;       // where TCP starts in the IP packet
  std::size_t tcp_length = 0;   // TCP header + payload on the wire
};

Result<IpLayer, FrameError> ipv4(std::span<const std::uint8_t> p) {
  if (p.size() < 20) return fail(Kind::Truncated, p.size(), "IPv4 header needs 20 bytes, " + n(p.size()) + " captured");
  const std::size_t ihl = std::size_t{p[0] & 0x0Fu} * 4;
  if (ihl < 20) return fail(Kind::Malformed, 0, "IPv4 header length " + n(ihl) + " is below 20 bytes");
  if (ihl > p.size()) return fail(Kind::Truncated, p.size(), "IPv4 options cut by the snapshot length");
  const std::size_t total = get16(p, 2);
  if (total < ihl) return fail(Kind::Malformed, 2, "IPv4 total length " + n(total) + " is shorter than its header");
  if (p[9] != kProtoTcp) return fail(Kind::NotTcp, 9, "IP protocol " + n(p[9]) + ", not TCP");
  const std::uint16_t frag = get16(p, 6);
  if ((frag & 0x3FFF) != 0) return fail(Kind::Fragment, 6, "IPv4 fragment; fragments are not reassembled");
  IpLayer l;
  l.src.addr = IpAddress::v4(get32(p, 12));
  l.dst.addr = IpAddress::v4(get32(p, 16));
  l.tcp_at = ihl;
  l.tcp_length = total - ihl;
  return l;
}

Result<IpLayer, FrameError> ipv6(std::span<const std::uint8_t> p) {
  if (p.size() < 40) return fail(Kind::Truncated, p.size(), "IPv6 header needs 40 bytes, " + n(p.size()) + " captured");
  IpLayer l;
  l.src.addr.version = l.dst.addr.version = 6;
  std::copy_n(p.begin() + 8, 16, l.src.addr.bytes.begin());
  std::copy_n(p.begin() + 24, 16, l.dst.addr.bytes.begin());
  const std::size_t payload = get16(p, 4);
  if (payload == 0) return fail(Kind::Malformed, 4, "IPv6 payload length 0 (a jumbogram) is not read here");
  std::uint8_t next = p[6];
  std::size_t at = 40;
  // RFC 8200 §4.1: extension headers chain through their first byte.
  while (next != kProtoTcp) {
    if (next == kNoNextHeader) return fail(Kind::NotTcp, at, "IPv6 with no next header");
    const bool extension = next == kHopByHop || next == kRouting || next == kFragmentHeader ||
                           next == kAuthHeader || next == kDestOptions || next == kMobility;
    if (!extension) return fail(Kind::NotTcp, at, "IPv6 next header " + n(next) + ", not TCP");
    if (p.size() < at + 8) return fail(Kind::Truncated, p.size(), "IPv6 extension header cut short");
    if (next == kFragmentHeader) {
      if ((get16(p, at + 2) & 0xFFF9) != 0)
        return fail(Kind::Fragment, at, "IPv6 fragment; fragments are not reassembled");
    }
    const std::size_t len = next == kFragmentHeader ? 8
                            : next == kAuthHeader   ? (std::size_t{p[at + 1]} + 2) * 4
                                                    : (std::size_t{p[at + 1]} + 1) * 8;
    next = p[at];
    at += len;
    if (at > 40 + payload) return fail(Kind::Malformed, at, "IPv6 extension headers run past the payload length");
  }
  l.tcp_at = at;
  l.tcp_length = 40 + payload - at;
  return l;
}

}  // namespace

IpAddress IpAddress::v4(Ipv4 a) {
  IpAddress r;
  for (int i = 0; i < 4; ++i) r.bytes[static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(a >> (24 - 8 * i));
  return r;
}

std::string IpAddress::text() const {
  if (version == 4) return std::to_string(bytes[0]) + "." + std::to_string(bytes[1]) + "." +
                           std::to_string(bytes[2]) + "." + std::to_string(bytes[3]);
  std::array<unsigned, 8> g{};
  for (std::size_t i = 0; i < 8; ++i) g[i] = static_cast<unsigned>(bytes[2 * i] << 8 | bytes[2 * i + 1]);
  // RFC 5952 §4.2: the longest run of two or more zero groups becomes "::" (the first, on a tie).
  std::size_t best = 8, best_len = 1;
  for (std::size_t i = 0; i < 8;) {
    std::size_t j = i;
    while (j < 8 && g[j] == 0) ++j;
    if (j - i > best_len) best = i, best_len = j - i;
    i = j == i ? i + 1 : j;
  }
  std::string out;
  char buf[8];
  for (std::size_t i = 0; i < 8; ++i) {
    if (i == best) {
      out += "::";
      i += best_len - 1;
      continue;
    }
    if (!out.empty() && out.back() != ':') out += ':';
    std::snprintf(buf, sizeof buf, "%x", g[i]);
    out += buf;
  }
  return out;
}

std::string SocketAddress::text() const {
  return addr.version == 6 ? "[" + addr.text() + "]:" + std::to_string(port) : addr.text() + ":" + std::to_string(port);
}

std::string_view kind_name(FrameError::Kind k) {
  switch (k) {
    case Kind::UnknownLinkType: return "UnknownLinkType";
    case Kind::NotIp: return "NotIp";
    case Kind::NotTcp: return "NotTcp";
    case Kind::Fragment: return "Fragment";
    case Kind::Truncated: return "Truncated";
    case Kind::Malformed: return "Malformed";
  }
  return "Unknown";
}

Result<CapturedTcp, FrameError> decode_frame(std::uint32_t link_type, std::span<const std::uint8_t> frame) {
  const Result<std::size_t, FrameError> start = ip_start(link_type, frame);
  if (!start) return Err{start.error()};
  const std::size_t base = start.value();
  const std::span<const std::uint8_t> ip = frame.subspan(base);
  if (ip.empty()) return fail(Kind::Truncated, base, "no IP header captured");
  const unsigned version = ip[0] >> 4;
  if (version != 4 && version != 6) return fail(Kind::NotIp, base, "IP version " + n(version));
  Result<IpLayer, FrameError> l = version == 4 ? ipv4(ip) : ipv6(ip);
  if (!l) {
    FrameError e = l.error();
    e.offset += base;
    return Err{e};
  }
  const IpLayer& layer = l.value();
  // What was captured of TCP: up to the IP length (past it is link padding).
  const std::size_t have = std::min(ip.size() - std::min(ip.size(), layer.tcp_at), layer.tcp_length);
  const std::span<const std::uint8_t> tcp = ip.subspan(std::min(ip.size(), layer.tcp_at), have);
  const std::size_t tcp_offset = base + layer.tcp_at;
  if (tcp.size() >= 13 && tcp.size() < std::max<std::size_t>(20, static_cast<std::size_t>(tcp[12] >> 4) * 4) &&
      layer.tcp_length > tcp.size())
    return fail(Kind::Truncated, tcp_offset + tcp.size(), "TCP header cut by the snapshot length");
  Result<Segment, DecodeError> seg = decode_tcp_header(tcp, tcp_offset);
  if (!seg) {
    const DecodeError& e = seg.error();
    return fail(e.kind == DecodeError::Kind::Truncated ? Kind::Truncated : Kind::Malformed, e.offset, e.detail);
  }
  CapturedTcp out;
  out.seg = std::move(seg).value();
  out.src = layer.src;
  out.dst = layer.dst;
  out.src.port = out.seg.src_port;
  out.dst.port = out.seg.dst_port;
  if (version == 4) {
    out.seg.src_addr = get32(ip, 12);
    out.seg.dst_addr = get32(ip, 16);
    out.seg.ttl = ip[8];
    out.seg.ip_id = get16(ip, 4);
  } else {
    out.seg.ttl = ip[7];
  }
  const std::size_t header = tcp.size() - out.seg.payload.size();
  out.payload_length = static_cast<std::uint32_t>(layer.tcp_length - header);
  out.truncated = out.payload_length > out.seg.payload.size();
  return out;
}

std::optional<std::size_t> ip_offset(std::uint32_t link_type, std::span<const std::uint8_t> frame) {
  const Result<std::size_t, FrameError> start = ip_start(link_type, frame);
  if (!start) return std::nullopt;
  return start.value();
}

}  // namespace tcplab
