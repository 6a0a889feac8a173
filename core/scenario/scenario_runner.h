// Running a scenario: build its World, schedule its actions, run it to its
// end, check its expectations against the world and its trace.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "core/scenario/scenario.h"
#include "core/sim/world.h"

namespace tcplab {

struct ExpectationResult {
  Expectation expectation;
  bool passed = false;
  std::string seen;  // what the run showed, for the report
};

struct ScenarioRun {
  World world;
  std::vector<ExpectationResult> results;
  bool passed() const;
  std::size_t failures() const;
};

// One expectation against the world as it is now and its trace so far
// (the lab checks a lesson's as its clock gets there).
ExpectationResult check_expectation(const World& w, const Expectation& e);

// Runs until the scenario's 'run until' time, or until nothing is left to
// happen (bounded at an hour after its last action).
ScenarioRun run_scenario(const Scenario& sc, std::optional<std::uint64_t> seed = std::nullopt,
                         bool record_bytes = true);

// A time as the reports write it: "10.000ms".
std::string ms_text(Instant t);

// The world's host names, in order, for the trace exporters.
std::vector<std::string> host_names(const World& w);

}  // namespace tcplab
