// Where the ladder's pieces go, as arithmetic (no ImGui, tested natively):
// segments sent at the same instant fanned apart and counted, and labels
// placed so that none runs into another or past the lane's edges.
#pragma once
#include <cstddef>
#include <initializer_list>
#include <optional>
#include <vector>

namespace tcplab::ui {

// Segments one side sent at the same instant (six duplicate ACKs, a burst
// of data) would be drawn as one arrow: each gets its place in its burst.
struct BurstSlot {
  std::size_t index = 0;  // 0 for the first of its burst
  std::size_t size = 1;   // how many the burst holds
};
struct BurstKey {
  std::size_t from = 0;
  long long sent_us = 0;
};
// `keys` in the ladder's order (by time); the answer is one slot per key.
std::vector<BurstSlot> burst_slots(const std::vector<BurstKey>& keys);

struct LabelBox {
  float x0 = 0, y0 = 0, x1 = 0, y1 = 0;
  bool overlaps(const LabelBox& o) const { return x0 < o.x1 && o.x0 < x1 && y0 < o.y1 && o.y0 < y1; }
};

// Places labels greedily in the order asked: beside an anchor, nudged up
// and down a line at a time, kept inside [left, right] x [top, bottom];
// a label with no free place is not placed (the arrow still is).
class LabelPlacer {
 public:
  LabelPlacer(float left, float top, float right, float bottom, float line_height)
      : left_(left), top_(top), right_(right), bottom_(bottom), line_(line_height) {}
  // A label `w` x `h` whose left edge would sit at `x` (centred on `y`):
  // moved left to stay inside, then tried on nearby lines.
  std::optional<LabelBox> place(float x, float y, float w, float h);
  // The same, trying each left edge in `xs` in turn on each line.
  std::optional<LabelBox> place_any(std::initializer_list<float> xs, float y, float w, float h);
  // Marks a place no label may cover (a box of the state diagram).
  void block(const LabelBox& b) { placed_.push_back(b); }
  // Forgets labels wholly left of `x` (they can no longer clash: keeps the search short).
  void forget_left_of(float x);
  const std::vector<LabelBox>& placed() const { return placed_; }

 private:
  float left_, top_, right_, bottom_, line_;
  std::vector<LabelBox> placed_;
};

// Where the text of a state change goes on its timeline: right of its dot
// and of the previous name on that line, pulled back inside the right edge;
// nullopt when it cannot be written without overprinting.
std::optional<float> state_label_x(float dot_x, float width, float previous_right, float right_edge, float gap);

// The names of state changes along one timeline, on two rows: a name that
// has no room on the row nearest the line goes on the next one.
class StateLabelRows {
 public:
  struct Spot {
    float x;
    int row;
  };
  std::optional<Spot> place(float dot_x, float width, float right_edge, float gap);

 private:
  float right_[2] = {-1e9f, -1e9f};
};

}  // namespace tcplab::ui
