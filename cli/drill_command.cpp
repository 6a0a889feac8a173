// tcplab drill SCRIPT.pkt [...]: packetdrill-style conformance scripts run
// against the stack on simulated time. Reading the files happens here; the
// parser and runner in core never touch I/O.
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "commands.h"
#include "core/drill/drill_runner.h"

namespace tcplab::cli {

namespace {

void usage(std::FILE* out) {
  std::fputs(
      "Usage: tcplab drill [--tolerance_usecs=N] [--tolerance_percent=P] [--strict_segments] [--trace] SCRIPT.pkt [...]\n"
      "Runs packetdrill-style scripts against the stack (Linux-like profile unless a\n"
      "script says --profile=rfc9293). Prints PASS, FAIL or UNSUPPORTED per script and\n"
      "'N passed, M failed' (', K unsupported' when some were).\n"
      "The language subset is described in docs/packetdrill.md.\n",
      out);
}

}  // namespace

int cmd_drill(std::span<char* const> args) {
  drill::RunConfig config;
  std::vector<std::string> files;
  for (char* const a : args) {
    const std::string_view arg = a;
    if (arg == "--help" || arg == "-h") {
      usage(stdout);
      return 0;
    }
    if (arg == "--trace") {
      config.trace = true;
    } else if (arg == "--strict_segments") {
      config.strict_segments = true;
    } else if (arg.rfind("--tolerance_usecs=", 0) == 0) {
      const std::string v(arg.substr(18));
      char* end = nullptr;
      const long long us = std::strtoll(v.c_str(), &end, 10);
      if (v.empty() || *end != '\0' || us < 0) {
        std::fprintf(stderr, "tcplab drill: --tolerance_usecs needs a number of microseconds, got '%s'\n", v.c_str());
        return 2;
      }
      config.tolerance = Duration{us};
    } else if (arg.rfind("--tolerance_percent=", 0) == 0) {
      const std::string v(arg.substr(20));
      char* end = nullptr;
      const double pct = std::strtod(v.c_str(), &end);
      if (v.empty() || *end != '\0' || !(pct >= 0 && pct <= 1000)) {
        std::fprintf(stderr, "tcplab drill: --tolerance_percent needs a percentage, got '%s'\n", v.c_str());
        return 2;
      }
      config.tolerance_percent = pct;
    } else if (arg.rfind("--", 0) == 0) {
      std::fprintf(stderr, "tcplab drill: unknown option '%s'\n", a);
      usage(stderr);
      return 2;
    } else {
      files.emplace_back(arg);
    }
  }
  if (files.empty()) {
    usage(stderr);
    return 2;
  }
  int passed = 0, failed = 0, unsupported = 0;
  for (const std::string& file : files) {
    std::ifstream in(file, std::ios::binary);
    drill::RunReport report;
    if (!in) {
      report.outcome = drill::RunReport::Outcome::ScriptError;
      report.message = file + ": error: cannot read the file";
    } else {
      std::ostringstream text;
      text << in.rdbuf();
      report = drill::run_text(text.str(), file, config);
    }
    for (const std::string& line : report.trace) std::printf("  %s\n", line.c_str());
    if (report.passed()) {
      ++passed;
      std::printf("PASS %s\n", file.c_str());
    } else if (report.outcome == drill::RunReport::Outcome::Unsupported) {
      // Outside the subset: not a pass, and not a verdict on the stack either.
      ++unsupported;
      std::printf("UNSUPPORTED %s\n%s\n", file.c_str(), report.message.c_str());
    } else {
      ++failed;
      std::printf("FAIL %s\n%s\n", file.c_str(), report.message.c_str());
    }
  }
  std::printf("%d passed, %d failed", passed, failed);
  if (unsupported > 0) std::printf(", %d unsupported", unsupported);
  std::printf("\n");
  return failed == 0 && unsupported == 0 ? 0 : 1;
}

}  // namespace tcplab::cli
