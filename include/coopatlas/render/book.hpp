#pragma once
/// \file
/// \brief Books: a YAML book spec turned into a multi-page PDF (cover, table of
/// contents, maps, one page per unit of a series), and optionally one PNG and one SVG
/// per page. Every key is listed in the README ("Books").
///
/// \code{.yaml}
/// title: Franco-Moroccan decentralised cooperation
/// maps:
///   - {spec: maps/01_flows.yaml, caption: "Partnerships between two partners"}
/// series:
///   - units: {level: region, vintage: "2009", country: MA}
///     title: "{name} ({name_ar})"
/// tables:
///   - {coverage: {level: departement, zone: FR}, output: departements.csv}
/// \endcode
///
/// The atlas is loaded once for the whole book; its `tables` are written in the same run,
/// as the same CSV as `coopatlas coverage` and `coopatlas flows` write. Pages are drawn with Cairo and Pango:
/// the PDF keeps vectors and embedded fonts (selectable text), an outline (bookmarks)
/// and internal links from the table of contents to the pages.
///
/// Thread safety: separate books may be rendered concurrently. Exception safety: an
/// output is written atomically (a failed book leaves no partial file); Cairo
/// failures are thrown as coopatlas::error with Cairo's message.

#include <coopatlas/config.hpp>
#include <coopatlas/error.hpp>
#include <coopatlas/model/atlas.hpp>

#include <memory>
#include <string>
#include <vector>

namespace coopatlas::render {

/// \brief Where a book goes and where its atlas comes from.
struct book_options {
    std::string manifest{};              ///< empty = the book's `data` key, else io::default_manifest()
    const model::atlas* atlas = nullptr; ///< an atlas already loaded, used instead of loading one
    std::string pdf{};                   ///< multi-page PDF; empty = none
    std::string png_dir{};               ///< one PNG per page (page-001.png, …); empty = none
    std::string svg_dir{};               ///< one SVG per page; empty = none
    /// A static web atlas (index.html, one page per map and unit page with the maps as
    /// inline SVG, tooltips by mouse and keyboard, atlas.js, atlas.css); empty = none
    std::string html_dir{};
    double png_scale = 1; ///< PNG pixels per page unit
    /// The folder the outputs of the book's `tables:` are relative to (created when
    /// missing); empty = the folder of `pdf`, else the current folder.
    std::string tables_dir{};
};

/// \brief One page of a book.
struct book_page {
    std::string kind{};                         ///< "cover", "contents", "map" or "unit"
    std::string title{};                        ///< heading (placeholders filled in)
    std::string unit_id{};                      ///< series pages: the unit
    int figure = 0;                             ///< figure number of its map; 0 = none
    std::vector<std::string> partnership_ids{}; ///< series pages: the table's rows
};

/// \brief What a book holds: its pages in order and its outline entries.
struct book_report {
    std::vector<book_page> pages{};
    std::vector<std::string> outline{}; ///< bookmark titles, depth first
    std::vector<std::string> written{}; ///< files written
    std::vector<std::string> inputs{};  ///< files read (never overwritten)
    /// Warnings of the map specs (a font that is not installed), each once: a series
    /// repeats its map for every unit.
    std::vector<diagnostic> warnings{};
    /// The atlas the book loaded; null when book_options::atlas gave one. A caller may
    /// keep it (to look its entities up, or to leave its freeing to the end of a process).
    std::shared_ptr<const model::atlas> atlas{};
};

/// \brief Reads a book spec and writes the outputs the options ask for. Throws
/// input_error naming the file and line of a wrong key, coopatlas::error otherwise.
COOPATLAS_API book_report render_book(const std::string& spec_path, const book_options& options);

} // namespace coopatlas::render
