#include <coopatlas/error.hpp>
#include <coopatlas/io/atomic_file.hpp>
#include <coopatlas/io/raster_writer.hpp>

#include "io/gdal/gdal_util.hpp"
#include "io/gdal/module_functions.hpp"

#include <gdal_priv.h>
#include <ogr_spatialref.h>

#include <algorithm>
#include <cmath>
#include <mutex>

namespace coopatlas::io {

namespace {

// One message for a failed write: the output, GDAL's first message (the cause; later
// ones repeat it for every block) and what to check.
[[noreturn]] void write_failed(const std::string& path, const detail::error_trap& trap, const std::string& what,
                               const char* suggestion) {
    const std::string first = trap.first();
    throw error("cannot " + what + " '" + path + "': " + (first.empty() ? detail::gdal_message() : first) + " \xE2\x80\x94 " +
                suggestion);
}

// GDAL's worker threads (multi-threaded compression, and decoding while overviews are
// built) report to the process-wide handler, not to the error_trap of the thread that
// started them: while a raster is written, their messages are dropped, since the writing
// thread reports the same failure once. Counted, so that concurrent writes nest.
class worker_messages_muted {
  public:
    worker_messages_muted() {
        const std::lock_guard lock(mutex());
        if (active()++ == 0) previous() = CPLSetErrorHandler(&worker_messages_muted::drop);
    }
    ~worker_messages_muted() {
        const std::lock_guard lock(mutex());
        if (--active() == 0) CPLSetErrorHandler(previous());
    }
    worker_messages_muted(const worker_messages_muted&) = delete;
    worker_messages_muted& operator=(const worker_messages_muted&) = delete;

  private:
    static void drop(CPLErr, CPLErrorNum, const char*) {}
    static std::mutex& mutex() {
        static std::mutex m;
        return m;
    }
    static int& active() {
        static int n = 0;
        return n;
    }
    static CPLErrorHandler& previous() {
        static CPLErrorHandler h = nullptr;
        return h;
    }
};

constexpr const char* disk_full = "is the disk full? check the free space and the file size limit of the folder";
constexpr const char* folder_writable = "check that the folder exists and is writable";

// The raster's shape and cells, then the format: before anything is written.
void check_raster(const std::string& path, const raster& r, const raster_write_options& options) {
    if (r.columns == 0 || r.rows == 0 || r.values.size() != r.columns * r.rows)
        throw error("raster '" + path + "': " + std::to_string(r.values.size()) + " values for " +
                    std::to_string(r.columns) + " x " + std::to_string(r.rows) + " cells");
    if (r.columns > 2147483647u || r.rows > 2147483647u) throw error("raster '" + path + "' is too large for GDAL");
    if (!(r.cell_width > 0) || !(r.cell_height > 0)) throw error("raster '" + path + "': cell size must be positive");
    if (options.format != "GTiff" && options.format != "COG")
        throw usage_error("raster format '" + options.format + "': write GTiff or COG");
}

// The raster's CRS as WKT; empty when it has none.
std::string crs_wkt(const raster& r) {
    std::string wkt;
    if (!r.crs.empty()) {
        OGRSpatialReference srs;
        if (srs.SetFromUserInput(r.crs.c_str()) != OGRERR_NONE) throw error("unknown CRS '" + r.crs + "'");
        char* text = nullptr;
        srs.exportToWkt(&text);
        wkt = text ? text : "";
        CPLFree(text);
    }
    return wkt;
}

// Compression, threads and layout from the options, then the caller's NAME=VALUE options over them.
void set_creation_options(detail::string_list& co, const raster& r, const raster_write_options& options, bool cog) {
    const bool compressed = !options.compression.empty() && options.compression != "NONE";
    if (compressed) {
        co.set("COMPRESS", options.compression);
        if (options.float_predictor) co.set("PREDICTOR", cog ? "YES" : "3");
    }
    co.set("NUM_THREADS", options.threads ? std::to_string(options.threads) : std::string("ALL_CPUS"));
    if (cog) {
        co.set("BLOCKSIZE", std::to_string(options.tile ? options.tile : 256));
        co.set("OVERVIEWS", options.overviews ? "AUTO" : "NONE");
        co.set("OVERVIEW_RESAMPLING", "AVERAGE");
    } else if (options.tile) {
        co.set("TILED", "YES");
        co.set("BLOCKXSIZE", std::to_string(options.tile));
        co.set("BLOCKYSIZE", std::to_string(options.tile));
    } else if (compressed) {
        // strips of about 64 KiB: GDAL's default of one 8 KiB strip is too little work per compression task
        co.set("BLOCKYSIZE", std::to_string(std::clamp<std::size_t>(65536 / (4 * r.columns), 1, r.rows)));
    }
    // GeoTIFF offsets are 32-bit below 4 GiB; let GDAL switch to BigTIFF when needed
    co.set("BIGTIFF", "IF_SAFER");
    for (const auto& o : options.creation_options) {
        const auto eq = o.find('=');
        if (eq == std::string::npos || eq == 0)
            throw usage_error("creation option '" + o + "' is not NAME=VALUE (e.g. COMPRESS=LZW)");
        co.set(o.substr(0, eq).c_str(), o.substr(eq + 1));
    }
}

// COG is written by copying a complete dataset; GTiff directly
GDALDatasetUniquePtr create_dataset(GDALDriver* driver, bool cog, const std::string& temp_path, const raster& r,
                                    const detail::string_list& co) {
    GDALDriver* mem = GetGDALDriverManager()->GetDriverByName("MEM");
    return GDALDatasetUniquePtr(
        cog ? mem->Create("", static_cast<int>(r.columns), static_cast<int>(r.rows), 1, GDT_Float32, nullptr)
            : driver->Create(temp_path.c_str(), static_cast<int>(r.columns), static_cast<int>(r.rows), 1, GDT_Float32,
                             co.list));
}

// Georeferencing, CRS, metadata, the band's nodata value and description, then the cells.
void write_cells(GDALDataset& ds, const raster& r, const std::string& wkt, const std::string& path,
                 const detail::error_trap& trap) {
    double transform[6] = {r.west, r.cell_width, 0, r.north, 0, -r.cell_height};
    if (ds.SetGeoTransform(transform) != CE_None) write_failed(path, trap, "georeference", disk_full);
    if (!wkt.empty() && ds.SetProjection(wkt.c_str()) != CE_None) write_failed(path, trap, "set the CRS of", disk_full);
    for (const auto& [key, value] : r.metadata)
        ds.SetMetadataItem(key.c_str(), value.c_str());
    GDALRasterBand* band = ds.GetRasterBand(1);
    if (r.nodata) band->SetNoDataValue(*r.nodata);
    if (!r.description.empty()) band->SetDescription(r.description.c_str());
    if (band->RasterIO(GF_Write, 0, 0, static_cast<int>(r.columns), static_cast<int>(r.rows),
                       const_cast<float*>(r.values.data()), static_cast<int>(r.columns), static_cast<int>(r.rows),
                       GDT_Float32, 0, 0, nullptr) != CE_None)
        write_failed(path, trap, "write the cells of", disk_full);
}

// Replaces the in-memory dataset by its COG copy in the temporary file.
void copy_as_cog(GDALDatasetUniquePtr& ds, GDALDriver* driver, const std::string& temp_path,
                 const detail::string_list& co, const std::string& path, detail::error_trap& trap) {
    CPLErrorReset();
    trap.clear();
    GDALDatasetUniquePtr copy(driver->CreateCopy(temp_path.c_str(), ds.get(), FALSE, co.list, nullptr, nullptr));
    if (!copy || trap.failed()) write_failed(path, trap, "write", disk_full);
    ds.reset();
    ds = std::move(copy);
}

void build_overviews(GDALDataset& ds, const raster& r, const raster_write_options& options, const std::string& path,
                     const detail::error_trap& trap) {
    // halve until the whole raster fits in one tile (gdaladdo's default levels)
    std::vector<int> levels;
    const std::size_t block = options.tile ? options.tile : 256;
    const std::size_t largest = std::max(r.columns, r.rows);
    for (std::size_t f = 2, previous = largest; previous > block && f < (1u << 30); f *= 2) {
        levels.push_back(static_cast<int>(f));
        previous = (largest + f - 1) / f;
    }
    if (!levels.empty() && ds.BuildOverviews("AVERAGE", static_cast<int>(levels.size()), levels.data(), 0, nullptr,
                                             nullptr, nullptr) != CE_None)
        write_failed(path, trap, "build the overviews of", disk_full);
}

void close_dataset(GDALDatasetUniquePtr& ds, const std::string& path, detail::error_trap& trap) {
    // closing writes the last blocks; GDAL 3.6 reports a failure there only through the error state
    CPLErrorReset();
    trap.clear();
    ds.reset();
    if (CPLGetLastErrorType() >= CE_Failure || trap.failed()) write_failed(path, trap, "write", disk_full);
}

} // namespace

namespace gdal {

void write_geotiff(const std::string& path, const raster& r, const raster_write_options& options,
                   const std::vector<std::string>& protected_inputs) {
    detail::ensure_gdal();
    check_raster(path, r, options);
    const std::string wkt = crs_wkt(r);
    const bool cog = options.format == "COG";
    GDALDriver* driver = GetGDALDriverManager()->GetDriverByName(cog ? "COG" : "GTiff");
    if (!driver) throw error("GDAL has no " + options.format + " driver");
    // GDAL writes .aux.xml or .ovr beside a GeoTIFF in some cases: those are checked too
    for (const char* sidecar : {".aux.xml", ".ovr", ".msk"})
        check_not_an_input(path + sidecar, protected_inputs);
    detail::string_list co;
    set_creation_options(co, r, options, cog);

    atomic_output out(path, protected_inputs);
    // GDAL's messages are collected, not printed: a failing disk gives one per block
    const worker_messages_muted workers;
    detail::error_trap trap;
    CPLErrorReset();
    GDALDatasetUniquePtr ds = create_dataset(driver, cog, out.temp_path(), r, co);
    if (!ds) write_failed(path, trap, "create", folder_writable);
    write_cells(*ds, r, wkt, path, trap);
    if (cog)
        copy_as_cog(ds, driver, out.temp_path(), co, path, trap);
    else if (options.overviews)
        build_overviews(*ds, r, options, path, trap);
    close_dataset(ds, path, trap);
    out.commit();
}

raster read_raster(const std::string& path) {
    detail::ensure_gdal();
    CPLErrorReset();
    GDALDatasetUniquePtr ds(GDALDataset::Open(path.c_str(), GDAL_OF_RASTER | GDAL_OF_READONLY, nullptr, nullptr, nullptr));
    if (!ds) throw input_error(diagnostic{path, 0, 0, {}, "cannot open as a raster: " + detail::gdal_message(), {}});
    if (ds->GetRasterCount() < 1) throw input_error(diagnostic{path, 0, 0, {}, "raster has no band", {}});
    double t[6] = {0, 1, 0, 0, 0, -1};
    if (ds->GetGeoTransform(t) != CE_None || t[2] != 0 || t[4] != 0 || !(t[5] < 0))
        throw input_error(diagnostic{path, 0, 0, {}, "raster is not north-up georeferenced", {}});
    raster r;
    r.columns = static_cast<std::size_t>(ds->GetRasterXSize());
    r.rows = static_cast<std::size_t>(ds->GetRasterYSize());
    r.west = t[0];
    r.cell_width = t[1];
    r.north = t[3];
    r.cell_height = -t[5];
    if (const char* wkt = ds->GetProjectionRef(); wkt && *wkt) r.crs = wkt;
    GDALRasterBand* band = ds->GetRasterBand(1);
    int has_nodata = 0;
    const double nodata = band->GetNoDataValue(&has_nodata);
    if (has_nodata) r.nodata = nodata;
    if (const char* d = band->GetDescription(); d && *d) r.description = d;
    if (char** md = ds->GetMetadata()) {
        for (char** it = md; *it; ++it) {
            char* key = nullptr;
            const char* value = CPLParseNameValue(*it, &key);
            if (key && value) r.metadata[key] = value;
            CPLFree(key);
        }
    }
    r.values.resize(r.columns * r.rows);
    if (band->RasterIO(GF_Read, 0, 0, static_cast<int>(r.columns), static_cast<int>(r.rows), r.values.data(),
                       static_cast<int>(r.columns), static_cast<int>(r.rows), GDT_Float32, 0, 0, nullptr) != CE_None)
        throw input_error(diagnostic{path, 0, 0, {}, "cannot read the cells: " + detail::gdal_message(), {}});
    return r;
}

} // namespace gdal

} // namespace coopatlas::io
