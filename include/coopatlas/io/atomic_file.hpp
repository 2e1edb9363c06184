#pragma once
/// \file
/// \brief Outputs are written to a temporary file and then put in place, so a reader
/// never sees half a file and a failure loses nothing.
///
/// - A regular file (new or existing) is written beside its target and renamed onto it.
///   A symbolic link is followed: its final target is replaced, the link stays.
/// - Standard output (`-`, `/dev/stdout`, `/dev/fd/N`), FIFOs and devices are written
///   through: the temporary file (in the system's temporary folder) is copied into them
///   once complete, so a failure writes nothing there either.
///
/// Thread safety: distinct objects may be used concurrently.

#include <coopatlas/config.hpp>

#include <string>
#include <vector>

namespace coopatlas::io {

/// \brief A temporary path for one output file; commit() puts it in place, the
/// destructor removes it when commit() was not reached.
class COOPATLAS_API atomic_output {
  public:
    /// Throws coopatlas::error when the target is one of `protected_inputs` or one of
    /// their sidecars (an input is never overwritten; see dataset_files()) or its
    /// folder does not exist.
    explicit atomic_output(std::string target, const std::vector<std::string>& protected_inputs = {});
    ~atomic_output();
    atomic_output(const atomic_output&) = delete;
    atomic_output& operator=(const atomic_output&) = delete;

    /// Where to write (same extension as the target, so drivers chosen by extension agree).
    [[nodiscard]] const std::string& temp_path() const noexcept { return temp_; }
    /// The target as given.
    [[nodiscard]] const std::string& target() const noexcept { return target_; }
    /// Where the bytes land: the target, the final target of a symbolic link, or the stream.
    [[nodiscard]] const std::string& destination() const noexcept { return destination_; }
    /// True when the target is written through (standard output, FIFO, device).
    [[nodiscard]] bool stream() const noexcept { return stream_; }
    /// Renames the temporary file onto the destination, or copies it into the stream.
    void commit();

  private:
    std::string target_;
    std::string destination_;
    std::string temp_;
    std::string temp_dir_; // private folder of a streamed output's temporary file
    bool stream_ = false;
    bool committed_ = false;
};

/// \brief Throws coopatlas::error when `target` is one of `protected_inputs`, or a
/// sidecar of one of them.
COOPATLAS_API void check_not_an_input(const std::string& target, const std::vector<std::string>& protected_inputs);

/// \brief Copies a finished file into a stream output (descriptor, FIFO, device).
COOPATLAS_API void copy_to_stream(const std::string& file, const std::string& stream);

/// \brief Writes `content` (text or bytes: a PNG, a PDF) to `target` atomically (or through it,
/// for a stream), never over one of `protected_inputs`.
COOPATLAS_API void write_text_file(const std::string& target, const std::string& content,
                                   const std::vector<std::string>& protected_inputs = {});

} // namespace coopatlas::io
