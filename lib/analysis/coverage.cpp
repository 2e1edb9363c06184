#include <coopatlas/analysis/coverage.hpp>
#include <coopatlas/error.hpp>

#include "analysis/link_memo.hpp"
#include "analysis/unit_areas.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <map>
#include <set>
#include <unordered_map>

namespace coopatlas::analysis {

using model::entity;

std::string to_string(population_source s) {
    switch (s) {
    case population_source::field: return "field";
    case population_source::places: return "places";
    case population_source::field_or_places: return "field-or-places";
    }
    return "?";
}

population_source parse_population_source(const std::string& word) {
    if (word == "field") return population_source::field;
    if (word == "places") return population_source::places;
    if (word == "field-or-places" || word == "auto") return population_source::field_or_places;
    throw error("unknown population source '" + word + "'; use field, places or field-or-places");
}

namespace {

constexpr const char* request_kind = "project_request";

double ratio(double num, double den) { return den > 0 ? num / den : std::numeric_limits<double>::quiet_NaN(); }

/// Population of the places (level "place") lying in each unit, each place counted
/// once: where the partition's mapping puts it (hierarchy, else location). Mapped without
/// the memo: tens of thousands of places, most of them no party, each asked once.
std::unordered_map<const entity*, std::pair<double, std::size_t>> places_population(const model::atlas& atlas,
                                                                                    const unit_mapper& mapper) {
    std::unordered_map<const entity*, std::pair<double, std::size_t>> out;
    const model::interned_string place("place");
    for (const auto& e : atlas.entities()) {
        if (e.level != place || !e.population || mapper.is_unit(e)) continue;
        const auto links = mapper.map(e);
        if (links.empty()) continue;
        auto& slot = out[links.front().unit];
        slot.first += *e.population;
        ++slot.second;
    }
    return out;
}

std::string format_share(double v) {
    if (std::isnan(v)) return "n/a";
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f%%", 100 * v);
    return buf;
}

/// One row per unit, in the mapper's order, with its name and area; returns the row of each unit.
std::unordered_map<const entity*, std::size_t> add_unit_rows(const unit_mapper& mapper, coverage_result& result) {
    std::unordered_map<const entity*, std::size_t> row_of;
    result.rows.reserve(mapper.units().size());
    const std::vector<detail::unit_area> areas = detail::unit_areas(mapper.units());
    for (std::size_t i = 0; i < mapper.units().size(); ++i) {
        const entity* u = mapper.units()[i];
        row_of.emplace(u, result.rows.size());
        unit_row row;
        row.unit = u;
        row.unit_id = u->id;
        row.name = u->display_name();
        row.area_km2 = areas[i].km2;
        if (areas[i].repaired) result.repaired.push_back(u->id);
        result.rows.push_back(std::move(row));
    }
    return row_of;
}

/// How many units took their population from their own field, and how many from the places inside.
struct population_counts {
    std::size_t field = 0, places = 0;
};

/// Each row's population: the unit's own field, or the sum over the places inside it, as the options say.
population_counts fill_populations(const model::atlas& atlas, const coverage_options& options,
                                   const unit_mapper& mapper, std::vector<unit_row>& rows) {
    const bool need_places = options.population == population_source::places ||
                             (options.population == population_source::field_or_places &&
                              std::any_of(mapper.units().begin(), mapper.units().end(),
                                          [](const entity* u) { return !u->population; }));
    std::unordered_map<const entity*, std::pair<double, std::size_t>> from_places;
    if (need_places) from_places = places_population(atlas, mapper);
    population_counts counts;
    for (auto& row : rows) {
        if (options.population != population_source::places && row.unit->population) {
            row.population = *row.unit->population;
            row.population_from = "field";
            ++counts.field;
        } else if (options.population != population_source::field) {
            auto it = from_places.find(row.unit);
            if (it != from_places.end() && it->second.second > 0) {
                row.population = it->second.first;
                row.population_from = std::to_string(it->second.second) + " places";
                ++counts.places;
            }
        }
    }
    return counts;
}

/// "P12: party b Lille (commune, FR): outside the zone".
std::string unmapped_entry(const model::partnership& pp, const entity* party_a, const entity* party_b,
                           detail::link_memo& memo) {
    // why each party maps nowhere: found for the records left out only (a table of
    // French-foreign pairs has a foreign party outside every French unit in each row)
    std::string why;
    for (const auto& [e, side] : {std::pair{party_a, "party a "}, std::pair{party_b, "party b "}})
        if (e && memo.links(*e).empty())
            why += (why.empty() ? "" : "; ") + std::string(side) + e->describe() + ": " + memo.why_unmapped(*e);
    return pp.id + ": " + (why.empty() ? std::string("no party") : why);
}

/// Counts one partnership (or project request) in the totals and in the rows it reaches.
void count_on_rows(const model::partnership& pp, const std::map<std::size_t, std::vector<const unit_link*>>& hits,
                   coverage_result& result, std::vector<std::set<link_reason>>& reasons) {
    const bool request = pp.kind == request_kind;
    if (request) {
        ++result.totals.requests;
        result.totals.demand += pp.count;
        if (pp.requesters)
            result.totals.requesters += *pp.requesters;
        else
            ++result.totals.requests_without_requesters;
    } else {
        ++result.totals.partnerships;
    }
    for (const auto& [idx, links] : hits) {
        auto& row = result.rows[idx];
        if (request) {
            ++row.requests;
            row.demand += pp.count;
            if (pp.requesters) row.requesters += *pp.requesters;
        } else {
            ++row.partnerships;
            row.partnership_ids.push_back(pp.id);
            for (const unit_link* l : links) reasons[idx].insert(l->reason);
        }
        for (const unit_link* l : links)
            if (!l->note.empty()) row.notes.push_back(pp.id + ": " + l->note);
    }
}

/// Maps each selected partnership's parties onto the rows; returns the reasons each row is engaged.
std::vector<std::set<link_reason>> count_partnerships(const model::atlas& atlas, const filter& f,
                                                      const std::unordered_map<const entity*, std::size_t>& row_of,
                                                      detail::link_memo& memo, coverage_result& result) {
    std::vector<std::set<link_reason>> reasons(result.rows.size());
    for (const model::partnership* pp : select(atlas, f)) {
        std::map<std::size_t, std::vector<const unit_link*>> hits;
        const auto [party_a, party_b] = atlas.parties(*pp);
        for (const entity* e : {party_a, party_b})
            if (e)
                for (const auto& l : memo.links(*e)) hits[row_of.at(l.unit)].push_back(&l);
        if (hits.empty()) {
            result.unmapped.push_back(unmapped_entry(*pp, party_a, party_b, memo));
            continue;
        }
        count_on_rows(*pp, hits, result, reasons);
    }
    return reasons;
}

/// Each row's engagement and densities, and the zone's totals, shares, gaps and unmet demand.
void total_rows(const std::vector<std::set<link_reason>>& reasons, coverage_result& result) {
    auto& t = result.totals;
    for (std::size_t i = 0; i < result.rows.size(); ++i) {
        auto& row = result.rows[i];
        row.engaged = row.partnerships > 0;
        for (link_reason r : reasons[i]) row.how += (row.how.empty() ? "" : "+") + to_string(r);
        row.per_10k_km2 = ratio(static_cast<double>(row.partnerships) * 1e4, row.area_km2);
        row.per_100k_inhabitants = ratio(static_cast<double>(row.partnerships) * 1e5, row.population);

        ++t.units;
        if (row.engaged) ++t.engaged;
        if (std::isnan(row.area_km2)) ++t.units_without_area;
        else {
            t.area_km2 += row.area_km2;
            if (row.engaged) t.engaged_area_km2 += row.area_km2;
        }
        if (std::isnan(row.population)) ++t.units_without_population;
        else {
            t.population += row.population;
            if (row.engaged) t.engaged_population += row.population;
        }
        if (!row.engaged) result.gaps.push_back(row.unit_id);
        if (!row.engaged && row.requests > 0) result.demand_without_partnership.push_back(row.unit_id);
    }
    t.share_count = ratio(static_cast<double>(t.engaged), static_cast<double>(t.units));
    t.share_area = ratio(t.engaged_area_km2, t.area_km2);
    t.share_population = ratio(t.engaged_population, t.population);
}

std::string describe_method(const coverage_result& result, const unit_mapper& mapper,
                            const population_counts& populations) {
    const partition& p = result.part;
    const coverage_options& options = result.options;
    const coverage_totals& t = result.totals;
    std::string pop = "population=" + to_string(options.population) + " (field for " +
                      std::to_string(populations.field) + " units, places inside for " +
                      std::to_string(populations.places) + ", unknown for " +
                      std::to_string(t.units_without_population) + ")";
    return "level=" + p.level + "; vintage=" +
           (mapper.units().front()->vintage.empty() ? std::string("-") : mapper.units().front()->vintage.str()) +
           "; zone=" + (p.zone.empty() ? std::string("all") : p.zone) + "; units=" + std::to_string(t.units) +
           "; filter=" + result.filter_description + "; roll-down=" + (options.roll_down ? "on" : "off") +
           "; engaged=party is, is anchored in or lies in the unit (hierarchy, else location), other vintages "
           "carried through their children" +
           (options.roll_down ? ", coarser parties rolled down to their units" : "") +
           "; count=distinct partnership records (project_request apart: demand = sum of count)"
           "; area=geodesic WGS 84 km2 (" +
           std::to_string(t.units_without_area) + " units without polygon, " + std::to_string(result.repaired.size()) +
           " invalid polygons repaired with GEOS MakeValid); " + pop +
           "; density=partnerships per 10,000 km2 and per 100,000 inhabitants; shares: count " +
           format_share(t.share_count) + ", area " + format_share(t.share_area) + ", population " +
           format_share(t.share_population);
}

} // namespace

coverage_result coverage(const model::atlas& atlas, const filter& f, const partition& p, const coverage_options& options) {
    const unit_mapper mapper(atlas, p, {.roll_down = options.roll_down});
    coverage_result result;
    result.part = p;
    result.filter_description = f.describe();
    result.options = options;

    const std::unordered_map<const entity*, std::size_t> row_of = add_unit_rows(mapper, result);
    // a party named in many rows is mapped once
    detail::link_memo memo(mapper);
    const population_counts populations = fill_populations(atlas, options, mapper, result.rows);
    const std::vector<std::set<link_reason>> reasons = count_partnerships(atlas, f, row_of, memo, result);
    total_rows(reasons, result);
    result.method = describe_method(result, mapper, populations);
    return result;
}

std::vector<unit_row> unit_density(const model::atlas& atlas, const filter& f, const partition& p,
                                   const coverage_options& options) {
    return coverage(atlas, f, p, options).rows;
}

} // namespace coopatlas::analysis
