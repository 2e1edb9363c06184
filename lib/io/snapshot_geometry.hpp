#pragma once
// Geometries in snapshots (io/snapshot_file.hpp): the variant's kind, then its points in
// place, as the machine holds them. Private to the library.

#include <coopatlas/geometry/geometry.hpp>

#include "io/snapshot_bytes.hpp"

namespace coopatlas::io::detail {

void write_geometry(byte_writer& w, const geometry::geometry& g);
// Throws snapshot_mismatch on a kind or a count the bytes cannot hold.
geometry::geometry read_geometry(byte_reader& r);

} // namespace coopatlas::io::detail
