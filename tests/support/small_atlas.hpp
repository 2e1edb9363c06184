#pragma once
// A hand-made atlas of a few units with square boundaries, for tests that must
// not depend on the embedded data.

#include <coopatlas/model/atlas.hpp>

namespace coopatlas::test {

inline geometry::multi_polygon square(double x, double y, double size) {
    geometry::multi_polygon mp{geometry::polygon{{{x, y}, {x + size, y}, {x + size, y + size}, {x, y + size}, {x, y}}, {}}};
    geometry::normalize(mp);
    return mp;
}

inline model::entity make(std::string id, std::string level, std::string name, std::string country = "MA") {
    model::entity e;
    e.id = std::move(id);
    e.level = std::move(level);
    e.name = std::move(name);
    e.country = std::move(country);
    e.rank = model::default_rank(e.level);
    return e;
}

/// Two old regions (2009) that became one new region (2015) over two provinces,
/// a commune and a province both named Figuig, a place anchoring the commune Fès.
inline model::atlas small_atlas() {
    model::atlas a;
    auto r1 = make("MA:region:2009:05", "region", "Fès-Boulemane");
    r1.vintage = "2009";
    r1.code = "05";
    r1.geometry = square(0, 0, 2);
    auto r2 = make("MA:region:2009:06", "region", "Meknès-Tafilalet");
    r2.vintage = "2009";
    r2.code = "06";
    r2.geometry = square(2, 0, 2);
    auto r3 = make("MA:region:2015:03", "region", "Fès-Meknès");
    r3.vintage = "2015";
    r3.code = "03";
    r3.geometry = square(0, 0, 4);
    auto oriental_old = make("MA:region:2009:04", "region", "Oriental");
    oriental_old.vintage = "2009";
    oriental_old.code = "04";
    oriental_old.geometry = square(4, 0, 2);
    auto oriental_new = make("MA:region:2015:02", "region", "Oriental");
    oriental_new.vintage = "2015";
    oriental_new.code = "04";  // same code on purpose: one unit in two vintages
    oriental_new.geometry = square(4, 0, 2);
    auto p1 = make("MA:province:FES", "province", "Fès");
    p1.code = "FES";
    p1.geometry = square(0, 0, 1);
    p1.parent_ids = {"MA:region:2009:05", "MA:region:2015:03"};
    auto p2 = make("MA:province:FIG", "province", "Figuig");
    p2.code = "FIG";
    p2.geometry = square(4, 0, 1);
    auto place = make("MA:place:1", "place", "Fès");
    place.geometry = geometry::point{0.5, 0.5};
    auto commune = make("MA:commune:fes", "commune", "Fès");
    commune.anchor_id = "MA:place:1";
    commune.alt_names = {"Fes"};
    auto figuig = make("MA:commune:figuig", "commune", "Figuig");
    figuig.geometry = geometry::point{4.5, 0.5};
    auto nantes = make("FR:epci:244400404", "epci", "Nantes Métropole", "FR");
    for (auto* e : {&r1, &r2, &r3, &oriental_old, &oriental_new, &p1, &p2, &place, &commune, &figuig, &nantes})
        a.add(std::move(*e));
    a.add_alias("Fez", "MA:commune:fes");
    return a;
}

} // namespace coopatlas::test
