// tcplab replay FILE [--stream N] [--absolute]: the TCP streams of a pcap or
// pcapng capture, or one of them as the text ladder with both ends' states
// inferred from the wire and each packet's analysis.
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>

#include "commands.h"
#include "core/capture/replay.h"

namespace tcplab::cli {

namespace {

constexpr const char* kUsage =
    "usage: tcplab replay CAPTURE.pcap|CAPTURE.pcapng [--stream N] [--absolute]\n"
    "       tcplab replay CAPTURE --analysis   (one line per TCP frame: frame, stream, analysis flags)\n";

// The file, read front to back in the reader's chunks: memory stays bounded
// however long the capture.
class FileSource final : public ByteSource {
 public:
  explicit FileSource(std::FILE* f) : f_(f) {}
  std::size_t read(std::uint8_t* dst, std::size_t n) override { return std::fread(dst, 1, n, f_); }

 private:
  std::FILE* f_;
};

struct File {
  std::FILE* f = nullptr;
  explicit File(const std::string& path) : f(std::fopen(path.c_str(), "rb")) {}
  ~File() {
    if (f) std::fclose(f);
  }
};

// The message names the packet (record) where there is one.
void report(const std::string& path, const PcapError& e) {
  std::fprintf(stderr, "%s: %s (at byte %zu)\n", path.c_str(), e.message.c_str(), e.offset);
}

// Every stream's analysis, frame by frame, in frame order (for comparing
// with tshark's tcp.analysis.* flags: tools/check_capture_flags.py).
// Each stream is read again, so memory follows the largest stream.
int print_analysis(const std::string& path, const CaptureScan& scan) {
  std::vector<std::pair<std::uint64_t, std::string>> lines;
  for (const StreamInfo& info : scan.streams) {
    File f(path);
    FileSource src(f.f);
    Result<std::vector<StreamPacket>, PcapError> packets = read_stream(src, info.index);
    if (!packets) {
      report(path, packets.error());
      return 2;
    }
    const Replay r = make_replay(info, std::move(packets).value());
    for (std::size_t i = 0; i < r.packets.size(); ++i) {
      std::string line = "frame " + std::to_string(r.packets[i].number) + " stream " + std::to_string(info.index) +
                         ": " + flag_list(r.analysis[i]);
      if (r.analysis[i].has(kDuplicateAck)) line += " of " + std::to_string(r.analysis[i].dup_ack_frame);
      lines.emplace_back(r.packets[i].number, line);
    }
  }
  std::sort(lines.begin(), lines.end());
  for (const auto& [n, line] : lines) std::puts(line.c_str());
  return 0;
}

}  // namespace

int cmd_replay(std::span<char* const> args) {
  std::string path;
  std::optional<std::size_t> stream;
  bool absolute = false, analysis = false;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string a = args[i];
    if (a == "--stream") {
      const char* v = i + 1 < args.size() ? args[++i] : "";
      char* end = nullptr;
      const unsigned long long n = std::strtoull(v, &end, 10);
      if (*v == '\0' || *end != '\0' || *v == '-') {
        std::fprintf(stderr, "tcplab replay: --stream expects a stream number (0, 1, ...), got '%s'\n", v);
        return 2;
      }
      stream = static_cast<std::size_t>(n);
    } else if (a == "--absolute") {
      absolute = true;
    } else if (a == "--analysis") {
      analysis = true;
    } else if (!a.empty() && a[0] == '-') {
      std::fprintf(stderr, "tcplab replay: unknown option '%s'\n%s", a.c_str(), kUsage);
      return 2;
    } else if (path.empty()) {
      path = a;
    } else {
      std::fprintf(stderr, "tcplab replay: one capture at a time, got '%s' after '%s'\n%s", a.c_str(), path.c_str(), kUsage);
      return 2;
    }
  }
  if (path.empty()) {
    std::fputs(kUsage, stderr);
    return 2;
  }
  std::error_code ec;
  File scan_file(path);
  if (!scan_file.f || !std::filesystem::is_regular_file(path, ec)) {
    std::fprintf(stderr, "tcplab replay: cannot read '%s' (not a readable file)\n", path.c_str());
    return 2;
  }
  FileSource source(scan_file.f);
  Result<CaptureScan, PcapError> scan = scan_capture(source);
  if (!scan) {
    report(path, scan.error());
    return 2;
  }
  const CaptureScan& s = scan.value();
  if (analysis) return print_analysis(path, s);
  if (!stream) {
    std::printf("%s: %s, %llu frames, %llu TCP, %zu stream(s)\n", path.c_str(),
                s.format == CaptureFormat::Pcap ? "pcap" : "pcapng", static_cast<unsigned long long>(s.frames),
                static_cast<unsigned long long>(s.tcp_frames), s.streams.size());
    std::fputs(stream_list(s).c_str(), stdout);
    std::fputs(skipped_summary(s).c_str(), stdout);
    if (s.streams.empty()) {
      std::fprintf(stderr, "%s: no TCP stream to replay\n", path.c_str());
      return 2;
    }
    return 0;
  }
  if (*stream >= s.streams.size()) {
    std::fprintf(stderr, "%s: there is no stream %zu; the capture has %zu TCP stream(s), numbered from 0\n",
                 path.c_str(), *stream, s.streams.size());
    return 2;
  }
  // Second pass: only the chosen stream's frames are kept.
  File again(path);
  FileSource source2(again.f);
  Result<std::vector<StreamPacket>, PcapError> packets = read_stream(source2, *stream);
  if (!packets) {
    report(path, packets.error());
    return 2;
  }
  const Replay replay = make_replay(s.streams[*stream], std::move(packets).value());
  std::fputs(render_ladder(ladder_model(replay, path), absolute).c_str(), stdout);
  return 0;
}

}  // namespace tcplab::cli
