// A lesson's expectations (its `expect` lines) as the learner reads them
// when it ends: what was expected, in words of the current language, and
// what the run showed. Core's results stay in English (the API, the CLI and
// the embedding page read them); the words are made here, from the
// expectation's parts and the shapes core writes what it saw in. No ImGui.
#pragma once
#include <string>
#include <vector>

#include "core/scenario/scenario_runner.h"

namespace tcplab::ui {

// "Lesson over: all 9 expectations met" / "课程结束：9 项预期全部满足".
std::string results_heading(const std::vector<ExpectationResult>& results);
// "c is in SYN-SENT at 19ms" / "c 在 19ms 处于 SYN-SENT"; hosts name the directions.
std::string expectation_text(const Expectation& e, const std::vector<std::string>& hosts);
// What the run showed: core's English as it is, or the same in Chinese
// ("1 matching (#3 at 10.000ms)" -> "1 个匹配（#3 于 10.000ms）").
std::string seen_text(const ExpectationResult& r);

}  // namespace tcplab::ui
