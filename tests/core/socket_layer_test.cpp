// The socket layer over Connection: descriptors, the listener's children
// and accept queue, and the Linux behaviours the scripts rely on.
#include <catch2/catch.hpp>

#include "core/drill/socket_layer.h"

using namespace tcplab;

namespace {

constexpr Ipv4 kHost = 0x0A000002;
constexpr Ipv4 kPeer = 0x0A000001;
constexpr Instant kT0{};

Segment from_peer(std::uint16_t port, Flags flags, std::uint32_t seq, std::uint32_t ack = 0) {
  return Segment{.src_addr = kPeer, .dst_addr = kHost, .src_port = port, .dst_port = 80, .seq = SeqNum{seq},
                 .ack = SeqNum{ack}, .flags = flags, .window = 8192};
}

// Completes a handshake from `port`; returns the ISN the host chose.
std::uint32_t handshake(SocketLayer& host, std::uint16_t port) {
  host.on_segment(from_peer(port, kSyn, 100), kT0);
  auto synack = host.poll_transmit(kT0);
  REQUIRE(synack);
  REQUIRE(synack->flags == Flags(kSyn | kAck));
  host.on_segment(from_peer(port, kAck, 101, synack->seq.value() + 1), kT0);
  return synack->seq.value();
}

SocketLayer listening_host(int backlog) {
  SocketLayer host(Profile::rfc9293(), kHost);
  REQUIRE(host.socket(kT0).value() == 3);
  REQUIRE(host.bind(3, 80, kT0).ok());
  REQUIRE(host.listen(3, backlog, kT0).ok());
  return host;
}

}  // namespace

TEST_CASE("socket layer: a listener serves several peers, each with its own connection") {
  SocketLayer host = listening_host(4);
  const std::uint32_t isn_a = handshake(host, 5000);
  const std::uint32_t isn_b = handshake(host, 5001);
  CHECK(isn_a != isn_b);
  CHECK(host.accept(3, kT0).value() == 4);
  CHECK(host.accept(3, kT0).value() == 5);
  CHECK(host.state(4) == State::Established);
  CHECK(host.state(3) == State::Listen);
  CHECK(host.accept(3, kT0).error() == SockErr::Again);
}

TEST_CASE("socket layer: the accept queue holds backlog + 1 connections, then SYNs are dropped") {
  SocketLayer host = listening_host(1);
  handshake(host, 5000);
  handshake(host, 5001);
  host.on_segment(from_peer(5002, kSyn, 100), kT0);
  CHECK_FALSE(host.poll_transmit(kT0));
  CHECK(host.accept(3, kT0).ok());
  host.on_segment(from_peer(5002, kSyn, 100), kT0);
  CHECK(host.poll_transmit(kT0));
}

TEST_CASE("socket layer: close() with unread data aborts, without it closes") {
  SocketLayer host = listening_host(1);
  const std::uint32_t isn = handshake(host, 5000);
  REQUIRE(host.accept(3, kT0).value() == 4);
  Segment data = from_peer(5000, kAck | kPsh, 101, isn + 1);
  data.payload.assign(10, 7);
  host.on_segment(data, kT0);
  while (host.poll_transmit(kT0)) {
  }
  SECTION("unread: RST (RFC 2525 §2.17)") {
    REQUIRE(host.close(4, kT0).ok());
    auto rst = host.poll_transmit(kT0);
    REQUIRE(rst);
    CHECK(rst->flags.has(kRst));
    CHECK(rst->seq.value() == isn + 1);
  }
  SECTION("read first: FIN") {
    CHECK(host.read(4, 100, kT0).value() == 10);
    while (host.poll_transmit(kT0)) {
    }
    REQUIRE(host.close(4, kT0).ok());
    auto fin = host.poll_transmit(kT0);
    REQUIRE(fin);
    CHECK(fin->flags == Flags(kFin | kAck));
  }
}

TEST_CASE("socket layer: a reset is reported once, then the socket reads EOF and writes EPIPE") {
  SocketLayer host = listening_host(1);
  handshake(host, 5000);
  REQUIRE(host.accept(3, kT0).value() == 4);
  host.on_segment(from_peer(5000, kRst, 101), kT0);
  CHECK(host.read(4, 10, kT0).error() == SockErr::ConnReset);
  CHECK(host.read(4, 10, kT0).value() == 0);
  CHECK(host.write(4, 10, kT0).error() == SockErr::Pipe);
}

TEST_CASE("socket layer: errno names and texts are glibc's") {
  CHECK(errno_name(SockErr::InProgress) == "EINPROGRESS");
  CHECK(errno_text(SockErr::InProgress) == "Operation now in progress");
  CHECK(errno_from_name("EWOULDBLOCK") == SockErr::Again);
  CHECK_FALSE(errno_from_name("ENOSUCH"));
}
