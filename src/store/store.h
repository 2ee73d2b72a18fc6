/*
 * store.h - what the files of src/store share: the store handle, its prepared
 * statements, SQLite error helpers and the text hash. schema.c opens and migrates,
 * ingest.c adds articles, dedup.c groups mentions into events, query.c reads, series.c
 * counts per period, export.c writes formats. Never installed.
 */
#ifndef DY_STORE_H
#define DY_STORE_H

#include "core/core.h"
#include "dyad_store.h"

#include <sqlite3.h>

/* Statements prepared once per handle (schema.c prepares them lazily). */
enum dy_store_stmt {
    DY_ST_FIND_ID,   /* doc -> id */
    DY_ST_FIND_URL,  /* url -> doc */
    DY_ST_FIND_HASH, /* text_hash -> doc, text */
    DY_ST_INS_RUN,
    DY_ST_UPD_RUN,
    DY_ST_INS_ARTICLE,
    DY_ST_INS_FTS,
    DY_ST_INS_SENTENCE,
    DY_ST_FIND_RULE,
    DY_ST_INS_RULE,
    DY_ST_INS_MENTION,
    DY_ST_COUNT
};

struct dyad_store {
    sqlite3 *db;
    unsigned flags;
    size_t batch_articles;
    int window; /* dedup window in days, from the file's meta table */
    sqlite3_stmt *st[DY_ST_COUNT];

    int in_batch;   /* a write transaction is open */
    size_t batch_n; /* articles stored in it */

    /* The run (dyad_store_begin_run); its row is written with its first article. */
    int run_begun;
    int64_t run_id;   /* 0 until written */
    int run_in_batch; /* its row was written in the open batch */
    int64_t run_started;
    char *run_dict_checksum, *run_dict_args, *run_options, *run_inputs;
    int64_t run_articles, run_mentions;

    /* Scratch, reused from article to article. */
    struct dy_buf norm, norm2;  /* normalised texts (dedup by text) */
    struct dy_buf dup_of;       /* the stored id a duplicate matched */
    struct dy_arena *arena;     /* sentence splitting */
    struct dy_intern rule_keys; /* "file\0line\0pattern" -> index into rule_ids */
    int64_t *rule_ids;
    size_t cap_rule_ids;
};

/* Fills err from the connection's last error: "what: sqlite's message". Returns the
 * status: DYAD_NOMEM, DYAD_LIMIT (disk full, too big), else DYAD_IO. */
dyad_status dy_store_fail(dyad_store *s, dyad_error *err, const char *what);

/* Runs SQL without results (several statements allowed). */
dyad_status dy_store_exec(dyad_store *s, const char *sql, dyad_error *err);

/* The prepared statement `which`, reset and with bindings cleared. NULL on failure (err
 * filled). */
sqlite3_stmt *dy_store_stmt(dyad_store *s, enum dy_store_stmt which, dyad_error *err);

/* Binds text (NULL binds SQL NULL); len SIZE_MAX for strlen. */
int dy_bind_text(sqlite3_stmt *st, int i, const char *s, size_t len);

/* A column as a string, NULL for SQL NULL. */
static inline const char *dy_col_text(sqlite3_stmt *st, int i)
{
    return (const char *)sqlite3_column_text(st, i);
}

/* Reads and writes the meta table (key/value text). */
dyad_status dy_store_meta_get_int(dyad_store *s, const char *key, int64_t *v, int *found,
                                  dyad_error *err);
dyad_status dy_store_meta_set_int(dyad_store *s, const char *key, int64_t v, dyad_error *err);

/* Commits the open batch, if any (ingest.c). */
dyad_status dy_store_end_batch(dyad_store *s, dyad_error *err);
/* Frees what ingest.c keeps in the handle. */
void dy_store_ingest_free(dyad_store *s);

/* ---- the normalised text hash (texthash.c) ---------------------------------------- */

/* Writes the text's normalised form to out (replacing its content): NFKC, case folded
 * (full Unicode, utf8proc), each run of white space one space, none at either end.
 * DYAD_SYNTAX for invalid UTF-8. */
dyad_status dy_text_normalise(const char *s, size_t len, struct dy_buf *out);

/* ---- filters as SQL (query.c) ------------------------------------------------------ */

/* A filter turned into " AND ..." conditions over the event table (alias e) or the
 * mention table (alias m), with the values to bind in order. */
struct dy_param {
    int is_int;
    int64_t i;
    const char *s; /* borrowed from the filter, or in `owned` */
};
struct dy_filter_sql {
    struct dy_buf where;
    struct dy_param p[32];
    size_t n;
    char *owned[8]; /* strings made for the filter (prefix bounds, the FTS query) */
    size_t n_owned;
};
/* DYAD_MISUSE (err filled) for a filter that makes no sense (root 21, ...). */
dyad_status dy_filter_build(const dyad_store_filter *f, int mentions, struct dy_filter_sql *q,
                            dyad_error *err);
/* Prepares "head WHERE 1 <conditions> tail" and binds the values; `extra` (unless INT64_MIN)
 * is bound after them (the LIMIT). */
dyad_status dy_filter_prepare(dyad_store *s, const struct dy_filter_sql *q, const char *head,
                              const char *tail, int64_t extra, sqlite3_stmt **out, dyad_error *err);
void dy_filter_free(struct dy_filter_sql *q);

/* Events in id order (export) or first-report order (query). */
dyad_status dy_store_query_events(dyad_store *s, const dyad_store_filter *f, int by_id,
                                  dyad_store_cursor **out, dyad_error *err);

/* Splits a GDELT/CAMEO actor code into its parts (export.c; for the GDELT and PLOVER
 * columns): country, known group, religion 1 and 2, types 1-3. Each part is 3 bytes and
 * a NUL, "" when absent. */
struct dy_actor_parts {
    char country[4], group[4], rel1[4], rel2[4], type[3][4];
};
void dy_actor_split(const char *code, struct dy_actor_parts *p);

#endif
