// tcplab: the command-line face of the lab's core.
#include <cstdio>
#include <cstring>
#include <string>
#include <string_view>

#include "core/state.h"

namespace {

constexpr const char* kUsage = R"(tcplab - the TCP Lab core on the command line

Usage:
  tcplab --help            this text
  tcplab --version         the version
  tcplab states            the eleven TCP states with their RFC 9293 meaning
)";

int cmd_states() {
  for (tcplab::State s : tcplab::kAllStates) {
    std::string name(tcplab::rfc_name(s));
    std::printf("%-13s %.*s\n", name.c_str(), static_cast<int>(tcplab::meaning(s).size()),
                tcplab::meaning(s).data());
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fputs(kUsage, stderr);
    return 2;
  }
  std::string_view cmd = argv[1];
  if (cmd == "--help" || cmd == "-h" || cmd == "help") {
    std::fputs(kUsage, stdout);
    return 0;
  }
  if (cmd == "--version") {
    std::puts("tcplab 0.1.0");
    return 0;
  }
  if (cmd == "states") return cmd_states();
  std::fprintf(stderr, "tcplab: unknown command '%s' (try 'tcplab --help')\n", argv[1]);
  return 2;
}
