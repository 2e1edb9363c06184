#pragma once
/// \file
/// \brief The atlas: entities, aliases and partnerships with their indexes.
///
/// Thread safety: const member functions may be called concurrently once the
/// atlas is built; adding entities is single-threaded.
/// Exception safety: adding is strong (a rejected entity leaves the atlas as it was).

#include <coopatlas/config.hpp>
#include <coopatlas/model/entity.hpp>
#include <coopatlas/model/partnership.hpp>

#include <cstddef>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace coopatlas::model {

/// \brief What is known about the entity a name should resolve to.
struct name_query {
    std::string level{};          ///< keep only this level (a level word in the name also counts)
    std::string country{};        ///< keep only this country
    std::string vintage{};        ///< prefer this vintage when one unit exists in several
    std::optional<int> year{};    ///< or the vintage in force that year
};

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
    const entity& add(entity e);
    /// Declares another name for an entity (an exonym, a common spelling).
    void add_alias(const std::string& alias, const std::string& entity_id);
    /// Adds a partnership; its parties must be known ids (or empty).
    void add(partnership p);

    [[nodiscard]] const std::vector<entity>& entities() const noexcept;
    [[nodiscard]] const std::vector<partnership>& partnerships() const noexcept;
    [[nodiscard]] std::size_t size() const noexcept { return entities().size(); }

    [[nodiscard]] const entity* find(std::string_view id) const noexcept;
    /// Throws coopatlas::error naming the id when absent.
    [[nodiscard]] const entity& at(std::string_view id) const;
    [[nodiscard]] const entity* find_by_code(std::string_view country, std::string_view level,
                                             std::string_view vintage, std::string_view code) const noexcept;
    [[nodiscard]] const partnership* find_partnership(std::string_view id) const noexcept;

    /// Entities whose names, aliases or other-script names fold to the same key,
    /// after the query's filters and the preference rules (a place that stands for a
    /// commune yields to it; one unit in several vintages counts once).
    [[nodiscard]] std::vector<const entity*> match(std::string_view name, const name_query& q = {}) const;
    /// The single entity a name designates; throws unknown_name_error (with
    /// suggestions) or ambiguous_name_error (with the candidates).
    [[nodiscard]] const entity& resolve(std::string_view name, const name_query& q = {}) const;
    /// Up to `max` entities whose names are nearest to a name matching nothing.
    [[nodiscard]] std::vector<const entity*> suggest(std::string_view name, std::size_t max = 3,
                                                     const name_query& q = {}) const;

    /// Direct parents and all ancestors (transitively) of an entity.
    [[nodiscard]] std::vector<const entity*> parents(const entity& e) const;
    [[nodiscard]] std::vector<const entity*> ancestors(const entity& e) const;
    /// Entities that name `e` as a parent.
    [[nodiscard]] std::vector<const entity*> children(const entity& e) const;
    /// The geometry that stands for an entity: its own, else its anchor's, else none.
    [[nodiscard]] const geometry::geometry& location(const entity& e) const noexcept;

    /// Areal entities of a level (and vintage, when not empty) strictly containing a point.
    [[nodiscard]] std::vector<const entity*> containing(const geometry::point& p, std::string_view level,
                                                        std::string_view vintage = {}) const;
    /// (level, vintage) pairs that have polygon entities, with their counts.
    [[nodiscard]] std::map<std::pair<std::string, std::string>, std::size_t> areal_layers() const;

    /// Places every entity without a parent in a polygon layer of lower rank
    /// into that layer: point-in-polygon for points, largest overlap for
    /// polygons. Returns the number of parent links added.
    std::size_t place_by_geometry();

private:
    struct impl;
    std::unique_ptr<impl> impl_;
};

} // namespace coopatlas::model
