// How fast the simulated network runs, and what goodput the stack gets: a
// long bulk transfer across a lossy link, timed on the wall clock.
//
// Usage: tcplab_bench [SIMULATED_SECONDS] [--bandwidth MBIT] [--latency MS]
//        [--queue PACKETS] [--loss P] [--loss-both-ways] [--profile rfc9293|linux]
//        [--congestion tahoe|reno|newreno|cubic] [--mss N] [--buffer OCTETS]
//        [--initial-window N] [--quiet-window-updates] [--timestamps]
//        [--receive-buffer OCTETS] [--summary]
// --timestamps offers RFC 7323 timestamps (an RTT sample from every ACK of
// new data; the MSS then carries 12 octets of options). --receive-buffer
// sizes the receive buffer alone, window scaling left as the profile has it:
// above 65535 octets without scaling, the window field stays at 65535 while
// unread data waits (bench/README.md, "The 3% loss gap").
// --summary prints one key=value line (bench/ns3/run.sh reads it).
// Defaults (the speed benchmark): 120 s, 100 Mbit/s, 5 ms one way, unbounded
// queue, 1% loss each way, Linux profile. The side-by-side with ns-3:
//   tcplab_bench 60 --bandwidth 10 --latency 20 --queue 100 --loss 0.01 --profile rfc9293 --mss 1448
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <string>
#include <vector>

#include "bulk_world.h"

using namespace tcplab;
using namespace std::chrono_literals;

namespace {
struct Options {
  long seconds = 120;
  double mbit = 100;
  long latency_ms = 5;
  long queue = 0;
  double loss = 0.01;
  bool loss_both_ways = true;
  bool linux_profile = true;
  std::optional<CongestionAlgorithm> congestion;
  long mss = 0;
  long buffer = 0;
  long receive_buffer = 0;
  long initial_window = -1;           // segments; -1: the profile's
  bool quiet_window_updates = false;  // no ACK for a window opened by a read (as ns-3, Linux)
  bool timestamps = false;
  bool summary = false;
};

// The client's segments by the rule that sent them, retransmissions only:
// how the losses were repaired (timeouts, fast retransmits, partial ACKs...).
std::map<std::string, std::size_t> retransmissions_by_rule(const World& w) {
  std::map<std::string, std::size_t> n;
  for (const TraceRecord& r : w.trace()) {
    const auto* s = std::get_if<SegmentSentRecord>(&r.data);
    if (s && s->from == 0 && s->retransmission && s->why) ++n[std::string(rule_id(*s->why))];
  }
  return n;
}

[[noreturn]] void usage(const std::string& what) {
  std::fprintf(stderr,
               "tcplab_bench: %s\nusage: tcplab_bench [SIMULATED_SECONDS] [--bandwidth MBIT] [--latency MS] "
               "[--queue PACKETS] [--loss P] [--loss-both-ways] [--profile rfc9293|linux] "
               "[--congestion tahoe|reno|newreno|cubic] [--mss N] [--buffer OCTETS] [--initial-window N] "
               "[--quiet-window-updates] [--timestamps] [--receive-buffer OCTETS] [--summary]\n",
               what.c_str());
  std::exit(2);
}

double number(const char* text, const char* name, double lo, double hi) {
  char* end = nullptr;
  const double v = std::strtod(text, &end);
  if (*end != '\0' || !(v >= lo && v <= hi))
    usage(std::string(name) + " expects a number from " + std::to_string(lo) + " to " + std::to_string(hi) +
          ", got '" + text + "'");
  return v;
}

Options parse(int argc, char** argv) {
  Options o;
  bool loss_given = false, both_given = false;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    auto value = [&]() -> const char* {
      if (i + 1 >= argc) usage(a + " needs a value");
      return argv[++i];
    };
    if (a == "--bandwidth") o.mbit = number(value(), "--bandwidth", 0.001, 100000);
    else if (a == "--latency") o.latency_ms = static_cast<long>(number(value(), "--latency", 0, 10000));
    else if (a == "--queue") o.queue = static_cast<long>(number(value(), "--queue", 0, 1000000));
    else if (a == "--loss") o.loss = number(value(), "--loss", 0, 1), loss_given = true;
    else if (a == "--loss-both-ways") both_given = true;
    else if (a == "--summary") o.summary = true;
    else if (a == "--mss") o.mss = static_cast<long>(number(value(), "--mss", 64, 65495));
    else if (a == "--buffer") o.buffer = static_cast<long>(number(value(), "--buffer", 1, 1 << 30));
    else if (a == "--initial-window") o.initial_window = static_cast<long>(number(value(), "--initial-window", 0, 1000));
    else if (a == "--quiet-window-updates") o.quiet_window_updates = true;
    else if (a == "--timestamps") o.timestamps = true;
    else if (a == "--receive-buffer") o.receive_buffer = static_cast<long>(number(value(), "--receive-buffer", 1, 1 << 30));
    else if (a == "--profile") {
      const std::string p = value();
      if (p != "rfc9293" && p != "linux") usage("--profile expects rfc9293 or linux, got '" + p + "'");
      o.linux_profile = p == "linux";
    } else if (a == "--congestion") {
      const char* c = value();
      o.congestion = parse_algorithm(c);
      if (!o.congestion) usage(std::string("--congestion expects tahoe, reno, newreno or cubic, got '") + c + "'");
    } else if (i == 1 && !a.empty() && a[0] != '-') {
      char* end = nullptr;
      o.seconds = std::strtol(argv[1], &end, 10);
      if (*end != '\0' || o.seconds <= 0) usage("SIMULATED_SECONDS must be a positive integer, got '" + a + "'");
    } else {
      usage("unknown argument '" + a + "'");
    }
  }
  // Asked for a loss rate: on the data direction only, unless both are asked for.
  if (loss_given) o.loss_both_ways = both_given;
  return o;
}
}  // namespace

int main(int argc, char** argv) {
  const Options o = parse(argc, argv);
  Profile p = o.linux_profile ? Profile::linux_like() : Profile::rfc9293();
  if (o.congestion) p.congestion.algorithm = *o.congestion;
  if (o.mss > 0) p.mss = static_cast<std::uint16_t>(o.mss);
  if (o.initial_window >= 0) p.congestion.initial_window = static_cast<std::uint32_t>(o.initial_window);
  // ns-3's receiver (like Linux's) sends no ACK just because a read opened
  // the window; the RFC 9293 profile announces every MSS of it at once.
  if (o.quiet_window_updates) p.window_update_when_doubled = true;
  if (o.timestamps) p.send_timestamps = true;
  if (o.buffer > 0) {
    p.receive_buffer = p.send_buffer = static_cast<std::uint32_t>(o.buffer);
    if (o.buffer > 65535 && !p.send_window_scale) {
      p.send_window_scale = true;  // RFC 7323: a window above 64 KB needs scaling
      p.window_scale = 7;
    }
  }
  if (o.receive_buffer > 0) p.receive_buffer = static_cast<std::uint32_t>(o.receive_buffer);
  bench::BulkLink link{o.mbit, o.latency_ms, o.queue, o.loss, o.loss_both_ways};
  World w(bench::bulk_config(link, p));
  bench::open_bulk(w);

  const auto start = std::chrono::steady_clock::now();
  bench::run_bulk(w, p.send_buffer, at(std::chrono::seconds(o.seconds)));
  const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const std::uint32_t segments = w.segments_sent();
  std::size_t delivered = 0;
  if (auto l1 = w.find("l.1")) delivered = w.entry(*l1).bytes_read;
  const ConnectionStatus st = w.entry(*w.find("c")).conn.status();
  if (o.summary) {
    std::printf("tcplab loss=%g seconds=%ld delivered=%zu goodput_mbps=%.3f packets=%u wall_s=%.3f packets_per_wall_s=%.0f "
                "retransmits=%u\n",
                o.loss, o.seconds, delivered, delivered * 8.0 / static_cast<double>(o.seconds) / 1e6, segments, wall,
                segments / wall, st.total_retransmits);
    return 0;
  }
  std::printf("bulk transfer, %s, %s, %.3g Mbit/s, %ld ms one way, queue %ld, %.2f%% loss %s, %ld simulated seconds\n",
              p.name.c_str(), std::string(algorithm_id(p.congestion.algorithm)).c_str(), o.mbit, o.latency_ms,
              o.queue, o.loss * 100, o.loss_both_ways ? "each way" : "on the data direction", o.seconds);
  std::printf("segments simulated: %u\n", segments);
  std::printf("octets delivered:   %zu\n", delivered);
  std::printf("goodput:            %.3f Mbit/s\n", delivered * 8.0 / o.seconds / 1e6);
  std::printf("retransmitted:      %u segments\n", st.total_retransmits);
  for (const auto& [rule, count] : retransmissions_by_rule(w)) std::printf("  %-26s %zu\n", rule.c_str(), count);
  std::printf("trace records:      %zu\n", w.trace().size());
  std::printf("wall time:          %.3f s\n", wall);
  std::printf("simulated segments per second: %.0f\n", segments / wall);
  return 0;
}
