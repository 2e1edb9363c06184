#include "command.hpp"

#include <coopatlas/model/atlas.hpp>

#include <vector>

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

} // namespace coopatlas::cli
