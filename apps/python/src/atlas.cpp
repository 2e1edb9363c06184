// Atlas: loading, name resolution, entities and partnerships.

#include "bindings.hpp"

#include <coopatlas/analysis/vocabulary.hpp>
#include <coopatlas/error.hpp>
#include <coopatlas/io/atlas_manifest.hpp>

#include <pybind11/stl.h>

#include <cmath>
#include <limits>
#include <memory>
#include <optional>

namespace coopatlas::python {

namespace {

using atlas_class = py::class_<loaded_atlas, std::shared_ptr<loaded_atlas>>;

std::string join(const std::vector<std::string>& v, const char* sep) {
    std::string out;
    for (const auto& s : v)
        out += (out.empty() ? "" : sep) + s;
    return out;
}

model::name_query query(const std::string& level, const std::string& country, const std::string& vintage,
                        std::optional<int> year) {
    model::name_query q;
    q.level = level;
    q.country = country;
    q.vintage = vintage;
    q.year = year;
    return q;
}

std::string entity_repr(const model::entity& e) {
    std::string s = "Entity(id='" + e.id + "', name='" + e.display_name() + "', level='" + e.level + "', country='" +
                    e.country + "'";
    if (!e.vintage.empty()) s += ", vintage='" + e.vintage + "'";
    return s + ")";
}

py::dict counts(const std::map<std::string, std::size_t>& m) {
    py::dict d;
    for (const auto& [k, v] : m)
        d[py::str(k)] = v;
    return d;
}

// Copies, so that an entity handed to Python does not keep the atlas alive.
std::vector<model::entity> copies(const std::vector<const model::entity*>& entities) {
    std::vector<model::entity> out;
    for (const auto* e : entities)
        out.push_back(*e);
    return out;
}

// --- Entity

// The getter of an interned field: Python reads it as the str it stands for.
template <model::interned_string model::entity::*Field> const std::string& interned(const model::entity& e) {
    return (e.*Field).str();
}

void bind_entity(py::module_& m) {
    py::class_<model::entity>(m, "Entity",
                              "One collectivity, body or place of the atlas (a copy: it does not keep the atlas "
                              "alive). Geometry is lon/lat WGS 84, as WKB in `wkb`.")
        .def_readonly("id", &model::entity::id, "unique id, e.g. 'MA:region:2009:13'")
        .def_property_readonly("country", &interned<&model::entity::country>, "ISO 3166-1 alpha-2 code")
        .def_property_readonly("level", &interned<&model::entity::level>,
                               "'region', 'province', 'commune', 'place', ...")
        .def_property_readonly("vintage", &interned<&model::entity::vintage>,
                               "administrative map of the unit ('2009'); '' when timeless")
        .def_readonly("rank", &model::entity::rank, "depth in the hierarchy")
        .def_readonly("code", &model::entity::code, "official code in its vintage")
        .def_readonly("code_iso", &model::entity::code_iso, "ISO 3166-2 code, when one exists")
        .def_readonly("name", &model::entity::name, "official name in Latin script")
        .def_readonly("name_ar", &model::entity::name_ar, "name in Arabic script")
        .def_readonly("name_tfng", &model::entity::name_tfng, "name in Tifinagh")
        .def_readonly("name_en", &model::entity::name_en, "English exonym")
        .def_readonly("alt_names", &model::entity::alt_names, "other names")
        .def_readonly("names", &model::entity::names, "names in other languages, by language tag ('es': ...)")
        .def("name_in", &model::entity::name_in, py::arg("language"),
             "the name in a language ('fr', 'ar', 'tfng', 'en' or another tag); '' when the data has none")
        .def_readonly("parent_ids", &model::entity::parent_ids, "ids of the units containing it")
        .def_readonly("anchor_id", &model::entity::anchor_id, "entity whose geometry stands for this one")
        .def_readonly("disputed", &model::entity::disputed, "lies wholly or partly in a disputed territory")
        .def_readonly("population", &model::entity::population, "population, None when unknown")
        .def_property_readonly("source", &interned<&model::entity::source>, "data set it comes from")
        .def_property_readonly(
            "wkb",
            [](const model::entity& e) -> py::object {
                if (geometry::is_empty(e.geometry)) return py::none();
                return py::bytes(to_wkb(e.geometry));
            },
            "its own geometry as WKB (lon/lat WGS 84), None when it has none")
        .def("describe", &model::entity::describe, "'Fès (commune, MA)'")
        .def("__repr__", &entity_repr)
        .def("__str__", &model::entity::describe)
        .def("__eq__", [](const model::entity& a, const model::entity& b) { return a.id == b.id; })
        .def("__hash__", [](const model::entity& e) { return py::hash(py::str(e.id)); });
}

// --- Atlas: loading and what the manifest says

void bind_loading(atlas_class& c) {
    c.def_static(
         "load",
         [](const std::string& manifest) {
             return without_gil([&] {
                 auto a = std::make_shared<loaded_atlas>();
                 a->manifest = io::read_manifest(manifest.empty() ? io::default_manifest() : manifest);
                 a->atlas = io::load_atlas(a->manifest);
                 return a;
             });
         },
         py::arg("manifest") = "",
         "Loads the atlas described by a manifest file ('' = the embedded default atlas). Releases the GIL.")
        .def_property_readonly(
            "manifest", [](const loaded_atlas& a) { return a.manifest.path; },
            "path of the manifest it was loaded from")
        .def_property_readonly(
            "title", [](const loaded_atlas& a) { return a.manifest.title; }, "title of the atlas")
        .def_property_readonly(
            "credits", [](const loaded_atlas& a) { return a.manifest.credits; }, "data credits")
        .def_property_readonly(
            "inputs", [](const loaded_atlas& a) { return a.manifest.input_files(); },
            "every file the atlas is read from")
        .def("__len__", [](const loaded_atlas& a) { return a.atlas.size(); });
}

// --- Atlas: names to entities

void bind_name_lookups(atlas_class& c) {
    c.def(
         "resolve",
         [](const loaded_atlas& a, const std::string& name, const std::string& level, const std::string& country,
            const std::string& vintage,
            std::optional<int> year) { return a.atlas.resolve(name, query(level, country, vintage, year)); },
         py::arg("name"), py::arg("level") = "", py::arg("country") = "", py::arg("vintage") = "",
         py::arg("year") = py::none(),
         "The one entity a name designates; raises UnknownName (with suggestions) or AmbiguousName.")
        .def(
            "match",
            [](const loaded_atlas& a, const std::string& name, const std::string& level, const std::string& country,
               const std::string& vintage,
               std::optional<int> year) { return copies(a.atlas.match(name, query(level, country, vintage, year))); },
            py::arg("name"), py::arg("level") = "", py::arg("country") = "", py::arg("vintage") = "",
            py::arg("year") = py::none(), "Every entity a name matches, after the query's filters.")
        .def(
            "suggest",
            [](const loaded_atlas& a, const std::string& name, std::size_t max, const std::string& level,
               const std::string& country, const std::string& vintage, std::optional<int> year) {
                return copies(a.atlas.suggest(name, max, query(level, country, vintage, year)));
            },
            py::arg("name"), py::arg("max") = 3, py::arg("level") = "", py::arg("country") = "",
            py::arg("vintage") = "", py::arg("year") = py::none(),
            "Up to `max` entities whose names are nearest to a name.")
        .def(
            "entity", [](const loaded_atlas& a, const std::string& id) { return a.atlas.at(id); }, py::arg("id"),
            "The entity with this id; raises CoopatlasError when there is none.");
}

// --- Atlas: the hierarchy around an entity

void bind_hierarchy(atlas_class& c) {
    c.def(
         "parents",
         [](const loaded_atlas& a, const std::string& id) { return copies(a.atlas.parents(a.atlas.at(id))); },
         py::arg("id"), "Direct parents of an entity.")
        .def(
            "ancestors",
            [](const loaded_atlas& a, const std::string& id) { return copies(a.atlas.ancestors(a.atlas.at(id))); },
            py::arg("id"), "Every ancestor of an entity (transitively).")
        .def(
            "children",
            [](const loaded_atlas& a, const std::string& id) { return copies(a.atlas.children(a.atlas.at(id))); },
            py::arg("id"), "Entities that name this one as a parent.");
}

// --- Atlas: tables for the pure-Python part

py::dict vocabulary(const loaded_atlas& a) {
    const auto v = without_gil([&] { return analysis::vocabulary_of(a.atlas); });
    py::dict d;
    d["kinds"] = counts(v.kinds);
    d["themes"] = counts(v.themes);
    d["sources"] = counts(v.sources);
    d["countries"] = counts(v.countries);
    d["levels"] = counts(v.levels);
    return d;
}

std::vector<const model::entity*> entities_of(const loaded_atlas& a, const std::string& level,
                                              const std::string& country, const std::string& vintage) {
    std::vector<const model::entity*> rows;
    for (const auto& e : a.atlas.entities())
        if ((level.empty() || e.level == level) && (country.empty() || e.country == country) &&
            (vintage.empty() || e.vintage == vintage))
            rows.push_back(&e);
    return rows;
}

columns entity_columns(const std::vector<const model::entity*>& rows) {
    std::vector<std::string> id, ctry, lvl, vint, code, code_iso, name, name_ar, name_tfng, name_en, alt, parents,
        anchor, source;
    std::vector<long long> rank;
    std::vector<bool> disputed;
    std::vector<double> population;
    for (const auto* e : rows) {
        id.push_back(e->id);
        ctry.push_back(e->country);
        lvl.push_back(e->level);
        vint.push_back(e->vintage);
        rank.push_back(e->rank);
        code.push_back(e->code);
        code_iso.push_back(e->code_iso);
        name.push_back(e->name);
        name_ar.push_back(e->name_ar);
        name_tfng.push_back(e->name_tfng);
        name_en.push_back(e->name_en);
        alt.push_back(join(e->alt_names, ";"));
        parents.push_back(join(e->parent_ids, ";"));
        anchor.push_back(e->anchor_id);
        disputed.push_back(e->disputed);
        population.push_back(e->population ? *e->population : std::numeric_limits<double>::quiet_NaN());
        source.push_back(e->source);
    }
    columns c;
    c.text("id", id);
    c.text("country", ctry);
    c.text("level", lvl);
    c.text("vintage", vint);
    c.integer("rank", rank);
    c.text("code", code);
    c.text("code_iso", code_iso);
    c.text("name", name);
    c.text("name_ar", name_ar);
    c.text("name_tfng", name_tfng);
    c.text("name_en", name_en);
    c.text("alt_names", alt);
    c.text("parent_ids", parents);
    c.text("anchor_id", anchor);
    c.boolean("disputed", disputed);
    c.real("population", population);
    c.text("source", source);
    return c;
}

py::dict entities_table(const loaded_atlas& a, const std::string& level, const std::string& country,
                        const std::string& vintage, bool with_geometry) {
    const auto rows = entities_of(a, level, country, vintage);
    py::dict out;
    out["columns"] = entity_columns(rows).dict();
    if (with_geometry) {
        std::vector<const geometry::geometry*> g;
        for (const auto* e : rows)
            g.push_back(&e->geometry);
        out["geometry"] = wkb_list(g);
    }
    return out;
}

py::dict partnerships_table(const loaded_atlas& a) {
    std::vector<std::string> id, kind, a_text, a_id, b_text, b_id, themes, source, note, origin;
    std::vector<double> year, count;
    std::vector<long long> line;
    for (const auto& p : a.atlas.partnerships()) {
        id.push_back(p.id);
        kind.push_back(p.kind);
        a_text.push_back(p.a.text);
        a_id.push_back(p.a.entity_id);
        b_text.push_back(p.b.text);
        b_id.push_back(p.b.entity_id);
        year.push_back(p.year ? *p.year : std::numeric_limits<double>::quiet_NaN());
        themes.push_back(join(p.themes, ";"));
        count.push_back(p.count);
        source.push_back(p.source);
        note.push_back(p.note);
        origin.push_back(p.origin);
        line.push_back(p.line);
    }
    columns c;
    c.text("id", id);
    c.text("kind", kind);
    c.text("party_a", a_text);
    c.text("party_a_id", a_id);
    c.text("party_b", b_text);
    c.text("party_b_id", b_id);
    c.real("year", year);
    c.text("themes", themes);
    c.real("count", count);
    c.text("source", source);
    c.text("note", note);
    c.text("origin", origin);
    c.integer("line", line);
    return c.dict();
}

void bind_tables(atlas_class& c) {
    c.def("vocabulary", &vocabulary,
          "Every kind, theme, source and party country with its number of partnerships, and every level "
          "with its number of entities (coopatlas info --vocabulary).")
        .def("_entities", &entities_table, py::arg("level") = "", py::arg("country") = "", py::arg("vintage") = "",
             py::arg("geometry") = false, "Entities as columns (coopatlas.Atlas.entities builds the DataFrame).")
        .def("_partnerships", &partnerships_table,
             "Partnerships as columns (coopatlas.Atlas.partnerships builds the DataFrame).");
}

void bind_atlas_class(py::module_& m) {
    atlas_class c(m, "Atlas",
                  "Entities (units, places, bodies), aliases and partnerships loaded from an atlas manifest.\n\n"
                  "Immutable once loaded: any number of threads may query it and run analyses on it at once.");
    bind_loading(c);
    bind_name_lookups(c);
    bind_hierarchy(c);
    bind_tables(c);
}

} // namespace

void bind_atlas(py::module_& m) {
    // Entity first: the Atlas methods that return entities name its type in their signatures.
    bind_entity(m);
    bind_atlas_class(m);
}

} // namespace coopatlas::python
