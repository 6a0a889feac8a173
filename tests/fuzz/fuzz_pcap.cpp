// The pcap reader on arbitrary bytes, and the round trip: a classic pcap
// file that reads is written again and reads back as the same packets.
// (pcapng reads too, but its timestamps and block sizes go beyond what
// classic pcap can hold, so only pcap input must survive the trip.)
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
  if (size >= 4 && data[0] == 0x0A && data[1] == 0x0D && data[2] == 0x0D && data[3] == 0x0A) return 0;
  auto back = tcplab::read_pcap(tcplab::write_pcap(file.value()));
  if (!back || !(back.value() == file.value())) std::abort();
  return 0;
}
