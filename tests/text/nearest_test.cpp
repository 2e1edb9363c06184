#include <coopatlas/text/nearest.hpp>

#include <gtest/gtest.h>

namespace ct = coopatlas::text;

TEST(nearest, ranks_by_folded_edit_distance_keeping_ties_in_order) {
    const auto ranked = ct::by_nearness("Anné", {"N°", "Type", "Année", "Source"});
    ASSERT_EQ(ranked.size(), 4u);
    EXPECT_EQ(ranked[0], "Année");
    EXPECT_EQ(ct::nearest("partnership", {"title", "partnerships", "layers"}), "partnerships");
    EXPECT_EQ(ct::nearest("zzz", {"title", "layers"}), "");
    EXPECT_EQ(ct::join_list({"a", "b"}), "'a', 'b'");
    EXPECT_EQ(ct::join_list({"{code}"}, ""), "{code}");
}
