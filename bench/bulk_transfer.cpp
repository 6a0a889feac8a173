// How fast the simulated network runs: a long bulk transfer, timed on the
// wall clock. Prints simulated segments per second.
//
//   tcplab_bench [SIMULATED_SECONDS] (default 120): 100 Mbit/s, 5 ms one
//   way, 1% loss each way, unbounded queue, the Linux profile.
//
// Options set up the side-by-side run with ns-3 (bench/ns3/run.sh):
//   --rate BPS  --delay-ms MS  --queue PACKETS  --mss OCTETS
//   --loss P (each way)  --data-loss P (client to server only)
//   --profile linux|rfc9293  --summary (one key=value line)
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "core/sim/world.h"

using namespace tcplab;
using namespace std::chrono_literals;

namespace {

struct Settings {
  long seconds = 120;
  std::uint64_t rate_bps = 100'000'000;
  long delay_ms = 5;
  long queue = 0;
  std::optional<std::uint16_t> mss{};
  double loss_each_way = 0.01;
  std::optional<double> data_loss{};  // set: only the data direction loses packets
  bool rfc_profile = false;
  bool summary = false;
};

bool number(const char* text, double& out) {
  char* end = nullptr;
  out = std::strtod(text, &end);
  return end != text && *end == '\0' && out >= 0;
}

bool parse(int argc, char** argv, Settings& s) {
  for (int i = 1; i < argc; ++i) {
    const std::string_view a = argv[i];
    double v = 0;
    const bool has_value = i + 1 < argc && number(argv[i + 1], v);
    if (a == "--summary") s.summary = true;
    else if (a == "--profile" && i + 1 < argc) {
      const std::string_view p = argv[++i];
      if (p != "linux" && p != "rfc9293") return false;
      s.rfc_profile = p == "rfc9293";
    } else if (a.starts_with("--") && !has_value) return false;
    else if (a == "--rate") s.rate_bps = static_cast<std::uint64_t>(v), ++i;
    else if (a == "--delay-ms") s.delay_ms = static_cast<long>(v), ++i;
    else if (a == "--queue") s.queue = static_cast<long>(v), ++i;
    else if (a == "--mss" && v >= 64 && v <= 65535) s.mss = static_cast<std::uint16_t>(v), ++i;
    else if (a == "--loss" && v <= 1) s.loss_each_way = v, ++i;
    else if (a == "--data-loss" && v <= 1) s.data_loss = v, ++i;
    else if (!a.starts_with("--") && number(argv[i], v) && v >= 1) s.seconds = static_cast<long>(v);
    else return false;
  }
  return true;
}

WorldConfig world_config(const Settings& s, const Profile& p) {
  WorldConfig cfg;
  cfg.hosts = {{"client", 0x0A000001, p}, {"server", 0x0A000002, p}};
  for (int d = 0; d < 2; ++d) {
    LinkConfig& l = cfg.link[d];
    l.latency = std::chrono::milliseconds(s.delay_ms);
    l.bandwidth_bps = s.rate_bps;
    l.queue_limit = static_cast<std::size_t>(s.queue);
    // link[0] carries what the client (the sender) sends: the data direction.
    l.loss = s.data_loss ? (d == 0 ? *s.data_loss : 0.0) : s.loss_each_way;
  }
  cfg.seed = 1;
  cfg.record_bytes = false;  // a pcap of millions of packets is not what is measured
  return cfg;
}

}  // namespace

int main(int argc, char** argv) {
  Settings s;
  if (!parse(argc, argv, s)) {
    std::fprintf(stderr,
                 "usage: tcplab_bench [SIMULATED_SECONDS] [--rate BPS] [--delay-ms MS] [--queue PACKETS] [--mss OCTETS]\n"
                 "                    [--loss P | --data-loss P] [--profile linux|rfc9293] [--summary]\n");
    return 2;
  }
  Profile p = s.rfc_profile ? Profile::rfc9293() : Profile::linux_like();
  if (s.mss) p.mss = *s.mss;
  World w(world_config(s, p));
  w.apply(ListenAction{"server", "l", 80, 8});
  w.apply(ConnectAction{"client", "c", 40000, "server", 80});

  const auto start = std::chrono::steady_clock::now();
  const ConnRef c = *w.find("c");
  std::vector<std::uint8_t> chunk;
  // The application keeps the send buffer full: every millisecond it tops it up.
  for (Instant t = at(1ms); t <= at(std::chrono::seconds(s.seconds)); t += 1ms) {
    w.run_until(t);
    const ConnectionStatus st = w.entry(c).conn.status();
    if (st.state != State::Established) continue;
    const std::size_t room = p.send_buffer > st.send_queued ? p.send_buffer - st.send_queued : 0;
    if (room >= 16384) {
      chunk.assign(room, 'x');
      w.apply(SendAction{"c", chunk});
    }
  }
  const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const std::uint32_t segments = w.segments_sent();
  std::size_t delivered = 0;
  if (auto l1 = w.find("l.1")) delivered = w.entry(*l1).bytes_read;
  if (s.summary) {
    std::printf("tcplab loss=%g seconds=%ld delivered=%zu goodput_mbps=%.3f packets=%u wall_s=%.3f packets_per_wall_s=%.0f\n",
                s.data_loss.value_or(s.loss_each_way), s.seconds, delivered, delivered * 8.0 / static_cast<double>(s.seconds) / 1e6,
                segments, wall, segments / wall);
    return 0;
  }
  std::printf("bulk transfer, %.0f Mbit/s, %ld ms one way, %g%% loss %s, %ld simulated seconds\n", s.rate_bps / 1e6,
              s.delay_ms, 100 * s.data_loss.value_or(s.loss_each_way), s.data_loss ? "client to server" : "each way",
              s.seconds);
  std::printf("segments simulated: %u\n", segments);
  std::printf("octets delivered:   %zu\n", delivered);
  std::printf("trace records:      %zu\n", w.trace().size());
  std::printf("wall time:          %.3f s\n", wall);
  std::printf("simulated segments per second: %.0f\n", segments / wall);
  return 0;
}
