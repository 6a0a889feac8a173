// The window lane's and the time-sequence graph's step lines (lane_path.h):
// what a value changing at instants becomes on screen, column by column.
#include <catch2/catch.hpp>

#include "imgui_app/lane_path.h"

using namespace tcplab::ui;

TEST_CASE("step path: a value changing at instants is runs joined by steps", "[ui][lane]") {
  StepPath p;
  p.add(10.2f, 50);
  p.add(20.7f, 30);
  p.add(40.0f, 30);  // no change: no step
  p.finish(60);
  const std::vector<PathPoint> want = {{10, 50}, {20, 50}, {20, 30}, {40, 30}, {60, 30}};
  CHECK(p.points() == want);
}

TEST_CASE("step path: changes within one pixel column become one stroke", "[ui][lane]") {
  StepPath p;
  p.add(5, 100);
  // Four changes in column 12: in at 90, down to 20, up to 95, out at 60.
  p.add(12.1f, 90);
  p.add(12.3f, 20);
  p.add(12.5f, 95);
  p.add(12.9f, 60);
  p.finish(30);
  const std::vector<PathPoint> want = {{5, 100}, {12, 100}, {12, 90}, {12, 20}, {12, 95}, {12, 60}, {30, 60}};
  CHECK(p.points() == want);
}

TEST_CASE("step path: a thousand changes in one column cost a handful of points", "[ui][lane]") {
  StepPath p;
  for (int i = 0; i < 1000; ++i) p.add(7.0f + static_cast<float>(i) / 2000, static_cast<float>(i % 37));
  p.finish(8);
  CHECK(p.points().size() <= 5);
  CHECK(p.points().front() == PathPoint{7, 0});
  CHECK(p.points().back() == PathPoint{8, static_cast<float>(999 % 37)});
}

TEST_CASE("nice ceiling: the top of a value axis", "[ui][lane]") {
  CHECK(nice_ceiling(0.3) == 1);
  CHECK(nice_ceiling(4380) == 5000);
  CHECK(nice_ceiling(5000) == 5000);
  CHECK(nice_ceiling(65535) == 100000);
  CHECK(nice_ceiling(12000) == 20000);
}
