#include "bench_data.hpp"

#include <coopatlas/error.hpp>
#include <coopatlas/io/vector_reader.hpp>

#include <cstdlib>
#include <filesystem>

namespace coopatlas::bench {

std::string data_dir() {
    const char* env = std::getenv("COOPATLAS_PEERS");
    return std::string(env && *env ? env : COOPATLAS_PEERS_DIR) + "/data";
}

std::string data_file(const std::string& name) {
    const std::string path = data_dir() + "/" + name;
    if (!std::filesystem::exists(path))
        throw error("missing benchmark input " + path +
                    " (run the peers' setup.sh, or point $COOPATLAS_PEERS at a folder where it ran)");
    return path;
}

const io::feature_table& study_polygons() {
    static const io::feature_table t = [] {
        io::vector_read_options o;
        o.layer = "study";
        return io::read_vector(data_file("study.gpkg"), o);
    }();
    return t;
}

const std::vector<geometry::multi_polygon>& study_geometries() {
    static const std::vector<geometry::multi_polygon> g = [] {
        std::vector<geometry::multi_polygon> out;
        for (const auto& geom : study_polygons().geometries) {
            const auto* mp = std::get_if<geometry::multi_polygon>(&geom);
            out.push_back(mp ? *mp : geometry::multi_polygon{});
        }
        return out;
    }();
    return g;
}

} // namespace coopatlas::bench
