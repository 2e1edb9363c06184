#include <coopatlas/model/name_query.hpp>

namespace coopatlas::model {

std::string_view to_string(prefer_unit p) noexcept {
    switch (p) {
    case prefer_unit::municipality: return "municipality";
    case prefer_unit::larger_unit: return "larger_unit";
    case prefer_unit::none: return "none";
    }
    return "municipality";
}

std::optional<prefer_unit> parse_prefer_unit(std::string_view word) noexcept {
    std::string w(word);
    for (char& c : w)
        if (c == '-') c = '_';
    for (prefer_unit p : {prefer_unit::municipality, prefer_unit::larger_unit, prefer_unit::none})
        if (w == to_string(p)) return p;
    return std::nullopt;
}

std::string_view to_string(resolution_rule r) noexcept {
    switch (r) {
    case resolution_rule::exact_id: return "exact id";
    case resolution_rule::name: return "name";
    case resolution_rule::alias: return "alias";
    case resolution_rule::hint: return "hint";
    case resolution_rule::municipality: return "municipality rule";
    case resolution_rule::larger_unit: return "larger unit";
    case resolution_rule::city: return "city among homonymous communes";
    case resolution_rule::vintage_by_year: return "vintage by year";
    }
    return "name";
}

} // namespace coopatlas::model
