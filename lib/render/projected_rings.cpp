#include "render/projected_rings.hpp"

#include "render/operation_store.hpp"
#include "render/render_threads.hpp"
#include "render/ring_store.hpp"

#include <algorithm>
#include <bit>
#include <atomic>
#include <exception>
#include <functional>
#include <memory>
#include <string_view>
#include <thread>
#include <unordered_set>

namespace coopatlas::render::detail {

namespace {

std::size_t hash_of(const geometry::ring& r) {
    static_assert(sizeof(geometry::point) == 2 * sizeof(double), "points are two packed doubles");
    const std::string_view bytes(reinterpret_cast<const char*>(r.data()), r.size() * sizeof(geometry::point));
    return std::hash<std::string_view>{}(bytes);
}

} // namespace

std::size_t projected_rings::key_hash::operator()(const reach_key& k) const noexcept {
    return std::hash<std::string_view>{}(std::string_view(reinterpret_cast<const char*>(k.data()), sizeof k));
}

std::optional<bool> projected_rings::known_reach(const reach_key& key) const {
    const auto it = reach_.find(key);
    if (it == reach_.end()) return std::nullopt;
    return it->second;
}

void projected_rings::keep_reach(const reach_key& key, bool reaches) { reach_.emplace(key, reaches); }

const geometry::ring* projected_rings::find(std::size_t hash, const geometry::ring& src) const {
    auto [lo, hi] = kept_.equal_range(hash);
    for (auto it = lo; it != hi; ++it)
        if (it->second.source == src) return &it->second.projected;
    return nullptr;
}

const geometry::ring& projected_rings::forward(const geometry::ring& src) {
    if (src.size() < least_kept) {
        scratch_ = src;
        projection_.forward(scratch_);
        return scratch_;
    }
    const std::size_t h = hash_of(src);
    if (const geometry::ring* done = find(h, src)) return *done;
    entry e{src, src};
    projection_.forward(e.projected);
    return kept_.emplace(h, std::move(e))->second.projected;
}

void projected_rings::read_cache(std::uint64_t set) {
    for (auto& s : read_stored_rings(projection_, set)) {
        const std::size_t h = hash_of(s.source);
        if (find(h, s.source)) continue;
        kept_.emplace(h, entry{std::move(s.source), std::move(s.projected)});
        ++read_from_cache_;
    }
}

void projected_rings::keep_in_cache(std::uint64_t set, const std::vector<std::pair<std::size_t, const geometry::ring*>>& asked) const {
    std::vector<std::pair<const geometry::ring*, const geometry::ring*>> pairs;
    pairs.reserve(asked.size());
    std::unordered_set<const geometry::ring*> kept;  // a ring asked for twice is kept once
    for (const auto& [h, r] : asked)
        if (const geometry::ring* done = find(h, *r); done && kept.insert(done).second) pairs.emplace_back(r, done);
    store_rings(projection_, set, pairs);
}

void projected_rings::project_all(const std::vector<const geometry::ring*>& rings) {
    // The rings asked for, and what names them as a set: the cache folder keeps the rings of
    // each set apart, so that a map reads back its own outlines, not every map's.
    std::vector<std::pair<std::size_t, const geometry::ring*>> asked;
    std::uint64_t set = 0x9E3779B97F4A7C15ull;
    for (const geometry::ring* r : rings) {
        if (r->size() < least_kept) continue;
        asked.emplace_back(hash_of(*r), r);
        set = (std::rotl(set, 23) ^ asked.back().first) * 0x100000001B3ull + r->size();
    }
    if (!asked.empty()) read_cache(set);
    // the rings to project, each once, largest first so that the threads end together
    std::vector<std::pair<std::size_t, const geometry::ring*>> todo;
    std::unordered_multimap<std::size_t, const geometry::ring*> taken;
    std::size_t vertices = 0;
    for (const auto& one : asked) {
        const std::size_t h = one.first;
        const geometry::ring* r = one.second;  // named apart: Clang 14 cannot capture a structured binding
        if (find(h, *r)) continue;
        auto [lo, hi] = taken.equal_range(h);
        if (std::any_of(lo, hi, [&](const auto& t) { return *t.second == *r; })) continue;
        taken.emplace(h, r);
        todo.emplace_back(h, r);
        vertices += r->size();
    }
    std::stable_sort(todo.begin(), todo.end(),
                     [](const auto& a, const auto& b) { return a.second->size() > b.second->size(); });
    // below this, starting threads and their projections costs more than it saves
    constexpr std::size_t worth_threads = 20'000;
    const std::size_t workers =
        vertices < worth_threads ? 1 : std::size_t{render_threads()};
    std::vector<geometry::ring> projected(todo.size());
    std::atomic<std::size_t> next{0};
    auto work = [&](const geometry::projection& p) {
        for (std::size_t i = next++; i < todo.size(); i = next++) {
            projected[i] = *todo[i].second;
            p.forward(projected[i]);
        }
    };
    // each helper thread with a projection of its own, made here (PROJ objects are used by
    // one thread at a time), from the pipeline when it gives the same numbers
    std::vector<std::unique_ptr<geometry::projection>> own;
    for (std::size_t t = 1; t < workers; ++t) {
        try {
            own.push_back(std::make_unique<geometry::projection>(copy_for_thread(projection_)));
        } catch (const std::exception&) {
            break;  // the threads that have one take its rings
        }
    }
    std::vector<std::thread> threads;
    for (const auto& p : own)
        threads.emplace_back([&work, &p] { work(*p); });
    work(projection_);
    for (auto& t : threads)
        t.join();
    for (std::size_t i = 0; i < todo.size(); ++i)
        kept_.emplace(todo[i].first, entry{*todo[i].second, std::move(projected[i])});
    if (vertices >= worth_storing) keep_in_cache(set, asked);
}

} // namespace coopatlas::render::detail
