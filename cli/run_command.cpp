// tcplab run SCENARIO: the ladder diagram, the expectation results, and on
// request the trace as JSON Lines, a pcap capture and the trace digest.
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <optional>
#include <string>
#include <variant>

#include "commands.h"
#include "core/sim/ladder.h"
#include "core/scenario/scenario.h"
#include "core/scenario/question.h"
#include "core/scenario/scenario_runner.h"
#include "core/base/units.h"
#include "core/sim/trace_export.h"

namespace tcplab::cli {

namespace {

constexpr const char* kUsage =
    "usage: tcplab run SCENARIO [--seed N] [--trace FILE.jsonl] [--pcap FILE.pcap] [--capture HOST]\n"
    "                           [--digest] [--quiet] [--absolute]\n";

bool write_file(const std::string& path, const void* data, std::size_t n) {
  std::ofstream out(path, std::ios::binary);
  if (!out) return false;
  out.write(static_cast<const char*>(data), static_cast<std::streamsize>(n));
  return static_cast<bool>(out);
}

// What the command line asked for.
struct RunOptions {
  std::string path, trace_path, pcap_path, capture;
  std::optional<std::uint64_t> seed;
  bool digest = false, quiet = false, absolute = false;
};

// The options, or the exit code of a usage error (already reported).
std::variant<RunOptions, int> parse_options(std::span<char* const> args) {
  RunOptions o;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string a = args[i];
    const auto value = [&](const char* what) -> const char* {
      if (i + 1 >= args.size()) {
        std::fprintf(stderr, "tcplab run: %s needs %s\n%s", a.c_str(), what, kUsage);
        return nullptr;
      }
      return args[++i];
    };
    if (a == "--seed") {
      const char* v = value("a number");
      if (!v) return 2;
      char* end = nullptr;
      const unsigned long long n = std::strtoull(v, &end, 10);
      if (*v == '\0' || *end != '\0' || *v == '-') {
        std::fprintf(stderr, "tcplab run: --seed expects a non-negative integer, got '%s'\n", v);
        return 2;
      }
      o.seed = n;
    } else if (a == "--trace" || a == "--pcap" || a == "--capture") {
      const char* v = value(a == "--capture" ? "a host name (client or server)" : "a file name");
      if (!v) return 2;
      (a == "--trace" ? o.trace_path : a == "--pcap" ? o.pcap_path : o.capture) = v;
    } else if (a == "--digest") {
      o.digest = true;
    } else if (a == "--quiet") {
      o.quiet = true;
    } else if (a == "--absolute") {
      o.absolute = true;
    } else if (!a.empty() && a[0] == '-') {
      std::fprintf(stderr, "tcplab run: unknown option '%s'\n%s", a.c_str(), kUsage);
      return 2;
    } else if (o.path.empty()) {
      o.path = a;
    } else {
      std::fprintf(stderr, "tcplab run: one scenario at a time, got '%s' after '%s'\n%s", a.c_str(), o.path.c_str(),
                   kUsage);
      return 2;
    }
  }
  if (o.path.empty()) {
    std::fputs(kUsage, stderr);
    return 2;
  }
  return o;
}

// The scenario file, parsed, or nullopt once the error is reported.
std::optional<Scenario> read_scenario(const std::string& path) {
  std::error_code ec;
  std::ifstream in(path, std::ios::binary);
  if (!in || !std::filesystem::is_regular_file(path, ec)) {
    std::fprintf(stderr, "tcplab run: cannot read '%s' (not a readable file)\n", path.c_str());
    return std::nullopt;
  }
  std::stringstream text;
  text << in.rdbuf();
  auto parsed = parse_scenario(text.str(), path);
  if (!parsed) {
    std::fprintf(stderr, "%s\n", parsed.error().text().c_str());
    return std::nullopt;
  }
  return std::move(parsed).value();
}

// The host whose interface the capture is taken at: --capture, else the scenario's own.
std::optional<std::size_t> capture_host(const Scenario& sc, std::string capture) {
  if (capture.empty()) capture = sc.capture;
  for (std::size_t h = 0; h < sc.world.hosts.size(); ++h)
    if (sc.world.hosts[h].name == capture) return h;
  std::fprintf(stderr, "tcplab run: --capture expects a host of the scenario (%s or %s), got '%s'\n",
               sc.world.hosts[0].name.c_str(), sc.world.hosts[1].name.c_str(), capture.c_str());
  return std::nullopt;
}

// Each question's checkpoint and answer, as this run gives them; FAIL for a
// question whose event never happens (the lesson would never ask it).
std::size_t print_questions(const Scenario& sc, const World& w) {
  std::size_t missing = 0;
  for (const Question& q : sc.questions) {
    const Checkpoint c = find_checkpoint(w, q);
    if (c.found)
      std::printf("ASK  %s: %s  (asked at %s, answer %s)\n", q.loc.text().c_str(), q.text.c_str(),
                  format_duration(c.pause.time_since_epoch()).c_str(), c.answer.c_str());
    else
      std::printf("FAIL %s: %s  (the run has no such event: the question is never asked)\n", q.loc.text().c_str(),
                  q.text.c_str());
    missing += c.found ? 0 : 1;
  }
  return missing;
}

// The ladder (unless quiet), each expectation's result and the digest, on stdout.
void print_run(const Scenario& sc, const ScenarioRun& run, const RunOptions& o) {
  const World& w = run.world;
  if (!o.quiet) {
    if (!sc.description.empty()) std::printf("%s\n\n", sc.description.c_str());
    std::fputs(ladder(w, o.absolute).c_str(), stdout);
    std::puts("");
  }
  for (const ExpectationResult& r : run.results)
    std::printf("%s %s: %s  (saw %s)\n", r.passed ? "PASS" : "FAIL", r.expectation.loc.text().c_str(),
                r.expectation.text.c_str(), r.seen.c_str());
  std::printf("%zu of %zu expectations passed\n", run.results.size() - run.failures(), run.results.size());
  print_questions(sc, w);
  if (o.digest) std::printf("digest %s\n", trace_digest(w.trace(), host_names(w)).c_str());
}

// The trace and the capture, where asked for. False once a write failed (reported).
bool write_outputs(const World& w, const RunOptions& o, std::size_t capture) {
  if (!o.trace_path.empty()) {
    const std::string jsonl = to_jsonl(w.trace(), host_names(w));
    if (!write_file(o.trace_path, jsonl.data(), jsonl.size())) {
      std::fprintf(stderr, "tcplab run: cannot write '%s'\n", o.trace_path.c_str());
      return false;
    }
  }
  if (!o.pcap_path.empty()) {
    const auto pcap = to_pcap(w.trace(), capture);
    if (!write_file(o.pcap_path, pcap.data(), pcap.size())) {
      std::fprintf(stderr, "tcplab run: cannot write '%s'\n", o.pcap_path.c_str());
      return false;
    }
  }
  return true;
}

}  // namespace

int cmd_run(std::span<char* const> args) {
  auto options = parse_options(args);
  if (const int* code = std::get_if<int>(&options)) return *code;
  const RunOptions& o = std::get<RunOptions>(options);
  const std::optional<Scenario> sc = read_scenario(o.path);
  if (!sc) return 2;
  const std::optional<std::size_t> capture = capture_host(*sc, o.capture);
  if (!capture) return 2;
  const ScenarioRun run = run_scenario(*sc, o.seed);
  print_run(*sc, run, o);
  if (!write_outputs(run.world, o, *capture)) return 2;
  std::size_t unasked = 0;
  for (const Question& q : sc->questions) unasked += find_checkpoint(run.world, q).found ? 0 : 1;
  return run.passed() && unasked == 0 ? 0 : 1;
}

}  // namespace tcplab::cli
