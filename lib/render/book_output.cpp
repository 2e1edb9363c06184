#include "render/book_output.hpp"

#include "render/cairo_backend.hpp"
#include "render/png_encoder.hpp"

#include <coopatlas/error.hpp>
#include <coopatlas/io/atomic_file.hpp>

#include <cmath>
#include <cstdio>
#include <filesystem>

namespace coopatlas::render::detail {

namespace fs = std::filesystem;

cairo_status_t append_to(void* closure, const unsigned char* data, unsigned int length) {
    static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
    return CAIRO_STATUS_SUCCESS;
}

void make_folder(const std::string& dir) {
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (ec || !fs::is_directory(dir)) throw error("cannot create the folder '" + dir + "': " + ec.message());
}

std::string page_file(const std::string& dir, std::size_t index, const char* ext) {
    char name[32];
    std::snprintf(name, sizeof name, "page-%03zu.%s", index + 1, ext);
    return (fs::path(dir) / name).string();
}

page_images::page_images(const book_layout& layout, const book_document& doc, const book_options& options)
    : layout_(layout), doc_(doc), options_(options), files_(layout.size()) {
    make_folder(options.png_dir);
    for (const bool maps : {true, false})
        for (std::size_t i = 0; i < layout.size(); ++i)
            if (layout.draws_a_map(i) == maps) order_.push_back(i);
}

void page_images::draw() noexcept {
    for (std::size_t k = next_++; k < order_.size(); k = next_++) {
        const std::size_t i = order_[k];
        try {
            files_[i] = draw_page(i);
        } catch (...) {
            const std::lock_guard lock(failure_mutex_);
            if (!failure_) failure_ = std::current_exception();
            next_ = order_.size();
        }
    }
}

std::vector<std::string> page_images::files() const {
    if (failure_) std::rethrow_exception(failure_);
    return files_;
}

std::string page_images::draw_page(std::size_t i) const {
    const int w = static_cast<int>(std::lround(doc_.width * options_.png_scale));
    const int h = static_cast<int>(std::lround(doc_.height * options_.png_scale));
    cairo_surface_ptr surface(cairo_image_surface_create(CAIRO_FORMAT_ARGB32, w, h));
    check_cairo_status(cairo_surface_status(surface.get()), "creating a page image");
    {
        cairo_ptr cr(cairo_create(surface.get()));
        cairo_scale(cr.get(), options_.png_scale, options_.png_scale);
        layout_.draw(cr.get(), i, false);
        check_cairo_status(cairo_status(cr.get()), "drawing a page image");
    }
    cairo_surface_flush(surface.get());
    // the map renderer's encoder: several times faster than Cairo's, same pixels
    const std::string bytes = detail::encode_image_png(cairo_image_surface_get_data(surface.get()), w, h,
                                                       cairo_image_surface_get_stride(surface.get()),
                                                       detail::pixel_format::argb32, 96 * options_.png_scale);
    const std::string file = page_file(options_.png_dir, i, "png");
    io::write_text_file(file, bytes, doc_.inputs);
    return file;
}

} // namespace coopatlas::render::detail
