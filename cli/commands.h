// The subcommands of `tcplab`. Each lives in its own file and is listed once
// in kCommands (main.cpp), which also builds --help from it.
#pragma once
#include <span>
#include <string_view>

namespace tcplab::cli {

// Arguments after the subcommand name. Returns the process exit code:
// 0 success, 1 the work found a failure (a test, an expectation), 2 bad usage or input.
using CommandFn = int (*)(std::span<char* const> args);

struct Command {
  std::string_view name;
  std::string_view synopsis;  // "states", "decode HEX"
  std::string_view summary;   // one line for --help
  CommandFn run;
};

int cmd_states(std::span<char* const> args);
int cmd_run(std::span<char* const> args);
int cmd_decode(std::span<char* const> args);
int cmd_drill(std::span<char* const> args);
int cmd_replay(std::span<char* const> args);
int cmd_scorm(std::span<char* const> args);

}  // namespace tcplab::cli
