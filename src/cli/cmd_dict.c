/*
 * cmd_dict.c - `dyad dict check|lookup|stats`: lint the dictionaries, show what a phrase
 * resolves to on a date and why, count the entries by kind. Each takes the dictionary
 * options of `dyad code` (default: dyad's own dictionaries).
 */
#include "cli/cli.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

static void usage(FILE *f)
{
    fputs("usage: dyad dict check [DICTIONARY OPTIONS] [PATH...]\n"
          "       dyad dict lookup [DICTIONARY OPTIONS] [--date YYYY-MM-DD] PHRASE...\n"
          "       dyad dict stats [DICTIONARY OPTIONS]\n"
          "\n"
          "PATH (or --dict PATH) is a dyad-format file or folder; without one, dyad's own\n"
          "dictionaries are used (docs/dictionaries.md).\n",
          f);
}

/* Splits the arguments into dictionary options and the rest (*rest, *n_rest). */
static int parse(struct dict_args *da, int argc, char **argv, const char **date, const char **rest,
                 int *n_rest, bool paths)
{
    *n_rest = 0;
    for (int i = 1; i < argc; i++) {
        int r = dict_arg(da, argc, argv, &i);
        if (r < 0)
            return -1;
        if (r > 0)
            continue;
        const char *a = argv[i];
        if (date && strcmp(a, "--date") == 0 && i + 1 < argc) {
            *date = argv[++i];
        } else if (a[0] == '-' && a[1]) {
            fprintf(stderr, "dyad: unknown option '%s' for 'dyad dict %s'\n", a, argv[0]);
            return -1;
        } else if (paths) {
            if (da->n_dicts == sizeof da->dicts / sizeof da->dicts[0]) {
                fprintf(stderr, "dyad: too many paths (at most 16)\n");
                return -1;
            }
            da->dicts[da->n_dicts++] = a;
        } else {
            rest[(*n_rest)++] = a;
        }
    }
    return 0;
}

static void on_warning(void *ctx, const dyad_error *e)
{
    (void)ctx;
    if (e->source && *e->source)
        printf("%s:%u: warning: %s\n", e->source, e->line, e->message);
    else
        printf("warning: %s\n", e->message);
}

static int check(int argc, char **argv)
{
    struct dict_args da;
    memset(&da, 0, sizeof da);
    const char *rest[1];
    int n_rest;
    if (parse(&da, argc, argv, NULL, rest, &n_rest, true) != 0)
        return EXIT_USAGE;
    dyad_options opt = dyad_options_default();
    dyad_dict *dict = NULL;
    da.sources_only = 1;
    int rc = dict_load(&da, &opt, &dict);
    if (rc != EXIT_OK && !dict) {
        if (rc == EXIT_DICT)
            printf("%zu errors, 0 warnings\n", da.n_problems ? da.n_problems : 1);
        return rc;
    }
    size_t warnings = dyad_dict_check(dict, on_warning, NULL);
    dyad_dict_stats s;
    dyad_dict_get_stats(dict, &s);
    if (s.files)
        printf("%zu files: ", s.files);
    printf("%zu errors, %zu warnings\n", da.n_problems, warnings);
    dyad_dict_free(dict);
    if (fflush(stdout) != 0)
        return EXIT_USAGE;
    return da.n_problems ? EXIT_DICT : warnings ? EXIT_SKIPPED : EXIT_OK;
}

struct shown {
    size_t n;
    size_t start, end; /* the span of the group being printed */
    const char *text;
};

static void on_match(void *ctx, const dyad_dict_match *m)
{
    struct shown *s = ctx;
    if (s->n == 0 || m->start != s->start || m->end != s->end) {
        printf("%s'%.*s' (%s)\n", s->n ? "\n" : "", (int)(m->end - m->start), s->text + m->start,
               m->phrase);
        s->start = m->start;
        s->end = m->end;
    }
    s->n++;
    printf("  %s %-7s %-24s %-10s %s:%u\n", m->chosen ? "*" : " ", m->kind, m->id[0] ? m->id : "-",
           m->code ? m->code : "(none)", m->file, m->line);
    if (m->why[0])
        printf("            %s\n", m->why);
}

static int lookup(int argc, char **argv)
{
    struct dict_args da;
    memset(&da, 0, sizeof da);
    const char *date = NULL, *rest[256];
    int n_rest;
    if (argc > 258) {
        fprintf(stderr, "dyad: too many arguments\n");
        return EXIT_USAGE;
    }
    if (parse(&da, argc, argv, &date, rest, &n_rest, false) != 0)
        return EXIT_USAGE;
    if (n_rest == 0) {
        usage(stderr);
        return EXIT_USAGE;
    }
    int32_t day = INT32_MIN;
    if (date && dyad_parse_date(date, strlen(date), &day) != DYAD_OK) {
        fprintf(stderr, "dyad: --date expects YYYY-MM-DD, got '%s'\n", date);
        return EXIT_USAGE;
    }
    /* the words of the phrase, as one text */
    char text[4096];
    size_t len = 0;
    for (int i = 0; i < n_rest; i++) {
        int w = snprintf(text + len, sizeof text - len, "%s%s", i ? " " : "", rest[i]);
        if (w < 0 || (size_t)w >= sizeof text - len) {
            fprintf(stderr, "dyad: the phrase is too long to look up\n");
            return EXIT_USAGE;
        }
        len += (size_t)w;
    }
    dyad_options opt = dyad_options_default();
    dyad_dict *dict = NULL;
    da.sources_only = 1;
    int rc = dict_load(&da, &opt, &dict);
    if (rc != EXIT_OK && !dict)
        return rc;
    struct shown s = {0, 0, 0, text};
    dyad_error err = {0};
    dyad_status st = dyad_dict_lookup(dict, text, len, day, on_match, &s, &err);
    dyad_dict_free(dict);
    if (st != DYAD_OK) {
        err.source = NULL;
        print_error(&err);
        return EXIT_USAGE;
    }
    if (!s.n)
        printf("no dictionary entry matches '%s'\n", text);
    else
        printf("\n%s%s: * marks what the coder takes\n", date ? "on " : "(no date)",
               date ? date : "");
    if (fflush(stdout) != 0)
        return EXIT_USAGE;
    return s.n ? EXIT_OK : EXIT_SKIPPED;
}

static int stats(int argc, char **argv)
{
    struct dict_args da;
    memset(&da, 0, sizeof da);
    const char *rest[1];
    int n_rest;
    if (parse(&da, argc, argv, NULL, rest, &n_rest, false) != 0)
        return EXIT_USAGE;
    if (n_rest) {
        usage(stderr);
        return EXIT_USAGE;
    }
    dyad_options opt = dyad_options_default();
    dyad_dict *dict = NULL;
    da.sources_only = 1;
    int rc = dict_load(&da, &opt, &dict);
    if (rc != EXIT_OK && !dict)
        return rc;
    dyad_dict_stats s;
    dyad_dict_get_stats(dict, &s);
    dyad_dict_free(dict);
    const struct {
        const char *label;
        size_t n;
    } rows[] = {
        {"files", s.files},
        {"countries and territories", s.countries},
        {"capitals (their governments)", s.capitals},
        {"places (cities, regions)", s.places},
        {"state institutions", s.institutions},
        {"organisations and groups", s.organisations},
        {"people", s.persons},
        {"  dated roles", s.roles},
        {"  surnames derived", s.surnames},
        {"actor phrases", s.actor_phrases},
        {"agents", s.agents},
        {"  agent phrases (with plurals)", s.agent_phrases},
        {"verbs", s.verbs},
        {"  verb forms (with inflections)", s.verb_forms},
        {"verb patterns", s.patterns},
        {"synsets", s.synsets},
        {"discards", s.discard_entries},
        {"  discard phrases", s.discards},
        {"rejected entries", s.rejected},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++)
        printf("%-32s %8zu\n", rows[i].label, rows[i].n);
    if (fflush(stdout) != 0)
        return EXIT_USAGE;
    return EXIT_OK;
}

int cmd_dict(int argc, char **argv)
{
    if (argc < 2) {
        usage(stderr);
        return EXIT_USAGE;
    }
    const char *sub = argv[1];
    if (strcmp(sub, "check") == 0)
        return check(argc - 1, argv + 1);
    if (strcmp(sub, "lookup") == 0)
        return lookup(argc - 1, argv + 1);
    if (strcmp(sub, "stats") == 0)
        return stats(argc - 1, argv + 1);
    if (strcmp(sub, "help") == 0 || strcmp(sub, "--help") == 0 || strcmp(sub, "-h") == 0) {
        usage(stdout);
        return EXIT_OK;
    }
    fprintf(stderr, "dyad: unknown dict command '%s'\n", sub);
    usage(stderr);
    return EXIT_USAGE;
}
