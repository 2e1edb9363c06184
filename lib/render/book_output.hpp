#pragma once
// Writing a book's outputs: files put in place atomically, the names of the pages' files,
// and the page images, drawn by every thread that has time for them.

#include "render/book_pages.hpp"

#include <coopatlas/render/book.hpp>

#include <cairo.h>

#include <atomic>
#include <cstddef>
#include <exception>
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

/// One PNG per page, drawn by every thread that calls draw(): each takes the next page not
/// yet taken, so that the page images share the cores that the PDF, SVG and web atlas leave.
class page_images {
  public:
    /// Creates the folder (book_options::png_dir).
    page_images(const book_layout& layout, const book_document& doc, const book_options& options);
    /// Draws pages until none is left; the first failure stops every thread at its next page.
    void draw() noexcept;
    /// The files written, in page order; rethrows the first failure.
    [[nodiscard]] std::vector<std::string> files() const;

  private:
    std::string draw_page(std::size_t i) const;

    // The pages in the order threads take them: those with a map first, so that the cheap
    // ones (cover, contents) fill in at the end instead of leaving one thread alone with a map.
    std::vector<std::size_t> order_;

    const book_layout& layout_;
    const book_document& doc_;
    const book_options& options_;
    std::vector<std::string> files_;
    std::atomic<std::size_t> next_{0};
    std::mutex failure_mutex_;
    std::exception_ptr failure_;
};

} // namespace coopatlas::render::detail
