#include "render/map_layouts.hpp"

#include <coopatlas/error.hpp>

#include <algorithm>
#include <thread>

namespace coopatlas::render::detail {

map_layouts::map_layouts(std::vector<request> requests)
    : requests_(std::move(requests)), renderers_(requests_.size()), failures_(requests_.size()),
      taken_(requests_.size(), false), done_(requests_.size(), false), pending_(requests_.size()) {}

bool map_layouts::lay_out_next() {
    std::size_t i = 0;
    {
        const std::lock_guard lock(mutex_);
        while (next_ < requests_.size() && taken_[next_])
            ++next_;
        if (next_ == requests_.size()) return false;
        i = next_;
        taken_[i] = true;
    }
    lay_out(i);
    return true;
}

void map_layouts::lay_out(std::size_t i) {
    std::unique_ptr<map_renderer> r;
    std::exception_ptr failure;
    try {
        r = std::make_unique<map_renderer>(*requests_[i].page_map, requests_[i].options);
    } catch (...) {
        failure = std::current_exception();
    }
    {
        const std::lock_guard lock(mutex_);
        renderers_[i] = std::move(r);
        failures_[i] = failure;
        done_[i] = true;
        --pending_;
    }
    finished_one_.notify_all();
}

bool map_layouts::ready(std::size_t i) const {
    const std::lock_guard lock(mutex_);
    return done_.at(i);
}

bool map_layouts::all_ready() const {
    const std::lock_guard lock(mutex_);
    return pending_ == 0;
}

const map_renderer& map_layouts::get(std::size_t i) {
    for (;;) {
        bool mine = false;
        {
            const std::lock_guard lock(mutex_);
            if (done_.at(i)) {
                if (failures_[i]) std::rethrow_exception(failures_[i]);
                return *renderers_[i];
            }
            if (!taken_[i]) mine = taken_[i] = true;
        }
        if (mine) {
            lay_out(i);
            continue;
        }
        // another thread has map i: lay out one nobody has taken meanwhile, else wait
        if (!lay_out_next()) {
            std::unique_lock lock(mutex_);
            finished_one_.wait(lock, [&] { return done_[i]; });
        }
    }
}

void map_layouts::finish() {
    while (lay_out_next()) {
    }
    std::unique_lock lock(mutex_);
    finished_one_.wait(lock, [&] { return pending_ == 0; });
    for (const auto& f : failures_)
        if (f) std::rethrow_exception(f);
}

void map_layouts::lay_out_all(unsigned threads) {
    const std::size_t helpers = std::min<std::size_t>(std::max(1u, threads), size()) - (size() ? 1 : 0);
    std::vector<std::thread> pool;
    try {
        for (std::size_t t = 0; t < helpers; ++t)
            pool.emplace_back([this] {
                while (lay_out_next()) {
                }
            });
    } catch (const std::system_error&) {
        // fewer threads than asked for: the maps are laid out by those there are
    }
    while (lay_out_next()) {
    }
    for (auto& t : pool)
        t.join();
    finish();
}

void map_layouts::stop() {
    {
        const std::lock_guard lock(mutex_);
        for (std::size_t i = 0; i < requests_.size(); ++i) {
            if (taken_[i]) continue;
            taken_[i] = true;
            failures_[i] = std::make_exception_ptr(error("the map was not laid out: the document stopped"));
            done_[i] = true;
            --pending_;
        }
        next_ = requests_.size();
    }
    finished_one_.notify_all();
}

} // namespace coopatlas::render::detail
