// pyshell-gui's key translation (native/imgui/keys.h): the bytes must be those a terminal
// (xterm, and so xterm.js and the tty front end) sends, because the core's LineEditor is fed
// nothing else.
#include "keys.h"

#include <GLFW/glfw3.h>
#include <gtest/gtest.h>

namespace pyshell::gui {
namespace {

TEST(GuiKeys, EditingKeysSendXtermSequences) {
    EXPECT_EQ(key_bytes(GLFW_KEY_ENTER, 0), "\r");
    EXPECT_EQ(key_bytes(GLFW_KEY_KP_ENTER, 0), "\r");
    EXPECT_EQ(key_bytes(GLFW_KEY_BACKSPACE, 0), "\x7f");
    EXPECT_EQ(key_bytes(GLFW_KEY_TAB, 0), "\t");
    EXPECT_EQ(key_bytes(GLFW_KEY_ESCAPE, 0), "\x1b");
    EXPECT_EQ(key_bytes(GLFW_KEY_UP, 0), "\x1b[A");
    EXPECT_EQ(key_bytes(GLFW_KEY_DOWN, 0), "\x1b[B");
    EXPECT_EQ(key_bytes(GLFW_KEY_RIGHT, 0), "\x1b[C");
    EXPECT_EQ(key_bytes(GLFW_KEY_LEFT, 0), "\x1b[D");
    EXPECT_EQ(key_bytes(GLFW_KEY_HOME, 0), "\x1b[H");
    EXPECT_EQ(key_bytes(GLFW_KEY_END, 0), "\x1b[F");
    EXPECT_EQ(key_bytes(GLFW_KEY_DELETE, 0), "\x1b[3~");
    EXPECT_EQ(key_bytes(GLFW_KEY_PAGE_UP, 0), "\x1b[5~");
}

TEST(GuiKeys, ModifiersOnCursorKeys) {
    EXPECT_EQ(key_bytes(GLFW_KEY_LEFT, GLFW_MOD_CONTROL), "\x1b[1;5D");
    EXPECT_EQ(key_bytes(GLFW_KEY_RIGHT, GLFW_MOD_CONTROL), "\x1b[1;5C");
    EXPECT_EQ(key_bytes(GLFW_KEY_RIGHT, GLFW_MOD_ALT), "\x1b[1;3C");
    EXPECT_EQ(key_bytes(GLFW_KEY_DELETE, GLFW_MOD_SHIFT), "\x1b[3;2~");
    EXPECT_EQ(key_bytes(GLFW_KEY_BACKSPACE, GLFW_MOD_ALT), "\x1b\x7f");
    EXPECT_EQ(key_bytes(GLFW_KEY_TAB, GLFW_MOD_SHIFT), "\x1b[Z");
}

TEST(GuiKeys, ControlLettersAndPunctuation) {
    EXPECT_EQ(key_bytes(GLFW_KEY_A, GLFW_MOD_CONTROL), "\x01");
    EXPECT_EQ(key_bytes(GLFW_KEY_E, GLFW_MOD_CONTROL), "\x05");
    EXPECT_EQ(key_bytes(GLFW_KEY_K, GLFW_MOD_CONTROL), "\x0b");
    EXPECT_EQ(key_bytes(GLFW_KEY_U, GLFW_MOD_CONTROL), "\x15");
    EXPECT_EQ(key_bytes(GLFW_KEY_W, GLFW_MOD_CONTROL), "\x17");
    EXPECT_EQ(key_bytes(GLFW_KEY_R, GLFW_MOD_CONTROL), "\x12");
    EXPECT_EQ(key_bytes(GLFW_KEY_D, GLFW_MOD_CONTROL), "\x04");
    EXPECT_EQ(key_bytes(GLFW_KEY_MINUS, GLFW_MOD_CONTROL), "\x1f");
    EXPECT_EQ(key_bytes(GLFW_KEY_SPACE, GLFW_MOD_CONTROL), std::string(1, '\0'));
    EXPECT_EQ(key_bytes(GLFW_KEY_B, GLFW_MOD_CONTROL | GLFW_MOD_ALT), "\x1b\x02");
    EXPECT_EQ(key_bytes(GLFW_KEY_A, 0), "") << "plain letters come as characters";
    EXPECT_EQ(key_bytes(GLFW_KEY_LEFT_SHIFT, GLFW_MOD_SHIFT), "");
}

TEST(GuiKeys, CharactersAreUtf8AndAltIsAnEscPrefix) {
    EXPECT_EQ(char_bytes('a', 0), "a");
    EXPECT_EQ(char_bytes('A', GLFW_MOD_SHIFT), "A");
    EXPECT_EQ(char_bytes(0xE9, 0), "\xC3\xA9");              // é
    EXPECT_EQ(char_bytes(0x4F60, 0), "\xE4\xBD\xA0");        // 你
    EXPECT_EQ(char_bytes(0x1F600, 0), "\xF0\x9F\x98\x80");   // 😀, beyond 16 bits
    EXPECT_EQ(char_bytes('b', GLFW_MOD_ALT), "\x1b" "b");
    EXPECT_EQ(char_bytes('a', GLFW_MOD_CONTROL), "") << "the key event sends Ctrl-A";
    EXPECT_EQ(char_bytes(0xD800, 0), "") << "a lone surrogate is not a character";
    EXPECT_EQ(char_bytes(0x07, 0), "");
}

TEST(GuiKeys, PastesAreBracketedWithTerminalLineEndings) {
    EXPECT_EQ(paste_bytes("a\nb\r\nc", true), "\x1b[200~a\rb\rc\x1b[201~");
    EXPECT_EQ(paste_bytes("a\nb", false), "a\rb");
    EXPECT_EQ(paste_bytes("x\x1b[201~y", true), "\x1b[200~xy\x1b[201~") << "a paste cannot end itself early";
}

}  // namespace
}  // namespace pyshell::gui
