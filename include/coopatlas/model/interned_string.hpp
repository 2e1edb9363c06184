#pragma once
/// \file
/// \brief A string that many entities share, stored once per process.

#include <coopatlas/config.hpp>

#include <compare>
#include <cstddef>
#include <functional>
#include <iosfwd>
#include <string>
#include <string_view>
#include <utility>

namespace coopatlas::model {

/// \brief An immutable string kept once per process and shared by every holder: the
/// country, level, vintage, feature code, source and file of an entity, which tens of
/// thousands of entities repeat.
///
/// It holds a pointer to the one copy, so an entity spends 8 bytes on each such field
/// rather than a `std::string` and its heap copy, and two of them compare by address. It
/// reads as a `const std::string&` (and converts to `std::string_view`), compares with
/// strings of any kind by content, orders by content, and is assigned from any string.
/// The copies are never freed: references from `str()` stay valid until the process ends.
///
/// Thread safety: making one (from a string) may be done from any thread; reading is free
/// of locks.
class COOPATLAS_API interned_string {
public:
    /// The empty string.
    interned_string() noexcept;
    interned_string(std::string_view s);  // NOLINT(google-explicit-constructor): a string field
    interned_string(const std::string& s) : interned_string(std::string_view(s)) {}  // NOLINT
    interned_string(const char* s) : interned_string(std::string_view(s)) {}          // NOLINT

    [[nodiscard]] const std::string& str() const noexcept { return *text_; }
    operator const std::string&() const noexcept { return *text_; }  // NOLINT
    operator std::string_view() const noexcept { return *text_; }    // NOLINT

    [[nodiscard]] bool empty() const noexcept { return text_->empty(); }
    [[nodiscard]] std::size_t size() const noexcept { return text_->size(); }
    [[nodiscard]] const char* c_str() const noexcept { return text_->c_str(); }
    [[nodiscard]] const char* data() const noexcept { return text_->data(); }
    [[nodiscard]] std::string::const_iterator begin() const noexcept { return text_->begin(); }
    [[nodiscard]] std::string::const_iterator end() const noexcept { return text_->end(); }
    [[nodiscard]] char front() const noexcept { return text_->front(); }
    [[nodiscard]] char back() const noexcept { return text_->back(); }
    [[nodiscard]] char operator[](std::size_t i) const noexcept { return (*text_)[i]; }

    // Equal strings share one copy: the address decides.
    friend bool operator==(const interned_string& a, const interned_string& b) noexcept { return a.text_ == b.text_; }
    friend bool operator==(const interned_string& a, const std::string& b) noexcept { return *a.text_ == b; }
    friend bool operator==(const interned_string& a, std::string_view b) noexcept { return *a.text_ == b; }
    friend bool operator==(const interned_string& a, const char* b) noexcept { return *a.text_ == b; }
    friend std::strong_ordering operator<=>(const interned_string& a, const interned_string& b) noexcept {
        return a.text_ == b.text_ ? std::strong_ordering::equal : a.text_->compare(*b.text_) <=> 0;
    }
    friend std::strong_ordering operator<=>(const interned_string& a, std::string_view b) noexcept {
        return std::string_view(*a.text_).compare(b) <=> 0;
    }

    friend std::string operator+(const interned_string& a, const std::string& b) { return *a.text_ + b; }
    friend std::string operator+(const std::string& a, const interned_string& b) { return a + *b.text_; }
    friend std::string operator+(const interned_string& a, const char* b) { return *a.text_ + b; }
    friend std::string operator+(const char* a, const interned_string& b) { return a + *b.text_; }
    friend std::string operator+(const interned_string& a, char b) { return *a.text_ + b; }
    friend std::string operator+(char a, const interned_string& b) { return a + *b.text_; }
    friend std::string operator+(std::string&& a, const interned_string& b) { return std::move(a) + *b.text_; }

    COOPATLAS_API friend std::ostream& operator<<(std::ostream& out, const interned_string& s);

private:
    const std::string* text_;
};

} // namespace coopatlas::model

template <>
struct std::hash<coopatlas::model::interned_string> {
    std::size_t operator()(const coopatlas::model::interned_string& s) const noexcept {
        return std::hash<std::string_view>{}(s);
    }
};
