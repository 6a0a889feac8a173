// The lab's panels: one struct each, with its own state and a draw() that
// reads the model through the PanelContext and changes it only by queuing
// commands there.
#pragma once
#include <array>
#include <cstdint>
#include <optional>
#include <string>

#include "ladder_index.h"
#include "narration.h"
#include "panel_context.h"
#include "time_view.h"

namespace tcplab::ui {

// Play/pause, step, speed, the rewind scrubber, reset, copy link: one row across the top.
struct TimeBar {
  struct Options {
    bool compact = false;  // the iframe layout: the essentials only
    bool reset = true;     // the Reset button (it empties the world)
  };
  void draw(const PanelContext& c, Options o);
  // Keyboard shortcuts: space plays or pauses, right arrow steps.
  void shortcuts(const PanelContext& c);

  // Set by the Copy link button; the app answers with show_link(its link).
  bool link_requested = false;
  // Copies `url` to the clipboard and opens the popup that shows it.
  void show_link(std::string url);
  // The clipboard's answer: copied, or refused (file://, no permission).
  void link_copied(bool ok);
  // The link shown in the popup, empty before the first Copy link.
  const std::string& link() const { return link_; }

 private:
  void draw_link_popup(const PanelContext& c);

  enum class Copy { Pending, Copied, Refused };
  std::string link_;
  Copy copy_ = Copy::Pending;
  bool open_popup_ = false;
};

struct ControlsPanel {
  void draw(const PanelContext& c);

 private:
  void draw_endpoint(const PanelContext& c, std::size_t host);
  void draw_link(const PanelContext& c);
  void draw_setup(const PanelContext& c);
  void draw_lessons(const PanelContext& c);

  std::array<int, 2> port_ = {40000, 80};
  std::array<std::array<char, 128>, 2> text_ = {{{"hello, server"}, {"hello, client"}}};
  std::array<int, 2> octets_ = {1000, 1000};
  std::array<int, 2> rst_offset_ = {1000, 1000};
  std::optional<LabSetup> draft_;  // setup edits waiting for Reset
  std::uint64_t seen_generation_ = ~0ull;
};

struct TimersPanel {
  void draw(const PanelContext& c);
};

struct LadderPanel {
  void draw(const PanelContext& c, const LadderIndex& index);
  bool follow_now = true;
  bool relative = true;

 private:
  TimeView view_;
  bool initialised_ = false;
  bool dragged_ = false;  // the press turned into a pan, so it is not a click
  std::optional<std::uint32_t> menu_segment_;
};

struct InspectorPanel {
  void draw(const PanelContext& c, const LadderIndex& index);

 private:
  int hovered_field_ = -1;  // last frame's hover drives this frame's highlight
};

struct NarrationPanel {
  void draw(const PanelContext& c, const Narrator& narrator);

 private:
  std::size_t seen_lines_ = 0;
  bool follow_ = true;  // keep the newest line in view
  float last_scroll_ = 0;
};

}  // namespace tcplab::ui
