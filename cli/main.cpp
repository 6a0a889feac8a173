// tcplab: the command-line face of the lab's core.
#include <array>
#include <cstdio>
#include <span>
#include <string>
#include <string_view>

#include "commands.h"

namespace {

using tcplab::cli::Command;

constexpr std::array kCommands = {
    Command{"states", "states", "the eleven TCP states with their RFC 9293 meaning", &tcplab::cli::cmd_states},
    Command{"run", "run SCENARIO [options]", "run a scenario: ladder diagram, expectations, --trace/--pcap/--digest", &tcplab::cli::cmd_run},
    Command{"decode", "decode HEX", "decode an IPv4+TCP packet given as hex, checksums checked", &tcplab::cli::cmd_decode},
    Command{"replay", "replay FILE [--stream N]", "a pcap/pcapng capture's TCP streams, or one as a ladder with inferred states", &tcplab::cli::cmd_replay},
    Command{"drill", "drill SCRIPT.pkt [...]", "run packetdrill-style scripts against the stack", &tcplab::cli::cmd_drill},
    Command{"scorm", "scorm LESSON... -o FILE.zip", "a SCORM 1.2 package of lessons for a learning management system", &tcplab::cli::cmd_scorm},
};

void print_usage(std::FILE* out) {
  std::fputs("tcplab - the TCP Lab core on the command line\n\nUsage:\n", out);
  std::fprintf(out, "  %-31s %s\n", "tcplab --help", "this text");
  std::fprintf(out, "  %-31s %s\n", "tcplab --version", "the version");
  for (const Command& c : kCommands) {
    const std::string synopsis = "tcplab " + std::string(c.synopsis);
    std::fprintf(out, "  %-31s %.*s\n", synopsis.c_str(), static_cast<int>(c.summary.size()), c.summary.data());
  }
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    print_usage(stderr);
    return 2;
  }
  const std::string_view name = argv[1];
  if (name == "--help" || name == "-h" || name == "help") {
    print_usage(stdout);
    return 0;
  }
  if (name == "--version") {
    std::puts("tcplab 0.1.0");
    return 0;
  }
  for (const Command& c : kCommands)
    if (c.name == name) return c.run(std::span<char* const>(argv + 2, static_cast<std::size_t>(argc - 2)));
  std::fprintf(stderr, "tcplab: unknown command '%s' (try 'tcplab --help')\n", argv[1]);
  return 2;
}
