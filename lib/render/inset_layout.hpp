#pragma once
// Where the insets of a frame go on the page (frame::inset_of).

#include <coopatlas/geometry/geometry.hpp>
#include <coopatlas/render/map.hpp>

#include <vector>

namespace coopatlas::render::detail {

/// Fills `boxes[i]` of every inset frame: stacked down the left side of its host's box,
/// from the top (below the host's caption), each `inset_size` of the host's width and
/// shaped like its extent (in projected units), at most 40 % of the host's height.
/// `base` is the furniture's base text size. Throws coopatlas::error for an inset whose
/// host is missing, is itself an inset, or comes after it.
void place_insets(const map& m, const std::vector<geometry::box>& extents, double base,
                  std::vector<geometry::box>& boxes);

} // namespace coopatlas::render::detail
