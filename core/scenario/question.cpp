#include "core/scenario/question.h"

#include <algorithm>
#include <cctype>
#include <optional>

#include "core/base/units.h"
#include "core/scenario/scenario_runner.h"

namespace tcplab {

namespace {

// Just before the event, but never before the question's own 'after' time.
Instant pause_before(Instant event_t, Instant after) {
  return std::max(after, event_t - Duration{1});
}

std::string upper(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  std::replace(out.begin(), out.end(), '_', '-');
  out.erase(std::remove(out.begin(), out.end(), ' '), out.end());
  return out;
}

// The plausible control-flag answers, with the right one among them.
std::vector<std::string> flag_choices(const std::string& answer) {
  std::vector<std::string> c{"SYN", "SYN,ACK", "ACK", "FIN,ACK", "RST", "RST,ACK"};
  if (std::find(c.begin(), c.end(), answer) == c.end()) c.push_back(answer);
  return c;
}

std::vector<std::string> fate_choices(const std::string& answer) {
  std::vector<std::string> c;
  for (Fate f : {Fate::Delivered, Fate::Lost, Fate::Dropped, Fate::Held, Fate::Corrupted})
    c.emplace_back(fate_name(f));
  if (std::find(c.begin(), c.end(), answer) == c.end()) c.push_back(answer);
  return c;
}

std::string timer_answer(TimerKind k, Duration d) { return std::string(timer_name(k)) + " " + format_duration(d); }

// The right timer and three wrong ones: the same kind for twice and half as
// long, another kind for as long; in an order set by the answer, not always first.
std::vector<TimerAnswer> timer_choices(TimerKind k, Duration d) {
  const TimerKind other = k == TimerKind::Retransmit ? TimerKind::TimeWait : TimerKind::Retransmit;
  std::vector<TimerAnswer> c{{k, d}, {k, 2 * d}, {other, d}, {k, d / 2}};
  std::rotate(c.begin(), c.begin() + static_cast<std::ptrdiff_t>(micros(d) / 1000 % 4), c.end());
  return c;
}

// The sequence number of the last SYN `host` sent at or before `until`: its ISN.
std::optional<std::uint32_t> isn_of(const World& w, std::size_t host, Instant until) {
  std::optional<std::uint32_t> isn;
  for (const TraceRecord& r : w.trace()) {
    if (r.t > until) break;
    if (const auto* s = std::get_if<SegmentSentRecord>(&r.data); s && s->from == host && s->seg.flags.has(kSyn))
      isn = s->seg.seq.value();
  }
  return isn;
}

Checkpoint segment_checkpoint(const World& w, const Question& q) {
  Checkpoint c;
  // A copy: the trace hands its records out by value (core/sim/trace.h).
  std::optional<SegmentSentRecord> found;
  for (const TraceRecord& r : w.trace()) {
    const auto* s = std::get_if<SegmentSentRecord>(&r.data);
    if (!s || r.t <= q.after || s->from != q.dir || !q.filter.matches(s->seg.flags, s->payload, s->id)) continue;
    found = *s;
    c.event_t = r.t;
    break;
  }
  if (!found) return c;
  const SegmentSentRecord* seg = &*found;
  c.found = true;
  c.pause = pause_before(c.event_t, q.after);
  c.rule = seg->why;
  c.segment = seg->id;
  const auto& hosts = w.hosts();
  c.seen = hosts[seg->from].name() + "->" + hosts[seg->to].name() + " " + flags_long(seg->seg.flags) + " #" +
           std::to_string(seg->id) + " at " + ms_text(c.event_t);
  c.seen_parts = SeenParts{SeenParts::Kind::Segment, hosts[seg->from].name(), hosts[seg->to].name(),
                           flags_long(seg->seg.flags), seg->id, State::Closed, State::Closed, {}, c.event_t};
  switch (q.what) {
    case AskWhat::Flags:
      c.answer = flags_long(seg->seg.flags);
      c.choices = flag_choices(c.answer);
      break;
    case AskWhat::Seq:
      c.answer = std::to_string(seg->seg.seq.value());
      c.relative_base = isn_of(w, seg->from, c.event_t);
      break;
    case AskWhat::Ack:
      c.answer = std::to_string(seg->seg.ack.value());
      c.relative_base = isn_of(w, seg->to, c.event_t);
      break;
    default: {  // Fate: the first that is not the link's copy of it
      c.answer = "in flight";
      for (const TraceRecord& r : w.trace())
        if (const auto* f = std::get_if<SegmentFateRecord>(&r.data); f && f->id == seg->id && f->fate != Fate::Duplicated) {
          c.answer = std::string(fate_name(f->fate));
          break;
        }
      c.choices = fate_choices(c.answer);
    }
  }
  return c;
}

Checkpoint conn_checkpoint(const World& w, const Question& q) {
  Checkpoint c;
  const auto ref = w.find(q.conn);
  if (!ref) return c;
  for (const TraceRecord& r : w.trace()) {
    const auto* ev = std::get_if<ConnEventRecord>(&r.data);
    if (!ev || ev->conn != *ref || r.t <= q.after) continue;
    if (q.what == AskWhat::State) {
      if (const auto* sc = std::get_if<StateChanged>(&ev->event)) {
        c.answer = std::string(rfc_name(sc->to));
        c.rule = sc->cause;
        c.seen = q.conn + " " + std::string(rfc_name(sc->from)) + " -> " + c.answer + " at " + ms_text(r.t);
        c.seen_parts = SeenParts{SeenParts::Kind::State, q.conn, "", "", 0, sc->from, sc->to, {}, r.t};
      }
    } else if (const auto* ta = std::get_if<TimerArmed>(&ev->event)) {
      c.answer = timer_answer(ta->kind, ta->duration);
      c.timer_answer = TimerAnswer{ta->kind, ta->duration};
      c.timer_choices = timer_choices(ta->kind, ta->duration);
      for (const TimerAnswer& t : c.timer_choices) c.choices.push_back(timer_answer(t.kind, t.duration));
      c.seen = q.conn + " starts its " + c.answer + " timer at " + ms_text(r.t);
      c.seen_parts = SeenParts{SeenParts::Kind::Timer, q.conn, "", "", 0, State::Closed, State::Closed, *c.timer_answer, r.t};
    }
    if (c.answer.empty()) continue;
    c.found = true;
    c.event_t = r.t;
    c.pause = pause_before(r.t, q.after);
    break;
  }
  return c;
}

}  // namespace

std::string_view ask_what_name(AskWhat w) {
  switch (w) {
    case AskWhat::State: return "state";
    case AskWhat::Flags: return "flags";
    case AskWhat::Seq: return "seq";
    case AskWhat::Ack: return "ack";
    case AskWhat::Fate: return "fate";
    case AskWhat::Timer: return "timer";
  }
  return "?";
}

Checkpoint find_checkpoint(const World& run, const Question& q) {
  return q.what == AskWhat::State || q.what == AskWhat::Timer ? conn_checkpoint(run, q) : segment_checkpoint(run, q);
}

std::vector<Checkpoint> find_checkpoints(const Scenario& sc, std::optional<std::uint64_t> seed) {
  std::vector<Checkpoint> out;
  if (sc.questions.empty()) return out;
  const ScenarioRun run = run_scenario(sc, seed, false);
  for (const Question& q : sc.questions) out.push_back(find_checkpoint(run.world, q));
  return out;
}

bool answer_is_right(const Question& q, const Checkpoint& c, std::string_view response) {
  if (!c.found) return false;
  switch (q.what) {
    case AskWhat::Flags: {
      const auto want = parse_flags(c.answer);
      const auto got = parse_flags(upper(response));
      return want && got && *want == *got;
    }
    case AskWhat::Seq:
    case AskWhat::Ack: {
      std::string_view r = response;
      while (!r.empty() && r.front() == ' ') r.remove_prefix(1);
      while (!r.empty() && r.back() == ' ') r.remove_suffix(1);
      const auto n = parse_uint(r, 0, 0xffffffffULL);
      if (!n) return false;
      const auto abs = static_cast<std::uint32_t>(std::stoull(c.answer));
      if (*n == abs) return true;
      return c.relative_base && static_cast<std::uint32_t>(abs - *c.relative_base) == *n;
    }
    case AskWhat::State:
      return upper(response) == c.answer;
    case AskWhat::Fate:
    case AskWhat::Timer:
      return upper(response) == upper(c.answer);
  }
  return false;
}

double question_points(int attempts, bool right) {
  if (!right || attempts < 1) return 0;
  return attempts == 1 ? 1.0 : attempts == 2 ? 0.5 : 0.25;
}

std::string question_prompt(const Question& q, const std::vector<std::string>& hosts) {
  if (!q.prompt.empty()) return q.prompt;
  const std::string dir = hosts.size() == 2 ? hosts[q.dir] + "->" + hosts[1 - q.dir] : "";
  const std::string which = q.filter == SegmentFilter{} ? "segment" : q.filter.describe() + " segment";
  switch (q.what) {
    case AskWhat::State: return "Which state does " + q.conn + " enter next?";
    case AskWhat::Timer: return "Which timer does " + q.conn + " start next, and for how long?";
    case AskWhat::Flags: return "Which control flags does the next " + which + " " + dir + " carry?";
    case AskWhat::Seq: return "What sequence number does the next " + which + " " + dir + " carry?";
    case AskWhat::Ack: return "What acknowledgment number does the next " + which + " " + dir + " carry?";
    case AskWhat::Fate: return "What happens to the next " + which + " " + dir + " on the wire?";
  }
  return "";
}

}  // namespace tcplab
