/*
 * write_jsonl.c - one event as one line of JSON (schema "dyad.event/1", docs/events.md).
 * Written straight into one buffer, the way jansson writes it (compact, keys in order,
 * reals with 15 significant digits, strings escaped as jansson escapes them; every
 * invalid UTF-8 byte becomes U+FFFD), and handed to one fwrite so a line is never split
 * by another writer's output on the same stream. jansson built each event as a tree of
 * objects and was 40% of a run; tests/unit/test_io.c and fuzz/fuzz_jsonl.c compare this
 * writer's lines with jansson's reading of them.
 */
#include "io/io.h"
#include "text/text.h"

#include <jansson.h>
#include <math.h>
#include <string.h>

#define SCHEMA "dyad.event/1"

/* The most one byte of a string can take once written: "\u001F". */
#define ESC_MAX 6

static char *put(char *p, const char *s, size_t n)
{
    memcpy(p, s, n);
    return p + n;
}

#define PUT_LIT(p, lit) put((p), (lit), sizeof(lit) - 1)

static inline void store64(char *p, uint64_t v)
{
    memcpy(p, &v, 8);
}

static inline void store32(char *p, uint64_t v)
{
    uint32_t w = (uint32_t)v;
    memcpy(p, &w, 4);
}

/* Copies s[0, len), 1-16 bytes, to p if all are plain (as most codes, names and ids
 * are): two reads that may overlap (for 1-3 bytes the first, middle and last), two
 * writes, no branch on the bytes. The unused bytes of a short read count as spaces. */
static inline bool short_plain(char *p, const char *s, size_t len)
{
    const uint64_t spaces = 0x2020202020202020ull;
    if (len >= 8) {
        uint64_t a = dy_load64(s), b = dy_load64(s + len - 8);
        if (!dy_json_plain8(a) || !dy_json_plain8(b))
            return false;
        store64(p, a);
        store64(p + len - 8, b);
    } else if (len >= 4) {
        uint64_t a = dy_load32(s), b = dy_load32(s + len - 4);
        if (!dy_json_plain8(a | b << 32))
            return false;
        store32(p, a);
        store32(p + len - 4, b);
    } else {
        unsigned char x = (unsigned char)s[0], y = (unsigned char)s[len >> 1],
                      z = (unsigned char)s[len - 1];
        if (!dy_json_plain8((spaces << 24) | (uint64_t)x << 16 | (uint64_t)y << 8 | z))
            return false;
        p[0] = (char)x;
        p[len >> 1] = (char)y;
        p[len - 1] = (char)z;
    }
    return true;
}

/* s[0, len) as a JSON string; needs 2 + ESC_MAX * len bytes at p. */
static char *put_str(char *p, const char *s, size_t len)
{
    static const char hex[] = "0123456789ABCDEF";
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0;
    *p++ = '"';
    if (len - 1 < 16 && short_plain(p, s, len)) {
        p[len] = '"';
        return p + len + 1;
    }
    while (i < len) {
        size_t j = i + dy_json_plain_run(u + i, u + len);
        p = put(p, s + i, j - i);
        if ((i = j) == len)
            break;
        unsigned c = u[i];
        if (c >= 0x80) {
            size_t k = dy_utf8_seq(s + i, len - i);
            p = k ? put(p, s + i, k) : PUT_LIT(p, "\xEF\xBF\xBD");
            i += k ? k : 1;
            continue;
        }
        *p++ = '\\';
        switch (c) {
        case '"':
        case '\\':
            *p++ = (char)c;
            break;
        case '\b':
            *p++ = 'b';
            break;
        case '\f':
            *p++ = 'f';
            break;
        case '\n':
            *p++ = 'n';
            break;
        case '\r':
            *p++ = 'r';
            break;
        case '\t':
            *p++ = 't';
            break;
        default:
            p = PUT_LIT(p, "u00");
            *p++ = hex[c >> 4];
            *p++ = hex[c & 15];
        }
        i++;
    }
    *p++ = '"';
    return p;
}

/* s (n bytes, measured once by line_room) as a JSON string, or null. */
static char *put_cstr(char *p, const char *s, size_t n)
{
    return s ? put_str(p, s, n) : PUT_LIT(p, "null");
}

static char *put_uint(char *p, uint64_t v)
{
    /* two digits at a time, from the right, once the length is known */
    static const char pairs[201] = "00010203040506070809101112131415161718192021222324"
                                   "25262728293031323334353637383940414243444546474849"
                                   "50515253545556575859606162636465666768697071727374"
                                   "75767778798081828384858687888990919293949596979899";
    /* the number of digits: about log10 from the bit length, then one compare */
    static const uint64_t pow10[20] = {
        1u,           10u,           100u,           1000u,           10000u,
        100000u,      1000000u,      10000000u,      100000000u,      1000000000u,
        10000000000u, 100000000000u, 1000000000000u, 10000000000000u, 100000000000000u,
        1000000000000000u, 10000000000000000u, 100000000000000000u, 1000000000000000000u,
        10000000000000000000u};
    unsigned t = (unsigned)(64 - __builtin_clzll(v | 1)) * 1233 >> 12;
    size_t n = t + (v >= pow10[t]) + (v == 0);
    char *e = p + n;
    for (; v >= 100; v /= 100)
        memcpy(e -= 2, pairs + 2 * (v % 100), 2);
    if (v >= 10)
        memcpy(e - 2, pairs + 2 * v, 2);
    else
        e[-1] = (char)('0' + v);
    return p + n;
}

static char *put_int(char *p, int64_t v)
{
    if (v < 0)
        *p++ = '-';
    return put_uint(p, v < 0 ? 0 - (uint64_t)v : (uint64_t)v);
}

/* A real as jansson writes it with 15 significant digits ("7.0", "-2.5"); values with
 * one decimal, as every Goldstein score is, without printf. */
static char *put_real(char *p, double v)
{
    double r = v * 10;
    if (fabs(v) < 1e12 && r == nearbyint(r)) {
        uint64_t t = (uint64_t)fabs(r);
        if (signbit(v))
            *p++ = '-';
        p = put_uint(p, t / 10);
        *p++ = '.';
        *p++ = (char)('0' + t % 10);
        return p;
    }
    json_t *j = json_real(v);
    size_t n = j ? json_dumpb(j, p, 40, JSON_ENCODE_ANY | JSON_REAL_PRECISION(15)) : 0;
    json_decref(j);
    return n && n <= 40 ? p + n : PUT_LIT(p, "null");
}

/* The article's bytes of a span, clipped to the text; "" for an empty or bad span. */
static void span_bytes(const dyad_article *a, dyad_span sp, const char **s, size_t *len)
{
    *s = "";
    *len = 0;
    if (!a->text || sp.start >= sp.end || sp.start >= a->text_len)
        return;
    *s = a->text + sp.start;
    *len = (sp.end < a->text_len ? sp.end : a->text_len) - sp.start;
}

static size_t span_len(const dyad_article *a, dyad_span sp)
{
    const char *s;
    size_t n;
    span_bytes(a, sp, &s, &n);
    return n;
}

static char *put_span_text(char *p, const dyad_article *a, dyad_span sp)
{
    const char *s;
    size_t n;
    span_bytes(a, sp, &s, &n);
    return put_str(p, s, n);
}

static char *put_span(char *p, dyad_span sp)
{
    if (sp.start >= sp.end)
        return PUT_LIT(p, "null");
    *p++ = '[';
    p = put_uint(p, sp.start);
    *p++ = ',';
    p = put_uint(p, sp.end);
    *p++ = ']';
    return p;
}

static bool actor_empty(const dyad_actor *ac)
{
    return !ac->code || !ac->code[0] || dy_is_dashes(ac->code);
}

static char *put_actor(char *p, const dyad_article *a, const dyad_actor *ac, size_t code_len)
{
    if (actor_empty(ac))
        return PUT_LIT(p, "{\"code\":\"---\",\"text\":\"\",\"span\":null}");
    p = PUT_LIT(p, "{\"code\":");
    p = put_cstr(p, ac->code, code_len);
    p = PUT_LIT(p, ",\"text\":");
    p = put_span_text(p, a, ac->span);
    p = PUT_LIT(p, ",\"span\":");
    p = put_span(p, ac->span);
    *p++ = '}';
    return p;
}

static size_t cstr_len(const char *s)
{
    return s ? strlen(s) : 0;
}

/* The lengths of an event's strings. */
struct lens {
    size_t id, cameo, plover, rule_file, rule, code[2];
};

/* An upper bound of the line's length: the fixed text and numbers, plus ESC_MAX bytes
 * for every byte of every string; and the strings' lengths in *l. */
static size_t line_room(const dyad_article *a, const dyad_event *e, struct lens *l)
{
    *l = (struct lens){cstr_len(a->id), cstr_len(e->cameo), cstr_len(e->plover),
                       cstr_len(e->rule_file), cstr_len(e->rule), {0, 0}};
    size_t strings = l->id + l->cameo + l->plover + l->rule_file + l->rule + span_len(a, e->verb);
    const dyad_actor *ac[2] = {&e->source, &e->target};
    for (int k = 0; k < 2; k++)
        if (!actor_empty(ac[k])) {
            l->code[k] = cstr_len(ac[k]->code);
            strings += l->code[k] + span_len(a, ac[k]->span);
        }
    return 512 + ESC_MAX * strings;
}

dyad_status dyad_write_event_jsonl(FILE *out, const dyad_article *a, const dyad_event *e)
{
    if (!out || !a || !e)
        return DYAD_MISUSE;
    char small[4096];
    struct lens l;
    size_t room = line_room(a, e, &l);
    char *buf = room <= sizeof small ? small : dy_malloc(room);
    if (!buf)
        return DYAD_NOMEM;

    char *p = PUT_LIT(buf, "{\"schema\":\"" SCHEMA "\",\"doc\":");
    p = put_cstr(p, a->id, l.id);
    p = PUT_LIT(p, ",\"sentence\":");
    p = put_uint(p, e->sentence);
    p = PUT_LIT(p, ",\"date\":");
    if (a->day == INT32_MIN) {
        p = PUT_LIT(p, "null");
    } else {
        /* an article's events share its date: format it once per thread and day */
        static _Thread_local int32_t day = INT32_MIN;
        static _Thread_local char date[DY_DATE_BUF];
        if (a->day != day) {
            dy_format_date(a->day, date);
            day = a->day;
        }
        p = put_str(p, date, strlen(date));
    }
    p = PUT_LIT(p, ",\"source\":");
    p = put_actor(p, a, &e->source, l.code[0]);
    p = PUT_LIT(p, ",\"target\":");
    p = put_actor(p, a, &e->target, l.code[1]);
    p = PUT_LIT(p, ",\"cameo\":");
    p = put_cstr(p, e->cameo, l.cameo);
    p = PUT_LIT(p, ",\"plover\":");
    p = put_cstr(p, e->plover, l.plover);
    p = PUT_LIT(p, ",\"goldstein\":");
    p = isfinite(e->goldstein) ? put_real(p, e->goldstein) : PUT_LIT(p, "null");
    p = PUT_LIT(p, ",\"quad_class\":");
    p = e->quad_class ? put_int(p, e->quad_class) : PUT_LIT(p, "null");
    p = PUT_LIT(p, ",\"verb\":{\"text\":");
    p = put_span_text(p, a, e->verb);
    p = PUT_LIT(p, ",\"span\":");
    p = put_span(p, e->verb);
    p = PUT_LIT(p, "},\"rule\":{\"file\":");
    p = put_cstr(p, e->rule_file, l.rule_file);
    p = PUT_LIT(p, ",\"line\":");
    p = e->rule_line ? put_uint(p, e->rule_line) : PUT_LIT(p, "null");
    p = PUT_LIT(p, ",\"pattern\":");
    p = put_cstr(p, e->rule, l.rule);
    p = PUT_LIT(p, "}}\n");

    size_t n = (size_t)(p - buf);
    dyad_status st = fwrite(buf, 1, n, out) == n && !ferror(out) ? DYAD_OK : DYAD_IO;
    if (buf != small)
        dy_free(buf);
    return st;
}
