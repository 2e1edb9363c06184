#pragma once
// Writing a book's outputs: files put in place atomically, the names of the pages' files,
// and the page images, drawn by every thread that has time for them.

#include "render/book_pages.hpp"

#include <coopatlas/render/book.hpp>

#include <cairo.h>

#include <cstddef>
#include <exception>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace coopatlas::render::detail {

/// A Cairo write function appending to the std::string `closure`.
cairo_status_t append_to(void* closure, const unsigned char* data, unsigned int length);
/// Creates `dir` (and its parents) when missing; throws coopatlas::error when it cannot.
void make_folder(const std::string& dir);
/// `dir`/page-NNN.`ext` for page `index` (0-based).
std::string page_file(const std::string& dir, std::size_t index, const char* ext);

/// The whole book as one PDF at `path` (vectors, embedded fonts, its outline and links).
void write_book_pdf(const book_layout& layout, const book_document& doc, const std::string& path);
/// One SVG per page in `dir` (made when missing); the files written, in page order.
std::vector<std::string> write_book_svg_pages(const book_layout& layout, const book_document& doc,
                                              const std::string& dir);

/// One PNG per page, drawn by every thread that calls draw(): each takes the next part of a
/// page not yet taken whose map is laid out, so that the page images share the cores that
/// laying out the maps, the PDF, SVG and web atlas leave. A page with a map is drawn in two
/// bands, top and bottom, which two threads can draw at once: a map can take several times as
/// long as the other pages, and a thread would otherwise finish it alone. Pages are kept in
/// memory until release(): no file is written for a book that fails before.
class page_images {
  public:
    page_images(const book_layout& layout, const book_document& doc, const book_options& options);
    ~page_images();
    page_images(const page_images&) = delete;
    page_images& operator=(const page_images&) = delete;
    /// Draws pages until none is left, or `keep_going` says to stop before the next one. The
    /// first failure stops every thread at its next page.
    void draw(const std::function<bool()>& keep_going = {}) noexcept;
    /// Creates the folder (book_options::png_dir), writes the pages drawn so far; the
    /// following ones are written as they are drawn. Throws when the folder cannot be made.
    void release();
    /// No page is taken after this: the book failed elsewhere.
    void stop() noexcept;
    /// The files written, in page order; rethrows the first failure.
    [[nodiscard]] std::vector<std::string> files() const;

  private:
    // Rows [first_row, last_row) of a page's image.
    struct band {
        std::size_t page = 0;
        int first_row = 0, last_row = 0;
    };
    // A page's pixels while its bands are drawn (Cairo's RGB24 layout).
    struct page_pixels {
        std::unique_ptr<unsigned char[]> data;
        int bands_left = 0;
    };

    // The next band to draw: the first not taken whose map is ready, else the first not
    // taken; order_.size() when none is left.
    std::size_t take_band();
    // Draws band k into its page's pixels; the page's PNG once its last band is drawn, else empty.
    std::string draw_band(std::size_t k);
    void write_page(std::size_t i, const std::string& bytes) noexcept;
    void fail(std::exception_ptr e) noexcept;

    // The bands in the order threads take them: those with a map first, so that the cheap
    // pages (cover, contents) fill in at the end instead of leaving one thread alone with a map.
    std::vector<band> order_;
    std::vector<bool> taken_;

    const book_layout& layout_;
    const book_document& doc_;
    const book_options& options_;
    int width_ = 0, height_ = 0, stride_ = 0; // of every page image
    std::vector<page_pixels> pixels_;         // by page
    // Pixels of pages already encoded, for the pages still to draw: memory in use rather than
    // fresh pages from the system, which cost more to fault in than to clear.
    std::vector<std::unique_ptr<unsigned char[]>> spare_;
    std::vector<std::string> files_;
    std::vector<std::string> drawn_; // pages drawn before release(), by page
    bool released_ = false;
    bool stopped_ = false;
    std::mutex mutex_; // guards taken_, pixels_, spare_, drawn_, released_, stopped_, failure_
    std::exception_ptr failure_;
};

} // namespace coopatlas::render::detail
