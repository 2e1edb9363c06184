// interned_string: one copy per distinct text, shared by every holder and every thread;
// compared with strings of any kind by content, ordered by content (not by address).

#include <coopatlas/model/entity.hpp>
#include <coopatlas/model/interned_string.hpp>

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <sstream>
#include <string>
#include <thread>
#include <unordered_set>
#include <vector>

namespace {

using coopatlas::model::interned_string;

TEST(interned_string, equal_texts_share_one_copy_whatever_they_were_made_from) {
    const std::string word = "commune";
    const interned_string a(word), b("commune"), c{std::string_view(word)}, d(word.substr(0));
    EXPECT_EQ(&a.str(), &b.str());
    EXPECT_EQ(&a.str(), &c.str());
    EXPECT_EQ(&a.str(), &d.str());
    EXPECT_NE(&a.str(), &interned_string("communes").str());
    EXPECT_NE(&a.str(), &word); // a copy of its own, not the argument
}

TEST(interned_string, the_empty_string_is_the_default_and_is_shared) {
    const interned_string none, empty(""), from_empty{std::string()};
    EXPECT_TRUE(none.empty());
    EXPECT_EQ(none.size(), 0u);
    EXPECT_EQ(none, empty);
    EXPECT_EQ(&none.str(), &from_empty.str());
    EXPECT_STREQ(none.c_str(), "");
}

TEST(interned_string, compares_by_content_with_every_kind_of_string) {
    const interned_string level("région");
    const std::string same = "région", other = "region";
    EXPECT_TRUE(level == same);
    EXPECT_TRUE(same == level);
    EXPECT_TRUE(level == "région");
    EXPECT_TRUE("région" == level);
    EXPECT_TRUE(level == std::string_view("région"));
    EXPECT_TRUE(level != other);
    EXPECT_TRUE(level != "region");
    EXPECT_FALSE(level == interned_string(other));
    EXPECT_EQ(level.size(), same.size()); // bytes: é is two
}

TEST(interned_string, orders_by_content_not_by_address) {
    // made in the reverse of alphabetical order, so that addresses (if they ruled) would not sort them
    std::vector<interned_string> words{"zz-interned-c", "zz-interned-b", "zz-interned-a"};
    std::sort(words.begin(), words.end());
    ASSERT_EQ(words.size(), 3u);
    EXPECT_EQ(words[0], "zz-interned-a");
    EXPECT_EQ(words[1], "zz-interned-b");
    EXPECT_EQ(words[2], "zz-interned-c");
    EXPECT_LT(interned_string("abc"), interned_string("abd"));
    EXPECT_LT(interned_string(""), interned_string("a"));
    std::map<interned_string, int> by_word{{"beta", 2}, {"alpha", 1}};
    EXPECT_EQ(by_word.begin()->first, "alpha");
}

TEST(interned_string, reads_as_a_std_string) {
    const interned_string country("MA");
    const std::string& ref = country;
    EXPECT_EQ(ref, "MA");
    EXPECT_EQ(country + ":region", "MA:region");
    EXPECT_EQ("in " + country, "in MA");
    EXPECT_EQ(std::string("x") + country, "xMA");
    EXPECT_EQ(country + ':', "MA:");
    std::ostringstream out;
    out << country;
    EXPECT_EQ(out.str(), "MA");
    const std::string_view view = country;
    EXPECT_EQ(view, "MA");
    EXPECT_EQ(std::hash<interned_string>{}(country), std::hash<std::string_view>{}("MA"));
    std::unordered_set<interned_string> set{"MA", "FR", interned_string(std::string("MA"))};
    EXPECT_EQ(set.size(), 2u);
}

TEST(interned_string, threads_interning_the_same_texts_get_the_same_copies) {
    constexpr int threads = 4, words = 500;
    std::vector<std::vector<const std::string*>> seen(threads);
    std::vector<std::thread> pool;
    for (int t = 0; t < threads; ++t)
        pool.emplace_back([&seen, t] {
            for (int i = 0; i < words; ++i) {
                // each thread in its own order, so that they race on first interning
                const int w = (t % 2 == 0) ? i : words - 1 - i;
                seen[static_cast<std::size_t>(t)].push_back(&interned_string("thread-word-" + std::to_string(w)).str());
            }
        });
    for (auto& th : pool)
        th.join();
    for (int t = 1; t < threads; ++t)
        for (int i = 0; i < words; ++i) {
            const int w = (t % 2 == 0) ? i : words - 1 - i;
            // thread 0 interned word w at position w
            ASSERT_EQ(seen[static_cast<std::size_t>(t)][static_cast<std::size_t>(i)],
                      seen[0][static_cast<std::size_t>(w)])
                << "word " << w;
        }
}

TEST(interned_string, entities_of_one_layer_share_their_words) {
    coopatlas::model::entity a, b;
    a.level = std::string("commune");
    b.level = "commune";
    a.source = "GeoNames";
    b.source = std::string("Geo") + "Names";
    EXPECT_EQ(&a.level.str(), &b.level.str());
    EXPECT_EQ(&a.source.str(), &b.source.str());
    // a word per layer costs a pointer in each entity, not a string and its copy
    EXPECT_EQ(sizeof(a.level), sizeof(void*));
}

} // namespace
