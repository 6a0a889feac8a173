// The lab's world: hosts running TCP stacks, joined by a faulty link, driven
// by a discrete-event engine. Events are ordered by (time, sequence number),
// randomness comes from seeded generators, so the same setup, seed and
// inputs give the same trace, event for event, natively and in WebAssembly.
//
// Rewind: the world keeps snapshots of its state (a copyable value) and a
// log of every input with the step it came at; rewind(t) restores the latest
// snapshot at or before t and replays the logged inputs up to t.
#pragma once
#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/sim/actions.h"
#include "core/sim/host.h"
#include "core/sim/link.h"
#include "core/sim/trace.h"

namespace tcplab {

struct HostConfig {
  std::string name;
  Ipv4 addr = 0;
  Profile profile = Profile::rfc9293();
};

struct WorldConfig {
  std::vector<HostConfig> hosts;     // exactly two: the link joins hosts[0] and hosts[1]
  LinkConfig link[2];                // link[d] carries what hosts[d] sends
  std::uint64_t seed = 1;
  bool record_bytes = true;          // keep packet bytes in the trace (pcap needs them)
  std::uint64_t snapshot_every = 256;  // steps between snapshots at first (0: only the initial one)
  std::size_t max_snapshots = 64;    // beyond this, every other one is dropped and the spacing doubles
};

// A segment on the wire, for drawing it between the hosts.
struct InFlight {
  std::uint32_t id = 0;
  DirectionIndex dir = 0;
  Instant sent_at{}, arrival{};
  SegmentSummary seg{};
  std::size_t payload = 0;
  bool corrupted = false;  // a bit was flipped on the way (the receiver will find out)
  // 0 at the sender, 1 at the receiver.
  double progress(Instant now) const;
};

// A segment a fault took off the wire, waiting to be released.
struct HeldSegment {
  std::string label;
  std::uint32_t id = 0;
  DirectionIndex dir = 0;
  Instant held_at{};
  SegmentSummary seg{};
  std::vector<std::uint8_t> bytes;
};

// One input given to a world: performed after `step` events, with the clock
// at `t`; `scheduled_for` when it was schedule()d rather than apply()ed. The
// log of these, with the config, reproduces a run exactly (rewind, share links).
struct InputRecord {
  std::uint64_t step = 0;
  Instant t{};
  std::optional<Instant> scheduled_for;
  Action action;
};

// What an input did at once: World::apply's answer, so a caller (the lab's
// API) need not read the trace backwards to learn it.
struct ApplyResult {
  bool performed = false;            // false: it could not be (no such host or connection, a name taken,
                                     // nothing on the wire or held to match); a fault record says why
  std::optional<UserError> error;    // a user call the RFC refused, with its error
  std::optional<std::size_t> octets;  // SEND: octets accepted; RECEIVE: octets read
  std::optional<std::uint32_t> segment;  // the segment it took off, put back on or injected into the wire
};

// A targeted fault armed for the next matching segment.
struct PendingFault {
  DirectionIndex dir = 0;
  SegmentFilter filter;
  bool hold = false;
  std::string label;
};

class World {
 public:
  explicit World(WorldConfig config);

  // --- reading the world (the UI draws from these) ---
  Instant now() const { return s_.now; }
  std::uint64_t steps() const { return s_.steps; }
  const std::vector<Host>& hosts() const { return s_.hosts; }
  const LinkDirection& link(DirectionIndex d) const { return s_.link[d]; }
  const Trace& trace() const { return trace_; }
  std::vector<InFlight> in_flight() const;
  const std::vector<HeldSegment>& held() const { return s_.held; }
  const std::vector<PendingFault>& pending_faults() const { return s_.pending; }
  std::optional<Instant> next_event_time() const;
  std::optional<std::size_t> host_index(std::string_view name) const;
  std::optional<ConnRef> find(std::string_view conn_name) const;
  const ConnEntry& entry(ConnRef r) const { return s_.hosts[r.host].connections()[r.index]; }
  std::string direction_name(DirectionIndex d) const;  // "client->server"
  std::uint32_t segments_sent() const { return s_.next_segment_id - 1; }
  const WorldConfig& config() const { return config_; }

  // --- inputs (logged, so rewind replays them) ---
  void schedule(Instant t, Action a);  // performed when the clock reaches t
  ApplyResult apply(Action a);         // performed now

  // --- running ---
  bool step();                 // process the next event; false when there is none
  void run_until(Instant t);   // every event at or before t, then the clock reads t
  // The same, except that logged inputs given at t itself after the last
  // event stay pending until the next run: the lab checks a lesson's
  // expectations about t there, as it did before the learner gave them.
  void run_events_until(Instant t);
  // Until nothing is left to happen or the clock reaches `limit`.
  void run_until_idle(Instant limit);
  void rewind(Instant t);      // the world exactly as it was at t
  // The first half of rewind(t): back to the latest snapshot at or before t,
  // without running forward; run_until(t) (or the lab's own clock) completes it.
  void restore(Instant t);
  // The inputs that made the world as it is now (after a rewind, those up to now).
  std::vector<InputRecord> inputs() const;
  // How many those are: inputs().size() without the copy.
  std::size_t input_count() const { return input_cursor_; }
  // Performs the next logged input still to come (after a rewind, or of a
  // replay) if it was given at this step and no later than `limit`: one at
  // a time, for a caller that looks at the world after each, as it did
  // when the input was first given. False when none is due.
  bool replay_input(Instant limit);
  // Replays a logged run's further inputs (each at its step, never one
  // before steps()), then runs the clock to `until`. The world's own inputs
  // after now are forgotten, as when a new input follows a rewind.
  void replay(std::vector<InputRecord> more, Instant until);
  std::size_t snapshot_count() const { return snapshots_.size(); }

 private:
  struct QueueKey {
    Instant t;
    std::uint64_t seq;
    // Spelled out: Emscripten's libc++ has no <=> for chrono time points.
    bool operator<(const QueueKey& o) const { return t != o.t ? t < o.t : seq < o.seq; }
    bool operator==(const QueueKey& o) const { return t == o.t && seq == o.seq; }
  };
  struct ArrivalItem {
    std::uint32_t id;
    DirectionIndex dir;
    Instant sent_at;
    SegmentSummary seg;
    std::size_t payload;
    std::vector<std::uint8_t> bytes;
    std::optional<std::size_t> flipped_bit;
  };
  struct TimeoutItem {
    ConnRef conn;
  };
  struct ActionItem {
    Action action;
  };
  using QueueItem = std::variant<ArrivalItem, TimeoutItem, ActionItem>;

  // Everything that changes as the world runs; a snapshot is a copy of it.
  struct Sim {
    Instant now{};
    std::uint64_t steps = 0;
    std::uint64_t next_seq = 0;
    std::uint32_t next_segment_id = 1;
    std::map<QueueKey, QueueItem> queue;
    std::vector<Host> hosts;
    std::vector<LinkDirection> link;
    std::vector<PendingFault> pending;
    std::vector<HeldSegment> held;
  };
  struct Snapshot {
    Sim state;
    std::size_t trace_len;
    std::size_t input_cursor;
  };

  // engine (world.cpp)
  QueueKey enqueue(Instant t, QueueItem item);
  void process(QueueItem item);
  void replay_inputs(std::optional<Instant> limit);
  void run_to(Instant t, Instant input_limit);
  void log_input(std::optional<Instant> scheduled_for, Action a);
  void maybe_snapshot();
  void record(TraceData d) { trace_.push_back(TraceRecord{s_.now, std::move(d)}); }

  // network (world_net.cpp)
  void transmit(std::size_t from, Segment seg, std::optional<ConnRef> conn, std::optional<Rule> why,
                bool retransmission);
  void put_on_wire(DirectionIndex dir, std::uint32_t id, const Segment& seg, std::vector<std::uint8_t> bytes,
                   SegmentSentRecord rec, bool bypass_faults);
  void arrive(ArrivalItem a);
  void deliver(std::size_t host, const Segment& seg);
  void service(ConnRef r);
  void drain_events(ConnRef r);
  void reschedule_timer(ConnRef r);
  ConnEntry& entry_mut(ConnRef r) { return s_.hosts[r.host].connections()[r.index]; }

  // inputs (world_actions.cpp)
  ApplyResult perform(const Action& a);
  // one per kind of input
  ApplyResult act(const ListenAction& a);
  ApplyResult act(const ConnectAction& a);
  ApplyResult act(const SendAction& a);
  ApplyResult act(const ReceiveAction& a);
  ApplyResult act(const CloseAction& a);
  ApplyResult act(const AbortAction& a);
  ApplyResult act(const ReadingAction& a);
  ApplyResult act(const NoDelayAction& a);
  ApplyResult act(const StreamAction& a);
  ApplyResult act(const DropNextAction& a);
  ApplyResult act(const HoldNextAction& a);
  ApplyResult act(const DropInFlightAction& a);
  ApplyResult act(const HoldInFlightAction& a);
  ApplyResult act(const ReleaseAction& a);
  ApplyResult act(const InjectAction& a);
  ApplyResult act(const LinkChange& a);
  std::optional<ConnRef> conn_for(std::string_view name, std::string_view call);
  // Records a user call's outcome; what apply() returns for it.
  void write_unsent(ConnRef r);  // the application's send() still writing hands over what fits
  void write_stream(ConnRef r);  // a streaming application fills the room in the send buffer
  ApplyResult call_result(ConnRef r, std::string call, std::string detail, std::optional<UserError> err,
                          std::optional<std::size_t> octets = std::nullopt);
  std::string link_text(DirectionIndex d) const;  // "link client->server: latency 10000us ..."
  std::optional<QueueKey> find_in_flight(DirectionIndex dir, const SegmentFilter& f) const;

  WorldConfig config_;
  Sim s_;
  Trace trace_;
  std::vector<Snapshot> snapshots_;
  std::uint64_t snapshot_every_;
  std::vector<InputRecord> inputs_;
  std::size_t input_cursor_ = 0;
};

}  // namespace tcplab
