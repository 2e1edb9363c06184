#pragma once
// Where the frames of small multiples go: rows of equal cells (map::columns).

#include <coopatlas/geometry/geometry.hpp>

#include <cstddef>
#include <vector>

namespace coopatlas::render::detail {

/// Fills `boxes[i]` for each frame `i` of `which`, in reading order, in rows of `columns`
/// cells separated by `gap`, within `avail_w` × `avail_h` with its top-left corner at
/// (0, 0): every frame gets the same height, the largest that lets the widest extent (in
/// projected units) fit its cell. Returns the width of the grid.
double place_grid(const std::vector<geometry::box>& extents, const std::vector<std::size_t>& which,
                  std::size_t columns, double avail_w, double avail_h, double gap, std::vector<geometry::box>& boxes);

} // namespace coopatlas::render::detail
