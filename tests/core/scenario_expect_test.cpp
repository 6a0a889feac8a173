// Expectations about congestion control (docs/scenario-format.md): the
// sender's windows at a moment, and its congestion decisions in the trace,
// in octets or segments; each fails when the run shows something else, and
// says what it showed.
#include <catch2/catch.hpp>

#include <string>

#include "core/scenario/scenario_runner.h"

using namespace tcplab;
using namespace std::chrono_literals;

namespace {

// Slow start from one segment of 1,000 octets, 50 ms each way: bursts of
// 1, 2 and 4 segments at 100, 200 and 300 ms; all acknowledged at 400 ms.
const std::string kSlowStart = R"(host client 10.0.0.1
host server 10.0.0.2
link latency 50ms
set mss 1000
set delayed_ack off
set client initial_window 1
at 0ms listen server:80 as l
at 0ms connect client:40000 to server:80 as c
at 0ms send c 7000 bytes
)";

ExpectationResult check(const std::string& expect_line) {
  auto sc = parse_scenario(kSlowStart + expect_line + "\nrun until 1s\n", "t.scenario");
  if (!sc) FAIL(sc.error().text());
  const ScenarioRun run = run_scenario(sc.value());
  REQUIRE(run.results.size() == 1);
  return run.results[0];
}

}  // namespace

TEST_CASE("expect NAME cwnd/ssthresh/flight/phase at a moment", "[scenario][congestion]") {
  SECTION("in segments and in octets") {
    CHECK(check("expect at 250ms c cwnd 2 segments flight 2 segments phase slow-start").passed);
    CHECK(check("expect at 250ms c cwnd 2000 flight 2000").passed);
    CHECK(check("expect at 350ms c cwnd 4 segments").passed);
    CHECK(check("expect c cwnd 8 segments flight 0").passed);  // when the run ends
  }
  SECTION("a wrong value fails and says what was there") {
    const auto r = check("expect at 250ms c cwnd 3 segments ssthresh 8 segments");
    CHECK_FALSE(r.passed);
    CHECK(r.seen == "cwnd 2000 (2 segments), ssthresh infinite at 250.000ms");
    CHECK_FALSE(check("expect at 250ms c phase congestion-avoidance").passed);
    CHECK_FALSE(check("expect at 250ms c flight 1 segments").passed);
  }
  SECTION("the peer's window and the RTT estimate") {
    const auto r = check("expect at 250ms c snd_wnd 65535 srtt 100ms rto 1s");
    CHECK(r.passed);
    CHECK(r.seen == "snd_wnd 65535, srtt 100ms, rto 1s at 250.000ms");
    CHECK_FALSE(check("expect at 250ms c srtt 99ms").passed);
    CHECK(check("expect at 50ms c srtt 1s").seen == "srtt none yet at 50.000ms");
  }
}

TEST_CASE("expect NAME congestion: decisions in the trace", "[scenario][congestion]") {
  CHECK(check("expect c congestion why cc.initial-window cwnd 1 segments phase slow-start count 1").passed);
  CHECK(check("expect c congestion why cc.slow-start count 7").passed);
  CHECK(check("expect at 300ms c congestion why cc.slow-start count 2").passed);
  CHECK(check("expect at 300ms c congestion why cc.slow-start cwnd 4 segments count 1").passed);
  CHECK(check("expect c congestion why cc.timeout count 0").passed);
  SECTION("a miss names the first decision of that rule and its values") {
    const auto r = check("expect c congestion why cc.slow-start cwnd 20 segments");
    CHECK_FALSE(r.passed);
    CHECK(r.seen == "0 matching; the first cc.slow-start at 200.000ms had cwnd 2000 (2 segments)");
  }
  CHECK_FALSE(check("expect c congestion why cc.slow-start count 6").passed);
  CHECK_FALSE(check("expect at 250ms c congestion why cc.slow-start").passed);  // none at exactly that time
}
