#include "io/library_file.hpp"

#include <system_error>

#if !defined(_WIN32)
#    include <dlfcn.h>
#endif

namespace coopatlas::io::detail {

namespace fs = std::filesystem;

fs::path library_file() {
    std::error_code ec;
#if defined(COOPATLAS_STATIC_LIBRARY) && defined(__linux__)
    fs::path exe = fs::read_symlink("/proc/self/exe", ec);
    return ec ? fs::path() : exe;
#elif defined(COOPATLAS_STATIC_LIBRARY) || defined(_WIN32)
    return {};
#else
    Dl_info info{};
    if (dladdr(reinterpret_cast<const void*>(&library_file), &info) == 0 || !info.dli_fname || !*info.dli_fname)
        return {};
    fs::path file = fs::weakly_canonical(fs::absolute(info.dli_fname, ec), ec);
    return ec ? fs::path() : file;
#endif
}

} // namespace coopatlas::io::detail
