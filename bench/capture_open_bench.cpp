// Opening a capture natively, step by step as the page does it (issue 17):
// read it and list its streams, replay the first (per-packet analysis, both
// ends' inferred states), then what the page's first frame builds from the
// replay (the ladder's index, the narration, the window lane's series).
// The same code the page runs as WebAssembly, here for
// perf and callgrind; bench/capture_open_bench.mjs --write FILE makes the
// 100,000-packet capture the page benchmark opens.
// Usage: tcplab_capture_bench FILE [runs]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

#include "core/lab/capture_series.h"
#include "core/lab/lab_capture.h"
#include "imgui_app/capture_narration.h"
#include "imgui_app/ladder_index.h"

using namespace tcplab;
using Clock = std::chrono::steady_clock;

namespace {

double ms_since(Clock::time_point t0) {
  return std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
}

struct Step {
  const char* name;
  std::vector<double> ms;
};

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: tcplab_capture_bench FILE [runs]\n");
    return 2;
  }
  std::ifstream in(argv[1], std::ios::binary);
  if (!in) {
    std::fprintf(stderr, "tcplab_capture_bench: cannot read %s\n", argv[1]);
    return 1;
  }
  in.seekg(0, std::ios::end);
  std::vector<std::uint8_t> bytes(static_cast<std::size_t>(in.tellg()));
  in.seekg(0);
  in.read(reinterpret_cast<char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
  const int runs = argc > 2 ? std::max(1, std::atoi(argv[2])) : 5;
  std::vector<Step> steps{{"open: scan the streams", {}}, {"select: replay stream 0", {}},
                          {"ladder index", {}}, {"narration", {}}, {"window series", {}}};
  std::size_t packets = 0, lines = 0;
  for (int run = 0; run < runs; ++run) {
    auto t = Clock::now();
    auto session = CaptureSession::open(bytes);
    if (!session) {
      std::fprintf(stderr, "tcplab_capture_bench: %s\n", capture_error_text(argv[1], session.error()).c_str());
      return 1;
    }
    steps[0].ms.push_back(ms_since(t));
    t = Clock::now();
    if (!session.value().select(0)) return 1;
    steps[1].ms.push_back(ms_since(t));
    const Replay& r = *session.value().replay();
    packets = r.packets.size();
    t = Clock::now();
    ui::LadderIndex index;
    index.load(r);
    steps[2].ms.push_back(ms_since(t));
    t = Clock::now();
    lines = ui::narrate_capture(r, index, "bench.pcap", true).size();
    steps[3].ms.push_back(ms_since(t));
    t = Clock::now();
    const WindowSeries series = capture_window_series(r);
    steps[4].ms.push_back(ms_since(t));
    if (series.senders().empty()) return 1;
  }
  std::printf("%s: %zu packets in stream 0, %zu narration lines; median of %d runs (min-max):\n", argv[1], packets, lines,
              runs);
  double total = 0;
  for (const Step& s : steps) {
    const auto [lo, hi] = std::minmax_element(s.ms.begin(), s.ms.end());
    std::printf("  %-26s %8.1f ms  (%.1f-%.1f)\n", s.name, median(s.ms), *lo, *hi);
    total += median(s.ms);
  }
  std::printf("  %-26s %8.1f ms\n", "total", total);
}
