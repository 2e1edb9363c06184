#include <coopatlas/error.hpp>
#include <coopatlas/io/atomic_file.hpp>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <system_error>

#include <unistd.h>

namespace coopatlas::io {

namespace fs = std::filesystem;

namespace {
bool same_file(const fs::path& a, const fs::path& b) {
    std::error_code ec;
    if (fs::exists(a, ec) && fs::exists(b, ec)) return fs::equivalent(a, b, ec);
    return fs::weakly_canonical(a, ec) == fs::weakly_canonical(b, ec);
}
} // namespace

atomic_output::atomic_output(std::string target, const std::vector<std::string>& protected_inputs)
    : target_(std::move(target)) {
    for (const auto& input : protected_inputs)
        if (same_file(target_, input))
            throw error("refusing to write over input file '" + input + "'; choose another output name");
    const fs::path t(target_);
    const fs::path dir = t.has_parent_path() ? t.parent_path() : fs::path(".");
    if (!fs::is_directory(dir)) throw error("output folder '" + dir.string() + "' does not exist");
    static std::atomic<unsigned> counter{0};
    // hidden name in the same folder: rename() is then atomic on POSIX file systems
    temp_ = (dir / ("." + t.stem().string() + ".tmp" + std::to_string(::getpid()) + "_" +
                    std::to_string(counter++) + t.extension().string()))
                .string();
}

atomic_output::~atomic_output() {
    if (!committed_) {
        std::error_code ec;
        fs::remove_all(temp_, ec);
    }
}

void atomic_output::commit() {
    std::error_code ec;
    fs::rename(temp_, target_, ec);
    if (ec) throw error("cannot move '" + temp_ + "' to '" + target_ + "': " + ec.message());
    committed_ = true;
}

void write_text_file(const std::string& target, const std::string& content,
                     const std::vector<std::string>& protected_inputs) {
    atomic_output out(target, protected_inputs);
    {
        std::ofstream f(out.temp_path(), std::ios::binary);
        f << content;
        f.flush();
        if (!f) throw error("cannot write '" + out.temp_path() + "'");
    }
    out.commit();
}

} // namespace coopatlas::io
