#include <coopatlas/error.hpp>
#include <coopatlas/geometry/overlay.hpp>
#include <coopatlas/model/atlas.hpp>
#include <coopatlas/text/fold.hpp>

#include "model/atlas_impl.hpp"
#include "model/large_pages.hpp"

#include <algorithm>
#include <iterator>
#include <mutex>
#include <set>
#include <tuple>
#include <unordered_map>
#include <unordered_set>

namespace coopatlas::model {

namespace {

// Puts a batch after the elements of `all` and returns where it starts: an empty vector takes
// it whole (nothing is moved into fresh memory), else its elements are moved to the end once
// `make_room` has made room for all.
template <class T, class MakeRoom>
std::size_t append_batch(std::vector<T>& all, std::vector<T>&& batch, MakeRoom make_room) {
    const std::size_t first = all.size();
    if (first == 0) {
        all = std::move(batch);
    } else {
        make_room(first + batch.size());
        std::move(batch.begin(), batch.end(), std::back_inserter(all));
    }
    batch.clear();
    return first;
}

} // namespace

atlas::atlas() : impl_(std::make_unique<impl>()) {}
atlas::~atlas() = default;
atlas::atlas(atlas&&) noexcept = default;
atlas& atlas::operator=(atlas&&) noexcept = default;

const entity& atlas::add(entity&& e) {
    const std::uint64_t hash = impl::id_hash(e.id);
    if (std::string problem = impl_->refusal(e, hash); !problem.empty()) throw error(problem);
    impl_->entities.push_back(std::move(e));
    impl_->index_added(impl_->entities.size() - 1, hash);
    return impl_->entities.back();
}

void atlas::add(std::vector<entity>&& batch) {
    auto& all = impl_->entities;
    const std::size_t first = append_batch(all, std::move(batch), [this](std::size_t n) { reserve(n); });
    impl_->by_id.reserve(all.size());
    for (std::size_t i = first; i < all.size(); ++i) {
        const std::uint64_t hash = impl::id_hash(all[i].id);
        // only the entities before i are indexed: a later one with the same id is not seen
        if (std::string problem = impl_->refusal(all[i], hash); !problem.empty()) {
            all.resize(i);  // the ones before it stay, as if added one by one
            throw error(problem);
        }
        impl_->index_added(i, hash);
    }
}

void atlas::add_alias(const std::string& alias, const std::string& entity_id) {
    const std::size_t i = impl_->position_of(entity_id);
    if (i == detail::position_index::npos) throw error("alias '" + alias + "' names unknown entity '" + entity_id + "'");
    impl_->names_pending.push_back({i, i, alias});
    impl_->aliases.emplace_back(alias, i);
}

std::vector<std::pair<std::string, std::string>> atlas::aliases() const {
    std::vector<std::pair<std::string, std::string>> out;
    out.reserve(impl_->aliases.size());
    for (const auto& [alias, i] : impl_->aliases) out.emplace_back(alias, impl_->entities[i].id);
    return out;
}

void atlas::reserve(std::size_t entities) {
    const bool grows = entities > impl_->entities.capacity();
    impl_->entities.reserve(entities);
    if (grows) detail::prefer_large_pages(impl_->entities.data(), impl_->entities.capacity() * sizeof(entity));
    impl_->by_id.reserve(entities);
}

void atlas::add_parents(const std::string& entity_id, const std::vector<std::string>& parent_ids) {
    const std::size_t i = impl_->position_of(entity_id);
    if (i == detail::position_index::npos) throw error("parents given to unknown entity '" + entity_id + "'");
    auto& own = impl_->entities[i].parent_ids;
    for (const auto& p : parent_ids) {
        if (std::find(own.begin(), own.end(), p) != own.end()) continue;
        own.push_back(p);
        if (i < impl_->children_indexed) impl_->link_child(p, i);
    }
}

std::array<std::uint32_t, 2> atlas::impl::checked_parties(const partnership& p, std::uint64_t hash) const {
    if (p.id.empty()) throw error("partnership without an id in " + p.origin);
    if (partnership_position(p.id, hash) != detail::position_index::npos)
        throw error("duplicate partnership id '" + p.id + "' in " + p.origin);
    std::array<std::uint32_t, 2> positions{no_party, no_party};
    for (int side = 0; side < 2; ++side) {
        const std::string& id = (side == 0 ? p.a : p.b).entity_id;
        if (id.empty()) continue;
        const std::size_t k = position_of(id);
        if (k == detail::position_index::npos) throw error("partnership '" + p.id + "' names unknown entity '" + id + "'");
        positions[static_cast<std::size_t>(side)] = static_cast<std::uint32_t>(k);
    }
    return positions;
}

void atlas::add(partnership p) {
    const std::uint64_t hash = impl::id_hash(p.id);
    const auto positions = impl_->checked_parties(p, hash);
    impl_->partnership_by_id.insert(hash, impl_->partnerships.size());
    impl_->party_positions.push_back(positions);
    impl_->partnerships.push_back(std::move(p));
}

void atlas::add(std::vector<partnership>&& batch) {
    auto& all = impl_->partnerships;
    const std::size_t first = append_batch(all, std::move(batch), [&all](std::size_t n) { all.reserve(n); });
    impl_->party_positions.reserve(all.size());
    impl_->partnership_by_id.reserve(all.size());
    for (std::size_t i = first; i < all.size(); ++i) {
        const std::uint64_t hash = impl::id_hash(all[i].id);
        std::array<std::uint32_t, 2> positions;
        try {
            positions = impl_->checked_parties(all[i], hash); // against the ones before i only
        } catch (const error&) {
            all.resize(i); // the ones before it stay, as if added one by one
            throw;
        }
        impl_->partnership_by_id.insert(hash, i);
        impl_->party_positions.push_back(positions);
    }
}

void atlas::set_prefer(prefer_unit p) noexcept { impl_->prefer = p; }
prefer_unit atlas::prefer() const noexcept { return impl_->prefer; }
const std::set<std::string>& atlas::levels() const noexcept { return impl_->levels; }
const std::set<std::string>& atlas::countries() const noexcept { return impl_->countries; }
const std::set<std::string>& atlas::languages() const noexcept { return impl_->languages; }

const std::vector<entity>& atlas::entities() const noexcept { return impl_->entities; }
const std::vector<partnership>& atlas::partnerships() const noexcept { return impl_->partnerships; }

const entity* atlas::find(std::string_view id) const noexcept {
    const std::size_t i = impl_->position_of(id);
    return i == detail::position_index::npos ? nullptr : &impl_->entities[i];
}

std::pair<const entity*, const entity*> atlas::parties(const partnership& p) const {
    const auto& all = impl_->partnerships;
    const std::optional<std::size_t> own = position_in(all, p);
    if (!own) {
        const entity* a = p.a.empty() ? nullptr : find(p.a.entity_id);
        const entity* b = p.b.empty() ? nullptr : find(p.b.entity_id);
        return {a, b};
    }
    const std::array<std::uint32_t, 2> at = impl_->party_positions[*own];
    const auto entity_at = [&](std::uint32_t k) { return k == impl::no_party ? nullptr : &impl_->entities[k]; };
    return {entity_at(at[0]), entity_at(at[1])};
}

const entity& atlas::at(std::string_view id) const {
    if (const entity* e = find(id)) return *e;
    throw error("unknown entity id '" + std::string(id) + "'");
}

const entity* atlas::find_by_code(std::string_view country, std::string_view level, std::string_view vintage,
                                  std::string_view code) const {
    impl_->index_codes();
    const std::size_t i = impl_->code_position(impl::code_hash(country, level, vintage, code), country, level, vintage, code);
    return i == detail::position_index::npos ? nullptr : &impl_->entities[i];
}

const partnership* atlas::find_partnership(std::string_view id) const noexcept {
    const std::size_t i = impl_->partnership_position(id, impl::id_hash(id));
    return i == detail::position_index::npos ? nullptr : &impl_->partnerships[i];
}

std::vector<const entity*> atlas::parents(const entity& e) const {
    std::vector<const entity*> out;
    const auto by_id = [&] {
        for (const auto& id : e.parent_ids)
            if (const entity* p = find(id)) out.push_back(p);
        return out;
    };
    const auto& all = impl_->entities;
    const std::optional<std::size_t> own = position_in(all, e);
    if (!own || all.size() > impl::no_parent) return by_id();  // not one of this atlas's entities
    impl_->index_parents();
    const std::size_t i = *own;
    const std::uint32_t first = impl_->parent_start[i], last = impl_->parent_start[i + 1];
    if (last - first != e.parent_ids.size()) return by_id();  // links added since it was indexed
    out.reserve(last - first);
    for (std::uint32_t k = first; k < last; ++k) {
        if (const std::uint32_t p = impl_->parent_at[k]; p != impl::no_parent)
            out.push_back(&all[p]);
        else if (const entity* added_later = find(e.parent_ids[k - first]))
            out.push_back(added_later);
    }
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
    std::vector<const entity*> out = children_in_any_order(e);
    std::sort(out.begin(), out.end(), [](const entity* a, const entity* b) { return a->id < b->id; });
    return out;
}

std::vector<const entity*> atlas::children_in_any_order(const entity& e) const {
    std::vector<const entity*> out;
    impl_->index_children();
    const std::size_t p = impl_->position_of(e.id);
    if (p < impl_->children_of.size()) {
        out.reserve(impl_->children_of[p].size());
        for (std::size_t child : impl_->children_of[p]) out.push_back(&impl_->entities[child]);
    }
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

void atlas::defer(std::function<void(atlas&)> reader) {
    if (reader) impl_->deferred.push_back(std::move(reader));
}

bool atlas::has_deferred() const noexcept { return !impl_->deferred.empty(); }

std::size_t atlas::eager_size() const noexcept { return std::min(impl_->eager_end, impl_->entities.size()); }

void atlas::add_read(std::vector<entity>&& batch, std::size_t eager) {
    const std::size_t first = impl_->entities.size();
    const bool tiered = eager < batch.size();
    add(std::move(batch));
    if (tiered) impl_->eager_end = std::min(impl_->eager_end, first + eager);
}

std::size_t atlas::load_deferred() {
    const std::size_t before = impl_->entities.size();
    if (impl_->deferred.empty()) return 0;
    if (impl_->eager_end > before) impl_->eager_end = before;
    auto readers = std::move(impl_->deferred);
    impl_->deferred.clear();
    for (auto& read : readers) read(*this);
    return impl_->entities.size() - before;
}

std::size_t atlas::place_by_geometry(std::size_t from) { return place_by_geometry(from, {}); }

std::size_t atlas::place_by_geometry(std::size_t from, const std::vector<bool>& placed) {
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
    for (std::size_t i = from; i < impl_->entities.size(); ++i) {
        if (impl_->entities[i].rank < 0 || (i < placed.size() && placed[i])) continue;
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
                if (i < impl_->children_indexed) impl_->link_child(parent, i);
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
