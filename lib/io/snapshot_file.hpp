#pragma once
// Files of the cache folder (io::atlas_cache_dir): what any snapshot shares with the
// others. A snapshot is a header (what was loaded, the identity of the files it came from,
// a checksum) and a payload; it is written beside its place and renamed into it, read in
// place from a memory map, and the cache keeps to a budget by removing the snapshots used
// longest ago. Private to the library.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace coopatlas::io::detail {

// The identity of the files the sources are read from (each file and its sidecars: size,
// modification time, inode), or nothing when a source is not a local file whose changes
// a date would show (a database, a URL, a folder).
std::optional<std::string> sources_identity(const std::vector<std::string>& sources);

// How many derived files (projected rings, areas) the cache folder keeps, the ones used last:
// each map keeps a file of rings, and a book of a hundred unit pages must not push its own
// first pages out at every run. Their bytes are bounded too (256 MB).
inline constexpr std::size_t derived_files_kept = 256;

// Where the snapshot of `key` lives in the cache folder `dir`: a hash of the key, then `extension`.
std::string snapshot_path(const std::string& dir, const std::string& key, const char* extension);

// Writes a snapshot; a cache that cannot be written is no error (the next load reads the
// inputs again).
void write_snapshot(const std::string& path, const std::string& key, const std::string& identity,
                    const std::string& payload);

// A snapshot file mapped in memory, read in place.
class mapped_snapshot {
public:
    explicit mapped_snapshot(const std::string& path);
    ~mapped_snapshot();
    mapped_snapshot(const mapped_snapshot&) = delete;
    mapped_snapshot& operator=(const mapped_snapshot&) = delete;
    // The payload when the file is a whole snapshot of this key and identity; else nothing.
    [[nodiscard]] std::optional<std::string_view> payload(const std::string& key, const std::string& identity) const;
    // Marks it used now: the cache trims it last.
    void used() const;

private:
    std::string path_;
    const char* data_ = nullptr;
    std::size_t size_ = 0;
};

} // namespace coopatlas::io::detail
