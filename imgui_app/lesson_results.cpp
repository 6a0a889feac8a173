#include "lesson_results.h"

#include <algorithm>

#include "core/base/units.h"
#include "core/scenario/scenario_words.h"
#include "language.h"
#include "strings.h"
#include "trace_words.h"

namespace tcplab::ui {

namespace {

std::string time_text(Instant t) { return format_duration(t.time_since_epoch()); }

void add_item(std::string& out, const std::string& item) {
  if (!out.empty()) out += tr(Str::ExpectListSep);
  out += item;
}

// The values' RFC names (RFC 5681 cwnd, ssthresh, FlightSize; RFC 9293
// SND.WND; RFC 6298 SRTT, RTO), whatever the scenario's keyword.
std::string value_name(std::string_view key) {
  if (key == "flight") return "FlightSize";
  if (key == "snd_wnd") return "SND.WND";
  if (key == "srtt") return "SRTT";
  if (key == "rto") return "RTO";
  return std::string(key);
}

std::string amount(const WindowAmount& a) {
  return fill(a.segments ? Str::ExpectSegmentsUnit : Str::ExpectOctetsUnit, {std::to_string(a.n)});
}

std::string fields_text(const CongestionFields& cc) {
  std::string out;
  if (cc.cwnd) add_item(out, "cwnd " + amount(*cc.cwnd));
  if (cc.ssthresh) add_item(out, "ssthresh " + amount(*cc.ssthresh));
  if (cc.flight) add_item(out, value_name("flight") + " " + amount(*cc.flight));
  if (cc.phase) add_item(out, fill(Str::ExpectPhase, {tr(phase_name(*cc.phase))}));
  return out;
}

std::string count_text(const std::optional<std::size_t>& count) {
  if (!count) return tr(Str::ExpectAtLeastOne);
  if (*count == 0) return tr(Str::ExpectNone);
  return fill(Str::ExpectExactly, {std::to_string(*count)});
}

std::string segments_text(const ExpectSegment& x, const std::vector<std::string>& hosts) {
  std::string more;
  if (x.fate) more += fill(Str::ExpectFate, {term(fate_name(*x.fate))});
  if (x.at) more += fill(Str::ExpectSentAt, {time_text(*x.at)});
  if (x.why) more += fill(Str::ExpectByRule, {*x.why});
  if (x.retransmission) more += tr(Str::ExpectRetransmitted);
  return fill(Str::ExpectSegments, {count_text(x.count), direction_text(x.dir, hosts), filter_text(x.filter), more});
}

std::string window_text(const ExpectWindow& x) {
  std::string values = fields_text(x.cc);
  if (x.snd_wnd) add_item(values, value_name("snd_wnd") + " " + amount(*x.snd_wnd));
  if (x.srtt) add_item(values, value_name("srtt") + " " + format_duration(*x.srtt));
  if (x.rto) add_item(values, value_name("rto") + " " + format_duration(*x.rto));
  return x.t ? fill(Str::ExpectWindowAt, {x.conn, values, time_text(*x.t)}) : fill(Str::ExpectWindowEnd, {x.conn, values});
}

std::string decisions_text(const ExpectCongestion& x) {
  std::string more;
  if (x.why) more += fill(Str::ExpectByRule, {*x.why});
  if (x.at) more += fill(Str::ExpectSentAt, {time_text(*x.at)});
  if (const std::string values = fields_text(x.cc); !values.empty()) more += fill(Str::ExpectWith, {values});
  return fill(Str::ExpectDecisions, {count_text(x.count), x.conn, more});
}

// --- what the run showed, in Chinese: core writes it in a few fixed shapes
// (scenario_runner.cpp); anything else stays as core wrote it ---

bool starts_with(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }
bool ends_with(std::string_view s, std::string_view p) { return s.size() >= p.size() && s.substr(s.size() - p.size()) == p; }

// "SYN-SENT at 105.000ms" -> ("SYN-SENT", "105.000ms")
std::optional<std::pair<std::string, std::string>> split_at(std::string_view s) {
  const std::size_t at = s.rfind(" at ");
  if (at == std::string_view::npos) return std::nullopt;
  return std::pair{std::string(s.substr(0, at)), std::string(s.substr(at + 4))};
}

std::string seen_at(std::string_view s) {
  const auto p = split_at(s);
  return p ? fill(Str::SeenAt, {p->first, p->second}) : std::string(s);
}

// "2000 (2 segments)", "infinite", "none yet", "slow-start", "43343us"
std::string seen_value(std::string_view key, std::string_view v) {
  if (v == "infinite") return tr(Str::SeenInfinite);
  if (v == "none yet") return tr(Str::SeenNoneYet);
  if (key == "phase")
    if (const auto p = parse_phase(v)) return tr(phase_name(*p));
  const std::size_t open = v.find(" (");
  if (open != std::string_view::npos && ends_with(v, ")")) {
    const std::string_view inner = v.substr(open + 2, v.size() - open - 3);
    const std::size_t space = inner.find(' ');
    if (space != std::string_view::npos && (inner.substr(space) == " segment" || inner.substr(space) == " segments"))
      return std::string(v.substr(0, open)) + "（" + fill(Str::ExpectSegmentsUnit, {inner.substr(0, space)}) + "）";
  }
  return std::string(v);
}

// "cwnd 2000 (2 segments), phase slow-start" -> "cwnd 2000（2 个报文段），阶段 慢开始"
std::string seen_values(std::string_view s) {
  std::string out;
  while (!s.empty()) {
    const std::size_t comma = std::min(s.find(", "), s.size());
    const std::string_view item = s.substr(0, comma);
    const std::size_t space = item.find(' ');
    const std::string_view key = item.substr(0, space);
    const std::string value = space == std::string_view::npos ? "" : seen_value(key, item.substr(space + 1));
    add_item(out, key == "phase" ? fill(Str::ExpectPhase, {value}) : value_name(key) + " " + value);
    s.remove_prefix(std::min(comma + 2, s.size()));
  }
  return out;
}

// "3 matching (#3 at 10.000ms, #5 at 20.000ms)", "0 matching; the first cc.x at 1.000ms had cwnd 2000"
std::string seen_matching(std::string_view s) {
  const std::size_t end = s.find(" matching");
  if (end == std::string_view::npos) return std::string(s);
  std::string out = fill(Str::SeenMatching, {s.substr(0, end)});
  std::string_view rest = s.substr(end + 9);
  if (starts_with(rest, " (") && ends_with(rest, ")")) {
    std::string_view list = rest.substr(2, rest.size() - 3);
    std::string items;
    while (!list.empty()) {
      const std::size_t comma = std::min(list.find(", "), list.size());
      add_item(items, list.substr(0, comma) == "..." ? "…" : seen_at(list.substr(0, comma)));
      list.remove_prefix(std::min(comma + 2, list.size()));
    }
    return out + "（" + items + "）";
  }
  if (starts_with(rest, "; the first ")) {
    rest.remove_prefix(12);
    const std::size_t had = rest.find(" had ");
    const auto rule_time = split_at(rest.substr(0, had));
    if (had != std::string_view::npos && rule_time)
      return out + fill(Str::SeenFirstHad, {rule_time->first, rule_time->second, seen_values(rest.substr(had + 5))});
  }
  return rest.empty() ? out : std::string(s);
}

std::string seen_chinese(const ExpectationResult& r) {
  const std::string_view s = r.seen;
  constexpr std::string_view kNoConn = "no connection named '", kCreated = "' was created";
  if (starts_with(s, kNoConn) && ends_with(s, kCreated))
    return fill(Str::SeenNoConnection, {s.substr(kNoConn.size(), s.size() - kNoConn.size() - kCreated.size())});
  return std::visit(
      [&](const auto& x) -> std::string {
        using T = std::decay_t<decltype(x)>;
        if constexpr (std::is_same_v<T, ExpectSegment> || std::is_same_v<T, ExpectCongestion>) {
          return seen_matching(s);
        } else if constexpr (std::is_same_v<T, ExpectState>) {
          return seen_at(s);
        } else if constexpr (std::is_same_v<T, ExpectTransition>) {
          if (s == "no state change") return tr(Str::SeenNoStateChange);
          std::string out(s);
          for (std::size_t i = out.find(" -> "); i != std::string::npos; i = out.find(" -> ", i)) out.replace(i, 4, " → ");
          return out;
        } else if constexpr (std::is_same_v<T, ExpectDelivered>) {
          return ends_with(s, " bytes") ? fill(Str::SeenBytes, {s.substr(0, s.size() - 6)}) : std::string(s);
        } else if constexpr (std::is_same_v<T, ExpectError>) {
          if (s == "no error") return tr(Str::SeenNoError);
          if (s.size() >= 2 && s.front() == '"' && s.back() == '"') return "“" + std::string(term(s.substr(1, s.size() - 2))) + "”";
          return std::string(s);
        } else {
          const auto p = split_at(s);
          return p ? fill(Str::SeenAt, {seen_values(p->first), p->second}) : std::string(s);
        }
      },
      r.expectation.what);
}

}  // namespace

std::string results_heading(const std::vector<ExpectationResult>& results) {
  const auto met = static_cast<std::size_t>(
      std::count_if(results.begin(), results.end(), [](const ExpectationResult& r) { return r.passed; }));
  if (met == results.size()) return fill(Str::ResultsAllMet, {std::to_string(met)});
  return fill(Str::ResultsSomeMissed, {std::to_string(met), std::to_string(results.size())});
}

std::string expectation_text(const Expectation& e, const std::vector<std::string>& hosts) {
  return std::visit(
      [&](const auto& x) -> std::string {
        using T = std::decay_t<decltype(x)>;
        if constexpr (std::is_same_v<T, ExpectState>) {
          const std::string state(rfc_name(x.state));
          return x.t ? fill(Str::ExpectStateAt, {x.conn, state, time_text(*x.t)}) : fill(Str::ExpectStateEnd, {x.conn, state});
        } else if constexpr (std::is_same_v<T, ExpectTransition>) {
          return fill(Str::ExpectTransition, {x.conn, rfc_name(x.from), rfc_name(x.to)});
        } else if constexpr (std::is_same_v<T, ExpectSegment>) {
          return segments_text(x, hosts);
        } else if constexpr (std::is_same_v<T, ExpectDelivered>) {
          return fill(Str::ExpectDelivered, {x.conn, std::to_string(x.bytes)});
        } else if constexpr (std::is_same_v<T, ExpectError>) {
          return fill(Str::ExpectError, {x.conn, term(x.message)});
        } else if constexpr (std::is_same_v<T, ExpectWindow>) {
          return window_text(x);
        } else {
          return decisions_text(x);
        }
      },
      e.what);
}

std::string seen_text(const ExpectationResult& r) {
  return language() == Language::Chinese ? seen_chinese(r) : r.seen;
}

}  // namespace tcplab::ui
