// The `tables:` of a book (book_tables.hpp): each entry names an analysis (coverage or
// flows) with the options of its command, and the CSV file it goes to.

#include "render/book_tables.hpp"

#include "render/book_yaml.hpp"

#include <coopatlas/analysis/coverage.hpp>
#include <coopatlas/analysis/flows.hpp>
#include <coopatlas/analysis/vocabulary.hpp>
#include <coopatlas/error.hpp>
#include <coopatlas/io/analysis_tables.hpp>
#include <coopatlas/io/dataset_name.hpp>

#include <filesystem>
#include <functional>

namespace coopatlas::render::detail {

namespace {

namespace fs = std::filesystem;

const char* const info_hint = "coopatlas info lists the atlas's levels, vintages and zones";

// Whether a key holds yes/true.
bool flag_of(const std::string& file, const YAML::Node& n) {
    try {
        return n.as<bool>();
    } catch (const YAML::Exception&) {
        book_fail(file, n, "expected true or false");
    }
}

// The folder of an output, created when missing (the tables folder may be a new one).
void make_parent(const std::string& path) {
    const fs::path folder = fs::path(path).parent_path();
    std::error_code ec;
    if (!folder.empty()) fs::create_directories(folder, ec);
    if (ec) throw error("cannot create the folder '" + folder.string() + "': " + ec.message());
}

io::vector_write_options csv_options(const std::vector<std::string>& inputs) {
    io::vector_write_options w;
    w.mode = io::write_mode::overwrite;  // as the book's PDF and pages: a run replaces the last one's
    w.protected_inputs = inputs;
    return w;
}

// The output of an entry: a .csv file in the tables folder, distinct from every other output.
std::string output_of(const std::string& file, const YAML::Node& n, const std::string& folder,
                      const std::vector<std::string>& inputs, std::vector<std::string>& taken) {
    if (!n["output"]) book_fail(file, n, "a table needs an output", "add output: NAME.csv");
    const std::string given = book_text(file, n["output"]);
    if (!io::writes_plain_csv(given, {}) || given == "-")
        book_fail(file, n["output"], "a book's table is a .csv file, not '" + given + "'",
                  "name it " + fs::path(given).stem().string() +
                      ".csv (coopatlas coverage and flows --output write the other formats)");
    const std::string path = fs::path(given).is_absolute() ? given : (fs::path(folder) / given).string();
    for (const auto& t : taken)
        if (t == path || io::same_file(t, path))
            book_fail(file, n["output"], "'" + given + "' is already an output of this book", "give each table a file of its own");
    make_parent(path);
    try {
        io::check_vector_output(path, csv_options(inputs), "table", true);
    } catch (const error& e) {
        book_fail(file, n["output"], e.what());
    }
    taken.push_back(path);
    return path;
}

analysis::partition partition_of(const std::string& file, const YAML::Node& n, const std::string& prefix) {
    const std::string level = prefix + "level";
    if (!n[level]) book_fail(file, n, "missing " + level, "add " + level + ": departement (or region, country, ...)");
    analysis::partition p;
    p.level = book_text(file, n[level]);
    if (n[prefix + "vintage"]) p.vintage = book_text(file, n[prefix + "vintage"]);
    if (n[prefix + "zone"]) p.zone = book_text(file, n[prefix + "zone"]);
    return p;
}

// An analysis error (a level the atlas lacks) as an input error at the entry's line.
[[noreturn]] void fail_at(const std::string& file, const YAML::Mark& at, const error& e) {
    diagnostic d;
    d.file = file;
    if (at.line >= 0) {
        d.line = at.line + 1;
        d.column = at.column + 1;
    }
    d.message = e.what();
    d.suggestion = info_hint;
    throw input_error(d);
}

std::function<io::feature_table()> coverage_of(const std::string& file, const YAML::Node& c,
                                               const model::atlas& atlas, analysis::coverage_cache& cache,
                                               const analysis::filter& f) {
    book_check_keys(file, c, {"level", "vintage", "zone", "roll_down", "population"}, "a coverage table");
    const analysis::partition part = partition_of(file, c, "");
    analysis::coverage_options options;
    if (c["roll_down"]) options.roll_down = flag_of(file, c["roll_down"]);
    if (c["population"]) {
        try {
            options.population = analysis::parse_population_source(book_text(file, c["population"]));
        } catch (const error& e) {
            book_fail(file, c["population"], e.what());
        }
    }
    return [file, at = c.Mark(), &atlas, &cache, f, part, options] {
        try {
            return io::coverage_table(atlas, cache.get(atlas, f, part, options));
        } catch (const input_error&) {
            throw;
        } catch (const error& e) {
            fail_at(file, at, e);
        }
    };
}

std::function<io::feature_table()> flows_of(const std::string& file, const YAML::Node& c, const model::atlas& atlas,
                                            const analysis::filter& f) {
    book_check_keys(file, c,
                    {"from_level", "from_vintage", "from_zone", "to_level", "to_vintage", "to_zone", "roll_down",
                     "segment_km"},
                    "a flows table");
    const analysis::partition from = partition_of(file, c, "from_");
    const analysis::partition to = partition_of(file, c, "to_");
    analysis::flow_options options;
    options.partnership_lengths = false;  // the table holds the cells only
    if (c["roll_down"]) options.roll_down = flag_of(file, c["roll_down"]);
    if (c["segment_km"]) {
        double km = 0;
        try {
            km = c["segment_km"].as<double>();
        } catch (const YAML::Exception&) {
        }
        if (!(km >= 1)) book_fail(file, c["segment_km"], "segment_km is a number of kilometres of at least 1");
        options.max_segment_km = km;
    }
    return [file, at = c.Mark(), &atlas, f, from, to, options] {
        try {
            return io::flow_cells_table(analysis::flows(atlas, f, from, to, options));
        } catch (const input_error&) {
            throw;
        } catch (const error& e) {
            fail_at(file, at, e);
        }
    };
}

} // namespace

std::string tables_folder(const book_options& options) {
    if (!options.tables_dir.empty()) return options.tables_dir;
    if (!options.pdf.empty()) {
        const fs::path folder = fs::path(options.pdf).parent_path();
        if (!folder.empty()) return folder.string();
    }
    return ".";
}

book_table read_book_table(const std::string& file, const YAML::Node& n, const model::atlas& atlas,
                           analysis::coverage_cache& cache,
                           const std::string& folder, const std::vector<std::string>& inputs,
                           std::vector<std::string>& taken) {
    book_check_keys(file, n, {"coverage", "flows", "filter", "output"}, "a table entry");
    if (n["coverage"].IsDefined() == n["flows"].IsDefined())
        book_fail(file, n, "a table entry is either coverage or flows",
                  "e.g. {coverage: {level: departement, zone: FR}, output: departements.csv}");
    book_table t;
    t.output = output_of(file, n, folder, inputs, taken);
    analysis::filter f;
    if (n["filter"]) {
        f = book_filter(file, n["filter"]);
        try {
            analysis::check_filter(f, atlas, file);
        } catch (const input_error& e) {
            std::vector<diagnostic> ds = e.diagnostics();
            for (auto& d : ds) {
                d.file = file;
                d.line = n["filter"].Mark().line + 1;
                d.column = n["filter"].Mark().column + 1;
            }
            throw input_error(std::move(ds));
        }
    }
    t.compute = n["coverage"] ? coverage_of(file, n["coverage"], atlas, cache, f) : flows_of(file, n["flows"], atlas, f);
    return t;
}

std::vector<std::string> write_book_tables(const std::vector<book_table>& tables,
                                           const std::vector<std::string>& inputs) {
    std::vector<std::string> written;
    for (const auto& t : tables) {
        make_parent(t.output);
        (void)io::write_table(t.output, t.table, csv_options(inputs));
        written.push_back(t.output);
    }
    return written;
}

} // namespace coopatlas::render::detail
