// Map specs (YAML): the page, frames, layers, styles and the data step that fills the
// layers from the embedded atlas (loaded once) or from files named relative to the
// hostile corpus (tests/fixtures as the corpus's specs name it). Nothing is rendered.
// A bad spec must end in coopatlas::error.

#include "fuzz_support.hpp"

#include <coopatlas/error.hpp>
#include <coopatlas/io/atlas_manifest.hpp>
#include <coopatlas/render/map_spec.hpp>

namespace {

using namespace coopatlas;

render::spec_options& options() {
    static render::spec_options o;
    return o;
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    // process-wide caches: the atlas (with GDAL and PROJ), and fontconfig's configuration,
    // which the first `font` key loads
    options().atlas = &fuzz::embedded_atlas();
    options().manifest = io::default_manifest();
    (void)render::parse_map_spec("font: DejaVu Sans\nlayers: [{kind: points, features: [{wkt: 'POINT (4 50)'}]}]\n",
                                 COOPATLAS_FUZZ_SPEC_DIR, "init.yaml", options());
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string yaml(fuzz::as_text(data, size));
    try {
        const render::map_spec spec = render::parse_map_spec(yaml, COOPATLAS_FUZZ_SPEC_DIR, "spec.yaml", options());
        for (const auto& w : spec.warnings)
            (void)w.to_string();
    } catch (const error& e) {
        (void)e.what();
    }
    return 0;
}
