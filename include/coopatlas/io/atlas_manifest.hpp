#pragma once
/// \file
/// \brief The manifest (YAML) that says which files make an atlas and how to read them.
///
/// \code{.yaml}
/// title: Franco-Moroccan decentralised cooperation
/// base: embedded                # optional: layers, aliases and credits of another manifest
/// layers:
///   - file: atlas.gpkg          # any GDAL vector source, relative to the manifest
///     layer: ma_provinces       # optional; first layer when absent (sheet: for .xlsx/.ods)
///   - file: places.csv
///     x: lon                    # coordinate columns of a table without geometry
///     y: lat
///     encoding: windows-1252    # CSV files not in UTF-8
///   - file: /data/world_map.gpkg
///     layer: states_provinces
///     where: "adm0_a3 IN ('BEL','NLD')"
///     level: region             # constants: level, country, vintage, source, rank
///     id_template: "{country}:{level}:{code}"
///     fields: {country: iso_a2, code: fips, name: name}   # attribute -> field
/// aliases: [aliases.csv]        # alias,entity_id
/// partnerships:                 # file names, or tables with their reading options
///   - partnerships.csv
///   - {file: partenariats.csv, separator: ";", encoding: windows-1252,
///      columns: {party_a: "Collectivité marocaine", party_b: "Collectivité française"}}
///   - {file: partenariats.xlsx, sheet: Feuil1}
/// resolution: {prefer: municipality}   # or larger_unit, none (model::prefer_unit)
/// levels: {DZ: {wilaya: {rank: 2, words: [wilaya]}}}  # per country ("*" = all): rank, unit words
/// credits: ["Natural Earth (public domain)"]
/// partnership_credits: ["Partnerships: typed from the sources in partnerships.csv"]
/// \endcode
///
/// A manifest built on a base (`base`) reads its own `partnerships`, never the base's:
/// it inherits the base's `credits` but not its `partnership_credits`.

#include <coopatlas/config.hpp>
#include <coopatlas/io/entity_layer.hpp>
#include <coopatlas/io/table_source.hpp>
#include <coopatlas/model/atlas.hpp>

#include <string>
#include <vector>

namespace coopatlas::io {

/// \brief A word that begins names of a level in a country (`levels: {DZ: {wilaya: {words: [wilaya]}}}`).
struct unit_word {
    std::string word;
    std::string country;  ///< ISO code, or "*" for every country
    std::string level;
};

/// \brief Parsed manifest; every path is absolute or relative to the working directory.
struct COOPATLAS_API atlas_manifest {
    std::string path;
    std::string title;
    std::vector<std::string> bases;  ///< manifests whose layers, aliases and credits come first (`base`)
    std::vector<layer_spec> layers;
    std::vector<table_source> alias_tables;
    std::vector<table_source> partnership_tables;
    /// Parents placed by geometry when the data was built (`hierarchy`: id,parent_ids, as
    /// `coopatlas info --hierarchy` writes it), bases' first: the entities listed keep these
    /// parents and are not placed again at each load.
    std::vector<table_source> hierarchy_tables;
    /// Every credit line: the base's (without its partnership credits), then `credits`,
    /// then `partnership_credits`.
    std::vector<std::string> credits;
    /// The credits of this manifest's own partnership tables (`partnership_credits`), also in `credits`.
    std::vector<std::string> partnership_credits;
    /// How a name that is both a commune and the province/département named after it
    /// is read when its row does not say (`resolution: {prefer: …}`; else the base's rule).
    model::prefer_unit prefer = model::prefer_unit::municipality;
    /// Unit words of its levels (`levels: … words`), its base's first.
    std::vector<unit_word> unit_words;

    /// Every file the atlas is read from (manifest, layers, aliases, partnerships):
    /// the inputs an output must never overwrite.
    [[nodiscard]] std::vector<std::string> input_files() const;
};

/// \brief Reads a manifest; throws input_error at the line and column of a key that is
/// unknown (with the nearest known key) or of a value of the wrong type (saying which
/// type is expected). Settings that only the data can contradict (a filter, a mapped
/// field, the id template) are checked when the atlas loads, and reported at their line.
COOPATLAS_API atlas_manifest read_manifest(const std::string& path);

/// \brief What to do while loading.
struct load_options {
    bool place_by_geometry = true;   ///< fill missing parents by point-in-polygon / overlap
    bool stored_hierarchy = true;    ///< take the parents of the manifest's hierarchy tables instead of placing those entities
    bool load_partnerships = true;
    /// Keep the loaded atlas in atlas_cache_dir() and read it back while no input file
    /// changes (README.md, "Atlas cache"): the result is the same atlas, read in a fraction
    /// of the time.
    bool use_cache = true;
};

/// \brief Loads every layer, alias and partnership of a manifest into an atlas.
COOPATLAS_API model::atlas load_atlas(const atlas_manifest& manifest, const load_options& options = {});
COOPATLAS_API model::atlas load_atlas(const std::string& manifest_path, const load_options& options = {});

/// \brief Reads an alias table (alias,entity_id[,note]) into the atlas.
COOPATLAS_API void load_aliases(const std::string& path, model::atlas& atlas);
COOPATLAS_API void load_aliases(const table_source& source, model::atlas& atlas);

/// \brief Folder of the embedded data: $COOPATLAS_DATA when set, else share/coopatlas of
/// the prefix that libcoopatlas is installed in (found from the library's own location, so
/// that the installed tree can move), else, for a library still in its build tree, the
/// source tree's shapefiles/.
COOPATLAS_API std::string default_data_dir();

/// \brief Folder of the atlas cache: $COOPATLAS_CACHE when set (empty or "off": no cache),
/// else $XDG_CACHE_HOME/coopatlas, else $HOME/.cache/coopatlas; empty when there is none.
COOPATLAS_API std::string atlas_cache_dir();

/// \brief default_data_dir() + "/atlas.yaml".
COOPATLAS_API std::string default_manifest();

} // namespace coopatlas::io
