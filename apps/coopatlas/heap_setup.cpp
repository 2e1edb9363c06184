#include "command.hpp"

#if defined(__GLIBC__) && defined(__linux__)
#include <malloc.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <latch>
#include <system_error>
#include <thread>
#include <vector>
#endif

namespace coopatlas::cli {

#if defined(__GLIBC__) && defined(__linux__) && defined(MADV_HUGEPAGE)
namespace {

// Advises the whole 2 MiB pages of [at, at + bytes) for large pages: a hint only (the
// library does the same for its entity arrays, in a header private to it).
void prefer_large_pages(std::uintptr_t at, std::size_t bytes) noexcept {
    constexpr std::uintptr_t huge = std::uintptr_t{2} << 20;
    const std::uintptr_t begin = (at + huge - 1) & ~(huge - 1), end = (at + bytes) & ~(huge - 1);
    if (end > begin) (void)::madvise(reinterpret_cast<void*>(begin), end - begin, MADV_HUGEPAGE);
}

} // namespace
#endif

// A command builds tens of megabytes of small objects (the atlas's entities, names and
// indexes) and exits. Faulting that memory in one 4 KiB page at a time costs more than
// building it: about 12,000 page faults for a default map. So the main heap is reserved in
// one large step and backed by 2 MiB pages, and so are a few heaps for threads.
void prepare_heap_for_a_run() noexcept {
#if defined(__GLIBC__) && defined(__linux__) && defined(MADV_HUGEPAGE)
    // A process held to an address-space limit keeps glibc's defaults: the reserve would
    // count against that limit.
    if (rlimit limit{}; ::getrlimit(RLIMIT_AS, &limit) != 0 || limit.rlim_cur != RLIM_INFINITY) return;
    constexpr std::size_t reserve = std::size_t{256} << 20;  // address space only: untouched pages cost nothing
    (void)::mallopt(M_MMAP_THRESHOLD, 64 << 20);            // large vectors from that heap too
    (void)::mallopt(M_TRIM_THRESHOLD, static_cast<int>(2 * reserve));  // kept until exit, not given back in pieces
    (void)::mallopt(M_TOP_PAD, static_cast<int>(reserve));
    const auto heap_end = [] { return reinterpret_cast<std::uintptr_t>(::sbrk(0)); };
    const std::uintptr_t before = heap_end();
    void* first = std::malloc(std::size_t{1} << 20);  // more than the heap has free: it grows by `reserve`
    const auto at = reinterpret_cast<std::uintptr_t>(first);
    const std::uintptr_t after = heap_end();
    // Only a heap that grew by sbrk is advised (not one a sanitizer's allocator keeps elsewhere).
    if (first != nullptr && before != static_cast<std::uintptr_t>(-1) && after > before && at < after)
        prefer_large_pages(before, after - before);
    std::free(first);
    (void)::mallopt(M_TOP_PAD, 128 << 10);  // glibc's default step for any later growth

    // Threads allocate from heaps of their own (one heap for all would have them wait on its
    // lock), which glibc grows one page, and one system call, at a time: thousands for a book.
    // A few are grown now in one step each and advised the same way; the threads started
    // later take them over as these short ones end. Each warming thread keeps its block until
    // all have theirs: one that ended first would hand its heap to the next, and fewer heaps
    // would be grown. Each is grown close to glibc's largest heap (64 MiB), so that a thread
    // finds room left by the one before it (the snapshot's second reader leaves half the
    // entities' names in its heap); and no other heap is made, so that no thread gets a new
    // one to grow page by page (Pango starts two threads for each font it looks up, 160 for a
    // book; they share these heaps).
    constexpr int thread_heaps = 4;
    constexpr std::size_t thread_heap = std::size_t{56} << 20;
    static_cast<void>(::mallopt(M_ARENA_MAX, 1 + thread_heaps));  // the main heap and these
    std::latch all_grown(thread_heaps);
    std::vector<std::thread> warmers;
    for (int i = 0; i < thread_heaps; ++i) {
        try {
            warmers.emplace_back([&all_grown] {
                void* block = std::malloc(thread_heap);
                if (block != nullptr) prefer_large_pages(reinterpret_cast<std::uintptr_t>(block), thread_heap);
                all_grown.arrive_and_wait();
                std::free(block);
            });
        } catch (const std::system_error&) {
            all_grown.count_down(thread_heaps - i);  // no thread to be had: the others go on
            break;
        }
    }
    for (auto& t : warmers) t.join();
#endif
}

} // namespace coopatlas::cli
