#include <coopatlas/analysis/flows.hpp>
#include <coopatlas/error.hpp>
#include <coopatlas/geometry/geodesic.hpp>

#include "analysis/link_memo.hpp"
#include "analysis/point_memo.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <optional>
#include <set>
#include <unordered_map>

namespace coopatlas::analysis {

using model::entity;

geometry::line_string geodesic_line_string(const geometry::point& a, const geometry::point& b, double max_segment_km) {
    geometry::line_string out;
    out.push_back(a);
    const geometry::geodesic_line g = geometry::geodesic_inverse(a, b);
    if (max_segment_km > 0 && g.distance_m > max_segment_km * 1e3) {
        const auto n = static_cast<std::size_t>(std::ceil(g.distance_m / (max_segment_km * 1e3)));
        for (std::size_t i = 1; i < n; ++i)
            out.push_back(geometry::geodesic_direct(a, g.azimuth_start, g.distance_m * static_cast<double>(i) /
                                                                            static_cast<double>(n)));
    }
    out.push_back(b);
    return out;
}

length_summary summarise_lengths(std::vector<double> values_km) {
    std::erase_if(values_km, [](double v) { return std::isnan(v); });
    length_summary s;
    s.count = values_km.size();
    if (values_km.empty()) return s;
    std::sort(values_km.begin(), values_km.end());
    s.min_km = values_km.front();
    s.max_km = values_km.back();
    const std::size_t n = values_km.size();
    s.median_km = n % 2 ? values_km[n / 2] : (values_km[n / 2 - 1] + values_km[n / 2]) / 2;
    return s;
}

namespace {

using detail::point_memo;

// One summary of all the lengths, then one per pair of levels.
void summarise_by_level_pair(flow_result& result) {
    std::map<std::string, std::vector<double>> by_pair;
    std::vector<double> all;
    for (const auto& l : result.lengths) {
        by_pair[l.level_pair].push_back(l.length_km);
        all.push_back(l.length_km);
    }
    result.length_summaries.push_back(summarise_lengths(all));
    result.length_summaries.back().level_pair = "all";
    for (auto& [pair, values] : by_pair) {
        result.length_summaries.push_back(summarise_lengths(values));
        result.length_summaries.back().level_pair = pair;
    }
}

/// A party's point and how it was found.
struct located {
    std::optional<geometry::point> at;
    std::string how;
};

located locate(const model::atlas& atlas, const entity& e, point_memo& point_of) {
    located out;
    const bool own = !std::holds_alternative<std::monostate>(e.geometry);
    const geometry::geometry& g = atlas.location(e);
    out.at = point_of(e);
    if (!out.at) out.how = "no location";
    else if (std::holds_alternative<geometry::multi_polygon>(g)) out.how = own ? "point on surface" : "anchor's point on surface";
    else out.how = own ? "point" : "anchor point";
    return out;
}

/// A partnership turned so that one party maps onto the origin and the other onto the destination.
struct oriented {
    const entity* origin_party;
    const entity* destination_party;
    const std::vector<unit_link>* origin; // into the link memos
    const std::vector<unit_link>* destination;
};

// Party a on the origin and b on the destination, else the other way round when that maps.
oriented orient(const entity& a, const entity& b, detail::link_memo& on_from, detail::link_memo& on_to) {
    oriented out{&a, &b, &on_from.links(a), &on_to.links(b)};
    if (out.origin->empty() || out.destination->empty()) {
        const auto& origin2 = on_from.links(b);
        const auto& destination2 = on_to.links(a);
        if (!origin2.empty() && !destination2.empty()) out = {&b, &a, &origin2, &destination2};
    }
    return out;
}

std::string standing_of_parties(const entity& a, const entity& b, detail::link_memo& on_from,
                                detail::link_memo& on_to) {
    // each party's standing on both partitions, so that the reader sees which side is missing
    auto status = [](const entity& e, detail::link_memo& m) {
        const auto& links = m.links(e);
        if (links.empty()) return m.why_unmapped(e);
        std::string names;
        for (const auto& l : links) names += (names.empty() ? "" : ", ") + l.unit->display_name();
        return "on " + names;
    };
    std::string why;
    for (const entity* e : {&a, &b})
        why += (why.empty() ? "" : "; ") + e->describe() + " \xE2\x80\x94 origin: " + status(*e, on_from) +
               ", destination: " + status(*e, on_to);
    return why;
}

using cell_index = std::map<std::pair<const entity*, const entity*>, std::size_t>;

/// Counts the partnership in every cell of its origin units × destination units.
void add_to_cells(const model::partnership& pp, const oriented& way, cell_index& cell_of,
                  std::vector<flow_cell>& cells) {
    for (const auto& lo : *way.origin)
        for (const auto& ld : *way.destination) {
            auto [it, fresh] = cell_of.try_emplace({lo.unit, ld.unit}, cells.size());
            if (fresh) {
                flow_cell c;
                c.from = lo.unit;
                c.to = ld.unit;
                c.from_id = lo.unit->id;
                c.from_name = lo.unit->display_name();
                c.to_id = ld.unit->id;
                c.to_name = ld.unit->display_name();
                cells.push_back(std::move(c));
            }
            auto& cell = cells[it->second];
            ++cell.count;
            cell.partnership_ids.push_back(pp.id);
            for (const unit_link* l : {&lo, &ld})
                if (!l->note.empty()) cell.notes.push_back(pp.id + ": " + l->note);
        }
}

/// The partnership's geodesic length between its parties, when both are located.
void add_length(const model::atlas& atlas, const model::partnership& pp, const entity& o, const entity& d,
                point_memo& point_of, std::vector<partnership_length>& lengths) {
    const located lo = locate(atlas, o, point_of), ld = locate(atlas, d, point_of);
    if (lo.at && ld.at) {
        partnership_length len;
        len.partnership_id = pp.id;
        len.from_party = o.id;
        len.to_party = d.id;
        len.level_pair = o.level + " \xE2\x86\x92 " + d.level;
        len.length_km = geometry::geodesic_distance(*lo.at, *ld.at) / 1e3;
        len.measured = lo.how + " \xE2\x86\x92 " + ld.how;
        lengths.push_back(std::move(len));
    }
}

/// Reads the selected partnerships once: the matrix's cells, the lengths and the partnerships left out.
void fill_matrix(const model::atlas& atlas, const filter& f, const flow_options& options, detail::link_memo& on_from,
                 detail::link_memo& on_to, point_memo& point_of, flow_result& result) {
    cell_index cell_of;
    for (const model::partnership* pp : select(atlas, f)) {
        if (!pp->two_sided()) continue;
        ++result.partnerships;
        const auto [a, b] = atlas.parties(*pp);
        if (!a || !b) continue;
        const oriented way = orient(*a, *b, on_from, on_to);
        if (way.origin->empty() || way.destination->empty()) {
            result.unmapped.push_back(pp->id + ": " + standing_of_parties(*a, *b, on_from, on_to));
            continue;
        }
        ++result.mapped;
        add_to_cells(*pp, way, cell_of, result.cells);
        if (options.partnership_lengths)
            add_length(atlas, *pp, *way.origin_party, *way.destination_party, point_of, result.lengths);
    }
}

// cell geometry: the units' points (surface point of a polygon), joined along the geodesic
void draw_cell_lines(std::vector<flow_cell>& cells, point_memo& point_of, double max_segment_km) {
    for (auto& c : cells) {
        const auto& pa = point_of(*c.from);
        const auto& pb = point_of(*c.to);
        if (!pa || !pb) continue;
        c.length_km = geometry::geodesic_distance(*pa, *pb) / 1e3;
        c.line = geodesic_line_string(*pa, *pb, max_segment_km);
    }
}

/// Busiest corridor first; ties share a rank.
void rank_cells(std::vector<flow_cell>& cells) {
    std::sort(cells.begin(), cells.end(), [](const flow_cell& x, const flow_cell& y) {
        if (x.count != y.count) return x.count > y.count;
        if (x.from_name != y.from_name) return x.from_name < y.from_name;
        if (x.to_name != y.to_name) return x.to_name < y.to_name;
        return std::tie(x.from_id, x.to_id) < std::tie(y.from_id, y.to_id);
    });
    for (std::size_t i = 0; i < cells.size(); ++i)
        cells[i].rank = i > 0 && cells[i].count == cells[i - 1].count ? cells[i - 1].rank : i + 1;
}

std::string describe_method(const flow_result& result, const unit_mapper& mfrom, const unit_mapper& mto) {
    const partition& from = result.from;
    const partition& to = result.to;
    const flow_options& options = result.options;
    auto vintage_of = [](const unit_mapper& m) {
        const std::string& v = m.units().front()->vintage;
        return v.empty() ? std::string("-") : v;
    };
    auto zone_of = [](const partition& p) { return p.zone.empty() ? std::string("all") : p.zone; };
    return "from=" + from.level + " (vintage " + vintage_of(mfrom) + ", zone " + zone_of(from) + ", " +
           std::to_string(mfrom.units().size()) + " units); to=" + to.level + " (vintage " + vintage_of(mto) +
           ", zone " + zone_of(to) + ", " + std::to_string(mto.units().size()) +
           " units); filter=" + result.filter_description +
           "; two-sided partnerships only; roll-down=" + (options.roll_down ? "on" : "off") +
           "; count=distinct partnership records per cell (a party over several units counts in each)" +
           (options.partnership_lengths ? "; lengths=geodesic WGS 84 between the parties (point, anchor "
                                          "point, or point on surface of a polygon)"
                                        : "; partnership lengths not measured") +
           "; cell lines=geodesic between the units' surface points, vertices every " +
           std::to_string(static_cast<long>(options.max_segment_km)) + " km at most";
}

} // namespace

flow_result flows(const model::atlas& atlas, const filter& f, const partition& from, const partition& to,
                  const flow_options& options) {
    const mapping_options mo{.roll_down = options.roll_down};
    const unit_mapper mfrom(atlas, from, mo);
    const unit_mapper mto(atlas, to, mo);
    flow_result result;
    result.from = from;
    result.to = to;
    result.filter_description = f.describe();
    result.options = options;

    // a party named in many rows is mapped, and its point found, once
    detail::link_memo on_from(mfrom), on_to(mto);
    point_memo point_of(atlas);
    fill_matrix(atlas, f, options, on_from, on_to, point_of, result);
    draw_cell_lines(result.cells, point_of, options.max_segment_km);
    rank_cells(result.cells);
    if (options.partnership_lengths) summarise_by_level_pair(result);
    result.method = describe_method(result, mfrom, mto);
    return result;
}

} // namespace coopatlas::analysis
