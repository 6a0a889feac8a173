// A TCP segment as parsed fields, with the IPv4 addresses it travels between.
// Wire bytes live in wire.h; logic never touches bytes.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/wire/seqnum.h"

namespace tcplab {

// Control bits, in their header bit positions (RFC 9293 §3.1, RFC 3168).
enum Flag : std::uint8_t {
  kFin = 0x01,
  kSyn = 0x02,
  kRst = 0x04,
  kPsh = 0x08,
  kAck = 0x10,
  kUrg = 0x20,
  kEce = 0x40,
  kCwr = 0x80,
};

struct Flags {
  std::uint8_t bits = 0;
  constexpr Flags() = default;
  constexpr Flags(std::uint8_t b) : bits(b) {}  // NOLINT: kSyn | kAck reads naturally
  constexpr bool has(Flag f) const { return (bits & f) != 0; }
  constexpr bool operator==(const Flags&) const = default;
};
// "SA", "FA", "R", "." (ACK alone) — packetdrill/tcpdump letters.
std::string flags_short(Flags f);
// "SYN,ACK" — the lab's spelling in narration and the ladder.
std::string flags_long(Flags f);

struct SackBlock {
  SeqNum left;
  SeqNum right;
  bool operator==(const SackBlock&) const = default;
};

struct Timestamps {
  std::uint32_t value = 0;  // TSval
  std::uint32_t echo = 0;   // TSecr
  bool operator==(const Timestamps&) const = default;
};

// Options the wire format knows (RFC 9293 §3.2, RFC 7323, RFC 2018).
struct TcpOptions {
  std::optional<std::uint16_t> mss{};
  std::optional<std::uint8_t> window_scale{};
  bool sack_permitted = false;
  std::vector<SackBlock> sack_blocks{};  // at most 4 fit
  std::optional<Timestamps> timestamps{};
  bool operator==(const TcpOptions&) const = default;
};

// IPv4 address in host byte order; 10.0.0.1 is 0x0A000001.
using Ipv4 = std::uint32_t;
std::string ipv4_text(Ipv4 a);

struct Endpoint {
  Ipv4 addr = 0;
  std::uint16_t port = 0;
  bool operator==(const Endpoint&) const = default;
};
// "10.0.0.1:80"
std::string endpoint_text(Endpoint e);

struct Segment {
  Ipv4 src_addr = 0;
  Ipv4 dst_addr = 0;
  std::uint16_t src_port = 0;
  std::uint16_t dst_port = 0;
  SeqNum seq{};
  SeqNum ack{};
  Flags flags{};
  std::uint16_t window = 0;  // as on the wire, before window scaling
  std::uint16_t urgent = 0;
  TcpOptions options{};
  std::vector<std::uint8_t> payload{};
  std::uint8_t ttl = 64;
  std::uint16_t ip_id = 0;

  // SEG.LEN: payload octets plus one for SYN and one for FIN (RFC 9293 §3.4).
  std::uint32_t seg_len() const {
    return static_cast<std::uint32_t>(payload.size()) + (flags.has(kSyn) ? 1 : 0) +
           (flags.has(kFin) ? 1 : 0);
  }
  Endpoint source() const { return {src_addr, src_port}; }
  Endpoint destination() const { return {dst_addr, dst_port}; }
  bool operator==(const Segment&) const = default;
};

// "SYN,ACK seq=100 ack=301 win=65535 len=0 <mss 1460>" for logs and tests.
std::string describe(const Segment& s);

}  // namespace tcplab
