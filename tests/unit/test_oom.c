/*
 * test_oom.c - allocation failure, everywhere: for n = 1, 2, ... the n-th allocation (and
 * every one after it) fails while dictionaries are read and compiled and articles are
 * read and coded. Every call must return DYAD_OK or DYAD_NOMEM with a message, and once
 * everything is freed no allocation may be left (dy_alloc_live). The loop ends with the
 * first n that the whole run never reaches; that run must code what a run without
 * failures codes.
 */
#include "dict/compiled.h"
#include "t.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char verbs[] = "&MONEY\n+DOLLARS\n+SWISS FRANCS\n"
                            "--- ATTACK [190] ---\nATTACK\n- * WITH ROCKETS [195]\n"
                            "--- MEET [040:040] ---\nMEET {MET}\n- % * [043:043]\n"
                            "--- GIVE [070] ---\nGIVE {GAVE GIVEN}\n- * &MONEY [071]\n"
                            "--- WARN [130] ---\nWARN\n- * AT ^ + [138]\n- $ ^ FOR * [131]\n"
                            "--- URGE [020] ---\nURGE\n- * + TO MEET [036]\n"
                            "--- CRITICIZE [111] ---\nCRITICIZE\n"
                            "--- SAID [010] ---\nSAID\n";
static const char actors[] = "NORTHLAND [NLD]\n+NORTHLANDER\nSOUTHLAND [SLD]\n"
                             "SOUTHLAND TELEVISION [SLDMED]\nTHE_ISLES [ISA/ISB]\n"
                             "KING_BOB\n\t[NLDGOV 20000101-20091231]\n\t[NLDELI >20091231]\n";
static const char agents[] = "!PERSON! = MAN, MEN\nSOLDIER [~MIL]\nPOLICE {} [~COP]\n"
                             "PARTY!PERSON! [~PTY]\nAID_GROUP [NGO~]\n";
static const char discards[] = "FOOTBALL MATCH\n+HOROSCOPE\n";
/* A WordNet verb.exc in miniature, so inflection runs without reading /usr/share. */
static const char verb_exc[] = "gave give\ngiven give\nmet meet\nsaid say\n";

/* Patterns, synsets, a compound actor, a joint event, agents both ways, dated codes, the
 * comma rule, a passive, a discard: every path of the coder. */
static const char *const texts[] = {
    "Northland attacked Southland with rockets on Monday.",
    "Northland and Southland met in the capital. The Isles met Northland.",
    "Southland soldiers, it seems, warned Northlander police at the border.",
    "King Bob gave Southland dollars. Southland was criticized by Northland.",
    "The aid group urged Southland to meet Northland, a senior official said.",
    "Northland criticized Southland television after the football match.",
    "Southland said it would attack Northland. Northland warned Southland for attacks.",
};

static const char jsonl[] =
    "{\"id\":\"a\",\"date\":\"2005-03-04\",\"text\":\"King Bob criticized Southland.\"}\n"
    "not json\n"
    "{\"id\":\"b\",\"text\":\"Northland attacked Southland with rockets.\",\"gold\":[1]}\n"
    "{\"id\":\"c\",\"date\":\"2024-13-01\",\"text\":\"x\"}\n"
    "{\"id\":\"d\",\"date\":\"20120101\",\"text\":\"King Bob met Southland.\"}\n";
static const char xml[] =
    "<Sentences>\n<Config option=\"require_dyad\" value=\"false\"></Config>\n"
    "<Sentence date=\"20050101\" id=\"x1\"><EventCoding sourcecode=\"NLD\" "
    "targetcode=\"SLD\" eventcode=\"190\"></EventCoding>\n"
    "<Text>Northland attacked\nSouthland.</Text></Sentence>\n"
    "<Sentence id=\"x2\"><Text>Southland &amp; the Isles met.</Text></Sentence>\n"
    "<Sentence id=\"x3\"></Sentence>\n</Sentences>\n";

/* What a run produced. Its memory is the test's own (malloc), not the library's, so the
 * failures injected into the library never touch it. */
struct run_out {
    char *text; /* one line per event or rejected record, to compare with the reference */
    size_t len, cap;
    size_t failures;   /* calls that failed, all with DYAD_NOMEM */
    size_t bad_status; /* calls that failed otherwise, or without a message */
};

static void out_printf(struct run_out *o, const char *fmt, ...) DY_PRINTF(2, 3);

static void out_printf(struct run_out *o, const char *fmt, ...)
{
    char line[512];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    size_t len = n < 0 ? 0 : (size_t)n < sizeof line ? (size_t)n : sizeof line - 1;
    if (o->len + len + 1 > o->cap) {
        size_t cap = (o->cap ? o->cap * 2 : 4096) + len;
        char *t = realloc(o->text, cap);
        if (!t)
            abort();
        o->text = t;
        o->cap = cap;
    }
    memcpy(o->text + o->len, line, len);
    o->len += len;
    o->text[o->len] = '\0';
}

static void note_event(struct run_out *o, const char *id, const dyad_event *e)
{
    out_printf(o, "%s %u %s %s %s\n", id, e->sentence, e->source.code, e->target.code, e->cameo);
}

/* A failure is fine if it is DYAD_NOMEM and says so. */
static bool nomem_ok(struct run_out *o, dyad_status st, const dyad_error *err)
{
    if (st == DYAD_OK)
        return true;
    o->failures++;
    if (st != DYAD_NOMEM || (err && !err->message[0])) {
        o->bad_status++;
        fprintf(stderr, "unexpected failure: %s: %s\n", dyad_status_str(st),
                err ? err->message : "");
    }
    return false;
}

static void no_diag(void *ctx, const dyad_error *e)
{
    (void)ctx;
    (void)e;
}

/* The dictionary from memory, through the readers and the compiler. */
static dyad_dict *dict_from_memory(struct run_out *o)
{
    dyad_error err;
    dy_error_clear(&err);
    struct dyad_dict *d = dy_calloc(1, sizeof *d);
    if (!d) {
        o->failures++;
        return NULL;
    }
    dy_model_init(&d->m);
    struct dy_diag diag = {no_diag, NULL, 0};
    dyad_status st = dy_lexicon_from_text(verb_exc, sizeof verb_exc - 1, NULL, 0, &d->m.lex, &err);
    if (st == DYAD_OK)
        st = dy_petr_read_verbs(&d->m, "verbs.txt", verbs, sizeof verbs - 1, &diag, &err);
    if (st == DYAD_OK)
        st = dy_petr_read_actors(&d->m, "actors.txt", actors, sizeof actors - 1, &diag, &err);
    if (st == DYAD_OK)
        st = dy_petr_read_agents(&d->m, "agents.txt", agents, sizeof agents - 1, &diag, &err);
    if (st == DYAD_OK)
        st = dy_petr_read_discards(&d->m, "discards.txt", discards, sizeof discards - 1, &diag,
                                   &err);
    if (st == DYAD_OK)
        st = dy_dict_compile(d, &err);
    if (!nomem_ok(o, st, &err)) {
        dyad_dict_free(d);
        return NULL;
    }
    return d;
}

static void code_texts(struct run_out *o, const dyad_dict *d, dyad_options *opt)
{
    dyad_coder *c;
    if (!nomem_ok(o, dyad_coder_new(d, opt, &c), NULL))
        return;
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
        dyad_article a;
        memset(&a, 0, sizeof a);
        a.id = "t";
        a.text = texts[i];
        a.text_len = strlen(texts[i]);
        a.day = i % 2 ? 13000 : INT32_MIN;
        a.line = (uint32_t)i + 1;
        dyad_error err;
        dy_error_clear(&err);
        if (!nomem_ok(o, dyad_coder_code(c, &a, &err), &err))
            break;
        for (size_t k = 0; k < dyad_coder_n_events(c); k++)
            note_event(o, "t", dyad_coder_event(c, k));
    }
    dyad_coder_free(c);
}

static int sink(void *ctx, const dyad_result *res)
{
    struct run_out *o = ctx;
    if (res->error && res->error->status == DYAD_NOMEM) {
        nomem_ok(o, DYAD_NOMEM, res->error);
        return 0;
    }
    /* Rejected records are part of the expected output: say which. */
    if (res->error)
        out_printf(o, "rejected %u %s\n", res->error->line, res->error->message);
    for (size_t k = 0; res->article && k < res->n_events; k++)
        note_event(o, res->article->id, &res->events[k]);
    return 0;
}

/* Reads a file with the public reader and codes it with dyad_run on one thread. */
static void run_file(struct run_out *o, const dyad_dict *d, const dyad_options *opt,
                     const char *path)
{
    dyad_reader *r;
    dyad_error err;
    dy_error_clear(&err);
    if (!nomem_ok(o, dyad_reader_open(path, DYAD_FORMAT_AUTO, opt, &r, &err), &err))
        return;
    dyad_run_stats stats;
    dy_error_clear(&err);
    nomem_ok(o, dyad_run(d, opt, r, 1, sink, o, &stats, &err), &err);
    dyad_reader_free(r);
}

static char dir[] = "/tmp/dyad_oom_XXXXXX";
static char p_verbs[64], p_actors[64], p_agents[64], p_discards[64], p_jsonl[64], p_xml[64],
    p_ini[64];

static int write_file(char *path, const char *name, const char *text)
{
    snprintf(path, 64, "%s/%s", dir, name);
    FILE *f = fopen(path, "wb");
    if (!f)
        return -1;
    size_t len = strlen(text);
    int ok = fwrite(text, 1, len, f) == len;
    return fclose(f) == 0 && ok ? 0 : -1;
}

/* One whole run; fills o. */
static void run_all(struct run_out *o)
{
    dyad_options opt = dyad_options_default();
    dyad_dict *d = dict_from_memory(o);
    if (d) {
        code_texts(o, d, &opt);
        opt.explain = 1;
        code_texts(o, d, &opt);
        opt.explain = 0;
        dyad_dict_free(d);
    }

    /* The public loaders, from files. */
    dyad_error err;
    dy_error_clear(&err);
    const char *act[] = {p_actors};
    dyad_dict_files files = {p_verbs, act, 1, p_agents, p_discards, &opt};
    d = NULL;
    if (nomem_ok(o, dyad_dict_load_petrarch(&files, 0, no_diag, NULL, &d, &err), &err)) {
        run_file(o, d, &opt, p_jsonl);
        run_file(o, d, &opt, p_xml);
        dyad_dict_free(d);
    }
    /* dyad's own format, from the test fixture's folder. */
    dy_error_clear(&err);
    d = NULL;
    if (nomem_ok(o, dyad_dict_load_dir("tests/fixtures/dict", 0, no_diag, NULL, &d, &err), &err)) {
        static const char *const dyad_texts[] = {
            "Ukrainian soldiers criticized Russia. Vladimir Putin urged Ukraine to meet.",
            "The Kremlin, Russian troops said, will meet Ukraine for peace talks."};
        dyad_coder *c;
        if (nomem_ok(o, dyad_coder_new(d, &opt, &c), NULL)) {
            for (size_t i = 0; i < 2; i++) {
                dyad_article a;
                memset(&a, 0, sizeof a);
                a.id = "f";
                a.text = dyad_texts[i];
                a.text_len = strlen(dyad_texts[i]);
                a.day = 16000;
                dy_error_clear(&err);
                if (!nomem_ok(o, dyad_coder_code(c, &a, &err), &err))
                    break;
                for (size_t k = 0; k < dyad_coder_n_events(c); k++)
                    note_event(o, "f", dyad_coder_event(c, k));
            }
            dyad_coder_free(c);
        }
        dyad_dict_free(d);
    }
    dy_error_clear(&err);
    d = NULL;
    dyad_options cfg = dyad_options_default();
    if (nomem_ok(o, dyad_dict_load_petrarch_config(p_ini, 0, no_diag, NULL, &cfg, &d, &err), &err))
        dyad_dict_free(d);
}

int main(void)
{
    /* The loaders read WordNet from files: the tests' small one keeps each run quick. */
    setenv("DYAD_WORDNET", "tests/fixtures/wordnet", 1);
    if (!mkdtemp(dir) || write_file(p_verbs, "verbs.txt", verbs) ||
        write_file(p_actors, "actors.txt", actors) || write_file(p_agents, "agents.txt", agents) ||
        write_file(p_discards, "discards.txt", discards) ||
        write_file(p_jsonl, "in.jsonl", jsonl) || write_file(p_xml, "in.xml", xml) ||
        write_file(p_ini, "config.ini",
                   "[Dictionaries]\nverbfile_name = verbs.txt\nactorfile_list = actors.txt\n"
                   "agentfile_name = agents.txt\ndiscardfile_name = discards.txt\n"
                   "[Options]\nrequire_dyad = false\ncomma_max = 5\n")) {
        fprintf(stderr, "cannot write the test files in %s\n", dir);
        return 1;
    }

    /* The reference: no failures. */
    struct run_out ref = {0};
    run_all(&ref);
    T_CHECK(ref.failures == 0);
    T_CHECK(ref.len > 0);
    T_CHECK(ref.text && strstr(ref.text, "rejected 2 invalid JSON"));

    long n;
    long max_n = 200000;
    size_t leaks = 0, bad = 0, last_allocs = 0;
    for (n = 1; n < max_n; n++) {
        struct run_out o = {0};
        dy_alloc_fail_after(n);
        run_all(&o);
        long allocs = dy_alloc_count();
        long live = dy_alloc_live();
        dy_alloc_fail_after(0);
        if (live != 0 && leaks++ < 10)
            fprintf(stderr, "n=%ld: %ld allocations leaked\n", n, live);
        if (o.bad_status && bad++ < 10)
            fprintf(stderr, "n=%ld: %zu calls failed without DYAD_NOMEM and a message\n", n,
                    o.bad_status);
        bool done = allocs < n; /* the n-th allocation never came: nothing failed */
        if (done) {
            T_CHECK(o.failures == 0);
            T_CHECK(o.len == ref.len && memcmp(o.text, ref.text, ref.len) == 0);
        }
        last_allocs = (size_t)allocs;
        free(o.text);
        if (done)
            break;
    }
    T_CHECK(n < max_n);
    T_CHECK(leaks == 0);
    T_CHECK(bad == 0);
    printf("allocation failure injected at each of %ld points (%zu allocations in a run)\n", n - 1,
           last_allocs);
    if (getenv("OOM_VERBOSE"))
        fputs(ref.text, stdout);
    free(ref.text);

    unlink(p_verbs);
    unlink(p_actors);
    unlink(p_agents);
    unlink(p_discards);
    unlink(p_jsonl);
    unlink(p_xml);
    unlink(p_ini);
    rmdir(dir);
    return T_DONE();
}
