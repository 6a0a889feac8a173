// Where the panels go for the panels and layout a page asks for (URL
// parameters "panels" and "layout"): imgui_app/layout.h.
#include <catch2/catch.hpp>

#include <algorithm>

#include "imgui_app/layout.h"

using namespace tcplab;
using namespace tcplab::ui;

namespace {

PanelSet only(std::initializer_list<PanelId> ids) {
  PanelSet s{};
  for (PanelId id : ids) s[static_cast<std::size_t>(id)] = true;
  return s;
}

const PanelRect* find(const std::vector<PanelRect>& rs, PanelId id) {
  auto it = std::find_if(rs.begin(), rs.end(), [&](const PanelRect& r) { return r.id == id; });
  return it == rs.end() ? nullptr : &*it;
}

// The rectangles tile the area under the time bar: no overlap, nothing left over.
void check_tiles(const LayoutInput& in, const std::vector<PanelRect>& rs) {
  float area = 0;
  for (const PanelRect& r : rs) {
    CHECK(r.x >= 0);
    CHECK(r.y >= in.top);
    CHECK(r.x + r.w <= in.width + 0.01f);
    CHECK(r.y + r.h <= in.height + 0.01f);
    area += r.w * r.h;
  }
  CHECK(area == Approx(in.width * (in.height - in.top)));
}

}  // namespace

TEST_CASE("layout: every panel in three columns, as the lab always had") {
  const LayoutInput in{1280, 720, 40, 1};
  const auto rs = layout_panels(in);
  REQUIRE(rs.size() == 6);
  for (std::size_t i = 0; i < 6; ++i) CHECK(rs[i].id == kAllPanels[i]);  // reading order
  check_tiles(in, rs);
  CHECK(find(rs, PanelId::Controls)->w == Approx(1280 * 0.24));  // over its 300 px minimum
  CHECK(find(rs, PanelId::Ladder)->x == find(rs, PanelId::StateMachines)->x);
  CHECK(find(rs, PanelId::Narration)->x + find(rs, PanelId::Narration)->w == 1280);
  CHECK_FALSE(use_tabs(in));
  CHECK(use_tabs({819, 720, 40, 1}));
  CHECK(use_tabs({1600, 720, 40, 2}));  // 800 CSS pixels on a 2x display
  // The side columns keep 300 and 290 CSS pixels: the state machines need 320 between them.
  CHECK(use_tabs({900, 720, 40, 1}));
  CHECK_FALSE(use_tabs({910, 720, 40, 1}));
  CHECK_FALSE(use_tabs({1820, 720, 40, 2}));
}

TEST_CASE("layout: hidden panels leave the layout and the others share the space") {
  SECTION("panels=fsm,ladder: the centre column takes the whole width") {
    const LayoutInput in{1280, 720, 40, 1, only({PanelId::StateMachines, PanelId::Ladder})};
    const auto rs = layout_panels(in);
    REQUIRE(rs.size() == 2);
    CHECK(rs[0].id == PanelId::StateMachines);
    CHECK(rs[0].w == 1280);
    CHECK(rs[0].h == Approx(680 * 0.55f));
    CHECK(rs[1].y == Approx(40 + 680 * 0.55f));
    check_tiles(in, rs);
    CHECK_FALSE(use_tabs({500, 400, 40, 1, in.panels}));  // one column never turns into tabs
  }
  SECTION("one panel of a column takes the column's whole height") {
    const LayoutInput in{1280, 720, 40, 1, only({PanelId::Controls, PanelId::StateMachines, PanelId::Ladder, PanelId::Narration})};
    const auto rs = layout_panels(in);
    REQUIRE(rs.size() == 4);
    CHECK(find(rs, PanelId::Controls)->h == 680);
    CHECK(find(rs, PanelId::Narration)->h == 680);
    CHECK(find(rs, PanelId::Narration)->y == 40);
    check_tiles(in, rs);
  }
  SECTION("without the centre column the side columns share the width") {
    const LayoutInput in{1000, 600, 30, 1, only({PanelId::Controls, PanelId::Inspector})};
    const auto rs = layout_panels(in);
    REQUIRE(rs.size() == 2);
    CHECK(rs[0].w == Approx(1000 * 0.24f / 0.52f));
    CHECK(rs[1].x == rs[0].w);
    check_tiles(in, rs);
    CHECK(use_tabs({540, 600, 30, 1, in.panels}));  // two columns need 547 CSS pixels
    CHECK_FALSE(use_tabs({560, 600, 30, 1, in.panels}));
  }
  SECTION("nothing shown: nothing laid out") {
    CHECK(layout_panels({1280, 720, 40, 1, PanelSet{}}).empty());
  }
}

TEST_CASE("layout: the compact layout keeps a 700x450 iframe in columns") {
  const PanelSet embed = only({PanelId::StateMachines, PanelId::Ladder, PanelId::Narration});
  const LayoutInput in{700, 450, 26, 1, embed, true};
  CHECK_FALSE(use_tabs(in));
  CHECK(use_tabs({700, 450, 26, 1, embed, false}) == false);  // two columns fit the full layout too
  const auto rs = layout_panels(in);
  REQUIRE(rs.size() == 3);
  CHECK(find(rs, PanelId::Narration)->w == 220);  // the compact side minimum
  CHECK(find(rs, PanelId::StateMachines)->w == 480);
  check_tiles(in, rs);
  CHECK(use_tabs({390, 450, 26, 1, embed, true}));
  // 480 px: the narration keeps 220, and 260 is too narrow for the two state machines.
  CHECK(use_tabs({480, 400, 26, 1, embed, true}));
  CHECK_FALSE(use_tabs({540, 400, 26, 1, embed, true}));
  const PanelSet every{true, true, true, true, true, true};
  const auto all = layout_panels({800, 450, 26, 1, every, true});
  CHECK(all.size() == 6);
  CHECK_FALSE(use_tabs({800, 450, 26, 1, every, true}));
  CHECK(use_tabs({700, 450, 26, 1, every, true}));  // the centre would keep 250 of 700
}
