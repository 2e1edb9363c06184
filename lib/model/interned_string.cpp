#include <coopatlas/model/interned_string.hpp>

#include <mutex>
#include <ostream>
#include <unordered_set>

namespace coopatlas::model {

namespace {

struct text_hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const noexcept { return std::hash<std::string_view>{}(s); }
};

// The one copy of every string interned in the process. Never destroyed: a string made
// during the destruction of statics, or read after it, stays valid (a node-based set:
// its strings never move).
struct pool {
    std::mutex mutex;
    std::unordered_set<std::string, text_hash, std::equal_to<>> texts;
    const std::string* empty = &*texts.emplace().first;
};

pool& the_pool() {
    static pool* const p = new pool; // NOLINT: deliberately kept to the end of the process
    return *p;
}

} // namespace

interned_string::interned_string() noexcept : text_(the_pool().empty) {}

interned_string::interned_string(std::string_view s) {
    pool& p = the_pool();
    if (s.empty()) {
        text_ = p.empty;
        return;
    }
    const std::lock_guard lock(p.mutex);
    auto it = p.texts.find(s);
    if (it == p.texts.end()) it = p.texts.emplace(s).first;
    text_ = &*it;
}

std::ostream& operator<<(std::ostream& out, const interned_string& s) {
    return out << s.str();
}

} // namespace coopatlas::model
