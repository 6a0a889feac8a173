#include "strings.h"

#include <array>

#include "core/base/text_template.h"
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
  return fill_template(templ, std::span(args.begin(), args.size()));
}

std::string fill(Str id, std::initializer_list<std::string_view> args) { return fill_text(tr(id), args); }

}  // namespace tcplab::ui
