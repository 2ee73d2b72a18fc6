/*
 * test_io.c - the readers and writers: dates, JSON lines (good and bad records), PETRARCH
 * XML from inline strings and from the shared validation files, the text reader, the
 * event writer, and allocation failure on every path of the parsers.
 */
#include "io/io.h"
#include "t.h"

#include <jansson.h>
#include <stdlib.h>
#include <unistd.h>

/* ---- collecting records from the buffer parsers ------------------------------------- */

#define MAX_RECS 16

struct rec {
    char id[64], date[16], text[512], title[64], src[32], url[64], gold[256], category[32];
    int has_date, has_gold;
    int32_t day;
    uint32_t line;
    size_t n_expect;
    char expect[4][4][32]; /* source, target, code, error ("" when NULL) */
    int noevents[4];
    size_t n_config;
    char config[4][2][32];
};

struct coll {
    int n_ok, n_bad;
    struct rec recs[MAX_RECS];
    dyad_error errs[MAX_RECS];
    char err_src[MAX_RECS][32];
};

static void copy(char *dst, size_t cap, const char *s)
{
    snprintf(dst, cap, "%s", s ? s : "");
}

static void keep(struct rec *r, const dyad_article *a)
{
    memset(r, 0, sizeof *r);
    copy(r->id, sizeof r->id, a->id);
    r->has_date = a->date != NULL;
    copy(r->date, sizeof r->date, a->date);
    snprintf(r->text, sizeof r->text, "%.*s", (int)a->text_len, a->text);
    copy(r->title, sizeof r->title, a->title);
    copy(r->src, sizeof r->src, a->source);
    copy(r->url, sizeof r->url, a->url);
    r->has_gold = a->gold_json != NULL;
    copy(r->gold, sizeof r->gold, a->gold_json);
    copy(r->category, sizeof r->category, a->category);
    r->day = a->day;
    r->line = a->line;
    r->n_expect = a->n_expect;
    for (size_t i = 0; i < a->n_expect && i < 4; i++) {
        copy(r->expect[i][0], 32, a->expect[i].source);
        copy(r->expect[i][1], 32, a->expect[i].target);
        copy(r->expect[i][2], 32, a->expect[i].code);
        copy(r->expect[i][3], 32, a->expect[i].error);
        r->noevents[i] = a->expect[i].noevents;
    }
    r->n_config = a->n_config;
    for (size_t i = 0; i < a->n_config && i < 4; i++) {
        copy(r->config[i][0], 32, a->config[i].key);
        copy(r->config[i][1], 32, a->config[i].value);
    }
}

static dyad_status on_article(void *ctx, const dyad_article *a)
{
    struct coll *c = ctx;
    if (c->n_ok < MAX_RECS)
        keep(&c->recs[c->n_ok], a);
    c->n_ok++;
    return DYAD_OK;
}

static void on_bad(void *ctx, const dyad_error *e)
{
    struct coll *c = ctx;
    if (c->n_bad < MAX_RECS) {
        c->errs[c->n_bad] = *e;
        copy(c->err_src[c->n_bad], 32, e->source);
    }
    c->n_bad++;
}

static dyad_status parse_jsonl(const char *s, struct coll *c)
{
    memset(c, 0, sizeof *c);
    return dy_parse_jsonl("mem.jsonl", s, strlen(s), on_article, on_bad, c);
}

static dyad_status parse_xml(const char *s, struct coll *c)
{
    memset(c, 0, sizeof *c);
    return dy_parse_petrxml("mem.xml", s, strlen(s), on_article, on_bad, c);
}

/* Writes s to a fresh temporary file whose name ends in suffix; the caller unlinks it. */
static int temp_file(char *path, size_t cap, const char *suffix, const char *s, size_t len)
{
    snprintf(path, cap, "/tmp/dyad_test_io_XXXXXX%s", suffix);
    int fd = mkstemps(path, (int)strlen(suffix));
    if (fd < 0)
        return -1;
    int ok = write(fd, s, len) == (ssize_t)len;
    close(fd);
    return ok ? 0 : -1;
}

/* ---- dates ---------------------------------------------------------------------------- */

static int32_t day_of(const char *s)
{
    int32_t d = 12345;
    return dyad_parse_date(s, strlen(s), &d) == DYAD_OK ? d : INT32_MIN;
}

static void test_dates(void)
{
    T_CHECK(day_of("1970-01-01") == 0);
    T_CHECK(day_of("19700102") == 1);
    T_CHECK(day_of("1969-12-31") == -1);
    T_CHECK(day_of("1995-01-01") == 9131);
    T_CHECK(day_of("20080804") == 14095);
    T_CHECK(day_of("2000-02-29") == 11016); /* divisible by 400: leap */
    T_CHECK(day_of("2024-02-29") == 19782);
    T_CHECK(day_of("1000-01-01") == -354285);
    T_CHECK(day_of("9999-12-31") == 2932896);
    T_CHECK(day_of("1900-02-29") == INT32_MIN); /* divisible by 100: not leap */
    T_CHECK(day_of("2023-02-29") == INT32_MIN);
    T_CHECK(day_of("2024-04-31") == INT32_MIN);
    T_CHECK(day_of("2024-13-40") == INT32_MIN);
    T_CHECK(day_of("2024-00-10") == INT32_MIN);
    T_CHECK(day_of("2024-01-00") == INT32_MIN);
    T_CHECK(day_of("0999-12-31") == INT32_MIN);
    T_CHECK(day_of("2024-1-05") == INT32_MIN);
    T_CHECK(day_of("2024/01/05") == INT32_MIN);
    T_CHECK(day_of("202401051") == INT32_MIN);
    T_CHECK(day_of("2024-01-05T00:00:00Z") == INT32_MIN);
    T_CHECK(day_of("+2024-1-5") == INT32_MIN);
    T_CHECK(day_of("2024 105") == INT32_MIN);
    T_CHECK(day_of("") == INT32_MIN);
    int32_t d;
    T_CHECK(dyad_parse_date("2024-01-05xyz", 10, &d) == DYAD_OK); /* only len bytes */
    T_CHECK(dyad_parse_date(NULL, 0, &d) == DYAD_MISUSE);

    static const char *const round[] = {"1970-01-01", "1969-12-31", "2000-02-29",
                                        "1000-01-01", "9999-12-31", "2024-03-01"};
    for (size_t i = 0; i < sizeof round / sizeof round[0]; i++) {
        char buf[DY_DATE_BUF];
        dy_format_date(day_of(round[i]), buf);
        T_STREQ(buf, round[i]);
    }
}

/* ---- JSON lines ----------------------------------------------------------------------- */

static void test_jsonl_good(void)
{
    struct coll c;
    const char *in =
        "\xEF\xBB\xBF{\"id\":\"a1\",\"date\":\"2024-02-29\",\"text\":\"Hello \\u00e9 world.\","
        "\"title\":\"T\",\"source\":\"AFP\",\"url\":\"http://x\",\"extra\":[1],"
        "\"gold\":{\"z\":1,\"a\":[true,null,\"x\"],\"r\":3.4}}\n"
        "\n"
        "   \t\r\n"
        "{\"id\": 17, \"text\": \"\", \"date\": null, \"title\": null}\r\n"
        "{\"text\":\"no newline at end\",\"id\":\"last\",\"date\":\"19950101\"}";
    T_CHECK(parse_jsonl(in, &c) == DYAD_OK);
    T_CHECK(c.n_ok == 3);
    T_CHECK(c.n_bad == 0);
    T_STREQ(c.recs[0].id, "a1");
    T_STREQ(c.recs[0].date, "2024-02-29");
    T_CHECK(c.recs[0].day == 19782);
    T_STREQ(c.recs[0].text, "Hello \xC3\xA9 world.");
    T_STREQ(c.recs[0].title, "T");
    T_STREQ(c.recs[0].src, "AFP");
    T_STREQ(c.recs[0].url, "http://x");
    T_CHECK(c.recs[0].has_gold);
    T_STREQ(c.recs[0].gold, "{\"z\":1,\"a\":[true,null,\"x\"],\"r\":3.4}");
    T_CHECK(c.recs[0].line == 1);
    T_STREQ(c.recs[1].id, "17");
    T_CHECK(!c.recs[1].has_date);
    T_CHECK(c.recs[1].day == INT32_MIN);
    T_STREQ(c.recs[1].text, "");
    T_CHECK(!c.recs[1].has_gold);
    T_CHECK(c.recs[1].line == 4);
    T_STREQ(c.recs[2].id, "last");
    T_CHECK(c.recs[2].day == 9131);
    T_CHECK(c.recs[2].line == 5);

    T_CHECK(parse_jsonl("", &c) == DYAD_OK && c.n_ok == 0 && c.n_bad == 0);
    T_CHECK(parse_jsonl("\n\n\n", &c) == DYAD_OK && c.n_ok == 0 && c.n_bad == 0);
}

struct bad_case {
    const char *line;
    const char *message;
    uint32_t column;
};

static void test_jsonl_bad(void)
{
    static const struct bad_case cases[] = {
        {"{\"id\":\"x\"}", "expected a JSON object with a string \"text\"", 0},
        {"[1,2]", "expected a JSON object with a string \"text\", got an array", 0},
        {"\"just a string\"", "expected a JSON object with a string \"text\", got a string", 0},
        {"{\"id\":\"x\",\"text\":5}", "\"text\" must be a string, got a number", 0},
        {"{\"id\":\"x\",\"text\":null}", "\"text\" must be a string, got null", 0},
        {"{\"text\":\"t\"}", "missing \"id\" (a string)", 0},
        {"{\"id\":[],\"text\":\"t\"}", "\"id\" must be a string or an integer, got an array", 0},
        {"{\"id\":\"\",\"text\":\"t\"}", "\"id\" must not be empty", 0},
        {"{\"id\":\"x\",\"text\":\"t\",\"date\":\"2024-13-40\"}",
         "\"date\" must be a day from 1000-01-01 to 9999-12-31 as YYYY-MM-DD or YYYYMMDD, "
         "got \"2024-13-40\"",
         0},
        {"{\"id\":\"x\",\"text\":\"t\",\"date\":\"\"}",
         "\"date\" must be a day from 1000-01-01 to 9999-12-31 as YYYY-MM-DD or YYYYMMDD, "
         "got \"\"",
         0},
        {"{\"id\":\"x\",\"text\":\"t\",\"date\":20240101}",
         "\"date\" must be a string (YYYY-MM-DD or YYYYMMDD), got a number", 0},
        {"{\"id\":\"x\",\"text\":\"t\",\"title\":true}",
         "\"title\" must be a string, got a boolean", 0},
        {"{\"id\":\"x\",\"text\":\"t\",\"url\":{}}", "\"url\" must be a string, got an object", 0},
        {"{\"id\":\"x\",\"text\":\"t\",\"source\":1.5}",
         "\"source\" must be a string, got a number", 0},
        {"{\"id\":\"x\",\"id\":\"y\",\"text\":\"t\"}", NULL, 0},
        {"{\"id\":\"x\", \"text\": }", NULL, 20},
        {"{\"id\":\"x\",\"text\":\"t\"} extra", NULL, 0},
        {"{\"id\":\"x\",\"text\":\"a\\u0000b\"}", NULL, 0},
        {"not json", NULL, 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char in[256];
        struct coll c;
        /* A good line on each side: a bad line costs only itself. */
        snprintf(in, sizeof in,
                 "{\"id\":\"g1\",\"text\":\"ok\"}\n%s\n{\"id\":\"g2\",\"text\":\"ok\"}",
                 cases[i].line);
        T_CHECK(parse_jsonl(in, &c) == DYAD_OK);
        T_CHECK(c.n_ok == 2);
        T_CHECK(c.n_bad == 1);
        if (c.n_bad != 1)
            continue;
        const dyad_error *e = &c.errs[0];
        T_CHECK(e->status == DYAD_SYNTAX);
        T_STREQ(c.err_src[0], "mem.jsonl");
        T_CHECK(e->line == 2);
        T_CHECK(cases[i].message ? e->offset == 24 : e->offset > 24);
        if (cases[i].message)
            T_STREQ(e->message, cases[i].message);
        else
            T_CHECK(strncmp(e->message, "invalid JSON: ", 14) == 0);
        if (cases[i].column)
            T_CHECK(e->column == cases[i].column);
        if (!cases[i].message)
            T_CHECK(e->column > 0);
    }
}

/* ---- the JSON lines fast path ---------------------------------------------------------- */

static bool same_opt(const char *a, const char *b)
{
    return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

/* Whether the line reads the same with the fast path first as with jansson alone: the
 * same record, or the same error at the same place. */
static bool same_as_jansson(const char *s, size_t len)
{
    struct dy_jsonl_rec fr = {0}, jr = {0};
    dyad_article fa, ja;
    dyad_error fe, je;
    int frc = dy_jsonl_line(&fr, "m", 3, 10, s, len, &fa, &fe);
    int jrc = dy_jsonl_line_jansson(&jr, "m", 3, 10, s, len, &ja, &je);
    bool same = frc == jrc;
    if (same && frc > 0)
        same = same_opt(fa.id, ja.id) && same_opt(fa.date, ja.date) && fa.day == ja.day &&
               fa.text_len == ja.text_len && memcmp(fa.text, ja.text, fa.text_len) == 0 &&
               fa.text[fa.text_len] == '\0' && same_opt(fa.title, ja.title) &&
               same_opt(fa.source, ja.source) && same_opt(fa.url, ja.url) &&
               same_opt(fa.gold_json, ja.gold_json) && fa.line == ja.line;
    else if (same && frc < 0)
        same = fe.status == je.status && fe.line == je.line && fe.column == je.column &&
               fe.offset == je.offset && strcmp(fe.message, je.message) == 0;
    dy_jsonl_rec_free(&fr);
    dy_jsonl_rec_free(&jr);
    return same;
}

/* dy_jsonl_fast on s: 1 accepted, 0 declined (then *a must be untouched). */
static int fast_rc(const char *s, dyad_article *a, struct dy_jsonl_rec *r)
{
    memset(a, 0, sizeof *a);
    a->day = INT32_MIN;
    int rc = dy_jsonl_fast(r, s, strlen(s), a);
    if (rc == 0)
        T_CHECK(!a->id && !a->text && a->day == INT32_MIN);
    return rc;
}

static void test_jsonl_fast(void)
{
    struct dy_jsonl_rec r = {0};
    dyad_article a;

    /* Every escape, decoded as jansson decodes it. */
    const char *esc = "{\"id\":\"e\\t1\",\"text\":\"q\\\" b\\\\ s\\/ \\b\\f\\n\\r\\t \\u00e9\\u20AC"
                      "\\u0041\",\"date\":\"2024-02-29\"}";
    T_CHECK(fast_rc(esc, &a, &r) == 1);
    T_STREQ(a.id, "e\t1");
    T_STREQ(a.text, "q\" b\\ s/ \b\f\n\r\t \xC3\xA9\xE2\x82\xAC"
                    "A");
    T_CHECK(a.text_len == strlen(a.text));
    T_STREQ(a.date, "2024-02-29");
    T_CHECK(a.day == 19782);
    T_CHECK(!a.title && !a.source && !a.url && !a.gold_json);
    T_CHECK(same_as_jansson(esc, strlen(esc)));

    /* A surrogate pair is one character, four bytes of UTF-8; raw UTF-8 passes as is. */
    const char *pair = "{\"id\":\"s\",\"text\":\"\\ud83d\\ude00 \\uDBFF\\uDFFF \xF0\x9F\x98\x80\"}";
    T_CHECK(fast_rc(pair, &a, &r) == 1);
    T_STREQ(a.text, "\xF0\x9F\x98\x80 \xF4\x8F\xBF\xBF \xF0\x9F\x98\x80");
    T_CHECK(same_as_jansson(pair, strlen(pair)));

    /* Keys the reader has no use for are skipped; nulls are as good as absent. */
    const char *unknown = " {\"x\":\"\\u00e9\", \"id\" : \"k\",\"y\":null,\"\xC3\xA9\":\"v\","
                          "\"text\":\"t\",\"title\":null,\"url\":\"u\",\"z\":\"w\"}\r\n";
    T_CHECK(fast_rc(unknown, &a, &r) == 1);
    T_STREQ(a.id, "k");
    T_STREQ(a.text, "t");
    T_STREQ(a.url, "u");
    T_CHECK(!a.title && !a.source && !a.date && a.day == INT32_MIN);
    T_CHECK(same_as_jansson(unknown, strlen(unknown)));

    /* Declined, and jansson's path then gives the record or the error it always gave. */
    static const char *const declined[] = {
        "{\"id\":17,\"text\":\"integer id\"}",
        "{\"id\":\"g\",\"text\":\"t\",\"gold\":null}",
        "{\"id\":\"g\",\"text\":\"t\",\"gold\":\"x\"}",
        "{\"id\":\"n\",\"text\":\"t\",\"n\":1.5}",
        "{\"id\":\"n\",\"text\":\"t\",\"n\":[\"a\"]}",
        "{\"id\":\"n\",\"text\":\"t\",\"n\":{}}",
        "{\"id\":\"n\",\"text\":\"t\",\"n\":true}",
        "{\"id\":\"n\",\"text\":\"t\",\"n\":false}",
        "{\"id\":\"d\",\"id\":\"e\",\"text\":\"t\"}",
        "{\"id\":\"d\",\"x\":null,\"text\":\"t\",\"x\":\"y\"}",
        "{\"\\u0069d\":\"k\",\"text\":\"escaped key\"}",
        "{\"id\":\"k\",\"text\":\"t\",\"\\u0069d\":\"dup through an escape\"}",
        "{\"id\":\"c\",\"text\":\"a\tb\"}",
        "{\"id\":\"c\",\"text\":\"a\x7f\037b\"}",
        "{\"id\":\"u\",\"text\":\"overlong \xC0\xAF\"}",
        "{\"id\":\"u\",\"text\":\"overlong \xE0\x80\xAF\"}",
        "{\"id\":\"u\",\"text\":\"overlong \xF0\x80\x80\xAF\"}",
        "{\"id\":\"u\",\"text\":\"surrogate \xED\xA0\x80\"}",
        "{\"id\":\"u\",\"text\":\"too big \xF4\x90\x80\x80\"}",
        "{\"id\":\"u\",\"text\":\"too big \xF5\x80\x80\x80\"}",
        "{\"id\":\"u\",\"text\":\"cut \xE2\x82\"}",
        "{\"id\":\"u\",\"text\":\"stray \x80\"}",
        "{\"id\":\"z\",\"text\":\"a\\u0000b\"}",
        "{\"id\":\"z\",\"text\":\"lone \\ud83d\"}",
        "{\"id\":\"z\",\"text\":\"lone \\ude00\"}",
        "{\"id\":\"z\",\"text\":\"bad \\ud83d\\u0041\"}",
        "{\"id\":\"z\",\"text\":\"bad \\ud83d\\n\"}",
        "{\"id\":\"z\",\"text\":\"bad \\u12g4\"}",
        "{\"id\":\"z\",\"text\":\"bad \\x\"}",
        "{\"id\":\"z\",\"text\":\"cut \\u12",
        "{\"id\":\"z\",\"text\":\"t\"} trailing",
        "{\"id\":\"z\",\"text\":\"t\"}}",
        "{\"id\":\"z\",\"text\":\"t\",}",
        "{\"id\":\"z\" \"text\":\"t\"}",
        "{\"id\":\"z\",\"text\":nul}",
        "{\"id\":\"z\",\"text\":nullx}",
        "{\"id\":\"z\",\"text\":\"t\"",
        "{\"id\":\"x\"}",
        "{\"id\":\"x\",\"text\":null}",
        "{\"id\":null,\"text\":\"t\"}",
        "{\"text\":\"t\"}",
        "{\"id\":\"\",\"text\":\"t\"}",
        "{\"id\":\"x\",\"text\":\"t\",\"date\":\"2024-13-40\"}",
        "{\"id\":\"x\",\"text\":\"t\",\"date\":\"\"}",
        "{}",
        "[1,2]",
        "\"just a string\"",
        "not json",
    };
    for (size_t i = 0; i < sizeof declined / sizeof declined[0]; i++) {
        int rc = fast_rc(declined[i], &a, &r);
        T_CHECK(rc == 0);
        T_CHECK(same_as_jansson(declined[i], strlen(declined[i])));
        if (rc != 0 || !same_as_jansson(declined[i], strlen(declined[i])))
            fprintf(stderr, "    line: %s\n", declined[i]);
    }
    /* More keys than it keeps track of for duplicates: declined. */
    char many[1024] = "{\"id\":\"m\",\"text\":\"t\"";
    for (int i = 0; i < 40; i++)
        snprintf(many + strlen(many), sizeof many - strlen(many), ",\"k%d\":null", i);
    strcat(many, "}");
    T_CHECK(fast_rc(many, &a, &r) == 0);
    T_CHECK(same_as_jansson(many, strlen(many)));
    /* A byte order mark, then a good line. */
    const char *bom = "\xEF\xBB\xBF{\"id\":\"b\",\"text\":\"t\"}";
    T_CHECK(same_as_jansson(bom, strlen(bom)));

    /* A 1 MB text: plain runs, escapes, UTF-8 and pairs, read as jansson reads it. */
    size_t cap = (1 << 20) + 256;
    char *big = malloc(cap);
    T_CHECK(big != NULL);
    if (big) {
        static const char *const pieces[] = {"plain words, ", "\\\"q\\\" ",     "caf\xC3\xA9 ",
                                             "\\u00e9\\n",    "\\ud83d\\ude00", "\\/\\t"};
        size_t len = (size_t)snprintf(big, cap, "{\"id\":\"big\",\"text\":\"");
        for (size_t i = 0; len < ((size_t)1 << 20); i++) {
            size_t n = strlen(pieces[i % 6]);
            memcpy(big + len, pieces[i % 6], n);
            len += n;
        }
        memcpy(big + len, "\"}", 3);
        len += 2;
        T_CHECK(fast_rc(big, &a, &r) == 1);
        T_CHECK(a.text_len > 600000 && strlen(a.text) == a.text_len);
        T_CHECK(same_as_jansson(big, len));
        /* Grown once, the buffer serves every later line without an allocation. */
        dy_alloc_fail_after(1);
        T_CHECK(fast_rc(esc, &a, &r) == 1);
        T_CHECK(fast_rc(big, &a, &r) == 1);
        dy_alloc_fail_after(0);
        free(big);
    }
    dy_jsonl_rec_free(&r);

    /* Out of memory in the fast path: DYAD_NOMEM, as from jansson's, and nothing leaked. */
    struct dy_jsonl_rec fresh = {0};
    dyad_error err;
    dy_alloc_fail_after(1);
    T_CHECK(dy_jsonl_line(&fresh, "m", 2, 5, esc, strlen(esc), &a, &err) == -1);
    dy_jsonl_rec_free(&fresh);
    T_CHECK(dy_alloc_live() == 0);
    dy_alloc_fail_after(0);
    T_CHECK(err.status == DYAD_NOMEM && err.line == 2 && err.offset == 5);
    T_STREQ(err.message, "out of memory");
}

static dyad_status stop_at_first(void *ctx, const dyad_article *a)
{
    (void)a;
    (*(int *)ctx)++;
    return DYAD_LIMIT;
}

static void test_jsonl_emit_stops(void)
{
    int n = 0;
    const char *in = "{\"id\":\"a\",\"text\":\"x\"}\n{\"id\":\"b\",\"text\":\"y\"}\n";
    T_CHECK(dy_parse_jsonl(NULL, in, strlen(in), stop_at_first, NULL, &n) == DYAD_LIMIT);
    T_CHECK(n == 1);
}

/* ---- the reader: JSON lines and text -------------------------------------------------- */

static void test_reader_jsonl(void)
{
    char path[64];
    const char *in = "{\"id\":\"one\",\"text\":\"first\"}\n"
                     "{\"id\":\"long\",\"text\":\"this line is far too long for the limit\"}\n"
                     "\n"
                     "{\"id\":\"two\",\"text\":\"second\",\"gold\":[1]}\n"
                     "{\"id\":3}\n"
                     "{\"id\":\"three\",\"text\":\"x\"}";
    if (temp_file(path, sizeof path, ".jsonl", in, strlen(in)) != 0) {
        T_CHECK(!"cannot write a temporary file");
        return;
    }
    dyad_options opt = {0};
    opt.max_article_bytes = 40;
    dyad_reader *r = NULL;
    dyad_error err;
    dyad_article a;
    T_CHECK(dyad_reader_open(path, DYAD_FORMAT_AUTO, &opt, &r, &err) == DYAD_OK);
    if (!r) {
        unlink(path);
        return;
    }
    T_CHECK(dyad_reader_next(r, &a, &err) == 1);
    T_STREQ(a.id, "one");
    T_CHECK(a.text_len == 5 && memcmp(a.text, "first", 5) == 0);
    T_CHECK(a.line == 1);
    T_CHECK(dyad_reader_next(r, &a, &err) == -1);
    T_CHECK(err.status == DYAD_LIMIT);
    T_CHECK(err.line == 2);
    T_CHECK(err.offset == 28);
    T_STREQ(err.source, path);
    T_STREQ(err.message, "line is longer than the limit of 40 bytes");
    T_CHECK(dyad_reader_next(r, &a, &err) == 1);
    T_STREQ(a.id, "two");
    T_STREQ(a.gold_json, "[1]");
    T_CHECK(a.line == 4);
    T_CHECK(dyad_reader_next(r, &a, &err) == -1);
    T_CHECK(err.status == DYAD_SYNTAX && err.line == 5);
    T_CHECK(dyad_reader_next(r, &a, NULL) == 1);
    T_STREQ(a.id, "three");
    T_CHECK(a.line == 6);
    T_CHECK(dyad_reader_next(r, &a, &err) == 0);
    T_CHECK(dyad_reader_next(r, &a, &err) == 0);
    dyad_reader_free(r);

    /* Told the format, the extension does not matter. */
    T_CHECK(dyad_reader_open(path, DYAD_FORMAT_TEXT, NULL, &r, &err) == DYAD_OK);
    T_CHECK(r && dyad_reader_next(r, &a, &err) == 1);
    T_CHECK(a.text_len == strlen(in));
    dyad_reader_free(r);
    unlink(path);

    T_CHECK(dyad_reader_open("/nonexistent/dir/x.jsonl", DYAD_FORMAT_AUTO, NULL, &r, &err) ==
            DYAD_IO);
    T_CHECK(r == NULL);
    T_CHECK(strncmp(err.message, "cannot open: ", 13) == 0);
    T_CHECK(dyad_reader_open(NULL, DYAD_FORMAT_AUTO, NULL, &r, &err) == DYAD_MISUSE);
    T_CHECK(dyad_reader_open("x", (dyad_format)42, NULL, &r, &err) == DYAD_MISUSE);
    dyad_reader_free(NULL);
}

static void test_reader_text(void)
{
    char path[64];
    const char *in = "Arnor restored ties with Gondor.\nA second line.\n";
    if (temp_file(path, sizeof path, ".txt", in, strlen(in)) != 0) {
        T_CHECK(!"cannot write a temporary file");
        return;
    }
    dyad_reader *r = NULL;
    dyad_error err;
    dyad_article a;
    T_CHECK(dyad_reader_open(path, DYAD_FORMAT_AUTO, NULL, &r, &err) == DYAD_OK);
    T_CHECK(r && dyad_reader_next(r, &a, &err) == 1);
    T_STREQ(a.id, strrchr(path, '/') + 1);
    T_CHECK(a.day == INT32_MIN && a.date == NULL);
    T_CHECK(a.text_len == strlen(in) && memcmp(a.text, in, a.text_len) == 0);
    T_CHECK(a.line == 1);
    T_CHECK(dyad_reader_next(r, &a, &err) == 0);
    dyad_reader_free(r);

    dyad_options opt = {0};
    opt.max_article_bytes = 10;
    T_CHECK(dyad_reader_open(path, DYAD_FORMAT_AUTO, &opt, &r, &err) == DYAD_OK);
    T_CHECK(r && dyad_reader_next(r, &a, &err) == -1);
    T_CHECK(err.status == DYAD_LIMIT);
    T_CHECK(dyad_reader_next(r, &a, &err) == 0);
    dyad_reader_free(r);
    unlink(path);
}

/* ---- PETRARCH XML --------------------------------------------------------------------- */

/* Line numbers matter below: S1 starts on line 12, the unnamed sentence on 33. */
static const char xml_small[] =
    "<?xml version=\"1.0\"?>\n"
    "<Validation>\n"
    "<Environment>\n"
    "    <Verbfile> verbs.txt </Verbfile>\n"
    "    <Actorfile>a1.txt</Actorfile>\n"
    "    <Actorfile>a2.txt</Actorfile>\n"
    "    <Agentfile>agents.txt</Agentfile>\n"
    "    <Discardfile>discards.txt</Discardfile>\n"
    "    <Config option=\"stop_on_error\" value=\"True\"></Config>\n"
    "</Environment>\n"
    "<Sentences>\n"
    "<Sentence date = \"20080801\" id =\"S1\" category=\"DEMO\" sentence=\"true\">\n"
    "<!-- a comment -->\n"
    "<EventCoding sourcecode=\"ARN\" targetcode=\"GON\" eventcode=\"064\"></EventCoding>\n"
    "<EventCoding sourcecode='\"INJURY TOLL\"' targetcode=\"OSG\" eventcode=\"223\"/>\n"
    "<Text>\n"
    "   Arnor will abandon full &amp;TIETYPE ties with Gondor almost \n"
    "   five years  later.\n"
    "</Text>\n"
    "<Parse>(ROOT (S (NP (NNP Arnor))))</Parse>\n"
    "</Sentence>\n"
    "<Config option=\"require_dyad\" value=\"false\"></Config>\n"
    "<Config option = \"comma_emax\" value = \"0\"/>\n"
    "<Sentence date=\"19950101\" id=\"S2\">\n"
    "<EventCoding noevents = \"True\"></EventCoding>\n"
    "<Text>Nothing here.</Text>\n"
    "</Sentence>\n"
    "<Sentence date=\"19950101\" id=\"S3\">\n"
    "<EventCoding error=\"sentencediscard\"></EventCoding>\n"
    "<Parse>no text here</Parse>\n"
    "</Sentence>\n"
    "<Sentence date=\"19951301\" id=\"S4\"><Text>bad date</Text></Sentence>\n"
    "<Sentence date=\"19950102\"><Text><![CDATA[a < b]]> &#38; c</Text></Sentence>\n"
    "<Config value=\"x\"/>\n"
    "<Sentence id=\"S6\"><Text>\n\n   undated\n</Text></Sentence>\n"
    "</Sentences>\n"
    "</Validation>\n";

static void test_xml_small(void)
{
    struct coll c;
    T_CHECK(parse_xml(xml_small, &c) == DYAD_OK);
    T_CHECK(c.n_ok == 4);
    T_CHECK(c.n_bad == 3);

    const struct rec *r = &c.recs[0];
    T_STREQ(r->id, "S1");
    T_STREQ(r->date, "20080801");
    T_CHECK(r->day == day_of("2008-08-01"));
    T_STREQ(r->category, "DEMO");
    T_CHECK(r->line == 12);
    T_STREQ(r->text, "Arnor will abandon full &TIETYPE ties with Gondor almost five years  later.");
    T_CHECK(r->n_expect == 2);
    T_STREQ(r->expect[0][0], "ARN");
    T_STREQ(r->expect[0][1], "GON");
    T_STREQ(r->expect[0][2], "064");
    T_STREQ(r->expect[0][3], "");
    T_CHECK(!r->noevents[0]);
    T_STREQ(r->expect[1][0], "\"INJURY TOLL\"");
    T_STREQ(r->expect[1][2], "223");
    T_CHECK(r->n_config == 0); /* the <Environment> config is not a record's */

    r = &c.recs[1];
    T_STREQ(r->id, "S2");
    T_STREQ(r->text, "Nothing here.");
    T_CHECK(r->n_expect == 1 && r->noevents[0] == 1);
    T_STREQ(r->expect[0][0], "");
    T_CHECK(r->n_config == 2);
    T_STREQ(r->config[0][0], "require_dyad");
    T_STREQ(r->config[0][1], "false");
    T_STREQ(r->config[1][0], "comma_emax");
    T_STREQ(r->config[1][1], "0");

    r = &c.recs[2];
    T_STREQ(r->id, "mem.xml:33"); /* generated from the source and line */
    T_STREQ(r->text, "a < b & c");
    T_CHECK(r->n_config == 0);
    T_CHECK(r->n_expect == 0);

    r = &c.recs[3];
    T_STREQ(r->id, "S6");
    T_STREQ(r->text, "undated");
    T_CHECK(!r->has_date && r->day == INT32_MIN);

    T_CHECK(c.errs[0].status == DYAD_SYNTAX && c.errs[0].line == 28);
    T_STREQ(c.errs[0].message, "sentence \"S3\" has no <Text> element");
    T_CHECK(c.errs[1].line == 32);
    T_STREQ(c.errs[1].message,
            "sentence \"S4\": \"date\" must be a day from 1000-01-01 to 9999-12-31 as "
            "YYYY-MM-DD or YYYYMMDD, got \"19951301\"");
    T_CHECK(c.errs[2].line == 34);
    T_STREQ(c.errs[2].message, "<Config> needs option=\"...\" and value=\"...\" attributes");
    T_STREQ(c.err_src[0], "mem.xml");

    dyad_suite_env env;
    dyad_error err;
    T_CHECK(dy_petrxml_env_parse("mem.xml", xml_small, strlen(xml_small), &env, &err) == DYAD_OK);
    T_STREQ(env.verbs, "verbs.txt");
    T_CHECK(env.n_actors == 2);
    if (env.n_actors == 2) {
        T_STREQ(env.actors[0], "a1.txt");
        T_STREQ(env.actors[1], "a2.txt");
    }
    T_STREQ(env.agents, "agents.txt");
    T_STREQ(env.discards, "discards.txt");
    T_CHECK(env.n_config == 1);
    if (env.n_config == 1) {
        T_STREQ(env.config[0].key, "stop_on_error");
        T_STREQ(env.config[0].value, "True");
    }
    dyad_suite_env_free(&env);
    T_CHECK(env.verbs == NULL && env.n_actors == 0);
    dyad_suite_env_free(NULL);

    const char *no_env = "<Sentences><Sentence id='a'><Text>x</Text></Sentence></Sentences>";
    T_CHECK(dy_petrxml_env_parse("m", no_env, strlen(no_env), &env, &err) == DYAD_OK);
    T_CHECK(!env.verbs && !env.actors && !env.agents && !env.discards && !env.config);
    dyad_suite_env_free(&env);
    T_CHECK(dy_petrxml_env_parse("m", "", 0, &env, &err) == DYAD_SYNTAX);
    dyad_suite_env_free(&env);
}

/* A malformed part costs that part: libxml2 recovers, its errors come out as rejected
 * records with line numbers, and the records after it keep their "&amp;". */
static void test_xml_recover(void)
{
    static const char in[] = "<Sentences>\n"
                             "<! -- not really a comment -->\n"
                             "<Sentence id=\"A\" date=\"20080801\"><Text>one &amp; two</Text>\n"
                             "</Sentence>\n"
                             "<Sentence id=\"B\"><Text>broken <b> tag</Text></Sentence>\n"
                             "<Sentence id=\"C\"><Text>three &lt; four &amp; five</Text>"
                             "</Sentence>\n"
                             "<Sentence id=\"D\"><Text>AT&T & co</Text></Sentence>\n"
                             "</Sentences>\n";
    struct coll c;
    T_CHECK(parse_xml(in, &c) == DYAD_OK);
    T_CHECK(c.n_ok == 4);
    T_CHECK(c.n_bad >= 3);
    T_STREQ(c.recs[0].id, "A");
    T_STREQ(c.recs[0].text, "one & two");
    T_STREQ(c.recs[2].id, "C");
    T_STREQ(c.recs[2].text, "three < four & five");
    T_CHECK(c.errs[0].line == 2);
    T_CHECK(strncmp(c.errs[0].message, "malformed XML: ", 15) == 0);
    T_CHECK(c.errs[1].line == 5);
    /* A bare '&' is an error, reported, but the text keeps it. */
    T_STREQ(c.recs[3].id, "D");
    T_STREQ(c.recs[3].text, "AT&T & co");
    int line7 = 0;
    for (int i = 0; i < c.n_bad && i < MAX_RECS; i++)
        line7 += c.errs[i].line == 7;
    T_CHECK(line7 >= 1);

    /* An unclosed <Text> swallows what follows; the records inside are still read. */
    static const char open_text[] = "<Sentences>\n"
                                    "<Sentence id=\"B\"><Text>unclosed\n</Sentence>\n"
                                    "<Sentence id=\"C\"><Text>c</Text></Sentence>\n"
                                    "<Sentence id=\"D\"><Text>d &amp; e</Text></Sentence>\n"
                                    "</Sentences>\n";
    T_CHECK(parse_xml(open_text, &c) == DYAD_OK);
    T_CHECK(c.n_bad >= 1);
    T_CHECK(c.n_ok == 3);
    T_STREQ(c.recs[0].id, "B");
    T_STREQ(c.recs[0].text, "unclosed");
    T_STREQ(c.recs[1].id, "C");
    T_STREQ(c.recs[1].text, "c");
    T_STREQ(c.recs[2].id, "D");
    T_STREQ(c.recs[2].text, "d & e");

    /* Nothing usable at all. */
    T_CHECK(parse_xml("", &c) == DYAD_OK);
    T_CHECK(c.n_ok == 0 && c.n_bad >= 1);
    T_CHECK(parse_xml("just text", &c) == DYAD_OK);
    T_CHECK(c.n_ok == 0 && c.n_bad >= 1);
    T_CHECK(parse_xml("<Sentences>", &c) == DYAD_OK);
    T_CHECK(c.n_ok == 0 && c.n_bad >= 1);
    /* No external entities, no expansion of user entities. */
    T_CHECK(parse_xml("<!DOCTYPE s [<!ENTITY e SYSTEM \"file:///etc/passwd\"><!ENTITY f \"FF\">]>"
                      "<Sentences><Sentence id='x'><Text>a&e;b&f;c</Text></Sentence></Sentences>",
                      &c) == DYAD_OK);
    T_CHECK(c.n_ok == 1);
    T_STREQ(c.recs[0].text, "abc");
}

static void test_xml_reader(void)
{
    char path[64];
    static const char in[] = "<Sentences>\n"
                             "<Sentence id=\"big\"><Text>0123456789 0123456789</Text></Sentence>\n"
                             "<Sentence id=\"ok\" date=\"2001-09-11\"><Text>short</Text>"
                             "</Sentence>\n"
                             "</Sentences>\n";
    if (temp_file(path, sizeof path, ".XML", in, strlen(in)) != 0) {
        T_CHECK(!"cannot write a temporary file");
        return;
    }
    dyad_options opt = {0};
    opt.max_article_bytes = 10;
    dyad_reader *r = NULL;
    dyad_error err;
    dyad_article a;
    T_CHECK(dyad_reader_open(path, DYAD_FORMAT_AUTO, &opt, &r, &err) == DYAD_OK);
    T_CHECK(r && dyad_reader_next(r, &a, &err) == -1);
    T_CHECK(err.status == DYAD_LIMIT && err.line == 2);
    T_CHECK(dyad_reader_next(r, &a, &err) == 1);
    T_STREQ(a.id, "ok");
    T_STREQ(a.date, "2001-09-11");
    T_CHECK(a.text_len == 5 && strcmp(a.text, "short") == 0);
    T_CHECK(dyad_reader_next(r, &a, &err) == 0);
    dyad_reader_free(r);
    unlink(path);
}

/* ---- the shared PETRARCH files -------------------------------------------------------- */

#define SHARED "../shared/data/petrarch/"

static void test_shared(void)
{
    if (access(SHARED "PETR.UnitTest.records.xml", R_OK) != 0) {
        printf("skip: ../shared not found\n");
        return;
    }
    dyad_reader *r = NULL;
    dyad_error err;
    dyad_article a;
    int n = 0, bad = 0, rc, seen_tietype = 0, seen_injury = 0, with_config = 0;
    T_CHECK(dyad_reader_open(SHARED "PETR.UnitTest.records.xml", DYAD_FORMAT_AUTO, NULL, &r,
                             &err) == DYAD_OK);
    while (r && (rc = dyad_reader_next(r, &a, &err)) != 0) {
        if (rc < 0) {
            fprintf(stderr, "%s:%u: %s\n", err.source, err.line, err.message);
            bad++;
            continue;
        }
        if (n == 0) {
            T_STREQ(a.id, "DEMO-00");
            T_CHECK(a.day == 9131);
            T_STREQ(a.category, "DEMO");
            T_STREQ(a.text, "Arnor is about to restore full diplomatic ties with Gondor almost "
                            "five years after crowds trashed its embassy.");
            T_CHECK(a.n_expect == 1);
            T_STREQ(a.expect[0].code, "064");
        }
        if (a.text_len && strstr(a.text, "&TIETYPE"))
            seen_tietype++;
        for (size_t i = 0; i < a.n_expect; i++)
            if (a.expect[i].source && strcmp(a.expect[i].source, "\"INJURY TOLL\"") == 0)
                seen_injury++;
        if (a.n_config)
            with_config++;
        T_CHECK(strchr(a.text, '\n') == NULL);
        n++;
    }
    T_CHECK(n == 284);
    T_CHECK(bad == 0);
    T_CHECK(seen_tietype >= 1);
    T_CHECK(seen_injury == 1);
    T_CHECK(with_config >= 8);
    dyad_reader_free(r);

    n = bad = 0;
    T_CHECK(dyad_reader_open(SHARED "GigaWord.sample.PETR.xml", DYAD_FORMAT_AUTO, NULL, &r, &err) ==
            DYAD_OK);
    while (r && (rc = dyad_reader_next(r, &a, &err)) != 0) {
        if (rc < 0) {
            fprintf(stderr, "%s:%u: %s\n", err.source, err.line, err.message);
            bad++;
            continue;
        }
        if (n == 0) {
            T_STREQ(a.id, "AFP0808020625_4");
            T_STREQ(a.date, "20080804");
            T_STREQ(a.source, "AFP");
            T_CHECK(a.day == 14095);
        }
        n++;
    }
    T_CHECK(n == 76);
    T_CHECK(bad == 0);
    dyad_reader_free(r);

    dyad_suite_env env;
    T_CHECK(dyad_suite_env_read(SHARED "PETR.UnitTest.records.xml", &env, &err) == DYAD_OK);
    T_STREQ(env.verbs, "PETR.Validate.verbs.txt");
    T_CHECK(env.n_actors == 1);
    if (env.n_actors)
        T_STREQ(env.actors[0], "PETR.Validate.actors.txt");
    T_STREQ(env.agents, "PETR.Validate.agents.txt");
    T_STREQ(env.discards, "PETR.Validate.discards.txt");
    T_CHECK(env.n_config == 1);
    dyad_suite_env_free(&env);
    T_CHECK(dyad_suite_env_read(SHARED "GigaWord.sample.PETR.xml", &env, &err) == DYAD_OK);
    T_CHECK(env.verbs == NULL && env.n_actors == 0);
    dyad_suite_env_free(&env);
    T_CHECK(dyad_suite_env_read("/nonexistent.xml", &env, &err) == DYAD_IO);
}

/* ---- the event writer ----------------------------------------------------------------- */

static char *write_event(const dyad_article *a, const dyad_event *e, dyad_status *st)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    if (!f)
        return NULL;
    *st = dyad_write_event_jsonl(f, a, e);
    fclose(f);
    return buf;
}

static void test_writer(void)
{
    const char *text = "Arnor is about to restore full diplomatic ties with Gondor.";
    dyad_article a = {0};
    a.id = "DEMO-00";
    a.text = text;
    a.text_len = strlen(text);
    a.day = 9131;
    dyad_event e = {0};
    e.sentence = 0;
    e.sentence_span = (dyad_span){0, a.text_len};
    e.source = (dyad_actor){"ARN", {0, 5}};
    e.target = (dyad_actor){"GON", {52, 58}};
    e.cameo = "064";
    e.plover = "COOPERATE";
    e.goldstein = 3.4;
    e.quad_class = 1;
    e.verb = (dyad_span){18, 25};
    e.rule_file = "PETR.Validate.verbs.txt";
    e.rule_line = 120;
    e.rule = "- * TIES WITH + [064]";
    dyad_status st = DYAD_MISUSE;
    char *out = write_event(&a, &e, &st);
    T_CHECK(st == DYAD_OK);
    T_STREQ(out, "{\"schema\":\"dyad.event/1\",\"doc\":\"DEMO-00\",\"sentence\":0,"
                 "\"date\":\"1995-01-01\","
                 "\"source\":{\"code\":\"ARN\",\"text\":\"Arnor\",\"span\":[0,5]},"
                 "\"target\":{\"code\":\"GON\",\"text\":\"Gondor\",\"span\":[52,58]},"
                 "\"cameo\":\"064\",\"plover\":\"COOPERATE\",\"goldstein\":3.4,\"quad_class\":1,"
                 "\"verb\":{\"text\":\"restore\",\"span\":[18,25]},"
                 "\"rule\":{\"file\":\"PETR.Validate.verbs.txt\",\"line\":120,"
                 "\"pattern\":\"- * TIES WITH + [064]\"}}\n");
    free(out);

    /* Empty target, no date, unknown code, a span past the text, invalid UTF-8. */
    static const char bad_text[] = "Caf\xE9 \"quoted\"\n";
    a.text = bad_text;
    a.text_len = sizeof bad_text - 1;
    a.day = INT32_MIN;
    a.id = "d\"1";
    e.sentence = 3;
    e.source = (dyad_actor){"XYZ", {0, 4}};
    e.target = (dyad_actor){"---", {0, 0}};
    e.cameo = "999";
    e.plover = NULL;
    e.goldstein = 0;
    e.quad_class = 0;
    e.verb = (dyad_span){5, 100};
    e.rule_file = NULL;
    e.rule_line = 0;
    e.rule = NULL;
    out = write_event(&a, &e, &st);
    T_CHECK(st == DYAD_OK);
    T_STREQ(out, "{\"schema\":\"dyad.event/1\",\"doc\":\"d\\\"1\",\"sentence\":3,\"date\":null,"
                 "\"source\":{\"code\":\"XYZ\",\"text\":\"Caf\xEF\xBF\xBD\",\"span\":[0,4]},"
                 "\"target\":{\"code\":\"---\",\"text\":\"\",\"span\":null},"
                 "\"cameo\":\"999\",\"plover\":null,\"goldstein\":0.0,\"quad_class\":null,"
                 "\"verb\":{\"text\":\"\\\"quoted\\\"\\n\",\"span\":[5,100]},"
                 "\"rule\":{\"file\":null,\"line\":null,\"pattern\":null}}\n");
    free(out);

    e.target = (dyad_actor){NULL, {0, 0}};
    out = write_event(&a, &e, &st);
    T_CHECK(st == DYAD_OK && out && strstr(out, "\"target\":{\"code\":\"---\",\"text\":\"\","));
    free(out);

    FILE *full = fopen("/dev/full", "w");
    if (full) {
        setvbuf(full, NULL, _IONBF, 0);
        T_CHECK(dyad_write_event_jsonl(full, &a, &e) == DYAD_IO);
        fclose(full);
    }
    T_CHECK(dyad_write_event_jsonl(NULL, &a, &e) == DYAD_MISUSE);
}

/* Our writer's line, read by jansson and written again by jansson as the old writer did
 * (compact, order kept, 15 significant digits), is the same line: byte for byte what
 * jansson would have written. Strings with every byte value, numbers of every shape. */
static void check_as_jansson(const dyad_article *a, const dyad_event *e)
{
    dyad_status st = DYAD_MISUSE;
    char *out = write_event(a, e, &st);
    T_CHECK(st == DYAD_OK && out);
    if (!out)
        return;
    size_t len = strlen(out);
    T_CHECK(len > 0 && out[len - 1] == '\n');
    json_error_t jerr;
    json_t *j = json_loadb(out, len - 1, JSON_ALLOW_NUL, &jerr);
    T_CHECK(j != NULL);
    if (j) {
        char *again = json_dumps(j, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(15));
        T_CHECK(again && strlen(again) == len - 1 && memcmp(again, out, len - 1) == 0);
        free(again);
        json_decref(j);
    }
    free(out);
}

static void test_writer_as_jansson(void)
{
    static char text[6000];
    for (size_t i = 0; i < sizeof text; i++)
        text[i] = (char)(i * 7 % 256);
    memcpy(text + 300, "\xE2\x80\xA8 \xF0\x9F\x98\x80 \xED\xA0\x80 \xC0\xAF \xF4\x90\x80\x80", 20);
    dyad_article a = {0};
    a.id = "id\x01\x7F\xC3\xA9/\\";
    a.text = text;
    a.text_len = sizeof text;
    a.day = dy_days_from_civil(2026, 11, 29);
    static const double scores[] = {7, -0.0, 0, -10, 10, 3.4, -2.5, 0.30000000000000004, 1e20,
                                    1.5e-7, 123456789012345678.0, -6.5, 1e12, 99999999999.9};
    for (size_t k = 0; k < sizeof scores / sizeof scores[0]; k++) {
        dyad_event e = {0};
        e.sentence = (uint32_t)k * 1000003u;
        e.source = (dyad_actor){"S\"RC", {k * 97, k * 97 + 200}};
        e.target = (dyad_actor){k % 2 ? "---" : "T\tGT", {k, k + 5000}};
        e.cameo = "0871";
        e.plover = k % 3 ? "ASSAULT" : NULL;
        e.goldstein = scores[k];
        e.quad_class = (int)(k % 5) - 1;
        e.verb = (dyad_span){k * 300, k * 300 + 17};
        e.rule_file = "dict/verbs/\x02.txt";
        e.rule_line = (uint32_t)k * 4000000000u / 13;
        e.rule = k % 4 ? "* ... &X" : NULL;
        check_as_jansson(&a, &e);
    }
}

/* Strings of 1-20 bytes, distinct letters with one byte (or a two-byte letter) put in at
 * every place - a control character, '"', '\\', DEL, a space, 'é' - or none: each reads
 * back as itself (the writer copies short plain strings a word at a time). */
static void test_writer_short_strings(void)
{
    static const char *const specials[] = {"",   "\x01", "\x1f", "\"", "\\",
                                           "\x7f", " ",   "~",    "\xc3\xa9"};
    dyad_article a = {0};
    a.id = "d";
    bool same = true, valid = true;
    for (size_t n = 1; n <= 20; n++)
        for (size_t k = 0; k < n; k++)
            for (size_t sp = 0; sp < sizeof specials / sizeof specials[0]; sp++) {
                if (sp == 0 && k > 0)
                    continue; /* the plain string once per length */
                char str[32];
                size_t len = 0;
                for (size_t i = 0; i < n; i++) {
                    const char *x = i == k ? specials[sp] : NULL;
                    if (x && *x) {
                        memcpy(str + len, x, strlen(x));
                        len += strlen(x);
                    } else {
                        str[len++] = (char)('a' + i);
                    }
                }
                str[len] = '\0';
                dyad_event e = {0};
                e.cameo = str;
                dyad_status st = DYAD_MISUSE;
                char *out = write_event(&a, &e, &st);
                json_t *j = out ? json_loads(out, 0, NULL) : NULL;
                valid &= st == DYAD_OK && j != NULL;
                const char *got = j ? json_string_value(json_object_get(j, "cameo")) : NULL;
                same &= got && strcmp(got, str) == 0;
                json_decref(j);
                free(out);
            }
    T_CHECK(valid);
    T_CHECK(same);
}

/* ---- allocation failure ----------------------------------------------------------------- */

static dyad_status count_article(void *ctx, const dyad_article *a)
{
    (void)a;
    (*(int *)ctx)++;
    return DYAD_OK;
}

static void ignore_bad(void *ctx, const dyad_error *e)
{
    (void)ctx;
    (void)e;
}

/* Fails the n-th of our allocations for every n: each run ends in DYAD_OK or DYAD_NOMEM,
 * and leaves nothing allocated. */
static void test_oom(void)
{
    static const char jsonl[] = "{\"id\":\"a\",\"text\":\"x\",\"gold\":{\"k\":[1,2]}}\n"
                                "{\"id\":\"b\",\"text\":5}\n";
    int leaks = 0, ok_runs = 0;
    for (long n = 1; n < 200; n++) {
        int count = 0;
        dy_alloc_fail_after(n);
        dyad_status st =
            dy_parse_jsonl("m", jsonl, strlen(jsonl), count_article, ignore_bad, &count);
        leaks += dy_alloc_live() != 0;
        dy_alloc_fail_after(0);
        T_CHECK(st == DYAD_OK || st == DYAD_NOMEM);
        if (st == DYAD_OK) {
            ok_runs++;
            break;
        }
    }
    for (long n = 1; n < 400; n++) {
        int count = 0;
        dy_alloc_fail_after(n);
        dyad_status st =
            dy_parse_petrxml("m", xml_small, strlen(xml_small), count_article, ignore_bad, &count);
        leaks += dy_alloc_live() != 0;
        dy_alloc_fail_after(0);
        T_CHECK(st == DYAD_OK || st == DYAD_NOMEM);
        if (st == DYAD_OK) {
            T_CHECK(count == 4);
            ok_runs++;
            break;
        }
    }
    for (long n = 1; n < 400; n++) {
        dyad_suite_env env;
        dyad_error err;
        dy_alloc_fail_after(n);
        dyad_status st = dy_petrxml_env_parse("m", xml_small, strlen(xml_small), &env, &err);
        dyad_suite_env_free(&env);
        leaks += dy_alloc_live() != 0;
        dy_alloc_fail_after(0);
        T_CHECK(st == DYAD_OK || st == DYAD_NOMEM);
        if (st == DYAD_OK) {
            ok_runs++;
            break;
        }
    }
    T_CHECK(leaks == 0);
    T_CHECK(ok_runs == 3);
}

int main(void)
{
    test_dates();
    test_jsonl_good();
    test_jsonl_bad();
    test_jsonl_fast();
    test_jsonl_emit_stops();
    test_reader_jsonl();
    test_reader_text();
    test_xml_small();
    test_xml_recover();
    test_xml_reader();
    test_shared();
    test_writer();
    test_writer_as_jansson();
    test_writer_short_strings();
    test_oom();
    return T_DONE();
}
