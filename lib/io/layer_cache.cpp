#include "io/layer_cache.hpp"

#include <coopatlas/io/atlas_manifest.hpp>
#include <coopatlas/io/vector_reader.hpp>
#include <coopatlas/version.hpp>

#include "io/snapshot_bytes.hpp"
#include "io/snapshot_file.hpp"
#include "io/snapshot_geometry.hpp"

#include <filesystem>

namespace coopatlas::io::detail {

namespace fs = std::filesystem;

std::vector<geometry::geometry> layer_geometries(const std::string& source, const std::string& layer) {
    auto read = [&] {
        vector_read_options ro;
        ro.layer = layer;
        return read_vector(source, ro).geometries;
    };
    const std::string dir = atlas_cache_dir();
    const auto identity = dir.empty() ? std::nullopt : sources_identity({source});
    std::error_code ec;
    const fs::path absolute = fs::absolute(source, ec);
    if (!identity || ec) return read();
    const std::string key = std::string(COOPATLAS_VERSION_STRING) + "\nlayer geometries\n" + absolute.string() + "\n" + layer;
    const std::string path = snapshot_path(dir, key, ".layer");
    {
        const mapped_snapshot kept(path);
        if (const auto payload = kept.payload(key, *identity)) {
            try {
                byte_reader r(*payload);
                std::vector<geometry::geometry> out(r.count(1));
                for (auto& g : out) g = read_geometry(r);
                if (r.done()) {
                    kept.used();
                    return out;
                }
            } catch (const snapshot_mismatch&) {
                // written again below
            }
        }
    }
    std::vector<geometry::geometry> out = read();
    byte_writer w;
    w.u32(static_cast<std::uint32_t>(out.size()));
    for (const auto& g : out) write_geometry(w, g);
    write_snapshot(path, key, *identity, w.bytes());
    return out;
}

} // namespace coopatlas::io::detail
