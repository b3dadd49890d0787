// InputDecoder: see input_decoder.h.
#include "core/input_decoder.h"

#include <cassert>
#include <optional>

#include "core/text.h"

namespace pyshell::core {
namespace {

constexpr std::size_t kMaxParams = 32;

// The cursor keys, which CSI and SS3 sequences end alike (`word`: Ctrl or Alt held).
std::optional<Key> cursor_key(unsigned char final_byte, bool word) {
  switch (final_byte) {
    case 'A': return Key::Up;
    case 'B': return Key::Down;
    case 'C': return word ? Key::WordRight : Key::Right;
    case 'D': return word ? Key::WordLeft : Key::Left;
    case 'H': return Key::Home;
    case 'F': return Key::End;
    default: return std::nullopt;
  }
}

// Numeric parameters "a;b" of a CSI/SS3 sequence (missing = `fallback`).
struct Params {
  int first = -1;
  int modifier = 1;
};

Params parse_params(const std::string& s) {
  Params p;
  int index = 0;
  int value = -1;
  auto store = [&] {
    if (index == 0) p.first = value;
    if (index == 1 && value >= 1) p.modifier = value;
  };
  for (char c : s) {
    if (c >= '0' && c <= '9') {
      if (value < 0) value = 0;
      if (value < 100000) value = value * 10 + (c - '0');
    } else if (c == ';') {
      store();
      ++index;
      value = -1;
    }
  }
  store();
  return p;
}

}  // namespace

InputDecoder::Step InputDecoder::emit(KeyEvent& out, Key key, char32_t ch,
                                      bool consumed) {
  out.key = key;
  out.ch = ch;
  out.pasted = in_paste_;
  return consumed ? Step::Event : Step::Reprocess;
}

void InputDecoder::reset() { *this = InputDecoder(); }

InputDecoder::Step InputDecoder::step(unsigned char byte, KeyEvent& out) {
  switch (state_) {
    case State::Ground:
      return ground(byte, out);

    case State::Utf8: {
      const bool ok = have_ == 1 ? utf8_second_byte_ok(lead_, byte) : utf8_is_continuation(byte);
      if (!ok) {  // maximal subpart ends here: U+FFFD, then redo this byte
        state_ = State::Ground;
        return emit(out, Key::Text, kReplacementChar, /*consumed=*/false);
      }
      cp_ = (cp_ << 6) | (byte & 0x3F);
      if (++have_ < need_) return Step::NeedMore;
      state_ = State::Ground;
      if (cp_ < 0xA0) return Step::NeedMore;  // C1 control: ignored
      return emit(out, Key::Text, cp_);
    }

    case State::Esc:
      state_ = State::Ground;
      if (byte == '[' || byte == 'O') {
        state_ = byte == '[' ? State::Csi : State::Ss3;
        params_.clear();
        params_overflow_ = false;
        return Step::NeedMore;
      }
      if (byte == 0x1B) {  // ESC ESC: the first is a lone Escape
        state_ = State::Esc;
        return in_paste_ ? Step::NeedMore : emit(out, Key::Escape);
      }
      if (in_paste_) return emit(out, Key::Ignored, 0, /*consumed=*/false);
      if (byte == 0x7F || byte == 0x08) return emit(out, Key::AltBackspace);
      if (byte >= 0x20 && byte < 0x7F) return emit(out, Key::Alt, byte);
      return emit(out, Key::Escape, 0, /*consumed=*/false);

    case State::Csi:
    case State::Ss3:
      if (byte >= 0x20 && byte <= 0x3F) {  // parameter / intermediate bytes
        if (params_.size() < kMaxParams) {
          params_ += static_cast<char>(byte);
        } else {
          params_overflow_ = true;
        }
        return Step::NeedMore;
      }
      if (byte >= 0x40 && byte <= 0x7E) {
        const bool csi = state_ == State::Csi;
        state_ = State::Ground;
        return csi ? finish_csi(byte, out) : finish_ss3(byte, out);
      }
      // Malformed: drop what we have, then handle this byte normally.
      state_ = State::Ground;
      return emit(out, Key::Ignored, 0, /*consumed=*/false);

    case State::LinuxFn:  // ESC [ [ A..E (Linux console F1-F5)
      state_ = State::Ground;
      return emit(out, Key::Ignored);
  }
  assert(false && "every decoder state is handled above");
  return Step::NeedMore;
}

InputDecoder::Step InputDecoder::ground(unsigned char byte, KeyEvent& out) {
  const bool was_cr = after_cr_;
  after_cr_ = false;
  if (byte >= 0x80) {
    const int n = utf8_sequence_length(byte);
    if (n == 0) return emit(out, Key::Text, kReplacementChar);
    lead_ = byte;
    need_ = n;
    have_ = 1;
    cp_ = byte & (n == 2 ? 0x1F : n == 3 ? 0x0F : 0x07);
    state_ = State::Utf8;
    return Step::NeedMore;
  }
  if (byte >= 0x20 && byte < 0x7F) return emit(out, Key::Text, byte);
  switch (byte) {
    case '\r':
      after_cr_ = true;
      return emit(out, Key::Enter);
    case '\n':
      return was_cr ? Step::NeedMore : emit(out, Key::Enter);
    case '\t':
      return emit(out, Key::Tab);
    case 0x1B:
      state_ = State::Esc;
      return Step::NeedMore;
    case 0x00:
      return Step::NeedMore;
    case 0x7F:
    case 0x08:
      return in_paste_ ? Step::NeedMore : emit(out, Key::Backspace);
    default:
      break;
  }
  if (in_paste_) return Step::NeedMore;  // pasted controls are dropped
  // Remaining C0 controls: 0x01..0x1A are Ctrl-A..Ctrl-Z; 0x1C..0x1F are
  // Ctrl-\ Ctrl-] Ctrl-^ Ctrl-_.
  const char32_t letter = byte <= 0x1A ? byte + 0x60 : byte + 0x40;
  return emit(out, Key::Ctrl, letter);
}

InputDecoder::Step InputDecoder::finish_csi(unsigned char final_byte,
                                            KeyEvent& out) {
  if (final_byte == '[' && params_.empty()) {
    state_ = State::LinuxFn;
    return Step::NeedMore;
  }
  if (params_overflow_) return emit(out, Key::Ignored);
  for (char c : params_) {
    // Private markers (<=>?) and intermediates: mouse reports, device
    // attribute replies, ... none of them are keys we handle.
    if (c == '<' || c == '=' || c == '>' || c == '?' ||
        (c >= 0x20 && c <= 0x2F)) {
      return emit(out, Key::Ignored);
    }
  }
  const Params p = parse_params(params_);
  const int mods = p.modifier - 1;  // xterm: 1 + (shift|alt<<1|ctrl<<2)
  const bool word = (mods & 0x6) != 0;
  if (final_byte == '~') {
    switch (p.first) {
      case 200: {  // the markers themselves are not "pasted"
        in_paste_ = false;
        const Step s = emit(out, Key::PasteBegin);
        in_paste_ = true;
        return s;
      }
      case 201:
        in_paste_ = false;
        return emit(out, Key::PasteEnd);
      default:
        break;
    }
  }
  if (in_paste_) return emit(out, Key::Ignored);
  if (const auto key = cursor_key(final_byte, word)) return emit(out, *key);
  switch (final_byte) {
    case '~':
      switch (p.first) {
        case 1:
        case 7: return emit(out, Key::Home);
        case 4:
        case 8: return emit(out, Key::End);
        case 2: return emit(out, Key::Insert);
        case 3: return emit(out, Key::Delete);
        case 5: return emit(out, Key::PageUp);
        case 6: return emit(out, Key::PageDown);
        default: return emit(out, Key::Ignored);
      }
    default:
      return emit(out, Key::Ignored);
  }
}

InputDecoder::Step InputDecoder::finish_ss3(unsigned char final_byte,
                                            KeyEvent& out) {
  if (in_paste_ || params_overflow_) return emit(out, Key::Ignored);
  // Old xterm sends ESC O 5 C for Ctrl-Right: the lone number is the
  // modifier.
  const Params p = parse_params(params_);
  const int modifier = p.modifier > 1 ? p.modifier : (p.first > 1 ? p.first : 1);
  const bool word = ((modifier - 1) & 0x6) != 0;
  if (const auto key = cursor_key(final_byte, word)) return emit(out, *key);
  switch (final_byte) {
    case 'M': return emit(out, Key::Enter);  // keypad Enter
    case 'a': return emit(out, Key::Up);     // rxvt Ctrl-arrows
    case 'b': return emit(out, Key::Down);
    case 'c': return emit(out, Key::WordRight);
    case 'd': return emit(out, Key::WordLeft);
    default: return emit(out, Key::Ignored);
  }
}

bool InputDecoder::flush(KeyEvent& out) {
  const State s = state_;
  state_ = State::Ground;
  switch (s) {
    case State::Esc:
      if (in_paste_) return false;
      emit(out, Key::Escape);
      return true;
    case State::Utf8:
      emit(out, Key::Text, kReplacementChar);
      return true;
    default:
      return false;
  }
}

}  // namespace pyshell::core
