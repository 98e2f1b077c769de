/* ident.c - the one check for ids that travel between machines (reviewer,
 * kit, pack, indicator, condition and deduction ids).
 *
 * An id is compared byte for byte: two spellings that look the same on a
 * screen (a trailing space, a right-to-left override, a decomposed accent, a
 * CJK compatibility ideograph) would be two ids to the merge and one to the
 * chair. So such ids are refused, never silently changed. Without a Unicode
 * library the NFC check is the cheap part of it: combining marks, the CJK
 * compatibility ideographs that NFC maps to their unified form, and the few
 * other singletons NFC replaces are refused; that is every non-NFC text a
 * Chinese or Latin id can hold except rare precomposed sequences. */
#include "core.h"

#include <stdio.h>
#include <string.h>

static bool is_control(uint32_t c)
{
    return c < 0x20 || (c >= 0x7F && c < 0xA0);
}

/* Characters that draw nothing: zero-width joiners and spaces, the BOM,
 * line/paragraph separators, soft hyphen, word joiner and invisible math. */
static bool is_invisible(uint32_t c)
{
    return c == 0x00AD || (c >= 0x200B && c <= 0x200D) || (c >= 0x2028 && c <= 0x2029) ||
           (c >= 0x2060 && c <= 0x2064) || c == 0xFEFF || c == 0x180E;
}

static bool is_space(uint32_t c)
{
    return c == ' ' || c == 0xA0 || c == 0x1680 || (c >= 0x2000 && c <= 0x200A) || c == 0x202F ||
           c == 0x205F || c == 0x3000;
}

static bool is_combining(uint32_t c)
{
    return (c >= 0x0300 && c <= 0x036F) || (c >= 0x0483 && c <= 0x0489) ||
           (c >= 0x1AB0 && c <= 0x1AFF) || (c >= 0x1DC0 && c <= 0x1DFF) ||
           (c >= 0x20D0 && c <= 0x20FF) || (c >= 0x302A && c <= 0x302F) ||
           (c >= 0x3099 && c <= 0x309A) || (c >= 0xFE20 && c <= 0xFE2F);
}

/* U+F900..FAFF except the twelve unified ideographs that live there. */
static bool is_cjk_compat(uint32_t c)
{
    static const uint16_t unified[] = {0xFA0E, 0xFA0F, 0xFA11, 0xFA13, 0xFA14, 0xFA1F,
                                       0xFA21, 0xFA23, 0xFA24, 0xFA27, 0xFA28, 0xFA29};
    if (c >= 0x2F800 && c <= 0x2FA1F)
        return true;
    if (c < 0xF900 || c > 0xFAFF)
        return false;
    for (size_t i = 0; i < sizeof unified / sizeof *unified; i++)
        if (c == unified[i])
            return false;
    return c <= 0xFAD9;
}

/* Other code points NFC replaces by another (singleton decompositions). */
static bool is_singleton(uint32_t c)
{
    static const uint16_t s[] = {0x0340, 0x0341, 0x0343, 0x0344, 0x0374, 0x037E, 0x0387,
                                 0x1F71, 0x1F73, 0x1F75, 0x1F77, 0x1F79, 0x1F7B, 0x1F7D,
                                 0x1FBB, 0x1FBE, 0x1FC9, 0x1FCB, 0x1FD3, 0x1FDB, 0x1FE3,
                                 0x1FEB, 0x1FEE, 0x1FEF, 0x1FF9, 0x1FFB, 0x1FFD, 0x2000,
                                 0x2001, 0x2126, 0x212A, 0x212B, 0x2329, 0x232A};
    for (size_t i = 0; i < sizeof s / sizeof *s; i++)
        if (c == s[i])
            return true;
    return false;
}

static const char *cp_problem(uint32_t c)
{
    if (is_control(c))
        return "a control character";
    if (esc_bidi_cp(c))
        return "a bidi control character";
    if (is_invisible(c))
        return "an invisible character";
    if (is_combining(c))
        return "a combining mark (not in the NFC form)";
    if (is_cjk_compat(c) || is_singleton(c))
        return "a character NFC replaces (not in the NFC form)";
    return NULL;
}

const char *text_id_problem(const char *s, char *buf, size_t size)
{
    if (!s || !*s)
        return "it is empty";
    size_t n = strlen(s);
    if (n > 1024)
        return "it is longer than 1024 bytes";
    uint32_t first = 0, c = 0;
    for (size_t i = 0; i < n;) {
        int k = utf8_decode(s + i, n - i, &c);
        if (k < 0)
            return "it is not valid UTF-8";
        if (i == 0)
            first = c;
        const char *why = cp_problem(c);
        if (why) {
            snprintf(buf, size, "it holds %s (U+%04X at byte %zu)", why, (unsigned)c, i);
            return buf;
        }
        i += (size_t)k;
    }
    if (is_space(first) || is_space(c))
        return "it starts or ends with a space";
    return NULL;
}
