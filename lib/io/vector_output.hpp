#pragma once
// The rules of a vector output that need no GDAL (vector_output_plan.cpp): names, drivers
// and the checks made before any work. The GDAL module (io/gdal/) writes the output with
// them, hence their export. Private to the library.

#include <coopatlas/config.hpp>
#include <coopatlas/io/vector_writer.hpp>

#include <string>
#include <utility>

namespace coopatlas::io::detail {

// --- Names and drivers

COOPATLAS_API std::string lower(std::string s);
COOPATLAS_API bool is_shapefile(const std::string& driver);
COOPATLAS_API bool multi_layer_file(const std::string& driver);
COOPATLAS_API bool named_by_file(const std::string& driver);
COOPATLAS_API extern const std::string write_hint;
// A --lco or --dsco option split at its '=' (what: the option's name, for the message).
COOPATLAS_API std::pair<std::string, std::string> name_value(const std::string& option, const char* what);

// --- Checks made before any work

// Two inputs or outputs are one dataset: the same GDAL name, or the same file.
COOPATLAS_API bool same_dataset(const std::string& a, const std::string& b);

COOPATLAS_API void check_files(const std::string& dataset, const vector_write_options& options,
                               const std::string& driver, bool plain_csv);
COOPATLAS_API std::string exists_message(const std::string& layer, const std::string& dataset);
COOPATLAS_API void check_options(const std::string& dataset, const vector_write_options& options,
                                 const std::string& driver);

} // namespace coopatlas::io::detail
