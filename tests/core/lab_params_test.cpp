// The lab's settings as URL parameters and share links: every key read and
// refused with a message that names it, and a shared link that rebuilds the
// same run, trace digest for trace digest.
#include <catch2/catch.hpp>

#include <functional>

#include "core/base/text_template.h"
#include "core/lab/lab_params.h"
#include "core/scenario/scenario_runner.h"
#include "core/sim/trace_export.h"

using namespace tcplab;
using namespace std::chrono_literals;

namespace {

std::string digest(const LabSession& s) { return trace_digest(s.world().trace(), host_names(s.world())); }

void apply(LabSession& s, std::vector<Command> cmds) { s.apply(cmds); }

LabSession with_lessons() {
  LabSession s;
  CHECK(s.load_lessons(std::string(TCPLAB_SOURCE_DIR) + "/scenarios").empty());
  return s;
}

// Loads a lesson by name, as a click on the lessons list does.
void load_lesson(LabSession& s, const std::string& name) {
  std::size_t index = 0;
  while (index < s.lessons().size() && s.lessons()[index].name != name) ++index;
  REQUIRE(index < s.lessons().size());
  apply(s, {LoadLessonCmd{index}});
}

std::vector<std::string> texts(const std::vector<ParamError>& errors) {
  std::vector<std::string> out;
  for (const ParamError& e : errors) out.push_back(e.text());
  return out;
}

// share_query -> parse_query -> start_session on a fresh session: the same world.
void check_shared(const LabSession& original, const LabParams& view = {}) {
  const std::string query = share_query(original, view);
  INFO(query);
  const ParsedParams parsed = parse_query(query);
  CHECK(texts(parsed.errors).empty());
  LabSession copy = with_lessons();
  CHECK(texts(start_session(copy, parsed.params)).empty());
  CHECK(copy.world().now() == original.world().now());
  CHECK(digest(copy) == digest(original));
  CHECK(!copy.playing());
  // The link of the copy is the link of the original.
  CHECK(share_query(copy, view) == query);
}

// "line 5: passed: ESTABLISHED at 30.000ms", one per expectation.
std::vector<std::string> outcome(const std::vector<ExpectationResult>& results) {
  std::vector<std::string> out;
  for (const ExpectationResult& r : results)
    out.push_back("line " + std::to_string(r.expectation.loc.line) + ": " + (r.passed ? "passed" : "failed") + ": " +
                  r.seen);
  return out;
}

// As check_shared, and then both run to the lesson's end: the same results,
// at the same time, with the same trace.
void check_shared_results(const LabSession& original) {
  const std::string query = share_query(original);
  INFO(query);
  const ParsedParams parsed = parse_query(query);
  REQUIRE(texts(parsed.errors).empty());
  LabSession copy = with_lessons(), ended = original;
  CHECK(texts(start_session(copy, parsed.params)).empty());
  CHECK(copy.world().now() == original.world().now());
  CHECK(digest(copy) == digest(original));
  apply(ended, {RunToEndCmd{}});
  apply(copy, {RunToEndCmd{}});
  REQUIRE(ended.results());
  REQUIRE(copy.results());
  CHECK(outcome(*copy.results()) == outcome(*ended.results()));
  CHECK(copy.ended_at() == ended.ended_at());
  CHECK(copy.world().now() == ended.world().now());
  CHECK(digest(copy) == digest(ended));
}

constexpr const char* kHandshake =
    "description A handshake of the teacher's own.\n"
    "host client 10.0.0.1\nhost server 10.0.0.2\nlink latency 10ms\n"
    "at 0ms listen server:80 as l\n"
    "at 0ms connect client:40000 to server:80 as c\n"
    "expect c state ESTABLISHED\n"
    "expect l.1 state ESTABLISHED\n";

}  // namespace

TEST_CASE("lab params: every key's values", "[param]") {
  auto [query, check] = GENERATE(table<std::string, std::function<bool(const LabParams&)>>({
      {"lesson=lost-syn", [](const LabParams& p) { return p.lesson == "lost-syn"; }},
      {"lang=en", [](const LabParams& p) { return p.lang == "en"; }},
      {"lang=zh-CN", [](const LabParams& p) { return p.lang == "zh-CN"; }},
      {"speed=2.5", [](const LabParams& p) { return p.speed == 2.5; }},
      {"speed=0.1", [](const LabParams& p) { return p.speed == 0.1; }},
      {"autoplay=off", [](const LabParams& p) { return !p.autoplay; }},
      {"autoplay=0", [](const LabParams& p) { return !p.autoplay; }},
      {"autoplay=false&autoplay", [](const LabParams& p) { return p.autoplay; }},
      {"profile=linux", [](const LabParams& p) { return p.setup.profile == ProfileKind::LinuxLike; }},
      {"msl=real", [](const LabParams& p) { return p.setup.real_msl; }},
      {"msl=250ms", [](const LabParams& p) { return !p.setup.real_msl && p.setup.lab_msl == 250ms; }},
      {"msl=10min", [](const LabParams& p) { return p.setup.lab_msl == 600s; }},
      {"seed=18446744073709551615", [](const LabParams& p) { return p.setup.seed == ~0ULL; }},
      {"delayed_ack=off", [](const LabParams& p) { return !p.setup.delayed_ack; }},
      {"receive_buffer=4000", [](const LabParams& p) { return p.setup.receive_buffer == 4000; }},
      {"syn_retries=0", [](const LabParams& p) { return p.setup.syn_retries == 0; }},
      {"synack_retries=20", [](const LabParams& p) { return p.setup.synack_retries == 20; }},
      {"congestion=reno", [](const LabParams& p) {
         return p.setup.congestion[0] == CongestionAlgorithm::Reno && p.setup.congestion[1] == CongestionAlgorithm::Reno;
       }},
      {"server.congestion=tahoe", [](const LabParams& p) {
         return !p.setup.congestion[0] && p.setup.congestion[1] == CongestionAlgorithm::Tahoe;
       }},
      {"latency=10ms", [](const LabParams& p) { return p.setup.link[0].latency == 10ms && p.setup.link[1].latency == 10ms; }},
      {"jitter=5ms", [](const LabParams& p) { return p.setup.link[0].jitter == 5ms && p.setup.link[1].jitter == 5ms; }},
      {"bandwidth=10Mbps", [](const LabParams& p) { return p.setup.link[1].bandwidth_bps == 10'000'000; }},
      {"bandwidth=unlimited", [](const LabParams& p) { return p.setup.link[1].bandwidth_bps == 0; }},
      {"queue=20", [](const LabParams& p) { return p.setup.link[0].queue_limit == 20; }},
      {"loss=5%", [](const LabParams& p) { return p.setup.link[0].loss == 0.05 && p.setup.link[1].loss == 0.05; }},
      {"loss=5%25", [](const LabParams& p) { return p.setup.link[0].loss == 0.05; }},
      {"duplicate=0.5", [](const LabParams& p) { return p.setup.link[0].duplicate == 0.5; }},
      {"reorder=1", [](const LabParams& p) { return p.setup.link[1].reorder == 1.0; }},
      {"reorder_delay=30ms", [](const LabParams& p) { return p.setup.link[1].reorder_delay == 30ms; }},
      {"corrupt=1%", [](const LabParams& p) { return p.setup.link[1].corrupt == 0.01; }},
      {"mtu=576", [](const LabParams& p) { return p.setup.link[0].mtu == 576 && p.setup.link[1].mtu == 576; }},
      {"c2s.loss=10%", [](const LabParams& p) { return p.setup.link[0].loss == 0.1 && p.setup.link[1].loss == 0; }},
      {"s2c.latency=1s", [](const LabParams& p) { return p.setup.link[1].latency == 1s && p.setup.link[0].latency == 250ms; }},
      {"loss=1%&s2c.loss=2%", [](const LabParams& p) { return p.setup.link[0].loss == 0.01 && p.setup.link[1].loss == 0.02; }},
      {"panels=fsm,ladder", [](const LabParams& p) {
         return p.panels == std::array<bool, 6>{false, false, true, true, false, false};
       }},
      {"layout=compact", [](const LabParams& p) { return p.compact; }},
      {"layout=full", [](const LabParams& p) { return !p.compact; }},
      {"lane=on", [](const LabParams& p) { return p.window_lane && !p.sequence_graph; }},
      {"graph=sequence", [](const LabParams& p) { return p.sequence_graph && !p.window_lane; }},
      {"graph=ladder", [](const LabParams& p) { return !p.sequence_graph; }},
      {"sender=server", [](const LabParams& p) { return p.sender == 1; }},
      {"sender=client", [](const LabParams& p) { return p.sender == 0; }},
      {"compare=tahoe", [](const LabParams& p) { return p.compare == CongestionAlgorithm::Tahoe; }},
      {"compare=cubic&compare=off", [](const LabParams& p) { return !p.compare; }},
      {"t=2.5s", [](const LabParams& p) { return p.until == Instant{2500ms}; }},
      {"t=60min", [](const LabParams& p) { return p.until == Instant{3600s}; }},
      {"run=0@0ms+listen+server:80+as+l;3@1.5s+at+2s+close+l;", [](const LabParams& p) {
         return p.run.size() == 2 && p.run[0].step == 0 && std::holds_alternative<ListenAction>(p.run[0].action) &&
                p.run[1].step == 3 && p.run[1].t == Instant{1500ms} && p.run[1].scheduled_for == Instant{2s} &&
                std::get<CloseAction>(p.run[1].action).conn == "l";
       }},
      {"run=5@1s%20send%20c%20%22a;b%5C%22c%22", [](const LabParams& p) {
         return p.run.size() == 1 && std::get<SendAction>(p.run[0].action).data == std::vector<std::uint8_t>{'a', ';', 'b', '"', 'c'};
       }},
      {"?&&speed=3#fragment", [](const LabParams& p) { return p.speed == 3; }},
      {"scenario=description+Mine.%0Ahost+a+10.0.0.1%0Ahost+b+10.0.0.2%0Aseed+7%0A", [](const LabParams& p) {
         return p.scenario && p.scenario->name == "scenario" && p.scenario->description == "Mine." &&
                p.scenario->scenario.world.seed == 7 && p.scenario->text.find("host b 10.0.0.2\n") != std::string::npos;
       }},
  }));
  INFO(query);
  const ParsedParams r = parse_query(query);
  CHECK(texts(r.errors).empty());
  CHECK(check(r.params));
}

TEST_CASE("lab params: a wrong value names the key, the value and what was expected", "[param]") {
  auto [query, error] = GENERATE(table<std::string, std::string>({
      {"lesson=../etc", "parameter 'lesson' = '../etc': expected a lesson name such as lost-syn"},
      {"lang=zh", "parameter 'lang' = 'zh': expected a language: en, zh-CN"},
      {"speed=11", "parameter 'speed' = '11': expected a speed from 0.1 to 10, such as 2 or 0.5"},
      {"speed=fast", "parameter 'speed' = 'fast': expected a speed from 0.1 to 10, such as 2 or 0.5"},
      {"autoplay=maybe", "parameter 'autoplay' = 'maybe': expected on or off (also true/false, 1/0)"},
      {"profile=bsd", "parameter 'profile' = 'bsd': expected rfc9293 or linux"},
      {"msl=0ms", "parameter 'msl' = '0ms': expected a duration from 1ms to 10min such as 5s, or real (the profile's own MSL)"},
      {"msl=11min", "parameter 'msl' = '11min': expected a duration from 1ms to 10min such as 5s, or real (the profile's own MSL)"},
      {"seed=-1", "parameter 'seed' = '-1': expected a seed: a whole number from 0 to 18446744073709551615"},
      {"seed=18446744073709551616", "parameter 'seed' = '18446744073709551616': expected a seed: a whole number from 0 to 18446744073709551615"},
      {"delayed_ack=yes", "parameter 'delayed_ack' = 'yes': expected on or off (also true/false, 1/0)"},
      {"receive_buffer=0", "parameter 'receive_buffer' = '0': expected a number of octets from 1 to 1073741824"},
      {"syn_retries=21", "parameter 'syn_retries' = '21': expected a count from 0 to 20"},
      {"synack_retries=x", "parameter 'synack_retries' = 'x': expected a count from 0 to 20"},
      {"client.congestion=bbr", "parameter 'client.congestion' = 'bbr': expected tahoe, reno, newreno or cubic"},
      {"latency=soon", "parameter 'latency' = 'soon': expected a duration such as 10ms, 1.5s, 250us or 2min"},
      {"jitter=11min", "parameter 'jitter' = '11min': expected a duration such as 10ms, 1.5s, 250us or 2min, at most 10min"},
      {"bandwidth=fast", "parameter 'bandwidth' = 'fast': expected a bandwidth such as 10Mbps, 512kbps or 1Gbps, or unlimited"},
      {"queue=-1", "parameter 'queue' = '-1': expected a queue limit in packets from 0 to 1000000"},
      {"loss=7", "parameter 'loss' = '7': expected a probability such as 5% or 0.05"},
      {"duplicate=150%", "parameter 'duplicate' = '150%': expected a probability such as 5% or 0.05"},
      {"reorder=nan", "parameter 'reorder' = 'nan': expected a probability such as 5% or 0.05"},
      {"reorder_delay=1", "parameter 'reorder_delay' = '1': expected a duration such as 10ms, 1.5s, 250us or 2min"},
      {"corrupt=", "parameter 'corrupt' = '': expected a probability such as 5% or 0.05"},
      {"mtu=67", "parameter 'mtu' = '67': expected an MTU in octets from 68 to 65535"},
      {"c2s.mtu=70000", "parameter 'c2s.mtu' = '70000': expected an MTU in octets from 68 to 65535"},
      {"s2c.loss=2", "parameter 's2c.loss' = '2': expected a probability such as 5% or 0.05"},
      {"panels=fsm,map", "parameter 'panels' = 'fsm,map': expected panel names separated by commas, from controls, timers, "
                         "fsm, ladder, inspector, narration"},
      {"panels=", "parameter 'panels' = '': expected panel names separated by commas, from controls, timers, fsm, "
                  "ladder, inspector, narration"},
      {"layout=wide", "parameter 'layout' = 'wide': expected full or compact"},
      {"lane=yes", "parameter 'lane' = 'yes': expected on or off (also true/false, 1/0)"},
      {"graph=tcptrace", "parameter 'graph' = 'tcptrace': expected ladder or sequence"},
      {"sender=both", "parameter 'sender' = 'both': expected client or server"},
      {"compare=vegas", "parameter 'compare' = 'vegas': expected tahoe, reno, newreno, cubic or off"},
      {"t=2h", "parameter 't' = '2h': expected a time such as 2.5s, at most 60min"},
      {"t=61min", "parameter 't' = '61min': expected a time such as 2.5s, at most 60min"},
      {"los=5%", "unknown parameter 'los' (did you mean 'loss'?)"},
      {"c2s.latncy=5ms", "unknown parameter 'c2s.latncy' (did you mean 'c2s.latency'?)"},
      {"rum=1", "unknown parameter 'rum' (did you mean 'run'?)"},
      {"colour=red", "unknown parameter 'colour'"},
      {"run=0@0ms+listen+server:0+as+l", "parameter 'run', entry 1: expected HOST:PORT with a declared host (client, "
                                         "server), got 'server:0'"},
      {"run=0@0ms+close+c;1@1s+close+c;2@2s+frobnicate", "parameter 'run', entry 3: expected an action (listen, connect, "
                                                         "send, stream, receive, close, abort, reading, nodelay, drop, hold, "
                                                         "release, inject, link), got 'frobnicate'"},
      {"run=close+c", "parameter 'run', entry 1: expected STEP@TIME ACTION such as 12@1.5s close c, got 'close c'"},
      {"run=1@61min+close+c", "parameter 'run', entry 1: later than 60min, the longest a shared run may last"},
      {"run=5@1s+close+c;4@2s+close+c", "parameter 'run', entry 2: comes before entry 1 (inputs are in the order they were given)"},
      {"run=1@1s+at+soon+close+c", "parameter 'run', entry 1: expected 'at' a duration such as 10ms, 1.5s, 250us or 2min "
                                   "and an action"},
      {"scenario=at+soon+listen", "parameter 'scenario' = 'at soon listen': 1:4: expected a duration such as 10ms, "
                                  "1.5s, 250us or 2min, got 'soon'"},
      {"scenario=host+a+10.0.0.1%0Ahost+b+10.0.0.2%0Aat+1s+frobnicate", "parameter 'scenario': 3:7: expected an action "
                                                                      "(listen, connect, send, stream, receive, close, abort, "
                                                                      "reading, nodelay, drop, hold, release, inject, link), "
                                                                      "got 'frobnicate'"},
      {"lesson=lost-syn&scenario=host+a+10.0.0.1%0Ahost+b+10.0.0.2%0A",
       "parameter 'scenario': ignored: give 'lesson' or 'scenario', not both"},
      {"scenario=host+a+10.0.0.1%0Ahost+b+10.0.0.2%0A&lesson=lost-syn",
       "parameter 'lesson' = 'lost-syn': ignored: give 'lesson' or 'scenario', not both"},
  }));
  INFO(query);
  const ParsedParams r = parse_query(query);
  REQUIRE(r.errors.size() == 1);
  CHECK(r.errors[0].text() == error);
  // The reason as a code and its arguments says the same: the page words it
  // in Chinese from them. Only an unknown key with no near one has none.
  const ParamError& e = r.errors[0];
  const std::vector<std::string_view> args(e.args.begin(), e.args.end());
  CHECK(fill_template(param_reason_english(e.reason), args) == e.message);
  CHECK((e.reason != ParamReason::Other || (e.unknown_key && e.message.empty())));
  // The setting keeps its default.
  const LabParams def;
  CHECK(r.params.setup.link[0] == def.setup.link[0]);
  CHECK(r.params.speed == def.speed);
  CHECK(r.params.run.empty());
}

TEST_CASE("lab params: a run cannot be made to hang the page", "[param]") {
  std::string many;
  for (int i = 0; i <= 1000; ++i) many += "0@0ms close c;";
  auto r = parse_query("run=" + many);
  REQUIRE(r.errors.size() == 1);
  CHECK(r.errors[0].text() == "parameter 'run': more than 1000 inputs; a shared run holds at most 1000");
  r = parse_query("run=0@0ms send c 10000000 bytes;1@0ms send c 10000000 bytes");
  REQUIRE(r.errors.size() == 1);
  CHECK(r.errors[0].text() ==
        "parameter 'run', entry 2: the run sends more than 16777216 octets, the most a shared run may send");
  CHECK(r.params.run.empty());
  // A scenario in a link: 64 KiB at most.
  std::string big = "description " + std::string(kMaxScenarioText, 'x');
  r = parse_params({{"scenario", big}});
  REQUIRE(r.errors.size() == 1);
  CHECK(r.errors[0].text() == "parameter 'scenario': expected a scenario of at most 65536 octets (64 KiB), got 65548");
  CHECK(!r.params.scenario);
  big.resize(kMaxScenarioText);
  r = parse_params({{"scenario", big + "\nhost a 10.0.0.1\nhost b 10.0.0.2"}});
  CHECK(r.errors.size() == 1);  // over by the hosts
  r = parse_params({{"scenario", big.substr(0, kMaxScenarioText - 40) + "\nhost a 10.0.0.1\nhost b 10.0.0.2"}});
  CHECK(texts(r.errors).empty());
  CHECK(r.params.scenario);
  // Later keys win, errors leave the earlier value.
  r = parse_query("speed=2&speed=20");
  CHECK(r.params.speed == 2);
  CHECK(r.errors.size() == 1);
}

TEST_CASE("lab params: a share link rebuilds the run it was made from", "[param]") {
  SECTION("a setup, odd frames, clicks at odd times, a step, a rewind") {
    LabSession s = with_lessons();
    LabSetup setup;
    setup.profile = ProfileKind::LinuxLike;
    setup.lab_msl = 1500ms;
    setup.delayed_ack = false;
    setup.receive_buffer = 3000;
    setup.syn_retries = 3;
    setup.congestion[0] = CongestionAlgorithm::Reno;
    setup.link[0].loss = 0.1;
    setup.link[0].latency = 80ms;
    setup.link[1].latency = 80ms;
    setup.link[1].jitter = 7ms;
    setup.link[1].duplicate = 0.05;
    setup.seed = 42;
    apply(s, {ResetCmd{setup}});
    s.advance(0.037);
    apply(s, {ApplyCmd{ListenAction{"server", s.listen_name(1), 80, 128}}});
    s.advance(0.0123);
    apply(s, {ApplyCmd{ConnectAction{"client", s.connect_name(0), 40000, "server", 80}}});
    for (int i = 0; i < 7; ++i) s.advance(0.0777);
    apply(s, {ApplyCmd{SendAction{"c", std::vector<std::uint8_t>(5000, 'x')}}});
    s.advance(0.05);
    SegmentFilter data;
    data.has_payload = true;
    apply(s, {ApplyCmd{DropInFlightAction{0, data}}});
    // A step to the next event, and a click at that very instant.
    apply(s, {StepCmd{}});
    apply(s, {ApplyCmd{SendAction{"l.1", {0x00, 0xFF, '"', ';', '\n'}}}});
    apply(s, {PlayCmd{true}});
    for (int i = 0; i < 20; ++i) s.advance(0.0913);
    apply(s, {ApplyCmd{CloseAction{"c"}}});
    for (int i = 0; i < 5; ++i) s.advance(0.0311);
    check_shared(s);

    // Back in time, then a new input: the old future is gone from the link.
    apply(s, {RewindCmd{s.world().now() - 900ms}});
    check_shared(s);
    apply(s, {ApplyCmd{AbortAction{"l.1"}}});
    s.advance(0.1);
    LabParams view;
    view.speed = 2.5;
    view.panels = {true, false, true, true, false, true};
    view.compact = true;
    view.window_lane = true;
    view.sequence_graph = true;
    view.sender = 1;
    view.compare = CongestionAlgorithm::Cubic;
    check_shared(s, view);
    const std::string q = share_query(s, view);
    CHECK(q.find("profile=linux&msl=1500ms&delayed_ack=off&receive_buffer=3000&syn_retries=3&client.congestion=reno&latency=80ms&"
                 "s2c.jitter=7ms&c2s.loss=0.1&s2c.duplicate=0.05&seed=42&speed=2.5&"
                 "panels=controls,fsm,ladder,narration&layout=compact&lane=on&graph=sequence&sender=server&compare=cubic&run=") == 0);
    const LabParams back = parse_query(q).params;
    CHECK(back.window_lane);
    CHECK(back.sequence_graph);
    CHECK(back.sender == 1);
    CHECK(back.compare == CongestionAlgorithm::Cubic);
  }
  SECTION("a lesson and the learner's inputs after its own") {
    LabSession s = with_lessons();
    load_lesson(s, "lost-syn");
    s.advance(0.06);
    apply(s, {ApplyCmd{SendAction{"c", {'h', 'i'}}}});
    for (int i = 0; i < 30; ++i) s.advance(0.09);
    apply(s, {ApplyCmd{CloseAction{"c"}}});
    s.advance(0.5);
    const std::string q = share_query(s);
    CHECK(q.find("lesson=lost-syn&run=") == 0);
    CHECK(q.find("listen") == std::string::npos);  // the lesson's own inputs are not in the link
    check_shared(s);
    check_shared_results(s);
    // Back in time and new inputs: the link still ends as the original does.
    apply(s, {RewindCmd{Instant{1500ms}}});
    apply(s, {ApplyCmd{AbortAction{"c"}}});
    s.advance(0.3);
    apply(s, {ApplyCmd{ConnectAction{"client", s.connect_name(0), 40001, "server", 80}}});
    s.advance(0.05);
    CHECK(!s.lesson_finished());
    check_shared(s);
    check_shared_results(s);
  }
  SECTION("a scenario given as text, and the learner's inputs, travel whole") {
    LabSession s = with_lessons();
    auto lesson = make_lesson("homework", kHandshake);
    REQUIRE(lesson);
    apply(s, {LoadScenarioCmd{*lesson}});
    s.advance(0.015);
    apply(s, {ApplyCmd{SendAction{"c", {'h', 'i', '&', '%', '+', '\n'}}}});
    s.advance(0.05);
    apply(s, {ApplyCmd{CloseAction{"c"}}});
    s.advance(0.02);
    const std::string q = share_query(s);
    CHECK(q.find("scenario=description+A+handshake+of+the+teacher's+own.%0Ahost+client+10.0.0.1%0A") == 0);
    CHECK(q.find("lesson=") == std::string::npos);
    CHECK(q.find("&run=") != std::string::npos);
    check_shared(s);
    check_shared_results(s);
    // The copy's lesson is the scenario, by the key's name.
    LabSession copy = with_lessons();
    CHECK(texts(start_session(copy, parse_query(q).params)).empty());
    REQUIRE(copy.lesson());
    CHECK(copy.lesson()->name == "scenario");
    CHECK(copy.lesson()->text == kHandshake);
    CHECK(!copy.loaded_lesson());
  }
  SECTION("a fresh lab shares nothing but what differs") {
    LabSession s = with_lessons();
    CHECK(share_query(s).empty());
    s.advance(0.1);
    CHECK(share_query(s) == "t=100ms");
    check_shared(s);
  }
}

TEST_CASE("lab params: a lesson a learner's input ended ends there in its share link and after a rewind", "[param]") {
  // Without 'run until', both ends wait in TIME-WAIT for 10 s (a simultaneous
  // close): the learner's ABORTs end that, and with it the lesson.
  LabSession s = with_lessons();
  auto lesson =
      make_lesson("t", std::string(kHandshake) + "msl 5s\nat 50ms close c\nat 50ms close l.1\nexpect c state CLOSED\n");
  REQUIRE(lesson);
  apply(s, {LoadScenarioCmd{*lesson}});
  apply(s, {RunUntilCmd{Instant{200ms}}});
  apply(s, {ApplyCmd{AbortAction{"c"}}});
  CHECK(!s.lesson_finished());
  apply(s, {ApplyCmd{AbortAction{"l.1"}}});
  REQUIRE(s.lesson_finished());
  const auto ended = s.ended_at();
  s.advance(0.1);
  check_shared_results(s);
  // Back before the abort, and on again: it ends where it ended.
  apply(s, {RewindCmd{Instant{150ms}}});
  CHECK(!s.lesson_finished());
  apply(s, {RunUntilCmd{Instant{250ms}}});
  REQUIRE(s.lesson_finished());
  CHECK(s.ended_at() == ended);
  check_shared_results(s);
}

TEST_CASE("lab params: a lesson sets up its own world, only the seed is taken", "[param]") {
  SECTION("setup keys are refused, in the order given, and keep their defaults") {
    const ParsedParams r = parse_query("loss=5%&speed=2&lesson=lost-syn&profile=linux&c2s.latency=1s&seed=7");
    CHECK(texts(r.errors) ==
          std::vector<std::string>{
              "parameter 'loss' = '5%': ignored: the lesson 'lost-syn' sets up its own hosts, profile and link",
              "parameter 'profile' = 'linux': ignored: the lesson 'lost-syn' sets up its own hosts, profile and link",
              "parameter 'c2s.latency' = '1s': ignored: the lesson 'lost-syn' sets up its own hosts, profile and link"});
    const LabParams def;
    CHECK(r.params.setup.link[0] == def.setup.link[0]);
    CHECK(r.params.setup.profile == def.setup.profile);
    CHECK(r.params.speed == 2);
    CHECK(r.params.seed == 7u);
    // The page still starts the lesson.
    LabSession s = with_lessons();
    CHECK(start_session(s, r.params).empty());
    REQUIRE(s.lesson());
    CHECK(s.lesson()->name == "lost-syn");
  }
  SECTION("a scenario likewise") {
    const ParsedParams r = parse_params({{"scenario", "host a 10.0.0.1\nhost b 10.0.0.2\n"}, {"msl", "1s"}});
    CHECK(texts(r.errors) == std::vector<std::string>{"parameter 'msl' = '1s': ignored: the scenario sets up its own "
                                                      "hosts, profile and link"});
    CHECK(r.params.scenario);
  }
  SECTION("a lesson that is not given does not refuse them") {
    CHECK(texts(parse_query("lesson=../etc&loss=5%").errors) ==
          std::vector<std::string>{"parameter 'lesson' = '../etc': expected a lesson name such as lost-syn"});
  }
  SECTION("the seed replaces the lesson's own, as tcplab run --seed does") {
    const auto run_digest = [](const ScenarioRun& r) { return trace_digest(r.world.trace(), host_names(r.world)); };
    LabSession seeded = with_lessons();
    CHECK(start_session(seeded, parse_query("lesson=lost-syn&seed=7").params).empty());
    const Scenario& sc = seeded.lesson()->scenario;
    REQUIRE(sc.world.seed != 7);
    CHECK(seeded.world().config().seed == 7);
    CHECK(share_query(seeded) == "lesson=lost-syn&seed=7");
    apply(seeded, {RunToEndCmd{}});
    CHECK(digest(seeded) == run_digest(run_scenario(sc, 7)));
    CHECK(digest(seeded) != run_digest(run_scenario(sc)));

    // Without it, the lesson's own, which a link does not repeat.
    LabSession plain = with_lessons();
    CHECK(start_session(plain, parse_query("lesson=lost-syn").params).empty());
    CHECK(plain.world().config().seed == sc.world.seed);
    CHECK(share_query(plain) == "lesson=lost-syn");

    // A learner's run on the seeded lesson: its link keeps the seed.
    CHECK(start_session(plain, parse_query("lesson=lost-syn&seed=7").params).empty());
    plain.advance(0.05);
    apply(plain, {ApplyCmd{SendAction{"c", {'x'}}}});
    plain.advance(0.5);
    check_shared(plain);
  }
}

TEST_CASE("lab params: starting a session", "[param]") {
  LabSession s = with_lessons();
  auto r = parse_query("lesson=lost-syn&speed=3");
  CHECK(start_session(s, r.params).empty());
  CHECK(s.lesson()->name == "lost-syn");
  CHECK(s.speed() == 3);
  CHECK(s.playing());
  r = parse_query("lesson=no-such&seed=5&autoplay=off");
  const auto errors = start_session(s, r.params);
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].text().rfind("parameter 'lesson' = 'no-such': no such lesson; available: abort-rst, ", 0) == 0);
  // The rest still applies.
  CHECK(!s.lesson());
  CHECK(s.setup().seed == 5);
  CHECK(!s.playing());
  // A hand-made run from before the lesson's own start is replayed there, and says so.
  r = parse_query("lesson=handshake&run=0@0ms+close+c");
  REQUIRE(r.errors.empty());
  const auto late = start_session(s, r.params);
  REQUIRE(late.size() == 1);
  CHECK(late[0].text().rfind("parameter 'run', entry 1: given before the lesson's own start (step ", 0) == 0);
}
