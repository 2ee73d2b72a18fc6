/*
 * pattern.c - matches a verb block's patterns around a verb, TABARI-style: the elements
 * before '*' are matched right to left from the verb, those after it left to right.
 * A space between elements allows other words in between; '_' demands the next word.
 * '$' '+' '%' take the next group of actors and agents, '^' skips one, '&SET' matches
 * any phrase of the synonym set (contiguous). Patterns are tried longest first; the
 * first that matches wins.
 */
#include "code/sent.h"

#define MAX_SYN_DEPTH 8

/* Length of phrase `seq` matched at token `at` (elements may be nested synsets), or 0. */
static uint32_t syn_match(const struct dy_sent *s, uint32_t syn, uint32_t at, int depth);

static uint32_t phrase_match(const struct dy_sent *s, struct dy_seq seq, uint32_t at, int depth)
{
    const struct dy_dict_model *m = &s->dict->m;
    uint32_t pos = at;
    for (uint32_t k = 0; k < seq.n; k++) {
        const struct dy_elem *e = &m->elems[seq.first + k];
        if (pos >= s->n)
            return 0;
        if (e->kind == DY_E_WORD) {
            if (s->t[pos].word != e->id)
                return 0;
            pos++;
        } else if (e->kind == DY_E_SYNSET) {
            uint32_t len = syn_match(s, e->id, pos, depth + 1);
            if (!len)
                return 0;
            pos += len;
        } else {
            return 0;
        }
    }
    return pos - at;
}

/* Length of the longest phrase of synset `syn` matching at token `at`, or 0. Only the
 * phrases that begin with the token's word are looked at (compile.c indexes them). */
static uint32_t syn_match(const struct dy_sent *s, uint32_t syn, uint32_t at, int depth)
{
    const struct dyad_dict *d = s->dict;
    const struct dy_dict_model *m = &d->m;
    if (depth > MAX_SYN_DEPTH || syn >= m->n_synsets || at >= s->n)
        return 0;
    uint32_t best = 0, w = s->t[at].word;
    if (w) {
        const struct dy_word_entry *we = &d->by_word[w];
        for (uint32_t i = 0; i < we->n_syns; i++) {
            const struct dy_syn_ref *r = &d->syn_index[we->syns + i];
            if (r->synset != syn)
                continue;
            uint32_t len = phrase_match(s, m->synset_phrases[r->phrase].words, at, depth);
            if (len > best)
                best = len;
        }
    }
    for (uint32_t i = d->syn_nested_at[syn]; i < d->syn_nested_at[syn + 1]; i++) {
        uint32_t len = phrase_match(s, m->synset_phrases[d->syn_nested[i]].words, at, depth);
        if (len > best)
            best = len;
    }
    return best;
}

/* A token that can be part of a noun phrase. */
static bool np_token(const struct dy_sent *s, uint32_t i)
{
    const struct dy_stok *t = &s->t[i];
    if (t->verb >= 0 && s->v[t->verb].is_verb)
        return false;
    return t->mention >= 0 || t->cls == W_OTHER || t->cls == W_DET || t->cls == W_POSS ||
           t->cls == W_NUM;
}

struct cursor {
    const struct dy_sent *s;
    struct dy_slots *slots;
};

/* Token range of the group of mentions that contains token i; the number of its
 * mentions is the result. */
static uint32_t group_extent(const struct dy_sent *s, uint32_t i, uint32_t *lo, uint32_t *hi)
{
    struct dy_extent *x = s->extent ? &s->extent[i] : NULL, found;
    if (x && x->n_m) {
        *lo = x->lo;
        *hi = x->hi;
        return x->n_m;
    }
    struct dy_group g;
    if (dy_group_containing(s, 0, (uint32_t)s->n, i, &g))
        found = (struct dy_extent){g.start, g.end, g.n_m};
    else
        found = (struct dy_extent){s->m[s->t[i].mention].start, s->m[s->t[i].mention].end, 1};
    if (x)
        *x = found;
    *lo = found.lo;
    *hi = found.hi;
    return found.n_m;
}

/* Matches elements [k, n) left to right starting at token pos (the element before k
 * ended at pos - 1). */
static bool match_fwd(struct cursor *c, const struct dy_elem *e, uint32_t k, uint32_t n,
                      uint32_t pos, uint32_t *hi)
{
    const struct dy_sent *s = c->s;
    if (k == n) {
        *hi = pos;
        return true;
    }
    const struct dy_elem *el = &e[k];
    uint32_t end = el->joined && pos + 1 < s->n ? pos + 1 : (uint32_t)s->n;
    uint32_t p = pos;
    /* Each kind scans for its next candidate in a loop of its own. A word or a synset
     * phrase is tried at every place it matches; a slot or a skipped phrase takes the
     * nearest one only. */
    switch (el->kind) {
    case DY_E_WORD:
        for (; p < end; p++)
            if (s->t[p].word == el->id && match_fwd(c, e, k + 1, n, p + 1, hi))
                return true;
        return false;
    case DY_E_SYNSET: {
        bool nested = dy_synset_nested(s->dict, el->id);
        for (; p < end; p++) {
            if (!nested && !s->t[p].syn)
                continue;
            uint32_t len = syn_match(s, el->id, p, 0);
            if (len && match_fwd(c, e, k + 1, n, p + len, hi))
                return true;
        }
        return false;
    }
    case DY_E_SKIP: {
        /* '^' skips one noun phrase, whether or not it names an actor */
        while (p < end && !np_token(s, p))
            p++;
        if (p >= end)
            return false;
        uint32_t next = p;
        while (next < s->n && np_token(s, next))
            next++;
        return match_fwd(c, e, k + 1, n, next, hi);
    }
    case DY_E_SOURCE:
    case DY_E_TARGET:
    case DY_E_COMPOUND: {
        while (p < end && s->t[p].mention < 0)
            p++;
        if (p >= end)
            return false;
        uint32_t lo, gh;
        if (group_extent(s, p, &lo, &gh) < 2 && el->kind == DY_E_COMPOUND)
            return false; /* '%' wants a compound: "Gondor and Osgiliath" */
        if (el->kind == DY_E_SOURCE)
            c->slots->src_tok = (int32_t)p;
        else if (el->kind == DY_E_TARGET)
            c->slots->tgt_tok = (int32_t)p;
        else
            c->slots->comp_tok = (int32_t)p;
        return match_fwd(c, e, k + 1, n, gh, hi);
    }
    default:
        return false;
    }
}

/* Matches elements k, k-1, ..., 0 right to left; element k must end before token `end`
 * (exclusive), adjacent to it when element k+1 is joined. */
static bool match_back(struct cursor *c, const struct dy_elem *e, int32_t k, uint32_t end,
                       uint32_t *lo)
{
    const struct dy_sent *s = c->s;
    if (k < 0) {
        *lo = end;
        return true;
    }
    const struct dy_elem *el = &e[k];
    bool adjacent = e[k + 1].joined;
    for (int64_t p = (int64_t)end - 1; p >= 0; p--) {
        if (adjacent && p != (int64_t)end - 1)
            break;
        uint32_t start;
        switch (el->kind) {
        case DY_E_WORD:
            if (s->t[p].word != el->id)
                continue;
            start = (uint32_t)p;
            break;
        case DY_E_SYNSET: {
            /* a phrase of the set ending at p */
            start = UINT32_MAX;
            for (int64_t q = p; q >= 0 && p - q < 8; q--)
                if (syn_match(s, el->id, (uint32_t)q, 0) == (uint32_t)(p - q + 1)) {
                    start = (uint32_t)q;
                    break;
                }
            if (start == UINT32_MAX)
                continue;
            break;
        }
        case DY_E_SKIP:
            if (!np_token(s, (uint32_t)p))
                continue;
            start = (uint32_t)p;
            while (start > 0 && np_token(s, start - 1))
                start--;
            break;
        case DY_E_SOURCE:
        case DY_E_TARGET:
        case DY_E_COMPOUND: {
            if (s->t[p].mention < 0)
                continue;
            uint32_t glo, ghi;
            if (group_extent(s, (uint32_t)p, &glo, &ghi) < 2 && el->kind == DY_E_COMPOUND)
                return false;
            if (el->kind == DY_E_SOURCE)
                c->slots->src_tok = (int32_t)glo;
            else if (el->kind == DY_E_TARGET)
                c->slots->tgt_tok = (int32_t)glo;
            else if (el->kind == DY_E_COMPOUND) {
                c->slots->comp_tok = (int32_t)glo;
                c->slots->comp_pre = 1;
            }
            start = glo;
            break;
        }
        default:
            return false;
        }
        if (match_back(c, e, k - 1, start, lo))
            return true;
        if (el->kind != DY_E_WORD && el->kind != DY_E_SYNSET)
            return false;
    }
    return false;
}

static bool try_pattern(const struct dy_sent *s, const struct dy_verb *v,
                        const struct dy_pattern *p, struct dy_slots *slots)
{
    const struct dy_elem *e = &s->dict->m.elems[p->elems.first];
    struct cursor c = {s, slots};
    slots->src_tok = slots->tgt_tok = slots->comp_tok = -1;
    slots->comp_pre = 0;
    uint32_t lo = v->start, hi = v->end;
    /* The verb element itself: nothing to match, the form already did. Elements after
     * it start at the verb's end; '*_OUT' demands OUT right after the verb. */
    if (!match_fwd(&c, e, p->verb_pos + 1, p->elems.n, v->end, &hi))
        return false;
    if (p->verb_pos > 0 && !match_back(&c, e, (int32_t)p->verb_pos - 1, v->start, &lo))
        return false;
    slots->lo = lo;
    slots->hi = hi;
    return true;
}

uint32_t dy_match_patterns(const struct dy_sent *s, const struct dy_verb *v,
                           struct dy_slots *slots)
{
    const struct dyad_dict *d = s->dict;
    const struct dy_verb_block *b = &d->m.blocks[v->block];
    const struct dy_bloom *need = &d->pattern_need[b->first_pattern];
    const uint32_t *keys = &d->pattern_keys[b->first_pattern];
    const uint32_t *order = &d->block_patterns[b->first_pattern];
    const uint8_t *have = s->word_bytes;
    /* A negated verb first tries the patterns with words before '*', where negations
     * ("not *", "&NEGATION * ...") are written; a longer pattern without them would
     * otherwise win and then be dropped as negated. */
    for (int pass = v->negated ? 0 : 1; pass < 2; pass++)
        for (uint32_t from = 0; from < b->n_patterns; from += 32) {
            /* most patterns need a word the sentence lacks: the filters, read in
             * order, turn them away before the pattern itself is touched. The keys of
             * 32 patterns are tested without a branch, listing those that pass (four
             * to a loop turn: 1% fewer instructions in all). */
            uint32_t to = b->n_patterns - from > 32 ? from + 32 : b->n_patterns;
            uint32_t pass_at[32], n_pass = 0;
#pragma GCC unroll 4
            for (uint32_t i = from; i < to; i++) {
                pass_at[n_pass] = i;
                n_pass += (uint32_t)dy_bloom_keys_pass(have, keys[i]);
            }
            for (uint32_t j = 0; j < n_pass; j++) {
                uint32_t i = pass_at[j];
                if (!dy_bloom_covers(&s->words, &need[i]))
                    continue;
                const struct dy_pattern *p = &d->m.patterns[order[i]];
                if (pass == 0 && p->verb_pos == 0)
                    continue;
                /* TABARI's "+++" and "###" codes mark test or disabled patterns */
                if (p->code[0] == '+' || p->code[0] == '#')
                    continue;
                if (try_pattern(s, v, p, slots))
                    return order[i];
            }
        }
    slots->src_tok = slots->tgt_tok = slots->comp_tok = -1;
    slots->lo = v->start;
    slots->hi = v->end;
    return UINT32_MAX;
}
