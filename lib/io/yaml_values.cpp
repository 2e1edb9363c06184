#include "io/yaml_values.hpp"

#include <coopatlas/error.hpp>
#include <coopatlas/text/nearest.hpp>

#include <algorithm>
#include <charconv>

namespace coopatlas::io::detail {

std::string describe(const YAML::Node& node) {
    switch (node.Type()) {
    case YAML::NodeType::Sequence: return "a list";
    case YAML::NodeType::Map: return "a map";
    case YAML::NodeType::Null: return "nothing";
    default: return "'" + node.Scalar() + "'";
    }
}

setting_origin yaml_values::origin(const YAML::Node& node) const {
    const YAML::Mark mark = node.Mark();
    return {path_, mark.line >= 0 ? mark.line + 1L : 0L, mark.column >= 0 ? mark.column + 1L : 0L};
}

void yaml_values::fail(const YAML::Node& node, std::string message, std::string suggestion) const {
    const setting_origin at = origin(node);
    throw input_error(diagnostic{path_, at.line, at.column, {}, std::move(message), std::move(suggestion)});
}

std::string yaml_values::text(const YAML::Node& node, std::string_view key) const {
    if (node.IsNull()) return {};
    if (!node.IsScalar()) fail(node, "'" + std::string(key) + "' must be text, not " + describe(node));
    return node.Scalar();
}

int yaml_values::integer(const YAML::Node& node, std::string_view key, int min) const {
    const std::string s = node.IsScalar() ? node.Scalar() : std::string();
    int value = 0;
    const auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
    if (!node.IsScalar() || s.empty() || ec != std::errc() || ptr != s.data() + s.size() || value < min)
        fail(node, "'" + std::string(key) + "' must be a whole number" + (min == 0 ? " (0 or more)" : "") + ", not " +
                       describe(node));
    return value;
}

char yaml_values::character(const YAML::Node& node, std::string_view key) const {
    const std::string s = node.IsScalar() ? node.Scalar() : std::string();
    if (s.size() != 1) fail(node, "'" + std::string(key) + "' must be one character, not " + describe(node));
    return s[0];
}

std::vector<std::string> yaml_values::texts(const YAML::Node& node, std::string_view key) const {
    if (node.IsScalar()) return {node.Scalar()};
    expect_list(node, key, "text");
    std::vector<std::string> out;
    for (const auto& item : node) out.push_back(text(item, key));
    return out;
}

void yaml_values::expect_map(const YAML::Node& node, std::string_view key, std::string_view contents) const {
    if (!node.IsMap())
        fail(node, "'" + std::string(key) + "' must be a map of " + std::string(contents) + ", not " + describe(node));
}

void yaml_values::expect_list(const YAML::Node& node, std::string_view key, std::string_view contents) const {
    if (!node.IsSequence())
        fail(node, "'" + std::string(key) + "' must be a list of " + std::string(contents) + ", not " + describe(node));
}

void yaml_values::check_keys(const YAML::Node& map, const std::vector<std::string>& known, std::string_view what) const {
    for (const auto& kv : map) {
        const std::string key = kv.first.IsScalar() ? kv.first.Scalar() : std::string();
        if (std::find(known.begin(), known.end(), key) != known.end()) continue;
        const std::string near = text::nearest(key, known, 3);
        fail(kv.first, "unknown " + std::string(what) + " key '" + key + "'",
             near.empty() ? "known keys: " + text::join_list(known) : "did you mean '" + near + "'?");
    }
}

} // namespace coopatlas::io::detail
