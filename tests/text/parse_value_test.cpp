// Strict reading of numbers and booleans: the whole text is the value, and a refusal
// says why and what to write instead.

#include <coopatlas/text/parse_value.hpp>

#include <gtest/gtest.h>

#include <cmath>

namespace ct = coopatlas::text;

namespace {
bool mentions(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }
} // namespace

TEST(parse_number, reads_plain_numbers) {
    EXPECT_EQ(ct::parse_number("1.5").value, 1.5);
    EXPECT_EQ(ct::parse_number(" 2 ").value, 2.0);  // surrounding spaces are ignored
    EXPECT_EQ(ct::parse_number("\t-2.25\n").value, -2.25);
    EXPECT_EQ(ct::parse_number("+3").value, 3.0);
    EXPECT_EQ(ct::parse_number("1e3").value, 1000.0);
    EXPECT_EQ(ct::parse_number(".5").value, 0.5);
    EXPECT_EQ(ct::parse_number("0").value, 0.0);
}

TEST(parse_number, refuses_a_unit_and_says_to_leave_it_out) {
    const auto r = ct::parse_number("1.5 km");
    EXPECT_FALSE(r);
    EXPECT_EQ(r.problem, "'1.5 km' is not a number");
    EXPECT_EQ(r.suggestion, "leave out the unit: write a plain number such as 1.5");
    EXPECT_FALSE(ct::parse_number("12%"));
    EXPECT_TRUE(mentions(ct::parse_number("12%").suggestion, "such as 12"));
}

TEST(parse_number, refuses_words_and_empty_text) {
    const auto word = ct::parse_number("abc");
    EXPECT_FALSE(word);
    EXPECT_EQ(word.problem, "'abc' is not a number");
    EXPECT_FALSE(ct::parse_number(""));
    EXPECT_FALSE(ct::parse_number("   "));
    EXPECT_EQ(ct::parse_number("").problem, "an empty value is not a number");
    EXPECT_FALSE(ct::parse_number("+-3"));
    EXPECT_FALSE(ct::parse_number("++3"));
    EXPECT_FALSE(ct::parse_number("0x10"));
    EXPECT_FALSE(ct::parse_number("1.5.3"));
}

TEST(parse_number, refuses_nan_and_infinity_unless_asked) {
    for (const char* s : {"nan", "NaN", "inf", "-inf", "infinity"}) {
        const auto r = ct::parse_number(s);
        EXPECT_FALSE(r) << s;
        EXPECT_TRUE(mentions(r.problem, "not a finite number")) << r.problem;
    }
    ct::number_format any;
    any.allow_non_finite = true;
    ASSERT_TRUE(ct::parse_number("nan", any));
    EXPECT_TRUE(std::isnan(*ct::parse_number("nan", any)));
    EXPECT_EQ(ct::parse_number("-inf", any).value, -HUGE_VAL);
}

TEST(parse_number, a_decimal_comma_is_refused_with_the_dot_form) {
    const auto r = ct::parse_number("1,5");
    EXPECT_FALSE(r);
    EXPECT_EQ(r.problem, "'1,5' is not a number");
    EXPECT_EQ(r.suggestion, "write the decimal separator as a dot: 1.5");
    ct::number_format french;
    french.decimal_comma = true;
    EXPECT_EQ(ct::parse_number("12,5", french).value, 12.5);
    EXPECT_FALSE(ct::parse_number("1,234,567", french));
    EXPECT_EQ(ct::parse_number("1,234,567").suggestion,
              "write the number without thousands separators: 1234567");
}

TEST(parse_number, numbers_beyond_a_double_are_out_of_range) {
    const auto r = ct::parse_number("1e400");
    EXPECT_FALSE(r);
    EXPECT_EQ(r.problem, "'1e400' is out of the range of numbers");
    EXPECT_FALSE(ct::parse_number("-1e400"));
}

TEST(parse_number, message_joins_problem_and_suggestion) {
    EXPECT_EQ(ct::parse_number("1.5 km").message(),
              "'1.5 km' is not a number \xE2\x80\x94 leave out the unit: write a plain number such as 1.5");
}

TEST(finite_number, is_the_quiet_form) {
    EXPECT_EQ(ct::finite_number(" +1e3 "), 1000.0);
    EXPECT_EQ(ct::finite_number("-0.25"), -0.25);
    EXPECT_FALSE(ct::finite_number("1.5 km"));
    EXPECT_FALSE(ct::finite_number("nan"));
    EXPECT_FALSE(ct::finite_number("1e400"));
    EXPECT_FALSE(ct::finite_number(""));
}

TEST(parse_integer, reads_whole_numbers_in_range) {
    EXPECT_EQ(ct::parse_integer("42").value, 42);
    EXPECT_EQ(ct::parse_integer(" +7 ").value, 7);
    EXPECT_EQ(ct::parse_integer("-3").value, -3);
    EXPECT_EQ(ct::parse_integer("2009", 1900, 2100).value, 2009);
}

TEST(parse_integer, refuses_fractions_exponents_and_out_of_range) {
    const auto half = ct::parse_integer("2.5", 1, 10);
    EXPECT_FALSE(half);
    EXPECT_EQ(half.problem, "'2.5' is not a whole number");
    EXPECT_EQ(half.suggestion, "write a whole number from 1 to 10");
    EXPECT_FALSE(ct::parse_integer("1e3"));
    EXPECT_FALSE(ct::parse_integer("abc"));
    EXPECT_FALSE(ct::parse_integer(""));
    const auto big = ct::parse_integer("300", 1, 256);
    EXPECT_FALSE(big);
    EXPECT_EQ(big.problem, "'300' is out of range");
    EXPECT_EQ(big.suggestion, "give a whole number from 1 to 256");
    EXPECT_FALSE(ct::parse_integer("0", 1));
    EXPECT_EQ(ct::parse_integer("0", 1).suggestion, "give a whole number of at least 1");
    EXPECT_FALSE(ct::parse_integer("99999999999999999999"));  // beyond 64 bits
    EXPECT_TRUE(mentions(ct::parse_integer("5 km").suggestion, "leave out the unit"));
}

TEST(parse_bool, reads_the_usual_words_in_any_case) {
    EXPECT_EQ(ct::parse_bool("no").value, false);
    EXPECT_EQ(ct::parse_bool("Yes").value, true);
    EXPECT_EQ(ct::parse_bool("0").value, false);
    EXPECT_EQ(ct::parse_bool("1").value, true);
    EXPECT_EQ(ct::parse_bool("TRUE").value, true);
    EXPECT_EQ(ct::parse_bool(" off ").value, false);
    EXPECT_EQ(ct::parse_bool("On").value, true);
    EXPECT_EQ(ct::parse_bool("False").value, false);
}

TEST(parse_bool, refuses_anything_else) {
    const auto r = ct::parse_bool("maybe");
    EXPECT_FALSE(r);
    EXPECT_EQ(r.problem, "'maybe' is not true or false");
    EXPECT_FALSE(r.suggestion.empty());
    EXPECT_FALSE(ct::parse_bool(""));
    EXPECT_FALSE(ct::parse_bool("2"));
    EXPECT_FALSE(ct::parse_bool("y"));
    EXPECT_FALSE(ct::parse_bool("nope"));
}
