// Core's English in the lab's language: rule sentences, the short words core
// names things with (timers, errors, fates, state meanings, packet fields),
// state names with their Chinese beside, lessons' titles and descriptions.
// Core stays in English (the trace, the CLI and the tests read it); the UI
// translates at the moment it draws, so a new rule or term in core shows in
// English until its Chinese line is written, and the translation test names it.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "core/lab/lab_params.h"
#include "core/lab/lab_session.h"
#include "core/tcp/rules.h"
#include "core/tcp/state.h"
#include "strings.h"

namespace tcplab::ui {

std::string_view rule_sentence(Rule r);
// A word or sentence core gives in English (timer_name, message, meaning,
// fate_name, packet field names), in the current language.
std::string_view term(std::string_view english);
// "SYN-SENT" in English; "SYN-SENT（同步已发送）" in Chinese.
std::string state_label(State s);
// A lesson's name (its file name) or its translated title, and its description.
std::string lesson_title(const Lesson& l);
const std::string& lesson_description(const Lesson& l);
const std::string& lesson_summary(const Lesson& l);
// A URL parameter the lab could not use, as ParamError::text() says it, in
// the current language (the reason itself stays core's English).
std::string param_error_text(const ParamError& e);
// Every Chinese text the lab can show, the lessons' included: the font's
// glyph ranges are built from it (web/main.cpp), as the cut font is from the
// same tables (tools/zh_font_text.py).
std::string all_chinese_text(const std::vector<Lesson>& lessons);

}  // namespace tcplab::ui
