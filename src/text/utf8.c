/*
 * utf8.c - the gate of the text stage: strict UTF-8 validation of an article (so later
 * stages may assume well-formed text), plus the code point decoding and character
 * classes that the sentence splitter and the tokenizer share.
 */
#include "text/text.h"

#include <string.h>
#include <utf8proc.h>

#define ONES  0x0101010101010101ull
#define HIGHS 0x8080808080808080ull

/* 1-based line and byte column of offset `off`; only run on the error path. */
static void line_col(const unsigned char *s, size_t off, uint32_t *line, uint32_t *col)
{
    size_t bol = 0;
    uint32_t n = 1;
    for (size_t i = 0; i < off; i++) {
        if (s[i] == '\n') {
            n++;
            bol = i + 1;
        }
    }
    *line = n;
    *col = (uint32_t)(off - bol + 1);
}

static dyad_status bad(dyad_error *err, const unsigned char *s, size_t off, const char *what)
{
    uint32_t line, col;
    line_col(s, off, &line, &col);
    return dy_fail_at(err, DYAD_SYNTAX, NULL, line, col, off, "invalid UTF-8: %s (byte 0x%02x)",
                      what, s[off]);
}

/* Validates the sequence led by s[i] >= 0x80 (Unicode table 3-7) and returns its length,
 * or 0 with *what set to the reason. */
static size_t check_seq(const unsigned char *s, size_t len, size_t i, const char **what)
{
    unsigned char c = s[i];
    size_t n;
    unsigned char lo = 0x80, hi = 0xbf; /* allowed range of the second byte */
    if (c < 0xc0) {
        *what = "unexpected continuation byte";
        return 0;
    }
    if (c < 0xc2) {
        *what = "overlong encoding";
        return 0;
    }
    if (c < 0xe0) {
        n = 2;
    } else if (c < 0xf0) {
        n = 3;
        if (c == 0xe0)
            lo = 0xa0;
        else if (c == 0xed)
            hi = 0x9f;
    } else if (c < 0xf5) {
        n = 4;
        if (c == 0xf0)
            lo = 0x90;
        else if (c == 0xf4)
            hi = 0x8f;
    } else {
        *what = "byte that never appears in UTF-8";
        return 0;
    }
    if (len - i < 2 || s[i + 1] < 0x80 || s[i + 1] > 0xbf) {
        *what = "truncated sequence";
        return 0;
    }
    if (s[i + 1] < lo || s[i + 1] > hi) {
        *what = c == 0xed   ? "surrogate code point"
                : c == 0xf4 ? "code point above U+10FFFF"
                            : "overlong encoding";
        return 0;
    }
    for (size_t k = 2; k < n; k++) {
        if (i + k >= len || s[i + k] < 0x80 || s[i + k] > 0xbf) {
            *what = "truncated sequence";
            return 0;
        }
    }
    return n;
}

size_t dy_utf8_seq(const char *s, size_t n)
{
    const char *what;
    return n && (unsigned char)s[0] >= 0x80 ? check_seq((const unsigned char *)s, n, 0, &what)
                                             : 0;
}

dyad_status dy_utf8_check(const char *text, size_t len, dyad_error *err)
{
    const unsigned char *s = (const unsigned char *)text;
    size_t i = 0;
    while (i < len) {
        /* Eight ASCII bytes at a time while there is no high bit and no NUL. */
        while (len - i >= 8) {
            uint64_t v = dy_load64(s + i);
            if (((v | ((v - ONES) & ~v)) & HIGHS) != 0)
                break;
            i += 8;
        }
        if (i >= len)
            break;
        unsigned char c = s[i];
        if (c == 0)
            return bad(err, s, i, "NUL byte");
        if (c < 0x80) {
            i++;
            continue;
        }
        const char *what = NULL;
        size_t n = check_seq(s, len, i, &what);
        if (n == 0)
            return bad(err, s, i, what);
        i += n;
    }
    return DYAD_OK;
}

size_t dy_utf8_decode(const char *text, size_t len, int32_t *cp)
{
    const unsigned char *s = (const unsigned char *)text;
    if (s[0] < 0x80) {
        *cp = s[0];
        return 1;
    }
    utf8proc_int32_t c;
    utf8proc_ssize_t n = utf8proc_iterate(s, len < 4 ? (utf8proc_ssize_t)len : 4, &c);
    if (n <= 0 || c < 0) {
        *cp = 0xfffd;
        return 1;
    }
    *cp = c;
    return (size_t)n;
}

enum dy_cclass dy_cc_of(int32_t cp)
{
    if (cp < 0x80)
        return dy_cc_ascii((unsigned char)cp);
    switch (cp) {
    case 0x200b: /* zero width space: a break between words */
    case 0xfeff: /* byte order mark */
        return DY_CC_SPACE;
    default:
        break;
    }
    switch (utf8proc_category(cp)) {
    case UTF8PROC_CATEGORY_LU:
    case UTF8PROC_CATEGORY_LT:
        return DY_CC_UPPER;
    case UTF8PROC_CATEGORY_LL:
        return DY_CC_LOWER;
    case UTF8PROC_CATEGORY_LM:
    case UTF8PROC_CATEGORY_LO:
    case UTF8PROC_CATEGORY_NL:
    case UTF8PROC_CATEGORY_NO:
        return DY_CC_LETTER;
    case UTF8PROC_CATEGORY_MN:
    case UTF8PROC_CATEGORY_MC:
    case UTF8PROC_CATEGORY_ME:
        return DY_CC_MARK;
    case UTF8PROC_CATEGORY_ND:
        return DY_CC_DIGIT;
    case UTF8PROC_CATEGORY_CF:
        return DY_CC_JOINER;
    case UTF8PROC_CATEGORY_ZS:
    case UTF8PROC_CATEGORY_ZL:
    case UTF8PROC_CATEGORY_ZP:
    case UTF8PROC_CATEGORY_CC:
        return DY_CC_SPACE;
    default:
        return DY_CC_PUNCT;
    }
}
