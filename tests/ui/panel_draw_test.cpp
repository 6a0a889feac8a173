// Issue 14: the window lane and the time-sequence graph drawn by Dear ImGui
// itself over a long bulk transfer, zoomed out to show all of it, with no
// renderer: the draw lists are read. What they hold must follow the panel's
// width, not the run's length (the page once drew every segment: hundreds of
// thousands of vertices a frame, past what 16-bit indices address), and a
// still view must not be summarised again each frame.
#include <catch2/catch.hpp>

#include <imgui.h>

#include <chrono>
#include <ctime>

#include "core/lab/lab_session.h"
#include "imgui_app/ladder_index.h"
#include "imgui_app/sequence_graph.h"
#include "imgui_app/window_lane.h"

using namespace tcplab;
using namespace tcplab::ui;
using namespace std::chrono_literals;

namespace {

// A bulk transfer of at least `segments` segments, as the page's frame bench loads one.
World bulk(std::size_t segments) {
  WorldConfig cfg;
  Profile p = Profile::linux_like();
  p.delayed_ack = false;
  cfg.hosts = {{"client", 0x0A000001, p}, {"server", 0x0A000002, p}};
  for (LinkConfig& l : cfg.link) l.latency = 5ms;
  // A 10 Mbit/s bottleneck: a steady rate, so every pixel column of the
  // zoomed-out view holds several segments, however long the run.
  cfg.link[0].bandwidth_bps = 10'000'000;
  cfg.link[0].queue_limit = 100;
  cfg.link[0].loss = 0.01;  // retransmissions and duplicate ACKs to mark
  cfg.record_bytes = false;
  World w(cfg);
  w.apply(ListenAction{"server", "l", 80, 128});
  w.apply(ConnectAction{"client", "c", 40000, "server", 80});
  w.apply(StreamAction{"c", true, std::nullopt});
  while (w.segments_sent() < segments) w.run_until(w.now() + 100ms);
  w.apply(StreamAction{"c", false, std::nullopt});
  w.run_until(w.now() + 2s);
  return w;
}

struct Drawn {
  int vertices = 0;  // in the window's draw list
  int graph = 0;     // of which the graph's
  std::size_t hits = 0;
};

// One ImGui frame: the graph over the top half of a 1280x720 window, the lane under it.
class Canvas {
 public:
  Canvas() {
    ctx_ = ImGui::CreateContext();
    ImGui::SetCurrentContext(ctx_);  // CreateContext keeps an earlier context current
    ImGuiIO& io = ImGui::GetIO();
    io.DisplaySize = ImVec2(1280, 720);
    io.IniFilename = nullptr;
    unsigned char* pixels = nullptr;
    int w = 0, h = 0;
    io.Fonts->GetTexDataAsAlpha8(&pixels, &w, &h);
  }
  ~Canvas() { ImGui::DestroyContext(ctx_); }
  Canvas(const Canvas&) = delete;
  Canvas& operator=(const Canvas&) = delete;

  Drawn frame(const LabSession& s, const LadderIndex& index, const WindowSeries& series, const TimeView& view) {
    ImGui::SetCurrentContext(ctx_);
    ImGuiIO& io = ImGui::GetIO();
    io.DeltaTime = 1.0f / 60;
    io.MousePos = ImVec2(-1, -1);
    ImGui::NewFrame();
    ImGui::SetNextWindowPos(ImVec2(0, 0));
    ImGui::SetNextWindowSize(io.DisplaySize);
    ImGui::Begin("canvas", nullptr, ImGuiWindowFlags_NoDecoration);
    std::vector<Command> commands;
    std::vector<HitTarget> hits;
    std::optional<std::uint32_t> selected;
    const PanelContext c{s, commands, hits, selected};
    const int before = ImGui::GetWindowDrawList()->VtxBuffer.Size;
    graph.draw(c, index, series, 0, view, s.world().now(), ImVec2(0, 0), ImVec2(1280, 400), false);
    const int graph_vertices = ImGui::GetWindowDrawList()->VtxBuffer.Size - before;
    lane.draw(c, series, nullptr, view, s.world().now(), ImVec2(0, 400), ImVec2(1280, 720), false);
    const int vertices = ImGui::GetWindowDrawList()->VtxBuffer.Size;
    ImGui::End();
    ImGui::EndFrame();  // the draw lists are read above, not rendered (16-bit indices here would assert past 65,535)
    return {vertices, graph_vertices, hits.size()};
  }

  ImGuiContext* ctx_ = nullptr;
  SequenceGraph graph;
  WindowLane lane;
};

struct Run {
  LabSession session;
  LadderIndex index;
  WindowSeries series;
  TimeView view;
  explicit Run(std::size_t segments) {
    session.adopt(bulk(segments));
    index.update(session.world(), session.generation());
    series.update(session.world().trace(), session.generation());
    view.left = 60;
    view.width = 1220;
    // The transfer whole (bulk() ends with two quiet seconds), as the bench zooms out to it.
    view.fit(0, static_cast<double>(micros(session.world().now() - 2s)));
  }
};

}  // namespace

TEST_CASE("the lane and the graph over a long run: vertices follow the panel's width", "[ui][lane][draw]") {
  Run shorter(10000), longer(40000);
  REQUIRE(longer.session.world().segments_sent() >= 40000);
  Canvas canvas;
  const Drawn a = canvas.frame(shorter.session, shorter.index, shorter.series, shorter.view);
  Canvas other;
  const Drawn b = other.frame(longer.session, longer.index, longer.series, longer.view);
  INFO("10,000 segments: " << a.vertices << " vertices (the graph " << a.graph << "); 40,000 segments: " << b.vertices
                            << " (the graph " << b.graph << ")");
  // Four times the run on the same 1280 pixels: about as much drawn (every
  // segment drawn on its own was 40,000 bars of 16 vertices and more).
  CHECK(b.vertices < a.vertices * 3 / 2);
  CHECK(b.vertices < 1280 * 150);
  CHECK(b.hits <= 1300);
}

TEST_CASE("the lane and the graph: a still view draws its summary again, the same", "[ui][lane][draw]") {
  Run run(20000);
  Canvas canvas;
  const Drawn first = canvas.frame(run.session, run.index, run.series, run.view);
  // CPU time, not wall time: the machine running the tests is shared.
  const std::clock_t t0 = std::clock();
  Drawn again;
  for (int i = 0; i < 20; ++i) again = canvas.frame(run.session, run.index, run.series, run.view);
  const double per_frame_ms = 1000.0 * static_cast<double>(std::clock() - t0) / CLOCKS_PER_SEC / 20;
  CHECK(again.vertices == first.vertices);
  CHECK(again.hits == first.hits);
  // Panning by one pixel is a new view: summarised again, about as much drawn.
  run.view.pan(1);
  const Drawn moved = canvas.frame(run.session, run.index, run.series, run.view);
  CHECK(moved.vertices > first.vertices / 2);
  CHECK(moved.vertices < first.vertices * 2);
  WARN("a still frame of the lane and the graph over 20,000 segments: " << per_frame_ms << " ms of CPU");
}
