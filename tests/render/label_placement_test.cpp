#include <coopatlas/render/label_placement.hpp>

#include <gtest/gtest.h>

#include <algorithm>
#include <ostream>
#include <cmath>
#include <random>
#include <set>
#include <string>
#include <tuple>

// The policy by name in test names, listings and failure messages (gtest prints each
// element of a tuple parameter through PrintTo, found by ADL in the enum's namespace).
namespace coopatlas::render {
static const char* policy_name(anchor_avoidance a) {
    switch (a) {
    case anchor_avoidance::all:
        return "all";
    case anchor_avoidance::higher_priority:
        return "higher_priority";
    case anchor_avoidance::none:
        return "none";
    }
    return "?";
}
[[maybe_unused]] static void PrintTo(anchor_avoidance a, std::ostream* os) {
    *os << policy_name(a);
}
} // namespace coopatlas::render

namespace {

using coopatlas::geometry::box;
using coopatlas::geometry::point;
using namespace coopatlas::render;

// Independent checks, written out here rather than borrowed from the implementation.
bool interiors_overlap(const box& a, const box& b) {
    return a.min_x < b.max_x && b.min_x < a.max_x && a.min_y < b.max_y && b.min_y < a.max_y;
}
bool within(const box& a, const box& frame) {
    return a.min_x >= frame.min_x && a.max_x <= frame.max_x && a.min_y >= frame.min_y && a.max_y <= frame.max_y;
}
// Closest point of the box to the centre, then distance: < r means the open disc meets the box.
bool disc_meets(const point& c, double r, const box& b) {
    const double x = std::clamp(c.x, b.min_x, b.max_x), y = std::clamp(c.y, b.min_y, b.max_y);
    return std::hypot(x - c.x, y - c.y) < r - 1e-9;
}

label_request point_label(point anchor, double w, double h, double clearance = 0, double priority = 0) {
    label_request r;
    r.id = "p";
    r.text = "x";
    r.extent = {w, h};
    r.anchor = anchor;
    r.clearance = clearance;
    r.priority = priority;
    return r;
}

const box big_frame{0, 0, 1000, 1000};

TEST(label_placement, first_imhof_choice_when_free) {
    // clearance 5: the corner positions sit 5·cos45° = 3.5355339 off each axis
    const auto layout = place_labels({point_label({100, 100}, 40, 10, 5)}, big_frame);
    ASSERT_EQ(layout.placed.size(), 1u);
    EXPECT_TRUE(layout.dropped.empty());
    const auto& p = layout.placed[0];
    EXPECT_EQ(p.index, 0u);
    EXPECT_EQ(p.position, 0);
    EXPECT_STREQ(imhof_position_name(p.position), "upper right");
    EXPECT_NEAR(p.origin.x, 103.5355339, 1e-6);
    EXPECT_NEAR(p.origin.y, 100 - 3.5355339 - 10, 1e-6);
    EXPECT_NEAR(p.bounds.min_x, 103.5355339, 1e-6);
    EXPECT_NEAR(p.bounds.max_x, 143.5355339, 1e-6);
    EXPECT_NEAR(p.bounds.max_y, 96.4644661, 1e-6);
}

// The k-th Imhof position is taken when obstacles cover the k before it. Candidate centres
// for anchor (100,100), label 40×10, clearance 4 (d = 4·cos45° = 2.828427), by hand:
//   0 upper right (122.83, 92.17)   1 lower right (122.83, 107.83)
//   2 upper left  (77.17, 92.17)    3 lower left  (77.17, 107.83)
//   4 right       (124, 100)        5 left        (76, 100)
//   6 top         (100, 91)         7 bottom      (100, 109)
TEST(label_placement, imhof_order_when_positions_are_taken) {
    const point centres[8] = {{122.83, 92.17}, {122.83, 107.83}, {77.17, 92.17}, {77.17, 107.83},
                              {124, 100},      {76, 100},        {100, 91},      {100, 109}};
    const char* names[8] = {"upper right", "lower right", "upper left", "lower left", "right", "left", "top", "bottom"};
    for (int k = 0; k < 8; ++k) {
        std::vector<box> obstacles;
        // a 1×1 obstacle at the centre of each earlier candidate blocks it; none of them
        // touches the k-th box (checked below), so only the order decides
        for (int j = 0; j < k; ++j)
            obstacles.push_back({centres[j].x - 0.5, centres[j].y - 0.5, centres[j].x + 0.5, centres[j].y + 0.5});
        const auto layout = place_labels({point_label({100, 100}, 40, 10, 4)}, big_frame, obstacles);
        ASSERT_EQ(layout.placed.size(), 1u) << k;
        EXPECT_EQ(layout.placed[0].position, k);
        EXPECT_STREQ(imhof_position_name(layout.placed[0].position), names[k]);
        EXPECT_NEAR(layout.placed[0].bounds.center().x, centres[k].x, 0.01);
        EXPECT_NEAR(layout.placed[0].bounds.center().y, centres[k].y, 0.01);
    }
}

TEST(label_placement, obstacles_everywhere_drop_the_label) {
    // an obstacle ring around the anchor: every candidate meets it
    const std::vector<box> obstacles{{40, 40, 160, 99}, {40, 101, 160, 160}, {40, 99, 99, 101}, {101, 99, 160, 101}};
    const auto layout = place_labels({point_label({100, 100}, 20, 8, 2)}, big_frame, obstacles);
    EXPECT_TRUE(layout.placed.empty());
    ASSERT_EQ(layout.dropped.size(), 1u);
    EXPECT_EQ(layout.dropped[0], 0u);
}

TEST(label_placement, frame_edge_moves_the_label_inside) {
    // 990 + 30 > 1000: no right-hand position fits, upper left (rank 2) is the first that does
    const auto layout = place_labels({point_label({990, 500}, 30, 10)}, big_frame);
    ASSERT_EQ(layout.placed.size(), 1u);
    EXPECT_EQ(layout.placed[0].position, 2);
    EXPECT_DOUBLE_EQ(layout.placed[0].bounds.max_x, 990);
    EXPECT_DOUBLE_EQ(layout.placed[0].bounds.max_y, 500);
    // a label larger than the frame is dropped, never clipped
    const auto too_big = place_labels({point_label({500, 500}, 1200, 10)}, big_frame);
    EXPECT_TRUE(too_big.placed.empty());
    EXPECT_EQ(too_big.dropped.size(), 1u);
}

// Frame [50,5]-[90,15] holds exactly one 40×10 box: the upper-right one of anchor (50,15).
TEST(label_placement, higher_priority_wins_a_contested_spot) {
    const box frame{50, 5, 90, 15};
    {
        const auto layout = place_labels({point_label({50, 15}, 40, 10, 0, 1), point_label({50, 15}, 40, 10, 0, 10)}, frame);
        ASSERT_EQ(layout.placed.size(), 1u);
        EXPECT_EQ(layout.placed[0].index, 1u);
        EXPECT_EQ(layout.dropped, std::vector<std::size_t>{0});
    }
    {
        const auto layout = place_labels({point_label({50, 15}, 40, 10, 0, 10), point_label({50, 15}, 40, 10, 0, 1)}, frame);
        ASSERT_EQ(layout.placed.size(), 1u);
        EXPECT_EQ(layout.placed[0].index, 0u);
    }
    {   // tie: input order decides
        const auto layout = place_labels({point_label({50, 15}, 40, 10, 0, 5), point_label({50, 15}, 40, 10, 0, 5)}, frame);
        ASSERT_EQ(layout.placed.size(), 1u);
        EXPECT_EQ(layout.placed[0].index, 0u);
    }
}

// B's symbol (disc of radius 3 at (110,95)) lies in A's upper-right box (x 100..140, y 90..100);
// the lower-right box (y 100..110) is 5 away from B's centre.
TEST(label_placement, labels_keep_off_symbols) {
    const std::vector<label_request> requests{point_label({100, 100}, 40, 10, 0, 10),
                                              point_label({110, 95}, 10, 4, 3, 1)};
    // default: no label covers a symbol, even that of a less important feature
    const auto by_default = place_labels(requests, big_frame);
    ASSERT_EQ(by_default.placed.size(), 2u);
    EXPECT_EQ(by_default.placed[0].index, 0u);
    EXPECT_EQ(by_default.placed[0].position, 1);
    EXPECT_FALSE(disc_meets({110, 95}, 3, by_default.placed[0].bounds));

    // higher_priority: A outranks B, so A keeps its first choice over B's symbol
    label_options higher;
    higher.avoid_anchors = anchor_avoidance::higher_priority;
    const auto only_higher = place_labels(requests, big_frame, {}, higher);
    ASSERT_FALSE(only_higher.placed.empty());
    EXPECT_EQ(only_higher.placed[0].index, 0u);
    EXPECT_EQ(only_higher.placed[0].position, 0);

    // …but a lower-priority label never covers the symbol of a higher-priority one, even
    // when that one's own label is dropped (here: wider than the frame)
    const std::vector<label_request> swapped{point_label({100, 100}, 40, 10, 0, 1),
                                             point_label({110, 95}, 2000, 4, 3, 10)};
    for (const auto& options : {label_options{}, higher}) {
        const auto layout = place_labels(swapped, big_frame, {}, options);
        ASSERT_EQ(layout.placed.size(), 1u);
        EXPECT_EQ(layout.placed[0].index, 0u);
        EXPECT_EQ(layout.placed[0].position, 1);
        EXPECT_EQ(layout.dropped, std::vector<std::size_t>{1});
    }

    label_options none;
    none.avoid_anchors = anchor_avoidance::none;
    const auto ignore = place_labels(swapped, big_frame, {}, none);
    ASSERT_EQ(ignore.placed.size(), 1u);
    EXPECT_EQ(ignore.placed[0].position, 0);  // symbols are no obstacle at all
}

TEST(label_placement, overlapping_symbols) {
    // B has a disc of radius 10 at (103,100) that covers A's anchor (100,100), so every
    // candidate of A meets it; B's own label is wider than the frame and dropped.
    const auto a = point_label({100, 100}, 40, 10, 0, 1);
    auto b = point_label({103, 100}, 2000, 4, 10, 10);
    // B more important: its symbol is never covered, A is dropped
    const auto b_first = place_labels({a, b}, big_frame);
    EXPECT_TRUE(b_first.placed.empty());
    EXPECT_EQ(b_first.dropped, (std::vector<std::size_t>{0, 1}));

    // B less important: B's symbol already overlaps A's anchor, so it does not bar A
    b.priority = 0;
    const auto a_first = place_labels({a, b}, big_frame);
    ASSERT_EQ(a_first.placed.size(), 1u);
    EXPECT_EQ(a_first.placed[0].index, 0u);
    EXPECT_EQ(a_first.placed[0].position, 0);

    // control: a less important disc at (112,100) does not cover A's anchor, so it bars
    // the two right-hand boxes (they reach (112,100)); the upper left (x 60..100) is 12
    // away from it
    auto c = point_label({112, 100}, 2000, 1, 10, 0);
    const auto control = place_labels({a, c}, big_frame);
    ASSERT_EQ(control.placed.size(), 1u);
    EXPECT_EQ(control.placed[0].index, 0u);
    EXPECT_EQ(control.placed[0].position, 2);
}

TEST(label_placement, polygon_labels_are_centred_then_shifted_slightly) {
    label_request r = point_label({200, 100}, 60, 12);
    r.polygon = true;
    const auto centred = place_labels({r}, big_frame);
    ASSERT_EQ(centred.placed.size(), 1u);
    EXPECT_EQ(centred.placed[0].position, -1);
    EXPECT_STREQ(imhof_position_name(-1), "centre");
    EXPECT_DOUBLE_EQ(centred.placed[0].origin.x, 170);  // 200 − 60/2
    EXPECT_DOUBLE_EQ(centred.placed[0].origin.y, 94);   // 100 − 12/2

    // an obstacle just above the centre (y 96..98): the box moved up by half its height
    // (y 88..100) still meets it, moved down (y 100..112) it is free
    const box obstacle{199, 96, 201, 98};
    const auto shifted = place_labels({r}, big_frame, {obstacle});
    ASSERT_EQ(shifted.placed.size(), 1u);
    EXPECT_EQ(shifted.placed[0].position, -1);
    EXPECT_DOUBLE_EQ(shifted.placed[0].origin.x, 170);
    EXPECT_DOUBLE_EQ(shifted.placed[0].origin.y, 100);
    EXPECT_FALSE(interiors_overlap(shifted.placed[0].bounds, obstacle));

    label_options centred_only;
    centred_only.polygon_shift = 0;
    EXPECT_TRUE(place_labels({r}, big_frame, {obstacle}, centred_only).placed.empty());
}

TEST(label_placement, invalid_requests_and_empty_frames_are_dropped) {
    label_request bad = point_label({std::nan(""), 10}, 10, 10);
    const auto layout = place_labels({bad, point_label({10, 10}, 5, 5)}, big_frame);
    EXPECT_EQ(layout.dropped, std::vector<std::size_t>{0});
    ASSERT_EQ(layout.placed.size(), 1u);
    EXPECT_EQ(layout.placed[0].index, 1u);

    const auto none = place_labels({point_label({10, 10}, 5, 5), point_label({20, 20}, 5, 5)}, box{});
    EXPECT_TRUE(none.placed.empty());
    EXPECT_EQ(none.dropped, (std::vector<std::size_t>{0, 1}));
}

// Property test over dense random inputs (fixed seeds): whatever is placed never overlaps,
// stays in the frame, keeps off obstacles and symbols; whatever is dropped had no free
// candidate left; placed + dropped = requests; the layout is deterministic.
class dense_layout : public ::testing::TestWithParam<std::tuple<unsigned, anchor_avoidance>> {};

TEST_P(dense_layout, never_overlaps_and_drops_only_when_blocked) {
    const auto [seed, policy] = GetParam();
    std::mt19937 rng(seed);
    std::uniform_real_distribution<double> x(-50, 1250), y(-50, 850), w(15, 140), h(8, 18), c(0, 8), pr(0, 1e6);
    const box frame{0, 0, 1200, 800};
    std::vector<label_request> requests;
    for (int i = 0; i < 2500; ++i) {
        label_request r = point_label({x(rng), y(rng)}, w(rng), h(rng), c(rng), std::floor(pr(rng) / 1000));
        r.polygon = i % 10 == 0;
        if (r.polygon) r.clearance = 0;
        requests.push_back(r);
    }
    std::vector<box> obstacles{{0, 700, 300, 800}, {900, 0, 1200, 60}, {500, 380, 560, 420}};

    label_options options;
    options.avoid_anchors = policy;
    const auto layout = place_labels(requests, frame, obstacles, options);

    // the symbol rule, restated: j's disc bars i's label when j ranks before i; with `all`
    // also when j ranks after i, unless j's disc already covers i's anchor; never with `none`
    auto ranks_before = [&](std::size_t j, std::size_t i) {
        return requests[j].priority > requests[i].priority || (requests[j].priority == requests[i].priority && j < i);
    };
    auto bars = [&](std::size_t j, std::size_t i, const box& b, double slack) {
        const auto& q = requests[j];
        if (j == i || !(q.clearance > 0) || policy == anchor_avoidance::none) return false;
        if (ranks_before(j, i)) return disc_meets(q.anchor, q.clearance + slack, b);
        if (policy == anchor_avoidance::higher_priority) return false;
        if (std::hypot(q.anchor.x - requests[i].anchor.x, q.anchor.y - requests[i].anchor.y) < q.clearance - slack)
            return false;
        return disc_meets(q.anchor, q.clearance + slack, b);
    };
    ASSERT_EQ(layout.placed.size() + layout.dropped.size(), requests.size());
    EXPECT_GT(layout.placed.size(), 200u);  // a dense but not hopeless map: many labels fit
    EXPECT_GT(layout.dropped.size(), 200u); // and many do not
    std::set<std::size_t> seen;
    for (const auto& p : layout.placed) EXPECT_TRUE(seen.insert(p.index).second);
    for (const auto i : layout.dropped) EXPECT_TRUE(seen.insert(i).second);
    EXPECT_TRUE(std::is_sorted(layout.dropped.begin(), layout.dropped.end()));

    for (std::size_t a = 0; a < layout.placed.size(); ++a) {
        const auto& p = layout.placed[a];
        const auto& r = requests[p.index];
        EXPECT_TRUE(within(p.bounds, frame));
        EXPECT_NEAR(p.bounds.max_x - p.bounds.min_x, r.extent.width, 1e-9);
        EXPECT_NEAR(p.bounds.max_y - p.bounds.min_y, r.extent.height, 1e-9);
        EXPECT_DOUBLE_EQ(p.origin.x, p.bounds.min_x);
        EXPECT_DOUBLE_EQ(p.origin.y, p.bounds.min_y);
        for (std::size_t b = a + 1; b < layout.placed.size(); ++b)
            ASSERT_FALSE(interiors_overlap(p.bounds, layout.placed[b].bounds)) << p.index << " vs " << layout.placed[b].index;
        for (const auto& o : obstacles) EXPECT_FALSE(interiors_overlap(p.bounds, o));
        for (std::size_t j = 0; j < requests.size(); ++j)
            ASSERT_FALSE(bars(j, p.index, p.bounds, 0)) << p.index << " on symbol " << j;
        // placed in priority order: a later placed label never outranks an earlier one
        if (a > 0) {
            const auto& prev = requests[layout.placed[a - 1].index];
            EXPECT_TRUE(prev.priority > r.priority || (prev.priority == r.priority && layout.placed[a - 1].index < p.index));
        }
    }

    // every candidate of a dropped point label is outside the frame or blocked
    const double d = std::sqrt(0.5);
    for (const auto i : layout.dropped) {
        const auto& r = requests[i];
        if (r.polygon) continue;
        const double W = r.extent.width, H = r.extent.height, C = r.clearance, ax = r.anchor.x, ay = r.anchor.y;
        const point origins[8] = {{ax + C * d, ay - C * d - H}, {ax + C * d, ay + C * d},      {ax - C * d - W, ay - C * d - H},
                                  {ax - C * d - W, ay + C * d}, {ax + C, ay - H / 2},          {ax - C - W, ay - H / 2},
                                  {ax - W / 2, ay - C - H},     {ax - W / 2, ay + C}};
        for (const auto& o : origins) {
            const box cand{o.x, o.y, o.x + W, o.y + H};
            bool blocked = !within(cand, frame);
            for (const auto& p : layout.placed) blocked = blocked || interiors_overlap(cand, p.bounds);
            for (const auto& ob : obstacles) blocked = blocked || interiors_overlap(cand, ob);
            // slack: the implementation's own disc test may differ from this one by rounding only
            for (std::size_t j = 0; j < requests.size() && !blocked; ++j) blocked = bars(j, i, cand, 1e-6);
            EXPECT_TRUE(blocked) << "request " << i << " dropped although a candidate was free";
        }
    }

    const auto again = place_labels(requests, frame, obstacles, options);
    ASSERT_EQ(again.placed.size(), layout.placed.size());
    for (std::size_t a = 0; a < again.placed.size(); ++a) {
        EXPECT_EQ(again.placed[a].index, layout.placed[a].index);
        EXPECT_EQ(again.placed[a].position, layout.placed[a].position);
    }
}

std::string layout_case_name(const ::testing::TestParamInfo<dense_layout::ParamType>& param) {
    return "seed" + std::to_string(std::get<0>(param.param)) + "_" + policy_name(std::get<1>(param.param));
}

INSTANTIATE_TEST_SUITE_P(seeds, dense_layout,
                         ::testing::Combine(::testing::Values(1u, 42u, 20240601u),
                                            ::testing::Values(anchor_avoidance::all, anchor_avoidance::higher_priority,
                                                              anchor_avoidance::none)),
                         layout_case_name);

} // namespace

// --- Labels kept inside their own unit (label_request::area) ----------------------------------

namespace area_rules {

using coopatlas::geometry::multi_polygon;
using coopatlas::geometry::polygon;

multi_polygon rect(double x0, double y0, double x1, double y1) {
    return {polygon{{{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}, {x0, y0}}, {}}};
}

label_request area_label(point anchor, double w, double h, multi_polygon area) {
    label_request r;
    r.id = "a";
    r.text = "x";
    r.extent = {w, h};
    r.anchor = anchor;
    r.polygon = true;
    r.area = std::move(area);
    return r;
}

label_options no_leaders() {
    label_options o;
    o.leaders = false;
    return o;
}

// A 100×100 square, its pole at the centre (150,150): a 40×10 label is centred there.
TEST(label_placement_area, square_centred_on_its_pole) {
    const auto layout = place_labels({area_label({150, 150}, 40, 10, rect(100, 100, 200, 200))}, big_frame, {});
    ASSERT_EQ(layout.placed.size(), 1u);
    EXPECT_EQ(layout.placed[0].form, 0);
    EXPECT_FALSE(layout.placed[0].leader);
    EXPECT_DOUBLE_EQ(layout.placed[0].bounds.min_x, 130);
    EXPECT_DOUBLE_EQ(layout.placed[0].bounds.min_y, 145);
    // a 120-wide label does not fit a 100-wide square, even with the 1.5 tolerance
    // (120 − 3 = 117 > 100); with no other form and no leader it is dropped
    const auto wide = place_labels({area_label({150, 150}, 120, 10, rect(100, 100, 200, 200))}, big_frame, {}, no_leaders());
    EXPECT_TRUE(wide.placed.empty());
    // 102 wide: 102 − 2 × 1.5 = 99 ≤ 100, the halo may pass the outline
    const auto halo = place_labels({area_label({150, 150}, 102, 10, rect(100, 100, 200, 200))}, big_frame, {}, no_leaders());
    EXPECT_EQ(halo.placed.size(), 1u);
}

// An L: the square (0,0)-(100,100) less (20,0)-(100,80), i.e. a 20-wide vertical bar
// x 0..20, y 0..100 and a 20-high foot x 0..100, y 80..100. Its pole (the corner region)
// is small: a 60×10 label centred at (10,90) would leave the L, so it goes into the foot,
// where its centre is at least 30 from x = 0 and x = 100 and y in 85..95.
TEST(label_placement_area, l_shape_moves_into_the_foot) {
    const multi_polygon l{polygon{{{0, 0}, {20, 0}, {20, 80}, {100, 80}, {100, 100}, {0, 100}, {0, 0}}, {}}};
    const auto layout = place_labels({area_label({10, 90}, 60, 10, l)}, big_frame, {}, no_leaders());
    ASSERT_EQ(layout.placed.size(), 1u);
    const box b = layout.placed[0].bounds;
    EXPECT_GE(b.min_x, 0 - 1.5);
    EXPECT_LE(b.max_x, 100 + 1.5);
    EXPECT_GE(b.min_y, 80 - 1.5);
    EXPECT_LE(b.max_y, 100 + 1.5);
    // the grid point nearest the pole that holds the box: the grid step is
    // max(10/2, 100/40) = 5, points at 2.5, 7.5, …; the centre must be ≥ 28.5 from
    // x = 0, so x = 32.5 is the nearest column, on the foot's rows 82.5..97.5 (87.5 and
    // 92.5 hold the 10-high box within tolerance, 87.5 is nearer (10,90)? both 2.5 away:
    // the earlier row wins)
    EXPECT_DOUBLE_EQ(b.center().x, 32.5);
    EXPECT_DOUBLE_EQ(b.center().y, 87.5);
    // a vertical bar 20 wide cannot hold it: no candidate there
    EXPECT_FALSE(box_inside_area({0, 40, 60, 50}, l, 1.5));
    EXPECT_TRUE(box_inside_area(b, l, 1.5));
}

// Only the second form (wrapped: 40×20) fits a 50×50 square; the first (80×10) does not.
TEST(label_placement_area, fits_only_wrapped_or_smaller) {
    auto r = area_label({25, 25}, 80, 10, rect(0, 0, 50, 50));
    r.alternatives = {{40, 20}, {30, 8}};
    const auto layout = place_labels({r}, big_frame, {}, no_leaders());
    ASSERT_EQ(layout.placed.size(), 1u);
    EXPECT_EQ(layout.placed[0].form, 1);
    EXPECT_DOUBLE_EQ(layout.placed[0].bounds.min_x, 5);
    EXPECT_DOUBLE_EQ(layout.placed[0].bounds.min_y, 15);
    // an obstacle over the middle: the wrapped form finds no room (40×20 in a 50×50
    // square with (10,10)-(40,40) taken leaves bands of 10), the smaller one (30×8)
    // goes into a band
    const auto blocked = place_labels({r}, big_frame, {{10, 10, 40, 40}}, no_leaders());
    ASSERT_EQ(blocked.placed.size(), 1u);
    EXPECT_EQ(blocked.placed[0].form, 2);
    EXPECT_FALSE(interiors_overlap(blocked.placed[0].bounds, {10, 10, 40, 40}));
    EXPECT_TRUE(box_inside_area(blocked.placed[0].bounds, rect(0, 0, 50, 50), 1.5));
}

// Alternatives given when needed: asked for once, by a label whose first form does not fit
// at its anchor only, and placed as the same alternatives given up front.
TEST(label_placement_area, alternatives_are_asked_for_once_and_only_when_needed) {
    int asked = 0;
    auto lazy = [&asked](label_request r) {
        r.alternatives_when_needed = [&asked, given = r.alternatives] {
            ++asked;
            return given;
        };
        r.alternatives.clear();
        return r;
    };
    // the square of square_centred_on_its_pole holds its 40×10 label centred: never asked
    auto fits = area_label({150, 150}, 40, 10, rect(100, 100, 200, 200));
    fits.alternatives = {{20, 20}};
    const auto at_pole = place_labels({lazy(fits)}, big_frame, {});
    ASSERT_EQ(at_pole.placed.size(), 1u);
    EXPECT_EQ(at_pole.placed[0].form, 0);
    EXPECT_EQ(asked, 0);
    // fits_only_wrapped_or_smaller, free then blocked: asked once each, same placements
    auto r = area_label({25, 25}, 80, 10, rect(0, 0, 50, 50));
    r.alternatives = {{40, 20}, {30, 8}};
    for (const std::vector<box>& obstacles : {std::vector<box>{}, std::vector<box>{{10, 10, 40, 40}}}) {
        asked = 0;
        const auto eager = place_labels({r}, big_frame, obstacles, no_leaders());
        const auto when_needed = place_labels({lazy(r)}, big_frame, obstacles, no_leaders());
        EXPECT_EQ(asked, 1);
        ASSERT_EQ(eager.placed.size(), 1u);
        ASSERT_EQ(when_needed.placed.size(), 1u);
        EXPECT_EQ(when_needed.placed[0].form, eager.placed[0].form);
        EXPECT_DOUBLE_EQ(when_needed.placed[0].bounds.min_x, eager.placed[0].bounds.min_x);
        EXPECT_DOUBLE_EQ(when_needed.placed[0].bounds.min_y, eager.placed[0].bounds.min_y);
    }
    // the interior grid's step is set by the smallest form: a first form that fails at its
    // anchor asks before the grid is laid, even when that form then fits inside
    asked = 0;
    const multi_polygon l{polygon{{{0, 0}, {20, 0}, {20, 80}, {100, 80}, {100, 100}, {0, 100}, {0, 0}}, {}}};
    auto foot = area_label({10, 90}, 60, 10, l);
    foot.alternatives = {{30, 4}};
    const auto eager = place_labels({foot}, big_frame, {}, no_leaders());
    const auto when_needed = place_labels({lazy(foot)}, big_frame, {}, no_leaders());
    EXPECT_EQ(asked, 1);
    ASSERT_EQ(when_needed.placed.size(), 1u);
    EXPECT_EQ(when_needed.placed[0].form, 0);
    EXPECT_DOUBLE_EQ(when_needed.placed[0].bounds.center().x, eager.placed[0].bounds.center().x);
    EXPECT_DOUBLE_EQ(when_needed.placed[0].bounds.center().y, eager.placed[0].bounds.center().y);
    // …on a finer grid than l_shape_moves_into_the_foot's (step 5, centre x 32.5): the step
    // is now max(4 / 2, 100 / 40) = 2.5
    EXPECT_NE(when_needed.placed[0].bounds.center().x, 32.5);
}

// Two units side by side: A (0,0)-(30,100) with a symbol of radius 12 at (15,50), B
// (30,0)-(130,100). A's label (40×10) fits neither beside its circle inside A (A is 30
// wide) nor anywhere in A: it is never put over B. With leaders, it goes outside both,
// on the first ring (one label height, 10, beyond the clearance 12). Its 16 directions
// are tried from east, alternating up and down by 22.5°: east up to 135° all meet A or
// B; 157.5° (up-left) is the first free one, its centre at distance
// d = 12 + 10 + 20·cos 22.5° + 5·sin 22.5° from the anchor. The leader runs from the
// box's corner nearest the anchor (its lower right) to A's circle.
TEST(label_placement_area, neighbour_never_receives_the_label) {
    const box wide_frame{-200, -200, 1000, 1000};
    auto a = area_label({15, 50}, 40, 10, rect(0, 0, 30, 100));
    a.polygon = false;  // beside its symbol
    a.clearance = 12;
    auto b = area_label({80, 50}, 20, 10, rect(30, 0, 130, 100));
    b.id = "b";
    const auto without = place_labels({a, b}, wide_frame, {}, no_leaders());
    ASSERT_EQ(without.dropped, std::vector<std::size_t>{0});
    ASSERT_EQ(without.placed.size(), 1u);
    const auto with = place_labels({a, b}, wide_frame, {});
    ASSERT_EQ(with.placed.size(), 2u);
    for (const auto& p : with.placed) {
        if (p.index != 0) continue;
        EXPECT_TRUE(p.leader);
        EXPECT_FALSE(box_meets_area(p.bounds, rect(0, 0, 30, 100)));
        EXPECT_FALSE(box_meets_area(p.bounds, rect(30, 0, 130, 100)));
        // the leader ends on A's circle: 12 from (15,50)
        EXPECT_NEAR(std::hypot(p.leader_to.x - 15, p.leader_to.y - 50), 12, 1e-9);
        const double c = std::cos(M_PI / 8), sn = std::sin(M_PI / 8);
        const double d = 22 + 20 * c + 5 * sn;
        const point centre{15 - d * c, 50 - d * sn};
        EXPECT_NEAR(p.bounds.center().x, centre.x, 1e-9);
        EXPECT_NEAR(p.bounds.center().y, centre.y, 1e-9);
        EXPECT_NEAR(p.leader_from.x, centre.x + 20, 1e-9);
        EXPECT_NEAR(p.leader_from.y, centre.y + 5, 1e-9);
        const double len = std::hypot(p.leader_from.x - 15, p.leader_from.y - 50);
        EXPECT_NEAR(p.leader_to.x, 15 + (p.leader_from.x - 15) / len * 12, 1e-9);
    }
    // a label narrower than A goes beside its circle, inside A: upper right is outside A
    // (x from 15 + 8.49), right too; top (centred above the circle) fits: 20 wide, x 5..25
    auto narrow = a;
    narrow.extent = {20, 10};
    const auto fits = place_labels({narrow, b}, wide_frame, {});
    ASSERT_EQ(fits.placed.size(), 2u);
    EXPECT_EQ(fits.placed[0].position, 6);
    EXPECT_STREQ(imhof_position_name(fits.placed[0].position), "top");
}

TEST(label_placement_area, box_in_area_with_a_hole) {
    multi_polygon ring = rect(0, 0, 100, 100);
    ring[0].inners.push_back({{40, 40}, {60, 40}, {60, 60}, {40, 60}, {40, 40}});
    EXPECT_TRUE(box_inside_area({5, 5, 35, 15}, ring, 0));
    EXPECT_FALSE(box_inside_area({30, 45, 70, 55}, ring, 0));  // spans the hole
    EXPECT_FALSE(box_inside_area({45, 45, 55, 55}, ring, 0));  // inside the hole
    EXPECT_TRUE(box_meets_area({-10, -10, 1, 1}, ring));
    EXPECT_FALSE(box_meets_area({45, 45, 55, 55}, ring));
}

} // namespace area_rules
