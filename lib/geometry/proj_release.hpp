#pragma once
// The PROJ release this library runs ("Rel. 9.1.1, December 1st, 2022"): what the numbers kept
// between runs in the atlas cache folder depend on, besides the operations themselves.
// Private to the library.

#include <proj.h>

#include <string>

namespace coopatlas::geometry::detail {

inline const std::string& proj_release() {
    static const std::string release = [] {
        const PJ_INFO info = proj_info();
        return std::string(info.release ? info.release : "?");
    }();
    return release;
}

} // namespace coopatlas::geometry::detail
