// The tables of the analyses (analysis_tables.hpp): the coverage and flow results laid
// out as the columns the commands and books write.

#include <coopatlas/io/analysis_tables.hpp>

#include <coopatlas/analysis/vocabulary.hpp>
#include <coopatlas/text/fold.hpp>

#include <cmath>
#include <initializer_list>
#include <string>
#include <utility>
#include <vector>

namespace coopatlas::io {

using text::join;

namespace {

attribute real(double v) { return std::isnan(v) ? attribute{} : attribute{v}; }
attribute integer(std::size_t v) { return attribute{static_cast<long long>(v)}; }
std::string vintage_or_dash(const std::string& v) { return v.empty() ? std::string("-") : v; }

} // namespace

// The columns written for every unit (and the zone row), so that each row says
// which level, vintage, zone, filter and denominators it used.
feature_table coverage_table(const model::atlas& atlas, const analysis::coverage_result& r) {
    using t = field_def::type;
    feature_table table;
    table.name = "coverage";
    for (auto [name, kind] : std::initializer_list<std::pair<const char*, t>>{
             {"row_type", t::text}, {"unit_id", t::text}, {"name", t::text}, {"engaged", t::integer},
             {"how", t::text}, {"partnerships", t::integer}, {"partnership_ids", t::text}, {"requests", t::integer},
             {"demand", t::real}, {"requesters", t::real}, {"area_km2", t::real}, {"population", t::real}, {"population_from", t::text},
             {"per_10k_km2", t::real}, {"per_100k_inh", t::real}, {"engaged_units", t::integer},
             {"share_count", t::real}, {"share_area", t::real}, {"share_population", t::real}, {"notes", t::text},
             {"level", t::text}, {"vintage", t::text}, {"zone", t::text}, {"filter", t::text},
             {"roll_down", t::integer}, {"area_method", t::text}, {"population_method", t::text}})
        table.add_field(name, kind);
    const std::string vintage =
        r.rows.empty() || !r.rows.front().unit ? r.part.vintage : r.rows.front().unit->vintage.str();
    const std::string area_method = "geodesic WGS 84 (PROJ)";
    const std::string pop_method = analysis::to_string(r.options.population);
    auto context = [&](std::vector<attribute>& row) {
        row.insert(row.end(), {attribute{r.part.level}, attribute{vintage},
                               attribute{r.part.zone.empty() ? std::string("all") : r.part.zone},
                               attribute{r.filter_description}, attribute{r.options.roll_down ? 1LL : 0LL},
                               attribute{area_method}, attribute{pop_method}});
    };
    for (const auto& u : r.rows) {
        std::vector<attribute> row = {
            std::string("unit"), u.unit_id, u.name, attribute{u.engaged ? 1LL : 0LL}, u.how,
            integer(u.partnerships), join(u.partnership_ids, ";"), integer(u.requests), real(u.demand),
            u.requests ? real(u.requesters) : attribute{}, real(u.area_km2), real(u.population), u.population_from, real(u.per_10k_km2),
            real(u.per_100k_inhabitants), {}, {}, {}, {}, join(u.notes, " | ")};
        context(row);
        table.rows.push_back(std::move(row));
        table.geometries.push_back(u.unit ? atlas.location(*u.unit) : geometry::geometry{});
    }
    const auto& tt = r.totals;
    std::vector<attribute> zone = {
        std::string("zone"), r.part.zone.empty() ? std::string("all") : r.part.zone, std::string("zone total"), {}, {},
        integer(tt.partnerships), {}, integer(tt.requests), real(tt.demand),
        tt.requests && tt.requests_without_requesters == 0 ? real(tt.requesters) : attribute{}, real(tt.area_km2),
        tt.units_without_population == tt.units ? attribute{} : real(tt.population), {},
        real(static_cast<double>(tt.partnerships) * 1e4 / tt.area_km2),
        tt.population > 0 ? real(static_cast<double>(tt.partnerships) * 1e5 / tt.population) : attribute{},
        integer(tt.engaged), real(tt.share_count), real(tt.share_area), real(tt.share_population),
        std::string("units: ") + std::to_string(tt.units) + "; without area: " + std::to_string(tt.units_without_area) +
            "; without population: " + std::to_string(tt.units_without_population)};
    context(zone);
    table.rows.push_back(std::move(zone));
    table.geometries.emplace_back();
    return table;
}

feature_table flow_cells_table(const analysis::flow_result& r) {
    using t = field_def::type;
    feature_table table;
    table.name = "flows";
    for (auto [name, kind] : std::initializer_list<std::pair<const char*, t>>{
             {"rank", t::integer}, {"from_id", t::text}, {"from_name", t::text}, {"to_id", t::text},
             {"to_name", t::text}, {"count", t::integer}, {"partnership_ids", t::text}, {"length_km", t::real},
             {"notes", t::text}, {"from_level", t::text}, {"from_vintage", t::text}, {"from_zone", t::text},
             {"to_level", t::text}, {"to_vintage", t::text}, {"to_zone", t::text}, {"filter", t::text},
             {"roll_down", t::integer}})
        table.add_field(name, kind);
    for (const auto& c : r.cells) {
        table.rows.push_back({static_cast<long long>(c.rank), c.from_id, c.from_name, c.to_id, c.to_name,
                              static_cast<long long>(c.count), join(c.partnership_ids, ";"), real(c.length_km),
                              join(c.notes, " | "), r.from.level, vintage_or_dash(c.from ? c.from->vintage : ""),
                              r.from.zone.empty() ? std::string("all") : r.from.zone, r.to.level,
                              vintage_or_dash(c.to ? c.to->vintage : ""),
                              r.to.zone.empty() ? std::string("all") : r.to.zone, r.filter_description,
                              r.options.roll_down ? 1LL : 0LL});
        if (c.line.size() >= 2) table.geometries.emplace_back(c.line);
        else table.geometries.emplace_back();
    }
    return table;
}

feature_table flow_lengths_table(const analysis::flow_result& r) {
    using t = field_def::type;
    feature_table table;
    table.name = "lengths";
    for (auto [name, kind] : std::initializer_list<std::pair<const char*, t>>{
             {"partnership_id", t::text}, {"from_party", t::text}, {"to_party", t::text}, {"level_pair", t::text},
             {"length_km", t::real}, {"measured", t::text}, {"filter", t::text}, {"length_method", t::text}})
        table.add_field(name, kind);
    for (const auto& l : r.lengths) {
        table.rows.push_back({l.partnership_id, l.from_party, l.to_party, l.level_pair, real(l.length_km), l.measured,
                              r.filter_description, std::string("geodesic WGS 84 (PROJ)")});
        table.geometries.emplace_back();
    }
    return table;
}

} // namespace coopatlas::io
