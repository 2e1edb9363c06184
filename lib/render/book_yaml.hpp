#pragma once
// The YAML helpers of the book reader (book.cpp, book_tables.cpp): every wrong value is
// an input_error at the book spec's file, line and column.

#include <coopatlas/analysis/filter.hpp>

#include <yaml-cpp/yaml.h>

#include <string>
#include <vector>

namespace coopatlas::render::detail {

[[noreturn]] void book_fail(const std::string& file, const YAML::Node& n, const std::string& message,
                            const std::string& suggestion = {});
/// Fails at an unknown key, listing the known ones and suggesting the nearest.
void book_check_keys(const std::string& file, const YAML::Node& n, const std::vector<std::string>& allowed,
                     const std::string& where);
std::string book_text(const std::string& file, const YAML::Node& n);
std::vector<std::string> book_words(const std::string& file, const YAML::Node& n);
/// A `filter:` map (kinds, themes, sources, countries, from, to).
analysis::filter book_filter(const std::string& file, const YAML::Node& n);

} // namespace coopatlas::render::detail
