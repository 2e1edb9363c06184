// The compiled part of the coopatlas Python package (coopatlas/_coopatlas*.so).
// The public API is the package itself (coopatlas/__init__.py), which wraps these
// functions into pandas and GeoPandas results.

#include "bindings.hpp"

#include <coopatlas/version.hpp>

PYBIND11_MODULE(_coopatlas, m) {
    using namespace coopatlas::python;
    m.doc() = "Compiled core of the coopatlas package: the C++ library's atlas, analyses and map renderer. "
              "Use the coopatlas package, which returns pandas and GeoPandas objects.";
    m.attr("__version__") = COOPATLAS_VERSION_STRING;
    bind_errors(m);
    bind_atlas(m);
    bind_analysis(m);
    bind_statistics(m);
    bind_palettes_and_geotiff(m);
    bind_render(m);
}
