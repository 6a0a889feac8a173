// Small geometry for hit-testing what the panels draw.
#pragma once
#include <imgui.h>

#include <algorithm>
#include <cmath>

namespace tcplab::ui {

// Distance from p to the line segment a-b, in pixels.
inline float distance_to_segment(ImVec2 p, ImVec2 a, ImVec2 b) {
  const float dx = b.x - a.x, dy = b.y - a.y, len2 = dx * dx + dy * dy;
  float t = len2 > 0 ? ((p.x - a.x) * dx + (p.y - a.y) * dy) / len2 : 0;
  t = std::clamp(t, 0.0f, 1.0f);
  const float ex = a.x + t * dx - p.x, ey = a.y + t * dy - p.y;
  return std::sqrt(ex * ex + ey * ey);
}

}  // namespace tcplab::ui
