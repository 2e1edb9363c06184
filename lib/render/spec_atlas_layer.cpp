// Layer features from the atlas: units with the value of an analysis, the parties and
// the partnerships between them, countries, and entities named one by one.

#include <coopatlas/analysis/coverage.hpp>
#include <coopatlas/analysis/filter.hpp>
#include <coopatlas/analysis/units.hpp>
#include <coopatlas/error.hpp>

#include "analysis/point_memo.hpp"
#include "render/spec_reader.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

namespace coopatlas::render::detail {

namespace {

const std::vector<std::string> analyses = {"partnerships", "requests",   "demand",  "engaged",
                                           "area_km2",     "population", "density", "density_population",
                                           "first_year",   "last_year"};

// The value of one analysed unit for the `value` word (one of `analyses`).
double unit_value(const analysis::unit_row& row, const std::string& word, const model::atlas& a) {
    double v = nan;
    if (word == "partnerships")
        v = static_cast<double>(row.partnerships);
    else if (word == "requests")
        v = static_cast<double>(row.requests);
    else if (word == "demand")
        v = row.demand;
    else if (word == "engaged")
        v = row.engaged ? 1 : 0;
    else if (word == "area_km2")
        v = row.area_km2;
    else if (word == "population")
        v = row.population;
    else if (word == "density")
        v = row.per_10k_km2;
    else if (word == "density_population")
        v = row.per_100k_inhabitants;
    else if (word == "first_year" || word == "last_year") {
        for (const auto& id : row.partnership_ids) {
            const auto* pp = a.find_partnership(id);
            if (!pp || !pp->year) continue;
            const double y = *pp->year;
            if (!std::isfinite(v))
                v = y;
            else
                v = word == "first_year" ? std::min(v, y) : std::max(v, y);
        }
    }
    return v;
}

// A province and its chef-lieu, both parties, often share a name (Ouarzazate, Figuig):
// one label says it for both. The unit's label is left to the place inside it, which
// stands where the name is read on other maps. Returns how many labels were left.
std::size_t merge_labels_of_namesakes(layer& l, const model::atlas& a) {
    std::map<std::string, std::vector<std::size_t>> by_text;
    for (std::size_t i = 0; i < l.features.size(); ++i)
        if (!l.features[i].label.empty()) by_text[l.features[i].label].push_back(i);
    std::size_t merged = 0;
    for (const auto& [text, indices] : by_text) {
        if (indices.size() < 2) continue;
        for (const std::size_t unit : indices) {
            const auto* u = a.find(l.features[unit].id);
            if (!u) continue;
            const bool has_namesake_inside = std::any_of(indices.begin(), indices.end(), [&](std::size_t other) {
                if (other == unit) return false;
                const auto* o = a.find(l.features[other].id);
                if (!o) return false;
                const auto up = a.ancestors(*o);
                return std::find(up.begin(), up.end(), u) != up.end();
            });
            if (has_namesake_inside) {
                l.features[unit].label.clear();
                ++merged;
            }
        }
    }
    return merged;
}

} // namespace

void spec_reader::read_units(layer& l, const YAML::Node& n, const layer_values& values) {
    analysis::partition p;
    const YAML::Node u = n["units"] ? n["units"] : n;
    if (n["units"]) check_keys(u, {"level", "vintage", "country", "zone", "roll_down", "except"}, "units");
    // `except`: countries (ISO codes) or unit ids left out (France on a map of its partners' countries)
    const std::vector<std::string> left_out = u["except"] ? words(u["except"]) : std::vector<std::string>{};
    auto kept = [&](const model::entity& e) {
        return std::find_if(left_out.begin(), left_out.end(),
                            [&](const std::string& w) { return w == e.id || w == e.country; }) == left_out.end();
    };
    if (!u["level"]) fail(u, "units need a level (region, province, departement, …)");
    p.level = str(u["level"]);
    if (u["vintage"]) p.vintage = str(u["vintage"]);
    if (u["zone"]) p.zone = str(u["zone"]);
    if (u["country"]) p.zone = str(u["country"]);
    analysis::coverage_options co;
    if (u["roll_down"]) co.roll_down = flag(u["roll_down"]);
    const bool analysed = values.value_is_named();
    if (analysed && std::find(analyses.begin(), analyses.end(), values.value_word) == analyses.end()) {
        const std::string near = nearest(values.value_word, analyses);
        fail(n["value"], "unknown value '" + values.value_word + "' for atlas units",
             near.empty() ? "use partnerships, requests, demand, engaged, area_km2, population, density, "
                            "density_population, first_year, last_year or a number"
                          : "did you mean '" + near + "'?");
    }
    // Units the eager layers lack (every country of the world, a country or level only
    // the deferred layers hold: `level: country`, `country: SN`) are read first.
    if (atlas().has_deferred()) {
        bool lacking = (p.level == "country" || p.level == "territory") && p.zone.empty();
        if (!lacking) {
            try {
                lacking = analysis::units_of(atlas(), p).empty();
            } catch (const error&) {
                lacking = true;
            }
        }
        if (lacking) load_deferred(l.id + " (" + p.describe() + ")");
    }
    const model::atlas& a = atlas();
    try {
        if (analysed) {
            const analysis::coverage_result result = coverage_cache().get(a, values.filter, p, co);
            std::size_t located = 0;
            for (const auto& row : result.rows) {
                const double v = unit_value(row, values.value_word, a);
                if (!row.unit || !kept(*row.unit)) continue;
                feature feat{row.unit_id, label_of(n, values, *row.unit, v), {}, v, row.unit->disputed, false};
                put_outline(feat, a.location(*row.unit));
                if (!geometry::is_empty(feat.shape())) ++located;
                l.features.push_back(std::move(feat));
            }
            spec_.notes.push_back(
                l.id + ": " + values.value_word + " of " + p.describe() + ": " + std::to_string(result.rows.size()) +
                " units, " + std::to_string(result.totals.engaged) + " engaged, " +
                std::to_string(result.totals.partnerships) + " partnerships, " +
                std::to_string(result.totals.requests) + " request records (" + result.filter_description + ")");
        } else {
            for (const auto* e : analysis::units_of(a, p)) {
                if (!kept(*e)) continue;
                const double v = values.constant_or_nan();
                feature& added =
                    l.features.emplace_back(feature{e->id, label_of(n, values, *e, v), {}, v, e->disputed, false});
                put_outline(added, a.location(*e));
            }
        }
    } catch (const input_error&) {
        throw;
    } catch (const error& e) {
        fail(u, e.what());
    }
}

// Each located party of the selected partnerships, valued by its number of partnerships.
void spec_reader::read_parties(layer& l, const YAML::Node& n, const layer_values& values) {
    const auto& pn = n["parties"];
    std::vector<std::string> countries, levels;
    if (pn.IsScalar()) {
        countries = words(pn);
    } else {
        check_keys(pn, {"country", "level"}, "parties");
        if (pn["country"]) countries = words(pn["country"]);
        if (pn["level"]) levels = words(pn["level"]);
    }
    const model::atlas& a = atlas();
    std::map<std::string, std::set<std::string>> counts;
    std::vector<std::string> order;
    for (const auto* p : analysis::select(a, values.filter)) {
        const auto [party_a, party_b] = a.parties(*p);
        for (const auto* side : {&p->a, &p->b}) {
            const auto* e = side == &p->a ? party_a : party_b;
            if (!e) continue;
            if (!countries.empty() && std::find(countries.begin(), countries.end(), e->country) == countries.end())
                continue;
            if (!levels.empty() && std::find(levels.begin(), levels.end(), e->level) == levels.end()) continue;
            if (counts.find(e->id) == counts.end()) order.push_back(e->id);
            counts[e->id].insert(p->id);
        }
    }
    std::size_t unlocated = 0;
    for (const auto& id : order) {
        const auto& e = a.at(id);
        const auto pt = analysis::representative_point(a, e);
        if (!pt) {
            ++unlocated;
            continue;
        }
        const double v = values.has_constant ? values.constant : static_cast<double>(counts[id].size());
        l.features.push_back({id, label_of(n, values, e, v), *pt, v, e.disputed, false});
    }
    const std::size_t merged = merge_labels_of_namesakes(l, a);
    spec_.notes.push_back(l.id + ": " + std::to_string(l.features.size()) + " parties located, " +
                          std::to_string(unlocated) + " without location (" + values.filter.describe() + ")" +
                          (merged ? "; " + std::to_string(merged) + " labels left to a namesake place below" : ""));
}

// Flows between the two parties of each selected two-sided partnership, from the
// `from` country to the `to` country; the same pair of parties is one flow valued
// by its number of partnerships.
void spec_reader::read_partnerships(layer& l, const YAML::Node& n, const layer_values& values) {
    const auto& pn = n["partnerships"];
    check_keys(pn, {"from", "to", "by"}, "partnerships");
    if (!pn["from"] || !pn["to"]) fail(pn, "partnerships need from and to countries (e.g. from: MA, to: FR)");
    const auto from = words(pn["from"]), to = words(pn["to"]);
    // `all`: any country (but a `from` country when the other side says all)
    auto in = [](const std::vector<std::string>& list, const std::string& c) {
        return std::find(list.begin(), list.end(), c) != list.end() ||
               (list.size() == 1 && list.front() == "all");
    };
    // `by: country`: one flow per pair of countries, between the countries' points
    bool by_country = false;
    if (pn["by"]) {
        const std::string by = str(pn["by"]);
        if (by != "country" && by != "party") fail(pn["by"], "by is 'party' (one flow per pair of parties) or 'country'");
        by_country = by == "country";
    }
    const model::atlas& a = atlas();
    std::map<std::pair<std::string, std::string>, std::vector<std::string>> pairs;
    std::vector<std::pair<std::string, std::string>> order;
    std::size_t selected = 0, unlocated = 0;
    std::vector<std::string> missing;
    for (const auto* p : analysis::select(a, values.filter)) {
        if (!p->two_sided()) continue;
        const auto [ea, eb] = a.parties(*p);
        if (!ea || !eb) continue;
        const model::entity *o = nullptr, *d = nullptr;
        if (ea->country == eb->country && (from.front() == "all" || to.front() == "all")) continue;
        if (in(from, ea->country) && in(to, eb->country)) {
            o = ea;
            d = eb;
        } else if (in(from, eb->country) && in(to, ea->country)) {
            o = eb;
            d = ea;
        } else {
            continue;
        }
        ++selected;
        if (by_country) {
            const auto* co = a.find(o->country + ":country:" + o->country);
            const auto* cd = a.find(d->country + ":country:" + d->country);
            if (co) o = co;
            if (cd) d = cd;
        }
        const std::pair<std::string, std::string> key{o->id, d->id};
        if (pairs.find(key) == pairs.end()) order.push_back(key);
        pairs[key].push_back(p->id);
    }
    const bool directed = n["directed"] ? flag(n["directed"]) : false;
    // each party's point once: one origin is in most pairs
    analysis::detail::point_memo point_of(a);
    for (const auto& key : order) {
        const auto& o = a.at(key.first);
        const auto& d = a.at(key.second);
        const auto& po = point_of(o);
        const auto& pd = point_of(d);
        if (!po || !pd) {
            unlocated += pairs[key].size();
            for (const auto& id : pairs[key])
                missing.push_back(id);
            continue;
        }
        const double v = values.has_constant ? values.constant : static_cast<double>(pairs[key].size());
        feature feat;
        feat.id = o.id + "->" + d.id;
        feat.label = o.display_name() + " \xE2\x80\x93 " + d.display_name();
        feat.geometry = geometry::line_string{*po, *pd};
        feat.value = v;
        feat.directed = directed;
        l.features.push_back(std::move(feat));
    }
    std::string note = l.id + ": " + std::to_string(selected) + " partnerships between " + str(pn["from"]) +
                       " and " + str(pn["to"]) + ", " + std::to_string(l.features.size()) + " flows drawn";
    if (unlocated) {
        note += ", " + std::to_string(unlocated) + " without a located party (";
        for (std::size_t i = 0; i < missing.size(); ++i)
            note += (i ? ", " : "") + missing[i];
        note += ")";
    }
    spec_.notes.push_back(note + " (" + values.filter.describe() + ")");
}

void spec_reader::read_countries(layer& l, const YAML::Node& n, const layer_values& values) {
    std::vector<std::string> codes;
    if (n["countries"] && !(n["countries"].IsScalar() && n["countries"].as<std::string>() == "all"))
        codes = words(n["countries"]);
    if (!codes.empty() && atlas().has_deferred()) {
        const auto& eager = atlas();
        for (const auto& c : codes)
            if (!eager.find(c + ":country:" + c) &&
                std::none_of(eager.entities().begin(), eager.entities().end(),
                             [&](const model::entity& e) { return e.country == c && e.level == "country"; })) {
                load_deferred(l.id + " (country " + c + ")");
                break;
            }
    }
    const model::atlas& a = atlas();
    for (const auto& e : a.entities()) {
        if ((e.level != "country" && e.level != "territory") || !e.is_areal()) continue;
        if (!codes.empty() && std::find(codes.begin(), codes.end(), e.country) == codes.end()) continue;
        const double v = values.constant_or_nan();
        feature& added = l.features.emplace_back(feature{e.id, label_of(n, values, e, nan), {}, v, e.disputed, false});
        put_outline(added, e.geometry);
    }
}

void spec_reader::put_outline(feature& f, const geometry::geometry& g) const {
    if (options_.atlas && options_.atlas_owner.get() == options_.atlas)
        f.shared_geometry = std::shared_ptr<const geometry::geometry>(options_.atlas_owner, &g); // shares its owner
    else
        f.geometry = g;
}

void spec_reader::read_entities(layer& l, const YAML::Node& n, const std::string& kind,
                                const layer_values& values) {
    for (const auto& node : n["entities"])
        if (!atlas().find(str(node)) && atlas().has_deferred()) {
            load_deferred(l.id + " (entity " + str(node) + ")");
            break;
        }
    const model::atlas& a = atlas();
    for (const auto& node : n["entities"]) {
        const auto* e = a.find(str(node));
        if (!e) fail(node, "unknown entity '" + str(node) + "'");
        geometry::geometry g = a.location(*e);
        if (kind != "polygons" && kind != "lines" && kind != "background")
            if (auto rp = analysis::representative_point(a, *e)) g = *rp;
        const double v = values.constant_or_nan();
        l.features.push_back({e->id, label_of(n, values, *e, v), g, v, e->disputed, false});
    }
}

} // namespace coopatlas::render::detail
