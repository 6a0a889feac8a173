// Rewind and memory on a long bulk transfer (issue 18).
//
// Rewind: a 60 s NewReno bulk transfer at 10 Mbit/s (20 ms, 100-packet
// queue, 1% loss: bench/ns3/run.sh's link) is run to its end, as the page
// runs a lesson; then the world seeks back to moments spread over the run,
// each from the end (a copy of the finished world), timed as restore + run
// to that moment: what a learner's drag on the time bar costs.
// Memory: a run of --segments segments (default 1,000,000); the trace's
// bytes, per record and per segment.
//
// Usage: tcplab_trace_bench [--seconds N] [--seeks K] [--segments N]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "bulk_world.h"

using namespace tcplab;

namespace {

[[noreturn]] void usage(const std::string& what) {
  std::fprintf(stderr, "tcplab_trace_bench: %s\nusage: tcplab_trace_bench [--seconds N] [--seeks K] [--segments N]\n",
               what.c_str());
  std::exit(2);
}

long whole(const char* text, const char* name, long lo, long hi) {
  char* end = nullptr;
  const long v = std::strtol(text, &end, 10);
  if (*end != '\0' || v < lo || v > hi)
    usage(std::string(name) + " expects a whole number from " + std::to_string(lo) + " to " + std::to_string(hi) +
          ", got '" + text + "'");
  return v;
}

double ms_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
}

double quantile(std::vector<double> v, double q) {
  std::sort(v.begin(), v.end());
  return v[std::min(v.size() - 1, static_cast<std::size_t>(q * static_cast<double>(v.size())))];
}

Profile bench_profile() {
  Profile p = Profile::rfc9293();
  p.mss = 1448;
  return p;
}

void rewind_figures(long seconds, long seeks) {
  const Profile p = bench_profile();
  World full(bench::bulk_config({}, p));
  bench::open_bulk(full);
  const auto t0 = std::chrono::steady_clock::now();
  bench::run_bulk(full, p.send_buffer, at(std::chrono::seconds(seconds)));
  const double run_ms = ms_since(t0);
  std::vector<double> ms;
  for (long i = 0; i < seeks; ++i) {
    // Moments spread over the run, not on snapshot boundaries.
    const Instant t = at(std::chrono::microseconds(seconds * 1'000'000 * (2 * i + 1) / (2 * seeks) + 777));
    World w = full;  // from the end each time, as after the run
    const auto s0 = std::chrono::steady_clock::now();
    w.restore(t);
    w.run_until(t);
    ms.push_back(ms_since(s0));
  }
  std::printf("rewind: %ld s bulk run, %u segments, %zu records, %zu snapshots, run in %.0f ms\n", seconds,
              full.segments_sent(), full.trace().size(), full.snapshot_count(), run_ms);
  std::printf("rewind: %ld seeks back from the end: median %.2f ms, p99 %.2f ms, max %.2f ms\n", seeks,
              quantile(ms, 0.5), quantile(ms, 0.99), *std::max_element(ms.begin(), ms.end()));
}

void memory_figures(long segments) {
  const Profile p = bench_profile();
  World w(bench::bulk_config({}, p));
  bench::open_bulk(w);
  bench::run_bulk(w, p.send_buffer, Instant::max() - std::chrono::hours(1), static_cast<std::uint32_t>(segments));
  const std::size_t bytes = w.trace().memory_bytes();
  const double records = static_cast<double>(w.trace().size());
  std::printf("memory: %u segments, %zu trace records, trace %.1f MB: %.1f bytes per record, %.1f per segment\n",
              w.segments_sent(), w.trace().size(), static_cast<double>(bytes) / 1e6, static_cast<double>(bytes) / records,
              static_cast<double>(bytes) / w.segments_sent());
  std::printf("memory: as TraceRecord values it would be %.1f MB (%zu bytes each)\n",
              records * static_cast<double>(sizeof(TraceRecord)) / 1e6, sizeof(TraceRecord));
}

}  // namespace

int main(int argc, char** argv) {
  long seconds = 60, seeks = 50, segments = 1'000'000;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (i + 1 >= argc) usage(a + " needs a value");
    if (a == "--seconds") seconds = whole(argv[++i], "--seconds", 1, 100000);
    else if (a == "--seeks") seeks = whole(argv[++i], "--seeks", 1, 100000);
    else if (a == "--segments") segments = whole(argv[++i], "--segments", 1, 100'000'000);
    else usage("unknown argument '" + a + "'");
  }
  rewind_figures(seconds, seeks);
  memory_figures(segments);
  return 0;
}
