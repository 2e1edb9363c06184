#pragma once
/// \file
/// \brief A collectivity, body or place taking part in cooperation.

#include <coopatlas/config.hpp>
#include <coopatlas/geometry/geometry.hpp>
#include <coopatlas/model/interned_string.hpp>

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace coopatlas::model {

/// \brief Conventional rank of a level word in an administrative hierarchy:
/// country 0, region/territory 1, province/departement 2, epci/groupement/pnr 3,
/// commune 4, place 5; -1 for bodies that are not territorial units (ministries,
/// agencies, associations). Any data set may set its own ranks instead.
COOPATLAS_API int default_rank(const std::string& level) noexcept;

/// \brief One geographic or institutional actor.
///
/// Nothing here is specific to a country: level and codes are plain words read
/// from the data. A unit whose boundaries changed has one entity per vintage.
/// The words that whole layers share (country, level, vintage, feature code, source and
/// file) are interned_string: one copy per process, compared by address.
struct COOPATLAS_API entity {
    std::string id;               ///< unique id, e.g. "MA:region:2009:13"
    interned_string country;      ///< ISO 3166-1 alpha-2 ("XX" for international bodies)
    interned_string level;        ///< "region", "province", "commune", "place", …
    interned_string vintage;      ///< administrative map the unit belongs to ("2009", "2016"); empty when timeless
    int rank = -1;                ///< depth in the hierarchy (default_rank unless the data says otherwise)
    std::string code;             ///< official code in its vintage (INSEE, ISO number, SIREN, GeoNames id)
    std::string code_iso;         ///< ISO 3166-2 code when one exists
    interned_string feature_code; ///< finer kind within the level: GeoNames feature code of a place (PPLA, PPL, PPLX…)

    std::string name;      ///< official name in Latin script, with accents
    std::string name_ar;   ///< Arabic script
    std::string name_tfng; ///< Tifinagh script
    std::string name_en;   ///< English exonym
    std::vector<std::string> alt_names;
    /// Names in other languages by language tag ("es", "de", "zh-Hant"), as the data gives them.
    std::map<std::string, std::string> names;

    std::vector<std::string> parent_ids;  ///< units containing it, one per parent level and vintage
    std::string anchor_id;                ///< entity whose geometry stands for this one (a place, a seat)
    bool disputed = false;                ///< lies wholly or partly in a disputed territory
    std::optional<double> population;

    geometry::geometry geometry;  ///< lon/lat; std::monostate when the data has none
    interned_string source;       ///< data set it comes from
    interned_string origin;       ///< file (and layer) it was read from

    /// The name to show: `name`, else the first non-empty script, else the first of `names`.
    [[nodiscard]] const std::string& display_name() const noexcept;
    /// The name in a language: "ar", "tfng" (or "zgh") and "en" are the script fields,
    /// "fr" (or "latin", "name") the `names` entry "fr" if any, else `name`; any other
    /// tag its `names` entry. Empty when the data has none.
    [[nodiscard]] const std::string& name_in(std::string_view language) const noexcept;
    /// "Fès (commune, MA)"
    [[nodiscard]] std::string describe() const;
    /// "Provence-Alpes-Côte d'Azur (region, FR, 2015, FR:region:2015:93)": enough to
    /// tell apart candidates that share a name (the vintage only when there is one).
    [[nodiscard]] std::string describe_with_id() const;
    /// A GeoNames quarter or section of a populated place (PPLX), never a town of its own.
    [[nodiscard]] bool is_quarter() const noexcept { return level == "place" && feature_code == "PPLX"; }
    [[nodiscard]] bool is_areal() const noexcept;
};

} // namespace coopatlas::model
