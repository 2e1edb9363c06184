#pragma once
// Cairo's SVG surface names a page's group, and every surface the page draws from, after a
// counter shared by the whole process ("surface2849"): the same page got other names after
// other outputs, or another interleaving of the threads that draw page images. The names
// are numbered again in the order they first appear, so that a page's SVG depends on the
// page alone. Private to the library.

#include <coopatlas/config.hpp>

#include <string>
#include <string_view>

namespace coopatlas::render::detail {

/// `svg` with each name "surfaceN" (N digits, after `"` or `#`) replaced by "surfaceK", K
/// counting the distinct names from 1 in order of first appearance.
COOPATLAS_API std::string number_surfaces_in_order(std::string_view svg);

} // namespace coopatlas::render::detail
