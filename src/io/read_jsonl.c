/*
 * read_jsonl.c - JSON lines input: one object per line with "id", "text" and optional
 * "date", "title", "source", "url", "gold". Each line is parsed on its own, so a bad line
 * costs one record and memory is bounded by the longest line: by a one-pass scanner when
 * the line is a flat object of strings, else by jansson, which also words every error.
 */
#include "io/io.h"
#include "text/text.h"

#include <jansson.h>
#include <string.h>

static const char *type_name(const json_t *v)
{
    switch (json_typeof(v)) {
    case JSON_OBJECT:
        return "an object";
    case JSON_ARRAY:
        return "an array";
    case JSON_STRING:
        return "a string";
    case JSON_INTEGER:
    case JSON_REAL:
        return "a number";
    case JSON_TRUE:
    case JSON_FALSE:
        return "a boolean";
    case JSON_NULL:
        return "null";
    }
    return "an unknown value";
}

void dy_jsonl_rec_clear(struct dy_jsonl_rec *r)
{
    json_decref(r->root);
    r->root = NULL;
    dy_free(r->gold);
    r->gold = NULL;
    r->id[0] = '\0';
}

void dy_jsonl_rec_free(struct dy_jsonl_rec *r)
{
    dy_jsonl_rec_clear(r);
    dy_buf_free(&r->strs);
}

static bool json_space(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static bool is_blank(const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if (!json_space((unsigned char)s[i]))
            return false;
    return true;
}

/* Where a record's errors point: the line, and its start as the offset. */
struct where {
    const char *source;
    uint32_t line;
    size_t offset;
};

#define BAD(w, err, ...)                                                                           \
    (dy_fail_at((err), DYAD_SYNTAX, (w)->source, (w)->line, 0, (w)->offset, __VA_ARGS__), -1)

/* An optional string member: absent or null leaves *out NULL. */
static int opt_string(const json_t *obj, const char *key, const char **out, const struct where *w,
                      dyad_error *err)
{
    const json_t *v = json_object_get(obj, key);
    *out = NULL;
    if (!v || json_is_null(v))
        return 0;
    if (!json_is_string(v))
        return BAD(w, err, "\"%s\" must be a string, got %s", key, type_name(v));
    *out = json_string_value(v);
    return 0;
}

/* Serialises "gold" with the same flags as our output: compact, order kept, reals
 * with 15 significant digits (every decimal a person wrote survives the round trip). */
static int dump_gold(struct dy_jsonl_rec *r, const json_t *gold, const struct where *w,
                     dyad_error *err)
{
    size_t flags = JSON_COMPACT | JSON_ENCODE_ANY | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(15);
    size_t n = json_dumpb(gold, NULL, 0, flags);
    if (n == 0)
        return BAD(w, err, "\"gold\" cannot be serialised");
    r->gold = dy_malloc(n + 1);
    if (!r->gold) {
        dy_fail_at(err, DYAD_NOMEM, w->source, w->line, 0, w->offset, "out of memory");
        return -1;
    }
    if (json_dumpb(gold, r->gold, n, flags) != n)
        return BAD(w, err, "\"gold\" cannot be serialised");
    r->gold[n] = '\0';
    return 0;
}

static int fill_article(struct dy_jsonl_rec *r, const struct where *w, dyad_article *a,
                        dyad_error *err)
{
    const json_t *root = r->root;
    if (!json_is_object(root))
        return BAD(w, err, "expected a JSON object with a string \"text\", got %s",
                   type_name(root));

    const json_t *text = json_object_get(root, "text");
    if (!text)
        return BAD(w, err, "expected a JSON object with a string \"text\"");
    if (!json_is_string(text))
        return BAD(w, err, "\"text\" must be a string, got %s", type_name(text));
    a->text = json_string_value(text);
    a->text_len = json_string_length(text);

    const json_t *id = json_object_get(root, "id");
    if (!id || json_is_null(id))
        return BAD(w, err, "missing \"id\" (a string)");
    if (json_is_integer(id)) {
        snprintf(r->id, sizeof r->id, "%" JSON_INTEGER_FORMAT, json_integer_value(id));
        a->id = r->id;
    } else if (json_is_string(id)) {
        a->id = json_string_value(id);
        if (!a->id[0])
            return BAD(w, err, "\"id\" must not be empty");
    } else {
        return BAD(w, err, "\"id\" must be a string or an integer, got %s", type_name(id));
    }

    const json_t *date = json_object_get(root, "date");
    if (date && !json_is_null(date)) {
        if (!json_is_string(date))
            return BAD(w, err, "\"date\" must be a string (YYYY-MM-DD or YYYYMMDD), got %s",
                       type_name(date));
        a->date = json_string_value(date);
        if (dyad_parse_date(a->date, json_string_length(date), &a->day) != DYAD_OK)
            return BAD(w, err,
                       "\"date\" must be a day from 1000-01-01 to 9999-12-31 as YYYY-MM-DD or "
                       "YYYYMMDD, got \"%.40s\"",
                       a->date);
    }

    if (opt_string(root, "title", &a->title, w, err) < 0)
        return -1;
    if (opt_string(root, "source", &a->source, w, err) < 0)
        return -1;
    if (opt_string(root, "url", &a->url, w, err) < 0)
        return -1;

    const json_t *gold = json_object_get(root, "gold");
    if (gold) {
        if (dump_gold(r, gold, w, err))
            return -1;
        a->gold_json = r->gold;
    }
    return 1;
}

/* ---- the fast path -------------------------------------------------------------------
 * Most lines are one flat object of strings: {"id":"...","date":"...","text":"..."}. One
 * pass over such a line decodes its strings straight into r->strs, with none of the DOM
 * jansson builds. Anything else, and anything jansson might reject or read otherwise, is
 * declined, and jansson then parses the line and words every error itself. */

/* Keys a line may have before the fast path gives up: duplicates are found by comparing
 * each key with those before it. */
#define FAST_MAX_KEYS 32

enum fast_field { F_ID, F_DATE, F_TEXT, F_TITLE, F_SOURCE, F_URL, F_OTHER, F_GOLD };

struct fast_value {
    const char *s; /* NULL: absent or null */
    size_t len;
};

static const unsigned char *skip_space(const unsigned char *p, const unsigned char *end)
{
    while (p < end && json_space(*p))
        p++;
    return p;
}

/* The four hex digits at p as a number, or -1. */
static long hex4(const unsigned char *p)
{
    long v = 0;
    for (int i = 0; i < 4; i++) {
        unsigned char c = p[i];
        int d;
        if (c >= '0' && c <= '9')
            d = c - '0';
        else if (c >= 'a' && c <= 'f')
            d = c - 'a' + 10;
        else if (c >= 'A' && c <= 'F')
            d = c - 'A' + 10;
        else
            return -1;
        v = v * 16 + d;
    }
    return v;
}

static char *put_utf8(char *out, unsigned long cp)
{
    if (cp < 0x80) {
        *out++ = (char)cp;
    } else if (cp < 0x800) {
        *out++ = (char)(0xC0 | (cp >> 6));
        *out++ = (char)(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        *out++ = (char)(0xE0 | (cp >> 12));
        *out++ = (char)(0x80 | ((cp >> 6) & 0x3F));
        *out++ = (char)(0x80 | (cp & 0x3F));
    } else {
        *out++ = (char)(0xF0 | (cp >> 18));
        *out++ = (char)(0x80 | ((cp >> 12) & 0x3F));
        *out++ = (char)(0x80 | ((cp >> 6) & 0x3F));
        *out++ = (char)(0x80 | (cp & 0x3F));
    }
    return out;
}

/* A \uXXXX escape at p (or a surrogate pair of them), written to *out as UTF-8. Returns
 * the bytes read, or 0 for what jansson rejects: bad hex, \u0000, a lone surrogate. */
static size_t unicode_escape(const unsigned char *p, const unsigned char *end, char **out)
{
    if (end - p < 6)
        return 0;
    long cp = hex4(p + 2);
    if (cp <= 0 || (cp >= 0xDC00 && cp <= 0xDFFF))
        return 0;
    if (cp < 0xD800 || cp > 0xDBFF) {
        *out = put_utf8(*out, (unsigned long)cp);
        return 6;
    }
    if (end - p < 12 || p[6] != '\\' || p[7] != 'u')
        return 0;
    long low = hex4(p + 8);
    if (low < 0xDC00 || low > 0xDFFF)
        return 0;
    *out = put_utf8(*out,
                    0x10000 + (((unsigned long)cp - 0xD800) << 10) + ((unsigned long)low - 0xDC00));
    return 12;
}

/* The string whose opening quote is just before *pp: decoded to *out and NUL-terminated,
 * *pp moved past its closing quote. false: declined. The decoded string is never longer
 * than its JSON text, so with room for the whole line *out never overflows. */
static bool fast_string(const unsigned char **pp, const unsigned char *end, char **out)
{
    const unsigned char *p = *pp;
    char *o = *out;
    for (;;) {
        const unsigned char *run = p;
        p += dy_json_plain_run(p, end);
        memcpy(o, run, (size_t)(p - run));
        o += p - run;
        if (p == end)
            return false;
        if (*p == '"')
            break;
        if (*p >= 0x80) {
            size_t n = dy_utf8_seq((const char *)p, (size_t)(end - p));
            if (!n)
                return false;
            memcpy(o, p, n);
            o += n;
            p += n;
            continue;
        }
        if (*p != '\\' || end - p < 2)
            return false; /* a control character, or a cut escape */
        char c;
        switch (p[1]) {
        case '"':
        case '\\':
        case '/':
            c = (char)p[1];
            break;
        case 'b':
            c = '\b';
            break;
        case 'f':
            c = '\f';
            break;
        case 'n':
            c = '\n';
            break;
        case 'r':
            c = '\r';
            break;
        case 't':
            c = '\t';
            break;
        case 'u': {
            size_t n = unicode_escape(p, end, &o);
            if (!n)
                return false;
            p += n;
            continue;
        }
        default:
            return false;
        }
        *o++ = c;
        p += 2;
    }
    *o++ = '\0';
    *pp = p + 1;
    *out = o;
    return true;
}

/* A key whose opening quote is just before *pp, left in place: [*key, *key + *len).
 * Keys with escapes are declined, so equal keys are equal bytes. */
static bool fast_key(const unsigned char **pp, const unsigned char *end, const char **key,
                     size_t *len)
{
    const unsigned char *p = *pp;
    while (p < end && *p != '"') {
        if (dy_json_plain(*p)) {
            p++;
            continue;
        }
        size_t n = *p >= 0x80 ? dy_utf8_seq((const char *)p, (size_t)(end - p)) : 0;
        if (!n)
            return false; /* an escape, a control character, bad UTF-8 */
        p += n;
    }
    if (p == end)
        return false;
    *key = (const char *)*pp;
    *len = (size_t)(p - *pp);
    *pp = p + 1;
    return true;
}

static enum fast_field field_of(const char *key, size_t len)
{
    static const struct {
        const char *name;
        enum fast_field f;
    } names[] = {{"id", F_ID},         {"date", F_DATE}, {"text", F_TEXT}, {"title", F_TITLE},
                 {"source", F_SOURCE}, {"url", F_URL},   {"gold", F_GOLD}};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (strlen(names[i].name) == len && memcmp(names[i].name, key, len) == 0)
            return names[i].f;
    return F_OTHER;
}

int dy_jsonl_fast(struct dy_jsonl_rec *r, const char *buf, size_t len, dyad_article *a)
{
    const unsigned char *p = (const unsigned char *)buf, *end = p + len;
    p = skip_space(p, end);
    if (p == end || *p != '{')
        return 0;
    /* Decoded strings and their NULs take no more room than the line. */
    if (dy_grow((void **)&r->strs.data, &r->strs.cap, len + 1, 1) != DYAD_OK)
        return -1;
    char *out = r->strs.data;
    struct fast_value v[F_OTHER] = {{NULL, 0}};
    struct {
        const char *s;
        size_t len;
    } keys[FAST_MAX_KEYS];
    size_t n_keys = 0;

    p = skip_space(p + 1, end);
    for (;;) {
        const char *key;
        size_t key_len;
        if (p == end || *p != '"' || n_keys == FAST_MAX_KEYS)
            return 0;
        p++;
        if (!fast_key(&p, end, &key, &key_len))
            return 0;
        for (size_t i = 0; i < n_keys; i++)
            if (keys[i].len == key_len && memcmp(keys[i].s, key, key_len) == 0)
                return 0;
        keys[n_keys].s = key;
        keys[n_keys++].len = key_len;
        enum fast_field f = field_of(key, key_len);
        if (f == F_GOLD)
            return 0; /* jansson's path serialises it */
        p = skip_space(p, end);
        if (p == end || *p != ':')
            return 0;
        p = skip_space(p + 1, end);
        if (end - p >= 4 && memcmp(p, "null", 4) == 0) {
            p += 4; /* as if absent, as fill_article reads it */
        } else if (p < end && *p == '"') {
            char *start = out;
            p++;
            if (!fast_string(&p, end, &out))
                return 0;
            if (f != F_OTHER) {
                v[f].s = start;
                v[f].len = (size_t)(out - start) - 1;
            } else {
                out = start; /* checked, not kept */
            }
        } else {
            return 0;
        }
        p = skip_space(p, end);
        if (p < end && *p == ',') {
            p = skip_space(p + 1, end);
            continue;
        }
        if (p < end && *p == '}')
            break;
        return 0;
    }
    if (skip_space(p + 1, end) != end)
        return 0;

    /* What fill_article would reject or read otherwise is left to it. */
    int32_t day = INT32_MIN;
    if (!v[F_TEXT].s || !v[F_ID].s || !v[F_ID].s[0])
        return 0;
    if (v[F_DATE].s && dyad_parse_date(v[F_DATE].s, v[F_DATE].len, &day) != DYAD_OK)
        return 0;
    a->id = v[F_ID].s;
    a->date = v[F_DATE].s;
    a->day = day;
    a->text = v[F_TEXT].s;
    a->text_len = v[F_TEXT].len;
    a->title = v[F_TITLE].s;
    a->source = v[F_SOURCE].s;
    a->url = v[F_URL].s;
    return 1;
}

static int parse_line(struct dy_jsonl_rec *r, const char *source, uint32_t line, size_t offset,
                      const char *buf, size_t len, dyad_article *a, dyad_error *err, bool fast)
{
    struct where w = {source, line, offset};
    size_t skip = 0;

    dy_jsonl_rec_clear(r);
    memset(a, 0, sizeof *a);
    a->day = INT32_MIN;
    a->line = line;
    /* A byte order mark may start the file; it is not part of the JSON. */
    if (line == 1 && len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0)
        skip = 3;
    if (is_blank(buf + skip, len - skip))
        return 0;
    /* jansson stops at a NUL byte as at the end of the input, and says so: name it. */
    const char *nul = memchr(buf, '\0', len);
    if (nul) {
        size_t col = (size_t)(nul - buf) + 1;
        dy_fail_at(err, DYAD_SYNTAX, source, line, (uint32_t)col, offset + col - 1,
                   "invalid JSON: NUL byte (not allowed in JSON text)");
        return -1;
    }

    if (fast) {
        int rc = dy_jsonl_fast(r, buf + skip, len - skip, a);
        if (rc > 0)
            return 1;
        if (rc < 0) {
            dy_fail_at(err, DYAD_NOMEM, source, line, 0, offset, "out of memory");
            return -1;
        }
    }

    json_error_t jerr;
    /* No JSON_ALLOW_NUL: every string we hand out is then a proper C string. */
    r->root = json_loadb(buf + skip, len - skip, JSON_DECODE_ANY | JSON_REJECT_DUPLICATES, &jerr);
    if (!r->root) {
        if (json_error_code(&jerr) == json_error_out_of_memory) {
            dy_fail_at(err, DYAD_NOMEM, source, line, 0, offset, "out of memory");
            return -1;
        }
        /* jansson counts columns in characters; its position is in bytes, and points
         * just past the byte where it stopped. */
        size_t col = (size_t)(jerr.position > 0 ? jerr.position : 1) + skip;
        /* jansson sees one line as a whole input, and names its own flags: reword. */
        char *eof = strstr(jerr.text, "near end of file");
        if (eof)
            memcpy(eof, "near end of line", 16);
        const char *text = jerr.text;
        if (json_error_code(&jerr) == json_error_null_character)
            text = "\\u0000 (a NUL character) is not allowed in strings";
        dy_fail_at(err, DYAD_SYNTAX, source, line, (uint32_t)col, offset + col - 1,
                   "invalid JSON: %s", text);
        return -1;
    }
    int rc = fill_article(r, &w, a, err);
    if (rc < 0) {
        dy_jsonl_rec_clear(r);
        memset(a, 0, sizeof *a);
    }
    return rc;
}

int dy_jsonl_line(struct dy_jsonl_rec *r, const char *source, uint32_t line, size_t offset,
                  const char *buf, size_t len, dyad_article *a, dyad_error *err)
{
    return parse_line(r, source, line, offset, buf, len, a, err, true);
}

int dy_jsonl_line_jansson(struct dy_jsonl_rec *r, const char *source, uint32_t line, size_t offset,
                          const char *buf, size_t len, dyad_article *a, dyad_error *err)
{
    return parse_line(r, source, line, offset, buf, len, a, err, false);
}

dyad_status dy_parse_jsonl(const char *source, const char *buf, size_t len, dy_article_fn emit,
                           dy_bad_fn bad, void *ctx)
{
    struct dy_jsonl_rec rec = {0};
    dyad_status st = DYAD_OK;
    uint32_t line = 0;
    size_t pos = 0;

    while (pos < len && st == DYAD_OK) {
        const char *nl = memchr(buf + pos, '\n', len - pos);
        size_t end = nl ? (size_t)(nl - buf) : len;
        dyad_article a;
        dyad_error err;
        line++;
        int rc = dy_jsonl_line(&rec, source, line, pos, buf + pos, end - pos, &a, &err);
        if (rc > 0)
            st = emit(ctx, &a);
        else if (rc < 0 && err.status == DYAD_NOMEM)
            st = DYAD_NOMEM;
        else if (rc < 0 && bad)
            bad(ctx, &err);
        pos = end + 1;
    }
    dy_jsonl_rec_free(&rec);
    return st;
}
