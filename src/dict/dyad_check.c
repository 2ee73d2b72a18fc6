/*
 * dyad_check.c - `dyad dict check`: lints a loaded dictionary for what loads but is
 * probably wrong: phrases and lemmas claimed twice, codes that are not CAMEO, date ranges
 * that overlap, people who are never coded, patterns that can never match, synsets no
 * pattern uses. Works on any dictionary; ids come from dyad's format when it has them.
 */
#include "dict/compiled.h"
#include "dict/dyad_meta.h"
#include "io/io.h"

#include <stdio.h>
#include <string.h>

struct lint {
    const struct dyad_dict *d;
    const struct dy_dict_model *m;
    const struct dy_dyad_meta *meta;
    dyad_diag_fn warn;
    void *ctx;
    size_t n;
    struct dy_buf a, b; /* scratch for phrase texts */
};

static void warn(struct lint *l, uint32_t file, uint32_t line, const char *fmt, ...)
    DY_PRINTF(4, 5);

static void warn(struct lint *l, uint32_t file, uint32_t line, const char *fmt, ...)
{
    dyad_error e;
    dy_error_clear(&e);
    e.status = DYAD_SYNTAX;
    e.source = file < l->m->n_files ? l->m->files[file] : "";
    e.line = line;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(e.message, sizeof e.message, fmt, ap);
    va_end(ap);
    l->n++;
    if (l->warn)
        l->warn(l->ctx, &e);
}

enum item_kind { I_ACTOR, I_AGENT, I_BLOCK, I_PATTERN, I_SYNSET, I_DISCARD };

/* The id of entry i of a kind, "" when the dictionary has none (PETRARCH's). */
static const char *id_of(const struct lint *l, enum item_kind kind, size_t i)
{
    const struct dy_dyad_meta *meta = l->meta;
    if (!meta)
        return "";
    const struct dy_dyad_item *items[] = {meta->actors,   meta->agents,  meta->blocks,
                                          meta->patterns, meta->synsets, meta->discards};
    const size_t n[] = {meta->n_actors,   meta->n_agents,  meta->n_blocks,
                        meta->n_patterns, meta->n_synsets, meta->n_discards};
    return i < n[kind] ? dy_dyad_str(meta, items[kind][i].id) : "";
}

#define ACTOR_ID(l, i)   id_of(l, I_ACTOR, i)
#define AGENT_ID(l, i)   id_of(l, I_AGENT, i)
#define BLOCK_ID(l, i)   id_of(l, I_BLOCK, i)
#define PATTERN_ID(l, i) id_of(l, I_PATTERN, i)
#define SYNSET_ID(l, i)  id_of(l, I_SYNSET, i)
#define DISCARD_ID(l, i) id_of(l, I_DISCARD, i)

/* The words of seq, space-separated, in b. */
static const char *seq_text(const struct dy_dict_model *m, struct dy_seq s, struct dy_buf *b)
{
    b->len = 0;
    for (uint32_t k = 0; k < s.n; k++) {
        const struct dy_elem *e = &m->elems[s.first + k];
        if (k)
            dy_buf_putc(b, ' ');
        if (e->kind == DY_E_WORD)
            dy_buf_printf(b, "%s", dy_intern_str(&m->words, e->id));
        else
            dy_buf_printf(b, "%s", "?");
    }
    return b->data ? b->data : "";
}

static bool same_seq(const struct dy_dict_model *m, struct dy_seq x, struct dy_seq y)
{
    if (x.n != y.n)
        return false;
    for (uint32_t k = 0; k < x.n; k++) {
        const struct dy_elem *a = &m->elems[x.first + k], *b = &m->elems[y.first + k];
        if (a->kind != b->kind || a->id != b->id || (k && a->joined != b->joined))
            return false;
    }
    return true;
}

/* The entries of one kind whose phrases start with each word are in d->index; two
 * phrases with the same words are in the same list. Calls fn for each later phrase equal
 * to an earlier one. */
typedef void (*dup_fn)(struct lint *l, uint32_t first, uint32_t later);

static void each_duplicate(struct lint *l, const struct dy_phrase *ph, size_t n_ph,
                           uint32_t list_off(const struct dy_word_entry *),
                           uint32_t list_len(const struct dy_word_entry *), dup_fn fn)
{
    const struct dyad_dict *d = l->d;
    for (size_t i = 0; i < n_ph; i++) {
        struct dy_seq s = ph[i].words;
        if (!s.n || l->m->elems[s.first].kind != DY_E_WORD)
            continue;
        const struct dy_word_entry *we = &d->by_word[l->m->elems[s.first].id];
        /* the earliest equal phrase (lists are by length, file order among equals) */
        for (uint32_t k = 0; k < list_len(we); k++) {
            uint32_t j = d->index[list_off(we) + k];
            if (j >= i)
                continue;
            if (same_seq(l->m, ph[j].words, s)) {
                fn(l, j, (uint32_t)i);
                break;
            }
        }
    }
}

static uint32_t actors_off(const struct dy_word_entry *we)
{
    return we->actors;
}
static uint32_t actors_len(const struct dy_word_entry *we)
{
    return we->n_actors;
}
static uint32_t agents_off(const struct dy_word_entry *we)
{
    return we->agents;
}
static uint32_t agents_len(const struct dy_word_entry *we)
{
    return we->n_agents;
}
static uint32_t discards_off(const struct dy_word_entry *we)
{
    return we->discards;
}
static uint32_t discards_len(const struct dy_word_entry *we)
{
    return we->n_discards;
}

void dy_code_range_text(const struct dy_actor_code *c, struct dy_buf *b)
{
    char from[DY_DATE_BUF] = "", to[DY_DATE_BUF] = "";
    if (c->from != INT32_MIN)
        dy_format_date(c->from, from);
    if (c->to != INT32_MAX)
        dy_format_date(c->to, to);
    dy_buf_printf(b, "%s..%s", from, to);
}

static const char *codes_text(const struct dy_dict_model *m, uint32_t actor, struct dy_buf *b)
{
    const struct dy_actor *a = &m->actors[actor];
    b->len = 0;
    if (!a->n_codes)
        dy_buf_printf(b, "%s", "no code");
    for (uint32_t k = 0; k < a->n_codes; k++) {
        const struct dy_actor_code *c = &m->actor_codes[a->first_code + k];
        dy_buf_printf(b, "%s%s", k ? "," : "", c->code);
        if (c->from != INT32_MIN || c->to != INT32_MAX) {
            dy_buf_putc(b, '@');
            dy_code_range_text(c, b);
        }
    }
    return b->data ? b->data : "";
}

static bool same_codes(const struct dy_dict_model *m, uint32_t x, uint32_t y)
{
    const struct dy_actor *a = &m->actors[x], *b = &m->actors[y];
    if (a->n_codes != b->n_codes)
        return false;
    for (uint32_t k = 0; k < a->n_codes; k++) {
        const struct dy_actor_code *p = &m->actor_codes[a->first_code + k],
                                   *q = &m->actor_codes[b->first_code + k];
        if (strcmp(p->code, q->code) || p->from != q->from || p->to != q->to)
            return false;
    }
    return true;
}

static void dup_actor(struct lint *l, uint32_t first, uint32_t later)
{
    const struct dy_dict_model *m = l->m;
    const struct dy_phrase *p = &m->actor_phrases[first], *q = &m->actor_phrases[later];
    uint32_t x = p->owner, y = q->owner;
    if (x == y)
        return; /* the reader notes repeats within an entry */
    const struct dy_actor *ax = &m->actors[x];
    const char *words = seq_text(m, q->words, &l->a);
    if (same_codes(m, x, y)) {
        warn(l, m->actors[y].file, q->line, "phrase '%s' of '%s' is also a phrase of '%s' (%s:%u)",
             words, ACTOR_ID(l, y), ACTOR_ID(l, x), m->files[ax->file], p->line);
        return;
    }
    char cx[96], cy[96];
    snprintf(cx, sizeof cx, "%s", codes_text(m, x, &l->b));
    snprintf(cy, sizeof cy, "%s", codes_text(m, y, &l->b));
    warn(l, m->actors[y].file, q->line,
         "conflicting codes: phrase '%s' is '%s' (%s) here and '%s' (%s) at %s:%u", words,
         ACTOR_ID(l, y), cy, ACTOR_ID(l, x), cx, m->files[ax->file], p->line);
}

static void dup_agent(struct lint *l, uint32_t first, uint32_t later)
{
    const struct dy_dict_model *m = l->m;
    const struct dy_phrase *p = &m->agent_phrases[first], *q = &m->agent_phrases[later];
    const struct dy_agent *x = &m->agents[p->owner], *y = &m->agents[q->owner];
    if (p->owner == q->owner)
        return;
    const char *words = seq_text(m, q->words, &l->a);
    if (strcmp(x->code, y->code) == 0 && x->prefix == y->prefix)
        warn(l, y->file, q->line, "agent phrase '%s' of '%s' is also one of '%s' (%s:%u)", words,
             AGENT_ID(l, q->owner), AGENT_ID(l, p->owner), m->files[x->file], p->line);
    else
        warn(l, y->file, q->line,
             "conflicting codes: agent phrase '%s' is %s%s%s here and %s%s%s ('%s') at %s:%u",
             words, y->prefix ? "" : "~", y->code, y->prefix ? "~" : "", x->prefix ? "" : "~",
             x->code, x->prefix ? "~" : "", AGENT_ID(l, p->owner), m->files[x->file], p->line);
}

static void dup_discard(struct lint *l, uint32_t first, uint32_t later)
{
    const struct dy_dict_model *m = l->m;
    const struct dy_phrase *p = &m->discard_phrases[first], *q = &m->discard_phrases[later];
    if (p->owner == q->owner)
        return;
    const struct dy_discard *x = &m->discards[p->owner], *y = &m->discards[q->owner];
    warn(l, y->file, q->line, "discard phrase '%s' of '%s' is also one of '%s' (%s:%u)%s",
         seq_text(m, q->words, &l->a), DISCARD_ID(l, q->owner), DISCARD_ID(l, p->owner),
         m->files[x->file], p->line, x->story != y->story ? " with another scope" : "");
}

/* Agent phrases that are also actor phrases: the actor is taken. */
static void agents_vs_actors(struct lint *l)
{
    const struct dy_dict_model *m = l->m;
    const struct dyad_dict *d = l->d;
    for (size_t i = 0; i < m->n_agent_phrases; i++) {
        struct dy_seq s = m->agent_phrases[i].words;
        if (!s.n || m->elems[s.first].kind != DY_E_WORD)
            continue;
        const struct dy_word_entry *we = &d->by_word[m->elems[s.first].id];
        for (uint32_t k = 0; k < we->n_actors; k++) {
            const struct dy_phrase *a = &m->actor_phrases[d->index[we->actors + k]];
            if (!same_seq(m, a->words, s))
                continue;
            const struct dy_agent *g = &m->agents[m->agent_phrases[i].owner];
            warn(l, g->file, m->agent_phrases[i].line,
                 "agent phrase '%s' of '%s' is also an actor phrase of '%s' (%s:%u), which is "
                 "taken instead",
                 seq_text(m, s, &l->a), AGENT_ID(l, m->agent_phrases[i].owner),
                 ACTOR_ID(l, a->owner), m->files[m->actors[a->owner].file], a->line);
            break;
        }
    }
}

/* Date ranges of one actor that overlap (the first listed wins), two undated codes,
 * people with no role. */
static void actor_codes(struct lint *l)
{
    const struct dy_dict_model *m = l->m;
    for (size_t i = 0; i < m->n_actors; i++) {
        const struct dy_actor *a = &m->actors[i];
        bool person = l->meta && i < l->meta->n_actors && l->meta->actors[i].cls == DY_AC_PERSON;
        if (person && a->n_codes == 0) {
            warn(l, a->file, a->line, "person '%s' has no role: it is never coded", ACTOR_ID(l, i));
            continue;
        }
        for (uint32_t k = 1; k < a->n_codes; k++) {
            const struct dy_actor_code *c = &m->actor_codes[a->first_code + k];
            bool dated = c->from != INT32_MIN || c->to != INT32_MAX;
            uint32_t file = a->file, line = a->line;
            if (l->meta && a->first_code + k < l->meta->n_codes) {
                file = l->meta->codes[a->first_code + k].file;
                line = l->meta->codes[a->first_code + k].line;
            }
            for (uint32_t j = 0; j < k; j++) {
                const struct dy_actor_code *o = &m->actor_codes[a->first_code + j];
                bool odated = o->from != INT32_MIN || o->to != INT32_MAX;
                if (dated != odated)
                    continue;
                if (!dated) {
                    warn(l, file, line,
                         "'%s' has two undated codes, %s and %s: the first is "
                         "used (join them with '/' for a compound actor)",
                         ACTOR_ID(l, i), o->code, c->code);
                    break;
                }
                if (c->from <= o->to && o->from <= c->to) {
                    l->a.len = l->b.len = 0;
                    dy_code_range_text(c, &l->a);
                    dy_code_range_text(o, &l->b);
                    warn(l, file, line,
                         "%s %s %s of '%s' overlaps %s %s: the first listed is "
                         "used where both apply",
                         person ? "role" : "code", c->code, l->a.data, ACTOR_ID(l, i), o->code,
                         l->b.data);
                    break;
                }
            }
        }
    }
}

static bool good_event_code(const char *c)
{
    if (!c[0] || strcmp(c, "---") == 0)
        return true;
    dyad_cameo_info info;
    return dyad_cameo_lookup(c, &info) != 0;
}

/* Verb and pattern codes against CAMEO; lemmas in two verbs. */
static void verbs(struct lint *l)
{
    const struct dy_dict_model *m = l->m;
    for (size_t b = 0; b < m->n_blocks; b++) {
        const struct dy_verb_block *vb = &m->blocks[b];
        if (!good_event_code(vb->code) || !good_event_code(vb->code2))
            warn(l, vb->file, vb->line, "verb '%s': '%s%s%s' is not a CAMEO event code",
                 BLOCK_ID(l, b), vb->code, vb->code2[0] ? ":" : "", vb->code2);
    }
    for (size_t p = 0; p < m->n_patterns; p++) {
        const struct dy_pattern *pt = &m->patterns[p];
        if (!good_event_code(pt->code) || !good_event_code(pt->code2))
            warn(l, pt->file, pt->line, "pattern '%s': '%s%s%s' is not a CAMEO event code",
                 PATTERN_ID(l, p), pt->code, pt->code2[0] ? ":" : "", pt->code2);
    }
    const struct dyad_dict *d = l->d;
    for (size_t i = 0; i < m->n_forms; i++) {
        const struct dy_verb_form *f = &m->forms[i];
        if (!f->base || !f->words.n)
            continue;
        const struct dy_word_entry *we = &d->by_word[m->elems[f->words.first].id];
        for (uint32_t k = 0; k < we->n_forms; k++) {
            uint32_t j = d->index[we->forms + k];
            const struct dy_verb_form *g = &m->forms[j];
            if (j >= i || !g->base || g->block == f->block || !same_seq(m, g->words, f->words))
                continue;
            const struct dy_verb_block *x = &m->blocks[g->block], *y = &m->blocks[f->block];
            bool same_code = strcmp(x->code, y->code) == 0 && strcmp(x->code2, y->code2) == 0;
            warn(l, f->file, f->line, "lemma '%s' of verb '%s' is also one of '%s' (%s:%u)%s",
                 seq_text(m, f->words, &l->a), BLOCK_ID(l, f->block), BLOCK_ID(l, g->block),
                 m->files[g->file], g->line, same_code ? "" : " with another code: both are tried");
            break;
        }
    }
}

/* Patterns that can never match: a copy of an earlier one of the same verb, one with
 * nothing but '*' (it always matches: the code belongs on the verb), and one whose words
 * right after '*' make, with the verb, a phrasal verb of its own, which the matcher
 * takes first ("break" + "off" is "break off"). Also synsets no pattern uses. */
static void patterns(struct lint *l)
{
    const struct dy_dict_model *m = l->m;
    const struct dyad_dict *d = l->d;
    uint8_t *used = dy_calloc(m->n_synsets ? m->n_synsets : 1, 1);
    /* each block's one-word lemmas, grouped by block (forms of a block need not be
     * contiguous in a PETRARCH dictionary) */
    uint32_t *lemma_at = dy_calloc(m->n_blocks + 2, sizeof *lemma_at);
    uint32_t *lemmas = dy_malloc((m->n_forms ? m->n_forms : 1) * sizeof *lemmas);
    if (!used || !lemma_at || !lemmas) {
        dy_free(used);
        dy_free(lemma_at);
        dy_free(lemmas);
        return;
    }
    for (size_t f = 0; f < m->n_forms; f++)
        if (m->forms[f].base && m->forms[f].words.n == 1 && m->forms[f].block < m->n_blocks)
            lemma_at[m->forms[f].block + 2]++;
    for (size_t b = 2; b < m->n_blocks + 2; b++)
        lemma_at[b] += lemma_at[b - 1];
    for (size_t f = 0; f < m->n_forms; f++)
        if (m->forms[f].base && m->forms[f].words.n == 1 && m->forms[f].block < m->n_blocks)
            lemmas[lemma_at[m->forms[f].block + 1]++] = (uint32_t)f;
    for (size_t b = 0; b < m->n_blocks; b++) {
        const struct dy_verb_block *vb = &m->blocks[b];
        for (uint32_t i = 0; i < vb->n_patterns; i++) {
            size_t pi = vb->first_pattern + i;
            const struct dy_pattern *p = &m->patterns[pi];
            for (uint32_t k = 0; k < p->elems.n; k++) {
                const struct dy_elem *e = &m->elems[p->elems.first + k];
                if (e->kind == DY_E_SYNSET && e->id < m->n_synsets)
                    used[e->id] = 1;
            }
            if (p->elems.n == 1) {
                warn(l, p->file, p->line,
                     "pattern '%s' is only '*': it always matches, so its "
                     "code %s belongs on verb '%s'",
                     PATTERN_ID(l, pi), p->code, BLOCK_ID(l, b));
                continue;
            }
            bool dup = false;
            for (uint32_t j = 0; j < i && !dup; j++) {
                const struct dy_pattern *o = &m->patterns[vb->first_pattern + j];
                if (o->verb_pos == p->verb_pos && same_seq(m, o->elems, p->elems)) {
                    dup = true;
                    warn(l, p->file, p->line,
                         "pattern '%s' can never match: it is the same as "
                         "'%s' (%s:%u)",
                         PATTERN_ID(l, pi), PATTERN_ID(l, vb->first_pattern + j), m->files[o->file],
                         o->line);
                }
            }
            if (dup || p->verb_pos + 1 >= p->elems.n)
                continue;
            const struct dy_elem *next = &m->elems[p->elems.first + p->verb_pos + 1];
            if (next->kind != DY_E_WORD || !next->joined)
                continue;
            /* a form of another verb: one of this verb's lemmas followed by that word */
            for (uint32_t f = lemma_at[b]; f < lemma_at[b + 1]; f++) {
                const struct dy_verb_form *vf = &m->forms[lemmas[f]];
                const struct dy_word_entry *we = &d->by_word[m->elems[vf->words.first].id];
                const struct dy_verb_form *g = NULL;
                for (uint32_t k = 0; k < we->n_forms && !g; k++) {
                    g = &m->forms[d->index[we->forms + k]];
                    if (g->block == b || g->words.n < 2 ||
                        m->elems[g->words.first + 1].id != next->id)
                        g = NULL;
                }
                if (!g)
                    continue;
                warn(l, p->file, p->line,
                     "pattern '%s' can never match: '%s' is a verb of its "
                     "own ('%s', %s:%u), taken before '%s'",
                     PATTERN_ID(l, pi), seq_text(m, g->words, &l->a), BLOCK_ID(l, g->block),
                     m->files[g->file], g->line,
                     dy_intern_str(&m->words, m->elems[vf->words.first].id));
                break;
            }
        }
    }
    for (size_t s = 0; s < m->n_synsets; s++) {
        if (used[s])
            continue;
        /* a synset used by another synset's phrase counts as used */
        bool nested = false;
        for (size_t i = 0; i < m->n_synset_phrases && !nested; i++)
            for (uint32_t k = 0; k < m->synset_phrases[i].words.n && !nested; k++) {
                const struct dy_elem *e = &m->elems[m->synset_phrases[i].words.first + k];
                nested = e->kind == DY_E_SYNSET && e->id == s;
            }
        if (!nested)
            warn(l, m->synsets[s].file, m->synsets[s].line,
                 "synset '&%s' ('%s') is used by no pattern",
                 dy_intern_str(&m->words, m->synsets[s].name), SYNSET_ID(l, s));
    }
    dy_free(used);
    dy_free(lemma_at);
    dy_free(lemmas);
}

size_t dyad_dict_check(const dyad_dict *d, dyad_diag_fn warn_fn, void *ctx)
{
    if (!d)
        return 0;
    struct lint l = {.d = d, .m = &d->m, .meta = d->m.dyad, .warn = warn_fn, .ctx = ctx};
    for (size_t i = 0; l.meta && i < l.meta->n_notes; i++) {
        const struct dy_dyad_note *n = &l.meta->notes[i];
        warn(&l, n->file, n->line, "%s", dy_dyad_str(l.meta, n->msg));
    }
    actor_codes(&l);
    each_duplicate(&l, l.m->actor_phrases, l.m->n_actor_phrases, actors_off, actors_len, dup_actor);
    each_duplicate(&l, l.m->agent_phrases, l.m->n_agent_phrases, agents_off, agents_len, dup_agent);
    agents_vs_actors(&l);
    each_duplicate(&l, l.m->discard_phrases, l.m->n_discard_phrases, discards_off, discards_len,
                   dup_discard);
    verbs(&l);
    patterns(&l);
    dy_buf_free(&l.a);
    dy_buf_free(&l.b);
    return l.n;
}
