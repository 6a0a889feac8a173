// The pcap reader on arbitrary bytes, and the round trip: a file that reads
// is written again and reads back as the same packets.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <span>

#include "core/wire/pcap_reader.h"
#include "core/wire/wire.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto file = tcplab::read_pcap(std::span<const std::uint8_t>(data, size));
  if (!file) return 0;
  for (const tcplab::PcapPacket& p : file.value().packets)
    (void)tcplab::decode(tcplab::ipv4_payload(file.value().link_type, p.bytes));
  auto back = tcplab::read_pcap(tcplab::write_pcap(file.value()));
  if (!back || !(back.value() == file.value())) std::abort();
  return 0;
}
