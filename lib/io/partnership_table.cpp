#include <coopatlas/io/csv.hpp>
#include <coopatlas/io/partnership_table.hpp>
#include <coopatlas/text/fold.hpp>
#include <coopatlas/text/parse_value.hpp>

#include <algorithm>
#include <array>
#include <cctype>
#include <unordered_map>

namespace coopatlas::io {

namespace {

constexpr std::array<std::string_view, 6> required_columns = {"id", "kind", "party_a", "party_b", "year", "source"};
constexpr std::array<std::string_view, 6> optional_columns = {"party_a_id", "party_b_id", "themes",
                                                               "count",      "requesters", "note"};

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

// Resolves one side of a partnership; returns false (after reporting) on a problem.
bool resolve_party(const row_reader& row, const model::atlas& atlas, std::optional<std::size_t> text_col,
                   std::optional<std::size_t> id_col, const char* side, bool required, std::optional<int> year,
                   model::party& out) {
    out.text = row.value(text_col);
    out.entity_id = row.value(id_col);
    if (!out.entity_id.empty()) {
        if (atlas.find(out.entity_id)) return true;
        std::string suggestion;
        if (!out.text.empty()) {
            const auto near = atlas.match(out.text);
            if (near.size() == 1) suggestion = "'" + out.text + "' is " + near.front()->describe() + ", id " + near.front()->id;
        }
        row.report(id_col, std::string("unknown ") + side + " id '" + out.entity_id + "'", suggestion);
        return false;
    }
    if (out.text.empty()) {
        if (required) {
            row.report(text_col, std::string(side) + " is empty", "name the collectivity or give its id");
            return false;
        }
        return true;
    }
    model::name_query q;
    q.year = year;
    const auto found = atlas.match(out.text, q);
    if (found.size() == 1) {
        out.entity_id = found.front()->id;
        return true;
    }
    if (found.empty() && out.text.size() > 200) {
        // No collectivity has such a name: no costly search for the nearest ones.
        std::size_t cut = 60;
        while (cut > 0 && (static_cast<unsigned char>(out.text[cut]) & 0xC0) == 0x80) --cut;  // whole characters
        row.report(text_col,
                   "unknown " + std::string(side) + " of " + std::to_string(out.text.size()) + " bytes ('" +
                       out.text.substr(0, cut) + "…')",
                   "a name of a collectivity is shorter than 200 bytes; is a separator or a quote missing?");
        return false;
    }
    if (found.empty()) {
        const auto near = atlas.suggest(out.text, 3);
        std::string suggestion;
        for (std::size_t i = 0; i < near.size(); ++i)
            suggestion += (i == 0 ? "did you mean '" : " or '") + near[i]->display_name() + "' (" + near[i]->level +
                          ", " + near[i]->country + ")";
        if (!suggestion.empty()) suggestion += "?";
        row.report(text_col, "unknown " + std::string(side) + " '" + out.text + "'", suggestion);
        return false;
    }
    std::string candidates;
    for (const auto* e : found) candidates += (candidates.empty() ? "" : "; ") + e->describe() + " [" + e->id + "]";
    row.report(text_col, "ambiguous " + std::string(side) + " '" + out.text + "' matches " + candidates,
               "give the id in the " + std::string(side) + "_id column");
    return false;
}

} // namespace

static partnership_table read_rows(const csv_table& table, const model::atlas& atlas) {
    const std::string& path = table.path;
    partnership_table out;
    auto& problems = out.problems;

    std::unordered_map<std::string, std::optional<std::size_t>> col;
    bool missing = false;
    for (auto name : required_columns) {
        col[std::string(name)] = table.column(name);
        if (!col[std::string(name)]) {
            const std::string near = nearest_column(name, table.header);
            problems.push_back(diagnostic{path, 1, 0, std::string(name), "missing column '" + std::string(name) + "'",
                                          near.empty() ? "add it to the header row" : "is '" + near + "' meant to be '" + std::string(name) + "'?"});
            missing = true;
        }
    }
    if (missing) return out;
    for (auto name : optional_columns) col[std::string(name)] = table.column(name);

    std::unordered_map<std::string, long> first_line;
    for (const auto& record : table.records) {
        row_reader row{table, record, problems};
        const std::size_t before = problems.size();
        if (record.fields.size() > table.header.size()) {
            row.report(table.header.size(), "row has " + std::to_string(record.fields.size()) + " fields, header has " +
                                                std::to_string(table.header.size()),
                       "quote values that contain commas");
            continue;
        }
        model::partnership p;
        p.origin = path;
        p.line = record.line;
        p.id = row.value(col["id"]);
        if (p.id.empty()) {
            row.report(col["id"], "empty id");
        } else if (auto [it, inserted] = first_line.emplace(p.id, record.line); !inserted) {
            row.report(col["id"], "duplicate id '" + p.id + "' (first on line " + std::to_string(it->second) + ")",
                       "give each partnership its own id");
        }
        p.kind = row.value(col["kind"]);
        if (p.kind.empty()) row.report(col["kind"], "empty kind", "e.g. decentralised_cooperation, convention, programme");

        const std::string year = row.value(col["year"]);
        if (!year.empty()) {
            if (four_digits(year)) {
                if (const auto y = text::parse_integer(year, 1900, 2100)) p.year = static_cast<int>(*y);
                else row.report(col["year"], "year " + year + " is out of range 1900–2100");
            } else {
                const std::string repaired = repair_year(year);
                row.report(col["year"], "year '" + year + "' is not a 4-digit year",
                           four_digits(repaired) ? "did you mean " + repaired + "?" : "leave it empty when unknown");
            }
        }
        const std::string count = row.value(col["count"]);
        if (!count.empty()) {
            const auto c = text::parse_number(count);
            if (!c) row.report(col["count"], "count " + c.problem, c.suggestion);
            else if (*c <= 0) row.report(col["count"], "count '" + count + "' is not a positive number");
            else if (*c > 1e9)
                row.report(col["count"], "count '" + count + "' is larger than 1e9",
                           "a count is a number of agreements or requests; write it in full");
            else p.count = *c;
        }
        const std::string requesters = row.value(col["requesters"]);
        if (!requesters.empty()) {
            const auto r = text::parse_integer(requesters, 1, 1000000);
            if (!r) row.report(col["requesters"], "requesters " + r.problem, r.suggestion);
            else if (static_cast<double>(*r) > p.count)
                row.report(col["requesters"], "requesters " + requesters + " exceeds count",
                           "each requester files at least one request");
            else p.requesters = static_cast<int>(*r);
        }
        p.themes = text::split(row.value(col["themes"]), '|');
        p.source = row.value(col["source"]);
        if (p.source.empty()) row.report(col["source"], "empty source", "name the document the row comes from");
        p.note = row.value(col["note"]);

        resolve_party(row, atlas, col["party_a"], col["party_a_id"], "party_a", true, p.year, p.a);
        resolve_party(row, atlas, col["party_b"], col["party_b_id"], "party_b", false, p.year, p.b);
        if (problems.size() == before && !p.a.empty() && p.a.entity_id == p.b.entity_id)
            row.report(col["party_b"], "party_b is the same collectivity as party_a ('" + p.a.entity_id + "')",
                       "a partnership links two different collectivities");
        if (problems.size() == before) out.partnerships.push_back(std::move(p));
    }
    return out;
}

partnership_table read_partnership_table(const csv_table& table, const model::atlas& atlas) {
    partnership_table out = read_rows(table, atlas);
    for (auto& d : out.problems) d.column_letters = table.spreadsheet;
    return out;
}

partnership_table read_partnership_table(const table_source& source, const model::atlas& atlas) {
    return read_partnership_table(read_table(source), atlas);
}

partnership_table read_partnership_table(const std::string& path, const model::atlas& atlas) {
    return read_partnership_table(parse_table_name(path), atlas);
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
