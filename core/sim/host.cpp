#include "core/sim/host.h"

namespace tcplab {

std::optional<std::size_t> Host::find_connection(const Segment& seg) const {
  for (std::size_t i = 0; i < conns_.size(); ++i) {
    const ConnEntry& e = conns_[i];
    if (!e.active || e.conn.state() == State::Listen) continue;
    const ConnectionStatus st = e.conn.status();
    if (st.local == seg.destination() && st.remote == seg.source()) return i;
  }
  return std::nullopt;
}

std::optional<std::size_t> Host::find_listener(const Segment& seg) const {
  for (std::size_t i = 0; i < conns_.size(); ++i) {
    const ConnEntry& e = conns_[i];
    if (!e.active || e.listener || e.conn.state() != State::Listen) continue;
    const ConnectionStatus st = e.conn.status();
    if (st.local.port == seg.dst_port && (st.local.addr == 0 || st.local.addr == seg.dst_addr)) return i;
  }
  return std::nullopt;
}

bool Host::in_use(Endpoint local, Endpoint remote) const {
  for (const ConnEntry& e : conns_) {
    if (!e.active || e.conn.state() == State::Listen) continue;
    const ConnectionStatus st = e.conn.status();
    if (st.local == local && st.remote == remote) return true;
  }
  return false;
}

bool Host::listening_on(std::uint16_t port) const {
  for (const ConnEntry& e : conns_)
    if (e.active && !e.listener && e.conn.state() == State::Listen && e.conn.status().local.port == port)
      return true;
  return false;
}

int Host::half_open_children(std::size_t listener) const {
  int n = 0;
  for (const ConnEntry& e : conns_)
    if (e.active && e.listener == listener && e.conn.state() == State::SynReceived) ++n;
  return n;
}

std::optional<std::size_t> Host::find_name(std::string_view name) const {
  for (std::size_t i = 0; i < conns_.size(); ++i)
    if (conns_[i].name == name) return i;
  return std::nullopt;
}

}  // namespace tcplab
