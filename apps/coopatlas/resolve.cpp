// coopatlas resolve: a copy of a partnership table with the party ids filled in,
// and what a person still has to settle.
#include "command.hpp"
#include "table_options.hpp"
#include "text_table.hpp"

#include <coopatlas/error.hpp>
#include <coopatlas/io/atlas_manifest.hpp>
#include <coopatlas/io/csv.hpp>
#include <coopatlas/io/partnership_table.hpp>
#include <coopatlas/io/table_source.hpp>
#include <coopatlas/io/vector_writer.hpp>

#include <algorithm>
#include <map>
#include <optional>
#include <stdexcept>
#include <utility>

namespace coopatlas::cli {

namespace {

// Rules in the order the summary lists them.
constexpr model::resolution_rule summary_rules[] = {
    model::resolution_rule::exact_id,     model::resolution_rule::name,        model::resolution_rule::alias,
    model::resolution_rule::hint,         model::resolution_rule::municipality, model::resolution_rule::larger_unit,
    model::resolution_rule::city,         model::resolution_rule::vintage_by_year,
};

std::size_t column_of(std::vector<std::string>& header, const std::string& name) {
    auto it = std::find(header.begin(), header.end(), name);
    if (it != header.end()) return static_cast<std::size_t>(it - header.begin());
    header.push_back(name);
    return header.size() - 1;
}

std::string joined(const std::vector<std::string>& parts) {
    std::string out;
    for (const auto& p : parts) out += (out.empty() ? "" : " | ") + p;
    return out;
}

std::string problem_text(const diagnostic& d) {
    return d.message + (d.suggestion.empty() ? "" : " \xE2\x80\x94 " + d.suggestion);
}

struct paths {
    std::string table, output;
};

// TABLE and -o OUT (or --output OUT) from the command line; empty table = usage error.
paths read_paths(const arguments& args) {
    paths p;
    p.output = args.get("output");
    for (std::size_t i = 0; i < args.positional.size(); ++i) {
        const std::string& w = args.positional[i];
        if (w == "-o") {
            if (i + 1 >= args.positional.size()) return {};
            p.output = args.positional[++i];
        } else if (p.table.empty()) {
            p.table = w;
        } else {
            return {};  // a second table
        }
    }
    return p;
}

} // namespace

int run_resolve(const arguments& args, std::ostream& out, std::ostream& err) {
    const paths where = read_paths(args);
    if (where.table.empty() || where.output.empty()) {
        err << "coopatlas resolve: give one table and -o OUT (see coopatlas resolve --help)\n";
        return 2;
    }
    const auto options = table_options(args, "resolve", err);
    if (!options) return 2;
    std::optional<model::prefer_unit> prefer;
    if (args.has("prefer")) {
        prefer = model::parse_prefer_unit(args.get("prefer"));
        if (!prefer) {
            err << "coopatlas resolve: --prefer takes municipality, larger_unit or none, not '" << args.get("prefer")
                << "'\n";
            return 2;
        }
    }
    const auto manifest = io::read_manifest(manifest_path(args));
    io::load_options load;
    load.load_partnerships = false;  // the table may be one of the atlas's own
    load.place_by_geometry = false;  // names do not need the hierarchy
    model::atlas& atlas = keep_until_exit(io::load_atlas(manifest, load));  // deferred layers are read when a name needs them

    // the table as the file has it (the copy keeps its headers), then with our column names
    const io::table_source source = table_named(where.table, *options);
    io::table_source unmapped = source;
    unmapped.columns.clear();
    const io::csv_table original = io::read_table(unmapped);
    io::csv_table table = original;
    io::map_columns(table, source.columns);
    const io::partnership_table read = io::read_partnership_table(table, atlas, prefer);
    if (!read.columns_ok) throw input_error(read.problems);
    // an internal defect, not bad input: exit status 3
    if (read.rows.size() != table.records.size()) throw std::logic_error("resolve: rows and records differ in count");

    std::vector<std::string> header;
    for (const auto& h : original.header) header.push_back(h.value);
    // the id columns: those the table has (under its own headers when mapped), else new ones
    const auto id_column_of = [&](const char* ours) {
        const auto at = table.column(ours);
        return at ? *at : column_of(header, ours);
    };
    const std::size_t id_a = id_column_of("party_a_id"), id_b = id_column_of("party_b_id");
    const std::size_t review = column_of(header, "review"), note = column_of(header, "resolution_note");

    io::feature_table copy;
    copy.name = "partnerships";
    for (const auto& h : header) copy.add_field(h, io::field_def::type::text);
    std::map<model::resolution_rule, std::size_t> by_rule;
    std::vector<std::string> to_review, notes;
    std::size_t settled_rows = 0;
    const auto id_column = table.column("id");
    for (std::size_t r = 0; r < table.records.size(); ++r) {
        const auto& record = table.records[r];
        const io::row_resolution& row = read.rows[r];
        std::vector<io::attribute> cells(header.size(), std::string());
        for (std::size_t c = 0; c < record.fields.size() && c < header.size(); ++c) cells[c] = record.fields[c].value;
        std::vector<std::string> row_notes;
        for (const auto& [party, column] : {std::pair{&row.a, id_a}, std::pair{&row.b, id_b}}) {
            if (party->state != model::party_resolution::status::resolved) continue;
            cells[column] = party->found->id;
            for (auto rule : party->rules) ++by_rule[rule];
            row_notes.insert(row_notes.end(), party->notes.begin(), party->notes.end());
        }
        std::vector<std::string> problems;
        for (const auto& d : row.problems) problems.push_back(problem_text(d));
        cells[review] = joined(problems);
        cells[note] = joined(row_notes);
        const std::string id = id_column && *id_column < record.fields.size() ? record.fields[*id_column].value : "";
        const std::string label =
            (table.spreadsheet ? "row " : "line ") + std::to_string(row.line) + (id.empty() ? "" : " (" + id + ")");
        if (problems.empty()) ++settled_rows;
        else to_review.push_back(label + ": " + joined(problems));
        for (const auto& n : row_notes) notes.push_back(label + ": " + n);
        copy.rows.push_back(std::move(cells));
        copy.geometries.emplace_back();
    }
    std::vector<std::string> protect = manifest.input_files();
    protect.push_back(source.path);
    io::vector_write_options write;
    write.mode = io::write_mode::overwrite;
    write.protected_inputs = std::move(protect);
    write.raw_csv = args.has("raw-csv");
    (void)io::write_table(where.output, copy, write);

    out << table.path << ": " << table.records.size() << " rows, " << settled_rows << " resolved, "
        << to_review.size() << " to review; written to " << where.output << "\n\nparties settled, by rule:\n";
    text_table rules({"rule", "parties"}, {false, true});
    for (auto rule : summary_rules) rules.add({std::string(model::to_string(rule)), std::to_string(by_rule[rule])});
    rules.print(out);
    print_section(out, "rows that need a person (" + std::to_string(to_review.size()) + ")", to_review);
    print_section(out, "choices made by a rule (" + std::to_string(notes.size()) + ")", notes);
    return 0;
}

} // namespace coopatlas::cli
