// The retransmission timeout of RFC 6298: SRTT/RTTVAR from RTT samples,
// clamped to [min, max], doubled on every timeout (exponential backoff).
// Karn's rule is the caller's: never feed a sample from a retransmitted segment.
#pragma once
#include <cstdint>
#include <optional>

#include "core/base/time.h"

namespace tcplab {

class RtoEstimator {
 public:
  RtoEstimator(Duration initial, Duration min, Duration max, Duration granularity);

  // RFC 6298 §2.2 (first sample) and §2.3 (later samples); the new RTO
  // replaces any backed-off value (RFC 6298 §5, the note after step 5.7:
  // a new measurement may "collapse" the doubled RTO).
  void on_sample(Duration rtt);
  // RFC 6298 §5.5: RTO <- min(2 * RTO, max).
  void back_off();
  // The RTO to arm the timer with now.
  Duration rto() const { return rto_; }
  std::uint32_t backoffs() const { return backoffs_; }
  std::optional<Duration> srtt() const { return srtt_; }
  std::optional<Duration> rttvar() const { return rttvar_; }
  bool operator==(const RtoEstimator&) const = default;

 private:
  Duration min_, max_, granularity_;
  Duration rto_;
  std::optional<Duration> srtt_, rttvar_;
  std::uint32_t backoffs_ = 0;
};

}  // namespace tcplab
