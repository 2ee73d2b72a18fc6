/*
 * cmd_ingest.c - `dyad ingest`: code articles on -j threads and store them (articles,
 * sentences, events) in the SQLite store, skipping articles already there; then the
 * dedup stage, which `dyad dedup` also runs on its own.
 */
#include "cli/cli.h"
#include "dyad_store.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

struct ingest {
    dyad_store *s;
    const char *db;
    size_t read, added, dup[4], skipped, events;
    int fatal, tty, shown; /* shown: a progress line is on the terminal */
    double t0, last;
};

static void progress(const struct ingest *g, const char *end)
{
    double t = now() - g->t0;
    fprintf(stderr,
            "\rdyad: ingest: %zu articles (%.0f/s), %zu stored, %zu duplicates, "
            "%zu events, %zu skipped%s",
            g->read, t > 0 ? (double)g->read / t : 0.0, g->added,
            g->dup[DYAD_STORE_DUP_ID] + g->dup[DYAD_STORE_DUP_URL] + g->dup[DYAD_STORE_DUP_TEXT],
            g->events, g->skipped, end);
}

static int sink(void *ctx, const dyad_result *res)
{
    struct ingest *g = ctx;
    if (res->error) {
        print_error(res->error);
        g->skipped++;
        return 0;
    }
    if (!res->article)
        return 0;
    g->read++;
    dyad_store_dup dup;
    dyad_error err = {0};
    if (dyad_store_add(g->s, res->article, res->events, res->n_events, &dup, &err) != DYAD_OK) {
        if (err.status == DYAD_SYNTAX) { /* this article only */
            print_error(&err);
            g->skipped++;
            return 0;
        }
        if (!err.source)
            err.source = g->db;
        print_error(&err);
        g->fatal = 1;
        return 1;
    }
    if (dup != DYAD_STORE_NEW) {
        g->dup[dup]++;
    } else {
        g->added++;
        g->events += res->n_events;
    }
    if (g->tty && (g->read & 255) == 0 && now() - g->last > 1.0) {
        g->last = now();
        progress(g, "");
        g->shown = 1;
    }
    return 0;
}

/* Appends argv[from..to] to b, space-separated (the run's record of its options). */
static void append_args(char *b, size_t size, char **argv, int from, int to)
{
    for (int k = from; k <= to; k++) {
        size_t n = strlen(b);
        snprintf(b + n, size - n, "%s%s", n ? " " : "", argv[k]);
    }
}

static int parse_count(const char *opt, const char *v, long max, long *out)
{
    char *end;
    long n = strtol(v, &end, 10);
    if (*end || !*v || n < 0 || n > max) {
        fprintf(stderr, "dyad: %s expects a number 0-%ld, got '%s'\n", opt, max, v);
        return -1;
    }
    *out = n;
    return 0;
}

int cmd_ingest(int argc, char **argv)
{
    struct dict_args da;
    memset(&da, 0, sizeof da);
    dyad_format fmt = DYAD_FORMAT_AUTO;
    const char *db = DYAD_DEFAULT_DB;
    long batch = 0, window = 0;
    unsigned threads = 0;
    int jr;
    int no_dedup = 0, summary = 0;
    const char *files[256];
    int n_files = 0;
    char dict_text[2048] = "", inputs[4096] = "";
    for (int i = 1; i < argc; i++) {
        int start = i;
        int r = dict_arg(&da, argc, argv, &i);
        if (r < 0)
            return EXIT_USAGE;
        if (r > 0) {
            append_args(dict_text, sizeof dict_text, argv, start, i);
            continue;
        }
        const char *a = argv[i];
        int has_value = i + 1 < argc;
        if (strcmp(a, "--db") == 0 && has_value) {
            db = argv[++i];
        } else if ((jr = threads_arg(argc, argv, &i, &threads)) != 0) {
            if (jr < 0)
                return EXIT_USAGE;
        } else if (strcmp(a, "--batch") == 0 && has_value) {
            if (parse_count(a, argv[++i], 1000000, &batch) < 0 || batch == 0)
                return EXIT_USAGE;
        } else if (strcmp(a, "--window") == 0 && has_value) {
            if (parse_count(a, argv[++i], 100000, &window) < 0 || window == 0)
                return EXIT_USAGE;
        } else if (strcmp(a, "--no-dedup") == 0) {
            no_dedup = 1;
        } else if (strcmp(a, "--summary") == 0) {
            summary = 1;
        } else if (strcmp(a, "--format") == 0 && has_value) {
            if (format_arg(argv[++i], &fmt) != 0)
                return EXIT_USAGE;
        } else if (a[0] == '-' && a[1]) {
            fprintf(stderr, "dyad: unknown option '%s' for 'dyad ingest'\n", a);
            return EXIT_USAGE;
        } else if (n_files < 256) {
            files[n_files++] = a;
            append_args(inputs, sizeof inputs, argv, i, i);
        } else {
            fprintf(stderr, "dyad: ingest: too many input files (at most 256)\n");
            return EXIT_USAGE;
        }
    }
    if (!n_files) {
        fprintf(stderr, "dyad: ingest: no input files (use - for standard input)\n");
        return EXIT_USAGE;
    }

    dyad_options opt = dyad_options_default();
    dyad_dict *dict = NULL;
    double t0 = now();
    int rc = dict_load(&da, &opt, &dict);
    if (rc != EXIT_OK)
        return rc;
    if (da.n_problems) {
        fprintf(stderr, "dyad: %zu dictionary entries rejected\n", da.n_problems);
        if (da.strict) {
            dyad_dict_free(dict);
            return EXIT_DICT;
        }
    }

    dyad_store_options so = {0};
    so.batch_articles = (size_t)batch;
    so.dedup_window = (int)window;
    dyad_store *s;
    dyad_error err = {0};
    if (dyad_store_open(db, &so, &s, &err) != DYAD_OK) {
        print_error(&err);
        dyad_dict_free(dict);
        return EXIT_USAGE;
    }
    dyad_store_run run = {dict, &opt, dict_text[0] ? dict_text : "(default dictionaries)", inputs};
    if (dyad_store_begin_run(s, &run, &err) != DYAD_OK) {
        print_error(&err);
        dyad_store_close(s);
        dyad_dict_free(dict);
        return EXIT_USAGE;
    }

    struct ingest g = {0};
    g.s = s;
    g.db = db;
    g.tty = isatty(STDERR_FILENO);
    g.t0 = g.last = now();
    int failed = 0;
    for (int f = 0; f < n_files && !failed; f++) {
        dyad_reader *r;
        if (dyad_reader_open(files[f], fmt, &opt, &r, &err) != DYAD_OK) {
            print_error(&err);
            failed = 1;
            break;
        }
        dyad_run_stats rs;
        dyad_status st = dyad_run(dict, &opt, r, threads, sink, &g, &rs, &err);
        if (st != DYAD_OK) {
            if (!g.fatal)
                print_error(&err);
            failed = 1;
        }
        dyad_reader_free(r);
    }
    double t_ingest = now() - g.t0;
    if (dyad_store_commit(s, &err) != DYAD_OK) {
        if (!err.source)
            err.source = db;
        print_error(&err);
        failed = 1;
    }
    if (g.shown) /* keep the last progress line; the summary goes below it */
        progress(&g, "\n");

    dyad_dedup_stats ds = {0};
    if (!failed && !no_dedup) {
        if (dyad_store_dedup(s, (int)window, &ds, &err) != DYAD_OK) {
            if (!err.source)
                err.source = db;
            print_error(&err);
            failed = 1;
        }
    }
    fprintf(stderr,
            "dyad: ingest: %zu articles read, %zu stored, %zu duplicates (%zu id, %zu url, "
            "%zu text), %zu events stored, %zu skipped",
            g.read, g.added,
            g.dup[DYAD_STORE_DUP_ID] + g.dup[DYAD_STORE_DUP_URL] + g.dup[DYAD_STORE_DUP_TEXT],
            g.dup[DYAD_STORE_DUP_ID], g.dup[DYAD_STORE_DUP_URL], g.dup[DYAD_STORE_DUP_TEXT],
            g.events, g.skipped);
    if (!failed && !no_dedup)
        fprintf(stderr, "; dedup: %zu mentions, %zu new events", ds.mentions, ds.new_events);
    fprintf(stderr, " (%.0f articles/s, total %.2f s)\n",
            t_ingest > 0 ? (double)g.read / t_ingest : 0.0, now() - t0);
    if (!failed && summary) {
        if (isatty(STDOUT_FILENO) && isatty(STDERR_FILENO))
            fputc('\n', stdout); /* below the line above, on the same terminal */
        if (store_print_summary(s, db, stdout) != EXIT_OK)
            failed = 1;
    }
    if (fflush(stdout) != 0) {
        fprintf(stderr, "dyad: error writing to standard output\n");
        failed = 1;
    }
    dyad_store_close(s);
    dyad_dict_free(dict);
    if (failed)
        return EXIT_USAGE;
    return g.skipped ? EXIT_SKIPPED : EXIT_OK;
}

int cmd_dedup(int argc, char **argv)
{
    const char *db = DYAD_DEFAULT_DB;
    long window = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--db") == 0 && i + 1 < argc) {
            db = argv[++i];
        } else if (strcmp(a, "--window") == 0 && i + 1 < argc) {
            if (parse_count(a, argv[++i], 100000, &window) < 0 || window == 0)
                return EXIT_USAGE;
        } else {
            fprintf(stderr, "dyad: unknown option '%s' for 'dyad dedup'\n", a);
            return EXIT_USAGE;
        }
    }
    if (access(db, F_OK) != 0) {
        fprintf(stderr, "dyad: cannot open store '%s': no such file\n", db);
        return EXIT_USAGE;
    }
    dyad_store *s;
    dyad_error err = {0};
    if (dyad_store_open(db, NULL, &s, &err) != DYAD_OK) {
        print_error(&err);
        return EXIT_USAGE;
    }
    dyad_dedup_stats ds;
    int rc = EXIT_OK;
    if (dyad_store_dedup(s, (int)window, &ds, &err) != DYAD_OK) {
        if (!err.source)
            err.source = db;
        print_error(&err);
        rc = EXIT_USAGE;
    } else {
        fprintf(stderr,
                "dyad: dedup: %zu mentions grouped, %zu new events, %zu events "
                "updated (window %d day%s)\n",
                ds.mentions, ds.new_events, ds.updated, ds.window, ds.window == 1 ? "" : "s");
    }
    dyad_store_close(s);
    return rc;
}
