#include "io/atlas_snapshot.hpp"

#include <coopatlas/error.hpp>
#include <coopatlas/io/dataset_name.hpp>
#include <coopatlas/version.hpp>

#include "io/snapshot_bytes.hpp"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <unordered_map>

namespace coopatlas::io::detail {

namespace fs = std::filesystem;

namespace {

// Bumped whenever what a snapshot holds, or how, changes.
constexpr std::uint32_t format_version = 1;
constexpr std::string_view magic = "coopatlas atlas snapshot\n";

// What the cache may hold: past this, the snapshots used longest ago go first.
constexpr std::uintmax_t cache_budget_bytes = 512ull << 20;
constexpr std::size_t cache_budget_files = 24;

// ---------------------------------------------------------------- inputs

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

std::optional<std::string> inputs_identity(const atlas_manifest& manifest) {
    byte_writer w;
    for (const auto& input : manifest.input_files()) {
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

std::uint64_t text_hash(std::string_view s) noexcept {
    std::uint64_t h = 0xCBF29CE484222325ull;
    for (unsigned char c : s) h = (h ^ c) * 0x100000001B3ull;
    return h;
}

// ---------------------------------------------------------------- entities

// Strings that many entities share (country, level, source, file) are written once.
class string_table_writer {
public:
    std::uint32_t operator()(const std::string& s) {
        auto [it, added] = ids_.emplace(s, static_cast<std::uint32_t>(order_.size()));
        if (added) order_.push_back(&it->first);
        return it->second;
    }
    void write(byte_writer& w) const {
        w.u32(static_cast<std::uint32_t>(order_.size()));
        for (const std::string* s : order_) w.str(*s);
    }

private:
    std::unordered_map<std::string, std::uint32_t> ids_;
    std::vector<const std::string*> order_;
};

std::vector<std::string> read_string_table(byte_reader& r) {
    std::vector<std::string> table(r.count(4));
    for (auto& s : table) s = r.str();
    return table;
}

const std::string& shared(byte_reader& r, const std::vector<std::string>& table) {
    const std::uint32_t i = r.u32();
    if (i >= table.size()) throw snapshot_mismatch{};
    return table[i];
}

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

void write_list(byte_writer& w, const std::vector<std::string>& list) {
    w.u32(static_cast<std::uint32_t>(list.size()));
    for (const auto& s : list) w.str(s);
}

std::vector<std::string> read_list(byte_reader& r) {
    std::vector<std::string> list(r.count(4));
    for (auto& s : list) s = r.str();
    return list;
}

void write_entity(byte_writer& w, string_table_writer& shared_strings, const model::entity& e) {
    w.str(e.id);
    for (const std::string* s : {&e.country, &e.level, &e.vintage, &e.feature_code, &e.source, &e.origin})
        w.u32(shared_strings(*s));
    w.i64(e.rank);
    for (const std::string* s : {&e.code, &e.code_iso, &e.name, &e.name_ar, &e.name_tfng, &e.name_en, &e.anchor_id})
        w.str(*s);
    write_list(w, e.alt_names);
    w.u32(static_cast<std::uint32_t>(e.names.size()));
    for (const auto& [language, name] : e.names) {
        w.str(language);
        w.str(name);
    }
    write_list(w, e.parent_ids);
    w.u8(static_cast<std::uint8_t>((e.disputed ? 1 : 0) | (e.population ? 2 : 0)));
    if (e.population) w.f64(*e.population);
    write_geometry(w, e.geometry);
}

model::entity read_entity(byte_reader& r, const std::vector<std::string>& table) {
    model::entity e;
    e.id = r.str();
    for (std::string* s : {&e.country, &e.level, &e.vintage, &e.feature_code, &e.source, &e.origin})
        *s = shared(r, table);
    e.rank = static_cast<int>(r.i64());
    for (std::string* s : {&e.code, &e.code_iso, &e.name, &e.name_ar, &e.name_tfng, &e.name_en, &e.anchor_id})
        *s = r.str();
    e.alt_names = read_list(r);
    for (std::size_t n = r.count(8); n > 0; --n) {
        std::string language = r.str();
        e.names.emplace(std::move(language), r.str());
    }
    e.parent_ids = read_list(r);
    const std::uint8_t flags = r.u8();
    e.disputed = flags & 1;
    if (flags & 2) e.population = r.f64();
    e.geometry = read_geometry(r);
    return e;
}

// The shared strings, the number of entities read before the layers on demand, the
// number in all, then each entity.
void write_entities(byte_writer& w, const std::vector<model::entity>& entities, std::size_t from, std::size_t eager) {
    string_table_writer shared_strings;
    byte_writer body;
    for (std::size_t i = from; i < entities.size(); ++i) write_entity(body, shared_strings, entities[i]);
    shared_strings.write(w);
    w.u64(eager - from);
    w.u64(entities.size() - from);
    w.raw(body.bytes().data(), body.bytes().size());
}

// Adds the entities to the atlas as they are read (each is built once, in its place);
// those after the eager ones are added as layers read on demand, a second tier for names.
void read_entities(byte_reader& r, model::atlas& atlas) {
    const std::vector<std::string> table = read_string_table(r);
    const std::uint64_t eager = r.u64(), total = r.u64();
    if (eager > total || total > r.count_left(16)) throw snapshot_mismatch{};
    atlas.reserve(atlas.size() + total);
    auto add = [&](std::uint64_t n) {
        for (; n > 0; --n) atlas.add(read_entity(r, table));
    };
    add(eager);
    if (eager < total) {
        atlas.defer([&](model::atlas&) { add(total - eager); });
        atlas.load_deferred();
    }
}

// ---------------------------------------------------------------- partnerships, hierarchy rows

void write_party(byte_writer& w, const model::party& p) {
    w.str(p.text);
    w.str(p.entity_id);
    write_list(w, p.notes);
}

model::party read_party(byte_reader& r) {
    model::party p;
    p.text = r.str();
    p.entity_id = r.str();
    p.notes = read_list(r);
    return p;
}

void write_partnership(byte_writer& w, const model::partnership& p) {
    w.str(p.id);
    w.str(p.kind);
    write_party(w, p.a);
    write_party(w, p.b);
    w.u8(static_cast<std::uint8_t>((p.year ? 1 : 0) | (p.requesters ? 2 : 0)));
    if (p.year) w.i64(*p.year);
    if (p.requesters) w.i64(*p.requesters);
    write_list(w, p.themes);
    w.f64(p.count);
    w.str(p.source);
    w.str(p.note);
    w.str(p.origin);
    w.i64(p.line);
}

model::partnership read_partnership(byte_reader& r) {
    model::partnership p;
    p.id = r.str();
    p.kind = r.str();
    p.a = read_party(r);
    p.b = read_party(r);
    const std::uint8_t flags = r.u8();
    if (flags & 1) p.year = static_cast<int>(r.i64());
    if (flags & 2) p.requesters = static_cast<int>(r.i64());
    p.themes = read_list(r);
    p.count = r.f64();
    p.source = r.str();
    p.note = r.str();
    p.origin = r.str();
    p.line = static_cast<long>(r.i64());
    return p;
}

void write_rows(byte_writer& w, const std::vector<stored_parents>& rows) {
    w.u32(static_cast<std::uint32_t>(rows.size()));
    for (const auto& row : rows) {
        w.str(row.id);
        w.str(row.path);
        w.i64(row.line);
        w.i64(row.column);
        w.u8(row.spreadsheet ? 1 : 0);
        write_list(w, row.parent_ids);
    }
}

std::vector<stored_parents> read_rows(byte_reader& r) {
    std::vector<stored_parents> rows(r.count(16));
    for (auto& row : rows) {
        row.id = r.str();
        row.path = r.str();
        row.line = static_cast<long>(r.i64());
        row.column = static_cast<long>(r.i64());
        row.spreadsheet = r.u8() != 0;
        row.parent_ids = read_list(r);
    }
    return rows;
}

// ---------------------------------------------------------------- files

// The cache keeps to its budget: the snapshots used longest ago are removed first.
void trim_cache(const fs::path& dir) {
    struct kept {
        fs::path path;
        fs::file_time_type used;
        std::uintmax_t size;
    };
    std::vector<kept> files;
    std::error_code ec;
    for (const auto& f : fs::directory_iterator(dir, ec)) {
        const std::string ext = f.path().extension().string();
        if (ext != ".atlas" && ext != ".deferred") continue;
        std::error_code e1, e2;
        const auto used = fs::last_write_time(f.path(), e1);
        const auto size = fs::file_size(f.path(), e2);
        if (!e1 && !e2) files.push_back({f.path(), used, size});
    }
    std::sort(files.begin(), files.end(), [](const kept& a, const kept& b) { return a.used > b.used; });
    std::uintmax_t total = 0;
    for (std::size_t i = 0; i < files.size(); ++i) {
        total += files[i].size;
        if (i >= cache_budget_files || total > cache_budget_bytes) fs::remove(files[i].path, ec);
    }
}

// Writes header and payload beside the target and renames it into place; a cache that
// cannot be written is no error: the next load reads the inputs again.
void write_file(const std::string& target, const std::string& key, const std::string& inputs, const std::string& payload) {
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

// A snapshot file mapped in memory, read in place.
class mapped_file {
public:
    explicit mapped_file(const std::string& path) {
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
    ~mapped_file() {
        if (data_) ::munmap(const_cast<char*>(data_), size_);
    }
    mapped_file(const mapped_file&) = delete;
    mapped_file& operator=(const mapped_file&) = delete;
    [[nodiscard]] std::string_view bytes() const noexcept { return {data_, size_}; }

private:
    const char* data_ = nullptr;
    std::size_t size_ = 0;
};

// The payload of a snapshot written for this key and these inputs; empty when there is none.
std::optional<std::string_view> payload_of(const mapped_file& file, const std::string& key, const std::string& inputs) {
    try {
        byte_reader r(file.bytes());
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

void mark_used(const std::string& file) {
    std::error_code ec;
    fs::last_write_time(file, fs::file_time_type::clock::now(), ec);  // used now: trimmed last
}

std::string deferred_file(const std::string& file) { return fs::path(file).replace_extension(".deferred").string(); }

} // namespace

std::optional<atlas_snapshot> atlas_snapshot::of(const atlas_manifest& manifest, const load_options& options) {
    if (!options.use_cache) return std::nullopt;
    const std::string dir = atlas_cache_dir();
    if (dir.empty()) return std::nullopt;
    auto inputs = inputs_identity(manifest);
    if (!inputs) return std::nullopt;
    // relative paths of inputs, and the files (origins) written into entities, depend on
    // the working folder: it is part of what was loaded
    std::string folder;
    const auto files = manifest.input_files();
    if (std::any_of(files.begin(), files.end(), [](const std::string& f) { return fs::path(f).is_relative(); })) {
        std::error_code ec;
        folder = fs::current_path(ec).string();
        if (ec) return std::nullopt;
    }
    atlas_snapshot s;
    s.key_ = std::string(COOPATLAS_VERSION_STRING) + "\n" + folder + "\n" + manifest.path + "\n" +
             (options.place_by_geometry ? "p" : "-") + (options.stored_hierarchy ? "h" : "-") +
             (options.load_partnerships ? "r" : "-");
    char name[32];
    std::snprintf(name, sizeof name, "%016llx.atlas", static_cast<unsigned long long>(text_hash(s.key_)));
    s.file_ = (fs::path(dir) / name).string();
    s.inputs_ = std::move(*inputs);
    return s;
}

bool atlas_snapshot::restore(model::atlas& atlas, std::vector<stored_parents>& waiting) const {
    const mapped_file file(file_);
    const auto payload = payload_of(file, key_, inputs_);
    if (!payload) return false;
    try {
        byte_reader r(*payload);
        read_entities(r, atlas);
        for (std::size_t n = r.count(8); n > 0; --n) {
            std::string alias = r.str();
            atlas.add_alias(alias, r.str());
        }
        for (std::size_t n = r.count(16); n > 0; --n) atlas.add(read_partnership(r));
        waiting = read_rows(r);
        if (!r.done()) return false;
    } catch (const snapshot_mismatch&) {
        return false;
    } catch (const error&) {
        return false;  // links to entities it does not hold, or one id twice: not what this version wrote
    }
    mark_used(file_);
    return true;
}

void atlas_snapshot::keep(const model::atlas& atlas, const std::vector<stored_parents>& waiting) const {
    byte_writer w;
    write_entities(w, atlas.entities(), 0, atlas.eager_size());
    const auto aliases = atlas.aliases();
    w.u32(static_cast<std::uint32_t>(aliases.size()));
    for (const auto& [alias, id] : aliases) {
        w.str(alias);
        w.str(id);
    }
    w.u32(static_cast<std::uint32_t>(atlas.partnerships().size()));
    for (const auto& p : atlas.partnerships()) write_partnership(w, p);
    write_rows(w, atlas.has_deferred() ? waiting : std::vector<stored_parents>{});
    write_file(file_, key_, inputs_, w.bytes());
}

bool atlas_snapshot::restore_deferred(model::atlas& atlas) const {
    const std::string file = deferred_file(file_);
    const mapped_file mapped(file);
    const auto payload = payload_of(mapped, deferred_key(atlas.size()), inputs_);
    if (!payload) return false;
    const std::size_t before = atlas.size();
    try {
        byte_reader r(*payload);
        const std::vector<std::string> table = read_string_table(r);
        const std::uint64_t eager = r.u64(), total = r.u64();
        if (eager != 0 || total > r.count_left(16)) return false;
        std::vector<model::entity> entities;  // checked whole before the atlas takes any
        entities.reserve(total);
        for (std::uint64_t i = 0; i < total; ++i) entities.push_back(read_entity(r, table));
        if (!r.done()) return false;
        atlas.reserve(before + entities.size());
        for (auto& e : entities) atlas.add(std::move(e));
    } catch (const snapshot_mismatch&) {
        return false;
    }
    mark_used(file);
    return true;
}

void atlas_snapshot::keep_deferred(const model::atlas& atlas, std::size_t eager) const {
    byte_writer w;
    write_entities(w, atlas.entities(), eager, eager);
    write_file(deferred_file(file_), deferred_key(eager), inputs_, w.bytes());
}

std::string atlas_snapshot::deferred_key(std::size_t eager) const {
    return key_ + "\nread on demand after " + std::to_string(eager) + " entities";
}

} // namespace coopatlas::io::detail
