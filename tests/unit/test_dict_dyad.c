/*
 * test_dict_dyad.c - dyad's own dictionary format (src/dict/dyad_format.c): every kind of
 * line, ids resolved across files, generated entries giving way, derived surnames, every
 * error with its position, strict mode, allocation failures; then loading folders
 * (dyad_load.c), the lint (dyad_check.c) and lookup (dyad_lookup.c).
 */
#include "dict/compiled.h"
#include "dict/dyad_meta.h"
#include "t.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* ---- harness ------------------------------------------------------------------------- */

#define MAX_DIAGS 64

struct diags {
    int n;
    uint32_t line[MAX_DIAGS], column[MAX_DIAGS];
    char msg[MAX_DIAGS][240];
    char source[MAX_DIAGS][64];
};

static void on_diag(void *ctx, const dyad_error *e)
{
    struct diags *d = ctx;
    if (getenv("TEST_VERBOSE"))
        fprintf(stderr, "  %s:%u:%u: %s\n", e->source, e->line, e->column, e->message);
    if (d->n < MAX_DIAGS) {
        d->line[d->n] = e->line;
        d->column[d->n] = e->column;
        snprintf(d->msg[d->n], sizeof d->msg[0], "%s", e->message);
        snprintf(d->source[d->n], sizeof d->source[0], "%s", e->source ? e->source : "");
    }
    d->n++;
}

/* Does some message contain `s`? */
static bool said(const struct diags *d, const char *s)
{
    for (int i = 0; i < d->n && i < MAX_DIAGS; i++)
        if (strstr(d->msg[i], s))
            return true;
    if (getenv("TEST_VERBOSE"))
        fprintf(stderr, "  no message has '%s'\n", s);
    return false;
}

static const char verb_exc[] = "broke break\nbroken break\nmet meet\nsaid say\n";
static const char noun_exc[] = "men man\nwomen woman\n";

static void init_model(struct dy_dict_model *m)
{
    dy_model_init(m);
    dyad_status st =
        dy_lexicon_from_text(verb_exc, strlen(verb_exc), noun_exc, strlen(noun_exc), &m->lex, NULL);
    T_CHECK(st == DYAD_OK);
}

/* Reads text as one file into a fresh model (with the test lexicon). */
static dyad_status load(struct dy_dict_model *m, const char *text, struct diags *d)
{
    init_model(m);
    memset(d, 0, sizeof *d);
    struct dy_diag diag = {on_diag, d, 0};
    dyad_error err;
    return dy_dyad_read(m, "t.txt", text, strlen(text), &diag, &err);
}

/* Loads text, expects exactly one message containing `msg` at line:col (col 0: any). */
static void expect_error(const char *text, const char *msg, uint32_t line, uint32_t col)
{
    struct dy_dict_model m;
    struct diags d;
    dyad_status st = load(&m, text, &d);
    T_CHECK(st == DYAD_OK);
    T_CHECK(d.n == 1);
    T_CHECK(m.rejected == (size_t)d.n);
    if (d.n >= 1) {
        if (!strstr(d.msg[0], msg))
            fprintf(stderr, "  expected '%s', got '%s'\n", msg, d.msg[0]);
        T_CHECK(strstr(d.msg[0], msg) != NULL);
        T_CHECK(d.line[0] == line);
        if (col)
            T_CHECK(d.column[0] == col);
        T_STREQ(d.source[0], "t.txt");
    }
    dy_model_free(&m);
}

/* The words of a sequence, space-separated (static buffer). */
static const char *words(const struct dy_dict_model *m, struct dy_seq s)
{
    static char buf[512];
    size_t n = 0;
    buf[0] = '\0';
    for (uint32_t k = 0; k < s.n && n < sizeof buf - 64; k++) {
        const struct dy_elem *e = &m->elems[s.first + k];
        const char *w = e->kind == DY_E_WORD       ? dy_intern_str(&m->words, e->id)
                        : e->kind == DY_E_VERB     ? "*"
                        : e->kind == DY_E_SOURCE   ? "$"
                        : e->kind == DY_E_TARGET   ? "+"
                        : e->kind == DY_E_COMPOUND ? "%"
                        : e->kind == DY_E_SKIP     ? "^"
                                                   : "&";
        n += (size_t)snprintf(buf + n, sizeof buf - n, "%s%s%s", k ? " " : "",
                              k && !e->joined ? "... " : "", w);
    }
    return buf;
}

static int actor_of(const struct dy_dict_model *m, const char *id)
{
    for (size_t i = 0; m->dyad && i < m->dyad->n_actors; i++)
        if (strcmp(dy_dyad_str(m->dyad, m->dyad->actors[i].id), id) == 0)
            return (int)i;
    return -1;
}

/* Does actor a have a phrase with these words? */
static bool has_phrase(const struct dy_dict_model *m, int a, const char *text)
{
    for (size_t i = 0; i < m->n_actor_phrases; i++)
        if ((int)m->actor_phrases[i].owner == a &&
            strcmp(words(m, m->actor_phrases[i].words), text) == 0)
            return true;
    return false;
}

static int32_t day(const char *s)
{
    int32_t d = 0;
    T_CHECK(dyad_parse_date(s, strlen(s), &d) == DYAD_OK);
    return d;
}

/* ---- actors and people ----------------------------------------------------------------- */

static void test_actors(void)
{
    struct dy_dict_model m;
    struct diags d;
    const char *text = "\xEF\xBB\xBF# countries\r\n"
                       "actor ukr UKR Ukraine | Ukrainian   # a comment\r\n"
                       "\n"
                       "actor\tusa\tUSA\tUnited States | U.S. | the US\n"
                       "actor rus RUSGOV@1991-12-25..,SUNGOV@..1991-12-24,RUS Russia's government\n"
                       "actor civ CIV Côte d’Ivoire\n"
                       "actor fro FRO/BIL Fellowship\n";
    dyad_status st = load(&m, text, &d);
    T_CHECK(st == DYAD_OK && d.n == 0);
    T_CHECK(m.n_actors == 5);
    int ukr = actor_of(&m, "ukr"), usa = actor_of(&m, "usa"), rus = actor_of(&m, "rus");
    T_CHECK(ukr >= 0 && usa >= 0 && rus >= 0);
    T_CHECK(has_phrase(&m, ukr, "UKRAINE") && has_phrase(&m, ukr, "UKRAINIAN"));
    T_CHECK(has_phrase(&m, usa, "U.S.") && has_phrase(&m, usa, "THE US"));
    T_CHECK(has_phrase(&m, usa, "UNITED STATES"));
    /* a phrase is tokenised as text: the clitic is a word of its own, joined */
    T_CHECK(has_phrase(&m, rus, "RUSSIA 'S GOVERNMENT"));
    T_CHECK(has_phrase(&m, actor_of(&m, "civ"), "CÔTE D'IVOIRE"));
    T_CHECK(m.actors[ukr].line == 2 && m.actors[usa].line == 4);
    const struct dy_actor *a = &m.actors[rus];
    T_CHECK(a->n_codes == 3);
    const struct dy_actor_code *c = &m.actor_codes[a->first_code];
    T_STREQ(c[0].code, "RUSGOV");
    T_CHECK(c[0].from == day("1991-12-25") && c[0].to == INT32_MAX);
    T_STREQ(c[1].code, "SUNGOV");
    T_CHECK(c[1].from == INT32_MIN && c[1].to == day("1991-12-24"));
    T_CHECK(c[2].from == INT32_MIN && c[2].to == INT32_MAX);
    T_STREQ(m.actor_codes[m.actors[actor_of(&m, "fro")].first_code].code, "FRO/BIL");
    T_CHECK(m.dyad->actors[ukr].cls == DY_AC_COUNTRY);
    T_CHECK(m.dyad->actors[rus].cls == DY_AC_COUNTRY); /* id and undated code RUS */
    dy_model_free(&m);

    /* classes of written actors, by their (first undated) code */
    st = load(&m,
              "actor a UKRGOV Kyiv government\nactor b IGOEEU European Union\n"
              "actor c UKR Kharkiv\nactor d PSEHMS Hamas\n",
              &d);
    T_CHECK(st == DYAD_OK && d.n == 0);
    T_CHECK(m.dyad->actors[0].cls == DY_AC_STATE && m.dyad->actors[1].cls == DY_AC_ORG);
    T_CHECK(m.dyad->actors[2].cls == DY_AC_PLACE && m.dyad->actors[3].cls == DY_AC_ORG);
    dy_model_free(&m);
}

static void test_people(void)
{
    struct dy_dict_model m;
    struct diags d;
    /* roles may come before their person, in any order */
    const char *text = "role p.trump USAELI 2021-01-20..2025-01-19\n"
                       "person p.trump Donald Trump | Donald J. Trump\n"
                       "role p.trump USAGOV 2017-01-20..2021-01-19\n"
                       "role p.trump USAGOV 2025-01-20..\n"
                       "person p.nobody Nobody Atall\n";
    dyad_status st = load(&m, text, &d);
    T_CHECK(st == DYAD_OK && d.n == 0);
    int t = actor_of(&m, "p.trump");
    T_CHECK(t >= 0);
    const struct dy_actor *a = &m.actors[t];
    T_CHECK(a->n_codes == 3 && a->line == 2);
    T_CHECK(m.dyad->actors[t].cls == DY_AC_PERSON);
    T_CHECK(m.dyad->n_roles == 3);
    const struct dy_actor_code *c = &m.actor_codes[a->first_code];
    T_STREQ(c[0].code, "USAELI"); /* file order */
    T_CHECK(c[0].from == day("2021-01-20") && c[0].to == day("2025-01-19"));
    T_CHECK(m.dyad->codes[a->first_code].line == 1);
    T_CHECK(c[2].from == day("2025-01-20") && c[2].to == INT32_MAX);
    /* no undated code: not coded outside the roles */
    int n = actor_of(&m, "p.nobody");
    T_CHECK(n >= 0 && m.actors[n].n_codes == 0);
    dy_model_free(&m);
}

static void test_surnames(void)
{
    struct dy_dict_model m;
    struct diags d;
    const char *text = "person p.a Alan Turing\n"                       /* unique: TURING */
                       "person p.b Bob Smith\nperson p.c Carol Smith\n" /* shared: no SMITH */
                       "person p.d Dan Ukraine\n"                       /* an actor's phrase */
                       "actor ukr UKR Ukraine\n"
                       "person p.e Eve Rice\n"         /* a verb in WordNet */
                       "person p.f Frank Brown\n"      /* an adjective in WordNet */
                       "person p.g Grace Hopper Jr.\n" /* generation skipped: HOPPER */
                       "person p.h Hal | Hal Finney\n" /* lists a one-word phrase: none */
                       "person p.i Theresa May\n"      /* a modal */
                       "person p.j Jo\n"               /* one word */
                       "person p.k Bill Clinton\n"     /* only a name in WordNet */
                       "person p.l Stephen King\n"     /* a common noun */
                       "person p.m Bill Gates\n"       /* the plural of one */
                       "person p.n Edward Said\n"      /* a verb form (verb.exc) */
                       "person p.o Rita Meet\n"        /* a verb of the dictionary */
                       "verb v.meet 040 meet\n";
    dyad_status st = load(&m, text, &d);
    T_CHECK(st == DYAD_OK && d.n == 0);
    T_CHECK(has_phrase(&m, actor_of(&m, "p.a"), "TURING"));
    T_CHECK(!has_phrase(&m, actor_of(&m, "p.b"), "SMITH"));
    T_CHECK(!has_phrase(&m, actor_of(&m, "p.c"), "SMITH"));
    T_CHECK(!has_phrase(&m, actor_of(&m, "p.d"), "UKRAINE"));
    T_CHECK(!has_phrase(&m, actor_of(&m, "p.e"), "RICE"));
    T_CHECK(!has_phrase(&m, actor_of(&m, "p.f"), "BROWN"));
    T_CHECK(has_phrase(&m, actor_of(&m, "p.g"), "HOPPER"));
    T_CHECK(!has_phrase(&m, actor_of(&m, "p.h"), "FINNEY"));
    T_CHECK(!has_phrase(&m, actor_of(&m, "p.i"), "MAY"));
    T_CHECK(has_phrase(&m, actor_of(&m, "p.k"), "CLINTON"));
    T_CHECK(!has_phrase(&m, actor_of(&m, "p.l"), "KING"));
    T_CHECK(!has_phrase(&m, actor_of(&m, "p.m"), "GATES"));
    T_CHECK(!has_phrase(&m, actor_of(&m, "p.n"), "SAID"));
    T_CHECK(!has_phrase(&m, actor_of(&m, "p.o"), "MEET"));
    size_t derived = 0;
    for (size_t i = 0; i < m.dyad->n_surname; i++)
        derived += m.dyad->surname[i];
    T_CHECK(derived == 3);
    T_CHECK(m.dyad->n_surname == m.n_actor_phrases);
    dy_model_free(&m);
}

/* ---- agents, discards, synsets, verbs, patterns ------------------------------------------ */

static void test_agents_discards(void)
{
    struct dy_dict_model m;
    struct diags d;
    const char *text = "agent a.mil ~MIL troop | soldier | military\n"
                       "agent a.ngo NGO~ aid worker | man\n"
                       "discard d.sport story World Cup | Super Bowl\n"
                       "discard d.horo sentence horoscope\n";
    dyad_status st = load(&m, text, &d);
    T_CHECK(st == DYAD_OK && d.n == 0);
    T_CHECK(m.n_agents == 2);
    T_STREQ(m.agents[0].code, "MIL");
    T_CHECK(m.agents[0].prefix == 0 && m.agents[1].prefix == 1);
    T_STREQ(m.agents[1].code, "NGO");
    bool troops = false, workers = false, men = false, militaries = false;
    for (size_t i = 0; i < m.n_agent_phrases; i++) {
        const char *w = words(&m, m.agent_phrases[i].words);
        troops |= strcmp(w, "TROOPS") == 0 && m.agent_phrases[i].owner == 0;
        militaries |= strcmp(w, "MILITARIES") == 0;
        workers |= strcmp(w, "AID WORKERS") == 0 && m.agent_phrases[i].owner == 1;
        men |= strcmp(w, "MEN") == 0;
    }
    T_CHECK(troops && workers && men && militaries);
    T_CHECK(m.n_discards == 2 && m.discards[0].story == 1 && m.discards[1].story == 0);
    T_CHECK(m.n_discard_phrases == 3);
    T_STREQ(words(&m, m.discard_phrases[1].words), "SUPER BOWL");
    T_CHECK(m.discard_phrases[1].owner == 0 && m.discard_phrases[2].owner == 1);
    dy_model_free(&m);
}

static int form_of(const struct dy_dict_model *m, const char *text)
{
    for (size_t i = 0; i < m->n_forms; i++)
        if (strcmp(words(m, m->forms[i].words), text) == 0)
            return (int)i;
    return -1;
}

static void test_verbs_patterns(void)
{
    struct dy_dict_model m;
    struct diags d;
    const char *text = "pattern v.meet.talks v.meet 043 * ... for &TALKS\n" /* before its verb */
                       "verb v.meet 040:040 meet\n"
                       "synset syn.talks &TALKS talks | peace talks\n"
                       "pattern v.meet.urge v.urge 036 * + to meet\n"
                       "verb v.urge 020 urge | press for\n"
                       "verb v.break.off 161 break off\n"
                       "pattern v.meet.src v.meet 042 $ ... * with % ^ Russia's\n"
                       "verb v.say --- say\n";
    dyad_status st = load(&m, text, &d);
    T_CHECK(st == DYAD_OK && d.n == 0);
    T_CHECK(m.n_blocks == 4 && m.n_patterns == 3 && m.n_synsets == 1);
    const struct dy_verb_block *meet = &m.blocks[0];
    T_STREQ(meet->code, "040");
    T_STREQ(meet->code2, "040");
    T_STREQ(dy_intern_str(&m.words, meet->name), "MEET");
    T_CHECK(meet->n_patterns == 2 && meet->line == 2);
    /* forms: the lemma, its inflections (WordNet's MET), the phrasal verb's head */
    int f = form_of(&m, "MEET");
    T_CHECK(f >= 0 && m.forms[f].base && !m.forms[f].generated && m.forms[f].block == 0);
    f = form_of(&m, "MET");
    T_CHECK(f >= 0 && m.forms[f].generated && m.forms[f].block == 0);
    T_CHECK(form_of(&m, "MEETS") >= 0 && form_of(&m, "MEETING") >= 0);
    f = form_of(&m, "BROKE OFF");
    T_CHECK(f >= 0 && m.forms[f].head == 0);
    T_CHECK(form_of(&m, "BREAKING OFF") >= 0 && form_of(&m, "BREAKS OFF") >= 0);
    T_CHECK(form_of(&m, "PRESSED FOR") >= 0);
    T_STREQ(m.blocks[3].code, "---");
    /* patterns stay with their verb, in file order */
    const struct dy_pattern *p = &m.patterns[meet->first_pattern];
    T_STREQ(p->code, "043");
    T_CHECK(p->line == 1 && p->verb_pos == 0 && p->elems.n == 3);
    T_STREQ(words(&m, p->elems), "* ... FOR &");
    T_CHECK(m.elems[p->elems.first + 2].kind == DY_E_SYNSET &&
            m.elems[p->elems.first + 2].id == 0 && m.elems[p->elems.first + 2].joined);
    T_STREQ(m.strings.data + p->text, "* ... for &TALKS");
    p = &m.patterns[meet->first_pattern + 1];
    T_CHECK(p->verb_pos == 1 && p->line == 7);
    /* slots and ^ are never joined; words and '*' are, unless '...' comes between */
    T_STREQ(words(&m, p->elems), "$ ... * WITH ... % ... ^ RUSSIA 'S");
    const struct dy_pattern *u = &m.patterns[m.blocks[1].first_pattern];
    T_STREQ(words(&m, u->elems), "* ... + TO MEET");
    T_STREQ(u->code, "036");
    T_CHECK(m.blocks[1].n_patterns == 1);
    /* the synset's phrases */
    T_CHECK(m.synsets[0].n_phrases == 2);
    T_STREQ(dy_intern_str(&m.words, m.synsets[0].name), "TALKS");
    T_STREQ(words(&m, m.synset_phrases[1].words), "PEACE TALKS");
    T_CHECK(m.dyad->n_patterns == m.n_patterns && m.dyad->n_blocks == m.n_blocks);
    T_STREQ(dy_dyad_str(m.dyad, m.dyad->patterns[0].id), "v.meet.talks");
    dy_model_free(&m);
}

/* ---- ids: duplicates, references, generated files --------------------------------------- */

static void test_ids(void)
{
    struct dy_dict_model m;
    struct diags d;
    dyad_status st = load(&m,
                          "actor a UKR Ukraine\nactor a RUS Russia\nagent a ~GOV government\n"
                          "role p.x USAGOV 2020-01-01..\nrole a USAGOV 2020-01-01..\n"
                          "pattern v.x.y v.x 040 * now\nverb v.y 040 go\n"
                          "pattern v.y.z v.y 040 * to &NOPE\n"
                          "synset s.a &A a\nsynset s.b &A b\n",
                          &d);
    T_CHECK(st == DYAD_OK);
    T_CHECK(d.n == 6);
    T_CHECK(said(&d, "duplicate actor id 'a' (first at t.txt:1)"));
    T_CHECK(said(&d, "role of unknown person 'p.x'"));
    T_CHECK(said(&d, "'a' is an actor, not a person"));
    T_CHECK(said(&d, "pattern of unknown verb 'v.x'"));
    T_CHECK(said(&d, "unknown synset '&NOPE'"));
    T_CHECK(said(&d, "synset '&A' is defined twice"));
    T_CHECK(m.n_actors == 1 && m.n_agents == 1 && m.n_patterns == 0 && m.n_synsets == 1);
    /* the duplicate is reported at its id; the unknown person at the role's id */
    T_CHECK(d.line[0] == 2 && d.column[0] == 7);
    dy_model_free(&m);

    /* several files: references across them; generated entries give way */
    init_model(&m);
    memset(&d, 0, sizeof d);
    struct dy_diag diag = {on_diag, &d, 0};
    struct dy_dyad_reader *r;
    dyad_error err;
    T_CHECK(dy_dyad_begin(&m, &diag, &r, &err) == DYAD_OK);
    const char *a = "person p.z Volodymyr Zelensky\nverb v.meet 040 meet\n"
                    "actor usa.extra USA America | Washington\n";
    const char *b = "role p.z UKRGOV 2019-05-20..\npattern v.meet.x v.meet 043 * for talks\n";
    const char *gen = "actor usa USA United States | America\n"
                      "actor usa.capital USAGOV Washington\n"
                      "actor gbr GBR United Kingdom\nactor gbr.capital GBRGOV London\n"
                      "actor ukr UKR Ukraine\n";
    const char *fix = "actor gbr GBR United Kingdom | Britain\n";
    T_CHECK(dy_dyad_add(r, "a.txt", a, strlen(a), false, &err) == DYAD_OK);
    T_CHECK(dy_dyad_add(r, "b.txt", b, strlen(b), false, &err) == DYAD_OK);
    T_CHECK(dy_dyad_add(r, "gen.txt", gen, strlen(gen), true, &err) == DYAD_OK);
    T_CHECK(dy_dyad_add(r, "fix.txt", fix, strlen(fix), false, &err) == DYAD_OK);
    T_CHECK(dy_dyad_finish(r, &err) == DYAD_OK);
    T_CHECK(d.n == 0);
    int z = actor_of(&m, "p.z");
    T_CHECK(z >= 0 && m.actors[z].n_codes == 1);
    T_CHECK(m.dyad->codes[m.actors[z].first_code].file != m.actors[z].file);
    T_CHECK(m.n_patterns == 1 && m.patterns[0].file != m.blocks[0].file);
    /* the written 'gbr' replaces the generated one; written phrases leave generated
     * entries: America stays with usa.extra, usa keeps United States, and the capital,
     * left with no phrase, is gone */
    int g = actor_of(&m, "gbr");
    T_CHECK(g >= 0 && has_phrase(&m, g, "BRITAIN") && !m.dyad->actors[g].generated);
    int usa = actor_of(&m, "usa");
    T_CHECK(usa >= 0 && has_phrase(&m, usa, "UNITED STATES") && !has_phrase(&m, usa, "AMERICA"));
    T_CHECK(m.dyad->actors[usa].cls == DY_AC_COUNTRY);
    T_CHECK(actor_of(&m, "usa.capital") < 0);
    int lon = actor_of(&m, "gbr.capital");
    T_CHECK(lon >= 0 && m.dyad->actors[lon].cls == DY_AC_CAPITAL);
    T_CHECK(has_phrase(&m, z, "ZELENSKY"));
    T_CHECK(m.n_files == 4);
    dy_model_free(&m);
}

/* ---- errors ------------------------------------------------------------------------------ */

static void test_errors(void)
{
    expect_error("actor ukr UKR Ukraine\nfrob x y\n", "unknown kind 'frob'", 2, 1);
    expect_error("actor\n", "actor line with no id", 1, 0);
    expect_error("actor UKR UKR Ukraine\n", "malformed id 'UKR'", 1, 7);
    expect_error("actor ukr\n", "line ends before its code", 1, 0);
    expect_error("actor ukr UKR\n", "actor with no phrase", 1, 0);
    expect_error("actor ukr ukr Ukraine\n", "malformed actor code 'ukr'", 1, 11);
    expect_error("actor ukr UKR,,RUS Ukraine\n", "empty code", 1, 0);
    expect_error("actor ukr ABCDEFGHIJKLMNOPQRSTUVWXYZ Ukraine\n", "longer than 23", 1, 11);
    expect_error("actor ukr UKR@2020-01-01 Ukraine\n", "a date range is FROM..TO", 1, 15);
    expect_error("actor ukr UKR@2020-13-01.. Ukraine\n", "bad date", 1, 15);
    expect_error("actor ukr UKR@2020-1-1.. Ukraine\n", "bad date", 1, 15);
    expect_error("actor ukr UKR@2021-01-01..2020-01-01 Ukraine\n", "ends before it begins", 1, 0);
    expect_error("actor ukr @2020-01-01.. Ukraine\n", "no name before '@'", 1, 0);
    expect_error("actor ukr UKR Ukraine || Ukrainian\n", "empty phrase", 1, 0);
    expect_error("actor ukr UKR Ukraine |\n", "empty phrase", 1, 0);
    expect_error("actor ukr UKR \xE2\x80\x8B\n", "no words", 1, 0);
    expect_error("actor ukr UKR Ukr\xFF\xFEine\n", "invalid UTF-8", 1, 18);
    expect_error("person p.x Alan Turing\nrole p.x USAGOV 2020-01-01.. now\n",
                 "unexpected 'now' after the date range", 2, 30);
    expect_error("person p.x Alan Turing\nrole p.x usagov 2020-01-01..\n", "malformed role code", 2,
                 10);
    expect_error("person p.x Alan Turing\nrole p.x USAGOV\n", "before its date range", 2, 0);
    expect_error("agent a.x GOV government\n", "an agent code is ~CODE", 1, 11);
    expect_error("agent a.x ~ government\n", "malformed agent code", 1, 11);
    expect_error("agent a.x ~G~ government\n", "malformed agent code", 1, 11);
    expect_error("verb v.x 04.0 meet\n", "malformed event code", 1, 12);
    expect_error("verb v.x 040: meet\n", "empty second code", 1, 13);
    expect_error("verb v.x 12345678 meet\n", "longer than 7", 1, 0);
    expect_error("verb v.x 040 meet\npattern v.x.y v.x 040\n", "before its pattern", 2, 0);
    expect_error("verb v.x 040 meet\npattern v.x.y V.X 040 *\n", "malformed verb id", 2, 15);
    expect_error("verb v.x 040 meet\npattern v.x.y v.x 040 for talks\n", "no '*'", 2, 0);
    expect_error("verb v.x 040 meet\npattern v.x.y v.x 040 * * talks\n", "more than one '*'", 2, 0);
    expect_error("verb v.x 040 meet\npattern v.x.y v.x 040 ... * talks\n",
                 "'...' before the first element", 2, 23);
    expect_error("verb v.x 040 meet\npattern v.x.y v.x 040 * talks ...\n",
                 "'...' after the last element", 2, 31);
    expect_error("verb v.x 040 meet\npattern v.x.y v.x 040 * ... ... talks\n", "'...' twice", 2,
                 29);
    expect_error("verb v.x 040 meet\npattern v.x.y v.x 040 * +x\n", "'+' must stand alone", 2, 25);
    expect_error("verb v.x 040 meet\npattern v.x.y v.x 040 * &\n", "'&NAME'", 2, 25);
    expect_error("synset s.x TALKS talks\n", "a synset name is '&NAME'", 1, 12);
    expect_error("synset s.x &TA.LKS talks\n", "malformed synset name", 1, 15);
    expect_error("discard d.x article World Cup\n", "'sentence' or 'story'", 1, 13);
    /* limits */
    char line[5000];
    memset(line, 'a', sizeof line);
    memcpy(line, "actor a UKR ", 12);
    line[sizeof line - 2] = '\n';
    line[sizeof line - 1] = '\0';
    expect_error(line, "more than the limit of 4096", 1, 0);
    char many[2000] = "actor a UKR x";
    for (int i = 0; i < 64; i++)
        strcat(many, " | x");
    strcat(many, "\n");
    expect_error(many, "more than 64 phrases", 1, 0);
    char longp[400] = "actor a UKR";
    for (int i = 0; i < 33; i++)
        strcat(longp, " w");
    strcat(longp, "\n");
    expect_error(longp, "more than 32 words", 1, 13);
    char pat[600] = "verb v.x 040 meet\npattern v.x.y v.x 040 *";
    for (int i = 0; i < 64; i++)
        strcat(pat, " $");
    strcat(pat, "\n");
    expect_error(pat, "more than 64 elements", 2, 0);
    char roles[4000] = "person p.x Alan Turing\n";
    for (int i = 0; i < 65; i++)
        snprintf(roles + strlen(roles), sizeof roles - strlen(roles),
                 "role p.x USAGOV %d-01-01..%d-12-31\n", 1900 + i, 1900 + i);
    expect_error(roles, "more than 64 roles", 66, 0);
    /* a bad line leaves nothing behind; the good ones around it load */
    struct dy_dict_model m;
    struct diags d;
    T_CHECK(load(&m, "actor a UKR Ukraine\nactor b RUS Russia | |\nactor c USA U.S.\n", &d) ==
            DYAD_OK);
    T_CHECK(d.n == 1 && m.n_actors == 2 && m.n_actor_phrases == 2);
    dy_model_free(&m);
}

static void test_strict(void)
{
    struct dy_dict_model m;
    init_model(&m);
    struct diags d;
    memset(&d, 0, sizeof d);
    struct dy_diag diag = {on_diag, &d, DYAD_DICT_STRICT};
    dyad_error err;
    const char *text = "actor a UKR Ukraine\nactor b rus Russia\nactor c bad Bad\n";
    dyad_status st = dy_dyad_read(&m, "s.txt", text, strlen(text), &diag, &err);
    T_CHECK(st == DYAD_SYNTAX && d.n == 1);
    T_CHECK(err.status == DYAD_SYNTAX && err.line == 2 && err.column == 9);
    T_STREQ(err.source, "s.txt");
    T_CHECK(strstr(err.message, "actor b rus Russia") != NULL);
    dy_model_free(&m);
    /* strict also stops at a reference resolved after reading */
    init_model(&m);
    memset(&d, 0, sizeof d);
    text = "role p.x USAGOV 2020-01-01..\nactor a UKR Ukraine\n";
    st = dy_dyad_read(&m, "s.txt", text, strlen(text), &diag, &err);
    T_CHECK(st == DYAD_SYNTAX && d.n == 1 && err.line == 1 && err.column == 6);
    dy_model_free(&m);
}

static void test_oom(void)
{
    const char *text = "person p.a Alan Turing\nrole p.a GBRGOV 1950-01-01..\n"
                       "actor ukr UKR Ukraine | Ukrainian\nagent a.mil ~MIL troop\n"
                       "verb v.meet 040 meet\npattern v.meet.t v.meet 043 * ... &TALKS\n"
                       "synset s.t &TALKS talks\ndiscard d.x story World Cup\n"
                       "actor b RUS Russia | Russia\n";
    int ok_at = 0;
    for (long fail = 1; fail < 5000; fail++) {
        struct dy_dict_model m;
        dy_model_init(&m);
        dy_alloc_fail_after(fail);
        dyad_status st = dy_lexicon_from_text(verb_exc, strlen(verb_exc), noun_exc,
                                              strlen(noun_exc), &m.lex, NULL);
        dyad_error err;
        if (st == DYAD_OK)
            st = dy_dyad_read(&m, "oom.txt", text, strlen(text), NULL, &err);
        T_CHECK(st == DYAD_OK || st == DYAD_NOMEM);
        if (st == DYAD_NOMEM && m.lex)
            T_CHECK(err.status == DYAD_NOMEM);
        dy_model_free(&m);
        long live = dy_alloc_live();
        dy_alloc_fail_after(0);
        if (live != 0) {
            fprintf(stderr, "leak: failing allocation %ld: %ld live\n", fail, live);
            T_CHECK(live == 0);
            break;
        }
        if (st == DYAD_OK) {
            ok_at = (int)fail;
            break;
        }
    }
    T_CHECK(ok_at > 10);
}

/* ---- loading folders, lint, lookup ---------------------------------------------------- */

static void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    T_CHECK(f != NULL);
    if (f) {
        fputs(text, f);
        fclose(f);
    }
}

struct found {
    int n;
    char line[16][300];
};

static void on_match(void *ctx, const dyad_dict_match *m)
{
    struct found *f = ctx;
    if (f->n < 16)
        snprintf(f->line[f->n], sizeof f->line[0], "%s %s %s %s %zu-%zu %d %s", m->kind, m->id,
                 m->code ? m->code : "-", m->phrase, m->start, m->end, m->chosen, m->why);
    f->n++;
}

static bool found(const struct found *f, const char *s)
{
    for (int i = 0; i < f->n && i < 16; i++)
        if (strstr(f->line[i], s))
            return true;
    fprintf(stderr, "  no match has '%s'\n", s);
    return false;
}

static void test_load_check_lookup(void)
{
    char dir[] = "/tmp/dyad-dict-XXXXXX";
    T_CHECK(mkdtemp(dir) != NULL);
    char path[256], sub[256];
    snprintf(sub, sizeof sub, "%s/people", dir);
    T_CHECK(mkdir(sub, 0700) == 0);
    snprintf(path, sizeof path, "%s/people/ukr.txt", dir);
    write_file(path, "person p.z Volodymyr Zelensky\nrole p.z UKRELI 2019-01-01..2019-05-19\n"
                     "role p.z UKRGOV 2019-05-20..\nrole p.z UKRLEG 2019-05-01..2019-06-01\n"
                     "person p.q Quiet Person\n");
    snprintf(path, sizeof path, "%s/b.txt", dir);
    write_file(path, "actor ukr UKR Ukraine\nactor ukr.x UKRGOV Ukraine\n"
                     "verb v.meet 040 meet\nverb v.see 999 meet\n"
                     "pattern v.meet.t v.meet 043 * for talks\n"
                     "pattern v.meet.u v.meet 044 * for talks\npattern v.meet.s v.meet 045 *\n"
                     "verb v.break 161 break\nverb v.break.off 162 break off\n"
                     "pattern v.break.o v.break 160 * off talks\n"
                     "synset s.unused &UNUSED nothing\n");
    snprintf(path, sizeof path, "%s/.hidden.txt", dir);
    write_file(path, "this is not a dictionary\n");
    snprintf(path, sizeof path, "%s/notes.md", dir);
    write_file(path, "neither is this\n");
    struct diags d;
    memset(&d, 0, sizeof d);
    dyad_dict *dict = NULL;
    dyad_error err;
    T_CHECK(dyad_dict_load_dir(dir, 0, on_diag, &d, &dict, &err) == DYAD_OK);
    T_CHECK(d.n == 0 && dict != NULL);
    if (!dict)
        return;
    dyad_dict_stats s;
    dyad_dict_get_stats(dict, &s);
    T_CHECK(s.files == 2 && s.persons == 2 && s.roles == 3 && s.places == 0 && s.countries == 1 &&
            s.institutions == 1 && s.verbs == 4 && s.patterns == 4 && s.synsets == 1);
    T_CHECK(s.surnames == 2);
    /* b.txt comes before people/ukr.txt: byte order of the paths */
    T_CHECK(strstr(dict->m.files[0], "/b.txt") != NULL);

    memset(&d, 0, sizeof d);
    size_t n = dyad_dict_check(dict, on_diag, &d);
    T_CHECK(n == (size_t)d.n);
    T_CHECK(said(&d, "conflicting codes: phrase 'UKRAINE' is 'ukr.x' (UKRGOV) here and 'ukr'"));
    T_CHECK(said(&d, "role UKRLEG 2019-05-01..2019-06-01 of 'p.z' overlaps UKRELI"));
    T_CHECK(said(&d, "person 'p.q' has no role"));
    T_CHECK(said(&d, "lemma 'MEET' of verb 'v.see' is also one of 'v.meet'"));
    T_CHECK(said(&d, "verb 'v.see': '999' is not a CAMEO event code"));
    T_CHECK(said(&d, "pattern 'v.meet.u' can never match: it is the same as 'v.meet.t'"));
    T_CHECK(said(&d, "pattern 'v.meet.s' is only '*'"));
    T_CHECK(said(&d, "pattern 'v.break.o' can never match: 'BREAK OFF' is a verb of its own"));
    T_CHECK(said(&d, "synset '&UNUSED' ('s.unused') is used by no pattern"));
    T_CHECK(n == 9);

    struct found f = {0};
    const char *q = "Volodymyr Zelensky will meet Ukraine";
    T_CHECK(dyad_dict_lookup(dict, q, strlen(q), day("2025-07-19"), on_match, &f, &err) == DYAD_OK);
    T_CHECK(found(&f, "person p.z UKRGOV VOLODYMYR ZELENSKY 0-18 1 role 2019-05-20.. covers "
                      "2025-07-19"));
    T_CHECK(found(&f, "person p.z UKRGOV ZELENSKY 10-18 0"));
    T_CHECK(found(&f, "surname"));
    T_CHECK(found(&f, "verb v.meet 040 MEET 24-28 1"));
    T_CHECK(found(&f, "verb v.see 999 MEET"));
    T_CHECK(found(&f, "actor ukr UKR UKRAINE 29-36 1 default code"));
    T_CHECK(found(&f, "actor ukr.x UKRGOV UKRAINE 29-36 0"));
    memset(&f, 0, sizeof f);
    q = "Zelensky";
    T_CHECK(dyad_dict_lookup(dict, q, strlen(q), day("2010-01-01"), on_match, &f, &err) == DYAD_OK);
    T_CHECK(f.n == 1 && found(&f, "person p.z - ZELENSKY 0-8 1 no role covers 2010-01-01"));
    memset(&f, 0, sizeof f);
    T_CHECK(dyad_dict_lookup(dict, "\xFF", 1, INT32_MIN, on_match, &f, &err) == DYAD_SYNTAX);
    dyad_dict_free(dict);

    /* a path that is a file is read whatever its name; a missing one, or a folder with no
     * *.txt, is an error */
    memset(&d, 0, sizeof d);
    const char *paths[1] = {path};
    T_CHECK(dyad_dict_load_paths(paths, 1, NULL, 0, 0, on_diag, &d, &dict, &err) == DYAD_OK);
    T_CHECK(d.n == 1 && said(&d, "unknown kind 'neither'"));
    dyad_dict_free(dict);
    snprintf(path, sizeof path, "%s/nothing-here", dir);
    T_CHECK(dyad_dict_load_dir(path, 0, on_diag, &d, &dict, &err) == DYAD_IO && !dict);
    T_CHECK(strstr(err.message, "nothing-here") != NULL);
    snprintf(sub, sizeof sub, "%s/empty", dir);
    T_CHECK(mkdir(sub, 0700) == 0);
    T_CHECK(dyad_dict_load_dir(sub, 0, on_diag, &d, &dict, &err) == DYAD_IO && !dict);
    T_CHECK(strstr(err.message, "no dictionary files") != NULL);

    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    T_CHECK(system(cmd) == 0);
}

int main(void)
{
    /* a tiny WordNet: RICE is a verb, BROWN an adjective, KING and GATE common nouns,
     * CLINTON only a name (for surnames) */
    setenv("DYAD_WORDNET", "tests/fixtures/wordnet", 1);
    test_actors();
    test_people();
    test_surnames();
    test_agents_discards();
    test_verbs_patterns();
    test_ids();
    test_errors();
    test_strict();
    test_oom();
    test_load_check_lookup();
    return T_DONE();
}
