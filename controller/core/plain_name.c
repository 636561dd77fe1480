#include "plain_name.h"

#include <stdio.h>
#include <string.h>

static const char PLAIN[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-";
static const char RULE[] = "letters, digits, '_' and '-', 1 to 64 bytes";

_Static_assert(TPR_NAME_MAX == 64, "RULE states the limit");

bool tpr_name_valid(const char *s)
{
    size_t n = strspn(s, PLAIN);
    return n > 0 && n <= TPR_NAME_MAX && s[n] == '\0';
}

/* name for a message: at most 40 bytes, anything but printable ASCII as \xNN. */
static void printable(const char *name, char *out, size_t outlen)
{
    size_t o = 0;
    for (size_t i = 0; name[i] && i < 40 && o + 5 < outlen; i++) {
        unsigned char c = (unsigned char)name[i];
        if (c >= 0x20 && c < 0x7f)
            out[o++] = (char)c;
        else
            o += (size_t)snprintf(out + o, outlen - o, "\\x%02x", c);
    }
    snprintf(out + o, outlen - o, "%s", strlen(name) > 40 ? "..." : "");
}

int tpr_name_check(const char *name, char *why, size_t whylen)
{
    if (tpr_name_valid(name))
        return 0;
    char shown[4 * 40 + 4];
    printable(name, shown, sizeof(shown));
    size_t n = strspn(name, PLAIN);
    unsigned char c = (unsigned char)name[n];
    if (n == 0 && c == '\0')
        snprintf(why, whylen, "the name is empty (%s)", RULE);
    else if (c == '\0')
        snprintf(why, whylen, "'%s' is %zu bytes long (%s)", shown, n, RULE);
    else if (c >= 0x20 && c < 0x7f)
        snprintf(why, whylen, "'%s' has '%c' at byte %zu (%s)", shown, c, n + 1, RULE);
    else
        snprintf(why, whylen, "'%s' has byte 0x%02x at byte %zu (%s)", shown, c, n + 1, RULE);
    return -1;
}
