// Tests for InputDecoder: bytes -> key events.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/input_decoder.h"

namespace pyshell::core {
namespace {

std::vector<KeyEvent> decode(InputDecoder& d, std::string_view bytes) {
  std::vector<KeyEvent> out;
  std::size_t i = 0;
  while (i < bytes.size()) {
    KeyEvent ev;
    const auto step = d.step(static_cast<unsigned char>(bytes[i]), ev);
    if (step != InputDecoder::Step::Reprocess) ++i;
    if (step != InputDecoder::Step::NeedMore && ev.key != Key::Ignored) {
      out.push_back(ev);
    }
  }
  return out;
}

std::vector<KeyEvent> decode(std::string_view bytes) {
  InputDecoder d;
  return decode(d, bytes);
}

// Compact description for assertions: "T:a" text, "K:n" key code, etc.
std::string describe(const std::vector<KeyEvent>& evs) {
  std::string s;
  for (const KeyEvent& e : evs) {
    if (!s.empty()) s += ' ';
    if (e.pasted) s += 'p';
    switch (e.key) {
      case Key::Text:
        s += "T" + std::to_string(static_cast<unsigned long>(e.ch));
        break;
      case Key::Ctrl: s += "C-"; s += static_cast<char>(e.ch); break;
      case Key::Alt: s += "M-"; s += static_cast<char>(e.ch); break;
      default: s += "K" + std::to_string(static_cast<int>(e.key)); break;
    }
  }
  return s;
}

std::string k(Key key) { return "K" + std::to_string(static_cast<int>(key)); }

TEST(InputDecoder, PrintableAndUtf8) {
  EXPECT_EQ(describe(decode("a\xC3\xA9\xE4\xBD\xA0\xF0\x9F\x98\x80")),
            "T97 T233 T20320 T128512");
}

TEST(InputDecoder, Utf8SplitAcrossCallsWaits) {
  InputDecoder d;
  EXPECT_TRUE(decode(d, "\xE4\xBD").empty());
  EXPECT_FALSE(d.idle());
  EXPECT_EQ(describe(decode(d, "\xA0")), "T20320");
}

TEST(InputDecoder, InvalidUtf8BecomesReplacementCharacter) {
  // stray continuation, bad lead, truncated sequence followed by ASCII
  EXPECT_EQ(describe(decode("\x80\xFF\xE4\xBD" "a")), "T65533 T65533 T65533 T97");
  EXPECT_EQ(describe(decode("\xED\xA0\x80")), "T65533 T65533 T65533");
}

TEST(InputDecoder, C1ControlsAndNulAreDropped) {
  EXPECT_EQ(describe(decode(std::string("a\0b\xC2\x9B" "c", 6))), "T97 T98 T99");
}

TEST(InputDecoder, EnterVariantsAndCrLfFolding) {
  EXPECT_EQ(describe(decode("\r")), k(Key::Enter));
  EXPECT_EQ(describe(decode("\n")), k(Key::Enter));
  EXPECT_EQ(describe(decode("\r\n")), k(Key::Enter));
  EXPECT_EQ(describe(decode("\r\r")), k(Key::Enter) + " " + k(Key::Enter));
  EXPECT_EQ(describe(decode("\n\n")), k(Key::Enter) + " " + k(Key::Enter));
  InputDecoder d;  // CR and LF in separate chunks still fold
  EXPECT_EQ(describe(decode(d, "\r")), k(Key::Enter));
  EXPECT_EQ(describe(decode(d, "\n")), "");
}

TEST(InputDecoder, ControlKeys) {
  EXPECT_EQ(describe(decode("\x01\x05\x12\x1f")), "C-a C-e C-r C-_");
  EXPECT_EQ(describe(decode("\t\x7f\x08")),
            k(Key::Tab) + " " + k(Key::Backspace) + " " + k(Key::Backspace));
}

TEST(InputDecoder, CursorKeysCsiAndSs3) {
  EXPECT_EQ(describe(decode("\x1b[A\x1b[B\x1b[C\x1b[D")),
            k(Key::Up) + " " + k(Key::Down) + " " + k(Key::Right) + " " + k(Key::Left));
  EXPECT_EQ(describe(decode("\x1bOA\x1bOB\x1bOC\x1bOD")),
            k(Key::Up) + " " + k(Key::Down) + " " + k(Key::Right) + " " + k(Key::Left));
}

TEST(InputDecoder, HomeEndVariants) {
  const std::string home = k(Key::Home);
  const std::string end = k(Key::End);
  EXPECT_EQ(describe(decode("\x1b[H\x1b[1~\x1b[7~\x1bOH")),
            home + " " + home + " " + home + " " + home);
  EXPECT_EQ(describe(decode("\x1b[F\x1b[4~\x1b[8~\x1bOF")),
            end + " " + end + " " + end + " " + end);
}

TEST(InputDecoder, WordMovesWithModifiers) {
  EXPECT_EQ(describe(decode("\x1b[1;5C\x1b[1;5D\x1b[1;3C\x1bOc\x1bOd")),
            k(Key::WordRight) + " " + k(Key::WordLeft) + " " + k(Key::WordRight) +
                " " + k(Key::WordRight) + " " + k(Key::WordLeft));
  EXPECT_EQ(describe(decode("\x1b[1;2C")), k(Key::Right));  // Shift: plain
}

TEST(InputDecoder, DeleteInsertPages) {
  EXPECT_EQ(describe(decode("\x1b[3~\x1b[2~\x1b[5~\x1b[6~")),
            k(Key::Delete) + " " + k(Key::Insert) + " " + k(Key::PageUp) + " " +
                k(Key::PageDown));
}

TEST(InputDecoder, AltKeys) {
  EXPECT_EQ(describe(decode("\x1b" "b\x1b" "f\x1b" "d\x1b<")), "M-b M-f M-d M-<");
  EXPECT_EQ(describe(decode("\x1b\x7f")), k(Key::AltBackspace));
}

TEST(InputDecoder, UnknownSequencesAreSwallowedWhole) {
  EXPECT_EQ(describe(decode("\x1b[15~x")), "T120");         // F5
  EXPECT_EQ(describe(decode("\x1b[1;2P" "y")), "T121");     // Shift-F1
  EXPECT_EQ(describe(decode("\x1b[<0;12;5M" "z")), "T122"); // SGR mouse
  EXPECT_EQ(describe(decode("\x1b[?1;2c")), "");            // DA reply
  EXPECT_EQ(describe(decode("\x1b[12;40R")), "");           // cursor report
  EXPECT_EQ(describe(decode("\x1b[[A" "q")), "T113");       // Linux F1
  EXPECT_EQ(describe(decode("\x1bOP")), "");                // F1
  EXPECT_EQ(describe(decode("\x1b[Z")), "");                // Shift-Tab
}

TEST(InputDecoder, OverlongParametersAreDropped) {
  std::string seq = "\x1b[" + std::string(1000, '1') + "~ok";
  EXPECT_EQ(describe(decode(seq)), "T111 T107");
}

TEST(InputDecoder, MalformedSequenceReprocessesTheBreakingByte) {
  // ESC [ 1 then a control byte: the sequence is dropped, Ctrl-A handled.
  EXPECT_EQ(describe(decode("\x1b[1\x01")), "C-a");
  EXPECT_EQ(describe(decode("\x1b[1\x1b[D")), k(Key::Left));
}

TEST(InputDecoder, LoneEscapeWaitsThenResolves) {
  InputDecoder d;
  EXPECT_TRUE(decode(d, "\x1b").empty());
  EXPECT_FALSE(d.idle());
  EXPECT_EQ(describe(decode(d, "[D")), k(Key::Left));

  InputDecoder d2;
  decode(d2, "\x1b");
  EXPECT_EQ(describe(decode(d2, "b")), "M-b");

  InputDecoder d3;
  decode(d3, "\x1b");
  KeyEvent ev;
  ASSERT_TRUE(d3.flush(ev));
  EXPECT_EQ(ev.key, Key::Escape);
  EXPECT_TRUE(d3.idle());
  EXPECT_FALSE(d3.flush(ev));
}

TEST(InputDecoder, EscapeFollowedByEscapeOrControl) {
  EXPECT_EQ(describe(decode("\x1b\x1b[D")), k(Key::Escape) + " " + k(Key::Left));
  EXPECT_EQ(describe(decode("\x1b\x01")), k(Key::Escape) + " C-a");
  EXPECT_EQ(describe(decode("\x1b\xC3\xA9")), k(Key::Escape) + " T233");
}

TEST(InputDecoder, BracketedPasteMarksEventsAndTakesTextLiterally) {
  InputDecoder d;
  const auto evs = decode(d, "\x1b[200~a\tb\r\n\x01\x7f\x1b[D\x1b" "c\x1b[201~x");
  EXPECT_EQ(describe(evs), k(Key::PasteBegin) + " pT97 p" + k(Key::Tab) + " pT98 p" +
                               k(Key::Enter) + " pT99 " + k(Key::PasteEnd) + " T120");
  EXPECT_FALSE(d.in_paste());
}

TEST(InputDecoder, PasteModeSurvivesAcrossCalls) {
  InputDecoder d;
  decode(d, "\x1b[200~ab");
  EXPECT_TRUE(d.in_paste());
  EXPECT_EQ(describe(decode(d, "c\x1b[20")), "pT99");
  EXPECT_EQ(describe(decode(d, "1~d")), k(Key::PasteEnd) + " T100");
}

TEST(InputDecoder, ResetForgetsPartialState) {
  InputDecoder d;
  decode(d, "\x1b[200~\x1b[1");
  d.reset();
  EXPECT_TRUE(d.idle());
  EXPECT_FALSE(d.in_paste());
  EXPECT_EQ(describe(decode(d, "a")), "T97");
}

}  // namespace
}  // namespace pyshell::core
