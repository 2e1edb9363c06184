#pragma once
// How many threads the renderer's parallel work takes: one per core, four at most (beyond
// four, the bands of a picture and the maps of a book share memory bandwidth more than cores).

#include <algorithm>
#include <thread>

namespace coopatlas::render::detail {

inline unsigned render_threads() {
    return std::min(std::max(1u, std::thread::hardware_concurrency()), 4u);
}

} // namespace coopatlas::render::detail
