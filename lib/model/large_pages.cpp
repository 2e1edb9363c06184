#include "model/large_pages.hpp"

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <system_error>
#include <thread>

namespace coopatlas::model::detail {

namespace {

void touch_pages(unsigned char* from, unsigned char* to) noexcept {
    constexpr std::size_t page = 4096;
    for (volatile unsigned char* p = from; p < to; p += page)
        *p = 0;
}

} // namespace

void fault_in(void* storage, std::size_t bytes) noexcept {
    auto* const first = static_cast<unsigned char*>(storage);
    auto* const last = first + bytes;
    constexpr std::size_t worth_a_thread = std::size_t{8} << 20; // below that, starting one costs as much
    if (bytes < worth_a_thread || std::thread::hardware_concurrency() < 2) {
        touch_pages(first, last);
        return;
    }
    // The block in runs of one large page each (2 MiB, aligned), taken in turn: a thread slowed
    // by the others of the load (the snapshot's second reader, the fonts, PROJ) leaves more of
    // the block to the other instead of a half that it alone is still faulting in.
    constexpr std::uintptr_t run = std::uintptr_t{2} << 20;
    const std::uintptr_t base = reinterpret_cast<std::uintptr_t>(first) & ~(run - 1);
    const std::size_t runs = (reinterpret_cast<std::uintptr_t>(last) - base + run - 1) / run;
    std::atomic<std::size_t> next{0};
    const auto take_runs = [&] {
        for (std::size_t i = next++; i < runs; i = next++) {
            auto* const from = reinterpret_cast<unsigned char*>(base + i * run);
            touch_pages(std::max(from, first), std::min(from + run, last));
        }
    };
    std::thread second;
    try {
        second = std::thread(take_runs);
    } catch (const std::system_error&) {
        // no thread to be had: this one takes every run
    }
    take_runs();
    if (second.joinable()) second.join();
}

} // namespace coopatlas::model::detail
