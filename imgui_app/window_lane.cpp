#include "window_lane.h"

#include <algorithm>
#include <cmath>
#include <string>

#include "core/tcp/rules.h"
#include "language.h"
#include "lane_path.h"
#include "strings.h"
#include "theme.h"
#include "draw_cache.h"

namespace tcplab::ui {

// One frame's geometry: the lane, its value axis and the visible span.
struct LaneFrame {
  ImDrawList* dl;
  ImVec2 p0, p1;  // the lane
  float em, s;
  const TimeView& view;
  Instant t_lo, t_hi, now;
  double y_max;  // octets at the top of the plot
  float top, bottom;  // the plot's rows (marks go below `bottom`)
  float y_of(double v) const { return bottom - static_cast<float>(std::min(v, y_max) / y_max) * (bottom - top); }
  float x_of(Instant t) const { return std::clamp(view.x_of(t), view.left, p1.x); }
};

namespace {

// The lane's colours: one per line, one per phase (faint, behind the lines).
struct LaneColours {
  ImU32 cwnd = IM_COL32(37, 99, 235, 255);
  ImU32 ssthresh = IM_COL32(220, 38, 38, 255);
  ImU32 flight = IM_COL32(22, 163, 74, 255);
  ImU32 peer = IM_COL32(147, 51, 234, 255);
  ImU32 compare = IM_COL32(234, 88, 12, 255);
  ImU32 phase[4] = {IM_COL32(59, 130, 246, 28), IM_COL32(34, 197, 94, 28), IM_COL32(234, 179, 8, 60),
                    IM_COL32(239, 68, 68, 45)};
};
const LaneColours kColours;

Str mark_name(WindowMarkKind k) {
  switch (k) {
    case WindowMarkKind::DupAck: return Str::MarkDupAck;
    case WindowMarkKind::FastRetransmit: return Str::MarkFastRetransmit;
    case WindowMarkKind::Timeout: return Str::MarkTimeout;
    case WindowMarkKind::WindowUpdate: return Str::MarkWindowUpdate;
    case WindowMarkKind::Retransmission: return Str::MarkRetransmission;
    case WindowMarkKind::ZeroWindow: return Str::MarkZeroWindow;
  }
  return Str::MarkDupAck;
}

ImU32 mark_colour(WindowMarkKind k) {
  switch (k) {
    case WindowMarkKind::DupAck: return theme().ack;
    case WindowMarkKind::FastRetransmit: return theme().server;
    case WindowMarkKind::Timeout: return theme().loss;
    case WindowMarkKind::WindowUpdate: return kColours.peer;
    case WindowMarkKind::Retransmission: return theme().loss;
    case WindowMarkKind::ZeroWindow: return kColours.peer;
  }
  return theme().ack;
}

// Octets as the lane's axis writes them: 4380, 12.5K, 1.2M.
std::string octets(double v) {
  char buf[32];
  if (v >= 1e6) std::snprintf(buf, sizeof buf, "%.3gM", v / 1e6);
  else if (v >= 1e4) std::snprintf(buf, sizeof buf, "%.3gK", v / 1e3);
  else std::snprintf(buf, sizeof buf, "%.0f", v);
  return buf;
}
std::string ssthresh_text(std::uint32_t v) { return v == kInfiniteSsthresh ? tr(Str::LaneInfinite) : octets(v); }

template <class T>
std::pair<std::size_t, std::size_t> span_of(const std::vector<T>& v, Instant from, Instant to) {
  auto lo = std::upper_bound(v.begin(), v.end(), from, [](Instant x, const T& e) { return x < e.t; });
  if (lo != v.begin()) --lo;  // the one in force at `from`
  auto hi = std::upper_bound(v.begin(), v.end(), to, [](Instant x, const T& e) { return x < e.t; });
  return {static_cast<std::size_t>(lo - v.begin()), static_cast<std::size_t>(hi - v.begin())};
}

// The largest value the visible span shows: the plot's scale. The
// receiver's window counts unless it dwarfs the sender's own numbers (a
// 64 KB window over a cwnd of a few segments): then it runs along the top.
double visible_max(const SenderSeries& s, Instant from, Instant to) {
  double top = 1, peer = 0;
  auto [lo, hi] = s.visible(from, to);
  for (std::size_t i = lo; i < hi; ++i) {
    const WindowPoint& p = s.points[i];
    top = std::max({top, double(p.cwnd), double(p.flight), p.ssthresh == kInfiniteSsthresh ? 0.0 : double(p.ssthresh)});
  }
  auto [plo, phi] = span_of(s.peer_window, from, to);
  for (std::size_t i = plo; i < phi; ++i) peer = std::max(peer, double(s.peer_window[i].window));
  if (peer <= 2 * top) top = std::max(top, peer);
  return nice_ceiling(top * 1.05);
}

void draw_path(ImDrawList* dl, const std::vector<PathPoint>& pts, ImU32 colour, float thick) {
  if (pts.size() >= 2)
    dl->AddPolyline(reinterpret_cast<const ImVec2*>(pts.data()), static_cast<int>(pts.size()), colour, 0, thick);
}

// A finished StepPath's points, taken (the path is left empty).
std::vector<PathPoint> take(StepPath& path, float end) {
  path.finish(end);
  std::vector<PathPoint> out = path.points();
  path.clear();
  return out;
}

void marker(ImDrawList* dl, WindowMarkKind k, ImVec2 c, float r, ImU32 colour) {
  switch (k) {
    case WindowMarkKind::DupAck: dl->AddLine(ImVec2(c.x, c.y - r), ImVec2(c.x, c.y + r), colour, 1.5f); break;
    case WindowMarkKind::FastRetransmit:
      dl->AddTriangleFilled(ImVec2(c.x, c.y - r), ImVec2(c.x - r, c.y + r), ImVec2(c.x + r, c.y + r), colour);
      break;
    case WindowMarkKind::Timeout:
      dl->AddLine(ImVec2(c.x - r, c.y - r), ImVec2(c.x + r, c.y + r), colour, 2);
      dl->AddLine(ImVec2(c.x - r, c.y + r), ImVec2(c.x + r, c.y - r), colour, 2);
      break;
    case WindowMarkKind::WindowUpdate:
      dl->AddQuadFilled(ImVec2(c.x, c.y - r), ImVec2(c.x + r, c.y), ImVec2(c.x, c.y + r), ImVec2(c.x - r, c.y), colour);
      break;
    case WindowMarkKind::Retransmission:
      dl->AddTriangle(ImVec2(c.x, c.y - r), ImVec2(c.x - r, c.y + r), ImVec2(c.x + r, c.y + r), colour, 1.5f);
      break;
    case WindowMarkKind::ZeroWindow: dl->AddRect(ImVec2(c.x - r, c.y - r), ImVec2(c.x + r, c.y + r), colour, 0, 0, 1.5f); break;
  }
}

}  // namespace

static_assert(sizeof(PathPoint) == sizeof(ImVec2), "StepPath's points are handed to ImGui as ImVec2");

void WindowLane::draw_toolbar(const PanelContext& c) {
  ImGui::TextUnformatted(tr(Str::LaneSender));
  const Replay* replay = c.session.capture().replay();
  // A capture's ends are "a" and "b" unless a SYN showed who opened.
  const bool named = !replay || replay->side_name(0) == "client";
  for (std::size_t h = 0; h < 2; ++h) {
    ImGui::SameLine();
    const char* name = named ? (h == 0 ? tr(Str::Client) : tr(Str::Server)) : (h == 0 ? "a" : "b");
    if (ImGui::RadioButton(name, host == h)) host = h;
    c.mark(h == 0 ? "lane.client" : "lane.server");
  }
  if (replay) return;  // a capture is one run: nothing to compare it with
  ImGui::SameLine();
  const char* names[] = {tr(Str::CompareNone), "tahoe", "reno", "newreno", "cubic"};
  int chosen = compare ? static_cast<int>(*compare) + 1 : 0;
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 6);
  if (ImGui::Combo(tr(Str::Compare), &chosen, names, 5))
    compare = chosen == 0 ? std::nullopt : std::optional(static_cast<CongestionAlgorithm>(chosen - 1));
  c.mark("lane.compare");
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr(Str::CompareTip));
}

void WindowLane::draw(const PanelContext& c, const WindowSeries& series, const WindowSeries* overlay,
                      const TimeView& view, Instant now, ImVec2 p0, ImVec2 p1, bool clicked) {
  const float em = ImGui::GetFontSize();
  const auto instant = [](double us) { return Instant{std::chrono::microseconds(static_cast<std::int64_t>(us))}; };
  LaneFrame f{ImGui::GetWindowDrawList(), p0, p1, em, c.scale, view, instant(view.start_us), instant(view.end_us()),
              now, 1, p0.y + em * 1.5f, p1.y - em * 1.0f};
  c.hits.push_back({"lane", p0, p1});
  f.dl->PushClipRect(p0, p1, true);
  const bool capture = c.session.capture().replay() != nullptr;
  draw_background(f, capture ? Str::LaneFlight : Str::LaneCwnd);
  const SenderSeries* s = series.for_host(host);
  if (!s || s->points.empty()) {
    f.dl->AddText(ImVec2(view.left, p0.y + em * 0.4f), theme().muted, tr(capture ? Str::LaneWireEmpty : Str::LaneEmpty));
    f.dl->PopClipRect();
    sum_ = Summary{};
    return;
  }
  const SenderSeries* twin = overlay && compare ? overlay->for_host(host) : nullptr;
  const ViewKey key{c.session.shown_serial(), s->points.size(), micros(f.now), view.start_us, view.us_per_px,
                    view.left, p0.x, p0.y, p1.x, p1.y, em, c.scale, host,
                    twin ? static_cast<std::size_t>(*compare) + 1 + twin->points.size() * 8 : 0,
                    look_key({kColours.cwnd, theme().ack, theme().server, theme().loss})};
  if (!(key == sum_.key)) {
    summarise(f, *s, twin);
    sum_.key = key;
    f.y_max = sum_.y_max;
    LaneFrame r = f;
    r.dl = drawn_.record();
    draw_phases(r);
    if (twin) draw_overlay(r);
    draw_lines(r);
    draw_marks(r);
  }
  f.y_max = sum_.y_max;
  drawn_.replay(f.dl);
  if (twin) draw_overlay_name(f);
  mark_hits(c, f);
  draw_legend(f, *s);
  f.dl->PopClipRect();
  const ImVec2 mouse = ImGui::GetIO().MousePos;
  const bool inside = mouse.x >= view.left && mouse.x < p1.x && mouse.y >= p0.y && mouse.y < p1.y;
  if (inside && ImGui::IsWindowHovered()) draw_hover(f, *s);
  if (inside && clicked) pick(c, f, *s, mouse);
}

// The visible span, column by column: the scale, the phases' runs, the
// lines and the marks, each folded so that no pixel column holds more than
// a few points however many decisions the run made there.
void WindowLane::summarise(const LaneFrame& f, const SenderSeries& s, const SenderSeries* twin) {
  LaneFrame g = f;
  g.y_max = visible_max(s, f.t_lo, std::min(f.t_hi, f.now));
  if (twin) g.y_max = std::max(g.y_max, visible_max(*twin, f.t_lo, std::min(f.t_hi, f.now)));
  sum_.y_max = g.y_max;
  summarise_phases(g, s);
  summarise_lines(g, s);
  sum_.overlay.clear();
  if (twin) {
    auto [lo, hi] = twin->visible(f.t_lo, f.t_hi);
    StepPath cwnd;
    for (std::size_t i = lo; i < hi; ++i) cwnd.add(g.x_of(twin->points[i].t), g.y_of(twin->points[i].cwnd));
    sum_.overlay = take(cwnd, g.x_of(std::min(f.now, f.t_hi)));
  }
  summarise_marks(g, s);
}

void WindowLane::draw_background(const LaneFrame& f, Str name) const {
  const Theme& t = theme();
  f.dl->AddRectFilled(f.p0, f.p1, t.canvas);
  f.dl->AddLine(ImVec2(f.p0.x, f.p0.y), ImVec2(f.p1.x, f.p0.y), t.faint, 1);
  f.dl->AddText(ImVec2(f.p0.x + f.em * 0.3f, f.p0.y + f.em * 0.3f), t.muted, tr(name));
}

// Each run of one phase shaded behind the lines, up to now; runs narrower
// than a pixel column join the run drawn there.
void WindowLane::summarise_phases(const LaneFrame& f, const SenderSeries& s) {
  sum_.phases.clear();
  if (s.from_wire) return;  // the phase is the sender's, not on the wire
  auto [lo, hi] = s.visible(f.t_lo, f.t_hi);
  const float right = f.x_of(f.now);
  for (std::size_t i = lo; i < hi;) {
    std::size_t j = i + 1;
    while (j < hi && s.points[j].phase == s.points[i].phase) ++j;
    const float x0 = f.x_of(s.points[i].t), x1 = j < s.points.size() ? f.x_of(s.points[j].t) : right;
    if (x1 > x0) {
      PhaseDraw* last = sum_.phases.empty() ? nullptr : &sum_.phases.back();
      if (last && last->phase == s.points[i].phase && x0 - last->x1 < 1.0f) last->x1 = x1;
      else if (last && x1 - x0 < 1.0f && x1 - last->x0 < 1.0f) last->x1 = std::max(last->x1, x1);
      else sum_.phases.push_back({x0, x1, s.points[i].phase});
    }
    i = j;
  }
}

void WindowLane::draw_phases(const LaneFrame& f) const {
  for (const PhaseDraw& p : sum_.phases)
    f.dl->AddRectFilled(ImVec2(p.x0, f.top), ImVec2(p.x1, f.bottom), kColours.phase[static_cast<int>(p.phase)]);
}

// cwnd, ssthresh (none while it is still "arbitrarily high"), flight and the
// receiver's window as step lines, a few points per pixel column at most.
void WindowLane::summarise_lines(const LaneFrame& f, const SenderSeries& s) {
  auto [lo, hi] = s.visible(f.t_lo, f.t_hi);
  const float end = f.x_of(std::min(f.now, f.t_hi));
  StepPath cwnd, ssthresh, flight, peer;
  sum_.ssthresh.clear();
  for (std::size_t i = lo; i < hi; ++i) {
    const WindowPoint& p = s.points[i];
    const float x = f.x_of(p.t);
    flight.add(x, f.y_of(p.flight));
    if (s.from_wire) continue;  // cwnd and ssthresh are not on the wire
    cwnd.add(x, f.y_of(p.cwnd));
    if (p.ssthresh != kInfiniteSsthresh) ssthresh.add(x, f.y_of(p.ssthresh));
    else if (!ssthresh.empty()) sum_.ssthresh.push_back(take(ssthresh, x));
  }
  auto [plo, phi] = span_of(s.peer_window, f.t_lo, f.t_hi);
  for (std::size_t i = plo; i < phi; ++i) peer.add(f.x_of(s.peer_window[i].t), f.y_of(s.peer_window[i].window));
  sum_.cwnd = take(cwnd, end);
  sum_.flight = take(flight, end);
  sum_.peer = take(peer, end);
  sum_.ssthresh.push_back(take(ssthresh, end));
}

void WindowLane::draw_lines(const LaneFrame& f) const {
  draw_path(f.dl, sum_.peer, kColours.peer, 1.5f * f.s);
  draw_path(f.dl, sum_.flight, kColours.flight, 1.2f * f.s);
  for (const auto& piece : sum_.ssthresh) draw_path(f.dl, piece, kColours.ssthresh, 1.5f * f.s);
  draw_path(f.dl, sum_.cwnd, kColours.cwnd, 2.2f * f.s);
}

// The comparison run's cwnd, dashed (every other stretch of a few pixels), with its name.
void WindowLane::draw_overlay(const LaneFrame& f) const {
  const auto& pts = sum_.overlay;
  const float dash = 5 * f.s;
  for (std::size_t i = 1; i < pts.size(); ++i) {
    const ImVec2 a(pts[i - 1].x, pts[i - 1].y), b(pts[i].x, pts[i].y);
    const float len = std::abs(b.x - a.x) + std::abs(b.y - a.y);
    for (float d = 0; d < len; d += 2 * dash) {
      const float k0 = d / len, k1 = std::min(d + dash, len) / len;
      f.dl->AddLine(ImVec2(a.x + (b.x - a.x) * k0, a.y + (b.y - a.y) * k0),
                    ImVec2(a.x + (b.x - a.x) * k1, a.y + (b.y - a.y) * k1), kColours.compare, 2 * f.s);
    }
  }
}

void WindowLane::draw_overlay_name(const LaneFrame& f) const {
  const std::string name = fill(Str::CompareLabel, {algorithm_id(*compare)});
  const float w = ImGui::CalcTextSize(name.c_str()).x;
  const ImVec2 at(f.p1.x - w - f.em * 0.5f, f.top + 2);
  f.dl->AddRectFilled(ImVec2(at.x - 2, at.y), ImVec2(at.x + w + 2, at.y + f.em), theme().label_backdrop, 2);
  f.dl->AddText(at, kColours.compare, name.c_str());
}

// Marks on the strip under the plot; one per kind and pixel column.
void WindowLane::summarise_marks(const LaneFrame& f, const SenderSeries& s) {
  sum_.marks.clear();
  auto lo = std::lower_bound(s.marks.begin(), s.marks.end(), f.t_lo, [](const WindowMark& m, Instant t) { return m.t < t; });
  float last[kWindowMarkKinds];
  std::fill(std::begin(last), std::end(last), -1e9f);
  const float r = f.em * 0.28f;
  for (auto it = lo; it != s.marks.end() && it->t <= f.t_hi; ++it) {
    const float x = f.x_of(it->t);
    const int k = static_cast<int>(it->kind);
    if (x - last[k] < 1.0f) continue;
    last[k] = x;
    // Kinds side by side at one instant: each a little apart, so all show.
    const float dx = (k - 1.5f) * r * 0.9f;
    sum_.marks.push_back({x + dx, it->kind, it->segment});
  }
}

void WindowLane::draw_marks(const LaneFrame& f) const {
  const float y = (f.bottom + f.p1.y) / 2, r = f.em * 0.28f;
  for (const MarkDraw& m : sum_.marks) marker(f.dl, m.kind, ImVec2(m.x, y), r, mark_colour(m.kind));
}

// The first few hundred marks with a segment, as named places to click (tests, tools).
void WindowLane::mark_hits(const PanelContext& c, const LaneFrame& f) const {
  const float y = (f.bottom + f.p1.y) / 2;
  std::size_t n = 0;
  for (const MarkDraw& m : sum_.marks) {
    if (m.segment && ++n <= 400)
      c.hits.push_back({"lane.mark:" + std::string(mark_id(m.kind)) + ":" + std::to_string(*m.segment),
                        ImVec2(m.x - 2 * f.s, y - 2 * f.s), ImVec2(m.x + 2 * f.s, y + 2 * f.s)});
  }
}

namespace {

// What a capture's lane says about what the wire cannot show: the window
// scale when it is not known for sure, and that cwnd and ssthresh are missing.
std::string wire_note(const SenderSeries& s) {
  std::string note = tr(Str::LaneWireNote);
  switch (s.wire_scale) {
    case WireScale::Negotiated: return fill(Str::LaneScaleShift, {std::to_string(s.peer_shift)}) + ". " + note;
    case WireScale::NotNegotiated: return std::string(tr(Str::LaneScaleNone)) + ". " + note;
    case WireScale::Unknown: return std::string(tr(Str::LaneScaleUnknown)) + ". " + note;
  }
  return note;
}

}  // namespace

void WindowLane::draw_legend(const LaneFrame& f, const SenderSeries& s) const {
  float x = f.view.left + f.em * 0.5f;
  const float y = f.p0.y + f.em * 0.3f;
  const std::pair<Str, ImU32> lines[] = {{Str::LaneCwnd, kColours.cwnd},
                                         {Str::LaneSsthresh, kColours.ssthresh},
                                         {Str::LaneFlight, kColours.flight},
                                         {Str::LanePeerWindow, kColours.peer}};
  for (const auto& [name, colour] : lines) {
    if (s.from_wire && (name == Str::LaneCwnd || name == Str::LaneSsthresh)) continue;
    const char* text = tr(name);
    const float w = ImGui::CalcTextSize(text).x;
    f.dl->AddRectFilled(ImVec2(x - 2, y), ImVec2(x + w + 2, y + f.em), theme().label_backdrop, 2);
    f.dl->AddText(ImVec2(x, y), colour, text);
    x += w + f.em * 0.8f;
  }
  if (s.from_wire) {
    const std::string note = wire_note(s);
    const float w = ImGui::CalcTextSize(note.c_str()).x;
    f.dl->AddRectFilled(ImVec2(x - 2, y), ImVec2(x + w + 2, y + f.em), theme().label_backdrop, 2);
    f.dl->AddText(ImVec2(x, y), theme().muted, note.c_str());
  }
  const std::string top = octets(f.y_max);
  f.dl->AddText(ImVec2(f.p0.x + f.em * 0.3f, f.top), theme().muted, top.c_str());
  f.dl->AddText(ImVec2(f.p0.x + f.em * 0.3f, f.bottom - f.em), theme().muted, "0");
}

// Under the pointer: the values in force there and the decision that set them.
void WindowLane::draw_hover(const LaneFrame& f, const SenderSeries& s) const {
  const float mx = ImGui::GetIO().MousePos.x;
  const Instant t = Instant{std::chrono::microseconds(static_cast<std::int64_t>(f.view.t_of(mx)))};
  const WindowPoint* p = s.at(t);
  if (!p) return;
  f.dl->AddLine(ImVec2(mx, f.p0.y), ImVec2(mx, f.p1.y), theme().faint, 1);
  const PeerWindow* pw = s.peer_window_at(t);
  ImGui::BeginTooltip();
  char when[32];
  std::snprintf(when, sizeof when, "%.6f", static_cast<double>(micros(t)) / 1e6);
  if (s.from_wire) {
    draw_wire_hover(when, s, *p, pw);
    ImGui::EndTooltip();
    return;
  }
  ImGui::TextUnformatted(fill(Str::LaneTime, {when, tr(phase_name(p->phase))}).c_str());
  ImGui::TextUnformatted(fill(Str::LaneValues, {std::to_string(p->cwnd), ssthresh_text(p->ssthresh),
                                                std::to_string(p->flight), pw ? std::to_string(pw->window) : "-"})
                             .c_str());
  const std::string seg = p->segment ? std::to_string(*p->segment) : "-";
  ImGui::TextUnformatted(fill(Str::LaneDecision, {rule_id(p->why), rule_text(p->why), seg}).c_str());
  draw_marks_under(f, mx);
  ImGui::EndTooltip();
}

// The marks under the pointer, by name.
void WindowLane::draw_marks_under(const LaneFrame& f, float mx) const {
  for (const MarkDraw& m : sum_.marks)
    if (std::abs(m.x - mx) < 4 * f.s) ImGui::TextUnformatted(tr(mark_name(m.kind)));
}

// A capture's values: what the capture point saw, the packet that set them, and what it cannot see.
void WindowLane::draw_wire_hover(const char* when, const SenderSeries& s, const WindowPoint& p, const PeerWindow* pw) const {
  ImGui::TextUnformatted(fill(Str::LaneWireTime, {when}).c_str());
  const std::string seg = p.segment ? std::to_string(*p.segment) : "-";
  ImGui::TextUnformatted(
      fill(Str::LaneWireValues, {std::to_string(p.flight), pw ? std::to_string(pw->window) : "-", seg}).c_str());
  ImGui::TextDisabled("%s", wire_note(s).c_str());
}

// A click selects the segment behind the nearest mark, or else behind the
// nearest change of the window (within a few pixels).
void WindowLane::pick(const PanelContext& c, const LaneFrame& f, const SenderSeries& s, ImVec2 mouse) const {
  const float reach = 6 * f.s;
  std::optional<std::uint32_t> best;
  float best_d = reach;
  if (mouse.y >= f.bottom)
    for (const MarkDraw& m : sum_.marks)
      if (m.segment && std::abs(m.x - mouse.x) < best_d) {
        best_d = std::abs(m.x - mouse.x);
        best = m.segment;
      }
  if (!best) {
    const auto t_of = [&](float x) { return Instant{std::chrono::microseconds(static_cast<std::int64_t>(f.view.t_of(x)))}; };
    auto [lo, hi] = s.visible(t_of(mouse.x - reach), t_of(mouse.x + reach));
    for (std::size_t i = lo; i < hi; ++i) {
      const float d = std::abs(f.x_of(s.points[i].t) - mouse.x);
      if (s.points[i].segment && d <= best_d) {
        best_d = d;
        best = s.points[i].segment;
      }
    }
  }
  if (best) c.selected_segment = *best;
}

}  // namespace tcplab::ui
