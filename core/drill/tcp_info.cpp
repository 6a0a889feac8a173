#include "core/drill/tcp_info.h"

#include <algorithm>
#include <array>

namespace tcplab::drill {

namespace {

// RFC 7323 §3.2: the timestamp option takes 10 octets, 12 with its two
// NOPs; Linux's tcpi_snd_mss (mss_cache) is the MSS less that when the
// connection sends timestamps (measured: peer MSS 1000 gives 988).
constexpr std::int64_t kTimestampOptionSpace = 12;

std::int64_t micros_of(Duration d) { return d.count(); }

// Linux's smoothed RTT in microseconds; 0 until the first sample.
std::int64_t rtt(const TcpInfoSource& s) { return s.status.srtt ? micros_of(*s.status.srtt) : 0; }
// Linux starts mdev at a quarter of the RTO (1 s -> 250000, 3 s after a
// retransmitted SYN -> 750000; measured) and reports it before any sample.
std::int64_t rttvar(const TcpInfoSource& s) {
  return s.status.rttvar ? micros_of(*s.status.rttvar) : micros_of(s.status.rto) / 4;
}
std::int64_t snd_mss(const TcpInfoSource& s) {
  return s.status.send_mss - (s.counters.timestamps() ? kTimestampOptionSpace : 0);
}

// Linux counts cwnd and ssthresh in segments of mss_cache (tcpi_snd_mss);
// ssthresh starts at TCP_INFINITE_SSTHRESH.
std::int64_t in_segments(const TcpInfoSource& s, std::uint32_t octets) {
  const std::int64_t mss = std::max<std::int64_t>(snd_mss(s), 1);
  return octets / mss;
}
std::int64_t snd_cwnd(const TcpInfoSource& s) { return in_segments(s, s.status.cwnd); }
std::int64_t snd_ssthresh(const TcpInfoSource& s) {
  return s.status.ssthresh == kInfiniteSsthresh ? 0x7fffffff : in_segments(s, s.status.ssthresh);
}
// enum tcp_ca_state: Open 0, Disorder 1 (duplicate ACKs or SACKs seen),
// Recovery 3 (fast recovery), Loss 4 (after a timeout). The lab has no CWR.
std::int64_t ca_state(const TcpInfoSource& s) {
  switch (s.status.congestion_phase) {
    case CongestionPhase::FastRecovery: return 3;
    case CongestionPhase::LossRecovery: return 4;
    default: return s.status.dup_acks > 0 || s.status.sacked > 0 ? 1 : 0;
  }
}

using Accessor = std::int64_t (*)(const TcpInfoSource&);
struct Field {
  std::string_view name;
  Accessor get;  // nullptr: not modelled yet
};

// Linux's struct tcp_info, in its order, as packetdrill passes it to scripts.
// A field gets an accessor when ConnectionStatus (or the socket layer's
// counters) holds its data; the congestion fields wait for the congestion
// controller's numbers in ConnectionStatus.
constexpr std::array kFields = {
    Field{"tcpi_state", [](const TcpInfoSource& s) { return linux_state_number(s.status.state); }},
    Field{"tcpi_ca_state", ca_state},
    Field{"tcpi_retransmits", [](const TcpInfoSource& s) -> std::int64_t { return s.counters.rto_retransmits(); }},
    Field{"tcpi_probes", nullptr},
    Field{"tcpi_backoff", nullptr},
    Field{"tcpi_options", nullptr},
    Field{"tcpi_snd_wscale", nullptr},
    Field{"tcpi_rcv_wscale", nullptr},
    Field{"tcpi_delivery_rate_app_limited", nullptr},
    Field{"tcpi_rto", [](const TcpInfoSource& s) { return micros_of(s.status.rto); }},
    Field{"tcpi_ato", nullptr},
    Field{"tcpi_snd_mss", snd_mss},
    Field{"tcpi_rcv_mss", nullptr},
    Field{"tcpi_unacked", [](const TcpInfoSource& s) -> std::int64_t { return s.counters.unacked(); }},
    Field{"tcpi_sacked", [](const TcpInfoSource& s) -> std::int64_t { return s.status.sacked; }},
    Field{"tcpi_lost", [](const TcpInfoSource& s) -> std::int64_t { return s.status.lost; }},
    Field{"tcpi_retrans", [](const TcpInfoSource& s) -> std::int64_t { return s.counters.retrans_out(); }},
    Field{"tcpi_fackets", nullptr},
    Field{"tcpi_last_data_sent", nullptr},
    Field{"tcpi_last_ack_sent", nullptr},
    Field{"tcpi_last_data_recv", nullptr},
    Field{"tcpi_last_ack_recv", nullptr},
    Field{"tcpi_pmtu", nullptr},
    Field{"tcpi_rcv_ssthresh", nullptr},
    Field{"tcpi_rtt", rtt},
    Field{"tcpi_rttvar", rttvar},
    Field{"tcpi_snd_ssthresh", snd_ssthresh},
    Field{"tcpi_snd_cwnd", snd_cwnd},
    Field{"tcpi_advmss", nullptr},
    Field{"tcpi_reordering", nullptr},
    Field{"tcpi_rcv_rtt", nullptr},
    Field{"tcpi_rcv_space", nullptr},
    Field{"tcpi_total_retrans", [](const TcpInfoSource& s) -> std::int64_t { return s.counters.total_retrans(); }},
    Field{"tcpi_pacing_rate", nullptr},
    Field{"tcpi_max_pacing_rate", nullptr},
    Field{"tcpi_bytes_acked", nullptr},
    Field{"tcpi_bytes_received", nullptr},
    Field{"tcpi_segs_out", nullptr},
    Field{"tcpi_segs_in", nullptr},
    Field{"tcpi_notsent_bytes", nullptr},
    Field{"tcpi_min_rtt", nullptr},
    Field{"tcpi_data_segs_in", nullptr},
    Field{"tcpi_data_segs_out", nullptr},
    Field{"tcpi_delivery_rate", nullptr},
    Field{"tcpi_busy_time", nullptr},
    Field{"tcpi_rwnd_limited", nullptr},
    Field{"tcpi_sndbuf_limited", nullptr},
    Field{"tcpi_delivered", nullptr},
    Field{"tcpi_delivered_ce", nullptr},
    Field{"tcpi_bytes_sent", nullptr},
    Field{"tcpi_bytes_retrans", nullptr},
    Field{"tcpi_dsack_dups", nullptr},
    Field{"tcpi_reord_seen", nullptr},
    Field{"tcpi_rcv_ooopack", nullptr},
    Field{"tcpi_snd_wnd", [](const TcpInfoSource& s) -> std::int64_t { return s.status.snd_wnd; }},
    Field{"tcpi_rcv_wnd", [](const TcpInfoSource& s) -> std::int64_t { return s.status.rcv_wnd; }},
    Field{"tcpi_rehash", nullptr},
    Field{"tcpi_total_rto", nullptr},
    Field{"tcpi_total_rto_recoveries", nullptr},
    Field{"tcpi_total_rto_time", nullptr},
};

struct Constant {
  std::string_view name;
  std::int64_t value;
};
// include/net/tcp_states.h, include/uapi/linux/tcp.h (tcp_ca_state, TCPI_OPT_*).
constexpr std::array kConstants = {
    Constant{"TCP_ESTABLISHED", 1}, Constant{"TCP_SYN_SENT", 2},     Constant{"TCP_SYN_RECV", 3},
    Constant{"TCP_FIN_WAIT1", 4},   Constant{"TCP_FIN_WAIT2", 5},    Constant{"TCP_TIME_WAIT", 6},
    Constant{"TCP_CLOSE", 7},       Constant{"TCP_CLOSE_WAIT", 8},   Constant{"TCP_LAST_ACK", 9},
    Constant{"TCP_LISTEN", 10},     Constant{"TCP_CLOSING", 11},     Constant{"TCP_CA_Open", 0},
    Constant{"TCP_CA_Disorder", 1}, Constant{"TCP_CA_CWR", 2},       Constant{"TCP_CA_Recovery", 3},
    Constant{"TCP_CA_Loss", 4},     Constant{"TCPI_OPT_TIMESTAMPS", 1}, Constant{"TCPI_OPT_SACK", 2},
    Constant{"TCPI_OPT_WSCALE", 4}, Constant{"TCPI_OPT_ECN", 8},     Constant{"TCPI_OPT_ECN_SEEN", 16},
    Constant{"TCPI_OPT_SYN_DATA", 32}, Constant{"TCPI_OPT_USEC_TS", 64}, Constant{"TCPI_OPT_TFO_CHILD", 128},
};

}  // namespace

void TcpInfoCounters::on_event(const Event& e) {
  if (const auto* f = std::get_if<TimerFired>(&e); f && f->kind == TimerKind::Retransmit) timer_fired_ = true;
  const auto* sent = std::get_if<SegmentSent>(&e);
  if (!sent || sent->seg.len == 0) return;
  if (sent->retransmission) {
    retransmitted_.push_back(sent->seg.seq + sent->seg.len);
    ++total_retrans_;
    if (timer_fired_) ++rto_retransmits_;
    timer_fired_ = false;
    return;
  }
  outstanding_.push_back(sent->seg.seq + sent->seg.len);
}

void TcpInfoCounters::on_sent(const Segment& s) { timestamps_ = s.options.timestamps.has_value(); }

void TcpInfoCounters::on_status(const ConnectionStatus& st) {
  // Linux's tcp_ack clears icsk_retransmits when SND.UNA advances (measured:
  // 1 after a timeout, 0 after the ACK).
  if (snd_una_ && st.snd_una > *snd_una_) rto_retransmits_ = 0;
  snd_una_ = st.snd_una;
  std::erase_if(outstanding_, [&](SeqNum end) { return end <= st.snd_una; });
  std::erase_if(retransmitted_, [&](SeqNum end) { return end <= st.snd_una; });
}

TcpInfoValue tcp_info_field(const TcpInfoSource& src, std::string_view name) {
  for (const Field& f : kFields) {
    if (f.name != name) continue;
    if (!f.get) return {TcpInfoValue::Kind::NotModelled, 0};
    if (src.listening) {
      if (name == "tcpi_state") return {TcpInfoValue::Kind::Value, linux_state_number(State::Listen)};
      if (name == "tcpi_unacked") return {TcpInfoValue::Kind::Value, src.accept_queue};
      return {TcpInfoValue::Kind::Value, 0};
    }
    return {TcpInfoValue::Kind::Value, f.get(src)};
  }
  return {TcpInfoValue::Kind::NotAField, 0};
}

std::optional<std::int64_t> tcp_info_constant(std::string_view name) {
  for (const Constant& c : kConstants)
    if (c.name == name) return c.value;
  return std::nullopt;
}

std::int64_t linux_state_number(State s) {
  switch (s) {
    case State::Established: return 1;
    case State::SynSent: return 2;
    case State::SynReceived: return 3;
    case State::FinWait1: return 4;
    case State::FinWait2: return 5;
    case State::TimeWait: return 6;
    case State::Closed: return 7;
    case State::CloseWait: return 8;
    case State::LastAck: return 9;
    case State::Listen: return 10;
    case State::Closing: return 11;
  }
  return 7;
}

std::vector<std::string_view> tcp_info_fields_not_modelled() {
  std::vector<std::string_view> out;
  for (const Field& f : kFields)
    if (!f.get) out.push_back(f.name);
  return out;
}

}  // namespace tcplab::drill
