#include <coopatlas/io/csv.hpp>
#include <coopatlas/io/partnership_table.hpp>
#include <coopatlas/text/fold.hpp>
#include <coopatlas/text/parse_value.hpp>

#include <algorithm>
#include <utility>
#include <array>
#include <cctype>
#include <unordered_map>

namespace coopatlas::io {

namespace {

constexpr std::array<std::string_view, 6> required_columns = {"id", "kind", "party_a", "party_b", "year", "source"};
constexpr std::array<std::string_view, 10> optional_columns = {
    "party_a_id",      "party_b_id", "party_a_level", "party_a_country", "party_b_level",
    "party_b_country", "themes",     "count",         "requesters",      "note"};

// Reads digits that were typed with look-alike letters ("20O9", "2OO5", "l999").
std::string repair_year(std::string_view s) {
    std::string out;
    for (char c : s) {
        switch (c) {
        case 'O': case 'o': out += '0'; break;
        case 'l': case 'I': case 'i': out += '1'; break;
        case 'S': out += '5'; break;
        case 'B': out += '8'; break;
        case ' ': break;
        default: out += c;
        }
    }
    return out;
}

bool four_digits(std::string_view s) {
    return s.size() == 4 && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

std::string nearest_column(std::string_view wanted, const std::vector<csv_field>& header) {
    std::string best;
    std::size_t best_d = 3;
    for (const auto& h : header) {
        const std::size_t d = text::edit_distance(text::fold(wanted), text::fold(h.value));
        if (d < best_d) {
            best_d = d;
            best = h.value;
        }
    }
    return best;
}

struct party_columns {
    std::optional<std::size_t> text, id, level, country;
};

struct row_reader {
    const csv_table& table;
    const csv_record& record;
    std::vector<diagnostic>& problems;

    const csv_field* field(std::optional<std::size_t> col) const {
        if (!col || *col >= record.fields.size()) return nullptr;
        return &record.fields[*col];
    }
    std::string value(std::optional<std::size_t> col) const {
        const csv_field* f = field(col);
        return f ? std::string(text::trim(f->value)) : std::string();
    }
    void report(std::optional<std::size_t> col, std::string message, std::string suggestion = {}) const {
        const csv_field* f = field(col);
        diagnostic d;
        d.file = table.path;
        d.line = f ? f->line : record.line;
        d.column = f ? f->column : 0;
        if (col && *col < table.header.size()) d.field = table.header[*col].value;
        d.message = std::move(message);
        d.suggestion = std::move(suggestion);
        problems.push_back(std::move(d));
    }
};

// Reports what became of one side; returns whether it is settled.
bool report_party(const row_reader& row, const model::party_resolution& r, const party_columns& cols,
                  const char* side, bool required, model::party& out, std::vector<diagnostic>& notes) {
    using status = model::party_resolution::status;
    using input = model::party_resolution::input;
    out.text = row.value(cols.text);
    const auto column = [&](input where) {
        switch (where) {
        case input::id: return cols.id;
        case input::level: return cols.level;
        case input::country: return cols.country;
        case input::text: break;
        }
        return cols.text;
    };
    if (r.state == status::resolved) {
        for (const auto& n : r.notes) {  // a rule chose among the entities the words name
            const csv_field* f = row.field(cols.text);
            notes.push_back(diagnostic{row.table.path, f ? f->line : row.record.line, f ? f->column : 0,
                                       row.table.header[*cols.text].value, "note: " + n, {}});
        }
    }
    switch (r.state) {
    case status::resolved:
        out.entity_id = r.found->id;
        out.notes = r.notes;
        return true;
    case status::empty:
        if (!required) return true;
        row.report(cols.text, std::string(side) + " is empty", "name the collectivity or give its id");
        return false;
    default:
        row.report(column(r.where), r.problem, r.suggestion);
        return false;
    }
}

// `year`: four digits in 1900–2100; empty when unknown.
void read_year(const row_reader& row, std::optional<std::size_t> column, model::partnership& p) {
    const std::string year = row.value(column);
    if (year.empty()) return;
    if (four_digits(year)) {
        if (const auto y = text::parse_integer(year, 1900, 2100))
            p.year = static_cast<int>(*y);
        else
            row.report(column, "year " + year + " is out of range 1900–2100");
    } else {
        const std::string repaired = repair_year(year);
        row.report(column, "year '" + year + "' is not a 4-digit year",
                   four_digits(repaired) ? "did you mean " + repaired + "?" : "leave it empty when unknown");
    }
}

// `count`: a positive number up to 1e9; empty leaves the default.
void read_count(const row_reader& row, std::optional<std::size_t> column, model::partnership& p) {
    const std::string count = row.value(column);
    if (count.empty()) return;
    const auto c = text::parse_number(count);
    if (!c)
        row.report(column, "count " + c.problem, c.suggestion);
    else if (*c <= 0)
        row.report(column, "count '" + count + "' is not a positive number");
    else if (*c > 1e9)
        row.report(column, "count '" + count + "' is larger than 1e9",
                   "a count is a number of agreements or requests; write it in full");
    else
        p.count = *c;
}

// `requesters`: a whole number, no more than the count.
void read_requesters(const row_reader& row, std::optional<std::size_t> column, model::partnership& p) {
    const std::string requesters = row.value(column);
    if (requesters.empty()) return;
    const auto r = text::parse_integer(requesters, 1, 1000000);
    if (!r)
        row.report(column, "requesters " + r.problem, r.suggestion);
    else if (static_cast<double>(*r) > p.count)
        row.report(column, "requesters " + requesters + " exceeds count", "each requester files at least one request");
    else
        p.requesters = static_cast<int>(*r);
}

// The rows of one table read into `out`: their columns found once, then each row checked and its parties settled.
struct table_reader {
    const csv_table& table;
    const model::atlas& atlas;
    bool suggest;
    std::optional<model::prefer_unit> prefer;
    partnership_table& out;
    std::unordered_map<std::string, std::optional<std::size_t>> col{};
    party_columns cols_a{}, cols_b{};
    std::unordered_map<std::string, long> first_line{}; // of each id

    // Reports each missing required column; false when one is missing (no row is read then).
    bool find_columns() {
        bool missing = false;
        for (auto name : required_columns) {
            col[std::string(name)] = table.column(name);
            if (!col[std::string(name)]) {
                const std::string near = nearest_column(name, table.header);
                out.problems.push_back(
                    diagnostic{table.path, 1, 0, std::string(name), "missing column '" + std::string(name) + "'",
                               near.empty() ? "add it to the header row"
                                            : "is '" + near + "' meant to be '" + std::string(name) + "'?"});
                missing = true;
            }
        }
        if (missing) return false;
        out.columns_ok = true;
        for (auto name : optional_columns) col[std::string(name)] = table.column(name);
        cols_a = {col["party_a"], col["party_a_id"], col["party_a_level"], col["party_a_country"]};
        cols_b = {col["party_b"], col["party_b_id"], col["party_b_level"], col["party_b_country"]};
        return true;
    }

    void read(const csv_record& record) {
        row_reader row{table, record, out.problems};
        const std::size_t before = out.problems.size();
        if (record.fields.size() > table.header.size()) {
            report_extra_fields(row);
            return;
        }
        model::partnership p;
        p.origin = table.path;
        p.line = record.line;
        read_id_and_kind(row, p);
        read_year(row, col["year"], p);
        read_count(row, col["count"], p);
        read_requesters(row, col["requesters"], p);
        p.themes = text::split(row.value(col["themes"]), '|');
        p.source = row.value(col["source"]);
        if (p.source.empty()) row.report(col["source"], "empty source", "name the document the row comes from");
        p.note = row.value(col["note"]);
        settle_parties(row, p, before);
        if (out.problems.size() == before && !p.a.empty() && p.a.entity_id == p.b.entity_id)
            row.report(cols_b.text, "party_b is the same collectivity as party_a ('" + p.a.entity_id + "')",
                       "a partnership links two different collectivities");
        if (out.problems.size() == before) out.partnerships.push_back(std::move(p));
    }

    // A row longer than the header: its only problem, its parties left unread.
    void report_extra_fields(const row_reader& row) {
        row.report(table.header.size(),
                   "row has " + std::to_string(row.record.fields.size()) + " fields, header has " +
                       std::to_string(table.header.size()),
                   "quote values that contain commas");
        out.rows.push_back(row_resolution{row.record.line, {}, {}, {out.problems.back()}});
    }

    // `id`, unique in the table, and `kind`.
    void read_id_and_kind(const row_reader& row, model::partnership& p) {
        p.id = row.value(col["id"]);
        if (p.id.empty()) {
            row.report(col["id"], "empty id");
        } else if (auto [it, inserted] = first_line.emplace(p.id, row.record.line); !inserted) {
            row.report(col["id"], "duplicate id '" + p.id + "' (first on line " + std::to_string(it->second) + ")",
                       "give each partnership its own id");
        }
        p.kind = row.value(col["kind"]);
        if (p.kind.empty()) row.report(col["kind"], "empty kind", "e.g. decentralised_cooperation, convention, programme");
    }

    // Resolves both parties and records the row with its problems so far (`before` is where they start).
    void settle_parties(const row_reader& row, model::partnership& p, std::size_t before) {
        auto words = [&](const char* side, const party_columns& c) {
            return model::party_words{side, row.value(c.text), row.value(c.id), row.value(c.level), row.value(c.country)};
        };
        auto [res_a, res_b] = model::resolve_parties(atlas, words("party_a", cols_a), words("party_b", cols_b), p.year, prefer, suggest);
        report_party(row, res_a, cols_a, "party_a", true, p.a, out.notes);
        report_party(row, res_b, cols_b, "party_b", false, p.b, out.notes);
        out.rows.push_back(row_resolution{
            row.record.line, std::move(res_a), std::move(res_b),
            std::vector<diagnostic>(out.problems.begin() + static_cast<std::ptrdiff_t>(before), out.problems.end())});
    }
};

} // namespace

// Problems in a sheet name their cell as the spreadsheet does (column letters).
static partnership_table with_cells(partnership_table out, const csv_table& table) {
    for (auto& d : out.problems) d.column_letters = table.spreadsheet;
    for (auto& d : out.notes) d.column_letters = table.spreadsheet;
    for (auto& row : out.rows)
        for (auto& d : row.problems) d.column_letters = table.spreadsheet;
    return out;
}

static partnership_table read_rows(const csv_table& table, const model::atlas& atlas, bool suggest,
                                   std::optional<model::prefer_unit> prefer) {
    partnership_table out;
    table_reader reader{table, atlas, suggest, prefer, out};
    if (!reader.find_columns()) return out;
    for (const auto& record : table.records)
        reader.read(record);
    return out;
}

partnership_table read_partnership_table(const csv_table& table, const model::atlas& atlas,
                                         std::optional<model::prefer_unit> prefer) {
    return with_cells(read_rows(table, atlas, true, prefer), table);
}

partnership_table read_partnership_table(const table_source& source, const model::atlas& atlas,
                                         std::optional<model::prefer_unit> prefer) {
    return read_partnership_table(read_table(source), atlas, prefer);
}

partnership_table read_partnership_table(const std::string& path, const model::atlas& atlas,
                                         std::optional<model::prefer_unit> prefer) {
    return read_partnership_table(parse_table_name(path), atlas, prefer);
}

bool needs_deferred_layers(const partnership_table& table) {
    using status = model::party_resolution::status;
    using input = model::party_resolution::input;
    const auto needs = [](const model::party_resolution& r) {
        return r.state == status::unknown ||
               (r.state == status::invalid && (r.where == input::country || r.id_not_held));  // a country or id not held
    };
    return std::any_of(table.rows.begin(), table.rows.end(),
                       [&](const row_resolution& row) { return needs(row.a) || needs(row.b); });
}

partnership_table read_partnership_table(const csv_table& table, model::atlas& atlas,
                                         std::optional<model::prefer_unit> prefer) {
    if (!atlas.has_deferred()) return read_partnership_table(table, std::as_const(atlas), prefer);
    // a first pass without suggestions (a search over every name for each unknown party)
    partnership_table out = read_rows(table, atlas, false, prefer);
    if (!needs_deferred_layers(out)) return with_cells(std::move(out), table);  // no party unknown: nothing left out
    atlas.load_deferred();
    return read_partnership_table(table, std::as_const(atlas), prefer);  // the entities may have moved
}

partnership_table read_partnership_table(const table_source& source, model::atlas& atlas,
                                         std::optional<model::prefer_unit> prefer) {
    return read_partnership_table(read_table(source), atlas, prefer);
}

partnership_table read_partnership_table(const std::string& path, model::atlas& atlas,
                                         std::optional<model::prefer_unit> prefer) {
    return read_partnership_table(parse_table_name(path), atlas, prefer);
}

std::vector<model::partnership> load_partnerships(const table_source& source, model::atlas& atlas) {
    auto table = read_partnership_table(source, atlas);
    if (!table.ok()) throw input_error(std::move(table.problems));
    return std::move(table.partnerships);
}

std::vector<model::partnership> load_partnerships(const table_source& source, const model::atlas& atlas) {
    auto table = read_partnership_table(source, atlas);
    if (!table.ok()) throw input_error(std::move(table.problems));
    return std::move(table.partnerships);
}

std::vector<model::partnership> load_partnerships(const std::string& path, const model::atlas& atlas) {
    return load_partnerships(parse_table_name(path), atlas);
}

bool looks_like_partnership_table(const std::string& path) {
    try {
        const csv_table t = read_table(parse_table_name(path));
        return t.column("party_a") && t.column("party_b");
    } catch (const error&) {
        return false;
    }
}

} // namespace coopatlas::io

namespace coopatlas::io {

std::vector<std::string> partnership_columns() {
    std::vector<std::string> out(required_columns.begin(), required_columns.end());
    out.insert(out.end(), optional_columns.begin(), optional_columns.end());
    return out;
}

} // namespace coopatlas::io
