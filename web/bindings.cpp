// Embind bindings of the core: the same functions in the page and in Node.
#include <emscripten/bind.h>

#include <string>

#include "core/ladder.h"
#include "core/scenario.h"
#include "core/scenario_runner.h"
#include "core/state.h"
#include "core/trace_export.h"

namespace {

std::string state_name(int index) {
  if (index < 0 || index >= static_cast<int>(tcplab::kAllStates.size())) return "";
  return std::string(tcplab::rfc_name(tcplab::kAllStates[static_cast<std::size_t>(index)]));
}

emscripten::val all_states() {
  emscripten::val list = emscripten::val::array();
  for (tcplab::State s : tcplab::kAllStates) {
    emscripten::val entry = emscripten::val::object();
    entry.set("name", std::string(tcplab::rfc_name(s)));
    entry.set("meaning", std::string(tcplab::meaning(s)));
    entry.set("synchronized", tcplab::is_synchronized(s));
    list.call<void>("push", entry);
  }
  return list;
}

// Runs a scenario given as text; the same digest `tcplab run FILE --digest`
// prints natively. Errors come back as {error: "file:line:col: ..."}.
emscripten::val run_scenario_text(const std::string& text, const std::string& file) {
  emscripten::val out = emscripten::val::object();
  auto parsed = tcplab::parse_scenario(text, file);
  if (!parsed) {
    out.set("error", parsed.error().text());
    return out;
  }
  const tcplab::ScenarioRun run = tcplab::run_scenario(parsed.value());
  out.set("digest", tcplab::trace_digest(run.world.trace(), tcplab::host_names(run.world)));
  out.set("passed", run.passed());
  out.set("failures", static_cast<int>(run.failures()));
  out.set("records", static_cast<int>(run.world.trace().size()));
  out.set("ladder", tcplab::ladder(run.world));
  return out;
}

std::string trace_digest(const std::string& text, const std::string& file) {
  auto parsed = tcplab::parse_scenario(text, file);
  if (!parsed) return "";
  const tcplab::ScenarioRun run = tcplab::run_scenario(parsed.value());
  return tcplab::trace_digest(run.world.trace(), tcplab::host_names(run.world));
}

}  // namespace

EMSCRIPTEN_BINDINGS(tcplab_core) {
  emscripten::function("stateName", &state_name);
  emscripten::function("allStates", &all_states);
  emscripten::function("runScenario", &run_scenario_text);
  emscripten::function("traceDigest", &trace_digest);
}
