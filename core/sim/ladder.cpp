#include "core/sim/ladder.h"

#include <map>

#include "core/sim/trace_export.h"
#include "core/wire/ladder_text.h"
#include "core/wire/relative_seq.h"

namespace tcplab {

namespace {

// What finally became of a segment, in a few words.
// Fates are kept by value: the trace hands out records by value (trace.h).
std::string fate_text(std::uint32_t id, const std::vector<Fate>& fates, const std::map<std::uint32_t, Instant>& at) {
  std::string out;
  for (const Fate f : fates) {
    if (!out.empty()) out += ", ";
    out += fate_name(f);
    if (f == Fate::Delivered || f == Fate::Corrupted) {
      if (auto it = at.find(id); it != at.end()) out += " " + ladder_ms(it->second, false);
    }
  }
  return out.empty() ? "in flight" : out;
}

// The rows of one trace record, if it draws any.
std::optional<LadderRow> row(const TraceRecord& r, const TraceNames& names,
                             const std::map<std::uint32_t, std::vector<Fate>>& fates,
                             const std::map<std::uint32_t, Instant>& arrived) {
  return std::visit(
      [&](const auto& d) -> std::optional<LadderRow> {
        using T = std::decay_t<decltype(d)>;
        auto note = [&](std::string text) { return LadderRow{r.t, LadderNote{std::move(text), std::nullopt, {}}}; };
        if constexpr (std::is_same_v<T, SegmentSentRecord>) {
          LadderSegment s{.id = d.id, .from = d.from == 0 ? 0 : 1, .src_key = RelativeSeq::key(d.src), .dst_key = RelativeSeq::key(d.dst),
                          .flags = d.seg.flags, .seq = d.seg.seq.value(), .ack = d.seg.ack.value(), .len = d.payload,
                          .win = d.window};
          if (d.retransmission) s.marks += " (rexmit)";
          if (d.origin != SegmentOrigin::Stack) s.marks += std::string(" (") + std::string(origin_name(d.origin)) + ")";
          const auto it = fates.find(d.id);
          s.tail = fate_text(d.id, it == fates.end() ? std::vector<Fate>{} : it->second, arrived);
          return LadderRow{r.t, s};
        } else if constexpr (std::is_same_v<T, ConnEventRecord>) {
          const std::string who = "[" + names.host(d.conn.host) + " " + names.conn(d.conn) + "] ";
          if (const auto* sc = std::get_if<StateChanged>(&d.event)) {
            return LadderRow{r.t, LadderNote{who + std::string(rfc_name(sc->from)) + " -> " + std::string(rfc_name(sc->to)) +
                                                 "  (" + std::string(rule_id(sc->cause)) + ")",
                                             static_cast<int>(d.conn.host), std::string(rfc_name(sc->to))}};
          } else if (const auto* tf = std::get_if<TimerFired>(&d.event)) {
            return note(who + std::string(timer_id(tf->kind)) + " timer fired (backoff " + std::to_string(tf->backoff) + ")");
          } else if (const auto* rj = std::get_if<SegmentRejected>(&d.event)) {
            return note(who + "rejected " + flags_long(rj->seg.flags) + " seq=" + std::to_string(rj->seg.seq.value()) +
                        ": " + std::string(rule_id(rj->why)));
          } else if (const auto* er = std::get_if<ConnectionError>(&d.event)) {
            return note(who + "error: " + std::string(message(er->error)));
          } else if (const auto* dd = std::get_if<DataDelivered>(&d.event)) {
            return note(who + std::to_string(dd->bytes) + " octets delivered");
          }
        } else if constexpr (std::is_same_v<T, UserCallRecord>) {
          return note("[" + names.host(d.conn.host) + " " + names.conn(d.conn) + "] " + d.call +
                      (d.detail.empty() ? "" : " " + d.detail) + (d.error.empty() ? "" : " -> error: " + d.error));
        } else if constexpr (std::is_same_v<T, FaultRecord>) {
          return note("[fault] " + d.text);
        } else if constexpr (std::is_same_v<T, HostRecord>) {
          return note("[" + names.host(d.host) + "] " + d.text);
        } else if constexpr (std::is_same_v<T, SegmentFateRecord>) {
          if (d.fate == Fate::Corrupted || d.fate == Fate::Released)
            return note("#" + std::to_string(d.id) + " " + std::string(fate_name(d.fate)) + ": " + d.detail);
        }
        return std::nullopt;
      },
      r.data);
}

}  // namespace

std::string ladder(const World& w, bool absolute) {
  std::vector<std::string> names_v;
  for (const Host& h : w.hosts()) names_v.push_back(h.name());
  TraceNames names(names_v);
  std::map<std::uint32_t, std::vector<Fate>> fates;
  std::map<std::uint32_t, Instant> arrived;
  for (const TraceRecord& r : w.trace())
    if (const auto* f = std::get_if<SegmentFateRecord>(&r.data)) {
      fates[f->id].push_back(f->fate);
      if (f->fate == Fate::Delivered || f->fate == Fate::Corrupted) arrived[f->id] = r.t;
    }
  const Host& h0 = w.hosts()[0];
  const Host& h1 = w.hosts()[1];
  LadderModel m;
  m.left_title = h0.name() + " " + ipv4_text(h0.addr());
  m.right_title = h1.name() + " " + ipv4_text(h1.addr());
  for (const TraceRecord& r : w.trace()) {
    names.learn(r);
    if (auto x = row(r, names, fates, arrived)) m.rows.push_back(std::move(*x));
  }
  return render_ladder(m, absolute);
}

}  // namespace tcplab
