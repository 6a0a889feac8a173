// The lab's window: owns the session (the World and its clock), the LabApi
// the page's JavaScript drives it through, and the panels; draws one frame:
// apply the commands queued last frame, advance simulated time, draw. Knows
// core and Dear ImGui, nothing of the platform it runs on.
#pragma once
#include <imgui.h>

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/lab/lab_api.h"
#include "fsm_view.h"
#include "guide_panel.h"
#include "keyboard_focus.h"
#include "ladder_index.h"
#include "layout.h"
#include "narration.h"
#include "panels.h"
#include "pointer_script.h"
#include "core/lab/lab_session.h"
#include "core/lab/compare_run.h"
#include "core/sim/window_series.h"

namespace tcplab::ui {

// The guided lesson a first visit opens (scenarios/guided-handshake.scenario).
inline constexpr const char* kGuideLesson = "guided-handshake";

class LabApp {
 public:
  // One frame. `display` is the framebuffer size in pixels, `scale` the
  // device pixels per CSS pixel (layout thresholds are in CSS pixels).
  void draw(ImVec2 display, float scale);
  // Before ImGui::NewFrame, after the platform set the mouse: presses that
  // do not come from the mouse (touches pushed on pointer(), Enter on the
  // control in keyboard focus) take their next step.
  void before_frame(ImGuiIO& io) { pointer_.apply(io); }
  PointerScript& pointer() { return pointer_; }
  // True once after the capture button was pressed: the platform then saves capture().
  bool take_capture_request() { return std::exchange(time_bar_.capture_requested, false); }
  // The run so far as the client captured it (pcap, LINKTYPE_RAW), or why not.
  Result<std::vector<std::uint8_t>, std::string> capture() const { return api_.pcap(""); }
  // The narration so far (the page mirrors it into the DOM for screen readers).
  const Narrator& narrator() const { return narrator_; }
  // What the Narration panel shows: the run's, or the open capture's.
  const std::vector<NarrationLine>& narration_lines() const {
    return session_.capture().replay() ? capture_lines_ : narrator_.lines();
  }
  // Changes whenever narration_lines() starts over (a new world, a rewind, a capture opened or closed).
  std::uint64_t narration_serial() const { return session_.shown_serial(); }
  // True once after "Open capture…" was pressed: the platform then asks for a file.
  bool take_open_capture_request() { return std::exchange(time_bar_.open_capture_requested, false); }
  // Once after "Save as image": the ladder's rectangle (device pixels) drawn this frame, for a PNG.
  std::optional<std::pair<ImVec2, ImVec2>> take_ladder_image_request() {
    if (!std::exchange(ladder_.image_requested, false)) return std::nullopt;
    return std::pair{ladder_.canvas_min, ladder_.canvas_max};
  }

  // Lessons: every *.scenario file in `dir`, by name. Returns the errors of files that did not parse.
  std::vector<std::string> load_lessons(const std::string& dir);
  std::vector<std::string> load_lessons(std::vector<LabSession::LessonSource> sources) {
    return session_.load_lessons(std::move(sources));
  }
  // A long bulk transfer built in code (the frame-time benchmark): about `segments` segments.
  void load_bulk_transfer(std::size_t segments);

  // --- test hooks (the browser tests read these through web/) ---
  // {time_us, playing, speed, lesson, selected, compact, link (the last Copy link's, or null),
  //  states:{client,server}, connections, segments (last 100), timers, narration}
  std::string snapshot_json() const;
  // [{name, x, y, w, h}] of what was drawn last frame, in CSS pixels.
  std::string hit_targets_json() const;

  const LabSession& session() const { return session_; }

  // --- guided lessons and the course's progress (the platform keeps them in localStorage) ---
  // Opens the guided handshake lesson (a first visit); false when there is none.
  bool open_guide();
  // True once after the learner closed the guide or finished it: the platform remembers it.
  bool take_guide_dismissed() { return std::exchange(guide_dismissed_, false); }
  // Lessons done and their best score in percent, as JSON {"handshake": 100, ...}.
  void set_progress_json(std::string_view json);
  std::string progress_json() const;
  // True once after a lesson was completed (the best scores changed) or the ask switch moved.
  bool take_progress_changed() { return std::exchange(progress_changed_, false); }
  // Whether the learner wants lessons to ask (the Lessons list's switch).
  void set_ask(bool on);
  // The page's API over this session. The session's view() (URL parameters
  // "panels", "layout"), set through the API, decides which panels are drawn and how.
  LabApi& api() { return api_; }
  const LabApi& api() const { return api_; }

  // The address share links start with: the page without its query
  // ("https://host/lab/index.html", "file:///home/me/tcplab.html").
  void set_page_url(std::string url) { page_url_ = std::move(url); }
  // The link "Copy link" makes now: page URL + '?' + share_query().
  std::string share_link() const;
  // The iframe snippet "Embed this" writes: embed.html beside the page, with the share link's query.
  std::string embed_snippet() const;
  // The platform's answer to the last clipboard write (it may be refused).
  void clipboard_written(bool ok) { time_bar_.link_copied(ok); }
  // The font size the layout wants, in CSS pixels (smaller when compact).
  float font_css_pixels() const { return compact() ? 13.0f : 15.0f; }
  bool compact() const { return session_.view().compact; }
  // Chinese is drawn only once its font is in the atlas: the platform says
  // when (the page fetches it on demand); until then the lab speaks English.
  void set_chinese_font_ready(bool ready) { chinese_font_ready_ = ready; }
  bool wants_chinese() const { return session_.view().lang == "zh-CN"; }

 private:
  void draw_panels(const PanelContext& c, ImVec2 display, float bar_h);
  void draw_panel_body(PanelId id, const PanelContext& c);
  // Tab / Shift-Tab / Enter through the controls drawn this frame, and the focus ring.
  void keyboard();
  void draw_state_machines(const PanelContext& c);
  // A capture's end in the State machines panel: its inferred state, '?' when assumed.
  void draw_captured_state(const Replay& r, std::size_t side);
  // Rebuilds the capture's ladder, narration and diagrams when it or the numbering changed.
  void follow_capture();
  const LadderIndex& shown_index() const { return session_.capture().replay() ? capture_index_ : ladder_index_; }
  void answer_on_diagram(const PanelContext& c, std::size_t side);

  void follow_course();  // completions into the progress; the guide's end
  void draw_guide(const PanelContext& c, ImVec2 display, float bar_h);
  // The lane, graph and sender settings: the session's view (URL, API) sets
  // the ladder panel's toggles when it changes, the toggles write back to it
  // (so share links keep them).
  void sync_views_from_session();
  void sync_views_to_session();

  LabSession session_;
  LabApi api_{session_};  // after session_: it drives that session
  std::string page_url_;
  std::vector<Command> commands_;
  std::vector<HitTarget> hits_;
  std::optional<std::uint32_t> selected_segment_;
  float scale_ = 1;
  float bar_height_ = 0;  // the time bar's content height, measured last frame

  LadderIndex ladder_index_;
  // An open capture's view: the same ladder model, narration lines and diagrams, built from its replay.
  LadderIndex capture_index_;
  std::vector<NarrationLine> capture_lines_;
  std::uint64_t capture_seen_ = ~0ull;
  bool capture_relative_ = true;
  WindowSeries window_series_;
  WindowSeries capture_series_;  // the open capture's: what the wire shows (core/lab/capture_series.h)
  CompareRun compare_run_;  // the comparison, run along while the lane shows one
  struct ViewBits {
    bool lane = false, sequence = false;
    std::size_t sender = 0;
    std::optional<CongestionAlgorithm> compare;
    bool operator==(const ViewBits&) const = default;
  };
  ViewBits synced_views_;
  Narrator narrator_;
  FsmHistory history_[2];
  FsmView fsm_[2];
  bool fsm_labels_ = false;
  bool chinese_font_ready_ = true;  // natively there is no font to wait for  // every edge labelled, or only the last transition
  TimeBar time_bar_;
  ControlsPanel controls_;
  TimersPanel timers_;
  LadderPanel ladder_;
  InspectorPanel inspector_;
  NarrationPanel narration_;
  PointerScript pointer_;
  GuidePanel guide_;
  std::map<std::string, int> best_;  // lesson -> best score, percent
  std::size_t course_seen_ = 0;      // session_.course_events() read so far
  bool progress_changed_ = false;
  bool guide_dismissed_ = false;
  KeyboardFocus focus_;
};

const char* panel_title(PanelId id);

}  // namespace tcplab::ui
