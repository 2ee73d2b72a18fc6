/*
 * dyad_lookup.c - `dyad dict lookup`: what a phrase resolves to and why. The phrase is
 * tokenised as the coder tokenises text; every actor, agent, verb, discard and synset
 * phrase that matches at one of its words is reported with the code that applies on the
 * given date (which role, which dated code, or the default) and whether the coder would
 * take it (longest first, left to right, actors before agents on a tie).
 */
#include "dict/compiled.h"
#include "dict/dyad_meta.h"
#include "io/io.h"
#include "text/text.h"

#include <stdio.h>
#include <string.h>

#define MAX_TOKENS 1024

struct look {
    const struct dyad_dict *d;
    const struct dy_dict_model *m;
    const struct dy_dyad_meta *meta;
    const struct dy_token *tok;
    const uint32_t *word;
    size_t n;
    int32_t day;
    dyad_match_fn fn;
    void *ctx;
    struct dy_buf phrase, why, code;
    /* the coder's mentions: per token, the start (+ 1) of the mention covering it */
    uint32_t *taken_start, *taken_len;
    uint8_t *taken_kind; /* 1 actor, 2 agent */
    uint32_t *taken_entry;
};

static uint32_t seq_len(const struct look *l, uint32_t at, struct dy_seq s)
{
    if (at + s.n > l->n)
        return 0;
    for (uint32_t k = 0; k < s.n; k++) {
        const struct dy_elem *e = &l->m->elems[s.first + k];
        if (e->kind != DY_E_WORD || l->word[at + k] != e->id)
            return 0;
    }
    return s.n;
}

static const char *item_id(const struct look *l, const struct dy_dyad_item *items, size_t n,
                           size_t i)
{
    return l->meta && i < n ? dy_dyad_str(l->meta, items[i].id) : "";
}

static void emit(struct look *l, const char *kind, const char *id, uint32_t file, uint32_t line,
                 uint32_t at, uint32_t len, const char *code, int chosen)
{
    const struct dy_dict_model *m = l->m;
    l->phrase.len = 0;
    for (uint32_t k = 0; k < len; k++)
        dy_buf_printf(&l->phrase, "%s%s", k ? " " : "", dy_intern_str(&m->words, l->word[at + k]));
    dyad_dict_match r = {
        .kind = kind,
        .id = id,
        .file = file < m->n_files ? m->files[file] : "",
        .line = line,
        .start = l->tok[at].start,
        .end = l->tok[at + len - 1].start + l->tok[at + len - 1].len,
        .phrase = l->phrase.data ? l->phrase.data : "",
        .code = code,
        .why = l->why.data ? l->why.data : "",
        .chosen = chosen,
    };
    l->fn(l->ctx, &r);
}

/* The actor's code on l->day and why, in l->why. */
static const char *actor_code(struct look *l, uint32_t actor, bool surname)
{
    const struct dy_dict_model *m = l->m;
    const struct dy_actor *a = &m->actors[actor];
    bool person =
        l->meta && actor < l->meta->n_actors && l->meta->actors[actor].cls == DY_AC_PERSON;
    const char *code = dy_actor_code(l->d, actor, l->day);
    struct dy_buf *w = &l->why;
    w->len = 0;
    char date[DY_DATE_BUF] = "";
    if (l->day != INT32_MIN)
        dy_format_date(l->day, date);
    /* which code applied: the first dated one covering the day, else the default */
    int32_t used = -1;
    for (uint32_t k = 0; k < a->n_codes && used < 0; k++) {
        const struct dy_actor_code *c = &m->actor_codes[a->first_code + k];
        bool dated = c->from != INT32_MIN || c->to != INT32_MAX;
        if (dated && l->day != INT32_MIN && l->day >= c->from && l->day <= c->to)
            used = (int32_t)k;
    }
    for (uint32_t k = 0; k < a->n_codes && used < 0 && code; k++) {
        const struct dy_actor_code *c = &m->actor_codes[a->first_code + k];
        if (c->from == INT32_MIN && c->to == INT32_MAX)
            used = (int32_t)k;
    }
    if (used >= 0) {
        const struct dy_actor_code *c = &m->actor_codes[a->first_code + used];
        bool dated = c->from != INT32_MIN || c->to != INT32_MAX;
        if (dated) {
            dy_buf_printf(w, "%s ", person ? "role" : "dated code");
            dy_code_range_text(c, w);
            dy_buf_printf(w, " covers %s", date);
        } else {
            dy_buf_printf(w, "%s", "default code");
            if (a->n_codes > 1)
                dy_buf_printf(w, " (no dated code covers %s)",
                              date[0] ? date
                                      : "an undated "
                                        "article");
        }
        if (l->meta && a->first_code + used < l->meta->n_codes) {
            const struct dy_dyad_where *wh = &l->meta->codes[a->first_code + used];
            if (wh->file < m->n_files && (wh->file != a->file || wh->line != a->line))
                dy_buf_printf(w, " (%s:%u)", m->files[wh->file], wh->line);
        }
    } else if (!a->n_codes) {
        dy_buf_printf(w, "%s", person ? "no role: never coded" : "no code");
    } else {
        dy_buf_printf(w, "%s %s", person ? "no role covers" : "no dated code covers",
                      date[0] ? date : "an undated article");
    }
    /* the other codes, for context */
    if (a->n_codes > 1 || (used < 0 && a->n_codes)) {
        dy_buf_printf(w, "%s", "; codes:");
        for (uint32_t k = 0; k < a->n_codes; k++) {
            const struct dy_actor_code *c = &m->actor_codes[a->first_code + k];
            dy_buf_printf(w, " %s", c->code);
            if (c->from != INT32_MIN || c->to != INT32_MAX) {
                dy_buf_putc(w, '@');
                dy_code_range_text(c, w);
            }
        }
    }
    if (surname)
        dy_buf_printf(w, "%s", "; the surname alone, derived from the full name (unambiguous)");
    if (l->meta && actor < l->meta->n_actors && l->meta->actors[actor].generated)
        dy_buf_printf(w, "%s", "; generated (iso-codes, world-countries)");
    return code;
}

/* The coder's actor and agent mentions (match.c's rule): left to right, the longest actor
 * or agent phrase at each word, actors winning ties. */
static void coder_mentions(struct look *l)
{
    const struct dyad_dict *d = l->d;
    const struct dy_dict_model *m = l->m;
    for (uint32_t i = 0; i < l->n;) {
        uint32_t w = l->word[i];
        if (!w) {
            i++;
            continue;
        }
        const struct dy_word_entry *we = &d->by_word[w];
        uint32_t a_len = 0, g_len = 0, a_idx = 0, g_idx = 0;
        for (uint32_t k = 0; k < we->n_actors; k++) {
            uint32_t idx = d->index[we->actors + k];
            uint32_t len = seq_len(l, i, m->actor_phrases[idx].words);
            if (len > a_len)
                a_len = len, a_idx = idx;
        }
        for (uint32_t k = 0; k < we->n_agents; k++) {
            uint32_t idx = d->index[we->agents + k];
            uint32_t len = seq_len(l, i, m->agent_phrases[idx].words);
            if (len > g_len)
                g_len = len, g_idx = idx;
        }
        if (!a_len && !g_len) {
            i++;
            continue;
        }
        bool actor = a_len >= g_len;
        l->taken_start[i] = i + 1;
        l->taken_len[i] = actor ? a_len : g_len;
        l->taken_kind[i] = actor ? 1 : 2;
        l->taken_entry[i] = actor ? a_idx : g_idx;
        uint32_t len = actor ? a_len : g_len;
        for (uint32_t k = 1; k < len; k++)
            l->taken_start[i + k] = i + 1;
        i += len;
    }
}

static void at_word(struct look *l, uint32_t i)
{
    const struct dyad_dict *d = l->d;
    const struct dy_dict_model *m = l->m;
    const struct dy_dyad_meta *meta = l->meta;
    const struct dy_word_entry *we = &d->by_word[l->word[i]];
    for (uint32_t k = 0; k < we->n_actors; k++) {
        uint32_t idx = d->index[we->actors + k];
        const struct dy_phrase *p = &m->actor_phrases[idx];
        uint32_t len = seq_len(l, i, p->words);
        if (!len)
            continue;
        bool surname = meta && idx < meta->n_surname && meta->surname[idx];
        const char *code = actor_code(l, p->owner, surname);
        bool person =
            meta && p->owner < meta->n_actors && meta->actors[p->owner].cls == DY_AC_PERSON;
        int chosen =
            l->taken_kind[i] == 1 && l->taken_start[i] == i + 1 && l->taken_entry[i] == idx;
        emit(l, person ? "person" : "actor",
             item_id(l, meta ? meta->actors : NULL, meta ? meta->n_actors : 0, p->owner),
             m->actors[p->owner].file, p->line, i, len, code, chosen);
    }
    for (uint32_t k = 0; k < we->n_agents; k++) {
        uint32_t idx = d->index[we->agents + k];
        const struct dy_phrase *p = &m->agent_phrases[idx];
        uint32_t len = seq_len(l, i, p->words);
        if (!len)
            continue;
        const struct dy_agent *g = &m->agents[p->owner];
        l->code.len = 0;
        dy_buf_printf(&l->code, "%s%s%s", g->prefix ? "" : "~", g->code, g->prefix ? "~" : "");
        l->why.len = 0;
        dy_buf_printf(&l->why, "agent: %s %s the code of the actor it goes with",
                      g->prefix ? "puts" : "appends", g->code);
        if (g->prefix)
            dy_buf_printf(&l->why, "%s", " before");
        int chosen =
            l->taken_kind[i] == 2 && l->taken_start[i] == i + 1 && l->taken_entry[i] == idx;
        emit(l, "agent",
             item_id(l, meta ? meta->agents : NULL, meta ? meta->n_agents : 0, p->owner), g->file,
             p->line, i, len, l->code.data, chosen);
    }
    for (uint32_t k = 0; k < we->n_forms; k++) {
        uint32_t idx = d->index[we->forms + k];
        const struct dy_verb_form *f = &m->forms[idx];
        uint32_t len = seq_len(l, i, f->words);
        if (!len)
            continue;
        const struct dy_verb_block *b = &m->blocks[f->block];
        const char *code = f->code[0] ? f->code : b->code;
        const char *code2 = f->code[0] ? f->code2 : b->code2;
        l->code.len = 0;
        dy_buf_printf(&l->code, "%s%s%s", code, code2[0] ? ":" : "", code2);
        l->why.len = 0;
        dy_buf_printf(&l->why, "%s",
                      f->base        ? "verb form as written"
                      : f->generated ? "generated inflection"
                                     : "irregular form");
        if (!f->base) {
            /* the lemma: the block's first written form */
            for (size_t j = 0; j < m->n_forms; j++)
                if (m->forms[j].block == f->block && m->forms[j].base) {
                    dy_buf_printf(&l->why, "%s", " of '");
                    for (uint32_t q = 0; q < m->forms[j].words.n; q++)
                        dy_buf_printf(
                            &l->why, "%s%s", q ? " " : "",
                            dy_intern_str(&m->words, m->elems[m->forms[j].words.first + q].id));
                    dy_buf_putc(&l->why, '\'');
                    break;
                }
        }
        dy_buf_printf(&l->why, "; %u pattern%s may refine the code", b->n_patterns,
                      b->n_patterns == 1 ? "" : "s");
        bool inside = false;
        for (uint32_t j = i; j < i + len; j++)
            inside |= l->taken_start[j] != 0;
        if (inside)
            dy_buf_printf(&l->why, "%s", "; inside an actor or agent here, so not a verb");
        emit(l, "verb", item_id(l, meta ? meta->blocks : NULL, meta ? meta->n_blocks : 0, f->block),
             f->file, f->line, i, len, l->code.data, !inside);
    }
    for (uint32_t k = 0; k < we->n_discards; k++) {
        uint32_t idx = d->index[we->discards + k];
        const struct dy_phrase *p = &m->discard_phrases[idx];
        uint32_t len = seq_len(l, i, p->words);
        if (!len)
            continue;
        const struct dy_discard *ds = &m->discards[p->owner];
        l->why.len = 0;
        dy_buf_printf(&l->why, "discards the %s", ds->story ? "whole article" : "sentence");
        emit(l, "discard",
             item_id(l, meta ? meta->discards : NULL, meta ? meta->n_discards : 0, p->owner),
             ds->file, p->line, i, len, NULL, 1);
    }
    for (uint32_t k = 0; k < we->n_syns; k++) {
        const struct dy_syn_ref *sr = &d->syn_index[we->syns + k];
        const struct dy_phrase *p = &m->synset_phrases[sr->phrase];
        uint32_t len = seq_len(l, i, p->words);
        if (!len)
            continue;
        const struct dy_synset *s = &m->synsets[sr->synset];
        l->why.len = 0;
        dy_buf_printf(&l->why, "a phrase of synset &%s (for patterns)",
                      dy_intern_str(&m->words, s->name));
        emit(l, "synset",
             item_id(l, meta ? meta->synsets : NULL, meta ? meta->n_synsets : 0, sr->synset),
             s->file, p->line, i, len, NULL, 1);
    }
}

dyad_status dyad_dict_lookup(const dyad_dict *d, const char *text, size_t len, int32_t day,
                             dyad_match_fn fn, void *ctx, dyad_error *err)
{
    if (!d || !fn || (!text && len))
        return dy_fail(err, DYAD_MISUSE, "dyad_dict_lookup: no dictionary, text or callback");
    if (len > UINT32_MAX / 2)
        return dy_fail(err, DYAD_LIMIT, "%s", "text too long to look up");
    dyad_status st = dy_utf8_check(text ? text : "", len, err);
    if (st != DYAD_OK)
        return st;
    struct dy_arena *arena = dy_arena_new(64 << 10, 64 << 20);
    if (!arena)
        return dy_fail(err, DYAD_NOMEM, "%s", "out of memory looking up");
    struct look l = {.d = d, .m = &d->m, .meta = d->m.dyad, .day = day, .fn = fn, .ctx = ctx};
    struct dy_token *tok = NULL;
    st = dy_tokenize(text ? text : "", 0, (uint32_t)len, arena, MAX_TOKENS, &tok, &l.n);
    if (st == DYAD_LIMIT) {
        dy_fail(err, st, "more than %d words to look up", MAX_TOKENS);
        goto done;
    }
    if (st != DYAD_OK) {
        dy_fail(err, st, "%s", "out of memory looking up");
        goto done;
    }
    l.tok = tok;
    size_t n = l.n ? l.n : 1;
    uint32_t *word = dy_arena_alloc(arena, n * sizeof *word);
    l.taken_start = dy_arena_alloc(arena, n * sizeof *l.taken_start);
    l.taken_len = dy_arena_alloc(arena, n * sizeof *l.taken_len);
    l.taken_entry = dy_arena_alloc(arena, n * sizeof *l.taken_entry);
    l.taken_kind = dy_arena_alloc(arena, n);
    if (!word || !l.taken_start || !l.taken_len || !l.taken_entry || !l.taken_kind) {
        st = dy_fail(err, DYAD_NOMEM, "%s", "out of memory looking up");
        goto done;
    }
    memset(l.taken_start, 0, n * sizeof *l.taken_start);
    memset(l.taken_kind, 0, n);
    for (size_t i = 0; i < l.n; i++)
        word[i] = dy_intern_find(&d->m.words, tok[i].norm, tok[i].norm_len);
    l.word = word;
    coder_mentions(&l);
    for (uint32_t i = 0; i < l.n; i++)
        if (word[i])
            at_word(&l, i);
done:
    dy_buf_free(&l.phrase);
    dy_buf_free(&l.why);
    dy_buf_free(&l.code);
    dy_arena_free(arena);
    return st;
}
