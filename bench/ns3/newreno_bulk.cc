// ns-3's side of the side-by-side benchmark (bench/ns3/run.sh): one TCP bulk
// transfer across a point-to-point link, the settings given on the command
// line, goodput and packets per wall-clock second printed as one line:
//
//   ns3 loss=0.01 seconds=60 delivered=... goodput_mbps=... packets=... wall_s=... packets_per_wall_s=...
//       recoveries=... timeouts=...
//
// Link: RATE, DELAY each way, a drop-tail queue of QUEUE packets on each
// device (ns-3's traffic-control layer is taken off so that queue is the
// only one), packet loss LOSS on the data direction only (a receive error
// model on the receiver's device). TCP: ns-3's TcpNewReno (TcpCubic with
// --cubic=1) with classic recovery, SEGMENT-octet segments, no SACK, no timestamps, 65535-octet
// buffers (timestamps with --timestamps=1), an initial window of IW
// segments (see bench/README.md). recoveries and timeouts count the
// sender's entries into CA_RECOVERY and CA_LOSS.
#include <chrono>
#include <cstdio>

#include "ns3/applications-module.h"
#include "ns3/core-module.h"
#include "ns3/internet-module.h"
#include "ns3/network-module.h"
#include "ns3/point-to-point-module.h"
#include "ns3/traffic-control-module.h"

using namespace ns3;

namespace {
std::uint64_t g_packets = 0;
std::uint64_t g_recoveries = 0;  // entries into fast recovery (CA_RECOVERY)
std::uint64_t g_timeouts = 0;    // entries into CA_LOSS (a retransmission timeout)
void count_tx(Ptr<const Packet>) { ++g_packets; }
void count_state(TcpSocketState::TcpCongState_t, TcpSocketState::TcpCongState_t now) {
  if (now == TcpSocketState::CA_RECOVERY) ++g_recoveries;
  if (now == TcpSocketState::CA_LOSS) ++g_timeouts;
}
// The sender's socket exists once the application has started.
void watch_sender() {
  Config::ConnectWithoutContext("/NodeList/0/$ns3::TcpL4Protocol/SocketList/0/CongState", MakeCallback(&count_state));
}
}  // namespace

int main(int argc, char** argv) {
  std::string rate = "10Mbps";
  std::string delay = "20ms";
  std::uint32_t queue = 100;
  double loss = 0.0;
  double seconds = 60.0;
  std::uint32_t segment = 1448;
  std::uint32_t iw = 10;
  std::uint32_t seed = 1;
  bool timestamps = false;
  bool cubic = false;
  CommandLine cmd;
  cmd.AddValue("rate", "link rate", rate);
  cmd.AddValue("delay", "one-way delay", delay);
  cmd.AddValue("queue", "drop-tail queue, packets", queue);
  cmd.AddValue("loss", "packet loss on the data direction", loss);
  cmd.AddValue("seconds", "simulated seconds", seconds);
  cmd.AddValue("segment", "TCP segment size", segment);
  cmd.AddValue("iw", "initial window, segments", iw);
  cmd.AddValue("seed", "run number", seed);
  cmd.AddValue("cubic", "ns-3's TcpCubic instead of TcpNewReno", cubic);
  cmd.AddValue("timestamps", "RFC 7323 timestamps (an RTT sample from every ACK)", timestamps);
  cmd.Parse(argc, argv);
  RngSeedManager::SetSeed(1);
  RngSeedManager::SetRun(seed);

  Config::SetDefault("ns3::TcpL4Protocol::SocketType",
                     TypeIdValue(cubic ? TcpCubic::GetTypeId() : TcpNewReno::GetTypeId()));
  Config::SetDefault("ns3::TcpL4Protocol::RecoveryType", TypeIdValue(TcpClassicRecovery::GetTypeId()));
  Config::SetDefault("ns3::TcpSocket::SegmentSize", UintegerValue(segment));
  Config::SetDefault("ns3::TcpSocket::InitialCwnd", UintegerValue(iw));
  Config::SetDefault("ns3::TcpSocket::SndBufSize", UintegerValue(65535));
  Config::SetDefault("ns3::TcpSocket::RcvBufSize", UintegerValue(65535));
  Config::SetDefault("ns3::TcpSocketBase::Sack", BooleanValue(false));
  Config::SetDefault("ns3::TcpSocketBase::Timestamp", BooleanValue(timestamps));

  NodeContainer nodes;
  nodes.Create(2);
  PointToPointHelper p2p;
  p2p.SetDeviceAttribute("DataRate", StringValue(rate));
  p2p.SetChannelAttribute("Delay", StringValue(delay));
  p2p.SetQueue("ns3::DropTailQueue<Packet>", "MaxSize", QueueSizeValue(QueueSize(std::to_string(queue) + "p")));
  NetDeviceContainer devices = p2p.Install(nodes);
  InternetStackHelper stack;
  stack.Install(nodes);
  Ipv4AddressHelper address;
  address.SetBase("10.0.0.0", "255.255.255.0");
  Ipv4InterfaceContainer ifs = address.Assign(devices);
  TrafficControlHelper tch;
  tch.Uninstall(devices);

  Ptr<RateErrorModel> em = CreateObject<RateErrorModel>();
  em->SetAttribute("ErrorUnit", EnumValue(RateErrorModel::ERROR_UNIT_PACKET));
  em->SetAttribute("ErrorRate", DoubleValue(loss));
  devices.Get(1)->SetAttribute("ReceiveErrorModel", PointerValue(em));
  for (std::uint32_t i = 0; i < 2; ++i)
    devices.Get(i)->TraceConnectWithoutContext("PhyTxEnd", MakeCallback(&count_tx));

  const std::uint16_t port = 8080;
  BulkSendHelper source("ns3::TcpSocketFactory", InetSocketAddress(ifs.GetAddress(1), port));
  source.SetAttribute("MaxBytes", UintegerValue(0));
  ApplicationContainer sources = source.Install(nodes.Get(0));
  sources.Start(Seconds(0.0));
  sources.Stop(Seconds(seconds));
  PacketSinkHelper sink("ns3::TcpSocketFactory", InetSocketAddress(Ipv4Address::GetAny(), port));
  ApplicationContainer sinks = sink.Install(nodes.Get(1));
  sinks.Start(Seconds(0.0));
  sinks.Stop(Seconds(seconds));

  Simulator::Schedule(MilliSeconds(1), &watch_sender);
  Simulator::Stop(Seconds(seconds));
  const auto start = std::chrono::steady_clock::now();
  Simulator::Run();
  const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const std::uint64_t delivered = DynamicCast<PacketSink>(sinks.Get(0))->GetTotalRx();
  Simulator::Destroy();
  std::printf("%s loss=%g seconds=%g delivered=%llu goodput_mbps=%.3f packets=%llu wall_s=%.3f packets_per_wall_s=%.0f "
              "recoveries=%llu timeouts=%llu\n",
              cubic ? "ns3-cubic" : "ns3", loss, seconds, static_cast<unsigned long long>(delivered), delivered * 8.0 / seconds / 1e6,
              static_cast<unsigned long long>(g_packets), wall, g_packets / wall,
              static_cast<unsigned long long>(g_recoveries), static_cast<unsigned long long>(g_timeouts));
  return 0;
}
