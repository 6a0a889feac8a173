#include "trace_words.h"

#include "core/scenario/scenario_words.h"
#include "language.h"
#include "strings.h"

namespace tcplab::ui {

namespace {

bool starts_with(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }

// "A B" split at the first `sep`: nullopt without one.
std::optional<std::pair<std::string_view, std::string_view>> split(std::string_view s, std::string_view sep) {
  const std::size_t at = s.find(sep);
  if (at == std::string_view::npos) return std::nullopt;
  return std::pair{s.substr(0, at), s.substr(at + sep.size())};
}

bool is_number(std::string_view s) {
  return !s.empty() && s.find_first_not_of("0123456789") == std::string_view::npos;
}

// "data client->server" -> (filter, direction) in the lab's words; the
// direction is the last word, the filter what is before it.
std::optional<std::pair<std::string, std::string>> filter_and_direction(std::string_view s) {
  const std::size_t space = s.rfind(' ');
  if (space == std::string_view::npos) return std::nullopt;
  const auto hosts = split(s.substr(space + 1), "->");
  if (!hosts) return std::nullopt;
  const std::string_view words = s.substr(0, space);
  const auto f = words == "any segment" ? std::optional<SegmentFilter>(SegmentFilter{}) : parse_filter(words);
  if (!f) return std::nullopt;
  return std::pair{filter_text(*f), host_label(hosts->first) + "→" + host_label(hosts->second)};
}

}  // namespace

std::string filter_text(const SegmentFilter& f) {
  std::string out;
  const auto word = [&](const std::string& w) { out += (out.empty() ? "" : " ") + w; };
  if (f.id) word("#" + std::to_string(*f.id));
  if (f.has_payload) word(tr(*f.has_payload ? Str::ExpectData : Str::ExpectPure));
  if (f.flags) word(flags_long(*f.flags));
  return out.empty() ? tr(Str::ExpectAnySegment) : out;
}

std::string direction_text(DirectionIndex dir, const std::vector<std::string>& hosts) {
  if (hosts.size() < 2 || dir > 1) return std::to_string(dir);
  return host_label(hosts[dir]) + "→" + host_label(hosts[1 - dir]);
}

std::string call_name(std::string_view call) { return std::string(term(call)); }

std::string call_detail(std::string_view call, std::string_view detail) {
  if (language() != Language::Chinese || detail.empty()) return std::string(detail);
  // open_passive: "port 80 backlog 5"; open_active: "10.0.0.1:40000 to 10.0.0.2:80"
  if (call == "open_passive" && starts_with(detail, "port "))
    if (const auto p = split(detail.substr(5), " backlog ")) return fill(Str::CallListenDetail, {p->first, p->second});
  if (call == "open_active")
    if (const auto p = split(detail, " to ")) return fill(Str::CallConnectDetail, {p->first, p->second});
  // send and receive: "5 octets", "9000 octets (4096 taken into the send buffer now; ...)", "up to 100"
  if (starts_with(detail, "up to ") && is_number(detail.substr(6))) return fill(Str::CallUpTo, {detail.substr(6)});
  if (const auto p = split(detail, " octets"); p && is_number(p->first)) {
    if (p->second.empty()) return fill(Str::CallOctets, {p->first});
    constexpr std::string_view kTaken = " taken into the send buffer now; the application keeps the other ";
    const auto taken = split(p->second, kTaken);
    if (taken && starts_with(taken->first, " (")) {
      const auto kept = split(taken->second, " and hands them over");
      if (kept) return fill(Str::CallSendPartial, {p->first, taken->first.substr(2), kept->first});
    }
  }
  return std::string(detail);
}

std::string fault_text(std::string_view text) {
  if (language() != Language::Chinese) return std::string(text);
  constexpr std::string_view kDrop = "armed: drop the next ", kHold = "armed: hold the next ";
  if (starts_with(text, kDrop))
    if (const auto fd = filter_and_direction(text.substr(kDrop.size())))
      return fill(Str::FaultDropNext, {fd->first, fd->second});
  if (starts_with(text, kHold))
    if (const auto p = split(text.substr(kHold.size()), " as '"); p && p->second.ends_with("'"))
      if (const auto fd = filter_and_direction(p->first))
        return fill(Str::FaultHoldNext, {fd->first, fd->second, p->second.substr(0, p->second.size() - 1)});
  return std::string(text);
}

std::string fate_detail(std::string_view detail) {
  if (language() != Language::Chinese) return std::string(detail);
  if (const std::string_view t = term(detail); t != detail) return std::string(t);  // the link's "loss", "mtu"
  // Quoted labels: "held as 'x' by a fault", "held in flight as 'x'", "released 'x'".
  const auto quoted = [&](std::string_view head, std::string_view tail, Str id) -> std::optional<std::string> {
    if (!starts_with(detail, head) || detail.size() < head.size() + tail.size() || !detail.ends_with(tail)) return std::nullopt;
    return fill(id, {detail.substr(head.size(), detail.size() - head.size() - tail.size())});
  };
  if (auto s = quoted("held as '", "' by a fault", Str::FateHeldByFault)) return *s;
  if (auto s = quoted("held in flight as '", "'", Str::FateHeldInFlight)) return *s;
  if (auto s = quoted("released '", "'", Str::FateReleasedLabel)) return *s;
  if (detail == "dropped in flight by a fault") return tr(Str::FateDroppedInFlight);
  constexpr std::string_view kNext = "dropped by a fault: next ";
  if (starts_with(detail, kNext)) {
    const std::string_view words = detail.substr(kNext.size());
    const auto f = words == "any segment" ? std::optional<SegmentFilter>(SegmentFilter{}) : parse_filter(words);
    if (f) return fill(Str::FateDroppedByFault, {filter_text(*f)});
  }
  if (starts_with(detail, "copy is #") && is_number(detail.substr(9))) return fill(Str::FateCopy, {detail.substr(9)});
  return std::string(detail);
}

}  // namespace tcplab::ui
