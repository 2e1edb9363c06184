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
    for (const std::string* n : {&name, &name_en, &name_ar, &name_tfng, &id})
        if (!n->empty()) return *n;
    return id;
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
