// The trace, exported: JSON Lines (schema in docs/trace-format.md), a pcap
// file from one host's point of view, and a digest that proves two runs
// (native and wasm, or before and after a rewind) produced the same trace.
#pragma once
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/sim/trace.h"

namespace tcplab {

// Names for the ConnRefs and host indices in records: hosts from the world,
// connections learnt from the trace's own ConnCreatedRecords.
class TraceNames {
 public:
  explicit TraceNames(std::vector<std::string> hosts) : hosts_(std::move(hosts)) {}
  void learn(const TraceRecord& r);
  std::string host(std::size_t h) const;
  std::string conn(const ConnRef& r) const;

 private:
  std::vector<std::string> hosts_;
  std::vector<std::pair<ConnRef, std::string>> conns_;
};

std::string_view timer_id(TimerKind k);  // "retransmit", "time-wait", ...

// One record as one line of JSON, without the newline. Integers only (times
// in microseconds), so every platform prints the same text.
std::string jsonl_line(const TraceRecord& r, const TraceNames& names);
std::string to_jsonl(const Trace& trace, std::vector<std::string> host_names);

// FNV-1a 64 over the JSON Lines text, as 16 hex digits.
std::string trace_digest(const Trace& trace, std::vector<std::string> host_names);
std::uint64_t fnv1a64(std::string_view text, std::uint64_t h = 0xCBF29CE484222325ULL);

// A classic pcap file (microsecond timestamps, LINKTYPE_RAW: bare IPv4) of
// what `host` saw on its interface: what it sent, when it sent it, and what
// reached it, as it arrived. Link-made duplicates and injected segments are
// not seen at the sender's side. Needs the trace to have recorded bytes.
std::vector<std::uint8_t> to_pcap(const Trace& trace, std::size_t host);

}  // namespace tcplab
