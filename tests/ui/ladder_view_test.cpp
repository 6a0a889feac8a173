// The ladder's arithmetic: where the view goes by itself (following the
// clock, a lesson's story, zooming while following) and where its pieces go
// (bursts fanned apart and counted, labels that never overprint or run past
// an edge).
#include <catch2/catch.hpp>

#include "imgui_app/ladder_layout.h"
#include "imgui_app/time_view.h"

using namespace tcplab::ui;

namespace {

TimeView view_of(float width, double us_per_px, double start_us = 0) {
  TimeView v;
  v.left = 50;
  v.width = width;
  v.us_per_px = us_per_px;
  v.start_us = start_us;
  return v;
}

}  // namespace

TEST_CASE("ladder view: following the clock never opens on time before zero") {
  TimeView v = view_of(1000, 5000);  // 5 s across
  SECTION("early on, t = 0 sits a small margin from the left edge") {
    v.follow(1e6);
    CHECK(v.start_us == Approx(-0.03 * 5e6));
    CHECK(v.x_of(1e6) < v.left + 0.8f * v.width);
  }
  SECTION("later, now sits at 80% of the width") {
    v.follow(20e6);
    CHECK(v.x_of(20e6) == Approx(v.left + 800));
  }
}

TEST_CASE("ladder view: a lesson's story grows from t = 0 and ends fitted whole") {
  TimeView v = view_of(1000, 200);  // 200 ms across: twenty trips of a 10 ms link
  SECTION("while the story is short the zoom stays as it opened") {
    v.grow(0, 30e3, 200);
    CHECK(v.us_per_px == Approx(200));
    CHECK(v.x_of(0.0) > v.left);
  }
  SECTION("a lost SYN's backoff at 3 s: zoomed out so t = 0 and now are both in view") {
    v.grow(0, 3e6, 200);
    CHECK(v.x_of(0.0) >= v.left);
    CHECK(v.x_of(3e6) <= v.left + 0.8f * v.width + 0.5f);
  }
  SECTION("fit shows the span with a margin either side") {
    v.fit(0, 3.03e6);
    CHECK(v.x_of(0.0) == Approx(v.left + 30));
    CHECK(v.x_of(3.03e6) == Approx(v.left + 970));
  }
}

TEST_CASE("ladder view: zooming in while following keeps the last segment in view") {
  TimeView v = view_of(1000, 5000);
  const double now = 4e6, last_sent = 1e6;
  v.follow(now);
  for (int notch = 0; notch < 20; ++notch) v.zoom_following(0.85, now, last_sent);
  CHECK(v.x_of(last_sent) >= v.left);
  CHECK(v.x_of(now) == Approx(v.left + 800));
  CHECK(v.us_per_px < 5000);  // it did zoom in, as far as it could
  SECTION("zooming out is never held back") {
    const double before = v.us_per_px;
    v.zoom_following(1 / 0.85, now, last_sent);
    CHECK(v.us_per_px == Approx(before / 0.85));
  }
}

TEST_CASE("ladder layout: segments sent at the same instant form a burst, counted") {
  // Six duplicate ACKs from the server at 40 ms, the client's segments interleaved.
  std::vector<BurstKey> keys = {{0, 10'000}, {1, 40'000}, {1, 40'000}, {0, 40'000}, {1, 40'000},
                                {1, 40'000}, {1, 40'000}, {1, 40'000}, {0, 50'000}};
  const auto slots = burst_slots(keys);
  REQUIRE(slots.size() == keys.size());
  CHECK(slots[0].size == 1);
  CHECK(slots[1].index == 0);
  CHECK(slots[1].size == 6);
  CHECK(slots[7].index == 5);
  CHECK(slots[7].size == 6);
  CHECK(slots[3].index == 0);  // the client's own segment at 40 ms is not part of the server's burst
  CHECK(slots[3].size == 1);
  CHECK(slots[8].size == 1);
}

TEST_CASE("ladder layout: labels never overlap nor run past the edges") {
  LabelPlacer p(100, 0, 500, 100, 12);
  SECTION("a label that would run past the right edge is pulled back inside") {
    const auto box = p.place(450, 50, 120, 10);
    REQUIRE(box);
    CHECK(box->x1 <= 500);
    CHECK(box->x0 == Approx(380));
  }
  SECTION("one that would start left of the lane starts at its edge") {
    const auto box = p.place(60, 50, 50, 10);
    REQUIRE(box);
    CHECK(box->x0 == Approx(100));
  }
  SECTION("labels at the same place go to free lines, then are left out") {
    std::vector<LabelBox> boxes;
    for (int i = 0; i < 7; ++i)
      if (auto b = p.place(200, 50, 80, 10)) boxes.push_back(*b);
    CHECK(boxes.size() == 5);
    for (std::size_t i = 0; i < boxes.size(); ++i)
      for (std::size_t j = i + 1; j < boxes.size(); ++j) CHECK(!boxes[i].overlaps(boxes[j]));
  }
  SECTION("a label wider than the lane is not drawn at all") { CHECK(!p.place(100, 50, 401, 10)); }
}

TEST_CASE("ladder layout: a state's name stays inside the panel and off the previous name") {
  SECTION("ESTABLISHED at the right edge moves back in whole") {
    const auto x = state_label_x(590, 90, -1e9f, 600, 4);
    REQUIRE(x);
    CHECK(*x + 90 <= 600);
  }
  SECTION("a second name at the same instant steps aside") {
    const auto x = state_label_x(100, 60, 180, 600, 4);
    REQUIRE(x);
    CHECK(*x == Approx(184));
  }
  SECTION("no room between the previous name and the edge: left out") { CHECK(!state_label_x(550, 90, 540, 600, 4)); }
}

TEST_CASE("ladder layout: names of state changes at the same moment take a second row") {
  StateLabelRows rows;
  // SYN-RECEIVED at 3.01 s and ESTABLISHED at 3.03 s, a few pixels apart, near the right edge.
  const auto first = rows.place(560, 100, 600, 4);
  const auto second = rows.place(566, 90, 600, 4);
  REQUIRE(first);
  REQUIRE(second);
  CHECK(first->row == 0);
  CHECK(second->row == 1);
  CHECK(second->x + 90 <= 600);
  CHECK(!rows.place(570, 90, 600, 4));  // a third has no room on either row
}

TEST_CASE("ladder layout: a label tries each place offered before moving a line") {
  LabelPlacer p(0, 0, 400, 100, 12);
  p.block({100, 40, 200, 60});  // a box of the diagram
  const auto box = p.place_any({150, 90, 205}, 50, 40, 10);
  REQUIRE(box);
  CHECK(box->x0 == Approx(205));  // the first free place on the edge's own line
  CHECK(box->y0 == Approx(45));
}
