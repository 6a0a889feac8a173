// tcplab_zh_text: the Chinese the lab can show, and what it still lacks.
//   tcplab_zh_text LESSONS_DIR            every Chinese text, as the page builds its glyph ranges
//                                         (tests/ui/check_zh_font.py checks the cut font against it)
//   tcplab_zh_text --missing LESSONS_DIR  the ids without Chinese text, one a line; exit 1 if any
#include <cstdio>
#include <string>
#include <string_view>

#include "imgui_app/language.h"
#include "tests/ui/zh_missing.h"

int main(int argc, char** argv) {
  using namespace tcplab::ui;
  const bool missing = argc == 3 && std::string_view(argv[1]) == "--missing";
  if (argc != 2 && !missing) {
    std::fprintf(stderr, "usage: tcplab_zh_text [--missing] LESSONS_DIR\n");
    return 2;
  }
  tcplab::LabSession s;
  for (const std::string& e : s.load_lessons(argv[argc - 1])) std::fprintf(stderr, "tcplab_zh_text: %s\n", e.c_str());
  if (!missing) {
    std::fputs(all_chinese_text(s.lessons()).c_str(), stdout);
    return 0;
  }
  std::string out;
  for (const auto& list : {missing_strings(), missing_rules(), missing_terms(), missing_lessons(s.lessons())})
    out += describe(list);
  std::fputs(out.empty() ? "every string has its Chinese text\n" : out.c_str(), out.empty() ? stdout : stderr);
  return out.empty() ? 0 : 1;
}
