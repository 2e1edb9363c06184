#include "io/snapshot_file.hpp"

#include <coopatlas/io/dataset_name.hpp>

#include "io/snapshot_bytes.hpp"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cctype>
#include <cstdio>
#include <filesystem>
#include <fstream>

namespace coopatlas::io::detail {

namespace fs = std::filesystem;

namespace {

// Bumped whenever what a snapshot holds, or how, changes.
constexpr std::uint32_t format_version = 3;
constexpr std::string_view magic = "coopatlas atlas snapshot\n";

// What the cache may hold: past this, the files used longest ago go first. Snapshots of
// atlases and layers have their budget; what is derived from them (projected rings, areas,
// label anchors), quicker to make again, has its own, so that it never pushes an atlas out.
struct cache_budget {
    std::vector<std::string_view> extensions;
    std::size_t files;
    std::uintmax_t bytes;
};
const cache_budget snapshot_budget{{".atlas", ".deferred", ".layer"}, 24, 512ull << 20};
const cache_budget derived_budget{{".rings", ".areas", ".anchors"}, derived_files_kept, 256ull << 20};

// Size, modification time and inode of a file, or a mark that it is absent; empty when the
// file cannot stand for its content (a folder, a device).
std::optional<std::string> file_identity(const std::string& path) {
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) return std::string("absent");
    if (!S_ISREG(st.st_mode)) return std::nullopt;
    byte_writer w;
    w.u64(static_cast<std::uint64_t>(st.st_size));
    w.i64(static_cast<std::int64_t>(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec);
    w.u64(static_cast<std::uint64_t>(st.st_ino));
    w.u64(static_cast<std::uint64_t>(st.st_dev));
    return std::move(w.bytes());
}

// Every local file an input is read from: its own, its sidecars, and for a CSV table the
// .csvt and .prj files GDAL reads beside it.
std::optional<std::vector<std::string>> local_files(const std::string& name) {
    std::vector<std::string> files = dataset_files(name);
    if (files.empty()) return std::nullopt;  // a database, a URL: no date tells its changes
    const fs::path p(name);
    std::string ext = p.extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (ext == ".csv") {
        files.push_back(name + "t");
        files.push_back(fs::path(p).replace_extension(".prj").string());
    }
    return files;
}

std::uint64_t text_hash(std::string_view s) noexcept {
    std::uint64_t h = 0xCBF29CE484222325ull;
    for (unsigned char c : s) h = (h ^ c) * 0x100000001B3ull;
    return h;
}

// Writes that never finished (their process was killed) are cleared after an hour.
void clear_stale_writes(const fs::path& dir) {
    std::error_code ec;
    const auto now = fs::file_time_type::clock::now();
    for (const auto& f : fs::directory_iterator(dir, ec)) {
        if (f.path().extension() != ".tmp") continue;
        std::error_code e1, e2;
        const auto written = fs::last_write_time(f.path(), e1);
        if (!e1 && now - written > std::chrono::hours(1)) fs::remove(f.path(), e2);
    }
}

// The files of one budget keep to it: those used longest ago are removed first.
void trim_to(const fs::path& dir, const cache_budget& budget) {
    struct kept {
        fs::path path;
        fs::file_time_type used;
        std::uintmax_t size;
    };
    std::vector<kept> files;
    std::error_code ec;
    for (const auto& f : fs::directory_iterator(dir, ec)) {
        const std::string ext = f.path().extension().string();
        if (std::find(budget.extensions.begin(), budget.extensions.end(), ext) == budget.extensions.end()) continue;
        std::error_code e1, e2;
        const auto used = fs::last_write_time(f.path(), e1);
        const auto size = fs::file_size(f.path(), e2);
        if (!e1 && !e2) files.push_back({f.path(), used, size});
    }
    std::sort(files.begin(), files.end(), [](const kept& a, const kept& b) { return a.used > b.used; });
    std::uintmax_t total = 0;
    for (std::size_t i = 0; i < files.size(); ++i) {
        total += files[i].size;
        if (i >= budget.files || total > budget.bytes) fs::remove(files[i].path, ec);
    }
}

void trim_cache(const fs::path& dir) {
    clear_stale_writes(dir);
    trim_to(dir, snapshot_budget);
    trim_to(dir, derived_budget);
}

} // namespace

// Not io::atomic_output: its temporary file takes the target's extension, which the trimming
// would count as a snapshot; a ".tmp" name is told apart, and cleared once stale.
void write_snapshot(const std::string& target, const std::string& key, const std::string& inputs,
                    const std::string& payload) {
    std::error_code ec;
    const fs::path dir = fs::path(target).parent_path();
    fs::create_directories(dir, ec);
    if (ec) return;
    static std::atomic<unsigned> serial{0};
    const std::string temp = target + "." + std::to_string(::getpid()) + "." + std::to_string(serial++) + ".tmp";
    byte_writer head;
    head.raw(magic.data(), magic.size());
    head.u32(format_version);
    head.str(key);
    head.str(inputs);
    head.u64(payload.size());
    head.u64(payload_checksum(payload));
    {
        std::ofstream out(temp, std::ios::binary | std::ios::trunc);
        out.write(head.bytes().data(), static_cast<std::streamsize>(head.bytes().size()));
        out.write(payload.data(), static_cast<std::streamsize>(payload.size()));
        out.close();
        if (!out) {
            fs::remove(temp, ec);
            return;
        }
    }
    fs::rename(temp, target, ec);
    if (ec) {
        fs::remove(temp, ec);
        return;
    }
    trim_cache(dir);
}

mapped_snapshot::mapped_snapshot(const std::string& path) : path_(path) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return;
    struct stat st {};
    if (::fstat(fd, &st) == 0 && st.st_size > 0) {
        void* p = ::mmap(nullptr, static_cast<std::size_t>(st.st_size), PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, 0);
        if (p != MAP_FAILED) {
            data_ = static_cast<const char*>(p);
            size_ = static_cast<std::size_t>(st.st_size);
        }
    }
    ::close(fd);
}

mapped_snapshot::~mapped_snapshot() {
    if (data_) ::munmap(const_cast<char*>(data_), size_);
}

std::optional<std::string_view> mapped_snapshot::payload(const std::string& key, const std::string& inputs) const {
    try {
        byte_reader r({data_, size_});
        if (std::string_view(r.take(magic.size()), magic.size()) != magic || r.u32() != format_version) return std::nullopt;
        if (r.view() != key || r.view() != inputs) return std::nullopt;
        const std::uint64_t size = r.u64(), checksum = r.u64();
        const char* payload = r.take(size);
        if (!r.done() || payload_checksum({payload, size}) != checksum) return std::nullopt;
        return std::string_view(payload, size);
    } catch (const snapshot_mismatch&) {
        return std::nullopt;
    }
}

void mapped_snapshot::used() const {
    std::error_code ec;
    fs::last_write_time(path_, fs::file_time_type::clock::now(), ec);
}

std::string snapshot_path(const std::string& dir, const std::string& key, const char* extension) {
    char name[40];
    std::snprintf(name, sizeof name, "%016llx%s", static_cast<unsigned long long>(text_hash(key)), extension);
    return (fs::path(dir) / name).string();
}

std::optional<std::string> sources_identity(const std::vector<std::string>& sources) {
    byte_writer w;
    for (const auto& input : sources) {
        const auto files = local_files(input);
        if (!files) return std::nullopt;
        for (const auto& f : *files) {
            const auto id = file_identity(f);
            if (!id) return std::nullopt;
            w.str(f);
            w.str(*id);
        }
    }
    return std::move(w.bytes());
}

} // namespace coopatlas::io::detail
