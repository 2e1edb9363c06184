#pragma once
// Escaping text for XML, SVG and HTML output. Private to the library.

#include <string>
#include <string_view>

namespace coopatlas::text::detail {

/// Appends `text` with &, <, > and " replaced by entities, and ' too unless
/// `apostrophe` is false (HTML text and double-quoted attributes do not need it).
void append_markup_escaped(std::string& out, std::string_view text, bool apostrophe = true);

/// The escaped copy of `text` (see append_markup_escaped).
std::string markup_escaped(std::string_view text, bool apostrophe = true);

} // namespace coopatlas::text::detail
