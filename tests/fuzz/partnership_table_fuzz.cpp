// Partnership tables (CSV): reading, checking every row and resolving both parties
// against the embedded atlas. A bad table must end in coopatlas::error (the command
// line's exit status 1), never in a crash, a leak or another exception.

#include "fuzz_support.hpp"

#include <coopatlas/error.hpp>
#include <coopatlas/io/partnership_table.hpp>
#include <coopatlas/text/fold.hpp>

#include <cstring>

namespace {

using namespace coopatlas;

void read_as(const std::string& path, io::text_encoding encoding) {
    io::table_source source;
    source.path = path;
    source.csv.encoding = encoding;
    try {
        const io::partnership_table table = io::read_partnership_table(source, fuzz::embedded_atlas());
        for (const auto& d : table.problems)
            (void)d.to_string();
        for (const auto& d : table.notes)
            (void)d.to_string();
    } catch (const error& e) {
        (void)e.what();
    }
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    (void)fuzz::embedded_atlas();
    (void)fuzz::scratch_dir();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string path = fuzz::write_scratch("partnerships.csv", data, size);
    read_as(path, io::text_encoding::utf8);
    // the other encodings a planner's table may come in: Windows-1252 when the bytes are not
    // UTF-8 (most of them then are), UTF-16 when they hold NUL bytes
    if (!text::is_valid_utf8(fuzz::as_text(data, size))) read_as(path, io::text_encoding::windows_1252);
    if (size > 0 && std::memchr(data, '\0', size)) read_as(path, io::text_encoding::utf16);
    return 0;
}
