// Atlas manifests (YAML): reading the keys, layers, tables and their options. Only the
// manifest is read, not the files it names (relative names point into this process's
// scratch folder, where the manifest is written). A bad manifest must end in coopatlas::error.

#include "fuzz_support.hpp"

#include <coopatlas/error.hpp>
#include <coopatlas/io/atlas_manifest.hpp>

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    (void)coopatlas::fuzz::scratch_dir();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace coopatlas;
    const std::string path = fuzz::write_scratch("atlas.yaml", data, size);
    try {
        const io::atlas_manifest m = io::read_manifest(path);
        (void)m.input_files();
    } catch (const error& e) {
        (void)e.what();
    }
    return 0;
}
