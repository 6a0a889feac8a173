#include "core/lab/lab_capture.h"

#include "core/base/json.h"

namespace tcplab {

namespace {

std::string stream_json(const StreamInfo& s) {
  const double secs = static_cast<double>(static_cast<std::int64_t>(nanos_since(s.first_nanos, s.last_nanos))) / 1e9;
  return JsonObject()
      .num("index", static_cast<long long>(s.index))
      .str("a", s.a.text())
      .str("b", s.b.text())
      .num("packets", static_cast<long long>(s.packets))
      .num("payload_bytes", static_cast<long long>(s.payload_bytes))
      .num("first_frame", static_cast<long long>(s.first_packet))
      .num("last_frame", static_cast<long long>(s.last_packet))
      .raw("duration", json_seconds(static_cast<long long>(secs * 1e6)))
      .boolean("syn", s.syn_seen)
      .boolean("fin", s.fin_seen)
      .boolean("rst", s.rst_seen)
      .done();
}

std::string inference_json(const Replay& r, const Inference& in) {
  return JsonObject()
      .num("frame", static_cast<long long>(r.packets[in.packet].number))
      .str("side", r.side_name(in.side))
      .str("from", rfc_name(in.from))
      .str("to", rfc_name(in.to))
      .raw("rule", in.rule ? json_string(rule_id(*in.rule)) : "null")
      .str("basis", basis_id(in.basis))
      .boolean("certain", in.certain)
      .raw("proved_by", in.proved_by ? std::to_string(r.packets[*in.proved_by].number) : "null")
      .done();
}

// Each end's state after the stream's last packet, and whether the capture proves it.
std::string states_json(const Replay& r) {
  JsonObject o;
  for (int side = 0; side < 2; ++side) {
    const Replay::EndState e = r.after.empty() ? Replay::EndState{} : r.after.back()[static_cast<std::size_t>(side)];
    o.raw(r.side_name(side), JsonObject().str("state", rfc_name(e.state)).boolean("certain", e.certain).done());
  }
  return o.done();
}

}  // namespace

std::string capture_error_text(const std::string& name, const PcapError& e) {
  // The reader's messages name the packet ("packet 5: ..."); the offset as `tcplab replay` adds it.
  return name + ": " + e.message + " (at byte " + std::to_string(e.offset) + ")";
}

Result<Ok, std::string> LabCapture::open(std::string name, std::vector<std::uint8_t> bytes) {
  if (name.empty()) name = "capture";
  auto opened = CaptureSession::open(std::move(bytes));
  if (!opened) {
    error_ = capture_error_text(name, opened.error());
    return Err{error_};
  }
  if (opened.value().scan().streams.empty()) {
    const CaptureScan& scan = opened.value().scan();
    std::string why = skipped_summary(scan);
    while (!why.empty() && why.back() == '\n') why.pop_back();
    error_ = name + ": no TCP connection in its " + std::to_string(scan.frames) + " frame(s)" +
             (why.empty() ? "" : "; " + why);
    return Err{error_};
  }
  session_ = std::move(opened).value();
  name_ = std::move(name);
  selected_.reset();
  ++serial_;
  return select(0);
}

Result<Ok, std::string> LabCapture::select(std::size_t index) {
  if (!session_) {
    error_ = "no capture is open";
    return Err{error_};
  }
  const std::size_t count = session_->scan().streams.size();
  if (index >= count) {
    error_ = name_ + ": no stream " + std::to_string(index) + " (it has " + std::to_string(count) + ", numbered from 0)";
    return Err{error_};
  }
  auto done = session_->select(index);
  ++serial_;
  if (!done) {
    selected_.reset();
    error_ = capture_error_text(name_, done.error());
    return Err{error_};
  }
  selected_ = index;
  error_.clear();
  return Ok{};
}

void LabCapture::close() {
  session_.reset();
  name_.clear();
  selected_.reset();
  error_.clear();
  ++serial_;
}

void LabCapture::fail(std::string message) { error_ = std::move(message); }

std::string LabCapture::json() const {
  if (!session_) return "null";
  const CaptureScan& scan = session_->scan();
  std::vector<std::string> streams;
  for (const StreamInfo& s : scan.streams) streams.push_back(stream_json(s));
  JsonObject o;
  o.str("name", name_).str("format", scan.format == CaptureFormat::Pcapng ? "pcapng" : "pcap");
  o.num("frames", static_cast<long long>(scan.frames)).num("tcp_frames", static_cast<long long>(scan.tcp_frames));
  o.str("skipped", skipped_summary(scan)).raw("streams", json_array(streams));
  const Replay* r = replay();
  o.raw("stream", selected_ && r ? std::to_string(*selected_) : "null");
  if (selected_ && r) {
    o.num("packets", static_cast<long long>(r->packets.size()));
    o.raw("sides", json_array({json_string(r->side_name(0)), json_string(r->side_name(1))}));
    o.raw("states", states_json(*r));
    std::vector<std::string> inferences;
    for (const Inference& in : r->inferences) inferences.push_back(inference_json(*r, in));
    o.raw("inferences", json_array(inferences));
  }
  return o.done();
}

}  // namespace tcplab
