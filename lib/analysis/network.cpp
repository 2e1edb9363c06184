#include <coopatlas/analysis/network.hpp>

#include <algorithm>
#include <map>
#include <numeric>
#include <set>
#include <unordered_map>

namespace coopatlas::analysis {

namespace {

/// Disjoint sets over 0..n-1 with path halving and union by size.
class union_find {
public:
    explicit union_find(std::size_t n) : parent_(n), size_(n, 1) { std::iota(parent_.begin(), parent_.end(), 0); }
    std::size_t find(std::size_t x) {
        while (parent_[x] != x) {
            parent_[x] = parent_[parent_[x]];
            x = parent_[x];
        }
        return x;
    }
    void unite(std::size_t a, std::size_t b) {
        a = find(a);
        b = find(b);
        if (a == b) return;
        if (size_[a] < size_[b]) std::swap(a, b);
        parent_[b] = a;
        size_[a] += size_[b];
    }

private:
    std::vector<std::size_t> parent_;
    std::vector<std::size_t> size_;
};

} // namespace

std::size_t network_result::find(const std::string& entity_id) const noexcept {
    for (std::size_t i = 0; i < nodes.size(); ++i)
        if (nodes[i].id == entity_id) return i;
    return npos;
}

network_result network(const model::atlas& atlas, const filter& f) {
    network_result result;
    std::unordered_map<const model::entity*, std::size_t> index;
    std::vector<std::set<const model::entity*>> partners;
    std::vector<std::pair<std::size_t, std::size_t>> edges;
    auto node = [&](const model::entity* e) {
        auto [it, fresh] = index.try_emplace(e, result.nodes.size());
        if (fresh) {
            network_node n;
            n.entity = e;
            n.id = e->id;
            n.name = e->display_name();
            n.level = e->level;
            n.country = e->country;
            result.nodes.push_back(std::move(n));
            partners.emplace_back();
        }
        return it->second;
    };
    for (const model::partnership* p : select(atlas, f)) {
        if (!p->two_sided()) continue;
        const auto [a, b] = atlas.parties(*p);
        if (!a || !b) continue;
        const std::size_t ia = node(a), ib = node(b);
        ++result.edges;
        edges.emplace_back(ia, ib);
        if (ia == ib) continue;  // a loop neither adds a partner nor a record to the degree
        ++result.nodes[ia].partnerships;
        ++result.nodes[ib].partnerships;
        partners[ia].insert(b);
        partners[ib].insert(a);
    }
    union_find uf(result.nodes.size());
    for (const auto& [a, b] : edges) uf.unite(a, b);

    // components, ordered by size then first id
    std::map<std::size_t, std::vector<std::size_t>> members;
    for (std::size_t i = 0; i < result.nodes.size(); ++i) members[uf.find(i)].push_back(i);
    std::vector<std::vector<std::size_t>> groups;
    for (auto& [root, m] : members) {
        std::sort(m.begin(), m.end(), [&](std::size_t x, std::size_t y) { return result.nodes[x].id < result.nodes[y].id; });
        groups.push_back(std::move(m));
    }
    std::sort(groups.begin(), groups.end(), [&](const auto& x, const auto& y) {
        if (x.size() != y.size()) return x.size() > y.size();
        return result.nodes[x.front()].id < result.nodes[y.front()].id;
    });
    std::vector<std::size_t> component_of(result.nodes.size());
    for (std::size_t c = 0; c < groups.size(); ++c) {
        network_component comp;
        for (std::size_t i : groups[c]) {
            comp.entity_ids.push_back(result.nodes[i].id);
            component_of[i] = c;
        }
        result.components.push_back(std::move(comp));
    }
    for (const auto& edge : edges) ++result.components[component_of[edge.first]].partnerships;
    for (std::size_t i = 0; i < result.nodes.size(); ++i) {
        auto& n = result.nodes[i];
        n.degree = partners[i].size();
        for (const model::entity* e : partners[i]) n.partner_ids.push_back(e->id);
        std::sort(n.partner_ids.begin(), n.partner_ids.end());
        n.component = component_of[i];
    }
    std::sort(result.nodes.begin(), result.nodes.end(), [](const network_node& x, const network_node& y) {
        if (x.degree != y.degree) return x.degree > y.degree;
        if (x.name != y.name) return x.name < y.name;
        return x.id < y.id;
    });
    result.method = "filter=" + f.describe() +
                    "; graph=entities as nodes, selected two-sided partnerships as edges (" + std::to_string(result.edges) +
                    "); degree=distinct partners; components=union-find over the edges";
    return result;
}

} // namespace coopatlas::analysis
