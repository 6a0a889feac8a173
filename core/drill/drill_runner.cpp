#include "core/drill/drill_runner.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <optional>

#include "core/drill/shell_settings.h"
#include "core/drill/socket_layer.h"
#include "core/drill/tcp_info.h"
#include "core/tcp/profile.h"

namespace tcplab::drill {

namespace {

using Outcome = RunReport::Outcome;

// A stack whose timers fire this often without reaching the script's next
// time is broken; stop rather than hang.
constexpr int kMaxSteps = 1'000'000;
// Inbound payloads must fit an IPv4 packet with a minimal header; writes are
// capped so a typo cannot ask for gigabytes.
constexpr std::uint32_t kMaxPayload = 65535 - 40;
constexpr std::int64_t kMaxWrite = 16 * 1024 * 1024;
// How long '*' waits for an outbound packet.
constexpr Duration kAnyTimeLimit = std::chrono::hours(24 * 10);

std::string seconds(Instant t) {
  const std::int64_t us = micros(t);
  char buf[48];
  std::snprintf(buf, sizeof buf, "%lld.%06lld", static_cast<long long>(us / 1'000'000),
                static_cast<long long>(us % 1'000'000));
  return buf;
}
std::string seconds(Duration d) { return seconds(at(d)); }

std::string errno_text_full(SockErr e) {
  return std::string(errno_name(e)) + " (" + std::string(errno_text(e)) + ")";
}

// What a call returned: a value, or -1 with errno; or it would block.
struct CallResult {
  std::int64_t value = 0;
  std::optional<SockErr> error{};
  bool would_block = false;
  std::string text() const { return error ? "-1 " + errno_text_full(*error) : std::to_string(value); }
};

class Runner {
 public:
  Runner(const Script& script, std::string_view file, const RunConfig& config)
      : script_(script),
        file_(file),
        config_(config),
        tolerance_(config.tolerance),
        tolerance_percent_(config.tolerance_percent),
        strict_segments_(config.strict_segments) {}

  RunReport run() {
    if (!apply_options()) return std::move(report_);
    if (script_.init_command && !apply_shell(*script_.init_command, profile_)) return std::move(report_);
    host_.emplace(profile_, kLocalAddress, 0, kLocalEphemeralPort);
    for (const Event& e : script_.events) {
      event_ = &e;
      if (&e == &script_.events.front() && (e.time.any || e.time.end || e.time.start.offset != Duration::zero()))
        return fail(Outcome::ScriptError, "error: the first event must be at time 0");
      if (!run_event(e)) return std::move(report_);
    }
    // A call still blocked when the script ends gets the time the stack's
    // own timers need to decide it (a connect() that times out); segments
    // sent meanwhile are not in the script, so they are unexpected.
    for (int step = 0; parked_ && step < kMaxSteps; ++step) {
      const auto d = host_->next_deadline();
      if (!d || !advance_to(std::max(*d, now_))) break;
    }
    if (report_.outcome != Outcome::Passed) return std::move(report_);
    if (parked_) {
      event_ = parked_->event;
      return fail(Outcome::Mismatch, "error: blocking call " + call_text(*parked_->call) + " never returned (script ended at " +
                                         seconds(now_) + " sec)");
    }
    // Whatever the last event made the stack send at once must be in the script too.
    if (auto s = host_->poll_transmit(now_)) {
      unexpected(*s, "after the last event");
      return std::move(report_);
    }
    // The cleanup command runs after the events: it cannot change the run,
    // but what it asks for must still be in the subset.
    Profile after = profile_;
    if (script_.cleanup_command) (void)apply_shell(*script_.cleanup_command, after);
    return std::move(report_);
  }

 private:
  // --- reporting -------------------------------------------------------------
  std::string where() const {
    return file_ + ":" + std::to_string(event_ ? event_->at.line : 0) + ": ";
  }
  RunReport fail(Outcome o, const std::string& message) {
    report_.outcome = o;
    report_.message = where() + message;
    return std::move(report_);
  }
  bool failed(Outcome o, const std::string& message) {
    report_.outcome = o;
    report_.message = where() + message;
    return false;
  }
  // Everything outside the subset, in one form: "file:line: unsupported: WHAT".
  bool unsupported(int line, const std::string& what) {
    report_.outcome = Outcome::Unsupported;
    report_.message = format_unsupported(file_, line, what);
    return false;
  }
  bool script_error(const Position& at, const std::string& message) {
    report_.outcome = Outcome::ScriptError;
    report_.message = file_ + ":" + std::to_string(at.line) + ":" + std::to_string(at.column) + ": error: " + message;
    return false;
  }
  void trace(const std::string& line) {
    if (config_.trace) report_.trace.push_back(seconds(now_) + " " + line);
  }
  bool unexpected(const Segment& s, const std::string& when) {
    observe(s);
    return failed(Outcome::Mismatch, "error: unexpected outbound packet " + when + "\nactual packet: " + seconds(now_) +
                                         " > " + segment_text(s));
  }

  // --- options -----------------------------------------------------------------
  bool apply_options() {
    profile_ = Profile::linux_like();
    for (const ScriptOption& o : script_.options) {
      if (o.name == "profile") {
        if (o.value == "linux")
          profile_ = Profile::linux_like();
        else if (o.value == "rfc9293")
          profile_ = Profile::rfc9293();
        else
          return script_error(o.at, "unknown profile '" + o.value + "' (linux or rfc9293)");
      } else if (o.name == "tolerance_usecs") {
        std::int64_t v = 0;
        for (char c : o.value) {
          if (c < '0' || c > '9' || v > 1'000'000'000) return script_error(o.at, "--tolerance_usecs needs a number of microseconds");
          v = v * 10 + (c - '0');
        }
        tolerance_ = Duration{v};
      } else if (o.name == "strict_segments") {
        if (!o.value.empty()) return script_error(o.at, "--strict_segments takes no value");
        strict_segments_ = true;
      } else if (o.name == "tolerance_percent") {
        char* end = nullptr;
        const double v = std::strtod(o.value.c_str(), &end);
        if (end == o.value.c_str() || *end != '\0' || !(v >= 0 && v <= 1000))
          return script_error(o.at, "--tolerance_percent needs a percentage such as 12.5");
        tolerance_percent_ = v;
      } else {
        return unsupported(o.at.line, "the option --" + o.name +
                                          " (this runner knows --profile, --tolerance_usecs, --tolerance_percent and "
                                          "--strict_segments)");
      }
    }
    return true;
  }

  // --- relative sequence numbers and addresses ----------------------------------
  // The stack's ISN is learnt from the first SYN it sends (and again from any
  // later SYN, which starts a new connection); the script's inbound numbers
  // are used as they are, so the remote side's base is 0.
  void observe(const Segment& s) {
    if (s.flags.has(kSyn)) local_isn_ = s.seq.value();
  }
  std::uint32_t rel_seq_out(SeqNum s) const { return s.value() - local_isn_; }
  std::uint32_t abs_ack_in(std::uint32_t rel) const { return rel + local_isn_; }

  Endpoint local() const { return {kLocalAddress, local_port_}; }
  Endpoint remote() const { return {kRemoteAddress, remote_port_}; }

  std::string segment_text(const Segment& s) const {
    const std::uint32_t start = rel_seq_out(s.seq);
    const auto len = static_cast<std::uint32_t>(s.payload.size());
    std::string t = flags_text(s.flags) + " " + std::to_string(start) + ":" + std::to_string(start + len) + "(" +
                    std::to_string(len) + ")";
    if (s.flags.has(kAck)) t += " ack " + std::to_string(s.ack.value());
    t += " win " + std::to_string(s.window);
    TcpOptions o = s.options;
    if (o.mss || o.window_scale || o.sack_permitted || o.timestamps || !o.sack_blocks.empty()) t += " " + options_text(o);
    if (s.source() != local() || s.destination() != remote())
      t += " (" + endpoint_text(s.source()) + " > " + endpoint_text(s.destination()) + ")";
    return t;
  }

  static std::string packet_text(const PacketEvent& p) {
    std::string t = flags_text(p.flags) + " " + std::to_string(p.start) + ":" + std::to_string(p.end) + "(" +
                    std::to_string(p.length) + ")";
    if (p.ack) t += " ack " + std::to_string(*p.ack);
    if (p.window) t += " win " + std::to_string(*p.window);
    if (p.options) t += " " + p.options->text;
    return t;
  }

  // --- time ----------------------------------------------------------------------
  // packetdrill's rule: a relative time counts from when the previous event
  // finished (for an outbound packet, when it actually left), except that
  // consecutive inbound packets count from each other's script times.
  Instant resolve(const TimePoint& p, bool inbound = false) const {
    if (!p.relative) return at(p.offset);
    return (inbound && last_was_inbound_ ? last_script_time_ : last_time_) + p.offset;
  }
  // After every event: the bases for the next one.
  void finished(Instant script_time, bool inbound) {
    last_script_time_ = script_time;
    last_time_ = now_;
    last_was_inbound_ = inbound;
  }
  // packetdrill's tolerance: --tolerance_usecs, or --tolerance_percent of
  // the scripted interval since the previous event if that is larger.
  Duration tolerance_for(Instant expected) const {
    const double interval = static_cast<double>((expected - last_script_time_).count());
    const auto dynamic = Duration{static_cast<std::int64_t>(interval * tolerance_percent_ / 100.0)};
    return std::max(tolerance_, dynamic);
  }

  // Moves simulated time to `t`, firing the stack's timers on the way; any
  // segment the stack sends meanwhile is one the script did not expect.
  bool advance_to(Instant t) {
    for (int step = 0; step < kMaxSteps; ++step) {
      if (auto s = host_->poll_transmit(now_)) {
        unexpected(*s, "at " + seconds(now_) + " sec, before the event at " + seconds(t) + " sec");
        return false;
      }
      const auto d = host_->next_deadline();
      if (d && *d <= t) {
        now_ = std::max(now_, *d);
        host_->on_timeout(now_);
        if (!retry_parked()) return false;
        continue;
      }
      now_ = std::max(now_, t);
      return true;
    }
    return failed(Outcome::Mismatch, "error: the stack's timers fired " + std::to_string(kMaxSteps) +
                                         " times without reaching " + seconds(t) + " sec");
  }

  // The next segment the stack sends at or before `limit`.
  std::optional<Segment> next_output(Instant limit, bool& ok) {
    ok = true;
    for (int step = 0; step < kMaxSteps; ++step) {
      if (auto s = host_->poll_transmit(now_)) return s;
      const auto d = host_->next_deadline();
      if (!d || *d > limit) return std::nullopt;
      now_ = std::max(now_, *d);
      host_->on_timeout(now_);
      if (!retry_parked()) {
        ok = false;
        return std::nullopt;
      }
    }
    ok = failed(Outcome::Mismatch, "error: the stack's timers fired " + std::to_string(kMaxSteps) + " times");
    return std::nullopt;
  }

  // --- events --------------------------------------------------------------------
  bool run_event(const Event& e) {
    if (const auto* p = std::get_if<PacketEvent>(&e.what)) return p->inbound ? inbound(e, *p) : outbound(e, *p);
    if (const auto* c = std::get_if<ShellEvent>(&e.what)) return shell(e, *c);
    if (const auto* c = std::get_if<CodeEvent>(&e.what)) return code(e, *c);
    return syscall(e, std::get<SyscallEvent>(e.what));
  }

  // --- shell commands and code ---------------------------------------------------
  bool apply_shell(const ShellEvent& c, Profile& profile) {
    auto r = apply_shell_block(c.text, c.text_at, profile);
    if (r) return true;
    if (r.error().unsupported) return unsupported(r.error().at.line, r.error().what);
    return script_error(r.error().at, r.error().what);
  }

  // A command between events: the settings are the profile new sockets
  // get, so they must come before the first socket().
  bool shell(const Event& e, const ShellEvent& c) {
    const Instant t = resolve(e.time.start);
    if (!check_not_backwards(e.time.start, t) || !advance_to(t)) return false;
    if (sockets_made_)
      return unsupported(e.at.line, "a shell command after the first socket() (the settings would apply to "
                                    "sockets made later only; put them in the command before the first event)");
    if (!apply_shell(c, profile_)) return false;
    host_.emplace(profile_, kLocalAddress, 0, kLocalEphemeralPort);
    trace("`" + c.text + "`");
    finished(t, false);
    return true;
  }

  // packetdrill reads tcp_info of the socket under test (the one socket()
  // or accept() returned last) at the block's time.
  bool code(const Event& e, const CodeEvent& c) {
    const Instant t = resolve(e.time.start);
    if (!check_not_backwards(e.time.start, t) || !advance_to(t)) return false;
    std::optional<TcpInfoSource> info;
    if (auto fd = fds_.find(under_test_); fd != fds_.end()) info = host_->tcp_info(fd->second);
    if (!info)
      return unsupported(e.at.line, "tcp_info of a socket without a connection (before listen() or connect(), or "
                                    "none open)");
    const NameLookup lookup = [&info](std::string_view name) -> std::variant<std::monostate, PyValue, NameUnsupported> {
      if (auto k = tcp_info_constant(name)) return PyValue{.kind = PyValue::Kind::Int, .i = *k};
      const TcpInfoValue v = tcp_info_field(*info, name);
      if (v.kind == TcpInfoValue::Kind::Value) return PyValue{.kind = PyValue::Kind::Int, .i = v.value};
      if (v.kind == TcpInfoValue::Kind::NotModelled)
        return NameUnsupported{"tcp_info field " + std::string(name) + " (not modelled yet)"};
      return std::monostate{};
    };
    for (const PyAssert& a : c.asserts) {
      const PyOutcome r = run_py_assert(a, lookup);
      trace("%{ " + a.source + " }% " + (r.kind == PyOutcome::Kind::Held ? "holds" : "does not hold"));
      const std::string at = file_ + ":" + std::to_string(r.at.line) + ":" + std::to_string(r.at.column) + ": error: ";
      switch (r.kind) {
        case PyOutcome::Kind::Held: continue;
        case PyOutcome::Kind::Unsupported: return unsupported(r.at.line, r.message);
        case PyOutcome::Kind::Failed:
          report_.outcome = Outcome::Mismatch;
          report_.message = at + r.message + " at " + seconds(now_) + " sec";
          return false;
        case PyOutcome::Kind::Error:
          report_.outcome = Outcome::ScriptError;
          report_.message = at + r.message;
          return false;
      }
    }
    finished(t, false);
    return true;
  }

  // packetdrill refuses an absolute time before the previous event's.
  bool check_not_backwards(const TimePoint& p, Instant t) {
    if (!p.relative && t < last_script_time_)
      return failed(Outcome::ScriptError, "error: time goes backward in script from " + seconds(last_script_time_) +
                                              " sec to " + seconds(t) + " sec");
    return true;
  }

  bool inbound(const Event& e, const PacketEvent& p) {
    if (e.time.any || e.time.end) return failed(Outcome::ScriptError, "error: '*' and 't1~t2' times are for outbound packets only");
    const Instant t = resolve(e.time.start, true);
    if (!check_not_backwards(e.time.start, t) || !advance_to(t)) return false;
    Segment s{
        .src_addr = kRemoteAddress,
        .dst_addr = kLocalAddress,
        .src_port = remote_port_,
        .dst_port = local_port_,
        .seq = SeqNum{p.start},
        .ack = SeqNum{p.ack ? abs_ack_in(*p.ack) : 0},
        .flags = p.flags,
        .window = static_cast<std::uint16_t>(p.window.value_or(65535)),
    };
    if (p.flags.has(kAck) && !p.ack)
      return failed(Outcome::ScriptError, "error: inbound packet has the ACK flag ('.') but no 'ack N'");
    if (p.options && p.options->ignore)
      return failed(Outcome::ScriptError, "error: '<...>' (options not checked) only makes sense on outbound packets");
    if (p.length > kMaxPayload)
      return failed(Outcome::ScriptError, "error: a payload of " + std::to_string(p.length) +
                                              " octets does not fit in an IPv4 packet (at most " +
                                              std::to_string(kMaxPayload) + ")");
    if (p.options) {
      s.options = p.options->options;
      for (SackBlock& b : s.options.sack_blocks) b = SackBlock{b.left + local_isn_, b.right + local_isn_};
    }
    s.payload.assign(p.length, 0);
    trace("< " + packet_text(p));
    host_->on_segment(s, now_);
    finished(t, true);
    return retry_parked();
  }

  bool outbound(const Event& e, const PacketEvent& p) {
    Instant expected_at = now_, expected_end = now_, lo = now_, hi = now_ + kAnyTimeLimit;
    Duration tolerance{};
    if (!e.time.any) {
      expected_at = resolve(e.time.start);
      expected_end = e.time.end ? resolve(*e.time.end) : expected_at;
      if (!check_not_backwards(e.time.start, expected_at)) return false;
      if (expected_end < expected_at) return failed(Outcome::ScriptError, "error: the range t1~t2 ends before it starts");
      tolerance = tolerance_for(expected_at);
      lo = expected_at - tolerance;
      hi = expected_end + tolerance;
    }
    bool ok = true;
    std::optional<Segment> got = next_output(hi, ok);
    if (!ok) return false;
    const std::string when = e.time.any ? std::string("*")
                             : e.time.end ? seconds(expected_at) + "~" + seconds(expected_end)
                                          : seconds(expected_at);
    const std::string script_line = "script packet: " + when + " > " + packet_text(p);
    if (!got)
      return failed(Outcome::Mismatch, "error handling packet: expected outbound packet" +
                                           (e.time.any ? std::string(" at any time")
                                                       : " at " + seconds(expected_at) + " sec") +
                                           ", but the stack sent nothing by " + seconds(hi) + " sec\n" + script_line +
                                           "\nactual packet: nothing");
    observe(*got);
    trace("> " + segment_text(*got));
    if (!strict_segments_ && got->payload.size() < p.length && !coalesce(p, *got, hi, script_line)) return false;
    std::vector<std::string> diffs = compare(p, *got);
    const std::string actual_line = "actual packet: " + seconds(now_) + " > " + segment_text(*got);
    if (!diffs.empty()) {
      std::string m = "error handling packet: ";
      for (std::size_t i = 0; i < diffs.size(); ++i) m += (i ? "\n  and " : "") + diffs[i];
      return failed(Outcome::Mismatch, m + "\n" + script_line + "\n" + actual_line);
    }
    if (now_ < lo) {
      const std::string expected = e.time.end ? "in time range " + seconds(expected_at) + "~" + seconds(expected_end)
                                              : "at " + seconds(expected_at);
      return failed(Outcome::Mismatch, "error handling packet: timing error: expected outbound packet " + expected +
                                           " sec but happened at " + seconds(now_) + " sec; tolerance " +
                                           seconds(tolerance) + " sec\n" + script_line + "\n" + actual_line);
    }
    finished(e.time.any ? now_ : expected_at, false);
    return true;
  }

  // packetdrill without --strict_segments: consecutive segments add up to
  // one expected segment (what a TSO/GSO burst would have been) when each
  // continues the one before with the same header, FIN, PSH and CWR apart,
  // and each but the last is as long as the one before. They must add up to
  // exactly the expected length. The sum has the last segment's header and
  // time and the first one's sequence number.
  bool coalesce(const PacketEvent& p, Segment& got, Instant hi, const std::string& script_line) {
    std::string parts = "actual packet: " + seconds(now_) + " > " + segment_text(got);
    Segment sum = got;
    while (sum.payload.size() < p.length) {
      bool ok = true;
      std::optional<Segment> next = next_output(hi, ok);
      if (!ok) return false;
      if (!next) break;
      observe(*next);
      trace("> " + segment_text(*next));
      parts += "\nactual packet: " + seconds(now_) + " > " + segment_text(*next);
      const std::string diff = fragment_diff(got, *next, sum.payload.size(), p.length);
      if (!diff.empty())
        return failed(Outcome::Mismatch, "error handling packet: aggregate candidate packet " + diff + "\n" +
                                             script_line + "\n" + parts);
      const SeqNum first = sum.seq;
      std::vector<std::uint8_t> payload = std::move(sum.payload);
      payload.insert(payload.end(), next->payload.begin(), next->payload.end());
      got = *next;
      sum = std::move(*next);
      sum.seq = first;
      sum.payload = std::move(payload);
    }
    if (sum.payload.size() != p.length)
      return failed(Outcome::Mismatch, "error handling packet: live packet payload: expected " + std::to_string(p.length) +
                                           " bytes vs actual " + std::to_string(sum.payload.size()) + " bytes\n" +
                                           script_line + "\n" + parts);
    got = std::move(sum);
    return true;
  }
  // What keeps `next` from continuing `prev` (empty: nothing).
  std::string fragment_diff(const Segment& prev, const Segment& next, std::size_t before, std::size_t expected) const {
    const auto header = [](Flags f) { return flags_text(Flags(static_cast<std::uint8_t>(f.bits & ~(kFin | kPsh | kCwr)))); };
    const auto kinds = [](const TcpOptions& o) {
      return std::string(o.mss ? "mss " : "") + (o.sack_permitted ? "sackOK " : "") + (o.timestamps ? "TS " : "") +
             (o.window_scale ? "wscale " : "") + "sack*" + std::to_string(o.sack_blocks.size());
    };
    const auto field = [](const std::string& name, const std::string& want, const std::string& got) {
      return want == got ? std::string() : "field " + name + ": expected: " + want + " vs actual: " + got;
    };
    for (std::string d : {field("tcp_flags", header(prev.flags), header(next.flags)),
                          field("tcp_seq", std::to_string(rel_seq_out(prev.seq) + prev.payload.size()),
                                std::to_string(rel_seq_out(next.seq))),
                          field("tcp_ack", std::to_string(prev.ack.value()), std::to_string(next.ack.value())),
                          field("tcp_window", std::to_string(prev.window), std::to_string(next.window)),
                          field("tcp_option_kinds", kinds(prev.options), kinds(next.options))})
      if (!d.empty()) return d;
    const std::size_t len = next.payload.size();
    if (len < expected - before && len != prev.payload.size())
      return "fragment payload: expected " + std::to_string(prev.payload.size()) + " bytes vs actual " +
             std::to_string(len) + " bytes; total payload: expected " + std::to_string(expected) + " bytes vs actual " +
             std::to_string(before + len) + " bytes";
    return {};
  }

  std::vector<std::string> compare(const PacketEvent& p, const Segment& s) const {
    std::vector<std::string> d;
    auto field = [&d](const std::string& name, const std::string& want, const std::string& got) {
      if (want != got) d.push_back("live packet field " + name + ": expected: " + want + " vs actual: " + got);
    };
    field("ipv4_src", ipv4_text(kLocalAddress), ipv4_text(s.src_addr));
    field("ipv4_dst", ipv4_text(kRemoteAddress), ipv4_text(s.dst_addr));
    field("tcp_src_port", std::to_string(local_port_), std::to_string(s.src_port));
    field("tcp_dst_port", std::to_string(remote_port_), std::to_string(s.dst_port));
    field("tcp_flags", flags_text(p.flags), flags_text(s.flags));
    field("tcp_seq", std::to_string(p.start), std::to_string(rel_seq_out(s.seq)));
    if (p.ack && s.flags.has(kAck)) field("tcp_ack", std::to_string(*p.ack), std::to_string(s.ack.value()));
    field("tcp_payload_len", std::to_string(p.length), std::to_string(s.payload.size()));
    if (p.window) field("tcp_window", std::to_string(*p.window), std::to_string(s.window));
    if (!p.options || !p.options->ignore) {
      TcpOptions want = p.options ? p.options->options : TcpOptions{};
      TcpOptions got = s.options;
      // TSval is the stack's own clock; only its presence and TSecr are checked.
      if (want.timestamps && got.timestamps) got.timestamps->value = want.timestamps->value;
      field("tcp_options", options_text(want), options_text(got));
    }
    return d;
  }

  // --- system calls --------------------------------------------------------------
  struct Parked {
    const Event* event;
    const SyscallEvent* call;
  };

  static std::string arg_text(const Arg& a) {
    switch (a.kind) {
      case Arg::Kind::Ellipsis: return "...";
      case Arg::Kind::Number: return std::to_string(a.number);
      case Arg::Kind::String: return "\"" + a.symbols.at(0) + "\"";
      case Arg::Kind::Symbols: {
        std::string s;
        for (const std::string& x : a.symbols) s += (s.empty() ? "" : "|") + x;
        return s;
      }
      case Arg::Kind::List: {
        std::string s;
        for (const Arg& x : a.items) s += (s.empty() ? "" : ", ") + arg_text(x);
        return "[" + s + "]";
      }
      case Arg::Kind::Struct: {
        std::string s;
        for (std::size_t i = 0; i < a.items.size(); ++i)
          s += (i ? ", " : "") + a.field_names[i] + "=" + arg_text(a.items[i]);
        return "{" + s + "}";
      }
    }
    return "?";
  }
  static std::string call_text(const SyscallEvent& c) {
    std::string s;
    for (const Arg& a : c.args) s += (s.empty() ? "" : ", ") + arg_text(a);
    return c.name + "(" + s + ")";
  }

  bool want_args(const SyscallEvent& c, std::size_t n) {
    if (c.args.size() == n) return true;
    return failed(Outcome::ScriptError, "error: " + c.name + "() takes " + std::to_string(n) + " arguments, got " +
                                            std::to_string(c.args.size()));
  }
  bool number_arg(const Arg& a, std::int64_t& out, const std::string& what) {
    if (a.kind == Arg::Kind::Number) {
      out = a.number;
      return true;
    }
    if (a.kind == Arg::Kind::List && a.items.size() == 1 && a.items[0].kind == Arg::Kind::Number) {
      out = a.items[0].number;
      return true;
    }
    return script_error(a.at, "expected " + what + " (a number), got '" + arg_text(a) + "'");
  }
  bool symbol_arg(const Arg& a, const std::vector<std::string>& allowed, std::string& out, const std::string& what) {
    if (a.kind == Arg::Kind::Symbols && a.symbols.size() == 1)
      for (const std::string& s : allowed)
        if (a.symbols[0] == s) {
          out = s;
          return true;
        }
    std::string list;
    for (const std::string& s : allowed) list += (list.empty() ? "" : ", ") + s;
    return unsupported(a.at.line, "the " + what + " '" + arg_text(a) + "' (the subset has " + list + ")");
  }
  bool ellipsis_or_anything(const Arg&) { return true; }

  bool syscall(const Event& e, const SyscallEvent& c) {
    const Instant t = resolve(e.time.start);
    if (!check_not_backwards(e.time.start, t) || !advance_to(t)) return false;
    if (parked_)
      return unsupported(e.at.line, "a system call while the blocking call at line " +
                                              std::to_string(parked_->event->at.line) + " has not returned");
    std::optional<CallResult> r;
    if (!execute(c, r) || !name_new_fd(c, *r)) return false;
    trace(call_text(c) + (r->would_block ? " blocks" : " = " + r->text()));
    finished(t, false);
    if (r->would_block) {
      parked_ = Parked{&e, &c};
      return true;
    }
    return check_result(c, *r);
  }

  bool check_result(const SyscallEvent& c, const CallResult& r) {
    const bool same = c.errno_name ? (r.error && errno_name(*r.error) == *c.errno_name) : (!r.error && r.value == c.result);
    if (same) return true;
    const std::string want = c.errno_name ? "-1 " + *c.errno_name : std::to_string(c.result);
    return failed(Outcome::Mismatch, "error: " + call_text(c) + ": expected result " + want + " but got " + r.text() +
                                         " at " + seconds(now_) + " sec");
  }

  // Re-tries a blocked call after anything that could unblock it.
  bool retry_parked() {
    if (!parked_) return true;
    std::optional<CallResult> r;
    const Event* saved = event_;
    event_ = parked_->event;
    if (!execute(*parked_->call, r, true) || !name_new_fd(*parked_->call, *r)) return false;
    if (r->would_block) {
      event_ = saved;
      return true;
    }
    const SyscallEvent& c = *parked_->call;
    parked_.reset();
    trace(call_text(c) + " returns " + r->text());
    if (!check_result(c, *r)) return false;
    event_ = saved;
    return true;
  }

  CallResult from(const Result<Ok, SockErr>& r) const {
    return r ? CallResult{0} : CallResult{-1, r.error()};
  }
  template <class T>
  CallResult from_value(const Result<T, SockErr>& r) const {
    return r ? CallResult{static_cast<std::int64_t>(r.value())} : CallResult{-1, r.error()};
  }
  // Blocking sockets wait where a non-blocking one would say EAGAIN.
  CallResult maybe_block(int fd, CallResult r) const {
    if (r.error == SockErr::Again) {
      auto nb = host_->nonblocking(fd);
      if (nb && !nb.value()) r.would_block = true;
    }
    return r;
  }

  // packetdrill's descriptors: the script names each socket by the number
  // its socket() or accept() line expects, whatever number the stack gave.
  bool fd_arg(const SyscallEvent& c, int& fd) {
    std::int64_t v = 0;
    if (c.args.empty()) return failed(Outcome::ScriptError, "error: " + c.name + "() needs a file descriptor");
    if (!number_arg(c.args[0], v, "a file descriptor")) return false;
    const auto it = fds_.find(static_cast<int>(v));
    if (it == fds_.end())
      return script_error(c.args[0].at, "unable to find fd with script fd " + std::to_string(v));
    fd = it->second;
    return true;
  }
  // After socket() or accept() returned a descriptor: the script's number
  // (any non-negative one) now names it, and that socket is under test.
  bool name_new_fd(const SyscallEvent& c, CallResult& r) {
    if ((c.name != "socket" && c.name != "accept") || r.error || r.would_block || c.result < 0) return true;
    const int script_fd = static_cast<int>(c.result);
    if (fds_.contains(script_fd)) return failed(Outcome::ScriptError, "error: duplicate fd " + std::to_string(script_fd) + " in script");
    fds_[script_fd] = static_cast<int>(r.value);
    r.value = script_fd;
    under_test_ = script_fd;
    sockets_made_ = true;
    return true;
  }

  bool execute(const SyscallEvent& c, std::optional<CallResult>& out, bool retry = false) {
    const std::string& n = c.name;
    int fd = -1;
    if (n == "socket") {
      if (!want_args(c, 3)) return false;
      if (c.args[0].kind == Arg::Kind::Symbols && c.args[0].symbols.at(0) != "AF_INET")
        return unsupported(c.args[0].at.line, "the address family '" + arg_text(c.args[0]) + "' (the subset is IPv4: AF_INET or ...)");
      bool nonblock = false;
      if (c.args[1].kind != Arg::Kind::Symbols) return script_error(c.args[1].at, "expected SOCK_STREAM");
      for (const std::string& s : c.args[1].symbols) {
        if (s == "SOCK_NONBLOCK") nonblock = true;
        else if (s != "SOCK_STREAM") return unsupported(c.args[1].at.line, "the socket type '" + s + "' (SOCK_STREAM[|SOCK_NONBLOCK])");
      }
      if (c.args[2].kind == Arg::Kind::Symbols && c.args[2].symbols.at(0) != "IPPROTO_TCP")
        return unsupported(c.args[2].at.line, "the protocol '" + arg_text(c.args[2]) + "' (IPPROTO_TCP)");
      auto r = host_->socket(now_);
      if (r && nonblock) (void)host_->set_nonblocking(r.value(), true);
      out = from_value(r);
      return true;
    }
    if (!fd_arg(c, fd)) return false;
    if (n == "bind") {
      if (!want_args(c, 3)) return false;
      out = from(host_->bind(fd, kBindPort, now_));
      if (!out->error) local_port_ = kBindPort;
    } else if (n == "listen") {
      if (!want_args(c, 2)) return false;
      std::int64_t backlog = 0;
      if (!number_arg(c.args[1], backlog, "the backlog")) return false;
      out = from(host_->listen(fd, static_cast<int>(backlog), now_));
      if (auto ep = host_->local_endpoint(fd)) local_port_ = ep->port;
    } else if (n == "accept") {
      if (!want_args(c, 3)) return false;
      out = maybe_block(fd, from_value(host_->accept(fd, now_)));
    } else if (n == "connect") {
      if (!want_args(c, 3)) return false;
      if (retry) {
        out = maybe_block(fd, from(host_->connect_status(fd)));
        return true;
      }
      const bool nonblock = host_->nonblocking(fd).ok() && host_->nonblocking(fd).value();
      out = from(host_->connect(fd, Endpoint{kRemoteAddress, kConnectPort}, now_));
      if (auto ep = host_->local_endpoint(fd)) {
        local_port_ = ep->port;
        remote_port_ = kConnectPort;
      }
      // A blocking connect waits for the handshake to end.
      if (out->error == SockErr::InProgress && !nonblock) out->would_block = true;
    } else if (n == "write" || n == "send") {
      if (!want_args(c, n == "write" ? 3 : 4)) return false;
      std::int64_t len = 0;
      if (!number_arg(c.args[2], len, "the length") ) return false;
      if (n == "send" && !(c.args[3].kind == Arg::Kind::Number && c.args[3].number == 0))
        return unsupported(c.args[3].at.line, "send() flags (the subset has 0)");
      if (len < 0 || len > kMaxWrite)
        return unsupported(c.args[2].at.line, "the length " + std::to_string(len) + " (0 to " +
                                              std::to_string(kMaxWrite) + " octets per write)");
      out = maybe_block(fd, from_value(host_->write(fd, static_cast<std::size_t>(len), now_)));
    } else if (n == "read" || n == "recv") {
      if (!want_args(c, n == "read" ? 3 : 4)) return false;
      std::int64_t len = 0;
      if (!number_arg(c.args[2], len, "the length")) return false;
      if (n == "recv" && !(c.args[3].kind == Arg::Kind::Number && c.args[3].number == 0))
        return unsupported(c.args[3].at.line, "recv() flags (the subset has 0)");
      if (len < 0) return script_error(c.args[2].at, "negative length");
      out = maybe_block(fd, from_value(host_->read(fd, static_cast<std::size_t>(len), now_)));
    } else if (n == "shutdown") {
      if (!want_args(c, 2)) return false;
      std::string how;
      if (!symbol_arg(c.args[1], {"SHUT_RD", "SHUT_WR", "SHUT_RDWR"}, how, "shutdown mode")) return false;
      const Shutdown h = how == "SHUT_RD" ? Shutdown::Read : how == "SHUT_WR" ? Shutdown::Write : Shutdown::Both;
      out = from(host_->shutdown(fd, h, now_));
    } else if (n == "close") {
      if (!want_args(c, 1)) return false;
      out = from(host_->close(fd, now_));
      if (!out->error) std::erase_if(fds_, [fd](const auto& kv) { return kv.second == fd; });
    } else if (n == "fcntl") {
      return fcntl(c, fd, out);
    } else if (n == "setsockopt") {
      return setsockopt(c, fd, out);
    } else if (n == "getsockopt") {
      return getsockopt(c, fd, out);
    } else {
      return unsupported(event_->at.line, "the system call " + n);
    }
    return true;
  }

  bool fcntl(const SyscallEvent& c, int fd, std::optional<CallResult>& out) {
    if (c.args.size() < 2) return failed(Outcome::ScriptError, "error: fcntl() needs a command");
    std::string cmd;
    if (!symbol_arg(c.args[1], {"F_GETFL", "F_SETFL"}, cmd, "fcntl command")) return false;
    // Linux's values: O_RDWR is 2, O_NONBLOCK 04000.
    if (cmd == "F_GETFL") {
      if (!want_args(c, 2)) return false;
      auto nb = host_->nonblocking(fd);
      out = nb ? CallResult{0x2 | (nb.value() ? 0x800 : 0)} : CallResult{-1, nb.error()};
      return true;
    }
    if (!want_args(c, 3)) return false;
    bool nonblock = false;
    const Arg& f = c.args[2];
    if (f.kind == Arg::Kind::Number) {
      nonblock = (f.number & 0x800) != 0;
    } else if (f.kind == Arg::Kind::Symbols) {
      for (const std::string& s : f.symbols) {
        if (s == "O_NONBLOCK") nonblock = true;
        else if (s != "O_RDWR" && s != "O_RDONLY" && s != "O_WRONLY")
          return unsupported(f.at.line, "the file status flag '" + s + "' (O_RDWR, O_NONBLOCK)");
      }
    } else {
      return script_error(f.at, "expected flags such as O_RDWR|O_NONBLOCK");
    }
    out = from(host_->set_nonblocking(fd, nonblock));
    return true;
  }

  bool sockopt_name(const SyscallEvent& c, SockOpt& opt) {
    std::string level, name;
    if (!symbol_arg(c.args[1], {"SOL_SOCKET", "IPPROTO_TCP", "SOL_TCP"}, level, "option level")) return false;
    if (level == "SOL_SOCKET") {
      if (!symbol_arg(c.args[2], {"SO_REUSEADDR", "SO_LINGER", "SO_ERROR"}, name, "SOL_SOCKET option")) return false;
      opt = name == "SO_REUSEADDR" ? SockOpt::ReuseAddr : name == "SO_LINGER" ? SockOpt::Linger : SockOpt::Error;
    } else {
      if (!symbol_arg(c.args[2], {"TCP_NODELAY"}, name, "IPPROTO_TCP option")) return false;
      opt = SockOpt::NoDelay;
    }
    return true;
  }

  bool setsockopt(const SyscallEvent& c, int fd, std::optional<CallResult>& out) {
    if (!want_args(c, 5)) return false;
    SockOpt opt{};
    if (!sockopt_name(c, opt)) return false;
    const Arg& v = c.args[3];
    if (opt == SockOpt::Linger) {
      if (v.kind != Arg::Kind::Struct) return script_error(v.at, "SO_LINGER takes {onoff=N, linger=N}");
      Linger l;
      for (std::size_t i = 0; i < v.items.size(); ++i) {
        std::int64_t x = 0;
        if (!number_arg(v.items[i], x, v.field_names[i])) return false;
        if (v.field_names[i] == "onoff") l.on = x != 0;
        else if (v.field_names[i] == "linger") l.seconds = static_cast<int>(x);
        else return script_error(v.items[i].at, "unknown SO_LINGER field '" + v.field_names[i] + "' (onoff, linger)");
      }
      if (l.on && l.seconds != 0)
        return unsupported(v.at.line, "SO_LINGER with a non-zero timeout (a close() that blocks); "
                                  "the subset has {onoff=0} and {onoff=1, linger=0}");
      out = from(host_->set_linger(fd, l));
      return true;
    }
    std::int64_t x = 0;
    if (!number_arg(v, x, "the option value")) return false;
    out = from(host_->set_int_option(fd, opt, static_cast<int>(x), now_));
    return true;
  }

  bool getsockopt(const SyscallEvent& c, int fd, std::optional<CallResult>& out) {
    if (!want_args(c, 5)) return false;
    SockOpt opt{};
    if (!sockopt_name(c, opt)) return false;
    const Arg& v = c.args[3];
    if (opt == SockOpt::Linger) return unsupported(c.args[2].at.line, "getsockopt(SO_LINGER)");
    std::string want, got;
    if (opt == SockOpt::Error) {
      auto r = host_->take_error(fd);
      if (!r) {
        out = CallResult{-1, r.error()};
        return true;
      }
      got = r.value() ? std::string(errno_name(*r.value())) : "0";
      if (v.kind == Arg::Kind::List && v.items.size() == 1 && v.items[0].kind == Arg::Kind::Symbols &&
          v.items[0].symbols.size() == 1)
        want = v.items[0].symbols[0];
      else if (v.kind == Arg::Kind::List && v.items.size() == 1 && v.items[0].kind == Arg::Kind::Number)
        want = std::to_string(v.items[0].number);
      else if (v.kind != Arg::Kind::Ellipsis)
        return script_error(v.at, "SO_ERROR's value is written [0] or [ECONNREFUSED]");
    } else {
      auto r = host_->int_option(fd, opt);
      if (!r) {
        out = CallResult{-1, r.error()};
        return true;
      }
      got = std::to_string(r.value());
      if (v.kind != Arg::Kind::Ellipsis) {
        std::int64_t x = 0;
        if (!number_arg(v, x, "the option value")) return false;
        want = std::to_string(x);
      }
    }
    if (!want.empty() && want != got)
      return failed(Outcome::Mismatch, "error: " + call_text(c) + ": expected option value [" + want + "] but got [" + got +
                                           "] at " + seconds(now_) + " sec");
    out = CallResult{0};
    return true;
  }

  const Script& script_;
  std::string file_;
  RunConfig config_;
  Duration tolerance_;
  double tolerance_percent_;
  bool strict_segments_;
  Profile profile_{};
  std::optional<SocketLayer> host_{};
  RunReport report_{};
  const Event* event_ = nullptr;
  Instant now_{};
  Instant last_time_{};         // when the previous event finished
  Instant last_script_time_{};  // the previous event's time in the script
  bool last_was_inbound_ = false;
  std::uint32_t local_isn_ = 0;
  std::uint16_t local_port_ = kBindPort;
  std::uint16_t remote_port_ = kRemoteEphemeralPort;
  std::optional<Parked> parked_{};
  std::map<int, int> fds_{};  // the script's descriptor -> the socket layer's
  int under_test_ = -1;       // the script's descriptor that code blocks read
  bool sockets_made_ = false;
};

}  // namespace

std::string flags_text(Flags f) {
  std::string s;
  if (f.has(kFin)) s += 'F';
  if (f.has(kSyn)) s += 'S';
  if (f.has(kRst)) s += 'R';
  if (f.has(kPsh)) s += 'P';
  if (f.has(kUrg)) s += 'U';
  if (f.has(kEce)) s += 'E';
  if (f.has(kCwr)) s += 'W';
  if (f.has(kAck)) s += '.';
  return s;
}

RunReport run_script(const Script& script, std::string_view file, const RunConfig& config) {
  return Runner(script, file, config).run();
}

RunReport run_text(std::string_view text, std::string_view file, const RunConfig& config) {
  auto parsed = parse_script(text);
  if (!parsed) {
    RunReport r;
    r.outcome = parsed.error().unsupported ? RunReport::Outcome::Unsupported : RunReport::Outcome::ParseError;
    r.message = format_error(file, parsed.error());
    return r;
  }
  return run_script(parsed.value(), file, config);
}

}  // namespace tcplab::drill
