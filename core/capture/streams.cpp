#include "core/capture/streams.h"

namespace tcplab {

std::size_t StreamTable::classify(const CapturedTcp& p, std::uint64_t number, std::int64_t nanos) {
  const bool forward = p.src < p.dst;
  const auto key = forward ? std::make_pair(p.src, p.dst) : std::make_pair(p.dst, p.src);
  const int d = forward ? 0 : 1;
  const Flags f = p.seg.flags;
  auto it = last_ && (*last_)->first == key ? *last_ : current_.find(key);
  // A SYN without ACK whose ISN is not the one this direction began with
  // opens a new incarnation of the tuple (RFC 9293 §3.4's new connection).
  const bool new_syn = f.has(kSyn) && !f.has(kAck) && it != current_.end() && it->second.dir[d].base &&
                       *it->second.dir[d].base != p.seg.seq.value();
  if (it == current_.end() || new_syn) {
    StreamInfo s;
    s.index = streams_.size();
    s.a = p.src;
    s.b = p.dst;
    s.first_packet = number;
    s.first_nanos = nanos;
    streams_.push_back(s);
    Current fresh;
    fresh.stream = s.index;
    it = current_.insert_or_assign(key, fresh).first;
  }
  last_ = it;  // map iterators stay valid as entries are added
  Current& c = it->second;
  // Each direction's base: its SYN's ISN, else the first sequence number
  // seen less one; the other direction's, from an ACK, is ACK less one.
  if (f.has(kSyn) && f.has(kAck) && c.dir[d].base && *c.dir[d].base != p.seg.seq.value())
    c.dir[d].base = p.seg.seq.value();
  if (!c.dir[d].base) c.dir[d].base = f.has(kSyn) ? p.seg.seq.value() : p.seg.seq.value() - 1;
  if (!c.dir[1 - d].base && f.has(kAck)) c.dir[1 - d].base = p.seg.ack.value() - 1;
  StreamInfo& s = streams_[c.stream];
  ++s.packets;
  s.payload_bytes += p.payload_length;
  s.last_packet = number;
  s.last_nanos = nanos;
  s.syn_seen = s.syn_seen || f.has(kSyn);
  s.fin_seen = s.fin_seen || f.has(kFin);
  s.rst_seen = s.rst_seen || f.has(kRst);
  return c.stream;
}

std::uint64_t SkippedFrames::total() const {
  std::uint64_t t = 0;
  for (const auto& [k, v] : count) t += v;
  return t;
}

namespace {

// Every TCP frame of the capture through `each(frame, tcp, stream)`.
template <class F>
Result<CaptureScan, PcapError> walk(ByteSource& source, std::size_t max_streams, F&& each) {
  CaptureReader reader(source);
  CaptureScan scan;
  StreamTable table;
  CaptureFrame frame;
  for (;;) {
    Result<bool, PcapError> r = reader.next(frame);
    if (!r) return Err{r.error()};
    if (!r.value()) break;
    ++scan.frames;
    Result<CapturedTcp, FrameError> tcp = decode_frame(frame.link_type, frame.bytes);
    if (!tcp) {
      const FrameError& e = tcp.error();
      if (scan.skipped.count[e.kind]++ == 0) scan.skipped.first[e.kind] = {frame.number, e.detail};
      continue;
    }
    ++scan.tcp_frames;
    if (tcp.value().truncated) ++scan.truncated;
    const std::size_t stream = table.classify(tcp.value(), frame.number, frame.nanos);
    if (table.streams().size() > max_streams)
      return Err{PcapError{frame.offset,
                           "packet " + std::to_string(frame.number) + " opens TCP stream " +
                               std::to_string(max_streams + 1) + ", more than a replay lists (a scan, not a conversation?)",
                           frame.number}};
    each(frame, tcp.value(), stream);
  }
  scan.format = reader.format();
  scan.interfaces = reader.interfaces();
  scan.streams = table.streams();
  return scan;
}

}  // namespace

Result<CaptureScan, PcapError> scan_capture(ByteSource& source, std::size_t max_streams) {
  return walk(source, max_streams, [](const CaptureFrame&, CapturedTcp&, std::size_t) {});
}

namespace {

// Keeps the frames of stream `index` as a walk meets them.
struct StreamCollector {
  std::size_t index = 0;
  std::vector<StreamPacket> packets;
  std::optional<SocketAddress> a;
  void operator()(const CaptureFrame& f, CapturedTcp& tcp, std::size_t stream) {
    if (stream != index) return;
    if (!a) a = tcp.src;
    packets.push_back(StreamPacket{.number = f.number,
                                   .nanos = f.nanos,
                                   .from = tcp.src == *a ? 0 : 1,
                                   .link_type = f.link_type,
                                   .tcp = std::move(tcp),
                                   .frame = f.bytes});
  }
};

}  // namespace

Result<std::vector<StreamPacket>, PcapError> read_stream(ByteSource& source, std::size_t index) {
  StreamCollector keep{index, {}, {}};
  Result<CaptureScan, PcapError> r = walk(source, kMaxStreams, keep);
  if (!r) return Err{r.error()};
  if (index >= r.value().streams.size())
    return Err{PcapError{0, "there is no stream " + std::to_string(index) + "; the capture has " +
                                std::to_string(r.value().streams.size()) + " TCP stream(s), numbered from 0"}};
  return std::move(keep.packets);
}

Result<ScanAndFirst, PcapError> scan_and_read_first(ByteSource& source, std::size_t max_streams) {
  StreamCollector keep{0, {}, {}};
  Result<CaptureScan, PcapError> r = walk(source, max_streams, keep);
  if (!r) return Err{r.error()};
  return ScanAndFirst{std::move(r).value(), std::move(keep.packets)};
}

}  // namespace tcplab
