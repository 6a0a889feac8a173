#include "core/lab/lab_api.h"
#include "core/lab/compare_run.h"

#include <algorithm>
#include <cmath>
#include <cctype>

#include "core/base/json.h"
#include "core/scenario/scenario_words.h"
#include "core/lab/question_words.h"
#include "core/sim/trace_export.h"
#include "core/sim/window_series.h"

namespace tcplab {

namespace {

using Args = std::vector<std::string>;
// A method's answer: the JSON value, or what was wrong ("port: expected ...").
using Reply = Result<std::string, std::string>;

template <class T>
using Arg = Result<T, std::string>;

// What a handler works on.
struct Env {
  LabSession& s;
  const Args& args;
  const QuestionWords& words;  // the questions' wording in the view's language
  // An optional argument left out is absent from args.
  const std::string* opt(std::size_t i) const { return i < args.size() ? &args[i] : nullptr; }
};

Err<std::string> bad(std::string_view arg, std::string_view expected, std::string_view got) {
  return Err{std::string(arg) + ": expected " + std::string(expected) + ", got '" + std::string(got) + "'"};
}

void apply(LabSession& s, Command c) {
  std::vector<Command> cmds{std::move(c)};
  s.apply(cmds);
}

std::string list(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& n : names) out += (out.empty() ? "" : ", ") + n;
  return out;
}

std::vector<std::string> conn_names(const World& w) {
  std::vector<std::string> out;
  for (const Host& h : w.hosts())
    for (const ConnEntry& e : h.connections()) out.push_back(e.name);
  return out;
}

std::string seconds(Duration d) { return json_seconds(micros(d)); }
std::string seconds(Instant t) { return json_seconds(micros(t)); }
// Points and scores (0.25, 0.833333): to six places, printed as times are.
std::string json_number(double x) { return json_seconds(std::llround(x * 1e6)); }

// --- arguments ---

Arg<std::size_t> host_arg(const LabSession& s, std::string_view text) {
  if (auto h = s.world().host_index(text)) return *h;
  return bad("host", "a host name (" + list(host_names(s.world())) + ")", text);
}

// A host (its newest connection) or a connection by name.
Arg<ConnRef> who_arg(const LabSession& s, std::string_view text) {
  const World& w = s.world();
  if (auto h = w.host_index(text)) {
    if (auto f = s.focus(*h)) return *f;
    return Err{"who: " + std::string(text) + " has no connection yet"};
  }
  if (auto r = w.find(text)) return *r;
  const auto conns = conn_names(w);
  return bad("who", "a host (" + list(host_names(w)) + ")" + (conns.empty() ? "" : " or a connection (" + list(conns) + ")"),
             text);
}

Arg<std::uint16_t> port_arg(std::string_view name, std::string_view text) {
  if (auto p = parse_uint(text, 1, 65535)) return static_cast<std::uint16_t>(*p);
  return bad(name, range_hint("a port number", 1, 65535), text);
}

// Seconds as a plain number ("1.5") or a duration with its unit ("250ms").
Arg<Duration> time_arg(std::string_view name, std::string_view text) {
  if (auto d = parse_duration(text)) return *d;
  const bool number = !text.empty() && std::all_of(text.begin(), text.end(), [](char c) {
    return std::isdigit(static_cast<unsigned char>(c)) || c == '.';
  });
  if (auto d = number ? parse_duration(std::string(text) + "s") : std::nullopt) return *d;
  return bad(name, "seconds such as 1.5 or a duration such as 250ms", text);
}

Arg<std::optional<DirectionIndex>> direction_arg(const LabSession& s, std::string_view text, bool both) {
  if (both && text == "both") return std::optional<DirectionIndex>{};
  if (text == "c2s") return std::optional<DirectionIndex>{0};
  if (text == "s2c") return std::optional<DirectionIndex>{1};
  if (auto d = parse_direction(text, host_names(s.world()))) return std::optional<DirectionIndex>{*d};
  const World& w = s.world();
  return bad("direction",
             w.direction_name(0) + " or " + w.direction_name(1) + " (or c2s, s2c" + (both ? ", both" : "") + ")", text);
}

Arg<SegmentFilter> filter_arg(const std::string* text) {
  if (!text) return SegmentFilter{};
  if (auto f = parse_filter(*text)) return *f;
  return bad("filter", kFilterHint, *text);
}

// Text as is, or "0x" and hex digits (a Uint8Array from JavaScript).
Arg<std::vector<std::uint8_t>> bytes_arg(std::string_view name, std::string_view text) {
  if (text.substr(0, 2) != "0x") return std::vector<std::uint8_t>(text.begin(), text.end());
  if (auto bytes = parse_hex(text.substr(2))) return std::move(*bytes);
  return bad(name, "text, or 0x and two hex digits per octet", text);
}

Arg<bool> bool_arg(std::string_view name, std::string_view text) {
  if (text == "true" || text == "on" || text == "1") return true;
  if (text == "false" || text == "off" || text == "0") return false;
  return bad(name, "true or false", text);
}

Arg<std::string> label_arg(std::string_view text) {
  const bool ok = !text.empty() && std::all_of(text.begin(), text.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.';
  });
  if (ok) return std::string(text);
  return bad("label", "a label such as old (letters, digits, '-', '_', '.')", text);
}

// --- answers ---

std::string results_json(const std::vector<ExpectationResult>& results) {
  std::vector<std::string> items;
  for (const ExpectationResult& r : results)
    items.push_back(JsonObject()
                        .num("line", r.expectation.loc.line)
                        .str("text", r.expectation.text)
                        .boolean("passed", r.passed)
                        .str("seen", r.seen)
                        .done());
  return json_array(items);
}

std::string lesson_json(const Lesson& p) {
  std::vector<std::string> expectations;
  for (const Expectation& e : p.scenario.expectations)
    expectations.push_back(JsonObject().num("line", e.loc.line).str("text", e.text).done());
  return JsonObject().str("name", p.name).str("description", p.description).raw("expectations", json_array(expectations)).done();
}

std::string state_of(const LabSession& s, std::size_t host) {
  const auto f = s.focus(host);
  return std::string(f ? rfc_name(s.world().entry(*f).conn.state()) : rfc_name(State::Closed));
}

JsonObject conn_json(const World& w, ConnRef r) {
  const ConnEntry& e = w.entry(r);
  const ConnectionStatus st = e.conn.status();
  JsonObject o;
  o.str("name", e.name).str("host", w.hosts()[r.host].name()).str("state", rfc_name(st.state));
  o.str("local", endpoint_text(st.local)).str("remote", endpoint_text(st.remote));
  return o;
}

std::string tcb_json(const World& w, ConnRef r) {
  const ConnectionStatus st = w.entry(r).conn.status();
  JsonObject o = conn_json(w, r);
  o.num("iss", st.iss.value()).num("irs", st.irs.value());
  o.num("snd_una", st.snd_una.value()).num("snd_nxt", st.snd_nxt.value()).num("snd_wnd", st.snd_wnd);
  o.num("rcv_nxt", st.rcv_nxt.value()).num("rcv_wnd", st.rcv_wnd);
  o.raw("srtt", st.srtt ? seconds(*st.srtt) : "null").raw("rttvar", st.rttvar ? seconds(*st.rttvar) : "null");
  o.raw("rto", seconds(st.rto)).num("mss", st.send_mss);
  o.num("send_queued", static_cast<long long>(st.send_queued)).num("receive_queued", static_cast<long long>(st.receive_queued));
  o.num("out_of_order", static_cast<long long>(st.out_of_order)).boolean("passive", st.passive_open);
  // Congestion control (RFC 5681): the sender's window beside the peer's.
  o.str("congestion", algorithm_id(st.congestion_algorithm)).str("phase", phase_id(st.congestion_phase));
  o.num("cwnd", st.cwnd).num("ssthresh", st.ssthresh).num("flight", st.flight_size).num("dup_acks", st.dup_acks);
  o.num("retransmits", st.retransmits).num("total_retransmits", st.total_retransmits);
  return o.done();
}

std::string timers_json(const World& w, std::optional<ConnRef> only) {
  std::vector<std::string> items;
  for (std::size_t h = 0; h < w.hosts().size(); ++h)
    for (std::size_t i = 0; i < w.hosts()[h].connections().size(); ++i) {
      if (only && !(*only == ConnRef{h, i})) continue;
      const ConnEntry& e = w.hosts()[h].connections()[i];
      for (TimerKind k : kAllTimerKinds) {
        const TimerSlot& slot = e.conn.timers().slot(k);
        if (!slot.running) continue;
        items.push_back(JsonObject()
                            .str("conn", e.name)
                            .str("host", w.hosts()[h].name())
                            .str("timer", timer_id(k))
                            .raw("remaining", seconds(slot.deadline - w.now()))
                            .raw("duration", seconds(slot.duration))
                            .num("backoff", slot.backoff)
                            .done());
      }
    }
  return json_array(items);
}

std::string link_json(const LinkConfig& c) {
  return JsonObject()
      .raw("latency", seconds(c.latency))
      .raw("jitter", seconds(c.jitter))
      .num("bandwidth", static_cast<long long>(c.bandwidth_bps))
      .num("queue", static_cast<long long>(c.queue_limit))
      .raw("loss", format_number(c.loss))
      .raw("duplicate", format_number(c.duplicate))
      .raw("reorder", format_number(c.reorder))
      .raw("reorder_delay", seconds(c.reorder_delay))
      .raw("corrupt", format_number(c.corrupt))
      .num("mtu", static_cast<long long>(c.mtu))
      .done();
}

std::string settings_json(const LabSession& s) {
  const LabView& view = s.view();
  const LabSetup& setup = s.setup();
  const World& w = s.world();
  JsonObject o;
  o.raw("lesson", s.lesson() ? json_string(s.lesson()->name) : "null");
  o.str("profile", setup.profile == ProfileKind::LinuxLike ? "linux" : "rfc9293");
  // The MSL the running world uses (a lesson brings its own), as the time bar
  // and the Timers panel show it; real_msl says whether it is the profile's own.
  o.raw("msl", seconds(w.hosts().empty() ? setup.lab_msl : w.hosts()[0].profile().msl));
  o.boolean("delayed_ack", setup.delayed_ack).num("receive_buffer", setup.receive_buffer);
  o.raw("syn_retries", setup.syn_retries ? std::to_string(*setup.syn_retries) : "null");
  o.raw("synack_retries", setup.synack_retries ? std::to_string(*setup.synack_retries) : "null");
  // The running world's own: a lesson brings its seed and links.
  o.str("seed", std::to_string(w.config().seed));
  o.raw("time_wait", seconds(s.time_wait()));
  JsonObject links;
  for (DirectionIndex d = 0; d < 2 && d < w.hosts().size(); ++d) links.raw(w.direction_name(d), link_json(w.link(d).config()));
  o.raw("link", links.done());
  o.boolean("real_msl", setup.real_msl);
  o.raw("speed", format_number(s.speed())).boolean("playing", s.playing());
  o.str("lang", view.lang);
  std::vector<std::string> panels;
  for (std::size_t i = 0; i < kPanelKeys.size(); ++i)
    if (view.panels[i]) panels.push_back(json_string(kPanelKeys[i]));
  o.raw("panels", json_array(panels)).str("layout", view.compact ? "compact" : "full");
  o.boolean("lane", view.window_lane).str("graph", view.sequence_graph ? "sequence" : "ladder");
  o.str("sender", view.sender == 1 ? "server" : "client");
  o.raw("compare", view.compare ? json_string(algorithm_id(*view.compare)) : "null");
  return o.done();
}

// A user call's outcome: the RFC's error text, or null.
std::string call_outcome(const ApplyResult& r) { return r.error ? json_string(message(*r.error)) : "null"; }

// Settings such as "latency=10ms&loss=5%" as one LinkChange.
Arg<LinkChange> link_change_arg(std::string_view text) {
  LinkChange c;
  const std::vector<std::string_view> known(kLinkKeys.begin(), kLinkKeys.end());
  for (const auto& [key, value] : split_query(text, false)) {
    if (!is_link_key(key)) return Err{"settings: " + ParamError{key, value, did_you_mean(key, known), {}, true}.text()};
    if (auto hint = set_link_setting(c, key, value))
      return Err{"settings: " + ParamError{key, value, "expected " + *hint}.text()};
  }
  return c;
}

// --- the methods ---

Reply m_reset(Env& e) {
  // Read as a URL's query ('+' a space), so reset(shareQuery()) reproduces the run.
  const ParsedParams parsed = parse_params(split_query(e.opt(0) ? *e.opt(0) : "", true));
  if (!parsed.errors.empty()) return Err{"settings: " + parsed.errors[0].text()};
  // Checked first, so a wrong lesson changes nothing.
  if (const auto& lesson = parsed.params.lesson) {
    std::vector<std::string> names;
    for (const Lesson& p : e.s.lessons()) names.push_back(p.name);
    if (std::find(names.begin(), names.end(), *lesson) == names.end())
      return Err{"settings: " + ParamError{"lesson", *lesson, "no such lesson; available: " + list(names)}.text()};
  }
  const auto errors = start_session(e.s, parsed.params);
  if (!errors.empty()) return Err{"settings: " + errors[0].text()};
  return std::string("null");
}

Reply m_lessons(Env& e) {
  std::vector<std::string> items;
  for (const Lesson& p : e.s.lessons()) {
    const Scenario& sc = p.scenario;
    JsonObject o;
    o.str("name", p.name).str("description", p.description).str("title", sc.title.empty() ? p.name : sc.title);
    o.str("group", group_id(lesson_group(sc))).boolean("grouped", sc.group.has_value()).str("summary", sc.summary);
    o.num("minutes", sc.minutes).num("order", sc.order);
    o.num("questions", static_cast<long long>(sc.questions.size())).num("steps", static_cast<long long>(sc.steps.size()));
    items.push_back(o.done());
  }
  return json_array(items);
}

Reply m_load_lesson(Env& e) {
  const auto& lessons = e.s.lessons();
  for (std::size_t i = 0; i < lessons.size(); ++i)
    if (lessons[i].name == e.args[0]) {
      apply(e.s, LoadLessonCmd{i});
      return lesson_json(*e.s.lesson());
    }
  std::vector<std::string> names;
  for (const Lesson& p : lessons) names.push_back(p.name);
  return Err{"name: no such lesson '" + e.args[0] + "'; available: " + (names.empty() ? "none" : list(names))};
}

Reply m_load_scenario(Env& e) {
  std::string error;
  // The name as given is the file name errors show: "homework.scenario:3:4".
  auto p = make_lesson(e.opt(1) ? *e.opt(1) : "scenario", e.args[0], &error);
  if (!p) return Err{"text: " + error};
  apply(e.s, LoadScenarioCmd{std::move(*p)});
  return lesson_json(*e.s.lesson());
}

Reply m_results(Env& e) { return e.s.results() ? results_json(*e.s.results()) : std::string("null"); }

Reply m_run_to_end(Env& e) {
  if (!e.s.lesson()) return Err{std::string("no scenario is loaded (loadLesson or loadScenario first)")};
  apply(e.s, RunToEndCmd{});
  return e.s.results() ? results_json(*e.s.results()) : std::string("null");
}

// --- questions (`ask`) ---

std::string rule_json(const Env& e, const Checkpoint& c) {
  if (!c.rule) return "null";
  return JsonObject()
      .str("id", rule_id(*c.rule))
      .str("text", e.words.rule(*c.rule, e.s.view().lang))
      .str("reference", rule_reference(*c.rule))
      .done();
}

// The question in the view's language: its prompt, and its choices as the
// learner reads them (`choices` stay what answer() takes).
JsonObject question_json(const Env& e, std::size_t i) {
  const LabSession& s = e.s;
  const std::string& lang = s.view().lang;
  const Question& q = s.lesson()->scenario.questions[i];
  const Checkpoint& c = s.checkpoints()[i];
  const QuestionProgress& p = s.question_progress()[i];
  JsonObject o;
  o.num("index", static_cast<long long>(i)).num("line", q.loc.line).str("what", ask_what_name(q.what));
  o.str("prompt", e.words.prompt(s, i, lang)).str("lang", lang).str("text", q.text);
  o.raw("at", c.found ? seconds(c.pause) : "null");
  std::vector<std::string> choices, labels;
  for (const std::string& ch : c.choices) {
    choices.push_back(json_string(ch));
    labels.push_back(json_string(e.words.choice(s, i, ch, lang)));
  }
  o.raw("choices", json_array(choices)).raw("choice_labels", json_array(labels));
  o.num("hints", static_cast<long long>(q.hints.size()));
  o.num("attempts", p.attempts).boolean("right", p.right).boolean("revealed", p.revealed);
  o.raw("points", json_number(p.points));
  // The answer only once it cannot help: answered right or given up on.
  o.raw("answer", p.settled() ? json_string(c.answer) : "null");
  o.raw("answer_label", p.settled() ? json_string(e.words.choice(s, i, c.answer, lang)) : "null");
  return o;
}

Reply need_lesson(Env& e) {
  if (!e.s.lesson()) return Err{std::string("no scenario is loaded (loadLesson or loadScenario first)")};
  return std::string();
}

Reply m_questions(Env& e) {
  std::vector<std::string> items;
  if (e.s.lesson())
    for (std::size_t i = 0; i < e.s.checkpoints().size(); ++i) items.push_back(question_json(e, i).done());
  return json_array(items);
}

Reply m_question(Env& e) {
  return e.s.asking() ? question_json(e, *e.s.asking()).done() : std::string("null");
}

Reply m_run_to_question(Env& e) {
  if (auto r = need_lesson(e); !r) return r;
  apply(e.s, RunToQuestionCmd{});
  return m_question(e);
}

Reply m_answer(Env& e) {
  const auto asked = e.s.asking();
  if (!asked) return Err{std::string("no question is asked now (runToQuestion first)")};
  const auto right = e.s.answer(e.args[0]);
  const QuestionProgress& p = e.s.question_progress()[*asked];
  const Checkpoint& c = e.s.checkpoints()[*asked];
  JsonObject o;
  o.boolean("right", *right).num("attempts", p.attempts).raw("points", json_number(p.points));
  const std::string& lang = e.s.view().lang;
  o.raw("answer", *right ? json_string(c.answer) : "null").raw("rule", *right ? rule_json(e, c) : "null");
  o.raw("answer_label", *right ? json_string(e.words.choice(e.s, *asked, c.answer, lang)) : "null");
  o.str("seen", *right ? e.words.seen(c, lang) : "");
  return o.done();
}

Reply m_hint(Env& e) {
  if (!e.s.asking()) return Err{std::string("no question is asked now (runToQuestion first)")};
  const auto h = e.s.hint();
  return h ? json_string(*h) : std::string("null");
}

Reply m_reveal(Env& e) {
  const auto asked = e.s.asking();
  if (!asked) return Err{std::string("no question is asked now (runToQuestion first)")};
  e.s.reveal();
  const Checkpoint& c = e.s.checkpoints()[*asked];
  const std::string& lang = e.s.view().lang;
  return JsonObject()
      .str("answer", c.answer)
      .str("answer_label", e.words.choice(e.s, *asked, c.answer, lang))
      .raw("rule", rule_json(e, c))
      .str("seen", e.words.seen(c, lang))
      .done();
}

Reply m_score(Env& e) {
  const LessonScore sc = e.s.score();
  return JsonObject()
      .raw("score", json_number(sc.scaled()))
      .num("percent", sc.percent())
      .raw("points", json_number(sc.points))
      .num("questions", static_cast<long long>(sc.questions))
      .num("settled", static_cast<long long>(sc.settled))
      .done();
}

Reply m_listen(Env& e) {
  const auto h = host_arg(e.s, e.args[0]);
  if (!h) return Err{h.error()};
  const auto port = port_arg("port", e.args[1]);
  if (!port) return Err{port.error()};
  const std::string name = e.s.listen_name(h.value());
  apply(e.s, ApplyCmd{ListenAction{e.s.host_name(h.value()), name, port.value(), 128}});
  return json_string(name);
}

Reply m_connect(Env& e) {
  const auto h = host_arg(e.s, e.args[0]);
  if (!h) return Err{h.error()};
  const auto port = port_arg("port", e.args[1]);
  if (!port) return Err{port.error()};
  std::uint16_t local = 0;
  if (const std::string* lp = e.opt(2)) {
    const auto p = port_arg("localPort", *lp);
    if (!p) return Err{p.error()};
    local = p.value();
  }
  const std::string name = e.s.connect_name(h.value());
  apply(e.s, ApplyCmd{ConnectAction{e.s.host_name(h.value()), name, local, e.s.host_name(1 - h.value()), port.value()}});
  return json_string(name);
}

// send, close, abort: the call's RFC error text, or null.
template <class MakeAction>
Reply user_call(Env& e, MakeAction make) {
  const auto who = who_arg(e.s, e.args[0]);
  if (!who) return Err{who.error()};
  auto action = make(e.s.world().entry(who.value()).name);
  if (!action) return Err{action.error()};
  return call_outcome(e.s.apply_input(std::move(action).value()));
}

Reply m_send(Env& e) {
  return user_call(e, [&](const std::string& conn) -> Arg<Action> {
    auto data = bytes_arg("bytes", e.args[1]);
    if (!data) return Err{data.error()};
    return Action{SendAction{conn, std::move(data).value()}};
  });
}
Reply m_close(Env& e) {
  return user_call(e, [](const std::string& conn) -> Arg<Action> { return Action{CloseAction{conn}}; });
}
Reply m_abort(Env& e) {
  return user_call(e, [](const std::string& conn) -> Arg<Action> { return Action{AbortAction{conn}}; });
}

// stream(who, octets?): the application keeps the send buffer full, until
// stopStream or for `octets`; stopStream(who) ends its writing.
Reply m_stream(Env& e) {
  return user_call(e, [&](const std::string& conn) -> Arg<Action> {
    std::optional<std::uint64_t> total;
    if (const auto* text = e.opt(1)) {
      total = parse_uint(*text, 1, 1'000'000'000'000);
      if (!total) return bad("octets", "a number of octets from 1", *text);
    }
    return Action{StreamAction{conn, true, total}};
  });
}
Reply m_stop_stream(Env& e) {
  return user_call(e, [](const std::string& conn) -> Arg<Action> { return Action{StreamAction{conn, false, {}}}; });
}

Reply m_reading(Env& e) {
  const auto who = who_arg(e.s, e.args[0]);
  if (!who) return Err{who.error()};
  const auto on = bool_arg("on", e.args[1]);
  if (!on) return Err{on.error()};
  apply(e.s, ApplyCmd{ReadingAction{e.s.world().entry(who.value()).name, on.value()}});
  return std::string("null");
}

// dropNext, holdNext, dropInFlight, holdInFlight.
template <class A>
Reply fault(Env& e, bool hold) {
  const auto dir = direction_arg(e.s, e.args[0], false);
  if (!dir) return Err{dir.error()};
  const auto f = filter_arg(e.opt(1));
  if (!f) return Err{f.error()};
  std::string label;
  if (hold) {
    const auto l = label_arg(e.args[2]);
    if (!l) return Err{l.error()};
    label = l.value();
  }
  A a{};
  a.dir = *dir.value();
  a.filter = f.value();
  if constexpr (requires { a.label; }) a.label = label;
  const ApplyResult done = e.s.apply_input(std::move(a));
  // In flight: the id of the segment taken off the wire, if one was there.
  if constexpr (std::is_same_v<A, DropInFlightAction> || std::is_same_v<A, HoldInFlightAction>)
    return done.segment ? std::to_string(*done.segment) : std::string("null");
  return std::string("null");
}

Reply m_release(Env& e) {
  std::vector<std::string> held;
  for (const HeldSegment& h : e.s.world().held()) held.push_back(h.label);
  if (std::find(held.begin(), held.end(), e.args[0]) == held.end())
    return Err{"label: no segment is held as '" + e.args[0] + "'" + (held.empty() ? "" : " (held: " + list(held) + ")")};
  apply(e.s, ApplyCmd{ReleaseAction{e.args[0]}});
  return std::string("null");
}

Reply m_set_link(Env& e) {
  const auto dir = direction_arg(e.s, e.args[0], true);
  if (!dir) return Err{dir.error()};
  auto c = link_change_arg(e.args[1]);
  if (!c) return Err{c.error()};
  c.value().dir = dir.value();
  apply(e.s, ApplyCmd{std::move(c).value()});
  return std::string("null");
}

Reply m_inject(Env& e) {
  const auto who = who_arg(e.s, e.args[0]);
  if (!who) return Err{who.error()};
  const auto flags = parse_flags(e.args[1]);
  if (!flags) return bad("flags", kFlagsHint, e.args[1]);
  // The scenario format's defaults: seq rcv_nxt, ack snd_nxt with ACK (else 0).
  InjectAction in{e.s.world().entry(who.value()).name, *flags, SeqExpr{SeqExpr::Base::RcvNxt, 0},
                  flags->has(kAck) ? SeqExpr{SeqExpr::Base::SndNxt, 0} : SeqExpr{}, 0, {}};
  for (const auto& [key, value] : split_query(e.opt(2) ? *e.opt(2) : "", false)) {
    const auto wrong = [&, &key = key, &value = value](std::string message) {
      return Err{"settings: " + ParamError{key, value, std::move(message)}.text()};
    };
    if (key == "seq" || key == "ack") {
      const auto x = parse_seq_expr(value);
      if (!x) return wrong("expected " + std::string(kSeqExprHint));
      (key == "seq" ? in.seq : in.ack) = *x;
    } else if (key == "win") {
      const auto w = parse_uint(value, 0, 65535);
      if (!w) return wrong("expected " + range_hint("a window", 0, 65535));
      in.window = static_cast<std::uint16_t>(*w);
    } else if (key == "data") {
      auto d = bytes_arg("data", value);
      if (!d) return wrong("expected text, or 0x and two hex digits per octet");
      in.payload = std::move(d).value();
    } else {
      return Err{"settings: " + ParamError{key, value, did_you_mean(key, {"seq", "ack", "win", "data"}), {}, true}.text() +
                 "; inject takes seq, ack, win and data"};
    }
  }
  apply(e.s, ApplyCmd{std::move(in)});
  return std::string("null");
}

Reply m_step(Env& e) {
  apply(e.s, StepCmd{});
  return JsonObject().raw("t", seconds(e.s.world().now())).boolean("more", e.s.world().next_event_time().has_value()).done();
}

Reply m_run_for(Env& e) {
  const auto d = time_arg("duration", e.args[0]);
  if (!d) return Err{d.error()};
  apply(e.s, RunUntilCmd{e.s.world().now() + d.value()});
  return seconds(e.s.world().now());
}

Reply m_run_until(Env& e) {
  const auto t = time_arg("time", e.args[0]);
  if (!t) return Err{t.error()};
  apply(e.s, RunUntilCmd{Instant{t.value()}});
  return seconds(e.s.world().now());
}

Reply m_play(Env& e) {
  apply(e.s, PlayCmd{true});
  return std::string("null");
}
Reply m_pause(Env& e) {
  apply(e.s, PlayCmd{false});
  return std::string("null");
}

Reply m_set_speed(Env& e) {
  // The URL's speed key: the same range, the same words.
  const ParsedParams p = parse_params({{"speed", e.args[0]}});
  if (!p.errors.empty()) return Err{"x: " + p.errors[0].message + ", got '" + e.args[0] + "'"};
  apply(e.s, SpeedCmd{p.params.speed});
  return std::string("null");
}

// The URL's lang key: the same languages, the same words.
Reply m_set_language(Env& e) {
  const ParsedParams p = parse_params({{"lang", e.args[0]}});
  if (!p.errors.empty()) return Err{"lang: " + p.errors[0].message + ", got '" + e.args[0] + "'"};
  apply(e.s, LanguageCmd{p.params.lang});
  return std::string("null");
}

Reply m_rewind(Env& e) {
  const auto t = time_arg("time", e.args[0]);
  if (!t) return Err{t.error()};
  apply(e.s, RewindCmd{Instant{t.value()}});
  return seconds(e.s.world().now());
}

Reply m_now(Env& e) { return seconds(e.s.world().now()); }

Reply m_state(Env& e) {
  if (auto h = e.s.world().host_index(e.args[0])) return json_string(state_of(e.s, *h));
  const auto who = who_arg(e.s, e.args[0]);
  if (!who) return Err{who.error()};
  return json_string(rfc_name(e.s.world().entry(who.value()).conn.state()));
}

Reply m_states(Env& e) {
  JsonObject o;
  for (std::size_t h = 0; h < e.s.world().hosts().size(); ++h) o.str(e.s.host_name(h), state_of(e.s, h));
  return o.done();
}

Reply m_connections(Env& e) {
  const World& w = e.s.world();
  std::vector<std::string> items;
  for (std::size_t h = 0; h < w.hosts().size(); ++h)
    for (std::size_t i = 0; i < w.hosts()[h].connections().size(); ++i) items.push_back(conn_json(w, ConnRef{h, i}).done());
  return json_array(items);
}

Reply m_tcb(Env& e) {
  const auto who = who_arg(e.s, e.args[0]);
  if (!who) return Err{who.error()};
  return tcb_json(e.s.world(), who.value());
}

std::string segment_json(const std::optional<std::uint32_t>& id) { return id ? std::to_string(*id) : "null"; }

// A sender's window series (core/sim/window_series.h) as the API gives it.
std::string window_series_json(const World& w, const SenderSeries& s) {
  std::vector<std::string> points, peer, marks;
  for (const WindowPoint& p : s.points)
    points.push_back(JsonObject()
                         .raw("t", seconds(p.t))
                         .str("phase", phase_id(p.phase))
                         .num("cwnd", p.cwnd)
                         .num("ssthresh", p.ssthresh)
                         .num("flight", p.flight)
                         .num("dup_acks", p.dup_acks)
                         .str("why", rule_id(p.why))
                         .raw("segment", segment_json(p.segment))
                         .done());
  for (const PeerWindow& p : s.peer_window)
    peer.push_back(JsonObject().raw("t", seconds(p.t)).num("window", p.window).num("segment", p.segment).done());
  for (const WindowMark& m : s.marks)
    marks.push_back(
        JsonObject().raw("t", seconds(m.t)).str("kind", mark_id(m.kind)).raw("segment", segment_json(m.segment)).done());
  return JsonObject()
      .str("conn", w.entry(s.conn).name)
      .str("host", w.hosts()[s.conn.host].name())
      .raw("points", json_array(points))
      .raw("peer_window", json_array(peer))
      .raw("marks", json_array(marks))
      .done();
}

// A host stands for the connection that sent the most data; null before
// any congestion decision. With an algorithm: the same run with who's host
// using it instead (core/lab/compare_run.h).
Reply m_window_series(Env& e) {
  const World& w = e.s.world();
  const auto host = w.host_index(e.args[0]);
  std::optional<ConnRef> conn;
  if (!host) {
    const auto who = who_arg(e.s, e.args[0]);
    if (!who) return Err{who.error()};
    conn = who.value();
  }
  std::optional<World> twin;
  if (const std::string* name = e.opt(1)) {
    const auto a = parse_algorithm(*name);
    if (!a) return bad("algorithm", "tahoe, reno, newreno or cubic", *name);
    twin.emplace(compare_world(w, host ? *host : conn->host, *a));
  }
  const World& run = twin ? *twin : w;
  const WindowSeries ws = WindowSeries::of(run.trace());
  const SenderSeries* s = host ? ws.for_host(*host) : ws.find(*conn);
  return s ? window_series_json(run, *s) : std::string("null");
}

Reply m_timers(Env& e) {
  std::optional<ConnRef> only;
  if (const std::string* w = e.opt(0)) {
    const auto who = who_arg(e.s, *w);
    if (!who) return Err{who.error()};
    only = who.value();
  }
  return timers_json(e.s.world(), only);
}

Reply m_trace_jsonl(Env& e) { return json_string(to_jsonl(e.s.world().trace(), host_names(e.s.world()))); }
Reply m_digest(Env& e) { return json_string(trace_digest(e.s.world().trace(), host_names(e.s.world()))); }
Reply m_share_query(Env& e) { return json_string(share_query(e.s, e.s.view())); }
Reply m_settings(Env& e) { return settings_json(e.s); }

// --- a real capture (lab_capture.h) ---
Reply capture_reply(LabSession& s, const Result<Ok, std::string>& done) {
  if (!done) return Err{done.error()};
  return s.capture().json();
}
Reply m_load_capture(Env& e) {
  auto bytes = bytes_arg("bytes", e.args[0]);
  if (!bytes) return Err{bytes.error()};
  return capture_reply(e.s, e.s.capture().open(e.opt(1) ? *e.opt(1) : "", std::move(bytes).value()));
}
Reply m_select_stream(Env& e) {
  if (!e.s.capture().is_open()) return Err{std::string("no capture is open (loadCapture first)")};
  const auto n = parse_uint(e.args[0], 0, ~0ULL);
  if (!n) return bad("index", "a stream number from 0", e.args[0]);
  return capture_reply(e.s, e.s.capture().select(*n));
}
Reply m_capture(Env& e) { return e.s.capture().json(); }
Reply m_close_capture(Env& e) {
  e.s.capture().close();
  return std::string("null");
}

struct Method {
  LabApi::MethodInfo info;
  Reply (*handler)(Env&);
};

// Every method, in the order of lab_api.h; call() and methods() both read it.
// The params text is the argument list: names ending in '?' are optional.
const std::vector<Method>& table() {
  static const std::vector<Method> t{
      {{"reset", "settings?", "a new world from settings (lab_params keys)"}, m_reset},
      {{"lessons", "", "the lessons: [{name, description}]"}, m_lessons},
      {{"loadLesson", "name", "load a lesson by name"}, m_load_lesson},
      {{"loadScenario", "text, name?", "load a scenario given as text"}, m_load_scenario},
      {{"results", "", "the scenario's expectation results once its end is reached, else null"}, m_results},
      {{"runToEnd", "", "run the loaded scenario to its end and give its results"}, m_run_to_end},
      {{"questions", "", "the lesson's questions: [{index, line, what, prompt, at, choices, attempts, right, ...}]"}, m_questions},
      {{"question", "", "the question the clock stopped at, or null"}, m_question},
      {{"runToQuestion", "", "run the clock to the next question and ask it; the question, or null"}, m_run_to_question},
      {{"answer", "response", "answer the question asked now: {right, attempts, points, answer, rule, seen}"}, m_answer},
      {{"hint", "", "the next hint of the question asked now, or null"}, m_hint},
      {{"reveal", "", "give up on the question asked now: {answer, rule, seen}"}, m_reveal},
      {{"score", "", "the lesson's score: {score, percent, points, questions, settled}"}, m_score},
      {{"listen", "host, port", "passive OPEN; the new connection's name"}, m_listen},
      {{"connect", "host, port, localPort?", "active OPEN to the other host; the new connection's name"}, m_connect},
      {{"send", "who, bytes", "SEND; null or the RFC's error text"}, m_send},
      {{"close", "who", "CLOSE; null or the RFC's error text"}, m_close},
      {{"abort", "who", "ABORT; null or the RFC's error text"}, m_abort},
      {{"reading", "who, on", "whether the application reads arriving data at once"}, m_reading},
      {{"stream", "who, octets?", "the application keeps the send buffer full, until stopStream or for octets"},
       m_stream},
      {{"stopStream", "who", "the streaming application stops writing"}, m_stop_stream},
      {{"dropNext", "direction, filter?", "drop the next matching segment sent"},
       [](Env& e) { return fault<DropNextAction>(e, false); }},
      {{"holdNext", "direction, filter, label", "hold the next matching segment sent"},
       [](Env& e) { return fault<HoldNextAction>(e, true); }},
      {{"dropInFlight", "direction, filter?", "drop a matching segment on the wire; its id or null"},
       [](Env& e) { return fault<DropInFlightAction>(e, false); }},
      {{"holdInFlight", "direction, filter, label", "hold a matching segment on the wire; its id or null"},
       [](Env& e) { return fault<HoldInFlightAction>(e, true); }},
      {{"release", "label", "put a held segment back on the wire"}, m_release},
      {{"setLink", "direction, settings", "change link settings (latency, loss, ...) one way or both"}, m_set_link},
      {{"inject", "who, flags, settings?", "a crafted segment from who's peer (settings: seq, ack, win, data)"}, m_inject},
      {{"step", "", "run to the next event: {t, more}"}, m_step},
      {{"runFor", "duration", "run the clock for a while; the time"}, m_run_for},
      {{"runUntil", "time", "run the clock to a time (never back); the time"}, m_run_until},
      {{"play", "", "start the page's clock"}, m_play},
      {{"pause", "", "stop the page's clock"}, m_pause},
      {{"setSpeed", "x", "the page clock's speed, 0.1 to 10"}, m_set_speed},
      {{"language", "", "the page's language: \"en\" or \"zh-CN\""},
       [](Env& e) -> Reply { return json_string(e.s.view().lang); }},
      {{"setLanguage", "lang", "show the page in a language: \"en\" or \"zh-CN\""}, m_set_language},
      {{"rewind", "time", "the world as it was at a time; the time"}, m_rewind},
      {{"now", "", "the simulated time in seconds"}, m_now},
      {{"state", "who", "the state of a connection, or of a host's newest"}, m_state},
      {{"states", "", "each host's state: {client, server}"}, m_states},
      {{"connections", "", "every connection: [{name, host, state, local, remote}]"}, m_connections},
      {{"tcb", "who", "a connection's TCB variables"}, m_tcb},
      {{"timers", "who?", "the running timers: [{conn, host, timer, remaining, duration, backoff}]"}, m_timers},
      {{"windowSeries", "who, algorithm?",
        "a sender's cwnd, ssthresh, flight, phase, peer window and marks over time; with an algorithm, the same run "
        "with who's host using it"},
       m_window_series},
      {{"traceJsonl", "", "the trace as JSON Lines"}, m_trace_jsonl},
      {{"digest", "", "the trace digest"}, m_digest},
      {{"shareQuery", "", "the query of a link that reproduces this run"}, m_share_query},
      {{"settings", "", "the lab's settings"}, m_settings},
      {{"loadCapture", "bytes, name?", "open a pcap or pcapng capture held in memory; what capture() gives"},
       m_load_capture},
      {{"selectStream", "index", "replay another stream of the open capture; what capture() gives"}, m_select_stream},
      {{"capture", "", "the open capture: null or {name, streams, stream, sides, states, inferences, ...}"}, m_capture},
      {{"closeCapture", "", "close the capture: the lab's own run is shown again"}, m_close_capture},
  };
  return t;
}

// "host, port, localPort?": how many arguments, at least and at most.
std::pair<std::size_t, std::size_t> arity(std::string_view params) {
  std::size_t lo = 0, hi = 0;
  while (!params.empty()) {
    const std::size_t comma = std::min(params.find(','), params.size());
    const std::string_view name = params.substr(0, comma);
    ++hi;
    if (name.empty() || name.back() != '?') ++lo;
    params.remove_prefix(std::min(comma + 2, params.size()));
  }
  return {lo, hi};
}

std::string arity_error(std::string_view params, std::size_t got) {
  const auto [lo, hi] = arity(params);
  const auto count = [](std::size_t n) { return std::to_string(n) + (n == 1 ? " argument" : " arguments"); };
  std::string expected = hi == 0 ? "no arguments"
                         : lo == hi ? count(lo) + " (" + std::string(params) + ")"
                                    : std::to_string(lo) + (hi == lo + 1 ? " or " : " to ") + std::to_string(hi) +
                                          " arguments (" + std::string(params) + ")";
  return "expected " + expected + ", got " + std::to_string(got);
}

const QuestionWords& english_words() {
  static const EnglishQuestionWords words;
  return words;
}

}  // namespace

LabApi::LabApi(const std::string& lessons_dir)
    : owned_(std::make_unique<LabSession>()), session_(owned_.get()), words_(&english_words()) {
  if (!lessons_dir.empty()) session_->load_lessons(lessons_dir);
  seen_world_ = session_->world_serial();
  seen_generation_ = session_->generation();
}

LabApi::LabApi(LabSession& session) : session_(&session), words_(&english_words()) {
  seen_world_ = session_->world_serial();
  seen_generation_ = session_->generation();
}

LabApi::~LabApi() = default;

const std::vector<LabApi::MethodInfo>& LabApi::methods() {
  static const std::vector<MethodInfo> infos = [] {
    std::vector<MethodInfo> out;
    for (const Method& m : table()) out.push_back(m.info);
    return out;
  }();
  return infos;
}

std::string LabApi::call(std::string_view method, const std::vector<std::string>& args) {
  const auto& t = table();
  const auto m = std::find_if(t.begin(), t.end(), [&](const Method& x) { return x.info.name == method; });
  if (m == t.end()) {
    std::vector<std::string_view> names;
    for (const Method& x : t) names.push_back(x.info.name);
    const std::string hint = did_you_mean(method, names);
    return JsonObject().str("error", "unknown method '" + std::string(method) + "'" + (hint.empty() ? "" : " (" + hint + ")")).done();
  }
  const std::string prefix = std::string(method) + ": ";
  const auto [lo, hi] = arity(m->info.params);
  if (args.size() < lo || args.size() > hi)
    return JsonObject().str("error", prefix + arity_error(m->info.params, args.size())).done();
  Env env{*session_, args, *words_};
  const Reply r = m->handler(env);
  if (!r) return JsonObject().str("error", prefix + r.error()).done();
  return JsonObject().raw("ok", r.value()).done();
}

std::string LabApi::load_capture(std::string name, std::vector<std::uint8_t> bytes) {
  const Reply r = capture_reply(*session_, session_->capture().open(std::move(name), std::move(bytes)));
  if (!r) return JsonObject().str("error", "loadCapture: " + r.error()).done();
  return JsonObject().raw("ok", r.value()).done();
}

Result<std::vector<std::uint8_t>, std::string> LabApi::pcap(std::string_view host) const {
  std::size_t h = 0;
  if (!host.empty()) {
    const auto found = host_arg(*session_, host);
    if (!found) return Err{"pcap: " + found.error()};
    h = found.value();
  }
  return to_pcap(session_->world().trace(), h);
}

std::vector<ParamError> LabApi::open_page(std::string_view query) {
  ParsedParams parsed = parse_query(query);
  auto more = start_session(*session_, parsed.params);
  parsed.errors.insert(parsed.errors.end(), more.begin(), more.end());
  return parsed.errors;
}

namespace {

// A response or a completion, as take_events() reports it (the JavaScript
// layer shapes it into an xAPI statement).
// An xAPI language map ({"en-US": ..., "zh-CN": ...}): `text(lang)` in
// every language the wording has and the lesson translates into.
template <class Text>
std::string language_map(std::vector<std::string> langs, const Translations& lesson_has, Text text) {
  for (const auto& [lang, t] : lesson_has)
    if (std::find(langs.begin(), langs.end(), lang) == langs.end()) langs.push_back(lang);
  JsonObject o;
  for (const std::string& lang : langs) o.str(lang == "en" ? "en-US" : lang, text(lang));  // xAPI examples use en-US
  return o.done();
}

// A response or a completion, as take_events() reports it (the JavaScript
// layer shapes it into an xAPI statement, with the language maps given here).
std::string course_event_json(const LabSession& s, const QuestionWords& words, const CourseEvent& ev) {
  JsonObject o;
  const Lesson* l = s.lesson();
  const bool same_lesson = l && l->name == ev.lesson;
  if (ev.kind == CourseEvent::Kind::Completed) {
    const LessonScore sc = s.score();
    o.str("type", "lesson-completed").str("lesson", ev.lesson).str("lang", s.view().lang);
    if (same_lesson) {
      const std::string& title = l->scenario.title.empty() ? l->name : l->scenario.title;
      o.raw("titles", language_map({"en"}, l->scenario.titles,
                                   [&](const std::string& lang) { return in_language(title, l->scenario.titles, lang); }));
    }
    return o.raw("score", json_number(ev.score)).raw("points", json_number(ev.points))
        .num("questions", static_cast<long long>(sc.questions)).raw("t", seconds(ev.t)).done();
  }
  o.str("type", "question-answered").str("lesson", ev.lesson).num("question", static_cast<long long>(ev.question));
  o.str("lang", s.view().lang);
  if (same_lesson && ev.question < l->scenario.questions.size()) {
    const std::size_t i = ev.question;
    const Question& q = l->scenario.questions[i];
    const Checkpoint& c = s.checkpoints()[i];
    o.num("line", q.loc.line).str("what", ask_what_name(q.what)).str("prompt", words.prompt(s, i, s.view().lang));
    o.raw("prompts", language_map(words.languages(), q.prompt_in,
                                  [&](const std::string& lang) { return words.prompt(s, i, lang); }));
    o.str("correct", c.answer);
    std::vector<std::string> choices, labels;
    for (const std::string& ch : c.choices) {
      choices.push_back(json_string(ch));
      labels.push_back(language_map(words.languages(), {},
                                    [&](const std::string& lang) { return words.choice(s, i, ch, lang); }));
    }
    o.raw("choices", json_array(choices)).raw("choice_labels", json_array(labels));
  }
  o.str("response", ev.response).boolean("right", ev.right).boolean("revealed", ev.revealed);
  o.num("attempts", ev.attempts).raw("points", json_number(ev.points)).raw("t", seconds(ev.t));
  return o.done();
}

}  // namespace

std::string LabApi::take_events() {
  const LabSession& s = *session_;
  const Trace& trace = s.world().trace();
  std::vector<std::string> events;
  if (s.world_serial() != seen_world_) {
    events.push_back(JsonObject().str("type", "reset").done());
    event_cursor_ = 0;
    finished_reported_ = false;
    names_.reset();
  } else if (s.generation() != seen_generation_) {
    // Records up to the earliest rewind are as they were; the consumer forgets the rest.
    const Instant t = s.rewound_since(seen_generation_).value_or(s.world().now());
    events.push_back(JsonObject().str("type", "rewind").raw("t", seconds(t)).done());
    const auto first_after =
        std::upper_bound(trace.begin(), trace.end(), t, [](Instant x, const TraceRecord& r) { return x < r.t; });
    event_cursor_ = std::min(event_cursor_, static_cast<std::size_t>(first_after - trace.begin()));
    names_.reset();
    // Back before the end: the scenario will finish again, and say so again.
    if (t < reported_end_) finished_reported_ = false;
  }
  seen_world_ = s.world_serial();
  seen_generation_ = s.generation();
  if (!names_) {
    names_ = std::make_unique<TraceNames>(host_names(s.world()));
    names_learnt_ = 0;
  }
  // Names of connections made later are known to every record (a TraceNames that has learnt all so far).
  for (; names_learnt_ < trace.size(); ++names_learnt_) names_->learn(trace[names_learnt_]);
  for (; event_cursor_ < trace.size(); ++event_cursor_) events.push_back(jsonl_line(trace[event_cursor_], *names_));
  if (s.results() && !finished_reported_) {
    const auto& results = *s.results();
    const bool passed = std::all_of(results.begin(), results.end(), [](const ExpectationResult& r) { return r.passed; });
    events.push_back(JsonObject()
                         .str("type", "scenario-finished")
                         .boolean("passed", passed)
                         .raw("results", results_json(results))
                         .done());
    finished_reported_ = true;
    reported_end_ = s.ended_at();
  }
  for (; course_cursor_ < s.course_events().size(); ++course_cursor_)
    events.push_back(course_event_json(s, *words_, s.course_events()[course_cursor_]));
  return json_array(events);
}

}  // namespace tcplab
