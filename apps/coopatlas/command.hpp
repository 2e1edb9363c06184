#pragma once
// The command-line tool: one function per sub-command, sharing argument parsing.

#include <coopatlas/error.hpp>

#include <cstddef>
#include <map>
#include <memory>
#include <ostream>
#include <string>
#include <vector>

namespace coopatlas::model {
class atlas;
}

namespace coopatlas::cli {

/// A mistake in the command line itself (an unknown option, a missing required option,
/// options that do not go together) is the library's usage_error: the tool exits with
/// status 2 for it (1 is for bad input or data, 3 for a defect of coopatlas).
using coopatlas::usage_error;

/// Parsed arguments: options (--key value / --flag) and positional words.
struct arguments {
    std::map<std::string, std::vector<std::string>> options;
    std::vector<std::string> positional;

    [[nodiscard]] bool has(const std::string& key) const { return options.count(key) > 0; }
    [[nodiscard]] std::string get(const std::string& key, const std::string& fallback = {}) const;
    [[nodiscard]] std::vector<std::string> all(const std::string& key) const;
};

/// Description of one sub-command for parsing and --help.
struct command {
    const char* name;
    const char* summary;
    const char* usage;                 // full help text
    std::vector<std::string> flags;    // options that take no value
    std::vector<std::string> valued;   // options that take a value
    int (*run)(const arguments&, std::ostream& out, std::ostream& err);
};

/// Parses argv against a command; throws coopatlas::error on an unknown option.
arguments parse(const command& cmd, int argc, char** argv, int first);

/// The memory the command may use for one grid or image, in bytes: --max-memory MB when
/// given, else a quarter of the machine's available memory (MemAvailable in
/// /proc/meminfo), at least 256 MB.
std::size_t memory_budget(const arguments& args);

/// Throws coopatlas::error before any work when `bytes` exceed the budget, naming `what`
/// (e.g. "a PNG of 40000 x 30000 pixels, asked by --dpi 100000"), the limit and the ways out.
void check_memory(const arguments& args, double bytes, const std::string& what);

/// Keeps a command's atlas until the process exits, and never destroys it: the operating
/// system takes its memory back at once, where freeing its tens of thousands of entities
/// one by one would take longer than reading them did.
model::atlas& keep_until_exit(model::atlas atlas);
void keep_until_exit(std::shared_ptr<const model::atlas> atlas);

/// Ends the process once a command has returned `status`, its outputs written: the streams
/// are flushed, and nothing built is destroyed (the libraries' fonts, caches and globals
/// would be freed piece by piece for nothing). A build with a sanitizer returns `status`
/// instead, so that leaks are still looked for at exit.
int end_of_command(int status);

/// Sets the C library's heaps up for one command's run: the main heap, and a few heaps for
/// threads, reserved in a large step each and backed by large pages. Called before a command
/// runs; does nothing where unsupported or under an address-space limit.
void prepare_heap_for_a_run() noexcept;

/// Manifest path from --manifest, --data or the default data folder.
std::string manifest_path(const arguments& args);

int run_info(const arguments&, std::ostream&, std::ostream&);
int run_validate(const arguments&, std::ostream&, std::ostream&);
int run_resolve(const arguments&, std::ostream&, std::ostream&);
int run_render(const arguments&, std::ostream&, std::ostream&);
const char* atlas_usage();
int run_atlas(const arguments&, std::ostream&, std::ostream&);
/// Help texts of the analysis commands (they include the shared filter options).
const char* coverage_usage();
const char* flows_usage();
int run_coverage(const arguments&, std::ostream&, std::ostream&);
int run_flows(const arguments&, std::ostream&, std::ostream&);

const char* density_usage();
int run_density(const arguments&, std::ostream&, std::ostream&);
int run_pip(const arguments&, std::ostream&, std::ostream&);

const char* classify_usage();
const char* clusters_usage();
int run_classify(const arguments&, std::ostream&, std::ostream&);
int run_clusters(const arguments&, std::ostream&, std::ostream&);

} // namespace coopatlas::cli
