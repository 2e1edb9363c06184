#include <coopatlas/error.hpp>
#include <coopatlas/io/raster_writer.hpp>

#include "test_support.hpp"

#include <gtest/gtest.h>

#include <sys/resource.h>

#include <algorithm>
#include <csignal>
#include <cstdint>
#include <filesystem>

namespace cio = coopatlas::io;
namespace fs = std::filesystem;

namespace {
cio::raster sample() {
    cio::raster r;
    r.columns = 3;
    r.rows = 2;
    r.west = -1'000'000;
    r.north = 2'000'000;
    r.cell_width = 2'500;
    r.cell_height = 3'300;
    r.crs = "+proj=laea +lat_0=36 +lon_0=-4 +datum=WGS84 +units=m +no_defs";
    r.values = {0.0f, 1.5f, -2.25f, 1e-7f, 3.4e38f, 0.09390012f};
    r.description = "kernel density, per km2";
    r.metadata = {{"KERNEL", "gaussian"}, {"BANDWIDTH_KM", "25"}};
    return r;
}

std::string fresh(const std::string& name) {
    const std::string path = coopatlas::test::write_temp(name, "");
    fs::remove(path);
    return path;
}
} // namespace

TEST(raster_writer, geotiff_round_trip_keeps_cells_georeferencing_and_crs) {
    const std::string path = fresh("round_trip.tif");
    const cio::raster in = sample();
    cio::write_geotiff(path, in);
    const cio::raster out = cio::read_raster(path);
    EXPECT_EQ(out.columns, 3u);
    EXPECT_EQ(out.rows, 2u);
    EXPECT_EQ(out.values, in.values);  // Float32 stored as it is (DEFLATE is lossless)
    EXPECT_DOUBLE_EQ(out.west, -1'000'000);
    EXPECT_DOUBLE_EQ(out.north, 2'000'000);
    EXPECT_DOUBLE_EQ(out.cell_width, 2'500);
    EXPECT_DOUBLE_EQ(out.cell_height, 3'300);
    EXPECT_NE(out.crs.find("Lambert"), std::string::npos) << out.crs;
    EXPECT_NE(out.crs.find("36"), std::string::npos) << out.crs;
    EXPECT_EQ(out.description, "kernel density, per km2");
    EXPECT_EQ(out.metadata.at("KERNEL"), "gaussian");
    EXPECT_EQ(out.metadata.at("BANDWIDTH_KM"), "25");
}

TEST(raster_writer, uncompressed_and_nodata) {
    const std::string path = fresh("plain.tif");
    cio::raster in = sample();
    in.nodata = -9999;
    cio::raster_write_options o;
    o.compression = "NONE";
    cio::write_geotiff(path, in, o);
    const cio::raster out = cio::read_raster(path);
    ASSERT_TRUE(out.nodata.has_value());
    EXPECT_DOUBLE_EQ(*out.nodata, -9999);
    EXPECT_EQ(out.values, in.values);
    // 6 Float32 cells uncompressed: the file holds at least their 24 bytes
    EXPECT_GE(fs::file_size(path), 24u);
}

TEST(raster_writer, leaves_no_temporary_file_and_never_overwrites_an_input) {
    const std::string path = fresh("atomic.tif");
    cio::write_geotiff(path, sample());
    std::size_t entries = 0;
    for (const auto& e : fs::directory_iterator(fs::path(path).parent_path()))
        if (e.path().filename().string().find(".atomic.tmp") != std::string::npos) ++entries;
    EXPECT_EQ(entries, 0u);
    EXPECT_THROW(cio::write_geotiff(path, sample(), {}, {path}), coopatlas::error);
    EXPECT_EQ(cio::read_raster(path).values, sample().values);  // still the first file
}

TEST(raster_writer, rejects_inconsistent_rasters) {
    cio::raster bad = sample();
    bad.values.pop_back();
    const std::string bad_path = fresh("bad.tif");
    EXPECT_THROW(cio::write_geotiff(bad_path, bad), coopatlas::error);
    EXPECT_FALSE(fs::exists(bad_path));
    cio::raster no_cell = sample();
    no_cell.cell_width = 0;
    EXPECT_THROW(cio::write_geotiff(fresh("bad2.tif"), no_cell), coopatlas::error);
    cio::raster bad_crs = sample();
    bad_crs.crs = "EPSG:999999";
    EXPECT_THROW(cio::write_geotiff(fresh("bad3.tif"), bad_crs), coopatlas::error);
    EXPECT_THROW((void)cio::read_raster(fresh("missing.tif")), coopatlas::input_error);
}

TEST(raster_writer, cog_keeps_cells_and_unknown_formats_are_usage_errors) {
    const std::string path = fresh("cog.tif");
    cio::raster in = sample();
    in.nodata = -9999;
    cio::raster_write_options o;
    o.format = "COG";
    cio::write_geotiff(path, in, o);
    const cio::raster out = cio::read_raster(path);
    EXPECT_EQ(out.values, in.values);
    ASSERT_TRUE(out.nodata.has_value());
    EXPECT_DOUBLE_EQ(*out.nodata, -9999);
    o.format = "PNG";
    EXPECT_THROW(cio::write_geotiff(fresh("png.tif"), in, o), coopatlas::usage_error);
    o.format = "GTiff";
    o.creation_options = {"COMPRESS"};
    EXPECT_THROW(cio::write_geotiff(fresh("co.tif"), in, o), coopatlas::usage_error);
}

TEST(raster_writer, a_symbolic_link_is_written_through_to_its_target) {
    const fs::path target = fresh("linked_target.tif");
    const fs::path link = fresh("linked.tif");
    fs::create_symlink(target.filename(), link);
    cio::write_geotiff(link.string(), sample());
    EXPECT_TRUE(fs::is_symlink(link));
    EXPECT_EQ(cio::read_raster(target.string()).values, sample().values);
}

namespace {
// While alive, files this process writes may not grow past `bytes`: a write beyond fails
// with EFBIG, as on a full disk (SIGXFSZ ignored so that it is an error, not a kill).
class file_size_limit {
  public:
    explicit file_size_limit(rlim_t bytes) {
        getrlimit(RLIMIT_FSIZE, &saved_);
        previous_ = std::signal(SIGXFSZ, SIG_IGN);
        rlimit limit = saved_;
        limit.rlim_cur = std::min<rlim_t>(bytes, saved_.rlim_max);
        setrlimit(RLIMIT_FSIZE, &limit);
    }
    ~file_size_limit() {
        setrlimit(RLIMIT_FSIZE, &saved_);
        std::signal(SIGXFSZ, previous_);
    }
    file_size_limit(const file_size_limit&) = delete;
    file_size_limit& operator=(const file_size_limit&) = delete;

  private:
    rlimit saved_{};
    void (*previous_)(int) = SIG_DFL;
};
} // namespace

TEST(raster_writer, a_write_that_fails_midway_is_one_message_naming_the_output) {
    const std::string path = fresh("full_disk.tif");
    cio::raster big = sample();
    big.columns = 400;
    big.rows = 400; // 640 kB of cells
    big.values.resize(big.columns * big.rows);
    std::uint32_t state = 12345; // noise, so that compression cannot bring it under the limit
    for (auto& v : big.values) {
        state = state * 1664525u + 1013904223u;
        v = static_cast<float>(state) / 4294967296.0f;
    }
    std::string message;
    testing::internal::CaptureStderr();
    {
        const file_size_limit limit(16 * 1024);
        try {
            cio::write_geotiff(path, big);
        } catch (const coopatlas::error& e) {
            message = e.what();
        }
    }
    const std::string printed = testing::internal::GetCapturedStderr();
    ASSERT_FALSE(message.empty()) << "the write did not fail";
    EXPECT_EQ(printed, "") << "GDAL printed its own messages";
    EXPECT_EQ(message.find('\n'), std::string::npos) << message;
    EXPECT_NE(message.find("'" + path + "'"), std::string::npos) << message;
    EXPECT_NE(message.find("is the disk full?"), std::string::npos) << message;
    EXPECT_FALSE(fs::exists(path));
    // nothing left behind: the temporary file is removed
    for (const auto& entry : fs::directory_iterator(fs::path(path).parent_path()))
        EXPECT_EQ(entry.path().filename().string().find(".full_disk.tif"), std::string::npos) << entry.path();
}
