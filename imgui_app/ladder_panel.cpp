// The ladder: the client's timeline on top, the server's below, segments as
// sloped arrows between them, moving in real time. Only what the view shows
// is looked up (binary search in the LadderIndex) and drawn.
#include <algorithm>
#include <cmath>
#include <cstdio>

#include "geometry.h"
#include "ladder_layout.h"
#include "panels.h"
#include "strings.h"
#include "theme.h"

namespace tcplab::ui {

// One frame's geometry: the canvas, the two timelines, the visible span.
struct LadderFrame {
  ImDrawList* dl;
  ImVec2 p0, p1;     // the canvas
  float em, s;       // font size, device pixels per CSS pixel
  float y_c, y_s;    // the client's and the server's timelines
  Instant t_lo, t_hi;  // the visible span
  Instant now;
  float lane(std::size_t host) const { return host == 0 ? y_c : y_s; }
};

// A draw record: one visible segment, in pixels, built and drawn each frame.
struct SegDraw {
  const LadderSeg* seg;
  ImVec2 a, b;      // where its line starts and stops this frame
  ImVec2 full_end;  // where it arrives (or would)
  ImU32 colour;
  std::size_t burst = 1;  // the first of a burst drawn as one arrow: how many it stands for
};

namespace {

ImVec4 col(ImU32 c) { return ImGui::ColorConvertU32ToFloat4(c); }

// The tags a captured packet's label carries (a retransmission has its ↻ already).
constexpr std::pair<std::uint32_t, Str> kAnalysisTags[] = {
    {kFastRetransmission, Str::TagFastRetransmission}, {kSpuriousRetransmission, Str::TagSpurious},
    {kOutOfOrder, Str::TagOutOfOrder}, {kLostSegment, Str::TagNotCaptured}, {kAckedUnseen, Str::TagAckedUnseen},
    {kDuplicateAck, Str::TagDupAck}, {kZeroWindow, Str::TagZeroWindow}, {kZeroWindowProbe, Str::TagZeroWindowProbe},
    {kWindowFull, Str::TagWindowFull}, {kWindowUpdate, Str::TagWindowUpdate}, {kKeepAlive, Str::TagKeepAlive},
    {kChallengeAck, Str::TagChallengeAck}};

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
  // A capture's packet: what the analysis found in it (Wireshark's tcp.analysis.*).
  for (const auto& [flag, tag] : kAnalysisTags)
    if (s.analysis & flag) out += std::string(" [") + tr(tag) + "]";
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

// Where a segment's line stops this frame: lost, dropped and held ones where
// they left the wire, one in flight where it is now. A segment an armed
// fault will drop travels to mid-link first: before then it is not lost yet.
Instant line_stop(const LadderSeg& g, Instant now) {
  switch (g.end) {
    case SegEnd::Lost: case SegEnd::Dropped: case SegEnd::Held: return std::min(now, g.ended);
    case SegEnd::InFlight: return std::min(now, g.arrival);
    default: return g.arrival;
  }
}

// The last moment anything was drawn on the ladder: a segment's end or a state change.
double story_end_us(const LadderIndex& index) {
  double end = 0;
  for (std::size_t i = index.segments().size(); i-- > 0 && i + 64 >= index.segments().size();) {
    const LadderSeg& g = index.segments()[i];
    end = std::max(end, static_cast<double>(micros(g.end == SegEnd::Delivered || g.end == SegEnd::Corrupted ? g.arrival : g.ended)));
  }
  if (!index.marks().empty()) end = std::max(end, static_cast<double>(micros(index.marks().back().t)));
  return end;
}

}  // namespace

Instant LadderPanel::story_end(const LadderIndex& index) {
  return Instant{std::chrono::microseconds(static_cast<std::int64_t>(story_end_us(index)))};
}

// A capture has no clock: everything it holds has happened.
Instant LadderPanel::ladder_now(const PanelContext& c, const LadderIndex& index) {
  return c.session.capture().replay() ? story_end(index) : c.world().now();
}

namespace {

double last_sent_us(const LadderIndex& index) {
  return index.segments().empty() ? 0.0 : static_cast<double>(micros(index.segments().back().sent));
}

}  // namespace

void LadderPanel::draw(const PanelContext& c, const LadderIndex& index, const WindowSeries& series,
                       const WindowSeries* compared) {
  draw_toolbar(c);
  draw_canvas(c, index, series, compared);
  draw_menu(c, index);
}

// One input area over the whole canvas: zoom and pan move the ladder (or the
// graph) and the lane together; a click goes to whichever it landed on.
void LadderPanel::draw_canvas(const PanelContext& c, const LadderIndex& index, const WindowSeries& series,
                              const WindowSeries* compared) {
  const ImVec2 p0 = ImGui::GetCursorScreenPos();
  const ImVec2 size = ImGui::GetContentRegionAvail();
  if (size.x < 60 || size.y < 60) return;
  const float em = ImGui::GetFontSize();
  const ImVec2 p1(p0.x + size.x, p0.y + size.y);
  canvas_min = p0;
  canvas_max = p1;
  const float lane_h = show_lane ? std::clamp(size.y * 0.45f, em * 6, em * 18) : 0.0f;
  const ImVec2 upper(p1.x, p1.y - lane_h);
  view_.left = p0.x + em * 4.2f;  // the gutter holds the timelines' names
  view_.width = size.x - em * 4.2f - em * 0.5f;

  ImGui::InvisibleButton("##ladder", size, ImGuiButtonFlags_MouseButtonLeft);
  const LadderFrame probe{nullptr, p0, p1, em, c.scale, 0, 0, {}, {}, ladder_now(c, index)};
  const bool clicked = handle_input(c, index, probe);
  place_view(c, index);
  const float mouse_y = ImGui::GetIO().MousePos.y;
  if (sequence)
    graph_.draw(c, index, series, lane_.host, view_, probe.now, p0, upper, clicked && mouse_y < upper.y);
  else
    draw_ladder(c, index, p0, upper, clicked && mouse_y < upper.y);
  if (show_lane)
    lane_.draw(c, series, compared, view_, probe.now, ImVec2(p0.x, upper.y), p1, clicked && mouse_y >= upper.y);
}

void LadderPanel::draw_ladder(const PanelContext& c, const LadderIndex& index, ImVec2 p0, ImVec2 p1, bool clicked) {
  const float em = ImGui::GetFontSize();
  LadderFrame f{ImGui::GetWindowDrawList(), p0, p1, em, c.scale, p0.y + em * 1.6f, p1.y - em * 2.7f, {}, {}, ladder_now(c, index)};
  f.t_lo = Instant{std::chrono::microseconds(static_cast<std::int64_t>(view_.start_us))};
  f.t_hi = Instant{std::chrono::microseconds(static_cast<std::int64_t>(view_.end_us()))};

  f.dl->PushClipRect(p0, p1, true);
  draw_axes(c, f);
  const std::vector<LabelBox> names = draw_state_marks(f, index);
  const std::vector<SegDraw> records = build_records(c, f, index);
  draw_segments(c, f, records);
  draw_labels(c, f, records, names);
  f.dl->PopClipRect();

  if (clicked) pick(c, records, ImGui::GetIO().MousePos);
}

void LadderPanel::draw_toolbar(const PanelContext& c) {
  ImGui::Checkbox(tr(Str::Relative), &relative);
  c.mark("ladder.relative");
  ImGui::SameLine();
  if (!c.compact) {
    if (ImGui::SmallButton(tr(Str::SaveLadderImage))) image_requested = true;
    c.mark("ladder.save_image");
    // Not in the frame the picture is taken from: the tooltip would sit on the ladder.
    if (ImGui::IsItemHovered() && !image_requested) ImGui::SetTooltip("%s", tr(Str::SaveLadderImageTip));
    ImGui::SameLine();
  }
  if (const Replay* r = c.session.capture().replay()) {
    // Where the times come from: one place on the path, perhaps far from either end.
    ImGui::PushStyleColor(ImGuiCol_Text, col(theme().muted));
    ImGui::TextUnformatted(fill(Str::CapturePoint, {c.session.capture().name(), std::to_string(r->stream.index)}).c_str());
    ImGui::PopStyleColor();
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr(Str::CapturePointTip));
    // The views on a line of their own: the capture point's text is long.
  } else {
    ImGui::Checkbox(tr(Str::FollowNow), &follow_now);  // a capture has no clock to follow
    c.mark("ladder.follow");
    ImGui::SameLine();
  }
  // Issue 14: the ladder or the time-sequence graph, the window lane, whose data.
  if (ImGui::RadioButton(tr(Str::ViewLadder), !sequence)) sequence = false;
  c.mark("ladder.view-ladder");
  ImGui::SameLine();
  if (ImGui::RadioButton(tr(Str::ViewSequence), sequence)) sequence = true;
  c.mark("ladder.view-sequence");
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr(Str::ViewSequenceTip));
  ImGui::SameLine();
  ImGui::Checkbox(tr(Str::WindowLane), &show_lane);
  c.mark("ladder.lane");
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr(Str::WindowLaneTip));
  if (c.session.capture().replay() && show_lane) {
    ImGui::SameLine();
    ImGui::TextDisabled("(?)");  // what the capture's lane can and cannot show
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s\n%s", tr(Str::LaneWireFlightTip), tr(Str::LaneWireNote));
  }
  ImGui::SameLine();
  ImGui::PushStyleColor(ImGuiCol_Text, col(theme().muted));
  ImGui::TextUnformatted(c.compact ? "(?)" : tr(Str::LadderHint));
  ImGui::PopStyleColor();
  if (c.compact && ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr(Str::LadderHint));
  if (show_lane || sequence) lane_.draw_toolbar(c);  // a second line: whose data, the comparison
}

bool LadderPanel::handle_input(const PanelContext& c, const LadderIndex& index, const LadderFrame& f) {
  const ImGuiIO& io = ImGui::GetIO();
  const double now = static_cast<double>(micros(c.world().now()));
  if (ImGui::IsItemHovered() && io.MouseWheel != 0) {
    const double factor = std::pow(0.85, io.MouseWheel);
    story_ = false;  // the learner chose a zoom: the view stops growing with the story
    if (follow_now) view_.zoom_following(factor, now, last_sent_us(index));
    else view_.zoom(io.MousePos.x, factor);
  }
  if (ImGui::IsItemActivated()) dragged_ = false;
  if (ImGui::IsItemActive() && ImGui::IsMouseDragging(ImGuiMouseButton_Left, 3 * f.s)) {
    view_.pan(io.MouseDelta.x);
    follow_now = false;
    story_ = false;
    dragged_ = true;
  }
  return ImGui::IsItemDeactivated() && !dragged_;
}

// Where the view goes by itself. A new world opens on about twenty one-way
// trips of its link, from t = 0; a lesson's view grows with its story while
// it plays (nothing it showed scrolls away) and shows the whole story once
// it has ended; otherwise the view follows the clock.
void LadderPanel::place_view(const PanelContext& c, const LadderIndex& index) {
  const LabSession& s = c.session;
  if (s.capture().replay()) {
    // A capture opens whole, from its first packet to its last; the learner zooms in from there.
    if (!initialised_ || s.capture().serial() != capture_serial_) {
      initialised_ = true;
      capture_serial_ = s.capture().serial();
      world_serial_ = ~0ull;  // back to the world: its view is placed anew
      view_.fit(0, std::max(story_end_us(index), 1000.0));
      follow_now = false;
    }
    return;
  }
  capture_serial_ = ~0ull;
  const World& w = c.world();
  const double now = static_cast<double>(micros(w.now()));
  const double trip = std::max<double>(micros(w.link(0).config().latency), 1000.0);
  const double base_us_per_px = 20 * trip / view_.width;
  if (!initialised_ || s.world_serial() != world_serial_) {
    initialised_ = true;
    world_serial_ = s.world_serial();
    view_.us_per_px = base_us_per_px;
    view_.follow(now);
    story_ = s.lesson() != nullptr;
    follow_now = true;
    was_finished_ = false;
  }
  const bool finished = s.lesson_finished();
  if (finished && !was_finished_ && s.lesson()) {
    view_.fit(0, std::max(story_end_us(index), 1.0));
    follow_now = false;  // the story stays on screen; "follow now" takes the clock again
    story_ = true;
  }
  was_finished_ = finished;
  if (!follow_now) return;
  if (story_) view_.grow(0, now, base_us_per_px);
  else view_.follow(now);
}

void LadderPanel::draw_axes(const PanelContext& c, const LadderFrame& f) const {
  const Replay* replay = c.session.capture().replay();
  const Theme& t = theme();
  ImDrawList* dl = f.dl;
  dl->AddRectFilled(f.p0, f.p1, t.canvas);
  // Before the world began: shaded, no ticks.
  if (view_.start_us < 0)
    dl->AddRectFilled(ImVec2(view_.left, f.p0.y), ImVec2(std::min(view_.x_of(0.0), f.p1.x), f.p1.y), t.before_start);
  // Time ticks along the bottom.
  const double step = tick_step_us(view_.us_per_px, 90 * f.s);
  for (double tt = std::max(0.0, std::ceil(view_.start_us / step) * step); tt <= view_.end_us(); tt += step) {
    const float x = view_.x_of(tt);
    dl->AddLine(ImVec2(x, f.y_c), ImVec2(x, f.y_s), t.tick, 1);
    const std::string text = tick_text(tt, step);
    const float w = ImGui::CalcTextSize(text.c_str()).x;
    dl->AddText(ImVec2(std::min(x + 2 * f.s, f.p1.x - w - 2 * f.s), f.p1.y - f.em * 1.15f), t.muted, text.c_str());
  }
  // The two timelines, named in the gutter.
  for (std::size_t h = 0; h < 2; ++h) {
    const ImU32 colour = side_colour(static_cast<int>(h));
    dl->AddLine(ImVec2(view_.left, f.lane(h)), ImVec2(f.p1.x, f.lane(h)), colour, 2 * f.s);
    const std::string name = replay ? replay->side_name(static_cast<int>(h)) : h == 0 ? tr(Str::Client) : tr(Str::Server);
    dl->AddText(ImVec2(f.p0.x + f.em * 0.3f, f.lane(h) - f.em * 0.55f), colour, name.c_str());
  }
  if (replay) return;  // a capture has no "now"
  // Now.
  const float x_now = view_.x_of(f.now);
  dl->AddLine(ImVec2(x_now, f.p0.y), ImVec2(x_now, f.p1.y), t.now_line, 1.5f * f.s);
}

std::vector<LabelBox> LadderPanel::draw_state_marks(const LadderFrame& f, const LadderIndex& index) const {
  std::vector<LabelBox> inner_names;
  auto [lo, hi] = index.visible_marks(f.t_lo, f.t_hi);
  const auto& marks = index.marks();
  // Changes at the same instant (listener and child) would overprint: later
  // ones step aside or take the row further from the line, and a name that
  // would run past the edge moves back in.
  StateLabelRows rows[2];
  for (std::size_t i = lo; i < hi; ++i) {
    const StateMark& m = marks[i];
    if (m.host > 1) continue;
    const float x = view_.x_of(m.t), y = f.lane(m.host);
    const ImU32 colour = side_colour(static_cast<int>(m.host));
    // An assumed inference (a capture's, unproved by the wire): a hollow dot and a '?'.
    if (m.assumed) f.dl->AddCircle(ImVec2(x, y), 3.5f * f.s, colour, 12, 1.5f * f.s);
    else f.dl->AddCircleFilled(ImVec2(x, y), 3.5f * f.s, colour);
    const std::string name = std::string(rfc_name(m.to)) + (m.assumed ? "?" : "");
    const float w = ImGui::CalcTextSize(name.c_str()).x;
    const auto spot = rows[m.host].place(x, w, f.p1.x - 2 * f.s, 4 * f.s);
    if (!spot) continue;
    // The first row outside the lanes, the second inside them (kept free of segment labels).
    const bool inner = spot->row == 1;
    const float ty = (m.host == 0) != inner ? y - f.em * 1.35f : y + f.em * 0.3f;
    f.dl->AddText(ImVec2(spot->x, ty), colour, name.c_str());
    if (inner) inner_names.push_back({spot->x, ty, spot->x + w, ty + f.em});
  }
  return inner_names;
}

std::vector<SegDraw> LadderPanel::build_records(const PanelContext& c, const LadderFrame& f, const LadderIndex& index) const {
  const Theme& t = theme();
  auto [lo, hi] = index.visible(f.t_lo, f.t_hi);
  const auto& segs = index.segments();
  // Segments one side sent at the same instant are fanned apart a little
  // (six duplicate ACKs are six arrows); where the fan would not fit before
  // that side's next segment, the burst is one arrow that says how many.
  std::vector<BurstKey> keys;
  keys.reserve(std::min<std::size_t>(hi - lo, 4096));
  for (std::size_t i = lo; i < hi; ++i) keys.push_back({segs[i].from, static_cast<long long>(micros(segs[i].sent))});
  const std::vector<BurstSlot> slots = burst_slots(keys);
  const float gap = f.em * 0.7f;
  std::vector<SegDraw> records;
  records.reserve(keys.size());
  // Level of detail: a segment whose line would land on the same pixels as
  // the last one drawn in its direction adds nothing but cost.
  float last_x[2] = {-1e9f, -1e9f};
  for (std::size_t i = lo; i < hi; ++i) {
    const LadderSeg& g = segs[i];
    if (g.from > 1) continue;
    const BurstSlot slot = slots[i - lo];
    const float sx = view_.x_of(g.sent);
    // Room for the fan: up to the same side's next segment after the burst.
    float room = 1e9f;
    for (std::size_t j = i + (slot.size - slot.index); j < hi; ++j)
      if (segs[j].from == g.from) {
        room = view_.x_of(segs[j].sent) - sx;
        break;
      }
    const bool fan = slot.size > 1 && gap * static_cast<float>(slot.size) < room;
    const bool notable = g.end != SegEnd::Delivered || g.retransmission || c.selected_segment == g.id;
    if (slot.size > 1 && !fan && slot.index > 0 && !notable) continue;  // counted on the burst's first arrow
    if (!fan && !notable && sx - last_x[g.from] < 1.0f) continue;
    last_x[g.from] = sx;
    const Instant stop = line_stop(g, f.now);
    if (stop < f.t_lo && g.arrival < f.t_lo) continue;
    const float shift = fan ? gap * static_cast<float>(slot.index) : 0.0f;
    const ImVec2 a(sx + shift, f.lane(g.from));
    const ImVec2 full(view_.x_of(g.arrival) + shift, f.lane(1 - g.from));
    const double span = static_cast<double>((g.arrival - g.sent).count());
    const float k = span > 0 ? static_cast<float>(std::clamp((stop - g.sent).count() / span, 0.0, 1.0)) : 1.0f;
    const ImVec2 b(a.x + (full.x - a.x) * k, a.y + (full.y - a.y) * k);
    const bool plain = !g.seg.flags.has(kSyn) && !g.seg.flags.has(kFin) && !g.seg.flags.has(kRst);
    records.push_back(SegDraw{&g, a, b, full, plain && g.payload > 0 ? t.data : flag_colour(g.seg.flags),
                              !fan && slot.index == 0 ? slot.size : 1});
  }
  return records;
}

void LadderPanel::draw_segments(const PanelContext& c, const LadderFrame& f, const std::vector<SegDraw>& records) const {
  const Theme& t = theme();
  ImDrawList* dl = f.dl;
  const float em = f.em, s = f.s;
  for (const SegDraw& r : records) {
    const LadderSeg& g = *r.seg;
    const bool selected = c.selected_segment == g.id;
    if (selected) dl->AddLine(r.a, r.b, t.selection_glow, 7 * s);
    if (g.end == SegEnd::InFlight) dl->AddLine(r.b, r.full_end, with_alpha(r.colour, 50), 1 * s);  // where it will land
    dl->AddLine(r.a, r.b, r.colour, (selected ? 3.0f : 1.6f) * s);
    const bool gone_yet = f.now >= g.ended;  // lost, dropped or held by now
    switch (gone_yet ? g.end : SegEnd::InFlight) {
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

    // A test hook: where to click this segment (the middle of its path).
    const ImVec2 mid((r.a.x + r.full_end.x) / 2, (r.a.y + r.full_end.y) / 2);
    const ImVec2 hit = g.end == SegEnd::InFlight ? mid : ImVec2((r.a.x + r.b.x) / 2, (r.a.y + r.b.y) / 2);
    if (hit.x > view_.left && hit.x < f.p1.x)
      c.hits.push_back({"segment:" + std::to_string(g.id) + (g.released ? "r" : ""), ImVec2(hit.x - 3 * s, hit.y - 3 * s),
                        ImVec2(hit.x + 3 * s, hit.y + 3 * s)});
  }
}

// The labels, after every line so no line crosses one, greedily between the
// timelines, never over each other nor past the edges: beside the middle of
// each full path, right of it, or left where the edge would cut it.
void LadderPanel::draw_labels(const PanelContext& c, const LadderFrame& f, const std::vector<SegDraw>& records,
                              const std::vector<LabelBox>& taken) const {
  const Theme& t = theme();
  const float em = f.em, s = f.s;
  LabelPlacer labels(view_.left, f.y_c + 2, f.p1.x - 2 * s, f.y_s - 2, em * 1.05f);
  for (const LabelBox& b : taken) labels.block(b);
  for (const SegDraw& r : records) {
    const LadderSeg& g = *r.seg;
    std::string text = label_of(g, relative);
    if (r.burst > 1) text += " " + fill(Str::BurstCount, {std::to_string(r.burst)});
    const ImVec2 ts = ImGui::CalcTextSize(text.c_str());
    const ImVec2 mid((r.a.x + r.full_end.x) / 2, (r.a.y + r.full_end.y) / 2);
    // A label may sit left of its arrow: keep a label's width of history (and the state names).
    if (taken.empty()) labels.forget_left_of(mid.x - em * 25);
    const float lx = mid.x + 4 * s + ts.x > f.p1.x ? mid.x - 4 * s - ts.x : mid.x + 4 * s;
    if (const auto box = labels.place(lx, mid.y, ts.x, ts.y)) {
      f.dl->AddRectFilled(ImVec2(box->x0 - 2, box->y0), ImVec2(box->x1 + 2, box->y1), t.label_backdrop, 2);
      f.dl->AddText(ImVec2(box->x0, box->y0), c.selected_segment == g.id ? t.selection : r.colour, text.c_str());
    }
  }
}

// A click (not a drag) picks the nearest segment: inspect it, or act on it if it is in flight.
void LadderPanel::pick(const PanelContext& c, const std::vector<SegDraw>& records, ImVec2 mouse) {
  const SegDraw* best = nullptr;
  float best_d = 6 * c.scale;
  for (const SegDraw& r : records) {
    const bool flying = r.seg->end == SegEnd::InFlight;
    const float d = distance_to_segment(mouse, r.a, flying ? r.full_end : r.b);
    if (d < best_d) {
      best_d = d;
      best = &r;
    }
  }
  if (!best) return;
  c.selected_segment = best->seg->id;
  if (best->seg->end == SegEnd::InFlight) {
    menu_segment_ = best->seg->id;
    ImGui::OpenPopup("segment-menu");
  }
}

void LadderPanel::draw_menu(const PanelContext& c, const LadderIndex& index) {
  if (!ImGui::BeginPopup("segment-menu")) return;
  if (const LadderSeg* g = menu_segment_ ? index.find(*menu_segment_) : nullptr) {
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

}  // namespace tcplab::ui
