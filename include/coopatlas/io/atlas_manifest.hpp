#pragma once
/// \file
/// \brief The manifest (YAML) that says which files make an atlas and how to read them.
///
/// \code{.yaml}
/// title: Franco-Moroccan decentralised cooperation
/// layers:
///   - file: atlas.gpkg          # any GDAL vector source, relative to the manifest
///     layer: ma_provinces       # optional; first layer when absent
///   - file: places.csv
///     x: lon                    # coordinate columns of a table without geometry
///     y: lat
///   - file: /data/world_map.gpkg
///     layer: states_provinces
///     where: "adm0_a3 IN ('BEL','NLD')"
///     level: region             # constants: level, country, vintage, source, rank
///     id_template: "{country}:{level}:{code}"
///     fields: {country: iso_a2, code: fips, name: name}   # attribute -> field
/// aliases: [aliases.csv]        # alias,entity_id
/// partnerships: [partnerships.csv]
/// credits: ["Natural Earth (public domain)"]
/// \endcode

#include <coopatlas/config.hpp>
#include <coopatlas/io/entity_layer.hpp>
#include <coopatlas/model/atlas.hpp>

#include <string>
#include <vector>

namespace coopatlas::io {

/// \brief Parsed manifest; every path is absolute or relative to the working directory.
struct COOPATLAS_API atlas_manifest {
    std::string path;
    std::string title;
    std::vector<layer_spec> layers;
    std::vector<std::string> alias_files;
    std::vector<std::string> partnership_files;
    std::vector<std::string> credits;

    /// Every file the atlas is read from (manifest, layers, aliases, partnerships):
    /// the inputs an output must never overwrite.
    [[nodiscard]] std::vector<std::string> input_files() const;
};

/// \brief Reads a manifest; throws input_error naming the key that is wrong.
COOPATLAS_API atlas_manifest read_manifest(const std::string& path);

/// \brief What to do while loading.
struct load_options {
    bool place_by_geometry = true;   ///< fill missing parents by point-in-polygon / overlap
    bool load_partnerships = true;
};

/// \brief Loads every layer, alias and partnership of a manifest into an atlas.
COOPATLAS_API model::atlas load_atlas(const atlas_manifest& manifest, const load_options& options = {});
COOPATLAS_API model::atlas load_atlas(const std::string& manifest_path, const load_options& options = {});

/// \brief Reads an alias table (alias,entity_id[,note]) into the atlas.
COOPATLAS_API void load_aliases(const std::string& path, model::atlas& atlas);

/// \brief Folder of the embedded data: $COOPATLAS_DATA when set, else share/coopatlas of
/// the prefix that libcoopatlas is installed in (found from the library's own location, so
/// that the installed tree can move), else, for a library still in its build tree, the
/// source tree's shapefiles/.
COOPATLAS_API std::string default_data_dir();

/// \brief default_data_dir() + "/atlas.yaml".
COOPATLAS_API std::string default_manifest();

} // namespace coopatlas::io
