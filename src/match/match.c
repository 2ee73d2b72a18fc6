/*
 * match.c - finds what the dictionary knows in a sentence: actor and agent phrases
 * (longest match wins, actors before agents on a tie), verb forms (longest first, never
 * inside an actor or agent) and discard phrases. One hash probe per token to get its word
 * id has already been made; everything here compares word ids.
 */
#include "code/sent.h"

#include <string.h>

static uint32_t seq_match(const struct dy_sent *s, uint32_t at, struct dy_seq seq)
{
    const struct dy_dict_model *m = &s->dict->m;
    if (at + seq.n > s->n)
        return 0;
    for (uint32_t k = 0; k < seq.n; k++) {
        const struct dy_elem *e = &m->elems[seq.first + k];
        if (e->kind != DY_E_WORD || s->t[at + k].word != e->id)
            return 0;
    }
    return seq.n;
}

/* Like seq_match, but words the dictionary wrote with a space (not '_') between them
 * may have up to two lower-case words between them in the text, as TABARI allowed:
 * ITHILEN TELEVISION matches "Ithilen state-run television". Returns the tokens
 * covered. */
static uint32_t seq_match_gaps(const struct dy_sent *s, uint32_t at, struct dy_seq seq)
{
    const struct dy_dict_model *m = &s->dict->m;
    uint32_t pos = at;
    for (uint32_t k = 0; k < seq.n; k++, pos++) {
        const struct dy_elem *e = &m->elems[seq.first + k];
        if (e->kind != DY_E_WORD)
            return 0;
        if (k > 0 && !e->joined) {
            uint32_t gap = 0;
            while (gap < 2 && pos < s->n && s->t[pos].word != e->id &&
                   s->t[pos].cls == W_OTHER && !(s->t[pos].tok->flags & DY_TOK_CAP))
                pos++, gap++;
        }
        if (pos >= s->n || s->t[pos].word != e->id)
            return 0;
    }
    return pos - at;
}

/* Whether a list entry whose second word is `second` (dyad_dict.second) can match where
 * the next token's word is `next`: it has none (0), it is that word, or a gap may come
 * before it (UINT32_MAX). */
static inline bool may_follow(uint32_t second, uint32_t next)
{
    return !second || second == next || second == UINT32_MAX;
}

/* Longest phrase of a per-word list matching at `at`: its length, and *which. */
static uint32_t best_phrase(const struct dy_sent *s, uint32_t at, uint32_t first, uint32_t n,
                            const struct dy_phrase *ph, bool gaps, uint32_t *which)
{
    uint32_t best = 0;
    uint32_t next = at + 1 < s->n ? s->t[at + 1].word : 0;
    const uint32_t *second = s->dict->second + first;
    for (uint32_t i = 0; i < n; i++) {
        if (!may_follow(second[i], next))
            continue;
        uint32_t idx = s->dict->index[first + i];
        if (ph[idx].words.n <= best)
            break; /* lists are sorted longest first */
        if (ph[idx].caps && !(s->t[at].tok->flags & DY_TOK_ALLCAPS))
            continue; /* "WHO" the organisation, not "who" */
        uint32_t len = gaps ? seq_match_gaps(s, at, ph[idx].words)
                            : seq_match(s, at, ph[idx].words);
        if (len > best) {
            best = len;
            *which = idx;
        }
    }
    return best;
}

static dyad_status add_mention(struct dy_sent *s, uint32_t at, uint32_t len, uint8_t kind,
                               uint32_t entry, size_t *cap)
{
    if (s->nm == *cap) {
        size_t ncap = *cap ? *cap * 2 : 16;
        struct dy_mention *nm = dy_arena_alloc(s->arena, ncap * sizeof *nm);
        if (!nm)
            return DYAD_NOMEM;
        if (s->nm)
            memcpy(nm, s->m, s->nm * sizeof *nm);
        s->m = nm;
        *cap = ncap;
    }
    struct dy_mention *mm = &s->m[s->nm];
    mm->start = at;
    mm->end = at + len;
    mm->kind = kind;
    mm->entry = entry;
    /* words inside a name are part of a noun phrase, whatever their class alone
     * ("WHO", "The Hague", "Prince of Dol Amroth") */
    for (uint32_t k = at; k < at + len; k++) {
        s->t[k].mention = (int32_t)s->nm;
        if (s->t[k].cls != W_PUNCT && s->t[k].cls != W_COMMA)
            s->t[k].cls = W_OTHER;
    }
    s->nm++;
    return DYAD_OK;
}

static dyad_status add_verb(struct dy_sent *s, uint32_t at, uint32_t len, uint32_t form,
                           size_t *cap)
{
    if (s->nv == *cap) {
        size_t ncap = *cap ? *cap * 2 : 8;
        struct dy_verb *nv = dy_arena_alloc(s->arena, ncap * sizeof *nv);
        if (!nv)
            return DYAD_NOMEM;
        if (s->nv)
            memcpy(nv, s->v, s->nv * sizeof *nv);
        s->v = nv;
        *cap = ncap;
    }
    const struct dy_verb_form *vf = &s->dict->m.forms[form];
    struct dy_verb *v = &s->v[s->nv];
    memset(v, 0, sizeof *v);
    v->start = at;
    v->end = at + len;
    v->head = at + vf->head;
    v->form = form;
    v->block = vf->block;
    v->src_group = -1;
    for (uint32_t j = at; j < at + len; j++)
        if (s->t[j].verb < 0)
            s->t[j].verb = (int32_t)s->nv;
    s->nv++;
    return DYAD_OK;
}

dyad_status dy_match_sentence(struct dy_sent *s)
{
    const struct dyad_dict *d = s->dict;
    const struct dy_dict_model *m = &d->m;
    size_t cap_m = 0;
    s->m = NULL;
    s->nm = 0;
    /* the patterns' memory of group extents (pattern.c); without it they are slower */
    s->extent = dy_arena_alloc(s->arena, (s->n ? s->n : 1) * sizeof *s->extent);
    if (s->extent)
        memset(s->extent, 0, (s->n ? s->n : 1) * sizeof *s->extent);
    s->discard = DYAD_DISCARD_NONE;

    memset(&s->words, 0, sizeof s->words);
    /* One pass over the tokens without branches on what each word is: the sentence's
     * words (for the patterns' filters), and the lists of tokens that begin sets,
     * discards, names and verb forms; each list is then worked through on its own
     * (words differ from token to token, so tests of each would be guessed wrong). */
    uint32_t n_lists = s->n ? s->n : 1;
    uint32_t *lists = dy_arena_alloc(s->arena, 4 * (size_t)n_lists * sizeof *lists);
    if (!lists)
        return DYAD_NOMEM;
    uint32_t *syn_at = lists, *disc_at = lists + n_lists, *name_at = lists + 2 * n_lists,
             *form_at = lists + 3 * n_lists;
    uint32_t n_syn = 0, n_disc = 0, n_name = 0, n_form = 0;
    for (uint32_t i = 0; i < s->n; i++) {
        uint32_t w = s->t[i].word;
        const struct dy_word_entry *we = &d->by_word[w]; /* by_word[0] is empty */
        s->t[i].mention = -1;
        s->t[i].verb = -1;
        s->t[i].syn = we->n_syns > 0;
        uint32_t h = dy_bloom_bit(w);
        s->words.bits[h >> 6] |= (uint64_t)(w != 0) << (h & 63);
        syn_at[n_syn] = i;
        n_syn += we->n_syns > 0;
        disc_at[n_disc] = i;
        n_disc += we->n_discards > 0;
        name_at[n_name] = i;
        n_name += (we->n_actors | we->n_agents) > 0;
        form_at[n_form] = i;
        n_form += we->n_forms > 0;
    }
    for (uint32_t j = 0; j < n_syn; j++) {
        const struct dy_word_entry *we = &d->by_word[s->t[syn_at[j]].word];
        for (uint32_t k = 0; k < we->n_syns; k++)
            dy_bloom_add(&s->words, DY_BLOOM_SYNSET(d->syn_index[we->syns + k].synset));
    }
    /* discards anywhere */
    for (uint32_t j = 0; j < n_disc; j++) {
        uint32_t i = disc_at[j], which;
        const struct dy_word_entry *we = &d->by_word[s->t[i].word];
        if (best_phrase(s, i, we->discards, we->n_discards, m->discard_phrases, false, &which)) {
            int kind = m->discards[m->discard_phrases[which].owner].story ? DYAD_DISCARD_STORY
                                                                          : DYAD_DISCARD_SENTENCE;
            if (kind > s->discard)
                s->discard = kind;
        }
    }
    /* actors and agents left to right, longest first, from the tokens no mention has
     * taken yet */
    for (uint32_t j = 0, free_from = 0; j < n_name; j++) {
        uint32_t i = name_at[j];
        if (i < free_from)
            continue;
        const struct dy_word_entry *we = &d->by_word[s->t[i].word];
        uint32_t a_idx = 0, g_idx = 0;
        uint32_t a_len = we->n_actors
                             ? best_phrase(s, i, we->actors, we->n_actors, m->actor_phrases, true, &a_idx)
                             : 0;
        uint32_t g_len = we->n_agents
                             ? best_phrase(s, i, we->agents, we->n_agents, m->agent_phrases, false, &g_idx)
                             : 0;
        if (!a_len && !g_len)
            continue;
        dyad_status st;
        if (a_len >= g_len)
            st = add_mention(s, i, a_len, M_ACTOR, m->actor_phrases[a_idx].owner, &cap_m);
        else
            st = add_mention(s, i, g_len, M_AGENT, m->agent_phrases[g_idx].owner, &cap_m);
        if (st != DYAD_OK)
            return st;
        free_from = i + (a_len >= g_len ? a_len : g_len);
    }
    /* Verb forms outside mentions: the longest forms starting at a word. A word may
     * start forms of several blocks (a verb listed twice); each becomes a candidate and
     * the coder tries their patterns in turn. */
    size_t cap_v = 0;
    s->v = NULL;
    s->nv = 0;
    for (uint32_t x = 0; x < n_form; x++) {
        uint32_t i = form_at[x];
        if (s->t[i].mention >= 0 || s->t[i].verb >= 0)
            continue;
        const struct dy_word_entry *we = &d->by_word[s->t[i].word];
        /* the longest forms; among them, those written in the dictionary win over
         * generated inflections (LEFT the verb over LEFT, past of LEAVE). A form whose
         * second word is not the next token's is passed over untouched. */
        uint32_t next = i + 1 < s->n ? s->t[i + 1].word : 0;
        const uint32_t *second = d->second + we->forms;
        uint32_t hit[16], hit_len[16], n_hit = 0;
        uint32_t best_len = 0, best_gen = 1;
        for (uint32_t k = 0; k < we->n_forms; k++) {
            if (!may_follow(second[k], next))
                continue;
            uint32_t f = d->index[we->forms + k];
            const struct dy_verb_form *vf = &m->forms[f];
            uint32_t len = seq_match(s, i, vf->words);
            bool clash = false;
            for (uint32_t j = i; j < i + len; j++)
                clash |= s->t[j].mention >= 0;
            if (!len || clash)
                continue;
            if (len > best_len || (len == best_len && vf->generated < best_gen)) {
                best_len = len;
                best_gen = vf->generated;
            }
            if (n_hit < 16) {
                hit[n_hit] = f;
                hit_len[n_hit] = len;
            }
            n_hit++;
        }
        if (n_hit > 16) { /* more matching forms than kept: find them again */
            n_hit = 0;
            for (uint32_t k = 0; k < we->n_forms; k++) {
                uint32_t f = d->index[we->forms + k];
                uint32_t len = seq_match(s, i, m->forms[f].words);
                if (len != best_len || m->forms[f].generated != best_gen)
                    continue;
                bool clash = false;
                for (uint32_t j = i; j < i + len; j++)
                    clash |= s->t[j].mention >= 0;
                dyad_status st = clash ? DYAD_OK : add_verb(s, i, len, f, &cap_v);
                if (st != DYAD_OK)
                    return st;
            }
            continue;
        }
        for (uint32_t h = 0; h < n_hit; h++) {
            if (hit_len[h] != best_len || m->forms[hit[h]].generated != best_gen)
                continue;
            dyad_status st = add_verb(s, i, best_len, hit[h], &cap_v);
            if (st != DYAD_OK)
                return st;
        }
    }
    return DYAD_OK;
}
