// CUBIC's window growth (RFC 9438), in segments and seconds, as the
// congestion controller uses it in congestion avoidance. Arithmetic is
// plain IEEE double (+, -, *, / and a Newton cube root of our own), so a run
// gives the same windows natively and in WebAssembly.
#pragma once
#include <optional>

#include "core/base/time.h"

namespace tcplab {

class Cubic {
 public:
  static constexpr double kC = 0.4;     // RFC 9438 §5.1
  static constexpr double kBeta = 0.7;  // RFC 9438 §4.6, β_cubic

  // RFC 9438 §4.1.1 W_cubic(t) = C*(t-K)^3 + W_max (t in seconds).
  static double w_cubic(double t, double k, double w_max);
  // RFC 9438 §4.2: K = cubic_root((W_max - cwnd_epoch) / C).
  static double k_for(double w_max, double cwnd_epoch);
  static double cube_root(double v);

  // A congestion event with `cwnd` segments: remembers W_max (with fast
  // convergence, §4.7) and ends the epoch; returns cwnd * β_cubic (§4.6).
  double on_congestion(double cwnd);
  // The window restarts without a loss (idle, §5.8): a new epoch begins.
  void end_epoch() { epoch_start_.reset(); }
  // One ACK of `acked` segments in congestion avoidance with window
  // `cwnd` (segments): the new window (§4.2-§4.4), growing toward
  // W_cubic(t + RTT), or W_est in the Reno-friendly region.
  double on_ack(double cwnd, double acked, Instant now, Duration rtt);
  // Whether the last on_ack chose the Reno-friendly window.
  bool reno_friendly() const { return reno_friendly_; }

  double w_max() const { return w_max_; }
  double k() const { return k_; }
  std::optional<Instant> epoch_start() const { return epoch_start_; }
  bool operator==(const Cubic&) const = default;

 private:
  std::optional<Instant> epoch_start_{};
  double w_max_ = 0;       // 0: no congestion event yet
  double k_ = 0;
  double cwnd_epoch_ = 0;
  double w_est_ = 0;       // §4.3 the Reno-friendly estimate
  bool reno_friendly_ = false;
};

}  // namespace tcplab
