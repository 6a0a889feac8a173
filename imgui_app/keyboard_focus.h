// The keyboard's way through the lab: Tab and Shift-Tab move a focus ring
// through the controls drawn last frame (in drawing order: the time bar,
// then the panels), Enter presses the one in focus. Dear ImGui 1.86 tabs
// only between text fields, so the ring is the lab's own, over the same
// named rectangles the panels record (PanelContext::mark).
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "panel_context.h"

namespace tcplab::ui {

class KeyboardFocus {
 public:
  // Next (or previous, `back`) control after the one in focus; the first (or
  // last) when none is, or when the one in focus is no longer drawn.
  void step(const std::vector<HitTarget>& targets, bool back);
  // The control in focus this frame, if it is still drawn.
  const HitTarget* current(const std::vector<HitTarget>& targets) const;
  const std::string& name() const { return focused_; }
  void clear() { focused_.clear(); }
  // Controls take the focus; segments on the ladder and popup parts do not.
  static bool focusable(const std::string& name);

 private:
  std::string focused_;
};

}  // namespace tcplab::ui
