// Loading the atlas a manifest describes: its layers (those read on demand deferred), the
// checks of parent and anchor links, the stored hierarchy, placement by geometry, aliases
// and partnerships, or all of it read back from the atlas snapshot.

#include <coopatlas/error.hpp>
#include <coopatlas/io/atlas_manifest.hpp>
#include <coopatlas/io/partnership_table.hpp>
#include <coopatlas/text/fold.hpp>

#include "io/atlas_snapshot.hpp"

#include <algorithm>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace coopatlas::io {

void load_aliases(const table_source& source, model::atlas& atlas) {
    const csv_table t = read_table(source);
    const auto alias = t.column("alias"), id = t.column("entity_id");
    if (!alias || !id) throw input_error(diagnostic{t.path, 1, 0, {}, "alias table needs columns alias,entity_id", {}});
    std::vector<diagnostic> problems;
    for (const auto& r : t.records) {
        if (*alias >= r.fields.size() || *id >= r.fields.size()) continue;
        const std::string entity_id(text::trim(r.fields[*id].value));
        if (!atlas.find(entity_id) && atlas.has_deferred()) atlas.load_deferred(); // an alias of a deferred entity
        if (!atlas.find(entity_id)) {
            problems.push_back(diagnostic{t.path,
                                          r.line,
                                          r.fields[*id].column,
                                          "entity_id",
                                          "unknown entity id '" + entity_id + "'",
                                          {},
                                          t.spreadsheet});
            continue;
        }
        atlas.add_alias(std::string(text::trim(r.fields[*alias].value)), entity_id);
    }
    if (!problems.empty()) throw input_error(std::move(problems));
}

void load_aliases(const std::string& path, model::atlas& atlas) {
    load_aliases(parse_table_name(path), atlas);
}

namespace {

// Every cycle of parent_ids (an entity its own ancestor), once each, with the ids in
// order: A -> B -> A. Found by a depth-first walk over the parent links; a cycle would
// make the hierarchy endless for everything that climbs it (roll-down, placement).
std::vector<diagnostic> parent_cycles(const model::atlas& atlas) {
    const auto& entities = atlas.entities();
    enum class mark : unsigned char { new_, open, done };
    std::vector<mark> state(entities.size(), mark::new_);
    std::vector<diagnostic> problems;
    struct frame {
        std::size_t entity;
        std::size_t next_parent = 0;
    };
    for (std::size_t start = 0; start < entities.size(); ++start) {
        if (state[start] != mark::new_) continue;
        std::vector<frame> path{{start}};
        state[start] = mark::open;
        while (!path.empty()) {
            frame& top = path.back();
            const model::entity& e = entities[top.entity];
            if (top.next_parent >= e.parent_ids.size()) {
                state[top.entity] = mark::done;
                path.pop_back();
                continue;
            }
            const model::entity* parent = atlas.find(e.parent_ids[top.next_parent++]);
            if (!parent) continue; // reported as an unknown parent
            const auto p = static_cast<std::size_t>(parent - entities.data());
            if (state[p] == mark::new_) {
                state[p] = mark::open;
                path.push_back({p});
            } else if (state[p] == mark::open) {
                // the path from p to the top, and back to p
                auto from = std::find_if(path.begin(), path.end(), [p](const frame& f) { return f.entity == p; });
                std::string ids, others;
                for (auto it = from; it != path.end(); ++it) {
                    const model::entity& m = entities[it->entity];
                    ids += "'" + m.id + "' \xE2\x86\x92 ";
                    if (m.origin != entities[p].origin && others.find(m.origin) == std::string::npos)
                        others += (others.empty() ? "" : ", ") + ("'" + m.id + "' is read from " + m.origin);
                }
                ids += "'" + entities[p].id + "'";
                const bool self = from + 1 == path.end();
                problems.push_back(
                    diagnostic{entities[p].origin, 0, 0, "parent_ids",
                               self ? "entity '" + entities[p].id + "' names itself as its parent in parent_ids"
                                    : "parent_ids form a cycle: " + ids + (others.empty() ? "" : " (" + others + ")"),
                               self ? "remove '" + entities[p].id + "' from its own parent_ids"
                                    : "a unit cannot contain one of its own parents: remove the wrong link from the "
                                      "parent_ids of one of these entities"});
            }
        }
    }
    return problems;
}

// Parent and anchor ids of the entities from index `from` on must name loaded entities: a typo
// here would silently cut the hierarchy.
void check_links(const model::atlas& atlas, std::size_t from) {
    std::vector<diagnostic> problems;
    const auto& entities = atlas.entities();
    for (std::size_t i = from; i < entities.size(); ++i) {
        const model::entity& e = entities[i];
        for (const auto& p : e.parent_ids)
            if (!atlas.find(p))
                problems.push_back(diagnostic{
                    e.origin, 0, 0, "parent_ids", "entity '" + e.id + "' names unknown parent '" + p + "'", {}});
        if (!e.anchor_id.empty() && !atlas.find(e.anchor_id))
            problems.push_back(diagnostic{
                e.origin, 0, 0, "anchor_id", "entity '" + e.id + "' names unknown anchor '" + e.anchor_id + "'", {}});
    }
    if (!problems.empty()) throw input_error(std::move(problems));
    if (auto cycles = parent_cycles(atlas); !cycles.empty()) throw input_error(std::move(cycles));
}

using detail::stored_parents;

std::vector<stored_parents> read_hierarchy(const std::vector<table_source>& tables) {
    std::vector<stored_parents> rows;
    for (const auto& source : tables) {
        const csv_table t = read_table(source);
        const auto id = t.column("id"), parents = t.column("parent_ids");
        if (!id || !parents)
            throw input_error(diagnostic{t.path,
                                         1,
                                         0,
                                         {},
                                         "hierarchy table needs columns id,parent_ids",
                                         "write it with: coopatlas info --hierarchy FILE"});
        for (const auto& r : t.records) {
            if (*id >= r.fields.size()) continue;
            stored_parents row{
                std::string(text::trim(r.fields[*id].value)), t.path, r.line, r.fields[*id].column, t.spreadsheet, {}};
            if (*parents < r.fields.size()) row.parent_ids = text::split(r.fields[*parents].value, '|');
            rows.push_back(std::move(row));
        }
    }
    return rows;
}

// Gives the listed entities their stored parents and marks them placed; keeps the rows of
// entities not loaded yet. `final`: no layer is left to read, so such a row is an error.
void apply_hierarchy(model::atlas& atlas, std::vector<stored_parents>& rows, std::vector<bool>& placed, bool final) {
    std::vector<diagnostic> problems;
    std::vector<stored_parents> waiting;
    const model::entity* first = atlas.entities().data();
    placed.resize(atlas.size(), false);
    for (auto& row : rows) {
        const model::entity* e = atlas.find(row.id);
        if (!e) {
            if (final)
                problems.push_back(diagnostic{
                    row.path, row.line, row.column, "id", "unknown entity id '" + row.id + "'",
                    "the hierarchy is out of date: write it again with coopatlas info --hierarchy", row.spreadsheet});
            else
                waiting.push_back(std::move(row));
            continue;
        }
        for (const auto& p : row.parent_ids)
            if (!atlas.find(p))
                problems.push_back(diagnostic{
                    row.path, row.line, row.column, "parent_ids",
                    "entity '" + row.id + "' names unknown parent '" + p + "'",
                    "the hierarchy is out of date: write it again with coopatlas info --hierarchy", row.spreadsheet});
        atlas.add_parents(row.id, row.parent_ids);
        placed[static_cast<std::size_t>(e - first)] = true;
    }
    if (!problems.empty()) throw input_error(std::move(problems));
    rows = std::move(waiting);
}

void place(model::atlas& atlas, const load_options& options, std::size_t from = 0,
           const std::vector<bool>& placed = {}) {
    if (options.place_by_geometry && atlas.place_by_geometry(from, placed) > 0) {
        // a unit placed in a polygon that names it (or its descendant) as a parent
        if (auto cycles = parent_cycles(atlas); !cycles.empty()) throw input_error(std::move(cycles));
    }
}

} // namespace

namespace {

// What reads the layers read on demand: their entities may link to the eager ones, not the
// reverse. The entities they add are kept in the snapshot of the load, when there is one.
std::function<void(model::atlas&)> deferred_reader(std::vector<layer_spec> lazy, const load_options& options,
                                                   detail::waiting_rows stored,
                                                   std::optional<detail::atlas_snapshot> snapshot) {
    return [lazy = std::move(lazy), options, stored = std::move(stored),
            snapshot = std::move(snapshot)](model::atlas& a) mutable {
        const std::size_t from = a.size();
        if (snapshot && snapshot->restore_deferred(a)) return;
        std::vector<std::vector<model::entity>> layers;
        std::size_t total = from;
        for (const auto& spec : lazy) {
            layers.push_back(read_entity_layer(spec));
            total += layers.back().size();
        }
        a.reserve(total);
        for (auto& layer : layers) {
            for (auto& e : layer)
                a.add(std::move(e));
            layer = {};
        }
        check_links(a, from);
        std::vector<bool> lazy_placed;
        std::vector<stored_parents> rows = stored.take();
        apply_hierarchy(a, rows, lazy_placed, true);
        place(a, options, from, lazy_placed); // the eager entities keep the parents they had
        if (snapshot) snapshot->keep_deferred(a, from);
    };
}

std::vector<layer_spec> lazy_layers(const atlas_manifest& manifest) {
    std::vector<layer_spec> lazy;
    for (const auto& spec : manifest.layers)
        if (spec.lazy) lazy.push_back(spec);
    return lazy;
}

model::atlas empty_atlas(const atlas_manifest& manifest) {
    model::atlas atlas;
    atlas.set_prefer(manifest.prefer);
    for (const auto& w : manifest.unit_words)
        atlas.add_unit_word(w.word, w.country, w.level);
    return atlas;
}

} // namespace

model::atlas load_atlas(const atlas_manifest& manifest, const load_options& options) {
    const auto snapshot = detail::atlas_snapshot::of(manifest, options);
    if (snapshot) {
        model::atlas kept = empty_atlas(manifest);
        detail::waiting_rows waiting;
        if (snapshot->restore(kept, waiting)) {
            // layers on demand that the load did not need are still to be read
            if (std::vector<layer_spec> lazy = lazy_layers(manifest); !lazy.empty() && kept.eager_size() == kept.size())
                kept.defer(deferred_reader(std::move(lazy), options, std::move(waiting), snapshot));
            return kept;
        }
    }
    model::atlas atlas = empty_atlas(manifest);
    std::vector<layer_spec> lazy = lazy_layers(manifest);
    std::vector<std::vector<model::entity>> read;
    std::size_t count = 0;
    for (const auto& spec : manifest.layers) {
        if (spec.lazy) continue;
        read.push_back(read_entity_layer(spec));
        count += read.back().size();
    }
    atlas.reserve(count); // tens of thousands of entities: each is moved once
    for (auto& layer : read) {
        for (auto& e : layer)
            atlas.add(std::move(e));
        layer = {};
    }
    check_links(atlas, 0);
    for (const auto& t : manifest.alias_tables)
        load_aliases(t, atlas);
    std::vector<stored_parents> stored;
    std::vector<bool> placed;
    if (options.place_by_geometry && options.stored_hierarchy) {
        stored = read_hierarchy(manifest.hierarchy_tables);
        apply_hierarchy(atlas, stored, placed, lazy.empty());
    }
    place(atlas, options, 0, placed);
    const std::vector<stored_parents> waiting = snapshot ? stored : std::vector<stored_parents>{};
    if (!lazy.empty())
        atlas.defer(deferred_reader(std::move(lazy), options, detail::waiting_rows(std::move(stored)), snapshot));
    if (options.load_partnerships) {
        for (const auto& t : manifest.partnership_tables)
            atlas.add(load_partnerships(t, atlas));
    }
    if (snapshot) snapshot->keep(atlas, waiting);
    return atlas;
}

model::atlas load_atlas(const std::string& manifest_path, const load_options& options) {
    return load_atlas(read_manifest(manifest_path), options);
}

} // namespace coopatlas::io
