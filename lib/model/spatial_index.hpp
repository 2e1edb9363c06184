#pragma once
// Private: bulk-loaded Boost.Geometry R-tree over entity bounding boxes.

#include <coopatlas/geometry/geometry.hpp>

#include <cstddef>
#include <memory>
#include <vector>

namespace coopatlas::model::detail {

class spatial_index {
public:
    struct item {
        geometry::box bounds;
        std::size_t value;
    };
    explicit spatial_index(const std::vector<item>& items);
    ~spatial_index();
    spatial_index(const spatial_index&) = delete;
    spatial_index& operator=(const spatial_index&) = delete;

    /// Values whose box contains the point.
    void query(const geometry::point& p, std::vector<std::size_t>& out) const;
    /// Values whose box intersects the box.
    void query(const geometry::box& b, std::vector<std::size_t>& out) const;

private:
    struct impl;
    std::unique_ptr<impl> impl_;
};

} // namespace coopatlas::model::detail
