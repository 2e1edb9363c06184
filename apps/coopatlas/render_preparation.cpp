#include "render_preparation.hpp"

#include <coopatlas/geometry/projection.hpp>
#include <coopatlas/render/map_renderer.hpp>

#include <exception>

namespace coopatlas::cli {

render_preparation::render_preparation()
    : loading_([] {
          geometry::prepare_projections();
          try {
              render::load_fonts();
          } catch (const std::exception&) {
          }
      }) {}

void render_preparation::wait() {
    if (loading_.joinable()) loading_.join();
}

render_preparation::~render_preparation() { wait(); }

} // namespace coopatlas::cli
