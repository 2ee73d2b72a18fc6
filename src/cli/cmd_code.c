/*
 * cmd_code.c - `dyad code`: read articles, code them, write JSONL events to stdout.
 * Rejected records are reported with their position and skipped; the run goes on.
 */
#include "cli/cli.h"

#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int cmd_code(int argc, char **argv)
{
    struct dict_args da;
    memset(&da, 0, sizeof da);
    dyad_format fmt = DYAD_FORMAT_AUTO;
    int explain = 0;
    const char *files[256];
    int n_files = 0;
    for (int i = 1; i < argc; i++) {
        int r = dict_arg(&da, argc, argv, &i);
        if (r < 0)
            return EXIT_USAGE;
        if (r > 0)
            continue;
        const char *a = argv[i];
        if (strcmp(a, "--explain") == 0) {
            explain = 1;
        } else if (strcmp(a, "--format") == 0 && i + 1 < argc) {
            const char *f = argv[++i];
            if (strcmp(f, "text") == 0)
                fmt = DYAD_FORMAT_TEXT;
            else if (strcmp(f, "jsonl") == 0)
                fmt = DYAD_FORMAT_JSONL;
            else if (strcmp(f, "xml") == 0 || strcmp(f, "petrarch") == 0)
                fmt = DYAD_FORMAT_PETRXML;
            else {
                fprintf(stderr, "dyad: --format expects text, jsonl or xml, got '%s'\n", f);
                return EXIT_USAGE;
            }
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
    dyad_options opt = dyad_options_default();
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
    dyad_coder *coder;
    if (dyad_coder_new(dict, &opt, &coder) != DYAD_OK) {
        fprintf(stderr, "dyad: out of memory\n");
        dyad_dict_free(dict);
        return EXIT_USAGE;
    }
    dyad_coder_trace(coder, explain);
    size_t n_articles = 0, n_sentences = 0, n_events = 0, n_skipped = 0;
    int io_error = 0;
    int tty = isatty(STDERR_FILENO);
    double last = now();
    for (int f = 0; f < n_files && !io_error; f++) {
        dyad_reader *r;
        dyad_error err = {0};
        if (dyad_reader_open(files[f], fmt, &opt, &r, &err) != DYAD_OK) {
            print_error(&err);
            io_error = 1;
            break;
        }
        dyad_article a;
        int got;
        while ((got = dyad_reader_next(r, &a, &err)) != 0) {
            if (got < 0) {
                print_error(&err);
                n_skipped++;
                if (err.status == DYAD_IO || err.status == DYAD_NOMEM) {
                    io_error = 1;
                    break;
                }
                continue;
            }
            n_articles++;
            dyad_error cerr = {0};
            if (dyad_coder_code(coder, &a, &cerr) != DYAD_OK) {
                if (!cerr.source)
                    cerr.source = a.id;
                print_error(&cerr);
                n_skipped++;
                continue;
            }
            n_sentences += dyad_coder_n_sentences(coder);
            if (explain) {
                fprintf(stderr, "article %s:\n", a.id);
                dyad_coder_explain(coder, stderr);
            }
            for (size_t i = 0; i < dyad_coder_n_events(coder); i++) {
                if (dyad_write_event_jsonl(stdout, &a, dyad_coder_event(coder, i)) != DYAD_OK) {
                    fprintf(stderr, "dyad: error writing to standard output\n");
                    io_error = 1;
                    break;
                }
                n_events++;
            }
            if (tty && now() - last > 1.0) {
                last = now();
                fprintf(stderr, "\rdyad: %zu articles, %zu events, %zu skipped", n_articles,
                        n_events, n_skipped);
            }
        }
        dyad_reader_free(r);
    }
    if (fflush(stdout) != 0 && !io_error) {
        fprintf(stderr, "dyad: error writing to standard output\n");
        io_error = 1;
    }
    double t = now() - t0;
    fprintf(stderr, "%sdyad: %zu articles, %zu sentences, %zu events, %zu skipped, "
                    "%zu dictionary problems (dictionaries %.2f s, total %.2f s)\n",
            tty ? "\r" : "", n_articles, n_sentences, n_events, n_skipped, da.n_problems,
            t_load, t);
    dyad_coder_free(coder);
    dyad_dict_free(dict);
    if (io_error)
        return EXIT_USAGE;
    return n_skipped ? EXIT_SKIPPED : EXIT_OK;
}
