#include "core/scenario/scenario_words.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace tcplab {

std::string range_hint(std::string_view what, std::uint64_t lo, std::uint64_t hi) {
  return std::string(what) + " from " + std::to_string(lo) + " to " + std::to_string(hi);
}

std::optional<std::vector<std::uint8_t>> parse_hex(std::string_view s) {
  if (s.size() % 2 != 0) return std::nullopt;
  std::vector<std::uint8_t> out;
  for (std::size_t i = 0; i < s.size(); i += 2) {
    std::uint8_t v = 0;
    const auto [p, ec] = std::from_chars(s.data() + i, s.data() + i + 2, v, 16);
    if (ec != std::errc() || p != s.data() + i + 2) return std::nullopt;
    out.push_back(v);
  }
  return out;
}

std::optional<Flags> parse_flags(std::string_view s) {
  static constexpr std::pair<std::string_view, Flag> kNames[] = {
      {"SYN", kSyn}, {"FIN", kFin}, {"RST", kRst}, {"PSH", kPsh},
      {"ACK", kAck}, {"URG", kUrg}, {"ECE", kEce}, {"CWR", kCwr}};
  if (s == flags_long(Flags{})) return Flags{};
  if (s.empty()) return std::nullopt;
  std::uint8_t bits = 0;
  for (;;) {
    const std::size_t comma = s.find(',');
    const std::string_view word = s.substr(0, comma);
    const auto it = std::find_if(std::begin(kNames), std::end(kNames), [&](const auto& n) { return n.first == word; });
    if (it == std::end(kNames)) return std::nullopt;
    bits |= it->second;
    if (comma == std::string_view::npos) break;
    s.remove_prefix(comma + 1);
  }
  return Flags(bits);
}

std::optional<SeqExpr> parse_seq_expr(std::string_view rest) {
  static constexpr std::pair<std::string_view, SeqExpr::Base> kBases[] = {
      {"rcv_nxt", SeqExpr::Base::RcvNxt}, {"snd_nxt", SeqExpr::Base::SndNxt},
      {"snd_una", SeqExpr::Base::SndUna}, {"irs", SeqExpr::Base::Irs}, {"iss", SeqExpr::Base::Iss}};
  SeqExpr e;
  for (const auto& [name, base] : kBases)
    if (rest.substr(0, name.size()) == name) {
      e.base = base;
      rest.remove_prefix(name.size());
      break;
    }
  if (rest.empty()) {
    if (e.base == SeqExpr::Base::Absolute) return std::nullopt;
    return e;
  }
  int sign = 1;
  if (e.base != SeqExpr::Base::Absolute) {
    if (rest[0] != '+' && rest[0] != '-') return std::nullopt;
    sign = rest[0] == '-' ? -1 : 1;
    rest.remove_prefix(1);
  }
  const auto v = parse_uint(rest, 0, 0xFFFFFFFFu);
  if (!v) return std::nullopt;
  e.offset = sign * static_cast<std::int64_t>(*v);
  return e;
}

bool add_filter_word(SegmentFilter& f, std::string_view word) {
  if (word == "pure") {
    f.has_payload = false;
  } else if (word == "data") {
    f.has_payload = true;
  } else if (word.size() > 1 && word[0] == '#') {
    const auto id = parse_uint(word.substr(1), 0, 0xFFFFFFFFu);
    if (!id) return false;
    f.id = static_cast<std::uint32_t>(*id);
  } else if (auto fl = parse_flags(word)) {
    f.flags = *fl;
  } else {
    return false;
  }
  return true;
}

std::optional<SegmentFilter> parse_filter(std::string_view s) {
  SegmentFilter f;
  std::size_t i = 0;
  while (i < s.size()) {
    if (s[i] == ' ') {
      ++i;
      continue;
    }
    const std::size_t end = std::min(s.find(' ', i), s.size());
    if (!add_filter_word(f, s.substr(i, end - i))) return std::nullopt;
    i = end;
  }
  return f;
}

std::optional<CongestionPhase> parse_phase(std::string_view s) {
  for (CongestionPhase p : {CongestionPhase::SlowStart, CongestionPhase::CongestionAvoidance,
                            CongestionPhase::FastRecovery, CongestionPhase::LossRecovery})
    if (phase_id(p) == s) return p;
  return std::nullopt;
}

std::optional<Rule> parse_rule_id(std::string_view s) {
  static constexpr Rule kRules[] = {
#define TCPLAB_RULE_VALUE(name, id, ref, text) Rule::name,
      TCPLAB_RULES(TCPLAB_RULE_VALUE)
#undef TCPLAB_RULE_VALUE
  };
  for (Rule r : kRules)
    if (rule_id(r) == s) return r;
  return std::nullopt;
}

std::optional<DirectionIndex> parse_direction(std::string_view s, const std::vector<std::string>& hosts) {
  const std::size_t arrow = s.find("->");
  if (arrow == std::string_view::npos) return std::nullopt;
  const auto index = [&](std::string_view name) -> std::optional<std::size_t> {
    for (std::size_t i = 0; i < hosts.size(); ++i)
      if (hosts[i] == name) return i;
    return std::nullopt;
  };
  const auto from = index(s.substr(0, arrow)), to = index(s.substr(arrow + 2));
  if (!from || !to || *from == *to) return std::nullopt;
  return *from;
}

std::string format_filter(const SegmentFilter& f) {
  std::string out;
  const auto add = [&](const std::string& w) { out += (out.empty() ? "" : " ") + w; };
  if (f.id) add("#" + std::to_string(*f.id));
  if (f.has_payload) add(*f.has_payload ? "data" : "pure");
  if (f.flags) add(flags_long(*f.flags));
  return out;
}

std::string quote(std::string_view bytes) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out = "\"";
  for (const char c : bytes) {
    const auto u = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '\t') {
      out += "\\t";
    } else if (u < 0x20 || u >= 0x7F) {
      out += "\\x";
      out += kHex[u >> 4];
      out += kHex[u & 15];
    } else {
      out += c;
    }
  }
  return out + "\"";
}

bool is_link_key(std::string_view key) { return std::find(kLinkKeys.begin(), kLinkKeys.end(), key) != kLinkKeys.end(); }

std::optional<std::string> set_link_setting(LinkChange& c, std::string_view key, std::string_view value) {
  const auto dur = [&](std::optional<Duration>& out) -> std::optional<std::string> {
    if (auto d = parse_duration(value)) {
      out = d;
      return std::nullopt;
    }
    return std::string(kDurationHint);
  };
  const auto prob = [&](std::optional<double>& out) -> std::optional<std::string> {
    if (auto p = parse_probability(value)) {
      out = p;
      return std::nullopt;
    }
    return std::string(kProbabilityHint);
  };
  const auto count = [&](std::optional<std::size_t>& out, std::string_view what, std::uint64_t lo,
                         std::uint64_t hi) -> std::optional<std::string> {
    if (auto n = parse_uint(value, lo, hi)) {
      out = static_cast<std::size_t>(*n);
      return std::nullopt;
    }
    return range_hint(what, lo, hi);
  };
  if (key == "latency") return dur(c.latency);
  if (key == "jitter") return dur(c.jitter);
  if (key == "reorder_delay") return dur(c.reorder_delay);
  if (key == "loss") return prob(c.loss);
  if (key == "duplicate") return prob(c.duplicate);
  if (key == "reorder") return prob(c.reorder);
  if (key == "corrupt") return prob(c.corrupt);
  if (key == "queue") return count(c.queue_limit, "a queue limit in packets", 0, kMaxQueueLimit);
  if (key == "mtu") return count(c.mtu, "an MTU in octets", kMinMtu, kMaxMtu);
  if (key == "bandwidth") {
    if (auto b = parse_bandwidth(value)) {
      c.bandwidth_bps = b;
      return std::nullopt;
    }
    return std::string(kBandwidthHint);
  }
  return "a link setting (latency, jitter, bandwidth, queue, loss, duplicate, reorder, reorder_delay, corrupt, mtu)";
}

std::vector<std::pair<std::string_view, std::string>> link_settings(const LinkChange& c) {
  std::vector<std::pair<std::string_view, std::string>> out;
  const auto dur = [&](std::string_view k, const std::optional<Duration>& v) {
    if (v) out.emplace_back(k, format_duration(*v));
  };
  const auto num = [&](std::string_view k, const std::optional<double>& v) {
    if (v) out.emplace_back(k, format_number(*v));
  };
  const auto count = [&](std::string_view k, const std::optional<std::size_t>& v) {
    if (v) out.emplace_back(k, std::to_string(*v));
  };
  dur("latency", c.latency);
  dur("jitter", c.jitter);
  if (c.bandwidth_bps) out.emplace_back("bandwidth", format_bandwidth(*c.bandwidth_bps));
  count("queue", c.queue_limit);
  num("loss", c.loss);
  num("duplicate", c.duplicate);
  num("reorder", c.reorder);
  dur("reorder_delay", c.reorder_delay);
  num("corrupt", c.corrupt);
  count("mtu", c.mtu);
  return out;
}

}  // namespace tcplab
