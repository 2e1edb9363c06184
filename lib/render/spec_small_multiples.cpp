// Small multiples: the spec's single frame drawn once per year, side by side on one
// page with one title, one legend and one set of credits. Each panel reads its layers
// with the partnerships of its year only (`mode: year`) or of every year up to its own
// (`mode: cumulative`); undated partnerships belong to no panel.

#include "render/spec_reader.hpp"

#include <algorithm>
#include <cmath>
#include <string>

namespace coopatlas::render::detail {

namespace {

std::string with_year(std::string text, int year) {
    const std::string y = std::to_string(year);
    for (auto at = text.find("{year}"); at != std::string::npos; at = text.find("{year}", at + y.size()))
        text.replace(at, 6, y);
    return text;
}

} // namespace

void spec_reader::read_small_multiples(const YAML::Node& root) {
    const YAML::Node& n = root["small_multiples"];
    check_keys(n, {"by", "from", "to", "mode", "columns"}, "small_multiples");
    if (!root["layers"])
        fail(n, "small multiples repeat the spec's single frame", "give the frame's keys (layers, projection, extent) at "
                                                                 "the top level, not under frames");
    if (root["overlays"]) fail(root["overlays"], "small multiples cannot have overlays: each panel is a frame of its own");
    if (!n["by"] || str(n["by"]) != "year") fail(n["by"] ? n["by"] : n, "small multiples are by year ('by: year')");
    if (!n["from"] || !n["to"]) fail(n, "small multiples need the years 'from' and 'to' (e.g. from: 1999, to: 2009)");
    const int from = static_cast<int>(whole(n["from"], 1, 9999));
    const int to = static_cast<int>(whole(n["to"], 1, 9999));
    const std::string range = std::to_string(from) + "-" + std::to_string(to);
    if (from > to) fail(n["to"], "the years " + range + " run backwards", "swap the two years");
    // One page of readable panels: a century of them would be a table, not a map.
    constexpr int max_panels = 60;
    if (to - from + 1 > max_panels)
        fail(n, std::to_string(to - from + 1) + " panels are too many for one page (" + std::to_string(max_panels) +
                    " at most)", "narrow the years (from, to)");
    bool cumulative = true;
    if (n["mode"]) {
        const std::string mode = str(n["mode"]);
        if (mode != "cumulative" && mode != "year")
            fail(n["mode"], "mode is 'cumulative' (every year up to the panel's) or 'year' (the panel's year only)");
        cumulative = mode == "cumulative";
    }
    const std::size_t panels = static_cast<std::size_t>(to - from + 1);
    std::size_t columns = static_cast<std::size_t>(std::ceil(std::sqrt(static_cast<double>(panels))));
    if (n["columns"]) columns = static_cast<std::size_t>(whole(n["columns"], 1, max_panels));
    spec_.page.columns = columns;

    const std::string caption = root["frame_title"] ? str(root["frame_title"]) : "{year}";
    const std::string id = root["id"] ? str(root["id"]) : "year";
    for (int year = from; year <= to; ++year) {
        panel_years_ = {cumulative ? std::optional<int>{} : std::optional<int>{year}, year};
        frame f = read_frame(root, static_cast<std::size_t>(year - from), true);
        const std::string suffix = '-' + std::to_string(year);
        f.id = id + suffix;
        f.title = with_year(caption, year);
        // Layer ids name their panel (`partners-2004`): one SVG group per layer and year.
        for (auto& l : f.layers)
            l.id += suffix;
        spec_.page.frames.push_back(std::move(f));
        take_insets(spec_.page);
    }
    panel_years_.reset();
}

// A panel's years narrow the layer's own range (from, to), never widen it.
void spec_reader::restrict_to_panel(analysis::filter& f) const {
    if (!panel_years_) return;
    const auto& [from, to] = *panel_years_;
    if (from) f.year_from = f.year_from ? std::max(*f.year_from, *from) : *from;
    f.year_to = f.year_to ? std::min(*f.year_to, to) : to;
    f.keep_undated = false;
}

} // namespace coopatlas::render::detail
