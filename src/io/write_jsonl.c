/*
 * write_jsonl.c - one event as one line of JSON (schema "dyad.event/1", docs/events.md).
 * Built with jansson so escaping is never ours to get wrong; written with one fwrite so
 * a line is never split by another writer's output on the same stream.
 */
#include "io/io.h"

#include <jansson.h>
#include <math.h>
#include <string.h>

#define SCHEMA "dyad.event/1"

/* Length of the valid UTF-8 sequence at s (at most n bytes), or 0 if there is none.
 * As strict as jansson: no overlong forms, no surrogates, nothing above U+10FFFF. */
static size_t utf8_seq(const unsigned char *s, size_t n)
{
    unsigned c = s[0];
    if (c < 0x80)
        return 1;
    size_t len = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC2 ? 2 : 0;
    if (len == 0 || c > 0xF4 || n < len)
        return 0;
    for (size_t i = 1; i < len; i++)
        if ((s[i] & 0xC0) != 0x80)
            return 0;
    if ((c == 0xE0 && s[1] < 0xA0) || (c == 0xED && s[1] > 0x9F) || (c == 0xF0 && s[1] < 0x90) ||
        (c == 0xF4 && s[1] > 0x8F))
        return 0;
    return len;
}

/* A JSON string of s[0, len), with each invalid byte replaced by U+FFFD so a bad byte in
 * the input never costs the whole event. NULL only when out of memory. */
static json_t *jstr(const char *s, size_t len)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0, k;
    while (i < len && (k = utf8_seq(u + i, len - i)) > 0)
        i += k;
    if (i == len)
        return json_stringn_nocheck(s, len);

    struct dy_buf b = {0};
    json_t *v = NULL;
    if (dy_buf_append(&b, s, i) != DYAD_OK)
        goto done;
    while (i < len) {
        k = utf8_seq(u + i, len - i);
        if (k == 0 ? dy_buf_append(&b, "\xEF\xBF\xBD", 3) : dy_buf_append(&b, s + i, k))
            goto done;
        i += k ? k : 1;
    }
    v = json_stringn_nocheck(b.data, b.len);
done:
    dy_buf_free(&b);
    return v;
}

static json_t *str_or_null(const char *s)
{
    return s ? jstr(s, strlen(s)) : json_null();
}

/* The article's bytes of a span, clipped to the text; "" for an empty or bad span. */
static json_t *span_text(const dyad_article *a, dyad_span sp)
{
    if (!a->text || sp.start >= sp.end || sp.start >= a->text_len)
        return jstr("", 0);
    size_t end = sp.end < a->text_len ? sp.end : a->text_len;
    return jstr(a->text + sp.start, end - sp.start);
}

static json_t *span_json(dyad_span sp)
{
    if (sp.start >= sp.end)
        return json_null();
    return json_pack("[II]", (json_int_t)sp.start, (json_int_t)sp.end);
}

/* Sets key to v (taking it) and records any failure in *ok. */
static void put(json_t *obj, const char *key, json_t *v, bool *ok)
{
    if (json_object_set_new(obj, key, v) != 0)
        *ok = false;
}

static json_t *actor_json(const dyad_article *a, const dyad_actor *ac, bool *ok)
{
    json_t *o = json_object();
    if (!o) {
        *ok = false;
        return NULL;
    }
    bool empty = !ac->code || !ac->code[0] || strcmp(ac->code, "---") == 0;
    put(o, "code", empty ? json_string("---") : str_or_null(ac->code), ok);
    put(o, "text", empty ? json_string("") : span_text(a, ac->span), ok);
    put(o, "span", empty ? json_null() : span_json(ac->span), ok);
    return o;
}

static json_t *event_json(const dyad_article *a, const dyad_event *e, bool *ok)
{
    json_t *o = json_object();
    if (!o) {
        *ok = false;
        return NULL;
    }
    put(o, "schema", json_string(SCHEMA), ok);
    put(o, "doc", str_or_null(a->id), ok);
    put(o, "sentence", json_integer(e->sentence), ok);
    if (a->day == INT32_MIN) {
        put(o, "date", json_null(), ok);
    } else {
        char date[DY_DATE_BUF];
        dy_format_date(a->day, date);
        put(o, "date", json_string(date), ok);
    }
    put(o, "source", actor_json(a, &e->source, ok), ok);
    put(o, "target", actor_json(a, &e->target, ok), ok);
    put(o, "cameo", str_or_null(e->cameo), ok);
    put(o, "plover", str_or_null(e->plover), ok);
    put(o, "goldstein", isfinite(e->goldstein) ? json_real(e->goldstein) : json_null(), ok);
    put(o, "quad_class", e->quad_class ? json_integer(e->quad_class) : json_null(), ok);

    json_t *verb = json_object();
    if (verb) {
        put(verb, "text", span_text(a, e->verb), ok);
        put(verb, "span", span_json(e->verb), ok);
    }
    put(o, "verb", verb, ok);

    json_t *rule = json_object();
    if (rule) {
        put(rule, "file", str_or_null(e->rule_file), ok);
        put(rule, "line", e->rule_line ? json_integer(e->rule_line) : json_null(), ok);
        put(rule, "pattern", str_or_null(e->rule), ok);
    }
    put(o, "rule", rule, ok);
    return o;
}

dyad_status dyad_write_event_jsonl(FILE *out, const dyad_article *a, const dyad_event *e)
{
    if (!out || !a || !e)
        return DYAD_MISUSE;
    bool ok = true;
    json_t *o = event_json(a, e, &ok);
    if (!ok) {
        json_decref(o);
        return DYAD_NOMEM;
    }

    /* Goldstein values are written with 15 significant digits: 3.4, not 3.3999999999999999. */
    size_t flags = JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(15);
    char small[1024];
    char *buf = small;
    size_t n = json_dumpb(o, small, sizeof small - 1, flags);
    if (n >= sizeof small - 1) {
        buf = n ? dy_malloc(n + 1) : NULL;
        if (!buf || json_dumpb(o, buf, n, flags) != n) {
            json_decref(o);
            if (buf)
                dy_free(buf);
            return DYAD_NOMEM;
        }
    }
    json_decref(o);
    if (n == 0)
        return DYAD_NOMEM;
    buf[n] = '\n';
    dyad_status st = fwrite(buf, 1, n + 1, out) == n + 1 && !ferror(out) ? DYAD_OK : DYAD_IO;
    if (buf != small)
        dy_free(buf);
    return st;
}
