// The scenario format: what it accepts, and how it points at mistakes.
#include <catch2/catch.hpp>

#include <string>

#include "core/scenario/scenario.h"

using namespace tcplab;
using namespace std::chrono_literals;

namespace {

const std::string kHosts = "host client 10.0.0.1\nhost server 10.0.0.2\n";

std::string error_of(const std::string& text) {
  auto r = parse_scenario(text, "t.scenario");
  REQUIRE_FALSE(r.ok());
  return r.error().text();
}

}  // namespace

TEST_CASE("Durations are exact microseconds", "[scenario]") {
  CHECK(parse_duration("10ms") == Duration{10'000});
  CHECK(parse_duration("1.5s") == Duration{1'500'000});
  CHECK(parse_duration("0.1s") == Duration{100'000});
  CHECK(parse_duration("250us") == Duration{250});
  CHECK(parse_duration("2min") == Duration{120'000'000});
  CHECK_FALSE(parse_duration("10"));
  CHECK_FALSE(parse_duration("ms"));
  CHECK_FALSE(parse_duration("1.5us"));  // finer than the clock
  CHECK_FALSE(parse_duration("3 s"));
  CHECK_FALSE(parse_duration("99999999999999min"));  // would overflow the clock
}

TEST_CASE("A scenario picks the congestion control algorithm per host", "[scenario][congestion]") {
  auto r = parse_scenario("host client 10.0.0.1\nhost server 10.0.0.2 profile linux\n"
                          "set client congestion reno\nset server initial_window 4\n"
                          "set limited_transmit off\n", "cc.scenario");
  if (!r) FAIL(r.error().text());
  const auto& hosts = r.value().world.hosts;
  CHECK(hosts[0].profile.congestion.algorithm == CongestionAlgorithm::Reno);
  CHECK(hosts[1].profile.congestion.algorithm == CongestionAlgorithm::Cubic);
  CHECK(hosts[0].profile.congestion.initial_window == 0);
  CHECK(hosts[1].profile.congestion.initial_window == 4);
  CHECK_FALSE(hosts[0].profile.congestion.limited_transmit);
  CHECK_FALSE(hosts[1].profile.congestion.limited_transmit);
}

TEST_CASE("A scenario declares hosts, link, profile, actions and expectations", "[scenario]") {
  const std::string text = R"(# a comment line
description Two lines of
description description.
seed 42
host client 10.0.0.1
host server 10.0.0.2 profile linux
link latency 25ms          # both directions
link server->client loss 1% jitter 2ms bandwidth 10Mbps queue 20 mtu 1400
msl 1s
set client syn_retries 3
at 0ms listen server:80 as l backlog 4
at 0ms connect client to server:80 as c
at 1.5s send c "hi \"there\""
at 2s send c 3000 bytes
at 2s drop next client->server ACK pure
at 3s hold inflight server->client SYN,ACK as old
at 4s release old
at 5s inject to l.1 RST seq rcv_nxt+10
expect at 1s c state ESTABLISHED
expect l.1 transition SYN-RECEIVED -> ESTABLISHED
expect no segment server->client RST
expect segment client->server SYN count 1 fate delivered why open.active
expect c delivered 0 bytes
expect c error "connection reset"
run until 10s
)";
  auto r = parse_scenario(text, "ok.scenario");
  if (!r) FAIL(r.error().text());
  const Scenario& s = r.value();
  CHECK(s.description == "Two lines of description.");
  CHECK(s.seed == 42);
  REQUIRE(s.world.hosts.size() == 2);
  CHECK(s.world.hosts[1].addr == 0x0A000002);
  CHECK(s.world.hosts[1].profile.name == "Linux");
  CHECK(s.world.hosts[0].profile.syn_retries == 3);
  CHECK(s.world.hosts[1].profile.syn_retries == 6);
  CHECK(s.world.hosts[0].profile.time_wait == 2s);
  CHECK(s.world.link[0].latency == 25ms);
  CHECK(s.world.link[0].loss == 0.0);
  CHECK(s.world.link[1].loss == Approx(0.01));
  CHECK(s.world.link[1].bandwidth_bps == 10'000'000);
  CHECK(s.world.link[1].queue_limit == 20);
  CHECK(s.world.link[1].mtu == 1400);
  REQUIRE(s.actions.size() == 8);
  CHECK(std::get<ListenAction>(s.actions[0].action).backlog == 4);
  CHECK(std::get<ConnectAction>(s.actions[1].action).local_port == 0);
  CHECK(std::get<SendAction>(s.actions[2].action).data.size() == 10);
  CHECK(s.actions[2].t == at(1500ms));
  CHECK(std::get<SendAction>(s.actions[3].action).data.size() == 3000);
  const auto& drop = std::get<DropNextAction>(s.actions[4].action);
  CHECK(drop.dir == 0);
  CHECK(drop.filter.flags == Flags(kAck));
  CHECK(drop.filter.has_payload == false);
  CHECK(std::get<HoldInFlightAction>(s.actions[5].action).dir == 1);
  const auto& inj = std::get<InjectAction>(s.actions[7].action);
  CHECK(inj.seq == SeqExpr{SeqExpr::Base::RcvNxt, 10});
  CHECK(inj.ack == SeqExpr{});
  REQUIRE(s.expectations.size() == 6);
  CHECK(std::get<ExpectSegment>(s.expectations[2].what).count == 0u);
  CHECK(s.expectations[0].loc.line == 19);
  CHECK(s.run_until == at(10s));
}

TEST_CASE("Mistakes are reported at file:line:column with what was expected", "[scenario][errors]") {
  struct Case {
    std::string text, error;
  };
  auto [text, error] = GENERATE(table<std::string, std::string>({
      {kHosts + "at soon close c\n", "t.scenario:3:4: expected a duration such as 10ms"},
      {kHosts + "at 1s frobnicate c\n", "t.scenario:3:7: expected an action (listen, connect"},
      {kHosts + "at 1s close c\n", "t.scenario:3:13: expected a connection named by an earlier 'listen'"},
      {kHosts + "link client->mars loss 1%\n", "t.scenario:3:6: expected a direction between the two declared hosts"},
      {kHosts + "link loss 150%\n", "t.scenario:3:11: expected a probability such as 5% or 0.05, got '150%'"},
      {kHosts + "link bandwidth fast\n", "t.scenario:3:16: expected a bandwidth such as 10Mbps"},
      {"host client 10.0.0.300\n", "t.scenario:1:13: expected an IPv4 address such as 10.0.0.1, got '10.0.0.300'"},
      {"host client 10.0.0.1x\n", "t.scenario:1:13: expected an IPv4 address such as 10.0.0.1, got '10.0.0.1x'"},
      {"host client +1.0.0.1\n", "t.scenario:1:13: expected an IPv4 address such as 10.0.0.1, got '+1.0.0.1'"},
      {"host client 10.0.0\n", "t.scenario:1:13: expected an IPv4 address such as 10.0.0.1, got '10.0.0'"},
      {kHosts + "at 0ms listen server:80 as l\nat 1s send l \"unterminated\n",
       "t.scenario:4:14: a closing '\"' for the string that starts here"},
      {kHosts + "at 0ms listen server:80 as l extra\n", "t.scenario:3:30: expected 'backlog N' or the end of the line, got 'extra'"},
      {kHosts + "expect c state ESTABLISHED\n", "t.scenario:3:8: expected a connection named"},
      {kHosts + "at 0ms listen server:80 as l\nexpect l state OPEN\n",
       "t.scenario:4:16: expected a state such as ESTABLISHED or TIME-WAIT, got 'OPEN'"},
      {kHosts + "at 0ms listen server:80 as l\nexpect l state\n",
       "t.scenario:4:15: expected a state such as ESTABLISHED or TIME-WAIT, got the end of the line"},
      {kHosts + "set client syn_retries many\n", "t.scenario:3:24: expected a count from 0 to 1000, got 'many'"},
      {kHosts + "set color blue\n", "t.scenario:3:5: expected a profile setting"},
      {kHosts + "set client congestion vegas\n",
       "t.scenario:3:23: expected a congestion control algorithm (tahoe, reno, newreno, cubic), got 'vegas'"},
      {kHosts + "at 1s release nothing\n", "t.scenario:3:15: expected the label of a segment held"},
      {"host client 10.0.0.1\n", "t.scenario:2:1: expected two 'host NAME ADDRESS' lines, found 1"},
      {kHosts + "teleport\n", "t.scenario:3:1: expected a statement"},
      {kHosts + "at 0ms listen server:80 as l\nat 0ms listen server:81 as l\n",
       "t.scenario:4:28: the name 'l' is already used by another connection"},
      {kHosts + "at 0ms listen server:80 as l\nexpect l cwnd many\n",
       "t.scenario:4:15: expected a window in octets (or N segments) from 0 to 4294967294, got 'many'"},
      {kHosts + "at 0ms listen server:80 as l\nexpect l cwnd 4 segments phase slow\n",
       "t.scenario:4:32: expected a phase (slow-start, congestion-avoidance, fast-recovery, loss-recovery), got 'slow'"},
      {kHosts + "at 0ms listen server:80 as l\nexpect l cwnd 4 window 3\n",
       "t.scenario:4:17: expected a window (cwnd, ssthresh, flight, phase, snd_wnd, srtt, rto), got 'window'"},
      {kHosts + "at 0ms listen server:80 as l\nexpect l srtt soon\n",
       "t.scenario:4:15: expected a duration such as 10ms"},
      {kHosts + "at 0ms listen server:80 as l\nexpect l congestion why cc.fast-retransmitt\n",
       "t.scenario:4:25: expected a rule id such as cc.fast-retransmit (core/tcp/rules.h), got 'cc.fast-retransmitt'"},
      {kHosts + "at 0ms listen server:80 as l\nexpect l congestion cwnd 2 segments often\n",
       "t.scenario:4:37: expected why, cwnd, ssthresh, flight, phase or count, got 'often'"},
      {kHosts + "at 0ms listen server:80 as l\nexpect segment server->client why data.sent\n",
       "t.scenario:4:35: expected a rule id such as syn-sent.syn-ack (core/tcp/rules.h), got 'data.sent'"},
      {kHosts + "at 0ms listen server:80 as l\nexpect l bandwidth 3\n",
       "t.scenario:4:10: expected state, transition, delivered, error, congestion or a window (cwnd, ssthresh"},
      {kHosts + "at 0ms listen server:80 as l\nexpect at 1s l delivered 3 bytes\n",
       "t.scenario:4:1: 'expect at TIME' only goes with 'state', 'congestion' or a window"},
  }));
  INFO(text);
  const std::string got = error_of(text);
  CHECK(got.substr(0, error.size()) == error);
}

TEST_CASE("Expectations about congestion control read windows in octets or segments", "[scenario][congestion]") {
  auto r = parse_scenario(kHosts + "at 0ms listen server:80 as l\n"
                                   "expect at 2s l cwnd 4 segments ssthresh 8000 phase congestion-avoidance\n"
                                   "expect l snd_wnd 0 flight 1 segment srtt 48ms rto 1s\n"
                                   "expect at 1.5s l congestion why cc.timeout cwnd 1 segments count 1\n"
                                   "expect l congestion phase fast-recovery\n",
                          "t.scenario");
  if (!r) FAIL(r.error().text());
  const auto& e = r.value().expectations;
  REQUIRE(e.size() == 4);
  const auto& w = std::get<ExpectWindow>(e[0].what);
  CHECK(w.t == at(2s));
  CHECK(w.conn == "l");
  CHECK(w.cc.cwnd == WindowAmount{4, true});
  CHECK(w.cc.ssthresh == WindowAmount{8000, false});
  CHECK(w.cc.phase == CongestionPhase::CongestionAvoidance);
  CHECK(!w.cc.flight);
  CHECK(check_time(e[0]) == at(2s));
  const auto& w2 = std::get<ExpectWindow>(e[1].what);
  CHECK(w2.snd_wnd == WindowAmount{0, false});
  CHECK(w2.cc.flight == WindowAmount{1, true});
  CHECK(w2.srtt == 48ms);
  CHECK(w2.rto == 1s);
  CHECK(!check_time(e[1]));
  const auto& c = std::get<ExpectCongestion>(e[2].what);
  CHECK(c.at == at(1500ms));
  CHECK(c.why == "cc.timeout");
  CHECK(c.cc.cwnd == WindowAmount{1, true});
  CHECK(c.count == 1u);
  CHECK(!check_time(e[2]));  // a decision at that time, found in the trace when the run ends
  CHECK(std::get<ExpectCongestion>(e[3].what).cc.phase == CongestionPhase::FastRecovery);
}

TEST_CASE("Accepted connections are named after their listener", "[scenario]") {
  auto ok = parse_scenario(kHosts + "at 0ms listen server:80 as web\nat 1s close web.12\n", "t");
  CHECK(ok.ok());
  auto bad = parse_scenario(kHosts + "at 0ms listen server:80 as web\nat 1s close web.x\n", "t");
  CHECK_FALSE(bad.ok());
}

#include <filesystem>
#include <fstream>
#include <sstream>

TEST_CASE("Every prefix and every one-byte change of every lesson parses or fails cleanly", "[scenario][errors]") {
  // Bad input gets an error with a place in the file, never a crash or a hang.
  std::size_t files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(std::string(TCPLAB_SOURCE_DIR) + "/scenarios")) {
    if (entry.path().extension() != ".scenario") continue;
    ++files;
    std::ifstream in(entry.path());
    std::stringstream buf;
    buf << in.rdbuf();
    const std::string text = buf.str();
    REQUIRE(parse_scenario(text, "p").ok());
    const auto lines = static_cast<int>(std::count(text.begin(), text.end(), '\n')) + 1;
    auto check = [lines](const std::string& t) {
      auto r = parse_scenario(t, "p");
      if (!r) {
        CHECK(r.error().loc.line >= 1);
        CHECK(r.error().loc.line <= lines + 1);
        CHECK(r.error().loc.column >= 1);
        CHECK_FALSE(r.error().message.empty());
      }
    };
    for (std::size_t n = 0; n < text.size(); n += 7) check(text.substr(0, n));
    for (std::size_t i = 0; i < text.size(); i += 5) {
      std::string t = text;
      t[i] = static_cast<char>(t[i] ^ 0x20);  // letter case, space <-> '\0'
      check(t);
    }
  }
  CHECK(files >= 20);
}
