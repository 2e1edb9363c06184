#include <coopatlas/analysis/units.hpp>
#include <coopatlas/error.hpp>
#include <coopatlas/geometry/overlay.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <mutex>
#include <set>
#include <unordered_map>
#include <unordered_set>

namespace coopatlas::analysis {

using model::entity;

std::string partition::describe() const {
    std::string out = level.empty() ? std::string("(no level)") : level;
    if (!vintage.empty()) out += " (vintage " + vintage + ")";
    out += zone.empty() ? std::string(" everywhere") : " in " + zone;
    return out;
}

std::string to_string(link_reason r) {
    switch (r) {
    case link_reason::is_unit: return "is the unit";
    case link_reason::anchored: return "anchored";
    case link_reason::inside: return "inside";
    case link_reason::rolled_down: return "rolled down";
    case link_reason::carried: return "carried";
    }
    return "?";
}

std::optional<geometry::point> representative_point(const model::atlas& atlas, const entity& e) {
    const geometry::geometry& g = atlas.location(e);
    if (const auto* p = std::get_if<geometry::point>(&g)) return *p;
    if (const auto* mp = std::get_if<geometry::multi_point>(&g)) {
        if (!mp->empty()) return mp->front();
    } else if (const auto* ls = std::get_if<geometry::line_string>(&g)) {
        if (!ls->empty()) return (*ls)[ls->size() / 2];
    } else if (const auto* mls = std::get_if<geometry::multi_line_string>(&g)) {
        for (const auto& part : *mls)
            if (!part.empty()) return part[part.size() / 2];
    } else if (const auto* poly = std::get_if<geometry::multi_polygon>(&g)) {
        if (!poly->empty()) return geometry::point_on_surface(*poly);
    }
    return std::nullopt;
}

namespace {

std::string join(const std::set<std::string>& words) {
    std::string out;
    for (const auto& w : words) out += (out.empty() ? "" : ", ") + (w.empty() ? std::string("(none)") : w);
    return out;
}

/// "Souss-Massa-Drâa (2009)".
std::string label(const entity& e) {
    return e.display_name() + (e.vintage.empty() ? std::string() : " (" + e.vintage + ")");
}

std::string plural(std::size_t n, const std::string& word) {
    if (n == 1 || word.empty() || word.back() == 's') return std::to_string(n) + " " + word;
    return std::to_string(n) + " " + word + "s";
}

bool in_zone(const model::atlas& atlas, const entity& unit, const std::string& zone, const entity* zone_entity) {
    if (zone.empty()) return true;
    if (!zone_entity) return unit.country == zone;
    if (&unit == zone_entity) return true;
    bool linked_to_layer = false;
    for (const entity* a : atlas.ancestors(unit)) {
        if (a == zone_entity) return true;
        if (a->level == zone_entity->level && a->vintage == zone_entity->vintage) linked_to_layer = true;
    }
    // no hierarchy link to the zone's map (another vintage): the unit's surface point decides
    if (linked_to_layer) return false;
    const auto* zone_poly = std::get_if<geometry::multi_polygon>(&zone_entity->geometry);
    if (!zone_poly) return false;
    const auto pt = representative_point(atlas, unit);
    return pt && geometry::strictly_inside(*pt, *zone_poly);
}

} // namespace

std::vector<const entity*> units_of(const model::atlas& atlas, const partition& p) {
    if (p.level.empty()) throw error("a partition needs a level (region, province, departement, commune, place, ...)");
    const entity* zone_entity = nullptr;
    if (!p.zone.empty()) {
        zone_entity = atlas.find(p.zone);
        if (!zone_entity) {
            const bool country_known = std::any_of(atlas.entities().begin(), atlas.entities().end(),
                                                   [&](const entity& e) { return e.country == p.zone; });
            if (!country_known)
                throw error("zone '" + p.zone + "' is neither a country code of the atlas nor an entity id (e.g. MA, FR, "
                            "MA:region:2009:13)");
        }
    }
    std::vector<const entity*> candidates;
    std::set<std::string> vintages;
    for (const auto& e : atlas.entities()) {
        if (e.level != p.level) continue;
        if (!in_zone(atlas, e, p.zone, zone_entity)) continue;
        candidates.push_back(&e);
        vintages.insert(e.vintage);
    }
    if (candidates.empty()) {
        if (!atlas.levels().count(p.level))
            throw error("the atlas has no unit of level '" + p.level + "'; levels: " + join(atlas.levels()));
        throw error("no unit of level '" + p.level + "' lies in zone '" + p.zone + "'");
    }
    if (!p.vintage.empty()) {
        if (!vintages.count(p.vintage))
            throw error("level '" + p.level + "'" + (p.zone.empty() ? "" : " in " + p.zone) + " has no vintage '" +
                        p.vintage + "'; vintages: " + join(vintages));
        std::erase_if(candidates, [&](const entity* e) { return e->vintage != p.vintage; });
    } else if (vintages.size() > 1) {
        throw error("level '" + p.level + "'" + (p.zone.empty() ? "" : " in " + p.zone) +
                    " exists in several vintages (" + join(vintages) + "); choose one (--vintage)");
    }
    return candidates;
}

struct unit_mapper::impl {
    const model::atlas* atlas = nullptr;
    partition part;
    mapping_options options;
    std::vector<const entity*> units;
    std::unordered_set<const entity*> unit_set;
    std::unordered_multimap<std::string, const entity*> units_by_anchor;
    // Surface points of the areal units, for the geometric fallbacks only (units_within):
    // found on first use, as most mappings never need them and each costs GEOS work.
    mutable std::unordered_map<const entity*, geometry::point> unit_points;
    mutable std::once_flag unit_points_found;
    int unit_rank = -1;
    std::string vintage;  // the units' vintage (the partition's, or the single one found)

    [[nodiscard]] bool is_unit(const entity* e) const { return e && unit_set.count(e) > 0; }
    [[nodiscard]] bool in_layer(const entity& e) const { return e.level == part.level && e.vintage == vintage; }

    // Box around every unit's polygon, widened by `areal_margin`: a point outside it lies
    // strictly inside no unit, so unit_at() skips the atlas's spatial query (a French
    // partition asked about every foreign place of the table).
    geometry::box areal_box;

    // strictly_inside() cannot hold beyond the box: its crossing test counts no edge
    // beyond the rings' y range (exact comparisons), and places a crossing within a few
    // units in the last place of the edge's x range (1e-15 relative); the margin is far wider.
    void add_to_areal_box(const geometry::multi_polygon& mp) {
        for (const auto& poly : mp)  // a point strictly inside lies inside an outer ring
            for (const auto& v : poly.outer) {
                if (std::isnan(v.x) || std::isnan(v.y)) {
                    // a NaN vertex breaks the crossing test's parity: no shortcut then
                    const double inf = std::numeric_limits<double>::infinity();
                    areal_box.expand(geometry::box{-inf, -inf, inf, inf});
                }
                areal_box.expand(v);
            }
    }

    static geometry::box widened(geometry::box b) {
        if (b.empty()) return b;
        const double margin = 1e-9 * (1 + std::max({std::abs(b.min_x), std::abs(b.max_x)}));
        b.min_x -= margin;
        b.max_x += margin;
        return b;
    }

    const entity* unit_at(const geometry::point& p) const {
        if (!areal_box.contains(p)) return nullptr;
        for (const entity* e : atlas->containing(p, part.level, vintage))
            if (is_unit(e)) return e;
        return nullptr;
    }

    /// Scale of a party: its rank, or for a body outside the hierarchy (rank < 0)
    /// the rank of its finest parent (a ministry acts at the scale of its country).
    [[nodiscard]] int scale(const entity& e) const {
        if (e.rank >= 0) return e.rank;
        int best = -1;
        for (const entity* p : atlas->parents(e)) best = std::max(best, p->rank);
        return best;
    }

    /// The units among the nearest ancestors of an entity, breadth first: a commune
    /// whose parents are its département and an EPCI spanning several départements
    /// lies in its own département only. `linked` tells whether any ancestor belongs
    /// to the partition's layer (then the entity is placed, perhaps outside the zone).
    std::vector<const entity*> nearest_units(const entity& e, bool& linked) const {
        std::vector<const entity*> found;
        std::vector<const entity*> seen;  // a handful of ancestors: a vector beats a hash set
        std::vector<const entity*> frontier = atlas->parents(e);
        while (!frontier.empty()) {
            std::vector<const entity*> next;
            for (const entity* a : frontier) {
                if (std::find(seen.begin(), seen.end(), a) != seen.end()) continue;
                seen.push_back(a);
                if (in_layer(*a)) linked = true;
                if (is_unit(a)) found.push_back(a);
                for (const entity* p : atlas->parents(*a)) next.push_back(p);
            }
            if (!found.empty()) break;
            frontier = std::move(next);
        }
        return found;
    }

    void add(std::vector<unit_link>& out, const entity* u, link_reason r, bool geom, std::string note) const {
        for (const auto& l : out)
            if (l.unit == u) return;
        out.push_back({u, r, geom, std::move(note)});
    }

    /// Units whose surface point lies in a polygon (the geometric fallback for
    /// coarser or other-vintage parties with no hierarchy link).
    const std::unordered_map<const entity*, geometry::point>& surface_points() const {
        std::call_once(unit_points_found, [this] {
            for (const entity* u : units)
                if (const auto* poly = std::get_if<geometry::multi_polygon>(&u->geometry); poly && !poly->empty())
                    unit_points.emplace(u, geometry::point_on_surface(*poly));
        });
        return unit_points;
    }

    std::vector<const entity*> units_within(const geometry::multi_polygon& poly) const {
        std::vector<const entity*> out;
        const auto& points = surface_points();
        const geometry::box b = geometry::envelope(poly);
        for (const entity* u : units) {
            auto it = points.find(u);
            geometry::point pt;
            if (it != points.end()) pt = it->second;
            else if (const auto* p = std::get_if<geometry::point>(&atlas->location(*u))) pt = *p;
            else continue;
            if (b.contains(pt) && geometry::strictly_inside(pt, poly)) out.push_back(u);
        }
        return out;
    }

    /// Units below a coarser party, by hierarchy (without descending below the level).
    std::vector<const entity*> descendants(const entity& top) const {
        std::vector<const entity*> out;
        std::unordered_set<const entity*> seen{&top};
        std::vector<const entity*> stack{&top};
        while (!stack.empty()) {
            const entity* e = stack.back();
            stack.pop_back();
            // in any order: the units found are sorted below; finer entities are skipped
            // before the set of those seen, which would otherwise hold a region's communes
            for (const entity* c : atlas->children_in_any_order(*e)) {
                const bool unit = is_unit(c);
                if (!unit && !(c->rank >= 0 && c->rank < unit_rank)) continue;
                if (!seen.insert(c).second) continue;
                if (unit) out.push_back(c);
                else stack.push_back(c);
            }
        }
        std::sort(out.begin(), out.end(), [](const entity* a, const entity* b) { return a->id < b->id; });
        return out;
    }

    std::vector<unit_link> map(const entity& party, std::string* why) const {
        std::vector<unit_link> out;
        if (is_unit(&party)) {
            add(out, &party, link_reason::is_unit, false, {});
            return out;
        }
        const entity* anchor = party.anchor_id.empty() ? nullptr : atlas->find(party.anchor_id);
        // a territorial party standing on a unit (a commune on the place of its town hall)
        if (party.rank >= 0 && is_unit(anchor)) {
            add(out, anchor, link_reason::anchored, false, "through its anchor " + anchor->display_name());
            return out;
        }
        const int s = scale(party);

        if (s >= 0 && s < unit_rank) return map_coarser(party, why);
        if (s >= 0 && s == unit_rank && !in_layer(party)) return carry(party, why);

        // finer than the level, or a body with no hierarchy: where does it lie?
        if (is_unit(anchor)) {
            add(out, anchor, link_reason::anchored, false, "through its anchor " + anchor->display_name());
            return out;
        }
        bool linked_to_layer = in_layer(party);
        for (const entity* a : nearest_units(party, linked_to_layer)) add(out, a, link_reason::inside, false, {});
        if (!out.empty()) return out;
        if (anchor && !linked_to_layer) {
            for (const entity* a : nearest_units(*anchor, linked_to_layer))
                add(out, a, link_reason::inside, false, "through its anchor " + anchor->display_name());
            if (!out.empty()) return out;
        }
        // a unit sharing its seat (a body anchored to the place a commune stands for),
        // or standing on the party itself (the commune whose anchor is this place)
        if (!party.anchor_id.empty()) {
            auto [lo, hi] = units_by_anchor.equal_range(party.anchor_id);
            for (auto it = lo; it != hi; ++it)
                add(out, it->second, link_reason::anchored, false, "shares its anchor with " + it->second->display_name());
        }
        {
            auto [lo, hi] = units_by_anchor.equal_range(party.id);
            for (auto it = lo; it != hi; ++it)
                add(out, it->second, link_reason::anchored, false, it->second->display_name() + " stands on it");
        }
        if (!out.empty()) return out;
        if (linked_to_layer) {
            if (why) *why = "its " + part.level + " lies outside the zone";
            return out;
        }
        const auto pt = representative_point(*atlas, party);
        if (!pt) {
            if (why) *why = "no location and no " + part.level + " in the hierarchy";
            return out;
        }
        if (const entity* u = unit_at(*pt)) {
            add(out, u, link_reason::inside, true, "by the location of " + party.display_name());
            return out;
        }
        if (why) *why = "its location lies in no " + part.level + " of the partition";
        return out;
    }

    std::vector<unit_link> map_coarser(const entity& party, std::string* why) const {
        std::vector<unit_link> out;
        if (!options.roll_down) {
            if (why) {
                // say whether rolling down would help: a foreign country has no unit below it
                std::size_t below = 0;
                if (party.rank >= 0) below = descendants(party).size();
                else
                    for (const entity* p : atlas->parents(party)) below += descendants(*p).size();
                *why = below ? "coarser than " + part.level + "; not rolled down (" + plural(below, part.level) +
                                   " below it)"
                             : "coarser than " + part.level + ", with no " + part.level + " of the partition below it";
            }
            return out;
        }
        // a body outside the hierarchy rolls down from the units it belongs to
        std::vector<const entity*> tops;
        if (party.rank >= 0) tops.push_back(&party);
        else
            for (const entity* p : atlas->parents(party)) tops.push_back(p);
        for (const entity* top : tops) {
            const std::string from = top == &party ? "rolled down from " + label(party)
                                                   : "rolled down from " + label(party) + "'s scope " + label(*top);
            auto below = descendants(*top);
            bool geom = false;
            if (below.empty())
                if (const auto* poly = std::get_if<geometry::multi_polygon>(&top->geometry)) {
                    below = units_within(*poly);
                    geom = true;
                }
            for (const entity* u : below)
                add(out, u, link_reason::rolled_down, geom,
                    from + " (" + plural(below.size(), part.level) + (geom ? ", by geometry)" : ")"));
        }
        if (out.empty() && why) *why = "coarser than " + part.level + " and no " + part.level + " of the partition below it";
        return out;
    }

    std::vector<unit_link> carry(const entity& party, std::string* why) const {
        std::vector<unit_link> out;
        // children that are areal units (provinces, départements) carry best; else any child
        std::vector<const entity*> via;
        for (const entity* c : atlas->children(party))
            if (c->is_areal() && c->rank > party.rank) via.push_back(c);
        if (via.empty())
            for (const entity* c : atlas->children(party))
                if (c->rank > party.rank || c->rank < 0) via.push_back(c);
        std::map<const entity*, std::size_t> parts;  // unit -> children in it
        std::vector<const entity*> order;
        std::string via_level;
        for (const entity* c : via) {
            bool linked = false;
            const auto nearest = nearest_units(*c, linked);
            const entity* target = nearest.empty() ? nullptr : nearest.front();
            if (!target && !linked)
                if (const auto pt = representative_point(*atlas, *c)) target = unit_at(*pt);
            if (!target) continue;
            if (parts[target]++ == 0) order.push_back(target);
            via_level = c->level;
        }
        if (!order.empty()) {
            std::size_t used = 0;
            for (const auto& [u, n] : parts) used += n;
            const std::string head = "carried from " + label(party) + " via " + plural(used, via_level);
            const std::string tail = order.size() == 1 ? "; onto 1 unit" : "; split over " + std::to_string(order.size()) + " units";
            for (const entity* u : order)
                add(out, u, link_reason::carried, false,
                    head + tail + " (" + plural(parts[u], via_level) + " in " + label(*u) + ")");
            return out;
        }
        // no child links: the units whose surface point the party covers, or the one under its own point
        if (const auto* poly = std::get_if<geometry::multi_polygon>(&party.geometry)) {
            auto within = units_within(*poly);
            if (within.empty())
                if (const auto pt = representative_point(*atlas, party))
                    if (const entity* u = unit_at(*pt)) within.push_back(u);
            for (const entity* u : within)
                add(out, u, link_reason::carried, true,
                    "carried from " + label(party) + " by geometry" +
                        (within.size() == 1 ? std::string("; onto 1 unit")
                                            : "; split over " + std::to_string(within.size()) + " units"));
            if (!out.empty()) return out;
        }
        if (why)
            *why = in_layer(party) ? "outside the zone"
                                   : "a " + party.level + " of another map with no part in the partition";
        return out;
    }
};

unit_mapper::unit_mapper(const model::atlas& atlas, partition p, mapping_options options)
    : impl_(std::make_unique<impl>()) {
    impl_->atlas = &atlas;
    impl_->units = units_of(atlas, p);
    impl_->part = std::move(p);
    impl_->options = options;
    impl_->vintage = impl_->units.front()->vintage;
    std::map<int, std::size_t> ranks;
    for (const entity* u : impl_->units) {
        impl_->unit_set.insert(u);
        ++ranks[u->rank];
        if (!u->anchor_id.empty()) impl_->units_by_anchor.emplace(u->anchor_id, u);
        if (const auto* poly = std::get_if<geometry::multi_polygon>(&u->geometry))
            impl_->add_to_areal_box(*poly);
    }
    impl_->areal_box = impl::widened(impl_->areal_box);
    // the most common rank among the units (they normally share one)
    impl_->unit_rank = std::max_element(ranks.begin(), ranks.end(), [](const auto& a, const auto& b) {
                           return a.second < b.second;
                       })->first;
}

unit_mapper::~unit_mapper() = default;
unit_mapper::unit_mapper(unit_mapper&&) noexcept = default;
unit_mapper& unit_mapper::operator=(unit_mapper&&) noexcept = default;

const partition& unit_mapper::part() const noexcept { return impl_->part; }
const mapping_options& unit_mapper::options() const noexcept { return impl_->options; }
const model::atlas& unit_mapper::atlas() const noexcept { return *impl_->atlas; }
const std::vector<const entity*>& unit_mapper::units() const noexcept { return impl_->units; }
bool unit_mapper::is_unit(const entity& e) const noexcept { return impl_->is_unit(&e); }

std::vector<unit_link> unit_mapper::map(const entity& party) const { return impl_->map(party, nullptr); }

std::string unit_mapper::why_unmapped(const entity& party) const {
    std::string why;
    (void)map(party, why);
    return why;
}

std::vector<unit_link> unit_mapper::map(const entity& party, std::string& why) const {
    why.clear();
    auto links = impl_->map(party, &why);
    if (!links.empty()) why.clear();
    else if (why.empty()) why = "no unit of the partition";
    return links;
}

const entity* unit_mapper::unit_at(const geometry::point& p) const { return impl_->unit_at(p); }

std::vector<unit_link> map_to_units(const model::atlas& atlas, const partition& p, const entity& party,
                                    mapping_options options) {
    return unit_mapper(atlas, p, options).map(party);
}

} // namespace coopatlas::analysis
