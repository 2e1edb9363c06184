#include "model/large_pages.hpp"

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
    constexpr std::size_t worth_a_thread = std::size_t{8} << 20; // below that, starting one costs as much
    if (bytes < worth_a_thread || std::thread::hardware_concurrency() < 2) {
        touch_pages(first, first + bytes);
        return;
    }
    unsigned char* const middle = first + bytes / 2;
    std::thread second;
    try {
        second = std::thread(touch_pages, middle, first + bytes);
    } catch (const std::system_error&) {
        touch_pages(middle, first + bytes); // no thread to be had: this one does it all
    }
    touch_pages(first, middle);
    if (second.joinable()) second.join();
}

} // namespace coopatlas::model::detail
