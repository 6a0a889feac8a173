#include "fsm_view.h"

#include <array>
#include <algorithm>
#include <cmath>
#include <string>

#include "core/tcp/diagram.h"
#include "geometry.h"
#include "ladder_layout.h"
#include "language.h"
#include "strings.h"
#include "text_wrap.h"
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

void FsmHistory::update(const World& w, std::optional<ConnRef> c, std::uint64_t generation) {
  if (generation != generation_ || c != conn || w.trace().size() < cursor_) {
    generation_ = generation;
    conn = c;
    cursor_ = 0;
    visited = {State::Closed};
    taken.clear();
    last.reset();
    transitions = 0;
  }
  if (!conn) return;
  const Trace& tr = w.trace();
  for (; cursor_ < tr.size(); ++cursor_) {
    const TraceRecord r = tr[cursor_];  // by value (core/sim/trace.h)
    const auto* e = std::get_if<ConnEventRecord>(&r.data);
    if (!e || !(e->conn == *conn)) continue;
    if (const auto* sc = std::get_if<StateChanged>(&e->event)) {
      visited.insert(sc->from);
      visited.insert(sc->to);
      taken.insert({sc->from, sc->to});
      last = std::pair{sc->from, sc->to};
      ++transitions;
    }
  }
}

void FsmHistory::load(const Replay& r, int side) {
  *this = FsmHistory{};
  generation_ = ~0ull - 1;  // a later update() starts over
  visited = {State::Closed};
  for (const Inference& in : r.inferences) {
    if (in.side != side) continue;
    visited.insert(in.from);
    visited.insert(in.to);
    taken.insert({in.from, in.to});
    if (!in.certain) assumed.insert({in.from, in.to});
    else assumed.erase({in.from, in.to});
    last = std::pair{in.from, in.to};
    ++transitions;
  }
  current_assumed = !r.after.empty() && !r.after.back()[static_cast<std::size_t>(side)].certain;
}

// One frame's geometry of the diagram: where each state's box sits and how
// large the type is, from the space the panel gives.
struct FsmGeometry {
  ImVec2 origin, avail;
  float fit = 1, font = 0;  // type scale (below 1 when a column is narrow) and size
  ImVec2 half;              // a box's half-size

  static FsmGeometry measure() {
    FsmGeometry g;
    g.origin = ImGui::GetCursorScreenPos();
    g.avail = ImGui::GetContentRegionAvail();
    float widest = 0;
    for (State s : kAllStates) widest = std::max(widest, ImGui::CalcTextSize(std::string(rfc_name(s)).c_str()).x);
    // Shrink the labels when a column is narrower than "SYN-RECEIVED" needs.
    const float pad = ImGui::GetFontSize() * 0.5f;
    g.fit = std::min(1.0f, (g.avail.x / kCols * 0.94f) / (widest + 2 * pad));
    g.font = ImGui::GetFontSize() * g.fit;
    g.half = ImVec2(std::min(g.avail.x / kCols * 0.47f, widest * g.fit / 2 + pad * g.fit),
                    std::min(g.avail.y / kRows * 0.32f, g.font * 0.95f));
    return g;
  }
  ImVec2 at_cell(Cell c) const {
    return ImVec2(origin.x + (c.col + 0.5f) * avail.x / kCols, origin.y + (c.row + 0.5f) * avail.y / kRows);
  }
  ImVec2 centre(State s) const { return at_cell(cell_of(s)); }
  LabelBox box(ImVec2 c) const { return {c.x - half.x, c.y - half.y, c.x + half.x, c.y + half.y}; }
  // Where an edge's line starts and ends: on its boxes' borders, a pair of
  // opposite edges kept apart.
  std::pair<ImVec2, ImVec2> ends(const DiagramEdge& e) const {
    ImVec2 a = centre(e.from), b = ends_at_bottom(e) ? at_cell(kFinalClosed) : centre(e.to);
    ImVec2 p = box_exit(a, b, half), q = box_exit(b, a, half);
    if (e.source == EdgeSource::Figure && has_reverse(e)) {
      float dx = q.x - p.x, dy = q.y - p.y, len = std::sqrt(dx * dx + dy * dy), off = font * 0.3f;
      ImVec2 n(-dy / len * off, dx / len * off);
      p = ImVec2(p.x + n.x, p.y + n.y);
      q = ImVec2(q.x + n.x, q.y + n.y);
    }
    return std::pair{p, q};
  }
};

void FsmView::draw(const FsmHistory& h, std::optional<State> current, ImU32 accent, bool all_labels) {
  const FsmGeometry g = FsmGeometry::measure();
  if (g.avail.x < 50 || g.avail.y < 50) return;
  // A new transition restarts the animation: a dot runs along its edge.
  if (h.transitions != seen_transitions_) {
    seen_transitions_ = h.transitions;
    animation_start_ = h.transitions > 0 ? ImGui::GetTime() : -10;
  }
  const DiagramEdge* hovered_edge = draw_edges(g, h, accent);
  draw_boxes(g, h, current, accent);
  draw_edge_labels(g, h, accent, all_labels);
  ImGui::Dummy(g.avail);
  draw_tooltip(hovered_edge);
}

// Edges first, so boxes sit on top. The figure's edges always; the notes'
// edges (resets, timeouts) only once taken, or the figure turns into a web.
const DiagramEdge* FsmView::draw_edges(const FsmGeometry& g, const FsmHistory& h, ImU32 accent) const {
  const Theme& t = theme();
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const ImVec2 mouse = ImGui::GetIO().MousePos;
  const bool window_hovered = ImGui::IsWindowHovered();
  const float anim = static_cast<float>((ImGui::GetTime() - animation_start_) / 0.8);
  const DiagramEdge* hovered_edge = nullptr;
  for (const DiagramEdge& e : diagram_edges()) {
    const bool taken = h.taken.count({e.from, e.to}) > 0;
    if (e.source != EdgeSource::Figure && !taken) continue;
    if (e.source != EdgeSource::Figure && find_edge(e.from, e.to)->source == EdgeSource::Figure) continue;
    auto [p, q] = g.ends(e);
    const bool is_last = h.last && h.last->first == e.from && h.last->second == e.to;
    if (window_hovered && !hovered_edge && distance_to_segment(mouse, p, q) < std::max(3.0f, g.font * 0.3f)) hovered_edge = &e;
    const ImU32 col = is_last ? accent : taken ? with_alpha(accent, 150) : t.edge;
    const float thick = is_last ? 2.6f * g.fit + 1 : taken ? 2.0f * g.fit + 0.6f : 1.2f;
    if (e.source == EdgeSource::Note) {  // dashed: the RFC states it in its notes, not in the figure
      const float dx = q.x - p.x, dy = q.y - p.y, len = std::sqrt(dx * dx + dy * dy), dash = g.font * 0.4f;
      for (float s = 0; s < len - dash; s += 2 * dash)
        dl->AddLine(ImVec2(p.x + dx * s / len, p.y + dy * s / len),
                    ImVec2(p.x + dx * (s + dash) / len, p.y + dy * (s + dash) / len), col, thick);
      arrow(dl, ImVec2(q.x - dx / len, q.y - dy / len), q, col, thick, g.font * 0.45f);
    } else {
      arrow(dl, p, q, col, thick, g.font * 0.45f);
    }
    if (h.assumed.count({e.from, e.to}) > 0) {  // inferred from a capture, not proved by it
      const ImVec2 mid((p.x + q.x) / 2, (p.y + q.y) / 2);
      dl->AddCircleFilled(mid, g.font * 0.5f, t.state_fill);
      dl->AddText(ImGui::GetFont(), g.font * 0.9f, ImVec2(mid.x - g.font * 0.22f, mid.y - g.font * 0.45f), col, "?");
    }
    if (is_last && anim >= 0 && anim < 1) {
      const float k = 1 - (1 - anim) * (1 - anim);  // ease out
      dl->AddCircleFilled(ImVec2(p.x + (q.x - p.x) * k, p.y + (q.y - p.y) * k), g.font * 0.35f, accent);
    }
  }
  return hovered_edge;
}

void FsmView::draw_boxes(const FsmGeometry& g, const FsmHistory& h, std::optional<State> current, ImU32 accent) {
  const Theme& t = theme();
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const ImVec2 mouse = ImGui::GetIO().MousePos;
  const bool window_hovered = ImGui::IsWindowHovered();
  auto under_mouse = [&](ImVec2 c) {
    return window_hovered && std::fabs(mouse.x - c.x) < g.half.x && std::fabs(mouse.y - c.y) < g.half.y;
  };
  auto draw_box = [&](ImVec2 c, State s) {
    const bool is_current = current == s, visited = h.visited.count(s) > 0, is_hovered = under_mouse(c);
    if (is_hovered) hovered = s;
    if (is_hovered && ImGui::IsMouseClicked(ImGuiMouseButton_Left)) clicked = s;
    const std::string name = std::string(rfc_name(s)) + (is_current && h.current_assumed ? "?" : "");
    const ImVec2 lo(c.x - g.half.x, c.y - g.half.y), hi(c.x + g.half.x, c.y + g.half.y);
    boxes.push_back(Box{s, lo, hi});
    dl->AddRectFilled(lo, hi, is_current ? accent : visited ? with_alpha(accent, 28) : t.state_fill, g.font * 0.4f);
    dl->AddRect(lo, hi, is_current || visited ? accent : (is_hovered ? t.text : t.state_border), g.font * 0.4f, 0,
                is_hovered || is_current ? 2.0f : visited ? 1.5f : 1.0f);
    ImVec2 size = ImGui::CalcTextSize(name.c_str());
    size = ImVec2(size.x * g.fit, size.y * g.fit);
    dl->AddText(ImGui::GetFont(), g.font, ImVec2(c.x - size.x / 2, c.y - size.y / 2),
                is_current ? t.on_accent : visited ? t.text : t.muted, name.c_str());
  };
  hovered.reset();
  clicked.reset();
  boxes.clear();
  for (State s : kAllStates) draw_box(g.centre(s), s);
  draw_box(g.at_cell(kFinalClosed), State::Closed);
}

// Edge labels ("rcv SYN / snd SYN,ACK"): the last transition's first and
// larger, then, when asked, every figure edge's, small. Each goes at its
// edge's middle or a line above or below it, never over a box, another
// label or the panel's edge; one with no such place is left to the tooltip.
void FsmView::draw_edge_labels(const FsmGeometry& g, const FsmHistory& h, ImU32 accent, bool all_labels) const {
  const Theme& t = theme();
  ImDrawList* dl = ImGui::GetWindowDrawList();
  LabelPlacer placer(g.origin.x, g.origin.y, g.origin.x + g.avail.x, g.origin.y + g.avail.y, g.font * 0.9f);
  for (State s : kAllStates) placer.block(g.box(g.centre(s)));
  placer.block(g.box(g.at_cell(kFinalClosed)));
  auto label = [&](const DiagramEdge& e, float size, ImU32 colour) {
    auto [p, q] = g.ends(e);
    const std::string text = edge_label(e);
    const ImVec2 sz = ImGui::CalcTextSize(text.c_str());
    const float w = sz.x * size / ImGui::GetFontSize(), lh = sz.y * size / ImGui::GetFontSize();
    const ImVec2 mid((p.x + q.x) / 2, (p.y + q.y) / 2);
    // Right of the edge's middle, centred on it, or left of it: the first free.
    const float gap = g.font * 0.3f;
    const auto box = placer.place_any({mid.x + gap, mid.x - w / 2, mid.x - gap - w}, mid.y, w, lh);
    if (!box) return;
    dl->AddRectFilled(ImVec2(box->x0 - 1, box->y0), ImVec2(box->x1 + 1, box->y1), t.label_backdrop, 2);
    dl->AddText(ImGui::GetFont(), size, ImVec2(box->x0, box->y0), colour, text.c_str());
  };
  const auto last = h.last ? find_edge(h.last->first, h.last->second) : std::nullopt;
  if (last) label(*last, g.font, accent);
  if (!all_labels) return;
  for (const DiagramEdge& e : diagram_edges())
    if (e.source == EdgeSource::Figure && !(last && last->from == e.from && last->to == e.to)) label(e, g.font * 0.72f, t.edge_label);
}

void FsmView::draw_tooltip(const DiagramEdge* hovered_edge) const {
  if (hovered) {
    ImGui::BeginTooltip();
    ImGui::TextUnformatted(state_label(*hovered).c_str());
    ImGui::TextUnformatted(wrap_text(term(meaning(*hovered)), ImGui::GetFontSize() * 22).c_str());
    ImGui::EndTooltip();
  } else if (hovered_edge) {
    ImGui::BeginTooltip();
    ImGui::Text("%s → %s", std::string(rfc_name(hovered_edge->from)).c_str(), std::string(rfc_name(hovered_edge->to)).c_str());
    ImGui::TextUnformatted(edge_label(*hovered_edge).c_str());
    ImGui::EndTooltip();
  }
}

}  // namespace tcplab::ui
