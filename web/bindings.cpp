// Embind bindings of the core: the same functions in the page and in Node.
#include <emscripten/bind.h>

#include <string>

#include "core/state.h"

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

}  // namespace

EMSCRIPTEN_BINDINGS(tcplab_core) {
  emscripten::function("stateName", &state_name);
  emscripten::function("allStates", &all_states);
}
