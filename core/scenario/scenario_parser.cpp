// The scenario parser: one statement per line, '#' starts a comment. The
// grammar is in docs/scenario-format.md. It never throws (the wasm build has
// no exception catching): every parse function reports through fail().
#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstdlib>
#include <set>
#include <type_traits>

#include "core/scenario/action_text.h"
#include "core/scenario/scenario.h"
#include "core/scenario/scenario_words.h"

namespace tcplab {

std::string SourceLoc::text() const {
  return file + ":" + std::to_string(line) + ":" + std::to_string(column);
}

std::string_view group_id(LessonGroup g) {
  switch (g) {
    case LessonGroup::SettingUp: return "setting-up";
    case LessonGroup::Closing: return "closing";
    case LessonGroup::Resets: return "resets";
    case LessonGroup::Timers: return "timers";
    case LessonGroup::DataTransfer: return "data-transfer";
    case LessonGroup::Congestion: return "congestion";
    case LessonGroup::More: return "more";
  }
  return "more";
}

std::optional<LessonGroup> parse_group(std::string_view s) {
  for (LessonGroup g : kAllLessonGroups)
    if (group_id(g) == s) return g;
  return std::nullopt;
}

const std::string& in_language(const std::string& english, const Translations& t, std::string_view lang) {
  const auto it = t.find(std::string(lang));
  return it == t.end() ? english : it->second;
}

LessonGroup lesson_group(const Scenario& sc) {
  if (sc.group) return *sc.group;
  // Without a group: a lesson about moving data (the kind added most often)
  // belongs with data transfer, or congestion when it changes the algorithm.
  std::size_t sent = 0;
  for (const TimedAction& a : sc.actions)
    if (const auto* s = std::get_if<SendAction>(&a.action)) sent += s->data.size();
  const auto base = Profile::rfc9293().congestion.algorithm;
  for (const HostConfig& h : sc.world.hosts)
    if (h.profile.congestion.algorithm != base && sent > 0) return LessonGroup::Congestion;
  return sent >= 2000 ? LessonGroup::DataTransfer : LessonGroup::More;
}

namespace {

// Dotted quad, strictly: four decimal numbers 0-255, nothing else.
std::optional<Ipv4> parse_ipv4(std::string_view s) {
  Ipv4 out = 0;
  for (int part = 0; part < 4; ++part) {
    const std::size_t dot = part < 3 ? s.find('.') : s.size();
    if (dot == std::string_view::npos || dot == 0 || dot > 3) return std::nullopt;
    unsigned v = 0;
    const auto [p, ec] = std::from_chars(s.data(), s.data() + dot, v);
    if (ec != std::errc() || p != s.data() + dot || v > 255) return std::nullopt;
    out = (out << 8) | v;
    s.remove_prefix(part < 3 ? dot + 1 : dot);
  }
  return out;
}

struct Token {
  std::string text;
  int col = 0;
  bool quoted = false;
};

std::optional<State> parse_state(std::string_view s) {
  std::string norm(s);
  std::replace(norm.begin(), norm.end(), '_', '-');
  for (char& c : norm) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  for (State st : kAllStates)
    if (rfc_name(st) == norm) return st;
  return std::nullopt;
}

class Parser {
 public:
  explicit Parser(std::string file) { sc_.file = std::move(file); }

  Result<Scenario, ParseError> run(std::string_view text) {
    int line_no = 0;
    std::size_t pos = 0;
    while (pos <= text.size() && !err_) {
      const std::size_t nl = text.find('\n', pos);
      std::string_view line = text.substr(pos, nl == std::string_view::npos ? std::string_view::npos : nl - pos);
      if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
      ++line_no;
      parse_line(line, line_no);
      if (nl == std::string_view::npos) break;
      pos = nl + 1;
    }
    if (!err_) finish(line_no);
    if (err_) return Err{*err_};
    return std::move(sc_);
  }

  Result<Action, std::string> lone_action(std::string_view text, const std::vector<std::string>& hosts) {
    lone_action_ = true;
    for (const std::string& h : hosts) hosts_.push_back(HostDecl{h, 0, std::nullopt});
    line_ = 1;
    line_text_ = text;
    std::optional<Action> a;
    if (const auto nl = text.find_first_of("\r\n"); nl != std::string_view::npos)
      fail_at(static_cast<int>(nl) + 1, "expected one action on one line");
    else if (tokenize(text))
      a = action();
    if (err_) return Err{err_->message};
    return std::move(*a);
  }

 private:
  // --- errors and tokens ---
  void fail_at(int col, std::string msg) {
    if (!err_) err_ = ParseError{SourceLoc{sc_.file, line_, char_column(col)}, std::move(msg)};
  }
  // Columns count characters, not bytes: a column after Chinese text is
  // where an editor shows it (UTF-8 continuation bytes do not count).
  int char_column(int byte_col) const {
    const auto end = std::min(static_cast<std::size_t>(std::max(byte_col - 1, 0)), line_text_.size());
    const auto continuation = std::count_if(line_text_.begin(), line_text_.begin() + static_cast<std::ptrdiff_t>(end),
                                            [](char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; });
    return byte_col - static_cast<int>(continuation);
  }
  void fail(const Token* t, const std::string& expected) {
    if (t) fail_at(t->col, "expected " + expected + ", got '" + t->text + "'");
    else fail_at(eol_col_, "expected " + expected + ", got the end of the line");
  }
  std::nullopt_t fail_none(const Token* t, const std::string& expected) {
    fail(t, expected);
    return std::nullopt;
  }
  SourceLoc here(int col) const { return SourceLoc{sc_.file, line_, col}; }

  bool tokenize(std::string_view line) {
    toks_.clear();
    pos_ = 0;
    comment_at_ = line.size();
    std::size_t i = 0;
    while (i < line.size()) {
      const char c = line[i];
      if (c == ' ' || c == '\t') {
        ++i;
        continue;
      }
      // A comment, unless it is a segment id such as #12.
      if (c == '#' && !(i + 1 < line.size() && std::isdigit(static_cast<unsigned char>(line[i + 1])))) {
        comment_at_ = i;
        break;
      }
      Token t;
      t.col = static_cast<int>(i) + 1;
      if (c == '"') {
        t.quoted = true;
        ++i;
        bool closed = false;
        while (i < line.size()) {
          if (line[i] == '\\' && i + 1 < line.size()) {
            const char e = line[i + 1];
            if (e == 'x') {
              // \xHH: any octet, so a payload of arbitrary bytes can be written down.
              const auto hex = i + 4 <= line.size() ? parse_hex(line.substr(i + 2, 2)) : std::nullopt;
              if (!hex) {
                fail_at(static_cast<int>(i) + 1, "expected two hex digits after \\x, such as \\x00 or \\xff");
                return false;
              }
              t.text += static_cast<char>(hex->front());
              i += 4;
              continue;
            }
            t.text += e == 'n' ? '\n' : e == 't' ? '\t' : e;
            i += 2;
          } else if (line[i] == '"') {
            closed = true;
            ++i;
            break;
          } else {
            t.text += line[i++];
          }
        }
        if (!closed) {
          fail_at(t.col, "a closing '\"' for the string that starts here");
          return false;
        }
      } else {
        while (i < line.size() && line[i] != ' ' && line[i] != '\t') t.text += line[i++];
      }
      toks_.push_back(std::move(t));
    }
    eol_col_ = static_cast<int>(line.size()) + 1;
    return true;
  }
  const Token* peek() const { return pos_ < toks_.size() ? &toks_[pos_] : nullptr; }
  const Token* next() { return pos_ < toks_.size() ? &toks_[pos_++] : nullptr; }
  bool peek_is(std::string_view w) const { return peek() && !peek()->quoted && peek()->text == w; }
  bool keyword(std::string_view w) {
    const Token* t = next();
    if (t && !t->quoted && t->text == w) return true;
    fail(t, "'" + std::string(w) + "'");
    return false;
  }
  bool end_of_line() {
    if (const Token* t = peek()) {
      fail(t, "the end of the line");
      return false;
    }
    return true;
  }
  const Token* word(std::string_view what) {
    const Token* t = next();
    if (!t) fail(t, std::string(what));
    return t;
  }

  // --- values ---
  // One token read by a word reader of scenario_words.h; `hint` says what was expected.
  // `hint` is text, or a function that makes it: only a failure needs the text
  // (every lesson is parsed at the page's start, issue 18).
  template <typename Read, typename Hint>
  auto value(Read read, const Hint& hint) -> decltype(read(std::string_view{})) {
    const Token* t = next();
    if (t && !t->quoted)
      if (auto v = read(std::string_view(t->text))) return v;
    if constexpr (std::is_invocable_v<Hint>)
      fail(t, hint());
    else
      fail(t, std::string(hint));
    return std::nullopt;
  }
  std::optional<Duration> duration() { return value(parse_duration, kDurationHint); }
  std::optional<std::uint64_t> integer(std::uint64_t lo, std::uint64_t hi, std::string_view what) {
    return value([&](std::string_view s) { return parse_uint(s, lo, hi); }, [&] { return range_hint(what, lo, hi); });
  }
  std::optional<DirectionIndex> direction() {
    const Token* t = next();
    if (t && !t->quoted) {
      if (auto d = parse_direction(t->text, host_names())) return d;
      if (t->text.find("->") != std::string::npos) {
        fail_at(t->col, "expected a direction between the two declared hosts such as " + example_direction() +
                            ", got '" + t->text + "'");
        return std::nullopt;
      }
    }
    fail(t, "a direction such as " + example_direction());
    return std::nullopt;
  }
  std::vector<std::string> host_names() const {
    std::vector<std::string> names;
    for (const auto& h : hosts_) names.push_back(h.name);
    return names;
  }
  std::string example_direction() const {
    return hosts_.size() == 2 ? hosts_[0].name + "->" + hosts_[1].name : "client->server";
  }
  std::optional<std::size_t> host_of(std::string_view name) const {
    for (std::size_t i = 0; i < hosts_.size(); ++i)
      if (hosts_[i].name == name) return i;
    return std::nullopt;
  }
  std::string host_list() const {
    std::string s;
    for (const auto& h : hosts_) s += (s.empty() ? " (" : ", ") + h.name;
    return s.empty() ? " (declare hosts first with 'host NAME ADDRESS')" : s + ")";
  }
  std::optional<std::string> conn_name() {
    const Token* t = next();
    if (t && !t->quoted && (lone_action_ ? !t->text.empty() : known_conn(t->text))) return t->text;
    fail(t, "a connection named by an earlier 'listen' or 'connect' (or LISTENER.N for an accepted one)");
    return std::nullopt;
  }
  bool known_conn(const std::string& n) const {
    if (conns_.count(n)) return true;
    const std::size_t dot = n.rfind('.');
    if (dot == std::string::npos || dot + 1 == n.size()) return false;
    if (!listeners_.count(n.substr(0, dot))) return false;
    return std::all_of(n.begin() + static_cast<std::ptrdiff_t>(dot) + 1, n.end(),
                       [](char c) { return std::isdigit(static_cast<unsigned char>(c)); });
  }
  std::optional<std::string> new_name(std::string_view what) {
    const Token* t = next();
    if (t && !t->quoted && !t->text.empty() && t->text.find('.') == std::string::npos) {
      if (conns_.count(t->text)) {
        fail_at(t->col, "the name '" + t->text + "' is already used by another connection");
        return std::nullopt;
      }
      return t->text;
    }
    fail(t, std::string(what) + " (letters, digits, '-', no '.')");
    return std::nullopt;
  }
  // HOST:PORT
  std::optional<std::pair<std::size_t, std::uint16_t>> host_port(bool port_optional) {
    const Token* t = next();
    if (t && !t->quoted) {
      const std::size_t colon = t->text.find(':');
      const auto h = host_of(t->text.substr(0, colon));
      if (h && colon == std::string::npos && port_optional) return std::pair{*h, std::uint16_t{0}};
      if (h && colon != std::string::npos)
        if (auto v = parse_uint(std::string_view(t->text).substr(colon + 1), 1, 65535))
          return std::pair{*h, static_cast<std::uint16_t>(*v)};
    }
    fail(t, std::string("HOST") + (port_optional ? "[:PORT]" : ":PORT") + " with a declared host" + host_list());
    return std::nullopt;
  }
  // Filter words until something else: flags (SYN,ACK), pure, data, #ID.
  SegmentFilter filter() {
    SegmentFilter f;
    while (peek() && !peek()->quoted && add_filter_word(f, peek()->text)) ++pos_;
    return f;
  }
  std::optional<SeqExpr> seq_expr() { return value(parse_seq_expr, kSeqExprHint); }
  std::optional<std::vector<std::uint8_t>> data() {
    const Token* t = next();
    if (t && t->quoted) return std::vector<std::uint8_t>(t->text.begin(), t->text.end());
    if (t && !t->quoted) {
      --pos_;
      auto n = integer(1, 100'000'000, "a quoted string or a number of bytes");
      if (!n || !keyword("bytes")) return std::nullopt;
      return pattern_octets(static_cast<std::size_t>(*n));
    }
    fail(t, "a quoted string or a number of bytes");
    return std::nullopt;
  }

  // --- statements ---
  // "description zh-CN 文字" / "title zh-CN 文字" / "summary zh-CN 文字": a lesson's text in another
  // language, taken as written (no tokens: Chinese has no quotes to balance).
  bool parse_localized(std::string_view line) {
    std::string_view rest = line;
    while (!rest.empty() && (rest.front() == ' ' || rest.front() == '\t')) rest.remove_prefix(1);
    const std::string_view word = rest.substr(0, rest.find_first_of(" \t"));
    if (word != "description" && word != "title" && word != "summary") return false;
    rest.remove_prefix(word.size());
    while (!rest.empty() && (rest.front() == ' ' || rest.front() == '\t')) rest.remove_prefix(1);
    const std::string_view lang = rest.substr(0, rest.find_first_of(" \t"));
    if (!is_language_tag(lang)) return false;
    rest.remove_prefix(lang.size());
    while (!rest.empty() && (rest.front() == ' ' || rest.front() == '\t')) rest.remove_prefix(1);
    while (!rest.empty() && (rest.back() == ' ' || rest.back() == '\t' || rest.back() == '\r')) rest.remove_suffix(1);
    auto& texts = word == "title" ? sc_.titles : word == "summary" ? sc_.summaries : sc_.descriptions;
    std::string& text = texts[std::string(lang)];
    // Chinese runs on without spaces between the lines of one paragraph.
    text += rest;
    return true;
  }
  // "zh-CN", "pt-BR": language and region, so that an English description
  // starting with a short word ("description an attacker...") stays English.
  static bool is_language_tag(std::string_view t) {
    const auto lower = [](char c) { return c >= 'a' && c <= 'z'; };
    const auto upper = [](char c) { return c >= 'A' && c <= 'Z'; };
    return t.size() == 5 && lower(t[0]) && lower(t[1]) && t[2] == '-' && upper(t[3]) && upper(t[4]);
  }

  void parse_line(std::string_view line, int line_no) {
    line_ = line_no;
    line_text_ = line;
    if (parse_localized(line)) return;
    if (!tokenize(line) || toks_.empty()) return;
    const Token& head = toks_[0];
    pos_ = 1;
    const std::string& k = head.text;
    if (k == "description") {
      std::string_view rest = line.substr(static_cast<std::size_t>(head.col - 1) + k.size());
      while (!rest.empty() && (rest.front() == ' ' || rest.front() == '\t')) rest.remove_prefix(1);
      if (!sc_.description.empty()) sc_.description += ' ';
      sc_.description += rest;
    } else if (k == "seed") {
      if (auto v = integer(0, ~0ULL, "a seed")) sc_.seed = *v;
      end_of_line();
    } else if (k == "host") {
      parse_host();
    } else if (k == "profile") {
      const Token* t = next();
      if (!t || (t->text != "rfc9293" && t->text != "linux")) return fail(t, "a profile: rfc9293 or linux");
      default_profile_ = t->text;
      end_of_line();
    } else if (k == "msl" || k == "set") {
      parse_set(k == "msl");
    } else if (k == "link") {
      if (auto c = parse_link()) setup_links_.push_back(*c);
    } else if (k == "at") {
      parse_at();
    } else if (k == "expect") {
      parse_expect(line);
    } else if (k == "run") {
      if (!keyword("until")) return;
      if (auto d = duration()) sc_.run_until = at(*d);
      end_of_line();
    } else if (k == "title" || k == "summary") {
      const std::size_t from = static_cast<std::size_t>(head.col - 1) + k.size();
      std::string_view rest = line.substr(from, comment_at_ > from ? comment_at_ - from : 0);
      while (!rest.empty() && (rest.front() == ' ' || rest.front() == '\t')) rest.remove_prefix(1);
      while (!rest.empty() && (rest.back() == ' ' || rest.back() == '\t')) rest.remove_suffix(1);
      if (rest.empty()) return fail(nullptr, "a line of text after '" + k + "'");
      std::string& field = k == "title" ? sc_.title : sc_.summary;
      if (!field.empty()) field += ' ';
      field += rest;
    } else if (k == "group") {
      const Token* t = next();
      const auto g = t && !t->quoted ? parse_group(t->text) : std::nullopt;
      if (!g) return fail(t, "a group (setting-up, closing, resets, timers, data-transfer, congestion, more)");
      sc_.group = g;
      end_of_line();
    } else if (k == "minutes") {
      if (auto v = integer(1, 600, "a number of minutes")) sc_.minutes = static_cast<int>(*v);
      end_of_line();
    } else if (k == "order") {
      if (auto v = integer(1, 1000, "a position in the group")) sc_.order = static_cast<int>(*v);
      end_of_line();
    } else if (k == "ask") {
      parse_ask(line);
    } else if (k == "step") {
      parse_step();
    } else if (k == "capture") {
      const Token* t = next();
      if (!t || !host_of(t->text)) return fail(t, "a declared host name" + host_list());
      sc_.capture = t->text;
      end_of_line();
    } else {
      fail_at(head.col, "expected a statement (description, title, summary, group, minutes, order, seed, host, "
                        "profile, msl, set, link, at, expect, ask, step, run until, capture), got '" + k + "'");
    }
  }

  void parse_host() {
    const Token* name = word("a host name");
    if (!name) return;
    if (host_of(name->text)) return fail_at(name->col, "host '" + name->text + "' is declared twice");
    if (hosts_.size() == 2) return fail_at(name->col, "a third host: the link joins exactly two hosts");
    const Token* addr = next();
    const std::optional<Ipv4> ip = addr && !addr->quoted ? parse_ipv4(addr->text) : std::nullopt;
    if (!ip) return fail(addr, "an IPv4 address such as 10.0.0.1");
    HostDecl h{name->text, *ip, std::nullopt};
    for (const auto& other : hosts_)
      if (other.addr == h.addr) return fail_at(addr->col, "address " + addr->text + " is already " + other.name + "'s");
    if (peek_is("profile")) {
      ++pos_;
      const Token* t = next();
      if (!t || (t->text != "rfc9293" && t->text != "linux")) return fail(t, "a profile: rfc9293 or linux");
      h.profile = t->text;
    }
    if (!end_of_line()) return;
    hosts_.push_back(std::move(h));
  }

  // "msl 30s" or "set [HOST] KEY VALUE": checked now against a scratch profile, applied in finish().
  void parse_set(bool msl) {
    ProfileSet s;
    if (!msl && peek() && host_of(peek()->text)) s.host = host_of(next()->text);
    if (msl) {
      s.key = "msl";
      s.key_col = toks_[0].col;
    } else {
      const Token* key = word("a profile setting such as syn_retries");
      if (!key) return;
      s.key = key->text;
      s.key_col = key->col;
    }
    s.value_pos = pos_;
    s.tokens = toks_;
    s.line = line_;
    Profile scratch = Profile::rfc9293();
    if (apply_set(scratch, s)) end_of_line();
    if (!err_) sets_.push_back(std::move(s));
  }
  struct ProfileSet {
    std::optional<std::size_t> host;
    std::string key;
    int key_col = 0;
    std::size_t value_pos = 0;
    std::vector<Token> tokens;
    int line = 0;
  };
  bool apply_set(Profile& p, const ProfileSet& s) {
    toks_ = s.tokens;
    pos_ = s.value_pos;
    line_ = s.line;
    const std::string& k = s.key;
    auto dur = [&](Duration& d) {
      if (auto v = duration()) d = *v;
    };
    auto count = [&](int& c) {
      if (auto v = integer(0, 1000, "a count")) c = static_cast<int>(*v);
    };
    auto onoff = [&](bool& b) {
      const Token* t = next();
      if (t && (t->text == "on" || t->text == "off")) b = t->text == "on";
      else fail(t, "on or off");
    };
    auto octets = [&](std::uint32_t& o) {
      if (auto v = integer(0, 1u << 30, "a number of octets")) o = static_cast<std::uint32_t>(*v);
    };
    if (k == "msl") {
      if (auto v = duration()) {
        p.msl = *v;
        p.time_wait = 2 * *v;
      }
    } else if (k == "time_wait") dur(p.time_wait);
    else if (k == "initial_rto") dur(p.initial_rto);
    else if (k == "min_rto") dur(p.min_rto);
    else if (k == "max_rto") dur(p.max_rto);
    else if (k == "syn_retries") count(p.syn_retries);
    else if (k == "synack_retries") count(p.synack_retries);
    else if (k == "data_retries") count(p.data_retries);
    else if (k == "mss") {
      if (auto v = integer(64, 65495, "an MSS")) p.mss = static_cast<std::uint16_t>(*v);
    } else if (k == "receive_buffer") octets(p.receive_buffer);
    else if (k == "send_buffer") octets(p.send_buffer);
    else if (k == "delayed_ack") onoff(p.delayed_ack);
    else if (k == "delayed_ack_timeout") dur(p.delayed_ack_timeout);
    else if (k == "user_timeout") dur(p.user_timeout);
    else if (k == "persist_min") dur(p.persist_min);
    else if (k == "persist_max") dur(p.persist_max);
    else if (k == "keepalive") onoff(p.keepalive);
    else if (k == "keepalive_idle") dur(p.keepalive_idle);
    else if (k == "keepalive_interval") dur(p.keepalive_interval);
    else if (k == "keepalive_probes") count(p.keepalive_probes);
    else if (k == "challenge_ack_limit") count(p.challenge_ack_limit);
    else if (k == "timestamps") onoff(p.send_timestamps);
    else if (k == "sack") onoff(p.send_sack_permitted);
    else if (k == "window_scale") {
      if (auto v = integer(0, 14, "a window scale shift")) {
        p.send_window_scale = true;
        p.window_scale = static_cast<std::uint8_t>(*v);
      }
    } else if (k == "congestion") {
      const Token* t = next();
      const auto a = t ? parse_algorithm(t->text) : std::nullopt;
      if (a) p.congestion.algorithm = *a;
      else fail(t, "a congestion control algorithm (tahoe, reno, newreno, cubic)");
    } else if (k == "initial_window") {
      if (auto v = integer(0, 1000, "a number of segments")) p.congestion.initial_window = static_cast<std::uint32_t>(*v);
    } else if (k == "limited_transmit") onoff(p.congestion.limited_transmit);
    else if (k == "byte_counting") onoff(p.congestion.byte_counting);
    else if (k == "restart_after_idle") onoff(p.congestion.restart_after_idle);
    else if (k == "nodelay") onoff(p.nodelay);
    else if (k == "rack") onoff(p.rack);
    else if (k == "tail_loss_probe") onoff(p.tail_loss_probe);
    else {
      fail_at(s.key_col, "expected a profile setting (msl, time_wait, initial_rto, min_rto, max_rto, syn_retries, "
                         "synack_retries, data_retries, mss, receive_buffer, send_buffer, delayed_ack, "
                         "delayed_ack_timeout, user_timeout, persist_min, persist_max, keepalive, keepalive_idle, "
                         "keepalive_interval, keepalive_probes, challenge_ack_limit, timestamps, sack, "
                         "window_scale, congestion, initial_window, limited_transmit, byte_counting, "
                         "restart_after_idle, nodelay, rack, tail_loss_probe), got '" + k + "'");
    }
    return !err_;
  }

  std::optional<LinkChange> parse_link() {
    LinkChange c;
    if (peek() && peek()->text.find("->") != std::string::npos) {
      auto d = direction();
      if (!d) return std::nullopt;
      c.dir = *d;
    }
    if (!peek()) {
      fail(nullptr, "a link setting (latency, jitter, bandwidth, queue, loss, duplicate, reorder, reorder_delay, "
                    "corrupt, mtu)");
      return std::nullopt;
    }
    while (const Token* key = next()) {
      if (key->quoted || !is_link_key(key->text)) {
        fail(key, "a link setting (latency, jitter, bandwidth, queue, loss, duplicate, reorder, reorder_delay, "
                  "corrupt, mtu)");
        return std::nullopt;
      }
      const Token* v = next();
      if (const auto expected = set_link_setting(c, key->text, v && !v->quoted ? std::string_view(v->text) : "\"")) {
        fail(v, *expected);
        return std::nullopt;
      }
    }
    return c;
  }

  void parse_at() {
    auto d = duration();
    if (!d) return;
    const SourceLoc loc = here(peek() ? peek()->col : eol_col_);
    if (auto a = action()) sc_.actions.push_back(TimedAction{at(*d), std::move(*a), loc});
  }

  // What follows 'at TIME', to the end of the line: the verb, then its words.
  std::optional<Action> action() {
    const Token* verb = word(kActionHint);
    if (!verb) return std::nullopt;
    std::optional<Action> a = verb_action(*verb);
    if (!a || !end_of_line()) return std::nullopt;
    return a;
  }

  static constexpr const char* kActionHint =
      "an action (listen, connect, send, stream, receive, close, abort, reading, nodelay, drop, hold, release, inject, "
      "link)";

  std::optional<Action> verb_action(const Token& verb) {
    const std::string& v = verb.text;
    if (v == "listen") return listen_action();
    if (v == "connect") return connect_action();
    if (v == "send") return send_action();
    if (v == "stream") return stream_action();
    if (v == "receive") return receive_action();
    if (v == "close" || v == "abort") return close_action(v == "abort");
    if (v == "reading") return switch_action<ReadingAction>();
    if (v == "nodelay") return switch_action<NoDelayAction>();
    if (v == "drop" || v == "hold") return fault_action(v == "hold");
    if (v == "release") return release_action();
    if (v == "inject") return inject_action();
    if (v == "link") {
      auto c = parse_link();
      if (!c) return std::nullopt;
      return Action{*c};
    }
    return fail_none(&verb, kActionHint);
  }

  // listen HOST:PORT as NAME [backlog N]
  std::optional<Action> listen_action() {
    auto hp = host_port(false);
    if (!hp || !keyword("as")) return std::nullopt;
    auto name = new_name("a name for the listening connection");
    if (!name) return std::nullopt;
    ListenAction l{hosts_[hp->first].name, *name, hp->second, 128};
    if (peek_is("backlog")) {
      ++pos_;
      auto b = integer(1, 65535, "a backlog");
      if (!b) return std::nullopt;
      l.backlog = static_cast<int>(*b);
    } else if (peek()) {
      return fail_none(peek(), "'backlog N' or the end of the line");
    }
    conns_.insert(*name);
    listeners_.insert(*name);
    return l;
  }

  // connect HOST[:PORT] to HOST:PORT as NAME
  std::optional<Action> connect_action() {
    auto from = host_port(true);
    if (!from || !keyword("to")) return std::nullopt;
    auto to = host_port(false);
    if (!to || !keyword("as")) return std::nullopt;
    auto name = new_name("a name for the connection");
    if (!name) return std::nullopt;
    conns_.insert(*name);
    return ConnectAction{hosts_[from->first].name, *name, from->second, hosts_[to->first].name, to->second};
  }

  // send CONN DATA
  std::optional<Action> send_action() {
    auto c = conn_name();
    if (!c) return std::nullopt;
    auto bytes = data();
    if (!bytes) return std::nullopt;
    return SendAction{*c, std::move(*bytes)};
  }

  // stream CONN [N bytes] | stream CONN off: keep the send buffer full,
  // until stopped or for N octets.
  std::optional<Action> stream_action() {
    auto c = conn_name();
    if (!c) return std::nullopt;
    if (peek_is("off")) {
      ++pos_;
      return StreamAction{*c, false, std::nullopt};
    }
    if (!peek()) return StreamAction{*c, true, std::nullopt};
    const std::string& t = peek()->text;
    if (peek()->quoted || t.empty() || t.find_first_not_of("0123456789") != std::string::npos)
      return fail_none(peek(), "'off', N bytes or the end of the line");
    auto n = integer(1, 1'000'000'000'000, "a number of bytes");
    if (!n || !keyword("bytes")) return std::nullopt;
    return StreamAction{*c, true, *n};
  }

  // receive CONN [MAX]
  std::optional<Action> receive_action() {
    auto c = conn_name();
    if (!c) return std::nullopt;
    std::size_t max = 65536;
    if (peek()) {
      auto n = integer(1, 1u << 30, "a number of octets");
      if (!n) return std::nullopt;
      max = *n;
    }
    return ReceiveAction{*c, max};
  }

  // close CONN, abort CONN
  std::optional<Action> close_action(bool abort) {
    auto c = conn_name();
    if (!c) return std::nullopt;
    if (abort) return AbortAction{*c};
    return CloseAction{*c};
  }

  // reading CONN on|off, nodelay CONN on|off: a switch on one connection.
  template <class SwitchAction>
  std::optional<Action> switch_action() {
    auto c = conn_name();
    if (!c) return std::nullopt;
    const Token* t = next();
    if (!t || (t->text != "on" && t->text != "off")) return fail_none(t, "on or off");
    return SwitchAction{*c, t->text == "on"};
  }

  // drop next|inflight DIR [FILTER], hold next|inflight DIR [FILTER] as LABEL
  std::optional<Action> fault_action(bool hold) {
    const Token* which = next();
    if (!which || (which->text != "next" && which->text != "inflight"))
      return fail_none(which, "'next' (the next segment sent) or 'inflight' (one on the wire now)");
    auto dir = direction();
    if (!dir) return std::nullopt;
    SegmentFilter f = filter();
    std::string label;
    if (hold) {
      if (!keyword("as")) return std::nullopt;
      const Token* l = word("a label for the held segment");
      if (!l) return std::nullopt;
      label = l->text;
      labels_.insert(label);
    }
    const bool next_one = which->text == "next";
    if (!hold) return next_one ? Action{DropNextAction{*dir, f}} : Action{DropInFlightAction{*dir, f}};
    return next_one ? Action{HoldNextAction{*dir, f, label}} : Action{HoldInFlightAction{*dir, f, label}};
  }

  // release LABEL
  std::optional<Action> release_action() {
    const Token* l = next();
    if (!l || !(lone_action_ || labels_.count(l->text)))
      return fail_none(l, "the label of a segment held by an earlier 'hold ... as LABEL'");
    return ReleaseAction{l->text};
  }

  // inject to CONN FLAGS [seq EXPR] [ack EXPR] [win N] [data DATA]
  std::optional<Action> inject_action() {
    if (!keyword("to")) return std::nullopt;
    auto c = conn_name();
    if (!c) return std::nullopt;
    const Token* ft = next();
    auto flags = ft && !ft->quoted ? parse_flags(ft->text) : std::nullopt;
    if (!flags) return fail_none(ft, std::string(kFlagsHint));
    // Without ACK the acknowledgment field is zero, as a real stack leaves it.
    const SeqExpr default_ack = flags->has(kAck) ? SeqExpr{SeqExpr::Base::SndNxt, 0} : SeqExpr{};
    InjectAction in{*c, *flags, SeqExpr{SeqExpr::Base::RcvNxt, 0}, default_ack, 0, {}};
    while (const Token* key = next()) {
      if (key->text == "seq") {
        auto e = seq_expr();
        if (!e) return std::nullopt;
        in.seq = *e;
      } else if (key->text == "ack") {
        auto e = seq_expr();
        if (!e) return std::nullopt;
        in.ack = *e;
      } else if (key->text == "win") {
        auto w = integer(0, 65535, "a window");
        if (!w) return std::nullopt;
        in.window = static_cast<std::uint16_t>(*w);
      } else if (key->text == "data") {
        auto bytes = data();
        if (!bytes) return std::nullopt;
        in.payload = std::move(*bytes);
      } else {
        return fail_none(key, "seq, ack, win or data");
      }
    }
    return in;
  }

  // ask [after DURATION] state CONN | timer CONN | flags|seq|ack|fate DIRECTION [FILTER]
  //     ["QUESTION"] [hint "TEXT"]...
  void parse_ask(std::string_view line) {
    Question q;
    q.loc = here(toks_[0].col);
    q.text = statement_text(line);
    if (peek_is("after")) {
      ++pos_;
      auto d = duration();
      if (!d) return;
      q.after = at(*d);
    }
    const Token* what = next();
    const std::string w = what && !what->quoted ? what->text : "";
    if (w == "state" || w == "timer") {
      q.what = w == "state" ? AskWhat::State : AskWhat::Timer;
      auto c = conn_name();
      if (!c) return;
      q.conn = *c;
    } else if (w == "flags" || w == "seq" || w == "ack" || w == "fate") {
      q.what = w == "flags" ? AskWhat::Flags : w == "seq" ? AskWhat::Seq : w == "ack" ? AskWhat::Ack : AskWhat::Fate;
      auto d = direction();
      if (!d) return;
      q.dir = *d;
      q.filter = filter();
    } else {
      return fail(what, "what to ask about (state, timer, flags, seq, ack, fate)");
    }
    if (peek() && !peek()->quoted && is_language_tag(peek()->text))
      return fail_at(peek()->col, "a translation follows the English question it translates: write \"QUESTION\" " +
                                      peek()->text + " \"...\"");
    if (peek() && peek()->quoted) {
      q.prompt = next()->text;
      if (!translations(q.prompt_in)) return;
    }
    while (const Token* key = next()) {
      if (key->quoted || key->text != "hint") return fail(key, "a question in quotes, 'hint \"TEXT\"' or the end of the line");
      const Token* h = next();
      if (!h || !h->quoted) return fail(h, "the hint's text in quotes");
      q.hints.push_back(h->text);
      if (!translations(q.hints_in.emplace_back())) return;
    }
    sc_.questions.push_back(std::move(q));
  }

  // step "TEXT" [wait listen|connect|close|abort|send HOST | wait drop DIRECTION [FILTER]
  //             | wait state HOST STATE | until DURATION]
  void parse_step() {
    GuideStep st;
    st.loc = here(toks_[0].col);
    const Token* t = next();
    if (!t || !t->quoted) return fail(t, "the step's text in quotes");
    st.text = t->text;
    if (!translations(st.text_in)) return;
    if (peek_is("until")) {
      ++pos_;
      auto d = duration();
      if (!d) return;
      st.until = GuideStep::Until::Moment;
      st.t = at(*d);
    } else if (peek_is("wait")) {
      ++pos_;
      const Token* a = next();
      const std::string v = a && !a->quoted ? a->text : "";
      st.until = GuideStep::Until::Action;
      st.action = v;
      if (v == "listen" || v == "connect" || v == "close" || v == "abort" || v == "send") {
        const Token* h = next();
        if (!h || !host_of(h->text)) return fail(h, "a declared host name" + host_list());
        st.host = h->text;
      } else if (v == "drop") {
        auto d = direction();
        if (!d) return;
        st.host = hosts_[*d].name;
        st.filter = filter();
      } else if (v == "state") {
        const Token* h = next();
        if (!h || !host_of(h->text)) return fail(h, "a declared host name" + host_list());
        st.host = h->text;
        const Token* x = next();
        const auto state = x ? parse_state(x->text) : std::nullopt;
        if (!state) return fail(x, "a state such as ESTABLISHED or TIME-WAIT");
        st.state = *state;
      } else {
        return fail(a, "what to wait for (listen, connect, close, abort, send, drop, state)");
      }
    }
    if (!end_of_line()) return;
    sc_.steps.push_back(std::move(st));
  }

  // After a quoted English text: its translations, `zh-CN "中文"`, each
  // language once. False (the error set) on a bad form.
  bool translations(Translations& out) {
    while (const Token* tag = peek()) {
      const Token* after = pos_ + 1 < toks_.size() ? &toks_[pos_ + 1] : nullptr;
      if (tag->quoted) {
        fail(tag, "a language tag such as zh-CN before the translated text");
        return false;
      }
      if (!is_language_tag(tag->text)) {
        // "zh", "zh_CN", "zh-cn" before a quoted text: a tag misspelt, not another word.
        if (after && after->quoted && looks_like_tag(tag->text)) fail(tag, "a language tag written language-REGION, such as zh-CN");
        return !err_;
      }
      ++pos_;
      const Token* text = next();
      if (out.count(tag->text)) fail_at(tag->col, "the " + tag->text + " text is given twice");
      else if (!text || !text->quoted) fail(text, "the " + tag->text + " text in quotes");
      else if (text->text.empty()) fail_at(text->col, "the " + tag->text + " text is empty");
      if (err_) return false;
      out[tag->text] = text->text;
    }
    return true;
  }
  static bool looks_like_tag(std::string_view t) {
    const auto alpha = [](char c) { return std::isalpha(static_cast<unsigned char>(c)) != 0; };
    if (t.size() == 2) return alpha(t[0]) && alpha(t[1]);
    return t.size() == 5 && alpha(t[0]) && alpha(t[1]) && (t[2] == '-' || t[2] == '_') && alpha(t[3]) && alpha(t[4]);
  }

  std::string statement_text(std::string_view line) const {
    const auto start = static_cast<std::size_t>(toks_[0].col - 1);
    std::string text(line.substr(start, comment_at_ - start));
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.pop_back();
    return text;
  }

  void parse_expect(std::string_view line) {
    Expectation e;
    e.loc = here(toks_[0].col);
    e.text = statement_text(line);
    std::optional<Instant> when;
    if (peek_is("at")) {
      ++pos_;
      if (peek_is("end")) {
        ++pos_;
      } else {
        auto d = duration();
        if (!d) return;
        when = at(*d);
      }
    }
    if (peek_is("segment") || peek_is("no")) {
      ExpectSegment s;
      if (peek_is("no")) {
        ++pos_;
        s.count = 0;
      }
      if (!keyword("segment")) return;
      auto dir = direction();
      if (!dir) return;
      s.dir = *dir;
      s.filter = filter();
      s.at = when;
      while (const Token* key = next()) {
        if (key->text == "count") {
          auto n = integer(0, 1'000'000, "a count");
          if (!n) return;
          s.count = *n;
        } else if (key->text == "fate") {
          const Token* f = next();
          std::optional<Fate> fate;
          for (Fate x : {Fate::Delivered, Fate::Corrupted, Fate::Lost, Fate::QueueFull, Fate::TooBig, Fate::Dropped,
                         Fate::Held, Fate::Released, Fate::Duplicated})
            if (f && f->text == fate_name(x)) fate = x;
          if (!fate)
            return fail(f, "a fate (delivered, corrupted, lost, queue-full, too-big, dropped, held, released, "
                           "duplicated)");
          s.fate = fate;
        } else if (key->text == "why") {
          auto w = rule_word("syn-sent.syn-ack");
          if (!w) return;
          s.why = *w;
        } else if (key->text == "retransmission") {
          s.retransmission = true;
        } else {
          return fail(key, "count, fate, why or retransmission");
        }
      }
      e.what = s;
    } else {
      auto c = conn_name();
      if (!c) return;
      const Token* what = next();
      if (what && what->text == "state") {
        const Token* st = next();
        auto state = st ? parse_state(st->text) : std::nullopt;
        if (!state) return fail(st, "a state such as ESTABLISHED or TIME-WAIT");
        e.what = ExpectState{when, *c, *state};
      } else if (what && what->text == "transition") {
        const Token* a = next();
        auto from = a ? parse_state(a->text) : std::nullopt;
        if (!from) return fail(a, "a state such as FIN-WAIT-1");
        if (!keyword("->")) return;
        const Token* b = next();
        auto to = b ? parse_state(b->text) : std::nullopt;
        if (!to) return fail(b, "a state such as TIME-WAIT");
        e.what = ExpectTransition{*c, *from, *to};
      } else if (what && what->text == "delivered") {
        auto n = integer(0, 1ULL << 40, "a number of octets");
        if (!n || !keyword("bytes")) return;
        e.what = ExpectDelivered{*c, static_cast<std::size_t>(*n)};
      } else if (what && what->text == "error") {
        const Token* m = next();
        if (!m || !m->quoted) return fail(m, "the error's RFC wording in quotes, such as \"connection reset\"");
        e.what = ExpectError{*c, m->text};
      } else if (what && is_window_key(what->text)) {
        --pos_;
        ExpectWindow w{when, *c, {}, {}, {}, {}};
        if (!window_fields(w)) return;
        e.what = std::move(w);
      } else if (what && what->text == "congestion") {
        ExpectCongestion x{*c, when, {}, {}, {}};
        if (!congestion_words(x)) return;
        e.what = std::move(x);
      } else {
        return fail(what, "state, transition, delivered, error, congestion or a window (" + std::string(kWindowKeys) + ")");
      }
      if (when && (std::holds_alternative<ExpectTransition>(e.what) || std::holds_alternative<ExpectDelivered>(e.what) ||
                   std::holds_alternative<ExpectError>(e.what)))
        return fail_at(e.loc.column, "'expect at TIME' only goes with 'state', 'congestion' or a window");
    }
    if (!end_of_line()) return;
    sc_.expectations.push_back(std::move(e));
  }

  // A rule's id (core/tcp/rules.h), so a misspelt one is an error, not an expectation that never matches.
  std::optional<std::string> rule_word(std::string_view example) {
    const Token* t = next();
    if (t && !t->quoted && parse_rule_id(t->text)) return t->text;
    return fail_none(t, "a rule id such as " + std::string(example) + " (core/tcp/rules.h)");
  }

  // --- congestion and window expectations ---
  static constexpr const char* kWindowKeys = "cwnd, ssthresh, flight, phase, snd_wnd, srtt, rto";
  static bool is_window_key(std::string_view k) {
    return k == "cwnd" || k == "ssthresh" || k == "flight" || k == "phase" || k == "snd_wnd" || k == "srtt" ||
           k == "rto";
  }
  // N octets, or "N segments" of the sender's SMSS.
  std::optional<WindowAmount> window_amount() {
    auto n = integer(0, kInfiniteSsthresh - 1, "a window in octets (or N segments)");  // "arbitrarily high" is no N
    if (!n) return std::nullopt;
    WindowAmount a{*n, false};
    if (peek_is("segments") || peek_is("segment")) {
      ++pos_;
      a.segments = true;
    }
    return a;
  }
  // One of cwnd, ssthresh, flight, phase and its value; false (nothing read)
  // when `key` is none of them. A bad value sets the error.
  bool congestion_field(const Token& key, CongestionFields& cc) {
    std::optional<WindowAmount>* amount = key.text == "cwnd"       ? &cc.cwnd
                                          : key.text == "ssthresh" ? &cc.ssthresh
                                          : key.text == "flight"   ? &cc.flight
                                                                   : nullptr;
    if (amount) {
      *amount = window_amount();
      return true;
    }
    if (key.text != "phase") return false;
    const Token* t = next();
    if (auto p = t && !t->quoted ? parse_phase(t->text) : std::nullopt) cc.phase = *p;
    else fail(t, std::string(kPhaseHint));
    return true;
  }
  // cwnd/ssthresh/flight/phase/snd_wnd/srtt/rto VALUE ..., at least one.
  bool window_fields(ExpectWindow& w) {
    while (const Token* key = next()) {
      if (congestion_field(*key, w.cc)) {
      } else if (key->text == "snd_wnd") {
        w.snd_wnd = window_amount();
      } else if (key->text == "srtt" || key->text == "rto") {
        (key->text == "srtt" ? w.srtt : w.rto) = duration();
      } else {
        fail(key, std::string("a window (") + kWindowKeys + ")");
      }
      if (err_) return false;
    }
    return true;
  }
  // [why RULE] [cwnd N] [ssthresh N] [flight N] [phase P] [count N]
  bool congestion_words(ExpectCongestion& x) {
    while (const Token* key = next()) {
      if (congestion_field(*key, x.cc)) {
      } else if (key->text == "why") {
        x.why = rule_word("cc.fast-retransmit");
      } else if (key->text == "count") {
        if (auto n = integer(0, 1'000'000, "a count")) x.count = *n;
      } else {
        fail(key, "why, cwnd, ssthresh, flight, phase or count");
      }
      if (err_) return false;
    }
    return true;
  }

  void finish(int last_line) {
    line_ = last_line;
    if (hosts_.size() != 2) {
      fail_at(1, "expected two 'host NAME ADDRESS' lines, found " + std::to_string(hosts_.size()));
      return;
    }
    sc_.world.seed = sc_.seed;
    for (std::size_t i = 0; i < hosts_.size(); ++i) {
      const HostDecl& h = hosts_[i];
      Profile p = h.profile.value_or(default_profile_) == "linux" ? Profile::linux_like() : Profile::rfc9293();
      for (const ProfileSet& s : sets_)
        if (!s.host) apply_set(p, s);
      for (const ProfileSet& s : sets_)
        if (s.host == i) apply_set(p, s);
      sc_.world.hosts.push_back(HostConfig{h.name, h.addr, p});
    }
    for (const LinkChange& c : setup_links_)
      for (DirectionIndex d = 0; d < 2; ++d)
        if (!c.dir || *c.dir == d) c.apply(sc_.world.link[d]);
    if (sc_.capture.empty()) sc_.capture = hosts_[0].name;
    std::stable_sort(sc_.actions.begin(), sc_.actions.end(),
                     [](const TimedAction& a, const TimedAction& b) { return a.t < b.t; });
  }

  struct HostDecl {
    std::string name;
    Ipv4 addr;
    std::optional<std::string> profile;
  };
  Scenario sc_;
  std::optional<ParseError> err_;
  std::vector<Token> toks_;
  std::size_t pos_ = 0;
  int line_ = 0;
  std::string_view line_text_;  // the line being read, for character columns
  int eol_col_ = 1;
  std::size_t comment_at_ = 0;  // where the current line's comment starts (its length if none)
  // Reading one action on its own (parse_action): connection names and
  // labels need no earlier declaration.
  bool lone_action_ = false;
  std::vector<HostDecl> hosts_;
  std::string default_profile_ = "rfc9293";
  std::vector<ProfileSet> sets_;
  std::vector<LinkChange> setup_links_;
  std::set<std::string> conns_, listeners_, labels_;
};

}  // namespace

Result<Scenario, ParseError> parse_scenario(std::string_view text, std::string file) {
  return Parser(std::move(file)).run(text);
}

// Declared in action_text.h: the parser's own reading of what follows 'at TIME'.
Result<Action, std::string> parse_action(std::string_view text, const std::vector<std::string>& host_names) {
  return Parser("action").lone_action(text, host_names);
}

}  // namespace tcplab
