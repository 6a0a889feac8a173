// What the Chinese (zh-CN) tables still lack, by name: the translation test
// checks each list is empty, and tcplab_zh_text --missing prints them for
// whoever fills them in (the English beside each id).
#pragma once
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "core/lab/lab_session.h"

namespace tcplab::ui {

struct Missing {
  std::string id;       // "Str::Listen", "rule listen.syn", "term 'persist'", "lesson handshake: title zh-CN"
  std::string english;  // the text to translate
  std::string problem;  // "no Chinese text", "placeholders {0} in Chinese, {0} {1} in English"
};

std::set<std::string> placeholders(std::string_view text);
std::vector<Missing> missing_strings();
std::vector<Missing> missing_rules();
// timer names, user errors, state meanings and names, segment fates, state diagram edge labels, and inspector
// field names that stay English in Chinese (of segments with every option the wire knows)
std::vector<Missing> missing_terms();
std::vector<Missing> missing_lessons(const std::vector<Lesson>& lessons);
// One line per entry ("Str::Listen: no Chinese text (English: "Listen")"), empty when none.
std::string describe(const std::vector<Missing>& m);

}  // namespace tcplab::ui
