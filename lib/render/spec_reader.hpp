#pragma once
// The reader of map specs, shared by the files that read each part of a spec: the page
// (map_spec.cpp), frames (spec_frame.cpp), layers and their data (spec_layer.cpp,
// spec_atlas_layer.cpp, spec_file_layer.cpp) and styles (spec_style.cpp). Its YAML
// helpers (spec_reader.cpp) report every wrong value as an input_error at the spec's
// file, line and column.

#include <coopatlas/analysis/coverage.hpp>
#include <coopatlas/analysis/coverage_cache.hpp>
#include <coopatlas/analysis/filter.hpp>
#include <coopatlas/geometry/geometry.hpp>
#include <coopatlas/model/atlas.hpp>
#include <coopatlas/render/map_spec.hpp>

#include <yaml-cpp/yaml.h>

#include <cstddef>
#include <limits>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace coopatlas::render::detail {

/// A frame's features split into the bulk (its envelope) and the ids of remote outliers.
struct outlier_split {
    geometry::box bulk{};
    std::vector<std::string> outliers{};
};
/// See spec_frame.cpp: outliers lie farther than 10 median distances from the median centre.
outlier_split split_outliers(const std::vector<std::pair<std::string, geometry::box>>& items, bool lonlat);
/// The equal-area projection the renderer picks for a lon/lat area (rule in spec_frame.cpp).
std::string auto_projection(const geometry::box& lonlat);

inline constexpr double nan = std::numeric_limits<double>::quiet_NaN();

/// The known word nearest to `word` (at most two edits away), or "" when none is.
std::string nearest(const std::string& word, const std::vector<std::string>& known);

/// What a layer's keys say about the value and label of each of its features.
struct layer_values {
    analysis::filter filter{};  ///< the layer's own filter, else the spec's
    std::string value_word{};   ///< the `value` key as written (an analysis, a field, a number)
    double constant = nan;      ///< the `value` key when it is a number
    bool has_constant = false;
    std::string label_word{};   ///< the `label` key: name, none, a field or a {template}

    /// Whether `value` names an analysis (atlas units) or a field (files).
    [[nodiscard]] bool value_is_named() const noexcept {
        return !value_word.empty() && !has_constant && value_word != "none";
    }
    /// The number given as `value`, else no data.
    [[nodiscard]] double constant_or_nan() const noexcept { return has_constant ? constant : nan; }
};

class spec_reader {
  public:
    spec_reader(std::string name, std::string base_dir, const spec_options& options)
        : name_(std::move(name)), base_(std::move(base_dir)), options_(options) {}

    map_spec read(const YAML::Node& root);

  private:
    // errors and scalars (spec_reader.cpp)
    [[noreturn]] void fail(const YAML::Node& n, const std::string& message, const std::string& suggestion = {}) const;
    void check_keys(const YAML::Node& n, const std::vector<std::string>& allowed, const std::string& where) const;
    std::string str(const YAML::Node& n) const;
    double num(const YAML::Node& n) const;
    long long whole(const YAML::Node& n, long long min, long long max) const;
    bool flag(const YAML::Node& n) const;
    std::vector<double> nums(const YAML::Node& n) const;
    /// A dash pattern: lengths of dashes and gaps in pixels, none negative, not all 0.
    std::vector<double> dash(const YAML::Node& n) const;
    std::vector<std::string> words(const YAML::Node& n) const;
    color colour(const YAML::Node& n) const;
    geometry::box box4(const YAML::Node& n) const;
    std::string path_of(const YAML::Node& n);
    /// A data source: a path relative to the spec, or a GDAL dataset name (PG:…, /vsizip/…) as given.
    std::string source_of(const YAML::Node& n);
    analysis::filter read_filter(const YAML::Node& n) const;
    /// Every kind, theme, source and country of a filter node must occur in the atlas's
    /// partnerships: an error at the value's own line, with the nearest known values.
    void check_filter_values(const YAML::Node& n);
    /// The family list of a `font` key; a family fontconfig lacks is a warning, or an
    /// error with spec_options::strict_fonts.
    std::string font_of(const YAML::Node& n, const std::string& key);

    // the atlas, loaded on first use (spec_reader.cpp)
    std::string manifest_path();
    std::string data_dir();
    const model::atlas& atlas();
    /// Reads the atlas's deferred layers (a manifest's `lazy` layers) when it has some and
    /// the spec owns it, with a note giving `why`; returns whether it read them. Cached
    /// analyses are dropped, since reading invalidates pointers to entities.
    bool load_deferred(const std::string& why);

    // the page (map_spec.cpp) and its frames (spec_frame.cpp)
    void read_page_keys(const YAML::Node& root);
    void read_credits(const YAML::Node& root);
    frame read_frame(const YAML::Node& n, std::size_t index, bool top_level);
    void take_insets(map& m);
    // small multiples: the single frame once per year (spec_small_multiples.cpp)
    void read_small_multiples(const YAML::Node& root);
    void restrict_to_panel(analysis::filter& f) const;
    void add_outlier_insets(const frame& host, const std::vector<std::pair<std::string, geometry::box>>& items,
                            const std::vector<std::string>& outliers, bool lonlat);
    void add_context(frame& f, const geometry::box& lonlat_extent);
    void read_locator(frame& f, const YAML::Node& ln);
    // the steps of read_frame
    enum class outlier_mode { exclude, inset, include }; // `outliers:`, for an extent drawn from the data
    geometry::box read_frame_extent(frame& f, const YAML::Node& n, bool explicit_crs);
    void read_frame_layers(frame& f, const YAML::Node& n, const std::string& read_crs,
                           const geometry::box& lonlat_extent);
    outlier_mode outlier_mode_of(const YAML::Node& n) const;
    geometry::box extent_from_data(frame& f, const std::string& read_crs, outlier_mode mode,
                                   geometry::box& lonlat_extent);
    // names the manifest declares (`extents:`, `projections:`), then the built-in ones
    YAML::Node manifest_key(const std::string& key);
    std::optional<geometry::box> extent_named(const std::string& word);
    std::string projection_of(const YAML::Node& n);

    // layers and their features (spec_layer.cpp)
    layer read_layer(const YAML::Node& n, const std::string& frame_crs, std::size_t index, bool overlay);
    void read_features(layer& l, const YAML::Node& n, const std::string& kind, const std::string& target_crs,
                       bool overlay);
    void read_inline_features(layer& l, const YAML::Node& n, const layer_values& v);
    std::string label_of(const YAML::Node& n, const layer_values& v, const model::entity& e, double value);
    std::string default_label(const model::entity& e, const YAML::Node& n);
    void check_label_languages(const YAML::Node& scripts);
    std::string apply_template(const std::string& tmpl, const std::string& name, const std::string& id, double value);

    // features from the atlas (spec_atlas_layer.cpp) and from files (spec_file_layer.cpp)
    void read_units(layer& l, const YAML::Node& n, const layer_values& v);
    void read_parties(layer& l, const YAML::Node& n, const layer_values& v);
    void read_partnerships(layer& l, const YAML::Node& n, const layer_values& v);
    void read_countries(layer& l, const YAML::Node& n, const layer_values& v);
    void read_entities(layer& l, const YAML::Node& n, const std::string& kind, const layer_values& v);
    void read_file_layer(layer& l, const YAML::Node& n, const layer_values& v, const std::string& target_crs);
    /// `g` (an outline of the atlas) as the geometry of `f`: shared with the atlas when its
    /// owner is given (spec_options::atlas_owner), else copied.
    void put_outline(feature& f, const geometry::geometry& g) const;

    // styles (spec_style.cpp)
    void read_style(layer& l, const YAML::Node& n, const std::string& kind);
    polygon_style read_polygon_style(layer& l, const YAML::Node& n);
    flow_style read_flow_style(layer& l, const YAML::Node& n);
    label_style read_label_style(const YAML::Node& n);

    std::string name_;
    std::string base_;
    const spec_options& options_;
    std::string manifest_;
    std::shared_ptr<model::atlas> atlas_;
    std::optional<YAML::Node> manifest_root_;
    geometry::box locator_around_{}; // lon/lat area of the frame being read, for its locator
    bool atlas_used_ = false;
    std::size_t atlas_calls_ = 0;
    analysis::filter filter_{};
    YAML::Node filter_node_{};  // the spec's `filter`, checked against the atlas when a layer uses it
    map_spec spec_;
    std::set<std::string> palettes_used_;
    std::set<std::string> checked_label_languages_;
    std::vector<frame> pending_insets_;  // outlier insets of the frame just read  // `scripts` lists already checked
    // layers over the same units and selection share one analysis, with the other specs
    // of a book when it gives its cache (spec_options::coverage_cache)
    analysis::coverage_cache own_coverage_cache_;
    analysis::coverage_cache& coverage_cache() {
        return options_.coverage_cache ? *options_.coverage_cache : own_coverage_cache_;
    }
    // the years of the panel being read (from, or none for every earlier year; to)
    std::optional<std::pair<std::optional<int>, int>> panel_years_;
};

} // namespace coopatlas::render::detail
