// Our stack against lwIP 2.1.3 (NO_SYS, raw TCP API), joined by the lab's
// faulty link on simulated time: lwIP's sys_now() reads the same clock our
// Connection is given. Each case moves data both ways under a loss rate and
// closes from one side; every octet must arrive, once, in order, and both
// stacks must end with no connection left.
//
//   lwip_interop OUT_DIR      writes OUT_DIR/lwip-<case>.pcap (our side's view)
#include <algorithm>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/tcp/connection.h"
#include "core/sim/link.h"
#include "core/wire/pcap_reader.h"
#include "core/wire/wire.h"

extern "C" {
#include "lwip/init.h"
#include "lwip/ip4.h"
#include "lwip/netif.h"
#include "lwip/pbuf.h"
#include "lwip/priv/tcp_priv.h"
#include "lwip/tcp.h"
#include "lwip/timeouts.h"
}

using namespace tcplab;
using namespace std::chrono_literals;

namespace {

constexpr Ipv4 kLwipAddr = 0x0A4D0001;  // 10.77.0.1
constexpr Ipv4 kOurAddr = 0x0A4D0002;   // 10.77.0.2

Instant g_now{};
std::vector<std::vector<std::uint8_t>> g_lwip_out;  // packets lwIP's netif sent, in order

std::uint8_t pattern(int side, std::size_t i) { return static_cast<std::uint8_t>((i * 7 + (i >> 11) + side * 101) & 0xFF); }

err_t netif_output(netif*, pbuf* p, const ip4_addr_t*) {
  std::vector<std::uint8_t> bytes(p->tot_len);
  pbuf_copy_partial(p, bytes.data(), p->tot_len, 0);
  g_lwip_out.push_back(std::move(bytes));
  return ERR_OK;
}

err_t netif_setup(netif* n) {
  n->output = netif_output;
  n->mtu = 1500;
  n->name[0] = 't';
  n->name[1] = 'l';
  return ERR_OK;
}

// lwIP's application: sends `total` pattern octets, checks what it reads.
struct LwipApp {
  tcp_pcb* pcb = nullptr;
  std::size_t total = 0, sent = 0, received = 0;
  bool bad = false, eof = false, closed = false, error = false, connected = false;
  bool close_when_done = false;  // shut down its sending half once all is sent

  void pump() {
    if (!pcb || closed) return;
    while (sent < total && tcp_sndbuf(pcb) > 0) {
      std::uint8_t buf[8192];
      const std::size_t n = std::min({sizeof buf, total - sent, static_cast<std::size_t>(tcp_sndbuf(pcb))});
      for (std::size_t i = 0; i < n; ++i) buf[i] = pattern(1, sent + i);
      if (tcp_write(pcb, buf, static_cast<u16_t>(n), TCP_WRITE_FLAG_COPY) != ERR_OK) break;
      sent += n;
    }
    tcp_output(pcb);
    if (sent == total && (close_when_done || eof)) {
      // Everything is written: close. Once the peer's FIN came, both halves.
      tcp_arg(pcb, nullptr);
      tcp_recv(pcb, nullptr);
      tcp_err(pcb, nullptr);
      if (eof) {
        tcp_close(pcb);
      } else {
        tcp_shutdown(pcb, 0, 1);
        tcp_arg(pcb, this);
        tcp_recv(pcb, on_recv);
        tcp_err(pcb, on_error);
        close_when_done = false;
        return;
      }
      closed = true;
      pcb = nullptr;
    }
  }

  void attach(tcp_pcb* p) {
    pcb = p;
    tcp_arg(p, this);
    tcp_recv(p, on_recv);
    tcp_err(p, on_error);
  }

  static err_t on_recv(void* arg, tcp_pcb* p, pbuf* data, err_t) {
    auto* app = static_cast<LwipApp*>(arg);
    if (!data) {
      app->eof = true;
      return ERR_OK;
    }
    for (pbuf* q = data; q; q = q->next)
      for (u16_t i = 0; i < q->len; ++i) app->bad |= static_cast<std::uint8_t*>(q->payload)[i] != pattern(0, app->received++);
    tcp_recved(p, data->tot_len);
    pbuf_free(data);
    return ERR_OK;
  }
  static void on_error(void* arg, err_t) {
    auto* app = static_cast<LwipApp*>(arg);
    app->error = true;
    app->pcb = nullptr;  // lwIP has freed it
  }
};

err_t on_accept(void* arg, tcp_pcb* p, err_t err) {
  if (err != ERR_OK || !p) return ERR_VAL;
  static_cast<LwipApp*>(arg)->attach(p);
  static_cast<LwipApp*>(arg)->connected = true;
  return ERR_OK;
}

err_t on_connected(void* arg, tcp_pcb*, err_t) {
  static_cast<LwipApp*>(arg)->connected = true;
  return ERR_OK;
}

struct CaseResult {
  std::string name;
  std::vector<std::string> failures;
  std::uint64_t segments = 0;
};

struct CasePlan {
  bool we_are_client;
  bool we_close_first;
  double loss;
  std::size_t ours_sends, lwip_sends;
  std::uint64_t seed;
};

CaseResult run_case(const CasePlan& plan, netif& nif, const std::string& out_dir) {
  CaseResult r;
  const int pct = static_cast<int>(plan.loss * 100 + 0.5);
  r.name = std::string(plan.we_are_client ? "we-connect" : "lwip-connects") +
           (plan.we_close_first ? "-we-close" : "-lwip-closes") + (pct ? "-with-loss-" + std::to_string(pct) + "pct" : "");
  auto fail = [&r](std::string f) { r.failures.push_back(std::move(f)); };

  // Ports in the ephemeral range, which tshark maps to no protocol (6000 would be X11).
  static std::uint16_t port = 33000;
  ++port;
  Profile profile = Profile::linux_like();
  profile.time_wait = 1s;
  const Endpoint ours{kOurAddr, static_cast<std::uint16_t>(plan.we_are_client ? 10000 + port : port)};
  const Endpoint theirs{kLwipAddr, static_cast<std::uint16_t>(plan.we_are_client ? port : 10000 + port)};
  Connection conn(profile, ours, IsnGenerator(plan.seed));
  LinkConfig lc;
  lc.latency = 5ms;
  lc.loss = plan.loss;
  LinkDirection to_lwip(lc, plan.seed * 3 + 1), to_us(lc, plan.seed * 3 + 2);
  std::map<std::pair<Instant, std::uint64_t>, std::pair<bool, std::vector<std::uint8_t>>> wire;  // bool: to lwIP
  std::uint64_t order = 0;
  PcapFile capture;
  LwipApp app{.total = plan.lwip_sends, .close_when_done = !plan.we_close_first};
  std::size_t queued = 0, received = 0;
  bool bad = false, closed_called = false;
  std::optional<UserError> our_error;

  tcp_pcb* listener = nullptr;
  if (plan.we_are_client) {
    tcp_pcb* l = tcp_new();
    ip4_addr_t any;
    ip4_addr_set_any(&any);
    tcp_bind(l, &any, theirs.port);
    listener = tcp_listen(l);
    tcp_arg(listener, &app);
    tcp_accept(listener, on_accept);
    (void)conn.open_active(theirs, g_now);
  } else {
    (void)conn.open_passive(g_now);
    tcp_pcb* c = tcp_new();
    ip4_addr_t dst;
    IP4_ADDR(&dst, 10, 77, 0, 2);
    tcp_bind(c, nullptr, theirs.port);
    app.attach(c);
    tcp_connect(c, &dst, ours.port, on_connected);
  }

  auto our_app = [&] {
    while (queued < plan.ours_sends && !closed_called) {
      std::vector<std::uint8_t> chunk(std::min<std::size_t>(16384, plan.ours_sends - queued));
      for (std::size_t i = 0; i < chunk.size(); ++i) chunk[i] = pattern(0, queued + i);
      auto t = conn.send(chunk, g_now);
      if (!t || t.value() == 0) break;
      queued += t.value();
    }
    for (;;) {
      auto got = conn.receive(65536, g_now);
      if (!got || got.value().empty()) break;
      for (std::uint8_t b : got.value()) bad |= b != pattern(1, received++);
    }
    const State st = conn.state();
    const bool fin_in = st == State::CloseWait;
    if (!closed_called && queued == plan.ours_sends && st != State::SynSent && st != State::SynReceived &&
        st != State::Listen && (plan.we_close_first || fin_in)) {
      closed_called = true;
      (void)conn.close(g_now);
    }
  };
  auto service = [&] {
    our_app();
    while (auto t = conn.poll_transmit(g_now)) {
      std::vector<std::uint8_t> bytes = encode(t->seg);
      ++r.segments;
      capture.packets.push_back(PcapPacket{micros(g_now), static_cast<std::uint32_t>(bytes.size()), bytes});
      for (LinkDelivery& d : to_lwip.transmit(std::move(bytes), g_now).deliveries)
        wire.emplace(std::pair{d.arrival, order++}, std::pair{true, std::move(d.bytes)});
    }
    while (auto ev = conn.poll_event())
      if (const auto* e = std::get_if<ConnectionError>(&*ev)) our_error = e->error;
    app.pump();
    for (std::vector<std::uint8_t>& bytes : g_lwip_out) {
      ++r.segments;
      for (LinkDelivery& d : to_us.transmit(std::move(bytes), g_now).deliveries)
        wire.emplace(std::pair{d.arrival, order++}, std::pair{false, std::move(d.bytes)});
    }
    g_lwip_out.clear();
  };

  const Instant limit = g_now + 10min;
  service();
  for (;;) {
    const bool lwip_done = tcp_active_pcbs == nullptr && tcp_tw_pcbs == nullptr;
    if (conn.state() == State::Closed && lwip_done && (app.closed || app.error)) break;
    std::optional<Instant> next;
    auto consider = [&next](Instant t) { if (!next || t < *next) next = t; };
    if (!wire.empty()) consider(wire.begin()->first.first);
    if (auto d = conn.next_deadline()) consider(*d);
    if (const u32_t ms = sys_timeouts_sleeptime(); ms != SYS_TIMEOUTS_SLEEPTIME_INFINITE)
      consider(g_now + std::chrono::milliseconds(ms));
    if (!next || *next > limit) {
      fail("stalled: ours in " + std::string(rfc_name(conn.state())) + ", lwIP has " +
           (tcp_active_pcbs ? "an active pcb in state " + std::string(tcp_debug_state_str(tcp_active_pcbs->state)) : "no active pcb"));
      break;
    }
    g_now = std::max(g_now, *next);
    if (!wire.empty() && wire.begin()->first.first <= g_now) {
      auto [to_lwip_dir, bytes] = std::move(wire.begin()->second);
      wire.erase(wire.begin());
      if (to_lwip_dir) {
        pbuf* p = pbuf_alloc(PBUF_RAW, static_cast<u16_t>(bytes.size()), PBUF_POOL);
        pbuf_take(p, bytes.data(), static_cast<u16_t>(bytes.size()));
        if (nif.input(p, &nif) != ERR_OK) pbuf_free(p);
      } else {
        capture.packets.push_back(PcapPacket{micros(g_now), static_cast<std::uint32_t>(bytes.size()), bytes});
        if (auto seg = decode(bytes)) conn.on_segment(seg.value(), g_now);
      }
    }
    if (auto d = conn.next_deadline(); d && *d <= g_now) conn.on_timeout(g_now);
    sys_check_timeouts();
    service();
  }
  if (listener) tcp_close(listener);

  if (received != plan.lwip_sends) fail("we read " + std::to_string(received) + " of lwIP's " + std::to_string(plan.lwip_sends) + " octets");
  if (app.received != plan.ours_sends)
    fail("lwIP read " + std::to_string(app.received) + " of our " + std::to_string(plan.ours_sends) + " octets");
  if (bad || app.bad) fail("octets arrived changed or out of order");
  if (our_error) fail(std::string("we reported '") + std::string(message(*our_error)) + "'");
  if (app.error) fail("lwIP reported an error (its err callback ran)");
  std::ofstream f(out_dir + "/lwip-" + r.name + ".pcap", std::ios::binary);
  const std::vector<std::uint8_t> bytes = write_pcap(capture);
  f.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
  return r;
}

}  // namespace

extern "C" u32_t sys_now(void) { return static_cast<u32_t>(micros(g_now) / 1000); }

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s OUT_DIR\n", argv[0]);
    return 2;
  }
  lwip_init();
  netif nif{};
  ip4_addr_t addr, mask, gw;
  IP4_ADDR(&addr, 10, 77, 0, 1);
  IP4_ADDR(&mask, 255, 255, 255, 0);
  IP4_ADDR(&gw, 10, 77, 0, 2);
  netif_add(&nif, &addr, &mask, &gw, nullptr, netif_setup, ip4_input);
  netif_set_default(&nif);
  netif_set_up(&nif);
  netif_set_link_up(&nif);

  std::vector<CaseResult> results;
  std::uint64_t seed = 1;
  for (const double loss : {0.0, 0.01, 0.03, 0.05})
    for (const bool client : {true, false})
      for (const bool close_first : {true, false})
        results.push_back(run_case(CasePlan{client, close_first, loss, 150000 + seed * 1000, 90000 + seed * 777, seed}, nif, argv[1])), ++seed;

  int failed = 0;
  std::uint64_t segments = 0;
  for (const CaseResult& r : results) {
    std::printf("%s lwip.%s (%llu segments)\n", r.failures.empty() ? "PASS" : "FAIL", r.name.c_str(),
                static_cast<unsigned long long>(r.segments));
    for (const std::string& f : r.failures) std::printf("  %s\n", f.c_str());
    failed += r.failures.empty() ? 0 : 1;
    segments += r.segments;
  }
  std::printf("lwIP %s interop: %zu cases, %zu passed, %d failed, %llu segments\n", LWIP_VERSION_STRING, results.size(),
              results.size() - failed, failed, static_cast<unsigned long long>(segments));
  return failed == 0 ? 0 : 1;
}
