// Runs a packetdrill script against one endpoint of the stack (a
// SocketLayer host) on simulated time: no sockets, no root, no clock.
//
// '<' lines are injected at their time; '>' lines must be matched by the
// next segment the stack sends, within the timing tolerance; system calls
// must return what the script says. The first difference ends the run with
// a packetdrill-style report: the line, the expected segment, the segment
// actually sent (or "nothing") and the times.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "core/drill/drill_parser.h"
#include "core/wire/segment.h"
#include "core/base/time.h"

namespace tcplab::drill {

// packetdrill's defaults: the stack under test is 192.168.0.1, the remote
// peer 192.0.2.1; a listening socket binds port 8080 and the peer connects
// from 49152 (packetdrill picks an ephemeral port); connect() goes to
// 192.0.2.1:8080 from the stack's first ephemeral port, 32768 (Linux's
// ip_local_port_range starts there).
inline constexpr Ipv4 kLocalAddress = 0xC0A80001;   // 192.168.0.1
inline constexpr Ipv4 kRemoteAddress = 0xC0000201;  // 192.0.2.1
inline constexpr std::uint16_t kBindPort = 8080;
inline constexpr std::uint16_t kConnectPort = 8080;
inline constexpr std::uint16_t kRemoteEphemeralPort = 49152;
inline constexpr std::uint16_t kLocalEphemeralPort = 32768;
// packetdrill's defaults: an outbound packet may be 4 ms early or late, or
// 12.5% of the scripted interval since the previous event if that is more.
inline constexpr Duration kDefaultTolerance{4000};
inline constexpr double kDefaultTolerancePercent = 12.5;

struct RunConfig {
  Duration tolerance = kDefaultTolerance;  // a script's --tolerance_usecs wins
  double tolerance_percent = kDefaultTolerancePercent;  // and its --tolerance_percent
  bool trace = false;                      // record every event as it happens
  // packetdrill's --strict_segments: an outbound line matches one segment.
  // Off (the default), several consecutive segments may add up to it.
  bool strict_segments = false;
};

struct RunReport {
  enum class Outcome : std::uint8_t {
    Passed,
    ParseError,   // the script is not valid in the subset (or uses what it lacks)
    ScriptError,  // valid syntax the runner cannot execute (bad fd, unknown option)
    Mismatch,     // the stack did something else than the script says
    Unsupported,  // valid packetdrill outside the subset: "file:line: unsupported: WHAT"
  };
  Outcome outcome = Outcome::Passed;
  std::string message;             // empty when passed; several lines otherwise
  std::vector<std::string> trace;  // with RunConfig::trace
  bool passed() const { return outcome == Outcome::Passed; }
};

RunReport run_script(const Script& script, std::string_view file, const RunConfig& config = {});
// Parses, then runs; a parse error becomes the report's message.
RunReport run_text(std::string_view text, std::string_view file, const RunConfig& config = {});

// "S.", ".", "FP." — packetdrill's spelling of a segment's flags.
std::string flags_text(Flags f);

}  // namespace tcplab::drill
