#include <coopatlas/text/fold.hpp>
#include <coopatlas/text/nearest.hpp>

#include <algorithm>
#include <utility>

namespace coopatlas::text {

namespace {
// Folding drops punctuation and case, so "Année" is one edit from "Annee" and zero from "annee".
std::size_t distance(std::string_view a, std::string_view b) {
    const std::string fa = fold(a), fb = fold(b);
    return fa.empty() || fb.empty() ? edit_distance(a, b) : edit_distance(fa, fb);
}
} // namespace

std::vector<std::string> by_nearness(std::string_view wanted, std::vector<std::string> candidates) {
    std::vector<std::pair<std::size_t, std::string>> ranked;
    ranked.reserve(candidates.size());
    for (auto& c : candidates) ranked.emplace_back(distance(wanted, c), std::move(c));
    std::stable_sort(ranked.begin(), ranked.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    std::vector<std::string> out;
    out.reserve(ranked.size());
    for (auto& r : ranked) out.push_back(std::move(r.second));
    return out;
}

std::string nearest(std::string_view wanted, const std::vector<std::string>& candidates, std::size_t max_distance) {
    std::string best;
    std::size_t best_d = max_distance + 1;
    for (const auto& c : candidates) {
        const std::size_t d = distance(wanted, c);
        if (d < best_d) {
            best_d = d;
            best = c;
        }
    }
    return best;
}

std::string join_list(const std::vector<std::string>& items, std::string_view quote) {
    std::string out;
    for (const auto& item : items) {
        if (!out.empty()) out += ", ";
        out.append(quote).append(item).append(quote);
    }
    return out;
}

} // namespace coopatlas::text
