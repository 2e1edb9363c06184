#pragma once
// The atlas a manifest loads, kept between runs in the cache folder (io::atlas_cache_dir):
// the entities with the parents placement gave them, the aliases and the resolved
// partnerships. A later load of the same manifest, with the same options, from the same
// folder, reads it back instead of reading, checking, placing and resolving again, as long
// as no input file changed (size, modification time and inode of each file and sidecar).
// A snapshot that is stale, damaged or written by another version is set aside, never
// trusted. Private to the library.

#include <coopatlas/io/atlas_manifest.hpp>
#include <coopatlas/model/atlas.hpp>

#include <optional>
#include <string>
#include <vector>

namespace coopatlas::io::detail {

// Rows of hierarchy tables: the parents an entity was given by placement when the data was
// built. Rows are applied to the entities loaded so far; the others wait for the layers read
// on demand.
struct stored_parents {
    std::string id, path;
    long line = 0, column = 0;
    bool spreadsheet = false;
    std::vector<std::string> parent_ids;
};

// The hierarchy rows still waiting for the layers read on demand. Those a snapshot kept are
// parsed only when asked for: most loads never read those layers, or read them back from their
// own snapshot, and tens of thousands of rows would cost them more than their entities.
class waiting_rows {
public:
    waiting_rows() = default;
    explicit waiting_rows(std::vector<stored_parents> rows) : rows_(std::move(rows)) {}
    // Rows as a snapshot wrote them, already checked whole by its checksum.
    static waiting_rows as_kept(std::string_view bytes);
    // The rows, parsed now if they were kept; throws coopatlas::error if kept rows do not parse.
    std::vector<stored_parents> take();

private:
    std::vector<stored_parents> rows_;
    std::string kept_;
};

class atlas_snapshot {
public:
    // The snapshot of this load, or nothing when it cannot be kept: the cache is off, or an
    // input is not a local file (a database, a URL, a folder) whose changes a date would show.
    // The inputs are looked at now, before they are read: a file changed during the load
    // makes the snapshot stale.
    static std::optional<atlas_snapshot> of(const atlas_manifest& manifest, const load_options& options);

    // Fills an empty atlas (its resolution rule and unit words already set) with what was
    // kept, and gives the hierarchy rows still waiting for the layers read on demand. False
    // when there is no usable snapshot; the atlas is then to be thrown away.
    bool restore(model::atlas& atlas, waiting_rows& waiting) const;
    // Keeps the loaded atlas (its layers read on demand are kept apart, by keep_deferred).
    void keep(const model::atlas& atlas, const std::vector<stored_parents>& waiting) const;

    // Adds the entities that the layers read on demand added to this atlas, as kept; false,
    // with the atlas unchanged, when there is no usable snapshot of them.
    bool restore_deferred(model::atlas& atlas) const;
    // Keeps the entities from position `eager` on, which the layers read on demand added.
    void keep_deferred(const model::atlas& atlas, std::size_t eager) const;

private:
    [[nodiscard]] std::string deferred_key(std::size_t eager) const;

    std::string file_;     // where the snapshot lives
    std::string key_;      // what was loaded: manifest, options, folder, version
    std::string inputs_;   // the identity of every input file at load time
};

} // namespace coopatlas::io::detail
