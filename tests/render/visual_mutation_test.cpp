// Tests of the visual tests: each mutation below changes one thing a reader of the map
// would see, by editing the inline spec of a visual case. Rendered at scale 1 and 2, the
// mutated map must FAIL the comparison with the unmutated case's reference, under exactly
// the tolerance and budget the visual tests use (visual_check.hpp: one function for both,
// so the two cannot drift apart). The unmutated case must pass the same comparison first,
// so that a failure is the mutation's doing and not a missing or stale reference.

#include "test_support.hpp"
#include "visual_cases.hpp"
#include "visual_check.hpp"

#include <coopatlas/render/image.hpp>
#include <coopatlas/render/map_renderer.hpp>
#include <coopatlas/render/map_spec.hpp>

#include <gtest/gtest.h>

#include <filesystem>
#include <ostream>
#include <string>
#include <tuple>

namespace coopatlas::test {
namespace {

using namespace coopatlas::render;

// One change: in the spec of `case_name`, the text `from` (found exactly once) becomes `to`.
struct mutation {
    const char* name;
    const char* case_name;
    const char* from;
    const char* to;
};

void PrintTo(const mutation& m, std::ostream* os) {
    *os << m.name << " (" << m.case_name << ")";
}

const mutation mutations[] = {
    // The disputed line drawn solid: the dashes go, the line stays.
    {"disputed_dashes_removed", "lines", "disputed: true", "disputed: false"},
    // Directed flows without their heads.
    {"arrowheads_removed", "flows", "arrows: true", "arrows: false"},
    // The smallest circle (value 1 of 100 at 30 px: radius 3) left out.
    {"circle_dropped", "circles", "      - {point: [0.6, 0.6], value: 1}\n", ""},
    // Radius 6 becomes 7.3 (30 × √(6/100)).
    {"circle_value_4_to_6", "circles", "{point: [3.2, 2.2], value: 4}", "{point: [3.2, 2.2], value: 6}"},
    // The second part of the multi-line string (0.8° long, about 37 px) deleted.
    {"line_segment_deleted", "lines", "MULTILINESTRING((0.5 2.8, 1 2.2),(3 2.8, 3.5 2.2))",
     "MULTILINESTRING((0.5 2.8, 1 2.2))"},
    // One letter of a label: "Beta" → "Bela".
    {"label_letter_changed", "points-labels", "label: \"Beta\"", "label: \"Bela\""},
    // One letter of the legend title: "Key" → "Kay".
    {"legend_title_changed", "legend-title", "title: \"Key\"", "title: \"Kay\""},
    // The outlines (0.8 wide) of the three 6-unit square markers from white, the default, to black.
    {"stroke_colour_changed", "points-labels", "    fill: \"#d7301f\"\n",
     "    fill: \"#d7301f\"\n    outline: \"#000000\"\n"},
    // A whole label (and only the label: its square stays) left out.
    {"label_dropped", "points-labels", "      - {id: c, point: [2, 2.5], label: \"Gamma\", value: 1}\n", ""},
};

std::string mutated_spec(const mutation& m) {
    std::string spec = visual_case_named(m.case_name).spec;
    const auto at = spec.find(m.from);
    if (at == std::string::npos || spec.find(m.from, at + 1) != std::string::npos)
        throw std::logic_error(std::string(m.name) + ": '" + m.from + "' is not in the spec of " + m.case_name +
                               " exactly once");
    spec.replace(at, std::char_traits<char>::length(m.from), m.to);
    return spec;
}

image render_png(const std::string& spec_text, const char* name, double scale) {
    const map_spec spec = parse_map_spec(spec_text, ".", name);
    return decode_png(map_renderer(spec.page).render(output_format::png, {scale}));
}

class visual_mutation : public ::testing::TestWithParam<std::tuple<mutation, double>> {};

TEST_P(visual_mutation, fails_the_reference_comparison) {
    const auto& [m, scale] = GetParam();
    const visual_case& c = visual_case_named(m.case_name);
    const std::filesystem::path ref = reference_dir() / reference_file_name(c.name, 200, 150, scale);
    ASSERT_TRUE(std::filesystem::exists(ref)) << ref;
    const image expected = read_png(ref.string());

    const visual_comparison unmutated = compare_with_reference(render_png(c.spec, c.name, scale), expected, scale);
    ASSERT_TRUE(unmutated.passes) << c.name << " itself does not match its reference: " << describe(unmutated);

    const std::string spec = mutated_spec(m);
    ASSERT_NE(spec, c.spec);
    const visual_comparison mutated = compare_with_reference(render_png(spec, m.name, scale), expected, scale);
    EXPECT_FALSE(mutated.passes) << m.name << " at scale " << scale_name(scale)
                                 << " passes the comparison with the reference of " << c.name << ": "
                                 << describe(mutated);
    // How clearly it fails, for whoever tunes the tolerance or the budget.
    RecordProperty("differing_pixels", static_cast<int>(mutated.difference.differing));
    RecordProperty("budget", static_cast<int>(mutated.budget));
    RecordProperty("densest_window", static_cast<int>(mutated.densest_window));
}

std::string mutation_name(const ::testing::TestParamInfo<visual_mutation::ParamType>& info) {
    return std::string(std::get<0>(info.param).name) + (std::get<1>(info.param) == 1.0 ? "_x1" : "_x2");
}

INSTANTIATE_TEST_SUITE_P(mutations, visual_mutation,
                         ::testing::Combine(::testing::ValuesIn(mutations), ::testing::Values(1.0, 2.0)),
                         mutation_name);

} // namespace
} // namespace coopatlas::test
