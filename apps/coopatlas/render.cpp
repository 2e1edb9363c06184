#include "command.hpp"
#include "option_value.hpp"
#include "render_preparation.hpp"

#include <coopatlas/error.hpp>
#include <coopatlas/geometry/projection.hpp>
#include <coopatlas/io/dataset_name.hpp>
#include <coopatlas/render/map_renderer.hpp>
#include <coopatlas/render/map_spec.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <iomanip>
#include <vector>

#include <sys/resource.h>

namespace coopatlas::cli {

namespace {

// Processor time of the whole process (all threads), user and system.
double cpu_seconds() {
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
           static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec) * 1e-6;
}

class stopwatch {
  public:
    explicit stopwatch(bool on) : on_(on), t0_(std::chrono::steady_clock::now()), c0_(cpu_seconds()) {}
    // Prints "TIME<TAB>stage<TAB>seconds" (wall clock) and "CPU<TAB>stage<TAB>seconds"
    // (processor time of all threads), then restarts.
    void lap(std::ostream& out, const std::string& stage) {
        const auto t = std::chrono::steady_clock::now();
        const double c = cpu_seconds();
        if (on_)
            out << "TIME\t" << stage << '\t' << std::fixed << std::setprecision(4)
                << std::chrono::duration<double>(t - t0_).count() << "\nCPU\t" << stage << '\t' << c - c0_ << '\n'
                << std::defaultfloat;
        t0_ = t;
        c0_ = c;
    }

  private:
    bool on_;
    std::chrono::steady_clock::time_point t0_;
    double c0_;
};

double positive(const std::string& option, const std::string& value) {
    const double v = number_option(option, value);
    if (!(v > 0)) throw error("--" + option + " '" + value + "' is not a positive number");
    return v;
}

// The map spec and the outputs named on the command line, checked before any work.
struct render_request {
    std::string spec_path;
    std::vector<std::string> outputs;
};

render_request read_request(const arguments& args) {
    // Positional words: the spec, and "-o FILE" pairs (the same as --output FILE).
    render_request r;
    std::string& spec_path = r.spec_path;
    std::vector<std::string>& outputs = r.outputs;
    outputs = args.all("output");
    for (std::size_t i = 0; i < args.positional.size(); ++i) {
        const std::string& w = args.positional[i];
        if (w == "-o") {
            if (i + 1 >= args.positional.size()) throw usage_error("-o needs a file name (see coopatlas render --help)");
            outputs.push_back(args.positional[++i]);
        } else if (spec_path.empty()) {
            spec_path = w;
        } else {
            throw usage_error("one map spec at a time: '" + spec_path + "' and '" + w + "' given");
        }
    }
    if (spec_path.empty()) throw usage_error("no map spec given (usage: coopatlas render SPEC -o out.png)");
    if (outputs.empty()) throw usage_error("no output given: add -o out.png, out.svg or out.pdf");
    for (const auto& o : outputs)
        (void)render::format_from_path(o); // reject unknown extensions before any work
    for (std::size_t i = 0; i < outputs.size(); ++i)
        for (std::size_t j = i + 1; j < outputs.size(); ++j)
            if (outputs[i] == outputs[j] || io::same_file(outputs[i], outputs[j]))
                throw usage_error("two outputs name the same file '" + outputs[j] + "'; give each output its own name");
    return r;
}

// The spec, its warnings reported.
render::map_spec load_spec(const arguments& args, const std::string& spec_path, std::ostream& err) {
    render::spec_options options;
    if (args.has("manifest") || args.has("data")) options.manifest = manifest_path(args);
    options.strict_fonts = args.has("strict-fonts");
    render::map_spec spec = render::load_map_spec(spec_path, options);
    for (const auto& w : spec.warnings)
        err << w.to_string() << '\n';
    return spec;
}

// The scale of the images: the spec's, else --dpi or --scale.
render::render_options render_options_of(const arguments& args, const render::map_spec& spec) {
    render::render_options ro;
    ro.scale = spec.scale;
    if (args.has("dpi")) ro.scale = positive("dpi", args.get("dpi")) / 96;
    if (args.has("scale")) ro.scale = positive("scale", args.get("scale"));
    return ro;
}

// PNG outputs only: a map smaller than its page keeps only the detail its pixels show
bool draws_images_only(const std::vector<std::string>& outputs) {
    return std::all_of(outputs.begin(), outputs.end(),
                       [](const std::string& o) { return render::format_from_path(o) == render::output_format::png; });
}

// Throws when a PNG of the map would be larger than PNG and Cairo allow, or than the memory allowed.
void check_image_size(const arguments& args, const std::vector<std::string>& outputs, const render::map_spec& spec,
                      const render::render_options& ro) {
    for (const auto& o : outputs) {
        if (render::format_from_path(o) != render::output_format::png) continue;
        // The image, its filtered rows for the PNG encoder and the encoded bytes: about 9
        // bytes a pixel at most. Checked before any drawing.
        const double w = std::max(1.0, std::round(spec.page.width * ro.scale));
        const double h = std::max(1.0, std::round(spec.page.height * ro.scale));
        const std::string asked = args.has("dpi")     ? " (--dpi " + args.get("dpi") + ")"
                                  : args.has("scale") ? " (--scale " + args.get("scale") + ")"
                                                      : " (the spec's page size and dpi)";
        char size[80];
        std::snprintf(size, sizeof size, "%.0f x %.0f", w, h);
        if (w > 1e6 || h > 1e6 || w * h > 2e9)
            throw error(std::string("a PNG of ") + size + " pixels" + asked +
                        " is larger than PNG and Cairo allow (2 billion pixels, a side of 1 million at most)"
                        " \xE2\x80\x94 lower --dpi or --scale");
        check_memory(args, w * h * 9, std::string("a PNG of ") + size + " pixels" + asked);
        break;
    }
}

// Draws the map to each output, in the order given, and says what was written.
void render_outputs(const arguments& args, const render::map_renderer& renderer,
                    const std::vector<std::string>& outputs, const render::map_spec& spec,
                    const render::render_options& ro, stopwatch& clock, std::ostream& out) {
    std::vector<std::string> protect = spec.inputs;
    for (const auto& o : outputs) {
        const auto format = render::format_from_path(o);
        renderer.render_to_file(o, ro, protect);
        clock.lap(out, std::string("render_") + render::to_string(format));
        if (!args.has("quiet")) {
            out << "wrote " << o;
            if (format == render::output_format::png)
                out << " (" << std::lround(spec.page.width * ro.scale) << " x "
                    << std::lround(spec.page.height * ro.scale) << " px)";
            out << '\n';
        }
    }
}

void print_extent_lonlat(const render::frame_report& f, std::ostream& out) {
    char line[200];
    // The area shown, in lon/lat: the frame's box through the inverse projection,
    // edges sampled.
    try {
        geometry::box ll;
        std::vector<geometry::point> pts;
        const auto& e = f.extent;
        for (int i = 0; i <= 16; ++i) {
            const double t = i / 16.0;
            const double x = e.min_x + t * (e.max_x - e.min_x), y = e.min_y + t * (e.max_y - e.min_y);
            pts.insert(pts.end(), {{x, e.min_y}, {x, e.max_y}, {e.min_x, y}, {e.max_x, y}});
        }
        if (f.crs != "EPSG:4326") geometry::projection("EPSG:4326", f.crs).inverse(pts);
        for (const auto& q : pts)
            if (std::isfinite(q.x) && std::isfinite(q.y)) ll.expand(q);
        if (!ll.empty()) {
            std::snprintf(line, sizeof line, "  extent lon/lat %.3f %.3f %.3f %.3f\n", ll.min_x, ll.min_y, ll.max_x,
                          ll.max_y);
            out << line;
        }
    } catch (const error&) {
        // A CRS without an inverse: no lon/lat line.
    }
}

void print_frame(const render::frame_report& f, std::ostream& out) {
    out << "frame " << f.id << ": " << f.crs << "\n";
    print_extent_lonlat(f, out);
    char line[200];
    // Where the frame's CRS lands on the page: enough to put any geometry where the
    // map draws it (page = page box origin + (x − extent min x, extent max y − y) × scale).
    std::snprintf(line, sizeof line, "  page box %.3f %.3f %.3f %.3f, extent %.3f %.3f %.3f %.3f\n", f.page_box.min_x,
                  f.page_box.min_y, f.page_box.max_x, f.page_box.max_y, f.extent.min_x, f.extent.min_y, f.extent.max_x,
                  f.extent.max_y);
    out << line;
    if (f.scale_bar.shown) {
        std::snprintf(line, sizeof line, "  scale bar %g km = %.1f px, true at the frame centre (%.3f, %.3f)\n",
                      f.scale_bar.length_m / 1000, f.scale_bar.length_page, f.scale_bar.centre_lonlat.x,
                      f.scale_bar.centre_lonlat.y);
        out << line;
    }
    std::snprintf(line, sizeof line, "  north %.2f deg clockwise from page up\n", f.north_angle_deg);
    out << line;
}

void print_layer(const render::layer_report& l, std::ostream& out) {
    out << "layer " << l.id << " (" << l.kind << "): " << l.features << " drawn";
    if (l.circles) out << ", " << l.circles << " circle(s)";
    if (l.dashed_paths) out << ", " << l.dashed_paths << " dashed path(s)";
    if (l.arrowheads) out << ", " << l.arrowheads << " arrowhead(s)";
    if (l.labels) out << ", " << l.labels << " label(s)";
    out << '\n';
}

void print_placed_label(const render::label_report& l, std::ostream& out) {
    // one line per label: lines of a stacked or wrapped label joined by " / "
    std::string text = l.text;
    for (std::size_t at = text.find('\n'); at != std::string::npos; at = text.find('\n', at + 3))
        text.replace(at, 1, " / ");
    char line[200];
    std::snprintf(line, sizeof line, "  placed: %s %s box %.1f %.1f %.1f %.1f size %g%s: ", l.layer_id.c_str(),
                  l.feature_id.c_str(), l.bounds.min_x, l.bounds.min_y, l.bounds.max_x, l.bounds.max_y, l.size,
                  l.leader ? " leader" : "");
    out << line << text << '\n';
}

// --report: the data step, each frame, each layer and each label.
void print_report(const render::map_spec& spec, const render::render_report& rep, std::ostream& out) {
    for (const auto& n : spec.notes)
        out << "data: " << n << '\n';
    for (const auto& f : rep.frames)
        print_frame(f, out);
    for (const auto& l : rep.layers)
        print_layer(l, out);
    out << "labels: " << rep.labels.size() << " placed, " << rep.dropped_labels.size() << " dropped\n";
    for (const auto& l : rep.labels)
        print_placed_label(l, out);
    for (const auto& l : rep.dropped_labels)
        out << "  dropped: " << l << '\n';
    if (rep.flows_without_frame) out << "flows with an end outside every frame: " << rep.flows_without_frame << '\n';
}

} // namespace

int run_render(const arguments& args, std::ostream& out, std::ostream& err) {
    const render_request request = read_request(args);
    stopwatch clock(args.has("timings"));
    // The renderer needs the fonts and PROJ first thing: they load while the spec is read.
    render_preparation preparation;
    const render::map_spec spec = load_spec(args, request.spec_path, err);
    clock.lap(out, "load");
    const render::render_options ro = render_options_of(args, spec);
    const bool images_only = draws_images_only(request.outputs);
    preparation.wait();
    const render::map_renderer renderer(spec.page, {images_only ? ro.scale : 0});
    clock.lap(out, "prepare");

    check_image_size(args, request.outputs, spec, ro);
    render_outputs(args, renderer, request.outputs, spec, ro, clock, out);

    const auto& rep = renderer.report();
    if (args.has("report")) {
        print_report(spec, rep, out);
    } else if (!args.has("quiet") && !rep.dropped_labels.empty()) {
        err << rep.dropped_labels.size() << " label(s) found no room and were left out (--report lists them)\n";
    }
    keep_until_exit(spec.atlas);
    return 0;
}

} // namespace coopatlas::cli
