// Step lines for the window lane and the time-sequence graph, as arithmetic
// (no ImGui, tested natively): a value that changes at instants is drawn as
// horizontal runs joined by vertical steps, and changes that land in the
// same pixel column are folded into one vertical stroke (its lowest and
// highest value), so a line costs at most four points per column however
// many changes the trace holds.
#pragma once
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace tcplab::ui {

struct PathPoint {
  float x = 0, y = 0;
  bool operator==(const PathPoint&) const = default;
};

class StepPath {
 public:
  // The value becomes `y` at pixel `x` (x never decreasing).
  void add(float x, float y) {
    const float col = std::floor(x);
    if (open_ && col == col_) {
      lo_ = std::min(lo_, y);
      hi_ = std::max(hi_, y);
      out_ = y;
      return;
    }
    flush();
    open_ = true;
    col_ = col;
    in_ = out_ = lo_ = hi_ = y;
  }
  // The line goes on at its last value up to `x` (the view's right edge, or now).
  void finish(float x) {
    flush();
    if (!points_.empty() && x > points_.back().x) points_.push_back({x, points_.back().y});
  }
  const std::vector<PathPoint>& points() const { return points_; }
  bool empty() const { return points_.empty() && !open_; }
  void clear() {
    points_.clear();
    open_ = false;
  }

 private:
  void flush() {
    if (!open_) return;
    // The horizontal run from the previous column, then the column's stroke.
    if (!points_.empty()) points_.push_back({col_, points_.back().y});
    if (points_.empty() || points_.back().y != in_) points_.push_back({col_, in_});
    if (lo_ < in_ || hi_ > in_) {
      points_.push_back({col_, lo_});
      points_.push_back({col_, hi_});
    }
    if (points_.back().y != out_) points_.push_back({col_, out_});
    open_ = false;
  }

  std::vector<PathPoint> points_;
  bool open_ = false;
  float col_ = 0, in_ = 0, out_ = 0, lo_ = 0, hi_ = 0;
};

// What a lane's drawing depends on: the run (its generation and how many
// trace records it has), the clock, the view and the panel. The lane and
// the graph summarise the visible span per pixel column once for a key and
// draw that summary until the key changes, so a still frame costs what the
// panel's width costs, not what the run's length does.
struct ViewKey {
  std::uint64_t generation = ~0ull;
  std::size_t records = 0;
  std::int64_t now_us = 0;
  double start_us = 0, us_per_px = 0;
  float left = 0, x0 = 0, y0 = 0, x1 = 0, y1 = 0, em = 0, scale = 0;
  std::size_t who = 0;      // whose data
  std::size_t variant = 0;  // anything else the summary depends on (the comparison)
  std::uint64_t look = 0;   // the atlas, colours and language drawn with (draw_cache.h's look_key)
  bool operator==(const ViewKey&) const = default;
};

// The top of a value axis: at least `v`, a round 1, 2 or 5 x 10^n (never below 1).
inline double nice_ceiling(double v) {
  double step = 1;
  while (step * 10 <= v) step *= 10;
  for (double m : {1.0, 2.0, 5.0, 10.0})
    if (step * m >= v) return step * m;
  return step * 10;
}

}  // namespace tcplab::ui
