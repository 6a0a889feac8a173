#include "packet_fields.h"

#include <cstdio>

#include "core/wire/segment.h"
#include "core/wire/wire.h"

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

}  // namespace

std::vector<PacketField> packet_fields(std::span<const std::uint8_t> b) {
  std::vector<PacketField> f;
  auto add = [&](Layer l, std::string name, std::string value, std::size_t off, std::size_t len, std::uint8_t mask = 0) {
    f.push_back(PacketField{l, std::move(name), std::move(value), off, len, mask});
  };
  if (b.size() < 20) {
    add(Layer::Ip, "Truncated", std::to_string(b.size()) + " bytes, an IPv4 header needs 20", 0, b.size());
    return f;
  }
  const std::size_t ihl = (b[0] & 0x0F) * 4u;
  add(Layer::Ip, "Version", std::to_string(b[0] >> 4), 0, 1, 0xF0);
  add(Layer::Ip, "Header length", std::to_string(ihl) + " bytes", 0, 1, 0x0F);
  add(Layer::Ip, "DSCP / ECN", hex(b[1], 2), 1, 1);
  add(Layer::Ip, "Total length", std::to_string(be(b, 2, 2)), 2, 2);
  add(Layer::Ip, "Identification", std::to_string(be(b, 4, 2)), 4, 2);
  const std::uint32_t frag = be(b, 6, 2);
  add(Layer::Ip, "Flags / fragment", std::string(frag & 0x4000 ? "DF" : "") + (frag & 0x2000 ? " MF" : "") +
                                          " offset " + std::to_string(frag & 0x1FFF), 6, 2);
  add(Layer::Ip, "TTL", std::to_string(b[8]), 8, 1);
  add(Layer::Ip, "Protocol", b[9] == 6 ? "6 (TCP)" : std::to_string(b[9]), 9, 1);
  // The header checksum sums to zero over a correct header.
  const bool ip_ok = ihl >= 20 && ihl <= b.size() && internet_checksum(b.subspan(0, ihl)) == 0;
  add(Layer::Ip, "Header checksum", hex(be(b, 10, 2), 4) + (ip_ok ? " (correct)" : " (WRONG)"), 10, 2);
  add(Layer::Ip, "Source", addr(b, 12), 12, 4);
  add(Layer::Ip, "Destination", addr(b, 16), 16, 4);
  if (ihl < 20 || b.size() < ihl + 20) {
    add(Layer::Tcp, "Truncated", "no room for a TCP header", ihl, b.size() > ihl ? b.size() - ihl : 0);
    return f;
  }
  const std::size_t t = ihl;
  add(Layer::Tcp, "Source port", std::to_string(be(b, t, 2)), t, 2);
  add(Layer::Tcp, "Destination port", std::to_string(be(b, t + 2, 2)), t + 2, 2);
  add(Layer::Tcp, "Sequence number", std::to_string(be(b, t + 4, 4)), t + 4, 4);
  add(Layer::Tcp, "Acknowledgment number", std::to_string(be(b, t + 8, 4)), t + 8, 4);
  const std::size_t doff = (b[t + 12] >> 4) * 4u;
  add(Layer::Tcp, "Data offset", std::to_string(doff) + " bytes", t + 12, 1, 0xF0);
  add(Layer::Tcp, "Flags", flags_long(Flags(b[t + 13])) + " (" + hex(b[t + 13], 2) + ")", t + 13, 1);
  add(Layer::Tcp, "Window", std::to_string(be(b, t + 14, 2)), t + 14, 2);
  {
    // RFC 9293 §3.1: the checksum covers a pseudo-header of addresses, protocol and TCP length.
    const std::size_t tcp_len = b.size() - t;
    std::uint32_t pseudo = be(b, 12, 2) + be(b, 14, 2) + be(b, 16, 2) + be(b, 18, 2) + 6 + static_cast<std::uint32_t>(tcp_len);
    const bool ok = internet_checksum(b.subspan(t), pseudo) == 0;
    add(Layer::Tcp, "Checksum", hex(be(b, t + 16, 2), 4) + (ok ? " (correct)" : " (WRONG)"), t + 16, 2);
  }
  add(Layer::Tcp, "Urgent pointer", std::to_string(be(b, t + 18, 2)), t + 18, 2);
  if (doff < 20 || t + doff > b.size()) {
    add(Layer::Option, "Bad data offset", std::to_string(doff), t + 12, 1);
    return f;
  }
  for (std::size_t o = t + 20; o < t + doff;) {
    const std::uint8_t kind = b[o];
    if (kind == 0) { add(Layer::Option, "End of options", "", o, t + doff - o); break; }
    if (kind == 1) { add(Layer::Option, "No-operation", "", o, 1); ++o; continue; }
    if (o + 1 >= t + doff || b[o + 1] < 2 || o + b[o + 1] > t + doff) {
      add(Layer::Option, "Malformed option", "kind " + std::to_string(kind), o, t + doff - o);
      break;
    }
    const std::size_t len = b[o + 1];
    switch (kind) {
      case 2: add(Layer::Option, "MSS", len == 4 ? std::to_string(be(b, o + 2, 2)) : "bad length", o, len); break;
      case 3: add(Layer::Option, "Window scale", len == 3 ? "shift " + std::to_string(b[o + 2]) : "bad length", o, len); break;
      case 4: add(Layer::Option, "SACK permitted", "", o, len); break;
      case 5: {
        std::string v;
        for (std::size_t i = o + 2; i + 8 <= o + len; i += 8)
          v += (v.empty() ? "" : ", ") + std::to_string(be(b, i, 4)) + "-" + std::to_string(be(b, i + 4, 4));
        add(Layer::Option, "SACK", v, o, len);
        break;
      }
      case 8:
        add(Layer::Option, "Timestamps",
            len == 10 ? "TSval " + std::to_string(be(b, o + 2, 4)) + ", TSecr " + std::to_string(be(b, o + 6, 4)) : "bad length",
            o, len);
        break;
      default: add(Layer::Option, "Option " + std::to_string(kind), std::to_string(len) + " bytes", o, len);
    }
    o += len;
  }
  if (b.size() > t + doff) add(Layer::Payload, "Payload", std::to_string(b.size() - t - doff) + " bytes", t + doff, b.size() - t - doff);
  return f;
}

}  // namespace tcplab::ui
