#pragma once
// A hand-made two-country atlas of rectangles with known areas, for the tests of
// units, coverage, flows and network. Every expected value in those tests is
// worked out by hand from this layout:
//
//   "Morocco" x 0..5, y 0..2 (degrees)             "France" x 10..13, y 0..2
//   2009 regions: Alpha [0,2]  Beta [2,4]  Zeta [4,5]     2015 régions: 11 [10,11]  12 [11,12]  13 [12,13]
//   2015 regions: Gamma [0,1]  Delta [1,4] Eta [4,5]      2016 régions: 21 [10,12]  22 [12,13]
//   provinces: 1x1 squares [i,i+1]x[j,j+1], i 0..4, j 0..1   départements: 1x1 squares, i 0..2, j 0..1
//   places: p1 (0.5,0.5) 1000 inh., p2 (1.5,0.5) 3000,        départements' populations: D01 100,000 (10,0)
//           p3 (2.5,1.5) 500, p4 (4.5,0.5) 200                D02 200,000 (10,1), D03 300,000 (11,0),
//   commune c1 anchored to p1 (province 00)                    D04 400,000 (11,1), D05 500,000 (12,0),
//   organisation o1 at (3.5,0.5), no parents                   D06 600,000 (12,1)
//   organisation o2 anchored to p1, no parents                 communes F1 (10.5,0.5) in D01 and in EPCI E1,
//   national body nb, parent the country, anchored to p1       F2 (11.5,1.5) in D04, F3 (12.5,0.5) in D05;
//                                                              EPCI E1 over D01 and D03, seat F1
//
// Partnerships:
//   P1  decentralised_cooperation  c1 - F1
//   P2  decentralised_cooperation  c1 - F2
//   P3  decentralised_cooperation  c1 - F3
//   P4  convention                 Alpha (2009) - région 12 (2015)
//   P5  convention                 o1 - D06
//   P6  project_request            province 40 (in Zeta / Eta), count 5, one-sided
//   P7  project_request            Alpha (2009), count 2, one-sided
//   P8  programme                  nb - France (country)
//   P9  convention (2001)          c1 - F1 again
//   P10 convention                 F3 - o1 (party a on the French side)

#include "small_atlas.hpp"

#include <coopatlas/geometry/geodesic.hpp>
#include <coopatlas/geometry/geometry.hpp>
#include <coopatlas/model/atlas.hpp>

#include <cmath>
#include <string>
#include <vector>

namespace coopatlas::test {

inline geometry::multi_polygon rectangle(double x0, double y0, double x1, double y1) {
    geometry::multi_polygon mp{geometry::polygon{{{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}, {x0, y0}}, {}}};
    geometry::normalize(mp);
    return mp;
}

/// Area in km² of the lon/lat cell [0, dlon] x [lat0, lat1] on the WGS 84
/// ellipsoid bounded by parallels (closed form through Snyder's authalic q):
/// A = a² · Δλ/2 · (q(φ1) − q(φ0)) (Snyder 1987, "Map projections: a working
/// manual", eq. 3-12).
inline double zone_area_km2(double dlon_deg, double lat0_deg, double lat1_deg) {
    const double a = 6378137.0, f = 1 / 298.257223563, e2 = f * (2 - f), e = std::sqrt(e2);
    const double pi = 3.14159265358979323846;
    auto q = [&](double lat_deg) {
        const double s = std::sin(lat_deg * pi / 180);
        return (1 - e2) * (s / (1 - e2 * s * s) - std::log((1 - e * s) / (1 + e * s)) / (2 * e));
    };
    return a * a * (dlon_deg * pi / 180) / 2 * (q(lat1_deg) - q(lat0_deg)) / 1e6;
}

/// The lon/lat cell [x0, x0+1] x [y0, y0+1] with `per_edge` vertices on each edge, all
/// on the geodesic between its corners: the same geodesic area as the 4-corner cell
/// (cell_area_km2), with as many vertices as a test needs.
inline geometry::multi_polygon dense_cell(double x0, double y0, int per_edge) {
    const std::vector<geometry::point> corners{{x0, y0}, {x0 + 1, y0}, {x0 + 1, y0 + 1}, {x0, y0 + 1}};
    geometry::ring r;
    for (std::size_t c = 0; c < corners.size(); ++c) {
        const auto& from = corners[c];
        const auto& to = corners[(c + 1) % corners.size()];
        const auto g = geometry::geodesic_inverse(from, to);
        r.push_back(from);
        for (int k = 1; k < per_edge; ++k)
            r.push_back(geometry::geodesic_direct(from, g.azimuth_start, g.distance_m * k / per_edge));
    }
    r.push_back(corners.front());
    geometry::multi_polygon mp{geometry::polygon{std::move(r), {}}};
    geometry::normalize(mp);
    return mp;
}

/// Area in km² of the lon/lat rectangle [0, dlon] x [lat0, lat1] whose edges are
/// geodesics, as geodesic_area measures it: the zone between the parallels, plus
/// the sliver between the top parallel and the geodesic above it, minus the one
/// along the bottom edge. A geodesic between two points of latitude φ rises
/// poleward by δ ≈ sin φ cos φ Δλ²/8 at its middle; the sliver is close to a
/// parabolic segment, (2/3)·(R cos φ Δλ)·(R δ), R the mean radius. The sliver
/// is about 1e-4 of a 2-degree cell at 2° of latitude, the residual error of the
/// approximation below 1e-6.
inline double cell_area_km2(double dlon_deg, double lat0_deg, double lat1_deg) {
    const double pi = 3.14159265358979323846, r = 6371.0088;
    const double dl = dlon_deg * pi / 180;
    auto sliver = [&](double lat_deg) {
        const double phi = lat_deg * pi / 180;
        const double delta = std::sin(phi) * std::cos(phi) * dl * dl / 8;
        return 2.0 / 3.0 * (r * std::cos(phi) * dl) * (r * delta);
    };
    return zone_area_km2(dlon_deg, lat0_deg, lat1_deg) + sliver(lat1_deg) - sliver(lat0_deg);
}

/// Length in km of the arc of parallel at latitude `lat_deg` spanning `dlon_deg`
/// (N(φ)·cos φ·Δλ); near the equator the geodesic between the two ends is shorter
/// by a relative amount below 1e-7 for spans of about ten degrees.
inline double parallel_arc_km(double lat_deg, double dlon_deg) {
    const double a = 6378137.0, f = 1 / 298.257223563, e2 = f * (2 - f);
    const double pi = 3.14159265358979323846;
    const double phi = lat_deg * pi / 180;
    const double n = a / std::sqrt(1 - e2 * std::sin(phi) * std::sin(phi));
    return n * std::cos(phi) * dlon_deg * pi / 180 / 1e3;
}

inline model::partnership pact(std::string id, std::string kind, std::string a, std::string b, double count = 1) {
    model::partnership p;
    p.id = std::move(id);
    p.kind = std::move(kind);
    p.a = {a, a};
    p.b = {b, b};
    p.count = count;
    return p;
}

inline model::atlas partition_atlas() {
    model::atlas at;
    auto add_region = [&](const std::string& country, const std::string& vintage, const std::string& code,
                          const std::string& name, double x0, double x1) {
        auto r = make(country + ":region:" + vintage + ":" + code, "region", name, country);
        r.vintage = vintage;
        r.code = code;
        r.geometry = rectangle(x0, 0, x1, 2);
        at.add(std::move(r));
    };
    auto ma = make("MA:country:MA", "country", "Maroc");
    ma.geometry = rectangle(0, 0, 5, 2);
    at.add(std::move(ma));
    auto fr = make("FR:country:FR", "country", "France", "FR");
    fr.geometry = rectangle(10, 0, 13, 2);
    at.add(std::move(fr));

    add_region("MA", "2009", "01", "Alpha", 0, 2);
    add_region("MA", "2009", "02", "Beta", 2, 4);
    add_region("MA", "2009", "03", "Zeta", 4, 5);
    add_region("MA", "2015", "01", "Gamma", 0, 1);
    add_region("MA", "2015", "02", "Delta", 1, 4);
    add_region("MA", "2015", "03", "Eta", 4, 5);
    add_region("FR", "2015", "11", "Nord", 10, 11);
    add_region("FR", "2015", "12", "Picardie", 11, 12);
    add_region("FR", "2015", "13", "Sud", 12, 13);
    add_region("FR", "2016", "21", "Hauts", 10, 12);
    add_region("FR", "2016", "22", "Midi", 12, 13);

    for (int i = 0; i < 5; ++i)
        for (int j = 0; j < 2; ++j) {
            const std::string code = std::to_string(i) + std::to_string(j);
            auto p = make("MA:province:" + code, "province", "Province " + code);
            p.code = code;
            p.geometry = square(i, j, 1);
            p.parent_ids = {i < 2 ? "MA:region:2009:01" : i < 4 ? "MA:region:2009:02" : "MA:region:2009:03",
                            i == 0 ? "MA:region:2015:01" : i < 4 ? "MA:region:2015:02" : "MA:region:2015:03"};
            at.add(std::move(p));
        }
    for (int j = 0; j < 2; ++j)
        for (int i = 0; i < 3; ++i) {
            // D01 (10,0) D02 (10,1) D03 (11,0) D04 (11,1) D05 (12,0) D06 (12,1)
            const int number = 2 * i + j + 1;
            const std::string code = "0" + std::to_string(number);
            auto d = make("FR:departement:" + code, "departement", "D" + code, "FR");
            d.code = code;
            d.geometry = square(10 + i, j, 1);
            d.population = 100000.0 * number;
            d.parent_ids = {"FR:region:2015:1" + std::to_string(i + 1), i < 2 ? "FR:region:2016:21" : "FR:region:2016:22"};
            at.add(std::move(d));
        }
    auto place = [&](const std::string& id, const std::string& name, double x, double y, double population) {
        auto p = make(id, "place", name);
        p.geometry = geometry::point{x, y};
        p.population = population;
        at.add(std::move(p));
    };
    place("MA:place:1", "p1", 0.5, 0.5, 1000);
    place("MA:place:2", "p2", 1.5, 0.5, 3000);
    place("MA:place:3", "p3", 2.5, 1.5, 500);
    place("MA:place:4", "p4", 4.5, 0.5, 200);

    auto c1 = make("MA:commune:c1", "commune", "Cun");
    c1.anchor_id = "MA:place:1";
    c1.parent_ids = {"MA:province:00", "MA:region:2009:01", "MA:region:2015:01"};
    at.add(std::move(c1));
    auto o1 = make("MA:organisation:o1", "organisation", "Organisation Un");
    o1.rank = -1;
    o1.geometry = geometry::point{3.5, 0.5};
    at.add(std::move(o1));
    auto o2 = make("MA:organisation:o2", "organisation", "Organisation Deux");
    o2.rank = -1;
    o2.anchor_id = "MA:place:1";
    at.add(std::move(o2));
    auto nb = make("MA:national_body:nb", "national_body", "Ministère");
    nb.rank = -1;
    nb.anchor_id = "MA:place:1";
    nb.parent_ids = {"MA:country:MA"};
    at.add(std::move(nb));
    auto commune = [&](const std::string& id, const std::string& name, double x, double y,
                       std::vector<std::string> parents) {
        auto c = make(id, "commune", name, "FR");
        c.geometry = geometry::point{x, y};
        c.parent_ids = std::move(parents);
        at.add(std::move(c));
    };
    // an EPCI over two départements (D01 and D03), with F1 as its seat and member
    auto epci = make("FR:epci:E1", "epci", "Communauté Eun", "FR");
    epci.parent_ids = {"FR:departement:01", "FR:departement:03"};
    epci.anchor_id = "FR:commune:F1";
    at.add(std::move(epci));
    commune("FR:commune:F1", "Effun", 10.5, 0.5, {"FR:departement:01", "FR:epci:E1"});
    commune("FR:commune:F2", "Effdeux", 11.5, 1.5, {"FR:departement:04"});
    commune("FR:commune:F3", "Efftrois", 12.5, 0.5, {"FR:departement:05"});

    at.place_by_geometry();

    at.add(pact("P1", "decentralised_cooperation", "MA:commune:c1", "FR:commune:F1"));
    at.add(pact("P2", "decentralised_cooperation", "MA:commune:c1", "FR:commune:F2"));
    at.add(pact("P3", "decentralised_cooperation", "MA:commune:c1", "FR:commune:F3"));
    at.add(pact("P4", "convention", "MA:region:2009:01", "FR:region:2015:12"));
    at.add(pact("P5", "convention", "MA:organisation:o1", "FR:departement:06"));
    auto p6 = pact("P6", "project_request", "MA:province:40", "", 5);
    p6.b = {};
    at.add(std::move(p6));
    auto p7 = pact("P7", "project_request", "MA:region:2009:01", "", 2);
    p7.b = {};
    at.add(std::move(p7));
    at.add(pact("P8", "programme", "MA:national_body:nb", "FR:country:FR"));
    auto p9 = pact("P9", "convention", "MA:commune:c1", "FR:commune:F1");
    p9.year = 2001;
    at.add(std::move(p9));
    at.add(pact("P10", "convention", "FR:commune:F3", "MA:organisation:o1"));
    return at;
}

} // namespace coopatlas::test
