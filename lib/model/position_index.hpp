#pragma once
// Positions in a vector by a key of the element (an entity's id, its code), in one flat
// open-addressing table. The keys stay in the elements: an entry is a hash and a position,
// so indexing tens of thousands of entities allocates nothing per entity and a lookup by
// string_view copies nothing. Private to the library.

#include <cstddef>
#include <cstdint>
#include <vector>

namespace coopatlas::model::detail {

class position_index {
public:
    static constexpr std::size_t npos = static_cast<std::size_t>(-1);

    // Room for `count` entries without growing.
    void reserve(std::size_t count) {
        if (count * 2 > slots_.size()) rehash(capacity_for(count));
    }

    // Position of the first entry with this hash whose element `same(position)` accepts; npos if none.
    template <class Same>
    [[nodiscard]] std::size_t find(std::uint64_t hash, Same&& same) const {
        if (slots_.empty()) return npos;
        const std::size_t mask = slots_.size() - 1;
        const auto tag = static_cast<std::uint32_t>(hash >> 32);
        for (std::size_t i = static_cast<std::size_t>(hash) & mask;; i = (i + 1) & mask) {
            const slot& s = slots_[i];
            if (s.position == 0) return npos;
            if (s.tag == tag && same(static_cast<std::size_t>(s.position - 1))) return s.position - 1;
        }
    }

    // Adds an entry whose key is not in the index yet (find it first).
    void insert(std::uint64_t hash, std::size_t position) {
        if ((count_ + 1) * 2 > slots_.size()) rehash(capacity_for(count_ + 1));
        place({static_cast<std::uint32_t>(hash >> 32), static_cast<std::uint32_t>(hash), static_cast<std::uint32_t>(position + 1)});
        ++count_;
    }

private:
    struct slot {
        std::uint32_t tag = 0;       // high half of the hash: most mismatches end here
        std::uint32_t low = 0;       // low half: where the entry goes after a rehash
        std::uint32_t position = 0;  // position + 1; 0 = empty
    };

    static std::size_t capacity_for(std::size_t count) {
        std::size_t n = 16;
        while (n < count * 2) n *= 2;  // at most half full: short probe runs
        return n;
    }

    void place(const slot& entry) {
        const std::size_t mask = slots_.size() - 1;
        std::size_t i = entry.low & mask;
        while (slots_[i].position != 0) i = (i + 1) & mask;
        slots_[i] = entry;
    }

    void rehash(std::size_t size) {
        std::vector<slot> old(size);
        old.swap(slots_);
        for (const slot& s : old)
            if (s.position != 0) place(s);
    }

    std::vector<slot> slots_;
    std::size_t count_ = 0;
};

} // namespace coopatlas::model::detail
