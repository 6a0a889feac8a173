#include "core/capture/replay.h"

#include <algorithm>
#include <cstdio>

namespace tcplab {

namespace {

bool opened_by_a(const Replay& r) {
  for (const StreamPacket& p : r.packets)
    if (p.tcp.seg.flags.has(kSyn)) return p.from == 0 && !p.tcp.seg.flags.has(kAck);
  return false;
}

std::string state_text(State s, bool certain) { return std::string(rfc_name(s)) + (certain ? "" : "?"); }

std::string note_text(const Replay& r, const Inference& in) {
  std::string t = "[" + r.side_name(in.side) + "] " + std::string(rfc_name(in.from)) + " -> " +
                  std::string(rfc_name(in.to)) + "  (";
  if (in.rule) t += std::string(rule_id(*in.rule)) + "; ";
  t += in.certain ? "certain: " : "assumed: ";
  t += std::string(basis_id(in.basis));
  if (in.proved_by) t += " by #" + std::to_string(r.packets[*in.proved_by].number);
  return t + ")";
}

// The packet's analysis, each finding with the rule that explains it.
std::string analysis_text(const Replay& r, std::size_t i) {
  const StreamPacket& p = r.packets[i];
  const PacketAnalysis& a = r.analysis[i];
  const bool after_syn = i > 0 && r.packets[i - 1].tcp.seg.flags.has(kSyn);
  std::string t;
  for (AnalysisFlag f : kAllAnalysisFlags) {
    if (!a.has(f)) continue;
    if (!t.empty()) t += ", ";
    t += flag_id(f);
    if (f == kDuplicateAck) t += "#" + std::to_string(a.dup_ack_num) + " of #" + std::to_string(a.dup_ack_frame);
    if (auto rule = flag_rule(f, after_syn)) t += " (" + std::string(rule_id(*rule)) + ")";
  }
  if (p.tcp.truncated) t += std::string(t.empty() ? "" : ", ") + "payload cut by the snapshot length";
  return t;
}

Instant since_first(const Replay& r, std::int64_t nanos) {
  const std::int64_t first = r.packets.empty() ? 0 : r.packets.front().nanos;
  return at(Duration(static_cast<std::int64_t>(nanos_since(first, nanos)) / 1000));
}

}  // namespace

std::vector<Instant> view_times(const Replay& r) {
  std::vector<Instant> when;
  when.reserve(r.packets.size());
  const std::int64_t first = r.packets.empty() ? 0 : r.packets.front().nanos;
  for (const StreamPacket& p : r.packets) {
    const auto us = static_cast<std::int64_t>(nanos_since(first, p.nanos) / 1000);
    when.push_back(std::max(at(Duration(us)), when.empty() ? Instant{} : when.back()));
  }
  return when;
}

std::string Replay::side_name(int side) const {
  if (opened_by_a(*this)) return side == 0 ? "client" : "server";
  return side == 0 ? "a" : "b";
}

Replay make_replay(const StreamInfo& stream, std::vector<StreamPacket> packets) {
  Replay r;
  r.stream = stream;
  r.packets = std::move(packets);
  r.analysis = analyze(r.packets);
  r.inferences = infer_states(r.packets);
  std::array<Replay::EndState, 2> now{};
  r.after.reserve(r.packets.size());
  std::size_t k = 0;
  for (std::size_t i = 0; i < r.packets.size(); ++i) {
    for (; k < r.inferences.size() && r.inferences[k].packet == i; ++k)
      now[static_cast<std::size_t>(r.inferences[k].side)] = {r.inferences[k].to, r.inferences[k].certain};
    r.after.push_back(now);
  }
  return r;
}

LadderModel ladder_model(const Replay& r, const std::string& capture_point) {
  LadderModel m;
  m.left_title = r.side_name(0) + " " + r.stream.a.text();
  m.right_title = r.side_name(1) + " " + r.stream.b.text();
  m.extra_header = "capture point: " + capture_point + "; states inferred from the wire, '?' where assumed";
  std::size_t next = 0;
  auto notes = [&](std::size_t i, bool before) {
    // The sender's own changes come before its segment; what the segment
    // does to the other end, after it.
    for (std::size_t k = next; k < r.inferences.size() && r.inferences[k].packet == i; ++k) {
      const Inference& in = r.inferences[k];
      const bool senders = in.side == r.packets[i].from || in.basis == ObserverBasis::MidStream ||
                           in.basis == ObserverBasis::ImpliedBySent;
      if (senders != before) continue;
      m.rows.push_back(LadderRow{since_first(r, r.packets[i].nanos),
                                 LadderNote{note_text(r, in), in.side, state_text(in.to, in.certain)}});
    }
  };
  for (std::size_t i = 0; i < r.packets.size(); ++i) {
    const StreamPacket& p = r.packets[i];
    notes(i, true);
    const Segment& s = p.tcp.seg;
    LadderSegment seg{.id = static_cast<std::uint32_t>(p.number),
                      .from = p.from,
                      .src_key = static_cast<std::uint64_t>(p.from),
                      .dst_key = static_cast<std::uint64_t>(1 - p.from),
                      .flags = s.flags,
                      .seq = s.seq.value(),
                      .ack = s.ack.value(),
                      .len = p.tcp.payload_length,
                      .win = s.window,
                      .marks = {},
                      .tail = analysis_text(r, i)};
    m.rows.push_back(LadderRow{since_first(r, p.nanos), seg});
    notes(i, false);
    while (next < r.inferences.size() && r.inferences[next].packet == i) ++next;
  }
  return m;
}

std::string stream_list(const CaptureScan& scan) {
  std::string out;
  char line[512];
  for (const StreamInfo& s : scan.streams) {
    const double secs = static_cast<double>(static_cast<std::int64_t>(nanos_since(s.first_nanos, s.last_nanos))) / 1e9;
    std::string what = s.syn_seen ? "SYN" : "no SYN";
    if (s.fin_seen) what += ", FIN";
    if (s.rst_seen) what += ", RST";
    std::snprintf(line, sizeof line, "stream %-4zu %s <-> %s  %llu packets, %llu payload bytes, frames %llu-%llu, %.6f s (%s)\n",
                  s.index, s.a.text().c_str(), s.b.text().c_str(), static_cast<unsigned long long>(s.packets),
                  static_cast<unsigned long long>(s.payload_bytes), static_cast<unsigned long long>(s.first_packet),
                  static_cast<unsigned long long>(s.last_packet), secs, what.c_str());
    out += line;
  }
  return out;
}

std::string skipped_summary(const CaptureScan& scan) {
  std::string out;
  for (const auto& [kind, count] : scan.skipped.count) {
    const auto& [frame, detail] = scan.skipped.first.at(kind);
    out += std::to_string(count) + " frame(s) left out as " + std::string(kind_name(kind)) + ", the first is frame " +
           std::to_string(frame) + ": " + detail + "\n";
  }
  if (scan.truncated)
    out += std::to_string(scan.truncated) + " TCP frame(s) cut by the snapshot length: headers read, payload partial\n";
  return out;
}

Result<CaptureSession, PcapError> CaptureSession::open(std::vector<std::uint8_t> bytes) {
  CaptureSession s;
  s.bytes_ = std::move(bytes);
  SpanSource source(s.bytes_);
  Result<ScanAndFirst, PcapError> scan = scan_and_read_first(source);
  if (!scan) return Err{scan.error()};
  s.scan_ = std::move(scan.value().scan);
  if (!s.scan_.streams.empty()) s.first_stream_ = std::move(scan.value().first);
  return s;
}

Result<Ok, PcapError> CaptureSession::select(std::size_t index) {
  if (index == 0 && first_stream_) {
    // Read with the scan: opening shows stream 0 at once without reading the file again.
    replay_ = make_replay(scan_.streams[0], std::move(*first_stream_));
    first_stream_.reset();
    return Ok{};
  }
  SpanSource source(bytes_);
  Result<std::vector<StreamPacket>, PcapError> packets = read_stream(source, index);
  if (!packets) return Err{packets.error()};
  replay_ = make_replay(scan_.streams[index], std::move(packets).value());
  return Ok{};
}

}  // namespace tcplab
