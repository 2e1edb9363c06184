#pragma once
// The Python module _coopatlas: declarations shared by its source files.
//
// The module is thin: every figure comes from the library (or from the command-line
// helpers in apps/coopatlas that the module compiles too), so that the command line,
// Python and QGIS give the same numbers. Tables go to Python as a dict of columns
// (numpy arrays for numbers, lists of str for text) and geometries as WKB, which the
// pure-Python part of the package turns into pandas and GeoPandas objects.

#include <coopatlas/geometry/geometry.hpp>
#include <coopatlas/io/atlas_manifest.hpp>
#include <coopatlas/model/atlas.hpp>

#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace coopatlas::python {

namespace py = pybind11;

/// An atlas loaded from a manifest, with the manifest it came from (its files are the
/// inputs an output must never overwrite). Immutable once loaded, so it may be used by
/// several Python threads at once.
struct loaded_atlas {
    io::atlas_manifest manifest;
    model::atlas atlas;
};

/// Runs f with the GIL released and returns its result.
template <class F> auto without_gil(F&& f) {
    py::gil_scoped_release release;
    return f();
}

/// Columns of a table, in order, built from C++ vectors (GIL held).
class columns {
  public:
    void text(const char* name, const std::vector<std::string>& values);
    void real(const char* name, const std::vector<double>& values);
    void integer(const char* name, const std::vector<long long>& values);
    void boolean(const char* name, const std::vector<bool>& values);
    void add(const char* name, py::object column) { dict_[name] = std::move(column); }
    [[nodiscard]] py::dict dict() const { return dict_; }

  private:
    py::dict dict_;
};

/// Well-known binary of a geometry (little endian, 2D); empty for no geometry.
std::string to_wkb(const geometry::geometry& g);
/// Reads WKB (either byte order, ISO or extended Z/M/SRID flags, whose extra ordinates
/// are dropped) as the library reads an OGR geometry: polygons, multipolygons and
/// collections of polygons become one normalised multipolygon. Throws coopatlas::error.
geometry::geometry from_wkb(std::string_view wkb);
/// A list of bytes (WKB) or None per geometry.
py::list wkb_list(const std::vector<const geometry::geometry*>& geometries);
/// The same for geometries held by value.
inline py::list wkb_list(const std::vector<geometry::geometry>& geometries) {
    std::vector<const geometry::geometry*> g;
    for (const auto& one : geometries)
        g.push_back(&one);
    return wkb_list(g);
}
/// Raises InputError for the argument `name` of a module function (defined in analysis.cpp).
[[noreturn]] void bad_argument(const std::string& name, const std::string& message, const std::string& suggestion = {});

void bind_errors(py::module_& m);
void bind_atlas(py::module_& m);
void bind_analysis(py::module_& m);
void bind_statistics(py::module_& m);
void bind_palettes_and_geotiff(py::module_& m);
void bind_render(py::module_& m);

} // namespace coopatlas::python
