// The writers that need no GDAL: CSV text, and a table written as CSV by coopatlas itself.
// Every other output goes through the GDAL module (io/gdal/vector_writer.cpp).

#include <coopatlas/error.hpp>
#include <coopatlas/io/atomic_file.hpp>
#include <coopatlas/io/csv.hpp>
#include <coopatlas/io/dataset_name.hpp>
#include <coopatlas/io/vector_writer.hpp>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>

namespace coopatlas::io {

namespace fs = std::filesystem;

std::string to_csv_text(const std::vector<std::string>& header, const std::vector<std::vector<attribute>>& rows,
                        bool raw) {
    const auto cell = [raw](const std::string& v) { return csv_escape(raw ? v : csv_neutralise(v)); };
    std::ostringstream out;
    for (std::size_t i = 0; i < header.size(); ++i)
        out << (i ? "," : "") << cell(header[i]);
    out << '\n';
    for (const auto& row : rows) {
        for (std::size_t i = 0; i < row.size(); ++i) {
            if (i) out << ',';
            std::visit(
                [&](const auto& v) {
                    using T = std::decay_t<decltype(v)>;
                    if constexpr (std::is_same_v<T, std::string>) {
                        out << cell(v);
                    } else if constexpr (std::is_same_v<T, long long>) {
                        out << v;
                    } else if constexpr (std::is_same_v<T, double>) {
                        char buf[64];
                        std::snprintf(buf, sizeof buf, "%.10g", v);
                        out << buf;
                    }
                },
                row[i]);
        }
        out << '\n';
    }
    return out.str();
}

std::string to_csv_text(const feature_table& table, bool raw) {
    std::vector<std::string> header;
    for (const auto& f : table.fields)
        header.push_back(f.name);
    return to_csv_text(header, table.rows, raw);
}

write_result write_table(const std::string& dataset, const feature_table& table, const vector_write_options& options) {
    if (!writes_plain_csv(dataset, options.format)) return write_vector(dataset, table, options);
    check_vector_output(dataset, options, table.name, true);
    write_result result;
    result.driver = "CSV";
    result.layer = fs::path(dataset).stem().string();
    result.features = table.rows.size();
    std::string text = to_csv_text(table, options.raw_csv);
    const std::string target = is_stream_output(dataset) ? dataset : link_target(dataset);
    std::error_code ec;
    if (!is_stream_output(dataset) && fs::exists(target, ec) && options.mode == write_mode::append) {
        // the same columns, then the rows after those already there
        std::ifstream in(target, std::ios::binary);
        std::string existing((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        const std::string header = text.substr(0, text.find('\n') + 1);
        const std::string first = existing.substr(0, existing.find('\n') + 1);
        auto trimmed = [](std::string s) {
            while (!s.empty() && (s.back() == '\n' || s.back() == '\r'))
                s.pop_back();
            return s;
        };
        if (trimmed(first) != trimmed(header))
            throw error("cannot append to '" + dataset + "': its columns (" + trimmed(first) +
                        ") are not those written (" + trimmed(header) + ")");
        if (!existing.empty() && existing.back() != '\n') existing += '\n';
        text = existing + text.substr(header.size());
        result.appended = true;
    }
    write_text_file(dataset, text, options.protected_inputs);
    if (!is_stream_output(dataset)) result.files.push_back(target);
    return result;
}

void write_table(const std::string& path, const feature_table& table, const std::string& format,
                 const std::vector<std::string>& protected_inputs) {
    vector_write_options o;
    o.format = format;
    o.mode = write_mode::overwrite;
    o.protected_inputs = protected_inputs;
    (void)write_table(path, table, o);
}

void write_vector(const std::string& path, const feature_table& table, const std::string& format,
                  const std::vector<std::string>& protected_inputs) {
    vector_write_options o;
    o.format = format;
    o.mode = write_mode::overwrite;
    o.protected_inputs = protected_inputs;
    (void)write_vector(path, table, o);
}

} // namespace coopatlas::io
