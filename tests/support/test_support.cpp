#include "test_support.hpp"

#include <coopatlas/io/atlas_manifest.hpp>

#include <filesystem>
#include <fstream>

namespace coopatlas::test {

std::string fixture(const std::string& name) { return std::string(COOPATLAS_TEST_FIXTURES) + "/" + name; }

std::string data_dir() { return COOPATLAS_TEST_DATA; }

std::string write_temp(const std::string& name, const std::string& content) {
    const std::filesystem::path dir(COOPATLAS_TEST_OUTPUT);
    std::filesystem::create_directories(dir);
    const auto path = dir / name;
    std::ofstream(path, std::ios::binary) << content;
    return path.string();
}

const model::atlas& embedded_atlas() {
    static const model::atlas atlas = io::load_atlas(data_dir() + "/atlas.yaml");
    return atlas;
}

} // namespace coopatlas::test
