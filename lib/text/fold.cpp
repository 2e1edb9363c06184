#include <coopatlas/error.hpp>
#include <coopatlas/text/fold.hpp>

#include <utf8proc.h>

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

// Letters that keep no base letter under Unicode decomposition (æ, ø, ł, đ…):
// their usual Latin transliteration. Applied after case folding.
bool latin_without_decomposition(char32_t c, std::string& out) {
    switch (c) {
    case 0xE6: out += "ae"; return true;   // æ
    case 0x153: out += "oe"; return true;  // œ
    case 0xF8: out += 'o'; return true;    // ø
    case 0xF0: case 0x111: out += 'd'; return true;  // ð đ
    case 0xFE: case 0x167: out += 't'; return true;  // þ ŧ
    case 0x127: out += 'h'; return true;   // ħ
    case 0x131: out += 'i'; return true;   // dotless ı
    case 0x138: out += 'k'; return true;   // ĸ
    case 0x142: out += 'l'; return true;   // ł
    case 0x14B: out += 'n'; return true;   // ŋ
    default: return false;
    }
}

// Combining marks that only decorate a base letter: Latin/Greek/Cyrillic accents,
// Arabic harakat, hamza and madda signs (left over after decomposing أ إ آ ؤ ئ),
// superscript alef and Quranic annotation signs. They do not distinguish names.
bool is_dropped_mark(char32_t c) {
    return (c >= 0x300 && c <= 0x36F) || (c >= 0x1AB0 && c <= 0x1AFF) || (c >= 0x1DC0 && c <= 0x1DFF) ||
           (c >= 0x20D0 && c <= 0x20FF) || (c >= 0xFE20 && c <= 0xFE2F) || (c >= 0x610 && c <= 0x61A) ||
           (c >= 0x64B && c <= 0x65F) || c == 0x670 || (c >= 0x6D6 && c <= 0x6DC) || (c >= 0x6DF && c <= 0x6E4) ||
           c == 0x6E7 || c == 0x6E8 || (c >= 0x6EA && c <= 0x6ED) || (c >= 0x8D3 && c <= 0x8FF && c != 0x8E2);
}

// Arabic letters written in several ways for one name; 0 when the letter stays.
char32_t arabic_base(char32_t c) {
    switch (c) {
    case 0x671: case 0x672: case 0x673: case 0x675: return 0x627;  // alef wasla and alefs with hamza signs -> ا
    case 0x649: case 0x6CC: return 0x64A;                          // alef maksura, Farsi yeh -> ي
    case 0x629: return 0x647;                                      // taa marbuta -> ه
    // the letters Moroccan spelling uses for /g/ (ڭ گ ݣ) and the Persian kaf ک -> ك
    case 0x6A9: case 0x6AD: case 0x6AF: case 0x763: return 0x643;
    default: return 0;
    }
}

// Appends the folded form of one code point of a case-folded compatibility
// decomposition (NFKD): letters and digits stay, marks go, the rest separates.
void fold_code_point(char32_t c, std::u32string& out) {
    if (c < 0x80) {
        const char ch = static_cast<char>(c);
        if ((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9')) out += c;
        else if (ch >= 'A' && ch <= 'Z') out += static_cast<char32_t>(ch - 'A' + 'a');
        else out += U' ';  // hyphen, apostrophe, dot, slash, comma…: all separators
        return;
    }
    if (is_dropped_mark(c) || c == 0x640) return;  // U+0640 tatweel only stretches a word
    if (const char32_t base = arabic_base(c)) {
        out += base;
        return;
    }
    if (c >= 0x660 && c <= 0x669) { out += static_cast<char32_t>(U'0' + (c - 0x660)); return; }  // Arabic-Indic digits
    if (c >= 0x6F0 && c <= 0x6F9) { out += static_cast<char32_t>(U'0' + (c - 0x6F0)); return; }
    std::string latin;
    if (latin_without_decomposition(c, latin)) {
        for (char ch : latin) out += static_cast<char32_t>(ch);
        return;
    }
    // modifier letters used as apostrophes (ʼ ʻ ʾ ʿ) separate like "'"
    if (c == 0x2BC || c == 0x2BB || c == 0x2BE || c == 0x2BF) { out += U' '; return; }
    switch (utf8proc_category(static_cast<utf8proc_int32_t>(c))) {
    case UTF8PROC_CATEGORY_ZS: case UTF8PROC_CATEGORY_ZL: case UTF8PROC_CATEGORY_ZP:
    case UTF8PROC_CATEGORY_PC: case UTF8PROC_CATEGORY_PD: case UTF8PROC_CATEGORY_PS: case UTF8PROC_CATEGORY_PE:
    case UTF8PROC_CATEGORY_PI: case UTF8PROC_CATEGORY_PF: case UTF8PROC_CATEGORY_PO:
    case UTF8PROC_CATEGORY_SM: case UTF8PROC_CATEGORY_SC: case UTF8PROC_CATEGORY_SK: case UTF8PROC_CATEGORY_SO:
    case UTF8PROC_CATEGORY_CC:
        out += U' ';  // spaces, punctuation (، ؛ · « »), symbols, U+FFFD
        return;
    case UTF8PROC_CATEGORY_CF:
        return;  // joiners and direction marks are invisible
    default:
        out += c;
    }
}

// Whether the `used` bytes decode() read for `c` are not well-formed UTF-8: a stray byte, a
// code point written with more bytes than it needs (overlong: C0 80 for U+0000), a surrogate,
// or a code point beyond U+10FFFF.
bool ill_formed(char32_t c, std::size_t used) {
    const bool overlong = (used == 2 && c < 0x80) || (used == 3 && c < 0x800) || (used == 4 && c < 0x10000);
    return (c == 0xFFFD && used == 1) || overlong || (c >= 0xD800 && c <= 0xDFFF) || c > 0x10FFFF;
}

// Well-formed UTF-8 of the input, each ill-formed sequence replaced by U+FFFD.
std::string repaired_utf8(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size();) {
        const std::size_t at = i;
        const char32_t c = decode(s, i);
        if (ill_formed(c, i - at)) encode(0xFFFD, out);
        else out.append(s.substr(at, i - at));
    }
    return out;
}

// Case-folded compatibility decomposition (NFKD + case folding, default-ignorable
// characters removed) as code points.
std::vector<utf8proc_int32_t> decompose(std::string_view utf8) {
    const std::string valid = is_valid_utf8(utf8) ? std::string(utf8) : repaired_utf8(utf8);
    const auto options = static_cast<utf8proc_option_t>(UTF8PROC_STABLE | UTF8PROC_COMPAT | UTF8PROC_DECOMPOSE |
                                                         UTF8PROC_CASEFOLD | UTF8PROC_IGNORE);
    std::vector<utf8proc_int32_t> buffer(valid.size() + 8);
    const auto* bytes = reinterpret_cast<const utf8proc_uint8_t*>(valid.data());
    const auto size = static_cast<utf8proc_ssize_t>(valid.size());
    auto n = utf8proc_decompose(bytes, size, buffer.data(), static_cast<utf8proc_ssize_t>(buffer.size()), options);
    if (n > static_cast<utf8proc_ssize_t>(buffer.size())) {  // a long expansion (ﷺ): retry with the size asked for
        buffer.resize(static_cast<std::size_t>(n));
        n = utf8proc_decompose(bytes, size, buffer.data(), n, options);
    }
    if (n < 0) throw error(std::string("cannot normalise text: ") + utf8proc_errmsg(n));
    buffer.resize(static_cast<std::size_t>(n));
    return buffer;
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

// Unit words of French and English that mean the same level in every country, and the
// level each one hints at. Words whose level depends on the country (a Moroccan
// "préfecture" is a province, a French one a town; a "wilaya" is a Moroccan region and
// an Algerian province) are the atlas's own (manifest `levels: … words`).
constexpr std::array<std::pair<std::string_view, std::string_view>, 12> unit_words = {{
    {"region", "region"},         {"regions", "region"},        {"province", "province"},
    {"departement", "departement"}, {"department", "departement"},
    {"commune", "commune"},       {"municipalite", "commune"},  {"municipality", "commune"},
    {"ville", "commune"},         {"city", "commune"},          {"groupement", "groupement"},
    {"pays", ""},
}};

} // namespace

std::string fold(std::string_view utf8) {
    std::string raw;
    raw.reserve(utf8.size());
    const bool ascii = std::all_of(utf8.begin(), utf8.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
    if (ascii) {
        std::u32string folded;
        for (char c : utf8) fold_code_point(static_cast<char32_t>(c), folded);
        for (char32_t c : folded) raw += static_cast<char>(c);
        return collapse_spaces(raw);
    }
    std::u32string folded;
    for (utf8proc_int32_t c : decompose(utf8)) fold_code_point(static_cast<char32_t>(c), folded);
    // marks that were kept (other scripts) recompose, so that the key is in NFC
    std::vector<utf8proc_int32_t> composed(folded.begin(), folded.end());
    const auto n = utf8proc_normalize_utf32(composed.data(), static_cast<utf8proc_ssize_t>(composed.size()),
                                            static_cast<utf8proc_option_t>(UTF8PROC_STABLE | UTF8PROC_COMPOSE));
    if (n < 0) throw error(std::string("cannot normalise text: ") + utf8proc_errmsg(n));
    for (utf8proc_ssize_t i = 0; i < n; ++i) encode(static_cast<char32_t>(composed[static_cast<std::size_t>(i)]), raw);
    return collapse_spaces(raw);
}

folded_name fold_name(std::string_view utf8, const std::set<std::string>* extra_unit_words) {
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
        if (kept.empty() && out.unit_word.empty() && i + 1 < words.size()) {
            auto unit = std::find_if(unit_words.begin(), unit_words.end(),
                                     [&](const auto& u) { return u.first == w && !u.second.empty(); });
            const bool extra = extra_unit_words && extra_unit_words->count(w);
            if (unit != unit_words.end() || extra) {
                if (unit != unit_words.end()) out.level_hint = std::string(unit->second);
                out.unit_word = w;
                // Moroccan communes were "urbaine" or "rurale" until 2015: a category, not a name
                const bool category = i + 2 < words.size() && (words[i + 1] == "urbaine" || words[i + 1] == "rurale");
                if (out.level_hint == "commune" && category) ++i;
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
        if (ill_formed(c, i - at)) {
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

std::size_t edit_distance(std::string_view a, std::string_view b, std::size_t max) {
    const std::size_t n = a.size(), m = b.size();
    if ((n > m ? n - m : m - n) > max) return max + 1;
    // only cells within `max` of the diagonal can stay under the bound (Ukkonen's band)
    const std::size_t inf = max + 1;
    std::vector<std::size_t> prev2(m + 1, inf), prev(m + 1, inf), cur(m + 1, inf);
    for (std::size_t j = 0; j <= std::min(m, max); ++j) prev[j] = j;
    for (std::size_t i = 1; i <= n; ++i) {
        const std::size_t lo = i > max ? i - max : 1, hi = std::min(m, i + max);
        std::fill(cur.begin(), cur.end(), inf);
        if (i <= max) cur[0] = i;
        std::size_t row_min = cur[0];
        for (std::size_t j = lo; j <= hi; ++j) {
            const std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
            std::size_t v = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost});
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) v = std::min(v, prev2[j - 2] + 1);
            cur[j] = std::min(v, inf);
            row_min = std::min(row_min, cur[j]);
        }
        if (row_min > max) return inf;  // every path already costs more
        std::swap(prev2, prev);
        std::swap(prev, cur);
    }
    return std::min(prev[m], inf);
}

std::string unit_word_level(std::string_view word) {
    const std::string w = fold(word);
    for (const auto& [unit, level] : unit_words)
        if (unit == w) return std::string(level);
    return {};
}

std::string_view trim(std::string_view s) noexcept {
    const auto first = s.find_first_not_of(" \t\r\n");
    if (first == std::string_view::npos) return {};
    const auto last = s.find_last_not_of(" \t\r\n");
    return s.substr(first, last - first + 1);
}

std::string join(const std::vector<std::string>& parts, std::string_view separator) {
    std::string out;
    for (const auto& part : parts) {
        if (!out.empty()) out.append(separator);
        out += part;
    }
    return out;
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
