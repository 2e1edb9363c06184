// Degree and connected components of the partnership graph, on the hand-made
// atlas of partition_atlas.hpp and on the embedded data.

#include "partition_atlas.hpp"
#include "test_support.hpp"

#include <coopatlas/analysis/network.hpp>

#include <gtest/gtest.h>

#include <set>

namespace coopatlas::analysis {
namespace {

const network_node& node(const network_result& r, const std::string& id) {
    const std::size_t i = r.find(id);
    if (i == network_result::npos) throw std::runtime_error("no node " + id);
    return r.nodes[i];
}

TEST(network, degree_counts_distinct_partners) {
    const model::atlas atlas = test::partition_atlas();
    const auto r = network(atlas, {});
    // c1 is party to P1 P2 P3 P9 with F1, F2, F3 and F1 again
    const auto& c1 = node(r, "MA:commune:c1");
    EXPECT_EQ(c1.degree, 3u);
    EXPECT_EQ(c1.partnerships, 4u);
    EXPECT_EQ(c1.partner_ids, (std::vector<std::string>{"FR:commune:F1", "FR:commune:F2", "FR:commune:F3"}));
    EXPECT_EQ(node(r, "FR:commune:F3").degree, 2u);  // c1 and o1
    EXPECT_EQ(node(r, "FR:commune:F1").degree, 1u);
    EXPECT_EQ(r.nodes.front().id, "MA:commune:c1");  // highest degree first
    // one-sided requests make no node
    EXPECT_EQ(r.find("MA:province:40"), network_result::npos);
    EXPECT_EQ(r.edges, 8u);
    EXPECT_EQ(r.nodes.size(), 10u);  // c1 F1 F2 F3 Alpha région-12 o1 D06 nb France
}

TEST(network, connected_components) {
    const model::atlas atlas = test::partition_atlas();
    const auto r = network(atlas, {});
    // {c1 F1 F2 F3 o1 D06} joined through P10 (F3 - o1); {Alpha, région 12}; {nb, France}
    ASSERT_EQ(r.components.size(), 3u);
    EXPECT_EQ(r.components[0].entity_ids.size(), 6u);
    EXPECT_EQ(r.components[0].partnerships, 6u);  // P1 P2 P3 P5 P9 P10
    EXPECT_EQ(node(r, "MA:organisation:o1").component, node(r, "MA:commune:c1").component);
    EXPECT_EQ(node(r, "FR:departement:06").component, 0u);
    EXPECT_NE(node(r, "MA:region:2009:01").component, node(r, "MA:national_body:nb").component);
    EXPECT_EQ(r.components[1].entity_ids.size(), 2u);
    EXPECT_EQ(r.components[1].partnerships, 1u);

    // cooperation and programmes only: {c1 F1 F2 F3} and {nb France}
    filter f;
    f.kinds = {"decentralised_cooperation", "programme"};  // P1 P2 P3 and P8
    const auto small = network(atlas, f);
    EXPECT_EQ(small.components.size(), 2u);
    EXPECT_EQ(small.components[0].entity_ids,
              (std::vector<std::string>{"FR:commune:F1", "FR:commune:F2", "FR:commune:F3", "MA:commune:c1"}));
    EXPECT_NE(small.method.find("kinds=decentralised_cooperation,programme"), std::string::npos);
}

TEST(network, chain_is_one_component) {
    model::atlas atlas;
    for (const char* id : {"A", "B", "C", "D", "E"}) atlas.add(test::make(std::string("XX:x:") + id, "commune", id, "XX"));
    // A-B, C-D, B-C: one chain A..D; E alone has no partnership and no node
    atlas.add(test::pact("1", "convention", "XX:x:A", "XX:x:B"));
    atlas.add(test::pact("2", "convention", "XX:x:C", "XX:x:D"));
    atlas.add(test::pact("3", "convention", "XX:x:B", "XX:x:C"));
    const auto r = network(atlas, {});
    ASSERT_EQ(r.components.size(), 1u);
    EXPECT_EQ(r.components[0].entity_ids.size(), 4u);
    EXPECT_EQ(node(r, "XX:x:B").degree, 2u);
    EXPECT_EQ(node(r, "XX:x:A").degree, 1u);
    EXPECT_EQ(r.find("XX:x:E"), network_result::npos);
}

TEST(network_embedded, oujda_has_three_french_partners) {
    const auto& atlas = test::embedded_atlas();
    const auto r = network(atlas, {});
    const auto& oujda = node(r, "MA:commune:oujda");
    // seed 001: "Oujda : Lille Grenoble, Aix en Provence" (P009 P010 P011)
    EXPECT_EQ(oujda.degree, 3u);
    EXPECT_EQ(oujda.partner_ids,
              (std::vector<std::string>{"FR:commune:13001", "FR:commune:38185", "FR:commune:59350"}));
    // every two-sided partnership is an edge inside exactly one component
    std::size_t edges = 0;
    for (const auto& c : r.components) edges += c.partnerships;
    EXPECT_EQ(edges, r.edges);
}

} // namespace
} // namespace coopatlas::analysis
