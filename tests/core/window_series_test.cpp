// The window series (core/sim/window_series.h): each sender's cwnd,
// ssthresh, flight and phase, the window its peer advertised and the marks,
// read from the trace alone and tied to the segments that caused them.
#include <catch2/catch.hpp>

#include <algorithm>

#include "core/lab/compare_run.h"
#include "core/scenario/scenario.h"
#include "core/scenario/scenario_runner.h"
#include "core/sim/window_series.h"

using namespace tcplab;
using namespace std::chrono_literals;

namespace {

World run(const std::string& body) {
  const std::string text = "seed 1\nhost client 10.0.0.1\nhost server 10.0.0.2\nlink latency 10ms\n"
                           "set mss 1000\nset delayed_ack off\n"
                           "at 0ms listen server:80 as l\nat 0ms connect client:40000 to server:80 as c\n" +
                           body;
  auto sc = parse_scenario(text, "test");
  REQUIRE(sc);
  return run_scenario(sc.value()).world;
}

struct Expected {
  long long t_ms;
  CongestionPhase phase;
  std::uint32_t cwnd, ssthresh, flight, dup_acks;
  Rule why;
  std::optional<std::uint32_t> segment;
};

void check_points(const SenderSeries& s, const std::vector<Expected>& want) {
  REQUIRE(s.points.size() == want.size());
  for (std::size_t i = 0; i < want.size(); ++i) {
    INFO("point " << i);
    const WindowPoint& p = s.points[i];
    CHECK(p.t == at(std::chrono::milliseconds(want[i].t_ms)));
    CHECK(p.phase == want[i].phase);
    CHECK(p.cwnd == want[i].cwnd);
    CHECK(p.ssthresh == want[i].ssthresh);
    CHECK(p.flight == want[i].flight);
    CHECK(p.dup_acks == want[i].dup_acks);
    CHECK(p.why == want[i].why);
    CHECK(p.segment == want[i].segment);
  }
}

// The first of five segments dropped: three duplicate ACKs, a fast
// retransmit, one more duplicate inflating the window, and the exit.
const char* kLostFirst = "at 100ms drop next client->server data\nat 100ms send c 5000 bytes\nrun until 3s\n";

}  // namespace

TEST_CASE("window series: duplicate ACKs and fast recovery, each tied to its ACK", "[window]") {
  const World w = run(kLostFirst);
  const WindowSeries ws = WindowSeries::of(w.trace());
  REQUIRE(ws.senders().size() == 2);  // the client's and the server's connections both have a window
  const SenderSeries* c = ws.for_host(0);
  REQUIRE(c);
  CHECK(c->conn == ConnRef{0, 0});
  using P = CongestionPhase;
  check_points(*c, {
                       {20, P::SlowStart, 4000, kInfiniteSsthresh, 0, 0, Rule::CcInitialWindow, std::nullopt},
                       {120, P::SlowStart, 4000, kInfiniteSsthresh, 4000, 1, Rule::CcDuplicateAck, 8},
                       {120, P::SlowStart, 4000, kInfiniteSsthresh, 5000, 2, Rule::CcDuplicateAck, 9},
                       {120, P::FastRecovery, 5000, 2000, 5000, 3, Rule::CcFastRetransmit, 10},
                       {140, P::FastRecovery, 6000, 2000, 5000, 4, Rule::CcFastRecoveryInflate, 13},
                       {140, P::CongestionAvoidance, 2000, 2000, 0, 0, Rule::CcFastRecoveryExit, 14},
                   });

  SECTION("the marks") {
    using K = WindowMarkKind;
    const std::vector<std::tuple<long long, K, std::uint32_t>> want = {
        {120, K::DupAck, 8},  {120, K::DupAck, 9},        {120, K::FastRetransmit, 10},
        {140, K::DupAck, 13}, {140, K::WindowUpdate, 14}, {140, K::WindowUpdate, 15},
    };
    REQUIRE(c->marks.size() == want.size());
    for (std::size_t i = 0; i < want.size(); ++i) {
      INFO("mark " << i);
      CHECK(c->marks[i].t == at(std::chrono::milliseconds(std::get<0>(want[i]))));
      CHECK(c->marks[i].kind == std::get<1>(want[i]));
      CHECK(c->marks[i].segment == std::get<2>(want[i]));
    }
  }
  SECTION("the peer's window: the SYN,ACK's, then the ACK that took 5000 octets and the update that gave them back") {
    REQUIRE(c->peer_window.size() == 3);
    CHECK(c->peer_window[0].t == at(20ms));
    CHECK(c->peer_window[0].window == 65535);
    CHECK(c->peer_window[0].segment == 2);
    CHECK(c->peer_window[1].window == 60535);
    CHECK(c->peer_window[1].segment == 14);
    CHECK(c->peer_window[2].window == 65535);
    CHECK(c->peer_window[2].segment == 15);
  }
  SECTION("reading at a moment") {
    CHECK(c->at(at(19ms)) == nullptr);
    CHECK(c->at(at(100ms))->cwnd == 4000);
    CHECK(c->at(at(120ms))->why == Rule::CcFastRetransmit);  // the last decision of that instant
    CHECK(c->at(at(139ms))->cwnd == 5000);
    CHECK(c->at(at(2s))->cwnd == 2000);
    CHECK(c->peer_window_at(at(130ms))->window == 65535);
    const auto [lo, hi] = c->visible(at(110ms), at(125ms));
    CHECK(lo == 0);  // the initial window is still in force at 110 ms
    CHECK(hi == 4);
  }
  SECTION("the server only ever had its initial window") {
    const SenderSeries* s = ws.for_host(1);
    REQUIRE(s);
    REQUIRE(s->points.size() == 1);
    CHECK(s->points[0].why == Rule::CcInitialWindow);
    CHECK(s->points[0].t == at(30ms));
  }
}

TEST_CASE("window series: a timeout is tied to the retransmission it sent", "[window]") {
  const World w = run("at 100ms drop next client->server data\nat 100ms send c 1000 bytes\nrun until 3s\n");
  const WindowSeries ws = WindowSeries::of(w.trace());
  const SenderSeries* c = ws.for_host(0);
  REQUIRE(c);
  using P = CongestionPhase;
  // RFC 6298: the first RTO is 1 s; RFC 5681 §3.1: ssthresh = max(FlightSize / 2, 2*SMSS), cwnd = 1 SMSS.
  check_points(*c, {
                       {20, P::SlowStart, 4000, kInfiniteSsthresh, 0, 0, Rule::CcInitialWindow, std::nullopt},
                       {1100, P::LossRecovery, 1000, 2000, 1000, 0, Rule::CcTimeout, 5},
                       {1120, P::CongestionAvoidance, 2000, 2000, 0, 0, Rule::CcLossRecovered, 6},
                   });
  REQUIRE(c->marks.size() == 3);
  CHECK(c->marks[0].kind == WindowMarkKind::Timeout);
  CHECK(c->marks[0].segment == 5);
  CHECK(c->marks[1].kind == WindowMarkKind::WindowUpdate);
  CHECK(c->marks[1].segment == 6);
}

TEST_CASE("window series: read as the trace grows, started over on a new generation", "[window]") {
  const World w = run(kLostFirst);
  const Trace& full = w.trace();
  WindowSeries grown;
  Trace part;
  for (const TraceRecord& r : full) {
    part.push_back(r);
    grown.update(part, 7);
  }
  const WindowSeries whole = WindowSeries::of(full);
  REQUIRE(grown.for_host(0)->points.size() == whole.for_host(0)->points.size());
  CHECK(grown.for_host(0)->marks.size() == whole.for_host(0)->marks.size());
  // A rewind: the same records under a new generation are read from the start, not appended twice.
  grown.update(full, 8);
  CHECK(grown.for_host(0)->points.size() == 6);
  Trace cut;
  for (const TraceRecord& r : full)
    if (r.t <= at(100ms)) cut.push_back(r);
  grown.update(cut, 8);  // shorter than what was read: started over too
  CHECK(grown.for_host(0)->points.size() == 1);
}

TEST_CASE("compare run: the same run with Tahoe instead of NewReno", "[window][compare]") {
  const World w = run(kLostFirst);
  const World twin = compare_world(w, 0, CongestionAlgorithm::Tahoe);
  CHECK(twin.now() == w.now());
  const WindowSeries ws = WindowSeries::of(twin.trace());
  const SenderSeries* c = ws.for_host(0);
  REQUIRE(c);
  // The same three duplicate ACKs, but Tahoe has no fast recovery: RFC 5681
  // §3.2's retransmission with ssthresh halved and cwnd back to one segment.
  const auto fast = std::find_if(c->points.begin(), c->points.end(),
                                 [](const WindowPoint& p) { return p.why == Rule::CcFastRetransmitTahoe; });
  REQUIRE(fast != c->points.end());
  CHECK(fast->t == at(120ms));
  CHECK(fast->cwnd == 1000);
  CHECK(fast->ssthresh == 2000);
  CHECK(fast->dup_acks == 3);
  // The original still has its own (the twin is a copy, not the same world).
  CHECK(WindowSeries::of(w.trace()).for_host(0)->points[3].why == Rule::CcFastRetransmit);

  SECTION("followed frame by frame, the twin is the one run at once") {
    CompareRun follow;
    // The original played again in 7 ms frames, its inputs given as their times come.
    World live(w.config());
    const std::vector<InputRecord> inputs = w.inputs();
    std::size_t next = 0;
    while (live.now() < w.now()) {
      for (; next < inputs.size() && inputs[next].t <= live.now(); ++next) {
        if (inputs[next].scheduled_for) live.schedule(*inputs[next].scheduled_for, inputs[next].action);
        else live.apply(inputs[next].action);
      }
      live.run_until(std::min(w.now(), live.now() + 7ms));
      follow.follow(live, 1, 0, CongestionAlgorithm::Tahoe);
    }
    REQUIRE(follow.twin());
    CHECK(follow.twin()->now() == twin.now());
    REQUIRE(follow.series().for_host(0)->points.size() == c->points.size());
    for (std::size_t i = 0; i < c->points.size(); ++i) {
      CHECK(follow.series().for_host(0)->points[i].cwnd == c->points[i].cwnd);
      CHECK(follow.series().for_host(0)->points[i].t == c->points[i].t);
    }
    // Another algorithm: built afresh.
    follow.follow(w, 1, 0, CongestionAlgorithm::Reno);
    CHECK(follow.algorithm() == CongestionAlgorithm::Reno);
    CHECK(follow.series().for_host(0)->points[3].why == Rule::CcFastRetransmit);
  }
}
