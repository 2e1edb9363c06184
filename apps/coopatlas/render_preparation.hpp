#pragma once
// What a command that draws maps needs first and can load while it reads its data: the
// font configuration and PROJ's database, each a few milliseconds once per process.

#include <thread>

namespace coopatlas::cli {

class render_preparation {
  public:
    /// Starts loading in a thread of its own. Failures are left for the renderer to report.
    render_preparation();
    /// Waits for the loading to end (the destructor waits too).
    void wait();
    ~render_preparation();
    render_preparation(const render_preparation&) = delete;
    render_preparation& operator=(const render_preparation&) = delete;

  private:
    std::thread loading_;
};

} // namespace coopatlas::cli
