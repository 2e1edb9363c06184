#include "io/atlas_snapshot.hpp"

#include <coopatlas/error.hpp>
#include <coopatlas/version.hpp>

#include "io/snapshot_bytes.hpp"
#include "io/snapshot_file.hpp"
#include "io/snapshot_geometry.hpp"
#include "model/large_pages.hpp"

#include <algorithm>
#include <atomic>
#include <exception>
#include <thread>
#include <filesystem>
#include <future>
#include <system_error>
#include <iterator>
#include <unordered_map>

namespace coopatlas::io::detail {

namespace fs = std::filesystem;

namespace {

// ---------------------------------------------------------------- entities

// Strings that many entities share (country, level, source, file) are written once, and
// interned once when read.
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

const model::interned_string& shared(byte_reader& r, const std::vector<model::interned_string>& table) {
    const std::uint32_t i = r.u32();
    if (i >= table.size()) throw snapshot_mismatch{};
    return table[i];
}

void write_list(byte_writer& w, const std::vector<std::string>& list) {
    w.u32(static_cast<std::uint32_t>(list.size()));
    for (const auto& s : list) w.str(s);
}

std::vector<std::string> read_list(byte_reader& r) {
    std::vector<std::string> list(r.count(4));
    for (auto& s : list) s.assign(r.view());
    return list;
}

void write_entity(byte_writer& w, string_table_writer& shared_strings, const model::entity& e) {
    w.str(e.id);
    for (const model::interned_string* s : {&e.country, &e.level, &e.vintage, &e.feature_code, &e.source, &e.origin})
        w.u32(shared_strings(s->str()));
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

// Reads into a default-constructed entity in place: no temporary to move and destroy, for
// tens of thousands of entities.
void read_entity(byte_reader& r, const std::vector<model::interned_string>& table, model::entity& e) {
    e.id.assign(r.view());
    for (model::interned_string* s : {&e.country, &e.level, &e.vintage, &e.feature_code, &e.source, &e.origin})
        *s = shared(r, table);
    e.rank = static_cast<int>(r.i64());
    for (std::string* s : {&e.code, &e.code_iso, &e.name, &e.name_ar, &e.name_tfng, &e.name_en, &e.anchor_id})
        s->assign(r.view());
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
}

// Entities are written in chunks whose starts are listed, each readable on its own (and
// checked where it ends): the shared strings, the number of entities read before the layers on
// demand, the number in all, the chunk size and the chunks' offsets, then the entities.
constexpr std::uint64_t entity_chunk = 4096;

void write_entities(byte_writer& w, const std::vector<model::entity>& entities, std::size_t from, std::size_t eager) {
    string_table_writer shared_strings;
    byte_writer body;
    std::vector<std::uint64_t> starts;
    for (std::size_t i = from; i < entities.size(); ++i) {
        if ((i - from) % entity_chunk == 0) starts.push_back(body.bytes().size());
        write_entity(body, shared_strings, entities[i]);
    }
    shared_strings.write(w);
    w.u64(eager - from);
    w.u64(entities.size() - from);
    w.u64(entity_chunk);
    w.u32(static_cast<std::uint32_t>(starts.size()));
    for (const auto start : starts) w.u64(start);
    w.u64(body.bytes().size());
    w.raw(body.bytes().data(), body.bytes().size());
}

// The header of a block of entities: the shared strings, how many were read before the
// layers on demand, and where each chunk of entities starts in the body.
struct entity_block {
    std::vector<model::interned_string> table; // interned once for the block's entities
    std::uint64_t eager = 0, total = 0, chunk = 0;
    std::vector<std::uint64_t> starts;
    std::string_view body;
};

entity_block read_entity_block(byte_reader& r) {
    entity_block b;
    b.table.resize(r.count(4));
    for (auto& s : b.table)
        s = model::interned_string(r.view());
    b.eager = r.u64();
    b.total = r.u64();
    b.chunk = r.u64();
    const std::size_t chunks = r.count(8);
    if (b.eager > b.total || b.chunk == 0 || chunks != (b.total + b.chunk - 1) / b.chunk) throw snapshot_mismatch{};
    b.starts.resize(chunks);
    for (auto& start : b.starts) start = r.u64();
    const std::uint64_t body_size = r.u64();
    b.body = std::string_view(r.take(body_size), body_size);
    if (b.total > body_size / 16) throw snapshot_mismatch{};
    for (std::size_t c = 0; c < chunks; ++c)
        if (b.starts[c] > body_size || (c > 0 && b.starts[c] <= b.starts[c - 1])) throw snapshot_mismatch{};
    return b;
}

// Reads the entities of chunk c into their places in `out`; false when the chunk does not
// end where the next starts.
bool read_chunk(const entity_block& b, std::size_t c, std::vector<model::entity>& out) {
    const std::uint64_t end = c + 1 < b.starts.size() ? b.starts[c + 1] : b.body.size();
    byte_reader part(b.body.substr(b.starts[c], end - b.starts[c]));
    for (std::uint64_t i = c * b.chunk; i < std::min<std::uint64_t>(b.total, (c + 1) * b.chunk); ++i)
        read_entity(part, b.table, out[i]);
    return part.done();
}

// The block's entities, each chunk read from its listed start, by this thread and a second
// one taking chunks in turn: filling tens of megabytes of strings and geometries is mostly
// the kernel finding and clearing pages, which two threads do side by side (a W5 atlas,
// 74,000 entities: a tenth less time to load, a twentieth of the whole book when its memory
// is cold). The entities themselves are made first, in one block whose pages both threads
// fault in first (the first touch of fresh memory costs more than making them).
std::vector<model::entity> build_entities(const entity_block& b) {
    std::vector<model::entity> out;
    out.reserve(b.total);
    model::detail::prefer_large_pages(out.data(), b.total * sizeof(model::entity));
    model::detail::fault_in(out.data(), b.total * sizeof(model::entity));
    out.resize(b.total);
    std::atomic<std::size_t> next{0};
    std::atomic<bool> mismatch{false};
    std::exception_ptr failure;  // of the second thread (bad_alloc)
    auto take_chunks = [&] {
        for (std::size_t c = next++; c < b.starts.size() && !mismatch; c = next++)
            if (!read_chunk(b, c, out)) mismatch = true;
    };
    std::thread second;
    if (b.starts.size() > 1 && std::thread::hardware_concurrency() > 1) {
        try {
            second = std::thread([&] {
                try {
                    take_chunks();
                } catch (...) {
                    failure = std::current_exception();
                    mismatch = true;  // this thread stops too
                }
            });
        } catch (const std::system_error&) {
            // no thread to be had: this one reads every chunk
        }
    }
    try {
        take_chunks();
    } catch (...) {
        mismatch = true;
        if (second.joinable()) second.join();
        throw;
    }
    if (second.joinable()) second.join();
    if (failure) std::rethrow_exception(failure);
    if (mismatch) throw snapshot_mismatch{};
    return out;
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

std::string deferred_file(const std::string& file) { return fs::path(file).replace_extension(".deferred").string(); }

} // namespace

std::optional<atlas_snapshot> atlas_snapshot::of(const atlas_manifest& manifest, const load_options& options) {
    if (!options.use_cache) return std::nullopt;
    const std::string dir = atlas_cache_dir();
    if (dir.empty()) return std::nullopt;
    const auto files = manifest.input_files();
    auto inputs = sources_identity(files);
    if (!inputs) return std::nullopt;
    // relative paths of inputs, and the files (origins) written into entities, depend on
    // the working folder: it is part of what was loaded
    std::string folder;
    if (std::any_of(files.begin(), files.end(), [](const std::string& f) { return fs::path(f).is_relative(); })) {
        std::error_code ec;
        folder = fs::current_path(ec).string();
        if (ec) return std::nullopt;
    }
    atlas_snapshot s;
    s.key_ = std::string(COOPATLAS_VERSION_STRING) + "\n" + folder + "\n" + manifest.path + "\n" +
             (options.place_by_geometry ? "p" : "-") + (options.stored_hierarchy ? "h" : "-") +
             (options.load_partnerships ? "r" : "-");
    s.file_ = snapshot_path(dir, s.key_, ".atlas");
    s.inputs_ = std::move(*inputs);
    return s;
}

namespace {

// What follows the entities in a snapshot, read apart from the atlas.
struct after_entities {
    std::vector<std::pair<std::string, std::string>> aliases;  // (alias, entity id)
    std::vector<model::partnership> partnerships;
    std::string_view rows;  // parsed only if the layers read on demand need them
};

after_entities read_after_entities(byte_reader r) {
    after_entities out;
    out.aliases.resize(r.count(8));
    for (auto& [alias, id] : out.aliases) {
        alias = r.str();
        id = r.str();
    }
    out.partnerships.resize(r.count(16));
    for (auto& p : out.partnerships) p = read_partnership(r);
    out.rows = r.rest();
    return out;
}

} // namespace

waiting_rows waiting_rows::as_kept(std::string_view bytes) {
    waiting_rows w;
    w.kept_.assign(bytes);
    return w;
}

std::vector<stored_parents> waiting_rows::take() {
    if (!kept_.empty()) {
        try {
            byte_reader r(kept_);
            rows_ = read_rows(r);
            if (!r.done()) throw snapshot_mismatch{};
        } catch (const snapshot_mismatch&) {
            throw error("the atlas cache holds hierarchy rows this version cannot read; run again with "
                        "COOPATLAS_CACHE=off, or empty the cache folder");
        }
        kept_.clear();
    }
    return std::move(rows_);
}

bool atlas_snapshot::restore(model::atlas& atlas, waiting_rows& waiting) const {
    const mapped_snapshot file(file_);
    const auto payload = file.payload(key_, inputs_);
    if (!payload) return false;
    try {
        byte_reader r(*payload);
        const entity_block block = read_entity_block(r);
        // The aliases and partnerships are read on a second thread while the entities are
        // built and indexed (tens of milliseconds each for a world atlas); the future's
        // destructor waits for it whatever happens here.
        std::future<after_entities> rest;
        try {
            rest = std::async(std::launch::async, read_after_entities, r);
        } catch (const std::system_error&) {
            rest = std::async(std::launch::deferred, read_after_entities, r);  // no thread to be had: read after
        }
        atlas.add_read(build_entities(block), block.eager);  // those after the eager ones as layers read on demand
        after_entities after = rest.get();
        for (const auto& [alias, id] : after.aliases) atlas.add_alias(alias, id);
        atlas.add(std::move(after.partnerships));
        waiting = waiting_rows::as_kept(after.rows);
    } catch (const snapshot_mismatch&) {
        return false;
    } catch (const error&) {
        return false;  // links to entities it does not hold, or one id twice: not what this version wrote
    }
    file.used();
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
    write_snapshot(file_, key_, inputs_, w.bytes());
}

bool atlas_snapshot::restore_deferred(model::atlas& atlas) const {
    const std::string file = deferred_file(file_);
    const mapped_snapshot mapped(file);
    const auto payload = mapped.payload(deferred_key(atlas.size()), inputs_);
    if (!payload) return false;
    try {
        byte_reader r(*payload);
        const entity_block block = read_entity_block(r);
        if (block.eager != 0 || !r.done()) return false;
        atlas.add(build_entities(block));  // checked whole before the atlas takes any
    } catch (const snapshot_mismatch&) {
        return false;
    }
    mapped.used();
    return true;
}

void atlas_snapshot::keep_deferred(const model::atlas& atlas, std::size_t eager) const {
    byte_writer w;
    write_entities(w, atlas.entities(), eager, eager);
    write_snapshot(deferred_file(file_), deferred_key(eager), inputs_, w.bytes());
}

std::string atlas_snapshot::deferred_key(std::size_t eager) const {
    return key_ + "\nread on demand after " + std::to_string(eager) + " entities";
}

} // namespace coopatlas::io::detail
