/*
 * ingest.c - adding coded articles to the store: the duplicate rules (same id, same URL,
 * same normalised text), the run record, and batches of articles written in one
 * transaction each. Every article's sentences and events (mentions) go in with it.
 */
#include "dict/compiled.h"
#include "store/store.h"
#include "text/text.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

/* ---- the run ------------------------------------------------------------------------ */

/* "fnv1a64:..." over the bytes of each dictionary file in load order (each preceded by
 * its length, so moving bytes from one file to the next changes the sum), or NULL when a
 * file can no longer be read. */
static char *dict_checksum(const dyad_dict *d)
{
    uint64_t h = 1469598103934665603ull;
    for (size_t i = 0; i < d->m.n_files; i++) {
        char *text;
        size_t len;
        if (dy_read_file(d->m.files[i], &text, &len, NULL) != DYAD_OK)
            return NULL;
        char lenbuf[24];
        int n = snprintf(lenbuf, sizeof lenbuf, "%zu:", len);
        for (int j = 0; j < n; j++) {
            h ^= (unsigned char)lenbuf[j];
            h *= 1099511628211ull;
        }
        for (size_t j = 0; j < len; j++) {
            h ^= (unsigned char)text[j];
            h *= 1099511628211ull;
        }
        dy_free(text);
    }
    char out[32];
    snprintf(out, sizeof out, "fnv1a64:%016llx", (unsigned long long)h);
    return dy_strdup(out);
}

static char *options_text(const dyad_options *o)
{
    char buf[320];
    snprintf(buf, sizeof buf,
             "require_dyad=%d comma_min=%d comma_max=%d comma_bmin=%d comma_bmax=%d "
             "comma_emin=%d comma_emax=%d max_article_bytes=%zu max_sentence_tokens=%zu",
             o->require_dyad, o->comma_min, o->comma_max, o->comma_bmin, o->comma_bmax,
             o->comma_emin, o->comma_emax, o->max_article_bytes, o->max_sentence_tokens);
    return dy_strdup(buf);
}

static void run_clear(dyad_store *s)
{
    dy_free(s->run_dict_checksum);
    dy_free(s->run_dict_args);
    dy_free(s->run_options);
    dy_free(s->run_inputs);
    s->run_dict_checksum = s->run_dict_args = s->run_options = s->run_inputs = NULL;
    s->run_begun = 0;
    s->run_id = 0;
    s->run_articles = s->run_mentions = 0;
}

dyad_status dyad_store_begin_run(dyad_store *s, const dyad_store_run *run, dyad_error *err)
{
    if (!s || (s->flags & DYAD_STORE_READONLY))
        return dy_fail(err, DYAD_MISUSE, "the store is open for reading only");
    dyad_status st = dy_store_end_batch(s, err);
    if (st != DYAD_OK)
        return st;
    run_clear(s);
    s->run_begun = 1;
    s->run_started = (int64_t)time(NULL);
    if (!run)
        return DYAD_OK;
    if (run->dict)
        s->run_dict_checksum = dict_checksum(run->dict);
    if (run->dict_args && !(s->run_dict_args = dy_strdup(run->dict_args)))
        return dy_fail(err, DYAD_NOMEM, "out of memory");
    if (run->inputs && !(s->run_inputs = dy_strdup(run->inputs)))
        return dy_fail(err, DYAD_NOMEM, "out of memory");
    if (run->options && !(s->run_options = options_text(run->options)))
        return dy_fail(err, DYAD_NOMEM, "out of memory");
    return DYAD_OK;
}

static dyad_status write_run(dyad_store *s, dyad_error *err)
{
    sqlite3_stmt *st = dy_store_stmt(s, DY_ST_INS_RUN, err);
    if (!st)
        return err ? err->status : DYAD_IO;
    sqlite3_bind_int64(st, 1, s->run_started);
    dy_bind_text(st, 2, dyad_version(), SIZE_MAX);
    dy_bind_text(st, 3, s->run_dict_checksum, SIZE_MAX);
    dy_bind_text(st, 4, s->run_dict_args, SIZE_MAX);
    dy_bind_text(st, 5, s->run_options, SIZE_MAX);
    dy_bind_text(st, 6, s->run_inputs, SIZE_MAX);
    if (sqlite3_step(st) != SQLITE_DONE)
        return dy_store_fail(s, err, "recording the run");
    s->run_id = sqlite3_last_insert_rowid(s->db);
    s->run_in_batch = 1;
    return DYAD_OK;
}

/* ---- batches ------------------------------------------------------------------------ */

static void forget_rules(dyad_store *s)
{
    dy_intern_free(&s->rule_keys);
    dy_intern_init(&s->rule_keys);
}

static dyad_status begin_batch(dyad_store *s, dyad_error *err)
{
    if (s->in_batch)
        return DYAD_OK;
    /* IMMEDIATE takes the write lock now, so a second writer waits here (busy timeout)
     * rather than failing half-way through a batch. */
    dyad_status st = dy_store_exec(s, "BEGIN IMMEDIATE", err);
    if (st == DYAD_OK) {
        s->in_batch = 1;
        s->batch_n = 0;
    }
    return st;
}

static void abort_batch(dyad_store *s)
{
    if (!s->in_batch)
        return;
    sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
    s->in_batch = 0;
    s->batch_n = 0;
    if (s->run_in_batch) /* the run's row went with the batch: written again if needed */
        s->run_id = 0;
    s->run_in_batch = 0;
    forget_rules(s);
}

dyad_status dy_store_end_batch(dyad_store *s, dyad_error *err)
{
    if (!s->in_batch)
        return DYAD_OK;
    if (s->run_id) {
        sqlite3_stmt *st = dy_store_stmt(s, DY_ST_UPD_RUN, err);
        if (!st) {
            abort_batch(s);
            return err ? err->status : DYAD_IO;
        }
        sqlite3_bind_int64(st, 1, s->run_id);
        sqlite3_bind_int64(st, 2, (int64_t)time(NULL));
        sqlite3_bind_int64(st, 3, s->run_articles);
        sqlite3_bind_int64(st, 4, s->run_mentions);
        if (sqlite3_step(st) != SQLITE_DONE) {
            dyad_status r = dy_store_fail(s, err, "recording the run");
            abort_batch(s);
            return r;
        }
    }
    if (sqlite3_exec(s->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) {
        dyad_status r = dy_store_fail(s, err, "committing a batch");
        abort_batch(s);
        return r;
    }
    s->in_batch = 0;
    s->batch_n = 0;
    s->run_in_batch = 0;
    return DYAD_OK;
}

dyad_status dyad_store_commit(dyad_store *s, dyad_error *err)
{
    if (!s)
        return DYAD_MISUSE;
    return dy_store_end_batch(s, err);
}

void dy_store_ingest_free(dyad_store *s)
{
    run_clear(s);
    dy_buf_free(&s->norm);
    dy_buf_free(&s->norm2);
    dy_buf_free(&s->dup_of);
    dy_arena_free(s->arena);
    s->arena = NULL;
    dy_intern_free(&s->rule_keys);
    dy_free(s->rule_ids);
    s->rule_ids = NULL;
}

/* ---- duplicates --------------------------------------------------------------------- */

static int nonempty(const char *s)
{
    return s && *s;
}

static dyad_status set_dup_of(dyad_store *s, const char *doc)
{
    s->dup_of.len = 0;
    dyad_status st = dy_buf_append(&s->dup_of, doc ? doc : "", doc ? strlen(doc) : 0);
    return st == DYAD_OK ? dy_buf_putc(&s->dup_of, '\0') : st;
}

/* Sets *dup (and s->dup_of) for `a`, and *hash to its normalised text's hash. */
static dyad_status check_dup(dyad_store *s, const dyad_article *a, dyad_store_dup *dup,
                             int64_t *hash, dyad_error *err)
{
    *dup = DYAD_STORE_NEW;
    dyad_status st = dy_text_normalise(a->text, a->text_len, &s->norm);
    if (st != DYAD_OK)
        return dy_fail_at(err, st, a->id, a->line, 0, SIZE_MAX,
                          st == DYAD_NOMEM ? "out of memory" : "text is not valid UTF-8");
    *hash = (int64_t)dy_hash(s->norm.data, s->norm.len);

    sqlite3_stmt *q = dy_store_stmt(s, DY_ST_FIND_ID, err);
    if (!q)
        return err ? err->status : DYAD_IO;
    dy_bind_text(q, 1, a->id, SIZE_MAX);
    int rc = sqlite3_step(q);
    sqlite3_reset(q);
    if (rc == SQLITE_ROW) {
        *dup = DYAD_STORE_DUP_ID;
        return set_dup_of(s, a->id);
    }
    if (rc != SQLITE_DONE)
        return dy_store_fail(s, err, "looking up an article");

    if (nonempty(a->url)) {
        if (!(q = dy_store_stmt(s, DY_ST_FIND_URL, err)))
            return err ? err->status : DYAD_IO;
        dy_bind_text(q, 1, a->url, SIZE_MAX);
        rc = sqlite3_step(q);
        if (rc == SQLITE_ROW) {
            *dup = DYAD_STORE_DUP_URL;
            st = set_dup_of(s, dy_col_text(q, 0));
            sqlite3_reset(q);
            return st;
        }
        sqlite3_reset(q);
        if (rc != SQLITE_DONE)
            return dy_store_fail(s, err, "looking up an article");
    }

    /* Same hash: compare the normalised texts, so a collision never drops an article.
     * Empty texts are not compared: they say nothing about being the same article. */
    if (s->norm.len == 0)
        return DYAD_OK;
    if (!(q = dy_store_stmt(s, DY_ST_FIND_HASH, err)))
        return err ? err->status : DYAD_IO;
    sqlite3_bind_int64(q, 1, *hash);
    while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        const char *text = (const char *)sqlite3_column_text(q, 1);
        size_t len = (size_t)sqlite3_column_bytes(q, 1);
        if (dy_text_normalise(text ? text : "", len, &s->norm2) == DYAD_OK &&
            s->norm2.len == s->norm.len && memcmp(s->norm2.data, s->norm.data, s->norm.len) == 0) {
            *dup = DYAD_STORE_DUP_TEXT;
            st = set_dup_of(s, dy_col_text(q, 0));
            sqlite3_reset(q);
            return st;
        }
    }
    sqlite3_reset(q);
    if (rc != SQLITE_DONE)
        return dy_store_fail(s, err, "looking up an article");
    return DYAD_OK;
}

dyad_status dyad_store_seen(dyad_store *s, const dyad_article *a, dyad_store_dup *dup,
                            const char **dup_of, dyad_error *err)
{
    if (!s || !a || !a->id || (!a->text && a->text_len) || !dup)
        return dy_fail(err, DYAD_MISUSE, "dyad_store_seen: missing argument");
    int64_t hash = 0;
    dyad_status st = check_dup(s, a, dup, &hash, err);
    if (dup_of)
        *dup_of = st == DYAD_OK && *dup ? s->dup_of.data : NULL;
    return st;
}

/* ---- adding ------------------------------------------------------------------------- */

/* The news outlet behind an article, for num_sources: its source name, else its URL's
 * host (lower case, without "www."), else NULL. Written to buf. */
static const char *outlet_of(const dyad_article *a, char *buf, size_t size)
{
    if (nonempty(a->source))
        return a->source;
    if (!nonempty(a->url))
        return NULL;
    const char *p = strstr(a->url, "://");
    p = p ? p + 3 : a->url;
    const char *at = p;
    while (*at && *at != '/' && *at != '@')
        at++;
    if (*at == '@')
        p = at + 1;
    if (strncmp(p, "www.", 4) == 0)
        p += 4;
    size_t n = 0;
    while (p[n] && p[n] != '/' && p[n] != ':' && p[n] != '?' && p[n] != '#' && n + 1 < size) {
        char c = p[n];
        buf[n] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
        n++;
    }
    buf[n] = '\0';
    return n ? buf : NULL;
}

/* The CAMEO root of a code ("195" -> 19), 0 when it does not start with one. */
static int cameo_root(const char *code)
{
    if (!code || code[0] < '0' || code[0] > '9' || code[1] < '0' || code[1] > '9')
        return 0;
    int r = (code[0] - '0') * 10 + (code[1] - '0');
    return r >= 1 && r <= 20 ? r : 0;
}

/* The rule table id of the event's rule (cached per handle), 0 when it has none. */
static dyad_status rule_id(dyad_store *s, const dyad_event *e, int64_t *id, dyad_error *err)
{
    *id = 0;
    if (!e->rule_file && !e->rule && !e->rule_line)
        return DYAD_OK;
    char key[1024];
    int n = snprintf(key, sizeof key, "%s%c%u%c%s", e->rule_file ? e->rule_file : "", 0,
                     e->rule_line, 0, e->rule ? e->rule : "");
    size_t klen = n < 0 ? 0 : (size_t)n < sizeof key ? (size_t)n : sizeof key - 1;
    uint32_t k = dy_intern_find(&s->rule_keys, key, klen);
    if (k) {
        *id = s->rule_ids[k];
        return DYAD_OK;
    }
    sqlite3_stmt *q = dy_store_stmt(s, DY_ST_FIND_RULE, err);
    if (!q)
        return err ? err->status : DYAD_IO;
    dy_bind_text(q, 1, e->rule_file, SIZE_MAX);
    if (e->rule_line)
        sqlite3_bind_int64(q, 2, e->rule_line);
    else
        sqlite3_bind_null(q, 2);
    dy_bind_text(q, 3, e->rule, SIZE_MAX);
    int rc = sqlite3_step(q);
    if (rc == SQLITE_ROW)
        *id = sqlite3_column_int64(q, 0);
    sqlite3_reset(q);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return dy_store_fail(s, err, "looking up a rule");
    if (!*id) {
        if (!(q = dy_store_stmt(s, DY_ST_INS_RULE, err)))
            return err ? err->status : DYAD_IO;
        dy_bind_text(q, 1, e->rule_file, SIZE_MAX);
        if (e->rule_line)
            sqlite3_bind_int64(q, 2, e->rule_line);
        else
            sqlite3_bind_null(q, 2);
        dy_bind_text(q, 3, e->rule, SIZE_MAX);
        if (sqlite3_step(q) != SQLITE_DONE)
            return dy_store_fail(s, err, "storing a rule");
        *id = sqlite3_last_insert_rowid(s->db);
    }
    k = dy_intern_add(&s->rule_keys, key, klen);
    if (!k || dy_grow((void **)&s->rule_ids, &s->cap_rule_ids, (size_t)k + 1,
                      sizeof *s->rule_ids) != DYAD_OK)
        return dy_fail(err, DYAD_NOMEM, "out of memory");
    s->rule_ids[k] = *id;
    return DYAD_OK;
}

static int64_t span_int(size_t v)
{
    return v > INT64_MAX ? INT64_MAX : (int64_t)v;
}

static dyad_status insert_mention(dyad_store *s, int64_t article, int32_t day, const char *outlet,
                                  uint32_t seq, const dyad_event *e, dyad_error *err)
{
    int64_t rule;
    dyad_status st = rule_id(s, e, &rule, err);
    if (st != DYAD_OK)
        return st;
    sqlite3_stmt *q = dy_store_stmt(s, DY_ST_INS_MENTION, err);
    if (!q)
        return err ? err->status : DYAD_IO;
    const char *src = nonempty(e->source.code) ? e->source.code : "---";
    const char *tgt = nonempty(e->target.code) ? e->target.code : "---";
    sqlite3_bind_int64(q, 1, article);
    sqlite3_bind_int64(q, 2, seq);
    sqlite3_bind_int64(q, 3, e->sentence);
    sqlite3_bind_int64(q, 4, span_int(e->sentence_span.start));
    sqlite3_bind_int64(q, 5, span_int(e->sentence_span.end));
    if (day == INT32_MIN)
        sqlite3_bind_null(q, 6);
    else
        sqlite3_bind_int64(q, 6, day);
    dy_bind_text(q, 7, src, SIZE_MAX);
    sqlite3_bind_int64(q, 8, span_int(e->source.span.start));
    sqlite3_bind_int64(q, 9, span_int(e->source.span.end));
    dy_bind_text(q, 10, tgt, SIZE_MAX);
    sqlite3_bind_int64(q, 11, span_int(e->target.span.start));
    sqlite3_bind_int64(q, 12, span_int(e->target.span.end));
    dy_bind_text(q, 13, e->cameo ? e->cameo : "", SIZE_MAX);
    sqlite3_bind_int64(q, 14, cameo_root(e->cameo));
    dy_bind_text(q, 15, e->plover, SIZE_MAX);
    sqlite3_bind_double(q, 16, e->goldstein);
    if (e->quad_class)
        sqlite3_bind_int64(q, 17, e->quad_class);
    else
        sqlite3_bind_null(q, 17);
    sqlite3_bind_int64(q, 18, span_int(e->verb.start));
    sqlite3_bind_int64(q, 19, span_int(e->verb.end));
    if (rule)
        sqlite3_bind_int64(q, 20, rule);
    else
        sqlite3_bind_null(q, 20);
    dy_bind_text(q, 21, outlet, SIZE_MAX);
    if (sqlite3_step(q) != SQLITE_DONE)
        return dy_store_fail(s, err, "storing an event");
    return DYAD_OK;
}

static dyad_status insert_article(dyad_store *s, const dyad_article *a, const dyad_event *ev,
                                  size_t n_ev, int64_t hash, dyad_error *err)
{
    dyad_status st;
    if (!s->run_id && (st = write_run(s, err)) != DYAD_OK)
        return st;

    /* Every sentence's span, split as the coder splits, so stored events can be shown in
     * context and sentence counts add up. */
    if (!s->arena && !(s->arena = dy_arena_new(64 << 10, 0)))
        return dy_fail(err, DYAD_NOMEM, "out of memory");
    dy_arena_reset(s->arena);
    struct dy_sentence *sn = NULL;
    size_t n_sn = 0;
    if (dy_split_sentences(a->text, a->text_len, s->arena, &sn, &n_sn) != DYAD_OK)
        return dy_fail(err, DYAD_NOMEM, "out of memory splitting sentences");

    char host[256];
    const char *outlet = outlet_of(a, host, sizeof host);
    sqlite3_stmt *q = dy_store_stmt(s, DY_ST_INS_ARTICLE, err);
    if (!q)
        return err ? err->status : DYAD_IO;
    dy_bind_text(q, 1, a->id, SIZE_MAX);
    dy_bind_text(q, 2, nonempty(a->url) ? a->url : NULL, SIZE_MAX);
    dy_bind_text(q, 3, a->source, SIZE_MAX);
    dy_bind_text(q, 4, outlet, SIZE_MAX);
    dy_bind_text(q, 5, a->title, SIZE_MAX);
    dy_bind_text(q, 6, a->date, SIZE_MAX);
    if (a->day == INT32_MIN)
        sqlite3_bind_null(q, 7);
    else
        sqlite3_bind_int64(q, 7, a->day);
    dy_bind_text(q, 8, a->text ? a->text : "", a->text_len);
    sqlite3_bind_int64(q, 9, hash);
    sqlite3_bind_int64(q, 10, (int64_t)n_sn);
    sqlite3_bind_int64(q, 11, s->run_id);
    if (sqlite3_step(q) != SQLITE_DONE)
        return dy_store_fail(s, err, "storing an article");
    int64_t id = sqlite3_last_insert_rowid(s->db);

    if (!(q = dy_store_stmt(s, DY_ST_INS_FTS, err)))
        return err ? err->status : DYAD_IO;
    sqlite3_bind_int64(q, 1, id);
    dy_bind_text(q, 2, a->title, SIZE_MAX);
    dy_bind_text(q, 3, a->text ? a->text : "", a->text_len);
    if (sqlite3_step(q) != SQLITE_DONE)
        return dy_store_fail(s, err, "indexing an article's words");

    for (size_t i = 0; i < n_sn; i++) {
        if (!(q = dy_store_stmt(s, DY_ST_INS_SENTENCE, err)))
            return err ? err->status : DYAD_IO;
        sqlite3_bind_int64(q, 1, id);
        sqlite3_bind_int64(q, 2, (int64_t)i);
        sqlite3_bind_int64(q, 3, sn[i].start);
        sqlite3_bind_int64(q, 4, sn[i].end);
        if (sqlite3_step(q) != SQLITE_DONE)
            return dy_store_fail(s, err, "storing a sentence");
    }
    for (size_t i = 0; i < n_ev; i++)
        if ((st = insert_mention(s, id, a->day, outlet, (uint32_t)i, &ev[i], err)) != DYAD_OK)
            return st;
    return DYAD_OK;
}

dyad_status dyad_store_add(dyad_store *s, const dyad_article *a, const dyad_event *events,
                           size_t n_events, dyad_store_dup *dup, dyad_error *err)
{
    dyad_store_dup d = DYAD_STORE_NEW;
    if (dup)
        *dup = d;
    if (!s || !a || !a->id || (!a->text && a->text_len) || (n_events && !events))
        return dy_fail(err, DYAD_MISUSE, "dyad_store_add: missing argument");
    if (s->flags & DYAD_STORE_READONLY)
        return dy_fail(err, DYAD_MISUSE, "the store is open for reading only");
    if (!s->run_begun)
        return dy_fail(err, DYAD_MISUSE, "dyad_store_add before dyad_store_begin_run");
    dyad_status st = begin_batch(s, err);
    if (st != DYAD_OK)
        return st;
    int64_t hash = 0;
    if ((st = check_dup(s, a, &d, &hash, err)) != DYAD_OK) {
        if (st != DYAD_SYNTAX) /* a bad article leaves the batch as it was */
            abort_batch(s);
        return st;
    }
    if (dup)
        *dup = d;
    if (d != DYAD_STORE_NEW)
        return DYAD_OK;
    /* A failure part-way through an article would leave half of it in the batch: the
     * whole batch is rolled back instead (the caller stops, or adds its articles again). */
    if ((st = insert_article(s, a, events, n_events, hash, err)) != DYAD_OK) {
        abort_batch(s);
        return st;
    }
    s->run_articles++;
    s->run_mentions += (int64_t)n_events;
    if (++s->batch_n >= s->batch_articles)
        return dy_store_end_batch(s, err);
    return DYAD_OK;
}
