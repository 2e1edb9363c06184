#pragma once
// Typed reading of manifest values: a value of the wrong type or an unknown key is an
// input_error at the node's line and column, never a yaml-cpp conversion error.

#include <coopatlas/io/entity_layer.hpp>

#include <yaml-cpp/yaml.h>

#include <string>
#include <string_view>
#include <vector>

namespace coopatlas::io::detail {

class yaml_values {
public:
    explicit yaml_values(std::string path) : path_(std::move(path)) {}

    [[nodiscard]] const std::string& path() const noexcept { return path_; }
    /// Where the node was written.
    [[nodiscard]] setting_origin origin(const YAML::Node& node) const;
    [[noreturn]] void fail(const YAML::Node& node, std::string message, std::string suggestion = {}) const;

    /// A scalar (null reads as ""); `key` names it in messages.
    [[nodiscard]] std::string text(const YAML::Node& node, std::string_view key) const;
    /// A whole number of at least `min`.
    [[nodiscard]] int integer(const YAML::Node& node, std::string_view key, int min) const;
    /// A single character.
    [[nodiscard]] char character(const YAML::Node& node, std::string_view key) const;
    /// A scalar or a list of scalars.
    [[nodiscard]] std::vector<std::string> texts(const YAML::Node& node, std::string_view key) const;

    void expect_map(const YAML::Node& node, std::string_view key, std::string_view contents) const;
    void expect_list(const YAML::Node& node, std::string_view key, std::string_view contents) const;
    /// Every key of a map must be known; an unknown one is reported with the nearest known.
    void check_keys(const YAML::Node& map, const std::vector<std::string>& known, std::string_view what) const;

private:
    std::string path_;
};

/// "a list", "a map", or the scalar quoted: what a node holds, for messages.
std::string describe(const YAML::Node& node);

} // namespace coopatlas::io::detail
