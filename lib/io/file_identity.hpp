#pragma once
// Files compared as same_file() compares them, each looked at once: the checks that no output
// is an input compare every output with every file of every input. Private to the library.

#include <filesystem>
#include <map>
#include <optional>
#include <string>

#include <sys/stat.h>

namespace coopatlas::io::detail {

// The real path of each folder met: the inputs share a few.
using real_folders = std::map<std::filesystem::path, std::filesystem::path>;

// Two files that exist are the same when their device and inode are; otherwise their paths
// are compared, made absolute through the real path of the folders that exist (as
// std::filesystem::weakly_canonical).
class file_identity {
  public:
    explicit file_identity(std::string path) : path_(std::move(path)) {
        struct stat st {};
        exists_ = ::stat(path_.c_str(), &st) == 0;
        if (exists_) {
            device_ = st.st_dev;
            inode_ = st.st_ino;
        }
    }

    bool same_as(file_identity& other, real_folders& folders) {
        if (exists_ && other.exists_) return device_ == other.device_ && inode_ == other.inode_;
        return real_path(folders) == other.real_path(folders);
    }

  private:
    const std::filesystem::path& real_path(real_folders& folders) {
        namespace fs = std::filesystem;
        if (real_) return *real_;
        std::error_code ec;
        const fs::path p(path_);
        if (exists_ || !p.has_parent_path() || !p.has_filename()) {
            real_ = fs::weakly_canonical(p, ec);
            return *real_;
        }
        // a file not there: its folder's real path and its name
        const fs::path folder = p.parent_path();
        auto it = folders.find(folder);
        if (it == folders.end()) it = folders.emplace(folder, fs::weakly_canonical(folder, ec)).first;
        real_ = (it->second / p.filename()).lexically_normal();
        return *real_;
    }

    std::string path_;
    bool exists_ = false;
    dev_t device_ = 0;
    ino_t inode_ = 0;
    std::optional<std::filesystem::path> real_;
};

} // namespace coopatlas::io::detail
