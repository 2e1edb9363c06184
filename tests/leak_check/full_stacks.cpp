// Linked into the sanitizer builds of the test programs that draw text with Pango: whole
// allocation stacks by default. tests/lsan.supp names functions inside system libraries,
// which are built without frame pointers, where AddressSanitizer's fast unwinder stops.
// ASAN_OPTIONS still applies on top. The other programs keep the fast unwinder: the slow
// one costs an order of magnitude in run time.
extern "C" [[gnu::visibility("default")]] const char* __asan_default_options() {
    return "fast_unwind_on_malloc=0";
}
