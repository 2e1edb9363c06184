#pragma once
// The atlas's storage and indexes, shared by its source files (atlas.cpp: entities,
// hierarchy and space; atlas_names.cpp: names). Private to the library.

#include <coopatlas/model/atlas.hpp>
#include <coopatlas/text/fold.hpp>

#include "model/position_index.hpp"
#include "model/spatial_index.hpp"

#include <functional>
#include <limits>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <array>
#include <atomic>
#include <cstdint>
#include <vector>

namespace coopatlas::model {

// The position of `x` in `v`, when it is one of v's elements (not a copy of one).
template <class T>
std::optional<std::size_t> position_in(const std::vector<T>& v, const T& x) noexcept {
    if (v.empty() || &x < v.data() || &x >= v.data() + v.size()) return std::nullopt;
    return static_cast<std::size_t>(&x - v.data());
}

struct atlas::impl {
    std::vector<entity> entities;
    std::vector<partnership> partnerships;
    detail::position_index by_id;    // entities by id
    // Entities by country, level, vintage and code (the first of equal ones), built on first use
    // like the names: few commands look a code up.
    mutable detail::position_index by_code;
    mutable std::size_t codes_indexed = 0;  // entities whose code is in by_code
    mutable std::mutex codes_mutex;
    detail::position_index partnership_by_id;  // partnerships by id
    // Aliases in the order they were declared: (alias, entity position).
    std::vector<std::pair<std::string, std::size_t>> aliases;

    static std::uint64_t id_hash(std::string_view id) noexcept { return std::hash<std::string_view>{}(id); }
    static std::uint64_t code_hash(std::string_view country, std::string_view level, std::string_view vintage,
                                   std::string_view code) noexcept {
        std::uint64_t h = 0;
        for (std::string_view part : {country, level, vintage, code})
            h = (h ^ std::hash<std::string_view>{}(part)) * 0x9E3779B97F4A7C15ull + (h >> 29);
        return h;
    }
    std::size_t position_of(std::string_view id, std::uint64_t hash) const noexcept {
        return by_id.find(hash, [&](std::size_t i) { return entities[i].id == id; });
    }
    std::size_t position_of(std::string_view id) const noexcept { return position_of(id, id_hash(id)); }
    std::size_t partnership_position(std::string_view id, std::uint64_t hash) const noexcept {
        return partnership_by_id.find(hash, [&](std::size_t i) { return partnerships[i].id == id; });
    }
    // The positions of a partnership's parties (no_party for an empty side); throws when it
    // has no id, one a partnership added before has (its id hashes to `hash`), or a party the
    // atlas does not hold.
    std::array<std::uint32_t, 2> checked_parties(const partnership& p, std::uint64_t hash) const;
    // Why an entity cannot be added (no id, or an id an indexed entity has; `hash` is its
    // id's); empty when it can.
    std::string refusal(const entity& e, std::uint64_t hash) const {
        if (e.id.empty()) return "entity without an id" + (e.origin.empty() ? "" : " in " + e.origin);
        if (const std::size_t taken = position_of(e.id, hash); taken != detail::position_index::npos)
            return "duplicate entity id '" + e.id + "' in " + e.origin + " (first read from " + entities[taken].origin + ")";
        return {};
    }
    // Name and child indexes are built on first use: most commands never look a name up,
    // and folding every name of 45,000 entities would dominate their load.
    mutable std::unordered_multimap<std::string, std::size_t> by_key;  // folded name -> entity
    mutable std::unordered_multimap<std::string, std::size_t> by_alias;  // folded alias -> entity (curated, wins)
    mutable std::vector<std::vector<std::size_t>> children_of;  // by position of the parent
    mutable std::vector<std::pair<std::string, std::size_t>> links_to_absent;  // (parent id, child): parent not added yet
    // Ids that stand for another entity (anchor_id), built on first use.
    mutable std::unordered_set<std::string> anchors;
    mutable std::size_t anchors_indexed = 0;
    mutable std::mutex anchors_mutex;
    std::set<std::string> levels, countries;
    std::set<std::string> languages{"fr"};
    std::set<std::string> unit_words;  // folded words of add_unit_word
    std::multimap<std::string, std::pair<std::string, std::string>> unit_word_levels;  // word -> (country, level)
    prefer_unit prefer = prefer_unit::municipality;
    // Readers of layers read on demand; entities from index `eager_end` on came from them.
    std::vector<std::function<void(atlas&)>> deferred;
    std::size_t eager_end = std::numeric_limits<std::size_t>::max();
    bool eager(std::size_t i) const noexcept { return i < eager_end; }

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

    // Names waiting to be indexed, in the order they were added: the index is the same as if
    // built eagerly. An event without an alias stands for all the own names of the entities
    // [entity, last): entities come in runs, and one event per entity cost megabytes.
    struct name_event {
        std::size_t entity;
        std::size_t last;
        std::string alias;
    };
    mutable std::vector<name_event> names_pending;
    mutable std::mutex names_mutex;
    mutable std::size_t children_indexed = 0;  // entities whose parent links are in children_of
    mutable std::mutex children_mutex;
    // Positions of the parties' entities, by partnership position (`no_party` for a side
    // without an entity), found when the partnership is added: its parties exist then, and
    // entities are never removed and keep their positions. Read without a lock.
    static constexpr std::uint32_t no_party = std::numeric_limits<std::uint32_t>::max();
    std::vector<std::array<std::uint32_t, 2>> party_positions;

    // Parent links by position, built on first use after entities were added: mapping a
    // partnership onto units climbs its parties' parents, and finding each parent by its id
    // again made that climb most of an analysis. The parents of the entity at i are
    // parent_at[parent_start[i] .. parent_start[i + 1]), in the order of its parent_ids;
    // `no_parent` for one the atlas did not hold when indexed. Links are only ever appended
    // (add_parents, place_by_geometry): an entity with more parent_ids than indexed ones has
    // its parents found by id, and nothing is indexed again (placing 35,000 communes one link
    // at a time would otherwise rebuild the index 35,000 times).
    static constexpr std::uint32_t no_parent = std::numeric_limits<std::uint32_t>::max();
    mutable std::vector<std::uint32_t> parent_start, parent_at;
    mutable std::atomic<std::size_t> parents_indexed{0};  // entities in the index
    mutable std::mutex parents_mutex;

    // The index holds every entity. Readers may call it together; the atlas is not changed
    // while it is read, so once an index is whole no one extends it under a reader.
    void index_parents() const {
        if (parents_indexed.load(std::memory_order_acquire) == entities.size()) return;
        std::lock_guard lock(parents_mutex);
        std::size_t from = parents_indexed.load(std::memory_order_relaxed);
        if (from == entities.size()) return;
        if (from == 0) {
            parent_start.assign(1, 0);
            parent_at.clear();
        }
        for (; from < entities.size(); ++from) {
            for (const auto& id : entities[from].parent_ids) {
                const std::size_t p = position_of(id);
                parent_at.push_back(p == detail::position_index::npos ? no_parent : static_cast<std::uint32_t>(p));
            }
            parent_start.push_back(static_cast<std::uint32_t>(parent_at.size()));
        }
        parents_indexed.store(from, std::memory_order_release);
    }

    // by_key and by_alias with every pending name in them.
    void index_names() const {
        std::lock_guard lock(names_mutex);
        for (const auto& event : names_pending) {
            if (!event.alias.empty()) {
                index_alias(event.alias, event.entity);
                continue;
            }
            for (std::size_t i = event.entity; i < event.last; ++i) {
                const entity& e = entities[i];
                for (const std::string* n : {&e.name, &e.name_ar, &e.name_tfng, &e.name_en})
                    index_name(*n, i);
                for (const auto& n : e.alt_names)
                    index_name(n, i);
                for (const auto& [language, n] : e.names)
                    index_name(n, i);
            }
        }
        names_pending.clear();
    }

    // Indexes the entity just put at position i (its id hashes to `hash`): id, pending names,
    // languages, levels and countries, rank; the spatial index is rebuilt on next use.
    void index_added(std::size_t i, std::uint64_t hash) {
        entity& added = entities[i];
        if (added.rank < 0) added.rank = default_rank(added.level);
        by_id.insert(hash, i);
        if (!names_pending.empty() && names_pending.back().alias.empty() && names_pending.back().last == i)
            ++names_pending.back().last;
        else
            names_pending.push_back({i, i + 1, {}});
        for (const auto& [language, n] : added.names) languages.insert(language);
        for (const auto& [language, n] : {std::pair{"ar", &added.name_ar}, {"tfng", &added.name_tfng}, {"en", &added.name_en}})
            if (!n->empty()) languages.insert(language);
        // entities come layer by layer: most share the level and country of the one before
        const entity* before = i > 0 ? &entities[i - 1] : nullptr;
        if (!before || before->level != added.level) levels.insert(added.level);
        if (!added.country.empty() && (!before || before->country != added.country)) countries.insert(added.country);
        if (added.is_areal()) index_stale = true;
    }

    // by_code with the code of every entity.
    void index_codes() const {
        std::lock_guard lock(codes_mutex);
        by_code.reserve(entities.size());
        for (; codes_indexed < entities.size(); ++codes_indexed) {
            const entity& e = entities[codes_indexed];
            if (e.code.empty()) continue;
            const std::uint64_t h = code_hash(e.country, e.level, e.vintage, e.code);
            if (code_position(h, e.country, e.level, e.vintage, e.code) == detail::position_index::npos)
                by_code.insert(h, codes_indexed);
        }
    }

    std::size_t code_position(std::uint64_t h, std::string_view country, std::string_view level,
                              std::string_view vintage, std::string_view code) const {
        return by_code.find(h, [&](std::size_t at) {
            const entity& e = entities[at];
            return e.code == code && e.country == country && e.level == level && e.vintage == vintage;
        });
    }

    // anchors with the anchor of every entity.
    const std::unordered_set<std::string>& anchor_ids() const {
        std::lock_guard lock(anchors_mutex);
        for (; anchors_indexed < entities.size(); ++anchors_indexed)
            if (!entities[anchors_indexed].anchor_id.empty()) anchors.insert(entities[anchors_indexed].anchor_id);
        return anchors;
    }

    // children_of with the parent links of every entity, placed ones included.
    void index_children() const {
        std::lock_guard lock(children_mutex);
        if (children_indexed == entities.size()) return;
        std::vector<std::pair<std::string, std::size_t>> waiting;
        waiting.swap(links_to_absent);
        for (auto& [parent, child] : waiting) link_child(parent, child);
        for (; children_indexed < entities.size(); ++children_indexed)
            for (const auto& p : entities[children_indexed].parent_ids) link_child(p, children_indexed);
    }

    // Records one parent link in children_of (callers hold children_mutex, or are adding).
    void link_child(const std::string& parent, std::size_t child) const {
        const std::size_t p = position_of(parent);
        if (p == detail::position_index::npos) {
            links_to_absent.emplace_back(parent, child);
            return;
        }
        if (children_of.size() <= p) children_of.resize(entities.size());
        children_of[p].push_back(child);
    }

private:
    void index_name(const std::string& name, std::size_t i) const {
        if (name.empty()) return;
        const std::string key = text::fold_name(name).key;
        if (key.empty()) return;
        auto [lo, hi] = by_key.equal_range(key);
        for (auto it = lo; it != hi; ++it)
            if (it->second == i) return;
        by_key.emplace(key, i);
    }

    void index_alias(const std::string& alias, std::size_t i) const {
        index_name(alias, i);
        const std::string key = text::fold_name(alias).key;
        auto [lo, hi] = by_alias.equal_range(key);
        for (auto a = lo; a != hi; ++a)
            if (a->second == i) return;
        by_alias.emplace(key, i);
    }
};

} // namespace coopatlas::model
