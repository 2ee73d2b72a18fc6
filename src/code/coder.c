/*
 * coder.c - the coder: for each sentence of an article, tokens -> PETRARCH's comma rule
 * -> dictionary matches -> word classes and verb decisions -> events. Each event names
 * the verb, the groups its source and target came from and the pattern that fired.
 * A sentence's memory comes from an arena reset per sentence; what events keep from an
 * article arena, reset per article, or from the caller's (the pipeline's batch).
 */
#include "code/sent.h"
#include "ontology/ontology.h"

#include <limits.h>
#include <string.h>

struct dyad_coder {
    const struct dyad_dict *dict;
    dyad_options opt;
    struct dy_arena *arena;   /* the article's: its sentences and the codes events keep */
    struct dy_arena *keep;    /* where the codes events keep go, when not in arena */
    struct dy_arena *scratch; /* one sentence's tokens and matches, reset per sentence:
                                 the same memory, still in cache, serves the next one */
    dyad_event *ev;
    size_t n_ev, cap_ev;
    size_t n_sent;
    int discard;
    int tracing;
    struct dy_buf trace;
    struct dy_wordclasses *wclass;
    struct word_memo *memo; /* [1 << MEMO_BITS]: the words last looked up (below) */
    /* the last CAMEO lookups, by the code's bytes: codes repeat from event to event,
     * each pattern with its own copy of its code */
    struct cameo_memo {
        uint64_t key; /* the code's bytes, up to 7; 0: an empty entry */
        int found;
        dyad_cameo_info info;
    } cameo[256];
};

static const char *const class_names[] = {
    "w", "det", "prep", "to", "by", "conj", "aux", "modal", "neg",
    "pron", "sub", "rel", "adv", "poss", "num", ",", "punct", "says"};

/* The analysis of a sentence, for `dyad code --explain` and `dyad validate -v`. */
static void trace_sentence(dyad_coder *c, const struct dy_sent *s, uint32_t idx)
{
    struct dy_buf *b = &c->trace;
    const struct dy_dict_model *m = &c->dict->m;
    dy_buf_printf(b, "sentence %u:", idx + 1);
    for (size_t i = 0; i < s->n; i++) {
        const struct dy_stok *t = &s->t[i];
        dy_buf_printf(b, " %s/%s", t->tok->norm, class_names[t->cls]);
        if (t->mention >= 0 && (i == 0 || s->t[i - 1].mention != t->mention))
            dy_buf_printf(b, "[%s", s->m[t->mention].kind == M_ACTOR ? "actor" : "agent");
        if (t->mention >= 0 && (i + 1 == s->n || s->t[i + 1].mention != t->mention))
            dy_buf_printf(b, "]");
    }
    dy_buf_printf(b, "\n");
    for (size_t k = 0; k < s->nv; k++) {
        const struct dy_verb *v = &s->v[k];
        dy_buf_printf(b, "  verb '%s' (block %s, %s:%u): %s%s%s%s\n",
                      s->t[v->head].tok->norm,
                      dy_intern_str(&m->words, m->blocks[v->block].name),
                      m->files[m->blocks[v->block].file], m->forms[v->form].line,
                      v->is_verb ? "verb" : "not a verb here",
                      v->ftype == F_PAST ? ", past" : v->ftype == F_ING ? ", -ing"
                      : v->ftype == F_S ? ", -s" : ", base",
                      v->passive ? ", passive" : "", v->negated ? ", negated" : "");
    }
}

dyad_options dyad_options_default(void)
{
    dyad_options o;
    memset(&o, 0, sizeof o);
    o.require_dyad = 1;
    o.comma_min = 2;
    o.comma_max = 8;
    o.comma_bmin = 0;
    o.comma_bmax = 0;
    o.comma_emin = 2;
    o.comma_emax = 8;
    o.max_article_bytes = 16u << 20;
    o.max_sentence_tokens = 1000;
    o.intent = 1;
    o.domestic = 1;
    o.max_sentence_bytes = 64u << 10;
    o.max_line_bytes = 32u << 20;
    o.max_entry_bytes = 4096;
    o.max_dict_entries = 2000000;
    return o;
}

/* ---- word memo ------------------------------------------------------------------ */

/* A token's word id and its class alone depend only on its norm and on whether it is
 * punctuation, a quote or a number. News repeats its words, so each coder keeps the
 * words it last looked up, by norm (those of up to 16 bytes): a hit costs two loads
 * and a compare, instead of a hash, a probe of the dictionary's table, a string compare
 * and the class search, and it takes no branch that depends on the word. */
#define MEMO_BITS 14
#define MEMO_MAX 16 /* <= DY_NORM_READABLE */

struct word_memo {
    uint64_t k0, k1; /* the norm's bytes, zero-padded to 16 */
    uint32_t key;    /* its length + 1 and its class flags; 0: an empty entry */
    uint32_t word;
    uint8_t cls0;
};

/* The memo entry for token t (NULL: longer than MEMO_MAX) and its key in *k0, *k1, *key. */
static inline struct word_memo *memo_slot(const dyad_coder *c, const struct dy_token *t,
                                          uint64_t *k0, uint64_t *k1, uint32_t *key)
{
    /* mask bytes for n = 0..16 bytes kept: ones[16 - n .. 32 - n) */
    static const char ones[32] = {-1, -1, -1, -1, -1, -1, -1, -1,
                                  -1, -1, -1, -1, -1, -1, -1, -1};
    uint32_t n = t->norm_len;
    if (n > MEMO_MAX)
        return NULL;
    *k0 = dy_load64(t->norm) & dy_load64(ones + 16 - n);
    *k1 = dy_load64(t->norm + 8) & dy_load64(ones + 24 - n);
    *key = (n + 1) | (t->flags & (DY_TOK_QUOTE | DY_TOK_PUNCT | DY_TOK_NUM)) << 8;
    uint64_t h = *k0 * 0x9E3779B97F4A7C15ull ^ *k1 * 0xC2B2AE3D27D4EB4Full ^
                 *key * 0x165667B19E3779F9ull;
    return &c->memo[h >> (64 - MEMO_BITS)];
}

dyad_status dyad_coder_new(const dyad_dict *d, const dyad_options *opt, dyad_coder **out)
{
    *out = NULL;
    if (!d)
        return DYAD_MISUSE;
    dyad_coder *c = dy_calloc(1, sizeof *c);
    if (!c)
        return DYAD_NOMEM;
    c->dict = d;
    c->opt = opt ? *opt : dyad_options_default();
    c->tracing = c->opt.explain;
    c->arena = dy_arena_new(256 << 10, 0);
    c->scratch = dy_arena_new(64 << 10, 0);
    c->wclass = dy_wordclasses_new(d);
    c->memo = dy_calloc((size_t)1 << MEMO_BITS, sizeof *c->memo);
    if (!c->arena || !c->scratch || !c->wclass || !c->memo) {
        dy_arena_free(c->arena);
        dy_arena_free(c->scratch);
        dy_wordclasses_free(c->wclass);
        dy_free(c->memo);
        dy_free(c);
        return DYAD_NOMEM;
    }
    *out = c;
    return DYAD_OK;
}

void dyad_coder_set_options(dyad_coder *c, const dyad_options *opt)
{
    c->opt = *opt;
    c->tracing = opt->explain;
}

void dyad_coder_free(dyad_coder *c)
{
    if (!c)
        return;
    dy_arena_free(c->arena);
    dy_arena_free(c->scratch);
    dy_wordclasses_free(c->wclass);
    dy_free(c->memo);
    dy_free(c->ev);
    dy_buf_free(&c->trace);
    dy_free(c);
}

size_t dyad_coder_n_events(const dyad_coder *c)
{
    return c->n_ev;
}

const dyad_event *dyad_coder_event(const dyad_coder *c, size_t i)
{
    return i < c->n_ev ? &c->ev[i] : NULL;
}

size_t dyad_coder_n_sentences(const dyad_coder *c)
{
    return c->n_sent;
}

dyad_discard dyad_coder_discarded(const dyad_coder *c)
{
    return (dyad_discard)c->discard;
}

void dy_coder_keep_codes_in(dyad_coder *c, struct dy_arena *keep)
{
    c->keep = keep;
}

const char *dy_coder_trace_text(const dyad_coder *c, size_t *len)
{
    *len = c->trace.len;
    return c->trace.len ? c->trace.data : "";
}

void dyad_coder_explain(const dyad_coder *c, FILE *out)
{
    if (c->trace.len)
        fwrite(c->trace.data, 1, c->trace.len, out);
}

/* ---- PETRARCH's comma rule ------------------------------------------------------- */

/* Words (not punctuation) among tokens [a, b). */
static int n_words(const struct dy_stok *t, size_t a, size_t b)
{
    int w = 0;
    for (size_t k = a; k < b; k++)
        w += !(t[k].tok->flags & (DY_TOK_PUNCT | DY_TOK_QUOTE));
    return w;
}

/* A comma segment that continues a list of actors ("Mordor, the awful Fornost, and
 * Gondor") is part of a noun phrase, not a parenthetical clause. */
static bool list_item(const struct dy_sent *s, size_t comma, size_t end)
{
    const struct dy_stok *t = s->t;
    if (comma == 0 || t[comma - 1].mention < 0)
        return false;
    size_t i = comma + 1;
    if (i < end && t[i].cls == W_CONJ)
        return true; /* ", and Eastland ..." */
    while (i < end && (t[i].cls == W_DET ||
                       (t[i].cls == W_OTHER && t[i].mention < 0 && i + 1 < end)))
        i++;
    if (i >= end || t[i].mention < 0)
        return false;
    for (size_t k = i; k < end && t[k].cls != W_COMMA; k++)
        if (dy_is_verb_at(s, k))
            return false; /* ", a Eastland minister said": a clause, not a list */
    return true;
}

/* PETRARCH's comma rule: drops comma-delimited clauses whose length (in words) lies
 * within the configured bounds: short parentheticals (", it seems,"), a trailing
 * ", officials said". Marks the tokens to drop in `drop`. */
static void comma_rule(const dyad_options *o, const struct dy_sent *s, const uint32_t *commas,
                       size_t nc, uint8_t *drop)
{
    const struct dy_stok *t = s->t;
    size_t n = s->n;
    if (!nc)
        return;
    size_t end = n;
    while (end > 0 && (t[end - 1].tok->flags & (DY_TOK_PUNCT | DY_TOK_QUOTE)))
        end--;
    if (o->comma_bmax > 0) {
        int w = n_words(t, 0, commas[0]);
        if (w >= o->comma_bmin && w <= o->comma_bmax)
            for (size_t k = 0; k <= commas[0]; k++)
                drop[k] = 1;
    }
    if (o->comma_max > 0)
        for (size_t c = 0; c + 1 < nc; c++) {
            int w = n_words(t, commas[c] + 1, commas[c + 1]);
            if (w >= o->comma_min && w <= o->comma_max && !list_item(s, commas[c], end))
                for (size_t k = commas[c]; k < commas[c + 1]; k++)
                    drop[k] = 1;
        }
    /* The last segment is a clause of its own only when what stands before it has a
     * verb: in "Northland, it seems, attacked Southland" it is the main clause. */
    bool verb_before = false;
    for (size_t k = 0; k < commas[nc - 1]; k++)
        verb_before |= !drop[k] && dy_is_verb_at(s, k);
    if (o->comma_emax > 0 && commas[nc - 1] < end && verb_before) {
        int w = n_words(t, commas[nc - 1] + 1, end);
        if (w >= o->comma_emin && w <= o->comma_emax && !list_item(s, commas[nc - 1], end))
            for (size_t k = commas[nc - 1]; k < end; k++)
                drop[k] = 1;
    }
}

/* A short bracketed aside - an acronym "(APEC)", "(Party of God)" - is dropped like a
 * comma clause: it repeats what stands before it and would otherwise break clauses. */
static void bracket_rule(const struct dy_sent *s, const uint32_t *opens, size_t n_open,
                         uint8_t *drop)
{
    for (size_t o = 0; o < n_open; o++) {
        size_t i = opens[o], j = i + 1;
        while (j < s->n && j - i <= 7 && s->t[j].cls != W_PUNCT)
            j++;
        if (j < s->n && j - i <= 7 && s->t[j].tok->norm[0] == ')')
            for (size_t k = i; k <= j; k++)
                drop[k] = 1;
    }
}

/* ---- events --------------------------------------------------------------------- */

/* Codes are mostly the same dictionary strings: the pointers tell first, then the first
 * letters (no call). */
static inline bool same_code(const char *a, const char *b)
{
    return a == b || (a[0] == b[0] && strcmp(a, b) == 0);
}

static dyad_status add_event(dyad_coder *c, const struct dy_sent *s, uint32_t sent_idx,
                             dyad_span sent_span, const char *src, dyad_span src_span,
                             const char *tgt, dyad_span tgt_span, const char *code,
                             const struct dy_verb *v, uint32_t pattern)
{
    if (!code || !*code || dy_is_dashes(code))
        return DYAD_OK;
    if (!src)
        src = "---";
    if (!tgt)
        tgt = "---";
    if (c->opt.require_dyad && (dy_is_dashes(src) || dy_is_dashes(tgt)))
        return DYAD_OK;
    if (!dy_is_dashes(src) && same_code(src, tgt))
        return DYAD_OK;
    /* the same event from this sentence already (events come in sentence order) */
    for (size_t i = c->n_ev; i-- > 0 && c->ev[i].sentence == sent_idx;) {
        const dyad_event *e = &c->ev[i];
        if (same_code(e->source.code, src) && same_code(e->target.code, tgt) &&
            same_code(e->cameo, code))
            return DYAD_OK;
    }
    if (c->n_ev == c->cap_ev &&
        dy_grow((void **)&c->ev, &c->cap_ev, c->n_ev + 1, sizeof *c->ev) != DYAD_OK)
        return DYAD_NOMEM;
    const struct dy_dict_model *m = &s->dict->m;
    dyad_event *e = &c->ev[c->n_ev++];
    memset(e, 0, sizeof *e);
    e->sentence = sent_idx;
    e->sentence_span = sent_span;
    e->source.code = src;
    e->source.span = src_span;
    e->target.code = tgt;
    e->target.span = tgt_span;
    e->cameo = code;
    uint64_t key = 0;
    size_t len = 0;
    for (; len < 8 && code[len]; len++)
        key |= (uint64_t)(unsigned char)code[len] << 8 * len;
    struct cameo_memo *cm = &c->cameo[key * 0x9E3779B97F4A7C15ull >> 56], direct;
    if (len == 8) /* longer than any CAMEO code: looked up, not kept */
        cm = &direct, cm->key = 0;
    if (cm->key != key) {
        cm->key = key;
        cm->found = dyad_cameo_lookup(code, &cm->info);
    }
    if (cm->found) {
        e->plover = cm->info.plover;
        e->goldstein = cm->info.goldstein;
        e->quad_class = cm->info.quad_class;
    }
    const struct dy_token *a = s->t[v->start].tok, *b = s->t[v->end - 1].tok;
    e->verb.start = a->start;
    e->verb.end = (size_t)b->start + b->len;
    if (pattern != UINT32_MAX) {
        const struct dy_pattern *p = &m->patterns[pattern];
        e->rule_file = m->files[p->file];
        e->rule_line = p->line;
        e->rule = m->strings.data + p->text;
    } else {
        const struct dy_verb_form *f = &m->forms[v->form];
        e->rule_file = m->files[f->file];
        e->rule_line = f->line;
        e->rule = dy_intern_str(&m->words, m->blocks[f->block].name);
    }
    return DYAD_OK;
}

static const char *verb_code(const struct dy_sent *s, const struct dy_verb *v, uint32_t pattern,
                             const char **code2)
{
    const struct dy_dict_model *m = &s->dict->m;
    if (pattern != UINT32_MAX) {
        const struct dy_pattern *p = &m->patterns[pattern];
        *code2 = p->code2;
        return p->code;
    }
    const struct dy_verb_form *f = &m->forms[v->form];
    if (f->code[0]) {
        *code2 = f->code2;
        return f->code;
    }
    const struct dy_verb_block *b = &m->blocks[v->block];
    *code2 = b->code2;
    return b->code;
}

static bool pattern_has_pre(const struct dy_sent *s, uint32_t pattern)
{
    return pattern != UINT32_MAX && s->dict->m.patterns[pattern].verb_pos > 0;
}

/* Among the verb candidates at v's position (a verb listed in several blocks), the
 * first whose block has a matching pattern; else the first candidate. Returns the
 * pattern (UINT32_MAX: none) and sets *pick and *slots. */
static uint32_t pick_pattern(const struct dy_sent *s, size_t k, size_t *pick,
                             struct dy_slots *slots)
{
    for (size_t j = k; j < s->nv && s->v[j].start == s->v[k].start; j++) {
        uint32_t pattern = dy_match_patterns(s, &s->v[j], slots);
        if (pattern != UINT32_MAX) {
            *pick = j;
            return pattern;
        }
    }
    *pick = k;
    slots->src_tok = slots->tgt_tok = slots->comp_tok = -1;
    slots->comp_pre = 0;
    slots->lo = s->v[k].start;
    slots->hi = s->v[k].end;
    return UINT32_MAX;
}

/* A group of agents without any actor: "---MIL" ("agreed to disengage troops"). */
static bool no_actor(const struct dy_group *g)
{
    for (uint32_t i = 0; i < g->n_codes; i++)
        if (strncmp(g->codes[i], "---", 3) != 0)
            return false;
    return true;
}

/* Who did it and to whom: the pattern's slots first, then passive "by", the subject and
 * the object; a compound subject without an object is a joint event (its members are
 * each other's targets, *joint set). Groups come back with their codes. */
static dyad_status find_roles(const struct dy_sent *s, const struct dy_verb *v,
                              const struct dy_slots *slots, struct dy_group *src,
                              struct dy_group *tgt, bool *joint)
{
    int have_src = 0, have_tgt = 0;
    *joint = slots->comp_tok >= 0 && slots->comp_pre;
    memset(src, 0, sizeof *src);
    memset(tgt, 0, sizeof *tgt);
    if (slots->src_tok >= 0)
        have_src = dy_group_at_token(s, slots->src_tok, src);
    if (slots->tgt_tok >= 0)
        have_tgt = dy_group_at_token(s, slots->tgt_tok, tgt);
    /* "Germany was asked by Ukraine to send tanks": in the passive, the group after
     * "by" that a pattern took as its object is the one who acted */
    if (v->passive && have_tgt && !have_src && tgt->start > 0 &&
        s->t[tgt->start - 1].cls == W_BY) {
        *src = *tgt;
        have_src = 1;
        have_tgt = dy_subject(s, v->start, tgt);
    }
    if (slots->comp_tok >= 0 && !slots->comp_pre)
        have_tgt = dy_group_at_token(s, slots->comp_tok, tgt);
    if (*joint && (have_src = dy_group_at_token(s, slots->comp_tok, src))) {
        *tgt = *src;
        have_tgt = 1;
    }
    /* The subject stands before the pattern ("NOTED + *": the one who noted), or, when
     * the pattern starts the clause ("NEITHER *"), before the verb. */
    uint32_t src_end = slots->lo < v->start ? slots->lo : v->start;
    if (!have_src && slots->tgt_tok < 0 && v->passive && dy_passive_agent(s, v, src)) {
        have_src = 1;
        have_tgt = dy_subject(s, src_end, tgt) ||
                   (src_end < v->start && dy_subject(s, v->start, tgt));
    } else {
        if (!have_src)
            have_src = dy_subject(s, src_end, src) ||
                       (src_end < v->start && dy_subject(s, v->start, src));
        if (!have_tgt)
            have_tgt = dy_object(s, v->end, tgt);
    }
    if ((have_src && dy_group_codes(s, src) != DYAD_OK) ||
        (have_tgt && dy_group_codes(s, tgt) != DYAD_OK))
        return DYAD_NOMEM;
    if (!have_src)
        src->n_codes = 0;
    if (!have_tgt)
        tgt->n_codes = 0;
    /* "the United States and Jordan have agreed" */
    if (src->n_codes > 1 && (!tgt->n_codes || dy_locative(s, tgt) || no_actor(tgt)) && !*joint &&
        slots->tgt_tok < 0) {
        /* "... held talks in Istanbul": the place is where, not whom */
        *tgt = *src;
        *joint = true;
    }
    return DYAD_OK;
}

/* The country of a code ("SRB" of "SRBGOV"), or NULL for codes that name none
 * (organisations, armed groups across borders, "---"). */
static bool country_of(const char *code, char out[4])
{
    static const char *const not_countries[] = {"IGO", "NGO", "IMG", "MNC", "UAF", "---"};
    for (int i = 0; i < 3; i++)
        if (code[i] < 'A' || code[i] > 'Z')
            return false;
    for (size_t i = 0; i < sizeof not_countries / sizeof not_countries[0]; i++)
        if (memcmp(code, not_countries[i], 3) == 0)
            return false;
    memcpy(out, code, 3);
    out[3] = '\0';
    return true;
}

/* "Egyptian police opened fire on demonstrators": agents with no actor of their own
 * ("---CVL") take the country of the other side when it names exactly one. */
static dyad_status fill_country(const struct dy_sent *s, struct dy_group *g,
                                const struct dy_group *other)
{
    char cc[4] = "", tmp[4];
    for (uint32_t i = 0; i < other->n_codes; i++) {
        if (!country_of(other->codes[i], tmp))
            continue;
        if (cc[0] && strcmp(cc, tmp) != 0)
            return DYAD_OK; /* two countries: no guess */
        memcpy(cc, tmp, 4);
    }
    if (!cc[0])
        return DYAD_OK;
    for (uint32_t i = 0; i < g->n_codes; i++) {
        if (strncmp(g->codes[i], "---", 3) != 0 || !g->codes[i][3])
            continue;
        size_t len = strlen(g->codes[i]);
        char *nc = dy_arena_alloc(s->keep, len + 1);
        if (!nc)
            return DYAD_NOMEM;
        memcpy(nc, cc, 3);
        memcpy(nc + 3, g->codes[i] + 3, len - 2);
        g->codes[i] = nc;
    }
    return DYAD_OK;
}

/* "Israel said its troops killed ...": agents behind a possessive belong to the one the
 * possessive stands for, not to the other side. */
static dyad_status fill_owner(const struct dy_sent *s, struct dy_group *g)
{
    if (!g->n_codes || g->start == 0 || s->t[g->start - 1].cls != W_DET)
        return DYAD_OK;
    struct dy_group owner;
    memset(&owner, 0, sizeof owner);
    if (!dy_resolve_pronoun(s, g->start - 1, &owner))
        return DYAD_OK;
    if (dy_group_codes(s, &owner) != DYAD_OK)
        return DYAD_NOMEM;
    return fill_country(s, g, &owner);
}

static dyad_status code_sentence(dyad_coder *c, struct dy_sent *s, uint32_t sent_idx,
                                 dyad_span sent_span)
{
    uint8_t *coded = dy_arena_alloc(s->arena, s->nv ? s->nv : 1);
    if (!coded)
        return DYAD_NOMEM;
    memset(coded, 0, s->nv ? s->nv : 1);

    for (size_t k = 0; k < s->nv; k++) {
        const struct dy_verb *v = &s->v[k];
        if (!v->is_verb || (k > 0 && s->v[k - 1].start == v->start))
            continue; /* other candidates at the same place are tried by pick_pattern */
        if (dy_dependent(s, v, coded) || dy_under_coded_verb(s, v, coded))
            continue;
        struct dy_slots slots;
        size_t pick;
        uint32_t pattern = pick_pattern(s, k, &pick, &slots);
        v = &s->v[pick];
        const char *code2 = "";
        const char *code = verb_code(s, v, pattern, &code2);
        if (!code || !code[0] || dy_is_dashes(code)) {
            /* a pattern that says "no event" ("had no plans to", "failed to reach")
             * still governs the verbs that depend on it */
            if (pattern != UINT32_MAX)
                coded[k] = 1;
            continue;
        }
        if (v->negated && !pattern_has_pre(s, pattern))
            continue;
        /* "Israel will evacuate the settlements": an announced act is an intent (03x)
         * or a threat (13x), not the act */
        if (c->opt.intent && v->future) {
            const char *ic = dy_cameo_intent(code);
            if (ic) {
                code = ic;
                if (code2 && code2[0])
                    code2 = dy_cameo_intent(code2) ? dy_cameo_intent(code2) : code2;
            }
        }
        struct dy_group src, tgt;
        bool joint;
        if (find_roles(s, v, &slots, &src, &tgt, &joint) != DYAD_OK)
            return DYAD_NOMEM;

        if (c->opt.domestic && (fill_owner(s, &src) != DYAD_OK ||
                                fill_country(s, &tgt, &src) != DYAD_OK ||
                                fill_country(s, &src, &tgt) != DYAD_OK))
            return DYAD_NOMEM;

        size_t before = c->n_ev;
        dyad_span none = {0, 0};
        for (uint32_t i = 0; i < (src.n_codes ? src.n_codes : 1); i++)
            for (uint32_t j = 0; j < (tgt.n_codes ? tgt.n_codes : 1); j++) {
                const char *sc = src.n_codes ? src.codes[i] : NULL;
                const char *tc = tgt.n_codes ? tgt.codes[j] : NULL;
                dyad_span ss = sc ? src.spans[i] : none, ts = tc ? tgt.spans[j] : none;
                if (joint && i == j)
                    continue;
                dyad_status st = add_event(c, s, sent_idx, sent_span, sc, ss, tc, ts, code, v,
                                           pattern);
                if (st == DYAD_OK && code2 && code2[0] && !joint)
                    st = add_event(c, s, sent_idx, sent_span, tc, ts, sc, ss, code2, v, pattern);
                if (st != DYAD_OK)
                    return st;
            }
        if (c->n_ev > before)
            coded[k] = 1;
    }
    return DYAD_OK;
}

/* ---- articles ---------------------------------------------------------------------- */

/* Dictionary matches and word classes for the tokens in s->t[0..n). */
static dyad_status analyse(struct dy_sent *s)
{
    dy_classify(s);
    dyad_status st = dy_match_sentence(s);
    if (st != DYAD_OK)
        return st;
    dy_decide_verbs(s);
    return DYAD_OK;
}

static dyad_status code_one(dyad_coder *c, const dyad_article *a, const struct dy_sentence *sn,
                            uint32_t idx, dyad_error *err)
{
    struct dy_token *tok;
    size_t n;
    /* A sentence over a limit rejects the article, as the other limits do: one record,
     * one report. The checks come first, so a huge sentence costs linear time. */
    size_t max_bytes = c->opt.max_sentence_bytes;
    if (max_bytes && sn->end - sn->start > max_bytes)
        return dy_fail_at(err, DYAD_LIMIT, a->id, a->line, 0, sn->start,
                          "sentence %u is %u bytes, more than the limit of %zu", idx + 1,
                          sn->end - sn->start, max_bytes);
    dy_arena_reset(c->scratch);
    dyad_status st = dy_tokenize(a->text, sn->start, sn->end, c->scratch,
                                 c->opt.max_sentence_tokens, &tok, &n);
    if (st == DYAD_LIMIT)
        return dy_fail_at(err, st, a->id, a->line, 0, sn->start,
                          "sentence %u has more than %zu tokens, the limit", idx + 1,
                          c->opt.max_sentence_tokens);
    if (st != DYAD_OK)
        return dy_fail(err, st, "out of memory tokenising sentence %u", idx + 1);
    uint8_t *drop = dy_arena_alloc(c->scratch, n ? n : 1);
    struct dy_stok *all = dy_arena_alloc(c->scratch, (n ? n : 1) * sizeof *all);
    struct dy_stok *kept = dy_arena_alloc(c->scratch, (n ? n : 1) * sizeof *kept);
    uint32_t *miss = dy_arena_alloc(c->scratch, (n ? n : 1) * sizeof *miss);
    if (!drop || !all || !kept || !miss)
        return dy_fail(err, DYAD_NOMEM, "out of memory coding sentence %u", idx + 1);
    memset(drop, 0, n ? n : 1);
    struct dy_sent s;
    memset(&s, 0, sizeof s);
    s.arena = c->scratch;
    s.keep = c->keep ? c->keep : c->arena;
    s.dict = c->dict;
    s.text = a->text;
    s.day = a->day;
    s.wclass = c->wclass;
    s.t = all;
    s.n = n;
    /* Word ids and classes: from the memo, else looked up - the hashes first, so that
     * each lookup finds its slot, and then the dictionary's entry for the word, already
     * on the way from memory. */
    const struct dy_intern *words = &c->dict->m.words;
    size_t n_miss = 0;
    static const struct word_memo never = {0, 0, 0, 0, 0}; /* no key is 0 */
    for (size_t i = 0; i < n; i++) {
        /* without a branch on hit or miss: a miss is listed and mended below */
        uint64_t k0 = 0, k1 = 0;
        uint32_t key = UINT32_MAX; /* a long token's: never found */
        all[i].tok = &tok[i];
        const struct word_memo *e = memo_slot(c, &tok[i], &k0, &k1, &key);
        e = e ? e : &never;
        all[i].word = e->word;
        all[i].cls0 = e->cls0;
        __builtin_prefetch(&c->dict->by_word[e->word]);
        miss[n_miss] = (uint32_t)i;
        n_miss += ((e->key ^ key) | (e->k0 ^ k0) | (e->k1 ^ k1)) != 0;
    }
    for (size_t k = 0; k < n_miss; k++) {
        size_t i = miss[k];
        all[i].word = dy_intern_hash(tok[i].norm, tok[i].norm_len);
        dy_intern_prefetch(words, all[i].word);
    }
    for (size_t k = 0; k < n_miss; k++) {
        size_t i = miss[k];
        all[i].word = dy_intern_find_hashed(words, tok[i].norm, tok[i].norm_len, all[i].word);
        __builtin_prefetch(&c->dict->by_word[all[i].word]);
        all[i].cls0 = dy_word_class(&all[i], c->wclass);
        uint64_t k0, k1;
        uint32_t key;
        struct word_memo *e = memo_slot(c, &tok[i], &k0, &k1, &key);
        if (e)
            *e = (struct word_memo){k0, k1, key, all[i].word, all[i].cls0};
    }
    /* Match once to see the actors (the comma rule spares lists of them), drop the
     * parenthetical clauses, then analyse what is left. */
    if ((st = analyse(&s)) != DYAD_OK)
        return dy_fail(err, st, "out of memory coding sentence %u", idx + 1);
    if (s.discard > c->discard)
        c->discard = s.discard;
    if (s.discard) {
        if (c->tracing)
            dy_buf_printf(&c->trace, "sentence %u discarded\n", idx + 1);
        return DYAD_OK;
    }
    /* the commas (the first 256) and the opening brackets, in one pass */
    uint32_t commas[256], *opens = miss; /* miss[] is free again */
    size_t nc = 0, n_open = 0;
    for (size_t i = 0; i < n; i++) {
        uint8_t cls = all[i].cls;
        if (cls == W_COMMA && nc < 256)
            commas[nc++] = (uint32_t)i;
        else if (cls == W_PUNCT && all[i].tok->norm[0] == '(')
            opens[n_open++] = (uint32_t)i;
    }
    bracket_rule(&s, opens, n_open, drop);
    comma_rule(&c->opt, &s, commas, nc, drop);
    if (memchr(drop, 1, n)) {
        s.t = kept;
        s.n = 0;
        for (size_t i = 0; i < n; i++)
            if (!drop[i])
                kept[s.n++] = all[i];
        if ((st = analyse(&s)) != DYAD_OK)
            return dy_fail(err, st, "out of memory coding sentence %u", idx + 1);
    }
    if (c->tracing)
        trace_sentence(c, &s, idx);
    dyad_span span = {sn->start, sn->end};
    if ((st = code_sentence(c, &s, idx, span)) != DYAD_OK)
        return dy_fail(err, st, "out of memory coding sentence %u", idx + 1);
    return DYAD_OK;
}

dyad_status dyad_coder_code(dyad_coder *c, const dyad_article *a, dyad_error *err)
{
    dy_arena_reset(c->arena);
    c->n_ev = 0;
    c->n_sent = 0;
    c->discard = DYAD_DISCARD_NONE;
    c->trace.len = 0;
    if (c->opt.max_article_bytes && a->text_len > c->opt.max_article_bytes)
        return dy_fail_at(err, DYAD_LIMIT, a->id, a->line, 0, SIZE_MAX,
                          "article is %zu bytes, more than the limit of %zu", a->text_len,
                          c->opt.max_article_bytes);
    dyad_error bad;
    dyad_status st = dy_utf8_check(a->text, a->text_len, &bad);
    if (st != DYAD_OK)
        return dy_fail_at(err, st, a->id, a->line, 0, bad.offset, "%s at byte %zu of the text",
                          bad.message, bad.offset);
    struct dy_sentence *sn;
    size_t n;
    if ((st = dy_split_sentences(a->text, a->text_len, c->arena, &sn, &n)) != DYAD_OK)
        return dy_fail(err, st, "out of memory splitting sentences");
    c->n_sent = n;
    for (size_t i = 0; i < n; i++) {
        st = code_one(c, a, &sn[i], (uint32_t)i, err);
        if (st != DYAD_OK)
            return st;
    }
    if (c->discard == DYAD_DISCARD_STORY)
        c->n_ev = 0;
    return DYAD_OK;
}
