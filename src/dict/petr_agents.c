/*
 * petr_agents.c - reads a PETRARCH agent dictionary (PETR.Validate.agents.txt,
 * Phoenix.agents.txt): "!NAME! = A, B, C" substitution sets and entries
 * "PHRASE {PLURALS} [~CODE]" ("[CODE~]" for an agent whose code goes before the actor's).
 * A phrase may use a set ("CONGRESS!PERSON!" is CONGRESSMAN, CONGRESSMEN, ...); each phrase
 * gets its plural unless the entry lists its own ({ATTORNEYS_GENERAL}) or none ({}).
 */
#include "dict/dict.h"
#include "text/text.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

/* More would be a typo or an attack, not a dictionary: real entries use one set of five
 * alternatives and have a handful of phrases. */
#define MAX_EXPANSIONS 256
#define MAX_EXPANDED   (1 << 20) /* bytes of text the sets of one entry may make */
#define MAX_PHRASES    4096      /* phrases of one entry (they are compared pairwise) */

struct macro {
    char *name;  /* normalised, without the '!' */
    char **alts; /* as written, trimmed */
    size_t n_alts, cap_alts;
};

struct text_list {
    struct dy_buf *items;
    size_t n, cap;
};

struct agent_reader {
    struct dy_petr_ctx c;
    struct macro *macros;
    size_t n_macros, cap_macros;
    struct dy_buf name; /* scratch: a normalised macro name */
    struct text_list texts, next;
    uint32_t agent; /* index the entry being read will have */
    size_t first_phrase;
};

#define REJECT(r, at, s, n, ...) dy_petr_reject(&(r)->c, (r)->c.line, at, s, n, __VA_ARGS__)

static void list_clear(struct text_list *l)
{
    for (size_t i = 0; i < l->n; i++)
        l->items[i].len = 0;
    l->n = 0;
}

static void list_free(struct text_list *l)
{
    for (size_t i = 0; i < l->cap; i++)
        dy_buf_free(&l->items[i]);
    dy_free(l->items);
    memset(l, 0, sizeof *l);
}

/* Appends a copy of s to the list (reusing the buffers of earlier entries). */
static dyad_status list_add(struct text_list *l, const char *a, size_t an, const char *b, size_t bn)
{
    if (l->n == l->cap) {
        size_t old = l->cap;
        if (dy_grow((void **)&l->items, &l->cap, l->n + 1, sizeof *l->items) != DYAD_OK)
            return DYAD_NOMEM;
        memset(l->items + old, 0, (l->cap - old) * sizeof *l->items);
    }
    struct dy_buf *it = &l->items[l->n];
    it->len = 0;
    if (dy_buf_append(it, a, an) != DYAD_OK || dy_buf_append(it, b, bn) != DYAD_OK)
        return DYAD_NOMEM;
    l->n++;
    return DYAD_OK;
}

static void free_macros(struct agent_reader *r)
{
    for (size_t i = 0; i < r->n_macros; i++) {
        dy_free(r->macros[i].name);
        for (size_t j = 0; j < r->macros[i].n_alts; j++)
            dy_free(r->macros[i].alts[j]);
        dy_free(r->macros[i].alts);
    }
    dy_free(r->macros);
}

/* Normalises a macro name into r->name. DYAD_SYNTAX if it is not valid UTF-8. */
static dyad_status macro_name(struct agent_reader *r, const char *s, size_t n)
{
    r->name.len = 0;
    dyad_status st = dy_norm_word(s, n, &r->name);
    if (st == DYAD_OK && !r->name.data)
        st = dy_buf_append(&r->name, "", 0);
    return st;
}

static const struct macro *find_macro(const struct agent_reader *r)
{
    for (size_t i = 0; i < r->n_macros; i++)
        if (strcmp(r->macros[i].name, r->name.data) == 0)
            return &r->macros[i];
    return NULL;
}

/* "!PERSON! = MAN, MEN, WOMAN, WOMEN, PERSON" */
static dyad_status read_macro(struct agent_reader *r, const char *s, size_t n, const char *bang,
                              const char *eq)
{
    dyad_status st = macro_name(r, s + 1, (size_t)(bang - s - 1));
    if (st == DYAD_SYNTAX ||
        (st == DYAD_OK && (r->name.len == 0 || memchr(r->name.data, '\0', r->name.len))))
        return REJECT(r, s, s, n, "%s", "bad substitution set name");
    if (st != DYAD_OK)
        return st;
    if (find_macro(r))
        return REJECT(r, s, s, n, "substitution set '!%s!' is defined twice", r->name.data);
    struct macro mac = {0};
    for (const char *p = eq + 1; p <= s + n;) {
        const char *q = memchr(p, ',', (size_t)(s + n - p));
        if (!q)
            q = s + n;
        const char *a = p;
        size_t an = (size_t)(q - p);
        dy_trim(&a, &an);
        const char *why = NULL;
        if (an == 0)
            why = "empty alternative in substitution set";
        else if (memchr(a, '\0', an))
            why = "NUL byte in a substitution set";
        else if (memchr(a, '!', an))
            why = "'!' inside a substitution set";
        else if (memchr(a, '[', an) || memchr(a, ']', an) || memchr(a, '{', an) ||
                 memchr(a, '}', an))
            why = "bracket inside a substitution set";
        if (why) {
            for (size_t j = 0; j < mac.n_alts; j++)
                dy_free(mac.alts[j]);
            dy_free(mac.alts);
            return REJECT(r, a, s, n, "%s", why);
        }
        char *copy = dy_strndup(a, an);
        if (!copy || DY_PUSH(mac.alts, mac.n_alts, mac.cap_alts, copy) != DYAD_OK) {
            dy_free(copy);
            st = DYAD_NOMEM;
            break;
        }
        p = q + 1;
    }
    if (st == DYAD_OK && !(mac.name = dy_strdup(r->name.data)))
        st = DYAD_NOMEM;
    if (st == DYAD_OK && DY_PUSH(r->macros, r->n_macros, r->cap_macros, mac) != DYAD_OK)
        st = DYAD_NOMEM;
    if (st != DYAD_OK) {
        dy_free(mac.name);
        for (size_t j = 0; j < mac.n_alts; j++)
            dy_free(mac.alts[j]);
        dy_free(mac.alts);
    }
    return st;
}

/* Expands the substitution sets of s[0..n) into r->texts. DYAD_SYNTAX with r->c.msg set
 * when a set is unknown or unterminated. */
static dyad_status expand(struct agent_reader *r, const char *s, size_t n)
{
    list_clear(&r->texts);
    if (list_add(&r->texts, "", 0, "", 0) != DYAD_OK)
        return DYAD_NOMEM;
    size_t i = 0;
    while (i < n) {
        const char *bang = memchr(s + i, '!', n - i);
        size_t j = bang ? (size_t)(bang - s) : n;
        for (size_t t = 0; t < r->texts.n; t++)
            if (dy_buf_append(&r->texts.items[t], s + i, j - i) != DYAD_OK)
                return DYAD_NOMEM;
        if (j == n)
            break;
        const char *close = memchr(s + j + 1, '!', n - j - 1);
        r->c.msg_at = s + j;
        if (!close) {
            snprintf(r->c.msg, sizeof r->c.msg, "%s", "unterminated substitution set '!'");
            return DYAD_SYNTAX;
        }
        size_t k = (size_t)(close - s);
        dyad_status st = macro_name(r, s + j + 1, k - j - 1);
        if (st == DYAD_NOMEM)
            return st;
        const struct macro *mac = st == DYAD_OK ? find_macro(r) : NULL;
        if (!mac) {
            snprintf(r->c.msg, sizeof r->c.msg, "unknown substitution set '!%.*s!'",
                     (int)(k - j - 1 > 60 ? 60 : k - j - 1), s + j + 1);
            return DYAD_SYNTAX;
        }
        if (r->texts.n * mac->n_alts > MAX_EXPANSIONS) {
            snprintf(r->c.msg, sizeof r->c.msg, "more than %d phrases from substitution sets",
                     MAX_EXPANSIONS);
            return DYAD_SYNTAX;
        }
        size_t bytes = 0;
        for (size_t t = 0; t < r->texts.n; t++)
            for (size_t a = 0; a < mac->n_alts; a++)
                bytes += r->texts.items[t].len + strlen(mac->alts[a]) + (n - k);
        if (bytes > MAX_EXPANDED) {
            snprintf(r->c.msg, sizeof r->c.msg, "%s", "substitution sets make the entry too long");
            return DYAD_SYNTAX;
        }
        list_clear(&r->next);
        for (size_t t = 0; t < r->texts.n; t++)
            for (size_t a = 0; a < mac->n_alts; a++)
                if (list_add(&r->next, r->texts.items[t].data, r->texts.items[t].len, mac->alts[a],
                             strlen(mac->alts[a])) != DYAD_OK)
                    return DYAD_NOMEM;
        struct text_list tmp = r->texts;
        r->texts = r->next;
        r->next = tmp;
        i = k + 1;
    }
    return DYAD_OK;
}

/* Adds the phrase at seq to the entry unless it already has it; else drops its elements. */
static dyad_status add_phrase(struct agent_reader *r, struct dy_seq seq)
{
    struct dy_dict_model *m = r->c.m;
    for (size_t i = r->first_phrase; i < m->n_agent_phrases; i++) {
        const struct dy_seq *o = &m->agent_phrases[i].words;
        if (o->n != seq.n)
            continue;
        uint32_t k = 0;
        while (k < seq.n && m->elems[o->first + k].id == m->elems[seq.first + k].id)
            k++;
        if (k == seq.n) {
            m->n_elems = seq.first;
            return DYAD_OK;
        }
    }
    if (m->n_agent_phrases - r->first_phrase >= MAX_PHRASES) {
        m->n_elems = seq.first;
        snprintf(r->c.msg, sizeof r->c.msg, "more than %d phrases in one entry", MAX_PHRASES);
        r->c.msg_at = NULL;
        return DYAD_SYNTAX;
    }
    struct dy_phrase p = {.words = seq, .owner = r->agent, .line = r->c.line};
    return DY_PUSH(m->agent_phrases, m->n_agent_phrases, m->cap_agent_phrases, p);
}

struct plural_ctx {
    struct agent_reader *r;
    struct dy_seq base;
};

/* dy_noun_plurals callback: the base phrase with its last word replaced. */
static dyad_status add_plural(void *ctx, const char *form, size_t len)
{
    struct plural_ctx *pc = ctx;
    struct dy_dict_model *m = pc->r->c.m;
    uint32_t id;
    dyad_status st = dy_petr_word(&pc->r->c, form, len, &id);
    if (st == DYAD_SYNTAX)
        return DYAD_OK;
    if (st != DYAD_OK)
        return st;
    uint32_t first = (uint32_t)m->n_elems;
    for (uint32_t i = 0; i < pc->base.n; i++) {
        struct dy_elem e = m->elems[pc->base.first + i];
        if (i + 1 == pc->base.n)
            e.id = id;
        if (DY_PUSH(m->elems, m->n_elems, m->cap_elems, e) != DYAD_OK)
            return DYAD_NOMEM;
    }
    return add_phrase(pc->r, (struct dy_seq){first, pc->base.n});
}

/* Adds the phrases of every text in r->texts, with plurals when `plurals`. DYAD_SYNTAX
 * (r->c.msg set) if one is malformed. */
static dyad_status add_texts(struct agent_reader *r, bool plurals)
{
    struct dy_dict_model *m = r->c.m;
    for (size_t t = 0; t < r->texts.n; t++) {
        struct dy_petr_phrase ph;
        dyad_status st =
            dy_petr_phrase(&r->c, r->texts.items[t].data, r->texts.items[t].len, 0, &ph);
        if (st != DYAD_OK)
            return st;
        if (ph.seq.n == 0)
            continue;
        uint32_t last = m->elems[ph.seq.first + ph.seq.n - 1].id;
        if ((st = add_phrase(r, ph.seq)) != DYAD_OK)
            return st;
        const char *word = dy_intern_str(&m->words, last);
        if (!plurals || (word[0] == ',' && word[1] == '\0'))
            continue;
        if (!m->lex && (st = dy_lexicon_load(&m->lex, r->c.err)) != DYAD_OK)
            return st;
        struct plural_ctx pc = {r, ph.seq};
        if ((st = dy_noun_plurals(m->lex, word, m->words.lens[last], add_plural, &pc)) != DYAD_OK)
            return st;
    }
    return DYAD_OK;
}

/* "CONGRESS!PERSON! {PLURALS} [~LEG]" */
static dyad_status read_entry(struct agent_reader *r, const char *s, size_t n)
{
    struct dy_dict_model *m = r->c.m;
    const char *lb = memchr(s, '[', n);
    if (!lb)
        return REJECT(r, NULL, s, n, "%s", "agent has no [code]");
    const char *rb = memchr(lb, ']', (size_t)(s + n - lb));
    const char *lb2 = memchr(lb + 1, '[', (size_t)(s + n - lb - 1));
    if (!rb || (lb2 && lb2 < rb))
        return REJECT(r, lb, s, n, "%s", "unbalanced '[' in agent code");
    for (const char *q = rb + 1; q < s + n; q++)
        if (!isspace((unsigned char)*q))
            return REJECT(r, q, s, n, "%s", "unexpected text after the agent code");
    struct dy_agent ag = {.line = r->c.line, .file = r->c.file};
    const char *c = lb + 1;
    size_t cn = (size_t)(rb - lb - 1);
    dy_trim(&c, &cn);
    if (cn && c[0] == '~') {
        c++;
        cn--;
    } else if (cn && c[cn - 1] == '~') {
        cn--;
        ag.prefix = 1;
    } else {
        return REJECT(r, lb, s, n, "%s", "agent code has no '~' ([~CODE] or [CODE~])");
    }
    dy_trim(&c, &cn);
    if (cn == 0)
        return REJECT(r, lb, s, n, "%s", "empty agent code");
    if (cn >= sizeof ag.code)
        return REJECT(r, lb, s, n, "%s", "agent code longer than 23 characters");
    for (size_t i = 0; i < cn; i++)
        if ((unsigned char)c[i] <= ' ' || (unsigned char)c[i] >= 0x7f || c[i] == '~')
            return REJECT(r, lb, s, n, "%s", "malformed agent code");
    memcpy(ag.code, c, cn);

    const char *name_end = lb;
    const char *lbrace = memchr(s, '{', (size_t)(lb - s)), *rbrace = NULL;
    if (lbrace) {
        rbrace = memchr(lbrace, '}', (size_t)(lb - lbrace));
        if (!rbrace)
            return REJECT(r, lbrace, s, n, "%s", "unbalanced '{' in agent plurals");
        for (const char *q = rbrace + 1; q < lb; q++)
            if (!isspace((unsigned char)*q))
                return REJECT(r, q, s, n, "%s", "unexpected text after the agent plurals");
        name_end = lbrace;
    }
    const char *name = s;
    size_t name_len = (size_t)(name_end - s);
    dy_trim(&name, &name_len);
    if (name_len == 0)
        return REJECT(r, s, s, n, "%s", "agent with no name");
    if (m->n_agents >= UINT32_MAX / 2)
        return REJECT(r, NULL, s, n, "%s", "too many agents");

    size_t first_elem = m->n_elems;
    r->agent = (uint32_t)m->n_agents;
    r->first_phrase = m->n_agent_phrases;
    dyad_status st = expand(r, name, name_len);
    if (st == DYAD_OK)
        st = add_texts(r, !lbrace);
    /* {PLURAL PLURAL}: each its own '_'-joined phrase. */
    for (const char *p = lbrace ? lbrace + 1 : NULL; st == DYAD_OK && p && p < rbrace;) {
        while (p < rbrace && (isspace((unsigned char)*p) || *p == ','))
            p++;
        const char *q = p;
        while (q < rbrace && !isspace((unsigned char)*q) && *q != ',')
            q++;
        if (q == p)
            break;
        st = expand(r, p, (size_t)(q - p));
        if (st == DYAD_OK)
            st = add_texts(r, false);
        p = q;
    }
    if (st != DYAD_OK) {
        m->n_elems = first_elem;
        m->n_agent_phrases = r->first_phrase;
        if (st == DYAD_SYNTAX)
            return REJECT(r, r->c.msg_at, s, n, "%s", r->c.msg);
        return st;
    }
    if (m->n_agent_phrases == r->first_phrase)
        return REJECT(r, s, s, n, "%s", "agent with no name");
    return DY_PUSH(m->agents, m->n_agents, m->cap_agents, ag);
}

dyad_status dy_petr_read_agents(struct dy_dict_model *m, const char *source, const char *text,
                                size_t len, const struct dy_diag *diag, dyad_error *err)
{
    if (!m || (!text && len))
        return dy_fail(err, DYAD_MISUSE, "dy_petr_read_agents: no model or text");
    struct agent_reader r = {0};
    dyad_status st = dy_petr_begin(&r.c, m, source, text, len, diag, err);
    const char *s;
    size_t n;
    while (st == DYAD_OK && dy_petr_line(&r.c, &s, &n)) {
        n = dy_petr_uncomment(s, n, false);
        dy_trim(&s, &n);
        if (n == 0)
            continue;
        /* "!NAME! = ..." defines a set; "!NAME!_OF_SILLY_WALKS [~GOV]" uses one. */
        const char *bang = n > 1 && s[0] == '!' ? memchr(s + 1, '!', n - 1) : NULL;
        const char *eq = bang ? bang + 1 : NULL;
        while (eq && eq < s + n && isspace((unsigned char)*eq))
            eq++;
        if (eq && eq < s + n && *eq == '=')
            st = read_macro(&r, s, n, bang, eq);
        else
            st = read_entry(&r, s, n);
    }
    if (st == DYAD_OK)
        st = dy_petr_end(&r.c);
    else
        dy_petr_free(&r.c);
    if (st == DYAD_NOMEM)
        dy_fail(err, DYAD_NOMEM, "out of memory reading '%s'", source ? source : "");
    free_macros(&r);
    dy_buf_free(&r.name);
    list_free(&r.texts);
    list_free(&r.next);
    return st;
}
