/*
 * read_jsonl.c - JSON lines input: one object per line with "id", "text" and optional
 * "date", "title", "source", "url", "gold". Each line is parsed on its own (jansson), so
 * a bad line costs one record and memory is bounded by the longest line.
 */
#include "io/io.h"

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

static bool is_blank(const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r' && s[i] != '\n')
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

int dy_jsonl_line(struct dy_jsonl_rec *r, const char *source, uint32_t line, size_t offset,
                  const char *buf, size_t len, dyad_article *a, dyad_error *err)
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
    dy_jsonl_rec_clear(&rec);
    return st;
}
