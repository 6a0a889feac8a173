#include "lab_app.h"

#include <algorithm>
#include <array>

#include "capture_narration.h"
#include "core/base/json.h"
#include "core/lab/capture_series.h"
#include "language.h"
#include "strings.h"
#include "theme.h"

namespace tcplab::ui {
namespace {

// NoNavInputs: Tab is the lab's focus ring (keyboard()), not ImGui 1.86's
// jump into the window's next text field or slider, which trapped the ring.
constexpr ImGuiWindowFlags kPanelFlags =
    ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoCollapse |
    ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoBringToFrontOnFocus | ImGuiWindowFlags_NoNavInputs;

}  // namespace

const char* panel_title(PanelId id) {
  switch (id) {
    case PanelId::Controls: return tr(Str::PanelControls);
    case PanelId::Timers: return tr(Str::PanelTimers);
    case PanelId::StateMachines: return tr(Str::PanelStateMachines);
    case PanelId::Ladder: return tr(Str::PanelLadder);
    case PanelId::Inspector: return tr(Str::PanelInspector);
    case PanelId::Narration: return tr(Str::PanelNarration);
  }
  return "?";
}

std::vector<std::string> LabApp::load_lessons(const std::string& dir) { return session_.load_lessons(dir); }

void LabApp::load_bulk_transfer(std::size_t segments) {
  LabSetup setup;
  for (LinkConfig& l : setup.link) l.latency = std::chrono::milliseconds(5);
  WorldConfig cfg = world_config(setup);
  cfg.record_bytes = false;  // 100,000 packets' bytes would take 150 MB
  for (HostConfig& h : cfg.hosts) h.profile.delayed_ack = false;
  World w(cfg);
  w.apply(ListenAction{"server", "l", 80, 128});
  w.apply(ConnectAction{"client", "c", 40000, "server", 80});
  // One chunk, shared by every SEND the input log keeps (a copy each was 1.4 GB at 1,000,000 segments).
  const Payload chunk(std::vector<std::uint8_t>(32768, 'x'));
  // Keep the send buffer topped up until the trace holds enough segments.
  while (w.segments_sent() < segments) {
    w.apply(SendAction{"c", chunk});
    w.run_until(w.now() + std::chrono::milliseconds(20));
  }
  w.apply(CloseAction{"c"});
  w.run_until(w.now() + std::chrono::seconds(1));
  session_.adopt(std::move(w));
  commands_.push_back(PlayCmd{false});
}

void LabApp::draw(ImVec2 display, float scale) {
  scale_ = scale;
  // Apply last frame's commands, advance the clock, then draw from the model.
  session_.apply(commands_);
  set_language(wants_chinese() && chinese_font_ready_ ? Language::Chinese : Language::English);
  session_.advance(ImGui::GetIO().DeltaTime);
  const World& w = session_.world();
  ladder_index_.update(w, session_.generation());
  window_series_.update(w.trace(), session_.generation());
  sync_views_from_session();
  if (ladder_.show_lane && ladder_.compare())
    compare_run_.follow(w, session_.generation(), ladder_.sender(), *ladder_.compare());
  const Lesson* lesson = session_.lesson();
  narrator_.set_relative(ladder_.relative);
  narrator_.update(w, session_.generation(), lesson ? fill(Str::LessonBanner, {lesson_title(*lesson), lesson_description(*lesson)}) : "");
  follow_capture();
  if (!session_.capture().replay())
    for (std::size_t h = 0; h < 2; ++h) history_[h].update(w, session_.focus(h), session_.generation());
  hits_.clear();

  PanelContext c{session_, commands_, hits_, selected_segment_, scale};
  const LabView& view = session_.view();
  c.compact = view.compact;
  time_bar_.shortcuts(c);

  // The time bar takes the height its content needed last frame (one line, two when narrow).
  const float bar_h = std::max(bar_height_, ImGui::GetFrameHeight() + ImGui::GetStyle().WindowPadding.y * 2);
  ImGui::SetNextWindowPos(ImVec2(0, 0));
  ImGui::SetNextWindowSize(ImVec2(display.x, bar_h));
  // Not the style's 32-pixel minimum height: the compact bar is shorter, and a
  // taller window would cover the panels' titles below it.
  ImGui::PushStyleVar(ImGuiStyleVar_WindowMinSize, ImVec2(1, 1));
  ImGui::Begin("##time", nullptr, kPanelFlags | ImGuiWindowFlags_NoTitleBar | ImGuiWindowFlags_NoScrollbar);
  ImGui::PopStyleVar();
  // Reset empties the world for the Controls panel's buttons; without that
  // panel (a lesson embedded in a course page) the scrubber restarts instead.
  time_bar_.draw(c, {view.compact, shown(view.panels, PanelId::Controls), wants_chinese() && !chinese_font_ready_});
  bar_height_ = ImGui::GetCursorPosY() - ImGui::GetStyle().ItemSpacing.y + ImGui::GetStyle().WindowPadding.y;
  ImGui::End();
  if (time_bar_.link_requested) {
    time_bar_.link_requested = false;
    time_bar_.show_link(share_link());
  }
  if (time_bar_.embed_requested) {
    time_bar_.embed_requested = false;
    time_bar_.show_embed(embed_snippet());
  }

  controls_.best = &best_;
  draw_panels(c, display, bar_h);
  draw_guide(c, display, bar_h);
  if (controls_.ask_request) set_ask(*std::exchange(controls_.ask_request, std::nullopt));
  follow_course();
  keyboard();
  sync_views_to_session();
}

void LabApp::sync_views_from_session() {
  const LabView& v = session_.view();
  const ViewBits from_view{v.window_lane, v.sequence_graph, v.sender, v.compare};
  if (from_view == synced_views_) return;
  ladder_.show_lane = from_view.lane;
  ladder_.sequence = from_view.sequence;
  ladder_.set_sender(from_view.sender);
  ladder_.compare() = from_view.compare;
  synced_views_ = from_view;
}

void LabApp::sync_views_to_session() {
  const ViewBits from_ui{ladder_.show_lane, ladder_.sequence, ladder_.sender(), ladder_.compare()};
  if (from_ui == synced_views_) return;
  LabView v = session_.view();
  v.window_lane = from_ui.lane;
  v.sequence_graph = from_ui.sequence;
  v.sender = from_ui.sender;
  v.compare = from_ui.compare;
  session_.set_view(v);
  synced_views_ = from_ui;
}

void LabApp::follow_capture() {
  const LabCapture& cap = session_.capture();
  if (cap.serial() == capture_seen_ && capture_relative_ == ladder_.relative) return;
  const bool fresh = cap.serial() != capture_seen_;
  if (fresh) selected_segment_.reset();  // segment ids are frame numbers there
  capture_seen_ = cap.serial();
  capture_relative_ = ladder_.relative;
  capture_lines_.clear();
  const Replay* r = cap.replay();
  if (!r) {
    capture_series_ = {};
    return;
  }
  capture_index_.load(*r);
  if (fresh) capture_series_ = capture_window_series(*r);
  capture_lines_ = narrate_capture(*r, capture_index_, cap.name(), ladder_.relative);
  for (std::size_t h = 0; h < 2; ++h) history_[h].load(*r, static_cast<int>(h));
}

// The guide and the question sit over the right column (the inspector's
// place), never over the state diagrams a question may be answered on.
void LabApp::draw_guide(const PanelContext& c, ImVec2 display, float bar_h) {
  if (!GuidePanel::wanted(session_)) return;
  const LabView& view = session_.view();
  const LayoutInput layout{display.x, display.y, bar_h, scale_, view.panels, view.compact};
  float width = std::min(display.x, 380 * scale_);
  ImVec2 pos(display.x - width, bar_h);
  if (!use_tabs(layout))
    for (const PanelRect& r : layout_panels(layout))
      if (r.id == PanelId::Inspector || r.id == PanelId::Narration) {
        pos = ImVec2(r.x, r.y);
        width = r.w;
        break;
      }
  guide_.draw(c, pos, width);
  if (guide_.guide_closed) guide_dismissed_ = true;
}

bool LabApp::open_guide() {
  const auto& lessons = session_.lessons();
  for (std::size_t i = 0; i < lessons.size(); ++i)
    if (lessons[i].name == kGuideLesson) {
      commands_.push_back(LoadLessonCmd{i});
      return true;
    }
  return false;
}

void LabApp::set_ask(bool on) {
  LabView v = session_.view();
  v.ask = on;
  session_.set_view(v);
  progress_changed_ = true;
}

// A completed lesson's score becomes its best if better; a finished guide is
// dismissed for good.
void LabApp::follow_course() {
  const auto& events = session_.course_events();
  for (; course_seen_ < events.size(); ++course_seen_) {
    const CourseEvent& e = events[course_seen_];
    if (e.kind != CourseEvent::Kind::Completed) continue;
    const int percent = static_cast<int>(e.score * 100 + 0.5);
    auto [it, added] = best_.emplace(e.lesson, percent);
    if (!added) it->second = std::max(it->second, percent);
    progress_changed_ = true;
    if (e.lesson == kGuideLesson) guide_dismissed_ = true;
  }
}

void LabApp::set_progress_json(std::string_view json) {
  // {"name": 100, ...}: the page wrote it (progress_json()); anything else is ignored.
  best_.clear();
  std::size_t i = 0;
  while ((i = json.find('"', i)) != std::string_view::npos) {
    const std::size_t end = json.find('"', i + 1);
    const std::size_t colon = end == std::string_view::npos ? end : json.find(':', end);
    if (colon == std::string_view::npos) break;
    const std::string name(json.substr(i + 1, end - i - 1));
    std::size_t k = colon + 1;
    while (k < json.size() && json[k] == ' ') ++k;
    int v = 0;
    bool digits = false;
    for (; k < json.size() && json[k] >= '0' && json[k] <= '9'; ++k, digits = true) v = v * 10 + (json[k] - '0');
    if (digits) best_[name] = std::min(v, 100);
    i = k;
  }
}

std::string LabApp::progress_json() const {
  JsonObject o;
  for (const auto& [name, best] : best_) o.num(name, best);
  return o.done();
}

void LabApp::draw_panels(const PanelContext& c, ImVec2 display, float bar_h) {
  const LabView& view = session_.view();
  const LayoutInput layout{display.x, display.y, bar_h, scale_, view.panels, view.compact};
  if (use_tabs(layout)) {
    ImGui::SetNextWindowPos(ImVec2(0, bar_h));
    ImGui::SetNextWindowSize(ImVec2(display.x, display.y - bar_h));
    ImGui::Begin("TCP Lab", nullptr, kPanelFlags | ImGuiWindowFlags_NoTitleBar);
    // Whole names, scrolled when they do not fit, rather than cut to "Contr…".
    if (ImGui::BeginTabBar("panels", ImGuiTabBarFlags_FittingPolicyScroll)) {
      for (PanelId id : kAllPanels) {
        if (!shown(view.panels, id)) continue;
        // The title in the lab's language, the id the same in every language.
        if (ImGui::BeginTabItem((std::string(panel_title(id)) + "###tab" + std::to_string(static_cast<int>(id))).c_str())) {
          draw_panel_body(id, c);
          ImGui::EndTabItem();
        }
        c.mark(std::string("tab.") + panel_title(id));
      }
      ImGui::EndTabBar();
    }
    ImGui::End();
    return;
  }
  for (const PanelRect& r : layout_panels(layout)) {
    ImGui::SetNextWindowPos(ImVec2(r.x, r.y));
    ImGui::SetNextWindowSize(ImVec2(r.w, r.h));
    const bool fixed = r.id == PanelId::StateMachines || r.id == PanelId::Ladder;
    ImGui::Begin((std::string(panel_title(r.id)) + "###panel" + std::to_string(static_cast<int>(r.id))).c_str(), nullptr,
                 kPanelFlags | (fixed ? ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NoScrollWithMouse : 0));
    draw_panel_body(r.id, c);
    ImGui::End();
  }
}

void LabApp::keyboard() {
  const ImGuiIO& io = ImGui::GetIO();
  if (!io.WantTextInput) {
    if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Tab), false)) focus_.step(hits_, io.KeyShift);
    const bool enter = ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Enter), false) ||
                       ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_KeyPadEnter), false);
    if (enter)
      if (const HitTarget* t = focus_.current(hits_))
        pointer_.click(ImVec2((t->min.x + t->max.x) / 2, (t->min.y + t->max.y) / 2));
  }
  if (const HitTarget* t = focus_.current(hits_)) {
    const float pad = 2 * scale_;
    ImGui::GetForegroundDrawList()->AddRect(ImVec2(t->min.x - pad, t->min.y - pad), ImVec2(t->max.x + pad, t->max.y + pad),
                                            theme().selection, 3 * scale_, 0, 2 * scale_);
  }
}

std::string LabApp::share_link() const {
  return page_url_ + "?" + share_query(session_, session_.view());
}

namespace {

// Text for an HTML attribute value in double quotes.
std::string attribute_text(std::string_view s) {
  std::string out;
  for (char ch : s) {
    if (ch == '&') out += "&amp;";
    else if (ch == '"') out += "&quot;";
    else if (ch == '<') out += "&lt;";
    else out += ch;
  }
  return out;
}

}  // namespace

std::string LabApp::embed_snippet() const {
  // embed.html beside the page (index.html, or the one-file tcplab.html's folder), with the share link's query.
  const std::string base = page_url_.substr(0, page_url_.rfind('/') + 1);
  const Lesson* lesson = session_.lesson();
  const std::string title = lesson ? fill(Str::EmbedFrameTitleLesson, {lesson->name}) : tr(Str::EmbedFrameTitle);
  return "<iframe src=\"" + attribute_text(base + "embed.html?" + share_query(session_, session_.view())) +
         "\" width=\"700\" height=\"450\"\n        title=\"" + attribute_text(title) +
         "\" allow=\"clipboard-write\"\n        style=\"border: 1px solid #ccc; border-radius: 6px\"></iframe>";
}

void LabApp::draw_panel_body(PanelId id, const PanelContext& c) {
  switch (id) {
    case PanelId::StateMachines: draw_state_machines(c); return;
    case PanelId::Timers: timers_.draw(c); return;
    case PanelId::Controls: controls_.draw(c); return;
    case PanelId::Ladder:
      if (session_.capture().replay())
        ladder_.draw(c, capture_index_, capture_series_, nullptr);  // what the wire shows; nothing to compare
      else
        ladder_.draw(c, ladder_index_, window_series_,
                     ladder_.show_lane && ladder_.compare() ? &compare_run_.series() : nullptr);
      return;
    case PanelId::Inspector:
      inspector_.relative = ladder_.relative;
      inspector_.draw(c, shown_index());
      return;
    case PanelId::Narration: narration_.draw(c, narration_lines()); return;
  }
}

void LabApp::draw_state_machines(const PanelContext& c) {
  const Theme& t = theme();
  const World& w = c.world();
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  const float width = (avail.x - ImGui::GetStyle().ItemSpacing.x) / 2;
  for (std::size_t i = 0; i < 2; ++i) {
    if (i > 0) ImGui::SameLine();
    ImGui::PushID(static_cast<int>(i));
    ImGui::BeginChild("fsm", ImVec2(width, avail.y), false, ImGuiWindowFlags_NoScrollbar);
    const ImU32 accent = side_colour(static_cast<int>(i));
    if (const Replay* r = session_.capture().replay()) {
      draw_captured_state(*r, i);
      ImGui::EndChild();
      ImGui::PopID();
      continue;
    }
    ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(accent), "%s", i == 0 ? tr(Str::Client) : tr(Str::Server));
    const auto focus = session_.focus(i);
    std::optional<State> current;
    if (focus) {
      const ConnEntry& e = w.entry(*focus);
      current = e.conn.state();
      ImGui::SameLine();
      ImGui::Text("%s", std::string(rfc_name(*current)).c_str());
      ImGui::SameLine();
      // The other connections on this host (a listener behind its child), in a muted line.
      std::string others;
      for (const ConnEntry& o : w.hosts()[i].connections())
        if (&o != &e && o.active) others += (others.empty() ? "" : ", ") + o.name + " " + std::string(rfc_name(o.conn.state()));
      ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(t.muted), "%s%s%s", e.name.c_str(), others.empty() ? "" : " · ",
                         others.c_str());
    } else {
      current = State::Closed;
      ImGui::SameLine();
      ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(t.muted), "%s", tr(Str::NoConnection));
    }
    fsm_[i].draw(history_[i], current, accent, fsm_labels_);
    answer_on_diagram(c, i);
    if (i == 0) {
      // The switch sits in the figure's empty bottom-left cell, so the diagrams keep their height.
      ImGui::SetCursorPos(ImVec2(0, ImGui::GetWindowHeight() - ImGui::GetFrameHeight()));
      ImGui::Checkbox(tr(Str::EdgeLabels), &fsm_labels_);
      c.mark("fsm.labels");
    }
    ImGui::EndChild();
    ImGui::PopID();
  }
}

void LabApp::draw_captured_state(const Replay& r, std::size_t side) {
  const Theme& t = theme();
  const ImU32 accent = side_colour(static_cast<int>(side));
  const std::string name = r.side_name(static_cast<int>(side));
  const Replay::EndState end = r.after.empty() ? Replay::EndState{} : r.after.back()[side];
  ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(accent), "%s", name.c_str());
  ImGui::SameLine();
  ImGui::Text("%s%s", std::string(rfc_name(end.state)).c_str(), end.certain ? "" : "?");
  if (!end.certain) {  // said before the address, which may be cut at the panel's edge
    ImGui::SameLine();
    ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(t.muted), "%s", tr(Str::CaptureAssumedShort));
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr(Str::CaptureAssumed));
  }
  ImGui::SameLine();
  ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(t.muted), "%s", (side == 0 ? r.stream.a : r.stream.b).text().c_str());
  fsm_[side].draw(history_[side], end.state, accent, fsm_labels_);
}

// Each state box is a place to click; a question about a state is answered there.
void LabApp::answer_on_diagram(const PanelContext& c, std::size_t side) {
  const FsmView& f = fsm_[side];
  const std::string prefix = std::string("fsm.") + (side == 0 ? "client." : "server.");
  for (const FsmView::Box& b : f.boxes) c.hits.push_back({prefix + std::string(rfc_name(b.state)), b.min, b.max});
  const auto asked = session_.asking();
  if (!asked || !f.clicked) return;
  if (session_.lesson()->scenario.questions[*asked].what == AskWhat::State)
    c.queue(AnswerCmd{std::string(rfc_name(*f.clicked))});
}

namespace {

std::string states_json(const LabSession& s) {
  const World& w = s.world();
  JsonObject o;
  for (std::size_t h = 0; h < 2 && h < w.hosts().size(); ++h) {
    const auto f = s.focus(h);
    o.str(w.hosts()[h].name(), f ? rfc_name(w.entry(*f).conn.state()) : "CLOSED");
  }
  return o.done();
}

std::string connections_json(const World& w) {
  std::vector<std::string> items;
  for (const Host& h : w.hosts())
    for (const ConnEntry& e : h.connections())
      items.push_back(JsonObject().str("name", e.name).str("host", h.name()).str("state", rfc_name(e.conn.state())).done());
  return json_array(items);
}

std::string timers_json(const World& w) {
  std::vector<std::string> items;
  for (const Host& h : w.hosts())
    for (const ConnEntry& e : h.connections())
      for (TimerKind k : kAllTimerKinds) {
        const TimerSlot& s = e.conn.timers().slot(k);
        if (!s.running) continue;
        items.push_back(JsonObject()
                            .str("conn", e.name)
                            .str("kind", timer_name(k))
                            .num("remaining_us", micros(s.deadline - w.now()))
                            .num("duration_us", micros(s.duration))
                            .num("backoff", s.backoff)
                            .done());
      }
  return json_array(items);
}

// The last 100 segments of the ladder.
std::string segments_json(const World& w, const std::vector<LadderSeg>& segs) {
  static constexpr const char* kEnds[] = {"in-flight", "delivered", "corrupted", "lost", "dropped", "held"};
  std::vector<std::string> items;
  for (std::size_t i = segs.size() > 100 ? segs.size() - 100 : 0; i < segs.size(); ++i) {
    const LadderSeg& s = segs[i];
    items.push_back(JsonObject()
                        .num("id", s.id)
                        .str("from", w.hosts()[s.from].name())
                        .str("flags", flags_long(s.seg.flags))
                        .num("seq", s.seg.seq.value())
                        .num("ack", s.seg.ack.value())
                        .num("len", static_cast<long long>(s.payload))
                        .str("end", kEnds[static_cast<int>(s.end)])
                        .boolean("retransmission", s.retransmission)
                        .done());
  }
  return json_array(items);
}

// What the window lane has of a capture, per side that sent:
// {side: {points, marks, scale: "negotiated" | "not-negotiated" | "unknown"}}.
std::string capture_lane_json(const Replay& r, const WindowSeries& series) {
  JsonObject o;
  for (const SenderSeries& s : series.senders()) {
    const char* scale = s.wire_scale == WireScale::Negotiated      ? "negotiated"
                        : s.wire_scale == WireScale::NotNegotiated ? "not-negotiated"
                                                                   : "unknown";
    o.raw(r.side_name(static_cast<int>(s.conn.host)), JsonObject()
                                                          .num("points", static_cast<long long>(s.points.size()))
                                                          .num("marks", static_cast<long long>(s.marks.size()))
                                                          .str("scale", scale)
                                                          .done());
  }
  return o.done();
}

// The open capture as the page shows it: null, or {name, stream, error,
// states: {side: "STATE" ('?' when assumed)}, segments (the ladder's count), lane}.
std::string capture_json(const LabCapture& cap, const LadderIndex& index, const WindowSeries& series) {
  if (!cap.is_open() && cap.error().empty()) return "null";
  JsonObject o;
  o.raw("name", cap.is_open() ? json_string(cap.name()) : "null");
  o.raw("stream", cap.selected() ? std::to_string(*cap.selected()) : "null");
  o.raw("error", cap.error().empty() ? "null" : json_string(cap.error()));
  if (const Replay* r = cap.replay()) {
    JsonObject states;
    for (int side = 0; side < 2; ++side) {
      const Replay::EndState e = r->after.empty() ? Replay::EndState{} : r->after.back()[static_cast<std::size_t>(side)];
      states.str(r->side_name(side), std::string(rfc_name(e.state)) + (e.certain ? "" : "?"));
    }
    o.raw("states", states.done()).num("segments", static_cast<long long>(index.segments().size()));
    o.raw("lane", capture_lane_json(*r, series));
  }
  return o.done();
}

// The question asked or last answered, for the browser tests:
// {index, asking, what, attempts, right, revealed, percent}.
std::string question_json(const LabSession& s) {
  const auto i = s.asking() ? s.asking() : s.last_answered();
  if (!i) return "null";
  const QuestionProgress& p = s.question_progress()[*i];
  return JsonObject()
      .num("index", static_cast<long long>(*i))
      .boolean("asking", s.asking().has_value())
      .str("what", ask_what_name(s.lesson()->scenario.questions[*i].what))
      .num("attempts", p.attempts)
      .boolean("right", p.right)
      .boolean("revealed", p.revealed)
      .num("percent", s.score().percent())
      .done();
}

// Numbers with the digits std::to_string gives ("1.000000"), as before.
std::string fixed(double v) { return std::to_string(v); }

}  // namespace

std::string LabApp::snapshot_json() const {
  const World& w = session_.world();
  const auto loaded = session_.loaded_lesson();
  std::vector<std::string> narration;
  const auto& lines = narration_lines();
  for (std::size_t i = lines.size() > 40 ? lines.size() - 40 : 0; i < lines.size(); ++i)
    narration.push_back(json_string(lines[i].text));
  JsonObject o;
  o.num("time_us", micros(w.now())).boolean("playing", session_.playing()).raw("speed", fixed(session_.speed()));
  o.raw("lesson", loaded ? json_string(session_.lessons()[*loaded].name) : "null");
  o.raw("selected", selected_segment_ ? std::to_string(*selected_segment_) : "null");
  o.boolean("compact", compact());
  o.raw("focus", focus_.name().empty() ? "null" : json_string(focus_.name()));
  o.raw("link", time_bar_.link().empty() || time_bar_.showing_embed() ? "null" : json_string(time_bar_.link()));
  o.raw("embed", time_bar_.showing_embed() ? json_string(time_bar_.link()) : "null");
  o.raw("states", states_json(session_)).raw("connections", connections_json(w)).raw("timers", timers_json(w));
  o.num("segment_count", static_cast<long long>(ladder_index_.segments().size()));
  o.raw("segments", segments_json(w, ladder_index_.segments()));
  o.raw("narration", json_array(narration)).num("narration_count", static_cast<long long>(lines.size()));
  o.raw("capture", capture_json(session_.capture(), capture_index_, capture_series_));
  o.raw("question", question_json(session_));
  o.raw("guide_step", session_.guide_step() ? std::to_string(*session_.guide_step()) : "null");
  o.raw("progress", progress_json());
  return o.done();
}

std::string LabApp::hit_targets_json() const {
  std::vector<std::string> items;
  char x[32], y[32], wd[32], ht[32];
  for (const HitTarget& h : hits_) {
    std::snprintf(x, sizeof x, "%.1f", h.min.x / scale_);
    std::snprintf(y, sizeof y, "%.1f", h.min.y / scale_);
    std::snprintf(wd, sizeof wd, "%.1f", (h.max.x - h.min.x) / scale_);
    std::snprintf(ht, sizeof ht, "%.1f", (h.max.y - h.min.y) / scale_);
    items.push_back(JsonObject().str("name", h.name).raw("x", x).raw("y", y).raw("w", wd).raw("h", ht).done());
  }
  return json_array(items);
}

}  // namespace tcplab::ui
