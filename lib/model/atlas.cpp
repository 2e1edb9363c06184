#include <coopatlas/error.hpp>
#include <coopatlas/geometry/overlay.hpp>
#include <coopatlas/model/atlas.hpp>
#include <coopatlas/text/fold.hpp>
#include <coopatlas/text/parse_value.hpp>

#include "model/spatial_index.hpp"

#include <algorithm>
#include <mutex>
#include <tuple>
#include <set>
#include <unordered_map>
#include <unordered_set>

namespace coopatlas::model {

struct atlas::impl {
    std::vector<entity> entities;
    std::vector<partnership> partnerships;
    std::unordered_map<std::string, std::size_t> by_id;
    std::unordered_map<std::string, std::size_t> partnership_by_id;
    std::map<std::string, std::size_t> by_code;  // "country|level|vintage|code"
    std::unordered_multimap<std::string, std::size_t> by_key;  // folded name -> entity
    std::unordered_multimap<std::string, std::size_t> by_alias;  // folded alias -> entity (curated, wins)
    std::unordered_multimap<std::string, std::size_t> children_of;  // parent id -> child
    std::unordered_set<std::string> anchors;  // ids that stand for another entity

    // Built on first spatial query; rebuilt after an areal entity is added.
    mutable std::mutex index_mutex;
    mutable std::unique_ptr<detail::spatial_index> areal_index;
    mutable bool index_stale = true;

    const detail::spatial_index& index() const {
        std::lock_guard lock(index_mutex);
        if (index_stale || !areal_index) {
            std::vector<detail::spatial_index::item> items;
            for (std::size_t i = 0; i < entities.size(); ++i)
                if (entities[i].is_areal()) items.push_back({geometry::envelope(entities[i].geometry), i});
            areal_index = std::make_unique<detail::spatial_index>(items);
            index_stale = false;
        }
        return *areal_index;
    }

    void index_name(const std::string& name, std::size_t i) {
        if (name.empty()) return;
        const std::string key = text::fold_name(name).key;
        if (key.empty()) return;
        auto [lo, hi] = by_key.equal_range(key);
        for (auto it = lo; it != hi; ++it)
            if (it->second == i) return;
        by_key.emplace(key, i);
    }
};

namespace {
std::string code_key(std::string_view country, std::string_view level, std::string_view vintage, std::string_view code) {
    std::string k;
    k.append(country).append("|").append(level).append("|").append(vintage).append("|").append(code);
    return k;
}
} // namespace

atlas::atlas() : impl_(std::make_unique<impl>()) {}
atlas::~atlas() = default;
atlas::atlas(atlas&&) noexcept = default;
atlas& atlas::operator=(atlas&&) noexcept = default;

const entity& atlas::add(entity e) {
    if (e.id.empty()) throw error("entity without an id" + (e.origin.empty() ? "" : " in " + e.origin));
    if (auto it = impl_->by_id.find(e.id); it != impl_->by_id.end()) {
        const auto& first = impl_->entities[it->second];
        throw error("duplicate entity id '" + e.id + "' in " + e.origin + " (first read from " + first.origin + ")");
    }
    if (e.rank < 0) e.rank = default_rank(e.level);
    const std::size_t i = impl_->entities.size();
    impl_->entities.push_back(std::move(e));
    const entity& added = impl_->entities.back();
    impl_->by_id.emplace(added.id, i);
    if (!added.code.empty()) impl_->by_code.emplace(code_key(added.country, added.level, added.vintage, added.code), i);
    for (const std::string* n : {&added.name, &added.name_ar, &added.name_tfng, &added.name_en}) impl_->index_name(*n, i);
    for (const auto& n : added.alt_names) impl_->index_name(n, i);
    for (const auto& p : added.parent_ids) impl_->children_of.emplace(p, i);
    if (!added.anchor_id.empty()) impl_->anchors.insert(added.anchor_id);
    if (added.is_areal()) impl_->index_stale = true;
    return added;
}

void atlas::add_alias(const std::string& alias, const std::string& entity_id) {
    auto it = impl_->by_id.find(entity_id);
    if (it == impl_->by_id.end()) throw error("alias '" + alias + "' names unknown entity '" + entity_id + "'");
    impl_->index_name(alias, it->second);
    const std::string key = text::fold_name(alias).key;
    auto [lo, hi] = impl_->by_alias.equal_range(key);
    for (auto a = lo; a != hi; ++a)
        if (a->second == it->second) return;
    impl_->by_alias.emplace(key, it->second);
}

void atlas::add(partnership p) {
    if (p.id.empty()) throw error("partnership without an id in " + p.origin);
    if (impl_->partnership_by_id.count(p.id)) throw error("duplicate partnership id '" + p.id + "' in " + p.origin);
    for (const party* side : {&p.a, &p.b})
        if (!side->entity_id.empty() && !find(side->entity_id))
            throw error("partnership '" + p.id + "' names unknown entity '" + side->entity_id + "'");
    impl_->partnership_by_id.emplace(p.id, impl_->partnerships.size());
    impl_->partnerships.push_back(std::move(p));
}

const std::vector<entity>& atlas::entities() const noexcept { return impl_->entities; }
const std::vector<partnership>& atlas::partnerships() const noexcept { return impl_->partnerships; }

const entity* atlas::find(std::string_view id) const noexcept {
    auto it = impl_->by_id.find(std::string(id));
    return it == impl_->by_id.end() ? nullptr : &impl_->entities[it->second];
}

const entity& atlas::at(std::string_view id) const {
    if (const entity* e = find(id)) return *e;
    throw error("unknown entity id '" + std::string(id) + "'");
}

const entity* atlas::find_by_code(std::string_view country, std::string_view level, std::string_view vintage,
                                  std::string_view code) const noexcept {
    auto it = impl_->by_code.find(code_key(country, level, vintage, code));
    return it == impl_->by_code.end() ? nullptr : &impl_->entities[it->second];
}

const partnership* atlas::find_partnership(std::string_view id) const noexcept {
    auto it = impl_->partnership_by_id.find(std::string(id));
    return it == impl_->partnership_by_id.end() ? nullptr : &impl_->partnerships[it->second];
}

namespace {
bool passes(const entity& e, const name_query& q, const std::string& level_hint) {
    if (!q.level.empty() && e.level != q.level) return false;
    if (q.level.empty() && !level_hint.empty() && e.level != level_hint) return false;
    if (!q.country.empty() && e.country != q.country) return false;
    return true;
}

// The vintage to keep among versions of one unit: the one asked for, else the
// latest vintage in force in the given year, else the latest.
const entity* pick_vintage(const std::vector<const entity*>& versions, const name_query& q) {
    if (!q.vintage.empty())
        for (const entity* e : versions)
            if (e->vintage == q.vintage) return e;
    std::vector<const entity*> sorted = versions;
    std::sort(sorted.begin(), sorted.end(), [](const entity* a, const entity* b) { return a->vintage < b->vintage; });
    if (q.year) {
        const entity* best = nullptr;
        for (const entity* e : sorted) {
            // a vintage that is not a year cannot be placed in time, so it is never the one in force
            const auto vintage_year = text::parse_integer(e->vintage);
            if (e->vintage.empty() || (vintage_year && *vintage_year <= *q.year)) best = e;
        }
        return best ? best : sorted.front();
    }
    return sorted.back();
}
} // namespace

std::vector<const entity*> atlas::match(std::string_view name, const name_query& q) const {
    const text::folded_name folded = text::fold_name(name);
    std::vector<const entity*> found;
    // a curated alias is a decision already taken: it wins over plain name matches
    bool from_alias = false;
    {
        auto [lo, hi] = impl_->by_alias.equal_range(folded.key);
        for (auto it = lo; it != hi; ++it) {
            const entity& e = impl_->entities[it->second];
            if (passes(e, q, folded.level_hint)) found.push_back(&e);
        }
        from_alias = !found.empty();
    }
    auto collect = [&](const std::string& level_hint) {
        if (from_alias) return;
        auto [lo, hi] = impl_->by_key.equal_range(folded.key);
        for (auto it = lo; it != hi; ++it) {
            const entity& e = impl_->entities[it->second];
            if (passes(e, q, level_hint)) found.push_back(&e);
        }
    };
    collect(folded.level_hint);
    // "Commune de Figuig" must still find a commune recorded only as a place
    if (found.empty() && !folded.level_hint.empty()) collect({});
    std::sort(found.begin(), found.end(), [](const entity* a, const entity* b) { return a->id < b->id; });
    found.erase(std::unique(found.begin(), found.end()), found.end());

    // A place that stands for a commune (its anchor) yields to it.
    if (found.size() > 1) {
        std::unordered_set<std::string> anchored;
        for (const entity* e : found)
            if (!e->anchor_id.empty()) anchored.insert(e->anchor_id);
        std::erase_if(found, [&](const entity* e) { return anchored.count(e->id) > 0; });
    }
    // One unit in several vintages (same country, level and code) counts once.
    if (found.size() > 1) {
        std::map<std::string, std::vector<const entity*>> versions;
        std::vector<std::string> order;
        for (const entity* e : found) {
            const std::string key = e->country + "|" + e->level + "|" + (e->code.empty() ? e->id : e->code) + "|" +
                                    text::fold(e->name);
            if (!versions.count(key)) order.push_back(key);
            versions[key].push_back(e);
        }
        if (order.size() < found.size()) {
            std::vector<const entity*> kept;
            for (const auto& key : order) kept.push_back(pick_vintage(versions[key], q));
            found = std::move(kept);
        }
    }
    return found;
}

std::vector<const entity*> atlas::suggest(std::string_view name, std::size_t max, const name_query& q) const {
    const text::folded_name folded = text::fold_name(name);
    const std::size_t limit = std::max<std::size_t>(2, folded.key.size() / 3);
    std::vector<std::pair<std::size_t, const entity*>> scored;
    std::unordered_set<std::size_t> seen;
    for (const auto& [key, i] : impl_->by_key) {
        const entity& e = impl_->entities[i];
        if (!passes(e, q, {})) continue;
        std::size_t d = text::edit_distance(folded.key, key);
        // a typed word that starts the name also counts ("Nantes" for "Nantes Metropole")
        if (d > limit && key.size() > folded.key.size() && key.compare(0, folded.key.size(), folded.key) == 0 &&
            key[folded.key.size()] == ' ')
            d = limit;
        if (d <= limit && seen.insert(i).second) scored.emplace_back(d, &e);
    }
    std::sort(scored.begin(), scored.end(), [](const auto& a, const auto& b) {
        if (a.first != b.first) return a.first < b.first;
        if (a.second->rank != b.second->rank) return a.second->rank < b.second->rank;
        return a.second->id < b.second->id;
    });
    std::vector<const entity*> out;
    std::unordered_set<std::string> anchors_seen;
    for (const auto& [d, e] : scored) {
        if (out.size() >= max) break;
        if (impl_->anchors.count(e->id)) continue;  // the entity it anchors is the better suggestion
        out.push_back(e);
    }
    return out;
}

const entity& atlas::resolve(std::string_view name, const name_query& q) const {
    const auto found = match(name, q);
    if (found.size() == 1) return *found.front();
    const std::string quoted = "'" + std::string(name) + "'";
    if (found.empty()) {
        const auto near = suggest(name, 3, q);
        std::vector<std::string> ids;
        std::string message = "unknown collectivity " + quoted;
        for (std::size_t i = 0; i < near.size(); ++i) {
            ids.push_back(near[i]->id);
            message += (i == 0 ? " \xE2\x80\x94 did you mean " : " or ");
            message += "'" + near[i]->display_name() + "' (" + near[i]->level + ", " + near[i]->country + ")";
        }
        if (!near.empty()) message += "?";
        throw unknown_name_error(std::string(name), std::move(ids), message);
    }
    std::vector<std::string> ids;
    std::string message = "ambiguous name " + quoted + " matches " + std::to_string(found.size()) + " entities:";
    for (const entity* e : found) {
        ids.push_back(e->id);
        message += " " + e->describe() + " [" + e->id + "];";
    }
    message.back() = '.';
    message += " Give the id or the level (e.g. 'Province de " + std::string(name) + "').";
    throw ambiguous_name_error(std::string(name), std::move(ids), message);
}

std::vector<const entity*> atlas::parents(const entity& e) const {
    std::vector<const entity*> out;
    for (const auto& id : e.parent_ids)
        if (const entity* p = find(id)) out.push_back(p);
    return out;
}

std::vector<const entity*> atlas::ancestors(const entity& e) const {
    std::vector<const entity*> out;
    std::unordered_set<std::string> seen;
    std::vector<const entity*> stack = parents(e);
    while (!stack.empty()) {
        const entity* p = stack.back();
        stack.pop_back();
        if (!seen.insert(p->id).second) continue;
        out.push_back(p);
        for (const entity* pp : parents(*p)) stack.push_back(pp);
    }
    return out;
}

std::vector<const entity*> atlas::children(const entity& e) const {
    std::vector<const entity*> out;
    auto [lo, hi] = impl_->children_of.equal_range(e.id);
    for (auto it = lo; it != hi; ++it) out.push_back(&impl_->entities[it->second]);
    std::sort(out.begin(), out.end(), [](const entity* a, const entity* b) { return a->id < b->id; });
    return out;
}

const geometry::geometry& atlas::location(const entity& e) const noexcept {
    if (!std::holds_alternative<std::monostate>(e.geometry) || e.anchor_id.empty()) return e.geometry;
    const entity* anchor = find(e.anchor_id);
    // one level of anchoring only: an anchor that is itself anchored has no say
    return anchor ? anchor->geometry : e.geometry;
}

std::vector<const entity*> atlas::containing(const geometry::point& p, std::string_view level,
                                             std::string_view vintage) const {
    std::vector<std::size_t> hits;
    impl_->index().query(p, hits);
    std::vector<const entity*> out;
    for (std::size_t i : hits) {
        const entity& e = impl_->entities[i];
        if (!level.empty() && e.level != level) continue;
        if (!vintage.empty() && e.vintage != vintage) continue;
        if (geometry::strictly_inside(p, std::get<geometry::multi_polygon>(e.geometry))) out.push_back(&e);
    }
    std::sort(out.begin(), out.end(), [](const entity* a, const entity* b) { return a->id < b->id; });
    return out;
}

std::map<std::pair<std::string, std::string>, std::size_t> atlas::areal_layers() const {
    std::map<std::pair<std::string, std::string>, std::size_t> out;
    for (const auto& e : impl_->entities)
        if (e.is_areal()) ++out[{e.level, e.vintage}];
    return out;
}

std::size_t atlas::place_by_geometry() {
    struct layer_key {
        std::string level, vintage;
        int rank;
    };
    std::vector<layer_key> layers;
    {
        std::set<std::pair<std::string, std::string>> seen;
        for (const auto& e : impl_->entities)
            if (e.is_areal() && e.rank >= 0 && seen.insert({e.level, e.vintage}).second)
                layers.push_back({e.level, e.vintage, e.rank});
        // finest first: a province found first brings its regions along as ancestors
        std::sort(layers.begin(), layers.end(), [](const layer_key& a, const layer_key& b) {
            return a.rank != b.rank ? a.rank > b.rank : std::tie(a.level, a.vintage) < std::tie(b.level, b.vintage);
        });
    }
    const auto& index = impl_->index();
    std::size_t added = 0;
    std::vector<std::size_t> hits;
    using layer_id = std::pair<std::string, std::string>;
    auto layers_above = [&](const entity& e, std::set<layer_id>& covered) {
        for (const entity* a : ancestors(e)) covered.insert({a->level, a->vintage});
    };
    for (std::size_t i = 0; i < impl_->entities.size(); ++i) {
        if (impl_->entities[i].rank < 0) continue;
        const geometry::geometry& where = location(impl_->entities[i]);
        if (std::holds_alternative<std::monostate>(where)) continue;  // nothing to place by
        std::set<layer_id> covered;  // layers already reached through the hierarchy
        layers_above(impl_->entities[i], covered);
        for (const auto& layer : layers) {
            const entity& e = impl_->entities[i];
            if (layer.rank >= e.rank || covered.count({layer.level, layer.vintage})) continue;
            std::string parent;
            if (const auto* pt = std::get_if<geometry::point>(&where)) {
                index.query(*pt, hits);
                for (std::size_t h : hits) {
                    const entity& cand = impl_->entities[h];
                    if (cand.level == layer.level && cand.vintage == layer.vintage &&
                        geometry::strictly_inside(*pt, std::get<geometry::multi_polygon>(cand.geometry))) {
                        parent = cand.id;
                        break;
                    }
                }
            } else if (const auto* mp = std::get_if<geometry::multi_polygon>(&where)) {
                index.query(geometry::envelope(*mp), hits);
                double best = 0;
                for (std::size_t h : hits) {
                    const entity& cand = impl_->entities[h];
                    if (cand.level != layer.level || cand.vintage != layer.vintage || h == i) continue;
                    const double overlap =
                        geometry::planar_area(geometry::intersection(*mp, std::get<geometry::multi_polygon>(cand.geometry)));
                    if (overlap > best) {
                        best = overlap;
                        parent = cand.id;
                    }
                }
            }
            if (!parent.empty()) {
                impl_->entities[i].parent_ids.push_back(parent);
                impl_->children_of.emplace(parent, i);
                ++added;
                const entity& p = at(parent);
                covered.insert({p.level, p.vintage});
                layers_above(p, covered);
            }
        }
    }
    return added;
}

} // namespace coopatlas::model
