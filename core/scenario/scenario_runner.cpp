#include "core/scenario/scenario_runner.h"

#include <algorithm>
#include <map>

#include "core/sim/smss.h"

namespace tcplab {

std::string ms_text(Instant t) {
  const std::int64_t us = micros(t);
  std::string frac = std::to_string(us % 1000);
  frac.insert(0, 3 - frac.size(), '0');
  return std::to_string(us / 1000) + "." + frac + "ms";
}

namespace {

// Octets the connection made available to RECEIVE, from its DataDelivered events.
std::size_t delivered_bytes(const World& w, ConnRef r) {
  std::size_t n = 0;
  for (const TraceRecord& rec : w.trace())
    if (const auto* e = std::get_if<ConnEventRecord>(&rec.data); e && e->conn == r)
      if (const auto* d = std::get_if<DataDelivered>(&e->event)) n += d->bytes;
  return n;
}

std::string amount_text(std::uint32_t octets, std::uint32_t smss) {
  if (octets == kInfiniteSsthresh) return "infinite";
  std::string out = std::to_string(octets);
  if (smss > 0 && octets > 0 && octets % smss == 0)
    out += " (" + std::to_string(octets / smss) + (octets == smss ? " segment)" : " segments)");
  return out;
}

// "cwnd 2000 (2 segments), phase slow-start": what a run showed, one value after another.
void note(std::string& seen, std::string_view key, const std::string& value) {
  seen += (seen.empty() ? "" : ", ") + std::string(key) + " " + value;
}

bool amount_is(const std::optional<WindowAmount>& want, std::uint32_t octets, std::uint32_t smss) {
  if (!want) return true;
  return want->n * (want->segments ? smss : 1) == octets;
}

// The congestion fields asked for, against a CongestionChanged's values;
// `seen` gets the values that were asked about.
bool congestion_matches(const CongestionFields& want, CongestionPhase phase, std::uint32_t cwnd,
                        std::uint32_t ssthresh, std::uint32_t flight, std::uint32_t smss, std::string& seen) {
  if (want.cwnd) note(seen, "cwnd", amount_text(cwnd, smss));
  if (want.ssthresh) note(seen, "ssthresh", amount_text(ssthresh, smss));
  if (want.flight) note(seen, "flight", amount_text(flight, smss));
  if (want.phase) note(seen, "phase", std::string(phase_id(phase)));
  return amount_is(want.cwnd, cwnd, smss) && amount_is(want.ssthresh, ssthresh, smss) &&
         amount_is(want.flight, flight, smss) && (!want.phase || *want.phase == phase);
}

ExpectationResult check_window(const World& w, ConnRef ref, const ExpectWindow& x, ExpectationResult res) {
  const ConnectionStatus st = w.entry(ref).conn.status();
  const std::uint32_t smss = sender_smss(w, ref);
  std::string seen;
  bool ok = congestion_matches(x.cc, st.congestion_phase, st.cwnd, st.ssthresh, st.flight_size, smss, seen);
  if (x.snd_wnd) {
    note(seen, "snd_wnd", amount_text(st.snd_wnd, smss));
    ok = ok && amount_is(x.snd_wnd, st.snd_wnd, smss);
  }
  if (x.srtt) {
    note(seen, "srtt", st.srtt ? format_duration(*st.srtt) : "none yet");
    ok = ok && st.srtt == x.srtt;
  }
  if (x.rto) {
    note(seen, "rto", format_duration(st.rto));
    ok = ok && st.rto == *x.rto;
  }
  res.passed = ok;
  res.seen = seen + " at " + ms_text(w.now());
  return res;
}

ExpectationResult check_congestion(const World& w, ConnRef ref, const ExpectCongestion& x, ExpectationResult res) {
  const std::uint32_t smss = sender_smss(w, ref);
  std::size_t n = 0;
  std::string seen;
  for (const TraceRecord& r : w.trace()) {
    const auto* ev = std::get_if<ConnEventRecord>(&r.data);
    if (!ev || ev->conn != ref) continue;
    const auto* cc = std::get_if<CongestionChanged>(&ev->event);
    if (!cc || (x.at && r.t != *x.at) || (x.why && rule_id(cc->why) != *x.why)) continue;
    std::string values;
    if (!congestion_matches(x.cc, cc->phase, cc->cwnd, cc->ssthresh, cc->flight_size, smss, values)) {
      // The nearest miss says what the run had instead.
      if (seen.empty()) seen = "; the first " + std::string(rule_id(cc->why)) + " at " + ms_text(r.t) + " had " + values;
      continue;
    }
    ++n;
  }
  res.passed = x.count ? n == *x.count : n > 0;
  res.seen = std::to_string(n) + " matching" + (n == 0 ? seen : "");
  return res;
}

}  // namespace

std::optional<Instant> check_time(const Expectation& e) {
  if (const auto* s = std::get_if<ExpectState>(&e.what)) return s->t;
  if (const auto* s = std::get_if<ExpectWindow>(&e.what)) return s->t;
  return std::nullopt;
}

ExpectationResult check_expectation(const World& w, const Expectation& e) {
  ExpectationResult res{e, false, ""};
  std::visit(
      [&](const auto& x) {
        using T = std::decay_t<decltype(x)>;
        if constexpr (std::is_same_v<T, ExpectSegment>) {
          std::map<std::uint32_t, std::vector<Fate>> fates;
          for (const TraceRecord& r : w.trace())
            if (const auto* f = std::get_if<SegmentFateRecord>(&r.data)) fates[f->id].push_back(f->fate);
          std::size_t n = 0;
          std::string times;
          for (const TraceRecord& r : w.trace()) {
            const auto* s = std::get_if<SegmentSentRecord>(&r.data);
            if (!s || s->from != x.dir || !x.filter.matches(s->seg.flags, s->payload, s->id)) continue;
            if (x.at && r.t != *x.at) continue;
            if (x.why && (!s->why || rule_id(*s->why) != *x.why)) continue;
            if (x.retransmission && !s->retransmission) continue;
            if (x.fate) {
              const auto& f = fates[s->id];
              if (std::find(f.begin(), f.end(), *x.fate) == f.end()) continue;
            }
            ++n;
            if (n <= 8) times += (times.empty() ? "" : ", ") + ("#" + std::to_string(s->id) + " at " + ms_text(r.t));
          }
          res.passed = x.count ? n == *x.count : n > 0;
          res.seen = std::to_string(n) + " matching" + (times.empty() ? "" : " (" + times + (n > 8 ? ", ..." : "") + ")");
        } else {
          const auto ref = w.find(x.conn);
          if (!ref) {
            res.seen = "no connection named '" + x.conn + "' was created";
            return;
          }
          const ConnEntry& c = w.entry(*ref);
          if constexpr (std::is_same_v<T, ExpectState>) {
            res.passed = c.conn.state() == x.state;
            res.seen = std::string(rfc_name(c.conn.state())) + " at " + ms_text(w.now());
          } else if constexpr (std::is_same_v<T, ExpectTransition>) {
            std::string path;
            for (const TraceRecord& r : w.trace())
              if (const auto* ev = std::get_if<ConnEventRecord>(&r.data); ev && ev->conn == *ref)
                if (const auto* sc = std::get_if<StateChanged>(&ev->event)) {
                  if (sc->from == x.from && sc->to == x.to) res.passed = true;
                  path += (path.empty() ? std::string(rfc_name(sc->from)) : "") + " -> " + std::string(rfc_name(sc->to));
                }
            res.seen = path.empty() ? "no state change" : path;
          } else if constexpr (std::is_same_v<T, ExpectDelivered>) {
            const std::size_t n = delivered_bytes(w, *ref);
            res.passed = n == x.bytes;
            res.seen = std::to_string(n) + " bytes";
          } else if constexpr (std::is_same_v<T, ExpectError>) {
            res.passed = c.last_error && message(*c.last_error) == x.message;
            res.seen = c.last_error ? "\"" + std::string(message(*c.last_error)) + "\"" : "no error";
          } else if constexpr (std::is_same_v<T, ExpectWindow>) {
            res = check_window(w, *ref, x, res);
          } else if constexpr (std::is_same_v<T, ExpectCongestion>) {
            res = check_congestion(w, *ref, x, res);
          }
        }
      },
      e.what);
  return res;
}

bool ScenarioRun::passed() const { return failures() == 0; }

std::size_t ScenarioRun::failures() const {
  return static_cast<std::size_t>(std::count_if(results.begin(), results.end(), [](const auto& r) { return !r.passed; }));
}

std::vector<std::string> host_names(const World& w) {
  std::vector<std::string> names;
  for (const Host& h : w.hosts()) names.push_back(h.name());
  return names;
}

ScenarioRun run_scenario(const Scenario& sc, std::optional<std::uint64_t> seed, bool record_bytes) {
  WorldConfig cfg = sc.world;
  if (seed) cfg.seed = *seed;
  cfg.record_bytes = record_bytes;
  ScenarioRun run{World(cfg), {}};
  World& w = run.world;
  Instant last_action{};
  for (const TimedAction& a : sc.actions) {
    w.schedule(a.t, a.action);
    last_action = std::max(last_action, a.t);
  }
  // Expectations about a moment are checked when the clock gets there.
  std::vector<std::optional<ExpectationResult>> results(sc.expectations.size());
  std::vector<std::pair<Instant, std::size_t>> timed;
  for (std::size_t i = 0; i < sc.expectations.size(); ++i)
    if (const auto t = check_time(sc.expectations[i])) timed.emplace_back(*t, i);
  std::stable_sort(timed.begin(), timed.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  for (const auto& [t, i] : timed) {
    w.run_until(t);
    results[i] = check_expectation(w, sc.expectations[i]);
  }
  if (sc.run_until)
    w.run_until(*sc.run_until);
  else
    w.run_until_idle(last_action + std::chrono::hours(1));
  for (std::size_t i = 0; i < sc.expectations.size(); ++i)
    run.results.push_back(results[i] ? *results[i] : check_expectation(w, sc.expectations[i]));
  return run;
}

}  // namespace tcplab
