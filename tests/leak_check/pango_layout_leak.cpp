// Lays out a text with Pango on a Cairo image surface and, unless told to free it, never
// releases the PangoLayout. Run under LeakSanitizer with the project's suppressions, the
// leaked layout must be reported: the suppressions cover process-lifetime caches of system
// libraries, not the objects coopatlas creates.
//
//   pango_layout_leak [--free] [--own-font-map]
//
// --free          release the layout too: nothing left to report
// --own-font-map  create the layout as the renderer does (pango_cairo_font_map_new,
//                 pango_font_map_create_context, pango_layout_new) instead of with
//                 pango_cairo_create_layout on Pango's default font map

#include <pango/pangocairo.h>

#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <string_view>

namespace {

[[gnu::noinline]] int lay_out(bool free_layout, bool own_font_map) {
    cairo_surface_t* surface = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 200, 50);
    cairo_t* cr = cairo_create(surface);

    PangoLayout* layout = nullptr;
    if (own_font_map) {
        PangoFontMap* map = pango_cairo_font_map_new();
        PangoContext* context = pango_font_map_create_context(map);
        layout = pango_layout_new(context);
        g_object_unref(context);  // the layout keeps its context, which keeps the font map
        g_object_unref(map);
    } else {
        layout = pango_cairo_create_layout(cr);
    }
    PangoFontDescription* font = pango_font_description_from_string("DejaVu Sans 12");
    pango_layout_set_font_description(layout, font);
    pango_font_description_free(font);
    pango_layout_set_text(layout, "Agadir · أكادير · ⴰⴳⴰⴷⵉⵔ", -1);
    pango_cairo_update_layout(cr, layout);
    int width = 0, height = 0;
    pango_layout_get_pixel_size(layout, &width, &height);
    pango_cairo_show_layout(cr, layout);
    std::printf("laid out %d x %d px\n", width, height);

    if (free_layout) g_object_unref(layout);
    cairo_destroy(cr);
    cairo_surface_destroy(surface);
    // Pango's default font map (the layout holds it too, when leaked)
    if (!own_font_map) pango_cairo_font_map_set_default(nullptr);
    return width > 0 && height > 0 ? 0 : 1;
}

// Runs lay_out below some headroom, so that none of its frames shares a slot with the
// bookkeeping of scrub_stack's frame, which scrub_stack does not overwrite.
[[gnu::noinline]] int lay_out_deep(bool free_layout, bool own_font_map) {
    volatile unsigned char headroom[4096];
    for (auto& b : headroom) b = 0;
    return lay_out(free_layout, own_font_map);
}

// Overwrites the stack lay_out used, where the layout pointer may linger and would make
// the leaked layout look reachable to LeakSanitizer.
[[gnu::noinline]] void scrub_stack() {
    volatile unsigned char scratch[1 << 18];
    for (auto& b : scratch) b = 0;
}

// Pango matches fonts in short-lived threads of its own, each holding the font map until it
// is done: wait for them (up to 10 s), so that no font map is being freed by one of them
// while LeakSanitizer looks.
void wait_for_pango_threads() {
    const auto threads = [] {
        int n = 0;
        for ([[maybe_unused]] const auto& task : std::filesystem::directory_iterator("/proc/self/task")) ++n;
        return n;
    };
    for (int i = 0; i < 1000 && threads() > 1; ++i) usleep(10'000);
}

} // namespace

int main(int argc, char** argv) {
    bool free_layout = false, own_font_map = false;
    for (int i = 1; i < argc; ++i) {
        const std::string_view arg = argv[i];
        if (arg == "--free") {
            free_layout = true;
        } else if (arg == "--own-font-map") {
            own_font_map = true;
        } else {
            std::fprintf(stderr, "usage: %s [--free] [--own-font-map]\n", argv[0]);
            return 2;
        }
    }
    const int status = lay_out_deep(free_layout, own_font_map);
    scrub_stack();
    wait_for_pango_threads();
    return status;
}
