// The RFC 9293 state diagram, drawn from core's state and edge tables.
#pragma once
#include <imgui.h>

#include <optional>

#include "core/state.h"

namespace tcplab::ui {

struct FsmView {
  // Draws the diagram into the current window's remaining content region.
  // `current` (if any) is highlighted in `accent`.
  void draw(std::optional<State> current, ImU32 accent);
  std::optional<State> hovered;  // the state under the mouse this frame
};

}  // namespace tcplab::ui
