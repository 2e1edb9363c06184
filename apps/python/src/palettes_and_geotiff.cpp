// Palettes (the colours of classes) and GeoTIFF writing (of a surface such as kde's).

#include "bindings.hpp"

#include <coopatlas/io/raster_writer.hpp>
#include <coopatlas/render/color.hpp>
#include <coopatlas/render/palettes.hpp>

#include <pybind11/stl.h>

#include <map>
#include <optional>
#include <tuple>

namespace coopatlas::python {

void bind_palettes_and_geotiff(py::module_& m) {
    m.def(
        "palette",
        [](const std::string& name, std::size_t k) {
            std::vector<std::string> out;
            for (const auto& c : render::palette(name, k))
                out.push_back(render::to_hex(c));
            return out;
        },
        py::arg("name"), py::arg("k"), "k colours ('#rrggbb') of a named palette, low values first ('-r' reverses).");
    m.def(
        "palettes",
        [] {
            std::vector<std::tuple<std::string, std::string, std::size_t>> out;
            for (const auto& p : render::palettes())
                out.emplace_back(std::string(p.name),
                                 p.kind == render::palette_kind::sequential  ? "sequential"
                                 : p.kind == render::palette_kind::diverging ? "diverging"
                                                                             : "continuous",
                                 p.max_classes);
            return out;
        },
        "Every palette: (name, kind, largest number of classes).");
    m.def(
        "write_geotiff",
        [](const std::string& path, const py::array_t<double, py::array::c_style | py::array::forcecast>& values,
           const std::vector<double>& transform, const std::string& crs, std::optional<double> nodata,
           const std::string& description, const std::map<std::string, std::string>& metadata,
           const std::vector<std::string>& protect) {
            if (values.ndim() != 2) bad_argument("array", "the array must have two dimensions (rows, columns)");
            if (transform.size() != 6 || transform[1] != 0 || transform[3] != 0 || !(transform[0] > 0) ||
                !(transform[4] < 0))
                bad_argument("transform", "the transform must be north-up: (a, 0, c, 0, e, f) with a > 0 and e < 0");
            io::raster r;
            r.rows = static_cast<std::size_t>(values.shape(0));
            r.columns = static_cast<std::size_t>(values.shape(1));
            r.cell_width = transform[0];
            r.west = transform[2];
            r.cell_height = -transform[4];
            r.north = transform[5];
            r.crs = crs;
            r.values.assign(values.data(), values.data() + values.size());
            r.nodata = nodata;
            r.description = description;
            r.metadata = metadata;
            without_gil([&] {
                io::write_geotiff(path, r, {}, protect);
                return 0;
            });
        },
        py::arg("path"), py::arg("array"), py::arg("transform"), py::arg("crs"), py::arg("nodata") = py::none(),
        py::arg("description") = "", py::arg("metadata") = std::map<std::string, std::string>{},
        py::arg("protect") = std::vector<std::string>{},
        "Writes a Float32 GeoTIFF (DEFLATE) atomically, never over a protected input.");
}

} // namespace coopatlas::python
