// The pipelines written without PROJ's database give, to the last bit, what PROJ's own
// search between the two CRSs (proj_create_crs_to_crs, axis order normalised) gives; and
// anything outside their scope is left to that search.

#include "geometry/wgs84_pipeline.hpp"

#include <coopatlas/geometry/projection.hpp>

#include <gtest/gtest.h>
#include <proj.h>

#include <cmath>
#include <memory>
#include <string>
#include <vector>

namespace coopatlas::geometry {
namespace {

using detail::is_wgs84_lonlat;
using detail::wgs84_pipeline;

// PROJ's answer through its database, as an independent reference.
struct proj_reference {
    PJ_CONTEXT* ctx = proj_context_create();
    PJ* pj = nullptr;
    proj_reference(const std::string& from, const std::string& to) {
        proj_log_level(ctx, PJ_LOG_NONE);
        PJ* raw = proj_create_crs_to_crs(ctx, from.c_str(), to.c_str(), nullptr);
        if (raw) pj = proj_normalize_for_visualization(ctx, raw);
        proj_destroy(raw);
    }
    ~proj_reference() {
        proj_destroy(pj);
        proj_context_destroy(ctx);
    }
    proj_reference(const proj_reference&) = delete;
    proj_reference& operator=(const proj_reference&) = delete;
    point forward(const point& p) const {
        const PJ_COORD c = proj_trans(pj, PJ_FWD, proj_coord(p.x, p.y, 0, 0));
        return {c.xy.x, c.xy.y};
    }
};

// The map projections the library names (render/map.cpp, bench/w5/maps) and a few more.
const std::vector<std::string> projections{
    "+proj=lcc +lat_0=29 +lon_0=-9 +lat_1=24 +lat_2=34 +x_0=0 +y_0=0 +datum=WGS84 +units=m +no_defs",
    "+proj=aea +lat_0=40 +lon_0=2 +lat_1=30 +lat_2=50 +x_0=0 +y_0=0 +datum=WGS84 +units=m +no_defs",
    "+proj=omerc +lat_0=39.9 +lat_1=48.8566 +lon_1=2.3522 +lat_2=30.4278 +lon_2=-9.5981 +k_0=0.995 +x_0=0 +y_0=0 "
    "+datum=WGS84 +units=m +no_defs",
    "+proj=laea +lat_0=36 +lon_0=-4 +datum=WGS84 +units=m +no_defs",
    "+proj=eqearth +lon_0=0 +datum=WGS84 +units=m +no_defs",
    "+proj=aeqd +lat_0=48.8566 +lon_0=2.3522 +datum=WGS84 +units=m +no_defs",
    "+proj=utm +zone=31 +datum=WGS84 +units=m +no_defs +type=crs",
    "+proj=utm +zone=29 +datum=WGS84 +units=m +no_defs",
    "+proj=merc +lat_ts=10 +datum=WGS84",
    "+proj=stere +lat_0=90 +lat_ts=70 +lon_0=-45 +datum=WGS84 +units=m",
    "+proj=robin +lon_0=0 +datum=WGS84",
    "+proj=moll +lon_0=10 +datum=WGS84",
    "+proj=natearth +datum=WGS84",
    "+proj=ortho +lat_0=30 +lon_0=-5 +datum=WGS84",
    "+proj=eqc +lat_ts=30 +datum=WGS84",
};

TEST(wgs84_pipeline, gives_the_bits_of_proj_database_search_both_ways) {
    std::vector<point> lonlat;
    for (double lon = -170; lon <= 170; lon += 17)
        for (double lat = -80; lat <= 80; lat += 8.5)
            lonlat.push_back({lon, lat});
    for (const auto& target : projections) {
        SCOPED_TRACE(target);
        ASSERT_TRUE(wgs84_pipeline("EPSG:4326", target).has_value());
        ASSERT_TRUE(wgs84_pipeline(target, "EPSG:4326").has_value());
        const projection mine("EPSG:4326", target);
        const projection back(target, "EPSG:4326");
        const proj_reference theirs("EPSG:4326", target);
        const proj_reference theirs_back(target, "EPSG:4326");
        ASSERT_NE(theirs.pj, nullptr);
        std::size_t compared = 0;
        for (const auto& p : lonlat) {
            const point want = theirs.forward(p);
            const point got = mine.forward(p);
            if (!std::isfinite(want.x) || !std::isfinite(want.y) || std::abs(want.x) > 1e30) {
                EXPECT_FALSE(std::isfinite(got.x) && std::isfinite(got.y) && std::abs(got.x) < 1e30)
                    << p.x << " " << p.y << " -> " << got.x << " " << got.y;
                continue;
            }
            EXPECT_EQ(got.x, want.x) << p.x << " " << p.y;
            EXPECT_EQ(got.y, want.y) << p.x << " " << p.y;
            const point want_back = theirs_back.forward(want);
            const point got_back = back.forward(want);
            EXPECT_EQ(got_back.x, want_back.x) << p.x << " " << p.y;
            EXPECT_EQ(got_back.y, want_back.y) << p.x << " " << p.y;
            ++compared;
        }
        EXPECT_GT(compared, lonlat.size() / 4);
    }
}

TEST(wgs84_pipeline, the_same_for_every_spelling_of_wgs84_longitude_latitude) {
    for (const char* lonlat : {"EPSG:4326", "OGC:CRS84", "+proj=longlat +datum=WGS84 +no_defs",
                               "+datum=WGS84 +proj=lonlat +type=crs"}) {
        SCOPED_TRACE(lonlat);
        EXPECT_TRUE(is_wgs84_lonlat(lonlat));
        const projection mine(lonlat, projections.front());
        const proj_reference theirs("EPSG:4326", projections.front());
        const point p{-7.6, 33.6};  // Casablanca
        EXPECT_EQ(mine.forward(p).x, theirs.forward(p).x);
        EXPECT_EQ(mine.forward(p).y, theirs.forward(p).y);
    }
    for (const char* other : {"EPSG:4258", "+proj=longlat +ellps=GRS80", "+proj=longlat +datum=WGS84 +pm=paris",
                              "EPSG:2154", "+proj=longlat +datum=WGS84 +axis=neu", ""})
        EXPECT_FALSE(is_wgs84_lonlat(other)) << other;
}

TEST(wgs84_pipeline, anything_beyond_a_plain_projection_on_wgs84_is_left_to_the_database) {
    const std::string lcc = "+proj=lcc +lat_0=29 +lon_0=-9 +lat_1=24 +lat_2=34";
    for (const std::string& target :
         {lcc,                                                      // no datum: PROJ's default is not ours to assume
          lcc + " +ellps=GRS80",                                     // another ellipsoid
          lcc + " +datum=WGS84 +units=km",                           // other units
          lcc + " +datum=WGS84 +towgs84=0,0,0",                      // a datum shift
          lcc + " +datum=WGS84 +nadgrids=@null",                     // grids
          lcc + " +datum=WGS84 +axis=neu",                           // axis order
          lcc + " +datum=WGS84 +pm=paris",                           // prime meridian
          lcc + " +datum=WGS84 +lat_1=30",                           // a parameter given twice is PROJ's to judge
          std::string("+proj=geocent +datum=WGS84"),                 // not a map projection
          std::string("+proj=tmerc +lon_0=3 +k=0.9996 +x_0=500000 +datum=WGS84"),  // PROJ writes it as UTM
          std::string("+proj=lcc +lat_1=abc +datum=WGS84"),          // not a number
          std::string("+init=epsg:2154"), std::string("EPSG:2154"), std::string("lcc +datum=WGS84")}) {
        EXPECT_FALSE(wgs84_pipeline("EPSG:4326", target).has_value()) << target;
    }
    // neither side WGS 84 longitude/latitude
    EXPECT_FALSE(wgs84_pipeline("EPSG:4258", projections.front()).has_value());
    EXPECT_FALSE(wgs84_pipeline(projections.front(), projections[1]).has_value());
    // and a projection the database must find still works
    const projection lambert93("EPSG:4326", "EPSG:2154");
    const point paris = lambert93.forward({2.3522, 48.8566});
    EXPECT_NEAR(paris.x, 652000, 2000);  // Lambert-93 coordinates of Paris: about (652 km, 6862 km)
    EXPECT_NEAR(paris.y, 6862000, 2000);
}

} // namespace
} // namespace coopatlas::geometry
