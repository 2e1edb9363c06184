#include "fuzz_support.hpp"

#include <coopatlas/io/atlas_manifest.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <stdexcept>
#include <vector>

#include <unistd.h>

namespace coopatlas::fuzz {

namespace fs = std::filesystem;

namespace {

std::string make_scratch_dir() {
    const char* tmp = std::getenv("TMPDIR");
    std::string pattern = std::string(tmp && *tmp ? tmp : "/tmp") + "/coopatlas-fuzz-XXXXXX";
    std::vector<char> buf(pattern.begin(), pattern.end());
    buf.push_back('\0');
    if (!::mkdtemp(buf.data())) throw std::runtime_error("cannot make a scratch folder from " + pattern);
    std::string dir(buf.data());
    static const std::string to_remove = dir;
    std::atexit([] {
        std::error_code ec;
        fs::remove_all(to_remove, ec);
    });
    return dir;
}

} // namespace

const std::string& scratch_dir() {
    static const std::string dir = make_scratch_dir();
    return dir;
}

std::string write_scratch(std::string_view name, const std::uint8_t* data, std::size_t size) {
    std::string path = scratch_dir() + "/" + std::string(name);
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
    out.close();
    if (!out) throw std::runtime_error("cannot write " + path);
    return path;
}

const model::atlas& embedded_atlas() {
    static const auto atlas = std::make_unique<model::atlas>(io::load_atlas(io::default_manifest()));
    return *atlas;
}

} // namespace coopatlas::fuzz
