// Colours and sizes shared by every panel, so an endpoint or a flag has one
// colour everywhere in the lab.
#pragma once
#include <imgui.h>

namespace tcplab::ui {

struct Theme {
  ImU32 background = IM_COL32(246, 247, 249, 255);
  ImU32 text = IM_COL32(33, 37, 41, 255);
  ImU32 muted = IM_COL32(108, 117, 125, 255);
  ImU32 faint = IM_COL32(203, 213, 225, 255);
  ImU32 client = IM_COL32(37, 99, 235, 255);   // blue
  ImU32 server = IM_COL32(217, 119, 6, 255);   // amber
  ImU32 link = IM_COL32(100, 116, 139, 255);   // slate
  ImU32 state_fill = IM_COL32(255, 255, 255, 255);
  ImU32 state_border = IM_COL32(148, 163, 184, 255);
  ImU32 visited_fill = IM_COL32(241, 245, 249, 255);
  ImU32 edge = IM_COL32(148, 163, 184, 255);
  ImU32 edge_label = IM_COL32(100, 116, 139, 255);
  // Flags: SYN green, FIN purple, RST red, data dark, pure ACK grey.
  ImU32 syn = IM_COL32(22, 163, 74, 255);
  ImU32 fin = IM_COL32(147, 51, 234, 255);
  ImU32 rst = IM_COL32(220, 38, 38, 255);
  ImU32 data = IM_COL32(15, 23, 42, 255);
  ImU32 ack = IM_COL32(100, 116, 139, 255);
  ImU32 loss = IM_COL32(220, 38, 38, 255);
  ImU32 held = IM_COL32(234, 179, 8, 255);
  ImU32 highlight = IM_COL32(254, 240, 138, 255);
  ImU32 selection = IM_COL32(236, 72, 153, 255);
  ImU32 selection_glow = IM_COL32(236, 72, 153, 90);  // behind the selected segment
  ImU32 now_line = IM_COL32(236, 72, 153, 110);
  // Drawing surfaces: the ladder's canvas, time before the world began, tick lines.
  ImU32 canvas = IM_COL32(255, 255, 255, 255);
  ImU32 before_start = IM_COL32(241, 245, 249, 255);
  ImU32 tick = IM_COL32(241, 245, 249, 255);
  ImU32 on_accent = IM_COL32(255, 255, 255, 255);  // text on a filled state box
  // Behind labels drawn over lines (ladder, diagram), so the lines do not cross the text.
  ImU32 label_backdrop = IM_COL32(255, 255, 255, 215);
  // The narration's answers to the syllabus's questions.
  ImU32 answer = IM_COL32(109, 40, 217, 255);
  // The inspector's layers: IPv4 header, TCP header, TCP options, payload.
  ImU32 layer_ip = IM_COL32(100, 116, 139, 255);
  ImU32 layer_tcp = IM_COL32(37, 99, 235, 255);
  ImU32 layer_option = IM_COL32(22, 163, 74, 255);
  ImU32 layer_payload = IM_COL32(15, 23, 42, 255);
};

// `c` with its alpha replaced (0-255): faint versions of a theme colour.
inline ImU32 with_alpha(ImU32 c, int a) { return (c & ~IM_COL32_A_MASK) | (static_cast<ImU32>(a) << IM_COL32_A_SHIFT); }

const Theme& theme();
// Dear ImGui style for the lab, scaled for a display with `scale` device pixels
// per CSS pixel; `compact` (the iframe layout) packs it tighter.
void apply_style(float scale, bool compact = false);

}  // namespace tcplab::ui
