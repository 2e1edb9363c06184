#pragma once
// Reference images: the one comparison every image test uses (the visual cases, the
// default atlas maps and the mutation tests that check the comparison catches what a
// reader would see), and the rules for writing references.
//
// References are tests/render/reference/<name>-<w>-<h>-<scale>-png-reference.png.
// COOPATLAS_OVERWRITE_REFERENCES=1 (outside CI) writes the rendered image as the
// reference and still FAILS the test ("reference written, review and rerun"), so that a
// run that overwrote anything never passes; under CI (CI=true) the variable being set at
// all is an error and nothing is written. On a mismatch actual.png, diff.png (differing
// pixels in red) and report.html go to <build>/tests/output/visual/<name>-<scale>/.

#include <coopatlas/render/image.hpp>

#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstddef>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace coopatlas::test {

// --- The comparison -------------------------------------------------------------------

// A channel may differ by 8 levels of 255 before a pixel counts as different. The
// references are reproduced exactly by the build that wrote them; what the tolerance
// absorbs is arithmetic that rounds otherwise: the bands of the threaded PNG renderer
// (one band instead of two moves 8 pixels of the 1400 × 1100 coverage map by one level),
// other compiler flags (sanitizers, FMA contraction) moving a vertex by a tiny fraction
// of a pixel, another pixman (its SIMD paths disabled with PIXMAN_DISABLE give the same
// bytes here). Such shifts change the coverage of an edge pixel by a level or two; 8
// levels is four times that, and well below what a change of content gives: a line, a
// glyph or a fill boundary moved or recoloured changes the pixels it covers by tens of
// levels (each change of the mutation tests moves at least 25 pixels by more than 8).
inline constexpr int visual_channel_tolerance = 8;

// Pixels beyond the tolerance allowed over the whole image: 1 in 2,000 (0.05 %: 15
// pixels of a 200 × 150 image, 60 at scale 2, 770 to 792 on the default maps). Rounding
// differences are rare after the tolerance and stay on edge pixels; the budget leaves
// room for a few of them along the edges of a map. It is half the 0.1 % first tried
// because of the mutation tests (visual_mutation_test.cpp): one letter of the legend
// title changed ("Key" → "Kay") changes only 25 pixels at scale 1, which 0.1 % (30)
// would let through; a 3-pixel circle dropped changes 41.
inline constexpr std::size_t visual_budget_per_100k = 50;

// No more than a fifth of the pixels of any 10 × 10 window (page units: 10s × 10s pixels
// at scale s, 20 of 100 at scale 1) beyond the tolerance. A budget over the whole image
// grows with its size: on the default maps it lets a dropped label or circle through
// (default_maps_test.cpp: one label dropped changes 696 pixels of the 1800 × 860 map,
// under its 774, one circle 529 of 792, the disputed line drawn solid 730 of 770), but
// those changes fill their spot: 97, 100 and 40 pixels of one window. Rounding noise does
// not: an edge crosses a 10 × 10 window on 10 to 14 pixels, and only a few of them round
// otherwise.
inline constexpr std::size_t visual_window = 10;
inline constexpr std::size_t visual_window_share_percent = 20;

inline std::size_t visual_budget(std::size_t pixels) {
    return pixels * visual_budget_per_100k / 100000;
}

struct visual_comparison {
    render::image_difference difference{};
    std::size_t budget = 0;         ///< pixels allowed beyond the tolerance over the image
    std::size_t window = 0;         ///< side of the square window, pixels
    std::size_t window_budget = 0;  ///< pixels allowed beyond the tolerance in any window
    std::size_t densest_window = 0; ///< most pixels beyond the tolerance in a window
    bool passes = false;
};

// Most pixels beyond the tolerance in any `side` × `side` window (summed-area table).
inline std::size_t densest_window(const render::image& a, const render::image& e, int tolerance, std::size_t side) {
    const std::size_t w = static_cast<std::size_t>(a.width), h = static_cast<std::size_t>(a.height);
    std::vector<std::size_t> sat((w + 1) * (h + 1), 0);
    for (std::size_t y = 0; y < h; ++y)
        for (std::size_t x = 0; x < w; ++x) {
            const auto* p = a.rgba.data() + (y * w + x) * 4;
            const auto* q = e.rgba.data() + (y * w + x) * 4;
            int worst = 0;
            for (int c = 0; c < 4; ++c)
                worst = std::max(worst, std::abs(int(p[c]) - int(q[c])));
            sat[(y + 1) * (w + 1) + x + 1] = (worst > tolerance ? 1u : 0u) + sat[y * (w + 1) + x + 1] +
                                             sat[(y + 1) * (w + 1) + x] - sat[y * (w + 1) + x];
        }
    std::size_t best = 0;
    const std::size_t sx = std::min(side, w), sy = std::min(side, h);
    for (std::size_t y = sy; y <= h; ++y)
        for (std::size_t x = sx; x <= w; ++x)
            best = std::max(best, sat[y * (w + 1) + x] - sat[(y - sy) * (w + 1) + x] - sat[y * (w + 1) + x - sx] +
                                      sat[(y - sy) * (w + 1) + x - sx]);
    return best;
}

// THE comparison, of a PNG rendered at `scale` with its reference: same size, at most
// `visual_budget` pixels beyond the tolerance, none of the windows too dense.
inline visual_comparison compare_with_reference(const render::image& actual, const render::image& expected,
                                                double scale) {
    visual_comparison c;
    c.difference = render::compare_images(actual, expected, visual_channel_tolerance);
    c.budget = visual_budget(c.difference.pixels);
    c.window = std::max<std::size_t>(1, static_cast<std::size_t>(std::lround(visual_window * scale)));
    c.window_budget = c.window * c.window * visual_window_share_percent / 100;
    if (c.difference.same_size) c.densest_window = densest_window(actual, expected, visual_channel_tolerance, c.window);
    c.passes = c.difference.same_size && c.difference.differing <= c.budget && c.densest_window <= c.window_budget;
    return c;
}

inline bool passes_comparison(const render::image& actual, const render::image& expected, double scale) {
    return compare_with_reference(actual, expected, scale).passes;
}

inline std::string describe(const visual_comparison& c) {
    std::ostringstream o;
    if (!c.difference.same_size) {
        o << "the images differ in size";
    } else {
        o << c.difference.differing << " of " << c.difference.pixels << " pixels differ by more than "
          << visual_channel_tolerance << "/255 (budget " << c.budget << "), at most " << c.densest_window
          << " in a window of " << c.window << " x " << c.window << " (budget " << c.window_budget
          << "); largest channel difference " << c.difference.max_channel_delta;
    }
    return o.str();
}

// --- Names and places -----------------------------------------------------------------

inline std::string scale_name(double s) {
    std::ostringstream o;
    o.setf(std::ios::fixed);
    o.precision(1);
    o << s;
    return o.str();
}

// "<name>-<w>-<h>-<scale>-png-reference.png", page size in page units.
inline std::string reference_file_name(const std::string& name, double page_width, double page_height, double scale) {
    std::ostringstream o;
    o << name << '-' << page_width << '-' << page_height << '-' << scale_name(scale) << "-png-reference.png";
    return o.str();
}

inline std::filesystem::path reference_dir() {
    return COOPATLAS_TEST_REFERENCES;
}

inline std::filesystem::path visual_output_dir(const std::string& name, double scale) {
    return std::filesystem::path(COOPATLAS_TEST_OUTPUT) / "visual" / (name + "-" + scale_name(scale));
}

inline void write_bytes(const std::filesystem::path& p, const std::string& bytes) {
    std::filesystem::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << bytes;
}

// --- When references may be written ---------------------------------------------------

// CI=true (or any value but "", "0", "false", "no"): a continuous-integration run.
inline bool running_in_ci() {
    const char* ci = std::getenv("CI");
    if (!ci) return false;
    std::string v(ci);
    for (auto& ch : v)
        ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    return !(v.empty() || v == "0" || v == "false" || v == "no");
}

enum class reference_mode { compare, overwrite, refused };

// COOPATLAS_OVERWRITE_REFERENCES: under CI, set at all → refused; elsewhere any value but
// "" and "0" → overwrite.
inline reference_mode requested_reference_mode() {
    const char* o = std::getenv("COOPATLAS_OVERWRITE_REFERENCES");
    if (!o) return reference_mode::compare;
    if (running_in_ci()) return reference_mode::refused;
    const std::string v(o);
    return v.empty() || v == "0" ? reference_mode::compare : reference_mode::overwrite;
}

// Compares a rendered PNG with its reference (or writes the reference, see above) and
// says why it fails: the message of every way out names the files to look at.
inline ::testing::AssertionResult matches_reference(const std::string& name, const std::string& png, double page_width,
                                                    double page_height, double scale,
                                                    const std::filesystem::path& dir = reference_dir()) {
    namespace fs = std::filesystem;
    const std::string label = name + " at scale " + scale_name(scale);
    const fs::path ref = dir / reference_file_name(name, page_width, page_height, scale);
    const fs::path out = visual_output_dir(name, scale);
    const render::image actual = render::decode_png(png);
    switch (requested_reference_mode()) {
    case reference_mode::refused:
        return ::testing::AssertionFailure()
               << label << ": COOPATLAS_OVERWRITE_REFERENCES is set in a CI run (CI=" << std::getenv("CI")
               << "); references are written only by hand, outside CI, and reviewed before they are committed. "
                  "Nothing was written; unset COOPATLAS_OVERWRITE_REFERENCES.";
    case reference_mode::overwrite: {
        std::string before = "there was no reference before";
        if (fs::exists(ref))
            before = "against the previous reference " +
                     describe(compare_with_reference(actual, render::read_png(ref.string()), scale));
        write_bytes(ref, png);
        return ::testing::AssertionFailure() << label << ": reference written to " << ref << " (" << before
                                             << "); review it, then rerun without COOPATLAS_OVERWRITE_REFERENCES";
    }
    case reference_mode::compare:
        break;
    }
    if (!fs::exists(ref)) {
        write_bytes(out / "actual.png", png);
        return ::testing::AssertionFailure()
               << label << ": missing reference " << ref << "; the image is in " << out / "actual.png"
               << ". Write it with COOPATLAS_OVERWRITE_REFERENCES=1 (outside CI), "
                  "review it and commit it.";
    }
    const visual_comparison c = compare_with_reference(actual, render::read_png(ref.string()), scale);
    if (c.passes) return ::testing::AssertionSuccess();
    write_bytes(out / "actual.png", png);
    if (!c.difference.diff.empty()) write_bytes(out / "diff.png", render::encode_png(c.difference.diff));
    std::ostringstream html;
    html << "<!DOCTYPE html><html><body><h1>" << label << "</h1><p>" << describe(c)
         << "</p><table><tr><th>expected</th><th>actual</th><th>diff</th></tr><tr>"
         << "<td><img src=\"" << ref.string() << "\"></td><td><img src=\"actual.png\"></td>"
         << "<td><img src=\"diff.png\"></td></tr></table></body></html>\n";
    write_bytes(out / "report.html", html.str());
    return ::testing::AssertionFailure() << label << ": " << describe(c) << "; see " << out / "report.html";
}

} // namespace coopatlas::test
