#include "ladder_layout.h"

#include <algorithm>
#include <array>

namespace tcplab::ui {

std::vector<BurstSlot> burst_slots(const std::vector<BurstKey>& keys) {
  std::vector<BurstSlot> out(keys.size());
  // Per side, where its current burst began; the two sides interleave in time order.
  std::array<std::optional<std::size_t>, 2> start{};
  auto close = [&](std::size_t side, std::size_t end) {
    if (!start[side]) return;
    std::size_t n = 0;
    for (std::size_t i = *start[side]; i < end; ++i)
      if (keys[i].from == side) ++n;
    for (std::size_t i = *start[side]; i < end; ++i)
      if (keys[i].from == side) out[i].size = n;
  };
  std::array<std::size_t, 2> count{};
  for (std::size_t i = 0; i < keys.size(); ++i) {
    const std::size_t side = keys[i].from > 1 ? 1 : keys[i].from;
    if (start[side] && keys[*start[side]].sent_us == keys[i].sent_us) {
      out[i].index = count[side]++;
      continue;
    }
    close(side, i);
    start[side] = i;
    count[side] = 1;
    out[i].index = 0;
  }
  close(0, keys.size());
  close(1, keys.size());
  return out;
}

std::optional<LabelBox> LabelPlacer::place(float x, float y, float w, float h) { return place_any({x}, y, w, h); }

std::optional<LabelBox> LabelPlacer::place_any(std::initializer_list<float> xs, float y, float w, float h) {
  if (w > right_ - left_) return std::nullopt;
  for (float off : {0.0f, -1.0f, 1.0f, -2.0f, 2.0f})
    for (float x : xs) {
      x = std::clamp(x, left_, right_ - w);
      const LabelBox box{x, y - h / 2 + off * line_, x + w, y + h / 2 + off * line_};
      if (box.y0 < top_ || box.y1 > bottom_) continue;
      if (std::any_of(placed_.begin(), placed_.end(), [&](const LabelBox& p) { return p.overlaps(box); })) continue;
      placed_.push_back(box);
      return box;
    }
  return std::nullopt;
}

void LabelPlacer::forget_left_of(float x) {
  placed_.erase(std::remove_if(placed_.begin(), placed_.end(), [&](const LabelBox& p) { return p.x1 < x; }), placed_.end());
}

std::optional<float> state_label_x(float dot_x, float width, float previous_right, float right_edge, float gap) {
  float x = std::max(dot_x + gap / 2, previous_right + gap);
  if (x + width > right_edge) x = right_edge - width;
  if (x < previous_right + gap) return std::nullopt;
  return x;
}

std::optional<StateLabelRows::Spot> StateLabelRows::place(float dot_x, float width, float right_edge, float gap) {
  for (int row = 0; row < 2; ++row)
    if (const auto x = state_label_x(dot_x, width, right_[row], right_edge, gap)) {
      right_[row] = *x + width;
      return Spot{*x, row};
    }
  return std::nullopt;
}

}  // namespace tcplab::ui
