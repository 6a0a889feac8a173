#include "core/wire/segment.h"

#include <array>
#include <string_view>

namespace tcplab {

namespace {

struct FlagSpelling {
  Flag flag;
  char letter;
  std::string_view word;
};

// One order serves both spellings. tcpdump prints F S R P . U E W; the lab
// puts SYN first so a handshake reads "S", "S.", "." (and "SYN", "SYN,ACK",
// "ACK"), keeps tcpdump's '.' for ACK and U/E/W for URG/ECE/CWR. The six
// RFC 9293 §3.1 control bits come first, then the ECN bits of RFC 3168 §23.2.
constexpr std::array<FlagSpelling, 8> kFlagOrder{{
    {kSyn, 'S', "SYN"},
    {kFin, 'F', "FIN"},
    {kRst, 'R', "RST"},
    {kPsh, 'P', "PSH"},
    {kAck, '.', "ACK"},
    {kUrg, 'U', "URG"},
    {kEce, 'E', "ECE"},
    {kCwr, 'W', "CWR"},
}};

// tcpdump's spelling for a segment with no control bits at all.
constexpr std::string_view kNoFlags = "none";

void append_options(std::string& out, const TcpOptions& o) {
  std::string list;
  auto add = [&list](const std::string& item) {
    if (!list.empty()) list += ',';
    list += item;
  };
  if (o.mss) add("mss " + std::to_string(*o.mss));
  if (o.sack_permitted) add("sackOK");
  if (o.timestamps)
    add("TS val " + std::to_string(o.timestamps->value) + " ecr " +
        std::to_string(o.timestamps->echo));
  if (o.window_scale) add("wscale " + std::to_string(*o.window_scale));
  if (!o.sack_blocks.empty()) {
    std::string sack = "sack " + std::to_string(o.sack_blocks.size()) + ' ';
    for (const SackBlock& b : o.sack_blocks)
      sack += '{' + std::to_string(b.left.value()) + ':' + std::to_string(b.right.value()) + '}';
    add(sack);
  }
  if (!list.empty()) out += " <" + list + '>';
}

}  // namespace

std::string flags_short(Flags f) {
  if (f.bits == 0) return std::string(kNoFlags);
  std::string out;
  for (const FlagSpelling& s : kFlagOrder)
    if (f.has(s.flag)) out += s.letter;
  return out;
}

std::string flags_long(Flags f) {
  if (f.bits == 0) return std::string(kNoFlags);
  std::string out;
  for (const FlagSpelling& s : kFlagOrder) {
    if (!f.has(s.flag)) continue;
    if (!out.empty()) out += ',';
    out += s.word;
  }
  return out;
}

std::string ipv4_text(Ipv4 a) {
  std::string out;
  for (int shift = 24; shift >= 0; shift -= 8) {
    if (!out.empty()) out += '.';
    out += std::to_string((a >> shift) & 0xFFu);
  }
  return out;
}

std::string endpoint_text(Endpoint e) { return ipv4_text(e.addr) + ":" + std::to_string(e.port); }

std::string describe(const Segment& s) {
  std::string out = flags_long(s.flags);
  out += " seq=" + std::to_string(s.seq.value());
  // Like tcpdump, the acknowledgment field is shown only when ACK makes it
  // meaningful (RFC 9293 §3.1: "If the ACK control bit is set ...").
  if (s.flags.has(kAck)) out += " ack=" + std::to_string(s.ack.value());
  out += " win=" + std::to_string(s.window);
  if (s.flags.has(kUrg)) out += " urg=" + std::to_string(s.urgent);
  out += " len=" + std::to_string(s.payload.size());
  append_options(out, s.options);
  return out;
}

}  // namespace tcplab
