/*
 * io.h - readers and writers behind the public dyad_reader / dyad_write_* API.
 * One file per format: read_text.c, read_jsonl.c, read_petrxml.c, write_jsonl.c;
 * reader.c dispatches, date.c converts dates.
 */
#ifndef DY_IO_H
#define DY_IO_H

#include "core/core.h"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

/* A byte that stands for itself inside a JSON string: ASCII from 0x20, but '"' and '\\'. */
static inline bool dy_json_plain(unsigned char c)
{
    return c >= 0x20 && c < 0x80 && c != '"' && c != '\\';
}

/* Whether the 8 bytes in x are all dy_json_plain, a word at a time. Each test below sets
 * a byte's high bit where the byte is special; a borrow can only carry into the next byte
 * from a byte that is special itself, so "none set" is exact. */
static inline bool dy_json_plain8(uint64_t x)
{
    const uint64_t ones = 0x0101010101010101u, high = 0x8080808080808080u;
    uint64_t quote = x ^ (ones * '"'), bslash = x ^ (ones * '\\');
    uint64_t special =
        ((quote - ones) & ~quote) | ((bslash - ones) & ~bslash) | ((x - ones * 0x20) & ~x) | x;
    return (special & high) == 0;
}

/* How many bytes from p on (at most end - p) are dy_json_plain: 16 at a time, the first
 * other one found by its bit in a mask. */
static inline size_t dy_json_plain_run(const unsigned char *p, const unsigned char *end)
{
    const unsigned char *q = p;
#if defined(__SSE2__)
    const __m128i space = _mm_set1_epi8(0x20), quote = _mm_set1_epi8('"'),
                  bslash = _mm_set1_epi8('\\');
    for (; end - q >= 16; q += 16) {
        /* bytes below 0x20 and from 0x80 on (negative) are below 0x20 as signed */
        __m128i v = _mm_loadu_si128((const __m128i *)q);
        __m128i special = _mm_or_si128(_mm_cmplt_epi8(v, space),
                                       _mm_or_si128(_mm_cmpeq_epi8(v, quote),
                                                    _mm_cmpeq_epi8(v, bslash)));
        unsigned m = (unsigned)_mm_movemask_epi8(special);
        if (m)
            return (size_t)(q - p) + (unsigned)__builtin_ctz(m);
    }
#endif
    while (end - q >= 8 && dy_json_plain8(dy_load64(q)))
        q += 8;
    while (q < end && dy_json_plain(*q))
        q++;
    return (size_t)(q - p);
}

/* Used when the caller gives no options or max_article_bytes is 0. */
#define DY_DEFAULT_MAX_ARTICLE_BYTES ((size_t)64 << 20)
/* Used when max_line_bytes is 0 and so is max_article_bytes (else that is the limit). */
#define DY_DEFAULT_MAX_LINE_BYTES ((size_t)64 << 20)
/* PETRARCH XML is parsed in memory; larger files fail with DYAD_LIMIT. */
#define DY_MAX_XML_BYTES ((size_t)1 << 30)

/* Parsers over an in-memory buffer, for the readers and the fuzz targets.
 * Each calls `emit` once per record; a malformed record is reported through `bad`
 * (with source:line:col and message) and parsing continues with the next one.
 * Return DYAD_OK once the input is walked to its end, DYAD_NOMEM, or the first status
 * other than DYAD_OK that `emit` returns (which stops the parse). The article and error
 * passed to the callbacks are valid only during the call. `source` labels errors and
 * may be NULL. */
typedef dyad_status (*dy_article_fn)(void *ctx, const dyad_article *a);
typedef void (*dy_bad_fn)(void *ctx, const dyad_error *e);

dyad_status dy_parse_jsonl(const char *source, const char *buf, size_t len, dy_article_fn emit,
                           dy_bad_fn bad, void *ctx);
dyad_status dy_parse_petrxml(const char *source, const char *buf, size_t len, dy_article_fn emit,
                             dy_bad_fn bad, void *ctx);

/* ---- dates (date.c) --------------------------------------------------------------- */
#define DY_DATE_BUF 24
/* Writes day (days since 1970-01-01) as YYYY-MM-DD. */
void dy_format_date(int32_t day, char out[DY_DATE_BUF]);
/* Proleptic Gregorian calendar <-> days since 1970-01-01 (Howard Hinnant's algorithms). */
int64_t dy_days_from_civil(int64_t y, int m, int d);
void dy_civil_from_days(int64_t day, int64_t *y, int *m, int *d);

/* ---- whole files (read_text.c) -------------------------------------------------- */
/* Reads the rest of f into out (NUL-terminated; out->len excludes the NUL). More than
 * max bytes is DYAD_LIMIT; a read error is DYAD_IO. */
dyad_status dy_read_all(FILE *f, size_t max, const char *source, struct dy_buf *out,
                        dyad_error *err);
/* Fills *a with buf as one article; the id is the base name of `path` (borrowed). */
void dy_text_article(const char *path, const char *buf, size_t len, dyad_article *a);

/* ---- JSON lines (read_jsonl.c) ---------------------------------------------------- */
struct json_t;
/* What one parsed line owns; the article points into it until the next line. */
struct dy_jsonl_rec {
    struct json_t *root;
    char *gold;         /* the "gold" member, serialised */
    char id[24];        /* an integer "id" as text */
    struct dy_buf strs; /* the fast path's decoded strings; kept from line to line */
};

/* Parses one line (without its '\n'); `line` is its 1-based number and `offset` the byte
 * offset of its start, for errors. 1: *a filled; 0: blank line, nothing to do; -1: err
 * filled (DYAD_SYNTAX for a bad record, DYAD_NOMEM). Tries dy_jsonl_fast first, and
 * jansson when it declines. */
int dy_jsonl_line(struct dy_jsonl_rec *r, const char *source, uint32_t line, size_t offset,
                  const char *buf, size_t len, dyad_article *a, dyad_error *err);
/* As dy_jsonl_line, with jansson only: what the fast path must agree with (tests, fuzz). */
int dy_jsonl_line_jansson(struct dy_jsonl_rec *r, const char *source, uint32_t line, size_t offset,
                          const char *buf, size_t len, dyad_article *a, dyad_error *err);
/* The fast path: one flat object of string or null members, with a non-empty string
 * "id", a string "text", no "gold", a valid "date" if a string, and no key written with
 * an escape or given twice. buf is the JSON text (no byte order mark). 1: accepted, and
 * the id, date, day, text, text_len, title, source and url of *a set (strings in r->strs,
 * valid until its next use); 0: declined, *a untouched (the jansson path decides);
 * -1: out of memory. */
int dy_jsonl_fast(struct dy_jsonl_rec *r, const char *buf, size_t len, dyad_article *a);
void dy_jsonl_rec_clear(struct dy_jsonl_rec *r); /* frees what the last line owned */
void dy_jsonl_rec_free(struct dy_jsonl_rec *r);  /* frees everything */

/* ---- PETRARCH XML (read_petrxml.c) ----------------------------------------------- */
/* A cursor over the <Sentence> records of a parsed document. Records whose text is longer
 * than max_text bytes (0: DY_DEFAULT_MAX_ARTICLE_BYTES), or longer than max_record bytes
 * before its white space is folded (0: DY_DEFAULT_MAX_LINE_BYTES), are rejected with
 * DYAD_LIMIT. The buffer is not referenced after dy_petrxml_open returns; `source` is
 * borrowed. */
struct dy_petrxml;
dyad_status dy_petrxml_open(const char *source, const char *buf, size_t len, size_t max_text,
                            size_t max_record, struct dy_petrxml **out, dyad_error *err);
/* As dyad_reader_next: 1 article, 0 end, -1 err filled (the cursor moved past the bad
 * record, or is at its end after DYAD_NOMEM). *a is valid until the next call. */
int dy_petrxml_next(struct dy_petrxml *p, dyad_article *a, dyad_error *err);
void dy_petrxml_free(struct dy_petrxml *p); /* NULL is a no-op */

/* The <Environment> block of a PETRARCH validation file in buf (see dyad_suite_env_read).
 * No <Environment> gives DYAD_OK and an empty *out. */
dyad_status dy_petrxml_env_parse(const char *source, const char *buf, size_t len,
                                 dyad_suite_env *out, dyad_error *err);

#endif
