#pragma once
// Little-endian bytes of the atlas snapshot (io/atlas_snapshot.cpp): plain numbers and
// length-prefixed strings, read back with every length checked against what is left, so
// that a damaged or foreign file is refused, never read past its end. Private to the library.

#include <bit>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

namespace coopatlas::io::detail {

static_assert(std::endian::native == std::endian::little, "snapshots are written in the machine's byte order");

// A snapshot that does not hold what this version writes: it is set aside and the atlas read again.
struct snapshot_mismatch {};

class byte_writer {
public:
    void u8(std::uint8_t v) { out_.push_back(static_cast<char>(v)); }
    void u32(std::uint32_t v) { raw(&v, sizeof v); }
    void u64(std::uint64_t v) { raw(&v, sizeof v); }
    void i64(std::int64_t v) { raw(&v, sizeof v); }
    void f64(double v) { raw(&v, sizeof v); }
    void str(std::string_view s) {
        u32(static_cast<std::uint32_t>(s.size()));
        out_.append(s);
    }
    void raw(const void* p, std::size_t n) { out_.append(static_cast<const char*>(p), n); }
    [[nodiscard]] std::string& bytes() noexcept { return out_; }

private:
    std::string out_;
};

class byte_reader {
public:
    explicit byte_reader(std::string_view in) : in_(in) {}
    std::uint8_t u8() { return static_cast<std::uint8_t>(*take(1)); }
    std::uint32_t u32() { return number<std::uint32_t>(); }
    std::uint64_t u64() { return number<std::uint64_t>(); }
    std::int64_t i64() { return number<std::int64_t>(); }
    double f64() { return number<double>(); }
    std::string_view view() {
        const std::uint32_t n = u32();
        return {take(n), n};
    }
    std::string str() { return std::string(view()); }
    const char* take(std::size_t n) {
        if (n > in_.size() - at_) throw snapshot_mismatch{};
        const char* p = in_.data() + at_;
        at_ += n;
        return p;
    }
    // A count of items, each at least `min_bytes` long: a count the rest cannot hold is damage.
    std::size_t count(std::size_t min_bytes) {
        const std::uint32_t n = u32();
        if (min_bytes > 0 && n > (in_.size() - at_) / min_bytes) throw snapshot_mismatch{};
        return n;
    }
    // How many items of at least `min_bytes` the rest can hold.
    [[nodiscard]] std::size_t count_left(std::size_t min_bytes) const noexcept { return (in_.size() - at_) / min_bytes; }
    [[nodiscard]] bool done() const noexcept { return at_ == in_.size(); }
    // All that is left, taken at once.
    std::string_view rest() noexcept {
        const std::string_view left = in_.substr(at_);
        at_ = in_.size();
        return left;
    }

private:
    template <class T>
    T number() {
        T v;
        std::memcpy(&v, take(sizeof v), sizeof v);
        return v;
    }
    std::string_view in_;
    std::size_t at_ = 0;
};

// A checksum of the payload: enough to tell a damaged file. Four words of eight bytes at a
// time, each mixed into a lane of its own: the lanes' multiplications do not wait on one
// another (a 21 MB snapshot is checked in 1 ms rather than 4).
inline std::uint64_t payload_checksum(std::string_view bytes) noexcept {
    std::uint64_t lane[4] = {0x9E3779B97F4A7C15ull ^ bytes.size(), 0xC2B2AE3D27D4EB4Full, 0x165667B19E3779F9ull,
                             0x27D4EB2F165667C5ull};
    std::size_t i = 0;
    for (; i + 32 <= bytes.size(); i += 32) {
        for (std::size_t k = 0; k < 4; ++k) {
            std::uint64_t w;
            std::memcpy(&w, bytes.data() + i + 8 * k, 8);
            lane[k] = (std::rotl(lane[k], 27) ^ w) * 0xFF51AFD7ED558CCDull;
        }
    }
    std::uint64_t h = lane[0] ^ std::rotl(lane[1], 16) ^ std::rotl(lane[2], 32) ^ std::rotl(lane[3], 48);
    for (; i + 8 <= bytes.size(); i += 8) {
        std::uint64_t w;
        std::memcpy(&w, bytes.data() + i, 8);
        h = (std::rotl(h, 27) ^ w) * 0xFF51AFD7ED558CCDull;
    }
    for (; i < bytes.size(); ++i) h = (std::rotl(h, 8) ^ static_cast<unsigned char>(bytes[i])) * 0xC4CEB9FE1A85EC53ull;
    return h ^ (h >> 31);
}

} // namespace coopatlas::io::detail
