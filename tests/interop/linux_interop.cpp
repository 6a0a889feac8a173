// Our stack against the Linux kernel's TCP. Run inside a network namespace
// (tools/interop-linux.sh makes it) that holds a TUN device: the kernel owns
// 10.77.0.1 on it, our stack answers for 10.77.0.2 by reading and writing
// raw IPv4 on the TUN file descriptor. Linux sockets in the same process are
// the peer. Time is the wall clock, mapped to the core's Instant.
//
//   linux_interop TUN_NAME OUT_DIR     writes OUT_DIR/<case>.pcap per case
//   linux_interop TUN_NAME OUT_DIR --bulk OCTETS [--only loss|queue]
//       the measured runs under loss (bench/interop_loss.sh): OCTETS each way
//       through a lab link with 1% loss, then through a 50-packet bottleneck
//       queue; per case <case>.pcap (at our stack), <case>-at-linux.pcap (at
//       the kernel's end of the TUN), <case>-drops.txt and <case>.summary
#include <arpa/inet.h>
#include <fcntl.h>
#include <linux/if.h>
#include <linux/if_tun.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <functional>
#include <memory>
#include <map>
#include <optional>
#include <algorithm>
#include <cstdlib>
#include <sstream>
#include <array>
#include <string>
#include <vector>

#include "core/sim/link.h"
#include "core/tcp/connection.h"
#include "core/wire/pcap_reader.h"
#include "core/base/rng.h"
#include "core/wire/wire.h"

using namespace tcplab;
using namespace std::chrono_literals;

namespace {

constexpr Ipv4 kLinuxAddr = 0x0A4D0001;  // 10.77.0.1, the kernel's end of the TUN
constexpr Ipv4 kOurAddr = 0x0A4D0002;    // 10.77.0.2, our stack
constexpr std::size_t kMegabyte = 1 << 20;

std::uint8_t pattern(std::size_t i) { return static_cast<std::uint8_t>((i * 131 + (i >> 9)) & 0xFF); }

// The Linux profile with a short TIME-WAIT: the runs wait for CLOSED.
Profile interop_profile() {
  Profile p = Profile::linux_like();
  p.time_wait = 1s;
  return p;
}

int open_tun(const char* name) {
  const int fd = ::open("/dev/net/tun", O_RDWR | O_NONBLOCK);
  if (fd < 0) return -1;
  ifreq ifr{};
  ifr.ifr_flags = IFF_TUN | IFF_NO_PI;
  std::strncpy(ifr.ifr_name, name, IFNAMSIZ - 1);
  if (::ioctl(fd, TUNSETIFF, &ifr) < 0) {
    ::close(fd);
    return -1;
  }
  return fd;
}

sockaddr_in address(Ipv4 a, std::uint16_t port) {
  sockaddr_in s{};
  s.sin_family = AF_INET;
  s.sin_port = htons(port);
  s.sin_addr.s_addr = htonl(a);
  return s;
}

int linux_socket() {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
  const int one = 1;
  ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  return fd;
}

int linux_listen(std::uint16_t port) {
  const int fd = linux_socket();
  const sockaddr_in a = address(kLinuxAddr, port);
  if (::bind(fd, reinterpret_cast<const sockaddr*>(&a), sizeof a) < 0 || ::listen(fd, 4) < 0) return -1;
  return fd;
}

int linux_connect(std::uint16_t port) {
  const int fd = linux_socket();
  const sockaddr_in a = address(kOurAddr, port);
  ::connect(fd, reinterpret_cast<const sockaddr*>(&a), sizeof a);  // EINPROGRESS
  return fd;
}

// One case: our connection, the TUN, the capture, and what happened.
class Case {
 public:
  Case(int tun, std::string name, Endpoint local, const Profile& profile = interop_profile())
      : tun_(tun), name_(std::move(name)), conn_(profile, local, IsnGenerator(7)) {
    start_ = std::chrono::steady_clock::now();
  }
  Connection& conn() { return conn_; }
  const std::string& name() const { return name_; }
  Instant now() const { return at(std::chrono::duration_cast<Duration>(std::chrono::steady_clock::now() - start_)); }
  const std::vector<StateChanged>& transitions() const { return transitions_; }
  std::optional<UserError> error() const { return error_; }
  void drop_incoming(double p) { drop_p_ = p; }
  std::size_t dropped() const { return dropped_; }
  // Puts a lab link in each direction between our stack and the TUN: what
  // we send crosses `to_linux` before the kernel sees it, what the kernel
  // sends crosses `to_us` before we do. Each capture point records what is
  // on its side of the links.
  void add_links(const LinkConfig& to_linux, const LinkConfig& to_us, std::uint64_t seed) {
    links_.emplace(std::array{LinkDirection(to_linux, seed), LinkDirection(to_us, seed ^ 0x5E4E)});
  }
  // A data segment one of the links dropped (queue full or random loss).
  struct Drop {
    bool to_linux;
    std::uint32_t seq;
    std::uint32_t len;
    Instant at;
    LinkDrop why;
  };
  const std::vector<Drop>& drops() const { return drops_; }
  // Our retransmissions by the rule that sent them, and our RTOs.
  const std::map<std::string, std::size_t>& our_retransmissions() const { return our_retransmissions_; }
  std::size_t our_rtos() const { return our_rtos_; }
  void check(bool ok, const std::string& what) {
    if (!ok) failures_.push_back(what);
  }
  bool passed() const { return failures_.empty(); }
  const std::vector<std::string>& failures() const { return failures_; }
  bool went(State from, State to) const {
    for (const StateChanged& s : transitions_)
      if (s.from == from && s.to == to) return true;
    return false;
  }

  // Runs the TUN and our stack until `done` or the time limit; `app` runs
  // the applications (ours and the Linux socket) each time round.
  bool pump(const std::function<bool()>& done, const std::function<void()>& app, Duration limit = 20s) {
    const Instant until = now() + limit;
    while (now() < until) {
      app();
      service();
      if (done()) return true;
      Duration wait = 2ms;
      if (auto d = conn_.next_deadline()) wait = std::clamp(*d - now(), Duration{0}, wait);
      if (!wire_.empty()) wait = std::clamp(wire_.begin()->first.first - now(), Duration{0}, wait);
      pollfd p{tun_, POLLIN, 0};
      ::poll(&p, 1, static_cast<int>(std::max<std::int64_t>(wire_.empty() ? 1 : 0, wait.count() / 1000)));
      read_tun();
      release_arrivals();
      if (auto d = conn_.next_deadline(); d && *d <= now()) conn_.on_timeout(now());
    }
    check(false, "timed out after " + std::to_string(limit.count() / 1000000) + " s");
    return false;
  }

  void save(const std::string& dir) const {
    std::ofstream out(dir + "/" + name_ + ".pcap", std::ios::binary);
    const std::vector<std::uint8_t> bytes = write_pcap(capture_);
    out.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
    if (links_) {
      std::ofstream at_linux(dir + "/" + name_ + "-at-linux.pcap", std::ios::binary);
      const std::vector<std::uint8_t> more = write_pcap(linux_capture_);
      at_linux.write(reinterpret_cast<const char*>(more.data()), static_cast<std::streamsize>(more.size()));
    }
  }

 private:
  void record(const std::vector<std::uint8_t>& bytes) {
    capture_.packets.push_back(PcapPacket{micros(now()), static_cast<std::uint32_t>(bytes.size()), bytes});
  }

  void write(const Segment& seg) {
    const std::vector<std::uint8_t> bytes = encode(seg);
    record(bytes);
    if (links_) {
      cross(0, bytes);
      return;
    }
    write_tun(bytes);
  }

  void write_tun(const std::vector<std::uint8_t>& bytes) {
    if (links_) linux_capture_.packets.push_back(PcapPacket{micros(now()), static_cast<std::uint32_t>(bytes.size()), bytes});
    if (::write(tun_, bytes.data(), bytes.size()) < 0) check(false, std::string("write to the TUN: ") + std::strerror(errno));
  }

  // A packet enters link `dir` (0: towards Linux, 1: towards us): noted
  // when it carried data and was dropped, otherwise held until it arrives.
  void cross(int dir, const std::vector<std::uint8_t>& bytes) {
    LinkOutcome out = (*links_)[dir].transmit(bytes, now());
    if (out.drop != LinkDrop::None) {
      if (auto seg = decode(bytes); seg && !seg.value().payload.empty())
        drops_.push_back(Drop{dir == 0, seg.value().seq.value(), static_cast<std::uint32_t>(seg.value().payload.size()), now(), out.drop});
      return;
    }
    for (LinkDelivery& d : out.deliveries) wire_.emplace(std::pair{d.arrival, wire_seq_++}, Arrival{dir, std::move(d.bytes)});
  }

  void release_arrivals() {
    while (!wire_.empty() && wire_.begin()->first.first <= now()) {
      Arrival a = std::move(wire_.begin()->second);
      wire_.erase(wire_.begin());
      if (a.dir == 0) {
        write_tun(a.bytes);
      } else if (auto seg = decode(a.bytes)) {
        arrive(a.bytes, seg.value());
      }
    }
  }

  void service() {
    while (auto t = conn_.poll_transmit(now())) write(t->seg);
    while (auto ev = conn_.poll_event()) {
      if (const auto* s = std::get_if<StateChanged>(&*ev)) transitions_.push_back(*s);
      if (const auto* e = std::get_if<ConnectionError>(&*ev)) error_ = e->error;
      if (const auto* f = std::get_if<TimerFired>(&*ev); f && f->kind == TimerKind::Retransmit) ++our_rtos_;
      if (const auto* sent = std::get_if<SegmentSent>(&*ev); sent && sent->retransmission)
        ++our_retransmissions_[std::string(rule_id(sent->why))];
    }
  }

  void read_tun() {
    std::uint8_t buf[65536];
    for (;;) {
      const ssize_t n = ::read(tun_, buf, sizeof buf);
      if (n <= 0) return;
      std::vector<std::uint8_t> bytes(buf, buf + n);
      auto seg = decode(bytes);
      if (!seg) continue;  // IPv6 neighbour discovery and the like
      const Segment& s = seg.value();
      if (s.dst_addr != kOurAddr) continue;
      if (links_) {
        linux_capture_.packets.push_back(PcapPacket{micros(now()), static_cast<std::uint32_t>(bytes.size()), bytes});
        cross(1, bytes);
        continue;
      }
      arrive(bytes, s);
    }
  }

  // A segment from the kernel reaches our stack.
  void arrive(const std::vector<std::uint8_t>& bytes, const Segment& s) {
    record(bytes);
    const ConnectionStatus st = conn_.status();
    const bool ours = s.dst_port == st.local.port &&
                      (st.state == State::Listen || (s.src_port == st.remote.port && s.src_addr == st.remote.addr));
    if (ours && st.state != State::Closed) {
      // Loss injected on our side: the kernel must retransmit.
      if (drop_p_ > 0 && !s.payload.empty() && rng_.bernoulli(drop_p_)) {
        ++dropped_;
        return;
      }
      conn_.on_segment(s, now());
    } else {
      // No connection here: a connection in CLOSED answers as RFC 9293
      // §3.10.7.1 says (RST unless the segment is one).
      Connection closed(interop_profile(), s.destination());
      closed.on_segment(s, now());
      while (auto t = closed.poll_transmit(now())) write(t->seg);
    }
    service();
  }

  int tun_;
  std::string name_;
  Connection conn_;
  std::chrono::steady_clock::time_point start_;
  PcapFile capture_;
  std::vector<StateChanged> transitions_;
  std::optional<UserError> error_;
  std::vector<std::string> failures_;
  double drop_p_ = 0;
  std::size_t dropped_ = 0;
  Rng rng_{2026};
  // The lab links of the measured runs, and the packets on them.
  struct Arrival {
    int dir;
    std::vector<std::uint8_t> bytes;
  };
  std::optional<std::array<LinkDirection, 2>> links_;
  std::map<std::pair<Instant, std::uint64_t>, Arrival> wire_;
  std::uint64_t wire_seq_ = 0;
  PcapFile linux_capture_;
  std::vector<Drop> drops_;
  std::map<std::string, std::size_t> our_retransmissions_;
  std::size_t our_rtos_ = 0;
};

// Our application's side of a transfer: offers `total` pattern octets,
// reads and checks what arrives.
struct OurApp {
  std::size_t total = 0, queued = 0, received = 0;
  bool bad = false;
  void pump(Connection& c, Instant now) {
    while (queued < total) {
      std::vector<std::uint8_t> chunk(std::min<std::size_t>(16384, total - queued));
      for (std::size_t i = 0; i < chunk.size(); ++i) chunk[i] = pattern(queued + i);
      auto r = c.send(chunk, now);
      if (!r || r.value() == 0) break;
      queued += r.value();
    }
    for (;;) {
      auto r = c.receive(65536, now);
      if (!r || r.value().empty()) break;
      for (std::uint8_t b : r.value()) bad |= b != pattern(received++);
    }
  }
};

// The Linux application's side: the same, through a non-blocking socket.
struct LinuxApp {
  int fd = -1;
  std::size_t total = 0, sent = 0, received = 0;
  bool bad = false, eof = false, reset = false;
  void pump() {
    if (fd < 0) return;
    while (sent < total) {
      std::vector<std::uint8_t> chunk(std::min<std::size_t>(65536, total - sent));
      for (std::size_t i = 0; i < chunk.size(); ++i) chunk[i] = pattern(sent + i);
      const ssize_t n = ::send(fd, chunk.data(), chunk.size(), MSG_NOSIGNAL);
      if (n <= 0) break;
      sent += static_cast<std::size_t>(n);
    }
    std::uint8_t buf[65536];
    while (!eof && !reset) {
      const ssize_t n = ::recv(fd, buf, sizeof buf, 0);
      if (n == 0) eof = true;
      if (n < 0 && errno == ECONNRESET) reset = true;
      if (n <= 0) break;
      for (ssize_t i = 0; i < n; ++i) bad |= buf[i] != pattern(received++);
    }
  }
};

tcp_info linux_tcp_info(int fd) {
  tcp_info info{};
  socklen_t len = sizeof info;
  ::getsockopt(fd, IPPROTO_TCP, TCP_INFO, &info, &len);
  return info;
}

int accept_when_ready(int listener) {
  const int fd = ::accept4(listener, nullptr, nullptr, SOCK_NONBLOCK);
  return fd;
}

// The TUN's carrier comes up when we attach, and the kernel may drop what
// we write in the first moments (it did: the first case's SYN went
// unanswered and was retransmitted a second later). Knock on a closed port
// until the kernel answers with its RST, so every case starts on a live link.
bool wait_for_kernel(int tun) {
  Segment syn{};
  syn.src_addr = kOurAddr;
  syn.dst_addr = kLinuxAddr;
  syn.src_port = 4000;
  syn.dst_port = 4999;  // nothing listens there
  syn.seq = SeqNum(1);
  syn.flags = Flags{kSyn};
  syn.window = 1024;
  const std::vector<std::uint8_t> bytes = encode(syn);
  for (int attempt = 0; attempt < 50; ++attempt) {
    if (::write(tun, bytes.data(), bytes.size()) < 0) return false;
    pollfd p{tun, POLLIN, 0};
    const auto give_up = std::chrono::steady_clock::now() + 100ms;
    while (std::chrono::steady_clock::now() < give_up) {
      ::poll(&p, 1, 10);
      std::uint8_t buf[65536];
      for (ssize_t n; (n = ::read(tun, buf, sizeof buf)) > 0;) {
        auto seg = decode(std::vector<std::uint8_t>(buf, buf + n));
        if (seg && seg.value().flags.has(kRst) && seg.value().dst_port == 4000) return true;
      }
    }
  }
  return false;
}

// The kernel's TCP counters in this network namespace (/proc/net/netstat's
// TcpExt lines, /proc/net/snmp's Tcp lines), by name.
std::map<std::string, long long> kernel_counters() {
  std::map<std::string, long long> out;
  for (const char* path : {"/proc/net/netstat", "/proc/net/snmp"}) {
    std::ifstream in(path);
    std::string names, values;
    while (std::getline(in, names) && std::getline(in, values)) {
      std::istringstream n(names), v(values);
      std::string prefix, name, skip;
      n >> prefix;
      v >> skip;
      if (prefix != "TcpExt:" && prefix != "Tcp:") continue;
      long long value = 0;
      while (n >> name && v >> value) out[prefix.substr(0, prefix.size() - 1) + name] = value;
    }
  }
  return out;
}

// One measured run: OCTETS each way at once through `link` in both
// directions, our client against a Linux listener; we close first.
struct BulkRun {
  std::string name;
  LinkConfig link;
};

bool run_bulk_case(int tun, const std::string& out, const BulkRun& run, std::size_t octets, std::uint16_t port) {
  // Buffers well above the bottleneck's 50 packets plus its 17-packet
  // bandwidth-delay product, so that the queue, not a window, limits both
  // senders (Linux's own buffers grow by autotuning).
  Profile profile = interop_profile();
  profile.send_buffer = profile.receive_buffer = 1 << 20;
  Case c(tun, run.name, Endpoint{kOurAddr, static_cast<std::uint16_t>(40000 + port)}, profile);
  c.add_links(run.link, run.link, 2026 + port);
  const std::map<std::string, long long> before = kernel_counters();
  const int lfd = linux_listen(port);
  LinuxApp peer{.total = octets};
  OurApp app{.total = octets};
  (void)c.conn().open_active(Endpoint{kLinuxAddr, port}, c.now());
  c.pump([&] { return peer.fd >= 0 && c.conn().state() == State::Established; },
         [&] { if (peer.fd < 0) peer.fd = accept_when_ready(lfd); });
  const Instant started = c.now();
  c.pump([&] { return app.received == octets && peer.received == octets; }, [&] { peer.pump(); app.pump(c.conn(), c.now()); },
         600s);
  const double seconds = static_cast<double>(micros(c.now() - started)) / 1e6;
  (void)c.conn().close(c.now());
  c.pump([&] { peer.pump(); return peer.eof; }, [] {});
  ::close(peer.fd);
  c.pump([&] { return c.conn().state() == State::Closed; }, [] {});
  ::close(lfd);
  const std::map<std::string, long long> after = kernel_counters();
  c.save(out);

  std::ofstream drops(out + "/" + run.name + "-drops.txt");
  for (const Case::Drop& d : c.drops())
    drops << (d.to_linux ? "to-linux " : "to-us ") << d.seq << ' ' << d.len << ' ' << micros(d.at) << ' '
          << link_drop_name(d.why) << '\n';
  // key=value lines for bench/interop_loss.py.
  std::ofstream summary(out + "/" + run.name + ".summary");
  auto delta = [&](const std::string& k) { return (after.count(k) ? after.at(k) : 0) - (before.count(k) ? before.at(k) : 0); };
  summary << "octets=" << octets << "\nto_linux_received=" << peer.received << "\nto_linux_exact=" << (!peer.bad && peer.received == octets)
          << "\nto_us_received=" << app.received << "\nto_us_exact=" << (!app.bad && app.received == octets)
          << "\nseconds=" << seconds << "\nour_rtos=" << c.our_rtos() << '\n';
  for (const auto& [rule, n] : c.our_retransmissions()) summary << "our_retransmissions." << rule << '=' << n << '\n';
  for (const char* k : {"TcpRetransSegs", "TcpExtTCPTimeouts", "TcpExtTCPLossProbes", "TcpExtTCPFastRetrans",
                        "TcpExtTCPSackRecovery", "TcpExtTCPSlowStartRetrans", "TcpExtTCPLostRetransmit",
                        "TcpExtTCPSpuriousRTOs", "TcpExtTCPDSACKRecv"})
    summary << "linux." << k << '=' << delta(k) << '\n';
  for (const std::string& f : c.failures()) summary << "failure=" << f << '\n';
  std::printf("%s %s: %.1f s, %zu data segments dropped by the links\n", c.passed() ? "PASS" : "FAIL", run.name.c_str(),
              seconds, c.drops().size());
  for (const std::string& f : c.failures()) std::printf("  %s\n", f.c_str());
  return c.passed() && !peer.bad && !app.bad;
}

// The two measured cases of issue 13: 1% random loss each way (10 ms each
// way, no rate limit), and a 10 Mbit/s bottleneck with a 50-packet
// drop-tail queue each way (10 ms), where loss comes from the queue.
int run_bulk(int tun, const std::string& out, std::size_t octets, const std::string& only) {
  LinkConfig lossy;
  lossy.latency = 10ms;
  lossy.loss = 0.01;
  LinkConfig queue;
  queue.latency = 10ms;
  queue.bandwidth_bps = 10'000'000;
  queue.queue_limit = 50;
  bool ok = true;
  std::uint16_t port = 6000;
  for (const BulkRun& r : {BulkRun{"bulk-loss-1pct", lossy}, BulkRun{"bulk-queue-50", queue}}) {
    ++port;
    if (!only.empty() && r.name.find(only) == std::string::npos) continue;
    ok = run_bulk_case(tun, out, r, octets, port) && ok;
  }
  return ok ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  const bool bulk = argc >= 5 && std::string(argv[3]) == "--bulk";
  if (argc != 3 && !(bulk && (argc == 5 || (argc == 7 && std::string(argv[5]) == "--only")))) {
    std::fprintf(stderr, "usage: %s TUN_NAME OUT_DIR [--bulk OCTETS [--only loss|queue]]\n", argv[0]);
    return 2;
  }
  const int tun = open_tun(argv[1]);
  if (tun < 0) {
    std::fprintf(stderr, "linux_interop: cannot attach to TUN %s: %s\n", argv[1], std::strerror(errno));
    return 2;
  }
  if (!wait_for_kernel(tun)) {
    std::fprintf(stderr, "linux_interop: the kernel did not answer on TUN %s within 5 s\n", argv[1]);
    return 2;
  }
  const std::string out = argv[2];
  if (bulk) {
    const long long octets = std::atoll(argv[4]);
    if (octets <= 0) {
      std::fprintf(stderr, "linux_interop: --bulk wants a number of octets, not '%s'\n", argv[4]);
      return 2;
    }
    return run_bulk(tun, out, static_cast<std::size_t>(octets), argc == 7 ? argv[6] : "");
  }
  std::vector<std::unique_ptr<Case>> cases;
  std::uint16_t port = 5000;
  auto add = [&](std::string name, Endpoint local) -> Case& {
    cases.push_back(std::make_unique<Case>(tun, std::move(name), local));
    return *cases.back();
  };
  auto established = [](Case& c) { return c.conn().state() == State::Established; };

  // Our client against a Linux listener: handshake, options, 1 MB both ways, we close first.
  for (const bool we_close_first : {true, false}) {
    const std::uint16_t p = ++port;
    Case& c = add(we_close_first ? "client-1MB-each-way-we-close" : "client-1MB-each-way-linux-closes",
                  Endpoint{kOurAddr, static_cast<std::uint16_t>(40000 + p)});
    const int lfd = linux_listen(p);
    LinuxApp peer{.total = kMegabyte};
    OurApp app{.total = kMegabyte};
    (void)c.conn().open_active(Endpoint{kLinuxAddr, p}, c.now());
    c.pump([&] { return peer.fd >= 0 && established(c); }, [&] { if (peer.fd < 0) peer.fd = accept_when_ready(lfd); });
    if (peer.fd >= 0) {
      const tcp_info info = linux_tcp_info(peer.fd);
      c.check((info.tcpi_options & TCPI_OPT_TIMESTAMPS) && (info.tcpi_options & TCPI_OPT_SACK) &&
                  (info.tcpi_options & TCPI_OPT_WSCALE),
              "Linux did not agree timestamps, SACK and window scaling");
      c.check(info.tcpi_snd_wscale == interop_profile().window_scale, "Linux's send window scale is not the one we offered");
      c.check(c.conn().status().send_mss == 1460, "our send MSS is not the 1460 Linux announced");
    }
    c.pump([&] { return app.received == kMegabyte && peer.received == kMegabyte; }, [&] { peer.pump(); app.pump(c.conn(), c.now()); }, 60s);
    c.check(!app.bad && !peer.bad, "octets arrived changed or out of order");
    if (we_close_first) {
      (void)c.conn().close(c.now());
      c.pump([&] { peer.pump(); return peer.eof; }, [] {});
      ::close(peer.fd);
      c.pump([&] { return c.conn().state() == State::Closed; }, [] {});
      c.check(c.went(State::FinWait2, State::TimeWait) || c.went(State::FinWait1, State::TimeWait), "we did not pass TIME-WAIT");
    } else {
      ::shutdown(peer.fd, SHUT_WR);
      c.pump([&] { return c.conn().state() == State::CloseWait; }, [&] { app.pump(c.conn(), c.now()); });
      (void)c.conn().close(c.now());
      c.pump([&] { return c.conn().state() == State::Closed; }, [&] { peer.pump(); });
      c.check(c.went(State::LastAck, State::Closed), "we did not close from LAST-ACK");
      ::close(peer.fd);
    }
    ::close(lfd);
  }

  // Our server, Linux connects: options, half-close (Linux stops sending, we go on), we close.
  {
    const std::uint16_t p = ++port;
    Case& c = add("server-half-close", Endpoint{kOurAddr, p});
    (void)c.conn().open_passive(c.now());
    LinuxApp peer{.fd = linux_connect(p), .total = 200000};
    OurApp app{.total = 0};
    c.pump([&] { return established(c); }, [] {});
    const tcp_info info = linux_tcp_info(peer.fd);
    c.check((info.tcpi_options & TCPI_OPT_TIMESTAMPS) && (info.tcpi_options & TCPI_OPT_WSCALE),
            "Linux did not agree timestamps and window scaling with our server");
    c.pump([&] { return app.received == 200000; }, [&] { peer.pump(); app.pump(c.conn(), c.now()); });
    ::shutdown(peer.fd, SHUT_WR);
    c.pump([&] { return c.conn().state() == State::CloseWait; }, [&] { app.pump(c.conn(), c.now()); });
    app.total = 300000;  // the half-closed side still receives
    c.pump([&] { return peer.received == 300000; }, [&] { peer.pump(); app.pump(c.conn(), c.now()); });
    (void)c.conn().close(c.now());
    c.pump([&] { peer.pump(); return peer.eof && c.conn().state() == State::Closed; }, [] {});
    c.check(!app.bad && !peer.bad, "octets arrived changed or out of order");
    ::close(peer.fd);
  }

  // RST on ABORT: Linux's recv() reports ECONNRESET.
  {
    const std::uint16_t p = ++port;
    Case& c = add("server-abort-rst", Endpoint{kOurAddr, p});
    (void)c.conn().open_passive(c.now());
    LinuxApp peer{.fd = linux_connect(p)};
    c.pump([&] { return established(c); }, [] {});
    (void)c.conn().abort(c.now());
    c.pump([&] { return peer.reset; }, [&] { peer.pump(); });
    c.check(c.conn().state() == State::Closed, "ABORT did not leave us CLOSED");
    ::close(peer.fd);
  }

  // Connecting to a closed port, both ways.
  {
    const std::uint16_t p = ++port;
    Case& c = add("client-closed-port", Endpoint{kOurAddr, static_cast<std::uint16_t>(40000 + p)});
    (void)c.conn().open_active(Endpoint{kLinuxAddr, p}, c.now());
    c.pump([&] { return c.conn().state() == State::Closed; }, [] {});
    c.check(c.error() == UserError::ConnectionRefused, "Linux's RST did not refuse our connection");
  }
  {
    const std::uint16_t p = ++port;
    Case& c = add("linux-to-closed-port", Endpoint{kOurAddr, 1});  // our connection stays unused
    const int fd = linux_connect(p);
    int so_error = 0;
    c.pump([&] {
      socklen_t len = sizeof so_error;
      ::getsockopt(fd, SOL_SOCKET, SO_ERROR, &so_error, &len);
      return so_error != 0;
    }, [] {});
    c.check(so_error == ECONNREFUSED, std::string("Linux's connect() got ") + std::strerror(so_error) + ", not ECONNREFUSED");
    ::close(fd);
  }

  // Simultaneous close: both FINs are on the wire before either is read.
  {
    const std::uint16_t p = ++port;
    Case& c = add("simultaneous-close", Endpoint{kOurAddr, static_cast<std::uint16_t>(40000 + p)});
    const int lfd = linux_listen(p);
    LinuxApp peer;
    (void)c.conn().open_active(Endpoint{kLinuxAddr, p}, c.now());
    c.pump([&] { return peer.fd >= 0 && established(c); }, [&] { if (peer.fd < 0) peer.fd = accept_when_ready(lfd); });
    ::shutdown(peer.fd, SHUT_WR);  // Linux's FIN goes into the TUN queue, unread
    (void)c.conn().close(c.now());
    c.pump([&] { return c.conn().state() == State::Closed; }, [&] { peer.pump(); });
    c.check(c.went(State::FinWait1, State::Closing), "the FINs did not cross (no FIN-WAIT-1 -> CLOSING)");
    ::close(peer.fd);
    ::close(lfd);
  }

  // Loss on our side: 1 MB from Linux while we drop 5% of its data segments.
  {
    const std::uint16_t p = ++port;
    Case& c = add("server-1MB-with-loss", Endpoint{kOurAddr, p});
    c.drop_incoming(0.05);
    (void)c.conn().open_passive(c.now());
    LinuxApp peer{.fd = linux_connect(p), .total = kMegabyte};
    OurApp app;
    c.pump([&] { return established(c); }, [] {});
    c.pump([&] { return app.received == kMegabyte; }, [&] { peer.pump(); app.pump(c.conn(), c.now()); }, 90s);
    c.check(!app.bad, "octets arrived changed or out of order");
    c.check(c.dropped() > 0, "no segment was dropped");
    ::shutdown(peer.fd, SHUT_WR);
    c.pump([&] { return c.conn().state() == State::CloseWait; }, [&] { app.pump(c.conn(), c.now()); });
    (void)c.conn().close(c.now());
    c.pump([&] { peer.pump(); return c.conn().state() == State::Closed; }, [] {});
    std::printf("  (%zu of Linux's data segments dropped by us)\n", c.dropped());
    ::close(peer.fd);
  }

  int failed = 0;
  for (const auto& c : cases) {
    c->save(out);
    if (!c->passed()) ++failed;
  }
  for (std::size_t i = 0; i < cases.size(); ++i) {
    const Case& c = *cases[i];
    std::printf("%s linux.%s\n", c.passed() ? "PASS" : "FAIL", c.name().c_str());
    for (const std::string& f : c.failures()) std::printf("  %s\n", f.c_str());
  }
  std::printf("Linux interop: %zu cases, %zu passed, %d failed; captures in %s\n", cases.size(),
              cases.size() - failed, failed, out.c_str());
  return failed == 0 ? 0 : 1;
}
