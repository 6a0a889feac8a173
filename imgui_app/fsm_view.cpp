#include "fsm_view.h"

#include <array>
#include <algorithm>
#include <cmath>
#include <string>

#include "core/diagram.h"
#include "theme.h"

namespace tcplab::ui {
namespace {

// Grid cells (column, row) that follow RFC 9293 Figure 5: the handshake on
// top, ESTABLISHED in the middle, the active close on the left and the
// passive close on the right.
struct Cell {
  float col, row;
};
Cell cell_of(State s) {
  switch (s) {
    case State::Closed: return {1, 0};
    case State::Listen: return {1, 1};
    case State::SynReceived: return {0, 2};
    case State::SynSent: return {2, 2};
    case State::Established: return {1, 3};
    case State::FinWait1: return {0, 4};
    case State::CloseWait: return {2, 4};
    case State::FinWait2: return {0, 5};
    case State::Closing: return {1, 5};
    case State::LastAck: return {2, 5};
    case State::TimeWait: return {1, 6};
  }
  return {0, 0};
}
constexpr float kCols = 3, kRows = 7;
// Like the RFC's figure, CLOSED is drawn twice: where connections start (top)
// and where LAST-ACK and TIME-WAIT end (bottom right), so no edge crosses the figure.
constexpr Cell kFinalClosed = {2, 6};
bool ends_at_bottom(const DiagramEdge& e) {
  return e.to == State::Closed && (e.from == State::LastAck || e.from == State::TimeWait);
}
bool has_reverse(const DiagramEdge& e) {
  for (const DiagramEdge& o : diagram_edges())
    if (o.source == EdgeSource::Figure && o.from == e.to && o.to == e.from) return true;
  return false;
}

// Where the segment from a to b leaves a box of half-size h centred at a.
ImVec2 box_exit(ImVec2 a, ImVec2 b, ImVec2 h) {
  float dx = b.x - a.x, dy = b.y - a.y;
  float tx = dx != 0 ? h.x / std::fabs(dx) : 1e9f;
  float ty = dy != 0 ? h.y / std::fabs(dy) : 1e9f;
  float t = std::min(tx, ty);
  return ImVec2(a.x + dx * t, a.y + dy * t);
}

void arrow(ImDrawList* dl, ImVec2 from, ImVec2 to, ImU32 col, float thickness, float head) {
  dl->AddLine(from, to, col, thickness);
  float dx = to.x - from.x, dy = to.y - from.y;
  float len = std::sqrt(dx * dx + dy * dy);
  if (len < 1) return;
  dx /= len;
  dy /= len;
  ImVec2 l(to.x - dx * head - dy * head * 0.5f, to.y - dy * head + dx * head * 0.5f);
  ImVec2 r(to.x - dx * head + dy * head * 0.5f, to.y - dy * head - dx * head * 0.5f);
  dl->AddTriangleFilled(to, l, r, col);
}

}  // namespace

void FsmView::draw(std::optional<State> current, ImU32 accent) {
  const Theme& t = theme();
  ImDrawList* dl = ImGui::GetWindowDrawList();
  ImVec2 origin = ImGui::GetCursorScreenPos();
  ImVec2 avail = ImGui::GetContentRegionAvail();
  if (avail.x < 50 || avail.y < 50) return;
  float widest = 0;
  for (State s : kAllStates) widest = std::max(widest, ImGui::CalcTextSize(std::string(rfc_name(s)).c_str()).x);
  // Shrink the labels when a column is narrower than "SYN-RECEIVED" needs.
  const float pad = ImGui::GetFontSize() * 0.5f;
  const float fit = std::min(1.0f, (avail.x / kCols * 0.94f) / (widest + 2 * pad));
  const float font = ImGui::GetFontSize() * fit;
  const ImVec2 half(std::min(avail.x / kCols * 0.47f, widest * fit / 2 + pad * fit),
                    std::min(avail.y / kRows * 0.32f, font * 0.95f));

  auto at_cell = [&](Cell c) {
    return ImVec2(origin.x + (c.col + 0.5f) * avail.x / kCols, origin.y + (c.row + 0.5f) * avail.y / kRows);
  };
  auto centre = [&](State s) { return at_cell(cell_of(s)); };

  // Edges first, so boxes sit on top. Only the drawn ones: the notes' edges
  // (resets, timeouts) would turn the figure into a web.
  for (const DiagramEdge& e : diagram_edges()) {
    if (e.source != EdgeSource::Figure) continue;
    ImVec2 a = centre(e.from), b = ends_at_bottom(e) ? at_cell(kFinalClosed) : centre(e.to);
    ImVec2 p = box_exit(a, b, half), q = box_exit(b, a, half);
    if (has_reverse(e)) {  // keep a pair of opposite edges apart: each runs on its own right
      float dx = q.x - p.x, dy = q.y - p.y, len = std::sqrt(dx * dx + dy * dy), off = font * 0.3f;
      ImVec2 n(-dy / len * off, dx / len * off);
      p = ImVec2(p.x + n.x, p.y + n.y);
      q = ImVec2(q.x + n.x, q.y + n.y);
    }
    arrow(dl, p, q, t.edge, 1.2f, font * 0.45f);
  }

  auto draw_box = [&](ImVec2 c, State s, bool is_hovered) {
    const bool is_current = current == s;
    const std::string name(rfc_name(s));
    ImVec2 lo(c.x - half.x, c.y - half.y), hi(c.x + half.x, c.y + half.y);
    dl->AddRectFilled(lo, hi, is_current ? accent : t.state_fill, font * 0.4f);
    dl->AddRect(lo, hi, is_current ? accent : (is_hovered ? t.text : t.state_border), font * 0.4f, 0,
                is_hovered ? 2.0f : 1.2f);
    ImVec2 size = ImGui::CalcTextSize(name.c_str());
    size = ImVec2(size.x * fit, size.y * fit);
    dl->AddText(ImGui::GetFont(), font, ImVec2(c.x - size.x / 2, c.y - size.y / 2),
                is_current ? IM_COL32_WHITE : t.text, name.c_str());
  };
  auto under_mouse = [&](ImVec2 c) {
    const ImVec2 m = ImGui::GetIO().MousePos;
    return ImGui::IsWindowHovered() && std::fabs(m.x - c.x) < half.x && std::fabs(m.y - c.y) < half.y;
  };

  hovered.reset();
  for (State s : kAllStates) {
    ImVec2 c = centre(s);
    bool is_hovered = under_mouse(c);
    if (is_hovered) hovered = s;
    draw_box(c, s, is_hovered);
  }
  const ImVec2 final_closed = at_cell(kFinalClosed);
  if (under_mouse(final_closed)) hovered = State::Closed;
  draw_box(final_closed, State::Closed, under_mouse(final_closed));
  ImGui::Dummy(avail);
  if (hovered) {
    ImGui::BeginTooltip();
    ImGui::TextUnformatted(std::string(rfc_name(*hovered)).c_str());
    ImGui::PushTextWrapPos(font * 22);
    ImGui::TextUnformatted(std::string(meaning(*hovered)).c_str());
    ImGui::PopTextWrapPos();
    ImGui::EndTooltip();
  }
}

}  // namespace tcplab::ui
