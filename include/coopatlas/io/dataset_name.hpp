#pragma once
/// \file
/// \brief What a data source or output name designates: a local file, standard output,
/// a special file (FIFO, device), or a name only GDAL understands (`PG:dbname=atlas`,
/// `/vsizip/data.zip/ma.shp`, `https://…`), which is passed to GDAL untouched.
///
/// Thread safety: every function may be called concurrently (the file system calls
/// are as consistent as the file system).

#include <coopatlas/config.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace coopatlas::io {

/// \brief True for names GDAL resolves itself rather than as a path on this machine:
/// connection strings and prefixes (`PG:…`, `MySQL:…`, `GPKG:file:layer`, `WFS:…`, any
/// `WORD:` of two or more letters), URLs (`https://…`) and virtual file systems
/// (`/vsizip/…`, `/vsicurl/…`, `/vsistdout/`).
COOPATLAS_API bool is_gdal_name(std::string_view name);

/// \brief A source named in a file (manifest, map spec) relative to that file's folder:
/// a plain relative path is joined to `base_dir`; absolute paths and GDAL names
/// (is_gdal_name) are returned unchanged.
COOPATLAS_API std::string resolve_source(const std::string& base_dir, const std::string& name);

/// \brief The local files a source is made of: the file itself and the sidecars its
/// driver reads or writes with it (a shapefile's .shp .shx .dbf .prj .cpg …, a
/// GeoPackage's -wal and -shm journals), or the archive behind `/vsizip/`,
/// `/vsitar/` and `/vsigzip/` names. Empty for other GDAL names (databases, URLs).
/// Files that do not exist are listed too: they are what would be written.
COOPATLAS_API std::vector<std::string> dataset_files(const std::string& name);

/// \brief True when both names reach the same file: the same inode when both exist,
/// else the same path once symbolic links and `..` are resolved.
COOPATLAS_API bool same_file(const std::string& a, const std::string& b);

/// \brief Where a write to `path` lands: the final target of a chain of symbolic links
/// (relative links are taken from the link's folder), else `path` itself.
COOPATLAS_API std::string link_target(const std::string& path);

/// \brief The file descriptor a name stands for: 1 for `-`, `/dev/stdout`,
/// `/dev/fd/1` and `/proc/self/fd/1`, 2 for `/dev/stderr`, N for `/dev/fd/N`; -1 otherwise.
COOPATLAS_API int descriptor_name(const std::string& path);

/// \brief True for outputs written through rather than replaced by a renamed file: a
/// descriptor name (descriptor_name), and FIFOs, character and block devices and
/// sockets, reached directly or through symbolic links.
COOPATLAS_API bool is_stream_output(const std::string& path);

} // namespace coopatlas::io
