/* Free text: control bytes found in input, and stored text escaped for a
 * terminal (control bytes, C1 controls, bytes that are not UTF-8). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "config_test.h"
#include "text.h"

static void expect_escaped(const char *in, const char *want)
{
    char out[128];
    size_t need = tpr_text_escape(out, sizeof(out), in);
    if (strcmp(out, want) != 0)
        fail_msg("'%s' escaped as '%s', expected '%s'", in, out, want);
    assert_int_equal(need, strlen(want));
}

static void terminal_text_is_escaped(void **state)
{
    (void)state;
    expect_escaped("alice", "alice");
    expect_escaped("Zo\xc3\xab \xe2\x82\xac \xf0\x9f\x98\x80",
                   "Zo\xc3\xab \xe2\x82\xac \xf0\x9f\x98\x80");
    expect_escaped("a\x1b[2Jb", "a\\x1b[2Jb");
    expect_escaped("x\ny\tz\x7f", "x\\x0ay\\x09z\\x7f");
    /* C1 controls (CSI is U+009B) and bytes that are not well-formed UTF-8:
     * a stray continuation, an overlong '/', a surrogate, a cut sequence. */
    expect_escaped("\xc2\x9b"
                   "31m",
                   "\\xc2\\x9b31m");
    expect_escaped("\x80\xc0\xaf\xed\xa0\x80\xe2\x82", "\\x80\\xc0\\xaf\\xed\\xa0\\x80\\xe2\\x82");
    expect_escaped("\xc2\xa0ok", "\xc2\xa0ok"); /* U+00A0 is text */
}

static void escape_is_cut_between_pieces(void **state)
{
    (void)state;
    char out[8];
    /* "abcd" fits; the escape of ESC (4 more bytes) does not and is left out. */
    assert_int_equal(tpr_text_escape(out, sizeof(out), "abcd\x1b"), 8);
    assert_string_equal(out, "abcd");
    assert_int_equal(tpr_text_escape(NULL, 0, "\x1b\x1b"), 8);
}

static void control_bytes_in_input_are_found(void **state)
{
    (void)state;
    static const char ok[] = "a = 1\r\n\tb = 2\n";
    assert_int_equal(tpr_text_find_control(ok, strlen(ok)), strlen(ok));
    assert_int_equal(tpr_text_find_control("a\rb\n", 4), 1);
    assert_int_equal(tpr_text_find_control("ab\r", 3), 2); /* CR at the very end */
    assert_int_equal(tpr_text_find_control("a\0b", 3), 1);
    char err[128];
    assert_int_equal(tpr_text_check("f.ini", "one\ntwo\n  \x1b", 11, err, sizeof(err)), -1);
    assert_contains(err, "f.ini:3: control byte 0x1b at column 3");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(terminal_text_is_escaped),
        cmocka_unit_test(escape_is_cut_between_pieces),
        cmocka_unit_test(control_bytes_in_input_are_found),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
