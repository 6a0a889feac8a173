#include "sequence_graph.h"

#include <algorithm>
#include <cmath>
#include <string>

#include "core/wire/wire.h"
#include "lane_path.h"
#include "strings.h"
#include "theme.h"

namespace tcplab::ui {

// One frame's geometry: the plot, the visible span and the sequence range.
struct GraphFrame {
  ImDrawList* dl;
  ImVec2 p0, p1;
  float em, s;
  const TimeView& view;
  Instant t_lo, t_hi, now;
  double seq_lo = 0, seq_hi = 1;  // relative sequence numbers at the bottom and the top
  float top, bottom;
  float y_of(double seq) const {
    return bottom - static_cast<float>((seq - seq_lo) / (seq_hi - seq_lo)) * (bottom - top);
  }
  float x_of(Instant t) const { return view.x_of(t); }
};

namespace {

const ImU32 kAckColour = IM_COL32(22, 163, 74, 255);
const ImU32 kWindowColour = IM_COL32(147, 51, 234, 255);
const ImU32 kSackColour = IM_COL32(14, 165, 233, 255);

bool is_data(const LadderSeg& g, std::size_t sender) { return g.from == sender && g.payload > 0; }
// An ACK the sender received: the other side's, delivered.
bool is_ack_to(const LadderSeg& g, std::size_t sender) {
  return g.from != sender && g.from < 2 && g.seg.flags.has(kAck) && g.end == SegEnd::Delivered;
}
double rel_seq(const LadderSeg& g) { return static_cast<double>(g.seg.seq.value() - g.seq_base); }
double rel_ack(const LadderSeg& g) { return static_cast<double>(g.seg.ack.value() - g.ack_base); }

void draw_path(ImDrawList* dl, const std::vector<PathPoint>& pts, ImU32 colour, float thick) {
  if (pts.size() >= 2)
    dl->AddPolyline(reinterpret_cast<const ImVec2*>(pts.data()), static_cast<int>(pts.size()), colour, 0, thick);
}

std::string seq_text(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.0f", v);
  return buf;
}

}  // namespace

void SequenceGraph::draw(const PanelContext& c, const LadderIndex& index, const WindowSeries& series,
                         std::size_t sender, const TimeView& view, Instant now, ImVec2 p0, ImVec2 p1, bool clicked) {
  const float em = ImGui::GetFontSize();
  const auto instant = [](double us) { return Instant{std::chrono::microseconds(static_cast<std::int64_t>(us))}; };
  GraphFrame f{ImGui::GetWindowDrawList(), p0, p1, em, c.scale, view, instant(view.start_us), instant(view.end_us()),
               now, 0, 1, p0.y + em * 1.6f, p1.y - em * 1.6f};
  // Segment ids start over with a new world, and mean frame numbers in a capture.
  const std::uint64_t generation = c.session.shown_serial();
  if (generation != sack_generation_) {
    sacks_.clear();
    sack_generation_ = generation;
  }
  c.hits.push_back({"graph", p0, p1});
  const ViewKey key{generation, c.world().trace().size(), micros(f.now), view.start_us, view.us_per_px,
                    view.left, p0.x, p0.y, p1.x, p1.y, em, c.scale, sender, index.segments().size(),
                    look_key({theme().data, theme().loss, theme().held, static_cast<ImU32>(language())})};
  if (!(key == sum_.key)) {
    summarise(f, c, index, series, sender);
    sum_.key = key;
    GraphFrame r = f;
    r.dl = drawn_.record();
    draw_ack_lines(r);
    draw_bars(r);
  }
  f.seq_lo = sum_.seq_lo;
  f.seq_hi = sum_.seq_hi;
  f.dl->PushClipRect(p0, p1, true);
  draw_axes(f);
  if (sum_.empty) {
    f.dl->AddText(ImVec2(view.left, f.top), theme().muted, tr(Str::GraphEmpty));
  } else {
    drawn_.replay(f.dl);
    bar_hits(c, f);
    draw_selected(c, f);
    draw_legend(f);
  }
  f.dl->PopClipRect();
  const ImVec2 mouse = ImGui::GetIO().MousePos;
  const bool inside = mouse.x >= view.left && mouse.x < p1.x && mouse.y >= p0.y && mouse.y < p1.y;
  if (inside && clicked) pick(c, mouse);
  if (inside && ImGui::IsWindowHovered()) draw_hover(c, mouse);
}

// The visible data bars and ACKs, and the sequence range they span (the axis fits it).
void SequenceGraph::collect(GraphFrame& f, const LadderIndex& index, const SenderSeries* peer, std::size_t sender,
                            std::vector<const LadderSeg*>& acks) {
  std::vector<BarDraw>& bars = sum_.bars;
  bars.clear();
  auto [lo, hi] = index.visible(f.t_lo, f.t_hi);
  const auto& segs = index.segments();
  double seq_lo = 1e18, seq_hi = -1e18;
  for (std::size_t i = lo; i < hi; ++i) {
    const LadderSeg& g = segs[i];
    if (g.sent > f.now) break;
    if (is_data(g, sender) && g.sent >= f.t_lo) {
      seq_lo = std::min(seq_lo, rel_seq(g));
      seq_hi = std::max(seq_hi, rel_seq(g) + static_cast<double>(g.payload));
      bars.push_back({&g, 0, 0, 0});
    } else if (is_ack_to(g, sender) && g.arrival >= f.t_lo && g.arrival <= std::min(f.t_hi, f.now)) {
      seq_lo = std::min(seq_lo, rel_ack(g));
      // The window's edge belongs in view too (Stevens draws it above the data).
      const PeerWindow* pw = peer ? peer->peer_window_at(g.arrival) : nullptr;
      seq_hi = std::max(seq_hi, rel_ack(g) + (pw ? pw->window : g.window));
      acks.push_back(&g);
    }
  }
  if (seq_lo > seq_hi) return;
  const double pad = std::max(1.0, (seq_hi - seq_lo) * 0.06);
  f.seq_lo = std::max(0.0, seq_lo - pad);
  f.seq_hi = seq_hi + pad;
  for (BarDraw& b : bars) {
    b.x = f.x_of(b.seg->sent);
    b.y0 = f.y_of(rel_seq(*b.seg));
    b.y1 = f.y_of(rel_seq(*b.seg) + static_cast<double>(b.seg->payload));
  }
  // ACKs arrive in time order only per link: the lines need them sorted.
  std::sort(acks.begin(), acks.end(), [](const LadderSeg* a, const LadderSeg* b) { return a->arrival < b->arrival; });
}

// The view's range, bars and ACKs, then each folded per pixel column.
void SequenceGraph::summarise(GraphFrame& f, const PanelContext& c, const LadderIndex& index, const WindowSeries& series,
                              std::size_t sender) {
  std::vector<const LadderSeg*> acks;
  const SenderSeries* s = series.for_host(sender);
  collect(f, index, s, sender, acks);
  sum_.seq_lo = f.seq_lo;
  sum_.seq_hi = f.seq_hi;
  sum_.empty = sum_.bars.empty() && acks.empty();
  summarise_acks(f, c, s, acks);
  summarise_bars(f);
}

void SequenceGraph::draw_axes(const GraphFrame& f) const {
  const Theme& t = theme();
  f.dl->AddRectFilled(f.p0, f.p1, t.canvas);
  const double step = nice_ceiling((f.seq_hi - f.seq_lo) / 5);
  for (double v = std::ceil(f.seq_lo / step) * step; v <= f.seq_hi; v += step) {
    const float y = f.y_of(v);
    f.dl->AddLine(ImVec2(f.view.left, y), ImVec2(f.p1.x, y), t.tick, 1);
    f.dl->AddText(ImVec2(f.p0.x + f.em * 0.3f, y - f.em * 0.5f), t.muted, seq_text(v).c_str());
  }
  // Time along the bottom, as the ladder writes it.
  const double tick = tick_step_us(f.view.us_per_px, 90 * f.s);
  for (double tt = std::max(0.0, std::ceil(f.view.start_us / tick) * tick); tt <= f.view.end_us(); tt += tick) {
    const float x = f.view.x_of(tt);
    f.dl->AddLine(ImVec2(x, f.top), ImVec2(x, f.bottom), t.tick, 1);
    f.dl->AddText(ImVec2(x + 2 * f.s, f.p1.y - f.em * 1.15f), t.muted, tick_text(tt, tick).c_str());
  }
  const float x_now = f.x_of(f.now);
  f.dl->AddLine(ImVec2(x_now, f.p0.y), ImVec2(x_now, f.p1.y), t.now_line, 1.5f * f.s);
}

// The ACK line, the window's right edge above it (ACK + the window the
// sender learnt), and the SACK blocks ACKs carried as bars at the ACKs
// (those within one pixel column joined into one bar when they overlap).
void SequenceGraph::summarise_acks(const GraphFrame& f, const PanelContext& c, const SenderSeries* s,
                                   const std::vector<const LadderSeg*>& acks) {
  StepPath ack, edge;
  sum_.sacks.clear();
  for (const LadderSeg* g : acks) {
    const float x = f.x_of(g->arrival);
    ack.add(x, f.y_of(rel_ack(*g)));
    const PeerWindow* pw = s ? s->peer_window_at(g->arrival) : nullptr;
    edge.add(x, f.y_of(rel_ack(*g) + (pw ? pw->window : g->window)));
    for (const auto& [left, right] : sack_of(c, *g)) {
      const SackDraw d{std::floor(x), f.y_of(right), f.y_of(left)};
      SackDraw* last = sum_.sacks.empty() ? nullptr : &sum_.sacks.back();
      if (last && last->x == d.x && d.y0 <= last->y1 && d.y1 >= last->y0) {
        last->y0 = std::min(last->y0, d.y0);
        last->y1 = std::max(last->y1, d.y1);
      } else {
        sum_.sacks.push_back(d);
      }
    }
  }
  const float end = f.x_of(std::min(f.now, f.t_hi));
  ack.finish(end);
  edge.finish(end);
  sum_.ack = ack.points();
  sum_.edge = edge.points();
}

void SequenceGraph::draw_ack_lines(const GraphFrame& f) const {
  const float half = f.em * 0.25f;
  for (const SackDraw& d : sum_.sacks)
    f.dl->AddRectFilled(ImVec2(d.x - half * 0.5f, d.y0), ImVec2(d.x + half * 0.5f, d.y1), kSackColour);
  draw_path(f.dl, sum_.edge, kWindowColour, 1.3f * f.s);
  draw_path(f.dl, sum_.ack, kAckColour, 1.8f * f.s);
}

// Plain bars fold into one stroke per pixel column; retransmissions,
// duplicates and losses are drawn one by one (one per kind and column).
void SequenceGraph::summarise_bars(const GraphFrame& f) {
  sum_.columns.clear();
  sum_.notable.clear();
  float last_notable_x = -1e9f;
  const LadderSeg* last_notable = nullptr;
  for (std::size_t i = 0; i < sum_.bars.size(); ++i) {
    const BarDraw& b = sum_.bars[i];
    const LadderSeg& g = *b.seg;
    if (g.retransmission || g.duplicate || g.end != SegEnd::Delivered) {
      const bool same_kind = last_notable && last_notable->retransmission == g.retransmission &&
                             last_notable->duplicate == g.duplicate && last_notable->end == g.end;
      if (same_kind && std::floor(b.x) == last_notable_x) continue;
      sum_.notable.push_back(i);
      last_notable = &g;
      last_notable_x = std::floor(b.x);
      continue;
    }
    const float col = std::floor(b.x);
    if (!sum_.columns.empty() && sum_.columns.back().x == col) {
      ColumnDraw& c = sum_.columns.back();
      c.y0 = std::max(c.y0, b.y0);
      c.y1 = std::min(c.y1, b.y1);
    } else {
      sum_.columns.push_back({col, b.y0, b.y1, g.id});
    }
  }
}

void SequenceGraph::draw_bars(const GraphFrame& f) const {
  const Theme& t = theme();
  const float tick = f.em * 0.2f;
  for (const ColumnDraw& col : sum_.columns) {
    f.dl->AddLine(ImVec2(col.x, col.y0), ImVec2(col.x, col.y1), t.data, 1.5f * f.s);
    f.dl->AddLine(ImVec2(col.x - tick, col.y1), ImVec2(col.x + tick, col.y1), t.data, 1.2f * f.s);
  }
  for (std::size_t i : sum_.notable) draw_bar(f, sum_.bars[i]);
}

// Named places to click (tests, tools): the first columns' first segments
// and the notable bars, a few hundred of each.
void SequenceGraph::bar_hits(const PanelContext& c, const GraphFrame& f) const {
  const auto hit = [&](std::uint32_t id, float x, float y0, float y1) {
    c.hits.push_back({"graph.segment:" + std::to_string(id), ImVec2(x - 2 * f.s, (y0 + y1) / 2 - 2 * f.s),
                      ImVec2(x + 2 * f.s, (y0 + y1) / 2 + 2 * f.s)});
  };
  for (std::size_t i = 0; i < sum_.columns.size() && i < 400; ++i)
    hit(sum_.columns[i].first, sum_.columns[i].x, sum_.columns[i].y0, sum_.columns[i].y1);
  for (std::size_t i = 0; i < sum_.notable.size() && i < 400; ++i) {
    const BarDraw& b = sum_.bars[sum_.notable[i]];
    hit(b.seg->id, b.x, b.y0, b.y1);
  }
}

// The selected segment on top, wherever it is.
void SequenceGraph::draw_selected(const PanelContext& c, const GraphFrame& f) const {
  if (!c.selected_segment) return;
  const std::uint32_t id = *c.selected_segment;
  const auto it = std::lower_bound(sum_.bars.begin(), sum_.bars.end(), id,
                                   [](const BarDraw& b, std::uint32_t v) { return b.seg->id < v; });
  if (it == sum_.bars.end() || it->seg->id != id) return;
  f.dl->AddLine(ImVec2(it->x, it->y0), ImVec2(it->x, it->y1), theme().selection_glow, 7 * f.s);
  draw_bar(f, *it);
}

// One bar as it is: its colour by kind, the tick at its top, a cross where it was lost.
void SequenceGraph::draw_bar(const GraphFrame& f, const BarDraw& b) const {
  const Theme& t = theme();
  const LadderSeg& g = *b.seg;
  const ImU32 colour = g.retransmission ? t.loss : g.duplicate ? t.held : t.data;
  const float tick = f.em * 0.2f;
  f.dl->AddLine(ImVec2(b.x, b.y0), ImVec2(b.x, b.y1), colour, 1.5f * f.s);
  f.dl->AddLine(ImVec2(b.x - tick, b.y1), ImVec2(b.x + tick, b.y1), colour, 1.2f * f.s);
  if (g.retransmission) f.dl->AddText(ImVec2(b.x + 2 * f.s, b.y1 - f.em), colour, tr(Str::GraphRetransmissionMark));
  if (g.end == SegEnd::Lost || g.end == SegEnd::Dropped) {
    const float r = f.em * 0.25f, ym = (b.y0 + b.y1) / 2;
    f.dl->AddLine(ImVec2(b.x - r, ym - r), ImVec2(b.x + r, ym + r), t.loss, 2 * f.s);
    f.dl->AddLine(ImVec2(b.x - r, ym + r), ImVec2(b.x + r, ym - r), t.loss, 2 * f.s);
  }
}

void SequenceGraph::draw_legend(const GraphFrame& f) const {
  float x = f.view.left + f.em * 0.5f;
  const std::pair<Str, ImU32> items[] = {{Str::GraphAck, kAckColour},
                                         {Str::GraphWindow, kWindowColour},
                                         {Str::GraphSack, kSackColour},
                                         {Str::GraphRetransmission, theme().loss},
                                         {Str::GraphDuplicate, theme().held}};
  for (const auto& [name, colour] : items) {
    const char* text = tr(name);
    const float w = ImGui::CalcTextSize(text).x;
    const float y = f.p0.y + f.em * 0.3f;
    f.dl->AddRectFilled(ImVec2(x - 2, y), ImVec2(x + w + 2, y + f.em), theme().label_backdrop, 2);
    f.dl->AddText(ImVec2(x, y), colour, text);
    x += w + f.em * 0.8f;
  }
}

// The bar nearest the pointer, within `reach` pixels (anywhere along a bar counts as on it).
const SequenceGraph::BarDraw* SequenceGraph::nearest(ImVec2 mouse, float reach) const {
  const BarDraw* best = nullptr;
  // The bars are in time order, so in x order: only those within reach across.
  auto it = std::lower_bound(sum_.bars.begin(), sum_.bars.end(), mouse.x - reach,
                             [](const BarDraw& b, float x) { return b.x < x; });
  for (; it != sum_.bars.end() && it->x <= mouse.x + reach; ++it) {
    const BarDraw& b = *it;
    const float dy = mouse.y < b.y1 ? b.y1 - mouse.y : mouse.y > b.y0 ? mouse.y - b.y0 : 0;
    const float d = std::abs(mouse.x - b.x) + dy;
    if (d < reach) {
      reach = d;
      best = &b;
    }
  }
  return best;
}

// A click selects the nearest bar.
void SequenceGraph::pick(const PanelContext& c, ImVec2 mouse) const {
  if (const BarDraw* b = nearest(mouse, 6 * c.scale)) c.selected_segment = b->seg->id;
}

// Hovering a bar names its segment, its octets and when it was sent.
void SequenceGraph::draw_hover(const PanelContext& c, ImVec2 mouse) const {
  const BarDraw* b = nearest(mouse, 6 * c.scale);
  if (!b) return;
  const LadderSeg& g = *b->seg;
  char when[32];
  std::snprintf(when, sizeof when, "%.6f", static_cast<double>(micros(g.sent)) / 1e6);
  const double lo = rel_seq(g);
  ImGui::SetTooltip("%s", fill(Str::GraphSegment, {std::to_string(g.id), seq_text(lo),
                                                   seq_text(lo + static_cast<double>(g.payload)), when})
                              .c_str());
}

namespace {

// The options of the segment behind a ladder entry: a capture's packet as
// read, or a world's segment decoded from the bytes it sent.
std::optional<TcpOptions> options_of(const PanelContext& c, const LadderSeg& g) {
  if (const Replay* r = c.session.capture().replay())
    return g.trace_index < r->packets.size() ? std::optional(r->packets[g.trace_index].tcp.seg.options) : std::nullopt;
  const World& w = c.world();
  if (g.trace_index >= w.trace().size()) return std::nullopt;
  const TraceRecord record = w.trace()[g.trace_index];  // the packed trace hands records out by value
  const auto* rec = std::get_if<SegmentSentRecord>(&record.data);
  if (!rec || rec->bytes.empty()) return std::nullopt;
  const auto seg = decode(rec->bytes);
  if (!seg) return std::nullopt;
  return seg.value().options;
}

}  // namespace

const std::vector<std::pair<std::uint32_t, std::uint32_t>>& SequenceGraph::sack_of(const PanelContext& c,
                                                                                   const LadderSeg& g) {
  auto [it, fresh] = sacks_.try_emplace(g.id);
  if (!fresh) return it->second;
  if (const auto options = options_of(c, g))
    for (const SackBlock& b : options->sack_blocks)
      it->second.push_back({b.left.value() - g.ack_base, b.right.value() - g.ack_base});
  return it->second;
}

}  // namespace tcplab::ui
