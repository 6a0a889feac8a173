#include "tests/property/pair.h"

#include <algorithm>
#include <array>
#include <cstdio>
#include <span>

#include "core/tcp/diagram.h"
#include "tests/property/congestion_watch.h"
#include "core/wire/wire.h"

namespace tcplab::property {

namespace {

using namespace std::chrono_literals;

constexpr Endpoint kClient{0x0A4D0001, 40000};  // 10.77.0.1
constexpr Endpoint kServer{0x0A4D0002, 80};     // 10.77.0.2
constexpr std::size_t kChunk = 16384;           // octets the application offers per SEND
constexpr std::size_t kPeriodicRead = 4096;     // a slow reader takes this much per wake-up
const char* const kSide[2] = {"client", "server"};

Duration uniform_ms(Rng& rng, std::uint64_t lo, std::uint64_t hi) {
  return std::chrono::milliseconds(rng.uniform_int(lo, hi));
}

// Half the time a fault is off; otherwise its rate is uniform in [0, 30%].
double maybe_rate(Rng& rng) { return rng.bernoulli(0.5) ? rng.uniform_real() * 0.3 : 0.0; }

std::size_t draw_size(Rng& rng) {
  const std::uint64_t kind = rng.uniform_int(0, 19);
  if (kind < 4) return 0;                                   // nothing to send: a pure receiver
  if (kind < 10) return rng.uniform_int(1, 3000);           // a request or two segments
  if (kind < 17) return rng.uniform_int(3001, 65536);       // fills the window
  return rng.uniform_int(65537, 300000);                    // several windows
}

std::string ms_text(Duration d) { return std::to_string(d.count() / 1000) + "ms"; }

// The plan's profile with its congestion control algorithm at both ends.
Profile profile_for(const RunPlan& plan) {
  Profile p = plan.linux_profile ? Profile::linux_like() : Profile::rfc9293();
  p.congestion.algorithm = plan.algorithm;
  return p;
}

std::string percent_text(double p) { return std::to_string(static_cast<int>(p * 1000 + 0.5) / 10.0).substr(0, 4) + "%"; }

// One end of the pair: the connection and the application around it.
struct Side {
  Side(Connection c, const char* name, bool limited_transmit) : conn(std::move(c)), watch(name, limited_transmit) {}
  Connection conn;
  CongestionWatch watch;  // the congestion invariants of what this end sends
  std::size_t to_send = 0;
  std::size_t queued = 0;    // octets SEND accepted
  std::size_t received = 0;  // octets RECEIVE returned, all checked
  bool corrupt_stream = false;
  std::optional<Instant> ready_at;  // may close from here on
  std::optional<Instant> close_at;
  std::optional<Instant> closed_call_at;
  std::optional<Instant> next_read;
  std::optional<UserError> error;
};

bool fin_received(State s) {
  return s == State::CloseWait || s == State::LastAck || s == State::Closing || s == State::TimeWait;
}

bool may_receive_more(State s) {
  return s == State::SynSent || s == State::SynReceived || s == State::Established || s == State::FinWait1 ||
         s == State::FinWait2;
}

class Pair {
 public:
  Pair(const RunPlan& plan, bool verbose)
      : plan_(plan),
        verbose_(verbose),
        profile_(profile_for(plan)),
        sides_{Side(Connection(profile_, kClient, IsnGenerator(plan.seed * 2 + 1)), kSide[0],
                    profile_.congestion.limited_transmit),
               Side(Connection(profile_, kServer, IsnGenerator(plan.seed * 2 + 2)), kSide[1],
                    profile_.congestion.limited_transmit)},
        links_{LinkDirection(plan.link[0], plan.seed ^ 0xC11E), LinkDirection(plan.link[1], plan.seed ^ 0x5E4E)} {
    bound_ = profile_.time_wait + (profile_.data_retries + 2) * profile_.max_rto;
    for (int s = 0; s < 2; ++s) sides_[s].to_send = plan.send_bytes[s];
  }

  RunResult run() {
    if (!sides_[1].conn.open_passive(now_)) fail("server: passive OPEN refused");
    service(1);
    if (!sides_[0].conn.open_active(kServer, now_)) fail("client: active OPEN refused");
    service(0);
    while (auto t = next_time()) {
      if (*t > deadline()) break;
      now_ = *t;
      step();
      if (result_.failures.size() > 4) break;
    }
    finish();
    result_.end = now_;
    return std::move(result_);
  }

 private:
  struct Packet {
    int from;
    std::vector<std::uint8_t> bytes;
  };

  void fail(std::string what) { result_.failures.push_back(std::move(what)); }

  // A lossy transfer may still be running when CLOSE is called, so the
  // bound runs from the later of the last CLOSE and the last progress. A
  // run that stops making progress ends there too: with no error reported,
  // that is a failure.
  Instant deadline() const {
    Instant from = last_progress_;
    for (const Side& s : sides_)
      if (s.closed_call_at) from = std::max(from, *s.closed_call_at);
    return from + bound_;
  }

  std::optional<Instant> next_time() const {
    std::optional<Instant> t;
    auto consider = [&t](std::optional<Instant> c) {
      if (c && (!t || *c < *t)) t = c;
    };
    if (!wire_.empty()) consider(wire_.begin()->first.first);
    for (const Side& s : sides_) {
      consider(s.conn.next_deadline());
      // A CLOSE put off (unread data) waits for the reader's wake-up instead.
      if (!s.closed_call_at && s.close_at && *s.close_at > now_) consider(s.close_at);
      // A slow reader wakes while data may still come or some waits unread.
      if (may_receive_more(s.conn.state()) || s.conn.status().receive_queued > 0) consider(s.next_read);
    }
    return t;
  }

  // One event at now_: a packet arrives, a timer fires, or an application wakes.
  void step() {
    if (!wire_.empty() && wire_.begin()->first.first == now_) {
      Packet p = std::move(wire_.begin()->second);
      wire_.erase(wire_.begin());
      const int to = 1 - p.from;
      auto seg = decode(p.bytes);
      if (seg) sides_[to].watch.arrived(seg.value());
      if (seg) sides_[to].conn.on_segment(seg.value(), now_);  // a bad checksum is dropped, as a host would
      if (verbose_ && !seg) std::printf("%10.6f %s drops a corrupted packet\n", micros(now_) / 1e6, kSide[to]);
      service(to);
      return;
    }
    for (int s = 0; s < 2; ++s) {
      if (auto d = sides_[s].conn.next_deadline(); d && *d <= now_) {
        sides_[s].conn.on_timeout(now_);
        service(s);
        return;
      }
    }
    for (int s = 0; s < 2; ++s) service(s);
  }

  void read(int s, std::size_t budget) {
    Side& side = sides_[s];
    while (budget > 0) {
      auto got = side.conn.receive(std::min<std::size_t>(budget, 65536), now_);
      if (!got || got.value().empty()) return;
      const auto& bytes = got.value();
      budget -= bytes.size();
      for (std::size_t i = 0; i < bytes.size() && !side.corrupt_stream; ++i) {
        const std::size_t off = side.received + i;
        if (off >= plan_.send_bytes[1 - s]) {
          side.corrupt_stream = true;
          fail(std::string(kSide[s]) + " read more octets than its peer sent (" +
               std::to_string(plan_.send_bytes[1 - s]) + ")");
        } else if (bytes[i] != stream_byte(plan_.seed, 1 - s, off)) {
          side.corrupt_stream = true;
          fail(std::string(kSide[s]) + " read a wrong octet at stream offset " + std::to_string(off));
        }
      }
      side.received += bytes.size();
      last_progress_ = now_;
      result_.delivered += bytes.size();
    }
  }

  // The application: read, hand over more data, close when its plan says.
  void application(int s) {
    Side& side = sides_[s];
    const Duration every = plan_.read_every[s];
    // Once the FIN is in, nothing more can arrive and a slow reader would
    // only race the TCB's deletion (an RST in TIME-WAIT, RFC 9293
    // §3.10.7.4, takes unread data with it): read to the end at once.
    if (every == Duration{0} || fin_received(side.conn.state())) {
      read(s, SIZE_MAX);
    } else if (!side.next_read || *side.next_read <= now_) {
      read(s, kPeriodicRead);
      side.next_read = now_ + every;
    }
    while (side.queued < side.to_send && !side.closed_call_at) {
      const std::size_t n = std::min(kChunk, side.to_send - side.queued);
      std::vector<std::uint8_t> chunk(n);
      for (std::size_t i = 0; i < n; ++i) chunk[i] = stream_byte(plan_.seed, s, side.queued + i);
      auto took = side.conn.send(chunk, now_);
      if (!took || took.value() == 0) break;
      side.queued += took.value();
    }
    if (!side.ready_at && side.queued == side.to_send && !side.error) {
      const State st = side.conn.state();
      const bool synchronized = st != State::SynSent && st != State::SynReceived && st != State::Listen;
      const bool waits_for_fin = (plan_.order == CloseOrder::ClientFirst && s == 1) ||
                                 (plan_.order == CloseOrder::ServerFirst && s == 0);
      if (synchronized && (!waits_for_fin || fin_received(st))) {
        side.ready_at = now_;
        if (plan_.order != CloseOrder::Together) side.close_at = now_ + plan_.close_delay[s];
      }
    }
    if (plan_.order == CloseOrder::Together && !side.close_at && sides_[0].ready_at && sides_[1].ready_at) {
      // Both ends call CLOSE at the same instant, whichever became ready last.
      const Instant t = std::max(*sides_[0].ready_at, *sides_[1].ready_at) + plan_.close_delay[0];
      sides_[0].close_at = sides_[1].close_at = t;
    }
    // An application that has seen the FIN reads to the end before it
    // closes: after LAST-ACK the TCB, and whatever it still holds, is gone.
    const bool unread_before_fin = fin_received(side.conn.state()) && side.conn.status().receive_queued > 0;
    if (side.close_at && *side.close_at <= now_ && !side.closed_call_at && !unread_before_fin) {
      side.closed_call_at = now_;
      if (side.conn.state() != State::Closed) {
        auto r = side.conn.close(now_);
        if (!r && !side.error) fail(std::string(kSide[s]) + ": CLOSE refused in " + std::string(rfc_name(side.conn.state())));
      }
    }
  }

  void service(int s) {
    Side& side = sides_[s];
    application(s);
    while (auto tx = side.conn.poll_transmit(now_)) {
      const Segment* seg = &tx->seg;
      side.watch.sent_segment(*seg);
      ++result_.segments;
      if (verbose_) std::printf("%10.6f %s sends %s\n", micros(now_) / 1e6, kSide[s], tcplab::describe(*seg).c_str());
      LinkOutcome out = links_[s].transmit(encode(*seg), now_);
      for (LinkDelivery& d : out.deliveries) wire_.emplace(std::pair{d.arrival, seq_++}, Packet{s, std::move(d.bytes)});
    }
    while (auto ev = side.conn.poll_event()) {
      // The negotiated MSS, as the connection reports it to its user.
      side.watch.event(*ev, now_, side.conn.status().send_mss);
      if (const auto* sc = std::get_if<StateChanged>(&*ev)) {
        if (verbose_)
          std::printf("%10.6f %s %s -> %s (%s)\n", micros(now_) / 1e6, kSide[s], rfc_name(sc->from).data(),
                      rfc_name(sc->to).data(), rule_id(sc->cause).data());
        if (!find_edge(sc->from, sc->to))
          fail(std::string(kSide[s]) + ": " + std::string(rfc_name(sc->from)) + " -> " + std::string(rfc_name(sc->to)) +
               " is not an edge of RFC 9293's diagram (rule " + std::string(rule_id(sc->cause)) + ")");
        last_progress_ = now_;
      } else if (const auto* err = std::get_if<ConnectionError>(&*ev)) {
        if (!side.error) side.error = err->error;
        result_.reset = true;
      }
    }
  }

  void finish() {
    for (const Side& side : sides_) {
      for (const std::string& f : side.watch.failures()) fail(f);
      result_.flight_checks += side.watch.counts().checked_sends;
      result_.retransmissions += side.watch.counts().retransmissions;
      result_.congestion_events += side.watch.counts().congestion_events;
    }
    const bool any_error = sides_[0].error || sides_[1].error;
    for (int s = 0; s < 2; ++s) {
      const Side& side = sides_[s];
      const std::string name = kSide[s];
      const State st = side.conn.state();
      if (!any_error) {
        if (side.received != plan_.send_bytes[1 - s])
          fail(name + " read " + std::to_string(side.received) + " of the " + std::to_string(plan_.send_bytes[1 - s]) +
               " octets its peer sent");
        if (!side.closed_call_at) fail(name + " never called CLOSE (its data was never all accepted, or no FIN came)");
        if (st != State::Closed)
          fail(name + " is in " + std::string(rfc_name(st)) + ", not CLOSED, " + ms_text(bound_) +
               " after the last CLOSE or progress");
      } else if (side.error && st != State::Closed && st != State::Listen) {
        fail(name + " reported '" + std::string(message(*side.error)) + "' but is still in " + std::string(rfc_name(st)));
      }
    }
  }

  RunPlan plan_;
  bool verbose_;
  Profile profile_;
  std::array<Side, 2> sides_;
  std::array<LinkDirection, 2> links_;
  std::map<std::pair<Instant, std::uint64_t>, Packet> wire_;  // arrivals by (time, order sent)
  std::uint64_t seq_ = 0;
  Instant now_{};
  Duration bound_{};
  Instant last_progress_{};  // an application read data, or a state changed
  RunResult result_;
};

}  // namespace

std::string_view close_order_name(CloseOrder o) {
  switch (o) {
    case CloseOrder::ClientFirst: return "client closes first";
    case CloseOrder::ServerFirst: return "server closes first";
    case CloseOrder::Together: return "both close at once";
    case CloseOrder::Whenever: return "each closes when it likes";
  }
  return "?";
}

std::uint8_t stream_byte(std::uint64_t seed, int side, std::size_t offset) {
  std::uint64_t state = seed * 0x100000001B3ULL + static_cast<std::uint64_t>(side) * 0x9E3779B9ULL + offset / 8;
  return static_cast<std::uint8_t>(splitmix64(state) >> (8 * (offset % 8)));
}

RunPlan draw_plan(std::uint64_t seed) {
  Rng rng(seed);
  RunPlan p;
  p.seed = seed;
  p.linux_profile = rng.bernoulli(0.5);
  for (LinkConfig& l : p.link) {
    l.latency = uniform_ms(rng, 1, 60);
    l.jitter = rng.bernoulli(0.3) ? uniform_ms(rng, 1, 20) : Duration{0};
    l.loss = maybe_rate(rng);
    l.duplicate = maybe_rate(rng);
    l.reorder = maybe_rate(rng);
    l.reorder_delay = uniform_ms(rng, 1, 80);
    l.corrupt = maybe_rate(rng);
  }
  for (std::size_t& n : p.send_bytes) n = draw_size(rng);
  p.order = static_cast<CloseOrder>(rng.uniform_int(0, 3));
  for (Duration& d : p.close_delay) d = uniform_ms(rng, 0, 2000);
  for (Duration& d : p.read_every) d = rng.bernoulli(0.3) ? uniform_ms(rng, 20, 500) : Duration{0};
  // Drawn last, so the draws above give every seed the plan it had before.
  p.algorithm = static_cast<CongestionAlgorithm>(rng.uniform_int(0, 3));
  return p;
}

std::string RunPlan::describe() const {
  std::string out = "seed " + std::to_string(seed) + ": " + (linux_profile ? "Linux" : "RFC 9293") + " profile, " +
                    std::string(algorithm_id(algorithm)) + "; " +
                    std::to_string(send_bytes[0]) + " octets client->server, " + std::to_string(send_bytes[1]) +
                    " server->client; " + std::string(close_order_name(order));
  for (int d = 0; d < 2; ++d) {
    const LinkConfig& l = link[d];
    out += std::string("; ") + (d == 0 ? "c->s" : "s->c") + " latency " + ms_text(l.latency) + " jitter " +
           ms_text(l.jitter) + " loss " + percent_text(l.loss) + " dup " + percent_text(l.duplicate) + " reorder " +
           percent_text(l.reorder) + " corrupt " + percent_text(l.corrupt);
  }
  for (int s = 0; s < 2; ++s)
    if (read_every[s] != Duration{0}) out += std::string("; ") + kSide[s] + " reads every " + ms_text(read_every[s]);
  return out;
}

RunResult run_pair(const RunPlan& plan, bool verbose) { return Pair(plan, verbose).run(); }

}  // namespace tcplab::property
