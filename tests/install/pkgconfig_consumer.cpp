// A program built with nothing but `pkg-config --cflags --libs coopatlas`: prints the
// library version and the folder where the library finds its embedded atlas, and checks
// that every file named by that atlas' manifest is there.
#include <coopatlas/io/atlas_manifest.hpp>
#include <coopatlas/version.hpp>

#include <filesystem>
#include <iostream>

int main() {
    const auto manifest = coopatlas::io::read_manifest(coopatlas::io::default_manifest());
    std::cout << "coopatlas " << COOPATLAS_VERSION_STRING << "\ndata: " << coopatlas::io::default_data_dir()
              << "\ntitle: " << manifest.title << '\n';
    int missing = 0;
    for (const auto& file : manifest.input_files()) {
        if (std::filesystem::is_regular_file(file)) continue;
        std::cout << "missing: " << file << '\n';
        ++missing;
    }
    return missing == 0 ? 0 : 1;
}
