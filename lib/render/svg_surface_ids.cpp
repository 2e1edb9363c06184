#include "render/svg_surface_ids.hpp"

#include <cctype>
#include <unordered_map>

namespace coopatlas::render::detail {

std::string number_surfaces_in_order(std::string_view svg) {
    constexpr std::string_view word = "surface";
    std::unordered_map<std::string_view, std::size_t> numbers;  // the digits as written → new number
    std::string out;
    out.reserve(svg.size());
    std::size_t from = 0;
    for (std::size_t at = svg.find(word); at != std::string_view::npos; at = svg.find(word, at + word.size())) {
        std::size_t end = at + word.size();
        while (end < svg.size() && std::isdigit(static_cast<unsigned char>(svg[end]))) ++end;
        const bool named = end > at + word.size() && at > 0 && (svg[at - 1] == '"' || svg[at - 1] == '#');
        if (!named) continue;
        const std::string_view digits = svg.substr(at + word.size(), end - at - word.size());
        const std::size_t n = numbers.emplace(digits, numbers.size() + 1).first->second;
        out.append(svg.substr(from, at + word.size() - from));
        out += std::to_string(n);
        from = end;
    }
    out.append(svg.substr(from));
    return out;
}

} // namespace coopatlas::render::detail
