#include "core/wire/ladder_text.h"

#include <cstdio>
#include <map>
#include <tuple>

#include "core/wire/relative_seq.h"

namespace tcplab {

namespace {

std::string pad(std::string s, std::size_t n, char fill = ' ') {
  if (s.size() < n) s.append(n - s.size(), fill);
  return s;
}

}  // namespace

std::string ladder_ms(Instant t, bool column) {
  char buf[40];
  const std::int64_t us = micros(t);
  std::snprintf(buf, sizeof buf, column ? "%10lld.%03lld" : "%lld.%03lldms", static_cast<long long>(us / 1000),
                static_cast<long long>(us % 1000));
  return buf;
}

std::string render_ladder(const LadderModel& m, bool absolute) {
  RelativeSeq relative;
  std::string side[2] = {m.initial_state[0], m.initial_state[1]};
  std::string out = "     time (ms)   " + pad(m.left_title, 90) + m.right_title + "\n";
  if (!m.extra_header.empty()) out += "     " + m.extra_header + "\n";
  out += absolute ? "     (absolute sequence numbers)\n"
                  : "     (sequence numbers relative to each direction's SYN; ack=- when ACK is not set)\n";
  const std::string indent(15, ' ');
  for (const LadderRow& r : m.rows) {
    const std::string t = ladder_ms(r.t, true);
    if (const auto* n = std::get_if<LadderNote>(&r.what)) {
      if (n->side) side[*n->side] = n->state;
      out += t + indent + n->text + "\n";
      continue;
    }
    const LadderSegment& d = std::get<LadderSegment>(r.what);
    std::uint32_t seq = d.seq;
    std::optional<std::uint32_t> ack = d.ack;
    if (!absolute) {
      const RelativeSeq::Bases base = relative.learn(d.src_key, d.dst_key, d.flags, SeqNum{d.seq});
      seq -= base.seq;
      ack = d.flags.has(kAck) ? std::optional<std::uint32_t>(d.ack - base.ack) : std::nullopt;
    }
    const std::string ack_text = ack ? std::to_string(*ack) : "-";
    char body[160];
    std::snprintf(body, sizeof body, "#%-3u %-8s seq=%u ack=%s len=%zu win=%u", d.id, flags_long(d.flags).c_str(), seq,
                  ack_text.c_str(), d.len, d.win);
    const std::string seg = body + d.marks;
    const std::string arrow = d.from == 0 ? "  --" + pad(" " + seg + " ", 72, '-') + "->  "
                                          : "  <-" + pad(" " + seg + " ", 72, '-') + "--  ";
    out += t + "   " + pad(side[0], 12) + arrow + pad(side[1], 12) + "  " + d.tail + "\n";
  }
  return out;
}

}  // namespace tcplab
