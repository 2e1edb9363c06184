// coopatlas atlas BOOK.yaml: a book of maps (cover, contents, maps, one page per unit
// of a series) as one PDF, with PNG and SVG pages on request, and the book's tables.

#include "command.hpp"
#include "render_preparation.hpp"
#include "option_value.hpp"

#include <coopatlas/error.hpp>
#include <coopatlas/render/book.hpp>

#include <filesystem>

namespace coopatlas::cli {

const char* atlas_usage() {
    return "usage: coopatlas atlas BOOK.yaml [-o BOOK.pdf] [--png DIR] [--svg DIR] [--html DIR] [--scale S]\n"
           "                      [--tables DIR] [--quiet] [--data DIR | --manifest FILE]\n\n"
           "Reads a book spec (YAML: title, subtitle, date, credits, maps, series; every key is\n"
           "described in README.md, section \"Books\") and renders it in one process, with the\n"
           "atlas loaded once: a cover, a table of contents, one page per map and one page per\n"
           "unit of each series (a map of the unit and its partners, key figures and the table\n"
           "of its partnerships). The PDF has page numbers, bookmarks and links from the\n"
           "contents to the pages, embedded fonts and selectable text. The book's tables\n"
           "(tables: coverage or flows, each with the options of its command) are written\n"
           "in the same run, as the same CSV as coopatlas coverage and flows write. Files are\n"
           "written atomically and never over an input.\n\n"
           "  -o FILE, --output FILE   the PDF\n"
           "  --png DIR                one PNG per page (page-001.png, ...)\n"
           "  --svg DIR                one SVG per page\n"
           "  --html DIR               a web atlas: index.html, one page per map and unit page\n"
           "                           (inline SVG, tooltips listing the partnerships and their\n"
           "                           sources), atlas.js and atlas.css; open DIR/index.html\n"
           "  --scale S                PNG pixels per page pixel (default 1)\n"
           "  --tables DIR             folder the outputs of the book's tables are relative to\n"
           "                           (default: the folder of the PDF, else the current folder);\n"
           "                           alone, writes the tables and no page\n"
           "  --quiet                  print nothing on success\n";
}

int run_atlas(const arguments& args, std::ostream& out, std::ostream& err) {
    std::string spec;
    render::book_options options;
    std::vector<std::string> outputs = args.all("output");
    for (std::size_t i = 0; i < args.positional.size(); ++i) {
        const std::string& w = args.positional[i];
        if (w == "-o") {
            if (i + 1 >= args.positional.size()) throw usage_error("-o needs a file name (see coopatlas atlas --help)");
            outputs.push_back(args.positional[++i]);
        } else if (spec.empty()) {
            spec = w;
        } else {
            throw usage_error("one book spec at a time: '" + spec + "' and '" + w + "' given");
        }
    }
    if (spec.empty()) throw usage_error("no book spec given (usage: coopatlas atlas BOOK.yaml -o book.pdf)");
    if (outputs.size() > 1)
        throw usage_error("one PDF at a time: -o given " + std::to_string(outputs.size()) + " times");
    if (!outputs.empty()) {
        options.pdf = outputs.front();
        const auto ext = std::filesystem::path(options.pdf).extension().string();
        if (ext != ".pdf" && ext != ".PDF")
            throw usage_error("the book is a PDF: '" + options.pdf + "' does not end in .pdf");
    }
    options.png_dir = args.get("png");
    options.svg_dir = args.get("svg");
    options.html_dir = args.get("html");
    if (args.has("scale")) {
        options.png_scale = number_option("scale", args.get("scale"));
        if (!(options.png_scale > 0 && options.png_scale <= 16))
            throw usage_error("--scale '" + args.get("scale") + "' must lie in (0, 16]");
    }
    options.tables_dir = args.get("tables");
    if (args.has("tables") && options.tables_dir.empty()) throw usage_error("--tables needs a folder");
    if (options.pdf.empty() && options.png_dir.empty() && options.svg_dir.empty() && options.html_dir.empty() &&
        options.tables_dir.empty())
        throw usage_error("no output given: add -o book.pdf, --png DIR, --svg DIR, --html DIR or --tables DIR");
    if (args.has("manifest") || args.has("data")) options.manifest = manifest_path(args);
    render_preparation preparation;  // fonts and PROJ load while the book's atlas is read
    const auto report = render::render_book(spec, options);
    keep_until_exit(report.atlas);  // freeing 45,000 entities piece by piece would only delay the exit
    for (const auto& w : report.warnings)
        err << w.to_string() << '\n';
    if (!args.has("quiet")) {
        std::size_t units = 0, maps = 0;
        for (const auto& p : report.pages) {
            if (p.kind == "unit") ++units;
            if (p.kind == "map") ++maps;
        }
        out << "book: " << report.pages.size() << " pages (" << maps << " maps, " << units << " unit pages), "
            << report.outline.size() << " bookmarks\n";
        for (const auto& f : report.written)
            out << "wrote " << f << '\n';
    }
    return 0;
}

} // namespace coopatlas::cli
