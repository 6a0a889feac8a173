#include "core/tcp/rto.h"

#include <algorithm>

namespace tcplab {

// All arithmetic is in whole microseconds. RFC 6298 §2.3's fractions are
// applied as exact integer ratios of the un-divided sums,
//   RTTVAR = (3 * RTTVAR + |SRTT - R|) / 4,   SRTT = (7 * SRTT + R) / 8,
// so the only rounding is one truncation toward zero per division (all the
// values are non-negative, so that is rounding down), at most 1 us per step.
// The first sample's RTTVAR = R/2 (§2.2) truncates the same way.

namespace {
// RFC 6298 §2: K = 4, alpha = 1/8, beta = 1/4.
constexpr std::int64_t kK = 4;
constexpr std::int64_t kAlphaDen = 8;
constexpr std::int64_t kBetaDen = 4;
}  // namespace

RtoEstimator::RtoEstimator(Duration initial, Duration min, Duration max, Duration granularity)
    : min_(min),
      max_(max),
      granularity_(granularity),
      // §2.1: before any sample, RTO <- initial (1 s in the RFC). It is held
      // to [min, max] like every later value, so rto() is always in range.
      rto_(std::clamp(initial, min, max)) {}

void RtoEstimator::on_sample(Duration rtt) {
  const std::int64_t r = std::max<std::int64_t>(rtt.count(), 0);
  if (!srtt_) {
    // §2.2: SRTT <- R, RTTVAR <- R/2.
    srtt_ = Duration{r};
    rttvar_ = Duration{r / 2};
  } else {
    // §2.3: RTTVAR is updated first, from the SRTT before this sample.
    const std::int64_t srtt = srtt_->count();
    const std::int64_t dev = srtt > r ? srtt - r : r - srtt;
    rttvar_ = Duration{((kBetaDen - 1) * rttvar_->count() + dev) / kBetaDen};
    srtt_ = Duration{((kAlphaDen - 1) * srtt + r) / kAlphaDen};
  }
  // §2.2/§2.3: RTO <- SRTT + max(G, K*RTTVAR); §2.4 rounds up to the minimum
  // (1 s in the RFC, a profile may choose less) and §2.5 allows a maximum.
  const Duration spread = std::max(granularity_, Duration{kK * rttvar_->count()});
  rto_ = std::clamp(*srtt_ + spread, min_, max_);
  // The backed-off RTO "collapses" once a new measurement arrives (RFC 6298
  // §5, the paragraph after step 5.7), so the backoff count starts again.
  backoffs_ = 0;
}

void RtoEstimator::back_off() {
  // §5.5: RTO <- RTO * 2, capped by the maximum of §2.5.
  rto_ = std::min(rto_ * 2, max_);
  ++backoffs_;
}

}  // namespace tcplab
