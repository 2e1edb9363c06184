// A GDAL module as another version of coopatlas would build it: its entry point answers with
// that version's name and no function. libcoopatlas must refuse it rather than call into it
// (tests/cli/test_gdal_module.py puts it beside a copy of the library).

#include "io/gdal_module.hpp"

extern "C" __attribute__((visibility("default"))) const coopatlas::io::detail::gdal_functions*
coopatlas_gdal_functions() {
    static const coopatlas::io::detail::gdal_functions functions = [] {
        coopatlas::io::detail::gdal_functions f{};
        f.version = "0.0.0-another";
        f.size = sizeof f;
        return f;
    }();
    return &functions;
}
