// The trace's packed storage (trace.h, class Trace). A record is a tag
// byte, its time and its fields as LEB128 variable-length integers; small
// numbers (ports, flags, lengths, a rule) take a byte or two. Fate details
// and endpoint pairs repeat on every segment, so each distinct one is stored
// once and referred to by index.
#include <algorithm>
#include <stdexcept>
#include <type_traits>

#include "core/sim/trace.h"

namespace tcplab {

namespace {

enum Tag : std::uint8_t { kRare = 0, kSent = 1, kFate = 2, kEvent = 3 };

// Bits of a packed SegmentSentRecord's presence byte.
constexpr std::uint8_t kHasConn = 1, kHasWhy = 2, kRetransmission = 4, kHasCopyOf = 8, kHasArrival = 16;
constexpr int kOriginShift = 5;

// Fields go to a small buffer first, appended to the stream in one go:
// a push_back per byte was a tenth of the whole simulation's time.
class Writer {
 public:
  explicit Writer(std::vector<std::uint8_t>& out) : out_(out) {}
  ~Writer() { flush(); }
  Writer(const Writer&) = delete;
  Writer& operator=(const Writer&) = delete;
  void u(std::uint64_t v) {
    if (n_ + 10 > sizeof buf_) flush();
    while (v >= 0x80) {
      buf_[n_++] = static_cast<std::uint8_t>(v | 0x80);
      v >>= 7;
    }
    buf_[n_++] = static_cast<std::uint8_t>(v);
  }
  void flush() {
    out_.insert(out_.end(), buf_, buf_ + n_);
    n_ = 0;
  }
  void discard() { n_ = 0; }
  void s(std::int64_t v) { u((static_cast<std::uint64_t>(v) << 1) ^ static_cast<std::uint64_t>(v >> 63)); }
  template <typename E>
  void e(E v) {
    u(static_cast<std::uint64_t>(v));
  }
  void summary(const SegmentSummary& x) {
    u(x.seq.value());
    u(x.ack.value());
    u(x.len);
    u(x.flags.bits);
  }
  void raw(const std::vector<std::uint8_t>& b) {
    u(b.size());
    flush();
    out_.insert(out_.end(), b.begin(), b.end());
  }

 private:
  std::vector<std::uint8_t>& out_;
  std::uint8_t buf_[128];
  std::size_t n_ = 0;
};

class Reader {
 public:
  explicit Reader(const std::uint8_t* p) : p_(p) {}
  std::uint64_t u() {
    std::uint64_t v = 0;
    for (int shift = 0;; shift += 7) {
      const std::uint8_t b = *p_++;
      v |= std::uint64_t{b & 0x7Fu} << shift;
      if (b < 0x80) return v;
    }
  }
  std::int64_t s() {
    const std::uint64_t z = u();
    return static_cast<std::int64_t>(z >> 1) ^ -static_cast<std::int64_t>(z & 1);
  }
  template <typename E>
  E e() {
    return static_cast<E>(u());
  }
  template <typename T>
  T n() {
    return static_cast<T>(u());
  }
  SegmentSummary summary() {
    SegmentSummary x{};
    x.seq = SeqNum(n<std::uint32_t>());
    x.ack = SeqNum(n<std::uint32_t>());
    x.len = n<std::uint32_t>();
    x.flags = Flags{n<std::uint8_t>()};
    return x;
  }
  std::vector<std::uint8_t> raw() {
    const std::size_t len = n<std::size_t>();
    std::vector<std::uint8_t> b(p_, p_ + len);
    p_ += len;
    return b;
  }

 private:
  const std::uint8_t* p_;
};

Instant instant(std::int64_t us) { return Instant{} + Duration{us}; }

// The connection events packed field by field; false for a kind not known
// here (one added later), which is then kept as it is.
bool write_event(Writer& w, const Event& ev) {
  w.u(ev.index());
  return std::visit(
      [&](const auto& e) {
        using E = std::decay_t<decltype(e)>;
        if constexpr (std::is_same_v<E, StateChanged>) {
          w.e(e.from), w.e(e.to), w.e(e.cause);
        } else if constexpr (std::is_same_v<E, TimerArmed>) {
          w.e(e.kind), w.s(micros(e.deadline)), w.s(micros(e.duration)), w.u(e.backoff);
        } else if constexpr (std::is_same_v<E, TimerStopped>) {
          w.e(e.kind);
        } else if constexpr (std::is_same_v<E, TimerFired>) {
          w.e(e.kind), w.u(e.backoff);
        } else if constexpr (std::is_same_v<E, SegmentAccepted>) {
          w.summary(e.seg);
        } else if constexpr (std::is_same_v<E, SegmentRejected>) {
          w.summary(e.seg), w.e(e.why);
        } else if constexpr (std::is_same_v<E, SegmentSent>) {
          w.summary(e.seg), w.e(e.why), w.u(e.retransmission);
        } else if constexpr (std::is_same_v<E, DataDelivered>) {
          w.u(e.bytes);
        } else if constexpr (std::is_same_v<E, ConnectionError>) {
          w.e(e.error), w.e(e.cause);
        } else if constexpr (std::is_same_v<E, CongestionChanged>) {
          w.e(e.phase), w.u(e.cwnd), w.u(e.ssthresh), w.u(e.flight_size), w.u(e.dup_acks), w.e(e.why);
        } else {
          return false;
        }
        return true;
      },
      ev);
}

Event read_event(Reader& r) {
  // Fields are read in order, one statement each (argument order is unspecified).
  switch (r.n<std::size_t>()) {
    case 0: {
      StateChanged e{};
      e.from = r.e<State>();
      e.to = r.e<State>();
      e.cause = r.e<Rule>();
      return e;
    }
    case 1: {
      TimerArmed e{};
      e.kind = r.e<TimerKind>();
      e.deadline = instant(r.s());
      e.duration = Duration{r.s()};
      e.backoff = r.n<std::uint32_t>();
      return e;
    }
    case 2: return TimerStopped{r.e<TimerKind>()};
    case 3: {
      TimerFired e{};
      e.kind = r.e<TimerKind>();
      e.backoff = r.n<std::uint32_t>();
      return e;
    }
    case 4: return SegmentAccepted{r.summary()};
    case 5: {
      SegmentRejected e{};
      e.seg = r.summary();
      e.why = r.e<Rule>();
      return e;
    }
    case 6: {
      SegmentSent e{};
      e.seg = r.summary();
      e.why = r.e<Rule>();
      e.retransmission = r.u() != 0;
      return e;
    }
    case 7: return DataDelivered{r.n<std::size_t>()};
    case 8: {
      ConnectionError e{};
      e.error = r.e<UserError>();
      e.cause = r.e<Rule>();
      return e;
    }
    default: {
      CongestionChanged e{};
      e.phase = r.e<CongestionPhase>();
      e.cwnd = r.n<std::uint32_t>();
      e.ssthresh = r.n<std::uint32_t>();
      e.flight_size = r.n<std::uint32_t>();
      e.dup_acks = r.n<std::uint32_t>();
      e.why = r.e<Rule>();
      return e;
    }
  }
}
// read_event's cases follow the Event variant's order.
static_assert(std::is_same_v<std::variant_alternative_t<0, Event>, StateChanged> &&
              std::is_same_v<std::variant_alternative_t<7, Event>, DataDelivered> &&
              std::is_same_v<std::variant_alternative_t<9, Event>, CongestionChanged>);

template <typename T>
std::uint32_t intern(std::vector<T>& table, const T& v) {
  // Searched from the end: a run reuses the few it made last.
  for (std::size_t i = table.size(); i-- > 0;)
    if (table[i] == v) return static_cast<std::uint32_t>(i);
  table.push_back(v);
  return static_cast<std::uint32_t>(table.size() - 1);
}

}  // namespace

void Trace::push_back(const TraceRecord& rec) {
  const std::size_t start = bytes_.size();
  offsets_.push_back(static_cast<std::uint32_t>(start));
  Writer w(bytes_);
  const auto rare = [&] {
    w.discard();
    bytes_.resize(start);
    w.u(kRare);
    w.u(rare_.size());
    rare_.push_back(rec);
  };
  if (const auto* s = std::get_if<SegmentSentRecord>(&rec.data)) {
    w.u(kSent);
    w.s(micros(rec.t));
    const std::uint8_t bits = static_cast<std::uint8_t>(
        (s->conn ? kHasConn : 0) | (s->why ? kHasWhy : 0) | (s->retransmission ? kRetransmission : 0) |
        (s->copy_of ? kHasCopyOf : 0) | (s->arrival ? kHasArrival : 0) |
        static_cast<int>(s->origin) << kOriginShift);
    w.u(bits);
    w.u(s->id), w.u(s->from), w.u(s->to);
    if (s->conn) w.u(s->conn->host), w.u(s->conn->index);
    w.u(intern(endpoints_, std::pair{s->src, s->dst}));
    w.summary(s->seg);
    w.u(s->window), w.u(s->payload);
    if (s->why) w.e(*s->why);
    if (s->copy_of) w.u(*s->copy_of);
    if (s->arrival) w.s(micros(*s->arrival - rec.t));
    w.raw(s->bytes);
  } else if (const auto* f = std::get_if<SegmentFateRecord>(&rec.data)) {
    w.u(kFate);
    w.s(micros(rec.t));
    w.u(f->id), w.e(f->fate), w.u(f->arrival.has_value());
    if (f->arrival) w.s(micros(*f->arrival - rec.t));
    w.u(intern(strings_, f->detail));
    w.raw(f->bytes);
  } else if (const auto* c = std::get_if<ConnEventRecord>(&rec.data)) {
    w.u(kEvent);
    w.s(micros(rec.t));
    w.u(c->conn.host), w.u(c->conn.index);
    if (!write_event(w, c->event)) rare();
  } else {
    rare();
  }
  w.flush();
  if (bytes_.size() > 0xFFFFFFFFull) throw std::length_error("trace over 4 GB");
}

TraceRecord Trace::operator[](std::size_t i) const {
  Reader r(bytes_.data() + offsets_[i]);
  const auto tag = r.n<std::uint8_t>();
  if (tag == kRare) return rare_[r.n<std::size_t>()];
  const Instant t = instant(r.s());
  if (tag == kSent) {
    SegmentSentRecord s;
    const auto bits = r.n<std::uint8_t>();
    s.id = r.n<std::uint32_t>();
    s.from = r.n<std::size_t>();
    s.to = r.n<std::size_t>();
    if (bits & kHasConn) {
      ConnRef c;
      c.host = r.n<std::size_t>();
      c.index = r.n<std::size_t>();
      s.conn = c;
    }
    const auto& ends = endpoints_[r.n<std::size_t>()];
    s.src = ends.first;
    s.dst = ends.second;
    s.seg = r.summary();
    s.window = r.n<std::uint16_t>();
    s.payload = r.n<std::size_t>();
    if (bits & kHasWhy) s.why = r.e<Rule>();
    s.retransmission = (bits & kRetransmission) != 0;
    s.origin = static_cast<SegmentOrigin>(bits >> kOriginShift);
    if (bits & kHasCopyOf) s.copy_of = r.n<std::uint32_t>();
    if (bits & kHasArrival) s.arrival = t + Duration{r.s()};
    s.bytes = r.raw();
    return TraceRecord{t, std::move(s)};
  }
  if (tag == kFate) {
    SegmentFateRecord f;
    f.id = r.n<std::uint32_t>();
    f.fate = r.e<Fate>();
    if (r.u() != 0) f.arrival = t + Duration{r.s()};
    f.detail = strings_[r.n<std::size_t>()];
    f.bytes = r.raw();
    return TraceRecord{t, std::move(f)};
  }
  ConnEventRecord c;
  c.conn.host = r.n<std::size_t>();
  c.conn.index = r.n<std::size_t>();
  c.event = read_event(r);
  return TraceRecord{t, c};
}

void Trace::resize(std::size_t n) {
  if (n >= offsets_.size()) return;
  // Rare records after the cut go with it: the first of them is the one the
  // first cut record names, or the next one after it.
  std::size_t keep_rare = rare_.size();
  for (std::size_t i = n; i < offsets_.size(); ++i) {
    Reader r(bytes_.data() + offsets_[i]);
    if (r.n<std::uint8_t>() == kRare) {
      keep_rare = r.n<std::size_t>();
      break;
    }
  }
  rare_.resize(keep_rare);
  bytes_.resize(offsets_[n]);
  offsets_.resize(n);
}

std::size_t Trace::memory_bytes() const {
  std::size_t n = bytes_.capacity() + offsets_.capacity() * sizeof(std::uint32_t) +
                  rare_.capacity() * sizeof(TraceRecord) + endpoints_.capacity() * sizeof(endpoints_[0]);
  for (const std::string& s : strings_) n += sizeof(std::string) + s.capacity();
  return n;
}

}  // namespace tcplab
