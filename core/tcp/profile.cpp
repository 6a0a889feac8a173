#include "core/tcp/profile.h"

namespace tcplab {

using std::chrono::hours;
using std::chrono::milliseconds;
using std::chrono::minutes;
using std::chrono::seconds;

// The textbook profile: the numbers RFC 9293, RFC 6298 and RFC 1122 name.
Profile Profile::rfc9293() {
  Profile p;
  p.name = "RFC 9293";
  // RFC 9293 §3.4.1 / §3.10.8: MSL is 2 minutes, TIME-WAIT lasts 2*MSL.
  p.msl = minutes(2);
  p.time_wait = 2 * p.msl;
  // RFC 6298 §2.1 (initial 1 s), §2.4 (minimum 1 s), §2.5 (a maximum of at
  // least 60 s may be placed); 1 ms is the clock the TSval also uses.
  p.initial_rto = seconds(1);
  p.min_rto = seconds(1);
  p.max_rto = seconds(60);
  p.clock_granularity = milliseconds(1);
  // RFC 1122 §4.2.3.5: R2 for a SYN must be at least 3 minutes. With RTOs of
  // 1, 2, 4, 8, 16, 32, 60, 60 s the 7th retransmission's timeout expires at
  // 183 s, so 7 retries is the smallest count that keeps a SYN (or SYN,ACK)
  // alive that long.
  p.syn_retries = 7;
  p.synack_retries = 7;
  // RFC 1122 §4.2.3.5: R2 for data must correspond to at least 100 s. Even at
  // the 1 s minimum RTO, 6 retries take 1+2+4+8+16+32+60 = 123 s.
  p.data_retries = 6;
  // RFC 9293 §3.7.1: send the MSS option; no extensions in the textbook profile.
  p.mss = 1460;
  p.send_mss_option = true;
  p.send_window_scale = false;
  p.window_scale = 0;
  p.send_sack_permitted = false;
  p.send_timestamps = false;
  p.dsack = false;
  p.receive_buffer = 65535;
  p.send_buffer = 65535;
  // RFC 1122 §4.2.3.2: the delay must be under 0.5 s; 200 ms is customary.
  p.delayed_ack = true;
  p.delayed_ack_timeout = milliseconds(200);
  p.quick_acks = 0;
  // RFC 9293 §3.8.3 suggests a 5 minute user timeout.
  p.user_timeout = minutes(5);
  // RFC 1122 §4.2.2.17: probe a zero window with exponential backoff.
  p.persist_min = seconds(1);
  p.persist_max = seconds(60);
  p.zero_window_probe_una_minus_one = false;
  p.window_update_when_doubled = false;
  // RFC 1122 §4.2.3.6: keep-alives default to off; the idle interval must
  // be configurable and default to no less than two hours.
  p.keepalive = false;
  p.keepalive_idle = hours(2);
  p.keepalive_interval = seconds(75);
  p.keepalive_probes = 9;
  // RFC 5961 §7 leaves the limit to the implementation.
  p.challenge_ack_limit = 10;
  // A retransmission sets PSH only when it empties the send buffer.
  p.retransmit_keeps_psh = false;
  // RFC 9293 §3.10.5: ABORT sends <SEQ=SND.NXT><CTL=RST>.
  p.rst_carries_ack = false;
  // RFC 9293 §3.7.4 (SHLD-7): a TCP SHOULD implement the Nagle algorithm.
  p.nodelay = false;
  p.nagle_minshall = false;
  // RFC 1122 §4.2.2.15 requires RFC 5681's algorithms; the textbook runs
  // NewReno (RFC 6582) with RFC 5681's initial window and growth, limited
  // transmit (RFC 3042) and restart after idle (§4.1).
  p.congestion = CongestionSettings{
      .algorithm = CongestionAlgorithm::NewReno,
      .initial_window = 0,
      .slow_start_limit = 1,
      .byte_counting = false,
      .limited_transmit = true,
      .restart_after_idle = true,
      .syn_losses_for_one_segment = 1,
  };
  p.rack = false;
  p.tail_loss_probe = false;
  return p;
}

// Linux's defaults (net.ipv4.tcp_* sysctls of a 6.x kernel).
Profile Profile::linux_like() {
  Profile p = rfc9293();
  p.name = "Linux";
  // TCP_TIMEWAIT_LEN is a fixed 60 s; Linux's MSL is implied as 30 s.
  p.msl = seconds(30);
  p.time_wait = seconds(60);
  // TCP_TIMEOUT_INIT 1 s, TCP_RTO_MIN 200 ms, TCP_RTO_MAX 120 s.
  p.initial_rto = seconds(1);
  p.min_rto = milliseconds(200);
  p.max_rto = seconds(120);
  p.clock_granularity = milliseconds(1);
  // tcp_syn_retries 6 (gives up after 127 s), tcp_synack_retries 5,
  // tcp_retries2 15.
  p.syn_retries = 6;
  p.synack_retries = 5;
  p.data_retries = 15;
  p.mss = 1460;
  p.send_mss_option = true;
  p.send_window_scale = true;
  p.window_scale = 7;
  p.send_sack_permitted = true;
  p.send_timestamps = true;
  p.dsack = true;
  p.receive_buffer = 65535;
  p.send_buffer = 65535;
  // TCP_DELACK_MIN is 40 ms.
  p.delayed_ack = true;
  p.delayed_ack_timeout = milliseconds(40);
  // tcp_event_data_recv: the first data starts quick-ack mode with
  // tcp_incr_quickack(TCP_MAX_QUICKACKS = 16).
  p.quick_acks = 16;
  // TCP_USER_TIMEOUT defaults to 0: only the retry counts apply.
  p.user_timeout = Duration::zero();
  p.persist_min = milliseconds(200);
  p.persist_max = seconds(120);
  p.zero_window_probe_una_minus_one = true;
  p.window_update_when_doubled = true;
  // tcp_keepalive_time 7200 s, tcp_keepalive_intvl 75 s, tcp_keepalive_probes 9.
  p.keepalive = false;
  p.keepalive_idle = hours(2);
  p.keepalive_interval = seconds(75);
  p.keepalive_probes = 9;
  // tcp_challenge_ack_limit 1000 (per second).
  p.challenge_ack_limit = 1000;
  // The retransmitted skb keeps its TCP_SKB_CB(skb)->tcp_flags, PSH included.
  p.retransmit_keeps_psh = true;
  // tcp_send_active_reset: <SEQ=SND.NXT><ACK=RCV.NXT><CTL=RST,ACK>.
  p.rst_carries_ack = true;
  // tcp_nagle_check: Nagle on (no TCP_NODELAY), Minshall's variant, FIN exempt.
  p.nodelay = false;
  p.nagle_minshall = true;
  // tcp_congestion_control cubic, TCP_INIT_CWND 10 (RFC 6928); cwnd is
  // counted in segments, every acknowledged one in slow start and
  // snd_cwnd_cnt in avoidance (byte counting); tcp_slow_start_after_idle 1;
  // tcp_init_transfer keeps the 10 segments unless the SYN was resent twice.
  // With SACK, recovery is RFC 6675's with PRR (tcp_cwnd_reduction, RFC 6937).
  p.congestion = CongestionSettings{
      .algorithm = CongestionAlgorithm::Cubic,
      .initial_window = 10,
      .slow_start_limit = 0,
      .byte_counting = true,
      .limited_transmit = true,
      .restart_after_idle = true,
      .syn_losses_for_one_segment = 2,
      .prr = true,
  };
  p.rack = true;
  p.tail_loss_probe = true;
  p.tlp_extra = std::chrono::milliseconds(8);
  return p;
}

}  // namespace tcplab
