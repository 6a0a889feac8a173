#include "core/tcp/congestion.h"

#include <algorithm>
#include <array>

namespace tcplab {

namespace {
constexpr std::array<std::string_view, 4> kAlgorithmIds = {"tahoe", "reno", "newreno", "cubic"};
constexpr std::array<std::string_view, 4> kPhaseIds = {"slow-start", "congestion-avoidance", "fast-recovery",
                                                       "loss-recovery"};
// RFC 5681 §3.2: the third duplicate ACK signals a loss.
constexpr std::uint32_t kDupThresh = 3;
}  // namespace

std::string_view algorithm_id(CongestionAlgorithm a) { return kAlgorithmIds.at(static_cast<std::size_t>(a)); }

std::optional<CongestionAlgorithm> parse_algorithm(std::string_view id) {
  for (std::size_t i = 0; i < kAlgorithmIds.size(); ++i)
    if (kAlgorithmIds[i] == id) return static_cast<CongestionAlgorithm>(i);
  return std::nullopt;
}

std::string_view phase_id(CongestionPhase p) { return kPhaseIds.at(static_cast<std::size_t>(p)); }

// RFC 5681 §3.1: IW = 2, 3 or 4 segments as SMSS is above 2190, above 1095,
// or not; a profile may name a count instead (RFC 6928: 10).
std::uint32_t CongestionControl::initial_window() const {
  if (settings_.initial_window > 0) return settings_.initial_window * smss_;
  if (smss_ > 2190) return 2 * smss_;
  if (smss_ > 1095) return 3 * smss_;
  return 4 * smss_;
}

Rule CongestionControl::start(std::uint32_t smss, std::uint32_t syn_retransmissions) {
  const bool sack = sack_;
  const bool rack = rack_;
  *this = CongestionControl(settings_);
  sack_ = sack;
  rack_ = rack;
  smss_ = std::max<std::uint32_t>(smss, 1);
  // RFC 5681 §3.1: when the SYN or SYN,ACK was lost, the first window is one segment.
  const bool lost = settings_.syn_losses_for_one_segment > 0 &&
                    syn_retransmissions >= settings_.syn_losses_for_one_segment;
  cwnd_ = lost ? smss_ : initial_window();
  return lost ? Rule::CcInitialWindowAfterSynLoss : Rule::CcInitialWindow;
}

std::uint32_t CongestionControl::allowance() const {
  // RFC 3042: on the first and second duplicate ACK one new segment each,
  // so long as FlightSize stays within cwnd + 2*SMSS.
  if (!settings_.limited_transmit || phase_ == CongestionPhase::FastRecovery || dup_acks_ >= kDupThresh) return 0;
  return dup_acks_ * smss_;
}

void CongestionControl::settle_phase() {
  phase_ = cwnd_ < ssthresh_ ? CongestionPhase::SlowStart : CongestionPhase::CongestionAvoidance;
}

// RFC 5681 §3.1 equation (4): ssthresh = max(FlightSize / 2, 2*SMSS); CUBIC
// multiplies cwnd by β_cubic instead (RFC 9438 §4.6), as Linux does.
std::uint32_t CongestionControl::reduced_ssthresh(std::uint32_t flight) {
  double target = flight / 2.0;
  if (settings_.algorithm == CongestionAlgorithm::Cubic)
    target = cubic_.on_congestion(static_cast<double>(cwnd_) / smss_) * smss_;
  return std::max(static_cast<std::uint32_t>(target + 0.5), 2 * smss_);
}

CongestionDecision CongestionControl::on_new_ack(SeqNum ack, std::uint32_t acked, Instant now,
                                                 std::optional<Duration> srtt) {
  dup_acks_ = 0;
  limited_transmit_octets_ = 0;
  if (phase_ == CongestionPhase::FastRecovery) return on_recovery_ack(ack, acked);
  if (acked == 0) return {};
  const bool loss_recovery = phase_ == CongestionPhase::LossRecovery;
  const Rule why = grow(acked, now, srtt);
  // RFC 6582 §4 (and RFC 5681 §3.1): slow start after a timeout resends what
  // was outstanding; the recovery ends when `recover` is acknowledged.
  if (loss_recovery && !(recover_ && ack < *recover_)) {
    settle_phase();
    return {.rule = Rule::CcLossRecovered};
  }
  if (loss_recovery) phase_ = CongestionPhase::LossRecovery;
  return {.rule = why};
}

// Slow start (RFC 5681 §3.1 equation (2), RFC 3465 §2.2) or congestion
// avoidance (equation (3), RFC 3465 §2.1, or CUBIC).
Rule CongestionControl::grow(std::uint32_t acked, Instant now, std::optional<Duration> srtt) {
  if (cwnd_ < ssthresh_) {
    const std::uint32_t limit = settings_.slow_start_limit;
    cwnd_ += limit == 0 ? acked : std::min(acked, limit * smss_);
    settle_phase();
    return Rule::CcSlowStart;
  }
  phase_ = CongestionPhase::CongestionAvoidance;
  if (settings_.algorithm == CongestionAlgorithm::Cubic) return grow_cubic(acked, now, srtt);
  if (settings_.byte_counting) {
    bytes_acked_ += acked;
    if (bytes_acked_ >= cwnd_) {
      bytes_acked_ -= cwnd_;
      cwnd_ += smss_;
    }
  } else {
    cwnd_ += std::max<std::uint32_t>(1, static_cast<std::uint32_t>(
                                            static_cast<std::uint64_t>(smss_) * smss_ / cwnd_));
  }
  return Rule::CcCongestionAvoidance;
}

Rule CongestionControl::grow_cubic(std::uint32_t acked, Instant now, std::optional<Duration> srtt) {
  const double w = static_cast<double>(cwnd_) / smss_;
  const double next = cubic_.on_ack(w, static_cast<double>(acked) / smss_, now, srtt.value_or(Duration::zero()));
  cwnd_ = std::max(cwnd_, static_cast<std::uint32_t>(next * smss_));
  return cubic_.reno_friendly() ? Rule::CcCubicRenoFriendly : Rule::CcCubic;
}

// RFC 5681 §3.2 steps 5-6 (Reno) and RFC 6582 §3.2 steps 3-5 (NewReno).
CongestionDecision CongestionControl::on_recovery_ack(SeqNum ack, std::uint32_t acked) {
  const bool full = !recover_ || ack >= *recover_;
  if (sack_ && !full) return {};  // RFC 6675: the scoreboard, not the ACK, picks what to resend
  if (settings_.algorithm == CongestionAlgorithm::Reno || full) {
    // Deflate: cwnd = ssthresh, and congestion avoidance goes on.
    cwnd_ = ssthresh_;
    settle_phase();
    return {.rule = Rule::CcFastRecoveryExit};
  }
  // Partial ACK: resend the next hole, deflate by what was acknowledged and
  // add back one SMSS when at least one was, so about ssthresh stays in flight.
  cwnd_ = cwnd_ > acked ? cwnd_ - acked : 0;
  if (acked >= smss_) cwnd_ += smss_;
  cwnd_ = std::max(cwnd_, smss_);
  return {.rule = Rule::CcPartialAck, .retransmit_head = true};
}

CongestionDecision CongestionControl::on_duplicate_ack(SeqNum ack, SeqNum snd_nxt, std::uint32_t flight) {
  ++dup_acks_;
  if (phase_ == CongestionPhase::FastRecovery && sack_) return {};  // RFC 6675: pipe, not inflation
  if (phase_ == CongestionPhase::FastRecovery) {
    // RFC 5681 §3.2 step 4: each further duplicate ACK means a segment left
    // the network: inflate cwnd by SMSS.
    cwnd_ += smss_;
    return {.rule = Rule::CcFastRecoveryInflate};
  }
  if (dup_acks_ != kDupThresh || rack_) return {.rule = Rule::CcDuplicateAck};
  // RFC 6675 §5.1: after a timeout no new recovery begins until HighACK
  // reaches RecoveryPoint (recover_); the timeout's resend goes on instead.
  if (sack_ && phase_ == CongestionPhase::LossRecovery) return {.rule = Rule::CcDuplicateAck};
  // RFC 6582 §3.2 step 2: duplicate ACKs that do not cover more than
  // `recover` may come from our own retransmissions; no second reduction.
  // The RFC's recover is the highest octet sent, one below recover_: an ACK
  // of exactly recover_ covers more than it (everything sent before the
  // last recovery arrived) and its duplicates report a new loss.
  if (guarded() && recover_ && ack < *recover_) return {.rule = Rule::CcDuplicateAck};
  return enter_recovery(snd_nxt, flight);
}

// RFC 5681 §3.2 steps 2-3: the third duplicate ACK.
CongestionDecision CongestionControl::enter_recovery(SeqNum snd_nxt, std::uint32_t flight) {
  const std::uint32_t counted = flight > limited_transmit_octets_ ? flight - limited_transmit_octets_ : 0;
  ssthresh_ = reduced_ssthresh(counted);
  recover_ = snd_nxt;
  bytes_acked_ = 0;
  if (settings_.algorithm == CongestionAlgorithm::Tahoe) {
    // Tahoe has no fast recovery: one segment, slow start, resend the rest.
    cwnd_ = smss_;
    settle_phase();
    return {.rule = Rule::CcFastRetransmitTahoe, .retransmit_head = true, .declare_lost = true};
  }
  phase_ = CongestionPhase::FastRecovery;
  if (sack_) {
    // RFC 6675 §5 step (4.2): cwnd = ssthresh; RFC 6937 §3 starts its counters.
    cwnd_ = ssthresh_;
    recover_fs_ = flight;
    prr_delivered_ = prr_out_ = 0;
    // RACK resends what it marked lost itself (RackRetransmit).
    if (rack_) return {.rule = Rule::CcRackRecovery};
    return {.rule = Rule::CcSackFastRetransmit, .retransmit_head = true};
  }
  cwnd_ = ssthresh_ + kDupThresh * smss_;
  return {.rule = Rule::CcFastRetransmit, .retransmit_head = true};
}

CongestionDecision CongestionControl::on_sack_loss(SeqNum snd_nxt, std::uint32_t flight) {
  if (!sack_ || phase_ == CongestionPhase::FastRecovery || phase_ == CongestionPhase::LossRecovery) return {};
  if (settings_.algorithm == CongestionAlgorithm::Tahoe) return {};
  // RFC 6582's guard against a second reduction; Linux enters recovery
  // whenever RACK marks a loss.
  if (!rack_ && recover_ && !(snd_nxt > *recover_)) return {};
  return enter_recovery(snd_nxt, flight);
}

// RFC 6937 §3, with the slow-start reduction bound (PRR-SSRB).
std::optional<Rule> CongestionControl::on_recovery_delivery(std::uint32_t delivered, std::uint32_t pipe) {
  if (!sack_ || !settings_.prr || phase_ != CongestionPhase::FastRecovery) return std::nullopt;
  prr_delivered_ += delivered;
  std::int64_t sndcnt = 0;
  if (pipe > ssthresh_) {
    const std::uint64_t fs = std::max<std::uint32_t>(recover_fs_, 1);
    const std::uint64_t share = (static_cast<std::uint64_t>(prr_delivered_) * ssthresh_ + fs - 1) / fs;
    sndcnt = static_cast<std::int64_t>(share) - prr_out_;
  } else {
    const std::int64_t limit =
        std::max<std::int64_t>(static_cast<std::int64_t>(prr_delivered_) - prr_out_, delivered) + smss_;
    sndcnt = std::min<std::int64_t>(static_cast<std::int64_t>(ssthresh_) - pipe, limit);
  }
  sndcnt = std::max<std::int64_t>(sndcnt, 0);
  cwnd_ = pipe + static_cast<std::uint32_t>(sndcnt);
  return Rule::CcPrr;
}

Rule CongestionControl::on_timeout(SeqNum snd_nxt, std::uint32_t flight, bool first) {
  // RFC 5681 §3.1: ssthresh from equation (4) on the first timeout of a
  // segment only, then cwnd = LW = 1*SMSS.
  if (first) ssthresh_ = reduced_ssthresh(flight);
  cwnd_ = smss_;
  dup_acks_ = 0;
  bytes_acked_ = 0;
  limited_transmit_octets_ = 0;
  recover_ = snd_nxt;  // RFC 6582 §4
  phase_ = CongestionPhase::LossRecovery;
  return Rule::CcTimeout;
}

Rule CongestionControl::on_tlp_loss() {
  // Linux's tcp_init_cwnd_reduction then tcp_end_cwnd_reduction: the
  // algorithm's ssthresh from cwnd (Reno: cwnd/2, CUBIC: β_cubic*cwnd).
  ssthresh_ = reduced_ssthresh(cwnd_);
  cwnd_ = ssthresh_;
  bytes_acked_ = 0;
  settle_phase();
  return Rule::TlpLossRepaired;
}

std::optional<Rule> CongestionControl::on_idle() {
  // RFC 5681 §4.1: cwnd = min(RW, cwnd) with RW = min(IW, cwnd).
  const std::uint32_t rw = std::min(initial_window(), cwnd_);
  cubic_.end_epoch();
  if (rw >= cwnd_) return std::nullopt;
  cwnd_ = rw;
  settle_phase();
  return Rule::CcIdleRestart;
}

}  // namespace tcplab
