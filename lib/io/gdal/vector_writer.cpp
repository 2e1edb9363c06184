// A layer written through GDAL to a GDAL name (a database), a stream or a local file.
// io/vector_output_plan.cpp chooses the driver and the files and makes the checks,
// vector_layer_writer.cpp writes the layer and its style (both through vector_output_gdal.hpp).

#include <coopatlas/error.hpp>
#include <coopatlas/io/atomic_file.hpp>
#include <coopatlas/io/csv.hpp>
#include <coopatlas/io/dataset_name.hpp>
#include <coopatlas/io/vector_writer.hpp>

#include "io/gdal/module_functions.hpp"
#include "io/gdal/vector_output_gdal.hpp"

#include <cpl_error.h>

#include <atomic>
#include <filesystem>
#include <optional>
#include <set>

#include <unistd.h>

namespace coopatlas::io {

namespace fs = std::filesystem;

using detail::check_files;
using detail::check_options;
using detail::gdal_message;
using detail::is_shapefile;
using detail::layer_plan;
using detail::multi_layer_file;
using detail::name_value;
using detail::named_by_file;
using detail::open_existing;
using detail::quiet_gdal;
using detail::store_style;
using detail::string_list;
using detail::style_for;
using detail::write_hint;
using detail::write_layer;
using detail::write_sidecars;

// ---------------------------------------------------------------------------------------------
// Writing the dataset to a GDAL name, a stream or a local file

namespace {

std::string layer_name_of(const feature_table& table, const vector_write_options& options) {
    if (!options.layer_name.empty()) return options.layer_name;
    return table.name.empty() ? std::string("layer") : table.name;
}

// A folder beside the target where the dataset is written before its files are renamed into place.
class scratch_folder {
  public:
    explicit scratch_folder(const fs::path& beside) {
        static std::atomic<unsigned> counter{0};
        const fs::path dir = beside.has_parent_path() ? beside.parent_path() : fs::path(".");
        path_ = dir / ("." + beside.stem().string() + ".tmp" + std::to_string(::getpid()) + "_" +
                       std::to_string(counter++) + ".d");
        std::error_code ec;
        if (!fs::create_directory(path_, ec))
            throw error("cannot create a scratch folder in '" + dir.string() + "': " + ec.message());
    }
    ~scratch_folder() {
        std::error_code ec;
        fs::remove_all(path_, ec);
    }
    scratch_folder(const scratch_folder&) = delete;
    scratch_folder& operator=(const scratch_folder&) = delete;
    [[nodiscard]] const fs::path& path() const noexcept { return path_; }

  private:
    fs::path path_;
};

GDALDriver* gdal_driver(const std::string& name) {
    detail::ensure_gdal();
    GDALDriver* d = GetGDALDriverManager()->GetDriverByName(name.c_str());
    if (!d) throw error("GDAL has no driver named '" + name + "'");
    return d;
}

GDALDatasetUniquePtr create_dataset(const std::string& driver_name, const std::string& where,
                                    const vector_write_options& options, const std::string& shown) {
    GDALDriver* driver = gdal_driver(driver_name);
    string_list dsco;
    for (const auto& o : options.dataset_options) {
        const auto [k, v] = name_value(o, "--dsco");
        dsco.set(k.c_str(), v);
    }
    CPLErrorReset();
    GDALDatasetUniquePtr ds(driver->Create(where.c_str(), 0, 0, 0, GDT_Unknown, dsco.list));
    if (!ds) throw error("GDAL cannot create '" + shown + "': " + gdal_message());
    return ds;
}

std::string driver_extension(const std::string& driver) {
    const char* ext = gdal_driver(driver)->GetMetadataItem(GDAL_DMD_EXTENSION);
    return ext && *ext ? std::string(".") + ext : std::string();
}

// A layer into a database or other GDAL dataset name, in one transaction when it has them.
write_result write_to_gdal_name(const std::string& dataset, const feature_table& table,
                                const vector_write_options& options, const std::string& driver) {
    write_result result;
    result.driver = driver;
    auto ds = open_existing(dataset, driver, true);
    if (!ds) {
        GDALDriver* d = gdal_driver(driver);
        if (!d->GetMetadataItem(GDAL_DCAP_CREATE))
            throw error("cannot open '" + dataset + "' for writing: " + gdal_message());
        ds = create_dataset(driver, dataset, options, dataset);
    }
    const bool transaction = ds->StartTransaction(FALSE) == OGRERR_NONE;
    try {
        const layer_plan plan{dataset, driver, layer_name_of(table, options), false, transaction};
        OGRLayer* layer = write_layer(*ds, table, options, plan, result);
        store_style(*ds, *layer, style_for(options, table, result), driver, result.layer);
        if (transaction && ds->CommitTransaction() != OGRERR_NONE)
            throw error("cannot commit to '" + dataset + "': " + gdal_message() + write_hint);
    } catch (...) {
        if (transaction) ds->RollbackTransaction();
        throw;
    }
    CPLErrorReset();
    ds.reset();
    if (CPLGetLastErrorType() >= CE_Failure)
        throw error("cannot finish '" + dataset + "': " + gdal_message() + write_hint);
    return result;
}

// GDAL's text drivers (GeoJSON, GeoJSONSeq, CSV) do not check their writes: on a full
// disk they close without error on a cut file. Such a file is read back before it is put
// in place: it must open and hold at least the features written.
void check_complete(const fs::path& where, const std::string& driver, const std::string& layer_name,
                    std::size_t written, const std::string& dataset) {
    if (driver != "GeoJSON" && driver != "GeoJSONSeq" && driver != "CSV") return;
    CPLErrorReset();
    const char* const drivers[] = {driver.c_str(), nullptr};
    GDALDatasetUniquePtr ds(
        GDALDataset::Open(where.string().c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, drivers, nullptr, nullptr));
    OGRLayer* layer = !ds                                      ? nullptr
                      : ds->GetLayerByName(layer_name.c_str()) ? ds->GetLayerByName(layer_name.c_str())
                                                               : ds->GetLayer(0);
    const GIntBig found = layer ? layer->GetFeatureCount(TRUE) : -1;
    if (found >= 0 && static_cast<std::size_t>(found) >= written && CPLGetLastErrorType() < CE_Failure) return;
    const std::string why =
        !ds      ? "GDAL cannot read it back: " + gdal_message()
        : !layer ? std::string("it has no layer")
                 : std::to_string(found) + " of the " + std::to_string(written) + " features written can be read back";
    throw error("cannot write '" + dataset + "': the file was cut short (" + why + ")" + write_hint);
}

// A layer to standard output, a FIFO or a device: written in full to a temporary file first.
write_result write_to_stream(const std::string& dataset, const feature_table& table,
                             const vector_write_options& options, const std::string& driver) {
    write_result result;
    result.driver = driver;
    atomic_output out(dataset);
    const fs::path folder = fs::path(out.temp_path()).parent_path();
    const std::string where = (folder / ("output" + driver_extension(driver))).string();
    {
        auto ds = create_dataset(driver, where, options, dataset);
        const layer_plan plan{dataset, driver, layer_name_of(table, options), false, false};
        (void)write_layer(*ds, table, options, plan, result);
        CPLErrorReset();
        ds.reset();
        if (CPLGetLastErrorType() >= CE_Failure)
            throw error("cannot finish '" + dataset + "': " + gdal_message() + write_hint);
    }
    check_complete(where, driver, result.layer, table.rows.size(), dataset);
    copy_to_stream(where, dataset);
    return result;
}

// Copies the files of a dataset into the scratch folder (to add to them there).
void copy_into(const std::vector<std::string>& files, const fs::path& folder) {
    for (const auto& f : files) {
        std::error_code ec;
        if (!fs::is_regular_file(f, ec)) continue;
        fs::copy_file(f, folder / fs::path(f).filename(), fs::copy_options::overwrite_existing, ec);
        if (ec) throw error("cannot copy '" + f + "': " + ec.message());
    }
}

// A layer into a local file: written in a scratch folder beside it, then renamed into place.
write_result write_to_file(const std::string& dataset, const feature_table& table, const vector_write_options& options,
                           const std::string& driver) {
    write_result result;
    result.driver = driver;
    const bool shapefile = is_shapefile(driver);
    const fs::path target = link_target(dataset);
    const fs::path main = shapefile ? fs::path(target).replace_extension(".shp") : target;
    const fs::path dir = target.has_parent_path() ? target.parent_path() : fs::path(".");
    std::error_code ec;
    if (!fs::is_directory(dir, ec)) throw error("output folder '" + dir.string() + "' does not exist");
    const bool exists = fs::exists(main, ec);
    const std::vector<std::string> set =
        shapefile ? dataset_files(main.string()) : std::vector<std::string>{main.string()};

    if (exists && !multi_layer_file(driver) && options.mode == write_mode::create)
        throw error("'" + dataset +
                    "' already exists (its layer would be replaced); add --overwrite to replace it, "
                    "--append to add the features to it, or choose another output name");
    if (exists && multi_layer_file(driver) && fs::exists(main.string() + "-wal", ec) &&
        fs::file_size(main.string() + "-wal", ec) > 0)
        throw error("'" + dataset + "' is open in another program (its -wal journal is not empty); close it first");

    scratch_folder scratch(target);
    const fs::path where = scratch.path() / main.filename();
    GDALDatasetUniquePtr ds;
    bool add_to_existing = exists && (multi_layer_file(driver) || options.mode == write_mode::append);
    if (add_to_existing) {
        copy_into(exists && multi_layer_file(driver) ? std::vector<std::string>{main.string()} : set, scratch.path());
        ds = open_existing(where.string(), driver, true);
        if (!ds) throw error("cannot open '" + dataset + "' to add to it: " + gdal_message());
    } else {
        ds = create_dataset(driver, where.string(), options, dataset);
    }
    const bool transaction = multi_layer_file(driver) && ds->StartTransaction(FALSE) == OGRERR_NONE;
    layer_plan plan{dataset, driver, layer_name_of(table, options), add_to_existing && !multi_layer_file(driver),
                    transaction};
    if (named_by_file(driver)) plan.layer = main.stem().string();
    std::optional<layer_style> style;
    try {
        OGRLayer* layer = write_layer(*ds, table, options, plan, result);
        style = style_for(options, table, result);
        store_style(*ds, *layer, style, driver, result.layer);
        if (transaction && ds->CommitTransaction() != OGRERR_NONE)
            throw error("cannot commit to '" + dataset + "': " + gdal_message() + write_hint);
    } catch (...) {
        if (transaction) ds->RollbackTransaction();
        throw;
    }
    CPLErrorReset();
    ds.reset(); // flush and close before the rename
    if (CPLGetLastErrorType() >= CE_Failure)
        throw error("cannot finish '" + dataset + "': " + gdal_message() + write_hint);
    check_complete(where, driver, result.layer, table.rows.size(), dataset);
    if (shapefile) write_sidecars(where, style, table, result);

    // into place: every file written, then the stale parts of a replaced shapefile
    std::set<std::string> produced;
    for (const auto& entry : fs::directory_iterator(scratch.path())) {
        const fs::path dest = dir / entry.path().filename();
        fs::rename(entry.path(), dest, ec);
        if (ec) throw error("cannot move '" + entry.path().string() + "' to '" + dest.string() + "': " + ec.message());
        produced.insert(dest.filename().string());
        result.files.push_back(dest.string());
    }
    if (shapefile && !add_to_existing)
        for (const auto& f : set)
            if (!produced.count(fs::path(f).filename().string()) && fs::is_regular_file(fs::symlink_status(f, ec)))
                fs::remove(f, ec);
    return result;
}

} // namespace

namespace gdal {

write_result write_vector(const std::string& dataset, const feature_table& table, const vector_write_options& options) {
    detail::ensure_gdal();
    if (table.rows.size() != table.geometries.size()) throw error("feature table: rows and geometries differ in count");
    const std::string driver = output_driver(dataset, options.format);
    check_options(dataset, options, driver);
    check_files(dataset, options, driver, false);
    if (driver == "CSV" && !options.raw_csv) {
        // GDAL's CSV driver writes text as it is: neutralise what a spreadsheet would run
        feature_table safe = table;
        for (auto& f : safe.fields)
            f.name = csv_neutralise(f.name);
        for (auto& row : safe.rows)
            for (auto& v : row)
                if (auto* s = std::get_if<std::string>(&v)) *s = csv_neutralise(*s);
        vector_write_options raw = options;
        raw.raw_csv = true;
        return gdal::write_vector(dataset, safe, raw);
    }
    quiet_gdal quiet;
    if (is_stream_output(dataset)) return write_to_stream(dataset, table, options, driver);
    if (is_gdal_name(dataset)) return write_to_gdal_name(dataset, table, options, driver);
    return write_to_file(dataset, table, options, driver);
}

} // namespace gdal

} // namespace coopatlas::io
