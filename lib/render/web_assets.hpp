#pragma once
// The two hand-written files every web atlas carries: its script (tooltips of the map
// features by mouse and keyboard, sortable tables, the language of names) and its style
// sheet (one column, down to a phone's width). No library, no network.

namespace coopatlas::render::detail {

extern const char* const web_atlas_js;
extern const char* const web_atlas_css;

} // namespace coopatlas::render::detail
