#include "render/book_output.hpp"

#include "render/cairo_backend.hpp"
#include "render/png_encoder.hpp"
#include "render/svg_surface_ids.hpp"

#include <coopatlas/error.hpp>
#include <coopatlas/io/atomic_file.hpp>

#include <cairo-pdf.h>
#include <cairo-svg.h>

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

void write_book_pdf(const book_layout& layout, const book_document& doc, const std::string& path) {
    constexpr double pt_per_unit = 72.0 / 96.0;
    std::string bytes;
    {
        cairo_surface_ptr surface(
            cairo_pdf_surface_create_for_stream(append_to, &bytes, doc.width * pt_per_unit, doc.height * pt_per_unit));
        check_cairo_status(cairo_surface_status(surface.get()), "creating the PDF");
        cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_TITLE, doc.title.c_str());
        cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_CREATOR, "coopatlas");
        layout.add_outline(surface.get());
        {
            cairo_ptr cr(cairo_create(surface.get()));
            check_cairo_status(cairo_status(cr.get()), "creating the drawing context");
            cairo_scale(cr.get(), pt_per_unit, pt_per_unit);
            for (std::size_t i = 0; i < layout.size(); ++i) {
                layout.draw(cr.get(), i, true);
                cairo_show_page(cr.get());
            }
            check_cairo_status(cairo_status(cr.get()), "drawing the book");
        }
        cairo_surface_finish(surface.get());
        check_cairo_status(cairo_surface_status(surface.get()), "writing the PDF");
    }
    io::write_text_file(path, bytes, doc.inputs);
}

std::vector<std::string> write_book_svg_pages(const book_layout& layout, const book_document& doc,
                                              const std::string& dir) {
    make_folder(dir);
    std::vector<std::string> files;
    for (std::size_t i = 0; i < layout.size(); ++i) {
        std::string bytes;
        {
            cairo_surface_ptr surface(cairo_svg_surface_create_for_stream(append_to, &bytes, doc.width, doc.height));
            check_cairo_status(cairo_surface_status(surface.get()), "creating a page SVG");
            {
                cairo_ptr cr(cairo_create(surface.get()));
                layout.draw(cr.get(), i, false);
                check_cairo_status(cairo_status(cr.get()), "drawing a page SVG");
            }
            cairo_surface_finish(surface.get());
            check_cairo_status(cairo_surface_status(surface.get()), "writing a page SVG");
        }
        files.push_back(page_file(dir, i, "svg"));
        io::write_text_file(files.back(), number_surfaces_in_order(bytes), doc.inputs);
    }
    return files;
}

page_images::page_images(const book_layout& layout, const book_document& doc, const book_options& options)
    : layout_(layout), doc_(doc), options_(options), files_(layout.size()), drawn_(layout.size()) {
    for (const bool maps : {true, false})
        for (std::size_t i = 0; i < layout.size(); ++i)
            if (layout.draws_a_map(i) == maps) order_.push_back(i);
    taken_.assign(order_.size(), false);
}

std::size_t page_images::take_page() {
    const std::lock_guard lock(mutex_);
    if (stopped_) return order_.size();
    std::size_t pick = order_.size();
    for (std::size_t k = 0; k < order_.size(); ++k) {
        if (taken_[k]) continue;
        if (pick == order_.size()) pick = k;
        if (layout_.ready_to_draw(order_[k])) {
            pick = k;
            break;
        }
    }
    if (pick < order_.size()) taken_[pick] = true;
    return pick;
}

void page_images::draw(const std::function<bool()>& keep_going) noexcept {
    while (!keep_going || keep_going()) {
        const std::size_t k = take_page();
        if (k == order_.size()) return;
        const std::size_t i = order_[k];
        try {
            std::string bytes = draw_page(i);
            std::unique_lock lock(mutex_);
            if (!released_) {
                drawn_[i] = std::move(bytes);
                continue;
            }
            lock.unlock();
            write_page(i, bytes);
        } catch (...) {
            fail(std::current_exception());
        }
    }
}

void page_images::release() {
    make_folder(options_.png_dir);
    std::vector<std::string> drawn;
    {
        const std::lock_guard lock(mutex_);
        released_ = true;
        drawn.swap(drawn_);
    }
    for (std::size_t i = 0; i < drawn.size(); ++i)
        if (!drawn[i].empty()) write_page(i, drawn[i]);
}

void page_images::stop() noexcept {
    const std::lock_guard lock(mutex_);
    stopped_ = true;
}

void page_images::write_page(std::size_t i, const std::string& bytes) noexcept {
    try {
        const std::string file = page_file(options_.png_dir, i, "png");
        io::write_text_file(file, bytes, doc_.inputs);
        files_[i] = file;  // each page's own element: no two threads write the same one
    } catch (...) {
        fail(std::current_exception());
    }
}

void page_images::fail(std::exception_ptr e) noexcept {
    const std::lock_guard lock(mutex_);
    if (!failure_) failure_ = std::move(e);
    stopped_ = true;
}

std::vector<std::string> page_images::files() const {
    if (failure_) std::rethrow_exception(failure_);
    return files_;
}

std::string page_images::draw_page(std::size_t i) const {
    const int w = static_cast<int>(std::lround(doc_.width * options_.png_scale));
    const int h = static_cast<int>(std::lround(doc_.height * options_.png_scale));
    // A page is paper: painted white before anything else (book_layout::draw), so it has no
    // transparency to keep. Without an alpha channel the image is a quarter smaller to hold,
    // filter and compress, and the pixels are the same.
    cairo_surface_ptr surface(cairo_image_surface_create(CAIRO_FORMAT_RGB24, w, h));
    check_cairo_status(cairo_surface_status(surface.get()), "creating a page image");
    {
        cairo_ptr cr(cairo_create(surface.get()));
        cairo_scale(cr.get(), options_.png_scale, options_.png_scale);
        layout_.draw(cr.get(), i, false);
        check_cairo_status(cairo_status(cr.get()), "drawing a page image");
    }
    cairo_surface_flush(surface.get());
    // the map renderer's encoder: several times faster than Cairo's, same pixels
    return detail::encode_image_png(cairo_image_surface_get_data(surface.get()), w, h,
                                    cairo_image_surface_get_stride(surface.get()), detail::pixel_format::rgb24,
                                    96 * options_.png_scale);
}

} // namespace coopatlas::render::detail
