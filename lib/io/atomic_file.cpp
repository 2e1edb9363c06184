#include <coopatlas/error.hpp>
#include <coopatlas/io/atomic_file.hpp>
#include <coopatlas/io/dataset_name.hpp>

#include "io/file_identity.hpp"

#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <system_error>

#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

namespace coopatlas::io {

namespace fs = std::filesystem;

namespace {

std::string unique_suffix() {
    static std::atomic<unsigned> counter{0};
    return std::to_string(::getpid()) + "_" + std::to_string(counter++);
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
void write_all(int fd, const char* data, std::size_t size, const std::string& where) {
    while (size > 0) {
        const ssize_t n = ::write(fd, data, size);
        if (n < 0) {
            if (errno == EINTR) continue;
            throw error("cannot write to '" + where + "': " + std::strerror(errno));
        }
        data += n;
        size -= static_cast<std::size_t>(n);
    }
}

} // namespace

void check_not_an_input(const std::string& target, const std::vector<std::string>& protected_inputs) {
    detail::file_identity written(target);
    detail::real_folders folders;
    for (const auto& input : protected_inputs)
        for (const auto& file : dataset_files(input))
            if (detail::file_identity read(file); written.same_as(read, folders))
                throw error("refusing to write over input file '" + file + "'" +
                            (file == input ? std::string() : " (part of input '" + input + "')") +
                            "; choose another output name");
}

atomic_output::atomic_output(std::string target, const std::vector<std::string>& protected_inputs)
    : target_(std::move(target)) {
    if (target_.empty()) throw usage_error("empty output name");
    stream_ = is_stream_output(target_);
    if (stream_) {
        destination_ = target_;
        // a private folder in the temporary directory: the stream has no folder of its own
        std::string pattern = (fs::temp_directory_path() / "coopatlas-XXXXXX").string();
        if (!::mkdtemp(pattern.data()))
            throw error(std::string("cannot create a temporary folder: ") + std::strerror(errno));
        temp_dir_ = pattern;
        const fs::path name = fs::path(target_).filename();
        temp_ = (fs::path(temp_dir_) / (target_ == "-" || name.empty() ? fs::path("output") : name)).string();
        return;
    }
    destination_ = link_target(target_);
    check_not_an_input(target_, protected_inputs);
    if (destination_ != target_) check_not_an_input(destination_, protected_inputs);
    const fs::path t(destination_);
    const fs::path dir = t.has_parent_path() ? t.parent_path() : fs::path(".");
    if (!fs::is_directory(dir)) throw error("output folder '" + dir.string() + "' does not exist");
    // devices and pipes were taken above (written through); a folder is never replaced
    std::error_code ec;
    if (fs::is_directory(t, ec))
        throw error("output '" + target_ + "' is a folder, not a file: give a file name in it, e.g. '" +
                    (t / "out").string() + "'");
    sweep_stale_temporaries(dir);
    // hidden name in the same folder: rename() is then atomic on POSIX file systems
    temp_ = (dir / ("." + t.stem().string() + ".tmp" + unique_suffix() + t.extension().string())).string();
}

atomic_output::~atomic_output() {
    std::error_code ec;
    if (!committed_) fs::remove_all(temp_, ec);
    if (!temp_dir_.empty()) fs::remove_all(temp_dir_, ec);
}

void copy_to_stream(const std::string& file, const std::string& stream) {
    std::ifstream in(file, std::ios::binary);
    if (!in) throw error("cannot read '" + file + "'");
    int fd = descriptor_name(stream);
    const bool own = fd < 0;
    if (own) {
        fd = ::open(stream.c_str(), O_WRONLY | O_CLOEXEC);
        if (fd < 0) throw error("cannot open '" + stream + "' for writing: " + std::strerror(errno));
    } else {
        // what the program printed before goes first
        std::cout.flush();
        std::cerr.flush();
        std::fflush(nullptr);
    }
    try {
        char buffer[1 << 16];
        while (in) {
            in.read(buffer, sizeof buffer);
            if (in.gcount() > 0) write_all(fd, buffer, static_cast<std::size_t>(in.gcount()), stream);
        }
    } catch (...) {
        if (own) ::close(fd);
        throw;
    }
    if (own && ::close(fd) != 0) throw error("cannot finish writing '" + stream + "': " + std::strerror(errno));
}

void atomic_output::commit() {
    if (stream_) {
        copy_to_stream(temp_, destination_);
        committed_ = true;
        return;
    }
    std::error_code ec;
    fs::rename(temp_, destination_, ec);
    if (ec) throw error("cannot move '" + temp_ + "' to '" + destination_ + "': " + ec.message());
    committed_ = true;
}

void write_text_file(const std::string& target, const std::string& content,
                     const std::vector<std::string>& protected_inputs) {
    atomic_output out(target, protected_inputs);
    {
        std::ofstream f(out.temp_path(), std::ios::binary);
        if (!f) throw error("cannot write '" + out.temp_path() + "'");
        f.write(content.data(), static_cast<std::streamsize>(content.size()));
        f.close();
        if (!f) throw error("cannot write '" + out.temp_path() + "' (disk full?)");
    }
    out.commit();
}

} // namespace coopatlas::io
