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
#include "core/tcp/congestion.h"
#include "core/tcp/diagram.h"
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
// A host as the narration names it: the lab's client and server in the
// lab's language ("客户端"), a lesson's own host capitalised ("Alice").
std::string host_label(std::string_view name);
// A congestion-control phase as the window lane names it ("slow start", 慢开始).
Str phase_name(CongestionPhase p);
// A state diagram edge's label, "rcv SYN / snd SYN,ACK"; in Chinese
// "收到 SYN / 发送 SYN,ACK" (flags and states as the RFC spells them).
std::string edge_label(const DiagramEdge& e);
// A lesson's name (its file name) or its translated title, and its description.
std::string lesson_title(const Lesson& l);
const std::string& lesson_description(const Lesson& l);
const std::string& lesson_summary(const Lesson& l);
// A URL parameter the lab could not use, as ParamError::text() says it, in
// the current language: the reason worded from its code and arguments (a
// reason core has only in English, ParamReason::Other, stays English).
std::string param_error_text(const ParamError& e);
// Just the reason ("应为概率，如 5% 或 0.05"), and its template (nullptr for Other).
std::string param_reason(const ParamError& e);
const char* param_reason_text(ParamReason r);
// Every Chinese text the lab can show, the lessons' included: the font's
// glyph ranges are built from it (web/main.cpp), as the cut font is from the
// same tables (tools/zh_font_text.py).
std::string all_chinese_text(const std::vector<Lesson>& lessons);

}  // namespace tcplab::ui
