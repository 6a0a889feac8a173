// Seeded random runs of two connections over a lossy, duplicating,
// reordering, corrupting link, each checked for the properties TCP promises:
// every octet sent is read once, in order; both ends reach CLOSED (or report
// an error) within a bound after CLOSE; every state change is an edge of
// RFC 9293's diagram; and the congestion invariants of congestion_watch.h
// (in flight within cwnd and the peer's window plus the explicit
// allowances, ssthresh >= 2*SMSS, every retransmission explained by its
// rule), over both profiles and the four algorithms. A failing run prints
// its seed and the command that replays it alone.
//
// ctest runs 2 x 1,500 seeds; the long run is `tcplab_random_runs --runs 10000`
// (bench/README.md, "Property runs").
//
//   tcplab_random_runs [--runs N] [--first-seed S] [--known FILE]   N runs, seeds S..S+N-1
//   tcplab_random_runs --seed S [--verbose]          one run, its plan (and every segment) printed
//
// --known FILE (tests/property/KNOWN_FAILURES): seeds whose failure is a lab
// bug already reported, one "SEED reason" a line. Their failures are
// printed as KNOWN and not counted; a listed seed that passes fails the run
// (the bug is fixed: take the seed out of the list).
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <string_view>

#include "tests/property/pair.h"

namespace {

bool parse_u64(const char* s, std::uint64_t& out) {
  char* end = nullptr;
  out = std::strtoull(s, &end, 10);
  return end && *end == '\0' && s[0] >= '0' && s[0] <= '9';
}

// "SEED reason" lines; '#' starts a comment.
bool read_known(const char* path, std::map<std::uint64_t, std::string>& out) {
  std::ifstream in(path);
  if (!in) return false;
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::istringstream words(line);
    std::uint64_t seed = 0;
    if (!(words >> seed)) return false;
    std::string reason;
    std::getline(words >> std::ws, reason);
    out[seed] = reason;
  }
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  std::uint64_t runs = 1000, first = 1;
  bool single = false, verbose = false;
  std::map<std::uint64_t, std::string> known;
  for (int i = 1; i < argc; ++i) {
    const std::string_view a = argv[i];
    const bool has_value = i + 1 < argc;
    if (a == "--runs" && has_value && parse_u64(argv[i + 1], runs)) {
      ++i;
    } else if (a == "--first-seed" && has_value && parse_u64(argv[i + 1], first)) {
      ++i;
    } else if (a == "--seed" && has_value && parse_u64(argv[i + 1], first)) {
      ++i;
      runs = 1;
      single = true;
    } else if (a == "--known" && has_value) {
      if (!read_known(argv[++i], known)) {
        std::fprintf(stderr, "%s: cannot read the known failures in %s (lines: SEED reason)\n", argv[0], argv[i]);
        return 2;
      }
    } else if (a == "--verbose") {
      verbose = true;
    } else {
      std::fprintf(stderr, "usage: %s [--runs N] [--first-seed S] [--known FILE] | --seed S [--verbose]\n", argv[0]);
      return 2;
    }
  }

  const auto started = std::chrono::steady_clock::now();
  std::uint64_t failed = 0, known_failed = 0, segments = 0, delivered = 0, with_error = 0, flight_checks = 0, retransmissions = 0,
                congestion_events = 0;
  for (std::uint64_t seed = first; seed < first + runs; ++seed) {
    const tcplab::property::RunPlan plan = tcplab::property::draw_plan(seed);
    const tcplab::property::RunResult r = tcplab::property::run_pair(plan, single && verbose);
    segments += r.segments;
    delivered += r.delivered;
    with_error += r.reset ? 1 : 0;
    flight_checks += r.flight_checks;
    retransmissions += r.retransmissions;
    congestion_events += r.congestion_events;
    if (single) {
      std::printf("%s\n", plan.describe().c_str());
      std::printf("%llu segments, %llu octets read, ended at %.3f s%s\n",
                  static_cast<unsigned long long>(r.segments), static_cast<unsigned long long>(r.delivered),
                  static_cast<double>(tcplab::micros(r.end)) / 1e6, r.reset ? ", an end reported an error" : "");
    }
    const auto listed = known.find(seed);
    if (listed != known.end() && r.failures.empty()) {
      ++failed;
      std::printf("FAIL seed %llu passed but is listed as a known failure (%s): take it out of the list\n",
                  static_cast<unsigned long long>(seed), listed->second.c_str());
    } else if (listed != known.end()) {
      ++known_failed;
      std::printf("KNOWN %s\n  (%s)\n", plan.describe().c_str(), listed->second.c_str());
      for (const std::string& f : r.failures) std::printf("  %s\n", f.c_str());
    } else if (!r.failures.empty()) {
      ++failed;
      std::printf("FAIL %s\n", plan.describe().c_str());
      for (const std::string& f : r.failures) std::printf("  %s\n", f.c_str());
      std::printf("  reproduce: %s --seed %llu\n", argv[0], static_cast<unsigned long long>(seed));
    }
  }
  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  std::printf("random runs: seeds %llu..%llu, %llu runs, %llu failed, %llu known failures, %llu segments, %llu octets read, "
              "%llu runs where an end reported an error; %llu in-flight checks, %llu retransmissions checked against their rule, "
              "%llu congestion events; %.1f s\n",
              static_cast<unsigned long long>(first), static_cast<unsigned long long>(first + runs - 1),
              static_cast<unsigned long long>(runs), static_cast<unsigned long long>(failed),
              static_cast<unsigned long long>(known_failed),
              static_cast<unsigned long long>(segments), static_cast<unsigned long long>(delivered),
              static_cast<unsigned long long>(with_error), static_cast<unsigned long long>(flight_checks),
              static_cast<unsigned long long>(retransmissions), static_cast<unsigned long long>(congestion_events), secs);
  return failed == 0 ? 0 : 1;
}
