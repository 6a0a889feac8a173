// Segments between hosts: a connection's output goes on the link as bytes,
// arrives (or not), is decoded by the receiving host and demultiplexed to a
// connection, whose output and timers are then collected.
#include <algorithm>

#include "core/wire/wire.h"
#include "core/sim/world.h"

namespace tcplab {

void World::transmit(std::size_t from, Segment seg, std::optional<ConnRef> conn, std::optional<Rule> why,
                     bool retransmission) {
  Host& host = s_.hosts[from];
  seg.ip_id = host.next_ip_id();
  std::vector<std::uint8_t> bytes = encode(seg);
  const std::uint32_t id = s_.next_segment_id++;
  SegmentSentRecord rec;
  rec.id = id;
  rec.from = from;
  rec.to = 1 - from;
  rec.conn = conn;
  rec.seg = SegmentSummary::of(seg);
  rec.src = seg.source();
  rec.dst = seg.destination();
  rec.window = seg.window;
  rec.payload = seg.payload.size();
  rec.why = why;
  rec.retransmission = retransmission;
  put_on_wire(from, id, seg, std::move(bytes), std::move(rec), false);
}

void World::put_on_wire(DirectionIndex dir, std::uint32_t id, const Segment& seg, std::vector<std::uint8_t> bytes,
                        SegmentSentRecord rec, bool bypass_faults) {
  if (config_.record_bytes) rec.bytes = bytes;
  if (bypass_faults) {
    const Instant arrival = s_.link[dir].arrival_without_faults(s_.now);
    rec.arrival = arrival;
    record(rec);
    enqueue(arrival, ArrivalItem{id, dir, s_.now, rec.seg, rec.payload, std::move(bytes), std::nullopt});
    return;
  }
  // Targeted faults come first: they pick "the next segment" before the link does anything to it.
  for (auto it = s_.pending.begin(); it != s_.pending.end(); ++it) {
    if (it->dir != dir || !it->filter.matches(seg.flags, seg.payload.size(), id)) continue;
    const PendingFault f = *it;
    s_.pending.erase(it);
    record(rec);
    if (f.hold) {
      record(SegmentFateRecord{id, Fate::Held, std::nullopt, "held as '" + f.label + "' by a fault", {}});
      s_.held.push_back(HeldSegment{f.label, id, dir, s_.now, rec.seg, std::move(bytes)});
    } else {
      record(SegmentFateRecord{id, Fate::Dropped, std::nullopt, "dropped by a fault: next " + f.filter.describe(), {}});
    }
    return;
  }
  LinkOutcome out = s_.link[dir].transmit(std::move(bytes), s_.now);
  if (out.drop != LinkDrop::None) {
    record(rec);
    const Fate fate = out.drop == LinkDrop::Loss        ? Fate::Lost
                      : out.drop == LinkDrop::QueueFull ? Fate::QueueFull
                                                        : Fate::TooBig;
    record(SegmentFateRecord{id, fate, std::nullopt, std::string(link_drop_name(out.drop)), {}});
    return;
  }
  rec.arrival = out.deliveries[0].arrival;
  const SegmentSummary summary = rec.seg;
  const std::size_t payload = rec.payload;
  // Kept only when the link made a copy: the copy's record starts from it.
  const std::optional<SegmentSentRecord> original =
      out.deliveries.size() > 1 ? std::optional<SegmentSentRecord>(rec) : std::nullopt;
  record(std::move(rec));
  for (LinkDelivery& d : out.deliveries) {
    std::uint32_t copy_id = id;
    if (d.duplicate) {
      copy_id = s_.next_segment_id++;
      SegmentSentRecord dup = *original;
      dup.id = copy_id;
      dup.origin = SegmentOrigin::Duplicate;
      dup.copy_of = id;
      dup.arrival = d.arrival;
      record(SegmentFateRecord{id, Fate::Duplicated, std::nullopt, "copy is #" + std::to_string(copy_id), {}});
      record(std::move(dup));
    }
    enqueue(d.arrival, ArrivalItem{copy_id, dir, s_.now, summary, payload, std::move(d.bytes),
                                   d.flipped_bit});
  }
}

void World::arrive(ArrivalItem a) {
  const std::size_t to = 1 - a.dir;
  auto decoded = decode(a.bytes);
  if (!decoded) {
    const DecodeError& e = decoded.error();
    std::string detail = std::string(kind_name(e.kind)) + ": " + e.detail;
    if (a.flipped_bit) detail += " (bit " + std::to_string(*a.flipped_bit) + " flipped on the link)";
    record(SegmentFateRecord{a.id, Fate::Corrupted, std::nullopt, std::move(detail),
                             config_.record_bytes ? std::move(a.bytes) : std::vector<std::uint8_t>{}});
    return;
  }
  // A flipped bit the checksum cannot see (two's-complement luck) is still a delivery.
  record(SegmentFateRecord{a.id, Fate::Delivered, std::nullopt,
                           a.flipped_bit ? "corrupted, but the checksum still matched" : "", {}});
  deliver(to, decoded.value());
}

void World::deliver(std::size_t h, const Segment& seg) {
  Host& host = s_.hosts[h];
  if (auto i = host.find_connection(seg)) {
    entry_mut({h, *i}).conn.on_segment(seg, s_.now);
    service({h, *i});
    return;
  }
  if (auto l = host.find_listener(seg)) {
    const bool syn = seg.flags.has(kSyn) && !seg.flags.has(kAck) && !seg.flags.has(kRst);
    if (!syn) {
      // LISTEN itself answers what is not a SYN (RST for an ACK, nothing for a RST).
      entry_mut({h, *l}).conn.on_segment(seg, s_.now);
      service({h, *l});
      return;
    }
    ConnEntry& listener = entry_mut({h, *l});
    if (host.half_open_children(*l) >= listener.backlog) {
      record(HostRecord{h, "backlog of '" + listener.name + "' is full: SYN from " + endpoint_text(seg.source()) + " dropped", std::nullopt});
      return;
    }
    // The RFC's single TCB stays listening; its clone takes this SYN.
    ConnEntry child = listener;
    child.name = listener.name + "." + std::to_string(++listener.accepted);
    child.listener = *l;
    child.backlog = 0;
    child.accepted = 0;
    child.bytes_read = 0;
    child.timer_due.reset();
    child.last_error.reset();
    const std::size_t ci = host.add(std::move(child));
    const ConnRef ref{h, ci};
    ConnEntry& c = entry_mut(ref);
    c.conn.on_segment(seg, s_.now);
    record(ConnCreatedRecord{ref, c.name, c.conn.status().local, seg.source(), ConnRef{h, *l}});
    service(ref);
    return;
  }
  // RFC 9293 §3.10.7.1: no connection, answer with a reset (unless it is one).
  const std::optional<Segment> reply = reset_for_closed(seg);
  record(HostRecord{h,
                    "no connection for " + endpoint_text(seg.destination()) + " from " + endpoint_text(seg.source()) +
                        (reply ? ": answer RST" : ": RST ignored"),
                    std::nullopt});
  if (reply) transmit(h, *reply, std::nullopt, Rule::ResetForClosed, false);
}

// What the connection did, into the trace. SegmentSent events are passed
// over: the segment's own record carries its rule (service() takes it from
// the Transmit).
void World::drain_events(ConnRef r) {
  while (auto ev = entry_mut(r).conn.poll_event()) {
    if (std::holds_alternative<SegmentSent>(*ev)) continue;
    if (const auto* err = std::get_if<ConnectionError>(&*ev)) entry_mut(r).last_error = err->error;
    record(ConnEventRecord{r, *ev});
  }
}

// After any input to a connection, its outputs in the contract's order
// (connection.h): events, then segments, then its timer.
void World::service(ConnRef r) {
  {
    ConnEntry& e = entry_mut(r);
    // The application reads what arrived, which reopens the window.
    if (e.reading) {
      for (;;) {
        auto got = e.conn.receive(65536, s_.now);
        if (!got || got.value().empty()) break;
        e.bytes_read += got.value().size();
      }
    }
  }
  write_unsent(r);
  write_stream(r);
  drain_events(r);
  while (std::optional<Transmit> t = entry_mut(r).conn.poll_transmit(s_.now))
    transmit(r.host, std::move(t->seg), r, t->why, t->retransmission);
  drain_events(r);
  ConnEntry& e = entry_mut(r);
  // A connection that reached CLOSED is gone from the stack; an accepted one
  // that fell back to LISTEN hands the port back to its listener.
  if (e.conn.state() == State::Closed || (e.listener && e.conn.state() == State::Listen)) e.active = false;
  reschedule_timer(r);
}

// The application's blocking write goes on: what fits in the send buffer
// now. A connection that no longer takes data (closing, reset) fails the
// write, and the application drops the rest.
void World::write_unsent(ConnRef r) {
  ConnEntry& e = entry_mut(r);
  if (e.unsent.empty()) return;
  const Result<std::size_t, UserError> got = e.conn.send(e.unsent, s_.now);
  if (got) e.unsent.erase(e.unsent.begin(), e.unsent.begin() + static_cast<std::ptrdiff_t>(got.value()));
  else if (got.error() != UserError::InsufficientResources) e.unsent.clear();
}

// A streaming application writes as much of its pattern as the send buffer
// has room for, behind any earlier send still being written. Its write ends
// at its total, or fails as a socket write does once the connection no
// longer takes data (closing, reset).
void World::write_stream(ConnRef r) {
  ConnEntry& e = entry_mut(r);
  if (!e.stream || !e.unsent.empty()) return;
  ConnEntry::Stream& st = *e.stream;
  const std::size_t capacity = e.conn.profile().send_buffer, queued = e.conn.status().send_queued;
  std::uint64_t room = capacity > queued ? capacity - queued : 0;
  if (st.total) room = std::min(room, *st.total - st.written);
  if (room > 0) {
    std::vector<std::uint8_t> chunk(static_cast<std::size_t>(room));
    fill_pattern(chunk.data(), chunk.size(), st.written);
    const Result<std::size_t, UserError> got = e.conn.send(chunk, s_.now);
    if (!got) {
      const UserError err = got.error();
      const std::string detail = std::to_string(st.written) + " octets written";
      e.stream.reset();
      record(UserCallRecord{r, "stream", detail, std::string(message(err))});
      return;
    }
    st.written += got.value();
  }
  if (st.total && st.written == *st.total) {
    const std::string detail = std::to_string(st.written) + " octets written, the whole total";
    e.stream.reset();
    record(UserCallRecord{r, "stream done", detail, ""});
  }
}

void World::reschedule_timer(ConnRef r) {
  ConnEntry& e = entry_mut(r);
  const std::optional<Instant> due = e.active ? e.conn.next_deadline() : std::nullopt;
  if (due == e.timer_due) return;
  if (e.timer_due) s_.queue.erase(QueueKey{*e.timer_due, e.timer_seq});
  e.timer_due.reset();
  if (!due) return;
  const QueueKey key = enqueue(*due, TimeoutItem{r});
  e.timer_due = key.t;
  e.timer_seq = key.seq;
}

}  // namespace tcplab
