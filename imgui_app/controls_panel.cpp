// Per-endpoint user calls, both-sides shortcuts, the link, the setup and the lessons.
#include <algorithm>
#include <cstring>

#include "narration.h"
#include "panels.h"
#include "language.h"
#include "strings.h"
#include "text_wrap.h"
#include "theme.h"

namespace tcplab::ui {
namespace {

ImVec4 col(ImU32 c) { return ImGui::ColorConvertU32ToFloat4(c); }

// SameLine, unless the next widget (of `width` pixels) would not fit: then a new line.
void flow(float width) {
  ImGui::SameLine();
  if (ImGui::GetContentRegionAvail().x < width) ImGui::NewLine();
}
float button_width(const char* label) { return ImGui::CalcTextSize(label).x + ImGui::GetStyle().FramePadding.x * 2; }

std::string lower(std::string s) {
  for (char& ch : s)
    if (ch >= 'A' && ch <= 'Z') ch = static_cast<char>(ch - 'A' + 'a');
  return s;
}

}  // namespace

// An open capture's connections, one row each: a click replays that one.
void ControlsPanel::draw_streams(const PanelContext& c) {
  const LabCapture& cap = c.session.capture();
  const CaptureScan& scan = cap.session()->scan();
  ImGui::PushTextWrapPos(0);
  ImGui::TextUnformatted(
      fill(Str::CaptureStreams, {cap.name(), std::to_string(scan.frames), std::to_string(scan.tcp_frames)}).c_str());
  ImGui::PopTextWrapPos();
  // A port scan lists a million: only the rows in view are laid out.
  ImGuiListClipper clipper;
  clipper.Begin(static_cast<int>(scan.streams.size()));
  while (clipper.Step())
    for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
      const StreamInfo& st = scan.streams[static_cast<std::size_t>(i)];
      const std::string row = fill(Str::CaptureStreamRow,
                                   {std::to_string(st.index), st.a.text(), st.b.text(), std::to_string(st.packets),
                                    std::to_string(st.payload_bytes), std::to_string(st.first_packet),
                                    std::to_string(st.last_packet)});
      ImGui::PushID(i);
      if (ImGui::Selectable(row.c_str(), cap.selected() == st.index)) c.queue(SelectStreamCmd{st.index});
      c.mark("stream." + std::to_string(st.index));
      ImGui::PopID();
    }
  const std::string skipped = skipped_summary(scan);
  if (!skipped.empty()) {
    ImGui::Spacing();
    ImGui::PushTextWrapPos(0);
    ImGui::TextColored(col(theme().muted), "%s %s", tr(Str::CaptureSkipped), skipped.c_str());
    ImGui::PopTextWrapPos();
  }
}

void ControlsPanel::draw(const PanelContext& c) {
  if (c.session.capture().replay()) {
    draw_streams(c);
    return;
  }
  if (seen_generation_ != c.session.generation()) {
    seen_generation_ = c.session.generation();
    draft_.reset();
  }
  draw_endpoint(c, 0);
  ImGui::Spacing();
  draw_endpoint(c, 1);
  ImGui::Spacing();
  ImGui::TextColored(col(theme().muted), "%s", tr(Str::Both));
  const LabSession& s = c.session;
  if (ImGui::Button(tr(Str::SimOpen))) {
    for (std::size_t h = 0; h < 2; ++h)
      c.queue(ApplyCmd{ConnectAction{s.host_name(h), s.connect_name(h), static_cast<std::uint16_t>(port_[h]),
                                     s.host_name(1 - h), static_cast<std::uint16_t>(port_[1 - h])}});
  }
  c.mark("both.sim_open");
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr(Str::SimOpenTip));
  flow(button_width(tr(Str::SimClose)));
  if (ImGui::Button(tr(Str::SimClose))) {
    for (std::size_t h = 0; h < 2; ++h)
      if (auto f = s.focus(h)) c.queue(ApplyCmd{CloseAction{s.world().entry(*f).name}});
  }
  c.mark("both.sim_close");
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr(Str::SimCloseTip));
  // Held segments stay in view: releasing one later is how an old duplicate is made.
  const World& w = c.world();
  if (!w.held().empty()) {
    ImGui::TextColored(col(theme().muted), "%s", tr(Str::Held));
    for (const HeldSegment& h : w.held()) {
      ImGui::PushID(h.label.c_str());
      if (ImGui::SmallButton(tr(Str::Release))) c.queue(ApplyCmd{ReleaseAction{h.label}});
      c.mark("release." + h.label);
      ImGui::SameLine();
      ImGui::Text("#%u %s %s", h.id, w.direction_name(h.dir).c_str(), segment_text(h.seg, 0).c_str());
      ImGui::PopID();
    }
  }
  ImGui::Spacing();
  draw_lessons(c);
  draw_link(c);
  draw_setup(c);
}

void ControlsPanel::draw_endpoint(const PanelContext& c, std::size_t host) {
  const LabSession& s = c.session;
  const World& w = s.world();
  if (host >= w.hosts().size()) return;
  const std::string who = host == 0 ? tr(Str::Client) : tr(Str::Server);
  const std::string id = lower(s.host_name(host));
  const auto focus = s.focus(host);
  ImGui::PushID(static_cast<int>(host));
  ImGui::TextColored(col(side_colour(static_cast<int>(host))), "%s", who.c_str());
  ImGui::SameLine();
  ImGui::TextColored(col(theme().muted), "%s", ipv4_text(w.hosts()[host].addr()).c_str());
  ImGui::SameLine();
  if (focus) {
    const ConnEntry& e = w.entry(*focus);
    ImGui::Text("%s (%s)", state_label(e.conn.state()).c_str(), e.name.c_str());
  } else {
    ImGui::TextColored(col(theme().muted), "%s", tr(Str::NoConnection));
  }
  const float em = ImGui::GetFontSize();
  ImGui::SetNextItemWidth(em * 5.5f);
  ImGui::InputInt(tr(Str::Port), &port_[host], 0, 0);
  port_[host] = std::clamp(port_[host], 1, 65535);
  flow(button_width(tr(Str::Listen)));
  const auto port = static_cast<std::uint16_t>(port_[host]);
  const std::size_t peer = 1 - host;
  if (ImGui::Button(tr(Str::Listen))) c.queue(ApplyCmd{ListenAction{s.host_name(host), s.listen_name(host), port, 128}});
  c.mark(id + ".listen");
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr(Str::ListenTip));
  flow(button_width(tr(Str::Connect)));
  if (ImGui::Button(tr(Str::Connect)))
    c.queue(ApplyCmd{ConnectAction{s.host_name(host), s.connect_name(host), port, s.host_name(peer),
                                   static_cast<std::uint16_t>(port_[peer])}});
  c.mark(id + ".connect");
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr(Str::ConnectTip));

  const std::string target = focus ? w.entry(*focus).name : std::string();
  ImGui::BeginDisabled(!focus);
  if (ImGui::Button(tr(Str::Close))) c.queue(ApplyCmd{CloseAction{target}});
  c.mark(id + ".close");
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr(Str::CloseTip));
  flow(button_width(tr(Str::Abort)));
  if (ImGui::Button(tr(Str::Abort))) c.queue(ApplyCmd{AbortAction{target}});
  c.mark(id + ".abort");
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr(Str::AbortTip));
  flow(button_width(tr(Str::SendText)));
  if (ImGui::Button(tr(Str::SendText))) {
    const char* txt = text_[host].data();
    c.queue(ApplyCmd{SendAction{target, std::vector<std::uint8_t>(txt, txt + std::strlen(txt))}});
  }
  c.mark(id + ".send_text");
  flow(em * 6);
  ImGui::SetNextItemWidth(-1);
  ImGui::InputText("##text", text_[host].data(), text_[host].size());
  c.mark(id + ".text");
  if (ImGui::Button(tr(Str::SendBytes))) {
    const auto n = static_cast<std::size_t>(octets_[host]);
    if (pattern_.size() != n) pattern_ = Payload(pattern_octets(n));
    c.queue(ApplyCmd{SendAction{target, pattern_}});
  }
  c.mark(id + ".send_bytes");
  flow(em * 6 + ImGui::CalcTextSize(tr(Str::Octets)).x);
  ImGui::SetNextItemWidth(em * 6);
  ImGui::InputInt(tr(Str::Octets), &octets_[host], 100, 1000);
  octets_[host] = std::clamp(octets_[host], 1, 1 << 20);
  // Issue 14: a bulk sender, so cwnd and the receiver's window are what limit it.
  bool streaming = focus && w.entry(*focus).stream.has_value();
  if (ImGui::Checkbox(tr(Str::KeepFull), &streaming)) c.queue(ApplyCmd{StreamAction{target, streaming, std::nullopt}});
  c.mark(id + ".keep_full");
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr(Str::KeepFullTip));
  flow(ImGui::GetFrameHeight() + ImGui::CalcTextSize(tr(Str::Reading)).x + ImGui::GetStyle().ItemInnerSpacing.x);
  bool reading = focus ? w.entry(*focus).reading : true;
  if (ImGui::Checkbox(tr(Str::Reading), &reading)) c.queue(ApplyCmd{ReadingAction{target, reading}});
  c.mark(id + ".reading");
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr(Str::ReadingTip));
  flow(button_width(tr(Str::SpoofRst)));
  if (ImGui::Button(tr(Str::SpoofRst))) {
    InjectAction inj;
    inj.target = target;
    inj.flags = Flags(kRst);
    inj.seq = SeqExpr{SeqExpr::Base::RcvNxt, rst_offset_[host]};
    c.queue(ApplyCmd{inj});
  }
  c.mark(id + ".spoof_rst");
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr(Str::SpoofRstTip));
  flow(em * 4);
  ImGui::SetNextItemWidth(em * 4);
  ImGui::InputInt("##offset", &rst_offset_[host], 0, 0);
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s: RCV.NXT + %d", tr(Str::Offset), rst_offset_[host]);
  ImGui::EndDisabled();
  ImGui::PopID();
}

void ControlsPanel::draw_link(const PanelContext& c) {
  const World& w = c.world();
  if (!ImGui::CollapsingHeader(tr(Str::Link))) return;
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr(Str::LinkTip));
  for (DirectionIndex d = 0; d < 2; ++d) {
    ImGui::PushID(static_cast<int>(d));
    ImGui::TextColored(col(side_colour(static_cast<int>(d))), "%s", w.direction_name(d).c_str());
    ImGui::SameLine();
    if (ImGui::SmallButton(tr(Str::DropNext))) c.queue(ApplyCmd{DropNextAction{d, SegmentFilter{}}});
    c.mark("link" + std::to_string(d) + ".drop_next");
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr(Str::DropNextTip));
    const LinkConfig& cfg = w.link(d).config();
    LinkChange ch;
    ch.dir = d;
    bool changed = false;
    auto ms = [&](Str label, Duration v, std::optional<Duration>& out, float hi) {
      float x = static_cast<float>(micros(v) / 1000.0);
      if (ImGui::SliderFloat(tr(label), &x, 0.0f, hi, "%.0f")) {
        out = std::chrono::microseconds(static_cast<std::int64_t>(x * 1000));
        changed = true;
      }
    };
    auto pct = [&](Str label, double v, std::optional<double>& out) {
      float x = static_cast<float>(v * 100);
      if (ImGui::SliderFloat(tr(label), &x, 0.0f, 100.0f, "%.0f")) {
        out = x / 100.0;
        changed = true;
      }
    };
    ImGui::PushItemWidth(ImGui::GetFontSize() * 8);
    ms(Str::Latency, cfg.latency, ch.latency, 2000);
    ms(Str::Jitter, cfg.jitter, ch.jitter, 500);
    pct(Str::Loss, cfg.loss, ch.loss);
    pct(Str::Duplicate, cfg.duplicate, ch.duplicate);
    pct(Str::Reorder, cfg.reorder, ch.reorder);
    pct(Str::Corrupt, cfg.corrupt, ch.corrupt);
    int kbps = static_cast<int>(cfg.bandwidth_bps / 1000);
    if (ImGui::SliderInt(tr(Str::Bandwidth), &kbps, 0, 10000)) {
      ch.bandwidth_bps = static_cast<std::uint64_t>(kbps) * 1000;
      changed = true;
    }
    // Issue 14: the bottleneck's queue (drop-tail; 0 is no limit).
    int queue = static_cast<int>(cfg.queue_limit);
    if (ImGui::SliderInt(tr(Str::QueueLimit), &queue, 0, 200)) {
      ch.queue_limit = static_cast<std::size_t>(queue);
      changed = true;
    }
    c.mark("link" + std::to_string(d) + ".queue");
    ImGui::PopItemWidth();
    if (changed) c.queue(ApplyCmd{ch});
    ImGui::PopID();
  }
}

void ControlsPanel::draw_setup(const PanelContext& c) {
  if (!ImGui::CollapsingHeader(tr(Str::Setup))) return;
  LabSetup d = draft_ ? *draft_ : c.session.setup();
  bool changed = false;
  int profile = static_cast<int>(d.profile);
  const char* names[] = {tr(Str::ProfileRfc), tr(Str::ProfileLinux)};
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 9);
  if (ImGui::Combo(tr(Str::Profile), &profile, names, 2)) {
    d.profile = static_cast<ProfileKind>(profile);
    changed = true;
  }
  changed |= ImGui::Checkbox(tr(Str::RealMsl), &d.real_msl);
  if (!d.real_msl) {
    float msl = static_cast<float>(micros(d.lab_msl) / 1e6);
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 9);
    if (ImGui::SliderFloat(tr(Str::LabMsl), &msl, 0.5f, 120.0f, "%.1f", ImGuiSliderFlags_Logarithmic)) {
      d.lab_msl = std::chrono::microseconds(static_cast<std::int64_t>(msl * 1e6));
      changed = true;
    }
  }
  changed |= ImGui::Checkbox(tr(Str::DelayedAck), &d.delayed_ack);
  int rcvbuf = static_cast<int>(d.receive_buffer);
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 9);
  if (ImGui::SliderInt(tr(Str::ReceiveBuffer), &rcvbuf, 1000, 65535)) {
    d.receive_buffer = static_cast<std::uint32_t>(rcvbuf);
    changed = true;
  }
  const Profile base = d.profile == ProfileKind::LinuxLike ? Profile::linux_like() : Profile::rfc9293();
  int syn = d.syn_retries.value_or(base.syn_retries), synack = d.synack_retries.value_or(base.synack_retries);
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 9);
  if (ImGui::SliderInt(tr(Str::SynRetries), &syn, 0, 10)) {
    d.syn_retries = syn;
    changed = true;
  }
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 9);
  if (ImGui::SliderInt(tr(Str::SynAckRetries), &synack, 0, 10)) {
    d.synack_retries = synack;
    changed = true;
  }
  changed |= draw_congestion(d);
  if (changed) draft_ = d;
  const WorldConfig preview = world_config(d);
  wrapped_text(fill(Str::MslNote, {duration_text(preview.hosts[0].profile.time_wait)}));
  ImGui::BeginDisabled(!draft_);
  if (ImGui::Button(tr(Str::Reset))) c.queue(ResetCmd{d});
  c.mark("setup.apply");
  ImGui::EndDisabled();
}

namespace {

Str group_title(LessonGroup g) {
  switch (g) {
    case LessonGroup::SettingUp: return Str::GroupSettingUp;
    case LessonGroup::Closing: return Str::GroupClosing;
    case LessonGroup::Resets: return Str::GroupResets;
    case LessonGroup::Timers: return Str::GroupTimers;
    case LessonGroup::DataTransfer: return Str::GroupDataTransfer;
    case LessonGroup::Congestion: return Str::GroupCongestion;
    case LessonGroup::More: return Str::GroupMore;
  }
  return Str::GroupMore;
}

// The lessons of one group in the course's order: numbered ones first, then by name.
std::vector<std::size_t> lessons_in(const std::vector<Lesson>& lessons, LessonGroup g) {
  std::vector<std::size_t> out;
  for (std::size_t i = 0; i < lessons.size(); ++i)
    if (lesson_group(lessons[i].scenario) == g) out.push_back(i);
  std::stable_sort(out.begin(), out.end(), [&](std::size_t a, std::size_t b) {
    const int oa = lessons[a].scenario.order, ob = lessons[b].scenario.order;
    if ((oa == 0) != (ob == 0)) return oa != 0;
    if (oa != ob) return oa < ob;
    return lessons[a].name < lessons[b].name;
  });
  return out;
}

}  // namespace

// Issue 14: each host's congestion control algorithm (the profile's own when none is chosen).
bool ControlsPanel::draw_congestion(LabSetup& d) {
  bool changed = false;
  const char* names[] = {tr(Str::ProfileOwn), "tahoe", "reno", "newreno", "cubic"};
  for (std::size_t h = 0; h < 2; ++h) {
    ImGui::PushID(static_cast<int>(h) + 100);
    int chosen = d.congestion[h] ? static_cast<int>(*d.congestion[h]) + 1 : 0;
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 6);
    const std::string label = std::string(h == 0 ? tr(Str::Client) : tr(Str::Server)) + " " + tr(Str::Congestion);
    if (ImGui::Combo(label.c_str(), &chosen, names, 5)) {
      d.congestion[h] = chosen == 0 ? std::nullopt : std::optional(static_cast<CongestionAlgorithm>(chosen - 1));
      changed = true;
    }
    ImGui::PopID();
  }
  return changed;
}

void ControlsPanel::draw_lessons(const PanelContext& c) {
  const auto& lessons = c.session.lessons();
  if (lessons.empty()) return;
  if (!ImGui::CollapsingHeader(tr(Str::Lessons), ImGuiTreeNodeFlags_DefaultOpen)) return;
  bool ask = c.session.view().ask;
  if (ImGui::Checkbox(tr(Str::AskOn), &ask)) ask_request = ask;
  c.mark("lessons.ask");
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr(Str::AskOnTip));
  const auto loaded = c.session.loaded_lesson();
  for (LessonGroup g : kAllLessonGroups) {
    const std::vector<std::size_t> in = lessons_in(lessons, g);
    if (in.empty()) continue;
    ImGui::TextColored(col(theme().muted), "%s", tr(group_title(g)));
    for (std::size_t i : in) draw_lesson_entry(c, i, loaded == i);
  }
}

void ControlsPanel::draw_lesson_entry(const PanelContext& c, std::size_t i, bool loaded) {
  const Lesson& p = c.session.lessons()[i];
  const Scenario& sc = p.scenario;
  const std::string title = lesson_title(p);
  ImGui::PushID(static_cast<int>(i));
  if (ImGui::Selectable(title.c_str(), loaded)) c.queue(LoadLessonCmd{i});
  ImGui::PopID();
  c.mark("lesson." + p.name);
  if (ImGui::IsItemHovered()) {
    ImGui::BeginTooltip();
    ImGui::PushTextWrapPos(ImGui::GetFontSize() * 24);
    ImGui::TextUnformatted(lesson_description(p).c_str());
    ImGui::PopTextWrapPos();
    ImGui::EndTooltip();
  }
  // One muted line: what it teaches, how long, how many questions, done and best.
  std::string meta = lesson_summary(p);
  if (sc.minutes > 0) meta += (meta.empty() ? "" : " · ") + fill(Str::LessonMinutes, {std::to_string(sc.minutes)});
  if (!sc.questions.empty())
    meta += (meta.empty() ? "" : " · ") + fill(Str::LessonQuestions, {std::to_string(sc.questions.size())});
  if (best)
    if (const auto b = best->find(p.name); b != best->end())
      meta += (meta.empty() ? "" : " · ") + fill(Str::LessonBest, {std::to_string(b->second)});
  ImGui::Indent();
  ImGui::PushStyleColor(ImGuiCol_Text, col(theme().muted));
  if (!meta.empty()) wrapped_text(meta);
  if (loaded) wrapped_text(lesson_description(p));
  ImGui::PopStyleColor();
  ImGui::Unindent();
}

}  // namespace tcplab::ui
