#include <coopatlas/error.hpp>
#include <coopatlas/io/text_encoding.hpp>

#include "test_support.hpp"

#include <gtest/gtest.h>

namespace ci = coopatlas::io;
using ci::text_encoding;

namespace {
coopatlas::diagnostic problem(std::string_view bytes, text_encoding encoding) {
    try {
        (void)ci::decode_text(bytes, encoding, "t.csv");
    } catch (const coopatlas::input_error& e) {
        return e.diagnostics().at(0);
    }
    ADD_FAILURE() << "no exception";
    return {};
}

// "id,name\n1,Fès\n" in UTF-16, little-endian with a byte order mark
std::string utf16le_with_bom() {
    const std::u16string text = u"id,name\n1,F\u00E8s\n";
    std::string out = "\xFF\xFE";
    for (const char16_t c : text) {
        out += static_cast<char>(c & 0xFF);
        out += static_cast<char>(c >> 8);
    }
    return out;
}
} // namespace

TEST(text_encoding, names_are_read_in_any_spelling) {
    EXPECT_EQ(ci::parse_text_encoding("windows-1252"), text_encoding::windows_1252);
    EXPECT_EQ(ci::parse_text_encoding("CP1252"), text_encoding::windows_1252);
    EXPECT_EQ(ci::parse_text_encoding("latin-1"), text_encoding::latin1);
    EXPECT_EQ(ci::parse_text_encoding("ISO-8859-1"), text_encoding::latin1);
    EXPECT_EQ(ci::parse_text_encoding("utf8"), text_encoding::utf8);
    EXPECT_EQ(ci::parse_text_encoding("UTF-16"), text_encoding::utf16);
    EXPECT_FALSE(ci::parse_text_encoding("ebcdic").has_value());
    EXPECT_EQ(ci::to_string(text_encoding::windows_1252), "windows-1252");
}

TEST(text_encoding, windows_1252_and_latin1_become_utf8) {
    EXPECT_EQ(ci::decode_text("F\xE8s", text_encoding::windows_1252, "t.csv"), "Fès");
    EXPECT_EQ(ci::decode_text("F\xE8s", text_encoding::latin1, "t.csv"), "Fès");
    // 0x80 and 0x9C are the euro sign and œ in Windows-1252 only
    EXPECT_EQ(ci::decode_text("\x80 c\x9Cur", text_encoding::windows_1252, "t.csv"), "€ cœur");
    EXPECT_EQ(ci::decode_text("plain ascii", text_encoding::windows_1252, "t.csv"), "plain ascii");
}

TEST(text_encoding, a_byte_windows_1252_lacks_is_named_with_its_place) {
    const auto d = problem("id\nab\x81", text_encoding::windows_1252);
    EXPECT_EQ(d.line, 2);
    EXPECT_EQ(d.column, 3);
    EXPECT_NE(d.message.find("0x81"), std::string::npos) << d.message;
}

TEST(text_encoding, utf8_given_as_windows_1252_is_refused_rather_than_garbled) {
    const auto d = problem("id\n1,F\xC3\xA8s\n", text_encoding::windows_1252);
    EXPECT_EQ(d.line, 2);
    EXPECT_EQ(d.column, 4);
    EXPECT_NE(d.message.find("is UTF-8"), std::string::npos) << d.message;
    EXPECT_NE(d.suggestion.find("drop --encoding windows-1252"), std::string::npos);
}

TEST(text_encoding, not_utf8_names_line_column_and_the_encoding_option) {
    const auto d = problem("id,name\n1,F\xE8s\n", text_encoding::utf8);
    EXPECT_EQ(d.file, "t.csv");
    EXPECT_EQ(d.line, 2);
    EXPECT_EQ(d.column, 4);
    EXPECT_NE(d.message.find("byte 0xE8"), std::string::npos);
    EXPECT_NE(d.suggestion.find("--encoding windows-1252"), std::string::npos);
}

TEST(text_encoding, utf16_is_reported_as_utf16_never_as_latin1) {
    const std::string bytes = utf16le_with_bom();
    for (const auto enc : {text_encoding::utf8, text_encoding::windows_1252, text_encoding::latin1}) {
        const auto d = problem(bytes, enc);
        EXPECT_NE(d.message.find("UTF-16"), std::string::npos) << d.message;
        EXPECT_NE(d.message.find("FF FE"), std::string::npos) << d.message;
        EXPECT_EQ(d.message.find("Latin-1"), std::string::npos) << d.message;
        EXPECT_NE(d.suggestion.find("iconv -f UTF-16 -t UTF-8"), std::string::npos);
        EXPECT_NE(d.suggestion.find("--encoding utf-16"), std::string::npos);
    }
    // without a byte order mark, the NUL bytes give it away
    const auto d = problem(bytes.substr(2), text_encoding::utf8);
    EXPECT_NE(d.message.find("UTF-16"), std::string::npos) << d.message;
}

TEST(text_encoding, utf16_is_read_with_or_without_a_byte_order_mark) {
    const std::string le = utf16le_with_bom();
    EXPECT_EQ(ci::decode_text(le, text_encoding::utf16, "t.csv"), "id,name\n1,Fès\n");
    EXPECT_EQ(ci::decode_text(le.substr(2), text_encoding::utf16, "t.csv"), "id,name\n1,Fès\n");
    std::string be = "\xFE\xFF";
    for (std::size_t i = 2; i + 1 < le.size(); i += 2) {
        be += le[i + 1];
        be += le[i];
    }
    EXPECT_EQ(ci::decode_text(be, text_encoding::utf16, "t.csv"), "id,name\n1,Fès\n");
}

TEST(text_encoding, nul_byte_is_an_error_in_every_encoding) {
    const std::string bytes("id\nab\0c\n", 8);
    for (const auto enc : {text_encoding::utf8, text_encoding::windows_1252, text_encoding::latin1}) {
        const auto d = problem(bytes, enc);
        EXPECT_EQ(d.line, 2);
        EXPECT_EQ(d.column, 3);
        EXPECT_NE(d.message.find("NUL"), std::string::npos);
    }
}

TEST(text_encoding, a_nul_byte_is_told_as_such_not_as_utf16_nor_latin1) {
    // a NUL byte before a Latin-1 byte: the NUL byte, at its line and column
    try {
        ci::check_utf8_text(std::string("id,name\n1,F\0s,\xE8\n", 16), "t.csv");
        FAIL() << "no exception";
    } catch (const coopatlas::input_error& e) {
        const auto& d = e.diagnostics().at(0);
        EXPECT_EQ(d.message, "NUL byte in the text (is it UTF-16 or a binary file?)");
        EXPECT_EQ(d.line, 2);
        EXPECT_EQ(d.column, 4);
    }
    // a single stray NUL in a short file is no sign of UTF-16
    try {
        ci::check_utf8_text(std::string("id\n\0\n", 5), "t.csv");
        FAIL() << "no exception";
    } catch (const coopatlas::input_error& e) {
        EXPECT_EQ(e.diagnostics().at(0).message, "NUL byte in the text (is it UTF-16 or a binary file?)");
        EXPECT_EQ(e.diagnostics().at(0).line, 2);
    }
    // UTF-16 big-endian with its byte order mark, said to be windows-1252: UTF-16, with the way out
    const std::string be("\xFE\xFF\0i\0d\0\n\0x\0\n", 12);
    try {
        (void)ci::decode_text(be, text_encoding::windows_1252, "t.csv");
        FAIL() << "no exception";
    } catch (const coopatlas::input_error& e) {
        const auto& d = e.diagnostics().at(0);
        EXPECT_EQ(d.message, "file is UTF-16, not UTF-8 (it starts with the UTF-16 byte order mark FE FF)");
        EXPECT_EQ(d.suggestion.rfind("save it as UTF-8", 0), 0u) << d.suggestion;
        EXPECT_EQ(d.message.find("Latin-1"), std::string::npos);
    }
}
