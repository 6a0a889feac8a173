// The sender's congestion control and loss recovery (RFC 5681, RFC 6582,
// RFC 3042, RFC 9438), as a value the Connection owns and feeds from its
// ACK processing and retransmission timer.
//
// The controller decides; the Connection acts. Every call that changes
// cwnd, ssthresh or the phase returns the Rule behind the change, which the
// Connection puts out as a CongestionChanged event; calls that need a
// segment resent say so in their result. Windows are in octets, SMSS is the
// largest data the sender puts in one segment (options taken off).
#pragma once
#include <cstdint>
#include <optional>
#include <string_view>

#include "core/base/time.h"
#include "core/tcp/cubic.h"
#include "core/tcp/rules.h"
#include "core/wire/seqnum.h"

namespace tcplab {

// The algorithms a teacher can choose per host.
enum class CongestionAlgorithm : std::uint8_t {
  Tahoe,    // slow start, congestion avoidance, fast retransmit; no fast recovery
  Reno,     // + fast recovery (RFC 5681 §3.2), left at the first new ACK
  NewReno,  // + partial ACKs keep recovery going (RFC 6582)
  Cubic,    // RFC 9438 window growth, NewReno recovery
};
std::string_view algorithm_id(CongestionAlgorithm a);  // "tahoe", "reno", "newreno", "cubic"
std::optional<CongestionAlgorithm> parse_algorithm(std::string_view id);

enum class CongestionPhase : std::uint8_t {
  SlowStart,            // cwnd < ssthresh
  CongestionAvoidance,  // cwnd >= ssthresh
  FastRecovery,         // after a fast retransmit, until the ACK of `recover`
  LossRecovery,         // after a retransmission timeout, until the ACK of `recover`
};
std::string_view phase_id(CongestionPhase p);  // "slow-start", "congestion-avoidance", ...

// ssthresh before the first congestion event: "arbitrarily high" (RFC 5681 §3.1).
inline constexpr std::uint32_t kInfiniteSsthresh = 0xFFFFFFFFu;

// The profile's choices (Profile::congestion).
struct CongestionSettings {
  CongestionAlgorithm algorithm = CongestionAlgorithm::NewReno;
  // Initial window in segments; 0 is RFC 5681 §3.1's rule (2, 3 or 4
  // segments by SMSS). Linux: 10 (RFC 6928).
  std::uint32_t initial_window = 0;
  // Slow start grows cwnd per ACK by at most this many SMSS of the octets it
  // acknowledges: 1 is RFC 5681 §3.1 (min(N, SMSS)), 2 is RFC 3465 §2.2's
  // L = 2*SMSS, 0 no limit (Linux counts every acknowledged segment).
  std::uint32_t slow_start_limit = 1;
  // Congestion avoidance by appropriate byte counting (RFC 3465 §2.1, as
  // Linux counts acknowledged segments) instead of RFC 5681's SMSS*SMSS/cwnd.
  bool byte_counting = false;
  bool limited_transmit = true;        // RFC 3042
  bool restart_after_idle = true;      // RFC 5681 §4.1
  // Retransmissions of the SYN after which the first window is one segment:
  // RFC 5681 §3.1 says after one; Linux waits for a second (tcp_init_transfer).
  std::uint32_t syn_losses_for_one_segment = 1;
  // RFC 6937 proportional rate reduction in SACK recovery (Linux's
  // tcp_cwnd_reduction); off: RFC 6675's cwnd = ssthresh throughout.
  bool prr = false;
  bool operator==(const CongestionSettings&) const = default;
};

// What the sender must do besides updating the window.
struct CongestionDecision {
  std::optional<Rule> rule;       // set when cwnd, ssthresh or the phase changed
  bool retransmit_head = false;   // resend the segment at SND.UNA now
  bool declare_lost = false;      // everything in flight beyond it is to be resent (go-back-N)
};

class CongestionControl {
 public:
  explicit CongestionControl(CongestionSettings s = {}) : settings_(s) {}

  // The connection is synchronized and SMSS known: the initial window.
  Rule start(std::uint32_t smss, std::uint32_t syn_retransmissions);

  // A cumulative ACK moved SND.UNA from `old_una` to `ack`, acknowledging
  // `acked` octets of data. `srtt` feeds CUBIC's W_cubic(t + RTT).
  CongestionDecision on_new_ack(SeqNum ack, std::uint32_t acked, Instant now,
                                std::optional<Duration> srtt);
  // A duplicate ACK (RFC 5681 §2); `flight` is SND.NXT - SND.UNA.
  CongestionDecision on_duplicate_ack(SeqNum ack, SeqNum snd_nxt, std::uint32_t flight);
  // The retransmission timer fired for data; `first` when the segment had
  // not timed out before (RFC 5681 §3.1: ssthresh is set only then).
  Rule on_timeout(SeqNum snd_nxt, std::uint32_t flight, bool first);
  // Nothing sent for more than an RTO (RFC 5681 §4.1); nullopt when the
  // window needs no restart.
  std::optional<Rule> on_idle();
  // SACK was negotiated: recovery follows RFC 6675 (no cwnd inflation; the
  // connection resends holes by its scoreboard), with PRR if the settings say.
  void use_sack(bool on) { sack_ = on; }
  bool sack() const { return sack_; }
  // RACK-TLP runs (RFC 8985): losses are what RACK marks, so DupThresh
  // duplicate ACKs alone no longer start recovery (Linux's
  // tcp_time_to_recover with RACK).
  void use_rack(bool on) { rack_ = on; }
  // RFC 8985 §7.4: a tail loss probe's retransmission repaired a loss:
  // ssthresh as for a congestion event, cwnd = ssthresh (Linux: CWR state,
  // reduced at once).
  Rule on_tlp_loss();
  // The scoreboard marks SND.UNA lost before DupThresh duplicate ACKs came
  // (RFC 6675 §5: "or IsLost(HighACK + 1)").
  CongestionDecision on_sack_loss(SeqNum snd_nxt, std::uint32_t flight);
  // RFC 6937 §3 on an ACK in SACK recovery: `delivered` octets reached the
  // receiver (SND.UNA's advance plus newly SACKed), `pipe` as RFC 6675 counts it.
  std::optional<Rule> on_recovery_delivery(std::uint32_t delivered, std::uint32_t pipe);
  // Octets sent (new or resent) during SACK recovery: PRR's prr_out.
  void note_recovery_sent(std::uint32_t octets) {
    if (phase_ == CongestionPhase::FastRecovery) prr_out_ += octets;
  }
  // Octets sent by limited transmit, which ssthresh must not count (RFC 5681 §3.2 step 2).
  void note_limited_transmit(std::uint32_t octets) { limited_transmit_octets_ += octets; }

  // How far beyond cwnd limited transmit lets new data go now (RFC 3042).
  std::uint32_t allowance() const;

  std::uint32_t cwnd() const { return cwnd_; }
  std::uint32_t ssthresh() const { return ssthresh_; }
  std::uint32_t smss() const { return smss_; }
  CongestionPhase phase() const { return phase_; }
  std::uint32_t dup_acks() const { return dup_acks_; }
  std::optional<SeqNum> recover() const { return recover_; }
  const CongestionSettings& settings() const { return settings_; }
  std::uint32_t initial_window() const;
  bool operator==(const CongestionControl&) const = default;

 private:
  std::uint32_t reduced_ssthresh(std::uint32_t flight);
  Rule grow(std::uint32_t acked, Instant now, std::optional<Duration> srtt);
  Rule grow_cubic(std::uint32_t acked, Instant now, std::optional<Duration> srtt);
  CongestionDecision on_recovery_ack(SeqNum ack, std::uint32_t acked);
  CongestionDecision enter_recovery(SeqNum snd_nxt, std::uint32_t flight);
  void settle_phase();
  bool guarded() const { return settings_.algorithm != CongestionAlgorithm::Reno; }

  CongestionSettings settings_;
  std::uint32_t smss_ = 536;
  std::uint32_t cwnd_ = 0;
  std::uint32_t ssthresh_ = kInfiniteSsthresh;
  CongestionPhase phase_ = CongestionPhase::SlowStart;
  std::uint32_t dup_acks_ = 0;
  std::uint32_t bytes_acked_ = 0;  // RFC 3465 §2.1 counter
  std::uint32_t limited_transmit_octets_ = 0;
  // RFC 6582 §3.2 "recover": the first octet not yet sent when recovery
  // began (the RFC's highest sequence number transmitted, plus one).
  std::optional<SeqNum> recover_{};
  Cubic cubic_{};
  bool sack_ = false;
  bool rack_ = false;
  // RFC 6937: RecoverFS, prr_delivered, prr_out.
  std::uint32_t recover_fs_ = 0;
  std::uint32_t prr_delivered_ = 0;
  std::uint32_t prr_out_ = 0;
};

}  // namespace tcplab
