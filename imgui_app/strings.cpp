#include "strings.h"

#include <array>

#include "strings_zh.h"

namespace tcplab::ui {
namespace {

constexpr std::array kEnglish = {
#define TCPLAB_UI_STR_TEXT(id, text) text,
    TCPLAB_UI_STRINGS(TCPLAB_UI_STR_TEXT)
#undef TCPLAB_UI_STR_TEXT
};

Language g_language = Language::English;

}  // namespace

Language language() { return g_language; }
void set_language(Language l) { g_language = l; }

std::optional<Language> parse_language(std::string_view tag) {
  if (tag == "en") return Language::English;
  if (tag == "zh-CN") return Language::Chinese;
  return std::nullopt;
}

std::string_view language_tag(Language l) { return l == Language::Chinese ? "zh-CN" : "en"; }

const char* english(Str id) { return kEnglish[static_cast<std::size_t>(id)]; }

const char* tr(Str id) {
  if (g_language == Language::Chinese)
    if (const char* zh = zh_string(id)) return zh;
  return english(id);
}

std::string fill_text(std::string_view templ, std::initializer_list<std::string_view> args) {
  std::string out;
  out.reserve(templ.size() + 32);
  for (std::size_t i = 0; i < templ.size(); ++i) {
    // "{n}" with a single digit: enough for every template, and a translation may reorder them.
    if (templ[i] == '{' && i + 2 < templ.size() && templ[i + 2] == '}' && templ[i + 1] >= '0' && templ[i + 1] <= '9') {
      const auto n = static_cast<std::size_t>(templ[i + 1] - '0');
      if (n < args.size()) out += *(args.begin() + n);
      i += 2;
      continue;
    }
    out += templ[i];
  }
  return out;
}

std::string fill(Str id, std::initializer_list<std::string_view> args) { return fill_text(tr(id), args); }

}  // namespace tcplab::ui
