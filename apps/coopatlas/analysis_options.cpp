#include "analysis_options.hpp"

#include <coopatlas/error.hpp>
#include <coopatlas/text/fold.hpp>
#include <coopatlas/text/parse_value.hpp>

namespace coopatlas::cli {

const std::vector<std::string>& filter_options() {
    static const std::vector<std::string> names = {"kind", "theme", "source", "country", "from", "to", "undated"};
    return names;
}

const std::vector<std::string>& filter_flags() {
    static const std::vector<std::string> names = {"two-sided"};
    return names;
}

const char* filter_help() {
    return "partnership filter (all partnerships when none is given):\n"
           "  --kind K[,K...]     partnership kinds (decentralised_cooperation, convention, project_request, ...)\n"
           "  --theme T[,T...]    keep partnerships with any of these themes\n"
           "  --source S[,S...]   source documents\n"
           "  --country C[,C...]  keep partnerships with a party in these countries (ISO alpha-2)\n"
           "  --from YEAR         first signature year\n"
           "  --to YEAR           last signature year\n"
           "  --undated keep|drop what a year range does with undated partnerships (default keep)\n"
           "  --two-sided         drop one-sided records (requests without a partner)\n";
}

namespace {
std::vector<std::string> list(const arguments& args, const std::string& key) {
    std::vector<std::string> out;
    for (const auto& v : args.all(key))
        for (auto& part : text::split(v, ',')) out.push_back(std::move(part));
    return out;
}

int year(const std::string& option, const std::string& value) {
    const auto y = text::parse_integer(value, 1900, 2100);
    if (!y) throw error("--" + option + " '" + value + "' is not a year from 1900 to 2100 (e.g. 2009)");
    return static_cast<int>(*y);
}
} // namespace

analysis::filter filter_from(const arguments& args) {
    analysis::filter f;
    f.kinds = list(args, "kind");
    f.themes = list(args, "theme");
    f.sources = list(args, "source");
    f.countries = list(args, "country");
    if (args.has("from")) f.year_from = year("from", args.get("from"));
    if (args.has("to")) f.year_to = year("to", args.get("to"));
    if (args.has("undated")) {
        const std::string v = args.get("undated");
        if (v != "keep" && v != "drop") throw error("--undated must be 'keep' or 'drop', not '" + v + "'");
        f.keep_undated = v == "keep";
    }
    f.two_sided_only = args.has("two-sided");
    return f;
}

std::vector<std::string> concat(std::vector<std::string> a, const std::vector<std::string>& b) {
    a.insert(a.end(), b.begin(), b.end());
    return a;
}

void note_repaired(const analysis::coverage_result& r, std::ostream& err) {
    if (r.repaired.empty()) return;
    std::string ids;
    for (const auto& id : r.repaired)
        ids += (ids.empty() ? "" : ", ") + id;
    err << "note: " << r.repaired.size() << " unit polygon" << (r.repaired.size() > 1 ? "s were" : " was")
        << " invalid and repaired with GEOS MakeValid before taking the area: " << ids
        << " \xE2\x80\x94 run coopatlas validate on the layer's file to see why, and repair it with ogr2ogr "
           "-makevalid\n";
}

} // namespace coopatlas::cli
