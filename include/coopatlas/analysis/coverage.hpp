#pragma once
/// \file
/// \brief Coverage of a zone by partnerships over a partition, and the density of
/// partnerships per unit.
///
/// Counting rules (stated again in every result's `method`):
/// - a unit is *engaged* when at least one selected partnership that is not a
///   project request maps onto it (see unit_mapper for the reasons); a unit engaged
///   only through a coarser party is not engaged unless rolling down is asked for;
/// - `partnerships` counts distinct partnership records, not their `count` field;
/// - `demand` sums the `count` field of project_request records (each record may
///   stand for several requests); `requests` counts those records;
/// - areas are geodesic (WGS 84, PROJ) in km²; units without a polygon have no area;
///   an invalid polygon (GEOS isValid: a self-intersecting "bow-tie") is repaired with
///   GEOS MakeValid before its area is taken, and listed in `repaired`;
/// - densities are partnerships per 10,000 km² and per 100,000 inhabitants; NaN
///   when the denominator is missing or zero.
///
/// Thread safety: pure functions of their arguments. coverage() validates and measures
/// the units' polygons on up to 4 threads of its own when they have over 20,000
/// vertices in all (a world partition); the figures do not depend on it.

#include <coopatlas/analysis/filter.hpp>
#include <coopatlas/analysis/units.hpp>
#include <coopatlas/config.hpp>
#include <coopatlas/model/atlas.hpp>

#include <cstddef>
#include <limits>
#include <string>
#include <vector>

namespace coopatlas::analysis {

/// \brief Where a unit's population comes from.
enum class population_source {
    field,            ///< the unit's own population attribute only
    places,           ///< the sum of the populations of the places inside the unit
    field_or_places,  ///< the attribute when present, else the places inside
};

/// \brief "field", "places", "field-or-places"; parse throws coopatlas::error on other words.
COOPATLAS_API std::string to_string(population_source s);
COOPATLAS_API population_source parse_population_source(const std::string& word);

/// \brief Options of coverage() and unit_density().
struct coverage_options {
    bool roll_down = false;  ///< see mapping_options::roll_down
    population_source population = population_source::field_or_places;
};

/// \brief Figures of one unit.
struct unit_row {
    const model::entity* unit = nullptr;  ///< non-owning, into the atlas
    std::string unit_id{};
    std::string name{};
    bool engaged = false;
    std::string how{};  ///< reasons joined by '+', e.g. "is the unit+carried"; empty when not engaged
    std::size_t partnerships = 0;        ///< distinct selected partnerships (requests excluded) on the unit
    std::vector<std::string> partnership_ids{};
    std::size_t requests = 0;            ///< project_request records on the unit
    double demand = 0;                   ///< sum of `count` over those records
    double requesters = 0;               ///< sum of `requesters` over those records (where given)
    double area_km2 = std::numeric_limits<double>::quiet_NaN();
    double population = std::numeric_limits<double>::quiet_NaN();
    std::string population_from{};       ///< "field", "12 places", or "" when unknown
    double per_10k_km2 = std::numeric_limits<double>::quiet_NaN();
    double per_100k_inhabitants = std::numeric_limits<double>::quiet_NaN();
    std::vector<std::string> notes{};    ///< carried/rolled-down/by-geometry explanations
};

/// \brief Zone totals and shares (0–1). Shares are NaN when their denominator is 0.
struct coverage_totals {
    std::size_t units = 0;
    std::size_t engaged = 0;
    double share_count = std::numeric_limits<double>::quiet_NaN();
    double area_km2 = 0;          ///< units with an area only
    double engaged_area_km2 = 0;
    double share_area = std::numeric_limits<double>::quiet_NaN();
    double population = 0;        ///< units with a population only
    double engaged_population = 0;
    double share_population = std::numeric_limits<double>::quiet_NaN();
    std::size_t units_without_area = 0;
    std::size_t units_without_population = 0;
    std::size_t partnerships = 0;           ///< selected partnerships (requests excluded) reaching a unit
    std::size_t requests = 0;               ///< selected request records reaching a unit
    double demand = 0;
    double requesters = 0;                  ///< collectivities behind those requests, where the source says
    std::size_t requests_without_requesters = 0;  ///< request records that do not say how many filed them
};

/// \brief Result of coverage(): rows in unit order, totals, gaps and an explanation.
struct COOPATLAS_API coverage_result {
    /// "level=region; vintage=2009; zone=MA; filter=all partnerships; roll-down=off;
    ///  count=distinct partnerships (requests apart); area=geodesic WGS 84 km²; population=…"
    std::string method{};
    partition part{};
    std::string filter_description{};
    coverage_options options{};
    std::vector<unit_row> rows{};
    coverage_totals totals{};
    std::vector<std::string> gaps{};                        ///< ids of units not engaged
    std::vector<std::string> demand_without_partnership{};  ///< ids of units with requests but not engaged
    /// Selected partnerships that reach no unit, with the reason per party
    /// ("P12: party b Lille (commune, FR): outside the zone").
    std::vector<std::string> unmapped{};
    /// Ids of the units whose polygon was invalid and repaired (GEOS MakeValid) for its area.
    std::vector<std::string> repaired{};
};

/// \brief Coverage of a partition by the partnerships a filter selects.
/// Throws coopatlas::error when the partition is invalid (see units_of()).
COOPATLAS_API coverage_result coverage(const model::atlas& atlas, const filter& f, const partition& p,
                                       const coverage_options& options = {});

/// \brief Per-unit density of partnerships (the rows of coverage()): partnerships
/// per 10,000 km² and per 100,000 inhabitants for every unit of the partition.
COOPATLAS_API std::vector<unit_row> unit_density(const model::atlas& atlas, const filter& f, const partition& p,
                                                 const coverage_options& options = {});

} // namespace coopatlas::analysis
