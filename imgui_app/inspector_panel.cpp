// The selected segment's IPv4 and TCP header fields, decoded, beside its
// bytes; hovering a field highlights its bytes and hovering a byte its field.
#include <cstdio>

#include "narration.h"
#include "packet_fields.h"
#include "panels.h"
#include "language.h"
#include "strings.h"
#include "text_wrap.h"
#include "theme.h"

namespace tcplab::ui {
namespace {

ImVec4 col(ImU32 c) { return ImGui::ColorConvertU32ToFloat4(c); }

ImU32 layer_colour(Layer l) {
  const Theme& t = theme();
  switch (l) {
    case Layer::Ip: return t.layer_ip;
    case Layer::Tcp: return t.layer_tcp;
    case Layer::Option: return t.layer_option;
    case Layer::Payload: return t.layer_payload;
  }
  return t.text;
}

const char* end_name(SegEnd e) {
  switch (e) {
    case SegEnd::InFlight: return tr(Str::EndInFlight);
    case SegEnd::Delivered: return tr(Str::EndDelivered);
    case SegEnd::Corrupted: return tr(Str::EndCorrupted);
    case SegEnd::Lost: return tr(Str::EndLost);
    case SegEnd::Dropped: return tr(Str::EndDropped);
    case SegEnd::Held: return tr(Str::EndHeld);
  }
  return "";
}

std::string seconds_text(double s) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.6f", s);
  return buf;
}

}  // namespace

// A captured packet: its frame from the IP header on (the link layer is not
// decoded here), with what the capture says about it.
void InspectorPanel::draw_captured(const Replay& r, const LadderSeg& g) {
  const Theme& t = theme();
  const StreamPacket& p = r.packets[g.trace_index];
  ImGui::TextColored(col(side_colour(static_cast<int>(g.from))), "#%u %s → %s", g.id, r.side_name(p.from).c_str(),
                     r.side_name(1 - p.from).c_str());
  ImGui::SameLine();
  ImGui::Text("%s", segment_text(g.seg, g.payload, relative ? g.seq_base : 0, relative ? g.ack_base : 0).c_str());
  ImGui::TextColored(col(t.muted), "%s",
                     fill(Str::CaptureFrame, {std::to_string(p.number), seconds_text(micros(g.sent) / 1e6),
                                              std::to_string(p.frame.size())})
                         .c_str());
  if (p.tcp.truncated) ImGui::TextColored(col(t.muted), "%s", tr(Str::CaptureCut));
  const auto ip = ip_offset(p.link_type, p.frame);
  if (!ip) return;
  draw_bytes(g.id, std::span<const std::uint8_t>(p.frame).subspan(*ip), false);
}

void InspectorPanel::draw(const PanelContext& c, const LadderIndex& index) {
  const Theme& t = theme();
  const World& w = c.world();
  if (const Replay* r = c.session.capture().replay()) {
    const LadderSeg* g = c.selected_segment ? index.find(*c.selected_segment) : nullptr;
    if (g && g->trace_index < r->packets.size()) draw_captured(*r, *g);
    else ImGui::TextColored(col(t.muted), "%s", tr(Str::InspectorEmpty));
    return;
  }
  const LadderSeg* g = c.selected_segment ? index.find(*c.selected_segment) : nullptr;
  if (!g || g->trace_index >= w.trace().size()) {
    ImGui::TextColored(col(t.muted), "%s", tr(Str::InspectorEmpty));
    return;
  }
  const TraceRecord record = w.trace()[g->trace_index];  // by value (core/sim/trace.h)
  const auto* rec = std::get_if<SegmentSentRecord>(&record.data);
  if (!rec) return;
  ImGui::TextColored(col(side_colour(static_cast<int>(g->from))), "#%u %s", g->id, w.direction_name(g->from).c_str());
  ImGui::SameLine();
  ImGui::Text("%s", segment_text(g->seg, g->payload).c_str());
  char sent[32];
  std::snprintf(sent, sizeof sent, "%.3f", micros(g->sent) / 1e6);
  std::string status = fill(Str::InspectorSent, {sent, term(end_name(g->end))});
  if (g->retransmission) status += std::string(" · ") + tr(Str::Retransmission);
  if (g->duplicate) status += std::string(" · ") + tr(Str::LinkDuplicateMark);
  ImGui::TextColored(col(t.muted), "%s", status.c_str());
  if (rec->why) {
    ImGui::PushStyleColor(ImGuiCol_Text, col(t.muted));
    wrapped_text(std::string(rule_sentence(*rec->why)) + " (" + std::string(rule_reference(*rec->why)) + ")");
    ImGui::PopStyleColor();
  }
  if (rec->bytes.empty()) {
    ImGui::TextColored(col(t.muted), "%s", tr(Str::BytesNotRecorded));
    return;
  }
  draw_bytes(g->id, rec->bytes, true);
}

// The header fields beside the hex dump; hovering one lights up the other.
void InspectorPanel::draw_bytes(std::uint32_t id, std::span<const std::uint8_t> bytes, bool verify_checksums) {
  const Theme& t = theme();
  const std::vector<PacketField> fields = packet_fields(bytes, verify_checksums);
  int now_hovered = -1;
  const float em = ImGui::GetFontSize();
  const float avail_h = ImGui::GetContentRegionAvail().y;
  const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_ScrollY | ImGuiTableFlags_BordersInnerV;
  // A newly selected segment opens on its TCP header (the IPv4 one is above it).
  const bool to_tcp = shown_segment_ != id;
  shown_segment_ = id;
  bool tcp_seen = false;
  if (ImGui::BeginTable("fields", 2, flags, ImVec2(0, avail_h * 0.72f))) {
    ImGui::TableSetupScrollFreeze(0, 1);
    ImGui::TableSetupColumn(tr(Str::Field), ImGuiTableColumnFlags_WidthFixed, em * 9.5f);
    ImGui::TableSetupColumn(tr(Str::Value));
    ImGui::TableHeadersRow();
    for (std::size_t i = 0; i < fields.size(); ++i) {
      const PacketField& f = fields[i];
      ImGui::TableNextRow();
      if (static_cast<int>(i) == hovered_field_) ImGui::TableSetBgColor(ImGuiTableBgTarget_RowBg0, t.highlight);
      ImGui::TableNextColumn();
      ImGui::TextColored(col(layer_colour(f.layer)), "%s", f.name.c_str());
      if (to_tcp && !tcp_seen && f.layer == Layer::Tcp) ImGui::SetScrollHereY(0.0f);
      tcp_seen = tcp_seen || f.layer == Layer::Tcp;
      if (ImGui::IsItemHovered()) now_hovered = static_cast<int>(i);
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(f.value.c_str());
      if (ImGui::IsItemHovered()) now_hovered = static_cast<int>(i);
    }
    ImGui::EndTable();
  }
  // The hex dump: as many bytes a row as fit, in multiples of four.
  const float cell = ImGui::CalcTextSize("00").x + em * 0.35f;
  const float offset_w = ImGui::CalcTextSize("0000 ").x;
  int per_row = static_cast<int>((ImGui::GetContentRegionAvail().x - offset_w) / cell) / 4 * 4;
  per_row = std::clamp(per_row, 4, 16);
  ImGui::BeginChild("hex", ImVec2(0, 0), false);
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  const float line = ImGui::GetTextLineHeightWithSpacing();
  const int rows = (static_cast<int>(bytes.size()) + per_row - 1) / per_row;
  const ImVec2 mouse = ImGui::GetIO().MousePos;
  const PacketField* hf = hovered_field_ >= 0 && hovered_field_ < static_cast<int>(fields.size()) ? &fields[hovered_field_] : nullptr;
  for (int r = 0; r < rows; ++r) {
    char off[8];
    std::snprintf(off, sizeof off, "%04x", r * per_row);
    const float y = origin.y + r * line;
    dl->AddText(ImVec2(origin.x, y), t.muted, off);
    for (int k = 0; k < per_row; ++k) {
      const std::size_t i = static_cast<std::size_t>(r * per_row + k);
      if (i >= bytes.size()) break;
      const float x = origin.x + offset_w + k * cell + (k >= per_row / 2 ? em * 0.3f : 0);
      const bool lit = hf && i >= hf->offset && i < hf->offset + hf->length;
      if (lit) dl->AddRectFilled(ImVec2(x - 2, y), ImVec2(x + cell - 2, y + line - 1), t.highlight, 2);
      if (ImGui::IsWindowHovered() && mouse.x >= x - 2 && mouse.x < x + cell - 2 && mouse.y >= y && mouse.y < y + line)
        for (std::size_t fi = 0; fi < fields.size(); ++fi)
          if (i >= fields[fi].offset && i < fields[fi].offset + fields[fi].length) now_hovered = static_cast<int>(fi);
      char hx[4];
      std::snprintf(hx, sizeof hx, "%02x", bytes[i]);
      const Layer layer = [&] {
        for (const PacketField& f : fields)
          if (i >= f.offset && i < f.offset + f.length) return f.layer;
        return Layer::Payload;
      }();
      dl->AddText(ImVec2(x, y), layer_colour(layer), hx);
    }
  }
  ImGui::Dummy(ImVec2(offset_w + per_row * cell + em, rows * line));
  ImGui::EndChild();
  hovered_field_ = now_hovered;
}

}  // namespace tcplab::ui
