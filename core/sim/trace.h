// The record of everything that happened in a World, in the order it
// happened: every segment with its fate, every state change, timer event and
// user call. The ladder, the JSON Lines export, the pcap export and the UI's
// timelines are all built from these records alone.
#pragma once
#include <cstddef>
#include <compare>
#include <cstdint>
#include <iterator>
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

// The trace, kept compact: a 1,000,000-segment run holds about six million
// records, which as TraceRecord values (168 bytes each, plus a growing
// vector's slack) would take over a gigabyte. The common records (segments,
// their fates, connection events) are packed as variable-length integers in
// one byte stream, about 15 bytes each; anything else is kept as it is. Every
// field is kept: a record read back equals the one recorded.
//
// Records are read back by value: `for (const TraceRecord& r : trace)` works
// as for a vector, but a pointer into one record does not outlive it.
class Trace {
 public:
  class const_iterator {
   public:
    using iterator_category = std::random_access_iterator_tag;
    using value_type = TraceRecord;
    using difference_type = std::ptrdiff_t;
    using reference = TraceRecord;
    struct pointer {
      TraceRecord r;
      const TraceRecord* operator->() const { return &r; }
    };
    const_iterator() = default;
    const_iterator(const Trace* t, std::size_t i) : t_(t), i_(i) {}
    TraceRecord operator*() const { return (*t_)[i_]; }
    pointer operator->() const { return pointer{(*t_)[i_]}; }
    TraceRecord operator[](difference_type n) const { return (*t_)[i_ + static_cast<std::size_t>(n)]; }
    const_iterator& operator++() { ++i_; return *this; }
    const_iterator operator++(int) { auto o = *this; ++i_; return o; }
    const_iterator& operator--() { --i_; return *this; }
    const_iterator operator--(int) { auto o = *this; --i_; return o; }
    const_iterator& operator+=(difference_type n) { i_ = static_cast<std::size_t>(static_cast<difference_type>(i_) + n); return *this; }
    const_iterator& operator-=(difference_type n) { return *this += -n; }
    friend const_iterator operator+(const_iterator a, difference_type n) { return a += n; }
    friend const_iterator operator+(difference_type n, const_iterator a) { return a += n; }
    friend const_iterator operator-(const_iterator a, difference_type n) { return a -= n; }
    friend difference_type operator-(const const_iterator& a, const const_iterator& b) {
      return static_cast<difference_type>(a.i_) - static_cast<difference_type>(b.i_);
    }
    bool operator==(const const_iterator& o) const { return i_ == o.i_; }
    auto operator<=>(const const_iterator& o) const { return i_ <=> o.i_; }

   private:
    const Trace* t_ = nullptr;
    std::size_t i_ = 0;
  };
  using iterator = const_iterator;
  using value_type = TraceRecord;
  using size_type = std::size_t;

  std::size_t size() const { return offsets_.size(); }
  bool empty() const { return offsets_.empty(); }
  TraceRecord operator[](std::size_t i) const;
  TraceRecord back() const { return (*this)[size() - 1]; }
  const_iterator begin() const { return {this, 0}; }
  const_iterator end() const { return {this, size()}; }
  void push_back(const TraceRecord& r);
  // Only ever shrinks (rewind): keeps the first n records.
  void resize(std::size_t n);
  void clear() { resize(0); }
  // Bytes held, for the memory benchmark.
  std::size_t memory_bytes() const;

 private:
  std::vector<std::uint8_t> bytes_;           // the packed records
  std::vector<std::uint32_t> offsets_;        // where record i starts in bytes_
  std::vector<TraceRecord> rare_;             // records kept as they are
  std::vector<std::string> strings_;          // fate details, each text once
  std::vector<std::pair<Endpoint, Endpoint>> endpoints_;  // segments' (src, dst), each pair once
};

}  // namespace tcplab
