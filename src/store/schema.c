/*
 * schema.c - the store's SQL schema, its migrations, and opening and closing a store:
 * one SQLite file in WAL mode, marked with an application id, its schema version in
 * PRAGMA user_version. docs/store.md describes every table.
 */
#include "store/store.h"

#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#define DYAD_APPLICATION_ID 0x64796164 /* "dyad" */

/* migrations[v] takes a file from schema version v to v + 1; version 0 is an empty
 * file. Each runs inside the transaction that also sets user_version, so a file is always
 * at one version or the next, never between. Append only: a released step never
 * changes. */
static const char *const migrations[] = {
    /* 0 -> 1 */
    "CREATE TABLE meta(\n"
    "  key   TEXT PRIMARY KEY,\n"
    "  value TEXT\n"
    ") WITHOUT ROWID;\n"
    "CREATE TABLE run(\n"
    "  id            INTEGER PRIMARY KEY,\n"
    "  started       INTEGER NOT NULL,\n"
    "  finished      INTEGER,\n"
    "  dyad_version  TEXT NOT NULL,\n"
    "  dict_checksum TEXT,\n"
    "  dict_args     TEXT,\n"
    "  options       TEXT,\n"
    "  inputs        TEXT,\n"
    "  articles      INTEGER NOT NULL DEFAULT 0,\n"
    "  mentions      INTEGER NOT NULL DEFAULT 0\n"
    ");\n"
    "CREATE TABLE article(\n"
    "  id        INTEGER PRIMARY KEY,\n"
    "  doc       TEXT NOT NULL UNIQUE,\n"
    "  url       TEXT,\n"
    "  source    TEXT,\n"
    "  outlet    TEXT,\n"
    "  title     TEXT,\n"
    "  date      TEXT,\n"
    "  day       INTEGER,\n"
    "  text      TEXT NOT NULL,\n"
    "  text_hash INTEGER NOT NULL,\n"
    "  sentences INTEGER NOT NULL,\n"
    "  run       INTEGER NOT NULL REFERENCES run(id)\n"
    ");\n"
    "CREATE UNIQUE INDEX article_url ON article(url) WHERE url IS NOT NULL;\n"
    "CREATE INDEX article_hash ON article(text_hash);\n"
    "CREATE VIRTUAL TABLE article_fts USING fts5(title, text, content='article',\n"
    "  content_rowid='id', tokenize='unicode61 remove_diacritics 2');\n"
    "CREATE TABLE sentence(\n"
    "  article    INTEGER NOT NULL REFERENCES article(id),\n"
    "  idx        INTEGER NOT NULL,\n"
    "  start_byte INTEGER NOT NULL,\n"
    "  end_byte   INTEGER NOT NULL,\n"
    "  PRIMARY KEY(article, idx)\n"
    ") WITHOUT ROWID;\n"
    "CREATE TABLE rule(\n"
    "  id      INTEGER PRIMARY KEY,\n"
    "  file    TEXT,\n"
    "  line    INTEGER,\n"
    "  pattern TEXT\n"
    ");\n"
    "CREATE INDEX rule_key ON rule(file, line, pattern);\n"
    "CREATE TABLE event(\n"
    "  id            INTEGER PRIMARY KEY,\n"
    "  scope         INTEGER NOT NULL,\n"
    "  bucket        INTEGER NOT NULL,\n"
    "  source        TEXT NOT NULL,\n"
    "  target        TEXT NOT NULL,\n"
    "  cameo         TEXT NOT NULL,\n"
    "  root          INTEGER NOT NULL,\n"
    "  plover        TEXT,\n"
    "  quad_class    INTEGER,\n"
    "  goldstein     REAL,\n"
    "  source_name   TEXT,\n"
    "  target_name   TEXT,\n"
    "  first_day     INTEGER,\n"
    "  last_day      INTEGER,\n"
    "  first_mention INTEGER,\n"
    "  last_mention  INTEGER,\n"
    "  num_mentions  INTEGER NOT NULL DEFAULT 0,\n"
    "  num_sources   INTEGER NOT NULL DEFAULT 0,\n"
    "  num_articles  INTEGER NOT NULL DEFAULT 0,\n"
    "  is_root       INTEGER NOT NULL DEFAULT 0,\n"
    "  doc           TEXT,\n"
    "  url           TEXT,\n"
    "  outlet        TEXT,\n"
    "  added         INTEGER,\n"
    "  UNIQUE(source, target, cameo, scope, bucket)\n"
    ");\n"
    "CREATE INDEX event_dyad ON event(source, target, first_day);\n"
    "CREATE INDEX event_target ON event(target, source, first_day);\n"
    "CREATE INDEX event_day ON event(first_day);\n"
    "CREATE TABLE mention(\n"
    "  id           INTEGER PRIMARY KEY,\n"
    "  article      INTEGER NOT NULL REFERENCES article(id),\n"
    "  seq          INTEGER NOT NULL,\n"
    "  sentence     INTEGER NOT NULL,\n"
    "  sent_start   INTEGER NOT NULL,\n"
    "  sent_end     INTEGER NOT NULL,\n"
    "  day          INTEGER,\n"
    "  outlet       TEXT,\n"
    "  source       TEXT NOT NULL,\n"
    "  source_start INTEGER NOT NULL,\n"
    "  source_end   INTEGER NOT NULL,\n"
    "  target       TEXT NOT NULL,\n"
    "  target_start INTEGER NOT NULL,\n"
    "  target_end   INTEGER NOT NULL,\n"
    "  cameo        TEXT NOT NULL,\n"
    "  root         INTEGER NOT NULL,\n"
    "  plover       TEXT,\n"
    "  goldstein    REAL NOT NULL,\n"
    "  quad_class   INTEGER,\n"
    "  verb_start   INTEGER NOT NULL,\n"
    "  verb_end     INTEGER NOT NULL,\n"
    "  rule         INTEGER REFERENCES rule(id),\n"
    "  event        INTEGER REFERENCES event(id),\n"
    "  UNIQUE(article, seq)\n"
    ");\n"
    "CREATE INDEX mention_dyad ON mention(source, target, day);\n"
    "CREATE INDEX mention_event ON mention(event);\n",
};

#define N_MIGRATIONS (sizeof migrations / sizeof migrations[0])
_Static_assert(N_MIGRATIONS == DYAD_STORE_SCHEMA, "one migration per schema version");

static const char *const stmt_sql[DY_ST_COUNT] = {
    [DY_ST_FIND_ID] = "SELECT id FROM article WHERE doc = ?1",
    [DY_ST_FIND_URL] = "SELECT doc FROM article WHERE url = ?1",
    [DY_ST_FIND_HASH] = "SELECT doc, text FROM article WHERE text_hash = ?1",
    [DY_ST_INS_RUN] = "INSERT INTO run(started, dyad_version, dict_checksum, dict_args, "
                      "options, inputs) VALUES(?1, ?2, ?3, ?4, ?5, ?6)",
    [DY_ST_UPD_RUN] = "UPDATE run SET finished = ?2, articles = ?3, mentions = ?4 "
                      "WHERE id = ?1",
    [DY_ST_INS_ARTICLE] = "INSERT INTO article(doc, url, source, outlet, title, date, day, "
                          "text, text_hash, sentences, run) "
                          "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
    [DY_ST_INS_FTS] = "INSERT INTO article_fts(rowid, title, text) VALUES(?1, ?2, ?3)",
    [DY_ST_INS_SENTENCE] = "INSERT INTO sentence(article, idx, start_byte, end_byte) "
                           "VALUES(?1, ?2, ?3, ?4)",
    [DY_ST_FIND_RULE] = "SELECT id FROM rule WHERE file IS ?1 AND line IS ?2 AND pattern IS ?3",
    [DY_ST_INS_RULE] = "INSERT INTO rule(file, line, pattern) VALUES(?1, ?2, ?3)",
    [DY_ST_INS_MENTION] =
        "INSERT INTO mention(article, seq, sentence, sent_start, sent_end, day, source, "
        "source_start, source_end, target, target_start, target_end, cameo, root, plover, "
        "goldstein, quad_class, verb_start, verb_end, rule, outlet) VALUES(?1, ?2, ?3, ?4, "
        "?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21)",
};

dyad_status dy_store_fail(dyad_store *s, dyad_error *err, const char *what)
{
    int code = s && s->db ? sqlite3_errcode(s->db) : SQLITE_ERROR;
    const char *msg = s && s->db ? sqlite3_errmsg(s->db) : "no database";
    dyad_status st = DYAD_IO;
    switch (code & 0xff) {
    case SQLITE_NOMEM:
        st = DYAD_NOMEM;
        break;
    case SQLITE_FULL:
    case SQLITE_TOOBIG:
        st = DYAD_LIMIT;
        break;
    default:
        break;
    }
    return dy_fail(err, st, "%s: %s", what, msg);
}

dyad_status dy_store_exec(dyad_store *s, const char *sql, dyad_error *err)
{
    if (sqlite3_exec(s->db, sql, NULL, NULL, NULL) != SQLITE_OK)
        return dy_store_fail(s, err, "store");
    return DYAD_OK;
}

sqlite3_stmt *dy_store_stmt(dyad_store *s, enum dy_store_stmt which, dyad_error *err)
{
    sqlite3_stmt *st = s->st[which];
    if (!st) {
        if (sqlite3_prepare_v3(s->db, stmt_sql[which], -1, SQLITE_PREPARE_PERSISTENT, &st, NULL) !=
            SQLITE_OK) {
            dy_store_fail(s, err, "preparing a statement");
            return NULL;
        }
        s->st[which] = st;
        return st;
    }
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    return st;
}

int dy_bind_text(sqlite3_stmt *st, int i, const char *s, size_t len)
{
    if (!s)
        return sqlite3_bind_null(st, i);
    if (len == SIZE_MAX)
        len = strlen(s);
    return sqlite3_bind_text64(st, i, s, len, SQLITE_STATIC, SQLITE_UTF8);
}

dyad_status dy_store_meta_get_int(dyad_store *s, const char *key, int64_t *v, int *found,
                                  dyad_error *err)
{
    sqlite3_stmt *st;
    *found = 0;
    if (sqlite3_prepare_v2(s->db, "SELECT value FROM meta WHERE key = ?1", -1, &st, NULL) !=
        SQLITE_OK)
        return dy_store_fail(s, err, "reading the store's settings");
    dy_bind_text(st, 1, key, SIZE_MAX);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        *v = sqlite3_column_int64(st, 0);
        *found = 1;
    }
    sqlite3_finalize(st);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return dy_store_fail(s, err, "reading the store's settings");
    return DYAD_OK;
}

dyad_status dy_store_meta_set_int(dyad_store *s, const char *key, int64_t v, dyad_error *err)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(s->db,
                           "INSERT INTO meta(key, value) VALUES(?1, ?2) "
                           "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                           -1, &st, NULL) != SQLITE_OK)
        return dy_store_fail(s, err, "writing the store's settings");
    char buf[24];
    snprintf(buf, sizeof buf, "%lld", (long long)v);
    dy_bind_text(st, 1, key, SIZE_MAX);
    dy_bind_text(st, 2, buf, SIZE_MAX);
    int rc = sqlite3_step(st);
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE)
        return dy_store_fail(s, err, "writing the store's settings");
    return DYAD_OK;
}

/* One integer from a PRAGMA or a one-row query; -1 on failure. */
static int64_t query_int(sqlite3 *db, const char *sql)
{
    sqlite3_stmt *st;
    int64_t v = -1;
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
        return -1;
    if (sqlite3_step(st) == SQLITE_ROW)
        v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return v;
}

/* Brings the file to DYAD_STORE_SCHEMA inside one write transaction: creates an empty
 * file's schema, migrates an older one, refuses a foreign or newer one. */
static dyad_status check_and_migrate(dyad_store *s, const char *path, int window, dyad_error *err)
{
    int readonly = (s->flags & DYAD_STORE_READONLY) != 0;
    dyad_status st;
    if (!readonly && (st = dy_store_exec(s, "BEGIN IMMEDIATE", err)) != DYAD_OK)
        return st;
    int64_t app = query_int(s->db, "PRAGMA application_id");
    int64_t version = query_int(s->db, "PRAGMA user_version");
    int64_t n_objects = query_int(s->db, "SELECT count(*) FROM sqlite_schema");
    if (app < 0 || version < 0 || n_objects < 0) {
        st = dy_store_fail(s, err, path);
        goto done;
    }
    if (n_objects > 0 && app != DYAD_APPLICATION_ID) {
        st = dy_fail(err, DYAD_IO, "'%s' is an SQLite database but not a dyad store", path);
        goto done;
    }
    if (n_objects == 0 && readonly) {
        st = dy_fail(err, DYAD_IO, "'%s' is not a dyad store (it is empty)", path);
        goto done;
    }
    if (version > DYAD_STORE_SCHEMA) {
        st = dy_fail(err, DYAD_MISUSE,
                     "'%s' has store schema %lld, newer than this dyad's (%d): upgrade dyad", path,
                     (long long)version, DYAD_STORE_SCHEMA);
        goto done;
    }
    if (version < DYAD_STORE_SCHEMA && readonly) {
        st = dy_fail(err, DYAD_MISUSE,
                     "'%s' has store schema %lld, older than this dyad's (%d): open it for "
                     "writing once (dyad ingest) to migrate it",
                     path, (long long)version, DYAD_STORE_SCHEMA);
        goto done;
    }
    st = DYAD_OK;
    if (version < DYAD_STORE_SCHEMA) {
        int fresh = version == 0;
        for (int64_t v = version; v < DYAD_STORE_SCHEMA && st == DYAD_OK; v++)
            st = dy_store_exec(s, migrations[v], err);
        char sql[96];
        snprintf(sql, sizeof sql, "PRAGMA application_id = %d; PRAGMA user_version = %d",
                 DYAD_APPLICATION_ID, DYAD_STORE_SCHEMA);
        if (st == DYAD_OK)
            st = dy_store_exec(s, sql, err);
        if (st == DYAD_OK && fresh) {
            st = dy_store_meta_set_int(s, "dedup_window", window, err);
            if (st == DYAD_OK)
                st = dy_store_meta_set_int(s, "created", (int64_t)time(NULL), err);
        }
    }
    if (st == DYAD_OK) {
        int64_t w = 1;
        int found;
        st = dy_store_meta_get_int(s, "dedup_window", &w, &found, err);
        s->window = found && w > 0 && w <= 100000 ? (int)w : 1;
    }
done:
    if (!readonly) {
        if (st == DYAD_OK)
            st = dy_store_exec(s, "COMMIT", err);
        else
            sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
    }
    return st;
}

dyad_status dyad_store_open(const char *path, const dyad_store_options *opt, dyad_store **out,
                            dyad_error *err)
{
    if (!out)
        return DYAD_MISUSE;
    *out = NULL;
    if (!path || !*path)
        return dy_fail(err, DYAD_MISUSE, "no store file name given");
    dyad_store_options o = {0};
    if (opt)
        o = *opt;
    int readonly = (o.flags & DYAD_STORE_READONLY) != 0;
    struct stat sb;
    if (readonly && stat(path, &sb) != 0)
        return dy_fail(err, DYAD_IO, "cannot open store '%s': no such file", path);

    dyad_store *s = dy_calloc(1, sizeof *s);
    if (!s)
        return dy_fail(err, DYAD_NOMEM, "out of memory opening '%s'", path);
    s->flags = o.flags;
    s->batch_articles = o.batch_articles ? o.batch_articles : 1000;
    int window = o.dedup_window > 0 ? o.dedup_window : 1;
    dy_intern_init(&s->rule_keys);

    /* A reader opens the file read-write all the same (SQLite falls back to read-only
     * when it may not write) with query_only set: then the last connection to close can
     * checkpoint the WAL and remove the -wal and -shm files. */
    int oflags = SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_READWRITE | (readonly ? 0 : SQLITE_OPEN_CREATE);
    dyad_status st;
    if (sqlite3_open_v2(path, &s->db, oflags, NULL) != SQLITE_OK) {
        st = s->db
                 ? dy_fail(err, DYAD_IO, "cannot open store '%s': %s", path, sqlite3_errmsg(s->db))
                 : dy_fail(err, DYAD_NOMEM, "out of memory opening '%s'", path);
        goto fail;
    }
    sqlite3_extended_result_codes(s->db, 1);
    sqlite3_busy_timeout(s->db, 10000);
    /* WAL: readers never block the writer, and a crash loses at most the open batch.
     * synchronous=NORMAL is safe with WAL (a power cut may lose the last commits, never
     * corrupt the file). */
    if (!readonly) {
        if (query_int(s->db, "PRAGMA application_id") < 0) {
            st = dy_fail(err, DYAD_IO, "cannot open store '%s': %s", path, sqlite3_errmsg(s->db));
            goto fail;
        }
        if ((st = dy_store_exec(s, "PRAGMA journal_mode = WAL", err)) != DYAD_OK)
            goto fail;
        if ((st = dy_store_exec(s, "PRAGMA synchronous = NORMAL", err)) != DYAD_OK)
            goto fail;
        /* Checkpoint every 64 MiB of WAL rather than every 4: a bulk ingest then waits
         * for far fewer fsyncs. */
        if ((st = dy_store_exec(s, "PRAGMA wal_autocheckpoint = 16384", err)) != DYAD_OK)
            goto fail;
    }
    /* Readers map the file: a query touching thousands of pages then costs no system
     * call per page. */
    if (readonly && (st = dy_store_exec(s,
                                        "PRAGMA query_only = 1; PRAGMA mmap_size = "
                                        "4294967296",
                                        err)) != DYAD_OK)
        goto fail;
    if ((st = dy_store_exec(s, "PRAGMA temp_store = MEMORY; PRAGMA cache_size = -65536", err)) !=
        DYAD_OK)
        goto fail;
    if ((st = check_and_migrate(s, path, window, err)) != DYAD_OK)
        goto fail;
    *out = s;
    return DYAD_OK;
fail:
    if (err && st == DYAD_IO && strstr(err->message, "file is not a database"))
        dy_fail(err, DYAD_IO, "'%s' is not a dyad store (not an SQLite database)", path);
    dyad_store_close(s);
    return st;
}

void dyad_store_close(dyad_store *s)
{
    if (!s)
        return;
    if (s->db)
        dy_store_end_batch(s, NULL);
    for (int i = 0; i < DY_ST_COUNT; i++)
        sqlite3_finalize(s->st[i]);
    dy_store_ingest_free(s);
    if (s->db)
        sqlite3_close_v2(s->db);
    dy_free(s);
}

/* The first row's first column of `sql` as text into buf ("" when there is no row). */
static dyad_status first_text(dyad_store *s, const char *sql, char *buf, size_t size,
                              dyad_error *err)
{
    sqlite3_stmt *st;
    buf[0] = '\0';
    if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK)
        return dy_store_fail(s, err, "check");
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        const char *t = dy_col_text(st, 0);
        snprintf(buf, size, "%s", t ? t : "NULL");
    }
    sqlite3_finalize(st);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return dy_store_fail(s, err, "check");
    return DYAD_OK;
}

dyad_status dyad_store_check(dyad_store *s, dyad_error *err)
{
    if (!s)
        return dy_fail(err, DYAD_MISUSE, "no store");
    char buf[200];
    dyad_status st = dy_store_end_batch(s, err);
    if (st == DYAD_OK)
        st = first_text(s, "PRAGMA integrity_check", buf, sizeof buf, err);
    if (st == DYAD_OK && strcmp(buf, "ok") != 0)
        return dy_fail(err, DYAD_IO, "integrity_check: %s", buf);
    if (st == DYAD_OK)
        st = first_text(s,
                        "SELECT \"table\" || ' row ' || rowid || ' refers to a missing ' ||"
                        " parent FROM pragma_foreign_key_check",
                        buf, sizeof buf, err);
    if (st == DYAD_OK && buf[0])
        return dy_fail(err, DYAD_IO, "foreign_key_check: %s", buf);
    if (st == DYAD_OK)
        st = first_text(s,
                        "SELECT 'event ' || e.id || ' has num_mentions ' || e.num_mentions ||"
                        " ' but ' || (SELECT count(*) FROM mention m WHERE m.event = e.id) ||"
                        " ' mentions' FROM event e WHERE e.num_mentions !="
                        " (SELECT count(*) FROM mention m WHERE m.event = e.id) LIMIT 1",
                        buf, sizeof buf, err);
    if (st == DYAD_OK && buf[0])
        return dy_fail(err, DYAD_IO, "%s", buf);
    return st;
}
