// Maps: a spec (file or text) read and prepared once, drawn to PNG, SVG or PDF.

#include "bindings.hpp"

#include <coopatlas/error.hpp>
#include <coopatlas/render/map_renderer.hpp>
#include <coopatlas/render/map_spec.hpp>

#include <pybind11/stl.h>

#include <cmath>
#include <memory>
#include <mutex>

namespace coopatlas::python {

namespace {

/// A spec read and its renderer. A map_renderer may be used by one thread at a time:
/// the mutex serialises the drawing calls of Python threads sharing a Map.
class prepared_map {
  public:
    prepared_map(render::map_spec spec, std::shared_ptr<loaded_atlas> atlas)
        : spec_(std::move(spec)), atlas_(std::move(atlas)), renderer_(spec_.page) {}

    static std::unique_ptr<prepared_map> from_file(const std::string& path, const std::string& manifest,
                                                   std::shared_ptr<loaded_atlas> atlas) {
        return without_gil([&] {
            render::spec_options o;
            o.manifest = manifest;
            if (atlas) o.atlas = &atlas->atlas;
            return std::make_unique<prepared_map>(render::load_map_spec(path, o), atlas);
        });
    }

    static std::unique_ptr<prepared_map> from_text(const std::string& yaml, const std::string& base_dir,
                                                   const std::string& name, const std::string& manifest,
                                                   std::shared_ptr<loaded_atlas> atlas) {
        return without_gil([&] {
            render::spec_options o;
            o.manifest = manifest;
            if (atlas) o.atlas = &atlas->atlas;
            return std::make_unique<prepared_map>(render::parse_map_spec(yaml, base_dir, name, o), atlas);
        });
    }

    [[nodiscard]] double scale_for(std::optional<double> dpi, std::optional<double> scale) const {
        double s = spec_.scale;
        if (dpi) {
            if (!(*dpi > 0) || !std::isfinite(*dpi)) throw error("dpi must be a positive number");
            s = *dpi / 96;
        }
        if (scale) {
            if (!(*scale > 0) || !std::isfinite(*scale)) throw error("scale must be a positive number");
            s = *scale;
        }
        return s;
    }

    py::bytes draw(render::output_format format, double scale) const {
        const std::string bytes = without_gil([&] {
            const std::lock_guard<std::mutex> lock(mutex_);
            render::render_options o;
            o.scale = scale;
            return renderer_.render(format, o);
        });
        return py::bytes(bytes);
    }

    void save(const std::string& path, double scale, const std::vector<std::string>& protect) const {
        (void)render::format_from_path(path);
        without_gil([&] {
            const std::lock_guard<std::mutex> lock(mutex_);
            render::render_options o;
            o.scale = scale;
            std::vector<std::string> inputs = spec_.inputs;
            inputs.insert(inputs.end(), protect.begin(), protect.end());
            renderer_.render_to_file(path, o, inputs);
            return 0;
        });
    }

    [[nodiscard]] const render::map_spec& spec() const noexcept { return spec_; }
    [[nodiscard]] const render::render_report& report() const noexcept { return renderer_.report(); }

  private:
    render::map_spec spec_;
    std::shared_ptr<loaded_atlas> atlas_; // kept alive while the map is
    render::map_renderer renderer_;       // refers to spec_.page
    mutable std::mutex mutex_;
};

py::dict report_dict(const render::render_report& r) {
    py::dict d;
    py::list frames;
    for (const auto& f : r.frames) {
        py::dict fd;
        fd["id"] = f.id;
        fd["crs"] = f.crs;
        fd["scale_bar_m"] = f.scale_bar.shown ? py::object(py::float_(f.scale_bar.length_m)) : py::object(py::none());
        fd["north_angle_deg"] = f.north_angle_deg;
        frames.append(fd);
    }
    py::list layers;
    for (const auto& l : r.layers) {
        py::dict ld;
        ld["id"] = l.id;
        ld["kind"] = l.kind;
        ld["features"] = l.features;
        ld["circles"] = l.circles;
        ld["dashed_paths"] = l.dashed_paths;
        ld["arrowheads"] = l.arrowheads;
        ld["labels"] = l.labels;
        layers.append(ld);
    }
    py::list labels;
    for (const auto& l : r.labels) {
        py::dict ld;
        ld["layer_id"] = l.layer_id;
        ld["feature_id"] = l.feature_id;
        ld["text"] = l.text;
        ld["size"] = l.size;
        ld["leader"] = l.leader;
        labels.append(ld);
    }
    py::list legend;
    for (const auto& l : r.legend)
        legend.append(py::make_tuple(l.layer_id, l.label));
    d["frames"] = frames;
    d["layers"] = layers;
    d["labels"] = labels;
    d["dropped_labels"] = r.dropped_labels;
    d["legend"] = legend;
    d["features_drawn"] = r.features_drawn;
    d["flows_without_frame"] = r.flows_without_frame;
    return d;
}

} // namespace

void bind_render(py::module_& m) {
    py::class_<prepared_map>(m, "PreparedMap",
                             "A map spec read, its data step run and the map laid out once; draws to PNG, SVG or "
                             "PDF. Python threads may share it (drawing calls run one at a time).")
        .def_static("from_file", &prepared_map::from_file, py::arg("path"), py::arg("manifest") = "",
                    py::arg("atlas") = nullptr, "Reads a spec file (YAML). Releases the GIL.")
        .def_static("from_text", &prepared_map::from_text, py::arg("yaml"), py::arg("base_dir"),
                    py::arg("name") = "spec", py::arg("manifest") = "", py::arg("atlas") = nullptr,
                    "Reads a spec from YAML text; relative file names are taken from base_dir. Releases the GIL.")
        .def(
            "png",
            [](const prepared_map& p, std::optional<double> dpi, std::optional<double> scale) {
                return p.draw(render::output_format::png, p.scale_for(dpi, scale));
            },
            py::arg("dpi") = py::none(), py::arg("scale") = py::none(), "PNG bytes.")
        .def(
            "svg", [](const prepared_map& p) { return py::str(std::string(p.draw(render::output_format::svg, 1))); },
            "SVG text.")
        .def(
            "pdf", [](const prepared_map& p) { return p.draw(render::output_format::pdf, 1); }, "PDF bytes.")
        .def(
            "save",
            [](const prepared_map& p, const std::string& path, std::optional<double> dpi, std::optional<double> scale,
               const std::vector<std::string>& protect) { p.save(path, p.scale_for(dpi, scale), protect); },
            py::arg("path"), py::arg("dpi") = py::none(), py::arg("scale") = py::none(),
            py::arg("protect") = std::vector<std::string>{},
            "Writes the map atomically; the format follows the extension (.png, .svg, .pdf).")
        .def_property_readonly(
            "width", [](const prepared_map& p) { return p.spec().page.width; }, "page width in CSS pixels")
        .def_property_readonly(
            "height", [](const prepared_map& p) { return p.spec().page.height; }, "page height in CSS pixels")
        .def_property_readonly(
            "scale", [](const prepared_map& p) { return p.spec().scale; },
            "PNG pixels per page pixel, from the spec's dpi or scale")
        .def_property_readonly(
            "path", [](const prepared_map& p) { return p.spec().path; }, "the spec file, or ''")
        .def_property_readonly(
            "inputs", [](const prepared_map& p) { return p.spec().inputs; }, "files read")
        .def_property_readonly(
            "notes", [](const prepared_map& p) { return p.spec().notes; }, "what the data step did")
        .def_property_readonly(
            "warnings",
            [](const prepared_map& p) {
                std::vector<std::string> out;
                for (const auto& w : p.spec().warnings)
                    out.push_back(w.to_string());
                return out;
            },
            "problems that do not stop the map (a font that is not installed), at the spec's line")
        .def_property_readonly(
            "report", [](const prepared_map& p) { return report_dict(p.report()); },
            "frames, layers, labels placed and dropped, legend");
}

} // namespace coopatlas::python
