#pragma once
/// \file
/// \brief Outputs are written to a temporary file beside the target and renamed
/// into place, so a reader never sees half a file and a failure loses nothing.

#include <coopatlas/config.hpp>

#include <string>
#include <vector>

namespace coopatlas::io {

/// \brief A temporary path beside `target`; commit() renames it onto the target,
/// the destructor removes it when commit() was not reached.
class COOPATLAS_API atomic_output {
public:
    /// Throws coopatlas::error when `target` is one of `protected_inputs` (an input
    /// is never overwritten) or its folder does not exist.
    explicit atomic_output(std::string target, const std::vector<std::string>& protected_inputs = {});
    ~atomic_output();
    atomic_output(const atomic_output&) = delete;
    atomic_output& operator=(const atomic_output&) = delete;

    /// Where to write (same folder and extension as the target, so drivers chosen by extension agree).
    [[nodiscard]] const std::string& temp_path() const noexcept { return temp_; }
    [[nodiscard]] const std::string& target() const noexcept { return target_; }
    /// Renames the temporary file onto the target.
    void commit();

private:
    std::string target_;
    std::string temp_;
    bool committed_ = false;
};

/// \brief Writes text to `target` atomically.
COOPATLAS_API void write_text_file(const std::string& target, const std::string& content,
                                   const std::vector<std::string>& protected_inputs = {});

} // namespace coopatlas::io
