#include <coopatlas/error.hpp>
#include <coopatlas/io/atomic_file.hpp>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <system_error>

#include <signal.h>
#include <unistd.h>

namespace coopatlas::io {

namespace fs = std::filesystem;

namespace {
bool same_file(const fs::path& a, const fs::path& b) {
    std::error_code ec;
    if (fs::exists(a, ec) && fs::exists(b, ec)) return fs::equivalent(a, b, ec);
    return fs::weakly_canonical(a, ec) == fs::weakly_canonical(b, ec);
}
// The process id in a temporary name of ours, ".STEM.tmpPID_N[.EXT]"; 0 when the name is
// not of that pattern.
long temporary_owner(const std::string& name) {
    if (name.size() < 8 || name[0] != '.') return 0;
    for (std::size_t at = name.rfind(".tmp"); at != std::string::npos && at > 0; at = name.rfind(".tmp", at - 1)) {
        std::size_t i = at + 4, digits = 0;
        long pid = 0;
        while (i < name.size() && name[i] >= '0' && name[i] <= '9' && digits < 10) {
            pid = pid * 10 + (name[i++] - '0');
            ++digits;
        }
        if (digits == 0 || i >= name.size() || name[i] != '_' || i + 1 >= name.size()) continue;
        std::size_t j = i + 1;
        while (j < name.size() && name[j] >= '0' && name[j] <= '9') ++j;
        if (j == i + 1 || (j < name.size() && name[j] != '.')) continue;
        return pid;
    }
    return 0;
}

// Removes the temporaries a killed run left in `dir`: our pattern, a process id that no
// longer runs, and untouched for a minute (a run of another machine or container sharing
// the folder keeps its file while it writes).
void sweep_stale_temporaries(const fs::path& dir) {
    std::error_code ec;
    const auto now = fs::file_time_type::clock::now();
    for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
        const std::string name = it->path().filename().string();
        const long pid = temporary_owner(name);
        if (pid <= 0 || pid == ::getpid()) continue;
        if (::kill(static_cast<pid_t>(pid), 0) == 0 || errno != ESRCH) continue;
        std::error_code tec;
        const auto written = fs::last_write_time(it->path(), tec);
        if (tec || now - written < std::chrono::minutes(1)) continue;
        fs::remove_all(it->path(), tec);
    }
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
    // A device, a pipe or a folder is never replaced by a renamed file (as root, /dev/full
    // would become a regular file).
    std::error_code ec;
    const auto status = fs::status(t, ec);
    if (!ec && fs::exists(status) && !fs::is_regular_file(status))
        throw error("output '" + target_ + "' is " + (fs::is_directory(status) ? "a folder" : "a device or a pipe") +
                    ", not a file: coopatlas writes a temporary file and renames it; give a file name");
    sweep_stale_temporaries(dir);
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
