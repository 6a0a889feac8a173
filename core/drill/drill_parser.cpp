// A hand-written recursive-descent parser: packetdrill's grammar is small and
// context-sensitive ('.' is a flag after '<' but a decimal point in a time),
// so it reads characters directly. Every failure names the position and what
// was expected; nothing here throws, and every loop consumes input.
#include "core/drill/drill_parser.h"

#include <array>
#include <cstdio>

namespace tcplab::drill {

namespace {

constexpr std::array kSyscalls = {
    std::string_view{"socket"}, std::string_view{"bind"},       std::string_view{"listen"},
    std::string_view{"accept"}, std::string_view{"connect"},    std::string_view{"write"},
    std::string_view{"read"},   std::string_view{"send"},       std::string_view{"recv"},
    std::string_view{"shutdown"}, std::string_view{"close"},    std::string_view{"setsockopt"},
    std::string_view{"getsockopt"}, std::string_view{"fcntl"},
};

bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_hex(char c) { return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }

std::string shown(char c) {
  if (c == '\0') return "end of file";
  if (c == '\n') return "end of line";
  if (static_cast<unsigned char>(c) < 0x20 || static_cast<unsigned char>(c) >= 0x7f) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "byte 0x%02x", static_cast<unsigned char>(c));
    return buf;
  }
  return std::string("'") + c + "'";
}

class Parser : TextCursor {
 public:
  explicit Parser(std::string_view text) : TextCursor(text) {}

  Result<Script, ParseError> run() {
    Script script;
    if (!parse_script(script)) return Err{*error_};
    return script;
  }

 private:
  // --- characters --------------------------------------------------------
  bool fail(Position at, std::string message) {
    if (!error_) error_ = ParseError{at, std::move(message)};
    return false;
  }
  bool fail_here(const std::string& expected) {
    return fail(pos(), "expected " + expected + ", got " + shown(peek()));
  }
  bool unsupported(Position at, const std::string& what) {
    if (!error_) error_ = ParseError{at, what, true};
    return false;
  }

  // Spaces, newlines and both comment styles.
  bool skip() {
    for (;;) {
      const char c = peek();
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
        advance();
      } else if (c == '/' && peek(1) == '/') {
        while (!at_end() && peek() != '\n') advance();
      } else if (c == '/' && peek(1) == '*') {
        const Position start = pos();
        advance();
        advance();
        while (!at_end() && !(peek() == '*' && peek(1) == '/')) advance();
        if (at_end()) return fail(start, "unterminated comment: '/*' has no closing '*/'");
        advance();
        advance();
      } else {
        return true;
      }
    }
  }
  // Spaces and tabs only: keeps a syscall's trailing "(text)" on its line.
  void skip_blanks() {
    while (peek() == ' ' || peek() == '\t') advance();
  }
  bool eat(char c) {
    if (peek() != c) return false;
    advance();
    return true;
  }
  bool expect(char c, const std::string& context) {
    if (!skip()) return false;
    if (eat(c)) return true;
    return fail_here(std::string("'") + c + "' " + context);
  }
  std::string word() {
    std::string w;
    if (!is_alpha(peek())) return w;
    while (is_alpha(peek()) || is_digit(peek())) {
      w += peek();
      advance();
    }
    return w;
  }
  bool number(std::uint64_t max, std::uint64_t& out, const std::string& what) {
    if (!skip()) return false;
    const Position at = pos();
    if (!is_digit(peek())) return fail_here(what);
    std::uint64_t v = 0;
    int base = 10;
    if (peek() == '0' && (peek(1) == 'x' || peek(1) == 'X')) {
      advance();
      advance();
      base = 16;
      if (!is_hex(peek())) return fail_here("hexadecimal digits after '0x'");
    }
    while (base == 16 ? is_hex(peek()) : is_digit(peek())) {
      const char c = peek();
      const int d = is_digit(c) ? c - '0' : (c | 0x20) - 'a' + 10;
      v = v * static_cast<std::uint64_t>(base) + static_cast<std::uint64_t>(d);
      if (v > max) return fail(at, what + " is too large (at most " + std::to_string(max) + ")");
      advance();
    }
    out = v;
    return true;
  }
  bool u32(std::uint32_t& out, const std::string& what) {
    std::uint64_t v = 0;
    if (!number(0xffffffffULL, v, what)) return false;
    out = static_cast<std::uint32_t>(v);
    return true;
  }

  // --- script --------------------------------------------------------------
  bool parse_script(Script& script) {
    for (;;) {
      if (!skip()) return false;
      if (at_end()) return true;
      if (peek() == '-' && peek(1) == '-') {
        if (!script.events.empty() || script.init_command)
          return fail(pos(), "option lines (--name=value) must come before the first event");
        if (!parse_option(script)) return false;
        continue;
      }
      if (peek() == '`') {
        // packetdrill's init command (before the events) or cleanup command
        // (after them); a command between events has a time.
        if (script.cleanup_command) return fail(pos(), "expected the end of the script after the cleanup command");
        if (script.init_command && script.events.empty())
          return fail(pos(), "a second command before the first event (packetdrill allows one; give it a time)");
        ShellEvent c;
        if (!parse_shell(c)) return false;
        (script.events.empty() ? script.init_command : script.cleanup_command) = std::move(c);
        continue;
      }
      if (script.cleanup_command) return fail(pos(), "expected the end of the script after the cleanup command");
      Event e;
      if (!parse_event(e)) return false;
      script.events.push_back(std::move(e));
    }
  }

  bool parse_option(Script& script) {
    ScriptOption o;
    o.at = pos();
    advance();
    advance();
    o.name = word();
    if (o.name.empty()) return fail_here("an option name after '--'");
    if (peek() == '\n' || peek() == ' ' || peek() == '\t' || peek() == '\r' || at_end()) {
      script.options.push_back(std::move(o));  // a flag: --strict_segments
      return true;
    }
    if (!eat('=')) return fail_here("'=' after --" + o.name);
    while (!at_end() && peek() != '\n' && peek() != ' ' && peek() != '\t' && peek() != '\r') {
      o.value += peek();
      advance();
    }
    if (o.value.empty()) return fail_here("a value for --" + o.name);
    script.options.push_back(std::move(o));
    return true;
  }

  bool parse_event(Event& e) {
    e.at = pos();
    if (peek() == '%' && peek(1) == '{') return fail(pos(), "expected a time before the code block '%{' (e.g. +0 %{ ... }%)");
    if (!parse_time(e.time)) return false;
    if (!skip()) return false;
    if (peek() == '.' && peek(1) == '.' && peek(2) == '.')
      return unsupported(pos(), "a blocking call's end time ('...' after the start time)");
    if (peek() == '`' || (peek() == '%' && peek(1) == '{')) {
      if (e.time.any || e.time.end)
        return fail(e.at, "'*' and 't1~t2' times are for outbound packets ('>') only");
      if (peek() == '`') {
        ShellEvent c;
        if (!parse_shell(c)) return false;
        e.what = std::move(c);
      } else {
        CodeEvent c;
        if (!parse_code(c)) return false;
        e.what = std::move(c);
      }
    } else if (peek() == '<' || peek() == '>') {
      PacketEvent p;
      if (!parse_packet(p)) return false;
      e.what = std::move(p);
    } else if (is_alpha(peek())) {
      if (e.time.any || e.time.end)
        return fail(e.at, "'*' and 't1~t2' times are for outbound packets ('>') only");
      SyscallEvent c;
      if (!parse_syscall(c)) return false;
      e.what = std::move(c);
    } else {
      return fail_here("'<' (inbound packet), '>' (outbound packet) or a system call after the time");
    }
    return true;
  }

  // `...`: the text up to the next unescaped backquote, as packetdrill's lexer takes it.
  bool parse_shell(ShellEvent& c) {
    const Position open = pos();
    advance();
    c.text_at = pos();
    while (!at_end() && peek() != '`') {
      if (peek() == '\\' && peek(1) != '\0') {
        advance();
        if (peek() != '`') c.text += '\\';
      }
      c.text += peek();
      advance();
    }
    if (!eat('`')) return fail(open, "unterminated shell command: '`' has no closing '`'");
    return true;
  }

  // %{ ... }%: the text up to the first "}%", read by the Python subset.
  bool parse_code(CodeEvent& c) {
    const Position open = pos();
    advance();
    advance();
    const Position text_at = pos();
    const std::size_t begin = i_;
    while (!at_end() && !(peek() == '}' && peek(1) == '%')) advance();
    if (at_end()) return fail(open, "unterminated code block: '%{' has no closing '}%'");
    const std::string_view code = s_.substr(begin, i_ - begin);
    advance();
    advance();
    auto asserts = parse_py_asserts(code, text_at);
    if (!asserts) {
      if (!error_) error_ = asserts.error();
      return false;
    }
    if (asserts.value().empty()) return fail(open, "an empty code block");
    c.asserts = std::move(asserts).value();
    return true;
  }

  bool parse_time_point(TimePoint& t) {
    if (!skip()) return false;
    const Position at = pos();
    t.relative = eat('+');
    if (!is_digit(peek()) && !(peek() == '.' && is_digit(peek(1))))
      return fail_here(t.relative ? "a number of seconds after '+'"
                                  : "a time (0, 1.5, +0.1 or *) at the start of an event");
    std::int64_t seconds = 0;
    while (is_digit(peek())) {
      seconds = seconds * 10 + (peek() - '0');
      if (seconds > 1'000'000'000) return fail(at, "time is too large");
      advance();
    }
    std::int64_t micro = 0;
    // "0...0.1" (a blocking call's start...end) is not a decimal point.
    if (peek() == '.' && peek(1) != '.') {
      advance();
      int digits = 0;
      while (is_digit(peek())) {
        if (digits == 6) return fail(pos(), "time has more than 6 decimal places (microseconds are the resolution)");
        micro = micro * 10 + (peek() - '0');
        ++digits;
        advance();
      }
      for (; digits < 6; ++digits) micro *= 10;
    }
    t.offset = Duration{seconds * 1'000'000 + micro};
    return true;
  }

  bool parse_time(TimeSpec& t) {
    if (eat('*')) {
      t.any = true;
      return true;
    }
    if (!parse_time_point(t.start)) return false;
    skip_blanks();
    if (eat('~')) {
      TimePoint end;
      if (!parse_time_point(end)) return false;
      t.end = end;
    }
    return true;
  }

  // --- packets -------------------------------------------------------------
  bool parse_packet(PacketEvent& p) {
    p.inbound = peek() == '<';
    advance();
    if (!skip()) return false;
    const Position flags_at = pos();
    if (peek() == '(' || peek() == '[') return unsupported(flags_at, "IP-level packet fields ('(...)' or '[...]')");
    std::string letters;
    while (peek() == 'S' || peek() == '.' || peek() == 'F' || peek() == 'R' || peek() == 'P' ||
           peek() == 'E' || peek() == 'W' || peek() == 'U') {
      letters += peek();
      advance();
    }
    if (letters.empty()) return fail_here("TCP flags (S, ., F, R, P or a combination such as S. or F.)");
    for (char c : letters) {
      Flag f = kAck;
      switch (c) {
        case 'S': f = kSyn; break;
        case 'F': f = kFin; break;
        case 'R': f = kRst; break;
        case 'P': f = kPsh; break;
        case '.': f = kAck; break;
        default: return unsupported(flags_at, std::string("the TCP flag '") + c + "' (ECN and URG)");
      }
      if (p.flags.has(f)) return fail(flags_at, std::string("flag '") + c + "' appears twice in '" + letters + "'");
      p.flags.bits |= f;
    }
    if (!u32(p.start, "the start sequence number (start:end(length))")) return false;
    if (!expect(':', "between the start and end sequence numbers")) return false;
    if (!u32(p.end, "the end sequence number (start:end(length))")) return false;
    if (!expect('(', "before the payload length")) return false;
    const Position len_at = pos();
    if (!u32(p.length, "the payload length")) return false;
    if (!expect(')', "after the payload length")) return false;
    if (p.end - p.start != p.length)
      return fail(len_at, "payload length " + std::to_string(p.length) + " disagrees with " +
                              std::to_string(p.start) + ":" + std::to_string(p.end) + " (end - start = " +
                              std::to_string(p.end - p.start) + ")");
    for (;;) {
      if (!skip()) return false;
      const Position at = pos();
      if (peek() == '<') {
        if (p.options) return fail(at, "a second option list");
        OptionList o;
        if (!parse_options(o)) return false;
        p.options = std::move(o);
        continue;
      }
      if (peek() == '(' || peek() == '[') return unsupported(at, "IP-level packet fields ('(...)' or '[...]')");
      if (!is_alpha(peek())) return true;
      const std::string w = word();
      if (w == "ack") {
        if (p.ack) return fail(at, "'ack' given twice");
        std::uint32_t v = 0;
        if (!u32(v, "the acknowledgement number after 'ack'")) return false;
        p.ack = v;
      } else if (w == "win") {
        if (p.window) return fail(at, "'win' given twice");
        std::uint64_t v = 0;
        if (!number(65535, v, "the window after 'win'")) return false;
        p.window = static_cast<std::uint32_t>(v);
      } else if (w == "urg" || w == "ecn" || w == "tos" || w == "udp" || w == "flowlabel") {
        return unsupported(at, "the packet field '" + w + "'");
      } else {
        return fail(at, "expected 'ack N', 'win N', '<options>' or the next event's time, got '" + w + "'");
      }
    }
  }

  bool parse_options(OptionList& o) {
    const std::size_t begin = i_;
    advance();  // '<'
    if (!skip()) return false;
    if (peek() == '.' && peek(1) == '.' && peek(2) == '.') {
      advance();
      advance();
      advance();
      o.ignore = true;
      o.text = "<...>";
      return expect('>', "to close '<...'");
    }
    if (eat('>')) {
      o.text = "<>";
      return true;
    }
    for (;;) {
      if (!skip()) return false;
      const Position at = pos();
      const std::string w = word();
      if (w.empty()) return fail_here("a TCP option (nop, mss N, sackOK, TS val N ecr N, wscale N, sack L:R)");
      TcpOptions& t = o.options;
      if (w == "nop" || w == "eol") {
        // Padding: carries no meaning, so it is not compared (see the docs).
      } else if (w == "mss") {
        std::uint64_t v = 0;
        if (!number(65535, v, "the MSS after 'mss'")) return false;
        t.mss = static_cast<std::uint16_t>(v);
      } else if (w == "sackOK") {
        t.sack_permitted = true;
      } else if (w == "wscale") {
        std::uint64_t v = 0;
        if (!number(255, v, "the shift after 'wscale'")) return false;
        t.window_scale = static_cast<std::uint8_t>(v);
      } else if (w == "TS") {
        if (!skip()) return false;
        if (word() != "val") return fail_here("'val' after 'TS'");
        Timestamps ts;
        if (!u32(ts.value, "the TSval after 'TS val'")) return false;
        if (!skip()) return false;
        if (word() != "ecr") return fail_here("'ecr' after 'TS val N'");
        if (!u32(ts.echo, "the TSecr after 'ecr'")) return false;
        t.timestamps = ts;
      } else if (w == "sack") {
        for (;;) {
          if (!skip()) return false;
          if (!is_digit(peek())) break;
          std::uint32_t l = 0, r = 0;
          if (!u32(l, "a SACK block's left edge")) return false;
          if (!expect(':', "in a SACK block L:R")) return false;
          if (!u32(r, "a SACK block's right edge")) return false;
          t.sack_blocks.push_back(SackBlock{SeqNum{l}, SeqNum{r}});
        }
        if (t.sack_blocks.empty()) return fail_here("SACK blocks (L:R) after 'sack'");
      } else if (w == "FO" || w == "md5" || w == "exp" || w == "mptcp" || w == "tcp_ao") {
        return unsupported(at, "the TCP option '" + w + "'");
      } else {
        return fail(at, "unknown TCP option '" + w + "'");
      }
      if (!skip()) return false;
      if (eat(',')) continue;
      if (eat('>')) break;
      return fail_here("',' or '>' in the option list");
    }
    o.text = std::string(s_.substr(begin, i_ - begin));
    return true;
  }

  // --- system calls --------------------------------------------------------
  bool parse_syscall(SyscallEvent& c) {
    const Position at = pos();
    c.name = word();
    bool known = false;
    for (std::string_view n : kSyscalls) known = known || n == c.name;
    if (!known) return unsupported(at, "the system call '" + c.name + "'");
    if (!expect('(', "after the system call name")) return false;
    if (!skip()) return false;
    if (!eat(')')) {
      for (;;) {
        Arg a;
        if (!parse_arg(a, 0)) return false;
        c.args.push_back(std::move(a));
        if (!skip()) return false;
        if (eat(',')) continue;
        if (eat(')')) break;
        return fail_here("',' or ')' in the argument list");
      }
    }
    if (!expect('=', "and the expected result after the call")) return false;
    if (!skip()) return false;
    const Position result_at = pos();
    const bool negative = eat('-');
    std::uint64_t v = 0;
    if (!number(0x7fffffffffffULL, v, "the expected return value after '='")) return false;
    c.result = negative ? -static_cast<std::int64_t>(v) : static_cast<std::int64_t>(v);
    skip_blanks();
    if (is_alpha(peek())) {
      const Position errno_at = pos();
      const std::string name = word();
      if (name.empty() || name[0] != 'E') return fail(errno_at, "expected an errno name such as EAGAIN, got '" + name + "'");
      if (c.result != -1) return fail(errno_at, "an errno name only follows '= -1'");
      c.errno_name = name;
      skip_blanks();
    }
    if (c.result == -1 && !c.errno_name) return fail(result_at, "'= -1' needs the expected errno, e.g. '= -1 EAGAIN'");
    if (peek() == '(') {
      // The strerror text or a comment: "(Operation now in progress)".
      const Position open = pos();
      int depth = 0;
      do {
        if (peek() == '(') ++depth;
        if (peek() == ')') --depth;
        if (peek() == '\n' || at_end()) return fail(open, "unclosed '(' after the result");
        advance();
      } while (depth > 0);
    }
    return true;
  }

  bool parse_arg(Arg& a, int depth) {
    if (depth > 8) return fail(pos(), "arguments nested too deeply");
    if (!skip()) return false;
    a.at = pos();
    if (peek() == '.' && peek(1) == '.' && peek(2) == '.') {
      advance();
      advance();
      advance();
      a.kind = Arg::Kind::Ellipsis;
      return true;
    }
    if (is_digit(peek()) || (peek() == '-' && is_digit(peek(1)))) {
      const bool negative = eat('-');
      std::uint64_t v = 0;
      if (!number(0x7fffffffffffULL, v, "a number")) return false;
      a.kind = Arg::Kind::Number;
      a.number = negative ? -static_cast<std::int64_t>(v) : static_cast<std::int64_t>(v);
      return true;
    }
    if (eat('"')) {
      a.kind = Arg::Kind::String;
      std::string text;
      while (!at_end() && peek() != '"' && peek() != '\n') {
        text += peek();
        advance();
      }
      if (!eat('"')) return fail(a.at, "unterminated string");
      a.symbols.push_back(std::move(text));
      return true;
    }
    if (eat('[')) {
      a.kind = Arg::Kind::List;
      if (!skip()) return false;
      if (eat(']')) return true;
      for (;;) {
        Arg item;
        if (!parse_arg(item, depth + 1)) return false;
        a.items.push_back(std::move(item));
        if (!skip()) return false;
        if (eat(',')) continue;
        if (eat(']')) return true;
        return fail_here("',' or ']' in a list");
      }
    }
    if (eat('{')) {
      a.kind = Arg::Kind::Struct;
      for (;;) {
        if (!skip()) return false;
        const std::string name = word();
        if (name.empty()) return fail_here("a field name in '{...}'");
        if (!expect('=', "after the field name '" + name + "'")) return false;
        Arg item;
        if (!parse_arg(item, depth + 1)) return false;
        a.field_names.push_back(name);
        a.items.push_back(std::move(item));
        if (!skip()) return false;
        if (eat(',')) continue;
        if (eat('}')) return true;
        return fail_here("',' or '}' in a struct");
      }
    }
    if (is_alpha(peek())) {
      a.kind = Arg::Kind::Symbols;
      for (;;) {
        const std::string w = word();
        if (w.empty()) return fail_here("a symbol after '|'");
        a.symbols.push_back(w);
        if (!skip()) return false;
        if (!eat('|')) return true;
        if (!skip()) return false;
      }
    }
    return fail_here("an argument (..., a number, a symbol, [..], {..} or \"..\")");
  }

  std::optional<ParseError> error_{};
};

std::string seconds_text(Duration d) {
  const std::int64_t us = d.count();
  char buf[48];
  std::snprintf(buf, sizeof buf, "%s%lld.%06lld", us < 0 ? "-" : "", static_cast<long long>((us < 0 ? -us : us) / 1'000'000),
                static_cast<long long>((us < 0 ? -us : us) % 1'000'000));
  return buf;
}

std::string point_text(const TimePoint& p) { return (p.relative ? "+" : "") + seconds_text(p.offset); }

}  // namespace

std::string format_error(std::string_view file, const ParseError& e) {
  if (e.unsupported) return format_unsupported(file, e.at.line, e.message);
  return std::string(file) + ":" + std::to_string(e.at.line) + ":" + std::to_string(e.at.column) +
         ": error: " + e.message;
}

std::string format_unsupported(std::string_view file, int line, std::string_view what) {
  return std::string(file) + ":" + std::to_string(line) + ": unsupported: " + std::string(what);
}

Result<Script, ParseError> parse_script(std::string_view text) { return Parser(text).run(); }

std::string time_text(const TimeSpec& t) {
  if (t.any) return "*";
  std::string s = point_text(t.start);
  if (t.end) s += "~" + point_text(*t.end);
  return s;
}

std::string options_text(const TcpOptions& o) {
  std::string s;
  auto add = [&s](const std::string& part) { s += (s.empty() ? "" : ",") + part; };
  if (o.mss) add("mss " + std::to_string(*o.mss));
  if (o.sack_permitted) add("sackOK");
  if (o.timestamps)
    add("TS val " + std::to_string(o.timestamps->value) + " ecr " + std::to_string(o.timestamps->echo));
  if (o.window_scale) add("wscale " + std::to_string(*o.window_scale));
  if (!o.sack_blocks.empty()) {
    std::string b = "sack";
    for (const SackBlock& k : o.sack_blocks)
      b += " " + std::to_string(k.left.value()) + ":" + std::to_string(k.right.value());
    add(b);
  }
  return "<" + s + ">";
}

}  // namespace tcplab::drill
