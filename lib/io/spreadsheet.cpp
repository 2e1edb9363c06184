#include <coopatlas/io/spreadsheet.hpp>

#include <algorithm>
#include <cctype>
#include <filesystem>

namespace coopatlas::io {

bool is_spreadsheet(const std::string& path) {
    std::string ext = std::filesystem::path(path).extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return ext == ".xlsx" || ext == ".xlsm" || ext == ".ods";
}

} // namespace coopatlas::io
