// InputDecoder: turns the raw byte stream a terminal sends (typed keys,
// escape sequences, UTF-8 text, bracketed pastes) into key events, one byte
// at a time, keeping partial sequences across calls.  It never produces
// text from an escape sequence: unknown CSI/SS3 sequences are swallowed
// whole; invalid UTF-8 becomes U+FFFD; NUL is dropped.
#pragma once

#include <cstdint>
#include <string>

namespace pyshell::core {

enum class Key : std::uint8_t {
  Text,        // a printable code point in `ch`
  Enter,       // CR, LF or CRLF
  Tab,
  Backspace,   // DEL (0x7f) or BS (0x08)
  Delete,      // ESC[3~
  Left,
  Right,
  Up,
  Down,
  Home,
  End,
  WordLeft,    // Ctrl/Alt-Left
  WordRight,   // Ctrl/Alt-Right
  PageUp,
  PageDown,
  Insert,
  Ctrl,        // another C0 control: `ch` is the letter, e.g. 'a' for 0x01
  Alt,         // ESC + printable ASCII: `ch` is the character
  AltBackspace,
  Escape,      // a lone ESC (followed by ESC, a control, or flushed)
  PasteBegin,  // ESC[200~
  PasteEnd,    // ESC[201~
  Ignored,     // a recognised sequence with no meaning here (F-keys, ...)
};

struct KeyEvent {
  Key key = Key::Ignored;
  char32_t ch = 0;
  bool pasted = false;  // arrived inside a bracketed paste
};

class InputDecoder {
 public:
  enum class Step : std::uint8_t {
    NeedMore,   // byte consumed, no event yet
    Event,      // byte consumed, `out` holds an event
    Reprocess,  // `out` holds an event; the byte was NOT consumed
  };

  Step step(unsigned char byte, KeyEvent& out);

  // End of a burst with nothing more coming (timeout or end of input):
  // a pending lone ESC becomes Key::Escape, a truncated UTF-8 sequence
  // becomes U+FFFD, a truncated escape sequence is dropped.
  bool flush(KeyEvent& out);

  bool in_paste() const { return in_paste_; }
  bool idle() const { return state_ == State::Ground; }
  void reset();

 private:
  enum class State : std::uint8_t { Ground, Utf8, Esc, Csi, Ss3, LinuxFn };

  Step ground(unsigned char byte, KeyEvent& out);
  Step finish_csi(unsigned char final_byte, KeyEvent& out);
  Step finish_ss3(unsigned char final_byte, KeyEvent& out);
  Step emit(KeyEvent& out, Key key, char32_t ch = 0, bool consumed = true);

  State state_ = State::Ground;
  bool in_paste_ = false;
  bool after_cr_ = false;
  // UTF-8 accumulation.
  unsigned char lead_ = 0;
  int need_ = 0;
  int have_ = 0;
  char32_t cp_ = 0;
  // CSI / SS3 parameters (bounded; longer parameter strings are ignored).
  std::string params_;
  bool params_overflow_ = false;
};

}  // namespace pyshell::core
