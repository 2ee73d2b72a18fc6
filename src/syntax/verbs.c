/*
 * verbs.c - decides, from the words around it, whether a token that matches a verb form
 * is used as a verb ("troops attack", "will attack", "to attack") or as a noun or
 * adjective ("an attack", "the affected villages"), and marks voice and negation. This
 * is what PETRARCH needed a full parse for.
 */
#include "code/sent.h"

#include <string.h>

static bool is_be(const struct dy_stok *t)
{
    return DY_NORM_IS(t, "IS") || DY_NORM_IS(t, "ARE") || DY_NORM_IS(t, "WAS") ||
           DY_NORM_IS(t, "WERE") || DY_NORM_IS(t, "BE") || DY_NORM_IS(t, "BEEN") ||
           DY_NORM_IS(t, "BEING") || DY_NORM_IS(t, "AM");
}

static bool is_do(const struct dy_stok *t)
{
    return DY_NORM_IS(t, "DO") || DY_NORM_IS(t, "DOES") || DY_NORM_IS(t, "DID");
}

/* The nearest token before i that is not an adverb, or -1. */
static int32_t prev_skip_adv(const struct dy_sent *s, uint32_t i)
{
    int32_t p = (int32_t)i - 1;
    while (p >= 0 && s->t[p].cls == W_ADV && s->t[p].mention < 0)
        p--;
    return p;
}

/* Does the noun phrase ending at token p begin with "a"/"an" or "the", with no
 * coordination inside? Then a base-form verb after it is a noun ("an anti- Gondor
 * parade"), not the verb of a plural subject ("The Philippines and France agree"). */
static bool np_makes_noun(const struct dy_sent *s, int32_t p)
{
    int32_t det = -1;
    while (p >= 0) { /* back over the noun phrase to its determiner */
        const struct dy_stok *t = &s->t[p];
        if (t->cls == W_CONJ || t->cls == W_COMMA)
            return false;
        if (t->mention >= 0 || t->cls == W_OTHER || t->cls == W_POSS || t->cls == W_NUM) {
            p--;
            continue;
        }
        if (t->cls == W_DET) {
            det = p;
            /* "... and the Central African Republic agree": coordinated */
            if (p > 0 && (s->t[p - 1].cls == W_CONJ || s->t[p - 1].cls == W_COMMA))
                return false;
        }
        break;
    }
    if (det < 0)
        return false;
    const struct dy_stok *d = &s->t[det];
    return DY_NORM_IS(d, "A") || DY_NORM_IS(d, "AN") || DY_NORM_IS(d, "THE");
}

static bool plural_subject(const struct dy_sent *s, int32_t p)
{
    const struct dy_stok *t = &s->t[p];
    if (t->cls == W_PRON) {
        return DY_NORM_IS(t, "THEY") || DY_NORM_IS(t, "WE") || DY_NORM_IS(t, "I") ||
               DY_NORM_IS(t, "YOU");
    }
    if (t->mention >= 0)
        return !np_makes_noun(s, p);
    return t->cls == W_OTHER && t->tok->norm_len > 2 &&
           t->tok->norm[t->tok->norm_len - 1] == 'S' && !np_makes_noun(s, p);
}

/* Does an actor word look like a nationality adjective (Russian, Chinese, British,
 * American, Israeli)? Those modify a noun; a country name can be a subject. */
static bool demonym(const char *w, size_t n)
{
    return dy_ends_with(w, n, "IAN") || dy_ends_with(w, n, "ESE") ||
           dy_ends_with(w, n, "ISH") || dy_ends_with(w, n, "CAN") || dy_ends_with(w, n, "CH") ||
           (n >= 5 && w[n - 1] == 'I');
}

static bool decide(const struct dy_sent *s, const struct dy_verb *v)
{
    const struct dy_token *ht = s->t[v->start].tok;
    if ((ht->flags & DY_TOK_CAP) && !(ht->flags & DY_TOK_ALLCAPS) && v->start > 0 &&
        s->t[v->start - 1].cls != W_PUNCT)
        return false; /* a capitalised word inside a sentence: a name */
    uint8_t own = s->t[v->start].cls;
    if (own == W_AUX || own == W_MODAL || own == W_DET || own == W_PREP)
        return false; /* "should", "has": auxiliaries here, whatever the dictionary says */
    int32_t p = prev_skip_adv(s, v->start);
    if (p < 0)
        return v->ftype == F_PAST; /* "Rebuked by Eriador, ..." */
    const struct dy_stok *pt = &s->t[p];
    switch (pt->cls) {
    case W_TO:
        return v->ftype == F_BASE;
    case W_MODAL:
    case W_NEG:
        return v->ftype != F_S; /* "would act", "would acting" (sic), "not broken" */
    case W_AUX:
        if (is_do(pt))
            return v->ftype == F_BASE;
        if (is_be(pt))
            return v->ftype == F_ING || v->ftype == F_PAST;
        /* has, have, had: a participle, which for many verbs is the base (overcome) */
        return v->ftype == F_PAST || v->ftype == F_BASE;
    case W_DET:
    case W_POSS:
    case W_NUM:
        return false;
    case W_PREP:
    case W_BY:
        return v->ftype == F_ING;
    case W_CONJ:
        return v->ftype == F_PAST || v->ftype == F_S;
    case W_COMMA:
    case W_PUNCT:
        return v->ftype == F_PAST || v->ftype == F_S;
    case W_SUBORD:
    case W_REL:
        return v->ftype == F_PAST || v->ftype == F_S;
    case W_PRON:
        return v->ftype != F_ING;
    default:
        break;
    }
    /* After a noun, an actor or an open-class word. */
    if (pt->verb >= 0 && s->v[pt->verb].is_verb)
        return false;
    bool lower_word = pt->mention < 0 && pt->cls == W_OTHER && !(pt->tok->flags & DY_TOK_CAP);
    switch (v->ftype) {
    case F_PAST:
        return true;
    case F_S:
        /* "daylight raids", "Russian demands": nouns; "Ethiopia departs": a verb */
        return !lower_word && !(pt->mention >= 0 && demonym(pt->tok->norm, pt->tok->norm_len));
    case F_BASE:
        return plural_subject(s, p) || (pt->mention >= 0 && s->m[pt->mention].kind == M_ACTOR &&
                                        !np_makes_noun(s, p));
    default:
        return false;
    }
}

void dy_decide_verbs(struct dy_sent *s)
{
    for (size_t k = 0; k < s->nv; k++) {
        struct dy_verb *v = &s->v[k];
        v->ftype = s->dict->form_type[v->form]; /* compile.c */
        v->is_verb = decide(s, v);
        /* Voice and negation from the auxiliary chain before the verb. */
        v->passive = 0;
        v->negated = 0;
        v->future = 0;
        for (int32_t p = (int32_t)v->start - 1; p >= 0; p--) {
            const struct dy_stok *t = &s->t[p];
            if (t->mention >= 0)
                break;
            if (t->cls == W_NEG)
                v->negated = 1;
            else if (t->cls == W_MODAL && (DY_NORM_IS(t, "WILL") || DY_NORM_IS(t, "WOULD") ||
                                           DY_NORM_IS(t, "SHALL") || DY_NORM_IS(t, "'LL")))
                v->future = 1;
            else if (t->cls == W_AUX) {
                if (is_be(t) && v->ftype == F_PAST)
                    v->passive = 1;
            } else if (t->cls != W_ADV && t->cls != W_MODAL)
                break;
        }
    }
}
