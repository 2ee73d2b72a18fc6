/*
 * test_store.c - the event store: opening and refusing files, the duplicate rules (id,
 * URL, normalised text), dedup into events (windows, sources, undated articles),
 * filters, series, exports (GDELT's 61 columns against data/gdelt), the check, and the
 * text normalisation and actor-code splitting behind them. Articles and events are made
 * by hand: no dictionary is involved.
 */
#include "store/store.h"
#include "t.h"

#include <stdlib.h>
#include <unistd.h>

static char dir[64];

static const char *path_in(const char *name)
{
    static char buf[4][128];
    static int k;
    k = (k + 1) % 4;
    snprintf(buf[k], sizeof buf[k], "%s/%s", dir, name);
    return buf[k];
}

/* ---- building articles and events ---------------------------------------------------- */

static dyad_article article(const char *id, const char *date, const char *source, const char *url,
                            const char *text)
{
    dyad_article a;
    memset(&a, 0, sizeof a);
    a.id = id;
    a.date = date;
    a.day = INT32_MIN;
    if (date)
        dyad_parse_date(date, strlen(date), &a.day);
    a.source = source;
    a.url = url;
    a.text = text;
    a.text_len = strlen(text);
    a.line = 1;
    return a;
}

/* An event whose source and target are the first occurrences of the words `src_word` and
 * `tgt_word` in the text (NULL: an empty slot). */
static dyad_event event(const dyad_article *a, const char *src, const char *src_word,
                        const char *tgt, const char *tgt_word, const char *cameo)
{
    dyad_event e;
    memset(&e, 0, sizeof e);
    e.sentence_span.end = a->text_len;
    e.source.code = src;
    e.target.code = tgt;
    if (src_word) {
        const char *p = strstr(a->text, src_word);
        e.source.span.start = (size_t)(p - a->text);
        e.source.span.end = e.source.span.start + strlen(src_word);
    }
    if (tgt_word) {
        const char *p = strstr(a->text, tgt_word);
        e.target.span.start = (size_t)(p - a->text);
        e.target.span.end = e.target.span.start + strlen(tgt_word);
    }
    e.cameo = cameo;
    dyad_cameo_info info;
    if (dyad_cameo_lookup(cameo, &info)) {
        e.plover = info.plover;
        e.goldstein = info.goldstein;
        e.quad_class = info.quad_class;
    }
    e.verb.start = 0;
    e.verb.end = 1;
    e.rule_file = "test.verbs";
    e.rule_line = 7;
    e.rule = "- * + [036]";
    return e;
}

static dyad_store_dup add(dyad_store *s, const dyad_article *a, const dyad_event *ev, size_t n)
{
    dyad_store_dup dup = (dyad_store_dup)99;
    dyad_error err = {0};
    dyad_status st = dyad_store_add(s, a, ev, n, &dup, &err);
    T_CHECK(st == DYAD_OK);
    if (st != DYAD_OK)
        fprintf(stderr, "add %s: %s\n", a->id, err.message);
    return dup;
}

static int64_t count(dyad_store *s, const dyad_store_filter *f, int mentions)
{
    int64_t n = -1;
    dyad_error err = {0};
    T_CHECK(dyad_store_count(s, f, mentions, &n, &err) == DYAD_OK);
    if (err.message[0])
        fprintf(stderr, "count: %s\n", err.message);
    return n;
}

/* ---- the text hash and actor codes ------------------------------------------------- */

static void test_normalise(void)
{
    struct dy_buf b = {0};
    T_CHECK(dy_text_normalise("  Hello\t\tWORLD \n", 16, &b) == DYAD_OK);
    T_STREQ(b.data, "hello world");
    T_CHECK(dy_text_normalise("Stra\xc3\x9f"
                              "e  \xef\xac\x81ne",
                              14, &b) == DYAD_OK);
    T_STREQ(b.data, "strasse fine"); /* full case folding; NFKC takes the ligature apart */
    T_CHECK(dy_text_normalise("a\xc2\xa0"
                              "b\xe2\x80\x83"
                              "c",
                              8, &b) == DYAD_OK);
    T_STREQ(b.data, "a b c"); /* no-break and em spaces are white space */
    T_CHECK(dy_text_normalise("Cafe\xcc\x81", 6, &b) == DYAD_OK);
    T_STREQ(b.data, "caf\xc3\xa9"); /* composed */
    T_CHECK(dy_text_normalise("", 0, &b) == DYAD_OK);
    T_STREQ(b.data, "");
    T_CHECK(dy_text_normalise("bad \xff byte", 10, &b) == DYAD_SYNTAX);
    dy_buf_free(&b);
}

static void test_actor_split(void)
{
    struct dy_actor_parts p;
    dy_actor_split("UKRGOV", &p);
    T_STREQ(p.country, "UKR");
    T_STREQ(p.type[0], "GOV");
    T_STREQ(p.type[1], "");
    dy_actor_split("IGOUNO", &p);
    T_STREQ(p.country, "");
    T_STREQ(p.type[0], "IGO");
    T_STREQ(p.group, "UNO");
    dy_actor_split("---EDU", &p);
    T_STREQ(p.country, "");
    T_STREQ(p.type[0], "EDU");
    dy_actor_split("IRQMOSSHIREB", &p);
    T_STREQ(p.country, "IRQ");
    T_STREQ(p.rel1, "MOS");
    T_STREQ(p.rel2, "SHI");
    T_STREQ(p.type[0], "REB");
    dy_actor_split("USAGOVMILSPY", &p);
    T_STREQ(p.type[0], "GOV");
    T_STREQ(p.type[1], "MIL");
    T_STREQ(p.type[2], "SPY");
    dy_actor_split("---", &p);
    T_STREQ(p.country, "");
    dy_actor_split(NULL, &p);
    T_STREQ(p.type[0], "");
}

/* ---- opening ------------------------------------------------------------------------ */

static void test_open(void)
{
    dyad_store *s = (dyad_store *)1;
    dyad_error err = {0};
    dyad_store_options ro = {DYAD_STORE_READONLY, 0, 0};
    T_CHECK(dyad_store_open(path_in("missing.db"), &ro, &s, &err) == DYAD_IO);
    T_CHECK(s == NULL);
    T_CHECK(strstr(err.message, "no such file") != NULL);
    T_CHECK(access(path_in("missing.db"), F_OK) != 0); /* a reader never creates */

    FILE *f = fopen(path_in("text.db"), "w");
    fputs("not a database at all, just some text that is long enough\n", f);
    fclose(f);
    T_CHECK(dyad_store_open(path_in("text.db"), NULL, &s, &err) == DYAD_IO);
    T_CHECK(strstr(err.message, "not a dyad store") != NULL);

    T_CHECK(dyad_store_open(path_in("new.db"), NULL, &s, &err) == DYAD_OK);
    dyad_store_summary sm;
    T_CHECK(dyad_store_get_summary(s, &sm, NULL) == DYAD_OK);
    T_CHECK(sm.articles == 0 && sm.events == 0 && sm.window == 1);
    dyad_article a = article("x", NULL, NULL, NULL, "Text.");
    T_CHECK(dyad_store_add(s, &a, NULL, 0, NULL, &err) == DYAD_MISUSE); /* no run */
    /* Empty texts are not duplicates of each other. */
    T_CHECK(dyad_store_begin_run(s, NULL, &err) == DYAD_OK);
    dyad_article e1 = article("empty1", NULL, NULL, NULL, "");
    dyad_article e2 = article("empty2", NULL, NULL, NULL, " \n ");
    T_CHECK(add(s, &e1, NULL, 0) == DYAD_STORE_NEW);
    T_CHECK(add(s, &e2, NULL, 0) == DYAD_STORE_NEW);
    T_CHECK(add(s, &e2, NULL, 0) == DYAD_STORE_DUP_ID);
    dyad_store_close(s); /* commits */
    T_CHECK(dyad_store_open(path_in("new.db"), &ro, &s, &err) == DYAD_OK);
    T_CHECK(dyad_store_get_summary(s, &sm, NULL) == DYAD_OK);
    T_CHECK(sm.articles == 2 && sm.runs == 1);
    dyad_store_close(s);

    /* A reader may not write. */
    T_CHECK(dyad_store_open(path_in("new.db"), &ro, &s, &err) == DYAD_OK);
    T_CHECK(dyad_store_begin_run(s, NULL, &err) == DYAD_MISUSE);
    T_CHECK(dyad_store_dedup(s, 0, NULL, &err) == DYAD_MISUSE);
    dyad_store_close(s);
    dyad_store_close(NULL);
}

/* ---- ingest, duplicates, dedup ------------------------------------------------------ */

#define T1 "Ukraine urged Russia to talk. Russia attacked Ukraine."

/* Adds the test articles; `again`: they are all stored already. */
static void fill(dyad_store *s, int again)
{
    const dyad_store_dup NEW = again ? DYAD_STORE_DUP_ID : DYAD_STORE_NEW;
    dyad_error err = {0};
    T_CHECK(dyad_store_begin_run(s, NULL, &err) == DYAD_OK);
    /* a1: two events; a2: the first of them again, another outlet, the same day. */
    dyad_article a = article("a1", "2024-03-02", "Wire A", "https://a.example/1", T1);
    dyad_event ev[3] = {event(&a, "UKRGOV", "Ukraine", "RUS", "Russia", "036"),
                        event(&a, "RUSMIL", "Russia", "UKR", "Ukraine", "190")};
    ev[1].sentence = 1;
    T_CHECK(add(s, &a, ev, 2) == NEW);

    dyad_article b = article("a2", "2024-03-02", "Wire B", "https://b.example/1",
                             "Ukraine again urged Russia to talk.");
    ev[0] = event(&b, "UKRGOV", "Ukraine", "RUS", "Russia", "036");
    T_CHECK(add(s, &b, ev, 1) == NEW);

    /* The duplicate rules, each on its own. */
    dyad_article d = article("a1", "2024-03-05", NULL, NULL, "Something else entirely.");
    T_CHECK(add(s, &d, NULL, 0) == DYAD_STORE_DUP_ID);
    d = article("a3", "2024-03-05", NULL, "https://a.example/1", "Something else.");
    T_CHECK(add(s, &d, NULL, 0) == DYAD_STORE_DUP_URL);
    d = article("a4", NULL, NULL, NULL,
                "  UKRAINE urged   Russia to talk.\nRussia attacked Ukraine. ");
    T_CHECK(add(s, &d, NULL, 0) == DYAD_STORE_DUP_TEXT);
    const char *of = NULL;
    dyad_store_dup dup;
    T_CHECK(dyad_store_seen(s, &d, &dup, &of, &err) == DYAD_OK);
    T_CHECK(dup == DYAD_STORE_DUP_TEXT);
    T_STREQ(of, "a1");
    d = article("a5", NULL, NULL, NULL, "bad \xff");
    T_CHECK(dyad_store_add(s, &d, NULL, 0, &dup, &err) == DYAD_SYNTAX);

    /* a6: Wire A again, same day: a third mention, still two sources. */
    dyad_article c = article("a6", "2024-03-02", "Wire A", NULL, "Kyiv: Ukraine urged Russia.");
    ev[0] = event(&c, "UKRGOV", "Ukraine", "RUS", "Russia", "036");
    T_CHECK(add(s, &c, ev, 1) == NEW);
    /* a7: the next day: another event under a one-day window. */
    dyad_article n = article("a7", "2024-03-03", "Wire C", NULL, "Ukraine urged Russia anew.");
    ev[0] = event(&n, "UKRGOV", "Ukraine", "RUS", "Russia", "036");
    T_CHECK(add(s, &n, ev, 1) == NEW);
    /* u1, u2: undated; the same event twice in u1 is one event, u2's is another. */
    dyad_article u1 =
        article("u1", NULL, NULL, NULL, "Ukraine urged Russia. Ukraine urged Russia!");
    ev[0] = event(&u1, "UKRGOV", "Ukraine", "RUS", "Russia", "036");
    ev[1] = ev[0];
    ev[1].sentence = 1;
    T_CHECK(add(s, &u1, ev, 2) == NEW);
    dyad_article u2 = article("u2", NULL, NULL, NULL, "Ukraine urged Russia again.");
    ev[0] = event(&u2, "UKRGOV", "Ukraine", "RUS", "Russia", "036");
    T_CHECK(add(s, &u2, ev, 1) == NEW);
    /* e1: an empty target and a code PLOVER drops. */
    dyad_article e1 = article("e1", "2024-04-10", "Wire B", NULL, "Israel said so.");
    ev[0] = event(&e1, "ISR", "Israel", "---", NULL, "010");
    T_CHECK(add(s, &e1, ev, 1) == NEW);
    T_CHECK(dyad_store_commit(s, &err) == DYAD_OK);
}

static void test_ingest_dedup(void)
{
    dyad_store *s;
    dyad_error err = {0};
    dyad_store_options o = {0, 2, 0}; /* batches of two articles */
    T_CHECK(dyad_store_open(path_in("t.db"), &o, &s, &err) == DYAD_OK);
    fill(s, 0);

    dyad_store_summary sm;
    T_CHECK(dyad_store_get_summary(s, &sm, NULL) == DYAD_OK);
    T_CHECK(sm.articles == 7);
    T_CHECK(sm.mentions == 9);
    T_CHECK(sm.ungrouped == 9);
    T_CHECK(sm.events == 0);
    T_CHECK(sm.runs == 1);

    dyad_dedup_stats ds;
    T_CHECK(dyad_store_dedup(s, 0, &ds, &err) == DYAD_OK);
    T_CHECK(ds.mentions == 9);
    /* 036 on 03-02 (a1, a2, a6), 190 on 03-02, 036 on 03-03, 036 in u1, 036 in u2, 010 */
    T_CHECK(ds.new_events == 6);
    T_CHECK(ds.window == 1);
    T_CHECK(dyad_store_dedup(s, 0, &ds, &err) == DYAD_OK);
    T_CHECK(ds.mentions == 0 && ds.new_events == 0); /* idempotent */
    T_CHECK(dyad_store_check(s, &err) == DYAD_OK);

    dyad_store_filter f = dyad_store_filter_default();
    dyad_store_cursor *c;
    T_CHECK(dyad_store_query_events(s, &f, &c, &err) == DYAD_OK);
    dyad_store_event e;
    T_CHECK(dyad_store_next_event(c, &e, &err) == 1);
    /* The first by day: 036 on 2024-03-02 (id 1, made first), three mentions. */
    T_CHECK(e.id == 1);
    T_STREQ(e.source, "UKRGOV");
    T_STREQ(e.target, "RUS");
    T_STREQ(e.source_name, "Ukraine");
    T_STREQ(e.target_name, "Russia");
    T_STREQ(e.cameo, "036");
    T_CHECK(e.root == 3);
    T_STREQ(e.plover, "AGREE");
    T_CHECK(e.quad_class == 1);
    T_CHECK(e.num_mentions == 3);
    T_CHECK(e.num_articles == 3);
    T_CHECK(e.num_sources == 2);
    T_CHECK(e.is_root == 1);
    T_STREQ(e.doc, "a1");
    T_STREQ(e.url, "https://a.example/1");
    T_STREQ(e.outlet, "Wire A");
    T_CHECK(e.added > 0);
    T_CHECK(dyad_store_next_event(c, &e, &err) == 1);
    T_STREQ(e.cameo, "190");
    T_CHECK(e.num_mentions == 1 && e.is_root == 0);
    T_CHECK(dyad_store_next_event(c, &e, &err) == 1);
    T_CHECK(e.first_day == e.last_day);
    char day[DYAD_DAY_BUF];
    dyad_store_day_str(e.first_day, day);
    T_STREQ(day, "2024-03-03");
    T_CHECK(dyad_store_next_event(c, &e, &err) == 1);
    T_STREQ(e.cameo, "010");
    T_CHECK(e.plover == NULL);
    T_STREQ(e.target, "---");
    T_CHECK(e.target_name == NULL);
    T_CHECK(dyad_store_next_event(c, &e, &err) == 1); /* undated last */
    T_CHECK(e.first_day == INT32_MIN);
    T_CHECK(e.num_mentions == 2 && e.num_articles == 1);
    T_STREQ(e.doc, "u1");
    T_CHECK(dyad_store_next_event(c, &e, &err) == 1);
    T_STREQ(e.doc, "u2");
    T_CHECK(dyad_store_next_event(c, &e, &err) == 0);
    dyad_store_cursor_free(c);

    /* Filters. */
    f.source = "UKR";
    f.target = "RUS";
    T_CHECK(count(s, &f, 0) == 4);
    T_CHECK(count(s, &f, 1) == 7);
    f.both = 1;
    T_CHECK(count(s, &f, 0) == 5);
    f = dyad_store_filter_default();
    f.actor = "UKR";
    T_CHECK(count(s, &f, 0) == 5);
    f.actor = "UKRG";
    T_CHECK(count(s, &f, 0) == 4);
    f = dyad_store_filter_default();
    f.cameo = "19";
    T_CHECK(count(s, &f, 0) == 1);
    f.cameo = "03";
    T_CHECK(count(s, &f, 0) == 4);
    f = dyad_store_filter_default();
    f.root = 3;
    T_CHECK(count(s, &f, 0) == 4);
    f.root = 21;
    T_CHECK(dyad_store_count(s, &f, 0, &(int64_t){0}, &err) == DYAD_MISUSE);
    f = dyad_store_filter_default();
    f.plover = "ASSAULT";
    T_CHECK(count(s, &f, 0) == 1);
    f = dyad_store_filter_default();
    f.quad_mask = 1u << 4;
    T_CHECK(count(s, &f, 0) == 1);
    f.quad_mask = (1u << 1) | (1u << 4);
    T_CHECK(count(s, &f, 0) == 6); /* 010 is verbal cooperation too */
    f = dyad_store_filter_default();
    dyad_parse_date("2024-03-03", 10, &f.from_day);
    T_CHECK(count(s, &f, 0) == 2);
    dyad_parse_date("2024-03-31", 10, &f.to_day);
    T_CHECK(count(s, &f, 0) == 1);
    f = dyad_store_filter_default();
    f.text = "attacked";
    T_CHECK(count(s, &f, 1) == 2); /* both mentions of a1 */
    T_CHECK(count(s, &f, 0) == 2);
    f.text = "KYIV ukraine";
    T_CHECK(count(s, &f, 1) == 1);
    f.text = "\"weird (query";
    T_CHECK(count(s, &f, 1) == 0);
    f = dyad_store_filter_default();
    f.limit = 2;
    T_CHECK(dyad_store_query_mentions(s, &f, &c, &err) == DYAD_OK);
    dyad_store_mention m;
    T_CHECK(dyad_store_next_mention(c, &m, &err) == 1);
    T_STREQ(m.article.id, "a1");
    T_CHECK(m.event_id == 1);
    T_CHECK(m.article.text_len == strlen(T1));
    T_STREQ(m.event.rule_file, "test.verbs");
    T_CHECK(m.event.rule_line == 7);
    T_CHECK(dyad_store_next_event(c, &e, &err) == -1); /* wrong kind of cursor */
    T_CHECK(dyad_store_next_mention(c, &m, &err) == 1);
    T_CHECK(m.event.sentence == 1);
    T_CHECK(dyad_store_next_mention(c, &m, &err) == 0);
    dyad_store_cursor_free(c);

    /* A two-day window regroups: 03-02 and 03-03 share a window when 03-02's day number
     * is even (19784 is). */
    int32_t d0;
    dyad_parse_date("2024-03-02", 10, &d0);
    T_CHECK(d0 % 2 == 0);
    T_CHECK(dyad_store_dedup(s, 2, &ds, &err) == DYAD_OK);
    T_CHECK(ds.mentions == 9 && ds.new_events == 5 && ds.window == 2);
    T_CHECK(dyad_store_get_summary(s, &sm, NULL) == DYAD_OK);
    T_CHECK(sm.events == 5 && sm.window == 2 && sm.ungrouped == 0);
    T_CHECK(sm.top[0].events == 3); /* UKRGOV -> RUS: the window, u1, u2 */
    T_STREQ(sm.top[0].source, "UKRGOV");
    T_CHECK(sm.events_by_quad[1] == 4 && sm.events_by_quad[4] == 1 && sm.events_by_quad[0] == 0);
    T_CHECK(sm.mentions_by_quad[1] == 8 && sm.mentions_by_quad[4] == 1);
    T_CHECK(dyad_store_dedup(s, 1, &ds, &err) == DYAD_OK);
    T_CHECK(ds.new_events == 6);
    T_CHECK(dyad_store_check(s, &err) == DYAD_OK);
    dyad_store_close(s);

    /* The store persists; ingesting the same articles again adds nothing. */
    T_CHECK(dyad_store_open(path_in("t.db"), NULL, &s, &err) == DYAD_OK);
    fill(s, 1);
    T_CHECK(dyad_store_get_summary(s, &sm, NULL) == DYAD_OK);
    T_CHECK(sm.articles == 7 && sm.mentions == 9 && sm.runs == 1);
    dyad_store_close(s);
}

/* ---- series --------------------------------------------------------------------------- */

static void test_series(void)
{
    dyad_store_options ro = {DYAD_STORE_READONLY, 0, 0};
    dyad_store *s;
    dyad_error err = {0};
    T_CHECK(dyad_store_open(path_in("t.db"), &ro, &s, &err) == DYAD_OK);
    dyad_store_filter f = dyad_store_filter_default();
    f.source = "UKR";
    f.target = "RUS";
    dyad_series_row *rows;
    size_t n;
    T_CHECK(dyad_store_series(s, &f, DYAD_PERIOD_DAY, 0, &rows, &n, &err) == DYAD_OK);
    T_CHECK(n == 2);
    if (n == 2) {
        T_STREQ(rows[0].label, "2024-03-02");
        T_CHECK(rows[0].total == 1 && rows[0].count[1] == 1);
        T_CHECK(rows[0].goldstein_sum == 4.0 && rows[0].goldstein_mean == 4.0);
    }
    dyad_store_series_free(rows);
    T_CHECK(dyad_store_series(s, &f, DYAD_PERIOD_DAY, 1, &rows, &n, &err) == DYAD_OK);
    T_CHECK(n == 2 && rows[0].total == 3 && rows[0].goldstein_sum == 12.0);
    dyad_store_series_free(rows);

    f = dyad_store_filter_default(); /* 2024-03-02 .. 2024-04-10 */
    T_CHECK(dyad_store_series(s, &f, DYAD_PERIOD_DAY, 0, &rows, &n, &err) == DYAD_OK);
    T_CHECK(n == 40); /* empty days included */
    dyad_store_series_free(rows);
    T_CHECK(dyad_store_series(s, &f, DYAD_PERIOD_WEEK, 0, &rows, &n, &err) == DYAD_OK);
    T_CHECK(n == 7);
    if (n == 7) {
        T_STREQ(rows[0].label, "2024-02-26"); /* the Monday */
        T_CHECK(rows[0].total == 3);          /* 03-02 (036, 190) and 03-03, a Sunday (036) */
        T_CHECK(rows[0].count[1] == 2 && rows[0].count[4] == 1);
        T_CHECK(rows[0].goldstein_sum == 4.0 + 4.0 - 10.0);
        T_STREQ(rows[1].label, "2024-03-04");
        T_CHECK(rows[1].total == 0 && rows[1].goldstein_mean == 0.0);
        T_STREQ(rows[6].label, "2024-04-08");
        T_CHECK(rows[6].total == 1 && rows[6].count[1] == 1); /* 010 */
    }
    dyad_store_series_free(rows);
    T_CHECK(dyad_store_series(s, &f, DYAD_PERIOD_MONTH, 0, &rows, &n, &err) == DYAD_OK);
    T_CHECK(n == 2);
    if (n == 2) {
        T_STREQ(rows[0].label, "2024-03");
        T_CHECK(rows[0].total == 3);
        char d1[DYAD_DAY_BUF], d2[DYAD_DAY_BUF];
        dyad_store_day_str(rows[0].start, d1);
        dyad_store_day_str(rows[0].end, d2);
        T_STREQ(d1, "2024-03-01");
        T_STREQ(d2, "2024-03-31");
    }
    dyad_store_series_free(rows);
    dyad_store_close(s);
}

/* ---- exports -------------------------------------------------------------------------- */

static char *slurp(FILE *f)
{
    fflush(f);
    long n = ftell(f);
    char *buf = calloc(1, (size_t)n + 1);
    rewind(f);
    if (fread(buf, 1, (size_t)n, f) != (size_t)n)
        buf[0] = '\0';
    return buf;
}

static size_t count_char(const char *s, char c)
{
    size_t n = 0;
    for (; *s; s++)
        n += *s == c;
    return n;
}

static void test_export(void)
{
    dyad_store_options ro = {DYAD_STORE_READONLY, 0, 0};
    dyad_store *s;
    dyad_error err = {0};
    T_CHECK(dyad_store_open(path_in("t.db"), &ro, &s, &err) == DYAD_OK);

    /* GDELT: the header is the shipped column list, every line has 61 columns. */
    FILE *f = tmpfile();
    size_t n;
    T_CHECK(dyad_store_export(s, NULL, DYAD_EXPORT_GDELT, DYAD_EXPORT_HEADER, f, &n, &err) ==
            DYAD_OK);
    T_CHECK(n == 6);
    char *out = slurp(f);
    fclose(f);
    FILE *cols = fopen("data/gdelt/events_2.0_columns.txt", "r");
    T_CHECK(cols != NULL);
    char want[2048] = "", line[128];
    size_t n_cols = 0;
    while (cols && fgets(line, sizeof line, cols)) {
        line[strcspn(line, "\n")] = '\0';
        T_STREQ(dyad_gdelt_column(n_cols), line);
        snprintf(want + strlen(want), sizeof want - strlen(want), "%s%s", n_cols ? "\t" : "", line);
        n_cols++;
    }
    if (cols)
        fclose(cols);
    T_CHECK(n_cols == DYAD_GDELT_COLUMNS);
    T_CHECK(dyad_gdelt_column(61) == NULL);
    T_CHECK(strncmp(out, want, strlen(want)) == 0 && out[strlen(want)] == '\n');
    size_t lines = 0;
    for (char *p = out, *nl; (nl = strchr(p, '\n')) != NULL; p = nl + 1, lines++) {
        *nl = '\0';
        T_CHECK(count_char(p, '\t') == DYAD_GDELT_COLUMNS - 1);
    }
    T_CHECK(lines == 7);
    /* The first event's row: id, dates, actors, codes, counts, URL. */
    const char *row = out + strlen(out) + 1;
    const char *want_row = "1\t20240302\t202403\t2024\t2024.2521\tUKRGOV\tUkraine\tUKR\t\t\t\t\t"
                           "GOV\t\t\tRUS\tRussia\tRUS\t\t\t\t\t\t\t\t1\t036\t036\t03\t1\t4\t3\t2\t3"
                           "\t\t";
    T_CHECK(strncmp(row, want_row, strlen(want_row)) == 0);
    T_CHECK(strstr(row, "\thttps://a.example/1") != NULL);
    free(out);

    /* CSV: a header and one line per event; quoting. */
    f = tmpfile();
    T_CHECK(dyad_store_export(s, NULL, DYAD_EXPORT_CSV, 0, f, &n, &err) == DYAD_OK);
    out = slurp(f);
    fclose(f);
    T_CHECK(strncmp(out, "id,date,last_date,source,", 25) == 0);
    T_CHECK(count_char(out, '\n') == 7);
    free(out);

    /* PLOVER leaves out the event without a category. */
    f = tmpfile();
    T_CHECK(dyad_store_export(s, NULL, DYAD_EXPORT_PLOVER, 0, f, &n, &err) == DYAD_OK);
    T_CHECK(n == 5);
    out = slurp(f);
    fclose(f);
    T_CHECK(strstr(out, "\"event_type\":\"AGREE\"") != NULL);
    T_CHECK(strstr(out, "\"actor_country\":\"UKR\"") != NULL);
    free(out);

    /* Mentions: dyad.event/1 records, as `dyad code` writes them. */
    f = tmpfile();
    dyad_store_filter flt = dyad_store_filter_default();
    flt.limit = 1;
    T_CHECK(dyad_store_export(s, &flt, DYAD_EXPORT_JSONL, DYAD_EXPORT_MENTIONS, f, &n, &err) ==
            DYAD_OK);
    out = slurp(f);
    fclose(f);
    T_STREQ(out,
            "{\"schema\":\"dyad.event/1\",\"doc\":\"a1\",\"sentence\":0,\"date\":\"2024-03-02\","
            "\"source\":{\"code\":\"UKRGOV\",\"text\":\"Ukraine\",\"span\":[0,7]},"
            "\"target\":{\"code\":\"RUS\",\"text\":\"Russia\",\"span\":[14,20]},"
            "\"cameo\":\"036\",\"plover\":\"AGREE\",\"goldstein\":4.0,\"quad_class\":1,"
            "\"verb\":{\"text\":\"U\",\"span\":[0,1]},\"rule\":{\"file\":\"test.verbs\","
            "\"line\":7,\"pattern\":\"- * + [036]\"}}\n");
    free(out);
    f = tmpfile();
    T_CHECK(dyad_store_export(s, NULL, DYAD_EXPORT_GDELT, DYAD_EXPORT_MENTIONS, f, &n, &err) ==
            DYAD_MISUSE);
    fclose(f);
    dyad_store_close(s);
}

int main(void)
{
    const char *tmp = getenv("TMPDIR");
    snprintf(dir, sizeof dir, "%s/dyad-test-store-XXXXXX", tmp && *tmp ? tmp : "/tmp");
    if (!mkdtemp(dir)) {
        perror("mkdtemp");
        return 1;
    }
    test_normalise();
    test_actor_split();
    test_open();
    test_ingest_dedup();
    test_series();
    test_export();
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", dir);
    return T_DONE();
}
