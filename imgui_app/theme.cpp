#include "theme.h"

namespace tcplab::ui {

const Theme& theme() {
  static const Theme t;
  return t;
}

void apply_style(float scale, bool compact) {
  ImGuiStyle style;
  ImGui::StyleColorsLight(&style);
  style.WindowRounding = 6.0f;
  style.FrameRounding = 4.0f;
  style.GrabRounding = 4.0f;
  style.WindowBorderSize = 1.0f;
  // Inputs and checkboxes are white on white otherwise: a thin border shows where to type or tick.
  style.FrameBorderSize = 1.0f;
  style.WindowPadding = compact ? ImVec2(6, 4) : ImVec2(10, 8);
  style.ItemSpacing = compact ? ImVec2(6, 4) : ImVec2(8, 6);
  if (compact) {
    style.FramePadding = ImVec2(4, 2);
    style.WindowRounding = 3.0f;
  }
  style.Colors[ImGuiCol_WindowBg] = ImVec4(1.0f, 1.0f, 1.0f, 1.0f);
  style.Colors[ImGuiCol_TitleBg] = ImVec4(0.92f, 0.93f, 0.95f, 1.0f);
  style.Colors[ImGuiCol_TitleBgActive] = ImVec4(0.86f, 0.89f, 0.94f, 1.0f);
  style.Colors[ImGuiCol_Border] = ImVec4(0.80f, 0.83f, 0.87f, 1.0f);
  style.Colors[ImGuiCol_FrameBg] = ImVec4(0.97f, 0.98f, 0.99f, 1.0f);
  style.ScaleAllSizes(scale);
  ImGui::GetStyle() = style;
}

}  // namespace tcplab::ui

#include "core/wire/segment.h"
#include "panel_context.h"

namespace tcplab::ui {

ImU32 side_colour(int side) {
  const Theme& t = theme();
  return side == 0 ? t.client : side == 1 ? t.server : t.link;
}

ImU32 flag_colour(Flags f) {
  const Theme& t = theme();
  if (f.has(kRst)) return t.rst;
  if (f.has(kSyn)) return t.syn;
  if (f.has(kFin)) return t.fin;
  return t.ack;
}

}  // namespace tcplab::ui
