#include "model/name_rules.hpp"

#include <coopatlas/text/fold.hpp>
#include <coopatlas/text/parse_value.hpp>

#include <algorithm>
#include <numeric>
#include <optional>
#include <set>
#include <unordered_set>

namespace coopatlas::model::detail {

namespace {

bool is_municipal(const entity& e) { return e.level == "commune" || (e.level == "place" && !e.is_quarter()); }

// a vintage that is not a year cannot be placed in time
std::optional<long long> vintage_year(const std::string& vintage) { return text::parse_integer(vintage).value; }

bool same_unit(const entity& a, const entity& b) {
    if (a.country != b.country || a.level != b.level) return false;
    if (a.vintage.empty() || b.vintage.empty() || a.vintage == b.vintage) return false;
    return (!a.code.empty() && a.code == b.code) || text::fold_name(a.name).key == text::fold_name(b.name).key;
}

std::size_t root(std::vector<std::size_t>& parent, std::size_t i) {
    while (parent[i] != i) i = parent[i] = parent[parent[i]];
    return i;
}

std::string quoted(std::string_view name) { return "'" + std::string(name) + "'"; }

} // namespace

void drop_stand_ins(candidates& found) {
    if (found.size() < 2) return;
    std::unordered_set<std::string> anchored;
    std::set<std::string> commune_countries;
    bool town = false;
    for (const entity* e : found) {
        if (!e->anchor_id.empty()) anchored.insert(e->anchor_id);
        if (e->level == "commune") commune_countries.insert(e->country);
        if (is_municipal(*e)) town = true;
    }
    std::erase_if(found, [&](const entity* e) {
        if (anchored.count(e->id)) return true;  // the place that stands for a matched entity
        if (e->level != "place") return false;
        // a city and its commune are one party: the commune speaks for it
        if (commune_countries.count(e->country)) return true;
        return e->is_quarter() && town;  // a quarter never competes with a town of the same name
    });
}

void keep_one_version(candidates& found, const name_query& q, std::string_view name, name_match& out) {
    if (found.size() < 2) return;
    std::vector<std::size_t> parent(found.size());
    std::iota(parent.begin(), parent.end(), 0);
    for (std::size_t i = 0; i < found.size(); ++i)
        for (std::size_t j = i + 1; j < found.size(); ++j)
            if (same_unit(*found[i], *found[j])) parent[root(parent, j)] = root(parent, i);
    std::vector<std::vector<const entity*>> groups(found.size());
    for (std::size_t i = 0; i < found.size(); ++i) groups[root(parent, i)].push_back(found[i]);

    candidates kept;
    for (auto& versions : groups) {
        if (versions.empty()) continue;
        std::set<std::string> vintages;
        for (const entity* e : versions) vintages.insert(e->vintage);
        if (versions.size() == 1 || vintages.size() != versions.size()) {  // not versions of one unit
            kept.insert(kept.end(), versions.begin(), versions.end());
            continue;
        }
        std::sort(versions.begin(), versions.end(), [](const entity* a, const entity* b) { return a->vintage < b->vintage; });
        const entity* chosen = nullptr;
        for (const entity* e : versions)
            if (!q.vintage.empty() && e->vintage == q.vintage) chosen = e;
        if (!chosen && q.year) {
            for (const entity* e : versions) {
                const auto y = vintage_year(e->vintage);
                if (y && *y <= *q.year) chosen = e;
            }
            std::string note = quoted(name) + ": the ";
            if (!chosen) {
                // labels differ by country (FR "2015" = the map until 2015): the earliest map covers earlier years
                chosen = versions.front();
                note += chosen->vintage + " vintage, the earliest, for " + std::to_string(*q.year);
            } else {
                note += chosen->vintage + " vintage, in force in " + std::to_string(*q.year);
            }
            note += " (" + chosen->id + ")";
            out.rules.push_back(resolution_rule::vintage_by_year);
            out.notes.push_back(std::move(note));
        }
        if (chosen) {
            kept.push_back(chosen);
        } else {
            kept.insert(kept.end(), versions.begin(), versions.end());
            out.undated_versions = true;
        }
    }
    std::sort(kept.begin(), kept.end(), [](const entity* a, const entity* b) { return a->id < b->id; });
    found = std::move(kept);
}

void keep_the_city(candidates& found, const candidates& matched, std::string_view name, name_match& out) {
    std::vector<const entity*> communes;
    for (const entity* e : found)
        if (e->level == "commune") communes.push_back(e);
    if (communes.size() < 2) return;
    if (std::any_of(communes.begin(), communes.end(), [&](const entity* e) { return e->country != communes[0]->country; }))
        return;
    const entity* city = nullptr;
    const entity* city_place = nullptr;
    for (const entity* c : communes) {
        if (c->anchor_id.empty()) continue;
        for (const entity* p : matched) {
            if (p->id != c->anchor_id || p->level != "place" || p->is_quarter()) continue;
            if (city) return;  // two cities of that name: nothing tells them apart
            city = c;
            city_place = p;
        }
    }
    if (!city) return;
    std::string others;
    for (const entity* c : communes)
        if (c != city) others += (others.empty() ? "" : "; ") + c->describe_with_id();
    std::erase_if(found, [&](const entity* e) { return e->level == "commune" && e != city; });
    out.rules.push_back(resolution_rule::city);
    out.notes.push_back(quoted(name) + " names " + std::to_string(communes.size()) + " communes: took " +
                        city->describe_with_id() + ", the only one that is a city (GeoNames place " + city_place->id +
                        (city_place->feature_code.empty() ? "" : ", " + city_place->feature_code) + "), not " + others);
}

void apply_prefer(candidates& found, prefer_unit prefer, std::string_view reason, std::string_view name,
                  name_match& out) {
    if (found.size() < 2 || prefer == prefer_unit::none) return;
    std::vector<const entity*> municipal, larger;
    for (const entity* e : found) {
        if (is_municipal(*e)) municipal.push_back(e);
        else if (e->rank == 1 || e->rank == 2) larger.push_back(e);  // a region too: Dakar, Québec
    }
    if (municipal.size() != 1 || larger.empty() || municipal.size() + larger.size() != found.size()) return;
    const std::string& country = municipal.front()->country;
    if (std::any_of(larger.begin(), larger.end(), [&](const entity* e) { return e->country != country; })) return;
    const entity* chosen = nullptr;
    if (prefer == prefer_unit::municipality) chosen = municipal.front();
    else if (larger.size() == 1) chosen = larger.front();
    if (!chosen) return;

    std::string levels = municipal.front()->level;
    for (const entity* e : larger) levels += " and a " + e->level;
    std::string others;
    for (const entity* e : found)
        if (e != chosen) others += (others.empty() ? "" : "; ") + e->describe_with_id();
    std::string note = quoted(name) + " names a " + levels + ": took " + chosen->describe_with_id() + ", not " + others;
    note += reason.empty() ? " (prefer: " + std::string(to_string(prefer)) + ")" : ", " + std::string(reason);
    out.rules.push_back(chosen == municipal.front() ? resolution_rule::municipality : resolution_rule::larger_unit);
    out.notes.push_back(std::move(note));
    found = {chosen};
}

} // namespace coopatlas::model::detail
