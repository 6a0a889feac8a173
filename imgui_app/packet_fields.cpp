#include "packet_fields.h"

#include <cstdio>

#include "core/wire/segment.h"
#include "core/wire/wire.h"
#include "strings.h"

namespace tcplab::ui {
namespace {

std::uint32_t be(std::span<const std::uint8_t> b, std::size_t at, std::size_t n) {
  std::uint32_t v = 0;
  for (std::size_t i = 0; i < n; ++i) v = (v << 8) | b[at + i];
  return v;
}
std::string hex(std::uint32_t v, int digits) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "0x%0*x", digits, v);
  return buf;
}
std::string addr(std::span<const std::uint8_t> b, std::size_t at) {
  return std::to_string(b[at]) + "." + std::to_string(b[at + 1]) + "." + std::to_string(b[at + 2]) + "." +
         std::to_string(b[at + 3]);
}

// A checksum's verdict; not judged in a capture, where the sending host's
// card fills it in after the capture point (checksum offload).
std::string checked(bool verify, bool ok) {
  return std::string(" ") + tr(!verify ? Str::ChecksumNotChecked : ok ? Str::ChecksumCorrect : Str::ChecksumWrong);
}

using Add = std::vector<PacketField>&;
void add(Add f, Layer l, std::string name, std::string value, std::size_t off, std::size_t len, std::uint8_t mask = 0) {
  f.push_back(PacketField{l, std::move(name), std::move(value), off, len, mask});
}

// The IPv4 header's fields; where TCP starts, 0 when the bytes stop first.
std::size_t ipv4_fields(Add f, std::span<const std::uint8_t> b, bool verify) {
  if (b.size() < 20) {
    add(f, Layer::Ip, tr(Str::FieldTruncated), std::to_string(b.size()) + " bytes, an IPv4 header needs 20", 0, b.size());
    return 0;
  }
  const std::size_t ihl = (b[0] & 0x0F) * 4u;
  add(f, Layer::Ip, tr(Str::FieldVersion), std::to_string(b[0] >> 4), 0, 1, 0xF0);
  add(f, Layer::Ip, tr(Str::FieldHeaderLength), std::to_string(ihl) + " bytes", 0, 1, 0x0F);
  add(f, Layer::Ip, tr(Str::FieldDSCPECN), hex(b[1], 2), 1, 1);
  add(f, Layer::Ip, tr(Str::FieldTotalLength), std::to_string(be(b, 2, 2)), 2, 2);
  add(f, Layer::Ip, tr(Str::FieldIdentification), std::to_string(be(b, 4, 2)), 4, 2);
  const std::uint32_t frag = be(b, 6, 2);
  add(f, Layer::Ip, tr(Str::FieldFlagsFragment), std::string(frag & 0x4000 ? "DF" : "") + (frag & 0x2000 ? " MF" : "") +
                                          " offset " + std::to_string(frag & 0x1FFF), 6, 2);
  add(f, Layer::Ip, tr(Str::FieldTTL), std::to_string(b[8]), 8, 1);
  add(f, Layer::Ip, tr(Str::FieldProtocol), b[9] == 6 ? "6 (TCP)" : std::to_string(b[9]), 9, 1);
  // The header checksum sums to zero over a correct header.
  const bool ip_ok = ihl >= 20 && ihl <= b.size() && internet_checksum(b.subspan(0, ihl)) == 0;
  add(f, Layer::Ip, tr(Str::FieldHeaderChecksum), hex(be(b, 10, 2), 4) + checked(verify, ip_ok), 10, 2);
  add(f, Layer::Ip, tr(Str::FieldSource), addr(b, 12), 12, 4);
  add(f, Layer::Ip, tr(Str::FieldDestination), addr(b, 16), 16, 4);
  if (ihl < 20 || b.size() < ihl + 20) {
    add(f, Layer::Tcp, tr(Str::FieldTruncated), "no room for a TCP header", ihl, b.size() > ihl ? b.size() - ihl : 0);
    return 0;
  }
  return ihl;
}

std::string addr6(std::span<const std::uint8_t> b, std::size_t at) {
  std::string out;
  for (std::size_t i = 0; i < 16; i += 2) {
    char g[8];
    std::snprintf(g, sizeof g, "%s%x", i ? ":" : "", be(b, at + i, 2));
    out += g;
  }
  return out;
}

// The IPv6 header's fields (a capture's); TCP right after it, else 0.
std::size_t ipv6_fields(Add f, std::span<const std::uint8_t> b) {
  if (b.size() < 40) {
    add(f, Layer::Ip, tr(Str::FieldTruncated), std::to_string(b.size()) + " bytes, an IPv6 header needs 40", 0, b.size());
    return 0;
  }
  add(f, Layer::Ip, tr(Str::FieldVersion), "6", 0, 1, 0xF0);
  add(f, Layer::Ip, tr(Str::FieldTrafficClass), hex((be(b, 0, 2) >> 4) & 0xFF, 2), 0, 2);
  add(f, Layer::Ip, tr(Str::FieldFlowLabel), hex(be(b, 0, 4) & 0xFFFFF, 5), 1, 3);
  add(f, Layer::Ip, tr(Str::FieldPayloadLength), std::to_string(be(b, 4, 2)), 4, 2);
  add(f, Layer::Ip, tr(Str::FieldNextHeader), b[6] == 6 ? "6 (TCP)" : std::to_string(b[6]), 6, 1);
  add(f, Layer::Ip, tr(Str::FieldHopLimit), std::to_string(b[7]), 7, 1);
  add(f, Layer::Ip, tr(Str::FieldSource), addr6(b, 8), 8, 16);
  add(f, Layer::Ip, tr(Str::FieldDestination), addr6(b, 24), 24, 16);
  if (b[6] != 6 || b.size() < 60) {
    add(f, Layer::Tcp, tr(Str::FieldNotShown), "extension headers, or no room for a TCP header", 40, b.size() - 40);
    return 0;
  }
  return 40;
}

}  // namespace

std::vector<PacketField> packet_fields(std::span<const std::uint8_t> b, bool verify_checksums) {
  std::vector<PacketField> f;
  const bool v6 = !b.empty() && (b[0] >> 4) == 6;
  const std::size_t t = v6 ? ipv6_fields(f, b) : ipv4_fields(f, b, verify_checksums);
  if (t == 0) return f;
  add(f, Layer::Tcp, tr(Str::FieldSourcePort), std::to_string(be(b, t, 2)), t, 2);
  add(f, Layer::Tcp, tr(Str::FieldDestinationPort), std::to_string(be(b, t + 2, 2)), t + 2, 2);
  add(f, Layer::Tcp, tr(Str::FieldSequenceNumber), std::to_string(be(b, t + 4, 4)), t + 4, 4);
  add(f, Layer::Tcp, tr(Str::FieldAcknowledgmentNumber), std::to_string(be(b, t + 8, 4)), t + 8, 4);
  const std::size_t doff = (b[t + 12] >> 4) * 4u;
  add(f, Layer::Tcp, tr(Str::FieldDataOffset), std::to_string(doff) + " bytes", t + 12, 1, 0xF0);
  add(f, Layer::Tcp, tr(Str::FieldFlags), flags_long(Flags(b[t + 13])) + " (" + hex(b[t + 13], 2) + ")", t + 13, 1);
  add(f, Layer::Tcp, tr(Str::FieldWindow), std::to_string(be(b, t + 14, 2)), t + 14, 2);
  {
    // RFC 9293 §3.1: the checksum covers a pseudo-header of addresses, protocol and TCP length.
    const std::size_t tcp_len = b.size() - t;
    std::uint32_t pseudo = 6 + static_cast<std::uint32_t>(tcp_len);
    for (std::size_t i = v6 ? 8 : 12; i < (v6 ? 40u : 20u); i += 2) pseudo += be(b, i, 2);
    const bool ok = internet_checksum(b.subspan(t), pseudo) == 0;
    add(f, Layer::Tcp, tr(Str::FieldChecksum), hex(be(b, t + 16, 2), 4) + checked(verify_checksums, ok), t + 16, 2);
  }
  add(f, Layer::Tcp, tr(Str::FieldUrgentPointer), std::to_string(be(b, t + 18, 2)), t + 18, 2);
  if (doff < 20 || t + doff > b.size()) {
    add(f, Layer::Option, tr(Str::FieldBadDataOffset), std::to_string(doff), t + 12, 1);
    return f;
  }
  for (std::size_t o = t + 20; o < t + doff;) {
    const std::uint8_t kind = b[o];
    if (kind == 0) { add(f, Layer::Option, tr(Str::FieldEndOfOptions), "", o, t + doff - o); break; }
    if (kind == 1) { add(f, Layer::Option, tr(Str::FieldNoOperation), "", o, 1); ++o; continue; }
    if (o + 1 >= t + doff || b[o + 1] < 2 || o + b[o + 1] > t + doff) {
      add(f, Layer::Option, tr(Str::FieldMalformedOption), "kind " + std::to_string(kind), o, t + doff - o);
      break;
    }
    const std::size_t len = b[o + 1];
    switch (kind) {
      case 2: add(f, Layer::Option, tr(Str::FieldMSS), len == 4 ? std::to_string(be(b, o + 2, 2)) : "bad length", o, len); break;
      case 3: add(f, Layer::Option, tr(Str::FieldWindowScale), len == 3 ? "shift " + std::to_string(b[o + 2]) : "bad length", o, len); break;
      case 4: add(f, Layer::Option, tr(Str::FieldSACKPermitted), "", o, len); break;
      case 5: {
        std::string v;
        for (std::size_t i = o + 2; i + 8 <= o + len; i += 8)
          v += (v.empty() ? "" : ", ") + std::to_string(be(b, i, 4)) + "-" + std::to_string(be(b, i + 4, 4));
        add(f, Layer::Option, tr(Str::FieldSACK), v, o, len);
        break;
      }
      case 8:
        add(f, Layer::Option, tr(Str::FieldTimestamps),
            len == 10 ? "TSval " + std::to_string(be(b, o + 2, 4)) + ", TSecr " + std::to_string(be(b, o + 6, 4)) : "bad length",
            o, len);
        break;
      default: add(f, Layer::Option, fill(Str::FieldOption, {std::to_string(kind)}), std::to_string(len) + " bytes", o, len);
    }
    o += len;
  }
  if (b.size() > t + doff) add(f, Layer::Payload, tr(Str::FieldPayload), std::to_string(b.size() - t - doff) + " bytes", t + doff, b.size() - t - doff);
  return f;
}

}  // namespace tcplab::ui
