// Columns and geometries handed to Python.

#include "bindings.hpp"

#include <coopatlas/error.hpp>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>

namespace coopatlas::python {

void columns::text(const char* name, const std::vector<std::string>& values) {
    py::list out(values.size());
    for (std::size_t i = 0; i < values.size(); ++i)
        out[i] = py::str(values[i]);
    dict_[name] = std::move(out);
}

void columns::real(const char* name, const std::vector<double>& values) {
    py::array_t<double> out(static_cast<py::ssize_t>(values.size()));
    if (!values.empty()) std::memcpy(out.mutable_data(), values.data(), values.size() * sizeof(double));
    dict_[name] = std::move(out);
}

void columns::integer(const char* name, const std::vector<long long>& values) {
    py::array_t<std::int64_t> out(static_cast<py::ssize_t>(values.size()));
    auto* data = out.mutable_data();
    for (std::size_t i = 0; i < values.size(); ++i)
        data[i] = values[i];
    dict_[name] = std::move(out);
}

void columns::boolean(const char* name, const std::vector<bool>& values) {
    py::array_t<bool> out(static_cast<py::ssize_t>(values.size()));
    auto* data = out.mutable_data();
    for (std::size_t i = 0; i < values.size(); ++i)
        data[i] = values[i];
    dict_[name] = std::move(out);
}

namespace {

// --- writing (little endian, 2D)
class wkb_writer {
  public:
    std::string out;
    void byte(std::uint8_t b) { out.push_back(static_cast<char>(b)); }
    void u32(std::uint32_t v) {
        for (int i = 0; i < 4; ++i)
            byte(static_cast<std::uint8_t>(v >> (8 * i)));
    }
    void f64(double d) {
        std::uint64_t v;
        std::memcpy(&v, &d, sizeof v);
        for (int i = 0; i < 8; ++i)
            byte(static_cast<std::uint8_t>(v >> (8 * i)));
    }
    void header(std::uint32_t type) {
        byte(1);
        u32(type);
    }
    void points(const std::vector<geometry::point>& pts) {
        u32(static_cast<std::uint32_t>(pts.size()));
        for (const auto& p : pts) {
            f64(p.x);
            f64(p.y);
        }
    }
    void point(const geometry::point& p) {
        header(1);
        f64(p.x);
        f64(p.y);
    }
    void line(const geometry::line_string& l) {
        header(2);
        points(l);
    }
    void polygon(const geometry::polygon& p) {
        header(3);
        u32(static_cast<std::uint32_t>(1 + p.inners.size()));
        points(p.outer);
        for (const auto& r : p.inners)
            points(r);
    }
};

// --- reading
class wkb_reader {
  public:
    explicit wkb_reader(std::string_view data) : data_(data) {}

    geometry::geometry read() {
        geometry::geometry g = read_geometry();
        if (pos_ != data_.size()) fail("trailing bytes after the geometry");
        return g;
    }

  private:
    std::string_view data_;
    std::size_t pos_ = 0;
    bool little_ = true;
    int dims_ = 2;

    [[noreturn]] static void fail(const std::string& what) { throw error("invalid WKB: " + what); }

    void need(std::size_t n) const {
        if (data_.size() - pos_ < n) fail("truncated");
    }
    std::uint32_t u32() {
        need(4);
        std::uint32_t v = 0;
        for (int i = 0; i < 4; ++i) {
            const auto b =
                static_cast<std::uint32_t>(static_cast<unsigned char>(data_[pos_ + static_cast<std::size_t>(i)]));
            v |= little_ ? b << (8 * i) : b << (8 * (3 - i));
        }
        pos_ += 4;
        return v;
    }
    double f64() {
        need(8);
        std::uint64_t v = 0;
        for (int i = 0; i < 8; ++i) {
            const auto b =
                static_cast<std::uint64_t>(static_cast<unsigned char>(data_[pos_ + static_cast<std::size_t>(i)]));
            v |= little_ ? b << (8 * i) : b << (8 * (7 - i));
        }
        pos_ += 8;
        double d;
        std::memcpy(&d, &v, sizeof d);
        return d;
    }
    geometry::point coordinate() {
        geometry::point p{f64(), f64()};
        for (int k = 2; k < dims_; ++k)
            (void)f64();
        return p;
    }
    std::vector<geometry::point> sequence() {
        const std::uint32_t n = u32();
        need(static_cast<std::size_t>(n) * 8 * static_cast<std::size_t>(dims_));
        std::vector<geometry::point> out;
        out.reserve(n);
        for (std::uint32_t i = 0; i < n; ++i)
            out.push_back(coordinate());
        return out;
    }
    // Reads a geometry header: byte order, flat type and dimensions.
    std::uint32_t header() {
        need(1);
        const auto order = static_cast<unsigned char>(data_[pos_++]);
        if (order > 1) fail("unknown byte order");
        little_ = order == 1;
        std::uint32_t type = u32();
        bool z = false, m = false;
        if (type & 0x80000000u) z = true;
        if (type & 0x40000000u) m = true;
        if (type & 0x20000000u) (void)u32(); // EWKB SRID
        type &= 0x0fffffffu;
        if (type >= 3000) {
            z = m = true;
            type -= 3000;
        } else if (type >= 2000) {
            m = true;
            type -= 2000;
        } else if (type >= 1000) {
            z = true;
            type -= 1000;
        }
        dims_ = 2 + (z ? 1 : 0) + (m ? 1 : 0);
        return type;
    }
    geometry::polygon polygon_body() {
        geometry::polygon p;
        const std::uint32_t rings = u32();
        for (std::uint32_t r = 0; r < rings; ++r) {
            auto ring = sequence();
            if (r == 0)
                p.outer = std::move(ring);
            else
                p.inners.push_back(std::move(ring));
        }
        return p;
    }
    // Polygons of a polygon, multipolygon or collection, in order (others skipped).
    void collect_polygons(std::uint32_t type, geometry::multi_polygon& out) {
        if (type == 3) {
            auto p = polygon_body();
            if (!p.outer.empty()) out.push_back(std::move(p));
        } else if (type == 6 || type == 7) {
            const std::uint32_t n = u32();
            for (std::uint32_t i = 0; i < n; ++i)
                collect_polygons(header(), out);
        } else {
            (void)skip_body(type);
        }
    }
    geometry::geometry skip_body(std::uint32_t type) { return body(type); }

    geometry::geometry body(std::uint32_t type) {
        switch (type) {
        case 1: {
            const auto p = coordinate();
            if (std::isnan(p.x) && std::isnan(p.y)) return std::monostate{};
            return p;
        }
        case 2: {
            auto pts = sequence();
            if (pts.empty()) return std::monostate{};
            return geometry::line_string(pts.begin(), pts.end());
        }
        case 4: {
            geometry::multi_point out;
            const std::uint32_t n = u32();
            for (std::uint32_t i = 0; i < n; ++i) {
                const auto g = body(header());
                if (const auto* p = std::get_if<geometry::point>(&g)) out.push_back(*p);
            }
            if (out.empty()) return std::monostate{};
            return out;
        }
        case 5: {
            geometry::multi_line_string out;
            const std::uint32_t n = u32();
            for (std::uint32_t i = 0; i < n; ++i) {
                const auto g = body(header());
                if (const auto* l = std::get_if<geometry::line_string>(&g)) out.push_back(*l);
            }
            if (out.empty()) return std::monostate{};
            return out;
        }
        case 3:
        case 6:
        case 7: {
            geometry::multi_polygon out;
            collect_polygons(type, out);
            geometry::normalize(out);
            if (out.empty()) return std::monostate{};
            return out;
        }
        default:
            fail("unsupported geometry type " + std::to_string(type) + " (points, lines and polygons are read)");
        }
    }
    geometry::geometry read_geometry() { return body(header()); }
};

} // namespace

std::string to_wkb(const geometry::geometry& g) {
    wkb_writer w;
    std::visit(
        [&w](const auto& v) {
            using T = std::decay_t<decltype(v)>;
            if constexpr (std::is_same_v<T, std::monostate>) {
            } else if constexpr (std::is_same_v<T, geometry::point>) {
                w.point(v);
            } else if constexpr (std::is_same_v<T, geometry::multi_point>) {
                w.header(4);
                w.u32(static_cast<std::uint32_t>(v.size()));
                for (const auto& p : v)
                    w.point(p);
            } else if constexpr (std::is_same_v<T, geometry::line_string>) {
                w.line(v);
            } else if constexpr (std::is_same_v<T, geometry::multi_line_string>) {
                w.header(5);
                w.u32(static_cast<std::uint32_t>(v.size()));
                for (const auto& l : v)
                    w.line(l);
            } else {
                w.header(6);
                w.u32(static_cast<std::uint32_t>(v.size()));
                for (const auto& p : v)
                    w.polygon(p);
            }
        },
        g);
    return std::move(w.out);
}

geometry::geometry from_wkb(std::string_view wkb) {
    return wkb_reader(wkb).read();
}

py::list wkb_list(const std::vector<const geometry::geometry*>& geometries) {
    std::vector<std::string> encoded(geometries.size());
    {
        py::gil_scoped_release release;
        for (std::size_t i = 0; i < geometries.size(); ++i)
            if (geometries[i]) encoded[i] = to_wkb(*geometries[i]);
    }
    py::list out(geometries.size());
    for (std::size_t i = 0; i < encoded.size(); ++i)
        out[i] = encoded[i].empty() ? py::object(py::none()) : py::object(py::bytes(encoded[i]));
    return out;
}

} // namespace coopatlas::python
