/*
 * fuzz_coder.c - libFuzzer target for the coder as a whole: the input is an article's
 * text, coded with a small built-in dictionary. Any bytes must either code or fail with a
 * message; events must point inside the text.
 */
#include "dict/compiled.h"

#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char verbs[] = "&MONEY\n+DOLLARS\n+SWISS FRANCS\n"
                            "--- ATTACK [190] ---\nATTACK\n- * WITH ROCKETS [195]\n"
                            "--- MEET [040:040] ---\nMEET\n- % * [043:043]\n"
                            "--- GIVE [070] ---\nGIVE {GAVE GIVEN}\n- * &MONEY [071]\n"
                            "--- WARN [130] ---\nWARN\n- * AT ^ + [138]\n- $ ^ FOR * [131]\n"
                            "--- URGE [020] ---\nURGE\n- * + TO MEET [036]\n"
                            "--- SAID [010] ---\nSAID\n";
static const char actors[] = "NORTHLAND [NLD]\n+NORTHLANDER\nSOUTHLAND [SLD]\n"
                             "SOUTHLAND TELEVISION [SLDMED]\nTHE_ISLES [ISA/ISB]\n"
                             "KING_BOB\n\t[NLDGOV 20000101-20091231]\n\t[NLDELI >20091231]\n";
static const char agents[] = "!PERSON! = MAN, MEN\nSOLDIER [~MIL]\nPOLICE {} [~COP]\n"
                             "PARTY!PERSON! [~PTY]\nAID_GROUP [NGO~]\n";
static const char discards[] = "FOOTBALL MATCH\n+HOROSCOPE\n";

static struct dyad_dict *make_dict(void)
{
    struct dyad_dict *d = calloc(1, sizeof *d);
    if (!d)
        abort();
    dy_model_init(&d->m);
    struct dy_diag diag = {NULL, NULL, 0};
    uint32_t f = dy_model_add_file(&d->m, "fuzz.txt");
    const char *src = d->m.files[f];
    if (dy_petr_read_verbs(&d->m, src, verbs, sizeof verbs - 1, &diag, NULL) ||
        dy_petr_read_actors(&d->m, src, actors, sizeof actors - 1, &diag, NULL) ||
        dy_petr_read_agents(&d->m, src, agents, sizeof agents - 1, &diag, NULL) ||
        dy_petr_read_discards(&d->m, src, discards, sizeof discards - 1, &diag, NULL) ||
        dy_dict_compile(d, NULL))
        abort();
    return d;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static struct dyad_dict *dict;
    static dyad_coder *coders[2];
    if (!dict) {
        dict = make_dict();
        dyad_options opt = dyad_options_default();
        opt.explain = 1;
        if (dyad_coder_new(dict, &opt, &coders[0]) != DYAD_OK)
            abort();
        /* Limits small enough that inputs reach them (docs/errors.md). */
        opt.max_sentence_tokens = 12;
        opt.max_sentence_bytes = 60;
        opt.max_article_bytes = 400;
        if (dyad_coder_new(dict, &opt, &coders[1]) != DYAD_OK)
            abort();
    }
    dyad_coder *coder = coders[size & 1];
    dyad_article a;
    memset(&a, 0, sizeof a);
    a.id = "fuzz";
    a.text = (const char *)data;
    a.text_len = size;
    a.day = size ? (int32_t)(data[0] * 100) : INT32_MIN;
    dyad_error err;
    dyad_status st = dyad_coder_code(coder, &a, &err);
    if (st != DYAD_OK) {
        if (!err.message[0] || (st != DYAD_LIMIT && st != DYAD_SYNTAX))
            abort();
        return 0;
    }
    for (size_t i = 0; i < dyad_coder_n_events(coder); i++) {
        const dyad_event *e = dyad_coder_event(coder, i);
        if (e->verb.end > size || e->verb.start >= e->verb.end || !e->cameo || !e->source.code ||
            !e->target.code || e->source.span.end > size || e->target.span.end > size)
            abort();
    }
    return 0;
}
