#include "text_wrap.h"

#include <imgui.h>

namespace tcplab::ui {
namespace {

// One UTF-8 code point at s[i]; `len` set to its length (1 for a stray byte).
unsigned decode(std::string_view s, std::size_t i, std::size_t& len) {
  const auto b = static_cast<unsigned char>(s[i]);
  len = b < 0x80 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4;
  if (i + len > s.size() || len == 1) {
    len = 1;
    return b;
  }
  unsigned c = b & (0x3F >> (len - 1));
  for (std::size_t k = 1; k < len; ++k) c = (c << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
  return c;
}

bool is_cjk(unsigned c) {
  return (c >= 0x2E80 && c <= 0x9FFF) || (c >= 0xF900 && c <= 0xFAFF) || (c >= 0xFF00 && c <= 0xFFEF);
}
// Punctuation a line may not start with, and punctuation it may not end with.
bool is_closing(unsigned c) {
  for (unsigned p : {0xFF0Cu, 0x3002u, 0x3001u, 0xFF1Au, 0xFF1Bu, 0xFF01u, 0xFF1Fu, 0xFF09u, 0x300Bu, 0x300Du, 0x201Du, 0x2019u, 0x2026u})
    if (c == p) return true;
  return false;
}
bool is_opening(unsigned c) {
  for (unsigned p : {0xFF08u, 0x300Au, 0x300Cu, 0x201Cu, 0x2018u})
    if (c == p) return true;
  return false;
}

}  // namespace

std::string wrap_text(std::string_view text, float width) {
  const ImFont* font = ImGui::GetFont();
  const float scale = ImGui::GetFontSize() / font->FontSize;
  std::string out;
  out.reserve(text.size() + 16);
  float x = 0, x_at_break = 0;
  std::size_t line_start = 0, last_break = std::string::npos;
  unsigned prev = '\n';
  for (std::size_t i = 0, len = 1; i < text.size(); i += len) {
    const unsigned c = decode(text, i, len);
    if (c == '\n') {
      out += '\n';
      x = 0;
      line_start = out.size();
      last_break = std::string::npos;
      prev = c;
      continue;
    }
    const bool may_break = prev == ' ' || ((is_cjk(c) || is_cjk(prev)) && !is_closing(c) && !is_opening(prev) && prev != '\n');
    if (may_break) {
      last_break = out.size();
      x_at_break = x;
    }
    const float w = font->GetCharAdvance(static_cast<ImWchar>(c)) * scale;
    if (x + w > width && last_break != std::string::npos && last_break > line_start) {
      if (out[last_break - 1] == ' ') {
        out[last_break - 1] = '\n';
        line_start = last_break;
      } else {
        out.insert(last_break, 1, '\n');
        line_start = last_break + 1;
      }
      x -= x_at_break;
      last_break = std::string::npos;
    }
    out.append(text.substr(i, len));
    x += w;
    prev = c;
  }
  return out;
}

void wrapped_text(std::string_view text) {
  const bool chinese = text.find_first_of("\xE3\xE4\xE5\xE6\xE7\xE8\xE9\xEF") != std::string_view::npos;
  if (!chinese) {
    ImGui::PushTextWrapPos(0);
    ImGui::TextUnformatted(text.data(), text.data() + text.size());
    ImGui::PopTextWrapPos();
    return;
  }
  const std::string lines = wrap_text(text, ImGui::GetContentRegionAvail().x);
  ImGui::TextUnformatted(lines.c_str());
}

}  // namespace tcplab::ui
