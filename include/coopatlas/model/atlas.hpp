#pragma once
/// \file
/// \brief The atlas: entities, aliases and partnerships with their indexes.
///
/// Thread safety: const member functions may be called concurrently once the
/// atlas is built; adding entities is single-threaded.
/// Exception safety: adding is strong (a rejected entity leaves the atlas as it was).

#include <coopatlas/config.hpp>
#include <coopatlas/model/entity.hpp>
#include <coopatlas/model/name_query.hpp>
#include <coopatlas/model/partnership.hpp>

#include <cstddef>
#include <functional>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace coopatlas::model {

/// \brief Collection of entities and partnerships with indexes by id, code,
/// folded name and space.
class COOPATLAS_API atlas {
public:
    atlas();
    ~atlas();
    atlas(atlas&&) noexcept;
    atlas& operator=(atlas&&) noexcept;
    atlas(const atlas&) = delete;
    atlas& operator=(const atlas&) = delete;

    /// Adds an entity; throws coopatlas::error when its id is already taken.
    const entity& add(entity&& e);
    const entity& add(const entity& e) { return add(entity(e)); }
    /// Adds entities in order, as add() one by one would, with the same checks; into an empty
    /// atlas the vector is taken whole, without moving its entities. Exception safety: basic
    /// (an empty or duplicate id throws, and the entities before it stay added).
    void add(std::vector<entity>&& entities);
    /// Declares another name for an entity (an exonym, a common spelling).
    void add_alias(const std::string& alias, const std::string& entity_id);
    /// Curated aliases in the order they were declared: (alias as written, entity id).
    [[nodiscard]] std::vector<std::pair<std::string, std::string>> aliases() const;
    /// Makes room for this many entities in all, so that adding them moves none.
    void reserve(std::size_t entities);
    /// Adds parent links to an entity (those it does not have yet); the ids are not checked.
    void add_parents(const std::string& entity_id, const std::vector<std::string>& parent_ids);
    /// Adds a partnership; its parties must be known ids (or empty).
    void add(partnership p);
    /// Adds partnerships in order, with the checks of one by one (room for all is made
    /// first). Exception safety: basic (those before a wrong one stay).
    void add(std::vector<partnership>&& batch);

    [[nodiscard]] const std::vector<entity>& entities() const noexcept;
    [[nodiscard]] const std::vector<partnership>& partnerships() const noexcept;
    [[nodiscard]] std::size_t size() const noexcept { return entities().size(); }

    [[nodiscard]] const entity* find(std::string_view id) const noexcept;
    /// \brief The entities of a partnership's two parties (null for an empty side), each
    /// found by id once per atlas: analyses go through every partnership several times.
    /// `p` is one of partnerships(); another partnership's parties are found by id.
    [[nodiscard]] std::pair<const entity*, const entity*> parties(const partnership& p) const;
    /// Throws coopatlas::error naming the id when absent.
    [[nodiscard]] const entity& at(std::string_view id) const;
    /// The first entity with this code at this level and vintage (the index is built on first use).
    [[nodiscard]] const entity* find_by_code(std::string_view country, std::string_view level,
                                             std::string_view vintage, std::string_view code) const;
    [[nodiscard]] const partnership* find_partnership(std::string_view id) const noexcept;

    /// How a name designating a municipality and the larger unit named after it is
    /// read when a query does not say (default: the municipality).
    void set_prefer(prefer_unit p) noexcept;
    [[nodiscard]] prefer_unit prefer() const noexcept;

    /// Levels and countries present among the entities (for reading hints).
    [[nodiscard]] const std::set<std::string>& levels() const noexcept;
    [[nodiscard]] const std::set<std::string>& countries() const noexcept;
    /// A word that, leading a name ("Wilaya de Tlemcen"), stands for `level` in `country`
    /// ("*" = every country): the name is looked up without it, among units of that level.
    /// Words are folded; the built-in ones (text::unit_word_level) apply where no word of
    /// the atlas does.
    void add_unit_word(std::string_view word, const std::string& country, const std::string& level);
    /// The levels a unit word stands for in a country (its own entries, then "*"), else
    /// the built-in level when the atlas has that level; empty when the word is no unit word.
    [[nodiscard]] std::vector<std::string> unit_word_levels(std::string_view word, std::string_view country = {}) const;

    /// Languages the entities have names in: "fr" (the official name) always, "ar",
    /// "tfng" and "en" when some entity has that script, and every tag of `names`.
    [[nodiscard]] const std::set<std::string>& languages() const noexcept;

    /// Entities whose names, aliases or other-script names fold to the same key,
    /// after the query's filters and these rules, in order:
    /// - a curated alias wins over names; an alias of one unit also names its other vintages;
    /// - a place yields to the commune it anchors, and to a commune of its country
    ///   matching the same name (a city and its commune are one party);
    /// - a quarter (GeoNames PPLX) yields to any commune or city;
    /// - versions of one unit (same country and level, other vintages, same code or
    ///   name) count once: the vintage asked for, else the one in force in the year;
    ///   without a year they all stay (`undated_versions`);
    /// - unless the rule is `none`: of homonymous communes, the only one a matching
    ///   city place stands for is taken;
    /// - a municipality and the province/département named after it: the query's
    ///   rule (or the atlas's) chooses.
    /// Every choice made by the last two rules and by the year is written in `notes`.
    [[nodiscard]] name_match lookup(std::string_view name, const name_query& q = {}) const;
    /// lookup(name, q).candidates.
    [[nodiscard]] std::vector<const entity*> match(std::string_view name, const name_query& q = {}) const;
    /// The single entity a name designates; throws unknown_name_error (with
    /// suggestions) or ambiguous_name_error (each candidate with level, country,
    /// vintage and id).
    [[nodiscard]] const entity& resolve(std::string_view name, const name_query& q = {}) const;
    /// Up to `max` entities whose names or aliases are nearest to a name matching
    /// nothing: by edit distance (a name that starts with the typed words counts as
    /// one edit), larger units first at equal distance. Bounded work: names longer
    /// than 200 bytes only get a prefix check.
    [[nodiscard]] std::vector<const entity*> suggest(std::string_view name, std::size_t max = 3,
                                                     const name_query& q = {}) const;

    /// Direct parents and all ancestors (transitively) of an entity.
    [[nodiscard]] std::vector<const entity*> parents(const entity& e) const;
    [[nodiscard]] std::vector<const entity*> ancestors(const entity& e) const;
    /// Entities that name `e` as a parent, by id.
    [[nodiscard]] std::vector<const entity*> children(const entity& e) const;
    /// The same entities in no set order, without sorting them: for a walk whose result does
    /// not depend on the order (a region's thousands of communes).
    [[nodiscard]] std::vector<const entity*> children_in_any_order(const entity& e) const;
    /// The geometry that stands for an entity: its own, else its anchor's, else none.
    [[nodiscard]] const geometry::geometry& location(const entity& e) const noexcept;

    /// Areal entities of a level (and vintage, when not empty) strictly containing a point.
    [[nodiscard]] std::vector<const entity*> containing(const geometry::point& p, std::string_view level,
                                                        std::string_view vintage = {}) const;
    /// (level, vintage) pairs that have polygon entities, with their counts.
    [[nodiscard]] std::map<std::pair<std::string, std::string>, std::size_t> areal_layers() const;

    /// Places every entity without a parent in a polygon layer of lower rank
    /// into that layer: point-in-polygon for points, largest overlap for
    /// polygons. Only the entities from index `from` on are placed. Returns the
    /// number of parent links added.
    std::size_t place_by_geometry(std::size_t from = 0);
    /// As above, but an entity whose index has `placed[i]` true keeps the parents it has
    /// (its hierarchy was stored with the data, see io::atlas_manifest::hierarchy_tables).
    std::size_t place_by_geometry(std::size_t from, const std::vector<bool>& placed);

    /// \name Layers read on demand
    /// An atlas may hold layers that are read only when a name needs them (a manifest's
    /// `lazy: true` layers): `defer` registers what reads them, `load_deferred` runs it.
    /// Once read, their entities are a second tier for names: lookup() takes a name's
    /// candidates among the entities read before them, and looks among them only when
    /// there are none there. A name therefore designates the same entity whether or not
    /// they were read; reading them only lets more names be settled.
    /// Not thread-safe: load before sharing the atlas between threads. Pointers and
    /// references to entities taken before `load_deferred` are invalidated by it.
    /// @{
    /// Registers a reader of deferred layers; it adds their entities to the atlas.
    void defer(std::function<void(atlas&)> reader);
    /// Whether some deferred layers have not been read yet.
    [[nodiscard]] bool has_deferred() const noexcept;
    /// Reads every deferred layer not read yet; returns the number of entities added.
    /// Exception safety: basic (a reader that throws leaves what it added).
    std::size_t load_deferred();
    /// Number of entities read before the deferred layers (all of them until they are read).
    [[nodiscard]] std::size_t eager_size() const noexcept;
    /// Adds `batch` as add(batch) would, its entities from index `eager` on as the deferred
    /// layers already read (a second tier for names): what a snapshot of an atlas whose
    /// deferred layers were read gives back, without a reader to run.
    void add_read(std::vector<entity>&& batch, std::size_t eager);
    /// @}

private:
    struct impl;
    std::unique_ptr<impl> impl_;
};

} // namespace coopatlas::model
