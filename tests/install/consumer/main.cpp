// A program outside the coopatlas tree: loads the installed atlas and resolves a name.
#include <coopatlas/io/atlas_manifest.hpp>
#include <coopatlas/model/atlas.hpp>

#include <iostream>

int main(int argc, char** argv) {
    if (argc < 2) return 2;
    coopatlas::io::load_options options;
    options.place_by_geometry = false;
    const auto atlas = coopatlas::io::load_atlas(argv[1], options);
    const auto& fes = atlas.resolve("FES", {.level = "commune"});
    std::cout << fes.describe() << " " << atlas.partnerships().size() << " partnerships\n";
    return 0;
}
