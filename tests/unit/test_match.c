/*
 * test_match.c - the matcher and coder on a small inline dictionary: longest actor
 * match, dated codes, agents (suffix, prefix, plural, "former"), verb forms and
 * inflections, pattern elements (gaps, '_', $ + % ^, synsets), noun/verb decisions,
 * passive voice, negation, compound actors, discards, the comma rule, a verb listed in
 * twenty blocks.
 */
#include "t.h"

#include "dict/compiled.h"
#include "dyad.h"

#include <stdlib.h>
#include <unistd.h>

static char dir[] = "/tmp/dyad_test_match_XXXXXX";

static const char *write_file(const char *name, const char *text)
{
    static char paths[8][256];
    static int next;
    char *p = paths[next++ % 8];
    snprintf(p, 256, "%s/%s", dir, name);
    FILE *f = fopen(p, "w");
    if (!f)
        return NULL;
    fputs(text, f);
    fclose(f);
    return p;
}

static const char *verbs = "&MONEY\n"
                           "+DOLLARS\n"
                           "+SWISS FRANCS\n"
                           "\n"
                           "--- ATTACK [190] ---\n"
                           "ATTACK\n"
                           "- * WITH ROCKETS [195]\n"
                           "\n"
                           "--- GIVE [070] ---\n"
                           "GIVE {GAVE GIVEN}\n"
                           "- * &MONEY [071]\n"
                           "- * NOTHING_TO [---]\n"
                           "\n"
                           "--- MEET [040:040] ---\n"
                           "MEET\n"
                           "- % * [043:043]\n"
                           "\n"
                           "--- URGE [020] ---\n"
                           "URGE\n"
                           "- * + TO MEET [036]\n"
                           "\n"
                           "--- WARN [130] ---\n"
                           "WARN\n"
                           "- * AT ^ + [138]\n"
                           "\n"
                           "--- BREAK [161] ---\n"
                           "BREAK {BROKE BROKEN}\n"
                           "+BREAK_OFF {+BROKE_OFF +BROKEN_OFF}\n"
                           "- NOT * [---]\n";

static const char *actors = "NORTHLAND [NLD]\n"
                            "+NORTHLANDER\n"
                            "SOUTHLAND [SLD]\n"
                            "SOUTHLAND_TELEVISION [SLDMED]\n"
                            "EASTLAND RADIO [ELDMED]\n"
                            "EASTLAND RADIO_NEWS [ELDNEW]\n"
                            "EASTLAND [ELD]\n"
                            "EIGHTLETA [ELA]\n"
                            "EIGHTLETB [ELB]\n"
                            "SIXTEENCHARSXXXA [SXA]\n"
                            "SIXTEENCHARSXXXB [SXB]\n"
                            "SEVENTEENCHARSXXA [SVA]\n"
                            "SEVENTEENCHARSXXB [SVB]\n"
                            "THE_ISLES [ISA/ISB]\n"
                            "KING_BOB\n"
                            "\t[NLDGOV 20000101-20091231]\n"
                            "\t[NLDELI >20091231]\n";

static const char *agents = "!PERSON! = MAN, MEN\n"
                            "SOLDIER [~MIL]\n"
                            "POLICE {} [~COP]\n"
                            "MINISTER [~GOV]\n"
                            "PARTY!PERSON! [~PTY]\n"
                            "AID_GROUP [NGO~]\n";

static const char *discards = "FOOTBALL MATCH\n+HOROSCOPE\n";

static dyad_dict *dict;
static dyad_coder *coder;

/* Codes `text` on `date` and returns the events as "SRC>TGT:CODE ..." sorted. */
/* Each pattern's keys are bits of its filter (256: it has none), the first one the bit of
 * its longest word; ATTACK's "* WITH ROCKETS" is keyed by ROCKETS. */
static void check_pattern_keys(const dyad_dict *d)
{
    const struct dy_dict_model *m = &d->m;
    bool all_inside = true, rockets = false;
    for (size_t i = 0; i < m->n_patterns; i++) {
        const struct dy_bloom *need = &d->pattern_need[i];
        uint32_t key[2] = {d->pattern_keys[i] & 0xffff, d->pattern_keys[i] >> 16};
        bool empty = !(need->bits[0] | need->bits[1] | need->bits[2] | need->bits[3]);
        for (int k = 0; k < 2; k++)
            all_inside &= empty ? key[k] == 256
                                : key[k] < 256 && (need->bits[key[k] >> 6] >> (key[k] & 63)) & 1;
        struct dy_seq e = m->patterns[d->block_patterns[i]].elems;
        for (uint32_t k = 0; k < e.n; k++) {
            const struct dy_elem *el = &m->elems[e.first + k];
            if (el->kind == DY_E_WORD && strcmp(dy_intern_str(&m->words, el->id), "ROCKETS") == 0)
                rockets = key[0] == dy_bloom_bit(el->id);
        }
    }
    T_CHECK(all_inside);
    T_CHECK(rockets);
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static const char *code(const char *text, const char *date)
{
    static char out[1024];
    dyad_article a;
    memset(&a, 0, sizeof a);
    a.id = "t";
    a.text = text;
    a.text_len = strlen(text);
    a.day = INT32_MIN;
    if (date)
        dyad_parse_date(date, strlen(date), &a.day);
    dyad_error err;
    out[0] = '\0';
    if (dyad_coder_code(coder, &a, &err) != DYAD_OK) {
        snprintf(out, sizeof out, "error: %s", err.message);
        return out;
    }
    char items[32][64];
    const char *ptrs[32];
    size_t n = dyad_coder_n_events(coder);
    if (n > 32)
        n = 32;
    for (size_t i = 0; i < n; i++) {
        const dyad_event *e = dyad_coder_event(coder, i);
        snprintf(items[i], sizeof items[i], "%s>%s:%s", e->source.code, e->target.code,
                 e->cameo);
        ptrs[i] = items[i];
    }
    qsort(ptrs, n, sizeof ptrs[0], cmp_str);
    for (size_t i = 0; i < n; i++) {
        if (i)
            strcat(out, " ");
        strcat(out, ptrs[i]);
    }
    return out;
}

int main(void)
{
    if (!mkdtemp(dir)) {
        perror("mkdtemp");
        return 1;
    }
    const char *vf = write_file("verbs.txt", verbs);
    const char *af = write_file("actors.txt", actors);
    const char *gf = write_file("agents.txt", agents);
    const char *df = write_file("discards.txt", discards);
    dyad_dict_files files = {vf, &af, 1, gf, df, NULL};
    dyad_error err;
    T_CHECK(dyad_dict_load_petrarch(&files, 0, NULL, NULL, &dict, &err) == DYAD_OK);
    if (!dict) {
        fprintf(stderr, "load: %s\n", err.message);
        return T_DONE();
    }
    dyad_options opt = dyad_options_default();
    opt.intent = 0; /* PETRARCH's way first; the intent mapping is checked at the end */
    opt.domestic = 0;
    T_CHECK(dyad_coder_new(dict, &opt, &coder) == DYAD_OK);

    /* names alike in their first 8, 15 and 16 bytes (the coder keeps the words it last
     * looked up, by their first 16 bytes), each way round */
    T_STREQ(code("Eightleta attacked Eightletb.", NULL), "ELA>ELB:190");
    T_STREQ(code("Eightletb attacked Eightleta.", NULL), "ELB>ELA:190");
    T_STREQ(code("Sixteencharsxxxa attacked Sixteencharsxxxb.", NULL), "SXA>SXB:190");
    T_STREQ(code("Sixteencharsxxxb attacked Sixteencharsxxxa.", NULL), "SXB>SXA:190");
    T_STREQ(code("Seventeencharsxxa attacked Seventeencharsxxb.", NULL), "SVA>SVB:190");
    T_STREQ(code("Seventeencharsxxb attacked Seventeencharsxxa.", NULL), "SVB>SVA:190");
    T_STREQ(code("Eightlet attacked Eightletb.", NULL), ""); /* a prefix is no name */

    /* block code, inflections, actor synonyms */
    T_STREQ(code("Northland attacked Southland on Monday.", NULL), "NLD>SLD:190");
    T_STREQ(code("Northlander troops attack Southland.", NULL), "NLD>SLD:190");
    /* longest actor phrase wins */
    T_STREQ(code("Northland attacked Southland television.", NULL), "NLD>SLDMED:190");
    /* TABARI's gap: words written with a space may have up to two lower-case words
     * between them in the text ("Eastland state-run radio"), those joined by '_' none */
    T_STREQ(code("Northland attacked Eastland radio.", NULL), "NLD>ELDMED:190");
    T_STREQ(code("Northland attacked Eastland state radio.", NULL), "NLD>ELDMED:190");
    T_STREQ(code("Northland attacked Eastland state run radio.", NULL), "NLD>ELDMED:190");
    T_STREQ(code("Northland attacked Eastland a state run radio.", NULL), "NLD>ELD:190");
    T_STREQ(code("Northland attacked Southland state television.", NULL), "NLD>SLD:190");
    T_STREQ(code("Northland attacked Eastland state radio news.", NULL), "NLD>ELDNEW:190");
    T_STREQ(code("Northland attacked Eastland radio state news.", NULL), "NLD>ELDMED:190");
    /* pattern with a gap after the verb */
    T_STREQ(code("Northland attacked Southland with dozens of rockets.", NULL),
            "NLD>SLD:195");
    /* irregular form and synset of multi-word phrases */
    T_STREQ(code("Northland gave Eastland a million swiss francs.", NULL), "NLD>ELD:071");
    T_STREQ(code("Northland gave Eastland a million pesos.", NULL), "NLD>ELD:070");
    /* a [---] pattern matches and stops the event */
    T_STREQ(code("Northland gave nothing to Eastland.", NULL), "");
    /* noun after a determiner is not a verb */
    T_STREQ(code("Northland condemned the attack on Southland.", NULL), "");
    /* passive with "by" swaps source and target */
    T_STREQ(code("Southland was attacked by Northland.", NULL), "NLD>SLD:190");
    /* agents: suffix, prefix, plural, macro, none */
    T_STREQ(code("Northland soldiers attacked Southland police.", NULL),
            "NLDMIL>SLDCOP:190");
    T_STREQ(code("The Northland aid group attacked Southland.", NULL), "NGONLD>SLD:190");
    T_STREQ(code("Southland partymen attacked Eastland.", NULL), "SLDPTY>ELD:190");
    T_STREQ(code("Former Northland ministers attacked Eastland.", NULL), "NLDELI>ELD:190");
    /* compound subject and compound code */
    T_STREQ(code("Northland and Southland attacked Eastland.", NULL),
            "NLD>ELD:190 SLD>ELD:190");
    T_STREQ(code("The Isles attacked Eastland.", NULL), "ISA>ELD:190 ISB>ELD:190");
    /* reciprocal code and % */
    T_STREQ(code("Northland will meet Southland.", NULL), "NLD>SLD:040 SLD>NLD:040");
    T_STREQ(code("Northland and Southland will meet.", NULL), "NLD>SLD:043 SLD>NLD:043");
    /* pattern slot + and the infinitive that belongs to the urging */
    T_STREQ(code("Northland urged Southland to meet next week.", NULL), "NLD>SLD:036");
    /* ^ skips a group */
    T_STREQ(code("Northland warned at Eastland about Southland.", NULL), "NLD>SLD:138");
    /* multi-word verb; negation without a pattern of its own */
    T_STREQ(code("Northland broke off relations with Southland.", NULL), "NLD>SLD:161");
    T_STREQ(code("Northland did not break relations with Southland.", NULL), "");
    /* dated actor codes */
    T_STREQ(code("King Bob attacked Southland.", "2005-06-01"), "NLDGOV>SLD:190");
    T_STREQ(code("King Bob attacked Southland.", "2012-06-01"), "NLDELI>SLD:190");
    T_STREQ(code("King Bob attacked Southland.", "1990-06-01"), "");
    /* comma rule: a short parenthetical goes; a list of actors stays */
    T_STREQ(code("Northland, it seems, attacked Southland.", NULL), "NLD>SLD:190");
    T_STREQ(code("Northland, Southland, and Eastland attacked the Isles.", NULL),
            "ELD>ISA:190 ELD>ISB:190 NLD>ISA:190 NLD>ISB:190 SLD>ISA:190 SLD>ISB:190");
    /* reported speech: the speaker is not the source of the reported event */
    T_STREQ(code("Northland attacked Southland, a Eastland minister said.", NULL),
            "NLD>SLD:190");
    /* discards */
    T_STREQ(code("Northland attacked Southland in a football match.", NULL), "");
    T_CHECK(dyad_coder_discarded(coder) == DYAD_DISCARD_SENTENCE);
    T_STREQ(code("Northland attacked Southland. Your horoscope.", NULL), "");
    T_CHECK(dyad_coder_discarded(coder) == DYAD_DISCARD_STORY);
    /* several sentences, events keep their sentence index */
    T_STREQ(code("Northland attacked Southland. Eastland attacked Northland.", NULL),
            "ELD>NLD:190 NLD>SLD:190");
    T_CHECK(dyad_coder_n_sentences(coder) == 2);
    T_CHECK(dyad_coder_event(coder, 1) && dyad_coder_event(coder, 1)->sentence == 1);
    /* spans point at the words */
    code("Northland attacked Southland.", NULL);
    const dyad_event *e = dyad_coder_event(coder, 0);
    T_CHECK(e && e->source.span.start == 0 && e->source.span.end == 9);
    T_CHECK(e && e->verb.start == 10 && e->verb.end == 18);
    T_CHECK(e && e->target.span.start == 19 && e->target.span.end == 28);
    T_CHECK(e && e->quad_class == 4 && e->plover && strcmp(e->plover, "ASSAULT") == 0);
    /* announced acts: intents (03x) and threats (13x) */
    opt.intent = 1;
    dyad_coder_set_options(coder, &opt);
    T_STREQ(code("Northland will meet Southland.", NULL), "NLD>SLD:036 SLD>NLD:036");
    T_STREQ(code("Northland would attack Southland with rockets.", NULL), "NLD>SLD:1384");
    T_STREQ(code("Northland gave Eastland a million swiss francs.", NULL), "NLD>ELD:071");
    T_STREQ(code("Northland will give Eastland a million swiss francs.", NULL), "NLD>ELD:0331");
    T_STREQ(code("Northland will not attack Southland.", NULL), "");
    /* invalid UTF-8 is an error for the article, nothing else */
    T_CHECK(strncmp(code("Northland \xff attacked", NULL), "error:", 6) == 0);
    check_pattern_keys(dict);

    dyad_coder_free(coder);
    dyad_dict_free(dict);

    /* A verb listed in twenty blocks: every block is a candidate where it stands (more
     * candidates than the matcher keeps at hand), and the last one's pattern codes. */
    char many[4096] = "";
    for (int b = 1; b <= 20; b++) {
        char blk[160];
        snprintf(blk, sizeof blk, "--- VOW%d [%03d] ---\nVOW\n- * %s [%s]\n\n", b, 10 + b,
                 b < 20 ? "NEVERWORD +" : "TO +", b < 20 ? "099" : "054");
        strcat(many, blk);
    }
    const char *mf = write_file("many.txt", many);
    dyad_dict_files mfiles = {mf, &af, 1, gf, df, NULL};
    T_CHECK(dyad_dict_load_petrarch(&mfiles, 0, NULL, NULL, &dict, &err) == DYAD_OK);
    T_CHECK(dict && dyad_coder_new(dict, &opt, &coder) == DYAD_OK);
    if (dict && coder) {
        T_STREQ(code("Northland vowed to Southland.", NULL), "NLD>SLD:054");
        T_STREQ(code("Northland vowed against Southland.", NULL), "NLD>SLD:011");
        dyad_coder_free(coder);
    }
    dyad_dict_free(dict);
    unlink(mf);

    const char *names[] = {"verbs.txt", "actors.txt", "agents.txt", "discards.txt"};
    for (int i = 0; i < 4; i++) {
        char p[300];
        snprintf(p, sizeof p, "%s/%s", dir, names[i]);
        unlink(p);
    }
    rmdir(dir);
    return T_DONE();
}
