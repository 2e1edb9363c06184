#include <coopatlas/error.hpp>
#include <coopatlas/io/text_encoding.hpp>
#include <coopatlas/text/fold.hpp>

#include <algorithm>
#include <array>
#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <iconv.h>

namespace coopatlas::io {

namespace {

// Line and column (in characters) of the end of UTF-8 text: where the next character sits.
std::pair<long, long> position_after(std::string_view utf8) {
    long line = 1, column = 1;
    for (const char c : utf8) {
        if (c == '\n') {
            ++line;
            column = 1;
        } else if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) {
            ++column;
        }
    }
    return {line, column};
}

std::string hex_byte(char c) {
    char buf[8];
    std::snprintf(buf, sizeof buf, "0x%02X", static_cast<unsigned>(static_cast<unsigned char>(c)));
    return buf;
}

[[noreturn]] void fail_at(const std::string& path, std::string_view text_before, std::string message,
                          std::string suggestion) {
    const auto [line, column] = position_after(text_before);
    throw input_error(diagnostic{path, line, column, {}, std::move(message), std::move(suggestion)});
}

std::string iconv_hint(const std::string& path, const char* from) {
    return std::string("iconv -f ") + from + " -t UTF-8 '" + path + "' > converted.csv";
}

// UTF-16 text is mostly ASCII with a NUL byte beside every character; a byte order mark
// says it outright. Returns how the file gives itself away, or nothing.
struct utf16_evidence {
    bool found = false;
    bool little_endian = true;
    bool bom = false;
};

utf16_evidence look_for_utf16(std::string_view bytes) {
    utf16_evidence e;
    if (bytes.size() >= 2) {
        const auto b0 = static_cast<unsigned char>(bytes[0]), b1 = static_cast<unsigned char>(bytes[1]);
        if ((b0 == 0xFF && b1 == 0xFE) || (b0 == 0xFE && b1 == 0xFF)) {
            e.found = e.bom = true;
            e.little_endian = b0 == 0xFF;
            return e;
        }
    }
    const std::size_t n = std::min<std::size_t>(bytes.size(), 4096);
    std::array<std::size_t, 2> nul{0, 0};
    for (std::size_t i = 0; i < n; ++i)
        if (bytes[i] == '\0') ++nul[i % 2];
    const std::size_t half = n / 2;
    const std::size_t most = std::max(nul[0], nul[1]), least = std::min(nul[0], nul[1]);
    // ASCII in UTF-16 puts a NUL at nearly every even (BE) or odd (LE) offset and almost
    // none at the others; a binary file or a stray NUL byte does not
    if (half >= 2 && most >= 4 && most * 10 >= half * 4 && least * 10 <= most) {
        e.found = true;
        e.little_endian = nul[1] >= nul[0];
    }
    return e;
}

[[noreturn]] void refuse_utf16(const std::string& path, const utf16_evidence& e) {
    const std::string how = e.bom ? std::string("it starts with the UTF-16 byte order mark ") +
                                        (e.little_endian ? "FF FE" : "FE FF")
                                  : "every other byte is NUL";
    throw input_error(diagnostic{path,
                                 1,
                                 1,
                                 {},
                                 "file is UTF-16, not UTF-8 (" + how + ")",
                                 "save it as UTF-8 (in Excel: \"CSV UTF-8\"), read it with --encoding utf-16 "
                                 "(encoding: utf-16 in a manifest), or convert it: " +
                                     iconv_hint(path, "UTF-16")});
}

void check_utf8(std::string_view bytes, const std::string& path) {
    std::size_t bad = 0;
    if (text::is_valid_utf8(bytes, &bad)) return;
    fail_at(path, bytes.substr(0, bad),
            "file is not UTF-8 (byte " + hex_byte(bytes[bad]) + "); it looks like Windows-1252 or Latin-1",
            "read it with --encoding windows-1252 (encoding: windows-1252 in a manifest), the encoding of Excel and "
            "LibreOffice CSV on Windows, or convert it: " +
                iconv_hint(path, "WINDOWS-1252"));
}

// A file announced as a single-byte encoding that is valid UTF-8 with accents would come
// out with every accent garbled ("FÃ¨s"): say so instead.
void refuse_utf8_as_single_byte(std::string_view bytes, text_encoding encoding, const std::string& path) {
    const auto high = std::find_if(bytes.begin(), bytes.end(), [](char c) { return static_cast<unsigned char>(c) >= 0x80; });
    if (high == bytes.end() || !text::is_valid_utf8(bytes)) return;
    const std::size_t at = static_cast<std::size_t>(high - bytes.begin());
    fail_at(path, bytes.substr(0, at), "file is UTF-8, not " + to_string(encoding),
            "drop --encoding " + to_string(encoding) + " (or the manifest's encoding:): UTF-8 is the default");
}

struct iconv_handle {
    iconv_t cd;
    iconv_handle(const char* to, const char* from) : cd(iconv_open(to, from)) {
        if (cd == reinterpret_cast<iconv_t>(-1)) throw error(std::string("iconv cannot convert from ") + from);
    }
    ~iconv_handle() { iconv_close(cd); }
    iconv_handle(const iconv_handle&) = delete;
    iconv_handle& operator=(const iconv_handle&) = delete;
};

std::string convert(std::string_view bytes, const char* from, const char* label, const std::string& path) {
    iconv_handle h("UTF-8", from);
    std::string out(bytes.size() * 2 + 16, '\0');
    // iconv takes non-const pointers but does not write through the input one
    char* in = const_cast<char*>(bytes.data());
    std::size_t in_left = bytes.size();
    std::size_t used = 0;
    while (in_left > 0) {
        char* dst = out.data() + used;
        std::size_t out_left = out.size() - used;
        const std::size_t r = iconv(h.cd, &in, &in_left, &dst, &out_left);
        used = out.size() - out_left;
        if (r != static_cast<std::size_t>(-1)) break;
        if (errno == E2BIG) {
            out.resize(out.size() * 2);
            continue;
        }
        // EILSEQ or EINVAL: the text converted so far locates the bad byte
        const std::string_view before(out.data(), used);
        if (errno == EINVAL)
            fail_at(path, before, std::string("file ends inside a ") + label + " character", "check the file's encoding");
        fail_at(path, before, "byte " + hex_byte(*in) + " is not a " + label + " character",
                "check the file's encoding (--encoding utf-8, windows-1252, latin-1 or utf-16)");
    }
    out.resize(used);
    return out;
}

std::string decode_utf16(std::string_view bytes, const std::string& path) {
    const utf16_evidence e = look_for_utf16(bytes);
    if (e.bom) bytes.remove_prefix(2);
    if (bytes.size() % 2 != 0)
        throw input_error(diagnostic{path, 0, 0, {}, "file has an odd number of bytes: it is not UTF-16",
                                     "check the file's encoding"});
    return convert(bytes, e.little_endian ? "UTF-16LE" : "UTF-16BE", "UTF-16", path);
}

void check_no_nul(std::string_view utf8, const std::string& path) {
    const std::size_t at = utf8.find('\0');
    if (at == std::string_view::npos) return;
    fail_at(path, utf8.substr(0, at), "NUL byte in the text (is it UTF-16 or a binary file?)",
            "a NUL byte is never text: save the table as UTF-8 text (in Excel: \"CSV UTF-8\"), or remove the byte "
            "if binary data was pasted into it");
}

} // namespace

std::optional<text_encoding> parse_text_encoding(std::string_view name) {
    std::string key;
    for (const char c : name)
        if (c != '-' && c != '_' && c != ' ') key += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (key == "utf8") return text_encoding::utf8;
    if (key == "windows1252" || key == "cp1252" || key == "win1252") return text_encoding::windows_1252;
    if (key == "latin1" || key == "iso88591" || key == "l1") return text_encoding::latin1;
    if (key == "utf16") return text_encoding::utf16;
    return std::nullopt;
}

std::string to_string(text_encoding encoding) {
    switch (encoding) {
    case text_encoding::utf8: return "utf-8";
    case text_encoding::windows_1252: return "windows-1252";
    case text_encoding::latin1: return "latin-1";
    case text_encoding::utf16: return "utf-16";
    }
    return "utf-8";
}

std::string known_text_encodings() { return "utf-8, windows-1252 (cp1252), latin-1 (iso-8859-1), utf-16"; }

void check_utf8_text(std::string_view bytes, const std::string& path) {
    if (const utf16_evidence e = look_for_utf16(bytes); e.found) refuse_utf16(path, e);
    // the first problem in the file is told: a NUL byte before any byte that is not UTF-8
    // is a NUL byte, not a sign of Windows-1252
    check_utf8(bytes.substr(0, bytes.find('\0')), path);
    check_no_nul(bytes, path);
}

std::string decode_text(std::string_view bytes, text_encoding encoding, const std::string& path) {
    if (encoding == text_encoding::utf8) {
        check_utf8_text(bytes, path);
        return std::string(bytes);
    }
    if (encoding != text_encoding::utf16) {
        if (const utf16_evidence e = look_for_utf16(bytes); e.found) refuse_utf16(path, e);
    }
    std::string out;
    switch (encoding) {
    case text_encoding::utf8:
        break;  // handled above
    case text_encoding::windows_1252:
        refuse_utf8_as_single_byte(bytes, encoding, path);
        out = convert(bytes, "WINDOWS-1252", "Windows-1252", path);
        break;
    case text_encoding::latin1:
        refuse_utf8_as_single_byte(bytes, encoding, path);
        out = convert(bytes, "ISO-8859-1", "Latin-1", path);
        break;
    case text_encoding::utf16:
        out = decode_utf16(bytes, path);
        break;
    }
    check_no_nul(out, path);
    return out;
}

std::string read_file_bytes(const std::string& path) {
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec))
        throw input_error(diagnostic{path, 0, 0, {}, "is a folder, not a file", "name a file of the folder"});
    std::ifstream in(path, std::ios::binary);
    if (!in) throw input_error(diagnostic{path, 0, 0, {}, "cannot open file", "check the path"});
    std::ostringstream buffer;
    buffer << in.rdbuf();
    return std::move(buffer).str();
}

std::string read_text_file(const std::string& path, text_encoding encoding) {
    std::string bytes = read_file_bytes(path);
    if (encoding == text_encoding::utf8) {
        check_utf8_text(bytes, path);
        return bytes;
    }
    return decode_text(bytes, encoding, path);
}

} // namespace coopatlas::io
