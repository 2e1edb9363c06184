// The end of a command's run: what it built is left to the operating system, which takes
// the memory back at once, rather than freed piece by piece.

#include "command.hpp"

#include <coopatlas/model/atlas.hpp>

#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <vector>

#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define COOPATLAS_EXIT_CHECKED 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer) || __has_feature(memory_sanitizer)
#define COOPATLAS_EXIT_CHECKED 1
#endif
#endif

namespace coopatlas::cli {

namespace {
// Reached from a global for the whole run, so never a leak; never destroyed, so never freed
// piece by piece.
std::vector<std::shared_ptr<const model::atlas>>* const kept = new std::vector<std::shared_ptr<const model::atlas>>;
} // namespace

model::atlas& keep_until_exit(model::atlas atlas) {
    auto held = std::make_shared<model::atlas>(std::move(atlas));
    kept->push_back(held);
    return *held;
}

void keep_until_exit(std::shared_ptr<const model::atlas> atlas) {
    if (atlas) kept->push_back(std::move(atlas));
}

int end_of_command(int status) {
    std::cout.flush();
    std::cerr.flush();
    std::fflush(nullptr);
#ifndef COOPATLAS_EXIT_CHECKED
    std::_Exit(status);
#endif
    return status;
}

} // namespace coopatlas::cli
