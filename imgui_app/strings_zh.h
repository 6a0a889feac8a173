// The lab in Simplified Chinese (zh-CN), in tables of its own so that a new
// English string is one line in strings.h and one line in strings_zh.cpp,
// and a missing line is a failing test (tests/ui/translation_test.cpp) that
// names the id. Terms as Chinese TCP textbooks write them (三次握手, 四次挥手,
// 超时重传...); state names keep the RFC's spelling.
#pragma once
#include <span>
#include <string_view>

#include "strings.h"

namespace tcplab::ui {

// The Chinese text of a UI string, or nullptr when it has none yet.
const char* zh_string(Str id);
// The Chinese sentence of a rule, by its stable id ("listen.syn"), or nullptr.
const char* zh_rule(std::string_view rule_id);
// Chinese for a word or sentence core gives in English (timer names, user
// errors, state meanings, packet field names, segment fates), or nullptr.
const char* zh_term(std::string_view english);
// The Chinese name beside a state's RFC name ("SYN-SENT" -> "同步已发送"), or nullptr.
const char* zh_state_name(std::string_view rfc_name);

struct ZhPair {
  std::string_view key;  // rule id, English term or RFC state name
  const char* zh;
};
// Every table's entries, for the translation test and the font's text.
std::span<const ZhPair> zh_rule_table();
std::span<const ZhPair> zh_term_table();
std::span<const ZhPair> zh_state_table();

// The glossary view's rows: the Chinese term, the English, the RFC's word.
struct GlossaryEntry {
  const char* zh;
  const char* english;
  const char* rfc;
};
std::span<const GlossaryEntry> glossary();

}  // namespace tcplab::ui
