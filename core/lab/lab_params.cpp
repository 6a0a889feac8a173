#include "core/lab/lab_params.h"

#include <algorithm>
#include <cstdlib>
#include <functional>

#include "core/base/text_template.h"
#include "core/scenario/action_text.h"
#include "core/scenario/scenario_words.h"

namespace tcplab {

namespace {

using namespace std::chrono;

// The lab's own host names: share links use them whatever a lesson calls its hosts.
const std::vector<std::string> kLabHosts{"client", "server"};

constexpr Duration kMinMsl = milliseconds(1), kMaxMsl = minutes(10);
// Longer than any lesson needs, short enough that no link setting stalls a page.
constexpr Duration kMaxLinkDelay = minutes(10);
constexpr int kMaxRetries = 20;

// Why a value was refused (ParamReason and its arguments); the English
// message is filled from it when the error is made.
struct Problem {
  ParamReason reason;
  std::vector<std::string> args{};
};
using Check = std::optional<Problem>;

ParamError make_error(std::string key, std::string value, Problem p, std::optional<std::size_t> entry = std::nullopt) {
  std::vector<std::string_view> args(p.args.begin(), p.args.end());
  std::string message = fill_template(param_reason_english(p.reason), args);
  return ParamError{std::move(key), std::move(value), std::move(message), entry, false, p.reason, std::move(p.args)};
}

std::optional<bool> parse_bool(std::string_view v) {
  // A bare "?autoplay" (empty value) turns it on, as an HTML boolean attribute does.
  if (v.empty() || v == "on" || v == "true" || v == "1") return true;
  if (v == "off" || v == "false" || v == "0") return false;
  return std::nullopt;
}

Check set_flag(bool& out, std::string_view v) {
  const auto b = parse_bool(v);
  if (!b) return Problem{ParamReason::Flag};
  out = *b;
  return std::nullopt;
}

std::optional<double> parse_decimal(std::string_view text) {
  const std::string s(text);
  if (s.empty() || !(std::isdigit(static_cast<unsigned char>(s[0])) || s[0] == '.')) return std::nullopt;
  char* end = nullptr;
  const double v = std::strtod(s.c_str(), &end);
  if (end != s.c_str() + s.size()) return std::nullopt;
  return v;
}

std::string join(const auto& words, std::string_view sep) {
  std::string out;
  for (const auto& w : words) out += (out.empty() ? "" : std::string(sep)) + std::string(w);
  return out;
}

// Host names by index: a lesson's "alice" is the link's "client".
Action rename_hosts(Action a, const std::vector<std::string>& from, const std::vector<std::string>& to) {
  const auto map = [&](std::string& h) {
    for (std::size_t i = 0; i < from.size() && i < to.size(); ++i)
      if (h == from[i]) {
        h = to[i];
        return;
      }
  };
  if (auto* l = std::get_if<ListenAction>(&a)) map(l->host);
  if (auto* c = std::get_if<ConnectAction>(&a)) {
    map(c->host);
    map(c->remote_host);
  }
  return a;
}

std::size_t octets(const Action& a) {
  if (const auto* s = std::get_if<SendAction>(&a)) return s->data.size();
  if (const auto* i = std::get_if<InjectAction>(&a)) return i->payload.size();
  return 0;
}

std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diag = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diag + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diag = up;
    }
  }
  return row[b.size()];
}

// --- the keys ---

// Sets one key; returns why when the value is not one of it.
using Setter = std::function<Check(LabParams&, std::string_view)>;

struct Key {
  std::string name;
  Setter set;
  // Part of the world a lesson sets up itself: refused together with one.
  bool setup = false;
};

// The reason behind set_link_setting()'s hint, the one whose English is
// "expected HINT" (Other with that text, should the two ever differ: a test
// keeps them the same).
Problem link_problem(std::string_view key, const std::string& hint) {
  Problem p{ParamReason::Other};
  if (key == "latency" || key == "jitter" || key == "reorder_delay") p = {ParamReason::Duration};
  if (key == "loss" || key == "duplicate" || key == "reorder" || key == "corrupt") p = {ParamReason::Probability};
  if (key == "bandwidth") p = {ParamReason::Bandwidth};
  if (key == "queue") p = {ParamReason::QueueLimit, {"0", std::to_string(kMaxQueueLimit)}};
  if (key == "mtu") p = {ParamReason::Mtu, {std::to_string(kMinMtu), std::to_string(kMaxMtu)}};
  const std::string expected = "expected " + hint;
  const std::vector<std::string_view> args(p.args.begin(), p.args.end());
  if (fill_template(param_reason_english(p.reason), args) != expected) return {ParamReason::Other, {expected}};
  return p;
}

Check set_link(LabParams& p, std::optional<DirectionIndex> dir, std::string_view key, std::string_view v) {
  LinkChange c;
  if (auto hint = set_link_setting(c, key, v)) return link_problem(key, *hint);
  for (const auto& d : {c.latency, c.jitter, c.reorder_delay})
    if (d && *d > kMaxLinkDelay) return Problem{ParamReason::DurationAtMost, {format_duration(kMaxLinkDelay)}};
  for (DirectionIndex d = 0; d < 2; ++d)
    if (!dir || *dir == d) c.apply(p.setup.link[d]);
  return std::nullopt;
}

Check set_retries(std::optional<int>& out, std::string_view v) {
  const auto n = parse_uint(v, 0, kMaxRetries);
  if (!n) return Problem{ParamReason::Count, {"0", std::to_string(kMaxRetries)}};
  out = static_cast<int>(*n);
  return std::nullopt;
}

const std::vector<Key>& keys() {
  static const std::vector<Key> table = [] {
    std::vector<Key> k;
    k.push_back({"lesson", [](LabParams& p, std::string_view v) -> Check {
                   const bool ok = !v.empty() && std::all_of(v.begin(), v.end(), [](char c) {
                     return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.';
                   });
                   if (!ok) return Problem{ParamReason::LessonName};
                   p.lesson = std::string(v);
                   return std::nullopt;
                 }});
    k.push_back({"scenario", [](LabParams& p, std::string_view v) -> Check {
                   if (v.size() > kMaxScenarioText)
                     return Problem{ParamReason::ScenarioTooLong, {std::to_string(kMaxScenarioText), std::to_string(v.size())}};
                   auto parsed = parse_lesson("scenario", std::string(v));
                   if (!parsed) {
                     const ParseError& e = parsed.error();
                     return Problem{ParamReason::ScenarioSyntax,
                                    {std::to_string(e.loc.line), std::to_string(e.loc.column), e.message}};
                   }
                   p.scenario = std::move(parsed).value();
                   return std::nullopt;
                 }});
    k.push_back({"lang", [](LabParams& p, std::string_view v) -> Check {
                   if (std::find(kLanguages.begin(), kLanguages.end(), v) == kLanguages.end())
                     return Problem{ParamReason::Language, {join(kLanguages, ", ")}};
                   p.lang = std::string(v);
                   return std::nullopt;
                 }});
    k.push_back({"speed", [](LabParams& p, std::string_view v) -> Check {
                   const auto x = parse_decimal(v);
                   if (!x || *x < kMinSpeed || *x > kMaxSpeed)
                     return Problem{ParamReason::Speed, {format_number(kMinSpeed), format_number(kMaxSpeed)}};
                   p.speed = *x;
                   return std::nullopt;
                 }});
    k.push_back({"autoplay", [](LabParams& p, std::string_view v) { return set_flag(p.autoplay, v); }});
    // Guided lessons (issue 16): whether a lesson's questions stop the clock,
    // and whether a first visit opens the guided handshake.
    k.push_back({"ask", [](LabParams& p, std::string_view v) { return set_flag(p.ask, v); }});
    k.push_back({"guide", [](LabParams& p, std::string_view v) { return set_flag(p.guide, v); }});
    k.push_back({"profile", [](LabParams& p, std::string_view v) -> Check {
                   if (v != "rfc9293" && v != "linux") return Problem{ParamReason::Profile};
                   p.setup.profile = v == "linux" ? ProfileKind::LinuxLike : ProfileKind::Rfc9293;
                   return std::nullopt;
                 }});
    k.push_back({"msl", [](LabParams& p, std::string_view v) -> Check {
                   if (v == "real") {
                     p.setup.real_msl = true;
                     return std::nullopt;
                   }
                   const auto d = parse_duration(v);
                   if (!d || *d < kMinMsl || *d > kMaxMsl)
                     return Problem{ParamReason::Msl, {format_duration(kMinMsl)}};
                   p.setup.real_msl = false;
                   p.setup.lab_msl = *d;
                   return std::nullopt;
                 }});
    k.push_back({"seed", [](LabParams& p, std::string_view v) -> Check {
                   const auto n = parse_uint(v, 0, ~0ULL);
                   if (!n) return Problem{ParamReason::Seed, {std::to_string(~0ULL)}};
                   p.setup.seed = *n;
                   p.seed = *n;
                   return std::nullopt;
                 }});
    k.push_back({"delayed_ack", [](LabParams& p, std::string_view v) { return set_flag(p.setup.delayed_ack, v); }});
    k.push_back({"receive_buffer", [](LabParams& p, std::string_view v) -> Check {
                   const auto n = parse_uint(v, 1, 1u << 30);
                   if (!n) return Problem{ParamReason::Octets, {"1", std::to_string(1u << 30)}};
                   p.setup.receive_buffer = static_cast<std::uint32_t>(*n);
                   return std::nullopt;
                 }});
    // congestion: both hosts; client.congestion, server.congestion: one.
    for (int h = -1; h < 2; ++h)
      k.push_back({std::string(h < 0 ? "" : h == 0 ? "client." : "server.") + "congestion",
                   [h](LabParams& p, std::string_view v) -> Check {
                     const auto a = parse_algorithm(v);
                     if (!a) return Problem{ParamReason::Congestion};
                     for (int i = 0; i < 2; ++i)
                       if (h < 0 || h == i) p.setup.congestion[i] = *a;
                     return std::nullopt;
                   }});
    k.push_back({"syn_retries", [](LabParams& p, std::string_view v) { return set_retries(p.setup.syn_retries, v); }});
    k.push_back(
        {"synack_retries", [](LabParams& p, std::string_view v) { return set_retries(p.setup.synack_retries, v); }});
    const std::pair<std::string_view, std::optional<DirectionIndex>> prefixes[] = {
        {"", std::nullopt}, {"c2s.", 0}, {"s2c.", 1}};
    for (const auto& prefix_dir : prefixes)
      for (std::string_view lk : kLinkKeys)
        k.push_back({std::string(prefix_dir.first) + std::string(lk),
                     [dir = prefix_dir.second, lk](LabParams& p, std::string_view v) { return set_link(p, dir, lk, v); },
                     true});
    // The seed is not among them: it applies to a lesson too.
    for (Key& x : k)
      for (std::string_view name : {"profile", "msl", "delayed_ack", "receive_buffer", "syn_retries", "synack_retries",
                                    "congestion", "client.congestion", "server.congestion"})
        if (x.name == name) x.setup = true;
    k.push_back({"panels", [](LabParams& p, std::string_view v) -> Check {
                   std::array<bool, 6> on{};
                   bool any = false;
                   for (std::size_t i = 0; i <= v.size();) {
                     const std::size_t comma = std::min(v.find(',', i), v.size());
                     const auto it = std::find(kPanelKeys.begin(), kPanelKeys.end(), v.substr(i, comma - i));
                     if (it == kPanelKeys.end())
                       return Problem{ParamReason::Panels, {join(kPanelKeys, ", ")}};
                     on[static_cast<std::size_t>(it - kPanelKeys.begin())] = true;
                     any = true;
                     i = comma + 1;
                   }
                   if (!any) return Problem{ParamReason::NoPanel};
                   p.panels = on;
                   return std::nullopt;
                 }});
    k.push_back({"layout", [](LabParams& p, std::string_view v) -> Check {
                   if (v != "full" && v != "compact") return Problem{ParamReason::Layout};
                   p.compact = v == "compact";
                   return std::nullopt;
                 }});
    k.push_back({"capture", [](LabParams& p, std::string_view v) -> Check {
                   if (v.empty() || v.size() > 2048) return Problem{ParamReason::Capture};
                   p.capture_url = std::string(v);
                   return std::nullopt;
                 }});
    // Issue 14's views: the window lane, the time-sequence graph, whose data.
    k.push_back({"lane", [](LabParams& p, std::string_view v) { return set_flag(p.window_lane, v); }});
    k.push_back({"graph", [](LabParams& p, std::string_view v) -> Check {
                   if (v != "ladder" && v != "sequence") return Problem{ParamReason::Graph};
                   p.sequence_graph = v == "sequence";
                   return std::nullopt;
                 }});
    k.push_back({"sender", [](LabParams& p, std::string_view v) -> Check {
                   if (v != "client" && v != "server") return Problem{ParamReason::Sender};
                   p.sender = v == "server" ? 1 : 0;
                   return std::nullopt;
                 }});
    k.push_back({"compare", [](LabParams& p, std::string_view v) -> Check {
                   if (v == "off") {
                     p.compare.reset();
                     return std::nullopt;
                   }
                   const auto a = parse_algorithm(v);
                   if (!a) return Problem{ParamReason::Compare};
                   p.compare = *a;
                   return std::nullopt;
                 }});
    // Read by parse_run(), which reports each bad input by its place.
    k.push_back({"run", nullptr});
    k.push_back({"t", [](LabParams& p, std::string_view v) -> Check {
                   const auto d = parse_duration(v);
                   if (!d || *d > kMaxRunTime) return Problem{ParamReason::Time};
                   p.until = Instant{*d};
                   return std::nullopt;
                 }});
    return k;
  }();
  return table;
}

// --- the query string ---

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// application/x-www-form-urlencoded, as URLSearchParams reads it: '+' is a
// space, a '%' without two hex digits stays itself ("loss=5%" works).
std::string percent_decode(std::string_view s, bool plus_is_space) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '+' && plus_is_space) {
      out += ' ';
    } else if (s[i] == '%' && i + 2 < s.size() && hex_digit(s[i + 1]) >= 0 && hex_digit(s[i + 2]) >= 0) {
      out += static_cast<char>(hex_digit(s[i + 1]) * 16 + hex_digit(s[i + 2]));
      i += 2;
    } else {
      out += s[i];
    }
  }
  return out;
}

// What a query value may hold as is (RFC 3986 query characters, less the
// separators '&', '=', '+'); a space is '+'.
std::string percent_encode(std::string_view s) {
  static constexpr std::string_view kKeep = "-._~!$'()*,;:@/";
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (const char c : s) {
    const auto u = static_cast<unsigned char>(c);
    if (std::isalnum(u) || kKeep.find(c) != std::string_view::npos) {
      out += c;
    } else if (c == ' ') {
      out += '+';
    } else {
      out += '%';
      out += kHex[u >> 4];
      out += kHex[u & 15];
    }
  }
  return out;
}

// Splits the run at ';' outside double-quoted strings.
std::vector<std::string_view> run_entries(std::string_view s) {
  std::vector<std::string_view> out;
  std::size_t start = 0;
  bool in_string = false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (in_string && s[i] == '\\') ++i;
    else if (s[i] == '"') in_string = !in_string;
    else if (!in_string && s[i] == ';') {
      out.push_back(s.substr(start, i - start));
      start = i + 1;
    }
  }
  out.push_back(s.substr(start));
  return out;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  return s;
}

// The default link for a direction, and what differs from it, per key.
std::vector<std::pair<std::string_view, std::string>> link_diff(const LinkConfig& c, const LinkConfig& def) {
  LinkChange d;
  if (c.latency != def.latency) d.latency = c.latency;
  if (c.jitter != def.jitter) d.jitter = c.jitter;
  if (c.reorder_delay != def.reorder_delay) d.reorder_delay = c.reorder_delay;
  if (c.bandwidth_bps != def.bandwidth_bps) d.bandwidth_bps = c.bandwidth_bps;
  if (c.queue_limit != def.queue_limit) d.queue_limit = c.queue_limit;
  if (c.mtu != def.mtu) d.mtu = c.mtu;
  if (c.loss != def.loss) d.loss = c.loss;
  if (c.duplicate != def.duplicate) d.duplicate = c.duplicate;
  if (c.reorder != def.reorder) d.reorder = c.reorder;
  if (c.corrupt != def.corrupt) d.corrupt = c.corrupt;
  return link_settings(d);
}

void setup_pairs(const LabSetup& s, std::vector<std::pair<std::string, std::string>>& out) {
  const LabSetup def;
  if (s.profile != def.profile) out.emplace_back("profile", "linux");
  if (s.real_msl) out.emplace_back("msl", "real");
  else if (s.lab_msl != def.lab_msl) out.emplace_back("msl", format_duration(s.lab_msl));
  if (s.delayed_ack != def.delayed_ack) out.emplace_back("delayed_ack", s.delayed_ack ? "on" : "off");
  if (s.receive_buffer != def.receive_buffer) out.emplace_back("receive_buffer", std::to_string(s.receive_buffer));
  if (s.syn_retries) out.emplace_back("syn_retries", std::to_string(*s.syn_retries));
  if (s.synack_retries) out.emplace_back("synack_retries", std::to_string(*s.synack_retries));
  if (s.congestion[0] && s.congestion[0] == s.congestion[1]) {
    out.emplace_back("congestion", std::string(algorithm_id(*s.congestion[0])));
  } else {
    if (s.congestion[0]) out.emplace_back("client.congestion", std::string(algorithm_id(*s.congestion[0])));
    if (s.congestion[1]) out.emplace_back("server.congestion", std::string(algorithm_id(*s.congestion[1])));
  }
  const auto c2s = link_diff(s.link[0], def.link[0]), s2c = link_diff(s.link[1], def.link[1]);
  const auto find = [](const auto& diff, std::string_view key) -> const std::string* {
    for (const auto& [k, v] : diff)
      if (k == key) return &v;
    return nullptr;
  };
  for (std::string_view key : kLinkKeys) {
    const std::string *a = find(c2s, key), *b = find(s2c, key);
    // The same change both ways reads as one key: loss=5%.
    if (a && b && *a == *b) {
      out.emplace_back(std::string(key), *a);
      continue;
    }
    if (a) out.emplace_back("c2s." + std::string(key), *a);
    if (b) out.emplace_back("s2c." + std::string(key), *b);
  }
  if (s.seed != def.seed) out.emplace_back("seed", std::to_string(s.seed));
}

}  // namespace

std::string ParamError::text() const {
  if (unknown_key) return "unknown parameter '" + key + "'" + (message.empty() ? "" : " (" + message + ")");
  std::string out = "parameter '" + key + "'";
  if (entry) out += ", entry " + std::to_string(*entry);
  else if (value.size() <= 60 && value.find('\n') == std::string::npos) out += " = '" + value + "'";
  return out + ": " + message;
}

std::string format_run(const std::vector<InputRecord>& inputs, const std::vector<std::string>& host_names) {
  std::string out;
  for (const InputRecord& in : inputs) {
    if (!out.empty()) out += ';';
    out += std::to_string(in.step) + "@" + format_duration(in.t.time_since_epoch());
    if (in.scheduled_for) out += " at " + format_duration(in.scheduled_for->time_since_epoch());
    out += " " + format_action(rename_hosts(in.action, host_names, kLabHosts), kLabHosts);
  }
  return out;
}

std::vector<InputRecord> parse_run(std::string_view text, std::vector<ParamError>& errors) {
  std::vector<InputRecord> run;
  const std::string value(text);
  const std::size_t before = errors.size();
  auto entries = run_entries(text);
  // A trailing ';' (or an empty run) adds nothing.
  while (!entries.empty() && trim(entries.back()).empty()) entries.pop_back();
  if (entries.size() > kMaxRunInputs) {
    errors.push_back(make_error("run", value, {ParamReason::RunTooLong, {std::to_string(kMaxRunInputs)}}));
    return {};
  }
  std::size_t total_octets = 0;
  for (std::size_t n = 0; n < entries.size(); ++n) {
    const auto bad = [&](Problem p) { errors.push_back(make_error("run", value, std::move(p), n + 1)); };
    std::string_view e = trim(entries[n]);
    // STEP@TIME [at WHEN] ACTION
    const std::size_t at_sign = e.find('@'), space = e.find(' ');
    const auto step = at_sign < space ? parse_uint(e.substr(0, at_sign), 0, ~0ULL) : std::nullopt;
    const auto t = step && space != std::string_view::npos ? parse_duration(e.substr(at_sign + 1, space - at_sign - 1))
                                                            : std::nullopt;
    if (!t) {
      bad({ParamReason::RunEntry, {std::string(e.substr(0, 40))}});
      continue;
    }
    InputRecord in{*step, Instant{*t}, std::nullopt, {}};
    e = trim(e.substr(space + 1));
    if (e.substr(0, 3) == "at ") {
      const std::size_t end = e.find(' ', 3);
      const auto when = parse_duration(e.substr(3, end == std::string_view::npos ? e.npos : end - 3));
      if (!when || end == std::string_view::npos) {
        bad({ParamReason::RunAt});
        continue;
      }
      in.scheduled_for = Instant{*when};
      e = e.substr(end + 1);
    }
    if (in.t.time_since_epoch() > kMaxRunTime || (in.scheduled_for && in.scheduled_for->time_since_epoch() > kMaxRunTime)) {
      bad({ParamReason::RunTooLate, {format_duration(kMaxRunTime)}});
      continue;
    }
    if (!run.empty() && (in.step < run.back().step || in.t < run.back().t)) {
      bad({ParamReason::RunOrder, {std::to_string(n)}});
      continue;
    }
    auto action = parse_action(e, kLabHosts);
    if (!action) {
      bad({ParamReason::RunAction, {action.error()}});
      continue;
    }
    total_octets += octets(action.value());
    if (total_octets > kMaxRunOctets) {
      bad({ParamReason::RunOctets, {std::to_string(kMaxRunOctets)}});
      break;
    }
    in.action = std::move(action).value();
    run.push_back(std::move(in));
  }
  if (errors.size() != before) return {};
  return run;
}

ParsedParams parse_params(const std::vector<std::pair<std::string, std::string>>& pairs, const LabParams& defaults) {
  ParsedParams out{defaults, {}};
  const auto& table = keys();
  // Each error with the pair it is about: those found once every pair is
  // read still come in the order of the pairs.
  std::vector<std::pair<std::size_t, ParamError>> errors;
  // The pairs that chose a lesson and a scenario (-1: the defaults did), and
  // those that set up a world.
  std::ptrdiff_t lesson_at = -1, scenario_at = -1;
  std::vector<std::size_t> setup_at;
  for (std::size_t i = 0; i < pairs.size(); ++i) {
    const std::string& key = pairs[i].first;
    const std::string& value = pairs[i].second;
    const auto k = std::find_if(table.begin(), table.end(), [&](const Key& x) { return x.name == key; });
    if (k != table.end() && !k->set) {
      std::vector<ParamError> errs;
      auto run = parse_run(value, errs);
      if (errs.empty()) out.params.run = std::move(run);
      for (ParamError& e : errs) errors.emplace_back(i, std::move(e));
      continue;
    }
    if (k == table.end()) {
      std::vector<std::string_view> known;
      for (const Key& x : table) known.push_back(x.name);
      const auto near = closest_word(key, known);
      // No near key: no reason to give, only the frame ("unknown parameter 'colour'").
      ParamError e = make_error(key, value, near ? Problem{ParamReason::DidYouMean, {std::string(*near)}} : Problem{ParamReason::Other});
      e.unknown_key = true;
      errors.emplace_back(i, std::move(e));
      continue;
    }
    // A bad value leaves the setting as it was: parse into a copy.
    LabParams next = out.params;
    if (auto problem = k->set(next, value)) {
      errors.emplace_back(i, make_error(key, value, std::move(*problem)));
      continue;
    }
    out.params = std::move(next);
    if (key == "lesson") lesson_at = static_cast<std::ptrdiff_t>(i);
    if (key == "scenario") scenario_at = static_cast<std::ptrdiff_t>(i);
    if (k->setup) setup_at.push_back(i);
  }
  // Two lessons: the later key is refused, as a bad value would be.
  if (out.params.lesson && out.params.scenario) {
    const bool scenario_later = scenario_at > lesson_at;
    const auto at = static_cast<std::size_t>(std::max<std::ptrdiff_t>(std::max(lesson_at, scenario_at), 0));
    const std::string key = scenario_later ? "scenario" : "lesson";
    errors.emplace_back(at, make_error(key, at < pairs.size() ? pairs[at].second : "", {ParamReason::LessonAndScenario}));
    if (scenario_later) out.params.scenario.reset();
    else out.params.lesson.reset();
  }
  // A lesson brings its own world: a setup key would silently do nothing.
  if ((out.params.lesson || out.params.scenario) && !setup_at.empty()) {
    const Problem why = out.params.lesson ? Problem{ParamReason::IgnoredForLesson, {*out.params.lesson}}
                                          : Problem{ParamReason::IgnoredForScenario};
    for (const std::size_t i : setup_at) errors.emplace_back(i, make_error(pairs[i].first, pairs[i].second, why));
    const std::uint64_t seed = out.params.setup.seed;
    out.params.setup = defaults.setup;
    out.params.setup.seed = seed;
  }
  std::stable_sort(errors.begin(), errors.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  for (auto& [i, e] : errors) out.errors.push_back(std::move(e));
  return out;
}

std::optional<std::string_view> closest_word(std::string_view word, const std::vector<std::string_view>& known) {
  std::optional<std::string_view> out;
  std::size_t best = 3;
  for (std::string_view k : known) {
    if (k.size() + 2 < word.size() || word.size() + 2 < k.size()) continue;  // cheap on long words
    const std::size_t d = edit_distance(word, k);
    if (d < best) {
      best = d;
      out = k;
    }
  }
  return out;
}

std::string did_you_mean(std::string_view word, const std::vector<std::string_view>& known) {
  const auto near = closest_word(word, known);
  return near ? "did you mean '" + std::string(*near) + "'?" : "";
}

std::vector<std::pair<std::string, std::string>> split_query(std::string_view query, bool plus_is_space) {
  if (!query.empty() && query.front() == '?') query.remove_prefix(1);
  // A fragment is not part of the query.
  query = query.substr(0, query.find('#'));
  std::vector<std::pair<std::string, std::string>> pairs;
  while (!query.empty()) {
    const std::size_t amp = std::min(query.find('&'), query.size());
    const std::string_view pair = query.substr(0, amp);
    if (!pair.empty()) {
      const std::size_t eq = pair.find('=');
      pairs.emplace_back(percent_decode(pair.substr(0, eq), plus_is_space),
                         eq == std::string_view::npos ? std::string() : percent_decode(pair.substr(eq + 1), plus_is_space));
    }
    query.remove_prefix(std::min(amp + 1, query.size()));
  }
  return pairs;
}

ParsedParams parse_query(std::string_view query, const LabParams& defaults) {
  return parse_params(split_query(query), defaults);
}

std::string share_query(const LabSession& s, const LabView& view) {
  std::vector<std::pair<std::string, std::string>> pairs;
  // Another page knows the lessons by name only: any other lesson travels whole.
  if (const Lesson* lesson = s.lesson()) {
    pairs.emplace_back(s.loaded_lesson() ? "lesson" : "scenario", s.loaded_lesson() ? lesson->name : lesson->text);
    if (const std::uint64_t seed = s.world().config().seed; seed != lesson->scenario.world.seed)
      pairs.emplace_back("seed", std::to_string(seed));
  } else {
    setup_pairs(s.setup(), pairs);
  }
  const LabView def;
  if (view.lang != def.lang) pairs.emplace_back("lang", view.lang);
  if (view.speed != def.speed) pairs.emplace_back("speed", format_number(view.speed));
  if (view.autoplay != def.autoplay) pairs.emplace_back("autoplay", view.autoplay ? "on" : "off");
  if (view.panels != def.panels) {
    std::vector<std::string_view> on;
    for (std::size_t i = 0; i < kPanelKeys.size(); ++i)
      if (view.panels[i]) on.push_back(kPanelKeys[i]);
    pairs.emplace_back("panels", join(on, ","));
  }
  if (view.compact) pairs.emplace_back("layout", "compact");
  if (!view.capture_url.empty()) pairs.emplace_back("capture", view.capture_url);
  if (view.window_lane) pairs.emplace_back("lane", "on");
  if (view.sequence_graph) pairs.emplace_back("graph", "sequence");
  if (view.sender != def.sender) pairs.emplace_back("sender", "server");
  if (view.compare) pairs.emplace_back("compare", std::string(algorithm_id(*view.compare)));
  // The learner's inputs: what the world logged after the lesson's own.
  std::vector<InputRecord> inputs = s.world().inputs();
  inputs.erase(inputs.begin(), inputs.begin() + static_cast<std::ptrdiff_t>(std::min(s.lesson_inputs(), inputs.size())));
  if (!inputs.empty()) pairs.emplace_back("run", format_run(inputs, host_names(s.world())));
  if (s.world().now() != Instant{} || !inputs.empty())
    pairs.emplace_back("t", format_duration(s.world().now().time_since_epoch()));
  std::string out;
  for (const auto& [k, v] : pairs) out += (out.empty() ? "" : "&") + k + "=" + percent_encode(v);
  return out;
}

std::vector<ParamError> start_session(LabSession& s, const LabParams& p) {
  s.set_view(p);
  std::vector<ParamError> errors;
  std::vector<Command> cmds;
  std::optional<std::size_t> lesson;
  if (p.lesson) {
    const auto& lessons = s.lessons();
    for (std::size_t i = 0; i < lessons.size(); ++i)
      if (lessons[i].name == *p.lesson) lesson = i;
    if (!lesson) {
      std::vector<std::string_view> names;
      for (const Lesson& pr : lessons) names.push_back(pr.name);
      errors.push_back(make_error("lesson", *p.lesson,
                                  names.empty() ? Problem{ParamReason::NoLessons}
                                                : Problem{ParamReason::NoSuchLesson, {join(names, ", ")}}));
    }
  }
  if (lesson) cmds.push_back(LoadLessonCmd{*lesson, p.seed});
  else if (p.scenario) cmds.push_back(LoadScenarioCmd{*p.scenario, p.seed});
  else cmds.push_back(ResetCmd{p.setup});
  cmds.push_back(SpeedCmd{p.speed});
  s.apply(cmds);
  const bool shared_moment = !p.run.empty() || p.until;
  if (shared_moment) {
    const std::vector<std::string> names = host_names(s.world());
    std::vector<InputRecord> run;
    for (std::size_t i = 0; i < p.run.size(); ++i) {
      InputRecord in = p.run[i];
      in.action = rename_hosts(std::move(in.action), kLabHosts, names);
      // World::replay() moves such an input to now; say so, it is not the run that was shared.
      if (in.step < s.world().steps() || in.t < s.world().now())
        errors.push_back(make_error("run", "",
                                    {s.lesson() ? ParamReason::RunBeforeLesson : ParamReason::RunBeforeWorld,
                                     {std::to_string(s.world().steps())}},
                                    i + 1));
      run.push_back(std::move(in));
    }
    const Instant until = p.until ? *p.until : (run.empty() ? s.world().now() : run.back().t);
    s.replay(std::move(run), until);
  }
  // A shared moment opens paused, so the learner sees what the link showed.
  std::vector<Command> play{PlayCmd{p.autoplay && !shared_moment}};
  s.apply(play);
  return errors;
}

}  // namespace tcplab
