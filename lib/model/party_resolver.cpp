#include <coopatlas/model/party_resolver.hpp>
#include <coopatlas/text/fold.hpp>

#include <algorithm>
#include <cctype>
#include <cstddef>
#include <iterator>

namespace coopatlas::model {

namespace {

using status = party_resolution::status;
using input = party_resolution::input;

// Quotes a name for a message; a name far longer than any collectivity's (a missing
// separator or quote) is shortened to its first 60 bytes, whole characters kept.
std::string quoted(std::string_view s) {
    if (s.size() <= 200) return "'" + std::string(s) + "'";
    std::size_t cut = 60;
    while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;
    return "'" + std::string(s.substr(0, cut)) + "…' (" + std::to_string(s.size()) + " bytes)";
}

// "'Fès' (commune, MA, MA:commune:fes)"
std::string quoted_description(const entity& e) {
    const std::string d = e.describe_with_id();
    return quoted(e.display_name()) + d.substr(e.display_name().size());
}

bool four_digits(std::string_view s) {
    return s.size() == 4 && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// "MA:commune:fes": two letters, a colon, a level, a colon, no space.
bool looks_like_id(std::string_view s) {
    return s.size() > 5 && std::isalpha(static_cast<unsigned char>(s[0])) &&
           std::isalpha(static_cast<unsigned char>(s[1])) && s[2] == ':' && s.find(':', 3) != std::string_view::npos &&
           s.find(' ') == std::string_view::npos;
}

// A trailing "(…)" whose every comma-separated word is a level, a country or a vintage.
struct qualified_name {
    std::string name;
    std::string level, country, vintage;
    bool qualified = false;
};

qualified_name split_qualifier(const atlas& atlas, std::string_view text) {
    qualified_name out{std::string(text), {}, {}, {}, false};
    const std::string_view t = text::trim(text);
    const auto open = t.rfind('(');
    if (t.empty() || t.back() != ')' || open == std::string_view::npos || open == 0) return out;
    const std::string_view base = text::trim(t.substr(0, open));
    std::string inner(t.substr(open + 1, t.size() - open - 2));
    std::replace(inner.begin(), inner.end(), ';', ',');
    const auto words = text::split(inner, ',');
    if (base.empty() || words.empty()) return out;
    qualified_name q{std::string(base), {}, {}, {}, true};
    for (const auto& w : words) {
        std::string level, country;
        if (four_digits(w) && q.vintage.empty()) q.vintage = w;
        else if (!(level = level_hint(atlas, w)).empty() && q.level.empty()) q.level = level;
        else if (!(country = country_hint(atlas, w)).empty() && q.country.empty()) q.country = country;
        else return out;  // "Figuig (Centre)": the brackets are part of the name
    }
    return q;
}

// "Fonds des Nations Unies pour la Population (UNFPA)": a name and its acronym (or
// another name) in brackets, both naming the same single entity.
std::optional<name_match> name_with_gloss(const atlas& atlas, std::string_view text, const name_query& q) {
    const std::string_view t = text::trim(text);
    const auto open = t.rfind('(');
    if (t.empty() || t.back() != ')' || open == std::string_view::npos || open == 0) return std::nullopt;
    const name_match base = atlas.lookup(text::trim(t.substr(0, open)), q);
    const name_match gloss = atlas.lookup(text::trim(t.substr(open + 1, t.size() - open - 2)), q);
    if (base.candidates.size() != 1 || gloss.candidates.size() != 1 || base.candidates[0] != gloss.candidates[0])
        return std::nullopt;
    return base;
}

party_resolution invalid(input where, std::string problem, std::string suggestion = {}) {
    party_resolution r;
    r.state = status::invalid;
    r.where = where;
    r.problem = std::move(problem);
    r.suggestion = std::move(suggestion);
    return r;
}

party_resolution resolved(const entity& e, std::vector<resolution_rule> rules) {
    party_resolution r;
    r.state = status::resolved;
    r.found = &e;
    r.rules = std::move(rules);
    return r;
}

// An id that names nothing: say which entity its last part may have meant.
party_resolution unknown_id(const atlas& atlas, const std::string& id, input where, const std::string& label,
                            const std::string& text) {
    std::string suggestion;
    const std::string& words = where == input::id ? text : id.substr(id.rfind(':') + 1);
    if (!words.empty()) {
        std::string spaced = words;
        std::replace(spaced.begin(), spaced.end(), '_', ' ');
        const auto near = atlas.match(spaced);
        if (near.size() == 1) suggestion = quoted(words) + " is " + quoted_description(*near.front());
    }
    party_resolution r = invalid(where, "unknown " + label + " id " + quoted(id), suggestion);
    r.id_not_held = true;
    return r;
}

// Merges a hint from a column with the same kind of hint from the qualifier.
bool merge_hint(std::string& into, const std::string& from_name, const std::string& label, input where,
                party_resolution& problem) {
    if (from_name.empty()) return true;
    if (!into.empty() && into != from_name) {
        problem = invalid(where, label + " says " + quoted(into) + " but the name says " + quoted(from_name),
                          "keep one of them");
        return false;
    }
    into = from_name;
    return true;
}

std::string advice(const name_match& m, const std::string& label, const std::string& name) {
    if (m.undated_versions)
        return "give the year, the vintage (" + quoted(name + " (" + m.candidates.back()->vintage + ")") +
               ") or the id in " + label + "_id";
    return "give the level or country in brackets (" + quoted(name + " (" + m.candidates.back()->level + ")") +
           "), in " + label + "_level or " + label + "_country, or the id in " + label + "_id";
}

// What the words of the name column designate, for a row that also gives an id: the
// entities the name (with its qualifier) matches, when they do not include the id's
// entity. Nothing when the two agree, or when the name matches nothing in the atlas (a
// spelling the atlas lacks, which is what the id column is for).
std::vector<const entity*> name_disagreeing_with_id(const atlas& atlas, const std::string& text, const entity& by_id,
                                                    const name_query& base, const qualified_name& qn) {
    if (const entity* e = atlas.find(text)) {
        if (e == &by_id) return {};
        return {e};
    }
    if (looks_like_id(text)) return {}; // an unknown id in the name column: nothing to compare
    const auto matches = [&](const name_query& q) {
        name_match m = atlas.lookup(qn.name, q);
        if (m.candidates.empty() && !qn.qualified)
            if (auto glossed = name_with_gloss(atlas, text, q)) m = std::move(*glossed);
        return m.candidates;
    };
    // the name read as the id's level, country and vintage, unless its qualifier says otherwise
    const bool qualifier_agrees = (qn.level.empty() || qn.level == by_id.level) &&
                                  (qn.country.empty() || qn.country == by_id.country) &&
                                  (qn.vintage.empty() || qn.vintage == by_id.vintage);
    if (qualifier_agrees) {
        name_query q;
        q.level = by_id.level;
        q.country = by_id.country;
        q.vintage = by_id.vintage;
        q.prefer = prefer_unit::none;
        const auto found = matches(q);
        if (std::find(found.begin(), found.end(), &by_id) != found.end()) return {};
    }
    name_query q;
    q.level = qn.level;
    q.country = qn.country;
    q.vintage = qn.vintage;
    q.year = base.year;
    q.prefer = prefer_unit::none;
    return matches(q);
}

party_resolution name_and_id_disagree(const std::string& label, const std::string& text, const std::string& id,
                                      const entity& by_id, const std::vector<const entity*>& by_name) {
    std::string named;
    for (std::size_t i = 0; i < by_name.size(); ++i)
        named += (i ? "; " : "") + by_name[i]->describe_with_id();
    return invalid(input::id,
                   label + " " + quoted(text) + " and " + label + "_id " + quoted(id) +
                       " name different collectivities: the name " + (by_name.size() == 1 ? "is " : "matches ") +
                       named + ", the id is " + by_id.describe_with_id(),
                   "correct the name or the id (with " + label + "_id empty, the name decides)");
}

} // namespace

std::string level_hint(const atlas& atlas, std::string_view word, std::string_view country) {
    const std::string f = text::fold(word);
    if (f.empty()) return {};
    for (const auto& level : atlas.levels())
        if (text::fold(level) == f) return level;
    // a word that stands for different levels in different countries needs the country
    const auto levels = atlas.unit_word_levels(word, country);
    return levels.size() == 1 ? levels.front() : std::string();
}

std::string country_hint(const atlas& atlas, std::string_view word) {
    const std::string_view w = text::trim(word);
    if (w.size() == 2) {
        std::string code(w);
        for (char& c : code) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        if (atlas.countries().count(code)) return code;
    }
    name_query q;
    q.level = "country";
    q.prefer = prefer_unit::none;
    const auto found = atlas.match(w, q);
    return found.size() == 1 ? found.front()->country.str() : std::string();
}

party_resolution resolve_party(const atlas& atlas, const party_words& words, const name_query& base) {
    const std::string& label = words.label;
    const std::string text(text::trim(words.text));
    const std::string id(text::trim(words.id));
    if (!id.empty()) {
        const entity* e = atlas.find(id);
        if (!e) return unknown_id(atlas, id, input::id, label, text);
        if (!text.empty()) {
            const auto by_name = name_disagreeing_with_id(atlas, text, *e, base, split_qualifier(atlas, text));
            if (!by_name.empty()) return name_and_id_disagree(label, text, id, *e, by_name);
        }
        return resolved(*e, {resolution_rule::exact_id});
    }
    if (text.empty()) return {};
    if (const entity* e = atlas.find(text)) return resolved(*e, {resolution_rule::exact_id});
    if (looks_like_id(text)) return unknown_id(atlas, text, input::text, label, text);

    name_query q = base;
    if (!text::trim(words.level).empty()) {
        q.level = level_hint(atlas, words.level,
                             text::trim(words.country).empty() ? std::string() : country_hint(atlas, words.country));
        if (q.level.empty()) {
            std::string levels;
            for (const auto& l : atlas.levels()) levels += (levels.empty() ? "" : ", ") + l;
            return invalid(input::level, label + "_level " + quoted(words.level) + " is not a level of the atlas",
                           "one of " + levels);
        }
    }
    if (!text::trim(words.country).empty()) {
        q.country = country_hint(atlas, words.country);
        if (q.country.empty()) {
            name_query countries;
            countries.level = "country";
            const auto near = base.suggest ? atlas.suggest(words.country, 1, countries) : std::vector<const entity*>{};
            return invalid(input::country,
                           label + "_country " + quoted(words.country) + " is not a country of the atlas",
                           near.empty() ? "give its ISO 3166-1 alpha-2 code"
                                        : "did you mean " + quoted_description(*near.front()) + "?");
        }
    }
    const qualified_name qn = split_qualifier(atlas, text);
    party_resolution conflict;
    if (!merge_hint(q.level, qn.level, label + "_level", input::level, conflict) ||
        !merge_hint(q.country, qn.country, label + "_country", input::country, conflict))
        return conflict;
    if (!qn.vintage.empty()) q.vintage = qn.vintage;
    const bool hinted = !q.level.empty() || !q.country.empty() || !qn.vintage.empty();

    name_match m = atlas.lookup(qn.name, q);
    if (m.candidates.empty() && !qn.qualified)
        if (auto glossed = name_with_gloss(atlas, text, q)) m = std::move(*glossed);
    if (m.candidates.size() == 1) {
        party_resolution r = resolved(*m.candidates.front(), m.rules);
        if (hinted) r.rules.insert(r.rules.begin() + std::min<std::ptrdiff_t>(1, std::ssize(r.rules)), resolution_rule::hint);
        r.notes = m.notes;
        return r;
    }
    party_resolution r;
    r.where = input::text;
    r.notes = m.notes;
    if (m.candidates.empty()) {
        r.state = status::unknown;
        if (q.suggest) r.candidates = atlas.suggest(qn.name, 3, q);
        if (q.suggest && r.candidates.empty() && hinted) r.candidates = atlas.suggest(qn.name, 3);  // the hint may be what is wrong
        r.problem = "unknown " + label + " " + quoted(text);
        for (std::size_t i = 0; i < r.candidates.size(); ++i)
            r.suggestion += (i == 0 ? "did you mean " : " or ") + quoted_description(*r.candidates[i]);
        if (!r.suggestion.empty()) r.suggestion += "?";
        return r;
    }
    r.state = status::ambiguous;
    r.candidates = m.candidates;
    r.problem = "ambiguous " + label + " " + quoted(text) + " matches ";
    for (std::size_t i = 0; i < m.candidates.size(); ++i)
        r.problem += (i ? "; " : "") + m.candidates[i]->describe_with_id();
    r.suggestion = advice(m, label, qn.name);
    return r;
}

std::pair<party_resolution, party_resolution> resolve_parties(const atlas& atlas, const party_words& a,
                                                             const party_words& b, std::optional<int> year,
                                                             std::optional<prefer_unit> prefer, bool suggest) {
    name_query base;
    base.year = year;
    base.suggest = suggest;
    base.prefer = prefer_unit::none;  // first without choosing: what each name says by itself
    party_resolution first_a = resolve_party(atlas, a, base), first_b = resolve_party(atlas, b, base);
    const prefer_unit rule = prefer.value_or(atlas.prefer());
    if (rule == prefer_unit::none) return {std::move(first_a), std::move(first_b)};

    // the row says otherwise when the other party is a province, département or region
    auto larger_partner = [](const party_resolution& other) -> const entity* {
        const entity* e = other.state == status::resolved ? other.found : nullptr;
        return e && e->rank >= 1 && e->rank <= 2 ? e : nullptr;
    };
    const entity* partner_of_a = larger_partner(first_b);
    const entity* partner_of_b = larger_partner(first_a);
    auto settle = [&](const party_words& words, party_resolution first, const entity* larger_partner_unit) {
        if (first.state != status::ambiguous) return first;
        name_query q = base;
        q.prefer = rule;
        if (rule == prefer_unit::municipality && larger_partner_unit) {
            q.prefer = prefer_unit::larger_unit;
            q.prefer_reason = "the other party being " + larger_partner_unit->describe_with_id() +
                              " (prefer: municipality, unless the other party is a province, département or region)";
        }
        return resolve_party(atlas, words, q);
    };
    return {settle(a, std::move(first_a), partner_of_a), settle(b, std::move(first_b), partner_of_b)};
}

} // namespace coopatlas::model
