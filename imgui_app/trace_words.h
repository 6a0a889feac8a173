// Core's trace text that the narration shows, in the lab's language: a user
// call's details ("10.0.0.1:40000 to 10.0.0.2:80" -> "... 到 ..."), an armed
// fault ("armed: drop the next data client->server"), segment filters and
// directions. Core writes them in English for the trace, the CLI and the
// tests; in Chinese they are read back from the few shapes core writes and
// worded again, and any other text stays as core wrote it. No ImGui.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "core/sim/actions.h"

namespace tcplab::ui {

// "SYN,ACK", "pure ACK" (纯 ACK), "data" (数据), "#12"; "any segment" when empty.
std::string filter_text(const SegmentFilter& f);
// "Client→Server" (客户端→服务器) from host names.
std::string direction_text(DirectionIndex dir, const std::vector<std::string>& hosts);
// A user call and its details as the narration says them.
std::string call_name(std::string_view call);
std::string call_detail(std::string_view call, std::string_view detail);
// A FaultRecord's text.
std::string fault_text(std::string_view text);
// A segment fate's detail ("loss", "dropped by a fault: next SYN", "held as 'x' by a fault").
std::string fate_detail(std::string_view detail);

}  // namespace tcplab::ui
