// The lab as course material drives it: every method's answer, every
// argument mistake's message (and that a mistake changes nothing), the
// event stream, and a lesson's results as run_scenario() gives them.
#include <catch2/catch.hpp>

#include <algorithm>

#include "core/base/json.h"
#include "core/lab/lab_api.h"
#include "core/scenario/scenario_runner.h"
#include "core/sim/trace_export.h"
#include "core/sim/window_series.h"

using namespace tcplab;
using namespace std::chrono_literals;

namespace {

const std::string kLessonsDir = std::string(TCPLAB_SOURCE_DIR) + "/scenarios";

std::string ok(const std::string& json) { return "{\"ok\":" + json + "}"; }
std::string error(const std::string& text) { return "{\"error\":" + json_string(text) + "}"; }

// The answer's value, when the call succeeded.
std::string value(const std::string& answer) {
  REQUIRE(answer.rfind("{\"ok\":", 0) == 0);
  return answer.substr(6, answer.size() - 7);
}

std::string digest(const LabApi& api) {
  return trace_digest(api.session().world().trace(), host_names(api.session().world()));
}

// A handshake, then some data the client has sent.
void handshake(LabApi& api) {
  REQUIRE(api.call("listen", {"server", "80"}) == ok("\"l\""));
  REQUIRE(api.call("connect", {"client", "80", "40000"}) == ok("\"c\""));
  REQUIRE(api.call("runFor", {"1"}) == ok("1"));
}

std::size_t count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (std::size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

}  // namespace

TEST_CASE("lab api: the methods table is the header's list", "[lab][api]") {
  std::vector<std::string> names;
  for (const auto& m : LabApi::methods()) {
    names.emplace_back(m.name);
    CHECK(!m.summary.empty());
  }
  CHECK(names == std::vector<std::string>{"reset", "lessons", "loadLesson", "loadScenario", "results", "runToEnd",
                                          "questions", "question", "runToQuestion", "answer", "hint", "reveal",
                                          "score", "listen", "connect", "send", "close", "abort", "reading", "stream",
                                          "stopStream", "dropNext",
                                          "holdNext", "dropInFlight", "holdInFlight", "release", "setLink", "inject",
                                          "step", "runFor", "runUntil", "play", "pause", "setSpeed", "language",
                                          "setLanguage", "rewind", "now",
                                          "state", "states", "connections", "tcb", "timers", "windowSeries", "traceJsonl", "digest",
                                          "shareQuery", "settings", "loadCapture", "selectStream", "capture",
                                          "closeCapture"});
  LabApi api;
  CHECK(api.call("conect", {"client", "80"}) == error("unknown method 'conect' (did you mean 'connect'?)"));
  CHECK(api.call("teleport", {}) == error("unknown method 'teleport'"));
}

TEST_CASE("lab api: user calls and what the connections show", "[lab][api]") {
  LabApi api(kLessonsDir);
  handshake(api);
  CHECK(api.call("states", {}) == ok(R"({"client":"ESTABLISHED","server":"ESTABLISHED"})"));
  CHECK(api.call("state", {"server"}) == ok("\"ESTABLISHED\""));
  CHECK(api.call("state", {"l"}) == ok("\"LISTEN\""));
  CHECK(api.call("connections", {}) ==
        ok(R"([{"name":"c","host":"client","state":"ESTABLISHED","local":"10.0.0.1:40000","remote":"10.0.0.2:80"},)"
           R"({"name":"l","host":"server","state":"LISTEN","local":"10.0.0.2:80","remote":"0.0.0.0:0"},)"
           R"({"name":"l.1","host":"server","state":"ESTABLISHED","local":"10.0.0.2:80","remote":"10.0.0.1:40000"}])"));
  const std::string tcb = value(api.call("tcb", {"c"}));
  const ConnectionStatus st = api.session().world().entry(*api.session().world().find("c")).conn.status();
  CHECK(tcb.rfind(R"({"name":"c","host":"client","state":"ESTABLISHED","local":"10.0.0.1:40000","remote":"10.0.0.2:80",)"
                  R"("iss":)" + std::to_string(st.iss.value()) + R"(,"irs":)" + std::to_string(st.irs.value()) +
                      R"(,"snd_una":)",
                  0) == 0);
  CHECK(tcb.find(R"("srtt":0.5,"rttvar":0.25,"rto":1.5,"mss":1460,)") != std::string::npos);
  CHECK(tcb.find(R"("congestion":"newreno","phase":"slow-start","cwnd":4380,"ssthresh":4294967295,)") != std::string::npos);
  CHECK(api.call("tcb", {"client"}) == ok(tcb));  // a host stands for its newest connection

  CHECK(api.call("send", {"c", "hello"}) == ok("null"));
  CHECK(api.call("send", {"client", "0x00ff10"}) == ok("null"));
  CHECK(api.call("reading", {"l.1", "false"}) == ok("null"));
  CHECK(api.call("runFor", {"500ms"}) == ok("1.5"));
  // Nagle (RFC 9293 §3.7.4) holds the second write until the first is
  // acknowledged, and l.1's delayed ACK is still on its way back.
  CHECK(value(api.call("tcb", {"l.1"})).find(R"("receive_queued":5,)") != std::string::npos);
  CHECK(api.call("close", {"c"}) == ok("null"));
  // CLOSE again is not an argument error: TCP itself answers (RFC 9293 §3.10.4).
  CHECK(api.call("close", {"c"}) == ok("\"connection closing\""));
  CHECK(api.call("send", {"c", "more"}) == ok("\"connection closing\""));
  // The data sent at 1 s is not acknowledged yet (l.1 does not read, its ACK is delayed).
  CHECK(api.call("timers", {"c"}) == ok(R"([{"conn":"c","host":"client","timer":"retransmit","remaining":1,)"
                                        R"("duration":1.5,"backoff":0},{"conn":"c","host":"client","timer":"user-timeout",)"
                                        R"("remaining":299.5,"duration":300,"backoff":0}])"));
  CHECK(api.call("timers", {}) == ok(value(api.call("timers", {"c"}))));  // l.1 has none running
  CHECK(api.call("abort", {"c"}) == ok("null"));
  CHECK(api.call("state", {"c"}) == ok("\"CLOSED\""));
  CHECK(api.call("timers", {"c"}) == ok("[]"));
  CHECK(api.call("listen", {"client", "81"}) == ok("\"lc\""));
  CHECK(api.call("connect", {"server", "81"}) == ok("\"s\""));
  CHECK(api.call("state", {"s"}) == ok("\"SYN-SENT\""));
}

TEST_CASE("lab api: a streaming sender, for a total or until stopped", "[lab][api][stream]") {
  LabApi api(kLessonsDir);
  handshake(api);
  CHECK(api.call("stream", {"c", "30000"}) == ok("null"));
  REQUIRE(api.call("runFor", {"5"}) == ok("6"));
  const World& w = api.session().world();
  CHECK(w.entry(*w.find("l.1")).bytes_read == 30000);
  CHECK_FALSE(w.entry(*w.find("c")).stream);
  // Until stopped: still writing after a while, and a share link replays it.
  CHECK(api.call("stream", {"client"}) == ok("null"));
  REQUIRE(api.call("runFor", {"1"}) == ok("7"));
  CHECK(w.entry(*w.find("c")).stream);
  CHECK(api.call("stopStream", {"c"}) == ok("null"));
  CHECK_FALSE(w.entry(*w.find("c")).stream);
  const std::string query = value(api.call("shareQuery", {}));
  CHECK(query.find("stream+c+30000+bytes") != std::string::npos);
  CHECK(query.find("stream+c+off") != std::string::npos);
}

TEST_CASE("lab api: faults", "[lab][api]") {
  LabApi api(kLessonsDir);
  REQUIRE(api.call("listen", {"server", "80"}) == ok("\"l\""));
  CHECK(api.call("dropNext", {"client->server", "SYN"}) == ok("null"));
  REQUIRE(api.call("connect", {"client", "80"}) == ok("\"c\""));
  CHECK(api.call("runFor", {"1.1"}) == ok("1.1"));
  // The first SYN was dropped; the retransmission (#2) is on the wire now.
  CHECK(api.call("state", {"server"}) == ok("\"LISTEN\""));
  CHECK(api.call("holdInFlight", {"c2s", "SYN", "old"}) == ok("2"));
  CHECK(api.call("dropInFlight", {"c2s"}) == ok("null"));  // nothing left on the wire
  CHECK(api.call("release", {"new"}) == error("release: label: no segment is held as 'new' (held: old)"));
  CHECK(api.call("release", {"old"}) == ok("null"));
  CHECK(api.call("runFor", {"1"}) == ok("2.1"));
  CHECK(api.call("state", {"client"}) == ok("\"ESTABLISHED\""));
  CHECK(api.call("holdNext", {"server->client", "pure ACK", "late"}) == ok("null"));
  CHECK(api.call("setLink", {"both", "loss=0%&latency=100ms"}) == ok("null"));
  CHECK(api.session().world().link(0).config().latency == 100ms);
  CHECK(api.call("setLink", {"s2c", "jitter=5ms"}) == ok("null"));
  CHECK(api.session().world().link(1).config().jitter == 5ms);
  CHECK(api.session().world().link(0).config().jitter == 0ms);
  CHECK(api.call("inject", {"client", "RST", "seq=rcv_nxt+0"}) == ok("null"));
  CHECK(api.call("runFor", {"0.2"}) == ok("2.3"));
  CHECK(api.call("state", {"c"}) == ok("\"CLOSED\""));  // an in-window RST resets it
  CHECK(api.call("inject", {"l.1", "SYN,ACK", "seq=irs-1&ack=5&win=100&data=0x6869"}) == ok("null"));
  // A segment on the wire, dropped: its id.
  REQUIRE(api.call("send", {"l.1", "bye"}) == ok("null"));
  auto on_wire = api.session().world().in_flight();
  const auto sent = std::find_if(on_wire.begin(), on_wire.end(), [](const InFlight& f) { return f.dir == 1; });
  REQUIRE(sent != on_wire.end());
  CHECK(api.call("dropInFlight", {"s2c", "data"}) == ok(std::to_string(sent->id)));
  CHECK(api.session().world().in_flight().size() == on_wire.size() - 1);
}

TEST_CASE("lab api: the clock", "[lab][api]") {
  LabApi api(kLessonsDir);
  handshake(api);
  CHECK(api.call("now", {}) == ok("1"));
  CHECK(api.call("runUntil", {"0.5"}) == ok("1"));  // never backwards
  CHECK(api.call("runUntil", {"2s"}) == ok("2"));
  CHECK(api.call("send", {"c", "x"}) == ok("null"));
  CHECK(api.call("step", {}) == ok(R"({"t":2.25,"more":true})"));
  CHECK(api.call("rewind", {"1.5"}) == ok("1.5"));
  CHECK(api.call("rewind", {"10"}) == ok("2.25"));  // no further than the clock has been
  CHECK(api.call("pause", {}) == ok("null"));
  CHECK(!api.session().playing());
  CHECK(api.call("play", {}) == ok("null"));
  CHECK(api.session().playing());
  CHECK(api.call("setSpeed", {"2.5"}) == ok("null"));
  CHECK(api.session().speed() == 2.5);
  CHECK(value(api.call("digest", {})) == json_string(digest(api)));
  CHECK(value(api.call("traceJsonl", {})) ==
        json_string(to_jsonl(api.session().world().trace(), host_names(api.session().world()))));
}

TEST_CASE("lab api: setup, lessons and settings", "[lab][api]") {
  LabApi api(kLessonsDir);
  const std::string lessons = value(api.call("lessons", {}));
  CHECK(count(lessons, "\"name\":") == api.session().lessons().size());
  CHECK(lessons.find(R"({"name":"lost-syn","description":"The first two SYNs are lost.)") != std::string::npos);

  CHECK(api.call("reset", {"profile=linux&loss=5%&seed=7&speed=3&layout=compact&panels=fsm"}) == ok("null"));
  CHECK(api.session().setup().profile == ProfileKind::LinuxLike);
  CHECK(api.session().world().link(1).config().loss == 0.05);
  CHECK(api.view().compact);
  const std::string settings = value(api.call("settings", {}));
  CHECK(settings.rfind(R"({"lesson":null,"profile":"linux","msl":5,"delayed_ack":true,"receive_buffer":65535,)"
                       R"("syn_retries":null,"synack_retries":null,"seed":"7","time_wait":10,"link":{"client->server":)"
                       R"({"latency":0.25,"jitter":0,"bandwidth":0,"queue":0,"loss":0.05,)",
                       0) == 0);
  CHECK(settings.find(R"("speed":3,"playing":true,"lang":"en","panels":["fsm"],"layout":"compact",)"
                      R"("lane":false,"graph":"ladder","sender":"client","compare":null})") != std::string::npos);
  CHECK(api.call("shareQuery", {}) == ok(R"("profile=linux&loss=0.05&seed=7&speed=3&panels=fsm&layout=compact")"));
  CHECK(api.call("reset", {}) == ok("null"));
  CHECK(api.session().setup().profile == ProfileKind::Rfc9293);
  CHECK(!api.view().compact);

  const std::string lesson = value(api.call("loadLesson", {"handshake"}));
  CHECK(lesson.rfind(R"({"name":"handshake","description":")", 0) == 0);
  CHECK(lesson.find(R"("expectations":[{"line":)") != std::string::npos);
  CHECK(api.call("results", {}) == ok("null"));
  CHECK(api.call("loadScenario", {"host a 10.0.0.1\nhost b 10.0.0.2\nat 0ms listen b:80 as l\n"
                                  "at 0ms connect a to b:80 as c\nexpect c state ESTABLISHED\n",
                                  "mine"}) ==
        ok(R"({"name":"mine","description":"","expectations":[{"line":5,"text":"expect c state ESTABLISHED"}]})"));
  CHECK(api.call("runToEnd", {}) ==
        ok(R"([{"line":5,"text":"expect c state ESTABLISHED","passed":true,"seen":"ESTABLISHED at 30.000ms"}])"));
  CHECK(api.call("states", {}) == ok(R"({"a":"ESTABLISHED","b":"ESTABLISHED"})"));
  CHECK(api.call("dropNext", {"a->b"}) == ok("null"));
}

TEST_CASE("lab api: a lesson's results are run_scenario's", "[lab][api]") {
  LabApi api(kLessonsDir);
  for (const Lesson& p : api.session().lessons()) {
    INFO(p.name);
    REQUIRE(api.call("loadLesson", {p.name}).rfind("{\"ok\":", 0) == 0);
    const ScenarioRun run = run_scenario(p.scenario);
    std::string expected;
    for (const ExpectationResult& r : run.results)
      expected += std::string(expected.empty() ? "" : ",") + "{\"line\":" + std::to_string(r.expectation.loc.line) +
                  ",\"text\":" + json_string(r.expectation.text) + ",\"passed\":" + (r.passed ? "true" : "false") +
                  ",\"seen\":" + json_string(r.seen) + "}";
    CHECK(api.call("runToEnd", {}) == ok("[" + expected + "]"));
    CHECK(api.call("results", {}) == ok("[" + expected + "]"));
    CHECK(value(api.call("digest", {})) == json_string(trace_digest(run.world.trace(), host_names(run.world))));
  }
}

TEST_CASE("lab api: argument mistakes say what was wrong and change nothing", "[lab][api]") {
  LabApi api(kLessonsDir);
  handshake(api);
  REQUIRE(api.call("holdNext", {"c2s", "data", "kept"}) == ok("null"));
  auto [method, args, message] = GENERATE(table<std::string, std::vector<std::string>, std::string>({
      {"connect", {"client"}, "connect: expected 2 or 3 arguments (host, port, localPort?), got 1"},
      {"now", {"x"}, "now: expected no arguments, got 1"},
      {"tcb", {}, "tcb: expected 1 argument (who), got 0"},
      {"holdNext", {"c2s", "SYN"}, "holdNext: expected 3 arguments (direction, filter, label), got 2"},
      {"reset", {"a", "b"}, "reset: expected 0 or 1 arguments (settings?), got 2"},
      {"connect", {"client", "0"}, "connect: port: expected a port number from 1 to 65535, got '0'"},
      {"connect", {"mars", "80"}, "connect: host: expected a host name (client, server), got 'mars'"},
      {"connect", {"client", "80", "x"}, "connect: localPort: expected a port number from 1 to 65535, got 'x'"},
      {"listen", {"server", "65536"}, "listen: port: expected a port number from 1 to 65535, got '65536'"},
      {"send", {"d", "hi"}, "send: who: expected a host (client, server) or a connection (c, l, l.1), got 'd'"},
      {"send", {"c", "0x123"}, "send: bytes: expected text, or 0x and two hex digits per octet, got '0x123'"},
      {"close", {"nobody"}, "close: who: expected a host (client, server) or a connection (c, l, l.1), got 'nobody'"},
      {"reading", {"c", "maybe"}, "reading: on: expected true or false, got 'maybe'"},
      {"stream", {"c", "0"}, "stream: octets: expected a number of octets from 1, got '0'"},
      {"stopStream", {"nobody"}, "stopStream: who: expected a host (client, server) or a connection (c, l, l.1), got 'nobody'"},
      {"dropNext", {"up", "SYN"}, "dropNext: direction: expected client->server or server->client (or c2s, s2c), got 'up'"},
      {"dropNext", {"c2s", "SYN,BOGUS"}, "dropNext: filter: expected a segment filter such as SYN,ACK, pure ACK, data or "
                                         "#12, got 'SYN,BOGUS'"},
      {"holdInFlight", {"c2s", "SYN", "two words"}, "holdInFlight: label: expected a label such as old (letters, "
                                                    "digits, '-', '_', '.'), got 'two words'"},
      {"release", {"gone"}, "release: label: no segment is held as 'gone'"},
      {"setLink", {"sideways", "loss=1%"}, "setLink: direction: expected client->server or server->client (or c2s, "
                                           "s2c, both), got 'sideways'"},
      {"setLink", {"both", "loss=7"}, "setLink: settings: parameter 'loss' = '7': expected a probability such as 5% or 0.05"},
      {"setLink", {"both", "latncy=1ms"}, "setLink: settings: unknown parameter 'latncy' (did you mean 'latency'?)"},
      {"inject", {"c", "XYZ"}, "inject: flags: expected control flags such as RST or SYN,ACK, got 'XYZ'"},
      {"inject", {"c", "RST", "seq=rcv_nxt*2"}, "inject: settings: parameter 'seq' = 'rcv_nxt*2': expected a sequence "
                                                "number such as 1000, rcv_nxt, rcv_nxt+100 or snd_una-1"},
      {"inject", {"c", "RST", "win=70000"}, "inject: settings: parameter 'win' = '70000': expected a window from 0 to 65535"},
      {"runFor", {"soon"}, "runFor: duration: expected seconds such as 1.5 or a duration such as 250ms, got 'soon'"},
      {"runUntil", {"-1"}, "runUntil: time: expected seconds such as 1.5 or a duration such as 250ms, got '-1'"},
      {"runFor", {"1m"}, "runFor: duration: expected seconds such as 1.5 or a duration such as 250ms, got '1m'"},
      {"rewind", {"1 s"}, "rewind: time: expected seconds such as 1.5 or a duration such as 250ms, got '1 s'"},
      {"setSpeed", {"0"}, "setSpeed: x: expected a speed from 0.1 to 10, such as 2 or 0.5, got '0'"},
      {"tcb", {"mars"}, "tcb: who: expected a host (client, server) or a connection (c, l, l.1), got 'mars'"},
      {"timers", {"x"}, "timers: who: expected a host (client, server) or a connection (c, l, l.1), got 'x'"},
      {"loadLesson", {"nope"}, ""},
      {"loadScenario", {"at soon listen"}, "loadScenario: text: scenario:1:4: expected a duration such as "
                                           "10ms, 1.5s, 250us or 2min, got 'soon'"},
      {"loadScenario", {"at soon listen", "bad.scenario"}, "loadScenario: text: bad.scenario:1:4: expected a duration "
                                                           "such as 10ms, 1.5s, 250us or 2min, got 'soon'"},
      {"loadScenario", {"at soon listen", "homework"}, "loadScenario: text: homework:1:4: expected a duration such as "
                                                       "10ms, 1.5s, 250us or 2min, got 'soon'"},
      {"reset", {"los=5%"}, "reset: settings: unknown parameter 'los' (did you mean 'loss'?)"},
      {"reset", {"lesson=nope"}, ""},
      {"reset", {"lesson=lost-syn&loss=5%"}, "reset: settings: parameter 'loss' = '5%': ignored: the lesson 'lost-syn' "
                                             "sets up its own hosts, profile and link"},
      {"runToEnd", {}, "runToEnd: no scenario is loaded (loadLesson or loadScenario first)"},
  }));
  INFO(method);
  const std::string before = digest(api);
  const Instant now = api.session().world().now();
  const auto serial = api.session().world_serial();
  const auto inputs = api.session().world().inputs().size();
  const std::string answer = api.call(method, args);
  if (!message.empty()) CHECK(answer == error(message));
  else CHECK(answer.rfind("{\"error\":\"" + method + ": ", 0) == 0);
  CHECK(digest(api) == before);
  CHECK(api.session().world().now() == now);
  CHECK(api.session().world_serial() == serial);
  CHECK(api.session().world().inputs().size() == inputs);
}

TEST_CASE("lab api: the event stream", "[lab][api]") {
  LabApi api(kLessonsDir);
  CHECK(api.take_events() == "[{\"t\":0,\"type\":\"world\",\"seed\":\"1\",\"hosts\":[{\"name\":\"client\",\"addr\":"
                             "\"10.0.0.1\",\"profile\":\"RFC 9293\"},{\"name\":\"server\",\"addr\":\"10.0.0.2\","
                             "\"profile\":\"RFC 9293\"}]}," +
                                 value(api.call("traceJsonl", {})).substr(0, 0) +
                                 jsonl_line(api.session().world().trace()[1], TraceNames(host_names(api.session().world()))) +
                                 "," +
                                 jsonl_line(api.session().world().trace()[2], TraceNames(host_names(api.session().world()))) +
                                 "]");
  CHECK(api.take_events() == "[]");

  SECTION("new records are the JSON Lines objects, in order") {
    handshake(api);
    const std::string events = api.take_events();
    const Trace& trace = api.session().world().trace();
    TraceNames names(host_names(api.session().world()));
    for (const TraceRecord& r : trace) names.learn(r);
    std::vector<std::string> lines;
    for (std::size_t i = 3; i < trace.size(); ++i) lines.push_back(jsonl_line(trace[i], names));
    CHECK(events == json_array(lines));
  }
  SECTION("a rewind says where, then the records after it come again") {
    handshake(api);
    (void)api.take_events();
    const std::size_t before = api.session().world().trace().size();
    REQUIRE(api.call("rewind", {"0.3"}) == ok("0.3"));
    CHECK(api.take_events() == R"([{"type":"rewind","t":0.3}])");
    REQUIRE(api.call("runFor", {"0.7"}) == ok("1"));
    const std::string again = api.take_events();
    CHECK(api.session().world().trace().size() == before);
    CHECK(again.find("\"type\":\"rewind\"") == std::string::npos);
    CHECK(count(again, "{\"t\":") > 0);

    // Rewind, a new input, and on, before the next poll: only what changed comes again.
    REQUIRE(api.call("rewind", {"0.6"}) == ok("0.6"));
    REQUIRE(api.call("close", {"c"}) == ok("null"));
    REQUIRE(api.call("rewind", {"0.8"}) == ok("0.6"));
    REQUIRE(api.call("runFor", {"1"}) == ok("1.6"));
    const std::string changed = api.take_events();
    CHECK(changed.rfind(R"([{"type":"rewind","t":0.6},)", 0) == 0);
    const Trace& trace = api.session().world().trace();
    const auto first = std::find_if(trace.begin(), trace.end(), [](const TraceRecord& r) { return r.t > Instant{600ms}; });
    CHECK(count(changed, "{\"t\":") == static_cast<std::size_t>(trace.end() - first));
  }
  SECTION("a new world starts the stream over, and a lesson's end is told once") {
    REQUIRE(api.call("loadLesson", {"lost-syn"}).rfind("{\"ok\":", 0) == 0);
    const std::string fresh = api.take_events();
    CHECK(fresh.rfind(R"([{"type":"reset"},{"t":0,"type":"world",)", 0) == 0);
    CHECK(count(fresh, "scenario-finished") == 0);
    REQUIRE(api.call("runFor", {"2"}) == ok("2"));
    CHECK(count(api.take_events(), "scenario-finished") == 0);
    const std::string results = value(api.call("runToEnd", {}));
    const std::string end = api.take_events();
    CHECK(count(end, "scenario-finished") == 1);
    CHECK(end.find(R"({"type":"scenario-finished","passed":true,"results":)" + results + "}]") != std::string::npos);
    REQUIRE(api.call("runFor", {"1"}) == ok("6"));
    CHECK(count(api.take_events(), "scenario-finished") == 0);
    // Back before the end and forward again: it ends again, and says so again.
    REQUIRE(api.call("rewind", {"1"}) == ok("1"));
    REQUIRE(api.call("runFor", {"10"}) == ok("11"));
    CHECK(count(api.take_events(), "scenario-finished") == 1);
  }
}

TEST_CASE("lab api: a scenario without 'run until' rewound before its end finishes once more", "[lab][api]") {
  LabApi api;
  REQUIRE(api.call("loadScenario", {"host client 10.0.0.1\nhost server 10.0.0.2\nat 0ms listen server:80 as l\n"
                                    "at 0ms connect client:40000 to server:80 as c\nexpect c state ESTABLISHED\n",
                                    "x"})
              .rfind("{\"ok\":", 0) == 0);
  const std::string results = value(api.call("runToEnd", {}));
  CHECK(results.find("\"passed\":true") != std::string::npos);
  CHECK(count(api.take_events(), "scenario-finished") == 1);

  REQUIRE(api.call("rewind", {"0.02"}) == ok("0.02"));
  CHECK(api.call("results", {}) == ok("null"));
  CHECK(count(api.take_events(), "scenario-finished") == 0);

  CHECK(api.call("runToEnd", {}) == ok(results));
  CHECK(api.call("results", {}) == ok(results));
  CHECK(count(api.take_events(), "scenario-finished") == 1);
}

TEST_CASE("lab api: a scenario given as text is shared whole", "[lab][api]") {
  LabApi api(kLessonsDir);
  REQUIRE(api.call("loadScenario", {"host client 10.0.0.1\nhost server 10.0.0.2\nlink latency 10ms\n"
                                    "at 0ms listen server:80 as l\nat 0ms connect client:40000 to server:80 as c\n"
                                    "expect c state FIN-WAIT-2\nexpect l.1 state CLOSE-WAIT\n",
                                    "homework.scenario"})
              .rfind("{\"ok\":", 0) == 0);
  REQUIRE(api.call("runFor", {"25ms"}) == ok("0.025"));
  REQUIRE(api.call("send", {"c", "hello"}) == ok("null"));
  REQUIRE(api.call("runFor", {"20ms"}) == ok("0.045"));
  REQUIRE(api.call("close", {"c"}) == ok("null"));
  REQUIRE(api.call("runFor", {"5ms"}) == ok("0.05"));
  const std::string quoted = value(api.call("shareQuery", {}));
  // Percent-encoded: nothing in it needs a JSON escape.
  const std::string query = quoted.substr(1, quoted.size() - 2);
  INFO(query);
  CHECK(query.rfind("scenario=host+client+10.0.0.1%0Ahost+server+10.0.0.2%0Alink+latency+10ms%0A", 0) == 0);
  CHECK(json_string(query) == quoted);

  LabApi copy(kLessonsDir);
  REQUIRE(copy.call("reset", {query}) == ok("null"));
  CHECK(copy.call("now", {}) == api.call("now", {}));
  CHECK(copy.call("digest", {}) == api.call("digest", {}));
  CHECK(value(copy.call("settings", {})).rfind(R"({"lesson":"scenario",)", 0) == 0);
  const std::string results = api.call("runToEnd", {});
  CHECK(results.find("\"passed\":false") == std::string::npos);
  CHECK(copy.call("runToEnd", {}) == results);
  CHECK(copy.call("now", {}) == api.call("now", {}));
  CHECK(copy.call("digest", {}) == api.call("digest", {}));
}

TEST_CASE("lab api: the page opens a query leniently and keeps its view", "[lab][api]") {
  LabSession session;
  CHECK(session.load_lessons(kLessonsDir).empty());
  LabApi api(session);
  const auto errors = api.open_page("?lesson=lost-syn&loss=7&panels=fsm,ladder&layout=compact&lang=fr&speed=2");
  REQUIRE(errors.size() == 2);
  CHECK(errors[0].text() == "parameter 'loss' = '7': expected a probability such as 5% or 0.05");
  CHECK(errors[1].text() == "parameter 'lang' = 'fr': expected a language: en, zh-CN");
  CHECK(session.lesson()->name == "lost-syn");
  CHECK(session.speed() == 2);
  CHECK(api.view().compact);
  CHECK(api.view().panels == std::array<bool, 6>{false, false, true, true, false, false});
  CHECK(&api.session() == &session);

  // With a lesson, a setup key is named and the lesson starts anyway, with the seed given.
  const auto ignored = api.open_page("?lesson=handshake&loss=5%&seed=3");
  REQUIRE(ignored.size() == 1);
  CHECK(ignored[0].text() ==
        "parameter 'loss' = '5%': ignored: the lesson 'handshake' sets up its own hosts, profile and link");
  CHECK(session.lesson()->name == "handshake");
  CHECK(session.world().config().seed == 3);
  CHECK(value(api.call("settings", {})).find(R"("seed":"3")") != std::string::npos);

  const auto pcap = api.pcap("server");
  REQUIRE(pcap.ok());
  CHECK(pcap.value().size() >= 24);  // the global header at least
  CHECK(api.pcap("").ok());
  CHECK(api.pcap("mars").error() == "pcap: host: expected a host name (client, server), got 'mars'");
}

TEST_CASE("lab api: a user call that leaves nothing to happen ends the lesson at once", "[lab][api]") {
  LabApi api;
  REQUIRE(api.call("loadScenario", {"host client 10.0.0.1\nhost server 10.0.0.2\nlink latency 10ms\nmsl 5s\n"
                                    "at 0ms listen server:80 as l\nat 0ms connect client:40000 to server:80 as c\n"
                                    "at 50ms close c\nat 50ms close l.1\nexpect c state CLOSED\n"
                                    "expect l.1 state CLOSED\n",
                                    "x"})
              .rfind("{\"ok\":", 0) == 0);
  REQUIRE(api.call("runFor", {"0.15"}) == ok("0.15"));
  CHECK(api.call("results", {}) == ok("null"));  // both ends wait in TIME-WAIT
  // The ABORTs empty the world: the lesson ends with the second one, not at the next tick.
  CHECK(api.call("abort", {"c"}) == ok("null"));
  CHECK(api.call("results", {}) == ok("null"));
  CHECK(api.call("abort", {"l.1"}) == ok("null"));
  const std::string results = value(api.call("results", {}));
  CHECK(count(results, "\"passed\":true") == 2);
  CHECK(count(results, "CLOSED at 150.000ms") == 2);
}

TEST_CASE("lab api: the page's language is reported, set, checked and kept in share links", "[lab][api]") {
  LabSession session;
  LabApi api(session);
  CHECK(api.call("language", {}) == ok(R"("en")"));
  CHECK(api.call("setLanguage", {"zh-CN"}) == ok("null"));
  CHECK(api.call("language", {}) == ok(R"("zh-CN")"));
  CHECK(session.view().lang == "zh-CN");
  CHECK(value(api.call("settings", {})).find(R"("lang":"zh-CN")") != std::string::npos);
  CHECK(value(api.call("shareQuery", {})).find("lang=zh-CN") != std::string::npos);
  CHECK(api.call("setLanguage", {"zh"}) == error("setLanguage: lang: expected a language: en, zh-CN, got 'zh'"));
  CHECK(api.call("language", {}) == ok(R"("zh-CN")"));
  CHECK(api.call("setLanguage", {"en"}) == ok("null"));
  CHECK(value(api.call("shareQuery", {})).find("lang=") == std::string::npos);  // the default is left out
  SECTION("the page's lang=zh-CN opens in Chinese") {
    LabSession page;
    LabApi p(page);
    CHECK(p.open_page("?lang=zh-CN").empty());
    CHECK(p.view().lang == "zh-CN");
  }
}

TEST_CASE("lab api: a sender's window series", "[lab][api][window]") {
  LabApi api;
  REQUIRE(api.call("reset", {"delayed_ack=off&latency=10ms&lane=on&graph=sequence&sender=client"}) == ok("null"));
  CHECK(api.view().window_lane);
  CHECK(api.view().sequence_graph);
  CHECK(api.call("windowSeries", {"client"}) == ok("null"));  // no connection, no window yet
  handshake(api);
  REQUIRE(api.call("dropNext", {"c2s", "data"}) == ok("null"));
  // Four whole segments: Nagle holds none of them back, so the three left after the
  // loss (the fourth by limited transmit) bring the third duplicate ACK.
  REQUIRE(api.call("send", {"c", std::string(4 * 1460, 'x')}) == ok("null"));
  REQUIRE(api.call("runFor", {"2"}) == ok("3"));
  const std::string series = value(api.call("windowSeries", {"client"}));
  CHECK(series == value(api.call("windowSeries", {"c"})));
  // SMSS 1460 (Ethernet's MSS): RFC 5681 §3.1's initial window is 3 segments, 4380 octets.
  CHECK(series.rfind(R"({"conn":"c","host":"client","points":[{"t":0.02,"phase":"slow-start","cwnd":4380,)"
                     R"("ssthresh":4294967295,"flight":0,"dup_acks":0,"why":"cc.initial-window","segment":null},)",
                     0) == 0);
  CHECK(count(series, R"("why":"cc.fast-retransmit")") == 1);
  CHECK(count(series, R"("kind":"fast-retransmit")") == 1);
  CHECK(series.find(R"("peer_window":[{"t":0.02,"window":65535,"segment":2})") != std::string::npos);
  // The tcb's window now is the series' last point.
  const std::string tcb = value(api.call("tcb", {"c"}));
  const WindowSeries ws = WindowSeries::of(api.session().world().trace());
  const WindowPoint& last = ws.for_host(0)->points.back();
  CHECK(tcb.find("\"cwnd\":" + std::to_string(last.cwnd) + ",\"ssthresh\":" + std::to_string(last.ssthresh)) !=
        std::string::npos);
  CHECK(api.call("windowSeries", {"x"}) ==
        error("windowSeries: who: expected a host (client, server) or a connection (c, l, l.1), got 'x'"));
}
