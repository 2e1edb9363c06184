// The web atlas (web_atlas.hpp): HTML pages around the maps' SVG, and the folder
// written atomically.

#include "render/web_atlas.hpp"

#include "render/web_assets.hpp"
#include "render/web_metadata.hpp"
#include "text/markup.hpp"

#include <coopatlas/error.hpp>

#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <set>

namespace coopatlas::render::detail {

namespace {

namespace fs = std::filesystem;

// names are written as typed in the page source ("L'Oriental"): no &apos; needed in HTML
std::string html(const std::string& text) { return coopatlas::text::detail::markup_escaped(text, false); }

std::string numbered(const char* format, std::size_t n) {
    char name[32];
    std::snprintf(name, sizeof name, format, n);
    return name;
}

std::string map_file(std::size_t i) {
    return numbered("map-%02zu.html", i + 1);
}
std::string unit_file(std::size_t i) {
    return numbered("unit-%03zu.html", i + 1);
}

// The SVG document as an element of the page: without its XML declaration.
std::string inline_svg(std::string svg) {
    if (svg.rfind("<?xml", 0) == 0) svg.erase(0, svg.find("?>") + 3);
    return svg;
}

// The switch of the language of names (atlas.js), each language named in itself:
// Français, English, العربية.
const char* const language_switch =
    "<label class=\"language\">Names <select id=\"language\">"
    "<option value=\"fr\" lang=\"fr\">Fran\xC3\xA7"
    "ais</option>"
    "<option value=\"en\" lang=\"en\">English</option>"
    "<option value=\"ar\" lang=\"ar\">\xD8\xA7\xD9\x84\xD8\xB9\xD8\xB1\xD8\xA8\xD9\x8A\xD8\xA9</option>"
    "</select></label>";

struct link {
    std::string href;
    std::string text;
};

std::string page(const std::string& book_title, const std::string& title, const std::string& body,
                 const link& previous = {}, const link& next = {}) {
    std::string out = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>" +
                      html(title) + "</title>\n<link rel=\"stylesheet\" href=\"atlas.css\">\n</head>\n<body>\n";
    out += "<header><nav><a href=\"index.html\">" + html(book_title) + "</a>";
    if (!previous.href.empty())
        out += "<a href=\"" + previous.href + "\" rel=\"prev\">\xE2\x86\x90 " + html(previous.text) + "</a>";
    if (!next.href.empty())
        out += "<a href=\"" + next.href + "\" rel=\"next\">" + html(next.text) + " \xE2\x86\x92</a>";
    out += std::string("</nav>\n") + language_switch + "</header>\n<main>\n" + body + "</main>\n";
    out += "<div id=\"tooltip\" role=\"tooltip\" hidden></div>\n<script src=\"atlas.js\"></script>\n</body>\n</html>\n";
    return out;
}

std::string map_figure(const std::string& svg, int figure, const std::string& caption) {
    std::string out = "<figure class=\"map\">\n" + inline_svg(svg) + "<figcaption>";
    if (figure) out += "Figure " + std::to_string(figure) + ". ";
    return out + html(caption) + "</figcaption>\n</figure>\n";
}

std::vector<const model::partnership*> all_partnerships(const model::atlas& a) {
    std::vector<const model::partnership*> out;
    out.reserve(a.partnerships().size());
    for (const auto& p : a.partnerships())
        out.push_back(&p);
    return out;
}

std::string unit_body(const book_document& doc, const book_series& series, const book_unit_page& up,
                      const std::string& svg, int figure) {
    std::string out = "<p class=\"series\">" + html(series.title) + "</p>\n<h1";
    if (up.unit) out += " data-label-of=\"" + html(up.unit->id) + "\"";
    out += ">" + html(up.heading) + "</h1>\n";
    out += "<div class=\"unit-page\">\n" + map_figure(svg, figure, up.caption);
    out += "<div class=\"facts\">\n<h2>Key figures</h2>\n<table class=\"figures\">\n<tbody>\n";
    for (const auto& [label, value] : unit_figures(up))
        out += "<tr><th scope=\"row\">" + html(label) + "</th><td>" + html(value) + "</td></tr>\n";
    out += "</tbody>\n</table>\n<h2>Partnerships (" + std::to_string(up.partnerships.size()) + ")</h2>\n";
    if (up.partnerships.empty()) return out + "<p>No partnership in the selection.</p>\n</div>\n</div>\n";
    out += "<div class=\"table-scroll\">\n<table class=\"partnerships sortable\">\n<thead><tr>";
    for (const char* c : partnership_columns)
        out += std::string("<th scope=\"col\">") + c + "</th>";
    out += "</tr></thead>\n<tbody>\n";
    for (std::size_t i = 0; i < up.partnerships.size(); ++i) {
        out += "<tr>";
        for (const auto& cell : partnership_cells(*doc.atlas, up, i))
            out += "<td>" + html(cell) + "</td>";
        out += "</tr>\n";
    }
    return out + "</tbody>\n</table>\n</div>\n</div>\n</div>\n";
}

// The entities a map draws, in a table the page's script can sort: name (in the
// languages of the label switch), country, level and partnerships, as the tooltips count them.
std::string units_table(const model::atlas& a, const web_metadata& meta, const std::vector<std::string>& ids) {
    if (ids.empty()) return {};
    std::string out = "<h2>Units on the map (" + std::to_string(ids.size()) + ")</h2>\n";
    out += "<div class=\"table-scroll\">\n<table class=\"units sortable\">\n<thead><tr><th scope=\"col\">Name</th>"
           "<th scope=\"col\">Country</th><th scope=\"col\">Level</th><th scope=\"col\">Partnerships</th>"
           "</tr></thead>\n<tbody>\n";
    for (const auto& id : ids) {
        const model::entity& e = *a.find(id);
        out += "<tr data-entity=\"" + html(id) + "\"><td data-label-of=\"" + html(id) + "\">" + html(e.display_name()) +
               "</td><td>" + html(e.country) + "</td><td>" + html(e.level) + "</td><td>" +
               std::to_string(meta.of(id).size()) + "</td></tr>\n";
    }
    return out + "</tbody>\n</table>\n</div>\n";
}

class site_writer {
  public:
    site_writer(const book_document& doc, const book_layout& layout, fs::path folder)
        : doc_(doc), layout_(layout), folder_(std::move(folder)) {}

    void write_all() {
        put("atlas.css", web_atlas_css);
        put("atlas.js", web_atlas_js);
        // Figure numbers as the book gives them: maps first, then the unit pages.
        std::vector<int> map_figures, unit_figures_;
        for (const auto& p : layout_.report().pages) {
            if (p.kind == "map") map_figures.push_back(p.figure);
            if (p.kind == "unit") unit_figures_.push_back(p.figure);
        }
        std::vector<link> pages;
        for (std::size_t i = 0; i < doc_.maps.size(); ++i)
            pages.push_back({map_file(i), doc_.maps[i]->title});
        for (const auto& s : doc_.series)
            for (const auto& up : s.pages)
                pages.push_back({unit_file(pages.size() - doc_.maps.size()), up->heading});
        auto prev = [&](std::size_t k) { return k ? pages[k - 1] : link{}; };
        auto next = [&](std::size_t k) { return k + 1 < pages.size() ? pages[k + 1] : link{}; };

        const web_metadata everything(*doc_.atlas, all_partnerships(*doc_.atlas));
        std::size_t k = 0;
        for (std::size_t i = 0; i < doc_.maps.size(); ++i, ++k) {
            const auto& m = *doc_.maps[i];
            // The entities drawn, each once, in the order of drawing: the rows of the page's table.
            std::vector<std::string> drawn;
            std::set<std::string> seen;
            const svg_feature_metadata recording = [&](const std::string& layer, const std::string& id) {
                auto attrs = everything(layer, id);
                if (!attrs.empty() && doc_.atlas->find(id) && seen.insert(id).second) drawn.push_back(id);
                return attrs;
            };
            const std::string svg = layout_.map_of(i).render_svg(recording);
            const std::string body = "<h1>" + html(m.title) + "</h1>\n" + map_figure(svg, map_figures[i], m.caption) +
                                     units_table(*doc_.atlas, everything, drawn);
            put(pages[k].href, page(doc_.title, m.title + " \xE2\x80\x93 " + doc_.title, body, prev(k), next(k)));
        }
        for (std::size_t s = 0; s < doc_.series.size(); ++s) {
            for (std::size_t j = 0; j < doc_.series[s].pages.size(); ++j, ++k) {
                const auto& up = *doc_.series[s].pages[j];
                const web_metadata own(*doc_.atlas, up.partnerships);
                const std::string svg = layout_.unit_map_of(s, j).render_svg(std::cref(own));
                const std::string body = unit_body(doc_, doc_.series[s], up, svg, unit_figures_[k - doc_.maps.size()]);
                put(pages[k].href,
                    page(doc_.title, up.heading + " \xE2\x80\x93 " + doc_.title, body, prev(k), next(k)));
            }
        }
        put("index.html",
            page(doc_.title, doc_.title, index_body(pages, map_figures), {}, pages.empty() ? link{} : pages[0]));
    }

    [[nodiscard]] const std::vector<std::string>& files() const noexcept { return files_; }

  private:
    std::string index_body(const std::vector<link>& pages, const std::vector<int>& figures) const {
        std::string out = "<h1>" + html(doc_.title) + "</h1>\n";
        if (!doc_.subtitle.empty()) out += "<p class=\"subtitle\">" + html(doc_.subtitle) + "</p>\n";
        if (!doc_.date.empty()) out += "<p class=\"date\">" + html(doc_.date) + "</p>\n";
        std::size_t k = 0;
        if (!doc_.maps.empty()) {
            out += "<section id=\"maps\">\n<h2>Maps</h2>\n<ol class=\"maps\">\n";
            for (std::size_t i = 0; i < doc_.maps.size(); ++i, ++k) {
                out += "<li><a href=\"" + pages[k].href + "\">Figure " + std::to_string(figures[i]) + ". " +
                       html(doc_.maps[i]->title) + "</a>";
                if (!doc_.maps[i]->caption.empty())
                    out += "<br><span class=\"caption\">" + html(doc_.maps[i]->caption) + "</span>";
                out += "</li>\n";
            }
            out += "</ol>\n</section>\n";
        }
        for (std::size_t s = 0; s < doc_.series.size(); ++s) {
            const auto& series = doc_.series[s];
            out += "<section class=\"series\">\n<h2>" + html(series.title) + "</h2>\n<ul class=\"units\">\n";
            for (const auto& up : series.pages) {
                const std::size_t n = up->partnerships.size();
                out += "<li><a href=\"" + pages[k++].href + "\">" + html(up->heading) + "</a> (" + std::to_string(n) +
                       (n == 1 ? " partnership" : " partnerships") + ")</li>\n";
            }
            out += "</ul>\n</section>\n";
        }
        if (!doc_.credits.empty()) {
            out += "<footer class=\"credits\">\n";
            for (const auto& c : doc_.credits)
                out += "<p>" + html(c) + "</p>\n";
            out += "</footer>\n";
        }
        return out;
    }

    void put(const std::string& name, const std::string& bytes) {
        const fs::path file = folder_ / name;
        std::ofstream f(file, std::ios::binary);
        if (!f) throw error("cannot write '" + file.string() + "'");
        f.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
        f.close();
        if (!f) throw error("cannot write '" + file.string() + "' (disk full?)");
        files_.push_back(name);
    }

    const book_document& doc_;
    const book_layout& layout_;
    fs::path folder_;
    std::vector<std::string> files_;
};

bool inside(const fs::path& p, const fs::path& folder) {
    const fs::path rel = p.lexically_relative(folder);
    return !rel.empty() && *rel.begin() != "..";
}

// A private name beside the site: same file system, so the final rename is atomic.
fs::path sibling(const fs::path& target, const char* what) {
    static std::atomic<unsigned> counter{0};
    return target.parent_path() / ("." + target.filename().string() + "." + what + "-" + std::to_string(::getpid()) +
                                   "-" + std::to_string(++counter));
}

} // namespace

namespace {

// The site's folder, checked before anything is written: absolute, not holding an input,
// and either new, empty or an earlier web atlas. Sets `existed` when it is already there.
fs::path checked_site_folder(const book_document& doc, const std::string& dir, bool& existed) {
    try {
        fs::path target = fs::weakly_canonical(fs::absolute(dir));
        if (target.filename().empty()) target = target.parent_path();
        for (const auto& input : doc.inputs) {
            std::error_code ec;
            const fs::path in = fs::weakly_canonical(fs::absolute(input), ec);
            if (!ec && (in == target || inside(in, target)))
                throw error("the web atlas folder '" + dir + "' holds the input '" + input +
                            "': choose another folder (an input is never overwritten)");
        }
        existed = fs::exists(target);
        if (existed && !fs::is_directory(target))
            throw error("the web atlas folder '" + dir + "' is a file: choose a folder name");
        if (existed && !fs::is_empty(target) && !fs::exists(target / "index.html"))
            throw error("the folder '" + dir + "' is not empty and holds no web atlas (index.html): choose a new folder");
        return target;
    } catch (const fs::filesystem_error& e) {
        // a name too long for the system, a folder that cannot be searched: bad input
        throw error("cannot use '" + dir + "' as the web atlas folder: " + e.code().message());
    }
}

} // namespace

std::vector<std::string> write_web_atlas(const book_document& doc, const book_layout& layout, const std::string& dir) {
    bool existed = false;
    const fs::path target = checked_site_folder(doc, dir, existed);
    std::error_code ec;
    fs::create_directories(target.parent_path(), ec);
    if (ec) throw error("cannot create the folder '" + target.parent_path().string() + "': " + ec.message());

    const fs::path temp = sibling(target, "tmp");
    if (!fs::create_directory(temp, ec) || ec)
        throw error("cannot create the folder '" + temp.string() + "': " + ec.message());
    site_writer w(doc, layout, temp);
    try {
        w.write_all();
        if (existed) {
            // The earlier site steps aside, the new one takes its name, then the old goes.
            const fs::path old = sibling(target, "old");
            fs::rename(target, old);
            try {
                fs::rename(temp, target);
            } catch (...) {
                fs::rename(old, target);
                throw;
            }
            fs::remove_all(old, ec);
        } else {
            fs::rename(temp, target);
        }
    } catch (const fs::filesystem_error& e) {
        fs::remove_all(temp, ec);
        throw error("cannot write the web atlas '" + dir + "': " + e.what());
    } catch (...) {
        fs::remove_all(temp, ec);
        throw;
    }
    std::vector<std::string> written;
    for (const auto& f : w.files())
        written.push_back((fs::path(dir) / f).string());
    return written;
}

} // namespace coopatlas::render::detail
