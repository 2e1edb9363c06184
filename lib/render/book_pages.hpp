#pragma once
// The pages of a book (book.hpp): what the spec reader builds (book_document) and how
// each page is laid out and drawn on a Cairo context in page units (book_layout).

#include <coopatlas/analysis/coverage.hpp>
#include <coopatlas/model/atlas.hpp>
#include <coopatlas/render/book.hpp>
#include <coopatlas/render/map_renderer.hpp>
#include <coopatlas/render/map_spec.hpp>

#include "render/book_tables.hpp"
#include "render/map_layouts.hpp"

#include <cairo.h>

typedef struct _PangoFontMap PangoFontMap;

#include <array>
#include <cstddef>
#include <map>
#include <memory>
#include <mutex>
#include <thread>
#include <string>
#include <vector>

namespace coopatlas::render::detail {

/// A map of the book's list of maps.
struct book_map_page {
    map_spec spec{};
    std::string title{};
    std::string caption{};
};

/// One page of a series: a unit, its figures, its partnerships and its map.
struct book_unit_page {
    const model::entity* unit = nullptr;
    analysis::unit_row row{};
    std::string heading{};
    std::string caption{};
    std::vector<const model::partnership*> partnerships{};
    std::vector<const model::party*> partners{}; ///< the other party of each partnership
    std::size_t series_units = 0;
    std::size_t series_partnerships = 0;
    std::size_t engaged_units = 0;
    std::size_t rank = 0;         ///< by partnerships, 1 = most (ties share a rank)
    std::size_t density_rank = 0; ///< by partnerships per 10,000 km²
    std::size_t partner_count = 0;
    map_spec spec{};
};

struct book_series {
    std::string title{};
    std::string method{};
    std::vector<std::unique_ptr<book_unit_page>> pages{};
};

/// Everything a book spec says, with its data prepared.
struct book_document {
    std::string title{};
    std::string subtitle{};
    std::string date{};
    std::vector<std::string> credits{};
    double width = 1123; ///< A4 landscape in page units (1/96 inch)
    double height = 794;
    std::shared_ptr<const model::atlas> owned_atlas{};
    const model::atlas* atlas = nullptr;
    std::vector<std::unique_ptr<book_map_page>> maps{};
    std::vector<book_series> series{};
    std::vector<std::string> inputs{};
    std::vector<book_table> tables{};     ///< the `tables:`, computed
    std::vector<std::string> data_files{}; ///< the atlas's own files (never written over)
};

/// The key figures of a unit page (label, value), as its page and the web atlas show them.
std::vector<std::pair<std::string, std::string>> unit_figures(const book_unit_page& up);

/// The columns of a unit page's table of partnerships, and the cells of its row `i`.
inline constexpr std::array<const char*, 6> partnership_columns = {"Id", "Partner", "Kind", "Year", "Themes", "Source"};
std::array<std::string, 6> partnership_cells(const model::atlas& a, const book_unit_page& up, std::size_t i);

/// The book paginated: cover, contents, maps, series pages; draws any page.
///
/// Its maps are laid out by the threads that call lay_out_next() and draw(), not by the
/// constructor: a page waits for its own map only, so that the pages whose maps are ready
/// are drawn while the others are still being laid out.
class book_layout {
  public:
    /// `raster_scale`: PNG pixels per page unit when every output of the book is a page
    /// image; 0 when it writes a PDF, SVG pages or a web atlas too (see layout_options).
    explicit book_layout(const book_document& doc, double raster_scale = 0);
    [[nodiscard]] std::size_t size() const noexcept { return pages_.size(); }
    /// Draws page `index` (0-based) in page units; `links` adds PDF link tags. A page whose
    /// map is not laid out yet lays out maps or waits; it throws the failure of its map.
    void draw(cairo_t* cr, std::size_t index, bool links) const;
    /// Adds the bookmarks (outline) to a PDF surface.
    void add_outline(cairo_surface_t* pdf) const;
    [[nodiscard]] book_report report() const;
    /// The prepared map of map `index` of the book, and of page `page` of series `series`.
    [[nodiscard]] const map_renderer& map_of(std::size_t index) const { return maps_->get(map_slots_[index]); }
    [[nodiscard]] const map_renderer& unit_map_of(std::size_t series, std::size_t page) const {
        return maps_->get(unit_slots_[series][page]);
    }
    /// Whether page `index` draws a map (a map page or a unit page): the costly ones.
    [[nodiscard]] bool draws_a_map(std::size_t index) const {
        return pages_[index].kind == "map" || pages_[index].kind == "unit";
    }
    /// Whether page `index` can be drawn without waiting for a map.
    [[nodiscard]] bool ready_to_draw(std::size_t index) const;

    /// Lays out the next map nobody has taken; false when none is left.
    bool lay_out_next() const { return maps_->lay_out_next(); }
    [[nodiscard]] bool all_laid_out() const { return maps_->all_ready(); }
    /// Lays out what is left and waits for the rest; rethrows the first failure in page order.
    void finish_laying_out() const { maps_->finish(); }
    /// Takes no further map: the book failed elsewhere.
    void stop_laying_out() const { maps_->stop(); }

  private:
    struct entry {
        std::string kind;         // cover, contents, map, unit
        std::size_t a = 0, b = 0; // contents: sheet; map: index; unit: series, page
        int figure = 0;
    };
    struct toc_line {
        bool section = false;
        std::string text;
        int figure = 0;
        std::size_t page = 0; // 0-based
    };
    void draw_cover(cairo_t* cr) const;
    void draw_contents(cairo_t* cr, std::size_t sheet, bool links) const;
    void draw_map_page(cairo_t* cr, const entry& e) const;
    void draw_unit_page(cairo_t* cr, const entry& e) const;
    // The parts of a unit page: the heading (returns the top of the page's body), the map
    // and its caption (returns the map's width), the key figures (returns the y under
    // them) and the table of partnerships.
    double draw_unit_heading(cairo_t* cr, const book_series& series, const book_unit_page& up) const;
    double draw_unit_map(cairo_t* cr, const entry& e, double top) const;
    double draw_key_figures(cairo_t* cr, const book_unit_page& up, double x, double y, double w) const;
    void draw_partnerships(cairo_t* cr, const book_unit_page& up, double x, double y, double w) const;
    void draw_footer(cairo_t* cr, std::size_t index) const;
    void draw_map(cairo_t* cr, const map_renderer& r, const map& m, double x, double y, double w, double h) const;

    // The fonts of the book's own text (headings, tables, captions): font maps of its own,
    // one per drawing thread (a Pango font map is not thread-safe), freed with the layout.
    // Pango's default map would live as long as the process, and with it the fontconfig
    // patterns it caches.
    struct font_map_deleter {
        void operator()(PangoFontMap* m) const noexcept;
    };
    [[nodiscard]] PangoFontMap* fonts() const;

    const book_document& doc_;
    mutable std::mutex fonts_mutex_;
    mutable std::map<std::thread::id, std::unique_ptr<PangoFontMap, font_map_deleter>> fonts_;
    std::vector<entry> pages_;
    std::vector<toc_line> toc_;
    std::size_t toc_per_sheet_ = 1;
    // the maps, in page order, laid out by whichever threads have time (thread-safe)
    std::unique_ptr<map_layouts> maps_;
    std::vector<std::size_t> map_slots_;               // maps_ index of each map
    std::vector<std::vector<std::size_t>> unit_slots_; // and of each series page
};

} // namespace coopatlas::render::detail
