#include "text/markup.hpp"

namespace coopatlas::text::detail {

void append_markup_escaped(std::string& out, std::string_view text, bool apostrophe) {
    for (const char c : text) {
        switch (c) {
        case '&': out += "&amp;"; break;
        case '<': out += "&lt;"; break;
        case '>': out += "&gt;"; break;
        case '"': out += "&quot;"; break;
        case '\'':
            if (apostrophe) out += "&apos;";
            else out += c;
            break;
        default: out += c;
        }
    }
}

std::string markup_escaped(std::string_view text, bool apostrophe) {
    std::string out;
    out.reserve(text.size());
    append_markup_escaped(out, text, apostrophe);
    return out;
}

} // namespace coopatlas::text::detail
