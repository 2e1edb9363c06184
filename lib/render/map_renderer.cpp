// The map_renderer: the map prepared once (map_preparation.cpp), then drawn to PNG, SVG,
// PDF or a Cairo context; and the output format a file name asks for.

#include <coopatlas/error.hpp>
#include <coopatlas/io/atomic_file.hpp>
#include <coopatlas/render/map_renderer.hpp>

#include "render/cairo_backend.hpp"
#include "render/map_renderer_impl.hpp"
#include "render/svg_backend.hpp"
#include "render/text_shaper.hpp"

#include <cctype>

namespace coopatlas::render {

using namespace detail;

namespace {
std::string lower(std::string s) {
    for (auto& c : s)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}
} // namespace

output_format format_from_path(const std::string& path) {
    const auto dot = path.find_last_of('.');
    const std::string ext = dot == std::string::npos ? std::string{} : lower(path.substr(dot + 1));
    if (ext == "png") return output_format::png;
    if (ext == "svg") return output_format::svg;
    if (ext == "pdf") return output_format::pdf;
    throw error("cannot tell the map format of '" + path + "': use a .png, .svg or .pdf file name");
}

const char* to_string(output_format f) noexcept {
    switch (f) {
    case output_format::png:
        return "png";
    case output_format::svg:
        return "svg";
    case output_format::pdf:
        return "pdf";
    }
    return "png";
}

void load_fonts() {
    load_font_configuration();
}

map_renderer::map_renderer(const map& m, const layout_options& options)
    : impl_(std::make_unique<impl>(m, options)) {}
map_renderer::~map_renderer() = default;
map_renderer::map_renderer(map_renderer&&) noexcept = default;
map_renderer& map_renderer::operator=(map_renderer&&) noexcept = default;

const render_report& map_renderer::report() const noexcept {
    return impl_->report;
}

std::string map_renderer::render(output_format format, const render_options& options) const {
    switch (format) {
    case output_format::png:
        return render_png(impl_->page, options.scale, options.scale * 96);
    case output_format::svg:
        return detail::render_svg(impl_->page);
    case output_format::pdf:
        return render_pdf(impl_->page);
    }
    throw error("unknown output format");
}

std::string map_renderer::render_svg(const svg_feature_metadata& metadata) const {
    return detail::render_svg(impl_->page, metadata ? &metadata : nullptr);
}

void map_renderer::draw(cairo_t* cr) const {
    draw_page(cr, impl_->page);
}

void map_renderer::render_to_file(const std::string& path, const render_options& options,
                                  const std::vector<std::string>& protected_inputs) const {
    io::write_text_file(path, render(format_from_path(path), options), protected_inputs);
}

} // namespace coopatlas::render
