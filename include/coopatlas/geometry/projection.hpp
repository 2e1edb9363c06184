#pragma once
/// \file
/// \brief Coordinate transformation between two CRSs through PROJ.
///
/// Thread safety: a projection owns its PROJ context; use one object per thread.
/// Exception safety: strong; construction throws coopatlas::error with PROJ's message.

#include <coopatlas/config.hpp>
#include <coopatlas/geometry/geometry.hpp>

#include <memory>
#include <span>
#include <string>

struct pj_ctx; // PROJ's PJ_CONTEXT

namespace coopatlas::geometry {

/// \brief A PROJ context that several projections of one thread share: PROJ's database is
/// opened once, and what it reads (CRSs, datums, operations) is cached for all of them —
/// the second projection from "EPSG:4326" costs a fraction of the first. Copies share the
/// context, which lives as long as the last of them and of the projections made with it.
/// Not for projections used by different threads at the same time.
class COOPATLAS_API projection_context {
public:
    projection_context();
    /// The PROJ context (a PJ_CONTEXT*), for direct PROJ calls in the same thread.
    [[nodiscard]] ::pj_ctx* native() const noexcept;

private:
    friend class projection;
    std::shared_ptr<::pj_ctx> ctx_;
};

/// \brief A transformation from one CRS to another, both given as anything PROJ
/// accepts ("EPSG:2154", "+proj=laea +lat_0=36 +lon_0=-4", WKT). Axis order is
/// always longitude/easting first.
class COOPATLAS_API projection {
public:
    projection(const std::string& source_crs, const std::string& target_crs);
    /// The same, on a context shared with other projections of the thread.
    projection(const std::string& source_crs, const std::string& target_crs, const projection_context& context);
    ~projection();
    projection(projection&&) noexcept;
    projection& operator=(projection&&) noexcept;
    projection(const projection&) = delete;
    projection& operator=(const projection&) = delete;

    [[nodiscard]] point forward(const point& p) const;
    [[nodiscard]] point inverse(const point& p) const;
    /// Transforms in place; points that cannot be transformed become infinite.
    void forward(std::span<point> pts) const;
    void inverse(std::span<point> pts) const;

    [[nodiscard]] const std::string& source_crs() const noexcept { return source_; }
    [[nodiscard]] const std::string& target_crs() const noexcept { return target_; }

    /// \brief The operation as one PROJ pipeline string, axis order included; empty when
    /// PROJ cannot write it as one (several operations chosen by area, grids not found).
    [[nodiscard]] std::string pipeline() const;

    /// \brief A projection between two CRSs made from a pipeline() an earlier projection
    /// between them gave, without PROJ's database search. Throws coopatlas::error when
    /// PROJ cannot read the pipeline.
    [[nodiscard]] static projection with_pipeline(const std::string& source_crs, const std::string& target_crs,
                                                  const std::string& pipeline, const projection_context& context);

private:
    struct unsearched {};
    projection(unsearched, std::string source_crs, std::string target_crs);  // with_pipeline() fills it
    struct impl;
    std::unique_ptr<impl> impl_;
    std::string source_;
    std::string target_;
};

/// \brief The distortion of a projection at one place, from PROJ's `proj_factors`.
struct scale_factors {
    double meridional = 1;          ///< scale along the meridian (h)
    double parallel = 1;            ///< scale along the parallel (k)
    double areal = 1;               ///< area on the map over true area (s); 1 = equal-area
    double angular_distortion = 0;  ///< largest change of an angle, in degrees; 0 = conformal
    double meridian_convergence = 0; ///< angle from grid north to true north, in degrees
};

/// \brief Sets up what PROJ shares between all its contexts (its database, opened once
/// per process: 5–10 ms before the first projection of a process) now, so that a caller
/// may do it in a thread of its own while it reads its data. Safe from any thread, any
/// number of times; errors are left for the projections to report.
COOPATLAS_API void prepare_projections() noexcept;

/// \brief The scale factors of a projected CRS (anything PROJ accepts) at a lon/lat
/// point of its geographic base. Throws coopatlas::error when the CRS is not a
/// projection or PROJ cannot compute them there.
COOPATLAS_API scale_factors distortion_at(const std::string& projected_crs, const point& lonlat);

/// \brief Transforms every coordinate of a geometry.
COOPATLAS_API geometry transform(const geometry& g, const projection& p);
COOPATLAS_API multi_polygon transform(const multi_polygon& mp, const projection& p);

} // namespace coopatlas::geometry
