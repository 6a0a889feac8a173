#include "core/sim/trace_export.h"

#include <cstdio>
#include <map>

#include "core/base/json.h"

namespace tcplab {

namespace {

std::string hex(const std::vector<std::uint8_t>& bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (std::uint8_t b : bytes) {
    out += kDigits[b >> 4];
    out += kDigits[b & 15];
  }
  return out;
}


void summary(JsonObject& o, const SegmentSummary& s) {
  o.num("seq", s.seq.value()).num("ack", s.ack.value()).str("flags", flags_long(s.flags)).num("len", s.len);
}

}  // namespace

void TraceNames::learn(const TraceRecord& r) {
  if (const auto* c = std::get_if<ConnCreatedRecord>(&r.data)) conns_.emplace_back(c->conn, c->name);
}

std::string TraceNames::host(std::size_t h) const { return h < hosts_.size() ? hosts_[h] : "host" + std::to_string(h); }

std::string TraceNames::conn(const ConnRef& r) const {
  for (const auto& [ref, name] : conns_)
    if (ref == r) return name;
  return host(r.host) + "#" + std::to_string(r.index);
}

std::string_view timer_id(TimerKind k) {
  switch (k) {
    case TimerKind::Retransmit: return "retransmit";
    case TimerKind::TimeWait: return "time-wait";
    case TimerKind::Persist: return "persist";
    case TimerKind::DelayedAck: return "delayed-ack";
    case TimerKind::Keepalive: return "keepalive";
    case TimerKind::UserTimeout: return "user-timeout";
    case TimerKind::RackReorder: return "rack-reorder";
    case TimerKind::LossProbe: return "loss-probe";
  }
  return "?";
}

std::string jsonl_line(const TraceRecord& r, const TraceNames& names) {
  JsonObject o;
  o.num("t", micros(r.t));
  std::visit(
      [&](const auto& d) {
        using T = std::decay_t<decltype(d)>;
        if constexpr (std::is_same_v<T, WorldRecord>) {
          // A string: seeds are 64-bit, JavaScript numbers hold 53 bits exactly.
          o.str("type", "world").str("seed", std::to_string(d.seed));
          std::vector<std::string> hosts;
          for (const auto& h : d.hosts)
            hosts.push_back(JsonObject().str("name", h.name).str("addr", ipv4_text(h.addr)).str("profile", h.profile).done());
          o.raw("hosts", json_array(hosts));
        } else if constexpr (std::is_same_v<T, SegmentSentRecord>) {
          o.str("type", "segment").num("id", d.id).str("from", names.host(d.from)).str("to", names.host(d.to));
          if (d.conn) o.str("conn", names.conn(*d.conn)); else o.null("conn");
          o.str("src", endpoint_text(d.src)).str("dst", endpoint_text(d.dst));
          summary(o, d.seg);
          o.num("win", d.window).num("payload", static_cast<long long>(d.payload));
          if (d.why) o.str("why", rule_id(*d.why)); else o.null("why");
          o.boolean("retransmission", d.retransmission).str("origin", origin_name(d.origin));
          if (d.copy_of) o.num("copy_of", *d.copy_of); else o.null("copy_of");
          if (d.arrival) o.num("arrival", micros(*d.arrival)); else o.null("arrival");
          o.str("bytes", hex(d.bytes));
        } else if constexpr (std::is_same_v<T, SegmentFateRecord>) {
          o.str("type", "fate").num("id", d.id).str("fate", fate_name(d.fate));
          if (d.arrival) o.num("arrival", micros(*d.arrival)); else o.null("arrival");
          o.str("detail", d.detail);
          if (!d.bytes.empty()) o.str("bytes", hex(d.bytes));
        } else if constexpr (std::is_same_v<T, ConnCreatedRecord>) {
          o.str("type", "conn").str("host", names.host(d.conn.host)).str("conn", d.name)
              .str("local", endpoint_text(d.local)).str("remote", endpoint_text(d.remote));
          if (d.listener) o.str("listener", names.conn(*d.listener)); else o.null("listener");
        } else if constexpr (std::is_same_v<T, UserCallRecord>) {
          o.str("type", "call").str("host", names.host(d.conn.host)).str("conn", names.conn(d.conn))
              .str("call", d.call).str("detail", d.detail).str("error", d.error);
        } else if constexpr (std::is_same_v<T, FaultRecord>) {
          o.str("type", "fault").str("text", d.text);
        } else if constexpr (std::is_same_v<T, HostRecord>) {
          o.str("type", "host").str("host", names.host(d.host)).str("text", d.text);
        } else if constexpr (std::is_same_v<T, ConnEventRecord>) {
          // "t" and "type" lead every line; the connection follows.
          const auto type = [&](std::string_view t) {
            o.str("type", t).str("host", names.host(d.conn.host)).str("conn", names.conn(d.conn));
          };
          std::visit(
              [&](const auto& e) {
                using E = std::decay_t<decltype(e)>;
                if constexpr (std::is_same_v<E, StateChanged>) {
                  type("state");
                  o.str("from", rfc_name(e.from)).str("to", rfc_name(e.to))
                      .str("cause", rule_id(e.cause));
                } else if constexpr (std::is_same_v<E, TimerArmed>) {
                  type("timer");
                  o.str("event", "armed").str("timer", timer_id(e.kind))
                      .num("deadline", micros(e.deadline)).num("duration", micros(e.duration))
                      .num("backoff", e.backoff);
                } else if constexpr (std::is_same_v<E, TimerStopped>) {
                  type("timer");
                  o.str("event", "stopped").str("timer", timer_id(e.kind));
                } else if constexpr (std::is_same_v<E, TimerFired>) {
                  type("timer");
                  o.str("event", "fired").str("timer", timer_id(e.kind)).num("backoff", e.backoff);
                } else if constexpr (std::is_same_v<E, SegmentAccepted>) {
                  type("accepted");
                  summary(o, e.seg);
                } else if constexpr (std::is_same_v<E, SegmentRejected>) {
                  type("rejected");
                  summary(o, e.seg);
                  o.str("why", rule_id(e.why));
                } else if constexpr (std::is_same_v<E, SegmentSent>) {
                  type("sent");
                  summary(o, e.seg);
                  o.str("why", rule_id(e.why));
                } else if constexpr (std::is_same_v<E, DataDelivered>) {
                  type("delivered");
                  o.num("bytes", static_cast<long long>(e.bytes));
                } else if constexpr (std::is_same_v<E, ConnectionError>) {
                  type("error");
                  o.str("error", message(e.error)).str("cause", rule_id(e.cause));
                } else if constexpr (std::is_same_v<E, CongestionChanged>) {
                  type("congestion");
                  o.str("phase", phase_id(e.phase)).num("cwnd", e.cwnd).num("ssthresh", e.ssthresh)
                      .num("flight", e.flight_size).num("dup_acks", e.dup_acks).str("why", rule_id(e.why));
                }
              },
              d.event);
        }
      },
      r.data);
  return o.done();
}

std::string to_jsonl(const Trace& trace, std::vector<std::string> host_names) {
  TraceNames names(std::move(host_names));
  std::string out;
  for (const TraceRecord& r : trace) {
    names.learn(r);
    out += jsonl_line(r, names);
    out += '\n';
  }
  return out;
}

std::uint64_t fnv1a64(std::string_view text, std::uint64_t h) {
  for (char c : text) {
    h ^= static_cast<unsigned char>(c);
    h *= 0x100000001B3ULL;
  }
  return h;
}

std::string trace_digest(const Trace& trace, std::vector<std::string> host_names) {
  TraceNames names(std::move(host_names));
  std::uint64_t h = 0xCBF29CE484222325ULL;
  for (const TraceRecord& r : trace) {
    names.learn(r);
    h = fnv1a64(jsonl_line(r, names) + '\n', h);
  }
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
  return buf;
}

namespace {
void put32(std::vector<std::uint8_t>& out, std::uint32_t v) {
  for (int i = 0; i < 4; ++i) out.push_back(static_cast<std::uint8_t>(v >> (8 * i)));
}
void put16(std::vector<std::uint8_t>& out, std::uint16_t v) {
  out.push_back(static_cast<std::uint8_t>(v));
  out.push_back(static_cast<std::uint8_t>(v >> 8));
}
void packet(std::vector<std::uint8_t>& out, Instant t, const std::vector<std::uint8_t>& bytes) {
  const std::int64_t us = micros(t);
  put32(out, static_cast<std::uint32_t>(us / 1'000'000));
  put32(out, static_cast<std::uint32_t>(us % 1'000'000));
  put32(out, static_cast<std::uint32_t>(bytes.size()));
  put32(out, static_cast<std::uint32_t>(bytes.size()));
  out.insert(out.end(), bytes.begin(), bytes.end());
}
}  // namespace

std::vector<std::uint8_t> to_pcap(const Trace& trace, std::size_t host) {
  std::vector<std::uint8_t> out;
  // pcap global header, little-endian: magic, version 2.4, zone, sigfigs, snaplen, LINKTYPE_RAW (101).
  put32(out, 0xA1B2C3D4);
  put16(out, 2);
  put16(out, 4);
  put32(out, 0);
  put32(out, 0);
  put32(out, 65535);
  put32(out, 101);
  // What reached `host`, by segment id: the records are read back by value (trace.h).
  std::map<std::uint32_t, std::vector<std::uint8_t>> to_host;
  for (const TraceRecord& r : trace) {
    if (const auto* s = std::get_if<SegmentSentRecord>(&r.data)) {
      if (s->from == host && s->origin == SegmentOrigin::Stack) packet(out, r.t, s->bytes);
      if (s->to == host) to_host[s->id] = s->bytes; else to_host.erase(s->id);
    } else if (const auto* f = std::get_if<SegmentFateRecord>(&r.data)) {
      const auto it = to_host.find(f->id);
      if (it == to_host.end()) continue;
      if (f->fate == Fate::Delivered) packet(out, r.t, it->second);
      if (f->fate == Fate::Corrupted) packet(out, r.t, f->bytes);
    }
  }
  return out;
}

}  // namespace tcplab
