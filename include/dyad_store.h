/*
 * dyad_store.h - the event store of libdyad: coded articles, their sentences and events
 * kept in one embedded SQLite file, deduplicated into events counted once, and read back
 * through queries, time series and exports (docs/store.md).
 *
 * Not in this header, not API. Ownership rules, in one sentence each:
 *  - a dyad_store is one open database file, used by one thread at a time (open one
 *    handle per thread; SQLite's WAL mode lets readers run beside one writer);
 *  - everything a cursor returns (strings, the article and event views) is owned by the
 *    cursor and stays valid until its next call or dyad_store_cursor_free();
 *  - strings passed in are only read during the call.
 * The library never prints; failures are a dyad_status with the details in a
 * caller-supplied dyad_error (which may be NULL).
 */
#ifndef DYAD_STORE_H
#define DYAD_STORE_H

#include "dyad.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The schema version this library writes (PRAGMA user_version of the file). */
#define DYAD_STORE_SCHEMA 1

typedef struct dyad_store dyad_store;

#define DYAD_STORE_READONLY 1u /* open an existing store for reading only */

typedef struct dyad_store_options {
    unsigned flags;        /* DYAD_STORE_READONLY */
    size_t batch_articles; /* articles per write transaction; 0 = 1000 */
    int dedup_window;      /* days per dedup window for a new store; 0 = 1 (ignored when
                              the store exists: its window is fixed, see dyad_store_dedup) */
} dyad_store_options;

/* Opens (creating it unless DYAD_STORE_READONLY) the store at `path`, applying schema
 * migrations to an older file. DYAD_IO when the file cannot be opened or is not a dyad
 * store, DYAD_MISUSE when its schema is newer than this library. opt may be NULL. */
dyad_status dyad_store_open(const char *path, const dyad_store_options *opt, dyad_store **out,
                            dyad_error *err);

/* Commits the pending batch (if any) and closes. NULL is a no-op. A failed final commit
 * is reported by dyad_store_commit(), which callers should call first. */
void dyad_store_close(dyad_store *s);

/* Checks the file: SQLite's integrity_check and foreign_key_check, and that each event's
 * counts agree with its mentions. DYAD_OK when all hold, else DYAD_IO with the first
 * problem in err. */
dyad_status dyad_store_check(dyad_store *s, dyad_error *err);

/* ---------------------------------------------------------------------------------- */
/* Ingest                                                                             */

/* The settings of one ingest run, recorded with the first article it stores. */
typedef struct dyad_store_run {
    const dyad_dict *dict;       /* its checksum is recorded (FNV-1a 64 of the files it
                                    was loaded from, read again); may be NULL */
    const dyad_options *options; /* the coding options; may be NULL */
    const char *dict_args;       /* how the dictionaries were named (free text), or NULL */
    const char *inputs;          /* the input files (free text), or NULL */
} dyad_store_run;

/* Starts a run: later articles are recorded as stored by it. Nothing is written until
 * the first article is stored, so a run that stores nothing leaves the file unchanged. */
dyad_status dyad_store_begin_run(dyad_store *s, const dyad_store_run *run, dyad_error *err);

/* Why an article was not stored (docs/store.md, "idempotency"). */
typedef enum dyad_store_dup {
    DYAD_STORE_NEW = 0, /* not stored yet */
    DYAD_STORE_DUP_ID,  /* an article with the same id is stored */
    DYAD_STORE_DUP_URL, /* one with the same URL */
    DYAD_STORE_DUP_TEXT /* one with the same normalised text */
} dyad_store_dup;

/* Whether `a` is already stored, and as which article (*dup_of, the stored id, valid until
 * the next call on s; may be NULL). Lets a caller skip coding duplicates. DYAD_SYNTAX for
 * text that is not valid UTF-8. */
dyad_status dyad_store_seen(dyad_store *s, const dyad_article *a, dyad_store_dup *dup,
                            const char **dup_of, dyad_error *err);

/* Stores article `a` with the events coded from it (events[0..n_events), as
 * dyad_coder_event() gives them), unless it is already stored (*dup says why; may be
 * NULL). Writes go into the current batch: a transaction that commits every
 * batch_articles stored articles and at dyad_store_commit(); until then a crash loses
 * the batch and nothing else. Needs dyad_store_begin_run() first (else DYAD_MISUSE). */
dyad_status dyad_store_add(dyad_store *s, const dyad_article *a, const dyad_event *events,
                           size_t n_events, dyad_store_dup *dup, dyad_error *err);

/* Commits the pending batch (a no-op when there is none) and updates the run's counts. */
dyad_status dyad_store_commit(dyad_store *s, dyad_error *err);

/* ---------------------------------------------------------------------------------- */
/* Dedup: mentions -> events                                                           */

typedef struct dyad_dedup_stats {
    size_t mentions;   /* mentions grouped by this call */
    size_t new_events; /* events created */
    size_t updated;    /* events whose counts changed (new ones included) */
    int window;        /* days per window in force */
} dyad_dedup_stats;

/* Groups every mention not yet in an event (docs/store.md, "dedup"): same source, same
 * target, same CAMEO code and the same window of `window` days -> one event with
 * num_mentions, num_sources, num_articles and its first and latest report. Incremental
 * and idempotent; one transaction. window 0 keeps the store's window; another value
 * than the store's regroups every mention under the new window. Commits any pending
 * batch first. stats may be NULL. */
dyad_status dyad_store_dedup(dyad_store *s, int window, dyad_dedup_stats *stats, dyad_error *err);

/* ---------------------------------------------------------------------------------- */
/* Reading: filters, cursors                                                          */

/* Which events (or mentions) to read. Start from dyad_store_filter_default(); every
 * member left at its default matches everything. Actor codes match as prefixes:
 * "UKR" matches UKR, UKRGOV, UKRMIL. */
typedef struct dyad_store_filter {
    const char *actor;           /* source or target starts with it */
    const char *source, *target; /* source starts with `source`, target with `target` */
    int both;                    /* also the reverse direction of source/target */
    const char *cameo;           /* CAMEO code starts with it ("19", "190", "1951") */
    int root;                    /* CAMEO root 1-20; 0 any */
    const char *plover;          /* PLOVER category, exact (upper case) */
    unsigned quad_mask;          /* bit q set: QuadClass q (1-4) wanted; 0 any */
    int32_t from_day, to_day;    /* inclusive, days since 1970; INT32_MIN/INT32_MAX open.
                                    Events: the first report's day */
    const char *text;            /* words that must all occur in the article's title or
                                    text (case and accents ignored); NULL any */
    int64_t limit;               /* at most this many rows; 0 all */
} dyad_store_filter;

dyad_store_filter dyad_store_filter_default(void);

/* One deduplicated event (the event table, docs/store.md). */
typedef struct dyad_store_event {
    int64_t id;
    int32_t first_day, last_day;           /* first and latest report; INT32_MIN when undated */
    const char *source, *target;           /* actor codes; "---" for an empty slot */
    const char *source_name, *target_name; /* the words of the first report */
    const char *cameo;
    int root;                         /* CAMEO root 1-20; 0 unknown */
    const char *plover, *plover_mode; /* NULL where none */
    int quad_class;                   /* 1-4; 0 unknown */
    double goldstein;
    int64_t num_mentions, num_sources, num_articles;
    int is_root;        /* some mention comes from an article's first sentence */
    const char *doc;    /* id of the first report's article */
    const char *url;    /* its URL, or NULL */
    const char *outlet; /* its source (news outlet), or NULL */
    int64_t added;      /* when the first report was stored (Unix seconds, UTC) */
} dyad_store_event;

/* One stored mention: a coded event as dyad_coder gave it, with its article, so that
 * dyad_write_event_jsonl(out, &m->article, &m->event) writes what `dyad code` wrote. */
typedef struct dyad_store_mention {
    int64_t id;
    int64_t event_id;     /* its event; 0 before dyad_store_dedup() */
    dyad_article article; /* id, date, day, text, title, source, url */
    dyad_event event;
} dyad_store_mention;

typedef struct dyad_store_cursor dyad_store_cursor;

/* Events matching f (NULL: all), by first report day (undated last), then id. */
dyad_status dyad_store_query_events(dyad_store *s, const dyad_store_filter *f,
                                    dyad_store_cursor **out, dyad_error *err);

/* Mentions matching f (NULL: all), in the order they were stored. */
dyad_status dyad_store_query_mentions(dyad_store *s, const dyad_store_filter *f,
                                      dyad_store_cursor **out, dyad_error *err);

/* 1: *out filled (valid until the next call); 0: no more rows; -1: err filled. A cursor
 * from query_events fills events only, one from query_mentions mentions only. */
int dyad_store_next_event(dyad_store_cursor *c, dyad_store_event *out, dyad_error *err);
int dyad_store_next_mention(dyad_store_cursor *c, dyad_store_mention *out, dyad_error *err);

void dyad_store_cursor_free(dyad_store_cursor *c); /* NULL is a no-op */

/* How many events (mentions = 0) or mentions (mentions = 1) match f, ignoring f->limit. */
dyad_status dyad_store_count(dyad_store *s, const dyad_store_filter *f, int mentions, int64_t *n,
                             dyad_error *err);

/* ---------------------------------------------------------------------------------- */
/* Summary and time series                                                            */

typedef struct dyad_store_dyad_count {
    char source[32], target[32]; /* longer codes are cut */
    int64_t events, mentions;
} dyad_store_dyad_count;

typedef struct dyad_store_summary {
    int64_t articles, sentences, mentions, events, runs;
    int64_t ungrouped;         /* mentions not yet in an event */
    int64_t events_by_quad[5]; /* [1..4] by QuadClass; [0] unknown code */
    int64_t mentions_by_quad[5];
    int32_t first_day, last_day;   /* INT32_MIN when no dated event */
    dyad_store_dyad_count top[10]; /* the dyads with most events, most first */
    size_t n_top;
    int window; /* dedup window in days */
} dyad_store_summary;

dyad_status dyad_store_get_summary(dyad_store *s, dyad_store_summary *out, dyad_error *err);

typedef enum dyad_period { DYAD_PERIOD_DAY, DYAD_PERIOD_WEEK, DYAD_PERIOD_MONTH } dyad_period;

/* One period of a series: days [start, end] (weeks begin on Monday). */
typedef struct dyad_series_row {
    int32_t start, end;
    char label[16];   /* "2025-07-19", "2025-07-14" (the week's Monday), "2025-07" */
    int64_t count[5]; /* [1..4] by QuadClass, [0] unknown code */
    int64_t total;
    double goldstein_sum;  /* over the events (mentions) counted */
    double goldstein_mean; /* goldstein_sum / total; 0 when total is 0 */
} dyad_series_row;

/* Counts of the events (mentions = 0) or mentions (1) matching f, per period, from the
 * first period with one to the last, empty periods included; undated rows are left out.
 * *rows is allocated (free with dyad_store_series_free); *n may be 0. */
dyad_status dyad_store_series(dyad_store *s, const dyad_store_filter *f, dyad_period by,
                              int mentions, dyad_series_row **rows, size_t *n, dyad_error *err);
void dyad_store_series_free(dyad_series_row *rows); /* NULL is a no-op */

/* ---------------------------------------------------------------------------------- */
/* Export                                                                             */

typedef enum dyad_export_format {
    DYAD_EXPORT_JSONL,  /* events: "dyad.store.event/1" objects; mentions: dyad.event/1 */
    DYAD_EXPORT_CSV,    /* RFC 4180, a header line first */
    DYAD_EXPORT_PLOVER, /* events as JSON lines with PLOVER/POLECAT field names */
    DYAD_EXPORT_GDELT   /* events as the 61 tab-separated columns of GDELT 2.0 */
} dyad_export_format;

#define DYAD_EXPORT_MENTIONS 1u /* mentions instead of events (jsonl and csv only) */
#define DYAD_EXPORT_HEADER   2u /* gdelt: a first line with the column names */

/* The header line of a format (CSV column names; GDELT's with DYAD_EXPORT_HEADER), if it
 * has one. DYAD_IO when writing fails. */
dyad_status dyad_store_write_header(FILE *out, dyad_export_format fmt, unsigned flags);

/* Writes one event, or one mention, as one line of a format. DYAD_IO when writing fails,
 * DYAD_MISUSE for a mention in a format that has none. */
dyad_status dyad_store_write_event(FILE *out, dyad_export_format fmt, const dyad_store_event *e);
dyad_status dyad_store_write_mention(FILE *out, dyad_export_format fmt,
                                     const dyad_store_mention *m);

/* Header, then every event (mention) matching f (NULL: all). *n_rows (may be NULL) gets
 * the number of rows written. */
dyad_status dyad_store_export(dyad_store *s, const dyad_store_filter *f, dyad_export_format fmt,
                              unsigned flags, FILE *out, size_t *n_rows, dyad_error *err);

/* Writes `day` (days since 1970-01-01) as YYYY-MM-DD into buf; "" for INT32_MIN. */
#define DYAD_DAY_BUF 24
void dyad_store_day_str(int32_t day, char buf[DYAD_DAY_BUF]);

/* The GDELT 2.0 event table's column names, in GDELT's order: i < 61, NULL past the end. */
#define DYAD_GDELT_COLUMNS 61
const char *dyad_gdelt_column(size_t i);

#ifdef __cplusplus
}
#endif
#endif
