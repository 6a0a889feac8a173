// Embind bindings of the core: the same functions in the page and in Node.
// LabApi is bound raw (text in, JSON text out); web/tcplab_api.js turns it
// into the documented JavaScript API. Nothing here throws: this build has no
// C++ exceptions, so an error travels back as a value and the JS layer
// throws it, outside any wasm frame.
#include <emscripten/bind.h>

#include <string>
#include <vector>

#include "core/base/json.h"
#include "core/lab/lab_api.h"
#include "core/sim/ladder.h"
#include "core/scenario/scenario.h"
#include "core/scenario/scenario_runner.h"
#include "core/tcp/state.h"
#include "imgui_app/question_words.h"
#include "core/sim/trace_export.h"

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

// LabApi::call with the arguments as a JS array. Anything but an array of
// strings is answered like any other argument error (the JS layer never
// sends one; this keeps a raw caller from unwinding through C++ frames).
std::string lab_call(tcplab::LabApi& api, const std::string& method, const emscripten::val& args) {
  const std::string not_strings = tcplab::JsonObject().str("error", "call: args: expected an array of strings").done();
  if (!args.isArray()) return not_strings;
  const auto count = args["length"].as<std::size_t>();
  std::vector<std::string> texts;
  texts.reserve(count);
  for (std::size_t i = 0; i < count; ++i) {
    const emscripten::val arg = args[i];
    if (!arg.isString()) return not_strings;
    texts.push_back(arg.as<std::string>());
  }
  return api.call(method, texts);
}

// The capture as a Uint8Array of its own (a view of wasm memory would go
// stale when memory grows), or the error text as a string.
emscripten::val lab_pcap(const tcplab::LabApi& api, const std::string& host) {
  auto bytes = api.pcap(host);
  if (!bytes) return emscripten::val(bytes.error());
  const std::vector<std::uint8_t>& b = bytes.value();
  return emscripten::val(emscripten::typed_memory_view(b.size(), b.data())).call<emscripten::val>("slice");
}

std::string lab_take_events(tcplab::LabApi& api) { return api.take_events(); }

// new LabApi(lessonsDir) in Node: questions worded through the UI's string
// table, in the lab's language (the page's LabApp sets the same, web/main.cpp).
tcplab::LabApi* make_lab_api(const std::string& lessons_dir) {
  static const tcplab::ui::UiQuestionWords words;
  auto* api = new tcplab::LabApi(lessons_dir);
  api->set_words(words);
  return api;
}

// loadCapture's bytes copied straight from a Uint8Array (no hex text on the way).
std::string lab_load_capture_bytes(tcplab::LabApi& api, const emscripten::val& bytes, const std::string& name) {
  if (!bytes.instanceof(emscripten::val::global("Uint8Array")))
    return tcplab::JsonObject().str("error", "loadCapture: bytes: expected a Uint8Array").done();
  std::vector<std::uint8_t> data(bytes["length"].as<std::size_t>());
  emscripten::val(emscripten::typed_memory_view(data.size(), data.data())).call<void>("set", bytes);
  return api.load_capture(name, std::move(data));
}

emscripten::val api_methods() {
  emscripten::val list = emscripten::val::array();
  for (const tcplab::LabApi::MethodInfo& m : tcplab::LabApi::methods()) {
    emscripten::val entry = emscripten::val::object();
    entry.set("name", std::string(m.name));
    entry.set("params", std::string(m.params));
    entry.set("summary", std::string(m.summary));
    list.call<void>("push", entry);
  }
  return list;
}

}  // namespace

EMSCRIPTEN_BINDINGS(tcplab_core) {
  emscripten::class_<tcplab::LabApi>("LabApi")
      .constructor(&make_lab_api, emscripten::allow_raw_pointers())
      .function("call", &lab_call)
      .function("takeEvents", &lab_take_events)
      .function("pcap", &lab_pcap)
      .function("loadCaptureBytes", &lab_load_capture_bytes);
  emscripten::function("apiMethods", &api_methods);
  emscripten::function("stateName", &state_name);
  emscripten::function("allStates", &all_states);
  emscripten::function("runScenario", &run_scenario_text);
  emscripten::function("traceDigest", &trace_digest);
}
