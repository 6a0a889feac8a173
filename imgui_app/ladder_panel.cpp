// The ladder: the client's timeline on top, the server's below, segments as
// sloped arrows between them, moving in real time. Only what the view shows
// is looked up (binary search in the LadderIndex) and drawn.
#include <algorithm>
#include <cmath>
#include <cstdio>

#include "panels.h"
#include "geometry.h"
#include "strings.h"
#include "theme.h"

namespace tcplab::ui {
namespace {

ImVec4 col(ImU32 c) { return ImGui::ColorConvertU32ToFloat4(c); }

std::string tick_text(double us, double step) {
  char buf[32];
  if (step >= 1e6) std::snprintf(buf, sizeof buf, "%.0f s", us / 1e6);
  else if (step >= 1e5) std::snprintf(buf, sizeof buf, "%.1f s", us / 1e6);
  else if (step >= 1e3) std::snprintf(buf, sizeof buf, "%.0f ms", us / 1e3);
  else std::snprintf(buf, sizeof buf, "%.0f µs", us);
  return buf;
}

// What the label of a segment says: flags, seq, ack, len, win.
std::string label_of(const LadderSeg& s, bool relative) {
  const std::uint32_t seq = s.seg.seq.value() - (relative ? s.seq_base : 0);
  const std::uint32_t ack = s.seg.ack.value() - (relative ? s.ack_base : 0);
  std::string out;
  if (s.retransmission) out += "↻ ";
  out += flags_long(s.seg.flags) + " " + std::to_string(seq);
  if (s.seg.flags.has(kAck)) out += " ack " + std::to_string(ack);
  if (s.payload) out += " len " + std::to_string(s.payload);
  out += " win " + std::to_string(s.window);
  if (s.duplicate) out += std::string(" (") + tr(Str::DuplicateMark) + ")";
  if (s.released) out += std::string(" (") + tr(Str::HeldMark) + ")";
  return out;
}

void cross(ImDrawList* dl, ImVec2 c, float r, ImU32 colour, float thick) {
  dl->AddLine(ImVec2(c.x - r, c.y - r), ImVec2(c.x + r, c.y + r), colour, thick);
  dl->AddLine(ImVec2(c.x - r, c.y + r), ImVec2(c.x + r, c.y - r), colour, thick);
}

void head(ImDrawList* dl, ImVec2 from, ImVec2 to, ImU32 colour, float size) {
  float dx = to.x - from.x, dy = to.y - from.y;
  const float len = std::sqrt(dx * dx + dy * dy);
  if (len < 1) return;
  dx /= len;
  dy /= len;
  dl->AddTriangleFilled(to, ImVec2(to.x - dx * size - dy * size * 0.45f, to.y - dy * size + dx * size * 0.45f),
                        ImVec2(to.x - dx * size + dy * size * 0.45f, to.y - dy * size - dx * size * 0.45f), colour);
}

// A draw record: one visible segment, in pixels, built and drawn each frame.
struct SegDraw {
  const LadderSeg* seg;
  ImVec2 a, b;      // where its line starts and stops this frame
  ImVec2 full_end;  // where it arrives (or would)
  ImU32 colour;
};

}  // namespace

void LadderPanel::draw(const PanelContext& c, const LadderIndex& index) {
  const Theme& t = theme();
  const World& w = c.world();
  const float em = ImGui::GetFontSize();
  const float s = c.scale;
  ImGui::Checkbox(tr(Str::Relative), &relative);
  c.mark("ladder.relative");
  ImGui::SameLine();
  ImGui::Checkbox(tr(Str::FollowNow), &follow_now);
  c.mark("ladder.follow");
  ImGui::SameLine();
  ImGui::PushStyleColor(ImGuiCol_Text, col(t.muted));
  ImGui::TextUnformatted(c.compact ? "(?)" : tr(Str::LadderHint));
  ImGui::PopStyleColor();
  if (c.compact && ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr(Str::LadderHint));

  const ImVec2 p0 = ImGui::GetCursorScreenPos();
  const ImVec2 size = ImGui::GetContentRegionAvail();
  if (size.x < 60 || size.y < 60) return;
  ImGui::InvisibleButton("##ladder", size, ImGuiButtonFlags_MouseButtonLeft);
  const bool hovered = ImGui::IsItemHovered();
  const ImVec2 p1(p0.x + size.x, p0.y + size.y);
  const float gutter = em * 4.2f;

  view_.left = p0.x + gutter;
  view_.width = size.x - gutter - em * 0.5f;
  if (!initialised_) {
    view_.us_per_px = 5e6 / view_.width;  // five seconds across: a handshake and a retransmission
    initialised_ = true;
  }
  const ImGuiIO& io = ImGui::GetIO();
  if (hovered && io.MouseWheel != 0) view_.zoom(follow_now ? view_.x_of(w.now()) : io.MousePos.x, std::pow(0.85, io.MouseWheel));
  if (ImGui::IsItemActivated()) dragged_ = false;
  if (ImGui::IsItemActive() && ImGui::IsMouseDragging(ImGuiMouseButton_Left, 3 * s)) {
    view_.pan(io.MouseDelta.x);
    follow_now = false;
    dragged_ = true;
  }
  const bool clicked = ImGui::IsItemDeactivated() && !dragged_;
  if (follow_now) view_.pin(static_cast<double>(micros(w.now())), 0.8f);

  const float y_c = p0.y + em * 1.6f, y_s = p1.y - em * 2.7f;
  auto lane = [&](std::size_t host) { return host == 0 ? y_c : y_s; };
  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->PushClipRect(p0, p1, true);
  dl->AddRectFilled(p0, p1, IM_COL32(255, 255, 255, 255));

  // Before the world began: shaded, no ticks.
  if (view_.start_us < 0)
    dl->AddRectFilled(ImVec2(view_.left, p0.y), ImVec2(std::min(view_.x_of(0.0), p1.x), p1.y), IM_COL32(241, 245, 249, 255));
  // Time ticks along the bottom.
  const double step = tick_step_us(view_.us_per_px, 90 * s);
  for (double tt = std::max(0.0, std::ceil(view_.start_us / step) * step); tt <= view_.end_us(); tt += step) {
    const float x = view_.x_of(tt);
    dl->AddLine(ImVec2(x, y_c), ImVec2(x, y_s), IM_COL32(241, 245, 249, 255), 1);
    dl->AddText(ImVec2(x + 2 * s, p1.y - em * 1.15f), t.muted, tick_text(tt, step).c_str());
  }
  // The two timelines.
  for (std::size_t h = 0; h < 2 && h < w.hosts().size(); ++h) {
    dl->AddLine(ImVec2(view_.left, lane(h)), ImVec2(p1.x, lane(h)), side_colour(static_cast<int>(h)), 2 * s);
    const char* name = h == 0 ? tr(Str::Client) : tr(Str::Server);
    dl->AddText(ImVec2(p0.x + em * 0.3f, lane(h) - em * 0.55f), side_colour(static_cast<int>(h)), name);
  }
  // Now.
  const float x_now = view_.x_of(w.now());
  dl->AddLine(ImVec2(x_now, p0.y), ImVec2(x_now, p1.y), IM_COL32(236, 72, 153, 110), 1.5f * s);

  const Instant t_lo{std::chrono::microseconds(static_cast<std::int64_t>(view_.start_us))};
  const Instant t_hi{std::chrono::microseconds(static_cast<std::int64_t>(view_.end_us()))};

  // State changes, written along each timeline where they happen.
  {
    auto [lo, hi] = index.visible_marks(t_lo, t_hi);
    const auto& marks = index.marks();
    float last_right[2] = {-1e9f, -1e9f};
    for (std::size_t i = lo; i < hi; ++i) {
      const StateMark& m = marks[i];
      if (m.host > 1) continue;
      const float x = view_.x_of(m.t);
      const float y = lane(m.host);
      const ImU32 colour = side_colour(static_cast<int>(m.host));
      dl->AddCircleFilled(ImVec2(x, y), 3.5f * s, colour);
      const std::string name(rfc_name(m.to));
      const ImVec2 ts = ImGui::CalcTextSize(name.c_str());
      // Changes at the same instant (listener and child) would overprint: later ones step aside.
      const float tx = std::max(x + 2 * s, last_right[m.host] + 4 * s);
      const float ty = m.host == 0 ? y - em * 1.35f : y + em * 0.3f;
      dl->AddText(ImVec2(tx, ty), colour, name.c_str());
      last_right[m.host] = tx + ts.x;
    }
  }

  // Segments: build the draw records for what is visible, then draw them.
  std::vector<SegDraw> records;
  {
    auto [lo, hi] = index.visible(t_lo, t_hi);
    const auto& segs = index.segments();
    records.reserve(std::min<std::size_t>(hi - lo, 4096));
    // Level of detail: a segment whose line would land on the same pixels as
    // the last one drawn in its direction adds nothing but cost.
    float last_x[2] = {-1e9f, -1e9f};
    for (std::size_t i = lo; i < hi; ++i) {
      const LadderSeg& g = segs[i];
      if (g.from > 1) continue;
      const float sx = view_.x_of(g.sent);
      const bool notable = g.end != SegEnd::Delivered || g.retransmission || c.selected_segment == g.id;
      if (!notable && sx - last_x[g.from] < 1.0f) continue;
      last_x[g.from] = sx;
      const Instant stop = g.end == SegEnd::Lost || g.end == SegEnd::Dropped || g.end == SegEnd::Held ? g.ended
                           : g.end == SegEnd::InFlight ? std::min(w.now(), g.arrival)
                                                       : g.arrival;
      if (stop < t_lo && g.arrival < t_lo) continue;
      const ImVec2 a(view_.x_of(g.sent), lane(g.from));
      const ImVec2 full(view_.x_of(g.arrival), lane(1 - g.from));
      const double span = static_cast<double>((g.arrival - g.sent).count());
      const float k = span > 0 ? static_cast<float>(std::clamp((stop - g.sent).count() / span, 0.0, 1.0)) : 1.0f;
      const ImVec2 b(a.x + (full.x - a.x) * k, a.y + (full.y - a.y) * k);
      const bool plain = !g.seg.flags.has(kSyn) && !g.seg.flags.has(kFin) && !g.seg.flags.has(kRst);
      records.push_back(SegDraw{&g, a, b, full, plain && g.payload > 0 ? t.data : flag_colour(g.seg.flags)});
    }
  }
  // Labels are placed greedily and skipped where they would overprint.
  std::vector<ImVec4> placed;
  const float line_h = em * 1.05f;
  for (const SegDraw& r : records) {
    const LadderSeg& g = *r.seg;
    const bool selected = c.selected_segment == g.id;
    const float thick = (selected ? 3.0f : 1.6f) * s;
    if (selected) dl->AddLine(r.a, r.b, IM_COL32(236, 72, 153, 90), 7 * s);
    if (g.end == SegEnd::InFlight) {
      // The rest of its way, faint: where it will land.
      dl->AddLine(r.b, r.full_end, (r.colour & ~IM_COL32_A_MASK) | (50u << IM_COL32_A_SHIFT), 1 * s);
    }
    dl->AddLine(r.a, r.b, r.colour, thick);
    switch (g.end) {
      case SegEnd::Lost: case SegEnd::Dropped: cross(dl, r.b, em * 0.35f, t.loss, 2.2f * s); break;
      case SegEnd::Held:
        dl->AddRectFilled(ImVec2(r.b.x - em * 0.3f, r.b.y - em * 0.3f), ImVec2(r.b.x + em * 0.3f, r.b.y + em * 0.3f), t.held, 2 * s);
        break;
      case SegEnd::Corrupted:
        head(dl, r.a, r.b, r.colour, em * 0.55f);
        cross(dl, ImVec2(r.b.x, r.b.y + (g.from == 0 ? -em * 0.7f : em * 0.7f)), em * 0.25f, t.loss, 2 * s);
        break;
      default: head(dl, r.a, r.b, r.colour, em * 0.55f); break;
    }
    if (g.retransmission || g.duplicate || g.released)  // a ring at the start: "this one is a repeat"
      dl->AddCircle(r.a, em * 0.3f, g.duplicate ? t.held : r.colour, 12, 1.5f * s);

    // The label, beside the middle of the full path.
    const std::string text = label_of(g, relative);
    const ImVec2 ts = ImGui::CalcTextSize(text.c_str());
    const ImVec2 mid((r.a.x + r.full_end.x) / 2, (r.a.y + r.full_end.y) / 2);
    // Labels left of this one's start can no longer clash: keep the list short.
    // (A label may sit left of its arrow, so keep a label's width of history.)
    placed.erase(std::remove_if(placed.begin(), placed.end(), [&](const ImVec4& p) { return p.z < mid.x - em * 25; }),
                 placed.end());
    // Right of the arrow's middle, or left of it where the right edge would cut the label.
    const float lx = mid.x + 4 * s + ts.x > p1.x ? mid.x - 4 * s - ts.x : mid.x + 4 * s;
    for (float off : {0.0f, -1.0f, 1.0f, -2.0f, 2.0f}) {
      const ImVec4 box(lx, mid.y - ts.y / 2 + off * line_h, lx + ts.x, mid.y + ts.y / 2 + off * line_h);
      if (box.y < y_c + 2 || box.w > y_s - 2) continue;
      bool clash = false;
      for (const ImVec4& p : placed)
        if (box.x < p.z && p.x < box.z && box.y < p.w && p.y < box.w) clash = true;
      if (clash) continue;
      placed.push_back(box);
      dl->AddRectFilled(ImVec2(box.x - 2, box.y), ImVec2(box.z + 2, box.w), IM_COL32(255, 255, 255, 200), 2);
      dl->AddText(ImVec2(box.x, box.y), selected ? t.selection : r.colour, text.c_str());
      break;
    }
    // A test hook: where to click this segment (the middle of its path).
    const ImVec2 hit = g.end == SegEnd::InFlight ? mid : ImVec2((r.a.x + r.b.x) / 2, (r.a.y + r.b.y) / 2);
    if (hit.x > view_.left && hit.x < p1.x)
      c.hits.push_back({"segment:" + std::to_string(g.id) + (g.released ? "r" : ""), ImVec2(hit.x - 3 * s, hit.y - 3 * s),
                        ImVec2(hit.x + 3 * s, hit.y + 3 * s)});
  }
  dl->PopClipRect();

  // A click (not a drag) picks the nearest segment: inspect it, or act on it if it is in flight.
  if (clicked) {
    const SegDraw* best = nullptr;
    float best_d = 6 * s;
    for (const SegDraw& r : records) {
      const bool flying = r.seg->end == SegEnd::InFlight;
      const float d = distance_to_segment(io.MousePos, r.a, flying ? r.full_end : r.b);
      if (d < best_d) {
        best_d = d;
        best = &r;
      }
    }
    if (best) {
      c.selected_segment = best->seg->id;
      if (best->seg->end == SegEnd::InFlight) {
        menu_segment_ = best->seg->id;
        ImGui::OpenPopup("segment-menu");
      }
    }
  }
  if (ImGui::BeginPopup("segment-menu")) {
    const LadderSeg* g = menu_segment_ ? index.find(*menu_segment_) : nullptr;
    if (g) {
      ImGui::TextColored(col(side_colour(static_cast<int>(g->from))), "#%u %s", g->id, label_of(*g, relative).c_str());
      SegmentFilter only;
      only.id = g->id;
      if (ImGui::MenuItem(tr(Str::Drop))) c.queue(ApplyCmd{DropInFlightAction{g->from, only}});
      c.mark("menu.drop");
      if (ImGui::MenuItem(tr(Str::Hold))) c.queue(ApplyCmd{HoldInFlightAction{g->from, only, "h" + std::to_string(g->id)}});
      c.mark("menu.hold");
      if (ImGui::MenuItem(tr(Str::Inspect))) c.selected_segment = g->id;
      c.mark("menu.inspect");
    }
    ImGui::EndPopup();
  }
}

}  // namespace tcplab::ui
