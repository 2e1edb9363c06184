#include "render/operation_store.hpp"

#include <coopatlas/error.hpp>
#include <coopatlas/io/atlas_manifest.hpp>

#include "geometry/proj_release.hpp"

#include <proj.h>

#include <array>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <sstream>
#include <unistd.h>

namespace coopatlas::render::detail {

namespace {

namespace fs = std::filesystem;

constexpr const char* file_name = "proj-operations.tsv";
constexpr std::size_t most_kept = 256;  // operations a file keeps; the oldest go first

// What the search depended on: the PROJ release and its database file.
std::string searched_with() {
    std::string db;
    if (PJ_CONTEXT* ctx = proj_context_create()) {
        if (const char* path = proj_context_get_database_path(ctx)) db = path;
        proj_context_destroy(ctx);
    }
    std::error_code ec;
    const auto size = fs::file_size(db, ec);
    const auto time = fs::last_write_time(db, ec);
    return geometry::detail::proj_release() + " " + db + " " + (ec ? "?" : std::to_string(size)) +
           " " + std::to_string(time.time_since_epoch().count());
}

bool one_line(const std::string& s) { return s.find_first_of("\t\n\r") == std::string::npos; }

struct store {
    std::mutex mutex;
    bool loaded = false;
    std::string folder;
    std::string version;
    std::map<std::pair<std::string, std::string>, std::string> operations;

    std::string path() const { return (fs::path(folder) / file_name).string(); }

    // Every well-formed line of the file searched with this PROJ and database.
    std::map<std::pair<std::string, std::string>, std::string> read() const {
        std::map<std::pair<std::string, std::string>, std::string> out;
        std::ifstream in(path());
        std::string line;
        while (std::getline(in, line)) {
            std::array<std::string, 4> f;
            std::istringstream fields(line);
            std::size_t n = 0;
            while (n < f.size() && std::getline(fields, f[n], '\t'))
                ++n;
            if (n == 4 && f[0] == version && f[3].rfind("+proj=", 0) == 0) out[{f[1], f[2]}] = f[3];
        }
        return out;
    }

    void load() {
        if (loaded) return;
        loaded = true;
        folder = io::atlas_cache_dir();
        if (folder.empty()) return;
        version = searched_with();
        operations = read();
    }
};

store& the_store() {
    static store s;
    return s;
}

} // namespace

bool same_operation(const geometry::projection& a, const geometry::projection& b) {
    for (double lon = -175; lon <= 175; lon += 25)
        for (double lat = -80; lat <= 80; lat += 20) {
            const geometry::point p{lon, lat};
            const geometry::point qa = a.forward(p), qb = b.forward(p);
            if (!(qa == qb)) return false;
            if (std::isfinite(qa.x) && std::isfinite(qa.y) && !(a.inverse(qa) == b.inverse(qa))) return false;
        }
    return true;
}

geometry::projection copy_for_thread(const geometry::projection& p) {
    const geometry::projection_context own;
    if (const std::string text = p.pipeline(); !text.empty()) {
        try {
            auto copy = geometry::projection::with_pipeline(p.source_crs(), p.target_crs(), text, own);
            if (same_operation(p, copy)) return copy;
        } catch (const error&) {
        }
    }
    return geometry::projection(p.source_crs(), p.target_crs(), own);
}

std::optional<std::string> kept_operation(const std::string& source, const std::string& target) {
    store& s = the_store();
    const std::lock_guard lock(s.mutex);
    s.load();
    const auto it = s.operations.find({source, target});
    if (it == s.operations.end()) return std::nullopt;
    return it->second;
}

void reload_kept_operations() {
    store& s = the_store();
    const std::lock_guard lock(s.mutex);
    s.loaded = false;
    s.operations.clear();
}

void keep_operation(const geometry::projection& found, const geometry::projection_context& context) noexcept {
    try {
        const std::string& source = found.source_crs();
        const std::string& target = found.target_crs();
        if (!one_line(source) || !one_line(target)) return;
        const std::string pipeline = found.pipeline();
        if (pipeline.empty() || !one_line(pipeline)) return;
        const auto read_back = geometry::projection::with_pipeline(source, target, pipeline, context);
        if (!same_operation(found, read_back)) return;

        store& s = the_store();
        const std::lock_guard lock(s.mutex);
        s.load();
        if (s.folder.empty()) return;
        s.operations[{source, target}] = pipeline;
        // what other runs kept meanwhile, and this one
        auto all = s.read();
        all[{source, target}] = pipeline;
        while (all.size() > most_kept)
            all.erase(all.begin());
        std::error_code ec;
        fs::create_directories(s.folder, ec);
        const std::string temp = s.path() + "." + std::to_string(::getpid()) + ".tmp";
        {
            std::ofstream out(temp, std::ios::trunc);
            for (const auto& [key, text] : all)
                out << s.version << '\t' << key.first << '\t' << key.second << '\t' << text << '\n';
            if (!out) {
                fs::remove(temp, ec);
                return;
            }
        }
        fs::rename(temp, s.path(), ec);
        if (ec) fs::remove(temp, ec);
    } catch (...) {
        // a cache that cannot be written costs the next run a search, nothing more
    }
}

} // namespace coopatlas::render::detail
