#pragma once
/// \file
/// \brief One thing drawn by a map layer: a geometry with the value, label and
/// flags its style reads.

#include <coopatlas/config.hpp>
#include <coopatlas/geometry/geometry.hpp>

#include <limits>
#include <memory>
#include <string>

namespace coopatlas::render {

/// \brief A feature of a map layer, in the coordinates of the layer's CRS.
///
/// Flows are line strings from origin to destination: two points are drawn as a
/// straight or curved arc by the flow style; more points are drawn as given.
struct feature {
    std::string id{};              ///< entity or record id; labels and symbols of one feature share it
    std::string label{};           ///< text of a label layer; legend or tooltip text otherwise
    geometry::geometry geometry{}; ///< in the layer's CRS
    double value = std::numeric_limits<double>::quiet_NaN(); ///< thematic value; NaN = no data
    bool disputed = false;                                   ///< drawn with the style's disputed dash (boundaries)
    bool directed = false; ///< flows: origin → destination, arrowhead and one-way offset
    /// A geometry kept by its owner (an atlas's outline of a country or unit) that stands
    /// for `geometry` when set, `geometry` then being empty: a world map's background,
    /// choropleth and labels hold each outline once instead of a copy each.
    std::shared_ptr<const geometry::geometry> shared_geometry{};

    /// The geometry drawn: `*shared_geometry` when set, else `geometry`.
    [[nodiscard]] const geometry::geometry& shape() const noexcept {
        return shared_geometry ? *shared_geometry : geometry;
    }
};

} // namespace coopatlas::render
