// Seeded random runs of two connections over a lossy, duplicating,
// reordering, corrupting link, each checked for the properties TCP promises:
// every octet sent is read once, in order; both ends reach CLOSED (or report
// an error) within a bound after CLOSE; every state change is an edge of
// RFC 9293's diagram. A failing run prints its seed and the command that
// replays it alone.
//
//   tcplab_random_runs [--runs N] [--first-seed S]   N runs, seeds S..S+N-1
//   tcplab_random_runs --seed S [--verbose]          one run, its plan (and every segment) printed
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "tests/property/pair.h"

namespace {

bool parse_u64(const char* s, std::uint64_t& out) {
  char* end = nullptr;
  out = std::strtoull(s, &end, 10);
  return end && *end == '\0' && s[0] >= '0' && s[0] <= '9';
}

}  // namespace

int main(int argc, char** argv) {
  std::uint64_t runs = 1000, first = 1;
  bool single = false, verbose = false;
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
    } else if (a == "--verbose") {
      verbose = true;
    } else {
      std::fprintf(stderr, "usage: %s [--runs N] [--first-seed S] | --seed S [--verbose]\n", argv[0]);
      return 2;
    }
  }

  const auto started = std::chrono::steady_clock::now();
  std::uint64_t failed = 0, segments = 0, delivered = 0, with_error = 0;
  for (std::uint64_t seed = first; seed < first + runs; ++seed) {
    const tcplab::property::RunPlan plan = tcplab::property::draw_plan(seed);
    const tcplab::property::RunResult r = tcplab::property::run_pair(plan, single && verbose);
    segments += r.segments;
    delivered += r.delivered;
    with_error += r.reset ? 1 : 0;
    if (single) {
      std::printf("%s\n", plan.describe().c_str());
      std::printf("%llu segments, %llu octets read, ended at %.3f s%s\n",
                  static_cast<unsigned long long>(r.segments), static_cast<unsigned long long>(r.delivered),
                  static_cast<double>(tcplab::micros(r.end)) / 1e6, r.reset ? ", an end reported an error" : "");
    }
    if (!r.failures.empty()) {
      ++failed;
      std::printf("FAIL %s\n", plan.describe().c_str());
      for (const std::string& f : r.failures) std::printf("  %s\n", f.c_str());
      std::printf("  reproduce: %s --seed %llu\n", argv[0], static_cast<unsigned long long>(seed));
    }
  }
  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  std::printf("random runs: seeds %llu..%llu, %llu runs, %llu failed, %llu segments, %llu octets read, "
              "%llu runs where an end reported an error, %.1f s\n",
              static_cast<unsigned long long>(first), static_cast<unsigned long long>(first + runs - 1),
              static_cast<unsigned long long>(runs), static_cast<unsigned long long>(failed),
              static_cast<unsigned long long>(segments), static_cast<unsigned long long>(delivered),
              static_cast<unsigned long long>(with_error), secs);
  return failed == 0 ? 0 : 1;
}
