#include <cstdio>
#include <string>

#include "commands.h"
#include "core/tcp/state.h"

namespace tcplab::cli {

int cmd_states(std::span<char* const> args) {
  if (!args.empty()) {
    std::fprintf(stderr, "tcplab states: takes no arguments, got '%s'\n", args[0]);
    return 2;
  }
  for (State s : kAllStates) {
    const std::string name(rfc_name(s)), text(meaning(s));
    std::printf("%-13s %s\n", name.c_str(), text.c_str());
  }
  return 0;
}

}  // namespace tcplab::cli
