#include <coopatlas/text/fold.hpp>

#include <algorithm>
#include <array>
#include <cstdint>
#include <string>
#include <utility>

namespace coopatlas::text {

namespace {

// Decodes one UTF-8 code point at s[i]; returns U+FFFD and advances one byte on bad input.
char32_t decode(std::string_view s, std::size_t& i) {
    const auto b0 = static_cast<unsigned char>(s[i]);
    auto cont = [&](std::size_t k) -> unsigned {
        if (i + k >= s.size()) return 0x100;
        const auto b = static_cast<unsigned char>(s[i + k]);
        return (b & 0xC0) == 0x80 ? (b & 0x3F) : 0x100;
    };
    if (b0 < 0x80) {
        ++i;
        return b0;
    }
    if ((b0 & 0xE0) == 0xC0) {
        const unsigned c1 = cont(1);
        if (c1 < 0x100) {
            i += 2;
            return ((b0 & 0x1F) << 6) | c1;
        }
    } else if ((b0 & 0xF0) == 0xE0) {
        const unsigned c1 = cont(1), c2 = cont(2);
        if (c1 < 0x100 && c2 < 0x100) {
            i += 3;
            return ((b0 & 0x0F) << 12) | (c1 << 6) | c2;
        }
    } else if ((b0 & 0xF8) == 0xF0) {
        const unsigned c1 = cont(1), c2 = cont(2), c3 = cont(3);
        if (c1 < 0x100 && c2 < 0x100 && c3 < 0x100) {
            i += 4;
            return ((b0 & 0x07) << 18) | (c1 << 12) | (c2 << 6) | c3;
        }
    }
    ++i;
    return 0xFFFD;
}

void encode(char32_t c, std::string& out) {
    if (c < 0x80) {
        out += static_cast<char>(c);
    } else if (c < 0x800) {
        out += static_cast<char>(0xC0 | (c >> 6));
        out += static_cast<char>(0x80 | (c & 0x3F));
    } else if (c < 0x10000) {
        out += static_cast<char>(0xE0 | (c >> 12));
        out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (c & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (c >> 18));
        out += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (c & 0x3F));
    }
}

// Base letters of U+00C0..U+017F (Latin-1 Supplement letters and Latin Extended-A),
// lower case; '_' where the code point is not a letter (× ÷).
constexpr std::string_view latin_1_sup = "aaaaaaaceeeeiiiidnooooo_ouuuuyts"  // C0..DF
                                         "aaaaaaaceeeeiiiidnooooo_ouuuuyty";  // E0..FF

constexpr std::string_view latin_ext_a =  // U+0100..U+017F
    "aaaaaaccccccccddddeeeeeeeeeegggggggghhhhiiiiiiiiiiiijjkkklllllll"
    "lllnnnnnnnnnoooooooorrrrrrssssssssttttttuuuuuuuuuuuuwwyyyzzzzzzs";

// Appends the folded form of one code point; multi-letter ligatures expand.
void fold_code_point(char32_t c, std::string& out) {
    if (c < 0x80) {
        const char ch = static_cast<char>(c);
        if ((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9')) out += ch;
        else if (ch >= 'A' && ch <= 'Z') out += static_cast<char>(ch - 'A' + 'a');
        else out += ' ';  // hyphen, apostrophe, dot, slash, comma…: all separators
        return;
    }
    if (c == 0xC6 || c == 0xE6) { out += "ae"; return; }
    if (c == 0x152 || c == 0x153) { out += "oe"; return; }
    if (c == 0xDF) { out += "ss"; return; }
    if (c >= 0xC0 && c <= 0xFF) {
        const char base = latin_1_sup[c - 0xC0];
        out += base == '_' ? ' ' : base;
        return;
    }
    if (c >= 0x100 && c <= 0x17F) {
        out += latin_ext_a[c - 0x100];
        return;
    }
    // typographic apostrophes, dashes, middle dot, no-break spaces: separators
    if (c == 0x2019 || c == 0x2018 || c == 0x2013 || c == 0x2014 || c == 0x2010 || c == 0x2011 ||
        c == 0xB7 || c == 0xA0 || c == 0x202F || c == 0x2009 || c == 0xAB || c == 0xBB || c == 0xFFFD) {
        out += ' ';
        return;
    }
    if (c >= 0x64B && c <= 0x652) return;  // Arabic harakat: vowel marks do not distinguish names
    encode(c, out);
}

std::string collapse_spaces(const std::string& s) {
    std::string out;
    out.reserve(s.size());
    bool space = true;  // drops leading spaces
    for (char ch : s) {
        if (ch == ' ') {
            if (!space) out += ' ';
            space = true;
        } else {
            out += ch;
            space = false;
        }
    }
    if (!out.empty() && out.back() == ' ') out.pop_back();
    return out;
}

// Articles and linking words in the languages of the place names handled so far;
// they are dropped from keys so that "Région de l'Oriental" matches "Oriental".
constexpr std::array<std::string_view, 16> articles = {"le", "la", "les", "l", "de", "du", "des", "d",
                                                       "el", "al", "the", "of", "del", "di", "et", "and"};

// Unit words and the level each one hints at.
constexpr std::array<std::pair<std::string_view, std::string_view>, 14> unit_words = {{
    {"region", "region"},         {"regions", "region"},        {"province", "province"},
    {"prefecture", "province"},   {"departement", "departement"}, {"department", "departement"},
    {"commune", "commune"},       {"municipalite", "commune"},  {"municipality", "commune"},
    {"ville", "commune"},         {"city", "commune"},          {"groupement", "groupement"},
    {"pays", ""},                 {"wilaya", "region"},
}};

} // namespace

std::string fold(std::string_view utf8) {
    std::string raw;
    raw.reserve(utf8.size());
    for (std::size_t i = 0; i < utf8.size();) fold_code_point(decode(utf8, i), raw);
    return collapse_spaces(raw);
}

folded_name fold_name(std::string_view utf8) {
    folded_name out;
    const std::string folded = fold(utf8);
    std::vector<std::string> words;
    for (std::size_t start = 0; start <= folded.size();) {
        const std::size_t end = std::min(folded.find(' ', start), folded.size());
        if (end > start) words.emplace_back(folded.substr(start, end - start));
        start = end + 1;
    }
    std::vector<std::string> kept;
    for (std::size_t i = 0; i < words.size(); ++i) {
        const auto& w = words[i];
        if (std::find(articles.begin(), articles.end(), w) != articles.end()) continue;
        // a unit word counts only at the start ("Région de l'Oriental"), not inside a
        // name ("Pays de la Loire", "Ville-d'Avray")
        if (kept.empty() && out.level_hint.empty() && i + 1 < words.size()) {
            auto unit = std::find_if(unit_words.begin(), unit_words.end(),
                                     [&](const auto& u) { return u.first == w && !u.second.empty(); });
            if (unit != unit_words.end()) {
                out.level_hint = std::string(unit->second);
                continue;
            }
        }
        if (w == "st") kept.emplace_back("saint");
        else if (w == "ste") kept.emplace_back("sainte");
        else kept.push_back(w);
    }
    for (const auto& w : kept) {
        if (!out.key.empty()) out.key += ' ';
        out.key += w;
    }
    // a name made only of articles ("La") keeps its folded form
    if (out.key.empty()) out.key = folded;
    return out;
}

bool is_valid_utf8(std::string_view bytes, std::size_t* bad_offset) {
    for (std::size_t i = 0; i < bytes.size();) {
        const std::size_t at = i;
        const char32_t c = decode(bytes, i);
        const std::size_t used = i - at;
        const bool overlong = (used == 2 && c < 0x80) || (used == 3 && c < 0x800) || (used == 4 && c < 0x10000);
        if ((c == 0xFFFD && used == 1) || overlong || (c >= 0xD800 && c <= 0xDFFF) || c > 0x10FFFF) {
            if (bad_offset) *bad_offset = at;
            return false;
        }
    }
    return true;
}

std::size_t edit_distance(std::string_view a, std::string_view b) {
    const std::size_t n = a.size(), m = b.size();
    std::vector<std::size_t> prev2(m + 1), prev(m + 1), cur(m + 1);
    for (std::size_t j = 0; j <= m; ++j) prev[j] = j;
    for (std::size_t i = 1; i <= n; ++i) {
        cur[0] = i;
        for (std::size_t j = 1; j <= m; ++j) {
            const std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
            cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost});
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                cur[j] = std::min(cur[j], prev2[j - 2] + 1);
        }
        std::swap(prev2, prev);
        std::swap(prev, cur);
    }
    return prev[m];
}

std::string_view trim(std::string_view s) noexcept {
    const auto first = s.find_first_not_of(" \t\r\n");
    if (first == std::string_view::npos) return {};
    const auto last = s.find_last_not_of(" \t\r\n");
    return s.substr(first, last - first + 1);
}

std::vector<std::string> split(std::string_view s, char separator) {
    std::vector<std::string> parts;
    std::size_t start = 0;
    while (start <= s.size()) {
        std::size_t end = s.find(separator, start);
        if (end == std::string_view::npos) end = s.size();
        const auto part = trim(s.substr(start, end - start));
        if (!part.empty()) parts.emplace_back(part);
        start = end + 1;
    }
    return parts;
}

} // namespace coopatlas::text
