#include "geometry/wgs84_pipeline.hpp"

#include <algorithm>
#include <array>
#include <sstream>
#include <string_view>
#include <vector>

namespace coopatlas::geometry::detail {

namespace {

struct parameter {
    std::string key;
    std::string value;  // empty for a flag (+no_defs, +south)
};

// "+proj=lcc +lat_1=30 +no_defs" → {proj lcc} {lat_1 30} {no_defs}; none when a word
// is not a +key[=value].
std::optional<std::vector<parameter>> parameters_of(const std::string& text) {
    std::vector<parameter> out;
    std::istringstream words(text);
    std::string w;
    while (words >> w) {
        if (w.size() < 2 || w[0] != '+') return std::nullopt;
        const auto eq = w.find('=');
        out.push_back({w.substr(1, eq == std::string::npos ? std::string::npos : eq - 1),
                       eq == std::string::npos ? std::string{} : w.substr(eq + 1)});
    }
    if (out.empty()) return std::nullopt;
    return out;
}

bool is_number(const std::string& v) {
    if (v.empty()) return false;
    std::size_t used = 0;
    try {
        (void)std::stod(v, &used);
    } catch (...) {
        return false;
    }
    return used == v.size();
}

// Projection parameters that only place the projection on the ellipsoid: numbers.
constexpr std::array<std::string_view, 14> numeric_keys{"lat_0", "lon_0", "lat_1", "lat_2", "lat_ts",
                                                         "lon_1", "lon_2", "lonc",  "alpha", "gamma",
                                                         "k",     "k_0",   "x_0",   "y_0"};

bool is_numeric_key(const std::string& k) {
    return std::find(numeric_keys.begin(), numeric_keys.end(), k) != numeric_keys.end();
}

// Projections a map may use whose pipeline step is the CRS's own PROJ string: PROJ's
// search gives back the same step (tests/geometry/wgs84_pipeline_test.cpp checks each).
// Not tmerc: PROJ recognises a UTM zone in it and writes +proj=utm, whose numbers differ
// in the last bit.
bool is_plain_projection(const std::string& name) {
    static constexpr std::array<std::string_view, 14> names{"aea",  "aeqd",  "eqc",   "eqearth",  "laea",
                                                            "lcc",  "merc",  "moll",  "natearth", "omerc",
                                                            "ortho", "robin", "stere", "utm"};
    return std::find(names.begin(), names.end(), name) != names.end();
}

// The steps of a map projection on WGS 84 in metres, or none.
std::optional<std::string> projection_step(const std::string& crs) {
    const auto params = parameters_of(crs);
    if (!params) return std::nullopt;
    std::string step;
    bool named = false, on_wgs84 = false;
    std::vector<std::string> seen;
    for (const auto& p : *params) {
        if (std::find(seen.begin(), seen.end(), p.key) != seen.end()) return std::nullopt;  // PROJ's to judge
        seen.push_back(p.key);
        if (p.key == "proj") {
            if (named || !is_plain_projection(p.value)) return std::nullopt;
            named = true;
            step = "+proj=" + p.value + step;
        } else if (p.key == "datum") {
            if (p.value != "WGS84" || on_wgs84) return std::nullopt;
            on_wgs84 = true;
        } else if (p.key == "units") {
            if (p.value != "m") return std::nullopt;
        } else if (p.key == "no_defs" || p.key == "type") {
            if (p.key == "type" && p.value != "crs") return std::nullopt;
        } else if (p.key == "south" && p.value.empty()) {
            step += " +south";
        } else if (p.key == "zone" && is_number(p.value)) {
            step += " +zone=" + p.value;
        } else if (is_numeric_key(p.key) && is_number(p.value)) {
            step += " +" + p.key + "=" + p.value;
        } else {
            return std::nullopt;
        }
    }
    if (!named || !on_wgs84) return std::nullopt;
    return step + " +ellps=WGS84";
}

} // namespace

bool is_wgs84_lonlat(const std::string& crs) {
    if (crs == "EPSG:4326" || crs == "OGC:CRS84") return true;
    const auto params = parameters_of(crs);
    if (!params) return false;
    bool lonlat = false, wgs84 = false;
    for (const auto& p : *params) {
        if (p.key == "proj" && (p.value == "longlat" || p.value == "lonlat")) lonlat = true;
        else if (p.key == "datum" && p.value == "WGS84") wgs84 = true;
        else if (p.key == "no_defs" || (p.key == "type" && p.value == "crs")) {
        } else return false;
    }
    return lonlat && wgs84;
}

std::optional<std::string> wgs84_pipeline(const std::string& source, const std::string& target) {
    if (is_wgs84_lonlat(source)) {
        const auto step = projection_step(target);
        if (!step) return std::nullopt;
        return "+proj=pipeline +step +proj=unitconvert +xy_in=deg +xy_out=rad +step " + *step;
    }
    if (is_wgs84_lonlat(target)) {
        const auto step = projection_step(source);
        if (!step) return std::nullopt;
        return "+proj=pipeline +step +inv " + *step + " +step +proj=unitconvert +xy_in=rad +xy_out=deg";
    }
    return std::nullopt;
}

} // namespace coopatlas::geometry::detail
