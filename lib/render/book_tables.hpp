#pragma once
// The `tables:` of a book (book.hpp): the coverage of a partition or the flows between two,
// computed on the book's atlas and written as the same CSV as `coopatlas coverage` and
// `coopatlas flows` write (io/analysis_tables.hpp), in the run that draws the maps.

#include <coopatlas/analysis/coverage_cache.hpp>
#include <coopatlas/io/vector_writer.hpp>
#include <coopatlas/model/atlas.hpp>
#include <coopatlas/render/book.hpp>

#include <yaml-cpp/yaml.h>

#include <functional>
#include <string>
#include <vector>

namespace coopatlas::render::detail {

/// One table of a book: read and checked, computed by `compute` (on any thread: it holds
/// no YAML), then ready to write.
struct book_table {
    std::string output{};        ///< the CSV file, resolved against tables_folder()
    std::function<io::feature_table()> compute{};  ///< an analysis error is an input_error at the entry's line
    io::feature_table table{};   ///< filled from `compute`
};

/// The folder a book's table outputs are relative to: book_options::tables_dir, else the
/// folder of the PDF, else the current folder.
std::string tables_folder(const book_options& options);

/// Reads entry `n` of the `tables:` of book spec `file`, to be computed on `atlas`.
/// The output is checked before any work: a .csv file, never one of `inputs`, nor an
/// output already in `taken` (the other tables, the PDF), to which it is added. A wrong
/// entry is an input_error at its line, with a suggestion. Coverage comes from `cache`,
/// shared with the book's maps.
book_table read_book_table(const std::string& file, const YAML::Node& n, const model::atlas& atlas,
                           analysis::coverage_cache& cache,
                           const std::string& folder, const std::vector<std::string>& inputs,
                           std::vector<std::string>& taken);

/// Writes each table atomically (its folder created when missing); returns the files.
std::vector<std::string> write_book_tables(const std::vector<book_table>& tables,
                                           const std::vector<std::string>& inputs);

} // namespace coopatlas::render::detail
