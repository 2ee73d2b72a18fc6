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

static bool is_word(const struct dy_stok *t, const char *w)
{
    return strcmp(t->tok->norm, w) == 0;
}

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
    if (ma->kind == M_AGENT && (is_word(t, "OF") || is_word(t, "IN") || is_word(t, "FROM"))) {
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

/* A unit: mentions of one kind joined by coordination ("lawmakers and officials"). */
struct unit {
    uint8_t kind;
    uint32_t first, n; /* mention indexes */
};

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
    char *c = dy_arena_strndup(s->arena, code, len);
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

/* One code: the prefix agents, the actor's code `base`, the suffix agents, each agent
 * unit contributing its member idx[]; "former" turns the agents into ELI. */
static dyad_status one_code(const struct dy_sent *s, struct dy_group *g, const struct unit *u,
                            size_t nu, const char *base, size_t bl, dyad_span span,
                            bool have_actor, size_t agent_units, const uint32_t *idx,
                            bool former, uint32_t *cap)
{
    const struct dy_dict_model *m = &s->dict->m;
    char code[96];
    size_t len = 0, ai = 0;
    if (!have_actor && !agent_units)
        return DYAD_OK;
    for (size_t k = 0; k < nu; k++) {
        if (u[k].kind != M_AGENT)
            continue;
        const struct dy_agent *ag = &m->agents[s->m[u[k].first + idx[ai++]].entry];
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
    ai = 0;
    bool any_suffix = false;
    for (size_t k = 0; k < nu; k++) {
        if (u[k].kind != M_AGENT)
            continue;
        uint32_t mi = u[k].first + idx[ai++];
        const struct dy_agent *ag = &m->agents[s->m[mi].entry];
        /* the text of the code: the actor and the agents that made it */
        span = span.end == 0 ? mention_span(s, mi) : span_union(span, mention_span(s, mi));
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

/* Of two stacked actors the first names the group ("Arnor's Elrond" is ARN), unless the
 * second is a more specific code of the same actor: "Sudan's Rapid Support Forces"
 * (SDN, SDNRSF), "Ukrainian President Volodymyr Zelensky" (UKR, UKRGOV). */
static bool more_specific(const struct dy_sent *s, const struct unit *first,
                          const struct unit *next)
{
    if (first->n != 1 || next->n != 1)
        return false;
    const char *a = dy_actor_code(s->dict, s->m[first->first].entry, s->day);
    const char *b = dy_actor_code(s->dict, s->m[next->first].entry, s->day);
    if (!b)
        return false;
    if (!a)
        return true;
    size_t al = strlen(a);
    return strlen(b) > al && strncmp(a, b, al) == 0;
}

/* Codes of one segment (units linked by stacking or of/in): the first actor unit's
 * members, each combined with one member of every agent unit. */
static dyad_status segment_codes(const struct dy_sent *s, struct dy_group *g,
                                 const struct unit *u, size_t nu, bool former, uint32_t *cap)
{
    const struct unit *actors = NULL;
    size_t agent_units = 0;
    for (size_t k = 0; k < nu; k++) {
        if (u[k].kind == M_ACTOR && (!actors || more_specific(s, actors, &u[k])))
            actors = &u[k];
        else if (u[k].kind == M_AGENT)
            agent_units++;
    }
    uint32_t n_actor = actors ? actors->n : 1;
    /* odometer over agent unit members */
    uint32_t idx[MAX_GROUP] = {0};
    for (;;) {
        for (uint32_t a = 0; a < n_actor; a++) {
            const char *codes = "---";
            dyad_span span = {0, 0};
            if (actors) {
                uint32_t mi = actors->first + a;
                codes = dy_actor_code(s->dict, s->m[mi].entry, s->day);
                span = mention_span(s, mi);
                if (!codes)
                    continue;
                /* stacked actors the code came through ("Ukrainian" in "Ukrainian
                 * President Volodymyr Zelensky") belong to its text too */
                for (size_t k = 0; k < nu; k++)
                    if (u[k].kind == M_ACTOR && &u[k] != actors && u[k].n == 1)
                        span = span_union(span, mention_span(s, u[k].first));
            }
            /* an actor coded [FRO/BIL/SAM] stands for each of them */
            for (const char *base = codes; *base;) {
                const char *slash = strchr(base, '/');
                size_t bl = slash ? (size_t)(slash - base) : strlen(base);
                dyad_status st = one_code(s, g, u, nu, base, bl, span, actors != NULL,
                                          agent_units, idx, former, cap);
                if (st != DYAD_OK)
                    return st;
                base += bl + (slash != NULL);
            }
        }
        /* next combination */
        size_t k = 0, ai = 0;
        for (; k < nu; k++) {
            if (u[k].kind != M_AGENT)
                continue;
            if (++idx[ai] < u[k].n)
                break;
            idx[ai] = 0;
            ai++;
        }
        if (k == nu)
            break;
    }
    return DYAD_OK;
}

dyad_status dy_group_codes(const struct dy_sent *s, struct dy_group *g)
{
    uint32_t cap = 0;
    g->codes = NULL;
    g->spans = NULL;
    g->n_codes = 0;
    struct unit u[MAX_GROUP];
    size_t nu = 0;
    bool former = false;
    for (int32_t i = (int32_t)g->start - 1; i >= 0 && i >= (int32_t)g->start - 2; i--)
        former |= is_word(&s->t[i], "FORMER");
    for (uint32_t i = g->start; i < g->end; i++)
        former |= is_word(&s->t[i], "FORMER");
    for (uint32_t k = 0; k < g->n_m; k++) {
        uint32_t mi = g->first_m + k;
        const struct dy_mention *mm = &s->m[mi];
        int link = k == 0 ? L_FIRST
                          : link_between(s, &s->m[mi - 1], s->m[mi - 1].end, mm->start);
        if (link == L_COORD && nu > 0 && u[nu - 1].kind == mm->kind) {
            u[nu - 1].n++;
            continue;
        }
        if (link == L_COORD) {
            /* unlike kinds coordinated: "Ithilen and the government of Gondor" is two
             * noun phrases; finish the segment so far */
            dyad_status st = segment_codes(s, g, u, nu, former, &cap);
            if (st != DYAD_OK)
                return st;
            nu = 0;
        }
        u[nu].kind = mm->kind;
        u[nu].first = mi;
        u[nu].n = 1;
        nu++;
    }
    return segment_codes(s, g, u, nu, former, &cap);
}
