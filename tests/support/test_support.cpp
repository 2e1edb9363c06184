#include "test_support.hpp"

#include <coopatlas/io/atlas_manifest.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <unistd.h>

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

scoped_cache_folder::scoped_cache_folder(const std::string& what)
    : path_((std::filesystem::temp_directory_path() / ("coopatlas-" + what + "-" + std::to_string(::getpid()))).string()) {
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
    ::setenv("COOPATLAS_CACHE", path_.c_str(), 1);
}

scoped_cache_folder::~scoped_cache_folder() {
    ::unsetenv("COOPATLAS_CACHE");
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
}

const model::atlas& embedded_atlas() {
    static const model::atlas atlas = io::load_atlas(data_dir() + "/atlas.yaml");
    return atlas;
}

} // namespace coopatlas::test
