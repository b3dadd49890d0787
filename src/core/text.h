// Text utilities shared by the terminal core: UTF-8 encoding/decoding with
// U+FFFD replacement, sanitizing text for the line buffer, display widths,
// "character" (base + combining marks) boundaries, and onlcr (the tty's
// "\n" -> "\r\n" output translation) for program output.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace pyshell::core {

inline constexpr char32_t kReplacementChar = 0xFFFD;

// UTF-8 byte rules (Unicode Table 3-7), shared by the decoders here and the InputDecoder.
inline bool utf8_is_continuation(unsigned char b) { return (b & 0xC0) == 0x80; }
// Length of the sequence a lead byte starts: 1..4, or 0 (continuation byte, invalid lead).
inline int utf8_sequence_length(unsigned char lead) {
  if (lead < 0x80) return 1;
  if (lead >= 0xC2 && lead <= 0xDF) return 2;
  if (lead >= 0xE0 && lead <= 0xEF) return 3;
  if (lead >= 0xF0 && lead <= 0xF4) return 4;
  return 0;
}
// Valid range for the second byte given the lead (no overlongs, surrogates, > U+10FFFF).
inline bool utf8_second_byte_ok(unsigned char lead, unsigned char b) {
  switch (lead) {
    case 0xE0: return b >= 0xA0 && b <= 0xBF;
    case 0xED: return b >= 0x80 && b <= 0x9F;
    case 0xF0: return b >= 0x90 && b <= 0xBF;
    case 0xF4: return b >= 0x80 && b <= 0x8F;
    default: return utf8_is_continuation(b);
  }
}

// Appends the UTF-8 encoding of `cp` (invalid code points become U+FFFD).
void append_utf8(std::string& out, char32_t cp);
std::string to_utf8(char32_t cp);

// Decodes the code point starting at byte `pos`.  Invalid or truncated
// sequences decode as U+FFFD covering their maximal invalid subpart (>= 1
// byte), so repeated calls always make progress.  `*len` gets the length.
char32_t decode_utf8(std::string_view s, std::size_t pos, std::size_t* len);

bool is_valid_utf8(std::string_view s);

// Valid UTF-8 without C0/C1 control characters: invalid bytes become U+FFFD,
// controls are dropped except '\t' (kept when keep_tabs).  Everything that
// enters the line buffer goes through this.
std::string sanitize_line(std::string_view s, bool keep_tabs = true);

// Width in columns of a single-line text (controls count 0, tabs 1 each:
// only for things like completion lists, not for the wrapped editor line).
int display_width(std::string_view s);

// Byte offset of the code point ending at `pos` (pos - 1 for a stray byte).
std::size_t prev_code_point(std::string_view s, std::size_t pos);

// Byte offset just after the character starting at `pos` (a base code point
// plus following combining marks / zero-width joiners / emoji modifiers).
std::size_t next_char_boundary(std::string_view s, std::size_t pos);
// Byte offset where the character ending at `pos` starts.
std::size_t prev_char_boundary(std::string_view s, std::size_t pos);

// Translates every "\n" not already preceded by "\r" into "\r\n", as a tty
// with ONLCR does for program output written to a raw-mode terminal.
std::string onlcr(std::string_view s);

}  // namespace pyshell::core
