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

// What the command line asks for.
struct resolve_request {
    paths where;
    io::table_source options;
    std::optional<model::prefer_unit> prefer;
};

// The request; nothing after a usage error, reported on err (exit status 2).
std::optional<resolve_request> read_request(const arguments& args, std::ostream& err) {
    resolve_request r;
    r.where = read_paths(args);
    if (r.where.table.empty() || r.where.output.empty()) {
        err << "coopatlas resolve: give one table and -o OUT (see coopatlas resolve --help)\n";
        return std::nullopt;
    }
    const auto options = table_options(args, "resolve", err);
    if (!options) return std::nullopt;
    r.options = *options;
    if (args.has("prefer")) {
        r.prefer = model::parse_prefer_unit(args.get("prefer"));
        if (!r.prefer) {
            err << "coopatlas resolve: --prefer takes municipality, larger_unit or none, not '" << args.get("prefer")
                << "'\n";
            return std::nullopt;
        }
    }
    return r;
}

model::atlas& load_atlas_for_names(const io::atlas_manifest& manifest) {
    io::load_options load;
    load.load_partnerships = false;  // the table may be one of the atlas's own
    load.place_by_geometry = false;  // names do not need the hierarchy
    return keep_until_exit(io::load_atlas(manifest, load)); // deferred layers are read when a name needs them
}

// The table as the file has it (the copy keeps its headers), then with our column names,
// its parties settled.
struct resolved_table {
    io::table_source source;
    io::csv_table original;
    io::csv_table table;
    io::partnership_table read;
};

resolved_table read_and_resolve(const resolve_request& request, model::atlas& atlas) {
    resolved_table t;
    t.source = table_named(request.where.table, request.options);
    io::table_source unmapped = t.source;
    unmapped.columns.clear();
    t.original = io::read_table(unmapped);
    t.table = t.original;
    io::map_columns(t.table, t.source.columns);
    t.read = io::read_partnership_table(t.table, atlas, request.prefer);
    if (!t.read.columns_ok) throw input_error(t.read.problems);
    // an internal defect, not bad input: exit status 3
    if (t.read.rows.size() != t.table.records.size())
        throw std::logic_error("resolve: rows and records differ in count");
    return t;
}

// The copy's columns: the file's headers, then those it lacks among ours.
struct copy_columns {
    std::vector<std::string> header;
    std::size_t id_a = 0, id_b = 0, review = 0, note = 0;
    std::optional<std::size_t> id; // the table's id column, naming rows in the summary
};

copy_columns columns_of_copy(const resolved_table& t) {
    copy_columns c;
    std::vector<std::string>& header = c.header;
    for (const auto& h : t.original.header)
        header.push_back(h.value);
    // the id columns: those the table has (under its own headers when mapped), else new ones
    const auto id_column_of = [&](const char* ours) {
        const auto at = t.table.column(ours);
        return at ? *at : column_of(header, ours);
    };
    c.id_a = id_column_of("party_a_id");
    c.id_b = id_column_of("party_b_id");
    c.review = column_of(header, "review");
    c.note = column_of(header, "resolution_note");
    c.id = t.table.column("id");
    return c;
}

// What the rows came to, for the summary.
struct resolution_summary {
    std::map<model::resolution_rule, std::size_t> by_rule;
    std::vector<std::string> to_review, notes;
    std::size_t settled_rows = 0;
};

// Row r of the copy: the file's cells, the ids found, what is left to review and the
// rules' choices; counted in the summary.
std::vector<io::attribute> copy_row(const resolved_table& t, std::size_t r, const copy_columns& columns,
                                    resolution_summary& summary) {
    const auto& record = t.table.records[r];
    const io::row_resolution& row = t.read.rows[r];
    std::vector<io::attribute> cells(columns.header.size(), std::string());
    for (std::size_t c = 0; c < record.fields.size() && c < columns.header.size(); ++c)
        cells[c] = record.fields[c].value;
    std::vector<std::string> row_notes;
    for (const auto& [party, column] : {std::pair{&row.a, columns.id_a}, std::pair{&row.b, columns.id_b}}) {
        if (party->state != model::party_resolution::status::resolved) continue;
        cells[column] = party->found->id;
        for (auto rule : party->rules)
            ++summary.by_rule[rule];
        row_notes.insert(row_notes.end(), party->notes.begin(), party->notes.end());
    }
    std::vector<std::string> problems;
    for (const auto& d : row.problems)
        problems.push_back(problem_text(d));
    cells[columns.review] = joined(problems);
    cells[columns.note] = joined(row_notes);
    const auto& id_column = columns.id;
    const std::string id = id_column && *id_column < record.fields.size() ? record.fields[*id_column].value : "";
    const std::string label =
        (t.table.spreadsheet ? "row " : "line ") + std::to_string(row.line) + (id.empty() ? "" : " (" + id + ")");
    if (problems.empty())
        ++summary.settled_rows;
    else
        summary.to_review.push_back(label + ": " + joined(problems));
    for (const auto& n : row_notes)
        summary.notes.push_back(label + ": " + n);
    return cells;
}

io::feature_table resolved_copy(const resolved_table& t, resolution_summary& summary) {
    const copy_columns columns = columns_of_copy(t);
    io::feature_table copy;
    copy.name = "partnerships";
    for (const auto& h : columns.header)
        copy.add_field(h, io::field_def::type::text);
    for (std::size_t r = 0; r < t.table.records.size(); ++r) {
        copy.rows.push_back(copy_row(t, r, columns, summary));
        copy.geometries.emplace_back();
    }
    return copy;
}

void write_copy(const arguments& args, const io::atlas_manifest& manifest, const std::string& table_path,
                const std::string& output, const io::feature_table& copy) {
    std::vector<std::string> protect = manifest.input_files();
    protect.push_back(table_path);
    io::vector_write_options write;
    write.mode = io::write_mode::overwrite;
    write.protected_inputs = std::move(protect);
    write.raw_csv = args.has("raw-csv");
    (void)io::write_table(output, copy, write);
}

void print_summary(const io::csv_table& table, const resolution_summary& summary, const std::string& output,
                   std::ostream& out) {
    out << table.path << ": " << table.records.size() << " rows, " << summary.settled_rows << " resolved, "
        << summary.to_review.size() << " to review; written to " << output << "\n\nparties settled, by rule:\n";
    text_table rules({"rule", "parties"}, {false, true});
    for (auto rule : summary_rules) {
        const auto found = summary.by_rule.find(rule);
        const std::size_t parties = found == summary.by_rule.end() ? 0 : found->second;
        rules.add({std::string(model::to_string(rule)), std::to_string(parties)});
    }
    rules.print(out);
    print_section(out, "rows that need a person (" + std::to_string(summary.to_review.size()) + ")", summary.to_review);
    print_section(out, "choices made by a rule (" + std::to_string(summary.notes.size()) + ")", summary.notes);
}

} // namespace

int run_resolve(const arguments& args, std::ostream& out, std::ostream& err) {
    const std::optional<resolve_request> request = read_request(args, err);
    if (!request) return 2;
    const auto manifest = io::read_manifest(manifest_path(args));
    model::atlas& atlas = load_atlas_for_names(manifest);
    const resolved_table resolved = read_and_resolve(*request, atlas);
    resolution_summary summary;
    const io::feature_table copy = resolved_copy(resolved, summary);
    write_copy(args, manifest, resolved.source.path, request->where.output, copy);
    print_summary(resolved.table, summary, request->where.output, out);
    return 0;
}

} // namespace coopatlas::cli
