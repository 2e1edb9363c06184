// The checks of a vector output that look into GDAL: a driver named by --format, and the
// layers of an existing multi-layer file or database (io/vector_output_plan.cpp makes the
// others).

#include <coopatlas/error.hpp>
#include <coopatlas/io/dataset_name.hpp>
#include <coopatlas/io/vector_writer.hpp>

#include "io/gdal/module_functions.hpp"
#include "io/gdal/vector_output_gdal.hpp"

#include <string>

namespace coopatlas::io {

namespace detail {

// The layer-level rule: never replace or append to a layer that is read.
void check_input_layers(GDALDataset& ds, const std::string& dataset, const std::string& layer,
                        const vector_write_options& options) {
    for (const auto& in : options.input_layers) {
        if (!same_dataset(in.dataset, dataset)) continue;
        std::string read = in.layer;
        if (read.empty() && ds.GetLayerCount() > 0) read = ds.GetLayer(0)->GetName();
        if (lower(read) == lower(layer))
            throw error("refusing to write over input layer '" + read + "' of '" + in.dataset +
                        "'; choose another --layer-name");
    }
}

GDALDatasetUniquePtr open_existing(const std::string& name, const std::string& driver, bool update) {
    ensure_gdal();
    const char* drivers[] = {driver.c_str(), nullptr};
    CPLErrorReset();
    return GDALDatasetUniquePtr(GDALDataset::Open(name.c_str(),
                                                  GDAL_OF_VECTOR | (update ? GDAL_OF_UPDATE : GDAL_OF_READONLY),
                                                  driver.empty() ? nullptr : drivers, nullptr, nullptr));
}

} // namespace detail

namespace gdal {

std::string vector_driver(const std::string& format) {
    detail::ensure_gdal();
    GDALDriver* d = GetGDALDriverManager()->GetDriverByName(format.c_str());
    if (!d || !d->GetMetadataItem(GDAL_DCAP_VECTOR))
        throw usage_error(
            "GDAL has no vector driver named '" + format +
            "' (e.g. GPKG, GeoJSON, \"ESRI Shapefile\", CSV, FlatGeobuf, PostgreSQL; see ogrinfo --formats)");
    return d->GetDescription();
}

void check_existing_output(const std::string& dataset, const vector_write_options& options, const std::string& driver,
                           const std::string& layer, bool local) {
    detail::quiet_gdal quiet;
    auto ds = detail::open_existing(local ? link_target(dataset) : dataset, driver, false);
    if (!ds) {
        if (local) throw error("cannot open '" + dataset + "' to add a layer: " + detail::gdal_message());
        return; // a database or virtual file that does not exist yet: created at write time
    }
    if (layer.empty()) return;
    detail::check_input_layers(*ds, dataset, layer, options);
    if (options.mode == write_mode::create && ds->GetLayerByName(layer.c_str()))
        throw error(detail::exists_message(layer, dataset));
}

} // namespace gdal

} // namespace coopatlas::io
