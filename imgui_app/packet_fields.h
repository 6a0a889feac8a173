// A packet's header fields with the bytes each occupies, for the inspector:
// hovering a field highlights its bytes. Read straight from the wire bytes
// (IPv4 then TCP, options included), so a corrupted packet shows what
// actually arrived. No ImGui.
#pragma once
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace tcplab::ui {

enum class Layer : std::uint8_t { Ip, Tcp, Option, Payload };

struct PacketField {
  Layer layer;
  std::string name;   // "Sequence number"
  std::string value;  // "1000 (relative 0)" / "SYN, ACK"
  std::size_t offset = 0, length = 0;  // bytes [offset, offset+length)
  std::uint8_t bit_mask = 0;           // sub-byte fields (flags): which bits of the byte(s)
};

// Fields in wire order from the IP header (IPv4, or a capture's IPv6) on;
// stops (with a field saying so) where the bytes run out. A capture's
// checksums are shown, not judged (`verify_checksums` false): the sending
// host's card fills them in after the capture point.
std::vector<PacketField> packet_fields(std::span<const std::uint8_t> bytes, bool verify_checksums = true);

}  // namespace tcplab::ui
