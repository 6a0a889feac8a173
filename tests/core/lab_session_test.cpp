// The lab session as a lesson runner: whatever way its clock is driven
// (frames, steps, run-to-end, rewinds), a lesson's expectations come out as
// run_scenario() checks them, and its trace is the same.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

#include "core/lab/lab_session.h"
#include "core/scenario/scenario_runner.h"
#include "core/sim/trace_export.h"

using namespace tcplab;
using namespace std::chrono_literals;

namespace {

std::string digest(const World& w) { return trace_digest(w.trace(), host_names(w)); }

void apply(LabSession& s, Command c) {
  std::vector<Command> cmds{std::move(c)};
  s.apply(cmds);
}

LabSession with_lessons() {
  LabSession s;
  const auto errors = s.load_lessons(std::string(TCPLAB_SOURCE_DIR) + "/scenarios");
  CHECK(errors.empty());
  return s;
}

Lesson lesson_from(const std::string& text) {
  std::string err;
  auto p = make_lesson("t", text, &err);
  INFO(err);
  REQUIRE(p);
  return *p;
}

constexpr const char* kTwoHosts = "host client 10.0.0.1\nhost server 10.0.0.2\n";

}  // namespace

TEST_CASE("lab session: every lesson, run to its end, agrees with run_scenario") {
  LabSession s = with_lessons();
  REQUIRE(s.lessons().size() >= 15);
  for (std::size_t i = 0; i < s.lessons().size(); ++i) {
    const Lesson& p = s.lessons()[i];
    INFO(p.name);
    const ScenarioRun reference = run_scenario(p.scenario);
    apply(s, LoadLessonCmd{i});
    CHECK(s.lesson() != nullptr);
    CHECK(s.lesson_inputs() == p.scenario.actions.size());
    CHECK(!s.lesson_finished());
    apply(s, RunToEndCmd{});
    REQUIRE(s.lesson_finished());
    REQUIRE(s.results()->size() == reference.results.size());
    for (std::size_t k = 0; k < reference.results.size(); ++k) {
      INFO(reference.results[k].expectation.text);
      CHECK((*s.results())[k].passed == reference.results[k].passed);
      CHECK((*s.results())[k].seen == reference.results[k].seen);
    }
    CHECK(s.world().now() == reference.world.now());
    CHECK(digest(s.world()) == digest(reference.world));
  }
}

TEST_CASE("lab session: a lesson played frame by frame ends as run_scenario says") {
  LabSession s = with_lessons();
  for (std::size_t i = 0; i < s.lessons().size(); ++i) {
    const Lesson& p = s.lessons()[i];
    INFO(p.name);
    const ScenarioRun reference = run_scenario(p.scenario);
    apply(s, LoadLessonCmd{i});
    apply(s, SpeedCmd{kMaxSpeed});
    // Frames of 1/60 s at 10x until the end; an hour of idle clock at most.
    for (int frame = 0; frame < 400'000 && !s.lesson_finished(); ++frame) s.advance(1.0 / 60);
    REQUIRE(s.lesson_finished());
    for (std::size_t k = 0; k < reference.results.size(); ++k) {
      INFO(reference.results[k].expectation.text);
      CHECK((*s.results())[k].passed == reference.results[k].passed);
      CHECK((*s.results())[k].seen == reference.results[k].seen);
    }
  }
}

TEST_CASE("lab session: timed expectations are checked when the clock gets there") {
  LabSession s;
  apply(s, LoadScenarioCmd{lesson_from(std::string(kTwoHosts) +
                                       "at 0ms listen server:80 as l\n"
                                       "at 100ms connect client:40000 to server:80 as c\n"
                                       "expect at 0ms l state LISTEN\n"
                                       "expect at 105ms c state SYN-SENT\n"
                                       "expect c state ESTABLISHED\n"
                                       "run until 1s\n")});
  REQUIRE(s.lesson());
  CHECK(s.lesson()->name == "t");
  CHECK(!s.loaded_lesson());
  CHECK(s.world().now() == Instant{});

  SECTION("stepping lands on the check's time, however far the step goes") {
    // The next event is the connect at 100 ms; then the SYN arrives at 110 ms.
    apply(s, StepCmd{});
    CHECK(s.world().now() == Instant{100ms});
    apply(s, StepCmd{});
    CHECK(s.world().now() == Instant{110ms});
    apply(s, RunUntilCmd{Instant{1s}});
    REQUIRE(s.lesson_finished());
    CHECK(s.results()->at(1).passed);
    CHECK(s.results()->at(1).seen == "SYN-SENT at 105.000ms");
    CHECK(s.results()->at(2).passed);
  }
  SECTION("a learner's input at the check's very time comes after the check") {
    apply(s, RunUntilCmd{Instant{105ms}});
    apply(s, ApplyCmd{AbortAction{"c"}});
    apply(s, RunUntilCmd{Instant{1s}});
    REQUIRE(s.lesson_finished());
    CHECK(s.results()->at(1).passed);
    CHECK(!s.results()->at(2).passed);  // aborted: CLOSED at the end
  }
  SECTION("the end is 'run until', not later; running on keeps the results") {
    apply(s, RunUntilCmd{Instant{5s}});
    REQUIRE(s.lesson_finished());
    CHECK(s.results()->at(2).seen == "ESTABLISHED at 1000.000ms");
    CHECK(s.world().now() == Instant{5s});
  }
  SECTION("a rewind to before the end forgets the results, and a rewind past it keeps them") {
    apply(s, RunUntilCmd{Instant{2s}});
    REQUIRE(s.lesson_finished());
    apply(s, RewindCmd{Instant{1500ms}});
    CHECK(s.lesson_finished());
    apply(s, RewindCmd{Instant{50ms}});
    CHECK(!s.lesson_finished());
    // The check at 105 ms happens again on the way, the one at 0 ms is kept.
    apply(s, ApplyCmd{AbortAction{"l"}});
    apply(s, RunUntilCmd{Instant{2s}});
    REQUIRE(s.lesson_finished());
    CHECK(s.results()->at(0).passed);
    CHECK(s.results()->at(1).passed);
    CHECK(!s.results()->at(2).passed);  // no listener: the SYN is answered with RST
  }
  SECTION("run to end stops the clock at the end") {
    apply(s, RunToEndCmd{});
    CHECK(s.world().now() == Instant{1s});
    CHECK(s.lesson_finished());
  }
  SECTION("a reset leaves the lesson") {
    const auto serial = s.world_serial();
    apply(s, ResetCmd{LabSetup{}});
    CHECK(!s.lesson());
    CHECK(!s.results());
    CHECK(s.lesson_inputs() == 0);
    CHECK(s.world_serial() == serial + 1);
  }
}

TEST_CASE("lab session: without 'run until' a lesson ends when nothing is left to happen") {
  LabSession s;
  apply(s, LoadScenarioCmd{lesson_from(std::string(kTwoHosts) + "link latency 10ms\n"
                                                                "at 0ms listen server:80 as l\n"
                                                                "at 0ms connect client:40000 to server:80 as c\n"
                                                                "expect c state ESTABLISHED\n")});
  const ScenarioRun reference = run_scenario(s.lesson()->scenario);
  apply(s, RunUntilCmd{Instant{10s}});
  REQUIRE(s.lesson_finished());
  CHECK(s.world().now() == Instant{10s});
  // The check was made at the last event, where run_scenario stops.
  CHECK(s.results()->at(0).seen == reference.results[0].seen);
  CHECK(s.results()->at(0).seen == "ESTABLISHED at 30.000ms");

  SECTION("an empty lesson has ended as soon as it is loaded") {
    apply(s, LoadScenarioCmd{lesson_from(kTwoHosts)});
    CHECK(s.lesson_finished());
    CHECK(s.results()->empty());
  }
}

TEST_CASE("lab session: without 'run until', a rewind before the end waits for the end again") {
  LabSession s;
  apply(s, LoadScenarioCmd{lesson_from(std::string(kTwoHosts) + "at 0ms listen server:80 as l\n"
                                                                "at 0ms connect client:40000 to server:80 as c\n"
                                                                "expect c state ESTABLISHED\n")});
  apply(s, RunToEndCmd{});
  REQUIRE(s.lesson_finished());
  const std::vector<ExpectationResult> first = *s.results();
  const Instant end = s.ended_at();
  const std::string trace = digest(s.world());
  REQUIRE(first.size() == 1);
  CHECK(first[0].passed);

  // The snapshot restored is from before the lesson's own inputs: the world
  // there only looks idle until they are replayed.
  const auto back = std::chrono::milliseconds(GENERATE(0, 20, 29));
  INFO("rewind to " << back.count() << "ms");
  apply(s, RewindCmd{Instant{back}});
  CHECK(s.world().now() == Instant{back});
  CHECK(!s.lesson_finished());
  CHECK(s.world().find("c"));

  apply(s, RunToEndCmd{});
  REQUIRE(s.lesson_finished());
  CHECK(s.ended_at() == end);
  CHECK(s.results()->at(0).passed == first[0].passed);
  CHECK(s.results()->at(0).seen == first[0].seen);
  CHECK(digest(s.world()) == trace);
}

TEST_CASE("lab session: serials and generations") {
  LabSession s;
  const auto serial = s.world_serial(), gen = s.generation();
  apply(s, ApplyCmd{ListenAction{"server", s.listen_name(1), 80, 128}});
  apply(s, RunUntilCmd{Instant{1s}});
  apply(s, RewindCmd{Instant{500ms}});
  CHECK(s.world_serial() == serial);
  CHECK(s.generation() == gen + 1);
  apply(s, RunUntilCmd{Instant{100ms}});  // backwards: nothing
  CHECK(s.world().now() == Instant{500ms});
  apply(s, ResetCmd{LabSetup{}});
  CHECK(s.world_serial() == serial + 1);
  CHECK(s.listen_name(1) == "l");
  CHECK(s.listen_name(0) == "lc");
  CHECK(s.connect_name(0) == "c");
  CHECK(s.connect_name(1) == "s");
}

TEST_CASE("lab session: lessons come from a directory, bad files are reported") {
  const auto dir = std::filesystem::temp_directory_path() / "tcplab_lessons_test";
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  {
    std::ofstream(dir / "b-good.scenario") << kTwoHosts << "description Good.\n";
    std::ofstream(dir / "a-bad.scenario") << "at soon listen\n";
    std::ofstream(dir / "notes.txt") << "not a scenario\n";
  }
  LabSession s;
  const auto errors = s.load_lessons(dir.string());
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].find("a-bad.scenario:1:") == 0);
  REQUIRE(s.lessons().size() == 1);
  CHECK(s.lessons()[0].name == "b-good");
  CHECK(s.lessons()[0].description == "Good.");
  CHECK(s.load_lessons((dir / "missing").string()).empty());
  CHECK(s.lessons().empty());
  std::filesystem::remove_all(dir);
}

TEST_CASE("lab session: lessons from texts in memory (the page's), sorted by file, bad ones reported") {
  const std::string good = std::string(kTwoHosts) + "description Good.\n";
  LabSession s;
  const auto errors = s.load_lessons({{"c-good.scenario", good}, {"a-bad.scenario", "at soon listen\n"}, {"b-good.scenario", good}});
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].find("a-bad.scenario:1:") == 0);
  REQUIRE(s.lessons().size() == 2);
  CHECK(s.lessons()[0].name == "b-good");
  CHECK(s.lessons()[1].name == "c-good");
  CHECK(s.lessons()[1].description == "Good.");
}
