// The guided lesson's step and the question at a checkpoint, in a small
// window over the right column: what to do or what is asked, the choices or
// an input (a state is answered on the state diagram), hints, the feedback
// with the rule and a replay of the moment, and the lesson's score.
#pragma once
#include <imgui.h>

#include <array>
#include <cstddef>
#include <optional>
#include <string>

#include "panel_context.h"

namespace tcplab::ui {

struct GuidePanel {
  // Whether there is anything to show (a guide step, a question, feedback).
  static bool wanted(const LabSession& s);
  // Draws the window at (x, y), `width` wide.
  void draw(const PanelContext& c, ImVec2 pos, float width);
  // The learner closed the guide this frame (the page remembers it).
  bool guide_closed = false;

 private:
  void draw_question(const PanelContext& c, std::size_t i);
  void draw_feedback(const PanelContext& c, std::size_t i);
  void draw_guide(const PanelContext& c, std::size_t step);
  void draw_score(const PanelContext& c);

  std::array<char, 32> number_{};      // the seq/ack being typed
  std::optional<std::size_t> hints_for_;  // the question the hints below belong to
  int hints_shown_ = 0;
  std::size_t feedback_seen_ = 0;      // course events when the feedback was last dismissed
};

}  // namespace tcplab::ui
