// An Action as the scenario format writes it after 'at TIME ' ("connect
// client:40000 to server:80 as c"), both ways. Share links carry the
// learner's inputs in this text, and the API reads filters and faults with
// the same words, so one spelling serves files, links and code.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "core/sim/actions.h"
#include "core/base/result.h"

namespace tcplab {

// host_names: the world's two hosts, in order (directions are written with them).
std::string format_action(const Action& a, const std::vector<std::string>& host_names);
// The scenario parser's own reading of one action (scenario_parser.cpp), on
// one line. Connection names and labels need no earlier declaration here.
// The error says what was expected: "expected a port number from 1 to 65535, got '0'".
Result<Action, std::string> parse_action(std::string_view text, const std::vector<std::string>& host_names);

}  // namespace tcplab
