#include "core/tcp/cubic.h"

#include <algorithm>

namespace tcplab {

double Cubic::cube_root(double v) {
  if (v == 0) return 0;
  const bool negative = v < 0;
  const double a = negative ? -v : v;
  // Newton's iteration y <- (2y + a/y^2) / 3 from above the root falls
  // monotonically onto it; stop when it no longer moves.
  double y = std::max(a, 1.0);
  for (int i = 0; i < 200; ++i) {
    const double next = (2 * y + a / (y * y)) / 3;
    if (next >= y) break;
    y = next;
  }
  return negative ? -y : y;
}

double Cubic::w_cubic(double t, double k, double w_max) {
  const double d = t - k;
  return kC * d * d * d + w_max;
}

double Cubic::k_for(double w_max, double cwnd_epoch) { return cube_root((w_max - cwnd_epoch) / kC); }

double Cubic::on_congestion(double cwnd) {
  // §4.7 fast convergence: a flow whose W_max keeps falling releases bandwidth.
  w_max_ = (w_max_ > 0 && cwnd < w_max_) ? cwnd * (1 + kBeta) / 2 : cwnd;
  epoch_start_.reset();
  return cwnd * kBeta;
}

double Cubic::on_ack(double cwnd, double acked, Instant now, Duration rtt) {
  if (!epoch_start_) {
    // §4.2: a congestion avoidance stage begins.
    epoch_start_ = now;
    cwnd_epoch_ = cwnd;
    if (w_max_ < cwnd) w_max_ = cwnd;  // no loss yet, or grown past it: K = 0
    k_ = k_for(w_max_, cwnd_epoch_);
    w_est_ = cwnd_epoch_;
  }
  const double t = static_cast<double>(micros(now - *epoch_start_)) / 1e6;
  const double r = static_cast<double>(micros(rtt)) / 1e6;
  // §4.3: W_est grows by α_cubic per window of ACKs, α_cubic = 1 once past W_max.
  const double alpha = w_est_ >= w_max_ ? 1.0 : 3 * (1 - kBeta) / (1 + kBeta);
  w_est_ += alpha * acked / cwnd;
  if (w_cubic(t, k_, w_max_) < w_est_) {
    reno_friendly_ = true;
    return std::max(cwnd, w_est_);
  }
  reno_friendly_ = false;
  // §4.2: the target one RTT ahead, kept within [cwnd, 1.5 cwnd]; cwnd
  // moves (target - cwnd) / cwnd per acknowledged segment (§4.4, §4.5).
  const double target = std::clamp(w_cubic(t + r, k_, w_max_), cwnd, 1.5 * cwnd);
  return cwnd + (target - cwnd) / cwnd * acked;
}

}  // namespace tcplab
