// IPv4 + TCP wire format with real checksums. The pcap writer and the packet
// inspector use these bytes; decode never reads past the span it is given.
#pragma once
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "core/base/result.h"
#include "core/wire/segment.h"

namespace tcplab {

std::vector<std::uint8_t> encode(const Segment& seg);

struct DecodeError {
  enum class Kind {
    Truncated,          // fewer bytes than a header or a length field says
    BadIpVersion,       // version field is not 4
    BadIpHeaderLength,  // IHL below 5 or past the buffer
    BadTotalLength,     // IPv4 total length disagrees with the bytes
    BadIpChecksum,
    NotTcp,             // protocol field is not 6
    Fragment,           // MF set or fragment offset non-zero: not reassembled here
    BadDataOffset,      // TCP data offset below 5 or past the segment
    BadOptionLength,    // an option's length byte is < 2, runs past the header, or is wrong for its kind
    BadChecksum,        // TCP checksum over the pseudo-header does not match
  };
  Kind kind;
  std::size_t offset;  // byte offset in the packet where the problem is
  std::string detail;  // human readable, names the field and the values
};
std::string_view kind_name(DecodeError::Kind k);

Result<Segment, DecodeError> decode(std::span<const std::uint8_t> packet);

// The TCP header and options at the start of `tcp` (RFC 9293 §3.1), with
// whatever follows the header as payload; the checksum is not checked (the
// caller has the pseudo-header, or, for a capture, knows that checksum
// offload leaves it meaningless). `base` is where `tcp` starts in the
// packet, so error offsets count from the packet's first byte. Addresses,
// TTL and IP id are left at their defaults.
Result<Segment, DecodeError> decode_tcp_header(std::span<const std::uint8_t> tcp, std::size_t base);

// One's-complement sum helpers (RFC 1071), exposed for tests and the inspector.
std::uint16_t internet_checksum(std::span<const std::uint8_t> bytes, std::uint32_t initial = 0);

}  // namespace tcplab
