// The heaps `coopatlas` prepares before a command runs (apps/coopatlas/heap_setup.cpp), read
// back from glibc's own account of its heaps (malloc_info). Its own program: the heaps are
// set up once per process.
#include "command.hpp"

#include <gtest/gtest.h>

#include <malloc.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <memory>
#include <regex>
#include <string>
#include <thread>

namespace {

// Size in bytes of each heap glibc keeps, by number (0 = the main heap).
std::map<int, std::size_t> heap_sizes() {
    char* text = nullptr;
    std::size_t length = 0;
    FILE* out = open_memstream(&text, &length);
    if (out == nullptr) return {};
    malloc_info(0, out);
    std::fclose(out);
    const std::unique_ptr<char, decltype(&std::free)> owned(text, &std::free);
    std::map<int, std::size_t> sizes;
    const std::string xml(text, length);
    const std::regex heap(R"re(<heap nr="(\d+)">[\s\S]*?<system type="current" size="(\d+)"/>)re");
    for (auto it = std::sregex_iterator(xml.begin(), xml.end(), heap); it != std::sregex_iterator(); ++it)
        sizes[std::stoi((*it)[1])] = std::stoull((*it)[2]);
    return sizes;
}

TEST(heap_setup, four_heaps_are_grown_for_threads_and_threads_started_later_share_them) {
    coopatlas::cli::prepare_heap_for_a_run();
    // threads started one after the other, and eight at once, each taking memory
    for (int i = 0; i < 6; ++i)
        std::thread([] {
            void* block = std::malloc(std::size_t{8} << 20);
            std::memset(block, 1, 4096);
            std::free(block);
        }).join();
    std::vector<std::thread> together;
    for (int i = 0; i < 8; ++i)
        together.emplace_back([] {
            void* block = std::malloc(std::size_t{1} << 20);
            std::memset(block, 1, 4096);
            std::free(block);
        });
    for (auto& t : together)
        t.join();

    const auto sizes = heap_sizes();
    // the main heap, reserved in one step (256 MiB), and four heaps for threads, each grown
    // to 56 MiB: no other heap was made, and none of the four was left small
    ASSERT_EQ(sizes.size(), 5u) << "heaps: " << sizes.size();
    EXPECT_GE(sizes.at(0), std::size_t{256} << 20);
    for (int nr = 1; nr <= 4; ++nr) {
        ASSERT_TRUE(sizes.count(nr)) << nr;
        EXPECT_GE(sizes.at(nr), std::size_t{56} << 20) << "heap " << nr << " was not grown";
    }
}

} // namespace
