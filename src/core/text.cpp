// Text utilities: see text.h.
#include "core/text.h"

#include <cassert>

#include "core/wcwidth.h"

namespace pyshell::core {
namespace {

constexpr char32_t kZwj = 0x200D;

bool is_emoji_modifier(char32_t cp) { return cp >= 0x1F3FB && cp <= 0x1F3FF; }

// Code points that attach to the preceding one.
bool is_extender(char32_t cp) {
  return is_zero_width(cp) || is_emoji_modifier(cp);
}

}  // namespace

std::size_t prev_code_point(std::string_view s, std::size_t pos) {
  if (pos == 0) return 0;
  std::size_t p = pos - 1;
  // Back up over at most 3 continuation bytes, then check that the
  // sequence found really ends at `pos`; otherwise it is one invalid byte.
  std::size_t limit = pos >= 4 ? pos - 4 : 0;
  while (p > limit && utf8_is_continuation(static_cast<unsigned char>(s[p]))) --p;
  std::size_t len = 0;
  decode_utf8(s, p, &len);
  if (p + len == pos) return p;
  return pos - 1;
}


void append_utf8(std::string& out, char32_t cp) {
  if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) cp = kReplacementChar;
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

std::string to_utf8(char32_t cp) {
  std::string s;
  append_utf8(s, cp);
  return s;
}

char32_t decode_utf8(std::string_view s, std::size_t pos, std::size_t* len) {
  assert(pos < s.size() && "decode_utf8 needs a byte to decode");
  const auto lead = static_cast<unsigned char>(s[pos]);
  const int n = utf8_sequence_length(lead);
  if (n == 1) {
    *len = 1;
    return lead;
  }
  if (n == 0) {
    *len = 1;
    return kReplacementChar;
  }
  char32_t cp = lead & (n == 2 ? 0x1F : n == 3 ? 0x0F : 0x07);
  for (int i = 1; i < n; ++i) {
    if (pos + i >= s.size()) {
      *len = static_cast<std::size_t>(i);
      return kReplacementChar;
    }
    const auto b = static_cast<unsigned char>(s[pos + i]);
    if (i == 1 ? !utf8_second_byte_ok(lead, b) : !utf8_is_continuation(b)) {
      *len = static_cast<std::size_t>(i);
      return kReplacementChar;
    }
    cp = (cp << 6) | (b & 0x3F);
  }
  *len = static_cast<std::size_t>(n);
  return cp;
}

bool is_valid_utf8(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size()) {
    std::size_t len = 0;
    const char32_t cp = decode_utf8(s, i, &len);
    if (cp == kReplacementChar && s.compare(i, len, "\xEF\xBF\xBD") != 0) {
      return false;
    }
    i += len;
  }
  return true;
}

std::string sanitize_line(std::string_view s, bool keep_tabs) {
  std::string out;
  out.reserve(s.size());
  std::size_t i = 0;
  while (i < s.size()) {
    std::size_t len = 0;
    const char32_t cp = decode_utf8(s, i, &len);
    if (cp == '\t' && keep_tabs) {
      out += '\t';
    } else if (wcwidth(cp) >= 0) {
      if (cp != 0) append_utf8(out, cp);
    }
    i += len;
  }
  return out;
}

int display_width(std::string_view s) {
  int width = 0;
  std::size_t i = 0;
  while (i < s.size()) {
    std::size_t len = 0;
    const char32_t cp = decode_utf8(s, i, &len);
    const int w = cp == '\t' ? 1 : wcwidth(cp);
    if (w > 0) width += w;
    i += len;
  }
  return width;
}

std::size_t next_char_boundary(std::string_view s, std::size_t pos) {
  if (pos >= s.size()) return s.size();
  std::size_t len = 0;
  char32_t prev = decode_utf8(s, pos, &len);
  std::size_t p = pos + len;
  while (p < s.size()) {
    const char32_t cp = decode_utf8(s, p, &len);
    if (!is_extender(cp) && prev != kZwj) break;
    prev = cp;
    p += len;
  }
  return p;
}

std::size_t prev_char_boundary(std::string_view s, std::size_t pos) {
  if (pos == 0) return 0;
  if (pos > s.size()) pos = s.size();
  std::size_t p = prev_code_point(s, pos);
  while (p > 0) {
    std::size_t len = 0;
    const char32_t cp = decode_utf8(s, p, &len);
    const std::size_t q = prev_code_point(s, p);
    const char32_t before = decode_utf8(s, q, &len);
    if (!is_extender(cp) && before != kZwj) break;
    p = q;
  }
  return p;
}

std::string onlcr(std::string_view s) {
  std::string out;
  out.reserve(s.size() + s.size() / 16);
  char prev = '\0';
  for (char c : s) {
    if (c == '\n' && prev != '\r') out += '\r';
    out += c;
    prev = c;
  }
  return out;
}

}  // namespace pyshell::core
