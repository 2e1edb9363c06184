// Sheets of .xlsx and .ods workbooks, read through GDAL's XLSX and ODS drivers.

#include <coopatlas/error.hpp>
#include <coopatlas/io/spreadsheet.hpp>
#include <coopatlas/text/fold.hpp>
#include <coopatlas/text/nearest.hpp>

#include "io/gdal/gdal_util.hpp"
#include "io/gdal/module_functions.hpp"

namespace coopatlas::io {

namespace gdal {

std::vector<std::string> list_sheets(const std::string& path) {
    auto ds = detail::open_vector(path);
    std::vector<std::string> out;
    for (int i = 0; i < ds->GetLayerCount(); ++i)
        out.emplace_back(ds->GetLayer(i)->GetName());
    return out;
}

csv_table read_sheet(const std::string& path, const std::string& sheet) {
    auto ds = detail::open_vector(path);
    if (ds->GetLayerCount() == 0) throw input_error(diagnostic{path, 0, 0, {}, "spreadsheet has no sheet", {}});
    OGRLayer* layer = sheet.empty() ? ds->GetLayer(0) : ds->GetLayerByName(sheet.c_str());
    if (!layer) {
        std::vector<std::string> sheets;
        for (int i = 0; i < ds->GetLayerCount(); ++i)
            sheets.emplace_back(ds->GetLayer(i)->GetName());
        throw input_error(diagnostic{path,
                                     0,
                                     0,
                                     {},
                                     "no sheet named '" + sheet + "'",
                                     "its sheets are " + text::join_list(text::by_nearness(sheet, sheets))});
    }
    detail::error_trap trap;
    csv_table table;
    table.path = path + "[" + layer->GetName() + "]";
    table.spreadsheet = true;
    const std::vector<std::string> names = detail::field_names(*layer);
    // the drivers keep empty cells, so field i is column i + 1 (A, B, …)
    for (std::size_t i = 0; i < names.size(); ++i)
        table.header.push_back({names[i], 1, static_cast<long>(i) + 1});
    layer->ResetReading();
    for (auto& feature : *layer) {
        // the drivers number features by their row (the header is row 1)
        csv_record record;
        const long row = static_cast<long>(feature->GetFID());
        record.line = row > 1 ? row : (table.records.empty() ? 1 : table.records.back().line) + 1;
        bool blank = true;
        for (int i = 0; i < feature->GetFieldCount(); ++i) {
            std::string value = feature->IsFieldSetAndNotNull(i) ? feature->GetFieldAsString(i) : "";
            if (!text::trim(value).empty()) blank = false;
            record.fields.push_back({std::move(value), record.line, i + 1L});
        }
        if (!blank) table.records.push_back(std::move(record));
    }
    if (trap.failed())
        throw input_error(diagnostic{table.path, 0, 0, {}, "cannot read the sheet: " + trap.message(), {}});
    return table;
}

} // namespace gdal

} // namespace coopatlas::io
