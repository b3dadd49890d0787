// inspect_model: see inspect_model.h. The JSON here is a small strict reader/writer of our own
// (RFC 8259): the writer always emits valid UTF-8 with control characters escaped; the reader
// rejects malformed text, invalid UTF-8, duplicate keys and nesting deeper than kMaxDepth, and
// says where. Numbers are read and written without the C locale's help (no strtod/printf), so
// a host that called setlocale() cannot change them.
#include "core/inspect_model.h"

#include <cassert>
#include <cmath>
#include <limits>
#include <locale>
#include <sstream>
#include <utility>

#include "core/text.h"

namespace pyshell::core::inspect {
namespace {

// Deepest nesting of arrays/objects the reader accepts. A snapshot nests a few levels per
// value depth (object → array → object …); 64 leaves room for any depth the host sends.
constexpr int kMaxDepth = 64;

// ---------------------------------------------------------------------------------------
// Writer

void write_hex4(std::string& out, unsigned v) {
  static const char digits[] = "0123456789abcdef";
  out += "\\u";
  for (int shift = 12; shift >= 0; shift -= 4) out += digits[(v >> shift) & 0xF];
}

// A JSON string literal of `s`: invalid UTF-8 becomes U+FFFD, control characters, DEL and
// U+2028/U+2029 (line breaks to JavaScript) are escaped.
void write_string(std::string& out, std::string_view s) {
  out += '"';
  size_t i = 0;
  while (i < s.size()) {
    const auto b = static_cast<unsigned char>(s[i]);
    if (b < 0x80) {
      switch (b) {
        case '"': out += "\\\""; break;
        case '\\': out += "\\\\"; break;
        case '\b': out += "\\b"; break;
        case '\f': out += "\\f"; break;
        case '\n': out += "\\n"; break;
        case '\r': out += "\\r"; break;
        case '\t': out += "\\t"; break;
        default:
          if (b < 0x20 || b == 0x7F) write_hex4(out, b);
          else out += static_cast<char>(b);
      }
      ++i;
      continue;
    }
    const int len = utf8_sequence_length(b);
    bool ok = len > 1 && i + len <= s.size() &&
              utf8_second_byte_ok(b, static_cast<unsigned char>(s[i + 1]));
    for (int k = 2; ok && k < len; ++k)
      ok = utf8_is_continuation(static_cast<unsigned char>(s[i + k]));
    if (!ok) {
      append_utf8(out, kReplacementChar);
      ++i;
      continue;
    }
    // U+2028 / U+2029 are E2 80 A8 / E2 80 A9.
    if (len == 3 && b == 0xE2 && static_cast<unsigned char>(s[i + 1]) == 0x80 &&
        (static_cast<unsigned char>(s[i + 2]) == 0xA8 ||
         static_cast<unsigned char>(s[i + 2]) == 0xA9)) {
      write_hex4(out, static_cast<unsigned char>(s[i + 2]) == 0xA8 ? 0x2028 : 0x2029);
    } else {
      out.append(s.data() + i, static_cast<size_t>(len));
    }
    i += static_cast<size_t>(len);
  }
  out += '"';
}

void write_key(std::string& out, bool& first, std::string_view key) {
  if (!first) out += ',';
  first = false;
  write_string(out, key);
  out += ':';
}

void write_double(std::string& out, double v) {
  if (!std::isfinite(v)) {  // JSON has no NaN / Infinity
    out += '0';
    return;
  }
  if (v == std::floor(v) && std::fabs(v) < 9.0e15) {  // exact integers: no exponent, no ".0"
    out += std::to_string(static_cast<std::int64_t>(v));
    return;
  }
  std::ostringstream s;
  s.imbue(std::locale::classic());
  s.precision(17);
  s << v;
  out += s.str();
}

void write_value(std::string& out, const Value& v) {
  bool first = true;
  out += '{';
  write_key(out, first, "name");
  write_string(out, v.name);
  write_key(out, first, "type");
  write_string(out, v.type);
  write_key(out, first, "repr");
  write_string(out, v.repr);
  write_key(out, first, "length");
  out += std::to_string(v.length);
  write_key(out, first, "ref");
  write_string(out, v.ref);
  write_key(out, first, "expanded");
  out += v.expanded ? "true" : "false";
  write_key(out, first, "children");
  out += '[';
  for (size_t i = 0; i < v.children.size(); ++i) {
    if (i) out += ',';
    write_value(out, v.children[i]);
  }
  out += "]}";
}

// ---------------------------------------------------------------------------------------
// Reader: text → a small tree, then the tree → the structs.

struct Json {
  enum class Type { Null, Bool, Number, String, Array, Object };
  Type type = Type::Null;
  bool boolean = false;
  std::string text;  // String: the decoded UTF-8; Number: the literal as written
  std::vector<Json> items;
  std::vector<std::pair<std::string, Json>> members;

  const Json* find(std::string_view key) const {
    for (const auto& m : members)
      if (m.first == key) return &m.second;
    return nullptr;
  }
};

class Parser {
public:
  explicit Parser(std::string_view text) : s_(text) {}

  bool parse(Json& out, std::string& error) {
    skip_ws();
    if (!value(out, 0)) {
      error = error_;
      return false;
    }
    skip_ws();
    if (pos_ != s_.size()) {
      error = at("unexpected text after the JSON value");
      return false;
    }
    return true;
  }

private:
  std::string at(const std::string& what) const {
    return "malformed JSON at byte " + std::to_string(pos_) + ": " + what;
  }
  bool fail(const std::string& what) {
    if (error_.empty()) error_ = at(what);
    return false;
  }
  void skip_ws() {
    while (pos_ < s_.size() &&
           (s_[pos_] == ' ' || s_[pos_] == '\t' || s_[pos_] == '\n' || s_[pos_] == '\r'))
      ++pos_;
  }
  bool literal(std::string_view word) {
    if (s_.substr(pos_, word.size()) != word) return fail("unknown literal");
    pos_ += word.size();
    return true;
  }

  bool value(Json& out, int depth) {
    if (pos_ >= s_.size()) return fail("unexpected end of input");
    const char c = s_[pos_];
    switch (c) {
      case '{': return object(out, depth + 1);
      case '[': return array(out, depth + 1);
      case '"': out.type = Json::Type::String; return string(out.text);
      case 't': out.type = Json::Type::Bool; out.boolean = true; return literal("true");
      case 'f': out.type = Json::Type::Bool; out.boolean = false; return literal("false");
      case 'n': out.type = Json::Type::Null; return literal("null");
      default:
        if (c == '-' || (c >= '0' && c <= '9')) return number(out);
        return fail(std::string("unexpected character '") + (c >= 0x20 && c < 0x7F ? c : '?') + "'");
    }
  }

  bool object(Json& out, int depth) {
    if (depth > kMaxDepth) return fail("nested deeper than " + std::to_string(kMaxDepth) + " levels");
    out.type = Json::Type::Object;
    ++pos_;  // '{'
    skip_ws();
    if (pos_ < s_.size() && s_[pos_] == '}') {
      ++pos_;
      return true;
    }
    for (;;) {
      skip_ws();
      if (pos_ >= s_.size() || s_[pos_] != '"') return fail("expected a string key");
      std::string key;
      const size_t key_pos = pos_;
      if (!string(key)) return false;
      if (out.find(key)) {
        pos_ = key_pos;
        return fail("duplicate key \"" + key + "\"");
      }
      skip_ws();
      if (pos_ >= s_.size() || s_[pos_] != ':') return fail("expected ':'");
      ++pos_;
      skip_ws();
      out.members.emplace_back(std::move(key), Json{});
      if (!value(out.members.back().second, depth)) return false;
      skip_ws();
      if (pos_ >= s_.size()) return fail("unexpected end of input in an object");
      if (s_[pos_] == ',') {
        ++pos_;
        continue;
      }
      if (s_[pos_] == '}') {
        ++pos_;
        return true;
      }
      return fail("expected ',' or '}'");
    }
  }

  bool array(Json& out, int depth) {
    if (depth > kMaxDepth) return fail("nested deeper than " + std::to_string(kMaxDepth) + " levels");
    out.type = Json::Type::Array;
    ++pos_;  // '['
    skip_ws();
    if (pos_ < s_.size() && s_[pos_] == ']') {
      ++pos_;
      return true;
    }
    for (;;) {
      skip_ws();
      out.items.emplace_back();
      if (!value(out.items.back(), depth)) return false;
      skip_ws();
      if (pos_ >= s_.size()) return fail("unexpected end of input in an array");
      if (s_[pos_] == ',') {
        ++pos_;
        continue;
      }
      if (s_[pos_] == ']') {
        ++pos_;
        return true;
      }
      return fail("expected ',' or ']'");
    }
  }

  bool hex4(unsigned& v) {
    if (pos_ + 4 > s_.size()) return fail("truncated \\u escape");
    v = 0;
    for (int k = 0; k < 4; ++k) {
      const char h = s_[pos_ + k];
      v <<= 4;
      if (h >= '0' && h <= '9') v |= static_cast<unsigned>(h - '0');
      else if (h >= 'a' && h <= 'f') v |= static_cast<unsigned>(h - 'a' + 10);
      else if (h >= 'A' && h <= 'F') v |= static_cast<unsigned>(h - 'A' + 10);
      else return fail("bad hex digit in a \\u escape");
    }
    pos_ += 4;
    return true;
  }

  // A string literal at pos_ ('"'), decoded into out. Raw bytes must be valid UTF-8; an
  // escaped lone surrogate (valid JSON, not valid Unicode) becomes U+FFFD.
  bool string(std::string& out) {
    ++pos_;  // '"'
    for (;;) {
      if (pos_ >= s_.size()) return fail("unterminated string");
      const auto b = static_cast<unsigned char>(s_[pos_]);
      if (b == '"') {
        ++pos_;
        return true;
      }
      if (b < 0x20) return fail("unescaped control character in a string");
      if (b == '\\') {
        if (pos_ + 1 >= s_.size()) return fail("unterminated string");
        const char e = s_[pos_ + 1];
        pos_ += 2;
        switch (e) {
          case '"': out += '"'; break;
          case '\\': out += '\\'; break;
          case '/': out += '/'; break;
          case 'b': out += '\b'; break;
          case 'f': out += '\f'; break;
          case 'n': out += '\n'; break;
          case 'r': out += '\r'; break;
          case 't': out += '\t'; break;
          case 'u': {
            unsigned cp = 0;
            if (!hex4(cp)) return false;
            if (cp >= 0xD800 && cp <= 0xDBFF && s_.substr(pos_, 2) == "\\u") {
              const size_t save = pos_;
              pos_ += 2;
              unsigned lo = 0;
              if (!hex4(lo)) return false;
              if (lo >= 0xDC00 && lo <= 0xDFFF) {
                cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
              } else {
                pos_ = save;  // not a pair: the high half is alone
              }
            }
            if (cp >= 0xD800 && cp <= 0xDFFF) cp = kReplacementChar;
            append_utf8(out, static_cast<char32_t>(cp));
            break;
          }
          default:
            pos_ -= 1;
            return fail("unknown escape in a string");
        }
        continue;
      }
      if (b < 0x80) {
        out += static_cast<char>(b);
        ++pos_;
        continue;
      }
      const int len = utf8_sequence_length(b);
      bool ok = len > 1 && pos_ + len <= s_.size() &&
                utf8_second_byte_ok(b, static_cast<unsigned char>(s_[pos_ + 1]));
      for (int k = 2; ok && k < len; ++k)
        ok = utf8_is_continuation(static_cast<unsigned char>(s_[pos_ + k]));
      if (!ok) return fail("invalid UTF-8 in a string");
      out.append(s_.data() + pos_, static_cast<size_t>(len));
      pos_ += static_cast<size_t>(len);
    }
  }

  bool digits() {
    const size_t start = pos_;
    while (pos_ < s_.size() && s_[pos_] >= '0' && s_[pos_] <= '9') ++pos_;
    return pos_ > start;
  }

  bool number(Json& out) {
    const size_t start = pos_;
    if (s_[pos_] == '-') ++pos_;
    if (pos_ < s_.size() && s_[pos_] == '0') {
      ++pos_;
    } else if (!digits()) {
      return fail("expected digits");
    }
    if (pos_ < s_.size() && s_[pos_] == '.') {
      ++pos_;
      if (!digits()) return fail("expected digits after '.'");
    }
    if (pos_ < s_.size() && (s_[pos_] == 'e' || s_[pos_] == 'E')) {
      ++pos_;
      if (pos_ < s_.size() && (s_[pos_] == '+' || s_[pos_] == '-')) ++pos_;
      if (!digits()) return fail("expected digits in the exponent");
    }
    if (pos_ < s_.size() && s_[pos_] >= '0' && s_[pos_] <= '9') return fail("leading zero in a number");
    out.type = Json::Type::Number;
    out.text.assign(s_.substr(start, pos_ - start));
    return true;
  }

  std::string_view s_;
  size_t pos_ = 0;
  std::string error_;
};

// Field readers. Each takes the object, the key and a path for messages ("variables[2].ref").
// A missing key leaves the default; a key of the wrong type is an error.
class Reader {
public:
  explicit Reader(std::string* error) : error_(error) {}

  bool fail(const std::string& path, const std::string& what) {
    if (error_) *error_ = (path.empty() ? std::string() : path + ": ") + what;
    return false;
  }

  bool object(const Json& j, const std::string& path) {
    return j.type == Json::Type::Object || fail(path, "expected an object");
  }

  bool kind(const Json& j, std::string_view want) {
    if (!object(j, "")) return false;
    const Json* k = j.find("kind");
    if (!k || k->type != Json::Type::String) return fail("", "no \"kind\" in the message");
    if (k->text != want)
      return fail("", "a \"" + k->text + "\" message, not \"" + std::string(want) + "\"");
    return true;
  }

  bool str(const Json& obj, const char* key, const std::string& path, std::string& out) {
    const Json* j = obj.find(key);
    if (!j) return true;
    if (j->type != Json::Type::String) return fail(join(path, key), "expected a string");
    out = j->text;
    return true;
  }

  bool boolean(const Json& obj, const char* key, const std::string& path, bool& out) {
    const Json* j = obj.find(key);
    if (!j) return true;
    if (j->type != Json::Type::Bool) return fail(join(path, key), "expected true or false");
    out = j->boolean;
    return true;
  }

  template <typename Int>
  bool integer(const Json& obj, const char* key, const std::string& path, Int& out) {
    const Json* j = obj.find(key);
    if (!j) return true;
    if (j->type != Json::Type::Number) return fail(join(path, key), "expected an integer");
    const std::string& t = j->text;
    if (t.find_first_of(".eE") != std::string::npos)
      return fail(join(path, key), "expected an integer, got " + t);
    const bool negative = t[0] == '-';
    if (negative && !std::numeric_limits<Int>::is_signed)
      return fail(join(path, key), "expected a non-negative integer, got " + t);
    // Accumulate as a negative magnitude (covers the minimum of a signed type).
    using U = unsigned long long;
    const U limit = negative ? static_cast<U>(std::numeric_limits<Int>::max()) + 1
                             : static_cast<U>(std::numeric_limits<Int>::max());
    U magnitude = 0;
    for (size_t i = negative ? 1 : 0; i < t.size(); ++i) {
      const U d = static_cast<U>(t[i] - '0');
      if (magnitude > (limit - d) / 10) return fail(join(path, key), "integer out of range: " + t);
      magnitude = magnitude * 10 + d;
    }
    if (negative) {
      out = magnitude == 0 ? Int(0) : static_cast<Int>(-static_cast<Int>(magnitude - 1) - 1);
    } else {
      out = static_cast<Int>(magnitude);
    }
    return true;
  }

  bool real(const Json& obj, const char* key, const std::string& path, double& out) {
    const Json* j = obj.find(key);
    if (!j) return true;
    if (j->type != Json::Type::Number) return fail(join(path, key), "expected a number");
    std::istringstream s(j->text);
    s.imbue(std::locale::classic());
    double v = 0;
    s >> v;
    if (s.fail()) {  // out of double's range
      return fail(join(path, key), "number out of range: " + j->text);
    }
    out = v;
    return true;
  }

  // The array at obj[key] (nullptr and true when absent).
  bool array(const Json& obj, const char* key, const std::string& path, const Json*& out) {
    out = obj.find(key);
    if (out && out->type != Json::Type::Array) return fail(join(path, key), "expected an array");
    return true;
  }

  bool value(const Json& j, const std::string& path, Value& out) {
    if (!object(j, path)) return false;
    if (!str(j, "name", path, out.name) || !str(j, "type", path, out.type) ||
        !str(j, "repr", path, out.repr) || !integer(j, "length", path, out.length) ||
        !str(j, "ref", path, out.ref) || !boolean(j, "expanded", path, out.expanded))
      return false;
    return values(j, "children", path, out.children);
  }

  bool values(const Json& obj, const char* key, const std::string& path, std::vector<Value>& out) {
    const Json* a = nullptr;
    if (!array(obj, key, path, a)) return false;
    out.clear();
    if (!a) return true;
    out.resize(a->items.size());
    for (size_t i = 0; i < a->items.size(); ++i)
      if (!value(a->items[i], index(join(path, key), i), out[i])) return false;
    return true;
  }

  static std::string join(const std::string& path, const char* key) {
    return path.empty() ? std::string(key) : path + "." + key;
  }
  static std::string index(const std::string& path, size_t i) {
    return path + "[" + std::to_string(i) + "]";
  }

private:
  std::string* error_;
};

bool parse(std::string_view json, Json& out, std::string* error) {
  std::string message;
  if (Parser(json).parse(out, message)) return true;
  if (error) *error = message;
  return false;
}

const char* op_name(Request::Op op) {
  switch (op) {
    case Request::Op::Snapshot: return "snapshot";
    case Request::Op::Children: return "children";
    case Request::Op::Preview: return "preview";
    case Request::Op::Delete: return "delete";
    case Request::Op::Download: return "download";
  }
  assert(false && "every Request::Op has a name");
  return "snapshot";
}

}  // namespace

// -----------------------------------------------------------------------------------------
// to_json

std::string to_json(const Snapshot& snapshot) {
  std::string out;
  bool first = true;
  out += '{';
  write_key(out, first, "kind");
  write_string(out, "snapshot");
  write_key(out, first, "seq");
  out += std::to_string(snapshot.seq);
  write_key(out, first, "home");
  write_string(out, snapshot.home);
  write_key(out, first, "variables");
  out += '[';
  for (size_t i = 0; i < snapshot.variables.size(); ++i) {
    if (i) out += ',';
    write_value(out, snapshot.variables[i]);
  }
  out += ']';
  write_key(out, first, "files");
  out += '[';
  for (size_t i = 0; i < snapshot.files.size(); ++i) {
    const FileInfo& f = snapshot.files[i];
    if (i) out += ',';
    bool ffirst = true;
    out += '{';
    write_key(out, ffirst, "path");
    write_string(out, f.path);
    write_key(out, ffirst, "size");
    out += std::to_string(f.size);
    write_key(out, ffirst, "mtime");
    write_double(out, f.mtime);
    write_key(out, ffirst, "is_dir");
    out += f.is_dir ? "true" : "false";
    out += '}';
  }
  out += ']';
  write_key(out, first, "history");
  out += '[';
  for (size_t i = 0; i < snapshot.history.size(); ++i) {
    if (i) out += ',';
    write_string(out, snapshot.history[i]);
  }
  out += ']';
  write_key(out, first, "truncated");
  out += snapshot.truncated ? "true" : "false";
  if (!snapshot.error.empty()) {
    write_key(out, first, "error");
    write_string(out, snapshot.error);
  }
  out += '}';
  return out;
}

std::string to_json(const Children& children) {
  std::string out;
  bool first = true;
  out += '{';
  write_key(out, first, "kind");
  write_string(out, "children");
  write_key(out, first, "ref");
  write_string(out, children.ref);
  write_key(out, first, "children");
  out += '[';
  for (size_t i = 0; i < children.children.size(); ++i) {
    if (i) out += ',';
    write_value(out, children.children[i]);
  }
  out += ']';
  write_key(out, first, "error");
  write_string(out, children.error);
  out += '}';
  return out;
}

std::string to_json(const Preview& preview) {
  std::string out;
  bool first = true;
  out += '{';
  write_key(out, first, "kind");
  write_string(out, "preview");
  write_key(out, first, "path");
  write_string(out, preview.path);
  write_key(out, first, "text");
  write_string(out, preview.text);
  write_key(out, first, "binary");
  out += preview.binary ? "true" : "false";
  write_key(out, first, "truncated");
  out += preview.truncated ? "true" : "false";
  write_key(out, first, "error");
  write_string(out, preview.error);
  out += '}';
  return out;
}

std::string to_json(const Request& request) {
  std::string out;
  bool first = true;
  out += '{';
  write_key(out, first, "kind");
  write_string(out, "request");
  write_key(out, first, "op");
  write_string(out, op_name(request.op));
  if (request.op == Request::Op::Children) {
    write_key(out, first, "ref");
    write_string(out, request.arg);
  } else if (request.op != Request::Op::Snapshot) {
    write_key(out, first, "path");
    write_string(out, request.arg);
  }
  out += '}';
  return out;
}

std::string to_json(const Error& error) {
  std::string out;
  bool first = true;
  out += '{';
  write_key(out, first, "kind");
  write_string(out, "error");
  write_key(out, first, "error");
  write_string(out, error.error);
  out += '}';
  return out;
}

// -----------------------------------------------------------------------------------------
// from_json

bool from_json(std::string_view json, Snapshot& out, std::string* error) {
  Json j;
  if (!parse(json, j, error)) return false;
  Reader r(error);
  if (!r.kind(j, "snapshot")) return false;
  out = Snapshot{};
  if (!r.integer(j, "seq", "", out.seq) || !r.str(j, "home", "", out.home) ||
      !r.values(j, "variables", "", out.variables) ||
      !r.boolean(j, "truncated", "", out.truncated) || !r.str(j, "error", "", out.error))
    return false;
  const Json* files = nullptr;
  if (!r.array(j, "files", "", files)) return false;
  if (files) {
    out.files.resize(files->items.size());
    for (size_t i = 0; i < files->items.size(); ++i) {
      const Json& f = files->items[i];
      const std::string path = Reader::index("files", i);
      FileInfo& info = out.files[i];
      if (!r.object(f, path) || !r.str(f, "path", path, info.path) ||
          !r.integer(f, "size", path, info.size) || !r.real(f, "mtime", path, info.mtime) ||
          !r.boolean(f, "is_dir", path, info.is_dir))
        return false;
    }
  }
  const Json* history = nullptr;
  if (!r.array(j, "history", "", history)) return false;
  if (history) {
    out.history.reserve(history->items.size());
    for (size_t i = 0; i < history->items.size(); ++i) {
      const Json& h = history->items[i];
      if (h.type != Json::Type::String) return r.fail(Reader::index("history", i), "expected a string");
      out.history.push_back(h.text);
    }
  }
  return true;
}

bool from_json(std::string_view json, Children& out, std::string* error) {
  Json j;
  if (!parse(json, j, error)) return false;
  Reader r(error);
  if (!r.kind(j, "children")) return false;
  out = Children{};
  return r.str(j, "ref", "", out.ref) && r.values(j, "children", "", out.children) &&
         r.str(j, "error", "", out.error);
}

bool from_json(std::string_view json, Preview& out, std::string* error) {
  Json j;
  if (!parse(json, j, error)) return false;
  Reader r(error);
  if (!r.kind(j, "preview")) return false;
  out = Preview{};
  return r.str(j, "path", "", out.path) && r.str(j, "text", "", out.text) &&
         r.boolean(j, "binary", "", out.binary) && r.boolean(j, "truncated", "", out.truncated) &&
         r.str(j, "error", "", out.error);
}

bool from_json(std::string_view json, Request& out, std::string* error) {
  Json j;
  if (!parse(json, j, error)) return false;
  Reader r(error);
  if (!r.kind(j, "request")) return false;
  out = Request{};
  const Json* op = j.find("op");
  if (!op || op->type != Json::Type::String) return r.fail("op", "expected a string");
  static const std::pair<const char*, Request::Op> kOps[] = {
      {"snapshot", Request::Op::Snapshot}, {"children", Request::Op::Children},
      {"preview", Request::Op::Preview},   {"delete", Request::Op::Delete},
      {"download", Request::Op::Download},
  };
  bool known = false;
  for (const auto& [name, value] : kOps) {
    if (op->text == name) {
      out.op = value;
      known = true;
    }
  }
  if (!known) return r.fail("op", "unknown op \"" + op->text + "\"");
  if (out.op == Request::Op::Snapshot) return true;
  const char* key = out.op == Request::Op::Children ? "ref" : "path";
  const Json* arg = j.find(key);
  if (!arg || arg->type != Json::Type::String)
    return r.fail(key, std::string("op ") + op->text + " needs a string \"" + key + "\"");
  out.arg = arg->text;
  return true;
}

bool from_json(std::string_view json, Error& out, std::string* error) {
  Json j;
  if (!parse(json, j, error)) return false;
  Reader r(error);
  if (!r.kind(j, "error")) return false;
  out = Error{};
  return r.str(j, "error", "", out.error);
}

std::string kind_of(std::string_view json) {
  Json j;
  if (!parse(json, j, nullptr) || j.type != Json::Type::Object) return "";
  const Json* k = j.find("kind");
  return k && k->type == Json::Type::String ? k->text : "";
}

}  // namespace pyshell::core::inspect
