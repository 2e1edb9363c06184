#include <coopatlas/error.hpp>
#include <coopatlas/render/map.hpp>

#include <algorithm>
#include <array>
#include <cctype>
#include <utility>

namespace coopatlas::render {

namespace {
constexpr std::array<std::pair<legend_position, const char*>, 9> legend_words{{
    {legend_position::right, "right"},
    {legend_position::left, "left"},
    {legend_position::bottom, "bottom"},
    {legend_position::inside_top_left, "inside-top-left"},
    {legend_position::inside_top_right, "inside-top-right"},
    {legend_position::inside_bottom_left, "inside-bottom-left"},
    {legend_position::inside_bottom_right, "inside-bottom-right"},
    {legend_position::inside, "inside"},
    {legend_position::none, "none"},
}};

std::string lower(std::string_view s) {
    std::string out(s);
    for (auto& c : out)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}
} // namespace

legend_position parse_legend_position(std::string_view word) {
    std::string w = lower(word);
    std::replace(w.begin(), w.end(), '_', '-');
    for (const auto& [p, name] : legend_words)
        if (w == name) return p;
    std::string known;
    for (const auto& [p, name] : legend_words)
        known += (known.empty() ? "" : ", ") + std::string(name);
    throw error("unknown legend position '" + std::string(word) + "'; use one of " + known);
}

const char* to_string(legend_position p) noexcept {
    for (const auto& [q, name] : legend_words)
        if (p == q) return name;
    return "right";
}

std::string crs_preset(std::string_view name) {
    const std::string n = lower(name);
    if (n == "france" || n == "lambert-93" || n == "lambert93") return "EPSG:2154";
    // Conformal conic for Morocco with Western Sahara (21°–36° N): standard parallels
    // at about 1/6 and 5/6 of the span keep the scale error under 1 %.
    if (n == "morocco" || n == "maroc")
        return "+proj=lcc +lat_0=29 +lon_0=-9 +lat_1=24 +lat_2=34 +x_0=0 +y_0=0 +datum=WGS84 +units=m +no_defs";
    // Europe and North Africa (20°–60° N): Albers equal-area conic.
    if (n == "euromed" || n == "europe-north-africa")
        return "+proj=aea +lat_0=40 +lon_0=2 +lat_1=30 +lat_2=50 +x_0=0 +y_0=0 +datum=WGS84 +units=m +no_defs";
    // France and Morocco together (western Mediterranean): an oblique Mercator whose
    // central line is the great circle through Paris and Agadir, centred at 39.9° N. The
    // scale 0.995 on that line balances the error across both countries: conformal, scale
    // between 0.995 and 1.006 from Western Sahara to Corsica, areas within about 1 %.
    if (n == "france-morocco")
        return "+proj=omerc +lat_0=39.9 +lat_1=48.8566 +lon_1=2.3522 +lat_2=30.4278 +lon_2=-9.5981 +k_0=0.995 "
               "+x_0=0 +y_0=0 +datum=WGS84 +units=m +no_defs";
    if (n == "laea-study") return "+proj=laea +lat_0=36 +lon_0=-4 +datum=WGS84 +units=m +no_defs";
    if (n == "lonlat" || n == "wgs84") return "EPSG:4326";
    return std::string(name);
}

} // namespace coopatlas::render
