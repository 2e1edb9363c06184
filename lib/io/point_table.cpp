#include <coopatlas/error.hpp>
#include <coopatlas/io/csv.hpp>
#include <coopatlas/io/point_table.hpp>
#include <coopatlas/text/fold.hpp>
#include <coopatlas/text/parse_value.hpp>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string_view>
#include <thread>

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

namespace coopatlas::io {

namespace {

// Read-only view of a whole file: mapped when it is a regular file, else read into memory.
class file_bytes {
public:
    explicit file_bytes(const std::string& path) {
        const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
        if (fd < 0)
            throw input_error(diagnostic{path, 0, 0, {}, std::string("cannot open: ") + std::strerror(errno), {}});
        struct stat st {};
        if (::fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0) {
            size_ = static_cast<std::size_t>(st.st_size);
            void* m = ::mmap(nullptr, size_, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, 0);
            if (m != MAP_FAILED) {
                map_ = m;
                ::madvise(m, size_, MADV_SEQUENTIAL);
                data_ = static_cast<const char*>(m);
                ::close(fd);
                return;
            }
        }
        // pipes, empty files, or mmap refused: plain reads
        char buf[1 << 16];
        ssize_t n = 0;
        while ((n = ::read(fd, buf, sizeof buf)) > 0) copy_.append(buf, static_cast<std::size_t>(n));
        ::close(fd);
        if (n < 0) throw input_error(diagnostic{path, 0, 0, {}, std::string("cannot read: ") + std::strerror(errno), {}});
        data_ = copy_.data();
        size_ = copy_.size();
    }
    ~file_bytes() {
        if (map_) ::munmap(map_, size_);
    }
    file_bytes(const file_bytes&) = delete;
    file_bytes& operator=(const file_bytes&) = delete;

    [[nodiscard]] const char* data() const noexcept { return data_; }
    [[nodiscard]] std::size_t size() const noexcept { return size_; }

private:
    void* map_ = nullptr;
    const char* data_ = nullptr;
    std::size_t size_ = 0;
    std::string copy_;
};

std::string lower(std::string_view s) {
    std::string out(s);
    std::transform(out.begin(), out.end(), out.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

// A problem found while parsing, located by byte offset (turned into line/column at the end).
struct parse_problem {
    std::size_t offset = 0;
    std::string field;
    std::string message;
    std::string suggestion;
};

struct chunk_result {
    std::vector<geometry::point> points;
    std::vector<double> weights;
    std::optional<parse_problem> problem;
};

struct columns {
    std::size_t x = 0, y = 0, w = 0;
    bool weighted = false;
    std::size_t last = 0;  // highest column needed
    std::string x_name, y_name, w_name;
};

bool is_blank(char c) noexcept { return c == ' ' || c == '\t'; }

// Plain decimals ("-12.345678") with at most 15 significant digits and 22 decimals: the
// digits form an exact integer below 2^53 and 10^k is an exact double, so one division is
// correctly rounded -- the same double as from_chars (Clinger's fast path), at half the cost.
// Returns false when the text is anything else (exponent, more digits): the shared parser decides.
bool plain_decimal(const char* p, const char* end, double& out) noexcept {
    static constexpr double powers[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,  1e8,  1e9,  1e10, 1e11,
                                        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
    const bool negative = *p == '-';
    if (negative) ++p;
    std::uint64_t mantissa = 0;
    int significant = 0, decimals = 0, digits = 0;
    bool dot = false;
    for (; p < end; ++p) {
        const char c = *p;
        if (c >= '0' && c <= '9') {
            mantissa = mantissa * 10 + static_cast<unsigned>(c - '0');
            significant += mantissa != 0;
            decimals += dot;
            ++digits;
        } else if (c == '.' && !dot) {
            dot = true;
        } else {
            return false;
        }
    }
    if (digits == 0 || significant > 15 || decimals > 22) return false;
    const double v = static_cast<double>(mantissa) / powers[decimals];
    out = negative ? -v : v;
    return true;
}

// Parses the fields of [begin, end) as a finite double; false when it is not one.
bool to_double(const char* begin, const char* end, double& out) noexcept {
    while (begin < end && is_blank(*begin)) ++begin;
    while (end > begin && is_blank(end[-1])) --end;
    if (begin == end) return false;
    if (plain_decimal(begin, end, out)) return true;
    // Exponents, long digit strings, a leading '+': the shared strict parser decides.
    const auto v = text::finite_number(std::string_view(begin, static_cast<std::size_t>(end - begin)));
    if (v) out = *v;
    return v.has_value();
}

// Parses the records of [p, end) (whole lines). `quotes` selects the quote-aware path.
void parse_chunk(const char* base, const char* p, const char* end, const columns& cols, char sep, bool quotes,
                 chunk_result& r) {
    r.points.reserve(static_cast<std::size_t>(end - p) / 20 + 1);
    if (cols.weighted) r.weights.reserve(r.points.capacity());
    std::string unquoted;  // scratch for a quoted field
    struct span {
        const char* b = nullptr;
        const char* e = nullptr;
        bool quoted = false;  // b/e then point into quoted_values, not into the file
    };
    std::vector<span> want(cols.last + 1);
    std::vector<std::string> quoted_values(cols.last + 1);

    while (p < end) {
        const char* line_start = p;
        // a blank line (or CR only) is skipped
        if (*p == '\n' || (*p == '\r' && p + 1 < end && p[1] == '\n')) {
            p += *p == '\n' ? 1 : 2;
            continue;
        }
        std::size_t field = 0;
        bool record_done = false;
        while (!record_done) {
            const char* fb = p;
            const char* fe = p;
            const bool was_quoted = quotes && p < end && *p == '"';
            if (was_quoted) {
                unquoted.clear();
                ++p;
                while (p < end) {
                    if (*p == '"') {
                        if (p + 1 < end && p[1] == '"') {
                            unquoted += '"';
                            p += 2;
                            continue;
                        }
                        ++p;
                        break;
                    }
                    unquoted += *p++;
                }
                // anything after the closing quote up to the separator is kept as it is
                while (p < end && *p != sep && *p != '\n' && *p != '\r') unquoted += *p++;
                if (field <= cols.last) {
                    quoted_values[field] = unquoted;
                    fb = quoted_values[field].data();
                    fe = fb + quoted_values[field].size();
                }
            } else {
                const char* q = p;
                while (q < end && *q != sep && *q != '\n') ++q;
                fe = q;
                if (fe > fb && fe[-1] == '\r' && (q == end || *q == '\n')) --fe;
                p = q;
            }
            if (field <= cols.last) want[field] = {fb, fe, was_quoted};
            ++field;
            if (p < end && *p == sep) {
                ++p;
                continue;
            }
            if (p < end && *p == '\r') ++p;
            if (p < end && *p == '\n') ++p;
            record_done = true;
        }
        // Says why a field is not a number (off the hot path: the chunk stops here).
        auto fail = [&](std::size_t column, std::string name, const char* what) {
            // a quoted field is held outside the file buffer: report the line start then
            const char* at = want[column].quoted ? line_start : want[column].b;
            const auto why = text::parse_number(
                std::string_view(want[column].b, static_cast<std::size_t>(want[column].e - want[column].b)));
            r.problem = parse_problem{static_cast<std::size_t>(at - base), std::move(name), what + why.problem,
                                      why.suggestion};
        };
        if (field <= cols.last) {
            r.problem = parse_problem{static_cast<std::size_t>(line_start - base), {},
                                      "row has " + std::to_string(field) + " fields, " +
                                          std::to_string(cols.last + 1) + " needed",
                                      {}};
            return;
        }
        geometry::point pt;
        if (!to_double(want[cols.x].b, want[cols.x].e, pt.x)) {
            fail(cols.x, cols.x_name, "");
            return;
        }
        if (!to_double(want[cols.y].b, want[cols.y].e, pt.y)) {
            fail(cols.y, cols.y_name, "");
            return;
        }
        r.points.push_back(pt);
        if (cols.weighted) {
            double w = 0;
            if (!to_double(want[cols.w].b, want[cols.w].e, w)) {
                fail(cols.w, cols.w_name, "weight ");
                return;
            }
            r.weights.push_back(w);
        }
    }
}

std::size_t find_column(const csv_table& header, const std::string& wanted, std::initializer_list<const char*> defaults,
                        const char* what, std::string& name) {
    const auto& fields = header.header;
    auto report = [&](const std::string& msg) {
        std::string have;
        for (const auto& f : fields) have += (have.empty() ? "" : ", ") + f.value;
        return input_error(diagnostic{header.path, 1, 0, {}, msg, "columns are: " + have});
    };
    if (!wanted.empty()) {
        if (auto c = header.column(wanted)) {
            name = wanted;
            return *c;
        }
        throw report("no column named '" + wanted + "' for the " + what);
    }
    for (const char* d : defaults)
        for (std::size_t i = 0; i < fields.size(); ++i)
            if (lower(text::trim(fields[i].value)) == d) {
                name = std::string(text::trim(fields[i].value));
                return i;
            }
    std::string tried;
    for (const char* d : defaults) tried += (tried.empty() ? "" : ", ") + std::string(d);
    throw report(std::string("no ") + what + " column (looked for " + tried + ")");
}

// The header: the first line without its line break (LF or CRLF), parsed by the diagnostic
// CSV reader. `body` is set to the line after it.
csv_table read_header(const std::string& path, const char* p, const char* end, char separator, const char*& body) {
    const char* header_end = static_cast<const char*>(std::memchr(p, '\n', static_cast<std::size_t>(end - p)));
    body = header_end ? header_end + 1 : end;
    std::string_view header_line(p, static_cast<std::size_t>((header_end ? header_end : end) - p));
    if (header_end && header_line.ends_with('\r')) header_line.remove_suffix(1);
    csv_table header = parse_csv(header_line, path, separator);
    if (header.header.empty()) throw input_error(diagnostic{path, 1, 0, {}, "empty file: no header line", {}});
    return header;
}

// The x and y columns, and the weight column when one is asked for.
columns point_columns(const csv_table& header, const point_table_options& options) {
    columns cols;
    cols.x = find_column(header, options.x_column, {"lon", "longitude", "lng", "x"}, "longitude (x)", cols.x_name);
    cols.y = find_column(header, options.y_column, {"lat", "latitude", "y"}, "latitude (y)", cols.y_name);
    if (!options.weight_column.empty()) {
        cols.weighted = true;
        cols.w = find_column(header, options.weight_column, {}, "weight", cols.w_name);
    }
    cols.last = std::max({cols.x, cols.y, cols.weighted ? cols.w : 0});
    return cols;
}

// chunk boundaries at line starts: one chunk per thread, [bounds[i], bounds[i + 1])
std::vector<const char*> chunk_bounds(const char* body, const char* end, unsigned threads) {
    const std::size_t body_size = static_cast<std::size_t>(end - body);
    std::vector<const char*> bounds{body};
    for (unsigned t = 1; t < threads; ++t) {
        const char* guess = body + body_size * t / threads;
        guess = std::max(guess, bounds.back());
        const char* nl = static_cast<const char*>(std::memchr(guess, '\n', static_cast<std::size_t>(end - guess)));
        bounds.push_back(nl ? nl + 1 : end);
    }
    bounds.push_back(end);
    return bounds;
}

// Parses each chunk, on a thread of its own when there are several.
std::vector<chunk_result> parse_chunks(const char* base, const std::vector<const char*>& bounds, const columns& cols,
                                       char separator, bool quotes) {
    std::vector<chunk_result> results(bounds.size() - 1);
    if (results.size() == 1) {
        parse_chunk(base, bounds[0], bounds[1], cols, separator, quotes, results[0]);
    } else {
        std::vector<std::jthread> workers;
        for (std::size_t i = 0; i < results.size(); ++i)
            workers.emplace_back([&, i] { parse_chunk(base, bounds[i], bounds[i + 1], cols, separator, quotes, results[i]); });
    }
    return results;
}

// Throws the problem of the first chunk that stopped on one, at its line and column.
void throw_first_problem(const std::string& path, const char* base, const std::vector<chunk_result>& results) {
    for (const auto& r : results) {
        if (!r.problem) continue;
        // line and column from the byte offset
        const char* at = base + r.problem->offset;
        const long line = 1 + static_cast<long>(std::count(base, at, '\n'));
        const char* line_start = at;
        while (line_start > base && line_start[-1] != '\n') --line_start;
        throw input_error(diagnostic{path, line, static_cast<long>(at - line_start) + 1, r.problem->field,
                                     r.problem->message, r.problem->suggestion});
    }
}

// The chunks' points (and weights) one after the other, moved when there is one chunk.
void join_chunks(std::vector<chunk_result>& results, bool weighted, point_table& out) {
    if (results.size() == 1) {
        out.points = std::move(results[0].points);
        out.weights = std::move(results[0].weights);
        return;
    }
    std::size_t n = 0;
    for (const auto& r : results) n += r.points.size();
    out.points.reserve(n);
    if (weighted) out.weights.reserve(n);
    for (const auto& r : results) {
        out.points.insert(out.points.end(), r.points.begin(), r.points.end());
        out.weights.insert(out.weights.end(), r.weights.begin(), r.weights.end());
    }
}

} // namespace

point_table read_point_table(const std::string& path, const point_table_options& options) {
    const file_bytes file(path);
    const char* const base = file.data();
    const char* const end = base + file.size();
    const char* p = base;
    if (file.size() >= 3 && std::memcmp(p, "\xEF\xBB\xBF", 3) == 0) p += 3;
    const char* body = nullptr;
    const csv_table header = read_header(path, p, end, options.separator, body);
    const columns cols = point_columns(header, options);
    const char separator = header.separator;  // given, or detected from the header line

    const std::size_t body_size = static_cast<std::size_t>(end - body);
    // a quote anywhere may hide a line break inside a field: then one sequential pass
    const bool quotes = std::memchr(body, '"', body_size) != nullptr;
    unsigned threads = options.threads ? options.threads : std::max(1u, std::thread::hardware_concurrency());
    if (quotes || body_size < (1u << 20)) threads = 1;

    std::vector<chunk_result> results = parse_chunks(base, chunk_bounds(body, end, threads), cols, separator, quotes);
    throw_first_problem(path, base, results);
    point_table out;
    out.path = path;
    out.x_column = cols.x_name;
    out.y_column = cols.y_name;
    out.weight_column = cols.w_name;
    join_chunks(results, cols.weighted, out);
    return out;
}

} // namespace coopatlas::io
