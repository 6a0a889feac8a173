// A captured frame read down to its TCP segment: the link layer (Ethernet
// with 802.1Q/802.1ad tags, Linux cooked SLL and SLL2, raw IP, BSD
// loopback), IPv4 or IPv6 (extension headers skipped), then TCP. Unlike
// wire.h's decode, which checks the lab's own packets strictly, this reads
// other stacks' captures as Wireshark does: checksums are not verified
// (offload leaves them unfilled in captures taken on the sending host) and
// a frame cut by the snapshot length is read as far as it goes.
#pragma once
#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <tuple>

#include "core/base/result.h"
#include "core/wire/segment.h"

namespace tcplab {

struct IpAddress {
  std::uint8_t version = 4;               // 4 or 6
  std::array<std::uint8_t, 16> bytes{};  // IPv4 in the first 4
  static IpAddress v4(Ipv4 a);
  std::string text() const;  // "10.0.0.1", "fe80::1" (RFC 5952 form)
  // == and < spelled out: Emscripten 3.1.6's libc++ has no <=> for std::array.
  bool operator==(const IpAddress&) const = default;
  bool operator<(const IpAddress& o) const { return std::tie(version, bytes) < std::tie(o.version, o.bytes); }
};

struct SocketAddress {
  IpAddress addr;
  std::uint16_t port = 0;
  std::string text() const;  // "10.0.0.1:80", "[::1]:80"
  bool operator==(const SocketAddress&) const = default;
  bool operator<(const SocketAddress& o) const { return std::tie(addr, port) < std::tie(o.addr, o.port); }
};

struct CapturedTcp {
  SocketAddress src, dst;
  // The header as parsed; src_addr/dst_addr only for IPv4. The payload is
  // the captured part of it, which the snapshot length may have cut.
  Segment seg;
  std::uint32_t payload_length = 0;  // octets on the wire, from the IP length
  bool truncated = false;            // the snapshot length cut the payload
  // SEG.LEN as on the wire (RFC 9293 §3.4).
  std::uint32_t seg_len() const {
    return payload_length + (seg.flags.has(kSyn) ? 1 : 0) + (seg.flags.has(kFin) ? 1 : 0);
  }
};

struct FrameError {
  enum class Kind : std::uint8_t {
    UnknownLinkType,  // a link type this reader does not know
    NotIp,            // the link layer carries something else (ARP, LLDP...)
    NotTcp,           // IP carrying UDP, ICMP...
    Fragment,         // an IP fragment: not reassembled
    Truncated,        // cut before the end of the TCP header
    Malformed,        // a length or header field no stack sends
  };
  Kind kind;
  std::size_t offset = 0;  // byte offset in the frame
  std::string detail;
};
std::string_view kind_name(FrameError::Kind k);

Result<CapturedTcp, FrameError> decode_frame(std::uint32_t link_type, std::span<const std::uint8_t> frame);
// Where the IP packet starts in a captured frame (past the link layer and
// its VLAN tags), for a view of the frame's IP and TCP bytes; none when the
// frame carries no IP.
std::optional<std::size_t> ip_offset(std::uint32_t link_type, std::span<const std::uint8_t> frame);

}  // namespace tcplab
