// The lab's panels: one struct each, with its own state and a draw() that
// reads the model through the PanelContext and changes it only by queuing
// commands there.
#pragma once
#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/sim/payload.h"
#include "ladder_index.h"
#include "ladder_layout.h"
#include "narration.h"
#include "panel_context.h"
#include "sequence_graph.h"
#include "time_view.h"
#include "window_lane.h"

namespace tcplab::ui {

// Play/pause, step, speed, the rewind scrubber, reset, copy link: one row across the top.
struct TimeBar {
  struct Options {
    bool compact = false;  // the iframe layout: the essentials only
    bool reset = true;     // the Reset button (it empties the world)
    bool font_loading = false;  // Chinese chosen, its font not here yet (the switch says so)
  };
  void draw(const PanelContext& c, Options o);
  // Keyboard shortcuts: space plays or pauses, right arrow steps, left arrow steps back.
  void shortcuts(const PanelContext& c);

  // Set by the Copy link button; the app answers with show_link(its link).
  bool link_requested = false;
  // Set by "Embed this"; the app answers with show_embed(the iframe snippet).
  bool embed_requested = false;
  // Set by the capture button; the platform saves the run's pcap (LabApp::take_capture_request).
  bool capture_requested = false;
  // Set by "Open capture…"; the platform asks for a file (LabApp::take_open_capture_request).
  bool open_capture_requested = false;
  // Copies `url` to the clipboard and opens the popup that shows it.
  void show_link(std::string url);
  // The same popup for the iframe snippet, in a field of a few lines.
  void show_embed(std::string snippet);
  bool showing_embed() const { return embed_; }
  // The clipboard's answer: copied, or refused (file://, no permission).
  void link_copied(bool ok);
  // The link shown in the popup, empty before the first Copy link.
  const std::string& link() const { return link_; }

 private:
  void draw_link_popup(const PanelContext& c);
  void draw_lesson(const PanelContext& c);
  // The language switch and the glossary (language_bar.cpp); their width first.
  static float language_width();
  // SameLine() when `label`'s button (or text) still fits, else a new line: a
  // phone-wide bar wraps instead of running off its right edge.
  static void same_line_or_wrap(const char* label, bool button = true);
  // One of the buttons right of the scrubber (wrapped when it does not fit,
  // a hit target, a tooltip); whether it was pressed.
  static bool bar_button(const PanelContext& c, Str label, const char* mark, Str tip);
  void draw_language(const PanelContext& c, bool font_loading);
  void draw_glossary();
  bool glossary_open_ = false;
  // With a capture open: which one, another, or back to the lab.
  void draw_capture_bar(const PanelContext& c);
  // A capture that could not be opened: said under the bar, naming the file and the packet.
  void draw_capture_error(const PanelContext& c);

  enum class Copy { Pending, Copied, Refused };
  std::string link_;
  bool embed_ = false;  // link_ holds the iframe snippet
  Copy copy_ = Copy::Pending;
  bool open_popup_ = false;
};

struct ControlsPanel {
  void draw(const PanelContext& c);
  // The Lessons list shows each lesson's best score from here (the app's progress).
  const std::map<std::string, int>* best = nullptr;
  // Set when the learner moved the "ask questions" switch; the app applies it.
  std::optional<bool> ask_request;

 private:
  void draw_endpoint(const PanelContext& c, std::size_t host);
  void draw_link(const PanelContext& c);
  void draw_setup(const PanelContext& c);
  bool draw_congestion(LabSetup& d);
  void draw_lessons(const PanelContext& c);
  void draw_streams(const PanelContext& c);
  void draw_lesson_entry(const PanelContext& c, std::size_t i, bool loaded);

  std::array<int, 2> port_ = {40000, 80};
  std::array<std::array<char, 128>, 2> text_ = {{{"hello, server"}, {"hello, client"}}};
  std::array<int, 2> octets_ = {1000, 1000};
  // The last "Send N bytes" pattern: clicking again SENDs the same shared
  // buffer, so the input log keeps one copy however often it is clicked.
  Payload pattern_;
  std::array<int, 2> rst_offset_ = {1000, 1000};
  std::optional<LabSetup> draft_;  // setup edits waiting for Reset
  std::uint64_t seen_generation_ = ~0ull;
};

struct TimersPanel {
  void draw(const PanelContext& c);
};

struct LadderFrame;
struct SegDraw;

// The ladder, drawn as a canvas in named steps (the model is Dear ImGui's
// demo canvas): the toolbar, the input (zoom, pan, click), where the view
// goes by itself (following the clock, a lesson's story), the axes, the
// state changes, the segments and their labels, then what a click picked.
struct LadderPanel {
  // `compared`: the comparison run's series, when the lane shows one.
  void draw(const PanelContext& c, const LadderIndex& index, const WindowSeries& series,
            const WindowSeries* compared = nullptr);
  bool follow_now = true;
  bool relative = true;
  // Set by "Save as image": the platform saves the canvas (canvas_min..canvas_max, device pixels) as a PNG.
  bool image_requested = false;
  ImVec2 canvas_min, canvas_max;
  // Issue 14: the window lane under the canvas, and the time-sequence graph
  // in the ladder's place; both on the ladder's time axis (URL "lane", "graph").
  bool show_lane = false;
  bool sequence = false;
  // The sender the lane and the graph show (0 client, 1 server).
  std::size_t sender() const { return lane_.host; }
  void set_sender(std::size_t host) { lane_.host = host; }
  std::optional<CongestionAlgorithm>& compare() { return lane_.compare; }

 private:
  void draw_toolbar(const PanelContext& c);
  // Zoom, pan and click on the canvas; returns whether the press was a click.
  bool handle_input(const PanelContext& c, const LadderIndex& index, const LadderFrame& f);
  void place_view(const PanelContext& c, const LadderIndex& index);
  void draw_axes(const PanelContext& c, const LadderFrame& f) const;
  // When the last thing on the ladder happened (a capture's "now").
  static Instant story_end(const LadderIndex& index);
  // The ladder's "now": the world's clock, or a capture's story_end() (a capture has no clock).
  static Instant ladder_now(const PanelContext& c, const LadderIndex& index);
  // The state changes along each timeline; returns where names went inside the lanes.
  std::vector<LabelBox> draw_state_marks(const LadderFrame& f, const LadderIndex& index) const;
  std::vector<SegDraw> build_records(const PanelContext& c, const LadderFrame& f, const LadderIndex& index) const;
  void draw_segments(const PanelContext& c, const LadderFrame& f, const std::vector<SegDraw>& records) const;
  void draw_labels(const PanelContext& c, const LadderFrame& f, const std::vector<SegDraw>& records,
                   const std::vector<LabelBox>& taken) const;
  void pick(const PanelContext& c, const std::vector<SegDraw>& records, ImVec2 mouse);
  void draw_menu(const PanelContext& c, const LadderIndex& index);

  // The canvas below the toolbar: the ladder (or the graph) over the lane.
  void draw_canvas(const PanelContext& c, const LadderIndex& index, const WindowSeries& series,
                   const WindowSeries* compared);
  void draw_ladder(const PanelContext& c, const LadderIndex& index, ImVec2 p0, ImVec2 p1, bool clicked);

  TimeView view_;
  WindowLane lane_;
  SequenceGraph graph_;
  bool initialised_ = false;
  bool dragged_ = false;  // the press turned into a pan, so it is not a click
  std::optional<std::uint32_t> menu_segment_;
  // A lesson's story: the view grows from its start while the learner has
  // not zoomed or panned, and shows it whole once it has ended.
  std::uint64_t world_serial_ = ~0ull;
  std::uint64_t capture_serial_ = ~0ull;  // the capture replay the view was fitted to
  bool story_ = false;
  bool was_finished_ = false;
};

struct InspectorPanel {
  void draw(const PanelContext& c, const LadderIndex& index);
  bool relative = true;  // sequence numbers as the ladder shows them

 private:
  void draw_captured(const Replay& r, const LadderSeg& g);
  void draw_bytes(std::uint32_t id, std::span<const std::uint8_t> bytes, bool verify_checksums);
  int hovered_field_ = -1;  // last frame's hover drives this frame's highlight
  std::optional<std::uint32_t> shown_segment_;
};

struct NarrationPanel {
  void draw(const PanelContext& c, const std::vector<NarrationLine>& lines);

 private:
  void draw_results(const PanelContext& c, const std::vector<ExpectationResult>& results);
  std::size_t seen_lines_ = 0;
  bool follow_ = true;  // keep the newest line in view
  float last_scroll_ = 0;
};

}  // namespace tcplab::ui
