// The C++ side of bench/python_overhead.py: the W1 point-in-polygon workload made of the
// library calls coopatlas.pip() makes from Python (read the polygon layer, index it, read
// the CSV of points, count), timed in process, so that the script can tell what calling
// from Python adds.
// usage: python_overhead POLYGONS.gpkg LAYER POINTS.csv THREADS REPS
// prints one "TIME<TAB>cpp<TAB>seconds" line per repetition and the points counted inside;
// with REPS 0 it runs one repetition per line read on its input, so that the script can
// alternate it with the Python calls while both processes stay warm.

#include <coopatlas/analysis/point_in_polygon.hpp>
#include <coopatlas/error.hpp>
#include <coopatlas/io/point_table.hpp>
#include <coopatlas/io/vector_reader.hpp>

#include <chrono>
#include <cstdlib>
#include <iostream>
#include <numeric>
#include <string>
#include <vector>

int main(int argc, char** argv) {
    if (argc != 6) {
        std::cerr << "usage: python_overhead POLYGONS LAYER POINTS.csv THREADS REPS\n";
        return 2;
    }
    namespace ca = coopatlas::analysis;
    const std::string polygons_path = argv[1], layer = argv[2], points_path = argv[3];
    const auto threads = static_cast<unsigned>(std::strtoul(argv[4], nullptr, 10));
    const long reps = std::strtol(argv[5], nullptr, 10);
    auto once = [&] {
        const auto t0 = std::chrono::steady_clock::now();
        coopatlas::io::vector_read_options read;
        read.layer = layer;
        read.target_crs = "EPSG:4326";
        const auto table = coopatlas::io::read_vector(polygons_path, read);
        std::vector<coopatlas::geometry::multi_polygon> polygons;
        polygons.reserve(table.geometries.size());
        for (const auto& g : table.geometries) {
            const auto* mp = std::get_if<coopatlas::geometry::multi_polygon>(&g);
            polygons.push_back(mp ? *mp : coopatlas::geometry::multi_polygon{});
        }
        const ca::polygon_index index(polygons);
        coopatlas::io::point_table_options po;
        po.threads = threads;
        const auto points = coopatlas::io::read_point_table(points_path, po);
        const auto counts = ca::count_points(index, points.points, threads);
        const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        std::cout << "TIME\tcpp\t" << seconds << "\nINSIDE\t"
                  << std::accumulate(counts.counts.begin(), counts.counts.end(), std::uint64_t{0}) << std::endl;
    };
    try {
        if (reps == 0) {
            for (std::string line; std::getline(std::cin, line);)
                once();
        } else {
            for (long r = 0; r < reps; ++r)
                once();
        }
    } catch (const coopatlas::error& e) {
        std::cerr << "python_overhead: " << e.what() << '\n';
        return 1;
    }
    return 0;
}
