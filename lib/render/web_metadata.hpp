#pragma once
// What a feature of a web atlas map stands for, as the data attributes of its SVG
// group: the entity (id, name) or the pair of partners of a flow, and the partnerships
// with their kind, year, themes and source, read by the page's script for tooltips.

#include <coopatlas/model/atlas.hpp>
#include <coopatlas/render/map_renderer.hpp>

#include <string>
#include <unordered_map>
#include <vector>

namespace coopatlas::render::detail {

class web_metadata {
  public:
    /// `scope`: the partnerships a map may show (all of the atlas, or a unit page's).
    web_metadata(const model::atlas& a, const std::vector<const model::partnership*>& scope);

    /// Attributes of a feature: an entity id, or "origin->destination" for a flow;
    /// none for features that stand for no entity (file layers).
    [[nodiscard]] svg_attributes operator()(const std::string& layer_id, const std::string& feature_id) const;

    /// The partnerships of an entity in the scope, its own and those of the units it contains.
    [[nodiscard]] const std::vector<const model::partnership*>& of(const std::string& entity_id) const;

  private:
    [[nodiscard]] std::string json(const std::vector<const model::partnership*>& list) const;
    [[nodiscard]] std::string party_name(const model::party& p) const;

    const model::atlas& atlas_;
    // Partnerships by entity, each also listed under the entities containing its parties.
    std::unordered_map<std::string, std::vector<const model::partnership*>> by_entity_;
};

/// Languages a page can show names in besides the default one (`data-name`): each
/// gives a `data-name-<tag>` attribute when the entity has a name in it.
inline constexpr const char* web_name_languages[] = {"en", "ar"};

/// `data-name-<tag>` attributes of an entity (one per language it has a name in).
svg_attributes name_attributes(const model::entity& e);

/// `text` as the body of a JSON string (quotes, backslashes and control characters escaped).
std::string json_escape(const std::string& text);

} // namespace coopatlas::render::detail
