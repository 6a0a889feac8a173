#include "core/sim/ladder.h"

#include <cstdio>
#include <map>

#include "core/sim/relative_seq.h"
#include "core/sim/trace_export.h"

namespace tcplab {

namespace {

std::string ms(Instant t) {
  char buf[32];
  const std::int64_t us = micros(t);
  std::snprintf(buf, sizeof buf, "%10lld.%03lld", static_cast<long long>(us / 1000), static_cast<long long>(us % 1000));
  return buf;
}

std::string compact_ms(Instant t) {
  char buf[32];
  const std::int64_t us = micros(t);
  std::snprintf(buf, sizeof buf, "%lld.%03lldms", static_cast<long long>(us / 1000), static_cast<long long>(us % 1000));
  return buf;
}

std::string pad(std::string s, std::size_t n, char fill = ' ') {
  if (s.size() < n) s.append(n - s.size(), fill);
  return s;
}

// What finally became of a segment, in a few words.
std::string fate_text(const std::vector<const SegmentFateRecord*>& fates, const std::map<std::uint32_t, Instant>& at) {
  std::string out;
  for (const SegmentFateRecord* f : fates) {
    if (!out.empty()) out += ", ";
    out += fate_name(f->fate);
    if (f->fate == Fate::Delivered || f->fate == Fate::Corrupted) {
      if (auto it = at.find(f->id); it != at.end()) out += " " + compact_ms(it->second);
    }
  }
  return out.empty() ? "in flight" : out;
}

}  // namespace

std::string ladder(const World& w, bool absolute) {
  RelativeSeq relative;
  std::vector<std::string> names_v;
  for (const Host& h : w.hosts()) names_v.push_back(h.name());
  TraceNames names(names_v);
  std::map<std::uint32_t, std::vector<const SegmentFateRecord*>> fates;
  std::map<std::uint32_t, Instant> arrived;
  for (const TraceRecord& r : w.trace())
    if (const auto* f = std::get_if<SegmentFateRecord>(&r.data)) {
      fates[f->id].push_back(f);
      if (f->fate == Fate::Delivered || f->fate == Fate::Corrupted) arrived[f->id] = r.t;
    }
  std::string side[2] = {"CLOSED", "CLOSED"};
  const Host& h0 = w.hosts()[0];
  const Host& h1 = w.hosts()[1];
  std::string out = "     time (ms)   " + pad(h0.name() + " " + ipv4_text(h0.addr()), 90) + h1.name() + " " +
                    ipv4_text(h1.addr()) + "\n";
  out += absolute ? "     (absolute sequence numbers)\n"
                  : "     (sequence numbers relative to each direction's SYN; ack=- when ACK is not set)\n";
  const std::string indent(15, ' ');
  for (const TraceRecord& r : w.trace()) {
    names.learn(r);
    const std::string t = ms(r.t);
    std::visit(
        [&](const auto& d) {
          using T = std::decay_t<decltype(d)>;
          if constexpr (std::is_same_v<T, SegmentSentRecord>) {
            const RelativeSeq::Bases base = relative.learn(d);
            const std::uint32_t seq = d.seg.seq.value() - (absolute ? 0 : base.seq);
            const std::string ack_text =
                absolute || d.seg.flags.has(kAck) ? std::to_string(d.seg.ack.value() - (absolute ? 0 : base.ack)) : "-";
            char body[160];
            std::snprintf(body, sizeof body, "#%-3u %-8s seq=%u ack=%s len=%zu win=%u", d.id,
                          flags_long(d.seg.flags).c_str(), seq, ack_text.c_str(), d.payload, d.window);
            std::string seg = body;
            if (d.retransmission) seg += " (rexmit)";
            if (d.origin != SegmentOrigin::Stack) seg += std::string(" (") + std::string(origin_name(d.origin)) + ")";
            const std::string arrow = d.from == 0 ? "  --" + pad(" " + seg + " ", 72, '-') + "->  "
                                                  : "  <-" + pad(" " + seg + " ", 72, '-') + "--  ";
            out += t + "   " + pad(side[0], 12) + arrow + pad(side[1], 12) + "  " + fate_text(fates[d.id], arrived) + "\n";
          } else if constexpr (std::is_same_v<T, ConnEventRecord>) {
            const std::string who = "[" + names.host(d.conn.host) + " " + names.conn(d.conn) + "] ";
            if (const auto* sc = std::get_if<StateChanged>(&d.event)) {
              side[d.conn.host] = std::string(rfc_name(sc->to));
              out += t + indent + who + std::string(rfc_name(sc->from)) + " -> " + std::string(rfc_name(sc->to)) +
                     "  (" + std::string(rule_id(sc->cause)) + ")\n";
            } else if (const auto* tf = std::get_if<TimerFired>(&d.event)) {
              out += t + indent + who + std::string(timer_id(tf->kind)) + " timer fired (backoff " +
                     std::to_string(tf->backoff) + ")\n";
            } else if (const auto* rj = std::get_if<SegmentRejected>(&d.event)) {
              out += t + indent + who + "rejected " + flags_long(rj->seg.flags) + " seq=" +
                     std::to_string(rj->seg.seq.value()) + ": " + std::string(rule_id(rj->why)) + "\n";
            } else if (const auto* er = std::get_if<ConnectionError>(&d.event)) {
              out += t + indent + who + "error: " + std::string(message(er->error)) + "\n";
            } else if (const auto* dd = std::get_if<DataDelivered>(&d.event)) {
              out += t + indent + who + std::to_string(dd->bytes) + " octets delivered\n";
            }
          } else if constexpr (std::is_same_v<T, UserCallRecord>) {
            out += t + indent + "[" + names.host(d.conn.host) + " " + names.conn(d.conn) + "] " + d.call +
                   (d.detail.empty() ? "" : " " + d.detail) + (d.error.empty() ? "" : " -> error: " + d.error) + "\n";
          } else if constexpr (std::is_same_v<T, FaultRecord>) {
            out += t + indent + "[fault] " + d.text + "\n";
          } else if constexpr (std::is_same_v<T, HostRecord>) {
            out += t + indent + "[" + names.host(d.host) + "] " + d.text + "\n";
          } else if constexpr (std::is_same_v<T, SegmentFateRecord>) {
            if (d.fate == Fate::Corrupted || d.fate == Fate::Released)
              out += t + indent + "#" + std::to_string(d.id) + " " + std::string(fate_name(d.fate)) + ": " + d.detail + "\n";
          }
        },
        r.data);
  }
  return out;
}

}  // namespace tcplab
