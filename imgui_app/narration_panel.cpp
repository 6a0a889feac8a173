// The narration: what happened and why, newest at the bottom, following the
// clock; the syllabus's answers stand out from the event lines.
#include <algorithm>

#include "lesson_results.h"
#include "narration.h"
#include "panels.h"
#include "strings.h"
#include "text_wrap.h"
#include "theme.h"

namespace tcplab::ui {
namespace {

ImVec4 col(ImU32 c) { return ImGui::ColorConvertU32ToFloat4(c); }
// Wrapped lines differ in height, so only the newest are laid out: cost stays flat on long runs.
constexpr std::size_t kShownLines = 250;

}  // namespace

// The lesson's end: how many of its expectations the run met, each in
// words, and for one not met what the run showed instead.
void NarrationPanel::draw_results(const PanelContext& c, const std::vector<ExpectationResult>& results) {
  const Theme& t = theme();
  const bool all = std::all_of(results.begin(), results.end(), [](const ExpectationResult& r) { return r.passed; });
  ImGui::Separator();
  // One line when every expectation was met (the narration above stays in
  // view); open, listing them, when one was not.
  ImGui::PushStyleColor(ImGuiCol_Text, col(all ? t.selection : t.loss));
  const bool open = ImGui::TreeNodeEx("##results", all ? 0 : ImGuiTreeNodeFlags_DefaultOpen, "%s",
                                      results_heading(results).c_str());
  ImGui::PopStyleColor();
  c.mark("narration.results");
  if (!open) return;
  const auto hosts = host_names(c.world());
  for (const ExpectationResult& r : results) {
    std::string line = (r.passed ? "✓ " : "✗ ") + expectation_text(r.expectation, hosts);
    if (!r.passed) line += " — " + fill(Str::ResultsSeen, {seen_text(r)});
    ImGui::PushStyleColor(ImGuiCol_Text, col(r.passed ? t.muted : t.loss));
    wrapped_text(line);
    ImGui::PopStyleColor();
  }
  ImGui::TreePop();
}

void NarrationPanel::draw(const PanelContext& c, const std::vector<NarrationLine>& lines) {
  const Theme& t = theme();
  if (lines.empty()) {
    ImGui::PushStyleColor(ImGuiCol_Text, col(t.muted));
    wrapped_text(tr(Str::NarrationEmpty));
    ImGui::PopStyleColor();
    seen_lines_ = 0;
    return;
  }
  ImGui::BeginChild("log", ImVec2(0, 0), false);
  // Follow the newest line until the learner scrolls up to read; scrolling
  // back to the bottom follows again. Only the learner's own scrolling
  // counts: lines arriving in bursts (a lesson loading, a narrow frame's
  // wrapping) can leave the scroll short of the bottom for a frame.
  const float y = ImGui::GetScrollY(), max_y = ImGui::GetScrollMaxY();
  const bool learner_scrolls =
      ImGui::IsWindowHovered() && (ImGui::GetIO().MouseWheel != 0 || ImGui::IsMouseDown(ImGuiMouseButton_Left));
  if (y >= max_y - 4) follow_ = true;
  else if (learner_scrolls && y != last_scroll_) follow_ = false;
  last_scroll_ = y;
  const std::size_t first = lines.size() > kShownLines ? lines.size() - kShownLines : 0;
  if (first > 0) ImGui::TextColored(col(t.muted), "%s", fill(Str::EarlierLines, {std::to_string(first)}).c_str());
  const float em = ImGui::GetFontSize();
  for (std::size_t i = first; i < lines.size(); ++i) {
    const NarrationLine& l = lines[i];
    ImGui::PushID(static_cast<int>(i));
    if (l.answer) {
      // An answer to one of the syllabus's questions: set apart, in the lesson's voice.
      const ImVec2 p = ImGui::GetCursorScreenPos();
      ImGui::Indent(em * 0.6f);
      ImGui::PushStyleColor(ImGuiCol_Text, col(t.answer));
      wrapped_text(l.text);
      ImGui::PopStyleColor();
      ImGui::Unindent(em * 0.6f);
      const ImVec2 q = ImGui::GetItemRectMax();
      ImGui::GetWindowDrawList()->AddRectFilled(p, ImVec2(p.x + em * 0.25f, q.y), t.answer);
    } else {
      ImGui::TextColored(col(t.muted), "%7.3f", micros(l.t) / 1e6);
      ImGui::SameLine();
      ImGui::PushStyleColor(ImGuiCol_Text, col(l.side < 0 ? t.text : side_colour(l.side)));
      wrapped_text(l.reference.empty() ? l.text : l.text + " — " + l.reference);
      ImGui::PopStyleColor();
      // Clicking a line about a segment selects it in the ladder and the inspector.
      if (l.segment && ImGui::IsItemClicked()) c.selected_segment = *l.segment;
      // The selected segment's lines (chosen here, on the ladder, the lane or the graph) are outlined.
      if (l.segment && c.selected_segment == l.segment)
        ImGui::GetWindowDrawList()->AddRect(ImGui::GetItemRectMin(), ImGui::GetItemRectMax(), t.selection, 2);
    }
    ImGui::PopID();
  }
  const auto& results = c.session.results();
  if (results && c.session.lesson()) draw_results(c, *results);
  // The lesson's results count as lines: they follow the clock too.
  const std::size_t shown = lines.size() + (results ? results->size() + 1 : 0);
  if (follow_ && (shown != seen_lines_ || y < max_y - 4)) ImGui::SetScrollHereY(1.0f);
  seen_lines_ = shown;
  ImGui::EndChild();
}

}  // namespace tcplab::ui
