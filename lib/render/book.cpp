// Books (book.hpp): the spec reader (pages, maps, series, tables), and render_book, which
// shares the cores between the tables, the maps and the page images, then writes the
// outputs (book_output.hpp) from the pages laid out (book_pages.hpp).

#include <coopatlas/render/book.hpp>
#include <coopatlas/text/fold.hpp>

#include "render/book_output.hpp"
#include "render/book_pages.hpp"
#include "render/book_tables.hpp"
#include "render/book_yaml.hpp"
#include "render/render_threads.hpp"
#include "render/web_atlas.hpp"

#include <coopatlas/analysis/coverage.hpp>
#include <coopatlas/analysis/coverage_cache.hpp>
#include <coopatlas/error.hpp>
#include <coopatlas/io/atlas_manifest.hpp>
#include <coopatlas/io/atomic_file.hpp>

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cmath>
#include <exception>
#include <filesystem>
#include <functional>
#include <future>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <thread>

namespace coopatlas::render {

namespace {

namespace fs = std::filesystem;
using namespace detail;

std::string emit(const YAML::Node& n) {
    YAML::Emitter e;
    e << n;
    return e.c_str();
}

// The entities a party of a partnership stands within: itself and its ancestors.
bool within(const model::atlas& a, const std::string& entity_id, const std::string& unit_id) {
    if (entity_id == unit_id) return true;
    const auto* e = a.find(entity_id);
    if (!e) return false;
    for (const auto* anc : a.ancestors(*e))
        if (anc->id == unit_id) return true;
    return false;
}

void grow(geometry::box& b, const geometry::box& o) {
    if (o.min_x > o.max_x) return;
    if (b.min_x > b.max_x) {
        b = o;
        return;
    }
    b.min_x = std::min(b.min_x, o.min_x);
    b.min_y = std::min(b.min_y, o.min_y);
    b.max_x = std::max(b.max_x, o.max_x);
    b.max_y = std::max(b.max_y, o.max_y);
}

class book_builder {
  public:
    book_builder(std::string path, const book_options& options) : path_(std::move(path)), options_(options) {}

    book_document build() {
        YAML::Node root;
        // yaml-cpp opens a folder, then fails reading it with a std::ios_base::failure
        std::error_code ec;
        if (std::filesystem::is_directory(path_, ec))
            throw input_error(diagnostic{path_, 0, 0, {}, "is a folder, not a book spec", "name the book's YAML file"});
        try {
            root = YAML::LoadFile(path_);
        } catch (const YAML::BadFile&) {
            throw error("cannot read the book spec '" + path_ + "'");
        } catch (const YAML::Exception& e) {
            diagnostic d;
            d.file = path_;
            d.line = e.mark.line + 1;
            d.column = e.mark.column + 1;
            d.message = e.msg;
            throw input_error(d);
        }
        book_check_keys(path_, root, {"title", "subtitle", "date", "credits", "data", "manifest", "size", "maps", "series",
                              "tables"},
                   "the book");
        base_ = fs::path(path_).parent_path().string();
        doc_.inputs.push_back(path_);
        if (root["title"]) doc_.title = book_text(path_, root["title"]);
        if (root["subtitle"]) doc_.subtitle = book_text(path_, root["subtitle"]);
        if (root["date"]) doc_.date = book_text(path_, root["date"]);
        if (root["credits"]) doc_.credits = book_words(path_, root["credits"]);
        if (root["size"]) {
            const auto& s = root["size"];
            if (!s.IsSequence() || s.size() != 2) book_fail(path_, s, "size is [width, height] in page units (1/96 inch)");
            try {
                doc_.width = s[0].as<double>();
                doc_.height = s[1].as<double>();
            } catch (const YAML::Exception&) {
                book_fail(path_, s, "size is [width, height]: two numbers");
            }
            if (!(doc_.width >= 400 && doc_.height >= 300 && doc_.width <= 20000 && doc_.height <= 20000))
                book_fail(path_, s, "the page size must lie between 400 x 300 and 20000 x 20000");
        }
        load_atlas(root);
        if (root["tables"]) read_tables(root["tables"]);
        try {
            if (root["maps"]) {
                if (!root["maps"].IsSequence()) book_fail(path_, root["maps"], "maps is a list");
                for (const auto& m : root["maps"])
                    read_map(m);
            }
            if (root["series"]) {
                if (!root["series"].IsSequence()) book_fail(path_, root["series"], "series is a list");
                for (const auto& s : root["series"])
                    read_series(s);
            }
        } catch (...) {
            wait_for_tables();  // a wrong table is reported first, as it comes first
            throw;
        }
        if (doc_.title.empty()) doc_.title = "Atlas";
        return std::move(doc_);
    }

    // Puts the computed tables in `doc` (the one build() returned); rethrows the first
    // table's error.
    void finish_tables(book_document& doc) {
        if (!computing_.valid()) return;
        std::vector<io::feature_table> done = computing_.get();
        for (std::size_t i = 0; i < done.size(); ++i)
            doc.tables[i].table = std::move(done[i]);
    }

  private:
    std::string resolve(const std::string& p) const {
        if (p.empty() || fs::path(p).is_absolute()) return p;
        return (fs::path(base_) / p).string();
    }

    void load_atlas(const YAML::Node& root) {
        if (options_.atlas) {
            atlas_ = options_.atlas;
            doc_.atlas = atlas_;
            return;
        }
        std::string m = options_.manifest;
        if (m.empty() && root["data"]) m = resolve(book_text(path_, root["data"]));
        if (m.empty() && root["manifest"]) m = resolve(book_text(path_, root["manifest"]));
        if (m.empty()) m = io::default_manifest();
        if (fs::is_directory(m)) m = (fs::path(m) / "atlas.yaml").string();
        const auto manifest = io::read_manifest(m);
        manifest_ = m;
        doc_.data_files = manifest.input_files();
        doc_.owned_atlas = std::make_shared<const model::atlas>(io::load_atlas(manifest));
        doc_.inputs.push_back(m);
        atlas_ = doc_.owned_atlas.get();
        doc_.atlas = atlas_;
    }

    // Checked and computed before the maps are drawn: a wrong entry fails fast.
    void read_tables(const YAML::Node& list) {
        if (!list.IsSequence()) book_fail(path_, list, "tables is a list", "- {coverage: {level: country}, output: countries.csv}");
        std::vector<std::string> inputs = doc_.inputs;
        inputs.insert(inputs.end(), doc_.data_files.begin(), doc_.data_files.end());
        std::vector<std::string> taken;
        if (!options_.pdf.empty()) taken.push_back(options_.pdf);
        const std::string folder = tables_folder(options_);
        for (const auto& n : list)
            doc_.tables.push_back(read_book_table(path_, n, *atlas_, coverage_cache_, folder, inputs, taken));
        // Read and checked here (a wrong entry fails fast), computed in order on a thread of
        // their own while the maps are read and laid out: maps and tables over the same units
        // share the coverage through the cache, whichever asks first.
        std::vector<std::function<io::feature_table()>> work;
        for (const auto& t : doc_.tables)
            work.push_back(t.compute);
        computing_ = std::async(std::launch::async, [work = std::move(work)] {
            std::vector<io::feature_table> done;
            for (const auto& compute : work)
                done.push_back(compute());
            return done;
        });
    }

    void wait_for_tables() {
        if (computing_.valid()) computing_.get();
    }

    spec_options spec_opts() const {
        spec_options o;
        o.atlas = atlas_;
        o.atlas_owner = doc_.owned_atlas; // its outlines shared, not copied (none when the caller gave the atlas)
        o.coverage_cache = &coverage_cache_;
        o.manifest = manifest_;  // the maps' credits, named extents and {data} are this atlas's
        return o;
    }

    void read_map(const YAML::Node& n) {
        book_check_keys(path_, n, {"spec", "map", "caption", "title"}, "a map entry");
        auto page = std::make_unique<book_map_page>();
        if (n["spec"] && n["map"]) book_fail(path_, n, "give either spec (a file) or map (inline), not both");
        if (n["spec"]) {
            const std::string file = resolve(book_text(path_, n["spec"]));
            page->spec = load_map_spec(file, spec_opts());
        } else if (n["map"]) {
            page->spec = parse_map_spec(emit(n["map"]), base_, path_ + " (inline map)", spec_opts());
        } else {
            book_fail(path_, n, "a map entry needs spec (a map spec file) or map (an inline map spec)");
        }
        for (const auto& i : page->spec.inputs)
            doc_.inputs.push_back(i);
        page->title = n["title"] ? book_text(path_, n["title"]) : page->spec.page.title;
        page->caption = n["caption"] ? book_text(path_, n["caption"]) : page->spec.page.subtitle;
        if (page->title.empty()) page->title = "Map " + std::to_string(doc_.maps.size() + 1);
        doc_.maps.push_back(std::move(page));
    }

    // The party of a partnership that is not the unit: the one outside it (hierarchy),
    // else the one of another country.
    const model::party* other_party(const model::partnership& p, const model::entity& unit) const {
        bool a_in = within(*atlas_, p.a.entity_id, unit.id);
        const bool b_in = within(*atlas_, p.b.entity_id, unit.id);
        if (a_in == b_in) {
            const auto* ea = atlas_->find(p.a.entity_id);
            a_in = ea && ea->country == unit.country;
        }
        return a_in ? &p.b : &p.a;
    }

    static std::string fill(std::string t, const model::entity& e, const std::string& series) {
        const std::pair<const char*, std::string> keys[] = {
            {"{name}", e.display_name()},
            {"{name_ar}", e.name_ar.empty() ? e.display_name() : e.name_ar},
            {"{name_en}", e.name_en.empty() ? e.display_name() : e.name_en},
            {"{id}", e.id},
            {"{code}", e.code},
            {"{level}", e.level},
            {"{vintage}", e.vintage},
            {"{series}", series}};
        for (const auto& [k, v] : keys) {
            const std::string key = k;
            for (std::size_t at = t.find(key); at != std::string::npos; at = t.find(key, at + v.size()))
                t.replace(at, key.size(), v);
        }
        // {name_es}, {name_de}, …: the name in that language, else the name
        for (std::size_t at = t.find("{name_"); at != std::string::npos; at = t.find("{name_", at + 1)) {
            const std::size_t close = t.find('}', at);
            if (close == std::string::npos) break;
            const std::string language = t.substr(at + 6, close - at - 6);
            if (!text::is_language_tag(language) && language != "tfng") continue;
            const std::string& n = e.name_in(language);
            t.replace(at, close - at + 1, n.empty() ? e.display_name() : n);
        }
        return t;
    }

    void read_series(const YAML::Node& n) {
        book_check_keys(path_, n, {"title", "heading", "units", "filter", "caption", "map", "only"}, "a series");
        book_series s;
        s.title = n["title"] ? book_text(path_, n["title"]) : "Units";
        const std::string heading = n["heading"] ? book_text(path_, n["heading"]) : "{name}";
        const std::string caption =
            n["caption"] ? book_text(path_, n["caption"]) : "{name} and its partners: partnerships as flows";
        if (!n["units"]) book_fail(path_, n, "a series needs units: {level, vintage, country}");
        const auto& u = n["units"];
        book_check_keys(path_, u, {"level", "vintage", "country", "zone"}, "units");
        if (!u["level"]) book_fail(path_, u, "units need a level (region, province, …)");
        analysis::partition part;
        part.level = book_text(path_, u["level"]);
        if (u["vintage"]) part.vintage = book_text(path_, u["vintage"]);
        if (u["zone"]) part.zone = book_text(path_, u["zone"]);
        if (u["country"]) part.zone = book_text(path_, u["country"]);
        analysis::filter f;
        if (n["filter"]) f = book_filter(path_, n["filter"]);
        std::set<std::string> only;
        if (n["only"]) {
            for (const auto& w : book_words(path_, n["only"]))
                only.insert(w);
        }
        const auto cov = coverage_cache_.get(*atlas_, f, part);
        s.method = cov.method;
        // ranks by number of partnerships and by density (ties share the better rank)
        std::vector<const analysis::unit_row*> rows;
        for (const auto& r : cov.rows)
            if (only.empty() || only.count(r.unit_id) || only.count(r.name)) rows.push_back(&r);
        if (rows.empty()) book_fail(path_, n, "the series has no units (" + part.describe() + ")");
        std::size_t series_partnerships = 0;
        for (const auto* r : rows)
            series_partnerships += r->partnerships;
        YAML::Node templ = n["map"] ? n["map"] : YAML::Node(YAML::NodeType::Map);
        if (n["map"] && !templ.IsMap()) book_fail(path_, templ, "the series map is a map spec (size, projection, layers)");
        for (const auto* r : rows) {
            auto page = std::make_unique<book_unit_page>();
            const model::entity& e = *r->unit;
            page->unit = &e;
            page->row = *r;
            page->heading = fill(heading, e, s.title);
            page->caption = fill(caption, e, s.title);
            page->series_units = rows.size();
            page->series_partnerships = series_partnerships;
            page->engaged_units = 0;
            for (const auto* o : rows) {
                if (o->partnerships > r->partnerships) ++page->rank;
                if (std::isfinite(r->per_10k_km2) && std::isfinite(o->per_10k_km2) && o->per_10k_km2 > r->per_10k_km2)
                    ++page->density_rank;
                if (o->engaged) ++page->engaged_units;
            }
            ++page->rank;
            ++page->density_rank;
            for (const auto& id : r->partnership_ids) {
                const auto* p = atlas_->find_partnership(id);
                if (!p) continue;
                page->partnerships.push_back(p);
                page->partners.push_back(other_party(*p, e));
            }
            page->spec = unit_map(templ, e, *page);
            s.pages.push_back(std::move(page));
        }
        doc_.series.push_back(std::move(s));
    }

    // The map of a series page: the template spec (context layers, projection, size),
    // then the unit highlighted, flows to its partners and the partners as points.
    map_spec unit_map(YAML::Node templ, const model::entity& e, book_unit_page& page) {
        map_spec spec = parse_map_spec(emit(with_series_defaults(YAML::Clone(templ))), base_,
                                       path_ + " (series map of " + e.id + ")", spec_opts());
        spec.page.title.clear();
        spec.page.subtitle.clear();
        if (spec.page.frames.empty()) throw error("the series map of '" + path_ + "' has no frame");
        frame& fr = spec.page.frames.front();

        layer unit = unit_layer(e);
        geometry::box extent{1, 1, 0, 0};
        if (!geometry::is_empty(e.geometry)) grow(extent, geometry::envelope(e.geometry));
        layer flows = flows_layer();
        layer partners = partners_layer();
        add_partners(e, page, flows, partners, extent);
        page.partner_count = partners.features.size();
        fr.layers.push_back(std::move(unit));
        if (!flows.features.empty()) fr.layers.push_back(std::move(flows));
        if (!partners.features.empty()) fr.layers.push_back(std::move(partners));
        if (extent.min_x <= extent.max_x) {
            const double pad_x = std::max(1.0, (extent.max_x - extent.min_x) * 0.08);
            const double pad_y = std::max(1.0, (extent.max_y - extent.min_y) * 0.08);
            fr.extent = {extent.min_x - pad_x, extent.min_y - pad_y, extent.max_x + pad_x, extent.max_y + pad_y};
            fr.extent_in_crs = false;
        }
        return spec;
    }

    // A series' map template with what it leaves out: its size, projection, context layer
    // and legend position.
    static YAML::Node with_series_defaults(YAML::Node t) {
        if (!t["size"]) {
            YAML::Node size(YAML::NodeType::Sequence);
            size.push_back(620);
            size.push_back(560);
            t["size"] = size;
        }
        if (!t["projection"] && !t["frames"]) t["projection"] = "euromed";
        if (!t["layers"] && !t["frames"]) t["layers"] = YAML::Load("[{id: context, kind: background, countries: all}]");
        if (!t["legend"]) t["legend"] = YAML::Load("{position: inside}");  // the corner the unit and flows leave free
        return t;
    }

    static layer unit_layer(const model::entity& e) {
        layer l;
        l.id = "unit";
        l.title = e.display_name();
        polygon_style ps;
        ps.fill = color{0.99, 0.55, 0.24, 1};
        ps.outline = color{0.5, 0.2, 0.05, 1};
        ps.outline_width = 1.2;
        l.style = ps;
        feature uf;
        uf.id = e.id;
        uf.label = e.display_name();
        uf.geometry = e.geometry;
        l.features.push_back(uf);
        return l;
    }

    static layer flows_layer() {
        layer l;
        l.id = "partnerships";
        l.title = "Partnerships";
        flow_style fs;
        fs.stroke = color{0.85, 0.37, 0.01, 1};
        fs.opacity = 0.7;
        fs.min_width = 1.2;
        fs.max_width = 4;
        fs.max_value = 4;
        fs.curvature = 0.12;
        fs.legend_values = {1};
        l.style = fs;
        return l;
    }

    static layer partners_layer() {
        layer l;
        l.id = "partners";
        l.title = "Partners";
        point_style pts;
        pts.fill = color{0.12, 0.47, 0.71, 1};
        pts.size = 6;
        l.style = pts;
        return l;
    }

    // Each located partner of the unit's page once, as a point and a flow from the unit
    // valued by its partnerships; `extent` grows to hold them.
    void add_partners(const model::entity& e, const book_unit_page& page, layer& flows, layer& partners,
                      geometry::box& extent) const {
        const auto from = analysis::representative_point(*atlas_, e);
        std::map<std::string, std::size_t> flow_of;
        for (std::size_t i = 0; i < page.partnerships.size(); ++i) {
            const std::string& other = page.partners[i]->entity_id;
            const auto* oe = atlas_->find(other);
            if (!oe || other == e.id) continue;
            const auto to = analysis::representative_point(*atlas_, *oe);
            if (!to) continue;
            grow(extent, {to->x, to->y, to->x, to->y});
            auto it = flow_of.find(oe->id);
            if (it != flow_of.end()) {
                flows.features[it->second].value += 1;
                continue;
            }
            feature pf;
            pf.id = oe->id;
            pf.label = oe->display_name();
            pf.geometry = *to;
            partners.features.push_back(pf);
            if (from) {
                feature ff;
                ff.id = e.id + "->" + oe->id;
                ff.label = e.display_name() + " \xE2\x80\x93 " + oe->display_name();
                ff.geometry = geometry::line_string{*from, *to};
                ff.value = 1;
                flow_of[oe->id] = flows.features.size();
                flows.features.push_back(ff);
            }
        }
    }

    std::string path_;
    const book_options& options_;
    std::string base_;
    const model::atlas* atlas_ = nullptr;
    // maps, series and tables over the same units share one coverage
    mutable analysis::coverage_cache coverage_cache_;
    std::future<std::vector<io::feature_table>> computing_;  // the tables (read_tables)
    std::string manifest_{};  ///< the manifest the atlas was loaded from; empty for an atlas given in code
    book_document doc_;
};

// Threads besides the caller's, one per core but the caller's (four cores at most): they lay
// out maps, then draw page images. When the caller leaves, by an error or at the end, they
// take nothing more and are joined.
class book_helpers {
  public:
    book_helpers(const book_layout& layout, std::optional<page_images>& images) : layout_(layout), images_(images) {
        const unsigned cores = render_threads();
        try {
            for (unsigned t = 1; t < cores; ++t)
                threads_.emplace_back([this] {
                    while (layout_.lay_out_next()) {
                    }
                    if (images_) images_->draw();
                });
        } catch (const std::system_error&) {
            // fewer threads than cores: the caller does the rest
        }
    }
    book_helpers(const book_helpers&) = delete;
    book_helpers& operator=(const book_helpers&) = delete;
    ~book_helpers() {
        layout_.stop_laying_out();
        if (images_) images_->stop();
        join();
    }
    void join() {
        for (auto& t : threads_)
            if (t.joinable()) t.join();
    }

  private:
    const book_layout& layout_;
    std::optional<page_images>& images_;
    std::vector<std::thread> threads_;
};

} // namespace

book_report render_book(const std::string& spec_path, const book_options& options) {
    book_builder builder(spec_path, options);
    book_document doc = builder.build();
    // The maps are laid out while the tables are computed, and the page images drawn as soon
    // as their maps are ready, while the other maps are still being laid out. Nothing is
    // written before the tables and every map are done: a table's error comes first, then
    // the first map's in page order.
    std::unique_ptr<book_layout> laid_out;
    std::optional<page_images> images;
    try {
        const bool images_only = options.pdf.empty() && options.svg_dir.empty() && options.html_dir.empty();
        laid_out = std::make_unique<book_layout>(doc, images_only ? options.png_scale : 0);
        if (!options.png_dir.empty()) images.emplace(*laid_out, doc, options);
    } catch (...) {
        builder.finish_tables(doc);
        throw;
    }
    const book_layout& layout = *laid_out;
    book_helpers helpers(layout, images);
    while (layout.lay_out_next()) {
    }
    if (images) images->draw([&] { return !layout.all_laid_out(); });
    builder.finish_tables(doc);
    layout.finish_laying_out();
    book_report report = layout.report();
    report.inputs = doc.inputs;
    report.atlas = doc.owned_atlas;
    // The page images drawn so far are written; the helpers draw the others while this
    // thread writes the PDF, the SVGs and the web atlas, then joins them.
    if (images) images->release();
    std::vector<std::string> after_pngs;  // written by this thread, listed after the page images

    if (!options.pdf.empty()) {
        write_book_pdf(layout, doc, options.pdf);
        report.written.push_back(options.pdf);
    }
    if (!options.svg_dir.empty()) {
        for (auto& f : write_book_svg_pages(layout, doc, options.svg_dir))
            after_pngs.push_back(std::move(f));
    }
    if (!options.html_dir.empty()) {
        for (auto& f : write_web_atlas(doc, layout, options.html_dir))
            after_pngs.push_back(std::move(f));
    }
    std::vector<std::string> inputs = doc.inputs;
    inputs.insert(inputs.end(), doc.data_files.begin(), doc.data_files.end());
    for (auto& f : write_book_tables(doc.tables, inputs))
        after_pngs.push_back(std::move(f));
    if (images) {
        images->draw();
        helpers.join();
        const std::vector<std::string> pngs = images->files();
        report.written.insert(report.written.end(), pngs.begin(), pngs.end());
    }
    report.written.insert(report.written.end(), after_pngs.begin(), after_pngs.end());
    return report;
}

} // namespace coopatlas::render
