// Names: matching what people type against the atlas, and suggestions.
#include <coopatlas/error.hpp>
#include <coopatlas/model/atlas.hpp>
#include <coopatlas/text/fold.hpp>

#include "model/atlas_impl.hpp"
#include "model/name_rules.hpp"

#include <algorithm>
#include <unordered_set>

namespace coopatlas::model {

namespace {

using unit_word_table = std::multimap<std::string, std::pair<std::string, std::string>>;

// What a leading unit word ("Wilaya de …") allows: the levels the atlas gives the word in
// the entity's country (or "*"), else the built-in level of the word.
struct unit_hint {
    const unit_word_table* table = nullptr;
    std::string word;     // folded; empty = no unit word
    std::string builtin;  // text::unit_word_level, or empty

    [[nodiscard]] bool allows(const entity& e) const {
        if (word.empty()) return true;
        bool declared = false;
        if (table) {
            auto [lo, hi] = table->equal_range(word);
            for (auto it = lo; it != hi; ++it) {
                if (it->second.first != e.country && it->second.first != "*") continue;
                declared = true;
                if (it->second.second == e.level) return true;
            }
        }
        if (declared) return false;
        return builtin.empty() || e.level == builtin;
    }
};

bool passes(const entity& e, const name_query& q, const unit_hint& hint) {
    if (!q.level.empty() && e.level != q.level) return false;
    if (q.level.empty() && !hint.allows(e)) return false;
    if (!q.country.empty() && e.country != q.country) return false;
    return true;
}

// "'Fès' (commune, MA, MA:commune:fes)"
std::string quoted_description(const entity& e) {
    const std::string d = e.describe_with_id();
    return "'" + e.display_name() + "'" + d.substr(e.display_name().size());
}

// Typed names longer than this get no edit-distance search (see suggest()).
constexpr std::size_t max_fuzzy_bytes = 200;
// Edits allowed at most, whatever the length: bounds the work per key.
constexpr std::size_t max_edits = 8;

} // namespace

name_match atlas::lookup(std::string_view name, const name_query& q) const {
    impl_->index_names();
    const text::folded_name folded = text::fold_name(name, &impl_->unit_words);
    const unit_hint hint{&impl_->unit_word_levels, folded.unit_word, folded.level_hint};
    name_match out;
    detail::candidates found;
    auto take = [&](const std::unordered_multimap<std::string, std::size_t>& index, const std::string& key,
                    const unit_hint& h) {
        auto [lo, hi] = index.equal_range(key);
        for (auto it = lo; it != hi; ++it) {
            const entity& e = impl_->entities[it->second];
            if (passes(e, q, h)) found.push_back(&e);
        }
    };
    // a curated alias is a decision already taken: it wins over plain name matches
    take(impl_->by_alias, folded.key, hint);
    if (!found.empty()) {
        out.rules.push_back(resolution_rule::alias);
        // the alias names a unit; its other vintages carry the same name and code
        const detail::candidates targets = found;
        for (const entity* t : targets) {
            if (t->vintage.empty()) continue;
            auto [lo, hi] = impl_->by_key.equal_range(text::fold_name(t->name).key);
            for (auto it = lo; it != hi; ++it) {
                const entity& e = impl_->entities[it->second];
                if (e.country == t->country && e.level == t->level && !e.vintage.empty() && e.code == t->code &&
                    text::fold(e.name) == text::fold(t->name) && passes(e, q, unit_hint{}))
                    found.push_back(&e);
            }
        }
    } else {
        take(impl_->by_key, folded.key, hint);
        // "Commune de Figuig" must still find a commune recorded only as a place
        if (found.empty() && !folded.unit_word.empty()) take(impl_->by_key, folded.key, {});
        // a word of the atlas that begins a name ("Wilayat …" as a whole name) is kept in
        // the indexed key: names are indexed with the built-in unit words only
        if (found.empty() && !folded.unit_word.empty() && folded.level_hint.empty())
            take(impl_->by_key, text::fold_name(name).key, {});
        if (!found.empty()) out.rules.push_back(resolution_rule::name);
    }
    // layers read on demand are a second tier: consulted only when the others have no candidate
    if (impl_->eager_end < impl_->entities.size()) {
        const entity* first = impl_->entities.data();
        const auto deferred = [&](const entity* e) { return !impl_->eager(static_cast<std::size_t>(e - first)); };
        if (!std::all_of(found.begin(), found.end(), deferred))
            found.erase(std::remove_if(found.begin(), found.end(), deferred), found.end());
    }
    std::sort(found.begin(), found.end(), [](const entity* a, const entity* b) { return a->id < b->id; });
    found.erase(std::unique(found.begin(), found.end()), found.end());

    const detail::candidates matched = found;
    const prefer_unit prefer = q.prefer.value_or(impl_->prefer);
    detail::drop_stand_ins(found);
    detail::keep_one_version(found, q, name, out);
    if (prefer != prefer_unit::none) detail::keep_the_city(found, matched, name, out);
    detail::apply_prefer(found, prefer, q.prefer_reason, name, out);
    out.candidates = std::move(found);
    return out;
}

std::vector<const entity*> atlas::match(std::string_view name, const name_query& q) const {
    return lookup(name, q).candidates;
}

std::vector<const entity*> atlas::suggest(std::string_view name, std::size_t max, const name_query& q) const {
    const std::string key = text::fold_name(name).key;
    if (key.empty() || max == 0) return {};
    impl_->index_names();
    const bool fuzzy = key.size() <= max_fuzzy_bytes;
    const std::size_t limit = std::min(max_edits, std::max<std::size_t>(2, key.size() / 3));
    std::vector<std::pair<std::size_t, const entity*>> scored;
    std::unordered_set<std::size_t> seen;
    for (const auto& [k, i] : impl_->by_key) {
        const entity& e = impl_->entities[i];
        if (!passes(e, q, unit_hint{})) continue;
        std::size_t d = limit + 1;
        // a name that starts with the typed words ("Souss" for "Souss-Massa-Drâa"), or
        // typed words that start with a whole name, is one edit away
        const bool typed_starts_name = key.size() >= 3 && k.size() > key.size() && k.compare(0, key.size(), key) == 0 &&
                                       k[key.size()] == ' ';
        const bool name_starts_typed = k.size() >= 3 && key.size() > k.size() && key.compare(0, k.size(), k) == 0 &&
                                       key[k.size()] == ' ';
        if (typed_starts_name || name_starts_typed) d = 1;
        if (fuzzy && d > 1) d = std::min(d, text::edit_distance(key, k, limit));
        if (d <= limit && seen.insert(i).second) scored.emplace_back(d, &e);
    }
    auto rank_of = [](const entity* e) { return e->rank < 0 ? 100 : e->rank; };
    std::sort(scored.begin(), scored.end(), [&](const auto& a, const auto& b) {
        if (a.first != b.first) return a.first < b.first;
        if (rank_of(a.second) != rank_of(b.second)) return rank_of(a.second) < rank_of(b.second);
        return a.second->id < b.second->id;
    });
    std::vector<const entity*> out;
    for (const auto& [d, e] : scored) {
        if (out.size() >= max) break;
        if (impl_->anchor_ids().count(e->id)) continue;  // the entity it anchors is the better suggestion
        out.push_back(e);
    }
    return out;
}

const entity& atlas::resolve(std::string_view name, const name_query& q) const {
    const name_match found = lookup(name, q);
    if (found.candidates.size() == 1) return *found.candidates.front();
    const std::string quoted = "'" + std::string(name) + "'";
    if (found.candidates.empty()) {
        const auto near = suggest(name, 3, q);
        std::vector<std::string> ids;
        std::string message = "unknown collectivity " + quoted;
        for (std::size_t i = 0; i < near.size(); ++i) {
            ids.push_back(near[i]->id);
            message += (i == 0 ? " \xE2\x80\x94 did you mean " : " or ");
            message += quoted_description(*near[i]);
        }
        if (!near.empty()) message += "?";
        throw unknown_name_error(std::string(name), std::move(ids), message);
    }
    std::vector<std::string> ids;
    std::string message = "ambiguous name " + quoted + " matches " + std::to_string(found.candidates.size()) + " entities:";
    for (const entity* e : found.candidates) {
        ids.push_back(e->id);
        message += " " + e->describe_with_id() + ";";
    }
    message.back() = '.';
    message += found.undated_versions
                   ? " Give the year, the vintage (e.g. '" + std::string(name) + " (" + found.candidates.back()->vintage + ")') or the id."
                   : " Give the id, the level or the country (e.g. '" + std::string(name) + " (" +
                         found.candidates.back()->level + ")').";
    throw ambiguous_name_error(std::string(name), std::move(ids), message);
}

void atlas::add_unit_word(std::string_view word, const std::string& country, const std::string& level) {
    const std::string key = text::fold(word);
    if (key.empty() || key.find(' ') != std::string::npos)
        throw error("unit word '" + std::string(word) + "' must be one word");
    auto [lo, hi] = impl_->unit_word_levels.equal_range(key);
    for (auto it = lo; it != hi; ++it)
        if (it->second.first == country && it->second.second == level) return;
    impl_->unit_words.insert(key);
    impl_->unit_word_levels.emplace(key, std::pair{country, level});
}

std::vector<std::string> atlas::unit_word_levels(std::string_view word, std::string_view country) const {
    const std::string key = text::fold(word);
    std::vector<std::string> out;
    auto add = [&](const std::string& level) {
        if (std::find(out.begin(), out.end(), level) == out.end()) out.push_back(level);
    };
    auto [lo, hi] = impl_->unit_word_levels.equal_range(key);
    for (auto it = lo; it != hi; ++it)
        if (country.empty() || it->second.first == country) add(it->second.second);
    for (auto it = lo; it != hi; ++it)
        if (!country.empty() && it->second.first == "*") add(it->second.second);
    if (out.empty()) {
        const std::string builtin = text::unit_word_level(word);
        if (!builtin.empty() && impl_->levels.count(builtin)) out.push_back(builtin);
    }
    return out;
}

} // namespace coopatlas::model
