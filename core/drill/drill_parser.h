// A subset of packetdrill's script language, parsed into events.
//
// A script is a list of events, each starting with a time:
//   0     socket(..., SOCK_STREAM, IPPROTO_TCP) = 3
//   +0    < S 0:0(0) win 32792 <mss 1000,sackOK,nop,nop,nop,wscale 7>
//   +0    > S. 0:0(0) ack 1 <mss 1460,nop,nop,sackOK,nop,wscale 7>
//   +.1~+.2 > . 1:1(0) ack 1001
// Option lines (--name=value) may precede the events. docs/packetdrill.md
// lists the subset; whatever packetdrill has and this lacks is reported as
// "unsupported" with its position, never skipped.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/base/result.h"
#include "core/drill/position.h"
#include "core/drill/py_assert.h"
#include "core/wire/segment.h"
#include "core/base/time.h"

namespace tcplab::drill {

// When an event happens (packetdrill's time column).
struct TimePoint {
  bool relative = false;  // "+0.1": after the previous event
  Duration offset{};
};
struct TimeSpec {
  bool any = false;                // "*": outbound packets only
  TimePoint start{};
  std::optional<TimePoint> end{};  // "t1~t2": outbound packets only
};

// A TCP option list as written: what it says, in semantic form.
struct OptionList {
  bool ignore = false;  // "<...>": the options are not checked
  TcpOptions options{};
  std::string text;     // as written, for reports
};

struct PacketEvent {
  bool inbound = false;  // '<' injected into the stack, '>' expected from it
  Flags flags{};
  std::uint32_t start = 0, end = 0, length = 0;  // relative start:end(length)
  std::optional<std::uint32_t> ack{};            // relative
  std::optional<std::uint32_t> window{};
  std::optional<OptionList> options{};           // nullopt: none written
};

// A syscall argument: ..., 1000, O_RDWR|O_NONBLOCK, [1], {onoff=1, linger=0}, "text".
struct Arg {
  enum class Kind : std::uint8_t { Ellipsis, Number, Symbols, List, Struct, String };
  Kind kind = Kind::Ellipsis;
  Position at{};
  std::int64_t number = 0;
  std::vector<std::string> symbols{};      // Symbols: A|B|C; String: the text
  std::vector<std::string> field_names{};  // Struct: names of items, in order
  std::vector<Arg> items{};                // List and Struct
};

struct SyscallEvent {
  std::string name;
  std::vector<Arg> args{};
  std::int64_t result = 0;
  std::optional<std::string> errno_name{};  // "EINPROGRESS" after "= -1"
};

// A backquoted shell command: `sysctl -q net.ipv4.tcp_sack=0`.
struct ShellEvent {
  Position text_at{};  // the first character after the opening '`'
  std::string text;
};

// A %{ ... }% block: Python over tcp_info, in the subset py_assert.h reads.
struct CodeEvent {
  std::vector<PyAssert> asserts;
};

struct Event {
  Position at{};
  TimeSpec time{};
  std::variant<PacketEvent, SyscallEvent, ShellEvent, CodeEvent> what;
};

struct ScriptOption {
  Position at{};
  std::string name;   // without the leading "--"
  std::string value;
};

struct Script {
  std::vector<ScriptOption> options{};
  // packetdrill's init command (before the first event, no time) and
  // cleanup command (after the last).
  std::optional<ShellEvent> init_command{};
  std::vector<Event> events{};
  std::optional<ShellEvent> cleanup_command{};
};

Result<Script, ParseError> parse_script(std::string_view text);

// The script spelling of a time, e.g. "+0.100000" or "0.200000~0.300000".
std::string time_text(const TimeSpec& t);
// The script spelling of an option list, e.g. "<mss 1460,sackOK,wscale 7>".
std::string options_text(const TcpOptions& o);

}  // namespace tcplab::drill
