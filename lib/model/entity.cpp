#include <coopatlas/model/entity.hpp>

#include <array>
#include <string_view>
#include <utility>

namespace coopatlas::model {

int default_rank(const std::string& level) noexcept {
    static constexpr std::array<std::pair<std::string_view, int>, 13> ranks = {{
        {"country", 0},  {"territory", 1}, {"region", 1},    {"province", 2},  {"departement", 2},
        {"epci", 3},     {"groupement", 3}, {"pnr", 3},      {"commune", 4},   {"place", 5},
        {"national_body", -1}, {"organisation", -1}, {"network", -1},
    }};
    for (const auto& [word, rank] : ranks)
        if (word == level) return rank;
    return -1;
}

const std::string& entity::display_name() const noexcept {
    for (const std::string* n : {&name, &name_en, &name_ar, &name_tfng})
        if (!n->empty()) return *n;
    return names.empty() ? id : names.begin()->second;
}

const std::string& entity::name_in(std::string_view language) const noexcept {
    static const std::string none;
    if (language == "ar") return name_ar;
    if (language == "tfng" || language == "zgh") return name_tfng;
    if (language == "en" && !name_en.empty()) return name_en;
    const bool official = language == "fr" || language == "latin" || language == "name";
    if (const auto it = names.find(std::string(official ? "fr" : language)); it != names.end()) return it->second;
    if (official) return name;
    return language == "en" ? name_en : none;
}

std::string entity::describe() const {
    std::string out = display_name() + " (" + level;
    if (!vintage.empty()) out += " " + vintage;
    if (!country.empty()) out += ", " + country;
    return out + ")";
}

std::string entity::describe_with_id() const {
    std::string out = display_name() + " (" + level;
    if (!country.empty()) out += ", " + country;
    if (!vintage.empty()) out += ", " + vintage;
    return out + ", " + id + ")";
}

bool entity::is_areal() const noexcept { return std::holds_alternative<geometry::multi_polygon>(geometry); }

} // namespace coopatlas::model
