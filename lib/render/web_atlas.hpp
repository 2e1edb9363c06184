#pragma once
// The web atlas of a book (coopatlas atlas --html DIR): a static site with an index,
// one page per map and per unit page, each map as inline SVG whose features carry
// their partnerships (and names in other languages) for atlas.js, each map page with the
// table of the units it draws, and the unit tables as HTML tables, sortable in the page.

#include "render/book_pages.hpp"

#include <string>
#include <vector>

namespace coopatlas::render::detail {

/// Writes the site into `dir`: built in a temporary sibling folder, then renamed onto
/// `dir` (an earlier site there is replaced; a folder holding anything else, or an
/// input, is refused). Returns the files written, under `dir`.
std::vector<std::string> write_web_atlas(const book_document& doc, const book_layout& layout, const std::string& dir);

} // namespace coopatlas::render::detail
