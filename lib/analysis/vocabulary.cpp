#include <coopatlas/analysis/vocabulary.hpp>

#include <coopatlas/error.hpp>
#include <coopatlas/text/fold.hpp>

#include <algorithm>
#include <set>
#include <string_view>

namespace coopatlas::analysis {

vocabulary vocabulary_of(const model::atlas& atlas) {
    vocabulary v;
    for (const auto& p : atlas.partnerships()) {
        ++v.kinds[p.kind];
        if (!p.source.empty()) ++v.sources[p.source];
        for (const auto& t : std::set<std::string>(p.themes.begin(), p.themes.end())) ++v.themes[t];
        std::set<std::string> countries;
        const auto [a, b] = atlas.parties(p);
        for (const model::entity* e : {a, b})
            if (e && !e->country.empty()) countries.insert(e->country);
        for (const auto& c : countries) ++v.countries[c];
    }
    // entities come layer by layer: one map look-up a run of one level
    const model::interned_string* level = nullptr;
    std::size_t run = 0;
    for (const auto& e : atlas.entities()) {
        if (level && e.level == *level) {
            ++run;
            continue;
        }
        if (level) v.levels[*level] += run;
        level = &e.level;
        run = 1;
    }
    if (level) v.levels[*level] += run;
    return v;
}

std::vector<std::string> nearest_words(std::string_view word, const std::vector<std::string>& known, std::size_t max) {
    const std::string w = text::fold(word);
    std::vector<std::pair<std::size_t, std::string>> scored;
    for (const auto& k : known) {
        const std::string f = text::fold(k);
        // a prefix or a part of the word (`regional` for `regional_planning_scheme`) is a hint
        // as strong as one typing mistake
        const bool contains = !w.empty() && (f.find(w) != std::string::npos || w.find(f) != std::string::npos);
        const std::size_t d = contains ? 1 : text::edit_distance(w, f);
        // at most a third of the word may be wrong, and never more than 3 edits
        if (d <= std::min<std::size_t>(3, std::max<std::size_t>(1, w.size() / 3))) scored.emplace_back(d, k);
    }
    std::stable_sort(scored.begin(), scored.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    std::vector<std::string> out;
    for (const auto& [d, k] : scored) {
        if (out.size() == max) break;
        out.push_back(k);
    }
    return out;
}

namespace {

std::vector<std::string> keys(const std::map<std::string, std::size_t>& m) {
    std::vector<std::string> out;
    for (const auto& [k, n] : m) out.push_back(k);
    return out;
}

std::string quoted_list(const std::vector<std::string>& words) {
    std::string out;
    for (const auto& w : words) out += (out.empty() ? "'" : ", '") + w + "'";
    return out;
}

void check_values(const std::vector<std::string>& values, const std::map<std::string, std::size_t>& known,
                  const std::string& origin, const char* option, const char* noun, std::vector<diagnostic>& out) {
    for (const auto& v : values) {
        if (known.count(v)) continue;
        const auto all = keys(known);
        const auto near = nearest_words(v, all);
        std::string suggestion;
        if (!near.empty()) suggestion = "did you mean " + quoted_list(near) + "?";
        if (all.size() <= 30) suggestion += (suggestion.empty() ? "" : " ") + std::string(noun) + "s: " + quoted_list(all);
        else suggestion += (suggestion.empty() ? "" : " ") + std::string("'coopatlas info --vocabulary' lists them");
        out.push_back(diagnostic{origin == "--" ? std::string() : origin, 0, 0, option,
                                 (origin == "--" ? "--" + std::string(option) + " '" : std::string(option) + " '") + v +
                                     "': no partnership has this " + noun,
                                 suggestion});
    }
}

// Whether every word the filter names occurs in the atlas's partnerships, as
// vocabulary_of() would count it: the common case, answered as soon as each is met,
// without building the whole vocabulary (which looks up both parties of every
// partnership for their countries). The vocabulary is only needed to explain a miss.
bool every_word_occurs(const filter& f, const model::atlas& atlas) {
    std::set<std::string_view> kinds(f.kinds.begin(), f.kinds.end()), themes(f.themes.begin(), f.themes.end()),
        sources(f.sources.begin(), f.sources.end()), countries(f.countries.begin(), f.countries.end());
    const auto all_met = [&] { return kinds.empty() && themes.empty() && sources.empty() && countries.empty(); };
    for (const auto& p : atlas.partnerships()) {
        if (all_met()) return true;
        kinds.erase(p.kind);
        if (!p.source.empty()) sources.erase(p.source);
        for (const auto& t : p.themes)
            themes.erase(t);
        if (countries.empty()) continue;
        const auto [a, b] = atlas.parties(p);
        for (const model::entity* e : {a, b})
            if (e && !e->country.empty()) countries.erase(e->country);
    }
    return all_met();
}

} // namespace

void check_filter(const filter& f, const model::atlas& atlas, const std::string& origin) {
    std::vector<diagnostic> problems;
    // the vocabulary reads every partnership: only worth it when the filter names words
    if ((!f.kinds.empty() || !f.themes.empty() || !f.sources.empty() || !f.countries.empty()) &&
        !every_word_occurs(f, atlas)) {
        const vocabulary v = vocabulary_of(atlas);
        check_values(f.kinds, v.kinds, origin, "kind", "kind", problems);
        check_values(f.themes, v.themes, origin, "theme", "theme", problems);
        check_values(f.sources, v.sources, origin, "source", "source", problems);
        check_values(f.countries, v.countries, origin, "country", "country", problems);
    }
    if (f.year_from && f.year_to && *f.year_from > *f.year_to)
        problems.push_back(diagnostic{origin == "--" ? std::string() : origin, 0, 0, "from",
                                      "the year range " + std::to_string(*f.year_from) + "-" +
                                          std::to_string(*f.year_to) + " is empty",
                                      "swap the two years"});
    if (!problems.empty()) throw input_error(std::move(problems));
}

} // namespace coopatlas::analysis
