#include "render/book_output.hpp"

#include "render/cairo_backend.hpp"
#include "render/png_encoder.hpp"
#include "render/svg_surface_ids.hpp"

#include <coopatlas/error.hpp>
#include <coopatlas/io/atomic_file.hpp>

#include <cairo-pdf.h>
#include <cairo-svg.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <memory>

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
    : layout_(layout), doc_(doc), options_(options),
      width_(static_cast<int>(std::lround(doc.width * options.png_scale))),
      height_(static_cast<int>(std::lround(doc.height * options.png_scale))),
      stride_(cairo_format_stride_for_width(CAIRO_FORMAT_RGB24, width_)), pixels_(layout.size()), files_(layout.size()),
      drawn_(layout.size()) {
    for (const bool maps : {true, false})
        for (std::size_t i = 0; i < layout.size(); ++i) {
            if (layout.draws_a_map(i) != maps) continue;
            const int bands = maps && height_ >= 2 ? 2 : 1;
            for (int q = 0; q < bands; ++q)
                order_.push_back({i, height_ * q / bands, height_ * (q + 1) / bands});
            pixels_[i].bands_left = bands;
        }
    taken_.assign(order_.size(), false);
}

page_images::~page_images() = default;

std::size_t page_images::take_band() {
    const std::lock_guard lock(mutex_);
    if (stopped_) return order_.size();
    std::size_t pick = order_.size();
    for (std::size_t k = 0; k < order_.size(); ++k) {
        if (taken_[k]) continue;
        if (pick == order_.size()) pick = k;
        if (layout_.ready_to_draw(order_[k].page)) {
            pick = k;
            break;
        }
    }
    if (pick < order_.size()) {
        taken_[pick] = true;
        page_pixels& page = pixels_[order_[pick].page];
        if (!page.data) { // cleared, as Cairo's own images are; every pixel is painted over
            const std::size_t bytes =
                static_cast<std::size_t>(std::max(stride_, 0)) * static_cast<std::size_t>(std::max(height_, 0));
            if (spare_.empty()) {
                page.data = std::make_unique<unsigned char[]>(bytes);
            } else {
                page.data = std::move(spare_.back());
                spare_.pop_back();
                std::memset(page.data.get(), 0, bytes);
            }
        }
    }
    return pick;
}

void page_images::draw(const std::function<bool()>& keep_going) noexcept {
    while (!keep_going || keep_going()) {
        const std::size_t k = take_band();
        if (k == order_.size()) return;
        const std::size_t i = order_[k].page;
        try {
            std::string bytes = draw_band(k);
            if (bytes.empty()) continue; // another band of the page is still being drawn
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

std::string page_images::draw_band(std::size_t k) {
    const band& b = order_[k];
    unsigned char* data = nullptr;
    {
        const std::lock_guard lock(mutex_);
        data = pixels_[b.page].data.get();
    }
    // A page is paper: painted white before anything else (book_layout::draw), so it has no
    // transparency to keep. Without an alpha channel the image is a quarter smaller to hold,
    // filter and compress, and the pixels are the same. A band is the page moved up by its
    // first row, a whole number of pixels: its pixels are those of the whole page drawn at once.
    {
        cairo_surface_ptr surface(
            cairo_image_surface_create_for_data(data + static_cast<std::size_t>(b.first_row) * stride_,
                                                CAIRO_FORMAT_RGB24, width_, b.last_row - b.first_row, stride_));
        check_cairo_status(cairo_surface_status(surface.get()), "creating a page image");
        {
            cairo_ptr cr(cairo_create(surface.get()));
            cairo_translate(cr.get(), 0, -b.first_row);
            cairo_scale(cr.get(), options_.png_scale, options_.png_scale);
            layout_.draw(cr.get(), b.page, false);
            check_cairo_status(cairo_status(cr.get()), "drawing a page image");
        }
        cairo_surface_flush(surface.get());
    }
    std::unique_ptr<unsigned char[]> whole;
    {
        const std::lock_guard lock(mutex_);
        page_pixels& page = pixels_[b.page];
        if (--page.bands_left > 0) return {};
        whole = std::move(page.data);
    }
    // the map renderer's encoder: several times faster than Cairo's, same pixels
    std::string png = detail::encode_image_png_in_place(whole.get(), width_, height_, stride_,
                                                        detail::pixel_format::rgb24, 96 * options_.png_scale);
    const std::lock_guard lock(mutex_);
    spare_.push_back(std::move(whole));
    return png;
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

} // namespace coopatlas::render::detail
