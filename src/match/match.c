/*
 * match.c - finds what the dictionary knows in a sentence: actor and agent phrases
 * (longest match wins, actors before agents on a tie), verb forms (longest first, never
 * inside an actor or agent) and discard phrases. One hash probe per token to get its word
 * id has already been made; everything here compares word ids.
 */
#include "code/sent.h"

#include <string.h>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

/* Whether a list entry's elements w[0..n) (dyad_dict.list_words) are the words at
 * `at`: n, else 0. The lists are per first word (compile.c): w[0] is the word at `at`. */
static uint32_t words_match(const struct dy_sent *s, uint32_t at, const uint32_t *w, uint32_t n)
{
    if (at + n > s->n)
        return 0;
    for (uint32_t k = 1; k < n; k++)
        if (s->t[at + k].word != (w[k] & DY_LW_ID))
            return 0;
    return n;
}

/* Like words_match, but words the dictionary wrote with a space (not '_') between them
 * may have up to two lower-case words between them in the text, as TABARI allowed:
 * ITHILEN TELEVISION matches "Ithilen state-run television". Returns the tokens
 * covered. n >= 1; w[0] is the word at `at`, as for words_match. */
static uint32_t words_match_gaps(const struct dy_sent *s, uint32_t at, const uint32_t *w,
                                 uint32_t n)
{
    uint32_t pos = at + 1;
    for (uint32_t k = 1; k < n; k++, pos++) {
        uint32_t id = w[k] & DY_LW_ID;
        if (id == DY_LW_NOT_WORD)
            return 0;
        if (!(w[k] & DY_LW_JOINED)) {
            uint32_t gap = 0;
            while (gap < 2 && pos < s->n && s->t[pos].word != id && s->t[pos].cls == W_OTHER &&
                   !(s->t[pos].tok->flags & DY_TOK_CAP))
                pos++, gap++;
        }
        if (pos >= s->n || s->t[pos].word != id)
            return 0;
    }
    return pos - at;
}

/* The first entry from i on, of a per-word list of n whose second words are `second`
 * (dyad_dict.second), that can match where the next token's word is `next`: it takes any
 * second word (0) or that one. n when none can. Entries are passed over four at a time;
 * the last read may take up to three entries past the list (the next list's, or
 * DY_SECOND_PAD), whose matches are not its own. */
static inline uint32_t next_may_follow(const uint32_t *second, uint32_t i, uint32_t n,
                                       uint32_t next)
{
#if defined(__SSE2__)
    const __m128i want = _mm_set1_epi32((int)next), any = _mm_setzero_si128();
    for (; i < n; i += 4) {
        __m128i v = _mm_loadu_si128((const __m128i *)(second + i));
        __m128i ok = _mm_or_si128(_mm_cmpeq_epi32(v, want), _mm_cmpeq_epi32(v, any));
        unsigned m = (unsigned)_mm_movemask_ps(_mm_castsi128_ps(ok));
        if (m) {
            uint32_t at = i + (uint32_t)__builtin_ctz(m);
            return at < n ? at : n;
        }
    }
    return n;
#else
    for (; i < n; i++)
        if (!second[i] || second[i] == next)
            return i;
    return n;
#endif
}

/* The filter's 256 bits as bytes, 0 or 1, in out[0..256); out[256..512) all 1
 * (dy_bloom_keys_pass). */
static void bloom_bytes(const struct dy_bloom *b, uint8_t out[512])
{
#if defined(__SSE2__)
    const __m128i sel = _mm_setr_epi8(1, 2, 4, 8, 16, 32, 64, -128, 1, 2, 4, 8, 16, 32, 64, -128);
    const __m128i one = _mm_set1_epi8(1);
    for (int k = 0; k < 16; k++) {
        /* 16 bits: the low byte spread over 8 bytes, then the high one */
        __m128i x = _mm_cvtsi32_si128((int)((b->bits[k >> 2] >> (16 * (k & 3))) & 0xffff));
        x = _mm_unpacklo_epi8(x, x);
        x = _mm_unpacklo_epi16(x, x);
        x = _mm_unpacklo_epi32(x, x);
        x = _mm_and_si128(_mm_cmpeq_epi8(_mm_and_si128(x, sel), sel), one);
        _mm_storeu_si128((__m128i *)(out + 16 * k), x);
    }
#else
    for (int k = 0; k < 256; k++)
        out[k] = (uint8_t)((b->bits[k >> 6] >> (k & 63)) & 1);
#endif
    memset(out + 256, 1, 256);
}

/* Longest phrase of a per-word list matching at `at`: its length, and *which. The
 * entries' words are read from dyad_dict.list_words, not from the phrases. */
static uint32_t best_phrase(const struct dy_sent *s, uint32_t at, uint32_t first, uint32_t n,
                            bool gaps, uint32_t *which)
{
    uint32_t best = 0;
    uint32_t next = at + 1 < s->n ? s->t[at + 1].word : 0;
    const uint32_t *second = s->dict->second + first;
    for (uint32_t i = 0; (i = next_may_follow(second, i, n, next)) < n; i++) {
        const uint32_t *w = dy_list_entry(s->dict, first + i);
        uint32_t words = w[0] & DY_LW_LEN;
        if (words <= best)
            break; /* lists are sorted longest first */
        if ((w[0] & DY_LW_CAPS) && !(s->t[at].tok->flags & DY_TOK_ALLCAPS))
            continue; /* "WHO" the organisation, not "who" */
        uint32_t len = gaps ? words_match_gaps(s, at, w + 1, words)
                            : words_match(s, at, w + 1, words);
        if (len > best) {
            best = len;
            *which = s->dict->index[first + i];
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

/* Whether a token of [at, at + len) lies in a mention (a verb form may not). */
static bool in_mention(const struct dy_sent *s, uint32_t at, uint32_t len)
{
    bool in = false;
    for (uint32_t j = at; j < at + len; j++)
        in |= s->t[j].mention >= 0;
    return in;
}

/* Whether verb form entry w (dyad_dict.list_words) was made by inflection rules. */
static inline uint32_t generated(const uint32_t *w)
{
    return (w[0] & DY_LW_GENERATED) != 0;
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
    s->word_bytes = dy_arena_alloc(s->arena, 512);
    if (!s->word_bytes)
        return DYAD_NOMEM;
    bloom_bytes(&s->words, s->word_bytes);
    /* discards anywhere */
    for (uint32_t j = 0; j < n_disc; j++) {
        uint32_t i = disc_at[j], which;
        const struct dy_word_entry *we = &d->by_word[s->t[i].word];
        if (best_phrase(s, i, we->discards, we->n_discards, false, &which)) {
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
                             ? best_phrase(s, i, we->actors, we->n_actors, true, &a_idx)
                             : 0;
        uint32_t g_len = we->n_agents
                             ? best_phrase(s, i, we->agents, we->n_agents, false, &g_idx)
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
        uint32_t hit[16], hit_len[16], hit_gen[16], n_hit = 0;
        uint32_t best_len = 0, best_gen = 1;
        for (uint32_t k = 0; (k = next_may_follow(second, k, we->n_forms, next)) < we->n_forms;
             k++) {
            const uint32_t *w = dy_list_entry(d, we->forms + k);
            uint32_t len = words_match(s, i, w + 1, w[0] & DY_LW_LEN);
            if (!len || in_mention(s, i, len))
                continue;
            uint32_t gen = generated(w);
            if (len > best_len || (len == best_len && gen < best_gen)) {
                best_len = len;
                best_gen = gen;
            }
            if (n_hit < 16) {
                hit[n_hit] = d->index[we->forms + k];
                hit_len[n_hit] = len;
                hit_gen[n_hit] = gen;
            }
            n_hit++;
        }
        if (n_hit > 16) { /* more matching forms than kept: find them again */
            n_hit = 0;
            for (uint32_t k = 0; k < we->n_forms; k++) {
                const uint32_t *w = dy_list_entry(d, we->forms + k);
                uint32_t len = words_match(s, i, w + 1, w[0] & DY_LW_LEN);
                if (len != best_len || generated(w) != best_gen)
                    continue;
                uint32_t f = d->index[we->forms + k];
                dyad_status st = in_mention(s, i, len) ? DYAD_OK : add_verb(s, i, len, f, &cap_v);
                if (st != DYAD_OK)
                    return st;
            }
            continue;
        }
        for (uint32_t h = 0; h < n_hit; h++) {
            if (hit_len[h] != best_len || hit_gen[h] != best_gen)
                continue;
            dyad_status st = add_verb(s, i, best_len, hit[h], &cap_v);
            if (st != DYAD_OK)
                return st;
        }
    }
    return DYAD_OK;
}
