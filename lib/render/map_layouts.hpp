#pragma once
// The maps of a document laid out by whichever threads have time for them: each thread
// takes the next map nobody has taken, and a thread that needs a map another is laying out
// lays out others meanwhile, or waits. A page can then be drawn as soon as its own map is
// ready, while the other maps are still being laid out. Exported for the render tests.

#include <coopatlas/config.hpp>
#include <coopatlas/render/map_renderer.hpp>
#include <coopatlas/render/map_spec.hpp>

#include <condition_variable>
#include <cstddef>
#include <exception>
#include <memory>
#include <mutex>
#include <vector>

namespace coopatlas::render::detail {

class COOPATLAS_API map_layouts {
  public:
    struct request {
        const map* page_map = nullptr;
        layout_options options{};
    };

    explicit map_layouts(std::vector<request> requests);
    map_layouts(const map_layouts&) = delete;
    map_layouts& operator=(const map_layouts&) = delete;

    [[nodiscard]] std::size_t size() const noexcept { return requests_.size(); }
    /// Lays out the next map nobody has taken; false when none is left (or after stop()).
    /// A failure is kept for the map's readers, never thrown here.
    bool lay_out_next();
    /// Whether map `i` is laid out or failed: get(i) returns or throws without waiting.
    [[nodiscard]] bool ready(std::size_t i) const;
    [[nodiscard]] bool all_ready() const;
    /// Map `i`, laid out by this thread if nobody has taken it (while another thread lays
    /// it out, this one lays out others or waits); rethrows its failure.
    [[nodiscard]] const map_renderer& get(std::size_t i);
    /// Lays out what is left and waits for the rest; rethrows the first failure in the
    /// maps' order, as if they had been laid out in turn.
    void finish();
    /// Lays out every map on up to `threads` threads (this one included), then finish().
    void lay_out_all(unsigned threads);
    /// No map is taken after this; those nobody took fail as not laid out, so that no
    /// reader waits for them. Called when the document fails elsewhere.
    void stop();

  private:
    void lay_out(std::size_t i);

    std::vector<request> requests_;
    std::vector<std::unique_ptr<map_renderer>> renderers_;
    std::vector<std::exception_ptr> failures_;
    std::vector<bool> taken_, done_;
    std::size_t next_ = 0;    // no map before it is left to take
    std::size_t pending_ = 0; // maps not yet done
    mutable std::mutex mutex_;
    std::condition_variable finished_one_;
};

} // namespace coopatlas::render::detail
