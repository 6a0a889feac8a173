// The record of everything that happened in a World, in the order it
// happened: every segment with its fate, every state change, timer event and
// user call. The ladder, the JSON Lines export, the pcap export and the UI's
// timelines are all built from these records alone.
#pragma once
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "core/tcp/events.h"
#include "core/wire/segment.h"
#include "core/base/time.h"

namespace tcplab {

// A connection in a world: the host it lives on and its slot there.
struct ConnRef {
  std::size_t host = 0;
  std::size_t index = 0;
  bool operator==(const ConnRef&) const = default;
};

enum class SegmentOrigin : std::uint8_t {
  Stack,      // a connection or a host's reset reply sent it
  Duplicate,  // the link made a second copy of another segment
  Injected,   // crafted by a scenario or the learner (a spoofed RST...)
};
std::string_view origin_name(SegmentOrigin o);

// A packet put on the link. Every copy on the wire has its own id.
struct SegmentSentRecord {
  std::uint32_t id = 0;
  std::size_t from = 0, to = 0;  // host indices
  std::optional<ConnRef> conn;   // the sender, when a connection sent it
  Endpoint src{}, dst{};         // the addresses and ports in the packet
  SegmentSummary seg{};
  std::uint16_t window = 0;
  std::size_t payload = 0;
  std::optional<Rule> why;       // the rule the sender followed
  bool retransmission = false;
  SegmentOrigin origin = SegmentOrigin::Stack;
  std::optional<std::uint32_t> copy_of;  // duplicates: the original's id
  std::optional<Instant> arrival;        // when it is due at the far end, if the link carries it
  std::vector<std::uint8_t> bytes;       // IPv4 + TCP, as sent
};

enum class Fate : std::uint8_t {
  Delivered,   // reached the host, checksums fine
  Corrupted,   // reached the host, decode failed (a flipped bit): dropped there
  Lost,        // random loss on the link
  QueueFull,   // drop-tail: the transmitter's queue was full
  TooBig,      // larger than the link MTU
  Dropped,     // a targeted fault removed it
  Held,        // a targeted fault took it off the wire, to be released later
  Released,    // a held segment put back on the wire
  Duplicated,  // the link made a copy (the copy has its own id)
};
std::string_view fate_name(Fate f);

struct SegmentFateRecord {
  std::uint32_t id = 0;
  Fate fate = Fate::Delivered;
  std::optional<Instant> arrival;    // Released: when it will now arrive
  std::string detail;                // why: "loss", the decode error, the fault
  std::vector<std::uint8_t> bytes;   // Corrupted: what arrived
};

struct ConnEventRecord {
  ConnRef conn;
  Event event;
};

struct ConnCreatedRecord {
  ConnRef conn;
  std::string name;
  Endpoint local, remote;
  std::optional<ConnRef> listener;  // a connection cloned from a listening one
};

struct UserCallRecord {
  ConnRef conn;
  std::string call;    // "open_active", "send", ...
  std::string detail;  // arguments: "to 10.0.0.2:80", "5 octets"
  std::string error;   // empty when the call succeeded
};

// A fault armed or triggered, a link setting changed: "drop next client->server SYN".
struct FaultRecord {
  std::string text;
};

// Something a host did on its own: a reset for a closed port, a full backlog.
struct HostRecord {
  std::size_t host = 0;
  std::string text;
  std::optional<std::uint32_t> segment;
};

// The world's setup, the first record of every trace, so a trace file says
// what produced it.
struct WorldRecord {
  struct HostInfo {
    std::string name;
    Ipv4 addr = 0;
    std::string profile;
  };
  std::uint64_t seed = 0;
  std::vector<HostInfo> hosts;
};

using TraceData = std::variant<WorldRecord, SegmentSentRecord, SegmentFateRecord, ConnEventRecord, ConnCreatedRecord,
                               UserCallRecord, FaultRecord, HostRecord>;

struct TraceRecord {
  Instant t;
  TraceData data;
};

using Trace = std::vector<TraceRecord>;

}  // namespace tcplab
