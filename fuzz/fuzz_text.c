/*
 * fuzz_text.c - libFuzzer target for the text stage: UTF-8 check, sentence split and
 * tokenising of arbitrary bytes. Aborts when an invariant breaks: spans inside the text,
 * in order and disjoint; only white space left between them; every norm equal to
 * dy_norm_word() of the token's bytes and a fixed point of it; the token limit honoured.
 */
#include "text/text.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(int ok)
{
    if (!ok)
        abort();
}

static int is_ascii_space(unsigned char c)
{
    return c < 0x80 && dy_cc_ascii(c) == DY_CC_SPACE;
}

static void check_tokens(const char *text, uint32_t start, uint32_t end, struct dy_token *t,
                         size_t n, int valid, struct dy_buf *b)
{
    uint32_t prev = start;
    for (size_t i = 0; i < n; i++) {
        check(t[i].len > 0);
        check(t[i].start >= prev);
        check(t[i].start + (uint64_t)t[i].len <= end);
        /* Bytes between tokens are white space (or zero-width joiners, non-ASCII). */
        for (uint32_t k = prev; k < t[i].start; k++)
            check(!((unsigned char)text[k] < 0x80) || is_ascii_space((unsigned char)text[k]));
        for (uint32_t k = t[i].start; k < t[i].start + t[i].len; k++)
            check(!is_ascii_space((unsigned char)text[k]));
        check(t[i].norm != NULL && strlen(t[i].norm) == t[i].norm_len);
        if (valid) {
            b->len = 0;
            check(dy_norm_word(text + t[i].start, t[i].len, b) == DYAD_OK);
            check(b->len == t[i].norm_len && memcmp(b->data, t[i].norm, b->len) == 0);
            /* Normalising is idempotent: a dictionary written in upper case meets the
             * text's words. */
            b->len = 0;
            check(dy_norm_word(t[i].norm, t[i].norm_len, b) == DYAD_OK);
            check(b->len == t[i].norm_len && memcmp(b->data, t[i].norm, b->len) == 0);
        }
        if (t[i].flags & DY_TOK_ALLCAPS)
            check(t[i].flags & DY_TOK_CAP);
        prev = t[i].start + t[i].len;
    }
    for (uint32_t k = prev; k < end; k++)
        check(!((unsigned char)text[k] < 0x80) || is_ascii_space((unsigned char)text[k]));
}

static void tokenize_span(const char *text, uint32_t start, uint32_t end, struct dy_arena *a,
                          int valid, struct dy_buf *b)
{
    struct dy_token *t;
    size_t n;
    dyad_status st = dy_tokenize(text, start, end, a, 0, &t, &n);
    check(st == DYAD_OK);
    check_tokens(text, start, end, t, n, valid, b);
    if (n >= 2) {
        /* The same sentence under a token limit below its count fails cleanly. */
        size_t m;
        struct dy_token *u;
        check(dy_tokenize(text, start, end, a, n - 1, &u, &m) == DYAD_LIMIT && m == 0);
        check(dy_tokenize(text, start, end, a, n, &u, &m) == DYAD_OK && m == n);
    }
}

/* Splits and tokenises valid UTF-8, checking every span. */
static void run_valid(const char *text, size_t size, struct dy_arena *a, struct dy_buf *b)
{
    struct dy_sentence *s;
    size_t n;
    check(dy_split_sentences(text, size, a, &s, &n) == DYAD_OK);
    uint32_t prev = 0;
    for (size_t i = 0; i < n; i++) {
        check(s[i].start < s[i].end && s[i].end <= size);
        check(s[i].start >= prev);
        check(!is_ascii_space((unsigned char)text[s[i].start]));
        check(!is_ascii_space((unsigned char)text[s[i].end - 1]));
        for (uint32_t k = prev; k < s[i].start; k++)
            check(!((unsigned char)text[k] < 0x80) || is_ascii_space((unsigned char)text[k]));
        tokenize_span(text, s[i].start, s[i].end, a, 1, b);
        prev = s[i].end;
    }
    for (size_t k = prev; k < size; k++)
        check(!((unsigned char)text[k] < 0x80) || is_ascii_space((unsigned char)text[k]));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *text = (const char *)data;
    if (size > (1u << 20))
        return 0;
    struct dy_arena *a = dy_arena_new(0, 0);
    if (!a)
        return 0;
    struct dy_buf b = {0};
    dyad_error err;
    dyad_status st = dy_utf8_check(text, size, &err);
    if (st == DYAD_OK) {
        run_valid(text, size, a, &b);
        goto done;
    }
    check(st == DYAD_SYNTAX && err.offset < size && err.message[0] != '\0');
    check(err.line >= 1 && err.column >= 1);
    /* The check stops at the first bad byte: what comes before it is valid. */
    check(dy_utf8_check(text, err.offset, NULL) == DYAD_OK);
    /* Unchecked bytes must not crash the tokenizer either. */
    tokenize_span(text, 0, (uint32_t)size, a, 0, &b);

    /* Most random inputs are invalid: repair them (bad bytes -> '?') so the splitter
     * and tokenizer see their valid parts too. Each check resumes after the last bad
     * byte, so this is linear. */
    char *fixed = malloc(size);
    if (!fixed)
        goto done;
    size_t from = 0;
    while (from < size) {
        dyad_error e;
        if (dy_utf8_check(text + from, size - from, &e) == DYAD_OK) {
            memcpy(fixed + from, text + from, size - from);
            break;
        }
        memcpy(fixed + from, text + from, e.offset);
        fixed[from + e.offset] = text[from + e.offset] ? '?' : ' ';
        from += e.offset + 1;
    }
    check(dy_utf8_check(fixed, size, NULL) == DYAD_OK);
    dy_arena_reset(a);
    run_valid(fixed, size, a, &b);
    free(fixed);
done:
    dy_buf_free(&b);
    dy_arena_free(a);
    return 0;
}
