/*
 * query.c - reading the store: a dyad_store_filter becomes SQL conditions with bound
 * values (never text pasted into SQL), cursors walk events or mentions, and the summary
 * gives the counts `dyad ingest --summary` prints.
 */
#include "store/store.h"

#include <stdio.h>
#include <string.h>

struct dyad_store_cursor {
    dyad_store *s;
    sqlite3_stmt *st;
    int mentions;
};

dyad_store_filter dyad_store_filter_default(void)
{
    dyad_store_filter f;
    memset(&f, 0, sizeof f);
    f.from_day = INT32_MIN;
    f.to_day = INT32_MAX;
    return f;
}

/* ---- filters ------------------------------------------------------------------------ */

static int add_text(struct dy_filter_sql *q, const char *s)
{
    if (q->n == sizeof q->p / sizeof q->p[0])
        return 0;
    q->p[q->n].is_int = 0;
    q->p[q->n].s = s;
    q->n++;
    return 1;
}

static int add_int(struct dy_filter_sql *q, int64_t v)
{
    if (q->n == sizeof q->p / sizeof q->p[0])
        return 0;
    q->p[q->n].is_int = 1;
    q->p[q->n].i = v;
    q->n++;
    return 1;
}

static char *own(struct dy_filter_sql *q, char *s)
{
    if (!s)
        return NULL;
    if (q->n_owned == sizeof q->owned / sizeof q->owned[0]) {
        dy_free(s);
        return NULL;
    }
    q->owned[q->n_owned++] = s;
    return s;
}

/* The least string greater than every string that starts with `prefix` (bytes compared
 * as SQLite's BINARY collation does): the prefix with its last byte raised by one. */
static char *prefix_end(const char *prefix)
{
    size_t n = strlen(prefix);
    char *e = dy_strndup(prefix, n);
    if (!e)
        return NULL;
    while (n > 0 && (unsigned char)e[n - 1] == 0xFF)
        e[--n] = '\0';
    if (n > 0)
        e[n - 1] = (char)((unsigned char)e[n - 1] + 1);
    return e;
}

/* "(col >= ? AND col < ?)" for a prefix; an index range scan. */
static dyad_status prefix_cond(struct dy_filter_sql *q, const char *col, const char *prefix)
{
    char *end = own(q, prefix_end(prefix));
    if (!end || !add_text(q, prefix) || !add_text(q, end))
        return DYAD_NOMEM;
    return dy_buf_printf(&q->where, "(%s >= ? AND %s < ?)", col, col);
}

static dyad_status dyad_cond(struct dy_filter_sql *q, const char *a, const char *src,
                             const char *tgt, const char *tcol)
{
    dyad_status st = DYAD_OK;
    int n = 0;
    st |= dy_buf_append(&q->where, "(", 1);
    if (src && *src) {
        st |= prefix_cond(q, a, src);
        n++;
    }
    if (tgt && *tgt) {
        if (n)
            st |= dy_buf_append(&q->where, " AND ", 5);
        st |= prefix_cond(q, tcol, tgt);
        n++;
    }
    st |= dy_buf_append(&q->where, ")", 1);
    return st ? DYAD_NOMEM : DYAD_OK;
}

/* The FTS5 query for `text`: each word quoted (so punctuation and FTS operators in it are
 * plain text), all words required. NULL when out of memory; "" when there are no words. */
static char *fts_query(const char *text)
{
    struct dy_buf b = {0};
    const char *p = text;
    while (*p) {
        while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
            p++;
        if (!*p)
            break;
        if (b.len && dy_buf_putc(&b, ' '))
            goto fail;
        if (dy_buf_putc(&b, '"'))
            goto fail;
        for (; *p && *p != ' ' && *p != '\t' && *p != '\n' && *p != '\r'; p++)
            if ((*p == '"' && dy_buf_putc(&b, '"')) || dy_buf_putc(&b, *p))
                goto fail;
        if (dy_buf_putc(&b, '"'))
            goto fail;
    }
    if (dy_buf_putc(&b, '\0'))
        goto fail;
    return b.data;
fail:
    dy_buf_free(&b);
    return NULL;
}

void dy_filter_free(struct dy_filter_sql *q)
{
    dy_buf_free(&q->where);
    for (size_t i = 0; i < q->n_owned; i++)
        dy_free(q->owned[i]);
    memset(q, 0, sizeof *q);
}

dyad_status dy_filter_build(const dyad_store_filter *f, int mentions, struct dy_filter_sql *q,
                            dyad_error *err)
{
    memset(q, 0, sizeof *q);
    if (f && (f->root < 0 || f->root > 20))
        return dy_fail(err, DYAD_MISUSE, "CAMEO root must be 1 to 20, got %d", f->root);
    if (f && (f->quad_mask & ~0x1Eu))
        return dy_fail(err, DYAD_MISUSE, "QuadClass must be 1 to 4");
    dyad_status st = dy_buf_putc(&q->where, '\0');
    q->where.len = 0;
    if (st != DYAD_OK || !f) {
        if (st == DYAD_OK)
            return DYAD_OK;
        dy_filter_free(q);
        return dy_fail(err, DYAD_NOMEM, "out of memory");
    }
    const char *src = mentions ? "m.source" : "e.source";
    const char *tgt = mentions ? "m.target" : "e.target";
    const char *t = mentions ? "m" : "e";

    if (f->actor && *f->actor) {
        st |= dy_buf_append(&q->where, " AND (", 6);
        st |= prefix_cond(q, src, f->actor);
        st |= dy_buf_append(&q->where, " OR ", 4);
        st |= prefix_cond(q, tgt, f->actor);
        st |= dy_buf_append(&q->where, ")", 1);
    }
    if ((f->source && *f->source) || (f->target && *f->target)) {
        st |= dy_buf_append(&q->where, " AND (", 6);
        st |= dyad_cond(q, src, f->source, f->target, tgt);
        if (f->both) {
            st |= dy_buf_append(&q->where, " OR ", 4);
            st |= dyad_cond(q, src, f->target, f->source, tgt);
        }
        st |= dy_buf_append(&q->where, ")", 1);
    }
    if (f->cameo && *f->cameo) {
        st |= dy_buf_printf(&q->where, " AND ");
        st |= prefix_cond(q, mentions ? "m.cameo" : "e.cameo", f->cameo);
    }
    if (f->root) {
        st |= dy_buf_printf(&q->where, " AND %s.root = ?", t);
        st |= add_int(q, f->root) ? DYAD_OK : DYAD_NOMEM;
    }
    if (f->plover && *f->plover) {
        st |= dy_buf_printf(&q->where, " AND %s.plover = ?", t);
        st |= add_text(q, f->plover) ? DYAD_OK : DYAD_NOMEM;
    }
    if (f->quad_mask) {
        st |= dy_buf_printf(&q->where, " AND %s.quad_class IN (", t);
        int n = 0;
        for (int c = 1; c <= 4; c++)
            if (f->quad_mask & (1u << c))
                st |= dy_buf_printf(&q->where, "%s%d", n++ ? ", " : "", c);
        st |= dy_buf_putc(&q->where, ')');
    }
    const char *day = mentions ? "m.day" : "e.first_day";
    if (f->from_day != INT32_MIN) {
        st |= dy_buf_printf(&q->where, " AND %s >= ?", day);
        st |= add_int(q, f->from_day) ? DYAD_OK : DYAD_NOMEM;
    }
    if (f->to_day != INT32_MAX) {
        st |= dy_buf_printf(&q->where, " AND %s <= ?", day);
        st |= add_int(q, f->to_day) ? DYAD_OK : DYAD_NOMEM;
    }
    if (f->text) {
        char *fq = own(q, fts_query(f->text));
        if (!fq)
            st |= DYAD_NOMEM;
        else if (*fq) {
            if (mentions)
                st |= dy_buf_printf(&q->where, " AND m.article IN (SELECT rowid FROM "
                                               "article_fts WHERE article_fts MATCH ?)");
            else
                st |=
                    dy_buf_printf(&q->where, " AND e.id IN (SELECT tm.event FROM mention tm WHERE "
                                             "tm.article IN (SELECT rowid FROM article_fts WHERE "
                                             "article_fts MATCH ?))");
            st |= add_text(q, fq) ? DYAD_OK : DYAD_NOMEM;
        }
    }
    if (st != DYAD_OK) {
        dy_filter_free(q);
        return dy_fail(err, DYAD_NOMEM, "out of memory building a query");
    }
    return DYAD_OK;
}

dyad_status dy_filter_prepare(dyad_store *s, const struct dy_filter_sql *q, const char *head,
                              const char *tail, int64_t extra, sqlite3_stmt **out, dyad_error *err)
{
    *out = NULL;
    struct dy_buf sql = {0};
    if (dy_buf_printf(&sql, "%s WHERE 1%.*s %s", head, (int)q->where.len,
                      q->where.data ? q->where.data : "", tail ? tail : "") != DYAD_OK) {
        dy_buf_free(&sql);
        return dy_fail(err, DYAD_NOMEM, "out of memory building a query");
    }
    sqlite3_stmt *st;
    int rc = sqlite3_prepare_v2(s->db, sql.data, (int)sql.len, &st, NULL);
    dy_buf_free(&sql);
    if (rc != SQLITE_OK)
        return dy_store_fail(s, err, "query");
    int i = 1;
    for (size_t k = 0; k < q->n; k++, i++) {
        if (q->p[k].is_int)
            sqlite3_bind_int64(st, i, q->p[k].i);
        else /* copied: the filter's strings are freed before the statement runs */
            sqlite3_bind_text(st, i, q->p[k].s, -1, SQLITE_TRANSIENT);
    }
    if (extra != INT64_MIN)
        sqlite3_bind_int64(st, i, extra);
    *out = st;
    return DYAD_OK;
}

/* ---- cursors ------------------------------------------------------------------------ */

#define EVENT_COLUMNS                                                                              \
    "SELECT e.id, e.first_day, e.last_day, e.source, e.target, e.source_name, "                    \
    "e.target_name, e.cameo, e.root, e.plover, e.quad_class, e.goldstein, e.num_mentions, "        \
    "e.num_sources, e.num_articles, e.is_root, e.doc, e.url, e.outlet, e.added "                   \
    "FROM event e"

#define MENTION_COLUMNS                                                                            \
    "SELECT m.id, m.event, m.sentence, m.sent_start, m.sent_end, m.source, m.source_start, "       \
    "m.source_end, m.target, m.target_start, m.target_end, m.cameo, m.plover, m.goldstein, "       \
    "m.quad_class, m.verb_start, m.verb_end, r.file, r.line, r.pattern, a.doc, a.date, "           \
    "a.day, a.text, a.title, a.source, a.url "                                                     \
    "FROM mention m JOIN article a ON a.id = m.article LEFT JOIN rule r ON r.id = m.rule"

static dyad_status open_cursor(dyad_store *s, const dyad_store_filter *f, int mentions,
                               const char *head, const char *order, dyad_store_cursor **out,
                               dyad_error *err)
{
    if (!out)
        return DYAD_MISUSE;
    *out = NULL;
    if (!s)
        return dy_fail(err, DYAD_MISUSE, "no store");
    struct dy_filter_sql q;
    dyad_status st = dy_filter_build(f, mentions, &q, err);
    if (st != DYAD_OK)
        return st;
    char tail[256];
    int64_t limit = f && f->limit > 0 ? f->limit : -1;
    if (strstr(order, "LIMIT ?"))
        snprintf(tail, sizeof tail, "%s", order);
    else
        snprintf(tail, sizeof tail, "%s LIMIT ?", order);
    sqlite3_stmt *stmt;
    st = dy_filter_prepare(s, &q, head, tail, limit, &stmt, err);
    dy_filter_free(&q);
    if (st != DYAD_OK)
        return st;
    dyad_store_cursor *c = dy_calloc(1, sizeof *c);
    if (!c) {
        sqlite3_finalize(stmt);
        return dy_fail(err, DYAD_NOMEM, "out of memory");
    }
    c->s = s;
    c->st = stmt;
    c->mentions = mentions;
    *out = c;
    return DYAD_OK;
}

#define BY_DAY "ORDER BY e.first_day IS NULL, e.first_day, e.id"

dyad_status dy_store_query_events(dyad_store *s, const dyad_store_filter *f, int by_id,
                                  dyad_store_cursor **out, dyad_error *err)
{
    if (by_id || !f || f->limit <= 0)
        return open_cursor(s, f, 0, EVENT_COLUMNS, by_id ? "ORDER BY e.id" : BY_DAY, out, err);
    /* The first N by day: choose the ids from the (source, target, first_day) indexes
     * alone, then read only those N rows, not every event of the dyad. */
    return open_cursor(s, f, 0, EVENT_COLUMNS " WHERE e.id IN (SELECT e.id FROM event e",
                       BY_DAY " LIMIT ?) " BY_DAY, out, err);
}

dyad_status dyad_store_query_events(dyad_store *s, const dyad_store_filter *f,
                                    dyad_store_cursor **out, dyad_error *err)
{
    return dy_store_query_events(s, f, 0, out, err);
}

dyad_status dyad_store_query_mentions(dyad_store *s, const dyad_store_filter *f,
                                      dyad_store_cursor **out, dyad_error *err)
{
    return open_cursor(s, f, 1, MENTION_COLUMNS, "ORDER BY m.id", out, err);
}

void dyad_store_cursor_free(dyad_store_cursor *c)
{
    if (!c)
        return;
    sqlite3_finalize(c->st);
    dy_free(c);
}

static int32_t col_day(sqlite3_stmt *st, int i)
{
    return sqlite3_column_type(st, i) == SQLITE_NULL ? INT32_MIN
                                                     : (int32_t)sqlite3_column_int64(st, i);
}

static size_t col_size(sqlite3_stmt *st, int i)
{
    int64_t v = sqlite3_column_int64(st, i);
    return v < 0 ? 0 : (size_t)v;
}

static int step(dyad_store_cursor *c, dyad_error *err)
{
    int rc = sqlite3_step(c->st);
    if (rc == SQLITE_ROW)
        return 1;
    if (rc == SQLITE_DONE)
        return 0;
    dy_store_fail(c->s, err, "query");
    return -1;
}

int dyad_store_next_event(dyad_store_cursor *c, dyad_store_event *e, dyad_error *err)
{
    if (!c || !e || c->mentions) {
        dy_fail(err, DYAD_MISUSE, "dyad_store_next_event needs an event cursor");
        return -1;
    }
    int r = step(c, err);
    if (r <= 0)
        return r;
    sqlite3_stmt *st = c->st;
    memset(e, 0, sizeof *e);
    e->id = sqlite3_column_int64(st, 0);
    e->first_day = col_day(st, 1);
    e->last_day = col_day(st, 2);
    e->source = dy_col_text(st, 3);
    e->target = dy_col_text(st, 4);
    e->source_name = dy_col_text(st, 5);
    e->target_name = dy_col_text(st, 6);
    e->cameo = dy_col_text(st, 7);
    e->root = sqlite3_column_int(st, 8);
    e->plover = dy_col_text(st, 9);
    e->quad_class = sqlite3_column_int(st, 10);
    e->goldstein = sqlite3_column_double(st, 11);
    e->num_mentions = sqlite3_column_int64(st, 12);
    e->num_sources = sqlite3_column_int64(st, 13);
    e->num_articles = sqlite3_column_int64(st, 14);
    e->is_root = sqlite3_column_int(st, 15);
    e->doc = dy_col_text(st, 16);
    e->url = dy_col_text(st, 17);
    e->outlet = dy_col_text(st, 18);
    e->added = sqlite3_column_int64(st, 19);
    dyad_cameo_info info;
    if (e->cameo && dyad_cameo_lookup(e->cameo, &info))
        e->plover_mode = info.plover_mode;
    if (!e->source)
        e->source = "---";
    if (!e->target)
        e->target = "---";
    if (!e->cameo)
        e->cameo = "";
    return 1;
}

int dyad_store_next_mention(dyad_store_cursor *c, dyad_store_mention *m, dyad_error *err)
{
    if (!c || !m || !c->mentions) {
        dy_fail(err, DYAD_MISUSE, "dyad_store_next_mention needs a mention cursor");
        return -1;
    }
    int r = step(c, err);
    if (r <= 0)
        return r;
    sqlite3_stmt *st = c->st;
    memset(m, 0, sizeof *m);
    m->id = sqlite3_column_int64(st, 0);
    m->event_id = sqlite3_column_int64(st, 1);
    dyad_event *e = &m->event;
    e->sentence = (uint32_t)sqlite3_column_int64(st, 2);
    e->sentence_span.start = col_size(st, 3);
    e->sentence_span.end = col_size(st, 4);
    e->source.code = dy_col_text(st, 5);
    e->source.span.start = col_size(st, 6);
    e->source.span.end = col_size(st, 7);
    e->target.code = dy_col_text(st, 8);
    e->target.span.start = col_size(st, 9);
    e->target.span.end = col_size(st, 10);
    e->cameo = dy_col_text(st, 11);
    e->plover = dy_col_text(st, 12);
    e->goldstein = sqlite3_column_double(st, 13);
    e->quad_class = sqlite3_column_int(st, 14);
    e->verb.start = col_size(st, 15);
    e->verb.end = col_size(st, 16);
    e->rule_file = dy_col_text(st, 17);
    e->rule_line = (uint32_t)sqlite3_column_int64(st, 18);
    e->rule = dy_col_text(st, 19);
    dyad_article *a = &m->article;
    a->id = dy_col_text(st, 20);
    a->date = dy_col_text(st, 21);
    a->day = col_day(st, 22);
    a->text = (const char *)sqlite3_column_text(st, 23);
    a->text_len = (size_t)sqlite3_column_bytes(st, 23);
    a->title = dy_col_text(st, 24);
    a->source = dy_col_text(st, 25);
    a->url = dy_col_text(st, 26);
    if (!a->id)
        a->id = "";
    if (!a->text)
        a->text = "";
    return 1;
}

dyad_status dyad_store_count(dyad_store *s, const dyad_store_filter *f, int mentions, int64_t *n,
                             dyad_error *err)
{
    if (!s || !n)
        return dy_fail(err, DYAD_MISUSE, "dyad_store_count: missing argument");
    *n = 0;
    struct dy_filter_sql q;
    dyad_status st = dy_filter_build(f, mentions, &q, err);
    if (st != DYAD_OK)
        return st;
    sqlite3_stmt *stmt;
    st = dy_filter_prepare(
        s, &q, mentions ? "SELECT count(*) FROM mention m" : "SELECT count(*) FROM event e", NULL,
        INT64_MIN, &stmt, err);
    dy_filter_free(&q);
    if (st != DYAD_OK)
        return st;
    int rc = sqlite3_step(stmt);
    if (rc == SQLITE_ROW)
        *n = sqlite3_column_int64(stmt, 0);
    else
        st = dy_store_fail(s, err, "query");
    sqlite3_finalize(stmt);
    return st;
}

/* ---- summary ------------------------------------------------------------------------ */

/* Steps a one-shot statement, calling row() for each row. */
static dyad_status each_row(dyad_store *s, const char *sql,
                            void (*row)(sqlite3_stmt *, dyad_store_summary *),
                            dyad_store_summary *out, dyad_error *err)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK)
        return dy_store_fail(s, err, "summary");
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW)
        row(st, out);
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE)
        return dy_store_fail(s, err, "summary");
    return DYAD_OK;
}

static void row_counts(sqlite3_stmt *st, dyad_store_summary *o)
{
    o->articles = sqlite3_column_int64(st, 0);
    o->sentences = sqlite3_column_int64(st, 1);
    o->mentions = sqlite3_column_int64(st, 2);
    o->events = sqlite3_column_int64(st, 3);
    o->runs = sqlite3_column_int64(st, 4);
    o->ungrouped = sqlite3_column_int64(st, 5);
    o->first_day = col_day(st, 6);
    o->last_day = col_day(st, 7);
}

static int quad_index(sqlite3_stmt *st)
{
    int q = sqlite3_column_int(st, 0);
    return q >= 1 && q <= 4 ? q : 0;
}

static void row_event_quads(sqlite3_stmt *st, dyad_store_summary *o)
{
    o->events_by_quad[quad_index(st)] += sqlite3_column_int64(st, 1);
}

static void row_mention_quads(sqlite3_stmt *st, dyad_store_summary *o)
{
    o->mentions_by_quad[quad_index(st)] += sqlite3_column_int64(st, 1);
}

static void row_top(sqlite3_stmt *st, dyad_store_summary *o)
{
    if (o->n_top == sizeof o->top / sizeof o->top[0])
        return;
    dyad_store_dyad_count *d = &o->top[o->n_top++];
    const char *src = dy_col_text(st, 0), *tgt = dy_col_text(st, 1);
    snprintf(d->source, sizeof d->source, "%s", src ? src : "");
    snprintf(d->target, sizeof d->target, "%s", tgt ? tgt : "");
    d->events = sqlite3_column_int64(st, 2);
    d->mentions = sqlite3_column_int64(st, 3);
}

dyad_status dyad_store_get_summary(dyad_store *s, dyad_store_summary *out, dyad_error *err)
{
    if (!s || !out)
        return dy_fail(err, DYAD_MISUSE, "dyad_store_get_summary: missing argument");
    memset(out, 0, sizeof *out);
    out->window = s->window;
    dyad_status st;
    st = each_row(s,
                  "SELECT (SELECT count(*) FROM article), (SELECT total(sentences) FROM article),"
                  " (SELECT count(*) FROM mention), (SELECT count(*) FROM event),"
                  " (SELECT count(*) FROM run),"
                  " (SELECT count(*) FROM mention WHERE event IS NULL),"
                  " (SELECT min(first_day) FROM event), (SELECT max(last_day) FROM event)",
                  row_counts, out, err);
    if (st == DYAD_OK)
        st = each_row(s, "SELECT quad_class, count(*) FROM event GROUP BY quad_class",
                      row_event_quads, out, err);
    if (st == DYAD_OK)
        st = each_row(s, "SELECT quad_class, count(*) FROM mention GROUP BY quad_class",
                      row_mention_quads, out, err);
    if (st == DYAD_OK)
        st = each_row(s,
                      "SELECT source, target, count(*) AS n, total(num_mentions) FROM event"
                      " GROUP BY source, target ORDER BY n DESC, source, target LIMIT 10",
                      row_top, out, err);
    return st;
}
