#pragma once
// Reads back what a Cairo PDF holds as text: the Unicode values of its fonts' ToUnicode
// maps, i.e. what a reader gives when the text is selected or searched.

#include <zlib.h>

#include <set>
#include <string>
#include <vector>

namespace coopatlas::test {

/// Every Flate-compressed stream of a PDF, inflated (streams that are not are skipped).
inline std::vector<std::string> inflated_streams(const std::string& pdf) {
    std::vector<std::string> out;
    std::size_t pos = 0;
    while ((pos = pdf.find("stream\n", pos)) != std::string::npos) {
        const std::size_t begin = pos + 7;
        const std::size_t end = pdf.find("endstream", begin);
        if (end == std::string::npos) break;
        z_stream z{};
        if (inflateInit(&z) != Z_OK) break;
        std::string data;
        char buffer[16384];
        z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(pdf.data() + begin));
        z.avail_in = static_cast<uInt>(end - begin);
        int rc = Z_OK;
        while (rc == Z_OK) {
            z.next_out = reinterpret_cast<Bytef*>(buffer);
            z.avail_out = sizeof buffer;
            rc = inflate(&z, Z_NO_FLUSH);
            data.append(buffer, sizeof buffer - z.avail_out);
        }
        inflateEnd(&z);
        if (rc == Z_STREAM_END) out.push_back(data);
        pos = end + 9;  // past "endstream", which itself ends in "stream\n"
    }
    return out;
}

/// Code points listed in the ToUnicode maps (bfchar entries "<code> <UTF-16BE>", as Cairo
/// writes them; surrogate pairs are combined).
inline std::set<char32_t> unicode_in_pdf(const std::string& pdf) {
    std::set<char32_t> out;
    for (const auto& s : inflated_streams(pdf)) {
        std::size_t pos = 0;
        while ((pos = s.find("beginbfchar", pos)) != std::string::npos) {
            const std::size_t end = s.find("endbfchar", pos);
            if (end == std::string::npos) break;
            std::size_t p = pos;
            while (true) {
                // each entry: <src> <dst>; read the second hex string of each pair
                const std::size_t a = s.find('<', p);
                if (a == std::string::npos || a > end) break;
                const std::size_t b = s.find('<', s.find('>', a));
                const std::size_t c = s.find('>', b);
                if (b == std::string::npos || c == std::string::npos || c > end) break;
                const std::string hex = s.substr(b + 1, c - b - 1);
                std::vector<unsigned> units;
                for (std::size_t i = 0; i + 4 <= hex.size(); i += 4) units.push_back(std::stoul(hex.substr(i, 4), nullptr, 16));
                for (std::size_t i = 0; i < units.size(); ++i) {
                    if (units[i] >= 0xD800 && units[i] < 0xDC00 && i + 1 < units.size()) {
                        out.insert(0x10000 + ((units[i] - 0xD800) << 10) + (units[i + 1] - 0xDC00));
                        ++i;
                    } else {
                        out.insert(units[i]);
                    }
                }
                p = c + 1;
            }
            pos = end;
        }
    }
    return out;
}

/// Code points of a UTF-8 string (input assumed valid).
inline std::vector<char32_t> code_points(const std::string& utf8) {
    std::vector<char32_t> out;
    for (std::size_t i = 0; i < utf8.size();) {
        const auto c = static_cast<unsigned char>(utf8[i]);
        const int n = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
        char32_t cp = n == 1 ? c : n == 2 ? (c & 0x1F) : n == 3 ? (c & 0x0F) : (c & 0x07);
        for (int k = 1; k < n; ++k) cp = (cp << 6) | (static_cast<unsigned char>(utf8[i + k]) & 0x3F);
        out.push_back(cp);
        i += n;
    }
    return out;
}

} // namespace coopatlas::test
