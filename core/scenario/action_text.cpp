#include "core/scenario/action_text.h"

#include <algorithm>
#include <span>

#include "core/scenario/scenario_words.h"

namespace tcplab {

namespace {

// The payload `send NAME N bytes` makes: written that way when it is long.
bool is_pattern(std::span<const std::uint8_t> data) {
  const std::vector<std::uint8_t> pattern = pattern_octets(data.size());
  return std::equal(data.begin(), data.end(), pattern.begin());  // (Emscripten's libc++ has no std::ranges::equal)
}

std::string payload(std::span<const std::uint8_t> data) {
  if (data.size() > 26 && is_pattern(data)) return std::to_string(data.size()) + " bytes";
  return quote(std::string_view(reinterpret_cast<const char*>(data.data()), data.size()));
}

// A label as one token: quoted when a bare word would read differently.
std::string label(const std::string& l) {
  const bool bare = !l.empty() && l[0] != '#' && std::all_of(l.begin(), l.end(), [](char c) {
    const auto u = static_cast<unsigned char>(c);
    return u > 0x20 && u < 0x7F && c != '"' && c != '\\';
  });
  return bare ? l : quote(l);
}

class Writer {
 public:
  explicit Writer(const std::vector<std::string>& hosts) : hosts_(hosts) {}
  std::string direction(DirectionIndex d) const {
    const auto name = [&](std::size_t i) { return i < hosts_.size() ? hosts_[i] : "host" + std::to_string(i); };
    return name(d) + "->" + name(1 - d);
  }
  std::string with_filter(std::string head, const SegmentFilter& f) const {
    const std::string words = format_filter(f);
    return words.empty() ? head : head + " " + words;
  }

  std::string operator()(const ListenAction& a) const {
    return "listen " + a.host + ":" + std::to_string(a.port) + " as " + a.name +
           (a.backlog == 128 ? "" : " backlog " + std::to_string(a.backlog));
  }
  std::string operator()(const ConnectAction& a) const {
    return "connect " + a.host + (a.local_port ? ":" + std::to_string(a.local_port) : "") + " to " + a.remote_host +
           ":" + std::to_string(a.remote_port) + " as " + a.name;
  }
  std::string operator()(const SendAction& a) const { return "send " + a.conn + " " + payload(a.data); }
  std::string operator()(const ReceiveAction& a) const { return "receive " + a.conn + " " + std::to_string(a.max); }
  std::string operator()(const CloseAction& a) const { return "close " + a.conn; }
  std::string operator()(const AbortAction& a) const { return "abort " + a.conn; }
  std::string operator()(const ReadingAction& a) const { return "reading " + a.conn + (a.on ? " on" : " off"); }
  std::string operator()(const StreamAction& a) const {
    if (!a.on) return "stream " + a.conn + " off";
    return "stream " + a.conn + (a.total ? " " + std::to_string(*a.total) + " bytes" : "");
  }
  std::string operator()(const NoDelayAction& a) const { return "nodelay " + a.conn + (a.on ? " on" : " off"); }
  std::string operator()(const DropNextAction& a) const { return with_filter("drop next " + direction(a.dir), a.filter); }
  std::string operator()(const DropInFlightAction& a) const {
    return with_filter("drop inflight " + direction(a.dir), a.filter);
  }
  std::string operator()(const HoldNextAction& a) const {
    return with_filter("hold next " + direction(a.dir), a.filter) + " as " + label(a.label);
  }
  std::string operator()(const HoldInFlightAction& a) const {
    return with_filter("hold inflight " + direction(a.dir), a.filter) + " as " + label(a.label);
  }
  std::string operator()(const ReleaseAction& a) const { return "release " + label(a.label); }
  std::string operator()(const InjectAction& a) const {
    // Only what differs from the parser's defaults: seq rcv_nxt, ack snd_nxt with ACK (else 0), win 0, no data.
    std::string out = "inject to " + a.target + " " + flags_long(a.flags);
    const SeqExpr default_ack = a.flags.has(kAck) ? SeqExpr{SeqExpr::Base::SndNxt, 0} : SeqExpr{};
    if (!(a.seq == SeqExpr{SeqExpr::Base::RcvNxt, 0})) out += " seq " + describe(a.seq);
    if (!(a.ack == default_ack)) out += " ack " + describe(a.ack);
    if (a.window) out += " win " + std::to_string(a.window);
    if (!a.payload.empty()) out += " data " + payload(a.payload);
    return out;
  }
  std::string operator()(const LinkChange& a) const {
    std::string out = "link";
    if (a.dir) out += " " + direction(*a.dir);
    for (const auto& [key, value] : link_settings(a)) out += " " + std::string(key) + " " + value;
    return out;
  }

 private:
  const std::vector<std::string>& hosts_;
};

}  // namespace

std::string format_action(const Action& a, const std::vector<std::string>& host_names) {
  return std::visit(Writer(host_names), a);
}

}  // namespace tcplab
