// The map spec reader's YAML helpers: errors at the spec's line and column, scalars,
// lists, colours, paths, partnership filters, and the atlas loaded on first use.

#include "render/spec_reader.hpp"
#include "render/text_shaper.hpp"

#include <coopatlas/analysis/vocabulary.hpp>
#include <coopatlas/error.hpp>
#include <coopatlas/io/atlas_manifest.hpp>
#include <coopatlas/io/dataset_name.hpp>
#include <coopatlas/render/color.hpp>
#include <coopatlas/text/fold.hpp>
#include <coopatlas/text/parse_value.hpp>

#include <algorithm>
#include <filesystem>
#include <limits>

namespace coopatlas::render::detail {

namespace fs = std::filesystem;

std::string nearest(const std::string& word, const std::vector<std::string>& known) {
    std::string best;
    std::size_t best_d = 3;
    for (const auto& k : known) {
        const std::size_t d = text::edit_distance(word, k);
        if (d < best_d) {
            best_d = d;
            best = k;
        }
    }
    return best;
}

void spec_reader::fail(const YAML::Node& n, const std::string& message, const std::string& suggestion) const {
    diagnostic d;
    d.file = name_;
    if (n.IsDefined()) {
        const YAML::Mark m = n.Mark();
        if (m.line >= 0) {
            d.line = m.line + 1;
            d.column = m.column + 1;
        }
    }
    d.message = message;
    d.suggestion = suggestion;
    throw input_error(d);
}

std::string spec_reader::font_of(const YAML::Node& n, const std::string& key) {
    const std::string families = str(n);
    const font_families_check found = check_font_families(families);
    if (found.missing.empty()) return families;
    std::string names;
    for (const auto& m : found.missing)
        names += (names.empty() ? "'" : ", '") + m + "'";
    const std::string message =
        "font " + names + " (key '" + key + "') " + (found.missing.size() > 1 ? "are" : "is") + " not installed";
    const std::string suggestion = "install it, or name an installed family ('fc-list : family' lists them)";
    if (options_.strict_fonts) fail(n, message + " (fontconfig would use '" + found.used + "')", suggestion);
    diagnostic d;
    d.file = name_;
    if (const YAML::Mark m = n.Mark(); m.line >= 0) {
        d.line = m.line + 1;
        d.column = m.column + 1;
    }
    d.message = "warning: " + message + "; '" + found.used + "' is used instead";
    d.suggestion = suggestion + "; render --strict-fonts makes this an error";
    spec_.warnings.push_back(std::move(d));
    return families;
}

void spec_reader::check_keys(const YAML::Node& n, const std::vector<std::string>& allowed,
                             const std::string& where) const {
    if (!n.IsMap()) fail(n, where + " must be a map of keys");
    for (const auto& kv : n) {
        if (!kv.first.IsScalar())
            fail(kv.first, "a key in " + where + " must be a word, not " +
                               (kv.first.IsSequence() ? "a list" : kv.first.IsMap() ? "a map" : "nothing"));
        const std::string key = kv.first.Scalar();
        if (std::find(allowed.begin(), allowed.end(), key) != allowed.end()) continue;
        const std::string near = nearest(key, allowed);
        fail(kv.first, "unknown key '" + key + "' in " + where,
             near.empty() ? "see README.md, section \"Map specs\", for the keys" : "did you mean '" + near + "'?");
    }
}

std::string spec_reader::str(const YAML::Node& n) const {
    if (!n.IsScalar()) fail(n, "expected a text value");
    return n.as<std::string>();
}

// Numbers and flags go through the same strict parser as file attributes and
// command-line options: "1.5 km", ".nan" or "y" are refused at their line and column.
double spec_reader::num(const YAML::Node& n) const {
    if (!n.IsScalar()) fail(n, "expected a number");
    const auto r = text::parse_number(n.Scalar());
    if (!r) fail(n, r.problem, r.suggestion);
    return *r;
}

long long spec_reader::whole(const YAML::Node& n, long long min, long long max) const {
    if (!n.IsScalar()) fail(n, "expected a whole number");
    const auto r = text::parse_integer(n.Scalar(), min, max);
    if (!r) fail(n, r.problem, r.suggestion);
    return *r;
}

bool spec_reader::flag(const YAML::Node& n) const {
    if (!n.IsScalar()) fail(n, "expected true or false");
    const auto r = text::parse_bool(n.Scalar());
    if (!r) fail(n, r.problem, r.suggestion);
    return *r;
}

std::vector<double> spec_reader::nums(const YAML::Node& n) const {
    std::vector<double> out;
    if (n.IsScalar()) {
        out.push_back(num(n));
    } else if (n.IsSequence()) {
        for (const auto& x : n)
            out.push_back(num(x));
    } else {
        fail(n, "expected a number or a list of numbers");
    }
    return out;
}

std::vector<std::string> spec_reader::words(const YAML::Node& n) const {
    std::vector<std::string> out;
    if (n.IsScalar()) {
        for (auto& w : text::split(n.as<std::string>(), ','))
            out.push_back(std::move(w));
    } else if (n.IsSequence()) {
        for (const auto& x : n)
            out.push_back(str(x));
    } else {
        fail(n, "expected a word or a list of words");
    }
    return out;
}

color spec_reader::colour(const YAML::Node& n) const {
    const std::string s = str(n);
    if (s == "none") return {0, 0, 0, 0};
    try {
        return parse_color(s);
    } catch (const error& e) {
        fail(n, e.what());
    }
}

geometry::box spec_reader::box4(const YAML::Node& n) const {
    const auto v = nums(n);
    if (v.size() != 4 || !(v[0] < v[2]) || !(v[1] < v[3]))
        fail(n, "expected [min_x, min_y, max_x, max_y] with min < max");
    return {v[0], v[1], v[2], v[3]};
}

std::string spec_reader::path_of(const YAML::Node& n) {
    std::string p = str(n);
    const auto at = p.find("{data}");
    if (at != std::string::npos) p.replace(at, 6, data_dir());
    fs::path fp(p);
    if (fp.is_relative()) fp = fs::path(base_) / fp;
    return fp.lexically_normal().string();
}

std::string spec_reader::source_of(const YAML::Node& n) {
    std::string p = str(n);
    const auto at = p.find("{data}");
    if (at != std::string::npos) p.replace(at, 6, data_dir());
    return io::resolve_source(base_, p);  // PG:…, /vsizip/…: to GDAL as given
}

std::string spec_reader::manifest_path() {
    if (!options_.manifest.empty()) return options_.manifest;
    if (!manifest_.empty()) return manifest_;
    return io::default_manifest();
}

std::string spec_reader::data_dir() { return fs::path(manifest_path()).parent_path().string(); }

const model::atlas& spec_reader::atlas() {
    ++atlas_calls_;
    if (options_.atlas) {
        atlas_used_ = true;
        return *options_.atlas;
    }
    if (!atlas_) {
        const std::string m = manifest_path();
        atlas_ = std::make_shared<model::atlas>(io::load_atlas(m));
        spec_.inputs.push_back(m);
    }
    atlas_used_ = true;
    return *atlas_;
}

bool spec_reader::load_deferred(const std::string& why) {
    atlas();
    if (options_.atlas || !atlas_ || !atlas_->has_deferred()) return false;
    const std::size_t added = atlas_->load_deferred();
    spec_.read_deferred_layers = true;
    spec_.notes.push_back("deferred layers read for " + why + ": " + std::to_string(added) + " entities");
    return true;
}

std::vector<double> spec_reader::dash(const YAML::Node& n) const {
    const std::vector<double> out = nums(n);
    double total = 0;
    for (const double d : out) {
        if (d < 0) fail(n, "a dash length cannot be negative", "give lengths of dashes and gaps in pixels, e.g. [4, 2]");
        total += d;
    }
    if (!(total > 0))
        fail(n, "a dash pattern of zero lengths draws nothing", "give lengths of dashes and gaps in pixels, e.g. [4, 2]");
    return out;
}

void spec_reader::check_filter_values(const YAML::Node& n) {
    if (!n.IsDefined() || !n.IsMap()) return;
    using list = std::vector<std::string> analysis::filter::*;
    const std::pair<const char*, list> keys[] = {{"kinds", &analysis::filter::kinds},
                                                 {"themes", &analysis::filter::themes},
                                                 {"sources", &analysis::filter::sources},
                                                 {"countries", &analysis::filter::countries}};
    std::vector<diagnostic> problems;
    auto check_one = [&](const char* key, list member, const YAML::Node& item) {
        analysis::filter one;
        one.*member = words(item);
        try {
            analysis::check_filter(one, atlas(), name_);
        } catch (const input_error& e) {
            const YAML::Mark m = item.Mark();
            for (diagnostic d : e.diagnostics()) {
                d.file = name_;
                d.line = m.line >= 0 ? m.line + 1 : 0;
                d.column = m.line >= 0 ? m.column + 1 : 0;
                d.field = std::string("filter.") + key;
                problems.push_back(std::move(d));
            }
        }
    };
    for (const auto& [key, member] : keys) {
        const YAML::Node values = n[key];
        if (!values) continue;
        if (values.IsSequence())
            for (const auto& item : values) check_one(key, member, item);
        else
            check_one(key, member, values);
    }
    if (!problems.empty()) throw input_error(std::move(problems));
}

analysis::filter spec_reader::read_filter(const YAML::Node& n) const {
    check_keys(n, {"kinds", "themes", "sources", "countries", "from", "to", "undated", "two_sided"}, "filter");
    analysis::filter f;
    if (n["kinds"]) f.kinds = words(n["kinds"]);
    if (n["themes"]) f.themes = words(n["themes"]);
    if (n["sources"]) f.sources = words(n["sources"]);
    if (n["countries"]) f.countries = words(n["countries"]);
    constexpr long long int_min = std::numeric_limits<int>::min(), int_max = std::numeric_limits<int>::max();
    if (n["from"]) f.year_from = static_cast<int>(whole(n["from"], int_min, int_max));
    if (n["to"]) f.year_to = static_cast<int>(whole(n["to"], int_min, int_max));
    if (f.year_from && f.year_to && *f.year_from > *f.year_to)
        fail(n["to"], "the year range " + std::to_string(*f.year_from) + "-" + std::to_string(*f.year_to) + " is empty",
             "swap the two years");
    if (n["undated"]) {
        const std::string v = str(n["undated"]);
        if (v != "keep" && v != "drop") fail(n["undated"], "undated must be 'keep' or 'drop'");
        f.keep_undated = v == "keep";
    }
    if (n["two_sided"]) f.two_sided_only = flag(n["two_sided"]);
    return f;
}

} // namespace coopatlas::render::detail
