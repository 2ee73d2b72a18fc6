/*
 * cmd_code.c - `dyad code`: read articles, code them on -j threads, write JSONL events
 * to stdout in input order. Rejected records are reported with their position and
 * skipped; the run goes on.
 */
#include "cli/cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

struct out {
    size_t articles, events, skipped;
    int io_error, tty;
    double last;
    const char *file; /* the input being read, for the coder's errors */
    int strict;       /* stop at the first rejected record */
    int stopped;      /* ... and it did */
    int fatal_shown;  /* the reader's I/O or memory error, which also ends the run, is shown */
};

static int sink(void *ctx, const dyad_result *res)
{
    struct out *o = ctx;
    if (res->error) {
        /* The reader's errors name the file; the coder's name the article, which is put
         * back at the line where its record starts. */
        if (res->article && res->article->line)
            fprintf(stderr, "dyad: %s:%u: article '%s': %s\n", o->file, res->article->line,
                    res->article->id, res->error->message);
        else if (res->article)
            fprintf(stderr, "dyad: %s: article '%s': %s\n", o->file, res->article->id,
                    res->error->message);
        else
            print_error(res->error);
        if (!res->article &&
            (res->error->status == DYAD_IO || res->error->status == DYAD_NOMEM))
            o->fatal_shown = 1;
        o->skipped++;
        if (o->strict) {
            o->stopped = 1;
            return 1;
        }
    }
    if (!res->article)
        return 0;
    if (res->explain) {
        fprintf(stderr, "article %s:\n%s", res->article->id, res->explain);
    }
    if (!res->error)
        o->articles++;
    for (size_t i = 0; i < res->n_events; i++) {
        if (dyad_write_event_jsonl(stdout, res->article, &res->events[i]) != DYAD_OK) {
            fprintf(stderr, "dyad: error writing to standard output\n");
            o->io_error = 1;
            return 1;
        }
        o->events++;
    }
    if (o->tty && (o->articles & 1023) == 0 && now() - o->last > 1.0) {
        o->last = now();
        fprintf(stderr, "\rdyad: %zu articles, %zu events, %zu skipped", o->articles, o->events,
                o->skipped);
    }
    return 0;
}

/* --max-...: a size, with an optional K, M or G suffix (powers of 1024); 0 is no limit. */
static int parse_limit(const char *opt, const char *v, size_t *out)
{
    char *end;
    unsigned long long n = strtoull(v, &end, 10);
    unsigned shift = 0;
    if (end != v && (*end == 'K' || *end == 'k'))
        shift = 10, end++;
    else if (end != v && (*end == 'M' || *end == 'm'))
        shift = 20, end++;
    else if (end != v && (*end == 'G' || *end == 'g'))
        shift = 30, end++;
    if (end == v || *end || v[0] == '-' || n > (SIZE_MAX >> shift)) {
        fprintf(stderr, "dyad: %s expects a number (K, M or G may follow; 0: no limit), got "
                        "'%s'\n", opt, v);
        return -1;
    }
    *out = n ? (size_t)n << shift : SIZE_MAX;
    return 0;
}

int cmd_code(int argc, char **argv)
{
    struct dict_args da;
    memset(&da, 0, sizeof da);
    dyad_options opt = dyad_options_default();
    const struct {
        const char *name;
        size_t *field;
    } limits[] = {{"--max-article-bytes", &opt.max_article_bytes},
                  {"--max-sentence-tokens", &opt.max_sentence_tokens},
                  {"--max-sentence-bytes", &opt.max_sentence_bytes},
                  {"--max-line-bytes", &opt.max_line_bytes},
                  {"--max-entry-bytes", &opt.max_entry_bytes},
                  {"--max-dict-entries", &opt.max_dict_entries}};
    dyad_format fmt = DYAD_FORMAT_AUTO;
    int explain = 0;
    unsigned threads = 0;
    int jr;
    const char *files[256];
    int n_files = 0;
    for (int i = 1; i < argc; i++) {
        int r = dict_arg(&da, argc, argv, &i);
        if (r < 0)
            return EXIT_USAGE;
        if (r > 0)
            continue;
        const char *a = argv[i];
        size_t k = 0;
        while (k < sizeof limits / sizeof limits[0] && strcmp(a, limits[k].name) != 0)
            k++;
        if (k < sizeof limits / sizeof limits[0]) {
            if (i + 1 >= argc) {
                fprintf(stderr, "dyad: %s needs a value\n", a);
                return EXIT_USAGE;
            }
            if (parse_limit(a, argv[++i], limits[k].field) != 0)
                return EXIT_USAGE;
            continue;
        }
        if (strcmp(a, "--explain") == 0) {
            explain = 1;
        } else if ((jr = threads_arg(argc, argv, &i, &threads)) != 0) {
            if (jr < 0)
                return EXIT_USAGE;
        } else if (strcmp(a, "--format") == 0 && i + 1 < argc) {
            if (format_arg(argv[++i], &fmt) != 0)
                return EXIT_USAGE;
        } else if (a[0] == '-' && a[1]) {
            fprintf(stderr, "dyad: unknown option '%s' for 'dyad code'\n", a);
            return EXIT_USAGE;
        } else if (n_files < 256) {
            files[n_files++] = a;
        }
    }
    if (!n_files) {
        fprintf(stderr, "dyad: code: no input files (use - for standard input)\n");
        return EXIT_USAGE;
    }
    opt.explain = explain;
    dyad_dict *dict = NULL;
    double t0 = now();
    int rc = dict_load(&da, &opt, &dict);
    if (rc != EXIT_OK)
        return rc;
    double t_load = now() - t0;
    if (da.n_problems) {
        fprintf(stderr, "dyad: %zu dictionary entries rejected\n", da.n_problems);
        if (da.strict) {
            dyad_dict_free(dict);
            return EXIT_DICT;
        }
    }
    /* events go out in large writes, not 4 KB ones, unless someone reads them live */
    static char outbuf[256 << 10];
    if (!isatty(STDOUT_FILENO))
        setvbuf(stdout, outbuf, _IOFBF, sizeof outbuf);
    struct out o = {0, 0, 0, 0, isatty(STDERR_FILENO), now(), NULL, da.strict, 0, 0};
    size_t sentences = 0;
    int failed = 0;
    for (int f = 0; f < n_files && !failed && !o.stopped; f++) {
        dyad_reader *r;
        dyad_error err = {0};
        if (dyad_reader_open(files[f], fmt, &opt, &r, &err) != DYAD_OK) {
            print_error(&err);
            failed = 1;
            break;
        }
        dyad_run_stats st;
        o.file = strcmp(files[f], "-") == 0 ? "<stdin>" : files[f];
        dyad_status s = dyad_run(dict, &opt, r, explain ? 1 : threads, sink, &o, &st, &err);
        sentences += st.sentences;
        if (s != DYAD_OK && !o.stopped) {
            if (!o.io_error && !o.fatal_shown)
                print_error(&err);
            failed = 1;
        }
        dyad_reader_free(r);
    }
    if (fflush(stdout) != 0 && !failed) {
        fprintf(stderr, "dyad: error writing to standard output\n");
        failed = 1;
    }
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    fprintf(stderr,
            "%sdyad: %zu records, %zu coded, %zu skipped%s, %zu sentences, %zu events, %zu "
            "dictionary problems (dictionaries %.3f s, total %.2f s, peak memory %ld MB)\n",
            o.tty ? "\r" : "", o.articles + o.skipped, o.articles, o.skipped,
            o.stopped ? " (--strict: stopped at the first)" : "", sentences, o.events,
            da.n_problems, t_load, now() - t0, ru.ru_maxrss / 1024);
    dyad_dict_free(dict);
    if (failed)
        return EXIT_USAGE;
    return o.skipped ? EXIT_SKIPPED : EXIT_OK;
}
