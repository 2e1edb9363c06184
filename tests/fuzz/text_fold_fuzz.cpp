// Name folding and "did you mean" suggestions on any bytes: fold, fold_name, the edit
// distances and the nearest-name search. The input is two texts: a wanted name (up to the
// first line break) and candidates (the rest, one per line). Besides crashes, it checks
// what the header promises: the banded edit distance equals the full one, capped at max + 1,
// and folding gives valid UTF-8.

#include "fuzz_support.hpp"

#include <coopatlas/text/fold.hpp>
#include <coopatlas/text/nearest.hpp>

#include <algorithm>
#include <cstdio>
#include <cstdlib>

namespace {

using namespace coopatlas;

[[noreturn]] void broken(const char* what) {
    std::fprintf(stderr, "text_fold_fuzz: %s\n", what);
    std::abort();
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view all = fuzz::as_text(data, size);
    const std::size_t nl = all.find('\n');
    const std::string_view wanted = all.substr(0, nl);
    const std::string_view rest = nl == std::string_view::npos ? std::string_view() : all.substr(nl + 1);

    const std::string folded = text::fold(wanted);
    if (!text::is_valid_utf8(folded)) broken("fold() gave bytes that are not UTF-8");
    const text::folded_name name = text::fold_name(wanted);
    if (!text::is_valid_utf8(name.key)) broken("fold_name() gave a key that is not UTF-8");
    (void)text::unit_word_level(wanted);
    (void)text::trim(wanted);
    std::size_t bad = 0;
    (void)text::is_valid_utf8(all, &bad);

    // suggestions compare whole names, at a cost that grows with the product of their
    // lengths: up to 64 names of up to 256 bytes (cut anywhere, even inside a character)
    std::vector<std::string> candidates;
    for (auto& c : text::split(rest, '\n')) {
        if (c.size() > 256) c.resize(256);
        candidates.push_back(std::move(c));
    }
    if (candidates.size() > 64) candidates.resize(64);
    const std::string_view name_typed = wanted.substr(0, 256);
    (void)text::nearest(name_typed, candidates);
    (void)text::nearest(name_typed, candidates, 0);
    (void)text::by_nearness(name_typed, candidates);
    (void)text::join_list(candidates);

    // the band gives the full distance when it is within max, else max + 1 (texts of up to
    // about 250 bytes each: the full table grows with the product of the lengths)
    if (wanted.size() * rest.size() <= 1u << 16) {
        const std::size_t full = text::edit_distance(wanted, rest);
        if (full != text::edit_distance(rest, wanted)) broken("edit_distance(a, b) != edit_distance(b, a)");
        for (const std::size_t max : {std::size_t{0}, std::size_t{1}, std::size_t{2}, std::size_t{3}, std::size_t{7}}) {
            if (text::edit_distance(wanted, rest, max) != std::min(full, max + 1))
                broken("the banded edit_distance differs from the full one");
        }
    }
    return 0;
}
