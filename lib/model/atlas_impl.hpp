#pragma once
// The atlas's storage and indexes, shared by its source files (atlas.cpp: entities,
// hierarchy and space; atlas_names.cpp: names). Private to the library.

#include <coopatlas/model/atlas.hpp>
#include <coopatlas/text/fold.hpp>

#include "model/spatial_index.hpp"

#include <functional>
#include <limits>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

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

} // namespace coopatlas::model
