// The time bar's language switch (English <-> 中文) and the glossary it
// opens beside it: each term as Chinese textbooks write it, the English,
// and the word the RFC uses (issue 15).
#include <algorithm>
#include <string>

#include "panels.h"
#include "strings.h"
#include "strings_zh.h"
#include "text_wrap.h"
#include "theme.h"

namespace tcplab::ui {

float TimeBar::language_width() {
  const ImGuiStyle& style = ImGui::GetStyle();
  return ImGui::CalcTextSize(tr(Str::LanguageSwitch)).x + ImGui::CalcTextSize(tr(Str::Glossary)).x +
         (style.FramePadding.x * 2 + style.ItemSpacing.x) * 2;
}

void TimeBar::draw_language(const PanelContext& c, bool font_loading) {
  const bool chinese = c.session.view().lang == "zh-CN";
  same_line_or_wrap(font_loading ? tr(Str::FontLoading) : tr(Str::LanguageSwitch));
  // While the Chinese font is on its way the lab still speaks English: the
  // switch says why nothing changed yet.
  ImGui::BeginDisabled(font_loading);
  if (ImGui::Button(font_loading ? tr(Str::FontLoading) : tr(Str::LanguageSwitch)))
    c.queue(LanguageCmd{chinese ? "en" : "zh-CN"});
  ImGui::EndDisabled();
  c.mark("time.language");
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr(Str::LanguageTip));
  same_line_or_wrap(tr(Str::Glossary));
  if (ImGui::Button(tr(Str::Glossary))) glossary_open_ = !glossary_open_;
  c.mark("time.glossary");
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr(Str::GlossaryTip));
  draw_glossary();
}

void TimeBar::draw_glossary() {
  if (!glossary_open_) return;
  const ImVec2 display = ImGui::GetIO().DisplaySize;
  const float em = ImGui::GetFontSize();
  // Centred, never larger than the window: the narrow frame shows it whole too.
  ImGui::SetNextWindowSize(ImVec2(std::min(em * 44, display.x - em), std::min(em * 30, display.y - em * 2)),
                           ImGuiCond_Always);
  ImGui::SetNextWindowPos(ImVec2(display.x / 2, display.y / 2), ImGuiCond_Always, ImVec2(0.5f, 0.5f));
  const std::string title = std::string(tr(Str::Glossary)) + "###glossary";
  if (!ImGui::Begin(title.c_str(), &glossary_open_, ImGuiWindowFlags_NoCollapse | ImGuiWindowFlags_NoSavedSettings)) {
    ImGui::End();
    return;
  }
  const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_ScrollY |
                                ImGuiTableFlags_SizingStretchProp;
  if (ImGui::BeginTable("glossary", 3, flags)) {
    ImGui::TableSetupScrollFreeze(0, 1);
    ImGui::TableSetupColumn(tr(Str::GlossaryChinese), ImGuiTableColumnFlags_WidthStretch, 1.0f);
    ImGui::TableSetupColumn(tr(Str::GlossaryEnglish), ImGuiTableColumnFlags_WidthStretch, 1.0f);
    ImGui::TableSetupColumn(tr(Str::GlossaryRfc), ImGuiTableColumnFlags_WidthStretch, 1.4f);
    ImGui::TableHeadersRow();
    // The Chinese column only once its glyphs are there; English keeps the other two.
    const bool chinese = language() == Language::Chinese;
    for (const GlossaryEntry& g : glossary()) {
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      wrapped_text(chinese ? g.zh : "—");
      ImGui::TableNextColumn();
      wrapped_text(g.english);
      ImGui::TableNextColumn();
      ImGui::PushStyleColor(ImGuiCol_Text, theme().muted);
      wrapped_text(g.rfc);
      ImGui::PopStyleColor();
    }
    ImGui::EndTable();
  }
  ImGui::End();
}

}  // namespace tcplab::ui
