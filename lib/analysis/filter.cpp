#include <coopatlas/analysis/filter.hpp>

#include <algorithm>

namespace coopatlas::analysis {

namespace {
bool listed(const std::vector<std::string>& list, const std::string& value) {
    return list.empty() || std::find(list.begin(), list.end(), value) != list.end();
}

std::string join(const std::vector<std::string>& v) {
    std::string out;
    for (const auto& s : v) out += (out.empty() ? "" : ",") + s;
    return out;
}
} // namespace

bool filter::accepts(const model::partnership& p, const model::atlas& atlas) const {
    if (!listed(kinds, p.kind) || !listed(sources, p.source)) return false;
    if (two_sided_only && !p.two_sided()) return false;
    if (!themes.empty() && std::none_of(p.themes.begin(), p.themes.end(),
                                        [&](const std::string& t) { return listed(themes, t); }))
        return false;
    if (year_from || year_to) {
        if (!p.year) return keep_undated;
        if (year_from && *p.year < *year_from) return false;
        if (year_to && *p.year > *year_to) return false;
    }
    if (!countries.empty()) {
        bool any = false;
        const auto [a, b] = atlas.parties(p);
        for (const model::entity* e : {a, b})
            if (e && listed(countries, e->country)) any = true;
        if (!any) return false;
    }
    return true;
}

std::string filter::describe() const {
    std::vector<std::string> parts;
    if (!kinds.empty()) parts.push_back("kinds=" + join(kinds));
    if (!themes.empty()) parts.push_back("themes=" + join(themes));
    if (!sources.empty()) parts.push_back("sources=" + join(sources));
    if (!countries.empty()) parts.push_back("countries=" + join(countries));
    if (year_from || year_to) {
        parts.push_back("years=" + (year_from ? std::to_string(*year_from) : std::string("…")) + "-" +
                        (year_to ? std::to_string(*year_to) : std::string("…")) +
                        (keep_undated ? " (undated kept)" : " (undated dropped)"));
    }
    if (two_sided_only) parts.push_back("two-sided only");
    if (parts.empty()) return "all partnerships";
    std::string out;
    for (const auto& p : parts) out += (out.empty() ? "" : "; ") + p;
    return out;
}

std::vector<const model::partnership*> select(const model::atlas& atlas, const filter& f) {
    std::vector<const model::partnership*> out;
    for (const auto& p : atlas.partnerships())
        if (f.accepts(p, atlas)) out.push_back(&p);
    return out;
}

} // namespace coopatlas::analysis
