/*
 * norm.c - the normal form of a word, the key of every dictionary lookup: NFKC, full
 * upper case, typographic quotes folded to ASCII and default-ignorable characters (soft
 * hyphens, zero-width joiners) dropped. The dictionary reader and the tokenizer both call
 * dy_norm_word, so "Gdańsk", "GDAŃSK" and "Gdan\u0301sk" meet as one key.
 */
#include "text/text.h"

#include <string.h>
#include <utf8proc.h>

/* Code points decomposed on the stack; longer words borrow a heap buffer. */
#define STACK_CPS 128

/* Folds the typographic apostrophes, quotes and hyphens that news text uses for the
 * ASCII ones dictionaries are written with. */
static int32_t fold_punct(int32_t c)
{
    switch (c) {
    case '`':
    case 0x2018: /* ‘ */
    case 0x2019: /* ’ */
    case 0x201a: /* ‚ */
    case 0x201b: /* ‛ */
    case 0x02bc: /* ʼ modifier letter apostrophe */
        return '\'';
    case 0x201c: /* “ */
    case 0x201d: /* ” */
    case 0x201e: /* „ */
    case 0x201f: /* ‟ */
        return '"';
    case 0x2010: /* hyphen */
    case 0x2011: /* non-breaking hyphen */
        return '-';
    default:
        return c;
    }
}

static dyad_status norm_ascii(const unsigned char *s, size_t len, struct dy_buf *out)
{
    if (dy_grow((void **)&out->data, &out->cap, out->len + len + 1, 1) != DYAD_OK)
        return DYAD_NOMEM;
    char *d = out->data + out->len;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = s[i];
        if ((unsigned)(c - 'a') < 26)
            c = (unsigned char)(c - 32);
        else if (c == '`')
            c = '\'';
        d[i] = (char)c;
    }
    out->len += len;
    out->data[out->len] = '\0';
    return DYAD_OK;
}

/*
 * Full upper case from utf8proc's pieces: decompose with case folding (which applies the
 * full mappings, ß -> ss), upper-case each code point (simple mapping, now enough), then
 * compose. Upper-casing the decomposed form matters for letters with no precomposed
 * capital (ǰ -> J + caron).
 */
static dyad_status norm_unicode(const unsigned char *s, size_t len, struct dy_buf *out)
{
    const utf8proc_option_t dec = UTF8PROC_STABLE | UTF8PROC_COMPAT | UTF8PROC_DECOMPOSE |
                                  UTF8PROC_CASEFOLD | UTF8PROC_IGNORE;
    utf8proc_int32_t stack[STACK_CPS], *cps = stack;
    utf8proc_ssize_t n = utf8proc_decompose(s, (utf8proc_ssize_t)len, cps, STACK_CPS, dec);
    if (n < 0)
        return n == UTF8PROC_ERROR_NOMEM ? DYAD_NOMEM : DYAD_SYNTAX;
    if (n > STACK_CPS) {
        cps = dy_malloc((size_t)n * sizeof *cps);
        if (!cps)
            return DYAD_NOMEM;
        utf8proc_ssize_t m = utf8proc_decompose(s, (utf8proc_ssize_t)len, cps, n, dec);
        if (m != n) {
            dy_free(cps);
            return DYAD_SYNTAX;
        }
    }
    for (utf8proc_ssize_t i = 0; i < n; i++)
        cps[i] = fold_punct(utf8proc_toupper(cps[i]));
    dyad_status st = DYAD_OK;
    n = utf8proc_normalize_utf32(cps, n, UTF8PROC_STABLE | UTF8PROC_COMPOSE);
    if (n < 0) {
        st = DYAD_SYNTAX;
        goto done;
    }
    if (dy_grow((void **)&out->data, &out->cap, out->len + (size_t)n * 4 + 1, 1) != DYAD_OK) {
        st = DYAD_NOMEM;
        goto done;
    }
    for (utf8proc_ssize_t i = 0; i < n; i++)
        out->len += (size_t)utf8proc_encode_char(cps[i], (utf8proc_uint8_t *)out->data + out->len);
    out->data[out->len] = '\0';
done:
    if (cps != stack)
        dy_free(cps);
    return st;
}

dyad_status dy_norm_word(const char *s, size_t len, struct dy_buf *out)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0;
    while (i < len && u[i] < 0x80)
        i++;
    if (i == len)
        return norm_ascii(u, len, out);
    return norm_unicode(u, len, out);
}
