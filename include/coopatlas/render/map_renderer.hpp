#pragma once
/// \file
/// \brief Drawing a map to PNG, SVG or PDF.
///
/// A map_renderer prepares a map once — page layout, projection of every layer,
/// classification colours, symbol sizes, label placement — and then writes it to
/// any number of outputs, which therefore show exactly the same picture:
/// - PNG: Cairo image surface, antialiased, at any scale (dpi / 96);
/// - SVG: written directly, deterministic (the same map gives the same bytes), one
///   `<g id="…">` per layer, text as `<text>` elements (selectable, editable);
/// - PDF: Cairo PDF surface, vectors and embedded fonts (selectable text), nothing
///   rasterised.
///
/// Thread safety: a map_renderer may be used from one thread at a time; separate
/// renderers may run concurrently. Exception safety: strong; Cairo, Pango and PROJ
/// failures are thrown as coopatlas::error with the library's message.

#include <coopatlas/config.hpp>
#include <coopatlas/geometry/geometry.hpp>
#include <coopatlas/render/map.hpp>

#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <vector>

struct _cairo; // cairo_t, for draw()

namespace coopatlas::render {

/// \brief Output formats.
enum class output_format { png, svg, pdf };

/// \brief The format of a file name's extension (.png, .svg, .pdf, any case);
/// throws coopatlas::error naming the accepted extensions otherwise.
COOPATLAS_API output_format format_from_path(const std::string& path);
COOPATLAS_API const char* to_string(output_format f) noexcept;

/// \brief Loads the font configuration (fontconfig's, once per process; a few milliseconds)
/// now rather than when the first map_renderer measures its first text: a caller may do it
/// in a thread of its own while it reads the map's data. Safe to call from any thread, any
/// number of times; throws coopatlas::error when fontconfig cannot load its configuration.
COOPATLAS_API void load_fonts();

/// \brief Options of one output.
struct render_options {
    double scale = 1; ///< PNG pixels per page unit (dpi / 96); vector outputs ignore it
};

/// \brief Attributes of the SVG group around one drawn feature (name, value), in order.
using svg_attributes = std::vector<std::pair<std::string, std::string>>;

/// \brief The attributes of a feature from its layer id and feature id; an empty
/// list leaves the feature's shapes bare (no group), as plain SVG output does.
using svg_feature_metadata = std::function<svg_attributes(const std::string& layer_id, const std::string& feature_id)>;

/// \brief A label the renderer placed.
struct label_report {
    std::string layer_id{};
    std::string feature_id{};
    std::string text{};     ///< as drawn: with the line breaks of a wrapped name
    geometry::box bounds{}; ///< page units, y down
    double size = 0;        ///< font size used (smaller than the style's when shrunk to fit its unit)
    bool leader = false;    ///< set outside every unit with a leader line to its anchor
};

/// \brief The scale bar of a frame and how it was computed.
struct scale_bar_report {
    bool shown = false;
    double length_m = 0;             ///< ground length the bar stands for (a round number)
    double length_page = 0;          ///< its length on the page
    double metres_per_unit = 0;      ///< true scale at the frame centre (geodesic), along page x
    geometry::point centre_lonlat{}; ///< frame centre, where the scale is true
    geometry::box bounds{};          ///< the bar with its labels
};

/// \brief What was drawn in a frame.
struct frame_report {
    std::string id{};
    geometry::box page_box{}; ///< page units
    geometry::box extent{};   ///< in the frame's CRS
    std::string crs{};
    scale_bar_report scale_bar{};
    double north_angle_deg = 0;  ///< direction of north at the centre, clockwise from page up
    geometry::box north_arrow{}; ///< empty when not drawn
};

/// \brief One line of the legend.
struct legend_item_report {
    std::string layer_id{};
    std::string label{};
};

/// \brief What one layer drew (every output draws the same primitives).
struct layer_report {
    std::string id{};             ///< its SVG group id
    std::string kind{};           ///< kind_name() of its style
    std::size_t features = 0;     ///< features that produced something
    std::size_t dashed_paths = 0; ///< stroked paths with a dash pattern (disputed boundaries, dashed lines)
    std::size_t circles = 0;      ///< circle symbols: proportional circles, round point markers
    std::size_t arrowheads = 0;   ///< heads of directed flows
    std::size_t labels = 0;       ///< placed labels (label layers)
};

/// \brief Facts about a prepared map, for reports and tests.
struct render_report {
    std::vector<frame_report> frames{};
    std::vector<label_report> labels{};        ///< placed labels, in placement order
    std::vector<std::string> dropped_labels{}; ///< texts of labels that found no room
    std::vector<legend_item_report> legend{};
    geometry::box legend_box{};
    std::vector<std::string> layer_ids{}; ///< SVG group ids, drawing order
    std::vector<layer_report> layers{};   ///< one per layer, in the order of layer_ids
    std::size_t features_drawn = 0;
    std::size_t flows_without_frame = 0; ///< overlay flows with an end in no frame
};

/// \brief What is known, before a map is laid out, of the outputs it will be drawn to.
struct layout_options {
    /// Device pixels per page unit of the largest raster image the map will be drawn to,
    /// when every output of it is a raster image (PNG, or a map reduced on the page image of
    /// a book); 0 (the default) when an output may be a vector one (SVG, PDF) or is unknown.
    /// A map drawn smaller than its page size needs fewer outline vertices: below 1, those
    /// closer than a third of a device pixel to the previous one are left out (at 1 and
    /// above, and for vector outputs, a third of a page unit). Labels are placed the same.
    double raster_scale = 0;
};

/// \brief A map prepared for drawing. Keeps a reference to the map, which must
/// outlive it.
class COOPATLAS_API map_renderer {
  public:
    /// Lays the page out, projects the layers and places the labels; throws
    /// coopatlas::error for an unknown CRS or a style that cannot be drawn. A vector
    /// output of a map laid out for small raster images has those images' detail.
    explicit map_renderer(const map& m, const layout_options& options = {});
    ~map_renderer();
    map_renderer(map_renderer&&) noexcept;
    map_renderer& operator=(map_renderer&&) noexcept;
    map_renderer(const map_renderer&) = delete;
    map_renderer& operator=(const map_renderer&) = delete;

    /// The file's bytes in a format.
    [[nodiscard]] std::string render(output_format format, const render_options& options = {}) const;
    /// The SVG output with each feature of polygon, circle, point and flow layers
    /// wrapped in a `<g>` carrying the attributes `metadata` gives it (data-*,
    /// tabindex, …): for interactive pages. Features without attributes are written
    /// exactly as render(output_format::svg) writes them.
    [[nodiscard]] std::string render_svg(const svg_feature_metadata& metadata) const;
    /// Renders to a file atomically (format from the extension); never over an input.
    void render_to_file(const std::string& path, const render_options& options = {},
                        const std::vector<std::string>& protected_inputs = {}) const;

    /// Draws the page on a Cairo context, in page units under the context's current
    /// transform (vectors and text as they are, nothing rasterised): what the PDF output
    /// holds, for documents that put several maps on one surface (books).
    void draw(_cairo* cr) const;

    [[nodiscard]] const render_report& report() const noexcept;

  private:
    struct impl;
    std::unique_ptr<impl> impl_;
};

} // namespace coopatlas::render
