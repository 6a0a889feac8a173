// The knobs that differ between the textbook and a real stack.
#pragma once
#include <cstdint>
#include <string>

#include "core/base/time.h"
#include "core/tcp/congestion.h"

namespace tcplab {

struct Profile {
  std::string name;

  // Maximum segment lifetime; TIME-WAIT lasts time_wait (2*MSL for the RFC profile).
  Duration msl;
  Duration time_wait;

  // RFC 6298 retransmission timer.
  Duration initial_rto;
  Duration min_rto;
  Duration max_rto;
  Duration clock_granularity;

  // Retransmissions before giving up (RFC 1122 §4.2.3.5 R2 expressed as counts).
  int syn_retries;      // of our SYN in SYN-SENT
  int synack_retries;   // of our SYN,ACK in SYN-RECEIVED
  int data_retries;     // of data/FIN once synchronized

  // Options sent in SYN and SYN,ACK.
  std::uint16_t mss;           // our receive MSS; also the segment size we assume when the peer sends none: 536
  bool send_mss_option;
  bool send_window_scale;
  std::uint8_t window_scale;   // shift we offer
  bool send_sack_permitted;
  bool send_timestamps;
  // RFC 2883 D-SACK (Linux tcp_dsack): when SACK was negotiated, the ACK of
  // a duplicate segment reports the duplicate octets in its first block.
  bool dsack;

  std::uint32_t receive_buffer;  // octets; the window we offer
  std::uint32_t send_buffer;     // octets SEND may queue

  bool delayed_ack;
  Duration delayed_ack_timeout;
  // Linux's quick-ack mode: the first data segments of a connection are
  // acknowledged at once, up to this many (TCP_MAX_QUICKACKS, and no more
  // than the receive window holds twice over); 0 is RFC 1122's plain delay.
  std::uint32_t quick_acks;

  Duration user_timeout;       // RFC 9293 §3.10.8; 0 disables
  Duration persist_min;
  Duration persist_max;
  // Linux's zero-window probe (tcp_probe0, tcp_xmit_probe_skb): a bare ACK
  // <SEQ=SND.UNA-1> after the RTO, then RTO << backoff (at most max_rto),
  // re-armed by every ACK that leaves the window shut (tcp_ack_probe). Off:
  // one octet of new data after persist_min, doubling to persist_max.
  // Both are RFC 1122 §4.2.2.17 probes the peer must answer.
  bool zero_window_probe_una_minus_one;
  // Linux's rule for a window update after a read (tcp_cleanup_rbuf): the
  // ACK goes at once only when the window it can offer is at least twice
  // the one the peer still has and that one is at most half the buffer;
  // otherwise the opened window rides on the next ACK. Off: RFC 9293
  // §3.8.6.2.2's receiver SWS rule announces every opening of
  // min(buffer/2, MSS) at once.
  bool window_update_when_doubled;

  bool keepalive;
  Duration keepalive_idle;
  Duration keepalive_interval;
  int keepalive_probes;

  // RFC 5961 §7: challenge ACKs allowed per second.
  int challenge_ack_limit;

  // A retransmission carries PSH when the octets it resends include a point
  // that was pushed when first sent (RFC 9293 §3.9.1.2), as Linux resends a
  // segment with the flags it was queued with. Off: PSH only when the
  // retransmission reaches the end of the send buffer.
  bool retransmit_keeps_psh;

  // ABORT in a synchronized state (RFC 9293 §3.10.5) sends
  // <SEQ=SND.NXT><ACK=RCV.NXT><CTL=RST,ACK>, as Linux's tcp_send_active_reset
  // does; off: §3.10.5's bare <SEQ=SND.NXT><CTL=RST>. Only the RST of ABORT
  // (and what uses it: close with unread data, SO_LINGER 0, a closed
  // listener's queue); replies to segments follow §3.10.7.1 either way.
  bool rst_carries_ack;

  // Nagle's algorithm (RFC 9293 §3.7.4, RFC 1122 §4.2.3.4): while sent data
  // is unacknowledged, a segment smaller than SMSS waits until the ACK comes
  // or a full segment can go. On unless nodelay (the socket's TCP_NODELAY;
  // Connection::set_nodelay changes it for one connection).
  bool nodelay;
  // Linux's variant (Minshall's, tcp_minshall_check): the small segment
  // waits only while an earlier small segment is unacknowledged, and a
  // segment carrying FIN never waits. Off: RFC 1122's rule, any
  // unacknowledged data holds it.
  bool nagle_minshall;

  // Congestion control and loss recovery: the algorithm, the initial
  // window, byte counting, limited transmit, restart after idle.
  CongestionSettings congestion;

  // Loss detection a host is configured for; Linux's sysctls map here
  // (core/drill/shell_settings.cpp). Both need SACK (core/tcp/rack.h);
  // without them losses are found by duplicate ACKs (RFC 6675's DupThresh
  // with SACK) and the retransmission timer.
  // tcp_recovery bit 0x1: RACK loss detection (RFC 8985 §6).
  bool rack;
  // tcp_early_retrans 3 or 4: tail loss probes (RFC 8985 §7); 0 to 2: none.
  bool tail_loss_probe;
  // Added to 2·SRTT when more than one segment is in flight. Linux
  // (tcp_schedule_loss_probe) adds TCP_TIMEOUT_MIN, two jiffies: 8 ms at
  // HZ=250 (Debian's kernels and the one the scripts were checked on).
  // Without it a LAN's sub-millisecond SRTT fires probes ahead of ACKs
  // a receiver merely delayed.
  Duration tlp_extra{};

  // Textbook defaults: MSL 2 minutes (the lab scales time), RFC 6298's 1 s
  // minimum RTO, only the MSS option.
  static Profile rfc9293();
  // Linux's defaults: TIME-WAIT 60 s, RTO min 200 ms, 6 SYN / 5 SYN-ACK
  // retries, MSS + SACK-permitted + timestamps + window scale in the SYN.
  static Profile linux_like();
};

}  // namespace tcplab
