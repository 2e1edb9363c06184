#include <coopatlas/io/dataset_name.hpp>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <system_error>

#include <sys/stat.h>

namespace coopatlas::io {

namespace fs = std::filesystem;

namespace {

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
}

bool starts_with(std::string_view s, std::string_view prefix) {
    return s.substr(0, prefix.size()) == prefix;
}

// Sidecars written or read with a file of each extension (GDAL's own lists, plus the
// styles and field table coopatlas writes beside a shapefile).
const std::vector<std::string>& shapefile_parts() {
    static const std::vector<std::string> parts = {".shp", ".shx", ".dbf", ".prj", ".cpg", ".qix",
                                                   ".sbn", ".sbx", ".qml", ".sld", ".qmd", ".fields.csv"};
    return parts;
}

} // namespace

bool is_gdal_name(std::string_view name) {
    if (starts_with(name, "/vsi")) return true;
    if (name.find("://") != std::string_view::npos) return true;
    // PG:…, MySQL:…, GPKG:path:layer: a word of two or more letters before a colon
    // (one letter would be a drive, and a path holds a slash before any colon)
    const auto colon = name.find(':');
    if (colon == std::string_view::npos || colon < 2) return false;
    return std::all_of(name.begin(), name.begin() + static_cast<long>(colon),
                       [](unsigned char c) { return std::isalnum(c) || c == '_'; }) &&
           std::isalpha(static_cast<unsigned char>(name.front()));
}

std::string resolve_source(const std::string& base_dir, const std::string& name) {
    if (name.empty() || is_gdal_name(name)) return name;
    const fs::path given(name);
    if (given.is_absolute() || base_dir.empty()) return given.lexically_normal().string();
    return (fs::path(base_dir) / given).lexically_normal().string();
}

std::vector<std::string> dataset_files(const std::string& name) {
    if (name.empty() || name == "-") return {};
    if (is_gdal_name(name)) {
        // /vsizip/archive.zip/inner.shp: the archive is the local file
        for (const char* prefix : {"/vsizip/", "/vsitar/", "/vsigzip/", "/vsi7z/"}) {
            if (!starts_with(name, prefix)) continue;
            std::string rest = name.substr(std::string_view(prefix).size());
            if (starts_with(rest, "{")) { // /vsizip/{path}/inner
                const auto close = rest.find('}');
                return close == std::string::npos ? std::vector<std::string>{}
                                                  : std::vector<std::string>{rest.substr(1, close - 1)};
            }
            // the longest leading part that is an existing file, else the part up to the archive's extension
            fs::path p;
            std::string found;
            for (const auto& part : fs::path(rest)) {
                p /= part;
                std::error_code ec;
                if (fs::is_regular_file(p, ec)) found = p.string();
            }
            if (found.empty()) {
                const std::string l = lower(rest);
                for (const char* ext : {".zip", ".tar.gz", ".tgz", ".tar", ".gz", ".7z"}) {
                    const auto at = l.find(ext);
                    if (at != std::string::npos) {
                        found = rest.substr(0, at + std::string_view(ext).size());
                        break;
                    }
                }
            }
            return found.empty() ? std::vector<std::string>{} : std::vector<std::string>{found};
        }
        return {};
    }
    std::vector<std::string> files = {name};
    const fs::path p(name);
    const std::string ext = lower(p.extension().string());
    const auto& parts = shapefile_parts();
    if (std::find(parts.begin(), parts.end(), ext) != parts.end() && ext != ".qml" && ext != ".sld" && ext != ".qmd") {
        fs::path stem = p;
        stem.replace_extension();
        for (const auto& part : parts) {
            const std::string f = stem.string() + part;
            if (f != name) files.push_back(f);
        }
    } else if (ext == ".gpkg" || ext == ".sqlite" || ext == ".db") {
        for (const char* journal : {"-wal", "-shm", "-journal"})
            files.push_back(name + journal);
    }
    return files;
}

bool same_file(const std::string& a, const std::string& b) {
    std::error_code ec;
    if (fs::exists(a, ec) && fs::exists(b, ec)) {
        const bool same = fs::equivalent(a, b, ec);
        if (!ec) return same;
    }
    return fs::weakly_canonical(a, ec) == fs::weakly_canonical(b, ec);
}

std::string link_target(const std::string& path) {
    fs::path p(path);
    for (int hops = 0; hops < 40; ++hops) {
        std::error_code ec;
        if (!fs::is_symlink(fs::symlink_status(p, ec))) return p.string();
        const fs::path next = fs::read_symlink(p, ec);
        if (ec) return p.string();
        p = next.is_absolute() ? next : (p.parent_path() / next).lexically_normal();
    }
    return p.string(); // a loop of links: the write fails with the system's message
}

int descriptor_name(const std::string& path) {
    if (path == "-" || path == "/dev/stdout") return 1;
    if (path == "/dev/stderr") return 2;
    if (path == "/dev/stdin") return 0;
    for (const char* prefix : {"/dev/fd/", "/proc/self/fd/"}) {
        if (!starts_with(path, prefix)) continue;
        const std::string digits = path.substr(std::string_view(prefix).size());
        if (digits.empty() || digits.size() > 6 ||
            !std::all_of(digits.begin(), digits.end(), [](unsigned char c) { return std::isdigit(c); }))
            return -1;
        return std::stoi(digits);
    }
    return -1;
}

bool is_stream_output(const std::string& path) {
    if (descriptor_name(path) >= 0) return true;
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) return false; // follows links: what a write would open
    return S_ISFIFO(st.st_mode) || S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode) || S_ISSOCK(st.st_mode);
}

} // namespace coopatlas::io
