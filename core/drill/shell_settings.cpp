// Words are split as sh splits them (blanks, '...' and "..." quoting,
// backslash-newline), commands at unquoted newlines and ';'. Pipes,
// redirections, substitutions and the like are not read: unsupported.
#include "core/drill/shell_settings.h"

#include <algorithm>
#include <array>
#include <bit>
#include <charconv>
#include <vector>

namespace tcplab::drill {

namespace {

struct Word {
  Position at;
  std::string text;
};

ShellProblem unsupported(Position at, std::string what) { return ShellProblem{at, std::move(what), true}; }
ShellProblem invalid(Position at, std::string what) { return ShellProblem{at, std::move(what), false}; }

class Splitter : TextCursor {
 public:
  Splitter(std::string_view s, Position start) : TextCursor(s, start) {}

  // The next command's words; false at the end of the block.
  Result<bool, ShellProblem> next(std::vector<Word>& words) {
    words.clear();
    for (;;) {
      skip_blanks();
      if (i_ >= s_.size()) return !words.empty();
      const char c = s_[i_];
      if (c == '\n' || c == ';') {
        advance();
        if (!words.empty()) return true;
        continue;
      }
      if (c == '#' && words.empty()) {  // a comment line
        while (i_ < s_.size() && s_[i_] != '\n') advance();
        continue;
      }
      Word w;
      w.at = pos();
      if (auto e = word(w)) return Err{*e};
      words.push_back(std::move(w));
    }
  }

 private:
  void skip_blanks() {
    while (i_ < s_.size()) {
      if (s_[i_] == ' ' || s_[i_] == '\t' || s_[i_] == '\r') advance();
      else if (s_[i_] == '\\' && i_ + 1 < s_.size() && s_[i_ + 1] == '\n') {
        advance();
        advance();
      } else {
        return;
      }
    }
  }
  std::optional<ShellProblem> word(Word& w) {
    while (i_ < s_.size()) {
      const char c = s_[i_];
      if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == ';') return std::nullopt;
      if (c == '\'' || c == '"') {
        const Position open = pos();
        advance();
        while (i_ < s_.size() && s_[i_] != c) {
          if (c == '"' && (s_[i_] == '$' || s_[i_] == '`'))
            return unsupported(pos(), std::string("the shell substitution '") + s_[i_] + "' in a quoted word");
          if (c == '"' && s_[i_] == '\\' && i_ + 1 < s_.size()) advance();
          w.text += s_[i_];
          advance();
        }
        if (i_ >= s_.size()) return invalid(open, std::string("unterminated ") + c + " quote in the shell command");
        advance();
        continue;
      }
      if (c == '|' || c == '&' || c == '>' || c == '<' || c == '$' || c == '(' || c == ')' || c == '{' || c == '}' ||
          c == '*' || c == '?')
        return unsupported(pos(), std::string("the shell construct '") + c + "'");
      if (c == '\\' && i_ + 1 < s_.size()) advance();
      w.text += s_[i_];
      advance();
    }
    return std::nullopt;
  }

};

std::string joined(const std::vector<Word>& words) {
  std::string s;
  for (const Word& w : words) s += (s.empty() ? "" : " ") + w.text;
  return s;
}

std::optional<std::int64_t> integer(std::string_view v) {
  while (!v.empty() && (v.front() == ' ' || v.front() == '\t')) v.remove_prefix(1);
  while (!v.empty() && (v.back() == ' ' || v.back() == '\t')) v.remove_suffix(1);
  std::int64_t x = 0;
  auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), x);
  if (ec != std::errc{} || end != v.data() + v.size()) return std::nullopt;
  return x;
}

// "4096 87380 6291456": three numbers separated by blanks or tabs.
std::optional<std::array<std::int64_t, 3>> triple(std::string_view v) {
  std::array<std::int64_t, 3> out{};
  std::size_t n = 0, i = 0;
  while (i < v.size()) {
    while (i < v.size() && (v[i] == ' ' || v[i] == '\t')) ++i;
    if (i >= v.size()) break;
    std::size_t j = i;
    while (j < v.size() && v[j] != ' ' && v[j] != '\t') ++j;
    const auto x = integer(v.substr(i, j - i));
    if (!x || *x <= 0 || n == 3) return std::nullopt;
    out[n++] = *x;
    i = j;
  }
  if (n != 3) return std::nullopt;
  return out;
}

// The settings the lab knows, one function each; `what` is "name=value" for messages.
Result<Ok, ShellProblem> set(std::string_view name, std::string_view value, Position at, Profile& p) {
  const std::string what = std::string(name) + "=" + std::string(value);
  const auto number = integer(value);
  auto ranged = [&](std::int64_t lo, std::int64_t hi) -> std::optional<ShellProblem> {
    if (number && *number >= lo && *number <= hi) return std::nullopt;
    return invalid(at, std::string(name) + " takes " + std::to_string(lo) + " to " + std::to_string(hi) + ", got '" +
                           std::string(value) + "'");
  };
  if (name == "net.ipv4.tcp_sack") {
    if (auto e = ranged(0, 1)) return Err{*e};
    p.send_sack_permitted = *number == 1;
  } else if (name == "net.ipv4.tcp_dsack") {
    if (auto e = ranged(0, 1)) return Err{*e};
    p.dsack = *number == 1;
  } else if (name == "net.ipv4.tcp_timestamps") {
    // 1: timestamps with a random offset per connection, 2: without; the
    // lab's TSval is its own clock either way.
    if (auto e = ranged(0, 2)) return Err{*e};
    p.send_timestamps = *number != 0;
  } else if (name == "net.ipv4.tcp_window_scaling") {
    if (auto e = ranged(0, 1)) return Err{*e};
    p.send_window_scale = *number == 1;
  } else if (name == "net.ipv4.tcp_rmem" || name == "net.ipv4.tcp_wmem") {
    const auto t = triple(value);
    if (!t || (*t)[1] > 0xffffffffLL)
      return Err{invalid(at, std::string(name) + " takes three sizes \"min default max\", got '" + std::string(value) + "'")};
    // The default is the buffer a new socket gets; the window scale follows
    // the largest buffer the receive side may grow to.
    if (name == "net.ipv4.tcp_rmem") {
      p.receive_buffer = static_cast<std::uint32_t>((*t)[1]);
      p.window_scale = linux_window_scale(static_cast<std::uint64_t>((*t)[2]));
    } else {
      p.send_buffer = static_cast<std::uint32_t>((*t)[1]);
    }
  } else if (name == "net.ipv4.tcp_early_retrans") {
    // Linux 4.13+ has no early retransmit proper; 3 and 4 enable TLP.
    if (auto e = ranged(0, 4)) return Err{*e};
    p.tail_loss_probe = *number >= 3;
  } else if (name == "net.ipv4.tcp_recovery") {
    if (!number || *number < 0) return Err{invalid(at, "net.ipv4.tcp_recovery takes a bit mask, got '" + std::string(value) + "'")};
    if ((*number & ~1LL) != 0)
      return Err{unsupported(at, "sysctl " + what + " (of tcp_recovery the lab has bit 0x1, RACK)")};
    p.rack = (*number & 1) != 0;
  } else if (name == "net.ipv4.tcp_congestion_control") {
    // Linux's "reno" module is RFC 5681's AIMD; with Linux's loss recovery
    // (RFC 6582 partial ACKs, SACK) that is NewReno.
    if (value == "reno") p.congestion.algorithm = CongestionAlgorithm::NewReno;
    else if (value == "cubic") p.congestion.algorithm = CongestionAlgorithm::Cubic;
    else return Err{unsupported(at, "sysctl " + what + " (the lab has reno and cubic)")};
  } else if (name == "net.ipv4.tcp_syn_retries") {
    if (auto e = ranged(1, 127)) return Err{*e};  // MAX_TCP_SYNCNT
    p.syn_retries = static_cast<int>(*number);
  } else if (name == "net.ipv4.tcp_synack_retries") {
    if (auto e = ranged(0, 255)) return Err{*e};
    p.synack_retries = static_cast<int>(*number);
  } else if (name == "net.ipv4.tcp_retries2") {
    if (auto e = ranged(0, 255)) return Err{*e};
    p.data_retries = static_cast<int>(*number);
  } else if ((name == "net.ipv4.tcp_syn_linear_timeouts" || name == "net.ipv4.tcp_ecn") && number == 0) {
    // What the stack does anyway: SYN timeouts double from the first, no ECN.
  } else {
    return Err{unsupported(at, "sysctl " + what)};
  }
  return Ok{};
}

Result<Ok, ShellProblem> sysctl(const std::vector<Word>& words, Profile& p) {
  std::size_t k = 1;
  for (; k < words.size() && words[k].text.starts_with("-"); ++k)
    if (words[k].text != "-q" && words[k].text != "-w" && words[k].text != "-qw" && words[k].text != "-wq")
      return Err{unsupported(words[k].at, "the sysctl option '" + words[k].text + "' (the lab reads -q and -w)")};
  if (k == words.size()) return Err{unsupported(words[0].at, "the shell command '" + joined(words) + "'")};
  for (; k < words.size(); ++k) {
    const std::string& a = words[k].text;
    const std::size_t eq = a.find('=');
    if (eq == std::string::npos)
      return Err{unsupported(words[k].at, "reading the sysctl " + a + " (the lab maps settings, name=value)")};
    std::string name = a.substr(0, eq);
    std::replace(name.begin(), name.end(), '/', '.');
    if (auto r = set(name, std::string_view(a).substr(eq + 1), words[k].at, p); !r) return r;
  }
  return Ok{};
}

bool is_defaults_script(const std::vector<Word>& words) {
  const std::string& w = words[0].text;
  return words.size() == 1 && (w == "defaults.sh" || w.ends_with("/defaults.sh"));
}

}  // namespace

std::uint8_t linux_window_scale(std::uint64_t rmem_max_buffer) {
  const std::uint64_t space = std::max<std::uint64_t>(rmem_max_buffer, kLinuxCoreRmemMax);
  const int ilog2 = static_cast<int>(std::bit_width(space)) - 1;
  return static_cast<std::uint8_t>(std::clamp(ilog2 - 15, 0, 14));
}

Result<Ok, ShellProblem> apply_shell_block(std::string_view block, Position start, Profile& profile) {
  Splitter split(block, start);
  std::vector<Word> words;
  for (;;) {
    auto more = split.next(words);
    if (!more) return Err{more.error()};
    if (!more.value()) break;
    if (is_defaults_script(words)) {
      // Linux's defaults are what the Linux profile models.
      if (profile.name != Profile::linux_like().name)
        return Err{unsupported(words[0].at, "Linux's defaults (" + words[0].text + ") in a script run with the " +
                                                profile.name + " profile")};
      profile = Profile::linux_like();
    } else if (words[0].text == "sysctl") {
      if (auto r = sysctl(words, profile); !r) return r;
    } else {
      return Err{unsupported(words[0].at, "the shell command '" + joined(words) + "'")};
    }
  }
  // Without window scaling no window above 65535 can be offered (RFC 7323 §2.2).
  if (!profile.send_window_scale) profile.receive_buffer = std::min<std::uint32_t>(profile.receive_buffer, 65535);
  return Ok{};
}

}  // namespace tcplab::drill
