/*
 * texthash.c - the normalised form of an article's text, for the store's "same text"
 * duplicate rule: NFKC, full case folding, white space collapsed. The store keeps a
 * 64-bit FNV-1a hash of it (dy_hash) and compares the texts themselves on a hash hit.
 */
#include "store/store.h"

#include <utf8proc.h>

static int is_space_cp(utf8proc_int32_t c)
{
    if (c == ' ' || (c >= 0x09 && c <= 0x0D) || c == 0x85)
        return 1;
    utf8proc_category_t cat = utf8proc_category(c);
    return cat == UTF8PROC_CATEGORY_ZS || cat == UTF8PROC_CATEGORY_ZL ||
           cat == UTF8PROC_CATEGORY_ZP;
}

/* Appends code points with white space collapsed; *pending_space carries a run of white
 * space across calls (it is written only before the next non-space). */
static dyad_status put_ascii(const unsigned char *s, size_t len, struct dy_buf *out,
                             int *pending_space)
{
    if (dy_grow((void **)&out->data, &out->cap, out->len + len + 2, 1) != DYAD_OK)
        return DYAD_NOMEM;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = s[i];
        if (c == ' ' || (c >= 0x09 && c <= 0x0D)) {
            *pending_space = out->len > 0;
            continue;
        }
        if (*pending_space) {
            out->data[out->len++] = ' ';
            *pending_space = 0;
        }
        out->data[out->len++] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
    }
    out->data[out->len] = '\0';
    return DYAD_OK;
}

static dyad_status put_unicode(const unsigned char *s, size_t len, struct dy_buf *out,
                               int *pending_space)
{
    const utf8proc_option_t dec =
        UTF8PROC_STABLE | UTF8PROC_COMPAT | UTF8PROC_DECOMPOSE | UTF8PROC_CASEFOLD;
    utf8proc_ssize_t n = utf8proc_decompose(s, (utf8proc_ssize_t)len, NULL, 0, dec);
    if (n < 0)
        return n == UTF8PROC_ERROR_NOMEM ? DYAD_NOMEM : DYAD_SYNTAX;
    utf8proc_int32_t *cps = dy_malloc(((size_t)n + 1) * sizeof *cps);
    if (!cps)
        return DYAD_NOMEM;
    dyad_status st = DYAD_SYNTAX;
    if (utf8proc_decompose(s, (utf8proc_ssize_t)len, cps, n, dec) != n)
        goto done;
    n = utf8proc_normalize_utf32(cps, n, UTF8PROC_STABLE | UTF8PROC_COMPOSE);
    if (n < 0)
        goto done;
    st = DYAD_NOMEM;
    if (dy_grow((void **)&out->data, &out->cap, out->len + (size_t)n * 4 + 2, 1) != DYAD_OK)
        goto done;
    for (utf8proc_ssize_t i = 0; i < n; i++) {
        if (is_space_cp(cps[i])) {
            *pending_space = out->len > 0;
            continue;
        }
        if (*pending_space) {
            out->data[out->len++] = ' ';
            *pending_space = 0;
        }
        out->len += (size_t)utf8proc_encode_char(cps[i], (utf8proc_uint8_t *)out->data + out->len);
    }
    out->data[out->len] = '\0';
    st = DYAD_OK;
done:
    dy_free(cps);
    return st;
}

dyad_status dy_text_normalise(const char *s, size_t len, struct dy_buf *out)
{
    const unsigned char *u = (const unsigned char *)s;
    int pending = 0;
    out->len = 0;
    if (dy_grow((void **)&out->data, &out->cap, 1, 1) != DYAD_OK)
        return DYAD_NOMEM;
    out->data[0] = '\0';
    /* ASCII is its own NFKC form and folds with a table: only a text with other bytes
     * goes through utf8proc, so plain English text never leaves the fast path. */
    size_t i = 0;
    while (i < len && u[i] < 0x80)
        i++;
    if (i == len)
        return put_ascii(u, len, out, &pending);
    return put_unicode(u, len, out, &pending);
}
