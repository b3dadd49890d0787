// Tests for text.h (UTF-8, sanitizing, character boundaries, onlcr) and
// wcwidth.h.
#include <gtest/gtest.h>

#include "core/text.h"
#include "core/wcwidth.h"

namespace pyshell::core {
namespace {

TEST(Wcwidth, AsciiIsOneColumnControlsAreMinusOne) {
  EXPECT_EQ(wcwidth(U'a'), 1);
  EXPECT_EQ(wcwidth(U' '), 1);
  EXPECT_EQ(wcwidth(U'~'), 1);
  EXPECT_EQ(wcwidth(0), 0);
  EXPECT_EQ(wcwidth(0x07), -1);
  EXPECT_EQ(wcwidth(0x1B), -1);
  EXPECT_EQ(wcwidth(0x7F), -1);
  EXPECT_EQ(wcwidth(0x85), -1);
  EXPECT_EQ(wcwidth(0xA0), 1);
  EXPECT_EQ(wcwidth(0xE9), 1);  // é
}

TEST(Wcwidth, WideCharacters) {
  EXPECT_EQ(wcwidth(0x4F60), 2);   // 你
  EXPECT_EQ(wcwidth(0x597D), 2);   // 好
  EXPECT_EQ(wcwidth(0x3042), 2);   // あ
  EXPECT_EQ(wcwidth(0xAC00), 2);   // 가
  EXPECT_EQ(wcwidth(0xFF21), 2);   // Ａ fullwidth
  EXPECT_EQ(wcwidth(0x1F600), 2);  // 😀
  EXPECT_EQ(wcwidth(0x1F40D), 2);  // 🐍
  EXPECT_EQ(wcwidth(0x20000), 2);  // CJK extension B
  EXPECT_EQ(wcwidth(0x3FFFD), 2);  // CJK plane 3
  EXPECT_EQ(wcwidth(0xFF61), 1);   // halfwidth katakana punctuation
  EXPECT_EQ(wcwidth(0x263A), 1);   // ☺ text presentation
}

TEST(Wcwidth, ZeroWidthCharacters) {
  EXPECT_EQ(wcwidth(0x0301), 0);  // combining acute
  EXPECT_EQ(wcwidth(0x200B), 0);  // zero width space
  EXPECT_EQ(wcwidth(0x200D), 0);  // ZWJ
  EXPECT_EQ(wcwidth(0xFE0F), 0);  // VS16
  EXPECT_EQ(wcwidth(0x1160), 0);  // Hangul medial vowel
  EXPECT_EQ(wcwidth(0x00AD), 1);  // soft hyphen: 1 by convention
  EXPECT_EQ(wcwidth(0x3099), 0);  // combining kana voiced mark (wide block)
  EXPECT_TRUE(is_zero_width(0x0301));
  EXPECT_FALSE(is_zero_width(U'a'));
  EXPECT_FALSE(is_zero_width(0));
}

TEST(Utf8, EncodeAllLengths) {
  EXPECT_EQ(to_utf8(U'A'), "A");
  EXPECT_EQ(to_utf8(0xE9), "\xC3\xA9");
  EXPECT_EQ(to_utf8(0x4F60), "\xE4\xBD\xA0");
  EXPECT_EQ(to_utf8(0x1F600), "\xF0\x9F\x98\x80");
  EXPECT_EQ(to_utf8(0xD800), "\xEF\xBF\xBD");    // surrogate
  EXPECT_EQ(to_utf8(0x110000), "\xEF\xBF\xBD");  // out of range
}

TEST(Utf8, DecodeValidAndInvalid) {
  std::size_t len = 0;
  EXPECT_EQ(decode_utf8("\xE4\xBD\xA0", 0, &len), 0x4F60U);
  EXPECT_EQ(len, 3U);
  EXPECT_EQ(decode_utf8("\xC0\xAF", 0, &len), kReplacementChar);  // overlong
  EXPECT_EQ(len, 1U);
  EXPECT_EQ(decode_utf8("\xE4\xBD", 0, &len), kReplacementChar);  // truncated
  EXPECT_EQ(len, 2U);
  EXPECT_EQ(decode_utf8("\xED\xA0\x80", 0, &len), kReplacementChar);  // surrogate
  EXPECT_EQ(len, 1U);
  EXPECT_EQ(decode_utf8("\xF4\x90\x80\x80", 0, &len), kReplacementChar);
  EXPECT_EQ(len, 1U);
  EXPECT_EQ(decode_utf8("\x80", 0, &len), kReplacementChar);
  EXPECT_EQ(len, 1U);
}

TEST(Utf8, Validity) {
  EXPECT_TRUE(is_valid_utf8("abc \xE4\xBD\xA0\xF0\x9F\x98\x80"));
  EXPECT_TRUE(is_valid_utf8("\xEF\xBF\xBD"));
  EXPECT_FALSE(is_valid_utf8("a\xFF"));
  EXPECT_FALSE(is_valid_utf8("\xE4\xBD"));
}

TEST(Utf8, SanitizeReplacesInvalidAndDropsControls) {
  EXPECT_EQ(sanitize_line("a\xFF" "b"), "a\xEF\xBF\xBD" "b");
  EXPECT_EQ(sanitize_line(std::string("a\0b\x1b[c\x07", 8)), "ab[c");
  EXPECT_EQ(sanitize_line("a\tb"), "a\tb");
  EXPECT_EQ(sanitize_line("a\tb", /*keep_tabs=*/false), "ab");
  EXPECT_EQ(sanitize_line("x\xC2\x85y"), "xy");  // C1 control NEL
  EXPECT_EQ(sanitize_line("\xE4\xBD"), "\xEF\xBF\xBD");
}

TEST(Utf8, DisplayWidth) {
  EXPECT_EQ(display_width("abc"), 3);
  EXPECT_EQ(display_width("\xE4\xBD\xA0\xE5\xA5\xBD"), 4);  // 你好
  EXPECT_EQ(display_width("e\xCC\x81"), 1);                 // e + acute
}

TEST(CharBoundaries, CombiningMarksStayWithTheirBase) {
  const std::string s = "ae\xCC\x81\xCC\x82" "b";  // a, e + 2 marks, b
  EXPECT_EQ(next_char_boundary(s, 0), 1U);
  EXPECT_EQ(next_char_boundary(s, 1), 6U);
  EXPECT_EQ(next_char_boundary(s, 6), 7U);
  EXPECT_EQ(prev_char_boundary(s, 7), 6U);
  EXPECT_EQ(prev_char_boundary(s, 6), 1U);
  EXPECT_EQ(prev_char_boundary(s, 1), 0U);
  EXPECT_EQ(prev_char_boundary(s, 0), 0U);
}

TEST(CharBoundaries, EmojiZwjSequenceAndSkinTone) {
  // 👨‍👩 (man ZWJ woman), then 👍🏽 (thumbs up + skin tone), then x.
  const std::string family = "\xF0\x9F\x91\xA8\xE2\x80\x8D\xF0\x9F\x91\xA9";
  const std::string thumbs = "\xF0\x9F\x91\x8D\xF0\x9F\x8F\xBD";
  const std::string s = family + thumbs + "x";
  EXPECT_EQ(next_char_boundary(s, 0), family.size());
  EXPECT_EQ(next_char_boundary(s, family.size()), family.size() + thumbs.size());
  EXPECT_EQ(prev_char_boundary(s, s.size() - 1), family.size());
  EXPECT_EQ(prev_char_boundary(s, family.size()), 0U);
}

TEST(CharBoundaries, PrevCodePoint) {
  const std::string s = "a\xE4\xBD\xA0";
  EXPECT_EQ(prev_code_point(s, 4), 1U);
  EXPECT_EQ(prev_code_point(s, 1), 0U);
  EXPECT_EQ(prev_code_point("a\x80", 2), 1U);  // stray continuation byte
}

TEST(Onlcr, TranslatesLoneNewlines) {
  EXPECT_EQ(onlcr("a\nb\r\nc\n"), "a\r\nb\r\nc\r\n");
  EXPECT_EQ(onlcr(""), "");
  EXPECT_EQ(onlcr("\n\n"), "\r\n\r\n");
  EXPECT_EQ(onlcr("no newline"), "no newline");
}

}  // namespace
}  // namespace pyshell::core
