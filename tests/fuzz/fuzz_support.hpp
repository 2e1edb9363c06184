#pragma once
// Shared by the fuzz targets: a scratch folder of this process for the readers that take a
// path, and the embedded atlas, loaded once (in LLVMFuzzerInitialize) for the readers that
// resolve names against it.

#include <coopatlas/model/atlas.hpp>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace coopatlas::fuzz {

/// The folder of this process under $TMPDIR (else /tmp), made on first use and removed
/// with everything in it when the process exits.
const std::string& scratch_dir();

/// Writes the bytes to `name` in scratch_dir() (replacing it) and returns its path.
std::string write_scratch(std::string_view name, const std::uint8_t* data, std::size_t size);

/// The atlas of io::default_manifest() ($COOPATLAS_DATA, else the source tree's
/// shapefiles/), loaded on the first call and kept for the process.
const model::atlas& embedded_atlas();

/// The bytes as text.
inline std::string_view as_text(const std::uint8_t* data, std::size_t size) {
    return {reinterpret_cast<const char*>(data), size};
}

} // namespace coopatlas::fuzz
