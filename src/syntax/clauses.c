/*
 * clauses.c - who a verb's subject and object are, read from the words around it: clause
 * boundaries (subordinators, relatives, reporting verbs, ";"), a new clause after a
 * comma (", a senior official said"), subject pronouns after a verb ("Iraq said it
 * would"), passive "by", infinitives and adverbial clauses that belong to an earlier
 * verb. The coder asks; nothing here makes events.
 */
#include "code/sent.h"

#include <string.h>

/* A verb here: a dictionary verb the syntax accepted, or a reporting verb. */
bool dy_is_verb_at(const struct dy_sent *s, size_t i)
{
    return s->t[i].cls == W_SAYS || (s->t[i].verb >= 0 && s->v[s->t[i].verb].is_verb);
}

static bool boundary(const struct dy_stok *t)
{
    if (t->cls == W_SUBORD || t->cls == W_REL || t->cls == W_SAYS)
        return true;
    if (t->cls == W_PUNCT) {
        char ch = t->tok->norm[0];
        return ch == ';' || ch == ':' || ch == '(' || ch == ')';
    }
    return false;
}

static bool skippable_before_verb(const struct dy_stok *t)
{
    return t->mention < 0 && (t->cls == W_AUX || t->cls == W_MODAL || t->cls == W_NEG ||
                              t->cls == W_ADV || t->cls == W_TO);
}

/* A name the dictionary does not know, after an actor or agent: "US Deputy Secretary
 * of Energy Jeffrey Kupfer said" - Kupfer belongs to the subject's noun phrase. */
static bool unknown_name(const struct dy_stok *t)
{
    return t->mention < 0 && t->cls == W_OTHER && t->verb < 0 && (t->tok->flags & DY_TOK_CAP);
}

/* "is willing to", "are ready to": an adjective between "be" and "to". */
static bool predicate_adjective(const struct dy_sent *s, int32_t i)
{
    const struct dy_stok *t = &s->t[i];
    return t->mention < 0 && t->cls == W_OTHER && t->verb < 0 && i > 0 && i + 1 < (int32_t)s->n &&
           s->t[i - 1].cls == W_AUX && s->t[i + 1].cls == W_TO;
}

/* Past the auxiliaries (and, with names, unknown names) from token i in direction dir. */
static int32_t skip_to_verb(const struct dy_sent *s, int32_t i, int dir, int32_t lo)
{
    int names = 0;
    while (i >= lo && i < (int32_t)s->n &&
           (skippable_before_verb(&s->t[i]) || predicate_adjective(s, i) ||
            (unknown_name(&s->t[i]) && names++ < 4)))
        i += dir;
    return i;
}

static bool is_time_word(const struct dy_stok *t)
{
    static const char *const w[] = {"TODAY",    "YESTERDAY", "TONIGHT",  "MONDAY",
                                    "TUESDAY",  "WEDNESDAY", "THURSDAY", "FRIDAY",
                                    "SATURDAY", "SUNDAY",    "WEEKEND"};
    return dy_norm_in(t, w, sizeof w / sizeof w[0]);
}

/* "Iraq said it would allow ...", "Syria says it is willing to ...": a subject pronoun
 * right after a reporting or other verb stands for that verb's subject; so does a
 * possessive ("Israel said its troops ..."). Other pronouns name no actor. */
int dy_resolve_pronoun(const struct dy_sent *s, uint32_t p, struct dy_group *g)
{
    static const char *const subj[] = {"HE", "SHE", "IT", "THEY", "WE",
                                       "HIS", "HER", "ITS", "THEIR", "OUR"};
    if (!dy_norm_in(&s->t[p], subj, sizeof subj / sizeof subj[0]) || p == 0)
        return 0;
    uint32_t q = p - 1;
    if (s->t[q].cls == W_SUBORD && DY_NORM_IS(&s->t[q], "THAT") && q > 0)
        q--;
    /* the verb must come right before, after adverbs or a time ("said on Wednesday
     * they would", "said yesterday it had") */
    for (;;) {
        if (q > 0 && s->t[q].cls == W_ADV)
            q--;
        else if (q > 1 && s->t[q].cls == W_OTHER && is_time_word(&s->t[q]))
            q -= s->t[q - 1].cls == W_PREP ? 2 : 1;
        else
            break;
    }
    if (!dy_is_verb_at(s, q))
        return 0;
    return dy_subject(s, q, g);
}

/* The group a verb's subject is: the group right before it when that group begins a
 * clause (", a senior official said", "and Gondor attacked"), else the first group of
 * the clause (TABARI's rule), else nothing. A pronoun right before the verb is the
 * subject, and names no actor. */
int dy_subject(const struct dy_sent *s, uint32_t end, struct dy_group *g)
{
    uint32_t start = 0;
    for (int32_t i = (int32_t)end - 1; i >= 0; i--)
        if (boundary(&s->t[i])) {
            start = (uint32_t)i + 1;
            break;
        }
    int32_t p = (int32_t)end - 1;
    p = skip_to_verb(s, p, -1, (int32_t)start);
    if (p >= (int32_t)start && s->t[p].cls == W_PRON && s->t[p].mention < 0)
        return dy_resolve_pronoun(s, (uint32_t)p, g);
    struct dy_group best;
    memset(&best, 0, sizeof best);
    if (p >= (int32_t)start && s->t[p].mention >= 0 &&
        dy_group_containing(s, start, end, (uint32_t)p, &best)) {
        int32_t before = (int32_t)best.start - 1;
        while (before >= (int32_t)start &&
               (s->t[before].cls == W_DET || s->t[before].cls == W_ADV ||
                (s->t[before].cls == W_OTHER && s->t[before].mention < 0)))
            before--;
        if (before < (int32_t)start || s->t[before].cls == W_COMMA ||
            s->t[before].cls == W_CONJ) {
            *g = best;
            return 1;
        }
    }
    return dy_group_at(s, start, end, g) >= 0 ? 1 : 0;
}

/* Does a new clause with its own subject start after the comma at token i: ", a senior
 * official said"? */
static bool clause_after_comma(const struct dy_sent *s, uint32_t i)
{
    uint32_t j = i + 1;
    while (j < s->n && (s->t[j].cls == W_DET || s->t[j].cls == W_ADV ||
                        (s->t[j].cls == W_OTHER && s->t[j].mention < 0)))
        j++;
    if (j >= s->n || s->t[j].mention < 0)
        return false;
    struct dy_group g;
    if (dy_group_at(s, j, (uint32_t)s->n, &g) < 0)
        return false;
    j = g.end;
    j = (uint32_t)skip_to_verb(s, (int32_t)j, 1, 0);
    return j < s->n && dy_is_verb_at(s, j);
}

int dy_object(const struct dy_sent *s, uint32_t from, struct dy_group *g)
{
    uint32_t to = (uint32_t)s->n;
    for (uint32_t i = from; i < s->n; i++)
        if ((s->t[i].cls == W_PUNCT && s->t[i].tok->norm[0] == ';') ||
            (s->t[i].cls == W_COMMA && clause_after_comma(s, i))) {
            to = i;
            break;
        }
    return dy_group_at(s, from, to, g) >= 0 ? 1 : 0;
}

/* "was opposed by Osgiliath": the group after "by", when "by" comes before any other
 * group after a passive verb. */
int dy_passive_agent(const struct dy_sent *s, const struct dy_verb *v, struct dy_group *g)
{
    for (uint32_t i = v->end; i < s->n && i < v->end + 6; i++) {
        if (s->t[i].mention >= 0)
            return 0;
        if (s->t[i].cls == W_BY)
            return dy_group_at(s, i + 1, i + 4 < s->n ? i + 4 : (uint32_t)s->n, g) >= 0;
    }
    return 0;
}

int dy_group_at_token(const struct dy_sent *s, int32_t tok, struct dy_group *g)
{
    if (tok < 0)
        return 0;
    return dy_group_at(s, (uint32_t)tok, (uint32_t)s->n, g) >= 0;
}

/* A verb right after "to" (or "to be") that follows a verb which already produced an
 * event belongs to that verb's clause: "urged Bree to help", "abandoned efforts to
 * stop". */
bool dy_dependent(const struct dy_sent *s, const struct dy_verb *v, const uint8_t *coded)
{
    int32_t p = (int32_t)v->start - 1;
    while (p >= 0 && (s->t[p].cls == W_ADV || s->t[p].cls == W_AUX))
        p--;
    /* "to V" and, likewise, "of/for/by V-ing": "accused Ukraine of attacking" */
    bool gerund = p >= 0 && v->ftype == F_ING && (s->t[p].cls == W_PREP || s->t[p].cls == W_BY);
    if (p < 0 || (s->t[p].cls != W_TO && !gerund))
        return false;
    for (int32_t i = p - 1; i >= 0; i--) {
        if (boundary(&s->t[i]))
            return false;
        if (s->t[i].verb >= 0 && coded[s->t[i].verb])
            return true;
    }
    return false;
}

/* PETRARCH codes the highest verb of a clause: a verb in an adverbial clause ("after
 * Calenardhon crowds burned down its embassy") hanging off a verb that already produced
 * an event belongs to that event, not to one of its own. "that" clauses are not
 * adverbial: "said that ... and warned" codes both. */
bool dy_under_coded_verb(const struct dy_sent *s, const struct dy_verb *v,
                             const uint8_t *coded)
{
    bool adverbial = false;
    for (int32_t i = (int32_t)v->start - 1; i >= 0; i--) {
        const struct dy_stok *t = &s->t[i];
        if ((t->cls == W_PUNCT && t->tok->norm[0] == ';') || (t->cls == W_COMMA && !adverbial))
            return false; /* ", a senior official said" starts a clause of its own */
        if (t->cls == W_SUBORD && !DY_NORM_IS(t, "THAT"))
            adverbial = true;
        if (adverbial && t->verb >= 0 && coded[t->verb])
            return true;
    }
    return false;
}

/* A group that stands after "in", "at" or "near": a place, which is a target only when
 * nothing better is there. */
bool dy_locative(const struct dy_sent *s, const struct dy_group *g)
{
    int32_t i = (int32_t)g->start - 1;
    while (i >= 0 && (s->t[i].cls == W_DET || (s->t[i].cls == W_OTHER && s->t[i].mention < 0)))
        i--;
    if (i < 0 || s->t[i].cls != W_PREP)
        return false;
    const struct dy_stok *t = &s->t[i];
    return DY_NORM_IS(t, "IN") || DY_NORM_IS(t, "AT") || DY_NORM_IS(t, "NEAR");
}

