#include "render/web_metadata.hpp"

#include <algorithm>
#include <cstdio>

namespace coopatlas::render::detail {

std::string json_escape(const std::string& text) {
    std::string out;
    out.reserve(text.size());
    for (const char c : text) {
        switch (c) {
        case '"':
            out += "\\\"";
            break;
        case '\\':
            out += "\\\\";
            break;
        case '\n':
            out += "\\n";
            break;
        default:
            if (static_cast<unsigned char>(c) < 0x20) {
                char buf[8];
                std::snprintf(buf, sizeof buf, "\\u%04x", static_cast<unsigned>(static_cast<unsigned char>(c)));
                out += buf;
            } else {
                out += c;
            }
        }
    }
    return out;
}

svg_attributes name_attributes(const model::entity& e) {
    svg_attributes out;
    for (const char* tag : web_name_languages)
        if (const auto& name = e.name_in(tag); !name.empty() && name != e.display_name())
            out.push_back({std::string("data-name-") + tag, name});
    return out;
}

web_metadata::web_metadata(const model::atlas& a, const std::vector<const model::partnership*>& scope) : atlas_(a) {
    for (const auto* p : scope) {
        std::vector<std::string> ids;
        for (const auto* side : {&p->a, &p->b}) {
            const auto* e = side->empty() ? nullptr : a.find(side->entity_id);
            if (!e) continue;
            ids.push_back(e->id);
            for (const auto* anc : a.ancestors(*e))
                ids.push_back(anc->id);
        }
        // A partnership between two communes of one region is listed once under it.
        std::sort(ids.begin(), ids.end());
        ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
        for (const auto& id : ids)
            by_entity_[id].push_back(p);
    }
}

const std::vector<const model::partnership*>& web_metadata::of(const std::string& entity_id) const {
    static const std::vector<const model::partnership*> none;
    const auto it = by_entity_.find(entity_id);
    return it == by_entity_.end() ? none : it->second;
}

std::string web_metadata::party_name(const model::party& p) const {
    const auto* e = p.empty() ? nullptr : atlas_.find(p.entity_id);
    if (!e) return p.text.empty() ? "\xE2\x80\x94" : p.text;
    std::string name = e->display_name() + " (" + e->country + ")";
    // The words of the source too, when they differ from the entity's name.
    if (!p.text.empty() && p.text != e->display_name()) name += " \xE2\x80\x9C" + p.text + "\xE2\x80\x9D";
    return name;
}

std::string web_metadata::json(const std::vector<const model::partnership*>& list) const {
    std::string out = "[";
    for (std::size_t i = 0; i < list.size(); ++i) {
        const auto& p = *list[i];
        if (i) out += ',';
        out += "{\"id\":\"" + json_escape(p.id) + "\",\"kind\":\"" + json_escape(p.kind) + "\",\"a\":\"" +
               json_escape(party_name(p.a)) + "\",\"b\":\"" + json_escape(party_name(p.b)) + "\",\"year\":";
        out += p.year ? std::to_string(*p.year) : "null";
        out += ",\"themes\":[";
        for (std::size_t t = 0; t < p.themes.size(); ++t)
            out += (t ? ",\"" : "\"") + json_escape(p.themes[t]) + "\"";
        out += "],\"source\":\"" + json_escape(p.source) + "\"}";
    }
    return out + "]";
}

svg_attributes web_metadata::operator()(const std::string& layer_id, const std::string& feature_id) const {
    std::string name;
    svg_attributes names;
    std::vector<const model::partnership*> list;
    const auto arrow = feature_id.find("->");
    if (const auto* e = atlas_.find(feature_id)) {
        name = e->display_name();
        names = name_attributes(*e);
        list = of(e->id);
    } else if (arrow != std::string::npos) {
        const auto* o = atlas_.find(feature_id.substr(0, arrow));
        const auto* d = atlas_.find(feature_id.substr(arrow + 2));
        if (!o || !d) return {};
        const char* dash = " \xE2\x80\x93 ";
        name = o->display_name() + dash + d->display_name();
        // A flow's name in a language: each side's, or its default name when it has none.
        for (const char* tag : web_name_languages) {
            const auto& on = o->name_in(tag);
            const auto& dn = d->name_in(tag);
            if (on.empty() && dn.empty()) continue;
            names.push_back({std::string("data-name-") + tag,
                             (on.empty() ? o->display_name() : on) + dash + (dn.empty() ? d->display_name() : dn)});
        }
        const auto& to = of(d->id);
        for (const auto* p : of(o->id))
            if (std::find(to.begin(), to.end(), p) != to.end()) list.push_back(p);
    } else {
        return {};
    }
    const std::string count = std::to_string(list.size()) + (list.size() == 1 ? " partnership" : " partnerships");
    svg_attributes out = {{"class", "feature"}, {"data-id", feature_id}, {"data-name", name}};
    out.insert(out.end(), names.begin(), names.end());
    out.insert(out.end(), {{"data-layer", layer_id},
                           {"data-count", std::to_string(list.size())},
                           {"data-partnerships", json(list)},
                           {"tabindex", "0"},
                           {"role", "img"},
                           {"aria-label", name + ": " + count}});
    return out;
}

} // namespace coopatlas::render::detail
