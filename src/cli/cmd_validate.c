/*
 * cmd_validate.c - `dyad validate SUITE`: runs a PETRARCH validation XML (dictionaries
 * from its <Environment>, options from its <Config> records) and compares, per record,
 * the set of (source, target, event) triples dyad codes with the expected set. Prints
 * one line per failing record, a table per category and "N passed, N failed".
 * A JSONL gold file (PLOVER's records: "gold": {"source", "target", "plover"}) is scored
 * by the rule in docs/cli.md, with the dictionaries given on the command line.
 */
#include "cli/cli.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_TRIPLES 64

struct triple {
    char s[40], t[40], c[16];
};

static int cmp_triple(const void *a, const void *b)
{
    const struct triple *x = a, *y = b;
    int r = strcmp(x->s, y->s);
    if (!r)
        r = strcmp(x->t, y->t);
    if (!r)
        r = strcmp(x->c, y->c);
    return r;
}

static void set_triple(struct triple *t, const char *s, const char *g, const char *c)
{
    snprintf(t->s, sizeof t->s, "%s", s ? s : "");
    snprintf(t->t, sizeof t->t, "%s", g ? g : "");
    snprintf(t->c, sizeof t->c, "%s", c ? c : "");
}

static size_t uniq(struct triple *t, size_t n)
{
    qsort(t, n, sizeof *t, cmp_triple);
    size_t o = 0;
    for (size_t i = 0; i < n; i++)
        if (!o || cmp_triple(&t[o - 1], &t[i]) != 0)
            t[o++] = t[i];
    return o;
}

static void print_set(const char *label, const struct triple *t, size_t n)
{
    printf("  %s:", label);
    if (!n)
        printf(" (none)");
    for (size_t i = 0; i < n; i++)
        printf(" %s>%s:%s", t[i].s, t[i].t, t[i].c);
    printf("\n");
}

static int contains(const struct triple *set, size_t n, const struct triple *x)
{
    for (size_t i = 0; i < n; i++)
        if (cmp_triple(&set[i], x) == 0)
            return 1;
    return 0;
}

struct category {
    char name[32];
    int pass, total;
};

#define MAX_CATEGORIES 64

/* Counts one record of category `cat` (the first 64 categories are kept). */
static void tally(struct category *cats, size_t *n, const char *cat, int ok)
{
    size_t ci = 0;
    while (ci < *n && strcmp(cats[ci].name, cat) != 0)
        ci++;
    if (ci == *n && *n < MAX_CATEGORIES) {
        snprintf(cats[ci].name, sizeof cats[ci].name, "%s", cat);
        cats[ci].pass = cats[ci].total = 0;
        (*n)++;
    }
    if (ci < *n) {
        cats[ci].total++;
        cats[ci].pass += ok;
    }
}

static void print_tally(const struct category *cats, size_t n)
{
    printf("\n%-12s %6s %6s\n", "category", "passed", "total");
    for (size_t i = 0; i < n; i++)
        printf("%-12s %6d %6d\n", cats[i].name, cats[i].pass, cats[i].total);
}

static char *resolve(const char *dir, size_t dir_len, const char *name)
{
    if (!name)
        return NULL;
    size_t n = strlen(name);
    char *p = malloc(dir_len + n + 2);
    if (!p)
        return NULL;
    if (name[0] == '/')
        memcpy(p, name, n + 1);
    else
        snprintf(p, dir_len + n + 2, "%.*s/%s", (int)dir_len, dir, name);
    return p;
}

static int apply_config(dyad_options *opt, const dyad_kv *kv, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        int ignored;
        dyad_error err = {0};
        if (dyad_options_set(opt, kv[i].key, kv[i].value, &ignored, &err) != DYAD_OK) {
            print_error(&err);
            return -1;
        }
    }
    return 0;
}

/* A coder (tracing with --verbose) and a reader of `path`; on failure both are freed
 * with the dictionary and EXIT_USAGE is returned. */
static int open_coding(dyad_dict *dict, dyad_options *opt, int verbose, const char *path,
                       dyad_format fmt, dyad_coder **coder, dyad_reader **r)
{
    dyad_error err = {0};
    opt->explain = verbose;
    if (dyad_coder_new(dict, opt, coder) != DYAD_OK) {
        dyad_dict_free(dict);
        return EXIT_USAGE;
    }
    if (dyad_reader_open(path, fmt, opt, r, &err) != DYAD_OK) {
        print_error(&err);
        dyad_coder_free(*coder);
        dyad_dict_free(dict);
        return EXIT_USAGE;
    }
    return EXIT_OK;
}

/* ---- JSONL gold records (PLOVER) ------------------------------------------------ */

static int code_in(const char *code, json_t *actors)
{
    size_t i;
    json_t *a;
    json_array_foreach(actors, i, a) {
        const char *g = json_string_value(json_object_get(a, "code"));
        if (g && *g && strncmp(code, g, strlen(g)) == 0)
            return 1;
    }
    return 0;
}

/* Does event e match the gold record? The PLOVER category must be equal; the source's
 * code must start with a gold source's code; where the gold has targets the target's
 * likewise; a joint record (no targets) takes either of its actors in either slot. */
static int gold_match(const dyad_event *e, json_t *gold)
{
    const char *plover = json_string_value(json_object_get(gold, "plover"));
    json_t *src = json_object_get(gold, "source"), *tgt = json_object_get(gold, "target");
    if (!plover || !e->plover || strcmp(plover, e->plover) != 0)
        return 0;
    if (json_array_size(tgt) == 0)
        return code_in(e->source.code, src) || code_in(e->target.code, src);
    return code_in(e->source.code, src) && code_in(e->target.code, tgt);
}

static int validate_gold(const char *path, struct dict_args *da, int verbose)
{
    dyad_options opt = dyad_options_default();
    dyad_dict *dict = NULL;
    int rc = dict_load(da, &opt, &dict);
    if (rc != EXIT_OK)
        return rc;
    dyad_coder *coder;
    dyad_reader *r;
    dyad_error err = {0};
    if (open_coding(dict, &opt, verbose, path, DYAD_FORMAT_JSONL, &coder, &r) != EXIT_OK)
        return EXIT_USAGE;
    struct category cats[MAX_CATEGORIES];
    size_t n_cats = 0, n_events = 0;
    int pass = 0, fail = 0;
    dyad_article a;
    int got;
    while ((got = dyad_reader_next(r, &a, &err)) != 0) {
        if (got < 0) {
            print_error(&err);
            fail++;
            if (err.status == DYAD_IO || err.status == DYAD_NOMEM)
                break;
            continue;
        }
        json_error_t jerr;
        json_t *gold = a.gold_json ? json_loads(a.gold_json, 0, &jerr) : NULL;
        const char *cat = json_string_value(json_object_get(gold, "plover"));
        if (!gold || !cat) {
            fprintf(stderr, "dyad: %s:%u: record '%s' has no \"gold\" with a \"plover\" "
                            "category\n", path, a.line, a.id);
            json_decref(gold);
            fail++;
            continue;
        }
        int ok = 0;
        dyad_error cerr = {0};
        if (dyad_coder_code(coder, &a, &cerr) == DYAD_OK) {
            n_events += dyad_coder_n_events(coder);
            for (size_t i = 0; i < dyad_coder_n_events(coder) && !ok; i++)
                ok = gold_match(dyad_coder_event(coder, i), gold);
        }
        tally(cats, &n_cats, cat, ok);
        if (ok) {
            pass++;
        } else {
            fail++;
            printf("FAIL %s [%s] line %u: %.*s\n  gold: %s\n  got :", a.id, cat, a.line,
                   (int)a.text_len, a.text, a.gold_json);
            if (!dyad_coder_n_events(coder))
                printf(" (none)");
            for (size_t i = 0; i < dyad_coder_n_events(coder); i++) {
                const dyad_event *e = dyad_coder_event(coder, i);
                printf(" %s>%s:%s(%s)", e->source.code, e->target.code, e->cameo,
                       e->plover ? e->plover : "-");
            }
            printf("\n");
            if (verbose)
                dyad_coder_explain(coder, stdout);
        }
        json_decref(gold);
    }
    dyad_reader_free(r);
    print_tally(cats, n_cats);
    int total = pass + fail;
    printf("\n%d records, %zu events, %.2f events per record, %.1f%% matched\n", total,
           n_events, total ? (double)n_events / total : 0.0, total ? 100.0 * pass / total : 0.0);
    printf("%d passed, %d failed\n", pass, fail);
    dyad_coder_free(coder);
    dyad_dict_free(dict);
    return fail ? EXIT_SKIPPED : EXIT_OK;
}

int cmd_validate(int argc, char **argv)
{
    const char *suite = NULL;
    int verbose = 0;
    struct dict_args gold_dicts;
    memset(&gold_dicts, 0, sizeof gold_dicts);
    for (int i = 1; i < argc; i++) {
        int r = dict_arg(&gold_dicts, argc, argv, &i);
        if (r < 0)
            return EXIT_USAGE;
        if (r > 0)
            continue;
        if (strcmp(argv[i], "--verbose") == 0 || strcmp(argv[i], "-v") == 0)
            verbose = 1;
        else if (argv[i][0] == '-') {
            fprintf(stderr, "dyad: unknown option '%s' for 'dyad validate'\n", argv[i]);
            return EXIT_USAGE;
        } else
            suite = argv[i];
    }
    if (!suite) {
        fprintf(stderr, "usage: dyad validate [--verbose] SUITE.xml\n"
                        "       dyad validate [--verbose] DICTIONARY OPTIONS GOLD.jsonl\n");
        return EXIT_USAGE;
    }
    size_t sl = strlen(suite);
    if (sl > 6 && strcmp(suite + sl - 6, ".jsonl") == 0)
        return validate_gold(suite, &gold_dicts, verbose);
    dyad_suite_env env;
    dyad_error err = {0};
    if (dyad_suite_env_read(suite, &env, &err) != DYAD_OK) {
        print_error(&err);
        dyad_suite_env_free(&env);
        return EXIT_USAGE;
    }
    const char *slash = strrchr(suite, '/');
    const char *dir = slash ? suite : ".";
    size_t dir_len = slash ? (size_t)(slash - suite) : 1;
    struct dict_args da;
    memset(&da, 0, sizeof da);
    char *paths[20] = {0};
    size_t np = 0;
    da.verbs = paths[np++] = resolve(dir, dir_len, env.verbs);
    da.agents = paths[np++] = resolve(dir, dir_len, env.agents);
    da.discards = paths[np++] = resolve(dir, dir_len, env.discards);
    for (size_t i = 0; i < env.n_actors && i < 16; i++)
        da.actors[da.n_actors++] = paths[np++] = resolve(dir, dir_len, env.actors[i]);
    dyad_options opt = dyad_options_default();
    opt.intent = opt.domestic = 0; /* PETRARCH suites expect PETRARCH's coding */
    dyad_dict *dict = NULL;
    int rc = apply_config(&opt, env.config, env.n_config) ? EXIT_USAGE : EXIT_OK;
    if (rc == EXIT_OK)
        rc = dict_load(&da, &opt, &dict);
    for (size_t i = 0; i < np; i++)
        free(paths[i]);
    dyad_suite_env_free(&env);
    if (rc != EXIT_OK)
        return rc;

    dyad_coder *coder;
    dyad_reader *r;
    if (open_coding(dict, &opt, verbose, suite, DYAD_FORMAT_PETRXML, &coder, &r) != EXIT_OK)
        return EXIT_USAGE;
    struct category cats[MAX_CATEGORIES];
    size_t n_cats = 0;
    int pass = 0, fail = 0;
    dyad_article a;
    int got;
    while ((got = dyad_reader_next(r, &a, &err)) != 0) {
        if (got < 0) {
            print_error(&err);
            fail++;
            if (err.status == DYAD_IO || err.status == DYAD_NOMEM)
                break;
            continue;
        }
        if (apply_config(&opt, a.config, a.n_config) == 0)
            dyad_coder_set_options(coder, &opt);
        struct triple want[MAX_TRIPLES], have[MAX_TRIPLES];
        size_t nw = 0, nh = 0;
        const char *want_discard = NULL;
        for (size_t i = 0; i < a.n_expect && nw < MAX_TRIPLES; i++) {
            const dyad_expect *x = &a.expect[i];
            if (x->error) {
                if (strcmp(x->error, "sentencediscard") == 0 ||
                    strcmp(x->error, "storydiscard") == 0)
                    want_discard = x->error;
                continue;
            }
            if (x->noevents)
                continue;
            set_triple(&want[nw++], x->source, x->target, x->code);
        }
        int expect_error = 0;
        for (size_t i = 0; i < a.n_expect; i++)
            expect_error |= a.expect[i].error && !want_discard;
        dyad_error cerr = {0};
        const char *why = NULL;
        if (dyad_coder_code(coder, &a, &cerr) != DYAD_OK) {
            why = cerr.message;
        } else {
            for (size_t i = 0; i < dyad_coder_n_events(coder) && nh < MAX_TRIPLES; i++) {
                const dyad_event *e = dyad_coder_event(coder, i);
                set_triple(&have[nh++], e->source.code, e->target.code, e->cameo);
            }
        }
        nw = uniq(want, nw);
        nh = uniq(have, nh);
        int ok = !why && nw == nh;
        for (size_t i = 0; ok && i < nw; i++)
            ok = cmp_triple(&want[i], &have[i]) == 0;
        dyad_discard disc = dyad_coder_discarded(coder);
        if (ok && want_discard)
            ok = (strcmp(want_discard, "storydiscard") == 0 && disc == DYAD_DISCARD_STORY) ||
                 (strcmp(want_discard, "sentencediscard") == 0 && disc == DYAD_DISCARD_SENTENCE);
        if (ok && expect_error)
            ok = nh == 0;
        const char *cat = a.category ? a.category : "(none)";
        tally(cats, &n_cats, cat, ok);
        if (ok) {
            pass++;
            continue;
        }
        fail++;
        printf("FAIL %s [%s] line %u: %.*s\n", a.id, cat, a.line, (int)a.text_len, a.text);
        if (why)
            printf("  error: %s\n", why);
        if (want_discard)
            printf("  expected: %s, got: %s\n", want_discard,
                   disc == DYAD_DISCARD_STORY      ? "storydiscard"
                   : disc == DYAD_DISCARD_SENTENCE ? "sentencediscard"
                                                   : "no discard");
        print_set("expected", want, nw);
        print_set("got     ", have, nh);
        for (size_t i = 0; i < nw; i++)
            if (!contains(have, nh, &want[i]))
                printf("  missing %s>%s:%s\n", want[i].s, want[i].t, want[i].c);
        for (size_t i = 0; i < nh; i++)
            if (!contains(want, nw, &have[i]))
                printf("  extra   %s>%s:%s\n", have[i].s, have[i].t, have[i].c);
        if (verbose)
            dyad_coder_explain(coder, stdout);
    }
    dyad_reader_free(r);
    print_tally(cats, n_cats);
    printf("\n%d passed, %d failed\n", pass, fail);
    dyad_coder_free(coder);
    dyad_dict_free(dict);
    return fail ? EXIT_SKIPPED : EXIT_OK;
}
