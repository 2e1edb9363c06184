#include "io/snapshot_geometry.hpp"

#include <cstring>
#include <type_traits>

namespace coopatlas::io::detail {

namespace {

void write_points(byte_writer& w, const std::vector<geometry::point>& pts) {
    w.u32(static_cast<std::uint32_t>(pts.size()));
    w.raw(pts.data(), pts.size() * sizeof(geometry::point));
}

template <class Points>
void read_points(byte_reader& r, Points& pts) {
    const std::size_t n = r.count(sizeof(geometry::point));
    pts.resize(n);
    std::memcpy(static_cast<void*>(pts.data()), r.take(n * sizeof(geometry::point)), n * sizeof(geometry::point));
}

} // namespace

void write_geometry(byte_writer& w, const geometry::geometry& g) {
    w.u8(static_cast<std::uint8_t>(g.index()));
    std::visit(
        [&](const auto& v) {
            using T = std::decay_t<decltype(v)>;
            if constexpr (std::is_same_v<T, geometry::point>) {
                w.f64(v.x);
                w.f64(v.y);
            } else if constexpr (std::is_same_v<T, geometry::multi_point> || std::is_same_v<T, geometry::line_string>) {
                write_points(w, v);
            } else if constexpr (std::is_same_v<T, geometry::multi_line_string>) {
                w.u32(static_cast<std::uint32_t>(v.size()));
                for (const auto& l : v) write_points(w, l);
            } else if constexpr (std::is_same_v<T, geometry::multi_polygon>) {
                w.u32(static_cast<std::uint32_t>(v.size()));
                for (const auto& p : v) {
                    write_points(w, p.outer);
                    w.u32(static_cast<std::uint32_t>(p.inners.size()));
                    for (const auto& ring : p.inners) write_points(w, ring);
                }
            }
        },
        g);
}

geometry::geometry read_geometry(byte_reader& r) {
    switch (r.u8()) {
    case 0: return std::monostate{};
    case 1: {
        geometry::point p;
        p.x = r.f64();
        p.y = r.f64();
        return p;
    }
    case 2: {
        geometry::multi_point m;
        read_points(r, m);
        return m;
    }
    case 3: {
        geometry::line_string l;
        read_points(r, l);
        return l;
    }
    case 4: {
        geometry::multi_line_string m(r.count(4));
        for (auto& l : m) read_points(r, l);
        return m;
    }
    case 5: {
        geometry::multi_polygon m(r.count(8));
        for (auto& p : m) {
            read_points(r, p.outer);
            p.inners.resize(r.count(4));
            for (auto& ring : p.inners) read_points(r, ring);
        }
        return m;
    }
    default: throw snapshot_mismatch{};
    }
}

} // namespace coopatlas::io::detail
