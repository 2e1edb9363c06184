#include <coopatlas/text/fold.hpp>

namespace coopatlas::text {

bool is_language_tag(std::string_view word) noexcept {
    auto lower = [](char c) { return c >= 'a' && c <= 'z'; };
    auto alnum = [&](char c) { return lower(c) || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); };
    const std::size_t dash = word.find('-');
    const std::string_view primary = word.substr(0, dash);
    if (primary.size() < 2 || primary.size() > 3) return false;
    for (char c : primary)
        if (!lower(c)) return false;
    if (dash == std::string_view::npos) return true;
    std::string_view rest = word.substr(dash + 1);
    while (true) {
        const std::size_t next = rest.find('-');
        const std::string_view sub = rest.substr(0, next);
        if (sub.size() < 2 || sub.size() > 8) return false;
        for (char c : sub)
            if (!alnum(c)) return false;
        if (next == std::string_view::npos) return true;
        rest.remove_prefix(next + 1);
    }
}

} // namespace coopatlas::text
