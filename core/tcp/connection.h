// One TCP connection (one TCB), as a pure state machine (RFC 9293 §3.10).
//
// The sans-IO contract. A Connection never reads a clock, never touches a
// socket and never calls back into its driver: everything it learns comes in
// through a call, everything it wants done goes out through a value the
// driver pulls. Its methods are of four kinds:
//
//   1. Getters (const): state(), status(), timers(), profile(). They change
//      nothing and may be called at any time.
//   2. User calls, RFC 9293 §3.9.1: open_passive, open_active, send,
//      receive, close, abort. Each returns what the call did at once (Ok,
//      the octets taken or read, or the RFC's error for it); what follows
//      from it (segments, a state change, a timer) waits in the outputs.
//   3. Inputs from the network and from time: on_segment() for a segment
//      that arrived for this connection, on_timeout() when the clock has
//      reached next_deadline(). Neither returns anything.
//   4. Outputs, pulled: poll_transmit() for the next segment to put on the
//      wire (a Transmit: the segment, the Rule that produced it, whether it
//      is a retransmission), next_deadline() for when on_timeout() is due,
//      poll_event() for what happened and why (state changes, timers armed
//      and stopped, segments accepted or rejected, data delivered, errors).
//
// A driver calls (2) and (3) as their causes come, and after each one pulls
// the outputs (they wait, in order, until it does; the unit tests let a few
// inputs pass first):
//
//   while (auto e = c.poll_event()) ...     what the input did, in order
//   while (auto t = c.poll_transmit(now)) ... onto the wire
//   deadline = c.next_deadline();           (re)arm the driver's one timer
//
// The connection itself needs no order among the outputs; the lab's World
// (core/sim/world_net.cpp) uses this one so its trace reads cause before
// effect. poll_transmit() also queues a SegmentSent event for each segment
// it returns, for drivers that only read events (the unit tests); a driver
// that keeps the Transmit may pass over those.
//
// Every input (and poll_transmit) carries `now`, and `now` never goes
// backwards: a call with an earlier `now` than the one before it is a bug in
// the driver, asserted in debug builds. Time only moves through these arguments, so the same inputs
// at the same times give the same outputs, on every platform.
//
// A Connection is a value: copy it to snapshot it (the World's rewind does).
#pragma once
#include <cstddef>
#include <cstdint>
#include <deque>
#include <optional>
#include <span>
#include <vector>

#include "core/tcp/byte_queue.h"
#include "core/tcp/events.h"
#include "core/tcp/isn.h"
#include "core/tcp/profile.h"
#include "core/tcp/rack.h"
#include "core/tcp/reassembly.h"
#include "core/base/result.h"
#include "core/tcp/rto.h"
#include "core/tcp/sack_scoreboard.h"
#include "core/wire/segment.h"
#include "core/tcp/state.h"
#include "core/base/time.h"
#include "core/tcp/timers.h"
#include "core/tcp/user_error.h"

namespace tcplab {

// RFC 9293 §3.10.6 STATUS, plus what the lab shows beside the FSM.
struct ConnectionStatus {
  State state;
  Endpoint local, remote;
  SeqNum iss, snd_una, snd_nxt;
  std::uint32_t snd_wnd;  // scaled
  SeqNum irs, rcv_nxt;
  std::uint32_t rcv_wnd;
  std::size_t send_queued;     // octets SEND accepted, not yet acknowledged
  std::size_t receive_queued;  // octets waiting for RECEIVE
  std::size_t out_of_order;    // octets held for reassembly
  Duration rto;
  std::optional<Duration> srtt, rttvar;
  std::uint16_t send_mss;
  bool passive_open;
  // Congestion control (RFC 5681), with what Linux's tcp_info shows beside it.
  CongestionAlgorithm congestion_algorithm;
  CongestionPhase congestion_phase;
  std::uint32_t cwnd;          // octets; 0 until the connection is synchronized
  std::uint32_t ssthresh;      // octets; kInfiniteSsthresh before the first congestion event
  std::uint32_t flight_size;   // octets counted against cwnd (CongestionChanged::flight_size)
  std::uint32_t dup_acks;      // duplicate ACKs in a row
  std::uint32_t retransmits;   // timeouts of the oldest segment in a row (tcpi_retransmits)
  std::uint32_t total_retransmits;  // segments retransmitted so far (tcpi_total_retrans)
  std::uint32_t lost;          // segments the sender holds lost (tcpi_lost)
  std::uint32_t sacked;        // segments reported received beyond a hole: with no SACK
                               // scoreboard, the duplicate ACKs of a recovery, as Linux counts them
};

// A segment to put on the wire, with why it was sent: poll_transmit()'s answer.
struct Transmit {
  Segment seg;
  Rule why;             // the rule that produced it (rules.h)
  bool retransmission;  // it repeats octets, a SYN or a FIN sent before
};

class Connection {
 public:
  Connection(Profile profile, Endpoint local, IsnGenerator isn = IsnGenerator{});

  // --- user calls, RFC 9293 §3.9.1 / §3.10 ---
  // Passive OPEN; `remote` narrows which peer may connect (unspecified: any).
  Result<Ok, UserError> open_passive(Instant now, std::optional<Endpoint> remote = std::nullopt);
  Result<Ok, UserError> open_active(Endpoint remote, Instant now);
  // Queues data; returns how many octets were accepted (the send buffer may be full).
  Result<std::size_t, UserError> send(std::span<const std::uint8_t> data, Instant now, bool push = true);
  // Takes up to `max` delivered octets (RECEIVE). Empty vector: nothing yet.
  Result<std::vector<std::uint8_t>, UserError> receive(std::size_t max, Instant now);
  Result<Ok, UserError> close(Instant now);
  Result<Ok, UserError> abort(Instant now);
  // TCP_NODELAY (RFC 1122 §4.2.3.4: the user may turn Nagle off for a
  // connection); turning it on sends what Nagle held, as Linux does.
  void set_nodelay(bool on, Instant now);
  ConnectionStatus status() const;

  // --- the network and time ---
  void on_segment(const Segment& seg, Instant now);
  void on_timeout(Instant now);

  // --- outputs ---
  std::optional<Transmit> poll_transmit(Instant now);
  std::optional<Instant> next_deadline() const;
  std::optional<Event> poll_event();

  State state() const { return state_; }
  const TimerTable& timers() const { return timers_; }
  const Profile& profile() const { return profile_; }

 private:
  // Every entry point takes its `now` through here: the clock never goes back.
  void set_now(Instant now);

  // Every change of state_ goes through transition_to(); it also does what
  // entering the state implies (TIME-WAIT's timer, deleting the TCB on CLOSED).
  void transition_to(State to, Rule cause);
  void emit(Event e) { events_.push_back(std::move(e)); }

  // --- timers (connection.cpp) ---
  void arm_timer(TimerKind k, Duration d, std::uint32_t backoff = 0);
  void stop_timer(TimerKind k);
  void stop_all_timers();

  // --- life cycle (connection.cpp) ---
  void begin_active_open(Endpoint remote, Rule why);
  void delete_tcb();
  void fresh_tcb();
  void return_to_listen(Rule cause);
  void fail(Rule cause, std::optional<UserError> error);
  void learn_peer_options(const Segment& syn);
  void on_synchronized(Rule cause);  // SYN-SENT/SYN-RECEIVED -> ESTABLISHED
  std::uint32_t free_receive_space() const;

  // --- SEGMENT ARRIVES (connection_input.cpp) ---
  void on_segment_listen(const Segment& seg);
  void on_segment_syn_sent(const Segment& seg);
  void on_segment_other(const Segment& seg);
  // its steps, in order
  bool answered_before_window(const Segment& seg);
  void reject_unacceptable(const Segment& seg);
  void note_duplicate(SeqNum seq, std::size_t len);
  void on_rst(const Segment& seg);
  void on_syn_in_window(const Segment& seg);
  bool accept_ack(const Segment& seg);
  void on_ack(const Segment& seg);
  void receive_text_and_fin(const Segment& seg);
  bool acceptable(const Segment& seg) const;
  void update_send_window(const Segment& seg);
  void process_text(const Segment& seg, SeqNum data_seq);
  void process_fin();
  void challenge_ack(const Segment& seg, Rule why);
  void accept(const Segment& seg);
  void reject(const Segment& seg, Rule why);
  bool matches_tuple(const Segment& seg) const;

  // --- output (connection_output.cpp) ---
  Segment make_segment(Flags flags, SeqNum seq) const;
  void queue(Segment seg, Rule why, bool retransmission = false);
  void queue_syn(Rule why, bool retransmission);
  void queue_rst_reply(const Segment& incoming, Rule why);
  void request_ack(Rule why);
  void flush();
  void send_new_data(bool override_sws = false);
  void send_segment(std::size_t n, bool fin, Rule why);
  bool nagle_holds(std::size_t n, bool fin) const;
  void retransmit_oldest(Rule why = Rule::RetransmitTimeout);
  void on_retransmit_timeout();
  void on_persist_timeout();
  Duration persist_interval(std::uint32_t backoff) const;
  void rearm_zero_window_probe();
  void on_keepalive_timeout();
  void on_ack_advanced(const Segment& ack);
  SeqNum retransmit_from(SeqNum from, Rule why, std::uint32_t max_len = 0xFFFFFFFFu);

  // --- congestion control (connection_congestion.cpp) ---
  void start_congestion_control();
  void emit_congestion(Rule why);
  void apply_congestion(const CongestionDecision& d);
  bool is_duplicate_ack(const Segment& seg) const;
  void congestion_on_ack(const Segment& seg, SeqNum old_una, bool duplicate);
  void congestion_on_timeout(SeqNum resent_end);
  void restart_after_idle();
  void resend_lost();
  bool sack_recovery() const;
  void sack_on_ack(std::uint32_t delivered);
  void start_sack_recovery();
  void resend_sack_holes();
  bool resend_in_recovery(SeqNum from, SeqNum end, Rule why);
  bool recovery_resend_waiting() const;
  std::uint32_t sack_pipe() const;
  std::uint32_t lost_segments() const;
  std::uint32_t lost_octets() const;
  std::uint32_t pipe() const;
  std::uint32_t cwnd_room() const;
  void note_sent(SeqNum start, SeqNum end, bool retransmission);
  void take_rtt_sample(Duration rtt);

  // --- RACK-TLP, RFC 8985 (connection_rack.cpp) ---
  bool rack_on() const;
  bool tlp_on() const;
  bool rack_tracking() const;
  bool is_lost(SeqNum s) const;
  void rack_on_ack(const Segment& seg, bool dsack);
  void rack_detect_loss();
  void on_rack_reorder_timeout();
  void resend_rack_lost();
  void schedule_loss_probe();
  void on_loss_probe_timeout();
  void send_probe_new_data();
  bool tlp_dsack(const Segment& seg) const;
  void tlp_on_ack(const Segment& seg, SeqNum old_una, bool sacked_new);
  void rack_on_timeout();
  std::uint32_t effective_send_mss() const;
  std::uint32_t data_mss() const;  // effective_send_mss less the SACK option a segment carries now
  std::uint16_t window_field(bool syn) const;
  SeqNum fin_seq() const;
  bool fin_sent() const;
  bool fin_acked() const;
  std::size_t unsent_bytes() const;
  bool may_send_data() const;

  Profile profile_;
  Endpoint local_;
  Endpoint remote_{};
  IsnGenerator isn_gen_;
  State state_ = State::Closed;
  TimerTable timers_{};
  std::deque<Event> events_{};
  Instant now_{};  // the `now` of the input being processed

  // Send sequence variables (RFC 9293 §3.3.1).
  SeqNum iss_{}, snd_una_{}, snd_nxt_{};
  std::uint32_t snd_wnd_ = 0;
  SeqNum snd_wl1_{}, snd_wl2_{};
  // Receive sequence variables.
  SeqNum irs_{}, rcv_nxt_{};
  std::uint32_t rcv_wnd_ = 0;

  // How the connection was opened and what the user must be told.
  bool passive_open_ = false;
  std::optional<Endpoint> listen_remote_{};  // passive OPEN's foreign socket filter
  std::optional<UserError> last_error_{};     // reported by calls once signalled

  // Options learnt from the SYNs (RFC 9293 §3.7.1, RFC 7323, RFC 2018).
  std::uint16_t send_mss_ = 536;
  std::optional<std::uint8_t> peer_window_scale_{};
  bool peer_sack_permitted_ = false;
  bool peer_timestamps_ = false;
  std::uint8_t snd_wscale_ = 0;  // applied to windows the peer sends
  std::uint8_t rcv_wscale_ = 0;  // applied to windows we send
  bool sack_ok_ = false;
  bool ts_ok_ = false;
  std::uint32_t ts_recent_ = 0;
  std::uint32_t max_snd_wnd_ = 0;  // RFC 5961 §5.2 MAX.SND.WND

  // Send side: send_buf_[0] is the octet at send_base_; FIN follows the last.
  ByteQueue send_buf_{};
  SeqNum send_base_{};
  SeqNum push_upto_{};
  bool push_pending_ = false;
  std::deque<SeqNum> psh_ends_{};  // ends of segments sent with PSH, not yet acknowledged
  std::optional<SeqNum> snd_sml_{};  // end of the last small segment sent (Linux's Minshall check)
  bool nagle_held_ = false;   // Nagle is holding data back (names the segment that releases it)
  bool fin_queued_ = false;     // CLOSE issued
  bool close_pending_ = false;  // CLOSE in SYN-RECEIVED with data queued
  RtoEstimator rto_;
  std::uint32_t retries_ = 0;   // consecutive timeouts of the oldest segment
  bool syn_retransmitted_ = false;
  std::uint32_t syn_retransmits_ = 0;  // RFC 5681 §3.1: decides the initial window
  std::optional<SeqNum> rtt_seq_{};  // Karn: timing this sequence number's ACK
  Instant rtt_start_{};
  std::optional<SeqNum> probe_end_{};  // zero-window probe outstanding
  bool sws_override_ = false;  // the window opened during Linux's probing: send what fits
  std::uint32_t keepalive_sent_ = 0;

  // Congestion control and loss recovery.
  CongestionControl cc_;
  // After a timeout (or Tahoe's fast retransmit) the octets in
  // [retx_next_, retx_end_) count as lost and are resent as cwnd allows.
  SeqNum retx_next_{}, retx_end_{};
  std::optional<Instant> last_data_sent_{};  // RFC 5681 §4.1 idle test
  std::uint32_t total_retransmits_ = 0;
  // RFC 6675 when SACK was negotiated: what the peer SACKed, and HighRxt
  // (one past the highest octet resent in this recovery).
  SackScoreboard scoreboard_{};
  SeqNum high_rxt_{};
  // RFC 8985: RACK's per-segment send times and state, the TLP episode.
  Rack rack_{};
  TlpState tlp_{};

  // Receive side.
  ByteQueue rcv_buf_{};
  ReassemblyBuffer reassembly_{};
  std::optional<SeqNum> rcv_fin_seq_{};  // FIN seen, maybe ahead of a gap
  bool fin_received_ = false;
  bool ack_pending_ = false;
  Rule ack_rule_ = Rule::AckNow;
  std::uint32_t unacked_bytes_ = 0;  // delayed ACK: octets received since the last ACK
  std::optional<std::uint32_t> quick_acks_left_{};  // Linux quick-ack mode, set by the first data
  SeqNum last_out_of_order_{};       // RFC 2018 §4: the first SACK block reports it
  std::optional<SackBlock> dsack_{};  // RFC 2883: duplicate octets the next ACK reports

  // RFC 5961 §7 challenge ACK budget for the current one-second window.
  Instant challenge_window_start_{};
  int challenge_count_ = 0;

  std::deque<Transmit> tx_{};  // waiting for poll_transmit
};

// RFC 9293 §3.10.7.1: the reply to a segment that arrives where no
// connection exists (RST, or nothing when the segment carries RST itself).
std::optional<Segment> reset_for_closed(const Segment& incoming);

}  // namespace tcplab
