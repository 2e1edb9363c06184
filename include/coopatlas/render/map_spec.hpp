#pragma once
/// \file
/// \brief Declarative map specs: a YAML file naming the data, the analysis to run and
/// the layers; reading one gives a map ready for map_renderer. Every key is listed in
/// the README ("Map specs"); a three-line spec already makes a complete map:
///
/// \code{.yaml}
/// title: Partnerships of the Moroccan regions (2009)
/// layers:
///   - {kind: polygons, units: {level: region, vintage: "2009", country: MA}, value: partnerships}
/// \endcode
///
/// Data comes from the atlas (units, parties of the partnerships, flows between them,
/// context countries), from any GDAL vector file, or inline (WKT). The atlas is loaded
/// only when a layer needs it, so a spec over files alone starts fast.
///
/// Thread safety: reading specs concurrently is safe when each call has its own atlas.

#include <coopatlas/config.hpp>
#include <coopatlas/error.hpp>
#include <coopatlas/model/atlas.hpp>
#include <coopatlas/render/map.hpp>

#include <memory>
#include <string>
#include <vector>

namespace coopatlas::analysis {
class coverage_cache;
}

namespace coopatlas::render {

/// \brief Where a spec's atlas comes from.
struct spec_options {
    /// Manifest to load when a layer needs the atlas; empty = the spec's `data` /
    /// `manifest` key, else io::default_manifest().
    std::string manifest{};
    /// An atlas already loaded (tests, repeated renders); used instead of loading one.
    const model::atlas* atlas = nullptr;
    /// The owner of `atlas`, when it is shared: the features of its outlines (countries and
    /// units) then refer to them (feature::shared_geometry), keeping it alive, instead of
    /// holding a copy each. Ignored unless it holds `atlas`.
    std::shared_ptr<const model::atlas> atlas_owner{};
    /// A `font` naming a family fontconfig does not have is an input_error, not a warning.
    bool strict_fonts = false;
    /// Coverage results shared with other specs and tables over the same atlas (a
    /// book's); none = each spec keeps its own for its layers.
    analysis::coverage_cache* coverage_cache = nullptr;
};

/// \brief A spec read, with its data prepared.
struct COOPATLAS_API map_spec {
    std::string path{};                ///< the spec file ("" when read from text)
    map page{};                        ///< the map to render
    double scale = 1;                  ///< PNG pixels per page unit, from `dpi` or `scale`
    std::vector<std::string> inputs{}; ///< files read (outputs must never overwrite them)
    std::vector<std::string> notes{};  ///< what the data step did: counts, parties without location
    /// Whether a layer asked for what only the atlas's deferred layers hold (a level or
    /// country the other layers lack, the whole world, an entity id not loaded), so that
    /// they were read (an atlas given in spec_options::atlas is never modified).
    bool read_deferred_layers = false;
    /// Problems that do not stop the map, at the spec's line and column: a `font` family
    /// that is not installed, with the family used instead.
    std::vector<diagnostic> warnings{};
    /// The atlas the spec loaded for its layers (none when it needed none, or was given
    /// spec_options::atlas): the entities its features point to stay valid while it lives.
    std::shared_ptr<const model::atlas> atlas{};
};

/// \brief Reads a spec file. Throws input_error naming the file, line and column of a
/// wrong key or value (with the nearest known key), coopatlas::error when data cannot be read.
/// A `font` (page or labels) naming a family that is not installed is a warning in
/// map_spec::warnings, or an input_error with spec_options::strict_fonts.
COOPATLAS_API map_spec load_map_spec(const std::string& path, const spec_options& options = {});

/// \brief Reads a spec from text; relative file names are taken from `base_dir`, and
/// `name` stands for the file in messages.
COOPATLAS_API map_spec parse_map_spec(const std::string& yaml, const std::string& base_dir,
                                      const std::string& name = "spec", const spec_options& options = {});

} // namespace coopatlas::render
