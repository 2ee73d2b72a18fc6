/*
 * groups.c - reads runs of actor and agent mentions as one noun phrase and works out the
 * codes it stands for: "Arnor security officials" -> ARNGOV, "ambassadors of Arnor,
 * Osgiliath and Gondor" -> ARNGOV OSGGOV GONGOV, "Danish media and government" ->
 * DNKMED DNKGOV, "MSF Arnor diplomat" -> NGOARNGOV, "former Gondor prosecutors" ->
 * GONELI.
 */
#include "code/sent.h"

#include <string.h>

enum link { L_FIRST, L_STACK, L_OF, L_COORD };

#define MAX_GROUP 16

static bool verb_at(const struct dy_sent *s, uint32_t i)
{
    return s->t[i].verb >= 0 && s->v[s->t[i].verb].is_verb;
}

/* How mention b attaches to the mention before it (ending at token a), or -1. */
static int link_between(const struct dy_sent *s, const struct dy_mention *ma, uint32_t a,
                        uint32_t b)
{
    if (a == b)
        return L_STACK;
    if (b - a > 5)
        return -1;
    for (uint32_t i = a; i < b; i++)
        if (verb_at(s, i))
            return -1;
    const struct dy_stok *t = &s->t[a];
    uint32_t i = a;
    /* coordination: [,] [and|or|nor|,] [det] [adj]{0,2} */
    if (t->cls == W_COMMA || t->cls == W_CONJ) {
        int commas = 0, conj = 0;
        while (i < b && (s->t[i].cls == W_COMMA || s->t[i].cls == W_CONJ)) {
            commas += s->t[i].cls == W_COMMA;
            conj += s->t[i].cls == W_CONJ;
            i++;
        }
        if (commas > 1 || conj > 1)
            return -1;
        if (i < b && s->t[i].cls == W_DET)
            i++;
        uint32_t adj = 0;
        while (i < b && s->t[i].cls == W_OTHER && adj < 2)
            i++, adj++;
        return i == b ? L_COORD : -1;
    }
    /* agent of/in/from actor: "ambassadors of Arnor", "soldiers from Gondor" */
    if (ma->kind == M_AGENT && (DY_NORM_IS(t, "OF") || DY_NORM_IS(t, "IN") || DY_NORM_IS(t, "FROM"))) {
        i++;
        if (i < b && s->t[i].cls == W_DET)
            i++;
        while (i < b && s->t[i].cls == W_OTHER)
            i++;
        return i == b ? L_OF : -1;
    }
    /* stacked modifiers: 's, adjectives, "awful and evil", "former" */
    for (; i < b; i++) {
        uint8_t c = s->t[i].cls;
        if (c == W_POSS || c == W_OTHER || c == W_ADV || c == W_NUM)
            continue;
        if (c == W_CONJ && i > a && i + 1 < b && s->t[i - 1].cls == W_OTHER &&
            s->t[i + 1].cls == W_OTHER)
            continue;
        return -1;
    }
    return L_STACK;
}

int dy_group_at(const struct dy_sent *s, uint32_t from, uint32_t to, struct dy_group *g)
{
    memset(g, 0, sizeof *g);
    uint32_t i = from;
    while (i < to && i < s->n && s->t[i].mention < 0)
        i++;
    if (i >= to || i >= s->n)
        return -1;
    uint32_t m0 = (uint32_t)s->t[i].mention;
    uint32_t last = m0;
    while (last + 1 < s->nm && last + 1 - m0 < MAX_GROUP) {
        const struct dy_mention *a = &s->m[last], *b = &s->m[last + 1];
        if (b->start >= to || link_between(s, a, a->end, b->start) < 0)
            break;
        last++;
    }
    g->start = s->m[m0].start;
    g->end = s->m[last].end;
    g->first_m = m0;
    g->n_m = last - m0 + 1;
    return (int)m0;
}

int dy_group_containing(const struct dy_sent *s, uint32_t start, uint32_t end, uint32_t i,
                        struct dy_group *g)
{
    int found = 0;
    uint32_t lo = i >= 64 ? i - 64 : 0;
    if (lo < start)
        lo = start;
    /* The earliest group start whose group still covers i: groups only grow rightwards
     * from their first mention. */
    for (uint32_t q = lo; q <= i && !found; q++) {
        if (s->t[q].mention < 0 || (q > 0 && s->t[q - 1].mention == s->t[q].mention))
            continue;
        struct dy_group cand;
        if (dy_group_at(s, q, end, &cand) >= 0 && cand.start <= i && cand.end > i) {
            *g = cand;
            found = 1;
        }
    }
    return found;
}

static bool has_code(const char *code, const char *agent)
{
    size_t n = strlen(code), k = strlen(agent);
    for (size_t i = 0; i + k <= n; i += 3)
        if (memcmp(code + i, agent, k) == 0)
            return true;
    return false;
}

static dyad_status push_code(const struct dy_sent *s, struct dy_group *g, const char *code,
                             size_t len, dyad_span span, uint32_t *cap)
{
    for (uint32_t i = 0; i < g->n_codes; i++)
        if (strlen(g->codes[i]) == len && memcmp(g->codes[i], code, len) == 0)
            return DYAD_OK;
    if (g->n_codes == *cap) {
        uint32_t ncap = *cap ? *cap * 2 : 4;
        const char **nc = dy_arena_alloc(s->arena, ncap * sizeof *nc);
        dyad_span *ns = dy_arena_alloc(s->arena, ncap * sizeof *ns);
        if (!nc || !ns)
            return DYAD_NOMEM;
        if (g->n_codes) {
            memcpy(nc, g->codes, g->n_codes * sizeof *nc);
            memcpy(ns, g->spans, g->n_codes * sizeof *ns);
        }
        g->codes = nc;
        g->spans = ns;
        *cap = ncap;
    }
    char *c = dy_arena_strndup(s->keep, code, len); /* events keep it */
    if (!c)
        return DYAD_NOMEM;
    g->codes[g->n_codes] = c;
    g->spans[g->n_codes] = span;
    g->n_codes++;
    return DYAD_OK;
}

static dyad_span mention_span(const struct dy_sent *s, uint32_t m)
{
    const struct dy_token *a = s->t[s->m[m].start].tok, *b = s->t[s->m[m].end - 1].tok;
    dyad_span sp = {a->start, (size_t)b->start + b->len};
    return sp;
}

static dyad_span span_union(dyad_span a, dyad_span b)
{
    dyad_span u = {a.start < b.start ? a.start : b.start, a.end > b.end ? a.end : b.end};
    return u;
}


/* ---- codes of a group ------------------------------------------------------------ *
 *
 * A group is read as conjuncts ("Libyan leader Muammar Gaddafi" and "Bulgarian
 * President Todor Zhivkov"), each a stack of mentions joined by adjacency, "'s" or
 * "of/in/from". A conjunct's code is its actor's code with its agents' codes; a
 * conjunct that lacks one takes it from its neighbours the way English distributes
 * modifiers: "Lawmakers and officials in Fornost and Gondor" (FORLEG GONLEG FORGOV
 * GONGOV), "the ambassadors of Arnor, Osgiliath and Gondor" (ARNGOV OSGGOV GONGOV),
 * "Danish media and government" (DNKMED DNKGOV).
 */

#define MAX_AGENTS 8

struct conj {
    int32_t actor;          /* chosen actor mention, or -1 */
    bool actor_via_of;      /* the actor came after "of/in/from" ("officials in Fornost") */
    uint32_t agents[MAX_AGENTS];
    uint32_t n_agents;
    uint32_t first_m, last_m; /* its mentions */
};

/* Of two stacked actors the first names the conjunct ("Arnor's Elrond" is ARN), unless
 * the second is a more specific code of the same actor: "Sudan's Rapid Support Forces"
 * (SDN, SDNRSF), "Ukrainian President Volodymyr Zelensky" (UKR, UKRGOV). */
static bool more_specific(const struct dy_sent *s, uint32_t first, uint32_t next)
{
    const char *a = dy_actor_code(s->dict, s->m[first].entry, s->day);
    const char *b = dy_actor_code(s->dict, s->m[next].entry, s->day);
    if (!b)
        return false;
    if (!a)
        return true;
    size_t al = strlen(a);
    return strlen(b) > al && strncmp(a, b, al) == 0;
}

/* Appends the code made of the conjunct's agents around actor code `base` (bl bytes;
 * "---" when there is no actor). `former` turns the agents into ELI. */
static dyad_status conj_code(const struct dy_sent *s, struct dy_group *g, const struct conj *c,
                             const char *base, size_t bl, bool have_actor, dyad_span span,
                             bool former, uint32_t *cap)
{
    const struct dy_dict_model *m = &s->dict->m;
    char code[96];
    size_t len = 0;
    for (uint32_t k = 0; k < c->n_agents; k++) {
        const struct dy_agent *ag = &m->agents[s->m[c->agents[k]].entry];
        size_t al = strlen(ag->code);
        if (ag->prefix && len + al < sizeof code - 1) {
            memcpy(code + len, ag->code, al);
            len += al;
        }
    }
    if (len + bl >= sizeof code)
        return DYAD_OK;
    memcpy(code + len, base, bl);
    len += bl;
    code[len] = '\0';
    size_t base_at = len - bl;
    bool any_suffix = false;
    for (uint32_t k = 0; k < c->n_agents; k++) {
        const struct dy_agent *ag = &m->agents[s->m[c->agents[k]].entry];
        if (ag->prefix)
            continue;
        any_suffix = true;
        size_t al = strlen(ag->code);
        if (former || has_code(code + base_at, ag->code) || len + al >= sizeof code)
            continue;
        memcpy(code + len, ag->code, al);
        len += al;
        code[len] = '\0';
    }
    if (former && (any_suffix || have_actor) && len + 3 < sizeof code && !has_code(code, "ELI")) {
        memcpy(code + len, "ELI", 3);
        len += 3;
    }
    return push_code(s, g, code, len, span, cap);
}

/* All codes of conjunct c with the actor mention `actor` (-1: none); an actor coded
 * [FRO/BIL/SAM] stands for each of them. */
static dyad_status conj_codes(const struct dy_sent *s, struct dy_group *g, const struct conj *c,
                              int32_t actor, bool former, uint32_t *cap)
{
    dyad_span span = {0, 0};
    for (uint32_t k = c->first_m; k <= c->last_m; k++)
        span = span.end == 0 ? mention_span(s, k) : span_union(span, mention_span(s, k));
    if (actor < 0)
        return c->n_agents ? conj_code(s, g, c, "---", 3, false, span, former, cap) : DYAD_OK;
    const char *codes = dy_actor_code(s->dict, s->m[actor].entry, s->day);
    if (!codes)
        return DYAD_OK;
    span = span_union(span, mention_span(s, (uint32_t)actor));
    for (const char *base = codes; *base;) {
        const char *slash = strchr(base, '/');
        size_t bl = slash ? (size_t)(slash - base) : strlen(base);
        dyad_status st = conj_code(s, g, c, base, bl, true, span, former, cap);
        if (st != DYAD_OK)
            return st;
        base += bl + (slash != NULL);
    }
    return DYAD_OK;
}

dyad_status dy_group_codes(const struct dy_sent *s, struct dy_group *g)
{
    uint32_t cap = 0;
    g->codes = NULL;
    g->spans = NULL;
    g->n_codes = 0;
    bool former = false;
    for (int32_t i = (int32_t)g->start - 1; i >= 0 && i >= (int32_t)g->start - 2; i--)
        former |= DY_NORM_IS(&s->t[i], "FORMER");
    for (uint32_t i = g->start; i < g->end; i++)
        former |= DY_NORM_IS(&s->t[i], "FORMER");

    struct conj c[MAX_GROUP];
    size_t nc = 0;
    for (uint32_t k = 0; k < g->n_m && k < MAX_GROUP; k++) {
        uint32_t mi = g->first_m + k;
        const struct dy_mention *mm = &s->m[mi];
        int link = k == 0 ? L_FIRST
                          : link_between(s, &s->m[mi - 1], s->m[mi - 1].end, mm->start);
        if (link == L_FIRST || link == L_COORD) {
            memset(&c[nc], 0, sizeof c[nc]);
            c[nc].actor = -1;
            c[nc].first_m = mi;
            nc++;
        }
        struct conj *cj = &c[nc - 1];
        cj->last_m = mi;
        if (mm->kind == M_AGENT) {
            if (cj->n_agents < MAX_AGENTS)
                cj->agents[cj->n_agents++] = mi;
        } else if (cj->actor < 0 || more_specific(s, (uint32_t)cj->actor, mi)) {
            cj->actor = (int32_t)mi;
            cj->actor_via_of = link == L_OF;
        }
    }
    for (size_t i = 0; i < nc; i++) {
        dyad_status st = DYAD_OK;
        if (c[i].actor >= 0) {
            /* "ambassadors of Arnor, Osgiliath and Gondor": a bare actor after a
             * conjunct whose actor hangs off its agents by "of" shares those agents */
            struct conj own = c[i];
            /* "Ukrainian and Russian delegations": a bare actor before a conjunct whose
             * actor carries agents shares them */
            if (!own.n_agents && !own.actor_via_of && i + 1 < nc && c[i + 1].actor >= 0 &&
                !c[i + 1].actor_via_of && c[i + 1].n_agents &&
                c[i + 1].agents[0] > (uint32_t)c[i + 1].actor) {
                memcpy(own.agents, c[i + 1].agents, c[i + 1].n_agents * sizeof own.agents[0]);
                own.n_agents = c[i + 1].n_agents;
            }
            if (!own.n_agents && !own.actor_via_of)
                for (size_t j = i; j-- > 0;) {
                    if (c[j].actor >= 0 && c[j].actor_via_of && c[j].n_agents) {
                        memcpy(own.agents, c[j].agents, c[j].n_agents * sizeof own.agents[0]);
                        own.n_agents = c[j].n_agents;
                        break;
                    }
                    if (c[j].actor < 0 || c[j].n_agents)
                        break;
                }
            st = conj_codes(s, g, &own, own.actor, former, &cap);
        } else {
            /* agents alone: the actors of the "of" phrase to their right ("lawmakers
             * and officials in Fornost and Gondor"), else the actor of an adjective to
             * their left ("Danish media and government"), else none */
            size_t j = i + 1;
            while (j < nc && c[j].actor < 0)
                j++;
            if (j < nc && c[j].actor_via_of) {
                for (size_t k = j; k < nc && st == DYAD_OK; k++) {
                    if (c[k].actor < 0 || (k > j && (c[k].n_agents || c[k].actor_via_of)))
                        break;
                    st = conj_codes(s, g, &c[i], c[k].actor, former, &cap);
                }
            } else {
                int32_t left = -1;
                for (size_t k = i; k-- > 0;)
                    if (c[k].actor >= 0 && !c[k].actor_via_of) {
                        left = c[k].actor;
                        break;
                    }
                st = conj_codes(s, g, &c[i], left, former, &cap);
            }
        }
        if (st != DYAD_OK)
            return st;
    }
    return DYAD_OK;
}
