/*
 * test_dict_petr.c - the PETRARCH/TABARI dictionary readers (src/dict/petr_*.c) and the
 * inflection rules (src/dict/inflect.c): each construct from small inline dictionaries,
 * every error case with its line, allocation failures, then the full shared dictionaries
 * when ../shared/data/petrarch is there.
 */
#include "dict/dict.h"
#include "t.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* ---- harness ------------------------------------------------------------------------- */

#define MAX_DIAGS 64

struct diags {
    int n;
    uint32_t line[MAX_DIAGS], column[MAX_DIAGS];
    char msg[MAX_DIAGS][240];
    const char *source;
    FILE *echo; /* print every message here too, or NULL */
};

static void on_diag(void *ctx, const dyad_error *e)
{
    struct diags *d = ctx;
    if (d->echo)
        fprintf(d->echo, "  %s:%u:%u: %s\n", e->source, e->line, e->column, e->message);
    if (d->n < MAX_DIAGS) {
        d->line[d->n] = e->line;
        d->column[d->n] = e->column;
        snprintf(d->msg[d->n], sizeof d->msg[0], "%s", e->message);
        d->source = e->source;
    }
    d->n++;
}

enum kind { VERBS, ACTORS, AGENTS, DISCARDS };

static dyad_status read_kind(struct dy_dict_model *m, enum kind k, const char *src,
                             const char *text, size_t len, const struct dy_diag *dg,
                             dyad_error *err)
{
    switch (k) {
    case VERBS:
        return dy_petr_read_verbs(m, src, text, len, dg, err);
    case ACTORS:
        return dy_petr_read_actors(m, src, text, len, dg, err);
    case AGENTS:
        return dy_petr_read_agents(m, src, text, len, dg, err);
    case DISCARDS:
        return dy_petr_read_discards(m, src, text, len, dg, err);
    }
    return DYAD_MISUSE;
}

/* A tiny WordNet so the forms do not depend on what is installed. */
static const char verb_exc[] = "broke break\nbroken break\nsaw see\nseen see\n"
                               "stopped stop\nstopping stop\nburnt burn\nhad have\n"
                               "travelled travel\ntravelling travel\nbanned ban\n"
                               "banning ban\nsinging sing singe\nwire_tapped wire_tap\n";
static const char noun_exc[] = "men man\nwomen woman\ngeese goose\nthieves thief\n"
                               "children child\n";

static struct dy_lexicon *test_lex(void)
{
    struct dy_lexicon *lex = NULL;
    dyad_status st =
        dy_lexicon_from_text(verb_exc, strlen(verb_exc), noun_exc, strlen(noun_exc), &lex, NULL);
    T_CHECK(st == DYAD_OK && lex);
    return lex;
}

/* Reads `text` as a dictionary of kind k into a fresh model (with the test lexicon). */
static dyad_status load(struct dy_dict_model *m, enum kind k, const char *text, struct diags *d)
{
    dy_model_init(m);
    m->lex = test_lex();
    m->max_entry_bytes = 1 << 20; /* long lines test the readers' own limits */
    memset(d, 0, sizeof *d);
    struct dy_diag dg = {on_diag, d, 0};
    dyad_error err;
    return read_kind(m, k, "test.txt", text, strlen(text), &dg, &err);
}

static const char *word(const struct dy_dict_model *m, uint32_t id)
{
    return dy_intern_str(&m->words, id);
}

/* Renders elements as written: '_' for joined, ' ' otherwise, "!" after an exact one. */
static const char *render(const struct dy_dict_model *m, struct dy_seq seq)
{
    static char buf[4][512];
    static int which;
    char *b = buf[which++ & 3];
    size_t n = 0;
    b[0] = '\0';
    for (uint32_t i = 0; i < seq.n; i++) {
        const struct dy_elem *e = &m->elems[seq.first + i];
        if (i)
            n += (size_t)snprintf(b + n, 512 - n, "%s", e->joined ? "_" : " ");
        switch (e->kind) {
        case DY_E_WORD:
            n += (size_t)snprintf(b + n, 512 - n, "%s", word(m, e->id));
            break;
        case DY_E_SYNSET:
            n += (size_t)snprintf(b + n, 512 - n, "&%s",
                                  e->id < m->n_synsets ? word(m, m->synsets[e->id].name) : "?");
            break;
        case DY_E_VERB:
            n += (size_t)snprintf(b + n, 512 - n, "*");
            break;
        case DY_E_SOURCE:
            n += (size_t)snprintf(b + n, 512 - n, "$");
            break;
        case DY_E_TARGET:
            n += (size_t)snprintf(b + n, 512 - n, "+");
            break;
        case DY_E_COMPOUND:
            n += (size_t)snprintf(b + n, 512 - n, "%%");
            break;
        case DY_E_SKIP:
            n += (size_t)snprintf(b + n, 512 - n, "^");
            break;
        }
        if (e->exact)
            n += (size_t)snprintf(b + n, 512 - n, "!");
    }
    return b;
}

/* Group bits per element: "-" none, "N" noun, "P" prep, "PN" both; a leading '<' where a
 * group opens. */
static const char *groups(const struct dy_dict_model *m, struct dy_seq seq)
{
    static char b[256];
    size_t n = 0;
    b[0] = '\0';
    for (uint32_t i = 0; i < seq.n && n < 200; i++) {
        const struct dy_elem *e = &m->elems[seq.first + i];
        if (i)
            b[n++] = ',';
        if (e->open)
            b[n++] = '<';
        if (e->group & DY_G_PREP)
            b[n++] = 'P';
        if (e->group & DY_G_NOUN)
            b[n++] = 'N';
        if (!e->group)
            b[n++] = '-';
        b[n] = '\0';
    }
    return b;
}

static bool has(const struct diags *d, uint32_t line, const char *text)
{
    for (int i = 0; i < d->n && i < MAX_DIAGS; i++)
        if (d->line[i] == line && strstr(d->msg[i], text))
            return true;
    return false;
}

static void dump_diags(const struct diags *d)
{
    for (int i = 0; i < d->n && i < MAX_DIAGS; i++)
        fprintf(stderr, "    diag %d: line %u col %u: %s\n", i, d->line[i], d->column[i],
                d->msg[i]);
}

/* Forms of the verb line at `line`, rendered with their flags: "BANS(g)", "BAN(b)". */
static const char *forms_at(const struct dy_dict_model *m, uint32_t line)
{
    static char b[2048];
    size_t n = 0;
    b[0] = '\0';
    for (size_t i = 0; i < m->n_forms && n < 1900; i++) {
        const struct dy_verb_form *f = &m->forms[i];
        if (f->line != line)
            continue;
        n += (size_t)snprintf(b + n, sizeof b - n, "%s%s%s", n ? " " : "", render(m, f->words),
                              f->base        ? "(b)"
                              : f->generated ? "(g)"
                                             : "");
    }
    return b;
}

static const struct dy_verb_form *form(const struct dy_dict_model *m, const char *text)
{
    for (size_t i = 0; i < m->n_forms; i++)
        if (strcmp(render(m, m->forms[i].words), text) == 0)
            return &m->forms[i];
    return NULL;
}

static const struct dy_pattern *pattern_at(const struct dy_dict_model *m, uint32_t line)
{
    for (size_t i = 0; i < m->n_patterns; i++)
        if (m->patterns[i].line == line)
            return &m->patterns[i];
    return NULL;
}

static const struct dy_synset *synset(const struct dy_dict_model *m, const char *name)
{
    for (size_t i = 0; i < m->n_synsets; i++)
        if (strcmp(word(m, m->synsets[i].name), name) == 0)
            return &m->synsets[i];
    return NULL;
}

/* Days since 1970 for a date, to compare with actor code ranges. */
static int32_t days(int y, int mo, int d)
{
    y -= mo <= 2;
    int era = (y >= 0 ? y : y - 399) / 400;
    int yoe = y - era * 400;
    int doy = (153 * (mo + (mo > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    return (int32_t)(era * 146097 + yoe * 365 + yoe / 4 - yoe / 100 + doy - 719468);
}

/* ---- inflection --------------------------------------------------------------------- */

struct collected {
    char s[1024];
    int n;
};

static dyad_status collect(void *ctx, const char *form, size_t len)
{
    struct collected *c = ctx;
    size_t at = strlen(c->s);
    snprintf(c->s + at, sizeof c->s - at, "%s%.*s", at ? " " : "", (int)len, form);
    c->n++;
    return DYAD_OK;
}

static const char *inflect(const struct dy_lexicon *lex, const char *lemma)
{
    static struct collected c;
    memset(&c, 0, sizeof c);
    T_CHECK(dy_verb_inflect(lex, lemma, strlen(lemma), collect, &c) == DYAD_OK);
    return c.s;
}

static const char *plurals(const struct dy_lexicon *lex, const char *noun)
{
    static struct collected c;
    memset(&c, 0, sizeof c);
    T_CHECK(dy_noun_plurals(lex, noun, strlen(noun), collect, &c) == DYAD_OK);
    return c.s;
}

static void test_inflect(void)
{
    struct dy_lexicon *lex = test_lex();
    T_STREQ(inflect(NULL, "VOW"), "VOWS VOWED VOWING");
    T_STREQ(inflect(NULL, "PUSH"), "PUSHES PUSHED PUSHING");
    T_STREQ(inflect(NULL, "GO"), "GOES GOED GOING");
    T_STREQ(inflect(NULL, "CARRY"), "CARRIES CARRIED CARRYING");
    T_STREQ(inflect(NULL, "PLAY"), "PLAYS PLAYED PLAYING");
    T_STREQ(inflect(NULL, "MAKE"), "MAKES MAKED MAKING");
    T_STREQ(inflect(NULL, "AGREE"), "AGREES AGREED AGREEING");
    T_STREQ(inflect(NULL, "DYE"), "DYES DYED DYEING");
    T_STREQ(inflect(NULL, "HOE"), "HOES HOED HOEING");
    T_STREQ(inflect(NULL, "DIE"), "DIES DIED DYING");
    T_STREQ(inflect(NULL, "FIX"), "FIXES FIXED FIXING");
    T_STREQ(inflect(NULL, "BUZZ"), "BUZZES BUZZED BUZZING");
    T_STREQ(inflect(NULL, "WATCH"), "WATCHES WATCHED WATCHING");
    T_STREQ(inflect(NULL, "MISS"), "MISSES MISSED MISSING");
    /* WordNet: strong pasts replace -ED; spellings and -T pasts are added to it. */
    T_STREQ(inflect(lex, "BREAK"), "BREAKS BREAKING BROKE BROKEN");
    T_STREQ(inflect(lex, "SEE"), "SEES SEEING SAW SEEN");
    T_STREQ(inflect(lex, "STOP"), "STOPS STOPED STOPING STOPPED STOPPING");
    T_STREQ(inflect(lex, "TRAVEL"), "TRAVELS TRAVELED TRAVELING TRAVELLED TRAVELLING");
    T_STREQ(inflect(lex, "BURN"), "BURNS BURNED BURNING BURNT");
    T_STREQ(inflect(lex, "HAVE"), "HAVES HAVING HAD");
    T_STREQ(inflect(lex, "SINGE"), "SINGES SINGED SINGING");
    T_STREQ(inflect(lex, "SING"), "SINGS SINGED SINGING");
    T_STREQ(inflect(lex, "WIRE"), "WIRES WIRED WIRING"); /* "wire_tapped" left out */
    T_STREQ(inflect(lex, ""), "");

    T_STREQ(plurals(NULL, "MINISTER"), "MINISTERS");
    T_STREQ(plurals(NULL, "CHURCH"), "CHURCHES");
    T_STREQ(plurals(NULL, "BUS"), "BUSES");
    T_STREQ(plurals(NULL, "AUTHORITY"), "AUTHORITIES");
    T_STREQ(plurals(NULL, "ATTORNEY"), "ATTORNEYS");
    T_STREQ(plurals(NULL, "CONGRESSMAN"), "CONGRESSMEN CONGRESSMANS");
    T_STREQ(plurals(lex, "MAN"), "MEN");
    T_STREQ(plurals(lex, "GOOSE"), "GEESE");
    T_STREQ(plurals(lex, "GOLDEN_GOOSE"), "GOLDEN_GEESE");
    T_STREQ(plurals(lex, "SECURITY SERVICE"), "SECURITY SERVICES");
    T_STREQ(plurals(lex, "CHILD"), "CHILDREN");

    /* The installed WordNet, when there is one. */
    struct dy_lexicon *wn = NULL;
    T_CHECK(dy_lexicon_load(&wn, NULL) == DYAD_OK && wn);
    FILE *f = fopen("/usr/share/wordnet/verb.exc", "r");
    if (f && !getenv("DYAD_WORDNET")) {
        fclose(f);
        T_STREQ(inflect(wn, "SPEAK"), "SPEAKS SPEAKING SPOKE SPOKEN");
        T_STREQ(inflect(wn, "ADMIT"), "ADMITS ADMITED ADMITING ADMITTED ADMITTING");
        T_STREQ(plurals(wn, "THIEF"), "THIEVES");
    } else {
        if (f)
            fclose(f);
        printf("skip: no /usr/share/wordnet/verb.exc\n");
    }
    dy_lexicon_free(wn);
    dy_lexicon_free(lex);
}

/* ---- verbs ------------------------------------------------------------------------------ */

static void test_synsets(void)
{
    struct dy_dict_model m;
    struct diags d;
    const char *text = "<!-- header -->\n"                  /* 1 */
                       "&ACCORDSYN  # nested and forward\n" /* 2 */
                       "+&TIETYPES\n"                       /* 3 */
                       "+CLOSER\n"                          /* 4 */
                       "+&CURRENCY\n"                       /* 5 */
                       "\n"                                 /* 6 */
                       "&TIETYPES\n"                        /* 7 */
                       "+MILITARY\n"                        /* 8 */
                       "+ECONOMIC\n"                        /* 9 */
                       "&CURRENCY_ \n"                      /* 10 */
                       "+AUSTRIAN FLORIN\n"                 /* 11 */
                       "+GOLDEN_GOBLIN_GALLEONS\n"          /* 12 */
                       "+DID N'T   # treebank\n"            /* 13 */
                       "&FIGHT_OF_WORDS\n"                  /* 14 */
                       "+ARGUMENT\n"                        /* 15 */
                       "&BAD\n"                             /* 16 */
                       "+&NOPE\n"                           /* 17 */
                       "+&BAD\n"                            /* 18 */
                       "&LOOPA\n"                           /* 19 */
                       "+&LOOPB\n"                          /* 20 */
                       "&LOOPB\n"                           /* 21 */
                       "+X &LOOPA\n"                        /* 22 */
                       "&TIETYPES\n"                        /* 23 */
                       "+AGAIN\n"                           /* 24 */
                       "&TOWN\n"                            /* 25 */
                       "&\n"                                /* 26 */
                       "--- X [010] ---\n"                  /* 27 */
                       "X\n"                                /* 28 */
                       "- * (IN &FIGHT_OF_WORDS) [111]\n"   /* 29 */
                       "- * &CURRENCY_RATES [112]\n"        /* 30 */
                       "- * &FIGHT [113]\n";                /* 31 */
    T_CHECK(load(&m, VERBS, text, &d) == DYAD_OK);
    const struct dy_synset *acc = synset(&m, "ACCORDSYN"), *tie = synset(&m, "TIETYPES"),
                           *cur = synset(&m, "CURRENCY"), *bad = synset(&m, "BAD"),
                           *town = synset(&m, "TOWN");
    T_CHECK(acc && tie && cur && bad && town);
    if (acc && tie && cur && bad && town) {
        T_CHECK(acc->n_phrases == 3 && acc->line == 2);
        T_STREQ(render(&m, m.synset_phrases[acc->first_phrase].words), "&TIETYPES");
        T_STREQ(render(&m, m.synset_phrases[acc->first_phrase + 1].words), "CLOSER");
        T_STREQ(render(&m, m.synset_phrases[acc->first_phrase + 2].words), "&CURRENCY");
        T_CHECK(m.synset_phrases[acc->first_phrase].owner == (uint32_t)(acc - m.synsets));
        T_CHECK(tie->n_phrases == 2 && !tie->exact);
        T_CHECK(cur->exact && cur->n_phrases == 3);
        T_STREQ(render(&m, m.synset_phrases[cur->first_phrase].words), "AUSTRIAN FLORIN");
        T_STREQ(render(&m, m.synset_phrases[cur->first_phrase + 1].words),
                "GOLDEN_GOBLIN_GALLEONS");
        T_STREQ(render(&m, m.synset_phrases[cur->first_phrase + 2].words), "DID N'T");
        T_CHECK(bad->n_phrases == 0); /* both phrases rejected */
        T_CHECK(town->n_phrases == 0);
    }
    T_CHECK(has(&d, 17, "undefined synset '&NOPE'"));
    T_CHECK(has(&d, 18, "synset '&BAD' contains itself"));
    T_CHECK(has(&d, 22, "synset '&LOOPB' contains itself") ||
            has(&d, 20, "synset '&LOOPA' contains itself"));
    T_CHECK(has(&d, 23, "synset '&TIETYPES' is defined twice"));
    T_CHECK(has(&d, 26, "synset with no name"));
    T_CHECK(has(&d, 31, "undefined synset '&FIGHT'"));
    T_CHECK(d.n == 6 && m.rejected == 6);
    T_STREQ(d.source, "test.txt");
    const struct dy_pattern *p = pattern_at(&m, 29);
    T_CHECK(p && strcmp(render(&m, p->elems), "* IN &FIGHT_OF_WORDS") == 0);
    p = pattern_at(&m, 30);
    T_CHECK(p && strcmp(render(&m, p->elems), "* &CURRENCY_RATES") == 0);
    /* Synset phrases stay contiguous after the dropped ones. */
    for (size_t i = 0; i < m.n_synsets; i++)
        for (uint32_t k = 0; k < m.synsets[i].n_phrases; k++)
            T_CHECK(m.synset_phrases[m.synsets[i].first_phrase + k].owner == i);
    if (d.n != 6)
        dump_diags(&d);
    dy_model_free(&m);
}

static void test_blocks(void)
{
    struct dy_dict_model m;
    struct diags d;
    const char *text = "--- ABANDON  [345]  ---\n"         /* 1 */
                       "ABANDON    # pas\n"                /* 2 */
                       "--- ADMIT  [013:012] ---\n"        /* 3 */
                       "---  OFFEND   [:110]  ---\n"       /* 4 */
                       "--- DELAY [120]  [031:031]  ---\n" /* 5 */
                       "--- TROUBLED  [---] # NOUN ---\n"  /* 6 */
                       "--- REPORT  [025?] ---\n"          /* 7 */
                       "--- ARM_ [182]  ---\n"             /* 8 */
                       "--- LASH OUT  [122] ---\n"         /* 9 */
                       "--- NOCODE ---\n"                  /* 10 */
                       "NOCODE\n"                          /* 11 */
                       "- * X [010]\n"                     /* 12 */
                       "--- OPEN [12 ---\n"                /* 13 */
                       "--- [010] ---\n"                   /* 14 */
                       "--- LONG [12345678] ---\n"         /* 15 */
                       "--- HELP  [210a] ---\n"            /* 16 */
                       "--- BLAST  [+++]  ---\n";          /* 17 */
    T_CHECK(load(&m, VERBS, text, &d) == DYAD_OK);
    T_CHECK(m.n_blocks == 10);
    if (m.n_blocks == 10) {
        T_STREQ(word(&m, m.blocks[0].name), "ABANDON");
        T_STREQ(m.blocks[0].code, "345");
        T_STREQ(m.blocks[0].code2, "");
        T_CHECK(m.blocks[0].line == 1 && m.blocks[0].file == 0);
        T_STREQ(m.blocks[1].code, "013");
        T_STREQ(m.blocks[1].code2, "012");
        T_STREQ(m.blocks[2].code, "");
        T_STREQ(m.blocks[2].code2, "110");
        T_STREQ(m.blocks[3].code, "120");
        T_STREQ(m.blocks[3].code2, "");
        T_STREQ(word(&m, m.blocks[4].name), "TROUBLED");
        T_STREQ(m.blocks[4].code, "---");
        T_STREQ(m.blocks[5].code, "025?");
        T_STREQ(word(&m, m.blocks[6].name), "ARM");
        T_STREQ(word(&m, m.blocks[7].name), "LASH");
        T_STREQ(m.blocks[8].code, "210a");
        T_STREQ(m.blocks[9].code, "+++");
    }
    T_CHECK(has(&d, 10, "verb block has no [code]"));
    T_CHECK(has(&d, 13, "unbalanced '['"));
    T_CHECK(has(&d, 14, "verb block has no name"));
    T_CHECK(has(&d, 15, "code longer than 7"));
    T_CHECK(d.n == 4); /* lines 11-12 belong to the rejected block: not reported again */
    T_CHECK(m.n_forms > 0 && m.forms[0].block == 0);
    if (d.n != 4)
        dump_diags(&d);
    dy_model_free(&m);
}

static void test_verb_lines(void)
{
    struct dy_dict_model m;
    struct diags d;
    const char *text = "--- BAN [191]  ---\n"                                      /* 1 */
                       "BAN {BANS BANNED}  # tony\n"                               /* 2 */
                       "DOWNPLAY [014]\n"                                          /* 3 */
                       "KLM_NOP_+RST [002]\n"                                      /* 4 */
                       "+BREAK_DOWN {+BREAKS_DOWN +BROKE_DOWN +BROKEN_DOWN }\n"    /* 5 */
                       "WIRE_+TAP {WIRE_+TAPPED  WIRE_+TAPPING }\n"                /* 6 */
                       "+ABC_DEF_GHI\n"                                            /* 7 */
                       "LASH OUT\n"                                                /* 8 */
                       "+ANGERED_BY {} [---]\n"                                    /* 9 */
                       "SCRAP {SCRAPPING SCRAPS SCRAPPED };shan   8/30/93\n"       /* 10 */
                       "+IS_DETERMINED {+WAS_DETERMINED , +BE_DETERMINED} [030]\n" /* 11 */
                       "RECONVENE[---]\n"                                          /* 12 */
                       "SPY {SPIES SPIED SPYING}[090]   # jw\n"                    /* 13 */
                       "BAD {BADS\n"                                               /* 14 */
                       "A_+B_+C\n"                                                 /* 15 */
                       "X [12] Y\n"                                                /* 16 */
                       "Y [ab cd]\n"                                               /* 17 */
                       "BRING\n"                                                   /* 18 */
                       "BRING {BRINGS BRINGING BROUGHT }\n"                        /* 19 */
                       "+ \n"                                                      /* 20 */
                       "&S\n"                                                      /* 21 */
                       "+Z\n"                                                      /* 22 */
                       "STRAY\n";                                                  /* 23 */
    T_CHECK(load(&m, VERBS, text, &d) == DYAD_OK);
    T_STREQ(forms_at(&m, 2), "BAN(b) BANS BANNED BANED(g) BANING(g) BANNING(g)");
    const struct dy_verb_form *f = form(&m, "BANNED");
    T_CHECK(f && !f->generated && !f->base && f->block == 0 && f->line == 2 && f->code[0] == 0);
    T_STREQ(forms_at(&m, 3), "DOWNPLAY(b) DOWNPLAYS(g) DOWNPLAYED(g) DOWNPLAYING(g)");
    f = form(&m, "DOWNPLAYED");
    T_CHECK(f && f->generated && strcmp(f->code, "014") == 0);
    T_STREQ(forms_at(&m, 4), "KLM_NOP_RST(b) KLM_NOP_RSTS(g) KLM_NOP_RSTED(g) KLM_NOP_RSTING(g)");
    f = form(&m, "KLM_NOP_RST");
    T_CHECK(f && f->head == 2 && f->base && strcmp(f->code, "002") == 0);
    T_STREQ(forms_at(&m, 5), "BREAK_DOWN(b) BREAKS_DOWN BROKE_DOWN BROKEN_DOWN "
                             "BREAKING_DOWN(g)");
    f = form(&m, "BROKEN_DOWN");
    T_CHECK(f && f->head == 0 && !f->generated);
    f = form(&m, "WIRE_TAPPED");
    T_CHECK(f && f->head == 1);
    T_STREQ(forms_at(&m, 6), "WIRE_TAP(b) WIRE_TAPPED WIRE_TAPPING WIRE_TAPS(g) "
                             "WIRE_TAPED(g) WIRE_TAPING(g)");
    f = form(&m, "ABC_DEF_GHI");
    T_CHECK(f && f->head == 0 && f->base);
    T_CHECK(form(&m, "ABCS_DEF_GHI") != NULL);
    f = form(&m, "LASH OUT");
    T_CHECK(f && f->head == 0 && m.elems[f->words.first + 1].joined == 0);
    T_STREQ(forms_at(&m, 9), "ANGERED_BY(b)");
    f = form(&m, "ANGERED_BY");
    T_CHECK(f && strcmp(f->code, "---") == 0);
    T_STREQ(forms_at(&m, 10), "SCRAP(b) SCRAPPING SCRAPS SCRAPPED SCRAPED(g) SCRAPING(g)");
    T_STREQ(forms_at(&m, 11), "IS_DETERMINED(b) WAS_DETERMINED BE_DETERMINED "
                              "ISES_DETERMINED(g) ISED_DETERMINED(g) ISING_DETERMINED(g)");
    f = form(&m, "RECONVENE");
    T_CHECK(f && strcmp(f->code, "---") == 0);
    f = form(&m, "SPIED");
    T_CHECK(f && strcmp(f->code, "090") == 0);
    T_CHECK(has(&d, 14, "unbalanced '{'"));
    T_CHECK(has(&d, 15, "more than one '+'"));
    T_CHECK(has(&d, 16, "unexpected text after the verb"));
    T_CHECK(has(&d, 17, "malformed code"));
    T_CHECK(has(&d, 20, "'+' with no word after it"));
    T_CHECK(has(&d, 23, "verb outside a verb block"));
    T_CHECK(d.n == 6);
    /* Repeated verbs are allowed: BRING twice. */
    int brings = 0;
    for (size_t i = 0; i < m.n_forms; i++)
        brings += m.forms[i].base && strcmp(render(&m, m.forms[i].words), "BRING") == 0;
    T_CHECK(brings == 2);
    T_CHECK(m.blocks[0].n_patterns == 0);
    if (d.n != 6)
        dump_diags(&d);
    dy_model_free(&m);
}

static void test_patterns(void)
{
    struct dy_dict_model m;
    struct diags d;
    const char *text = "&GENINT\n+GENEVA\n&TIETYPES\n+MILITARY\n"               /* 1-4 */
                       "--- ACCORD  [---] ---\n"                                /* 5 */
                       "ACCORD\n"                                               /* 6 */
                       "- SUGGESTED_+ * DEMAND_&GENINT_CONVENTIONS  [111]  #\n" /* 7 */
                       "- IN_*  [075]  # pas\n"                                 /* 8 */
                       "- IN_ *  [075A]\n"                                      /* 9 */
                       "- *_OUT [074]\n"                                        /* 10 */
                       "- SO IN_AND_*_OUT_AGAIN NOW [074] #  pas\n"             /* 11 */
                       "- ANTI- + *  [111]\n"                                   /* 12 */
                       "- + HOSTING * TABASKI ^ $ [042]\n"                      /* 13 */
                       "- % * [030:030]  # pas\n"                               /* 14 */
                       "- * NEW_&TIETYPES_RELATIONS [903]\n"                    /* 15 */
                       "- + KNOWN_ * IN_ $  [076]\n"                            /* 16 */
                       "- * CARD  [---]\n"                                      /* 17 */
                       "- * DIPLXMATIC  [###]  # hash code\n"                   /* 18 */
                       "- SAID WOULD TALKS [102]\n"                             /* 19 */
                       "- * SAID * [102]\n"                                     /* 20 */
                       "- * NO CODE\n"                                          /* 21 */
                       "- * X [12] Y\n"                                         /* 22 */
                       "- * &MISSING [1]\n"                                     /* 23 */
                       "- *SCEPTICAL   [012]\n"                                 /* 24 */
                       "- * [X] [1]\n"                                          /* 25 */
                       "--- NEXT [---] ---\n"                                   /* 26 */
                       "- $ * + [010]\n";                                       /* 27 */
    T_CHECK(load(&m, VERBS, text, &d) == DYAD_OK);
    const struct dy_pattern *p = pattern_at(&m, 7);
    T_CHECK(p != NULL);
    if (p) {
        T_STREQ(render(&m, p->elems), "SUGGESTED_+ * DEMAND_&GENINT_CONVENTIONS");
        T_CHECK(p->verb_pos == 2 && p->block == 0 && p->file == 0);
        T_STREQ(p->code, "111");
        T_STREQ(m.strings.data + p->text, "- SUGGESTED_+ * DEMAND_&GENINT_CONVENTIONS  [111]");
        T_CHECK(m.elems[p->elems.first + 1].kind == DY_E_TARGET);
        T_CHECK(m.elems[p->elems.first + 4].kind == DY_E_SYNSET);
    }
    p = pattern_at(&m, 8);
    T_CHECK(p && strcmp(render(&m, p->elems), "IN_*") == 0 && p->verb_pos == 1);
    p = pattern_at(&m, 9);
    T_CHECK(p && strcmp(render(&m, p->elems), "IN! *") == 0 && strcmp(p->code, "075A") == 0);
    p = pattern_at(&m, 10);
    T_CHECK(p && strcmp(render(&m, p->elems), "*_OUT") == 0 && p->verb_pos == 0);
    p = pattern_at(&m, 11);
    T_CHECK(p && strcmp(render(&m, p->elems), "SO IN_AND_*_OUT_AGAIN NOW") == 0 &&
            p->verb_pos == 3);
    p = pattern_at(&m, 12);
    T_CHECK(p && strcmp(render(&m, p->elems), "ANTI- + *") == 0);
    p = pattern_at(&m, 13);
    T_CHECK(p && strcmp(render(&m, p->elems), "+ HOSTING * TABASKI ^ $") == 0);
    if (p) {
        T_CHECK(m.elems[p->elems.first + 4].kind == DY_E_SKIP);
        T_CHECK(m.elems[p->elems.first + 5].kind == DY_E_SOURCE);
    }
    p = pattern_at(&m, 14);
    T_CHECK(p && strcmp(render(&m, p->elems), "% *") == 0 && strcmp(p->code, "030") == 0 &&
            strcmp(p->code2, "030") == 0 && m.elems[p->elems.first].kind == DY_E_COMPOUND);
    p = pattern_at(&m, 15);
    T_CHECK(p && strcmp(render(&m, p->elems), "* NEW_&TIETYPES_RELATIONS") == 0);
    p = pattern_at(&m, 16);
    T_CHECK(p && strcmp(render(&m, p->elems), "+ KNOWN! * IN! $") == 0);
    p = pattern_at(&m, 17);
    T_CHECK(p && strcmp(p->code, "---") == 0);
    p = pattern_at(&m, 18);
    T_CHECK(p && strcmp(p->code, "###") == 0);
    T_CHECK(has(&d, 19, "pattern has no '*' verb marker ('- SAID WOULD TALKS [102]')"));
    T_CHECK(has(&d, 20, "more than one '*'"));
    T_CHECK(has(&d, 21, "pattern has no [code]"));
    T_CHECK(has(&d, 22, "unexpected text after the pattern code"));
    T_CHECK(has(&d, 23, "undefined synset '&MISSING'"));
    p = pattern_at(&m, 24);
    T_CHECK(p && strcmp(render(&m, p->elems), "* SCEPTICAL") == 0);
    T_CHECK(has(&d, 25, "unexpected '['"));
    T_CHECK(d.n == 6);
    T_CHECK(m.blocks[0].n_patterns == 13 && m.blocks[0].first_pattern == 0);
    T_CHECK(m.blocks[1].n_patterns == 1 && m.blocks[1].first_pattern == 13);
    for (int i = 0; i < d.n && i < MAX_DIAGS; i++)
        T_CHECK(d.line[i] >= 19 && d.line[i] <= 25);
    if (d.n != 6)
        dump_diags(&d);
    /* The column of the stray '[' on line 25 ("- * [X] [1]"). */
    for (int i = 0; i < d.n && i < MAX_DIAGS; i++)
        if (d.line[i] == 25)
            T_CHECK(d.column[i] == 5);
    dy_model_free(&m);
}

static void test_groups(void)
{
    struct dy_dict_model m;
    struct diags d;
    const char *text = "&SECURITY\n+SECURITY_\n&WEAPON\n+GUN\n"           /* 1-4 */
                       "---  ADD   [---]  ---\n"                          /* 5 */
                       "ADD  # OY 14 Mar 2006\n"                          /* 6 */
                       "- * (TO LIST) (OF {BANNED PARTIES}) [1722]\n"     /* 7 */
                       "- * &SECURITY (OVER {&WEAPON ATTACK})    [151]\n" /* 8 */
                       "- * {ARMS SHIPMENT}    [072]   # EXPEDITE\n"      /* 9 */
                       "- * (TO)    [042:043]     # RUSH\n"               /* 10 */
                       "- * {AIR_STRIKE}    [013]\n"                      /* 11 */
                       "- * (FROM ^)    [042]\n"                          /* 12 */
                       "- * (TO LIST [1]\n"                               /* 13 */
                       "- * TO} [1]\n"                                    /* 14 */
                       "- * (BEFORE COURT)  [:173]  # APPEAR\n";          /* 15 */
    T_CHECK(load(&m, VERBS, text, &d) == DYAD_OK);
    const struct dy_pattern *p = pattern_at(&m, 7);
    T_CHECK(p && strcmp(render(&m, p->elems), "* TO LIST OF BANNED PARTIES") == 0);
    if (p)
        T_STREQ(groups(&m, p->elems), "-,<P,P,<P,<PN,PN");
    p = pattern_at(&m, 8);
    if (p) {
        T_STREQ(render(&m, p->elems), "* &SECURITY OVER &WEAPON ATTACK");
        T_STREQ(groups(&m, p->elems), "-,-,<P,<PN,PN");
    }
    p = pattern_at(&m, 9);
    T_CHECK(p && strcmp(groups(&m, p->elems), "-,<N,N") == 0);
    p = pattern_at(&m, 10);
    T_CHECK(p && strcmp(groups(&m, p->elems), "-,<P") == 0 && strcmp(p->code2, "043") == 0);
    p = pattern_at(&m, 11);
    T_CHECK(p && strcmp(render(&m, p->elems), "* AIR_STRIKE") == 0 &&
            strcmp(groups(&m, p->elems), "-,<N,N") == 0);
    p = pattern_at(&m, 12);
    T_CHECK(p && strcmp(render(&m, p->elems), "* FROM ^") == 0 &&
            strcmp(groups(&m, p->elems), "-,<P,P") == 0);
    T_CHECK(has(&d, 13, "unbalanced '('"));
    T_CHECK(has(&d, 14, "unbalanced '}'"));
    p = pattern_at(&m, 15);
    T_CHECK(p && p->code[0] == 0 && strcmp(p->code2, "173") == 0);
    T_CHECK(d.n == 2);
    if (d.n != 2)
        dump_diags(&d);
    dy_model_free(&m);
}

static void test_transforms(void)
{
    struct dy_dict_model m;
    struct diags d;
    const char *text = "--- SAY [010] ---\nSAY\n"
                       "######## TRANSFORMATIONS ##########\n"
                       "~ a (a b ATTACK) SAY = a b 015\n"       /* 4 */
                       "~ a (b . ATTACK ) WANT = a b 021\n"     /* 5 */
                       "~ a (a b Q) SAY = a b Q\n"              /* 6 */
                       "~ a (a b ATTACK SAY = a b 015\n"        /* 7 */
                       "~ a (a b ATTACK) SAY = a b 01234567\n"; /* 8 */
    T_CHECK(load(&m, VERBS, text, &d) == DYAD_OK);
    T_CHECK(m.n_transforms == 3);
    if (m.n_transforms == 3) {
        const struct dy_transform *x = &m.transforms[0];
        T_CHECK(x->src == 'a' && x->inner_src == 'a' && x->inner_tgt == 'b' && x->res_src == 'a' &&
                x->res_tgt == 'b' && x->line == 4);
        T_STREQ(word(&m, x->inner_verb), "ATTACK");
        T_STREQ(word(&m, x->verb), "SAY");
        T_STREQ(x->code, "015");
        T_STREQ(m.strings.data + x->text, "~ a (a b ATTACK) SAY = a b 015");
        T_CHECK(m.transforms[1].inner_tgt == '.');
        T_STREQ(m.transforms[2].code, "Q");
    }
    T_CHECK(has(&d, 7, "malformed transformation"));
    T_CHECK(has(&d, 8, "malformed transformation"));
    T_CHECK(d.n == 2);
    dy_model_free(&m);
}

static void test_comments(void)
{
    struct dy_dict_model m;
    struct diags d;
    const char *text = "<!-- PETRARCH VALIDATION SUITE -->\r\n" /* 1, CRLF */
                       "<!-- spans\r\n"                         /* 2 */
                       "   --- NOT [000] ---\r\n"               /* 3 */
                       "lines -->\r\n"                          /* 4 */
                       "<! -- NEW ACTORS -->\n"                 /* 5 */
                       "HAMAS [PSEREBHMS]\n"                    /* 6 */
                       "<!-- a --> <!-- b -->\n"                /* 7 */
                       "#NASGUL  [###]  # comment\n"            /* 8 */
                       "ISILDUR  [+++]\n"                       /* 9 */
                       "<!-- never closed\n"                    /* 10 */
                       "MORE [X]\n";                            /* 11 */
    T_CHECK(load(&m, ACTORS, text, &d) == DYAD_OK);
    T_CHECK(m.n_actors == 2);
    T_CHECK(has(&d, 10, "unterminated '<!--' comment"));
    T_CHECK(d.n == 1);
    if (m.n_actors == 2) {
        T_CHECK(m.actors[0].line == 6 && m.actors[1].line == 9);
        T_STREQ(m.actor_codes[m.actors[1].first_code].code, "+++");
    }
    dy_model_free(&m);
}

/* ---- actors --------------------------------------------------------------------------- */

static const struct dy_actor *actor_named(const struct dy_dict_model *m, const char *name)
{
    for (size_t i = 0; i < m->n_actor_phrases; i++)
        if (strcmp(render(m, m->actor_phrases[i].words), name) == 0)
            return &m->actors[m->actor_phrases[i].owner];
    return NULL;
}

static void test_actors(void)
{
    struct dy_dict_model m;
    struct diags d;
    const char *text = "HAMAS [PSEREBHMS]\n"                                          /* 1 */
                       "HAMAS_MILITARY_COMMAND [PSEHMSGOV]\n"                         /* 2 */
                       "HAMAS WING [PSEHMSBRD]\n"                                     /* 3 */
                       "PALESTINIAN [pse]\n"                                          /* 4 */
                       "AUSTRALIA [AUS]\n"                                            /* 5 */
                       "+AUSTRALIAN\n"                                                /* 6 */
                       "ENT  \n"                                                      /* 7 */
                       "\t[ENT]\n"                                                    /* 8 */
                       "GOLLUM  # pas 27 Apr 03\n"                                    /* 9 */
                       "+SMEAGOL\n"                                                   /* 10 */
                       "+SLINKER\n"                                                   /* 11 */
                       "\t[HOB < 950601]\n"                                           /* 12 */
                       "\t[HOBGOV 19950601 - 19990815]\n"                             /* 13 */
                       "#\t[950601-990815]  incorrect code block check\n"             /* 14 */
                       "\t[HOBREB > 990816]\n"                                        /* 15 */
                       "LORIEN  [ELR/GAL]\n"                                          /* 16 */
                       "U.S.S.R\n"                                                    /* 17 */
                       "+USSR  \n"                                                    /* 18 */
                       "\t[USR <911226] \n"                                           /* 19 */
                       "PRINCE OF DOL AMROTH  \n"                                     /* 20 */
                       "\t[--- <950630] \n"                                           /* 21 */
                       "\t[DOL]\n"                                                    /* 22 */
                       "SAM_GAMGEE [HOB]  # default\n"                                /* 23 */
                       "\t[HOBCIV <20080120] # PAS\n"                                 /* 24 */
                       "\t[ORCHOB 20100109-20100112] # overrides\n"                   /* 25 */
                       "\t[HOBELI >20130119]\n"                                       /* 26 */
                       "AFGHANISTAN_  [AFG]\n"                                        /* 27 */
                       "+AFGHAN_ \n"                                                  /* 28 */
                       "ABDUL_QADIR_  # CountryInfo.txt\n"                            /* 29 */
                       "\t[AFGELI 620101-780427]\n"                                   /* 30 */
                       "\t[AFGELI]\n"                                                 /* 31 */
                       "JAVIER_DE_CUELLAR_\t[IGOUNO 820101-911231] [ELI]# rulers\n"   /* 32 */
                       "A.H._BELO_CORPORATION_\t[MNCMED]\tNewspapers\t$137,000,000\n" /* 33 */
                       "ANACLETO_OLO_MIBUY _  # CountryInfo.txt\n"                    /* 34 */
                       "\t[GNQ]\n"                                                    /* 35 */
                       "JOHN_ROLAND_ROBINSON, BARON_MARTONMERE_  [GBR]\n"             /* 36 */
                       "STANKO_TODOROV (ACTING_ [BGR]\n"                              /* 37 */
                       "MUHAMMAD_AL-BARADEI_\t[IGOUNOIAE 971201-091130][EGYOPP]\n"    /* 38 */
                       "THE_SHIRE  [FRO/BIL/SAM]\n"                                   /* 39 */
                       "LEONID_BREZHNEV_  # CountryInfo.txt\n"                        /* 40 */
                       "LEONID_ILYICH_BREZHNEV\n"                                     /* 41 */
                       "# a comment does not end the run\n"                           /* 42 */
                       "SECRETARY_BREZHNEV\n"                                         /* 43 */
                       "\t[RUSELI 19240101-641014]\n";                                /* 44 */
    T_CHECK(load(&m, ACTORS, text, &d) == DYAD_OK);
    T_CHECK(d.n == 0);
    dump_diags(&d);
    const struct dy_actor *a = actor_named(&m, "HAMAS_MILITARY_COMMAND");
    T_CHECK(a && a->n_codes == 1 && strcmp(m.actor_codes[a->first_code].code, "PSEHMSGOV") == 0);
    T_CHECK(a && m.actor_codes[a->first_code].from == INT32_MIN &&
            m.actor_codes[a->first_code].to == INT32_MAX);
    T_CHECK(actor_named(&m, "HAMAS WING") != NULL);
    a = actor_named(&m, "PALESTINIAN");
    T_CHECK(a && strcmp(m.actor_codes[a->first_code].code, "pse") == 0);
    T_CHECK(actor_named(&m, "AUSTRALIAN") == actor_named(&m, "AUSTRALIA"));
    a = actor_named(&m, "ENT");
    T_CHECK(a && a->n_codes == 1 && a->line == 7);
    a = actor_named(&m, "SLINKER");
    T_CHECK(a && a == actor_named(&m, "GOLLUM") && a == actor_named(&m, "SMEAGOL"));
    if (a && a->n_codes == 3) {
        const struct dy_actor_code *c = &m.actor_codes[a->first_code];
        T_STREQ(c[0].code, "HOB");
        T_CHECK(c[0].from == INT32_MIN && c[0].to == days(1995, 5, 31));
        T_STREQ(c[1].code, "HOBGOV");
        T_CHECK(c[1].from == days(1995, 6, 1) && c[1].to == days(1999, 8, 15));
        T_STREQ(c[2].code, "HOBREB");
        T_CHECK(c[2].from == days(1999, 8, 17) && c[2].to == INT32_MAX);
    } else {
        T_CHECK(!"GOLLUM has 3 codes");
    }
    a = actor_named(&m, "ELR/GAL");
    T_CHECK(a == NULL);
    a = actor_named(&m, "LORIEN");
    T_CHECK(a && strcmp(m.actor_codes[a->first_code].code, "ELR/GAL") == 0);
    a = actor_named(&m, "USSR");
    T_CHECK(a && a == actor_named(&m, "U.S.S.R") && a->n_codes == 1 &&
            m.actor_codes[a->first_code].to == days(1991, 12, 25));
    a = actor_named(&m, "PRINCE OF DOL AMROTH");
    T_CHECK(a && a->n_codes == 2);
    if (a && a->n_codes == 2) {
        T_STREQ(m.actor_codes[a->first_code].code, "---");
        T_CHECK(m.actor_codes[a->first_code].to == days(1995, 6, 29));
        T_STREQ(m.actor_codes[a->first_code + 1].code, "DOL");
    }
    a = actor_named(&m, "SAM_GAMGEE");
    T_CHECK(a && a->n_codes == 4);
    if (a && a->n_codes == 4) {
        const struct dy_actor_code *c = &m.actor_codes[a->first_code];
        T_CHECK(c[0].from == INT32_MIN && c[0].to == INT32_MAX); /* the default, first */
        T_CHECK(c[1].to == days(2008, 1, 19));
        T_CHECK(c[2].from == days(2010, 1, 9) && c[2].to == days(2010, 1, 12));
        T_CHECK(c[3].from == days(2013, 1, 20));
    }
    a = actor_named(&m, "AFGHANISTAN!");
    T_CHECK(a && a == actor_named(&m, "AFGHAN!"));
    a = actor_named(&m, "ABDUL_QADIR!");
    T_CHECK(a && a->n_codes == 2);
    if (a && a->n_codes == 2)
        T_CHECK(m.actor_codes[a->first_code].from == days(1962, 1, 1) &&
                m.actor_codes[a->first_code].to == days(1978, 4, 27));
    a = actor_named(&m, "JAVIER_DE_CUELLAR!");
    T_CHECK(a && a->n_codes == 2);
    a = actor_named(&m, "A.H._BELO_CORPORATION!");
    T_CHECK(a && a->n_codes == 1);
    T_CHECK(actor_named(&m, "ANACLETO_OLO_MIBUY!") != NULL);
    a = actor_named(&m, "JOHN_ROLAND_ROBINSON_, BARON_MARTONMERE!");
    T_CHECK(a != NULL);
    T_CHECK(actor_named(&m, "STANKO_TODOROV (ACTING!") != NULL);
    a = actor_named(&m, "MUHAMMAD_AL-BARADEI!");
    T_CHECK(a && a->n_codes == 2 && m.actor_codes[a->first_code].to == days(2009, 11, 30));
    a = actor_named(&m, "SECRETARY_BREZHNEV");
    T_CHECK(a && a == actor_named(&m, "LEONID_BREZHNEV!") &&
            a == actor_named(&m, "LEONID_ILYICH_BREZHNEV") && a->n_codes == 1 && a->line == 40);
    T_CHECK(m.n_actors == 21);
    for (size_t i = 0; i < m.n_actors; i++)
        T_CHECK(m.actors[i].file == 0 && m.actors[i].n_codes > 0);
    dy_model_free(&m);
}

static void test_actor_errors(void)
{
    struct dy_dict_model m;
    struct diags d;
    const char *text = "\t[ORPHAN]\n"                     /* 1 */
                       "+ORPHAN\n"                        /* 2 */
                       "GOOD [GOD]\n"                     /* 3 */
                       "\t[HOB < 950601\n"                /* 4 */
                       "\t[GBRGOV >201005011] \n"         /* 5 */
                       "\t[IRQOCC 1920030320-20060520]\n" /* 6 */
                       "+FAEROYENE]_ \n"                  /* 7 */
                       "NOCODE  # comment\n"              /* 8 */
                       "+STILL_NOCODE\n"                  /* 9 */
                       "BADNAME [ABC 990101-980101]\n"    /* 10 */
                       "+SKIPPED\n"                       /* 11 */
                       "\t[SKIPPED]\n"                    /* 12 */
                       "X [950601-990815]\n"              /* 13 */
                       "Y [AAA950601-990815]\n"           /* 14 */
                       "Z [A 950631]\n"                   /* 15 */
                       "W [A 950230-950301]\n"            /* 16 */
                       "Source: MNC.MLH.actors\n"         /* 17 */
                       "V [ ]\n"                          /* 18 */
                       "U [ABCDEFGHIJKLMNOPQRSTUVWXYZ]\n" /* 19 */
                       "LAST\n"                           /* 20 */
                       "\t[OK 000229-000301]\n"           /* 21 */
                       "AMERICAN_VICE_PRESIDENT\n"        /* 22 */
                       "+US_VICE_PRESIDENT\n"             /* 23 */
                       "AMERICAN_VICE-PRESIDENT\n"        /* 24 */
                       "\n"                               /* 25 */
                       "US_SECRETARY\n"                   /* 26 */
                       "\t[USAGOV]\n"                     /* 27 */
                       "JOHN_J MCCLOY_\n"                 /* 28 */
                       "\tJOHN_MCCLOY_\t[IGOUNO]\n";      /* 29 */
    T_CHECK(load(&m, ACTORS, text, &d) == DYAD_OK);
    T_CHECK(has(&d, 1, "code block with no actor before it ('[ORPHAN]')"));
    T_CHECK(has(&d, 2, "synonym with no actor before it"));
    T_CHECK(has(&d, 4, "unbalanced '[' in code block ('[HOB < 950601')"));
    T_CHECK(has(&d, 5, "bad date"));
    T_CHECK(has(&d, 6, "bad date"));
    T_CHECK(has(&d, 7, "unbalanced ']'"));
    T_CHECK(has(&d, 8, "actor has no code ('NOCODE')"));
    T_CHECK(has(&d, 10, "date range ends before it begins"));
    T_CHECK(has(&d, 13, "malformed actor code"));
    T_CHECK(has(&d, 14, "malformed actor code"));
    T_CHECK(has(&d, 15, "bad date"));
    T_CHECK(has(&d, 16, "bad date"));
    T_CHECK(has(&d, 17, "actor has no code ('Source: MNC.MLH.actors')"));
    T_CHECK(has(&d, 18, "code block with no code"));
    T_CHECK(has(&d, 19, "longer than 23"));
    T_CHECK(has(&d, 22, "actor has no code ('AMERICAN_VICE_PRESIDENT')"));
    T_CHECK(has(&d, 28, "actor has no code ('JOHN_J MCCLOY_')"));
    T_CHECK(d.n == 17);
    if (d.n != 17)
        dump_diags(&d);
    for (int i = 0; i < d.n && i < MAX_DIAGS; i++)
        if (d.line[i] == 4)
            T_CHECK(d.column[i] == 2);
    T_CHECK(m.n_actors == 4 && m.rejected == 17);
    T_CHECK(actor_named(&m, "AMERICAN_VICE-PRESIDENT") == NULL);
    const struct dy_actor *a = actor_named(&m, "US_SECRETARY");
    T_CHECK(a && a->n_codes == 1 && a->line == 26);
    a = actor_named(&m, "GOOD");
    T_CHECK(a && a->n_codes == 1);
    T_CHECK(actor_named(&m, "JOHN_MCCLOY!") != NULL);
    a = actor_named(&m, "LAST");
    T_CHECK(a && a->n_codes == 1 && m.actor_codes[a->first_code].from == days(2000, 2, 29));
    T_CHECK(actor_named(&m, "SKIPPED") == NULL && actor_named(&m, "NOCODE") == NULL &&
            actor_named(&m, "STILL_NOCODE") == NULL);
    /* Phrases and codes of the dropped actors are gone, the rest consistent. */
    for (size_t i = 0; i < m.n_actor_phrases; i++)
        T_CHECK(m.actor_phrases[i].owner < m.n_actors);
    T_CHECK(m.n_actor_codes == 4);
    dy_model_free(&m);
}

/* ---- agents ---------------------------------------------------------------------------- */

static const char *agent_phrases(const struct dy_dict_model *m, uint32_t line)
{
    static char b[2048];
    size_t n = 0;
    b[0] = '\0';
    for (size_t i = 0; i < m->n_agent_phrases && n < 1900; i++)
        if (m->agent_phrases[i].line == line)
            n += (size_t)snprintf(b + n, sizeof b - n, "%s%s", n ? " | " : "",
                                  render(m, m->agent_phrases[i].words));
    return b;
}

static const struct dy_agent *agent_at(const struct dy_dict_model *m, uint32_t line)
{
    for (size_t i = 0; i < m->n_agents; i++)
        if (m->agents[i].line == line)
            return &m->agents[i];
    return NULL;
}

static void test_agents(void)
{
    struct dy_dict_model m;
    struct diags d;
    const char *text = "<!-- PETRARCH VALIDATION SUITE AGENTS DICTIONARY -->\n" /* 1 */
                       "!PERSON! = MAN, MEN, WOMAN, WOMEN, PERSON\n"            /* 2 */
                       "!MINST! = MINISTER, MINISTERS, MINISTRY, MINISTRIES\n"  /* 3 */
                       "PARLIAMENTARY_OPPOSITION {} [~OPP] #jap 11 Oct 2002\n"  /* 4 */
                       "AMBASSADOR [~GOV] # LRP 02 Jun 2004\n"                  /* 5 */
                       "ATTORNEY_GENERAL {ATTORNEYS_GENERAL} [~GOV] # mj\n"     /* 6 */
                       "CONGRESS!PERSON! [~LEG] # pas\n"                        /* 7 */
                       "!MINST!_OF_SILLY_WALKS [~GOV] \n"                       /* 8 */
                       "HUMAN_RIGHTS_BODY  [NGO~] # BNL 07 Dec 2001\n"          /* 9 */
                       "POLICE {} [ ~COP] # JON 2/8/95\n"                       /* 10 */
                       "HUSBAND!PERSON![~AGR]\n"                                /* 11 */
                       "SECURITY SERVICE [~GOV]\n"                              /* 12 */
                       "HUMAN_RIGHTS_ORGANIZATION  [  NGO~] # sls\n"            /* 13 */
                       "GOLDEN_GOOSE {GOLDEN_GEESE} [~GGS]   # pas\n"           /* 14 */
                       "AUTHORITY  [~GOV]\n"                                    /* 15 */
                       "SNEAK_THIEF {SNEAK_THIEVES}[~CRM]\n"                    /* 16 */
                       "FIRE!PERSON! {} [~GOV]\n"                               /* 17 */
                       "DEPARMENT_OF_ENVIRONMENT [~ENV}\n"                      /* 18 */
                       "X!NOPE! [~GOV]\n"                                       /* 19 */
                       "NOCODE\n"                                               /* 20 */
                       "ODD [GOV]\n"                                            /* 21 */
                       "!OPEN [~GOV]\n"                                         /* 22 */
                       "!PERSON! = A, B\n"                                      /* 23 */
                       "[~GOV]\n"                                               /* 24 */
                       "Y {A [~GOV]\n"                                          /* 25 */
                       "Z [~GOV] W\n";                                          /* 26 */
    T_CHECK(load(&m, AGENTS, text, &d) == DYAD_OK);
    T_STREQ(agent_phrases(&m, 4), "PARLIAMENTARY_OPPOSITION");
    T_STREQ(agent_phrases(&m, 5), "AMBASSADOR | AMBASSADORS");
    T_STREQ(agent_phrases(&m, 6), "ATTORNEY_GENERAL | ATTORNEYS_GENERAL");
    T_STREQ(agent_phrases(&m, 7), "CONGRESSMAN | CONGRESSMEN | CONGRESSMANS | CONGRESSMENS | "
                                  "CONGRESSWOMAN | CONGRESSWOMEN | CONGRESSWOMANS | "
                                  "CONGRESSWOMENS | CONGRESSPERSON | CONGRESSPERSONS");
    T_STREQ(agent_phrases(&m, 8),
            "MINISTER_OF_SILLY_WALKS | MINISTER_OF_SILLY_WALKSES | MINISTERS_OF_SILLY_WALKS | "
            "MINISTERS_OF_SILLY_WALKSES | MINISTRY_OF_SILLY_WALKS | MINISTRY_OF_SILLY_WALKSES "
            "| MINISTRIES_OF_SILLY_WALKS | MINISTRIES_OF_SILLY_WALKSES");
    const struct dy_agent *ag = agent_at(&m, 5);
    T_CHECK(ag && strcmp(ag->code, "GOV") == 0 && !ag->prefix && ag->file == 0);
    ag = agent_at(&m, 9);
    T_CHECK(ag && strcmp(ag->code, "NGO") == 0 && ag->prefix);
    ag = agent_at(&m, 10);
    T_CHECK(ag && strcmp(ag->code, "COP") == 0 && !ag->prefix);
    T_STREQ(agent_phrases(&m, 10), "POLICE");
    T_STREQ(agent_phrases(&m, 11), "HUSBANDMAN | HUSBANDMEN | HUSBANDMANS | HUSBANDMENS | "
                                   "HUSBANDWOMAN | HUSBANDWOMEN | HUSBANDWOMANS | "
                                   "HUSBANDWOMENS | HUSBANDPERSON | HUSBANDPERSONS");
    T_STREQ(agent_phrases(&m, 12), "SECURITY SERVICE | SECURITY SERVICES");
    ag = agent_at(&m, 13);
    T_CHECK(ag && strcmp(ag->code, "NGO") == 0 && ag->prefix);
    T_STREQ(agent_phrases(&m, 14), "GOLDEN_GOOSE | GOLDEN_GEESE");
    T_STREQ(agent_phrases(&m, 15), "AUTHORITY | AUTHORITIES");
    T_STREQ(agent_phrases(&m, 16), "SNEAK_THIEF | SNEAK_THIEVES");
    T_STREQ(agent_phrases(&m, 17), "FIREMAN | FIREMEN | FIREWOMAN | FIREWOMEN | FIREPERSON");
    T_CHECK(has(&d, 18, "unbalanced '[' in agent code"));
    T_CHECK(has(&d, 19, "unknown substitution set '!NOPE!'"));
    T_CHECK(has(&d, 20, "agent has no [code]"));
    T_CHECK(has(&d, 21, "agent code has no '~'"));
    T_CHECK(has(&d, 22, "unterminated substitution set"));
    T_CHECK(has(&d, 23, "substitution set '!PERSON!' is defined twice"));
    T_CHECK(has(&d, 24, "agent with no name"));
    T_CHECK(has(&d, 25, "unbalanced '{'"));
    T_CHECK(has(&d, 26, "unexpected text after the agent code"));
    T_CHECK(d.n == 9);
    if (d.n != 9)
        dump_diags(&d);
    T_CHECK(m.n_agents == 14);
    for (size_t i = 0; i < m.n_agent_phrases; i++)
        T_CHECK(m.agent_phrases[i].owner < m.n_agents &&
                m.agents[m.agent_phrases[i].owner].line == m.agent_phrases[i].line);
    dy_model_free(&m);
}

/* ---- discards -------------------------------------------------------------------------- */

static void test_discards(void)
{
    struct dy_dict_model m;
    struct diags d;
    const char *text = "# Story-level discards are indicated with a '+'.\n" /* 1 */
                       "MONTHS LATER\n"                                     /* 2 */
                       "+World Golf Championships   # pas 26-Feb-2014\n"    /* 3 */
                       "+ Manchester United\n"                              /* 4 */
                       "AFRICAN NATIONS CUP   # ab 13 Jun 2005 ;AB 13\n"    /* 5 */
                       "RABID ANIMALS \n"                                   /* 6 */
                       "ACCIDENT KILLED\t\n"                                /* 7 */
                       "+ESPN2\n"                                           /* 8 */
                       "+\n"                                                /* 9 */
                       "BAD [X]\n"                                          /* 10 */
                       "Gda\xc5\x84sk\n";                                   /* 11 */
    T_CHECK(load(&m, DISCARDS, text, &d) == DYAD_OK);
    T_CHECK(m.n_discards == 8 && m.n_discard_phrases == 8);
    if (m.n_discards == 8) {
        T_CHECK(!m.discards[0].story && m.discards[0].line == 2);
        T_STREQ(render(&m, m.discard_phrases[0].words), "MONTHS LATER");
        T_CHECK(m.discards[1].story);
        T_STREQ(render(&m, m.discard_phrases[1].words), "WORLD GOLF CHAMPIONSHIPS");
        T_CHECK(m.discards[2].story);
        T_STREQ(render(&m, m.discard_phrases[2].words), "MANCHESTER UNITED");
        T_STREQ(render(&m, m.discard_phrases[3].words), "AFRICAN NATIONS CUP");
        T_STREQ(render(&m, m.discard_phrases[5].words), "ACCIDENT KILLED");
        T_CHECK(m.discards[6].story);
        T_STREQ(render(&m, m.discard_phrases[7].words), "GDA\xc5\x83SK");
        for (uint32_t i = 0; i < 8; i++)
            T_CHECK(m.discard_phrases[i].owner == i);
    }
    T_CHECK(has(&d, 9, "empty discard phrase"));
    T_CHECK(has(&d, 10, "unexpected '['"));
    T_CHECK(d.n == 2);
    dy_model_free(&m);
}

/* ---- strict mode, bad UTF-8, several files, allocation failures ------------------------ */

static void test_strict(void)
{
    struct dy_dict_model m;
    dy_model_init(&m);
    m.lex = test_lex();
    struct diags d = {0};
    struct dy_diag dg = {on_diag, &d, DYAD_DICT_STRICT};
    dyad_error err;
    const char *text = "A [X]\nB [Y\nC [Z]\n";
    T_CHECK(dy_petr_read_actors(&m, "a.txt", text, strlen(text), &dg, &err) == DYAD_SYNTAX);
    T_CHECK(err.status == DYAD_SYNTAX && err.line == 2 && err.column == 3);
    T_STREQ(err.source, "a.txt");
    T_CHECK(strstr(err.message, "unbalanced '[' in code block ('B [Y')") != NULL);
    T_CHECK(d.n == 1 && m.rejected == 1);
    const char *verbs = "--- A [010] ---\nA\n- A [010]\n- * B [011]\n";
    T_CHECK(dy_petr_read_verbs(&m, "v.txt", verbs, strlen(verbs), &dg, &err) == DYAD_SYNTAX);
    T_CHECK(err.line == 3 && strstr(err.message, "no '*'") && strcmp(err.source, "v.txt") == 0);
    T_CHECK(m.n_files == 2);
    /* No diag at all: errors are only counted. */
    const char *agents = "X [GOV]\n";
    T_CHECK(dy_petr_read_agents(&m, "g.txt", agents, strlen(agents), NULL, NULL) == DYAD_OK);
    T_CHECK(m.rejected == 3);
    /* Invalid UTF-8 in a word is an entry error, not a crash. */
    const char *bad = "AB\xff [X]\nOK [Y]\n";
    T_CHECK(dy_petr_read_actors(&m, "b.txt", bad, strlen(bad), NULL, NULL) == DYAD_OK);
    T_CHECK(m.rejected == 4 && m.n_actors == 2);
    /* NUL bytes: in a word, in a code. */
    static const char nul[] = "A\0B [X]\nC [\0X]\n";
    T_CHECK(dy_petr_read_actors(&m, "n.txt", nul, sizeof nul - 1, NULL, NULL) == DYAD_OK);
    static const char nulv[] = "--- A [0\0] ---\n--- B [010] ---\nB\n- * [0\0]\n";
    T_CHECK(dy_petr_read_verbs(&m, "n.txt", nulv, sizeof nulv - 1, NULL, NULL) == DYAD_OK);
    T_CHECK(m.rejected == 8 && m.n_actors == 2 && m.n_patterns == 0);
    T_CHECK(dy_petr_read_discards(&m, "d.txt", NULL, 0, NULL, NULL) == DYAD_OK);
    T_CHECK(dy_petr_read_discards(&m, "d.txt", NULL, 5, NULL, &err) == DYAD_MISUSE);
    dy_model_free(&m);
    dy_model_free(NULL);

    /* Synsets defined in an earlier verb file are visible to a later one. */
    struct dy_dict_model m2;
    struct diags d2;
    T_CHECK(load(&m2, VERBS, "&S\n+A\n", &d2) == DYAD_OK);
    struct dy_diag dg2 = {on_diag, &d2, 0};
    const char *v2 = "--- B [010] ---\nB\n- * &S [011]\n&S\n+C\n";
    T_CHECK(dy_petr_read_verbs(&m2, "2.txt", v2, strlen(v2), &dg2, NULL) == DYAD_OK);
    T_CHECK(m2.n_patterns == 1 && m2.elems[m2.patterns[0].elems.first + 1].id == 0);
    T_CHECK(d2.n == 1 && has(&d2, 4, "defined twice"));
    T_CHECK(m2.patterns[0].file == 1 && m2.blocks[0].file == 1);
    dy_model_free(&m2);
}

/* The bounds that keep hostile input linear. */
static void test_limits(void)
{
    struct dy_dict_model m;
    struct diags d;
    struct dy_buf b = {0};
    /* 17 x 17 = 289 phrases from two sets: more than 256. */
    dy_buf_printf(&b, "!A! = ");
    for (int i = 0; i < 17; i++)
        dy_buf_printf(&b, "%sA%d", i ? ", " : "", i);
    dy_buf_printf(&b, "\nX!A!_!A! [~GOV]\nY!A! [~GOV]\n");
    T_CHECK(load(&m, AGENTS, b.data, &d) == DYAD_OK);
    T_CHECK(has(&d, 2, "more than 256 phrases") && d.n == 1 && m.n_agents == 1);
    dy_model_free(&m);
    /* A verb line with 1100 forms keeps 1024 and says so. */
    b.len = 0;
    dy_buf_printf(&b, "--- V [010] ---\nV {");
    for (int i = 0; i < 1100; i++)
        dy_buf_printf(&b, " V%d", i);
    dy_buf_printf(&b, "}\n");
    T_CHECK(load(&m, VERBS, b.data, &d) == DYAD_OK);
    T_CHECK(has(&d, 2, "more than 1024 forms") && d.n == 1 && m.n_forms == 1024);
    dy_model_free(&m);
    /* A very long "&A_A_A..." run is looked up in linear time. */
    b.len = 0;
    dy_buf_printf(&b, "&A\n+X\n--- V [010] ---\nV {}\n- * &A");
    for (int i = 0; i < 20000; i++)
        dy_buf_printf(&b, "_A");
    dy_buf_printf(&b, " [011]\n");
    T_CHECK(load(&m, VERBS, b.data, &d) == DYAD_OK);
    T_CHECK(d.n == 0 && m.n_patterns == 1 && m.patterns[0].elems.n == 20002);
    dy_model_free(&m);
    dy_buf_free(&b);
}

static const char *oom_text[4] = {
    ("&S\n+A_B\n+&T\n&T\n+C\n--- X [010:011] ---\nX {XES}\n+Y_Z [012]\nW_+V {W_+VS}\n"
     "- A_* (B {&S C}) $ [013]\n- * [1]\n~ a (a b X) Y = a b 015\n"),
    "A [X]\n+B C\n\t[Y <950101]\n\t[Z 950101-960101]\nD\n+E\n\t[F >960101]\nG [H\n",
    "!P! = MAN, WOMAN\nX!P! [~A]\nY {YS} [B~]\nZ {} [~C]\nW [~]\n",
    "A B\n+C_D\n+\n",
};

static void test_oom(void)
{
    for (int k = 0; k < 4; k++) {
        int ok_at = 0;
        for (long fail = 1; fail < 2000; fail++) {
            struct dy_dict_model m;
            dy_model_init(&m);
            dy_alloc_fail_after(fail);
            struct dy_lexicon *lex = NULL;
            dyad_status st = dy_lexicon_from_text(verb_exc, strlen(verb_exc), noun_exc,
                                                  strlen(noun_exc), &lex, NULL);
            m.lex = lex;
            dyad_error err;
            if (st == DYAD_OK)
                st = read_kind(&m, (enum kind)k, "oom.txt", oom_text[k], strlen(oom_text[k]), NULL,
                               &err);
            T_CHECK(st == DYAD_OK || st == DYAD_NOMEM);
            if (st == DYAD_NOMEM && lex)
                T_CHECK(err.status == DYAD_NOMEM);
            dy_model_free(&m);
            long live = dy_alloc_live();
            dy_alloc_fail_after(0);
            if (live != 0) {
                fprintf(stderr, "leak: kind %d, failing allocation %ld: %ld live\n", k, fail, live);
                T_CHECK(live == 0);
                break;
            }
            if (st == DYAD_OK) {
                ok_at = (int)fail;
                break;
            }
        }
        T_CHECK(ok_at > 1);
    }
}

/* ---- the shared dictionaries ------------------------------------------------------------- */

#define SHARED "../shared/data/petrarch/"

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

struct set_file {
    enum kind kind;
    const char *name;
};

static void load_set(const char *label, const struct set_file *files, size_t n_files, bool echo)
{
    struct dy_dict_model m;
    dy_model_init(&m);
    struct diags d = {0};
    d.echo = echo ? stderr : NULL;
    struct dy_diag dg = {on_diag, &d, 0};
    double t0 = now(), t_read = 0;
    if (echo)
        fprintf(stderr, "%s: rejected entries:\n", label);
    for (size_t i = 0; i < n_files; i++) {
        char path[512];
        snprintf(path, sizeof path, SHARED "%s", files[i].name);
        char *text;
        size_t len;
        dyad_error err;
        T_CHECK(dy_read_file(path, &text, &len, &err) == DYAD_OK);
        if (!text)
            continue;
        double t1 = now();
        dyad_status st = read_kind(&m, files[i].kind, path, text, len, &dg, &err);
        t_read += now() - t1;
        T_CHECK(st == DYAD_OK);
        dy_free(text);
    }
    double t = now() - t0;
    size_t generated = 0;
    for (size_t i = 0; i < m.n_forms; i++)
        generated += m.forms[i].generated;
    printf("%s: %zu blocks, %zu verb forms (%zu generated), %zu patterns, %zu synsets "
           "(%zu phrases), %zu transformations; %zu actors (%zu phrases, %zu codes); "
           "%zu agents (%zu phrases); %zu discards; %zu words; %zu rejected; "
           "%.3f s (%.3f s parsing)\n",
           label, m.n_blocks, m.n_forms, generated, m.n_patterns, m.n_synsets, m.n_synset_phrases,
           m.n_transforms, m.n_actors, m.n_actor_phrases, m.n_actor_codes, m.n_agents,
           m.n_agent_phrases, m.n_discards, (size_t)m.words.n, m.rejected, t, t_read);
    for (int i = 0; i < d.n && i < 5; i++)
        printf("  %u: %s\n", d.line[i], d.msg[i]);
    T_CHECK(m.rejected == (size_t)d.n);
    T_CHECK(m.n_blocks > 0 && m.n_patterns > 0 && m.n_actors > 0 && m.n_agents > 0 &&
            m.n_discards > 0);
    /* Every pattern has its verb where verb_pos says, every synset element resolves. */
    for (size_t i = 0; i < m.n_patterns; i++) {
        const struct dy_pattern *p = &m.patterns[i];
        T_CHECK(m.elems[p->elems.first + p->verb_pos].kind == DY_E_VERB);
        for (uint32_t k = 0; k < p->elems.n; k++)
            if (m.elems[p->elems.first + k].kind == DY_E_SYNSET)
                T_CHECK(m.elems[p->elems.first + k].id < m.n_synsets);
    }
    dy_model_free(&m);
}

static void test_shared(void)
{
    FILE *f = fopen(SHARED "CAMEO.2.0.txt", "r");
    if (!f) {
        printf("skip: " SHARED " not found\n");
        return;
    }
    fclose(f);
    static const struct set_file validate[] = {
        {VERBS, "PETR.Validate.verbs.txt"},
        {ACTORS, "PETR.Validate.actors.txt"},
        {AGENTS, "PETR.Validate.agents.txt"},
        {DISCARDS, "PETR.Validate.discards.txt"},
    };
    static const struct set_file production[] = {
        {VERBS, "CAMEO.2.0.txt"},
        {ACTORS, "Phoenix.Countries.actors.txt"},
        {ACTORS, "Phoenix.International.actors.txt"},
        {ACTORS, "Phoenix.MilNonState.actors.txt"},
        {AGENTS, "Phoenix.agents.txt"},
        {DISCARDS, "Phoenix.discards.txt"},
    };
    load_set("validation set", validate, 4, true);
    load_set("production set", production, 6, true);
}

int main(void)
{
    test_inflect();
    test_synsets();
    test_blocks();
    test_verb_lines();
    test_patterns();
    test_groups();
    test_transforms();
    test_comments();
    test_actors();
    test_actor_errors();
    test_agents();
    test_discards();
    test_strict();
    test_limits();
    test_oom();
    test_shared();
    return T_DONE();
}
