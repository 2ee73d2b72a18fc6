/*
 * dedup.c - the dedup stage: groups mentions (one coded event in one article) into
 * events counted once. Mentions with the same source, target and CAMEO code whose
 * articles fall in the same window of days are one event (undated ones: within their
 * article only). Runs after ingest, on the mentions not yet grouped, in one transaction;
 * running it again changes nothing.
 */
#include "store/store.h"

#include <stdio.h>

/* The window key of a mention, as SQL over mention.day and mention.article: dated
 * mentions share scope 0 and fall in bucket floor(day / W) (windows counted from
 * 1970-01-01, so W = 1 is the calendar day); an undated mention's scope is its article. */
#define SCOPE_SQL  "CASE WHEN day IS NULL THEN article ELSE 0 END"
#define BUCKET_SQL "CASE WHEN day IS NULL THEN 0 ELSE (day - (((day %% %d) + %d) %% %d)) / %d END"

static dyad_status exec_count(dyad_store *s, const char *sql, size_t *n, dyad_error *err)
{
    dyad_status st = dy_store_exec(s, sql, err);
    if (st == DYAD_OK && n)
        *n = (size_t)sqlite3_changes64(s->db);
    return st;
}

static dyad_status group(dyad_store *s, int window, dyad_dedup_stats *stats, dyad_error *err)
{
    char sql[1024];
    dyad_status st;
    const int w = window;

    if (window != s->window) {
        /* A new window regroups everything: the old events mean nothing under it. */
        if ((st = dy_store_exec(s,
                                "DELETE FROM event; UPDATE mention SET event = NULL "
                                "WHERE event IS NOT NULL",
                                err)) != DYAD_OK)
            return st;
        if ((st = dy_store_meta_set_int(s, "dedup_window", window, err)) != DYAD_OK)
            return st;
    }

    if ((st = dy_store_exec(s,
                            "DROP TABLE IF EXISTS temp.dd_pending;"
                            "DROP TABLE IF EXISTS temp.dd_touched;"
                            "CREATE TEMP TABLE dd_pending(id INTEGER PRIMARY KEY, scope INTEGER,"
                            " bucket INTEGER, source TEXT, target TEXT, cameo TEXT, root INTEGER,"
                            " plover TEXT, quad_class INTEGER, goldstein REAL);"
                            "CREATE TEMP TABLE dd_touched(id INTEGER PRIMARY KEY);",
                            err)) != DYAD_OK)
        return st;

    /* 1. The mentions not yet in an event, with their keys. */
    snprintf(sql, sizeof sql,
             "INSERT INTO dd_pending SELECT id, " SCOPE_SQL ", " BUCKET_SQL ", source, target, "
             "cameo, root, plover, quad_class, goldstein FROM mention WHERE event IS NULL",
             w, w, w, w);
    if ((st = exec_count(s, sql, &stats->mentions, err)) != DYAD_OK)
        return st;
    if (stats->mentions == 0)
        return DYAD_OK;

    /* 2. An event for each new key, made by its first mention (in input order, so the
     * same input gives the same event ids), which also gives it its code's attributes.
     * The unique key index turns away the keys that have an event already. */
    if ((st = exec_count(s,
                         "INSERT INTO event(scope, bucket, source, target, cameo, root, plover,"
                         " quad_class, goldstein) SELECT scope, bucket, source, target, cameo,"
                         " root, plover, quad_class, goldstein FROM dd_pending WHERE true"
                         " ORDER BY id ON CONFLICT DO NOTHING",
                         &stats->new_events, err)) != DYAD_OK)
        return st;

    /* 3. Each pending mention joins its event. */
    if ((st = dy_store_exec(s,
                            "UPDATE mention SET event = e.id FROM dd_pending p, event e"
                            " WHERE mention.id = p.id AND e.source = p.source"
                            " AND e.target = p.target AND e.cameo = p.cameo"
                            " AND e.scope = p.scope AND e.bucket = p.bucket;"
                            "INSERT OR IGNORE INTO dd_touched SELECT m.event FROM dd_pending p"
                            " JOIN mention m ON m.id = p.id",
                            err)) != DYAD_OK)
        return st;
    stats->updated = (size_t)sqlite3_changes64(s->db);

    /* 4. The counts of every event that gained mentions, recomputed from all its
     * mentions (so running the stage twice, or in pieces, gives the same numbers). The
     * first report is the earliest mention, the first stored among equals: the least
     * (day, id), packed into one integer as (day + 10^6) * 2^32 + id for min() and max()
     * (mention ids stay below 2^32, days above -10^6). The actor names, article, URL and
     * outlet are the first report's, copied so that reading events never joins the
     * article table. */
    if ((st = dy_store_exec(
             s,
             "UPDATE event SET num_mentions = g.n, num_articles = g.na, num_sources = g.ns,"
             " first_day = g.fd, last_day = g.ld, is_root = g.r,"
             " first_mention = g.fm % 4294967296, last_mention = g.lm % 4294967296"
             " FROM (SELECT m.event AS id, count(*) AS n, count(DISTINCT m.article) AS na,"
             "       count(DISTINCT coalesce(m.outlet, '#' || m.article)) AS ns,"
             "       min(m.day) AS fd, max(m.day) AS ld, max(m.sentence = 0) AS r,"
             "       min((coalesce(m.day, 0) + 1000000) * 4294967296 + m.id) AS fm,"
             "       max((coalesce(m.day, 0) + 1000000) * 4294967296 + m.id) AS lm"
             "       FROM dd_touched t JOIN mention m ON m.event = t.id GROUP BY m.event) g"
             " WHERE event.id = g.id;"
             "UPDATE event SET"
             " source_name = CASE WHEN m.source_end > m.source_start THEN CAST(substr("
             "   CAST(a.text AS BLOB), m.source_start + 1, m.source_end - m.source_start)"
             "   AS TEXT) END,"
             " target_name = CASE WHEN m.target_end > m.target_start THEN CAST(substr("
             "   CAST(a.text AS BLOB), m.target_start + 1, m.target_end - m.target_start)"
             "   AS TEXT) END,"
             " doc = a.doc, url = a.url, outlet = a.outlet, added = r.started"
             " FROM mention m JOIN article a ON a.id = m.article LEFT JOIN run r ON r.id = a.run"
             " WHERE m.id = event.first_mention AND event.id IN (SELECT id FROM dd_touched)",
             err)) != DYAD_OK)
        return st;
    return DYAD_OK;
}

dyad_status dyad_store_dedup(dyad_store *s, int window, dyad_dedup_stats *stats, dyad_error *err)
{
    dyad_dedup_stats local = {0};
    if (!stats)
        stats = &local;
    *stats = (dyad_dedup_stats){0};
    if (!s || (s->flags & DYAD_STORE_READONLY))
        return dy_fail(err, DYAD_MISUSE, "the store is open for reading only");
    if (window < 0 || window > 100000)
        return dy_fail(err, DYAD_MISUSE, "dedup window must be 1 to 100000 days, got %d", window);
    if (window == 0)
        window = s->window;
    dyad_status st = dy_store_end_batch(s, err);
    if (st != DYAD_OK)
        return st;
    if ((st = dy_store_exec(s, "BEGIN IMMEDIATE", err)) != DYAD_OK)
        return st;
    st = group(s, window, stats, err);
    if (st == DYAD_OK)
        st = dy_store_exec(s,
                           "DROP TABLE IF EXISTS temp.dd_pending;"
                           "DROP TABLE IF EXISTS temp.dd_touched; COMMIT",
                           err);
    if (st != DYAD_OK) {
        sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
        return st;
    }
    s->window = window;
    stats->window = window;
    return DYAD_OK;
}
