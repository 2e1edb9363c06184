// Reference-image tests in the manner of Mapnik's visual tests: small map specs with
// inline data (visual_cases.hpp), rendered to PNG at scale 1 and 2, compared with
// tests/render/reference/<name>-200-150-<scale>-png-reference.png by the comparison of
// visual_check.hpp (8/255 per channel, 0.1 % of the pixels; the reasons are given there).
// visual_mutation_test.cpp checks that this comparison fails for changes a reader would
// see; the policy tests below check how references are written.
//
// On failure actual.png, diff.png (differences in red) and report.html are written to
// <build>/tests/output/visual/<name>-<scale>/. COOPATLAS_OVERWRITE_REFERENCES=1 writes the
// references and fails every visual test with "reference written, review and rerun"; under
// CI (CI=true) it is an error and nothing is written.

#include "test_support.hpp"
#include "visual_cases.hpp"
#include "visual_check.hpp"

#include <coopatlas/render/image.hpp>
#include <coopatlas/render/map_renderer.hpp>
#include <coopatlas/render/map_spec.hpp>

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <optional>
#include <string>
#include <tuple>

namespace {

namespace fs = std::filesystem;
using namespace coopatlas::render;
using coopatlas::test::visual_case;
using coopatlas::test::visual_cases;

class visual : public ::testing::TestWithParam<std::tuple<visual_case, double>> {};

TEST_P(visual, matches_reference) {
    const auto& [c, scale] = GetParam();
    const map_spec spec = parse_map_spec(c.spec, ".", c.name);
    const map_renderer renderer(spec.page);
    const std::string png = renderer.render(output_format::png, {scale});
    const image actual = decode_png(png);
    ASSERT_EQ(actual.width, static_cast<int>(spec.page.width * scale));
    ASSERT_EQ(actual.height, static_cast<int>(spec.page.height * scale));
    EXPECT_TRUE(coopatlas::test::matches_reference(c.name, png, spec.page.width, spec.page.height, scale));
}

std::string case_name(const ::testing::TestParamInfo<visual::ParamType>& info) {
    std::string n = std::get<0>(info.param).name;
    for (auto& ch : n)
        if (ch == '-') ch = '_';
    return n + (std::get<1>(info.param) == 1.0 ? "_x1" : "_x2");
}

INSTANTIATE_TEST_SUITE_P(cases, visual,
                         ::testing::Combine(::testing::ValuesIn(visual_cases), ::testing::Values(1.0, 2.0)), case_name);

// --- How references are written --------------------------------------------------------

// Sets (or, with nullopt, unsets) an environment variable for the life of the object.
class scoped_env {
  public:
    scoped_env(const char* name, std::optional<std::string> value) : name_(name) {
        if (const char* old = std::getenv(name)) old_ = old;
        if (value)
            setenv(name, value->c_str(), 1);
        else
            unsetenv(name);
    }
    ~scoped_env() {
        if (old_)
            setenv(name_, old_->c_str(), 1);
        else
            unsetenv(name_);
    }
    scoped_env(const scoped_env&) = delete;
    scoped_env& operator=(const scoped_env&) = delete;

  private:
    const char* name_;
    std::optional<std::string> old_;
};

class reference_policy : public ::testing::Test {
  protected:
    // Each test its own name and folders: CTest runs them in parallel processes.
    void SetUp() override {
        name_ = std::string("policy-") + ::testing::UnitTest::GetInstance()->current_test_info()->name();
        dir_ = fs::path(COOPATLAS_TEST_OUTPUT) / "reference_policy" / name_;
        fs::remove_all(dir_);
        fs::remove_all(coopatlas::test::visual_output_dir(name_, 1.0));
        fs::create_directories(dir_);
        const map_spec spec = parse_map_spec(coopatlas::test::visual_case_named("circles").spec, ".", "circles");
        png_ = map_renderer(spec.page).render(output_format::png);
    }
    ::testing::AssertionResult check() const {
        return coopatlas::test::matches_reference(name_, png_, 200, 150, 1.0, dir_);
    }
    fs::path reference() const { return dir_ / (name_ + "-200-150-1.0-png-reference.png"); }
    static std::string message(const ::testing::AssertionResult& r) { return r.message(); }

    std::string name_;
    fs::path dir_;
    std::string png_;
};

TEST_F(reference_policy, overwriting_writes_the_reference_and_still_fails) {
    const scoped_env ci("CI", std::nullopt);
    const scoped_env overwrite("COOPATLAS_OVERWRITE_REFERENCES", "1");
    const auto r = check();
    EXPECT_FALSE(r);
    EXPECT_NE(message(r).find("reference written"), std::string::npos) << message(r);
    EXPECT_NE(message(r).find("review it, then rerun"), std::string::npos) << message(r);
    ASSERT_TRUE(fs::exists(reference()));
    // Overwriting again says how the image compares with the reference it replaces.
    const auto again = check();
    EXPECT_FALSE(again);
    EXPECT_NE(message(again).find("against the previous reference 0 of 30000 pixels differ"), std::string::npos)
        << message(again);
}

TEST_F(reference_policy, overwriting_under_ci_is_an_error_and_writes_nothing) {
    for (const char* ci_value : {"true", "1", "TRUE"}) {
        const scoped_env ci("CI", ci_value);
        for (const char* value : {"1", "0", ""}) {
            const scoped_env overwrite("COOPATLAS_OVERWRITE_REFERENCES", value);
            const auto r = check();
            EXPECT_FALSE(r) << ci_value << " / " << value;
            EXPECT_NE(message(r).find("is set in a CI run"), std::string::npos) << message(r);
            EXPECT_FALSE(fs::exists(reference()));
        }
    }
}

TEST_F(reference_policy, without_overwriting_a_missing_reference_fails_and_a_matching_one_passes) {
    const scoped_env ci("CI", "false");
    const scoped_env overwrite("COOPATLAS_OVERWRITE_REFERENCES", std::nullopt);
    const auto missing = check();
    EXPECT_FALSE(missing);
    EXPECT_NE(message(missing).find("missing reference"), std::string::npos) << message(missing);
    EXPECT_FALSE(fs::exists(reference()));
    coopatlas::test::write_bytes(reference(), png_);
    EXPECT_TRUE(check());
    {
        const scoped_env zero("COOPATLAS_OVERWRITE_REFERENCES", "0"); // "0" outside CI: compare
        EXPECT_TRUE(check());
    }
}

TEST_F(reference_policy, a_mismatch_leaves_actual_diff_and_report) {
    const scoped_env ci("CI", std::nullopt);
    const scoped_env overwrite("COOPATLAS_OVERWRITE_REFERENCES", std::nullopt);
    // The reference: the same map with its largest circle in another colour.
    std::string spec = coopatlas::test::visual_case_named("circles").spec;
    spec.replace(spec.find("#e6550db3"), 9, "#3182bdb3");
    coopatlas::test::write_bytes(reference(),
                                 map_renderer(parse_map_spec(spec, ".", "c").page).render(output_format::png));
    const fs::path out = coopatlas::test::visual_output_dir(name_, 1.0);
    const auto r = check();
    EXPECT_FALSE(r);
    EXPECT_NE(message(r).find("pixels differ by more than 8/255 (budget 15)"), std::string::npos) << message(r);
    for (const char* f : {"actual.png", "diff.png", "report.html"})
        EXPECT_TRUE(fs::exists(out / f)) << f;
    EXPECT_EQ(compare_images(read_png((out / "actual.png").string()), decode_png(png_), 0).differing, 0u);
}

// The comparison itself: identical images pass, a changed block is counted exactly.
TEST(image_compare, counts_pixels_beyond_the_tolerance) {
    image a;
    a.width = 10;
    a.height = 10;
    a.rgba.assign(400, 200);
    image b = a;
    EXPECT_EQ(compare_images(a, b, 0).differing, 0u);
    // 3 × 2 pixels moved by 30 in red, one pixel by 10 in alpha.
    for (int y = 0; y < 2; ++y)
        for (int x = 0; x < 3; ++x)
            b.rgba[(static_cast<std::size_t>(y) * 10 + x) * 4] = 230;
    b.rgba[99 * 4 + 3] = 210;
    const auto d = compare_images(b, a, 12);
    EXPECT_EQ(d.differing, 6u);
    EXPECT_EQ(d.max_channel_delta, 30);
    EXPECT_EQ(compare_images(b, a, 5).differing, 7u);
    image c = a;
    c.width = 5;
    c.rgba.resize(200);
    EXPECT_FALSE(compare_images(a, c, 255).same_size);
}

// The shared verdict at its edges. 8 levels are within the tolerance, 9 are not. Over the
// image, 0.05 % of the pixels may differ (15 of 200 × 150 at scale 1, 60 of 400 × 300 at
// scale 2), one more may not. In a window of 10 × 10 page units (100 pixels at scale 1),
// 20 pixels may differ, 21 may not, however few that is of the whole image.
TEST(image_compare, the_visual_verdict_at_its_limits) {
    using coopatlas::test::compare_with_reference;
    using coopatlas::test::passes_comparison;
    auto page = [](int w, int h) {
        image a;
        a.width = w;
        a.height = h;
        a.rgba.assign(static_cast<std::size_t>(w) * h * 4, 128);
        return a;
    };
    auto set = [](image& img, int x, int y, int channel, int value) {
        img.rgba[(static_cast<std::size_t>(y) * img.width + x) * 4 + channel] = static_cast<std::uint8_t>(value);
    };
    for (const auto& [w, h, scale, budget] : {std::tuple{200, 150, 1.0, 15}, std::tuple{400, 300, 2.0, 60}}) {
        const image expected = page(w, h);
        image actual = expected;
        for (int y = 0; y < h; ++y)
            for (int x = 0; x < w; ++x)
                set(actual, x, y, 1, 128 + 8); // every pixel 8 levels off
        EXPECT_TRUE(passes_comparison(actual, expected, scale));
        // Pixels 9 levels off, spread along the diagonal (one per window).
        for (int i = 0; i < budget; ++i)
            set(actual, i * 3 * w / 200, (i * 3 * h / 150) % h, 2, 128 - 9);
        const auto c = compare_with_reference(actual, expected, scale);
        EXPECT_EQ(c.budget, static_cast<std::size_t>(budget));
        EXPECT_EQ(c.difference.differing, static_cast<std::size_t>(budget));
        EXPECT_TRUE(c.passes) << coopatlas::test::describe(c);
        set(actual, w - 1, 0, 3, 128 + 9);
        EXPECT_FALSE(passes_comparison(actual, expected, scale)) << w << " x " << h;
    }
    // A dense spot on a large image: within the global budget (500), not within a window.
    const image expected = page(1000, 1000);
    image actual = expected;
    for (int y = 0; y < 4; ++y)
        for (int x = 0; x < 5; ++x)
            set(actual, 500 + x, 500 + y, 0, 0);
    auto c = compare_with_reference(actual, expected, 1.0);
    EXPECT_EQ(c.budget, 500u);
    EXPECT_EQ(c.window_budget, 20u);
    EXPECT_EQ(c.densest_window, 20u);
    EXPECT_TRUE(c.passes);
    set(actual, 509, 509, 0, 0); // 21 in the window from (500, 500) to (509, 509)
    c = compare_with_reference(actual, expected, 1.0);
    EXPECT_EQ(c.densest_window, 21u);
    EXPECT_FALSE(c.passes);
    // At scale 2 the window is 20 × 20 pixels, 80 of them may differ.
    EXPECT_EQ(compare_with_reference(actual, expected, 2.0).window_budget, 80u);
    EXPECT_FALSE(passes_comparison(page(199, 150), page(200, 150), 1.0));
}

TEST(image_compare, png_round_trip_keeps_pixels) {
    image a;
    a.width = 7;
    a.height = 3;
    for (int i = 0; i < 21; ++i) {
        a.rgba.push_back(static_cast<std::uint8_t>(i * 12));
        a.rgba.push_back(static_cast<std::uint8_t>(255 - i * 5));
        a.rgba.push_back(static_cast<std::uint8_t>(i * i % 256));
        a.rgba.push_back(255);
    }
    const image b = decode_png(encode_png(a));
    EXPECT_EQ(compare_images(b, a, 0).differing, 0u);
}

} // namespace
