// Inputs performed: user calls on connections, targeted faults, link changes.
#include <algorithm>

#include "core/base/units.h"
#include "core/sim/world.h"
#include "core/wire/wire.h"

namespace tcplab {

namespace {
// An input that was carried out; `segment` when it concerned one on the wire.
ApplyResult performed(std::optional<std::uint32_t> segment = std::nullopt) {
  return ApplyResult{true, std::nullopt, std::nullopt, segment};
}
}  // namespace

std::optional<ConnRef> World::conn_for(std::string_view name, std::string_view call) {
  if (auto r = find(name)) return r;
  record(FaultRecord{std::string(call) + ": no connection named '" + std::string(name) + "'"});
  return std::nullopt;
}

ApplyResult World::call_result(ConnRef r, std::string call, std::string detail, std::optional<UserError> err,
                               std::optional<std::size_t> octets) {
  if (err) entry_mut(r).last_error = err;
  record(UserCallRecord{r, std::move(call), std::move(detail), err ? std::string(message(*err)) : std::string()});
  return ApplyResult{true, err, err ? std::nullopt : octets, std::nullopt};
}

std::optional<World::QueueKey> World::find_in_flight(DirectionIndex dir, const SegmentFilter& f) const {
  for (const auto& [key, item] : s_.queue)
    if (const auto* a = std::get_if<ArrivalItem>(&item))
      if (a->dir == dir && f.matches(a->seg.flags, a->payload, a->id)) return key;
  return std::nullopt;
}

ApplyResult World::perform(const Action& action) {
  return std::visit([this](const auto& a) { return act(a); }, action);
}

ApplyResult World::act(const ListenAction& a) {
  const Instant now = s_.now;
  const auto h = host_index(a.host);
  if (!h || find(a.name)) {
    record(FaultRecord{"listen: " + std::string(!h ? "no host named '" + a.host + "'"
                                                   : "the name '" + a.name + "' is taken")});
    return {};
  }
  Host& host = s_.hosts[*h];
  ConnEntry e{a.name, Connection(host.profile(), Endpoint{host.addr(), a.port}, IsnGenerator(host.isn_seed()))};
  e.backlog = a.backlog;
  const bool taken = host.listening_on(a.port);
  const ConnRef r{*h, host.add(std::move(e))};
  record(ConnCreatedRecord{r, a.name, Endpoint{s_.hosts[*h].addr(), a.port}, Endpoint{}, std::nullopt});
  if (taken) {
    // One listener per port, like bind() without SO_REUSEPORT.
    entry_mut(r).active = false;
    return call_result(r, "open_passive", "port " + std::to_string(a.port), UserError::ConnectionAlreadyExists);
  }
  auto res = entry_mut(r).conn.open_passive(now);
  const ApplyResult done = call_result(r, "open_passive", "port " + std::to_string(a.port) + " backlog " +
                                      std::to_string(a.backlog), res ? std::nullopt : std::optional(res.error()));
  service(r);
  return done;
}

ApplyResult World::act(const ConnectAction& a) {
  const Instant now = s_.now;
  const auto h = host_index(a.host);
  const auto rh = host_index(a.remote_host);
  if (!h || !rh || find(a.name)) {
    record(FaultRecord{"connect: " + std::string(!h || !rh ? "no such host" : "the name '" + a.name + "' is taken")});
    return {};
  }
  Host& host = s_.hosts[*h];
  const Endpoint local{host.addr(), a.local_port ? a.local_port : host.next_ephemeral_port()};
  const Endpoint remote{s_.hosts[*rh].addr(), a.remote_port};
  ConnEntry e{a.name, Connection(host.profile(), local, IsnGenerator(host.isn_seed()))};
  const ConnRef r{*h, host.add(std::move(e))};
  record(ConnCreatedRecord{r, a.name, local, remote, std::nullopt});
  const std::string detail = endpoint_text(local) + " to " + endpoint_text(remote);
  if (s_.hosts[*h].in_use(local, remote)) {
    // The socket pair still belongs to a connection (TIME-WAIT's 2MSL
    // quiet time is the classic case): the new one cannot have it.
    entry_mut(r).active = false;
    return call_result(r, "open_active", detail, UserError::ConnectionAlreadyExists);
  }
  auto res = entry_mut(r).conn.open_active(remote, now);
  const ApplyResult done = call_result(r, "open_active", detail, res ? std::nullopt : std::optional(res.error()));
  service(r);
  return done;
}

ApplyResult World::act(const SendAction& a) {
  const Instant now = s_.now;
  const auto r = conn_for(a.conn, "send");
  if (!r) return {};
  ConnEntry& e = entry_mut(*r);
  std::string detail = std::to_string(a.data.size()) + " octets";
  // Behind an earlier send still being written, this one waits its turn.
  Result<std::size_t, UserError> res =
      e.unsent.empty() ? e.conn.send(a.data, now) : Result<std::size_t, UserError>(std::size_t{0});
  // A full buffer does not fail a socket program's write: it waits for room.
  if (!res && res.error() == UserError::InsufficientResources) res = std::size_t{0};
  if (res && res.value() < a.data.size()) {
    const std::size_t kept = a.data.size() - res.value();
    e.unsent.insert(e.unsent.end(), a.data.end() - static_cast<std::ptrdiff_t>(kept), a.data.end());
    detail += " (" + std::to_string(res.value()) + " taken into the send buffer now; the application keeps the other " +
              std::to_string(kept) + " and hands them over as the buffer empties)";
  }
  const ApplyResult done = call_result(*r, "send", detail, res ? std::nullopt : std::optional(res.error()),
                                      res ? std::optional(res.value()) : std::nullopt);
  service(*r);
  return done;
}

ApplyResult World::act(const ReceiveAction& a) {
  const Instant now = s_.now;
  const auto r = conn_for(a.conn, "receive");
  if (!r) return {};
  auto res = entry_mut(*r).conn.receive(a.max, now);
  if (res) entry_mut(*r).bytes_read += res.value().size();
  const ApplyResult done =
      call_result(*r, "receive", res ? std::to_string(res.value().size()) + " octets" : "up to " + std::to_string(a.max),
                  res ? std::nullopt : std::optional(res.error()), res ? std::optional(res.value().size()) : std::nullopt);
  service(*r);
  return done;
}

ApplyResult World::act(const CloseAction& a) {
  const Instant now = s_.now;
  const auto r = conn_for(a.conn, "close");
  if (!r) return {};
  auto res = entry_mut(*r).conn.close(now);
  const ApplyResult done = call_result(*r, "close", "", res ? std::nullopt : std::optional(res.error()));
  service(*r);
  return done;
}

ApplyResult World::act(const AbortAction& a) {
  const Instant now = s_.now;
  const auto r = conn_for(a.conn, "abort");
  if (!r) return {};
  auto res = entry_mut(*r).conn.abort(now);
  const ApplyResult done = call_result(*r, "abort", "", res ? std::nullopt : std::optional(res.error()));
  service(*r);
  return done;
}

ApplyResult World::act(const ReadingAction& a) {
  const auto r = conn_for(a.conn, "reading");
  if (!r) return {};
  entry_mut(*r).reading = a.on;
  record(UserCallRecord{*r, a.on ? "reading on" : "reading off", "", ""});
  service(*r);
  return performed();
}

ApplyResult World::act(const NoDelayAction& a) {
  const auto r = conn_for(a.conn, "nodelay");
  if (!r) return {};
  entry_mut(*r).conn.set_nodelay(a.on, s_.now);
  record(UserCallRecord{*r, a.on ? "nodelay on" : "nodelay off", "", ""});
  service(*r);
  return performed();
}

ApplyResult World::act(const StreamAction& a) {
  const auto r = conn_for(a.conn, "stream");
  if (!r) return {};
  ConnEntry& e = entry_mut(*r);
  if (!a.on) {
    const std::string detail = e.stream ? std::to_string(e.stream->written) + " octets written" : "not streaming";
    e.stream.reset();
    record(UserCallRecord{*r, "stream off", detail, ""});
    return performed();
  }
  // A second start carries on from where the pattern is (and takes the new total).
  const std::uint64_t written = e.stream ? e.stream->written : 0;
  e.stream = ConnEntry::Stream{written, a.total ? std::optional(written + *a.total) : std::nullopt};
  record(UserCallRecord{*r, "stream", a.total ? std::to_string(*a.total) + " octets" : "until stopped", ""});
  service(*r);
  return performed();
}

ApplyResult World::act(const DropNextAction& a) {
  s_.pending.push_back(PendingFault{a.dir, a.filter, false, ""});
  record(FaultRecord{"armed: drop the next " + a.filter.describe() + " " + direction_name(a.dir)});
  return performed();
}

ApplyResult World::act(const HoldNextAction& a) {
  s_.pending.push_back(PendingFault{a.dir, a.filter, true, a.label});
  record(FaultRecord{"armed: hold the next " + a.filter.describe() + " " + direction_name(a.dir) + " as '" +
                     a.label + "'"});
  return performed();
}

ApplyResult World::act(const DropInFlightAction& a) {
  const auto key = find_in_flight(a.dir, a.filter);
  if (!key) {
    record(FaultRecord{"drop in flight: no " + a.filter.describe() + " on the wire " + direction_name(a.dir)});
    return {};
  }
  const auto id = std::get<ArrivalItem>(s_.queue.at(*key)).id;
  s_.queue.erase(*key);
  record(SegmentFateRecord{id, Fate::Dropped, std::nullopt, "dropped in flight by a fault", {}});
  return performed(id);
}

ApplyResult World::act(const HoldInFlightAction& a) {
  const Instant now = s_.now;
  const auto key = find_in_flight(a.dir, a.filter);
  if (!key) {
    record(FaultRecord{"hold in flight: no " + a.filter.describe() + " on the wire " + direction_name(a.dir)});
    return {};
  }
  ArrivalItem item = std::get<ArrivalItem>(s_.queue.at(*key));
  s_.queue.erase(*key);
  record(SegmentFateRecord{item.id, Fate::Held, std::nullopt, "held in flight as '" + a.label + "'", {}});
  const std::uint32_t id = item.id;
  s_.held.push_back(HeldSegment{a.label, item.id, item.dir, now, item.seg, std::move(item.bytes)});
  return performed(id);
}

ApplyResult World::act(const ReleaseAction& a) {
  const Instant now = s_.now;
  auto it = std::find_if(s_.held.begin(), s_.held.end(), [&](const HeldSegment& h) { return h.label == a.label; });
  if (it == s_.held.end()) {
    record(FaultRecord{"release: nothing is held as '" + a.label + "'"});
    return {};
  }
  HeldSegment held = std::move(*it);
  s_.held.erase(it);
  const Instant arrival = s_.link[held.dir].arrival_without_faults(now);
  record(SegmentFateRecord{held.id, Fate::Released, arrival, "released '" + held.label + "'", {}});
  const std::size_t payload = held.bytes.size() >= 40 ? held.bytes.size() - 40 : 0;
  enqueue(arrival, ArrivalItem{held.id, held.dir, now, held.seg, payload, std::move(held.bytes), std::nullopt});
  return performed(held.id);
}

ApplyResult World::act(const InjectAction& a) {
  const auto r = conn_for(a.target, "inject");
  if (!r) return {};
  const ConnectionStatus st = entry(*r).conn.status();
  const auto value = [&st](const SeqExpr& e) {
    std::uint32_t base = 0;
    switch (e.base) {
      case SeqExpr::Base::Absolute: base = 0; break;
      case SeqExpr::Base::RcvNxt: base = st.rcv_nxt.value(); break;
      case SeqExpr::Base::SndNxt: base = st.snd_nxt.value(); break;
      case SeqExpr::Base::SndUna: base = st.snd_una.value(); break;
      case SeqExpr::Base::Irs: base = st.irs.value(); break;
      case SeqExpr::Base::Iss: base = st.iss.value(); break;
    }
    return SeqNum(base + static_cast<std::uint32_t>(e.offset));
  };
  // Spoofed as the target's peer, sent from the other host's side of the link.
  Segment seg;
  seg.src_addr = st.remote.addr;
  seg.src_port = st.remote.port;
  seg.dst_addr = st.local.addr;
  seg.dst_port = st.local.port;
  seg.seq = value(a.seq);
  seg.ack = value(a.ack);
  seg.flags = a.flags;
  seg.window = a.window;
  seg.payload = a.payload;
  const DirectionIndex dir = 1 - r->host;
  const std::uint32_t id = s_.next_segment_id++;
  SegmentSentRecord rec;
  rec.id = id;
  rec.from = dir;
  rec.to = r->host;
  rec.seg = SegmentSummary::of(seg);
  rec.src = seg.source();
  rec.dst = seg.destination();
  rec.window = seg.window;
  rec.payload = seg.payload.size();
  rec.origin = SegmentOrigin::Injected;
  record(FaultRecord{"inject " + flags_long(seg.flags) + " seq=" + describe(a.seq) + " ack=" + describe(a.ack) +
                     " to '" + a.target + "'"});
  put_on_wire(dir, id, seg, encode(seg), std::move(rec), true);
  return performed(id);
}

// In the scenario format's words, as a learner would write them in a `link` line.
std::string World::link_text(DirectionIndex d) const {
  const LinkConfig& c = s_.link[d].config();
  return "link " + direction_name(d) + ": latency " + format_duration(c.latency) + " jitter " +
         format_duration(c.jitter) + " bandwidth " + format_bandwidth(c.bandwidth_bps) + " queue " +
         (c.queue_limit == 0 ? std::string("unbounded") : std::to_string(c.queue_limit)) + " loss " + format_percent(c.loss) +
         " duplicate " + format_percent(c.duplicate) + " reorder " + format_percent(c.reorder) + " reorder_delay " +
         format_duration(c.reorder_delay) + " corrupt " + format_percent(c.corrupt) + " mtu " + std::to_string(c.mtu);
}

ApplyResult World::act(const LinkChange& a) {
  for (DirectionIndex d = 0; d < 2; ++d) {
    if (a.dir && *a.dir != d) continue;
    LinkConfig c = s_.link[d].config();
    a.apply(c);
    s_.link[d].set_config(c);
    record(FaultRecord{link_text(d)});
  }
  return performed();
}

}  // namespace tcplab
