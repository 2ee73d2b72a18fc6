/*
 * cmd_query.c - `dyad query`: events (or mentions) of the store that match filters, as
 * an aligned table on a terminal, JSON lines or CSV otherwise. Also the options every
 * store command shares (--db, the filters) and the store summary.
 */
#include "cli/cli.h"
#include "dyad_store.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* ---- shared options ----------------------------------------------------------------- */

static int parse_day(const char *opt, const char *s, int32_t *day)
{
    if (dyad_parse_date(s, strlen(s), day) != DYAD_OK) {
        fprintf(stderr, "dyad: %s expects a date YYYY-MM-DD, got '%s'\n", opt, s);
        return -1;
    }
    return 1;
}

static int parse_quads(const char *s, unsigned *mask)
{
    *mask = 0;
    for (const char *p = s; *p; p++) {
        if (*p >= '1' && *p <= '4')
            *mask |= 1u << (*p - '0');
        else if (*p != ',') {
            fprintf(stderr, "dyad: --quad expects QuadClasses 1-4 (e.g. 3,4), got '%s'\n", s);
            return -1;
        }
    }
    return *mask ? 1 : -1;
}

static int valid_code(const char *opt, const char *s)
{
    if (!*s || strlen(s) > 64) {
        fprintf(stderr, "dyad: %s expects an actor code, got '%s'\n", opt, s);
        return 0;
    }
    return 1;
}

int store_filter_arg(struct dyad_store_filter *f, const char **db, int argc, char **argv, int *i)
{
    const char *a = argv[*i];
    if (strcmp(a, "--both") == 0) {
        f->both = 1;
        return 1;
    }
    static const char *const with_value[] = {"--db",    "--actor", "--source", "--target", "--dyad",
                                             "--cameo", "--root",  "--plover", "--quad",   "--from",
                                             "--to",    "--text",  "--limit"};
    size_t k = 0;
    while (k < sizeof with_value / sizeof with_value[0] && strcmp(a, with_value[k]) != 0)
        k++;
    if (k == sizeof with_value / sizeof with_value[0])
        return 0;
    if (*i + 1 >= argc) {
        fprintf(stderr, "dyad: %s needs a value\n", a);
        return -1;
    }
    const char *v = argv[++*i];
    char *end;
    if (strcmp(a, "--db") == 0) {
        *db = v;
    } else if (strcmp(a, "--actor") == 0) {
        f->actor = v;
        return valid_code(a, v) ? 1 : -1;
    } else if (strcmp(a, "--source") == 0) {
        f->source = v;
        return valid_code(a, v) ? 1 : -1;
    } else if (strcmp(a, "--target") == 0) {
        f->target = v;
        return valid_code(a, v) ? 1 : -1;
    } else if (strcmp(a, "--dyad") == 0) {
        /* SOURCE:TARGET; either side may be empty ("UKR:" = UKR against anyone). The
         * strings point into argv, which outlives the filter. */
        char *colon = strchr(argv[*i], ':');
        if (!colon || (colon == v && !colon[1])) {
            fprintf(stderr, "dyad: --dyad expects SOURCE:TARGET (e.g. UKR:RUS), got '%s'\n", v);
            return -1;
        }
        *colon = '\0';
        f->source = *v ? v : NULL;
        f->target = colon[1] ? colon + 1 : NULL;
    } else if (strcmp(a, "--cameo") == 0) {
        size_t n = strlen(v);
        int ok = n >= 2 && n <= 4;
        for (const char *p = v; ok && *p; p++)
            ok = *p >= '0' && *p <= '9';
        if (!ok) {
            fprintf(stderr, "dyad: --cameo expects a CAMEO code of 2-4 digits, got '%s'\n", v);
            return -1;
        }
        f->cameo = v;
    } else if (strcmp(a, "--root") == 0) {
        long r = strtol(v, &end, 10);
        if (*end || r < 1 || r > 20) {
            fprintf(stderr, "dyad: --root expects a CAMEO root 1-20, got '%s'\n", v);
            return -1;
        }
        f->root = (int)r;
    } else if (strcmp(a, "--plover") == 0) {
        /* PLOVER categories are upper case; accept any case. */
        for (char *p = argv[*i]; *p; p++)
            if (*p >= 'a' && *p <= 'z')
                *p = (char)(*p - 32);
        f->plover = v;
    } else if (strcmp(a, "--quad") == 0) {
        return parse_quads(v, &f->quad_mask);
    } else if (strcmp(a, "--from") == 0) {
        return parse_day(a, v, &f->from_day);
    } else if (strcmp(a, "--to") == 0) {
        return parse_day(a, v, &f->to_day);
    } else if (strcmp(a, "--text") == 0) {
        f->text = v;
    } else if (strcmp(a, "--limit") == 0) {
        long long n = strtoll(v, &end, 10);
        if (*end || n < 0) {
            fprintf(stderr, "dyad: --limit expects a number of rows, got '%s'\n", v);
            return -1;
        }
        f->limit = n;
    }
    return 1;
}

struct dyad_store *store_open_read(const char *db)
{
    dyad_store_options o = {0};
    o.flags = DYAD_STORE_READONLY;
    dyad_store *s;
    dyad_error err = {0};
    if (dyad_store_open(db, &o, &s, &err) != DYAD_OK) {
        print_error(&err);
        return NULL;
    }
    return s;
}

static const char *const quad_names[5] = {"unknown code", "verbal cooperation",
                                          "material cooperation", "verbal conflict",
                                          "material conflict"};

static void print_day(FILE *out, int32_t day)
{
    char buf[DYAD_DAY_BUF];
    dyad_store_day_str(day, buf);
    fputs(buf[0] ? buf : "-", out);
}

int store_print_summary(struct dyad_store *s, const char *db, FILE *out)
{
    dyad_store_summary sm;
    dyad_error err = {0};
    if (dyad_store_get_summary(s, &sm, &err) != DYAD_OK) {
        print_error(&err);
        return EXIT_USAGE;
    }
    fprintf(out,
            "%s: %lld articles, %lld sentences, %lld mentions -> %lld events "
            "(dedup window %d day%s",
            db, (long long)sm.articles, (long long)sm.sentences, (long long)sm.mentions,
            (long long)sm.events, sm.window, sm.window == 1 ? "" : "s");
    if (sm.ungrouped)
        fprintf(out, "; %lld mentions not yet grouped", (long long)sm.ungrouped);
    fputs(")", out);
    if (sm.first_day != INT32_MIN) {
        fputs(", ", out);
        print_day(out, sm.first_day);
        fputs(" to ", out);
        print_day(out, sm.last_day);
    }
    fputs("\n\n", out);
    fprintf(out, "%-24s %10s %10s\n", "QuadClass", "events", "mentions");
    for (int q = 1; q <= 4; q++)
        fprintf(out, "%d %-22s %10lld %10lld\n", q, quad_names[q], (long long)sm.events_by_quad[q],
                (long long)sm.mentions_by_quad[q]);
    if (sm.events_by_quad[0] || sm.mentions_by_quad[0])
        fprintf(out, "- %-22s %10lld %10lld\n", quad_names[0], (long long)sm.events_by_quad[0],
                (long long)sm.mentions_by_quad[0]);
    if (sm.n_top) {
        fprintf(out, "\n%-24s %10s %10s\n", "top dyads", "events", "mentions");
        for (size_t i = 0; i < sm.n_top; i++) {
            char pair[80];
            snprintf(pair, sizeof pair, "%s -> %s", sm.top[i].source, sm.top[i].target);
            fprintf(out, "%-24s %10lld %10lld\n", pair, (long long)sm.top[i].events,
                    (long long)sm.top[i].mentions);
        }
    }
    return ferror(out) ? EXIT_USAGE : EXIT_OK;
}

/* ---- tables ------------------------------------------------------------------------- */

#define MAX_COLS     12
#define TABLE_SAMPLE 1000 /* rows read before the column widths are fixed */

struct table {
    size_t n_cols;
    const char *names[MAX_COLS];
    int right[MAX_COLS]; /* numbers align right */
    size_t width[MAX_COLS];
    char **cells; /* buffered rows, n_cols per row */
    size_t n_rows, cap;
    int streaming; /* widths fixed: rows are printed as they come */
};

static void table_print_row(const struct table *t, char *const *cells)
{
    for (size_t c = 0; c < t->n_cols; c++) {
        const char *v = cells[c] ? cells[c] : "";
        int w = (int)t->width[c];
        if (c + 1 == t->n_cols && !t->right[c])
            fputs(v, stdout);
        else
            printf(t->right[c] ? "%*s" : "%-*s", w, v);
        if (c + 1 < t->n_cols)
            fputs("  ", stdout);
    }
    fputc('\n', stdout);
}

static void table_flush(struct table *t)
{
    if (t->streaming)
        return;
    t->streaming = 1;
    char *header[MAX_COLS];
    for (size_t c = 0; c < t->n_cols; c++)
        header[c] = (char *)t->names[c];
    table_print_row(t, header);
    for (size_t r = 0; r < t->n_rows; r++) {
        table_print_row(t, t->cells + r * t->n_cols);
        for (size_t c = 0; c < t->n_cols; c++)
            free(t->cells[r * t->n_cols + c]);
    }
    free(t->cells);
    t->cells = NULL;
    t->n_rows = 0;
}

/* Takes a row of formatted cells; 0, or -1 when out of memory. */
static int table_add(struct table *t, char *const *cells)
{
    if (t->streaming) {
        table_print_row(t, cells);
        return 0;
    }
    for (size_t c = 0; c < t->n_cols; c++) {
        size_t n = cells[c] ? strlen(cells[c]) : 0;
        if (n > t->width[c])
            t->width[c] = n > 40 ? 40 : n;
    }
    if (t->n_rows == t->cap) {
        size_t cap = t->cap ? t->cap * 2 : 64;
        char **p = realloc(t->cells, cap * t->n_cols * sizeof *p);
        if (!p)
            return -1;
        t->cells = p;
        t->cap = cap;
    }
    for (size_t c = 0; c < t->n_cols; c++) {
        char *dup = strdup(cells[c] ? cells[c] : "");
        if (!dup)
            return -1;
        t->cells[t->n_rows * t->n_cols + c] = dup;
    }
    if (++t->n_rows == TABLE_SAMPLE)
        table_flush(t);
    return 0;
}

static void table_init(struct table *t, const char *const *names, const int *right, size_t n)
{
    memset(t, 0, sizeof *t);
    t->n_cols = n;
    for (size_t c = 0; c < n; c++) {
        t->names[c] = names[c];
        t->right[c] = right[c];
        t->width[c] = strlen(names[c]);
    }
}

static void fmt_day(char *buf, size_t size, int32_t day)
{
    char d[DYAD_DAY_BUF];
    dyad_store_day_str(day, d);
    snprintf(buf, size, "%s", d[0] ? d : "-");
}

/* ---- the command -------------------------------------------------------------------- */

enum out_format { OUT_TABLE, OUT_JSONL, OUT_CSV };

static int event_cells(struct table *t, const dyad_store_event *e)
{
    char id[24], day[24], quad[8], gold[32], nm[24], ns[24], na[24];
    snprintf(id, sizeof id, "%lld", (long long)e->id);
    fmt_day(day, sizeof day, e->first_day);
    snprintf(quad, sizeof quad, "%d", e->quad_class);
    snprintf(gold, sizeof gold, "%.1f", e->goldstein);
    snprintf(nm, sizeof nm, "%lld", (long long)e->num_mentions);
    snprintf(ns, sizeof ns, "%lld", (long long)e->num_sources);
    snprintf(na, sizeof na, "%lld", (long long)e->num_articles);
    char *cells[] = {id,
                     day,
                     (char *)e->source,
                     (char *)e->target,
                     (char *)e->cameo,
                     (char *)(e->plover ? e->plover : "-"),
                     quad,
                     gold,
                     nm,
                     ns,
                     na};
    return table_add(t, cells);
}

static int mention_cells(struct table *t, const dyad_store_mention *m)
{
    const dyad_event *e = &m->event;
    char id[24], ev[24], sent[16], day[24], quad[8], verb[64];
    snprintf(id, sizeof id, "%lld", (long long)m->id);
    snprintf(ev, sizeof ev, "%lld", (long long)m->event_id);
    snprintf(sent, sizeof sent, "%u", e->sentence);
    fmt_day(day, sizeof day, m->article.day);
    snprintf(quad, sizeof quad, "%d", e->quad_class);
    size_t vs = e->verb.start, ve = e->verb.end;
    if (ve > m->article.text_len)
        ve = m->article.text_len;
    int vlen = vs < ve ? (int)(ve - vs) : 0;
    if (vlen > 60)
        vlen = 60;
    snprintf(verb, sizeof verb, "%.*s", vlen, m->article.text + (vlen ? vs : 0));
    char *cells[] = {id,
                     ev,
                     (char *)m->article.id,
                     sent,
                     day,
                     (char *)e->source.code,
                     (char *)e->target.code,
                     (char *)e->cameo,
                     (char *)(e->plover ? e->plover : "-"),
                     quad,
                     verb};
    return table_add(t, cells);
}

static int run_table(dyad_store_cursor *c, int mentions)
{
    static const char *const ev_names[] = {"ID",       "DATE",    "SOURCE",  "TARGET",
                                           "CAMEO",    "PLOVER",  "QUAD",    "GOLD",
                                           "MENTIONS", "SOURCES", "ARTICLES"};
    static const int ev_right[] = {1, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1};
    static const char *const m_names[] = {"ID",     "EVENT", "DOC",    "SENT", "DATE", "SOURCE",
                                          "TARGET", "CAMEO", "PLOVER", "QUAD", "VERB"};
    static const int m_right[] = {1, 1, 0, 1, 0, 0, 0, 0, 0, 1, 0};
    struct table t;
    if (mentions)
        table_init(&t, m_names, m_right, 11);
    else
        table_init(&t, ev_names, ev_right, 11);
    dyad_error err = {0};
    int r, bad = 0;
    if (mentions) {
        dyad_store_mention m;
        while (!bad && (r = dyad_store_next_mention(c, &m, &err)) > 0)
            bad = mention_cells(&t, &m) < 0;
    } else {
        dyad_store_event e;
        while (!bad && (r = dyad_store_next_event(c, &e, &err)) > 0)
            bad = event_cells(&t, &e) < 0;
    }
    table_flush(&t);
    if (bad) {
        fprintf(stderr, "dyad: out of memory\n");
        return EXIT_USAGE;
    }
    if (r < 0) {
        print_error(&err);
        return EXIT_USAGE;
    }
    return EXIT_OK;
}

static int run_lines(dyad_store_cursor *c, int mentions, dyad_export_format fmt)
{
    dyad_error err = {0};
    int r;
    unsigned flags = mentions ? DYAD_EXPORT_MENTIONS : 0;
    if (dyad_store_write_header(stdout, fmt, flags) != DYAD_OK)
        return EXIT_USAGE;
    if (mentions) {
        dyad_store_mention m;
        while ((r = dyad_store_next_mention(c, &m, &err)) > 0)
            if (dyad_store_write_mention(stdout, fmt, &m) != DYAD_OK)
                return EXIT_USAGE;
    } else {
        dyad_store_event e;
        while ((r = dyad_store_next_event(c, &e, &err)) > 0)
            if (dyad_store_write_event(stdout, fmt, &e) != DYAD_OK)
                return EXIT_USAGE;
    }
    if (r < 0) {
        print_error(&err);
        return EXIT_USAGE;
    }
    return EXIT_OK;
}

int cmd_query(int argc, char **argv)
{
    dyad_store_filter f = dyad_store_filter_default();
    const char *db = DYAD_DEFAULT_DB;
    int mentions = 0, count = 0, summary = 0, check = 0;
    enum out_format fmt = isatty(STDOUT_FILENO) ? OUT_TABLE : OUT_JSONL;
    for (int i = 1; i < argc; i++) {
        int r = store_filter_arg(&f, &db, argc, argv, &i);
        if (r < 0)
            return EXIT_USAGE;
        if (r > 0)
            continue;
        const char *a = argv[i];
        if (strcmp(a, "--mentions") == 0) {
            mentions = 1;
        } else if (strcmp(a, "--count") == 0) {
            count = 1;
        } else if (strcmp(a, "--summary") == 0) {
            summary = 1;
        } else if (strcmp(a, "--check") == 0) {
            check = 1;
        } else if (strcmp(a, "--format") == 0 && i + 1 < argc) {
            static const char *const names[] = {"table", "jsonl", "csv"}; /* enum order */
            int k = pick_arg("--format", argv[++i], names, 3);
            if (k < 0)
                return EXIT_USAGE;
            fmt = (enum out_format)k;
        } else {
            fprintf(stderr, "dyad: unknown option '%s' for 'dyad query'\n", a);
            return EXIT_USAGE;
        }
    }
    dyad_store *s = store_open_read(db);
    if (!s)
        return EXIT_USAGE;
    int rc = EXIT_OK;
    dyad_error err = {0};
    if (check) {
        if (dyad_store_check(s, &err) != DYAD_OK) {
            if (!err.source)
                err.source = db;
            print_error(&err);
            rc = EXIT_SKIPPED;
        } else {
            printf("%s: ok\n", db);
        }
    } else if (summary) {
        rc = store_print_summary(s, db, stdout);
    } else if (count) {
        int64_t n;
        if (dyad_store_count(s, &f, mentions, &n, &err) != DYAD_OK) {
            print_error(&err);
            rc = EXIT_USAGE;
        } else {
            if (f.limit && n > f.limit)
                n = f.limit;
            printf("%lld\n", (long long)n);
        }
    } else {
        dyad_store_cursor *c;
        dyad_status st = mentions ? dyad_store_query_mentions(s, &f, &c, &err)
                                  : dyad_store_query_events(s, &f, &c, &err);
        if (st != DYAD_OK) {
            print_error(&err);
            rc = EXIT_USAGE;
        } else {
            rc = fmt == OUT_TABLE
                     ? run_table(c, mentions)
                     : run_lines(c, mentions, fmt == OUT_CSV ? DYAD_EXPORT_CSV : DYAD_EXPORT_JSONL);
            dyad_store_cursor_free(c);
        }
    }
    if (fflush(stdout) != 0 || ferror(stdout)) {
        fprintf(stderr, "dyad: error writing to standard output\n");
        rc = EXIT_USAGE;
    }
    dyad_store_close(s);
    return rc;
}
