#pragma once
/// \file
/// \brief The units an analysis reports on (a level of one administrative map,
/// optionally within a zone) and how a partnership's party maps onto them.
///
/// A party maps onto units of a partition for one of five reasons, each stated
/// in the link so that every figure can be explained:
/// - it *is* a unit;
/// - its anchor (seat, standing place) is a unit (`places` partitions);
/// - it lies *inside* a unit: the unit is one of its ancestors, or, when the
///   hierarchy has no link, the unit contains its location (its point, or a
///   point on the surface of its polygon);
/// - it is *coarser* than the level: it maps onto all its descendant units, but
///   only when rolling down is asked for;
/// - it is a unit of *another vintage* of the level's map (a 2009 Moroccan
///   region reported on 2015 regions): it is carried through its children (the
///   provinces, the départements) onto the units that contain them, and a unit
///   split in the new map counts once for each part it covers.
///
/// Thread safety: a unit_mapper is immutable once built; map() may be called
/// concurrently. It keeps references to the atlas, which must outlive it.

#include <coopatlas/config.hpp>
#include <coopatlas/geometry/geometry.hpp>
#include <coopatlas/model/atlas.hpp>

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace coopatlas::analysis {

/// \brief A partition of space to report on: every unit of one level and vintage,
/// optionally restricted to a zone.
struct COOPATLAS_API partition {
    std::string level{};    ///< "region", "province", "departement", "commune", "place", …
    std::string vintage{};  ///< map the units belong to ("2009", "2016"); empty when the level has one map only
    /// Restricts the units: empty = everywhere; a country code ("MA") = units of that
    /// country; an entity id ("MA:region:2009:13") = its descendants at the level, or
    /// the units whose surface point lies inside it when the hierarchy has no link.
    std::string zone{};

    /// "region (vintage 2009) in MA".
    [[nodiscard]] std::string describe() const;
};

/// \brief Why a party maps onto a unit.
enum class link_reason {
    is_unit,      ///< the party is the unit
    anchored,     ///< the party's anchor (seat, standing place) is the unit
    inside,       ///< the party lies inside the unit (hierarchy, or geometry of its location)
    rolled_down,  ///< the party is coarser than the level; the unit is one of its parts (roll-down only)
    carried,      ///< the party is a unit of another vintage carried through its children
};

/// \brief "is the unit", "anchored", "inside", "rolled down", "carried".
COOPATLAS_API std::string to_string(link_reason r);

/// \brief One unit a party maps onto, with the reason and a readable note.
struct unit_link {
    const model::entity* unit = nullptr;  ///< non-owning, into the atlas
    link_reason reason = link_reason::is_unit;
    bool by_geometry = false;  ///< found by location rather than by the hierarchy
    /// "carried from Souss-Massa-Drâa (2009) via 8 provinces; split over 3 units".
    std::string note{};
};

/// \brief How parties map onto units.
struct mapping_options {
    /// Map a party coarser than the level (a région agreement on communes) onto every
    /// unit it contains. Off by default: such units are not engaged by a parent.
    bool roll_down = false;
};

/// \brief The units of a partition, in atlas order. Throws coopatlas::error when
/// the level has no unit, when the vintage is unknown for the level (listing the
/// vintages there are), when the level has several vintages and none is given, or
/// when the zone is neither a known country code nor a known entity id.
COOPATLAS_API std::vector<const model::entity*> units_of(const model::atlas& atlas, const partition& p);

/// \brief Maps entities onto the units of one partition. Built once per analysis:
/// it indexes the units and the hierarchy of the atlas.
class COOPATLAS_API unit_mapper {
public:
    unit_mapper(const model::atlas& atlas, partition p, mapping_options options = {});
    ~unit_mapper();
    unit_mapper(unit_mapper&&) noexcept;
    unit_mapper& operator=(unit_mapper&&) noexcept;
    unit_mapper(const unit_mapper&) = delete;
    unit_mapper& operator=(const unit_mapper&) = delete;

    [[nodiscard]] const partition& part() const noexcept;
    [[nodiscard]] const mapping_options& options() const noexcept;
    [[nodiscard]] const model::atlas& atlas() const noexcept;
    /// Units of the partition (units_of()).
    [[nodiscard]] const std::vector<const model::entity*>& units() const noexcept;
    /// Whether an entity is one of the units.
    [[nodiscard]] bool is_unit(const model::entity& e) const noexcept;

    /// The units a party maps onto (each at most once), empty when none: outside
    /// the zone, no location, or coarser than the level without roll-down.
    [[nodiscard]] std::vector<unit_link> map(const model::entity& party) const;
    /// Why map() returned nothing for a party ("coarser than departement; not rolled
    /// down", "outside the zone", "no location"); empty when it maps.
    [[nodiscard]] std::string why_unmapped(const model::entity& party) const;
    /// map() and why_unmapped() in one pass: the links, and `why` set to what
    /// why_unmapped() says (empty when the party maps).
    [[nodiscard]] std::vector<unit_link> map(const model::entity& party, std::string& why) const;

    /// The unit of the partition lying under a point, if any (geometry only).
    [[nodiscard]] const model::entity* unit_at(const geometry::point& p) const;

private:
    struct impl;
    std::unique_ptr<impl> impl_;
};

/// \brief One-off mapping; build a unit_mapper to map many parties.
COOPATLAS_API std::vector<unit_link> map_to_units(const model::atlas& atlas, const partition& p,
                                                  const model::entity& party, mapping_options options = {});

/// \brief A point standing for an entity: its point, the first point of a multipoint,
/// a point on the surface of its polygon (GEOS PointOnSurface, always inside), the
/// middle vertex of a line; taken from the anchor when the entity has no geometry.
/// Empty when there is no location.
COOPATLAS_API std::optional<geometry::point> representative_point(const model::atlas& atlas,
                                                                  const model::entity& e);

} // namespace coopatlas::analysis
