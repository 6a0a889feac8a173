// ns-3's side of the side-by-side benchmark (bench/ns3/run.sh): one TCP bulk
// transfer across a point-to-point link, the settings given on the command
// line, goodput and packets per wall-clock second printed as one line:
//
//   ns3 loss=0.01 seconds=60 delivered=... goodput_mbps=... packets=... wall_s=... packets_per_wall_s=...
//
// Link: RATE, DELAY each way, a drop-tail queue of QUEUE packets on each
// device (ns-3's traffic-control layer is taken off so that queue is the
// only one), packet loss LOSS on the data direction only (a receive error
// model on the receiver's device). TCP: ns-3's TcpNewReno with classic
// recovery, SEGMENT-octet segments, no SACK, no timestamps, 65535-octet
// buffers, an initial window of IW segments (see bench/README.md).
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
void count_tx(Ptr<const Packet>) { ++g_packets; }
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
  CommandLine cmd;
  cmd.AddValue("rate", "link rate", rate);
  cmd.AddValue("delay", "one-way delay", delay);
  cmd.AddValue("queue", "drop-tail queue, packets", queue);
  cmd.AddValue("loss", "packet loss on the data direction", loss);
  cmd.AddValue("seconds", "simulated seconds", seconds);
  cmd.AddValue("segment", "TCP segment size", segment);
  cmd.AddValue("iw", "initial window, segments", iw);
  cmd.AddValue("seed", "run number", seed);
  cmd.Parse(argc, argv);
  RngSeedManager::SetSeed(1);
  RngSeedManager::SetRun(seed);

  Config::SetDefault("ns3::TcpL4Protocol::SocketType", TypeIdValue(TcpNewReno::GetTypeId()));
  Config::SetDefault("ns3::TcpL4Protocol::RecoveryType", TypeIdValue(TcpClassicRecovery::GetTypeId()));
  Config::SetDefault("ns3::TcpSocket::SegmentSize", UintegerValue(segment));
  Config::SetDefault("ns3::TcpSocket::InitialCwnd", UintegerValue(iw));
  Config::SetDefault("ns3::TcpSocket::SndBufSize", UintegerValue(65535));
  Config::SetDefault("ns3::TcpSocket::RcvBufSize", UintegerValue(65535));
  Config::SetDefault("ns3::TcpSocketBase::Sack", BooleanValue(false));
  Config::SetDefault("ns3::TcpSocketBase::Timestamp", BooleanValue(false));

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

  Simulator::Stop(Seconds(seconds));
  const auto start = std::chrono::steady_clock::now();
  Simulator::Run();
  const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const std::uint64_t delivered = DynamicCast<PacketSink>(sinks.Get(0))->GetTotalRx();
  Simulator::Destroy();
  std::printf("ns3 loss=%g seconds=%g delivered=%llu goodput_mbps=%.3f packets=%llu wall_s=%.3f packets_per_wall_s=%.0f\n",
              loss, seconds, static_cast<unsigned long long>(delivered), delivered * 8.0 / seconds / 1e6,
              static_cast<unsigned long long>(g_packets), wall, g_packets / wall);
  return 0;
}
