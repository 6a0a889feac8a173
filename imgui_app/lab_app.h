// The lab's window: owns the session (the World and its clock), the LabApi
// the page's JavaScript drives it through, and the panels; draws one frame:
// apply the commands queued last frame, advance simulated time, draw. Knows
// core and Dear ImGui, nothing of the platform it runs on.
#pragma once
#include <imgui.h>

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/lab/lab_api.h"
#include "fsm_view.h"
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

  // Lessons: every *.scenario file in `dir`, by name. Returns the errors of files that did not parse.
  std::vector<std::string> load_lessons(const std::string& dir);
  // A long bulk transfer built in code (the frame-time benchmark): about `segments` segments.
  void load_bulk_transfer(std::size_t segments);

  // --- test hooks (the browser tests read these through web/) ---
  // {time_us, playing, speed, lesson, selected, compact, link (the last Copy link's, or null),
  //  states:{client,server}, connections, segments (last 100), timers, narration}
  std::string snapshot_json() const;
  // [{name, x, y, w, h}] of what was drawn last frame, in CSS pixels.
  std::string hit_targets_json() const;

  const LabSession& session() const { return session_; }
  // The page's API over this session. The session's view() (URL parameters
  // "panels", "layout"), set through the API, decides which panels are drawn and how.
  LabApi& api() { return api_; }
  const LabApi& api() const { return api_; }

  // The address share links start with: the page without its query
  // ("https://host/lab/index.html", "file:///home/me/tcplab.html").
  void set_page_url(std::string url) { page_url_ = std::move(url); }
  // The link "Copy link" makes now: page URL + '?' + share_query().
  std::string share_link() const;
  // The platform's answer to the last clipboard write (it may be refused).
  void clipboard_written(bool ok) { time_bar_.link_copied(ok); }
  // The font size the layout wants, in CSS pixels (smaller when compact).
  float font_css_pixels() const { return compact() ? 13.0f : 15.0f; }
  bool compact() const { return session_.view().compact; }

 private:
  void draw_panels(const PanelContext& c, ImVec2 display, float bar_h);
  void draw_panel_body(PanelId id, const PanelContext& c);
  // Tab / Shift-Tab / Enter through the controls drawn this frame, and the focus ring.
  void keyboard();
  void draw_state_machines(const PanelContext& c);
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
  WindowSeries window_series_;
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
  bool fsm_labels_ = false;  // every edge labelled, or only the last transition
  TimeBar time_bar_;
  ControlsPanel controls_;
  TimersPanel timers_;
  LadderPanel ladder_;
  InspectorPanel inspector_;
  NarrationPanel narration_;
  PointerScript pointer_;
  KeyboardFocus focus_;
};

const char* panel_title(PanelId id);

}  // namespace tcplab::ui
