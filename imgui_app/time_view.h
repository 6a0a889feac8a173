// A timeline's view: which span of simulated time maps onto which pixels.
// Lanes ask it where to draw and what is visible; it knows nothing of ImGui.
#pragma once
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <string>

#include "core/base/time.h"

namespace tcplab::ui {

struct TimeView {
  double start_us = 0;       // time at the left edge
  double us_per_px = 10000;  // zoom
  float left = 0, width = 1; // the lane's pixel extent

  static constexpr double kMinUsPerPx = 1;        // 1 µs per pixel: a single segment's serialisation
  static constexpr double kMaxUsPerPx = 600e6;    // ten minutes per pixel: a whole TIME-WAIT and more

  double end_us() const { return start_us + us_per_px * width; }
  float x_of(double t_us) const { return left + static_cast<float>((t_us - start_us) / us_per_px); }
  float x_of(Instant t) const { return x_of(static_cast<double>(micros(t))); }
  double t_of(float x) const { return start_us + (x - left) * us_per_px; }
  bool visible(double from_us, double to_us) const { return to_us >= start_us && from_us <= end_us(); }

  // Zoom by `factor` (>1 zooms out) keeping the time under pixel `at_x` where it is.
  void zoom(float at_x, double factor) {
    const double pinned = t_of(at_x);
    us_per_px = std::clamp(us_per_px * factor, kMinUsPerPx, kMaxUsPerPx);
    start_us = pinned - (at_x - left) * us_per_px;
  }
  void pan(float dx_px) { start_us -= dx_px * us_per_px; }
  // Put `t_us` at `fraction` of the width from the left (following "now").
  void pin(double t_us, float fraction) { start_us = t_us - fraction * width * us_per_px; }

  double span_us() const { return us_per_px * width; }
  // Following the clock: now at 80% of the width, though the view never opens
  // on time before the world began (t = 0 stays a small margin from the left).
  void follow(double now_us) {
    pin(now_us, kFollowAt);
    start_us = std::max(start_us, -kMargin * span_us());
  }
  // Shows [from_us, to_us] whole, with a margin either side.
  void fit(double from_us, double to_us) {
    us_per_px = std::clamp(std::max(to_us - from_us, 1.0) / ((1 - 2 * kMargin) * width), kMinUsPerPx, kMaxUsPerPx);
    start_us = from_us - kMargin * span_us();
  }
  // A lesson's story as it unfolds: from `from_us` on, zoomed out just enough
  // that now stays left of the follow point, never closer than `min_us_per_px`.
  void grow(double from_us, double now_us, double min_us_per_px) {
    const double need = (now_us - from_us) / ((kFollowAt - kMargin) * width);
    us_per_px = std::clamp(std::max(need, min_us_per_px), kMinUsPerPx, kMaxUsPerPx);
    start_us = from_us - kMargin * span_us();
  }
  // Zoom while following the clock: never so far in that the last segment
  // sent (at `recent_us`) leaves the view, so zooming in shows it larger.
  void zoom_following(double factor, double now_us, double recent_us) {
    double want = std::clamp(us_per_px * factor, kMinUsPerPx, kMaxUsPerPx);
    if (factor < 1 && recent_us < now_us) {
      const double keep = (now_us - recent_us) / ((kFollowAt - kMargin) * width);
      want = std::min(us_per_px, std::max(want, keep));
    }
    us_per_px = want;
    follow(now_us);
  }

  static constexpr float kFollowAt = 0.8f;   // where "now" sits while following
  static constexpr double kMargin = 0.03;    // of the width, kept free at a fitted view's ends
};

// A "nice" tick step (1, 2 or 5 x 10^n µs) giving ticks at least `min_px` apart.
inline double tick_step_us(double us_per_px, float min_px) {
  const double raw = us_per_px * min_px;
  double step = 1;
  while (step * 10 <= raw) step *= 10;
  if (step >= raw) return step;
  if (step * 2 >= raw) return step * 2;
  if (step * 5 >= raw) return step * 5;
  return step * 10;
}

// A tick's label at time `us` for ticks `step` apart: "2 s", "1.5 s", "250 ms", "40 µs".
inline std::string tick_text(double us, double step) {
  char buf[32];
  if (step >= 1e6) std::snprintf(buf, sizeof buf, "%.0f s", us / 1e6);
  else if (step >= 1e5) std::snprintf(buf, sizeof buf, "%.1f s", us / 1e6);
  else if (step >= 1e3) std::snprintf(buf, sizeof buf, "%.0f ms", us / 1e3);
  else std::snprintf(buf, sizeof buf, "%.0f µs", us);
  return buf;
}

}  // namespace tcplab::ui
