// Colours and sizes shared by every panel, so an endpoint or a flag has one
// colour everywhere in the lab.
#pragma once
#include <imgui.h>

namespace tcplab::ui {

struct Theme {
  ImU32 background = IM_COL32(246, 247, 249, 255);
  ImU32 text = IM_COL32(33, 37, 41, 255);
  ImU32 muted = IM_COL32(108, 117, 125, 255);
  ImU32 client = IM_COL32(37, 99, 235, 255);   // blue
  ImU32 server = IM_COL32(217, 119, 6, 255);   // amber
  ImU32 state_fill = IM_COL32(255, 255, 255, 255);
  ImU32 state_border = IM_COL32(148, 163, 184, 255);
  ImU32 edge = IM_COL32(148, 163, 184, 255);
  ImU32 edge_label = IM_COL32(100, 116, 139, 255);
};

const Theme& theme();
// Dear ImGui style for the lab, scaled for a display with `scale` device pixels per CSS pixel.
void apply_style(float scale);

}  // namespace tcplab::ui
