/*
 * compiled.h - the dictionary as the matcher uses it: the model plus indexes from each
 * word to the phrases and verb forms that start with it, longest first. Immutable once
 * built; shared by all coder threads.
 */
#ifndef DY_COMPILED_H
#define DY_COMPILED_H

#include "dict/dict.h"

/* For one word id: where its entries start in dyad_dict.index (each list is sorted by
 * phrase length, longest first). */
struct dy_word_entry {
    uint32_t actors, n_actors;    /* actor_phrases indexes */
    uint32_t agents, n_agents;    /* agent_phrases indexes */
    uint32_t discards, n_discards;
    uint32_t forms, n_forms;      /* verb forms whose first word this is */
    uint32_t syns, n_syns;        /* synset phrases that begin with this word (syn_index) */
};

/* A synset phrase by its first word: which synset, which phrase. */
struct dy_syn_ref {
    uint32_t synset, phrase;
};

/* Words (ids) and synsets that a pattern needs, as a 256-bit Bloom filter: a sentence
 * whose own filter lacks one of these bits cannot match, so the pattern is not tried. */
struct dy_bloom {
    uint64_t bits[4];
};

/* A synset is entered in the filters as if it were a word with this id: a pattern needs
 * it, and a sentence has it when one of its words begins a phrase of the set. */
#define DY_BLOOM_SYNSET(syn) (0x80000000u | (uint32_t)(syn))

/* The filter bit of a word or set. */
static inline uint32_t dy_bloom_bit(uint32_t word)
{
    return (word * 2654435761u) >> 24;
}

static inline void dy_bloom_add(struct dy_bloom *b, uint32_t word)
{
    uint32_t h = dy_bloom_bit(word);
    b->bits[h >> 6] |= 1ull << (h & 63);
}

static inline int dy_bloom_covers(const struct dy_bloom *have, const struct dy_bloom *need)
{
    return ((have->bits[0] & need->bits[0]) == need->bits[0]) &
           ((have->bits[1] & need->bits[1]) == need->bits[1]) &
           ((have->bits[2] & need->bits[2]) == need->bits[2]) &
           ((have->bits[3] & need->bits[3]) == need->bits[3]);
}

/* Two bits of a pattern's filter, picked to be rare in sentences (bits of its longest
 * words), as (a | b << 16), each 0-255; a filter without bits has 256 for both. Testing
 * them turns most patterns away for a fraction of the filter's cost; the filter itself
 * decides. dy_bloom_keys_pass takes the sentence's filter as one byte per bit (0 or 1),
 * have[0..256), then have[256..512) all 1, so any 9-bit key is inside it. */
static inline int dy_bloom_keys_pass(const uint8_t have[512], uint32_t keys)
{
    return have[keys & 0x1ff] & have[(keys >> 16) & 0x1ff];
}

/* The form of a verb form's verb word (compile.c). */
enum dy_ftype { F_BASE = 0, F_S, F_PAST, F_ING };

/* dyad_dict.list_words: bits beside a length or a word id. */
#define DY_LW_CAPS 0x80000000u      /* header: matches only text in capitals */
#define DY_LW_GENERATED 0x40000000u /* header: a verb form made by inflection rules */
#define DY_LW_LEN 0x3fffffffu       /* header: the length */
#define DY_LW_JOINED 0x80000000u    /* element: written with '_' before it */
#define DY_LW_NOT_WORD 0x7fffffffu  /* element: a set or other non-word (no token has it) */
#define DY_LW_ID 0x7fffffffu        /* element: the id bits */

#define DY_SECOND_PAD 3 /* dyad_dict.second: a 4-entry read from any list stays inside */

struct dyad_dict {
    struct dy_dict_model m;
    struct dy_word_entry *by_word; /* [m.words.n + 1] */
    uint32_t *index;               /* the lists referenced from by_word */
    uint32_t *second;              /* parallel to index: the entry's second word id; 0
                                      when any word may follow its first (a one-word
                                      entry, a set next, or a gap that may come before
                                      it); lets a lookup skip entries without touching
                                      them, four at a time; DY_SECOND_PAD entries that
                                      match nothing follow the last list */
    uint32_t *list_at;             /* parallel to index: where the entry's words begin in
                                      list_words */
    uint32_t *list_words;          /* per entry, beside the other entries of its list: a
                                      header (its length, DY_LW_CAPS or _GENERATED) and
                                      each element (word id or DY_LW_NOT_WORD, with
                                      DY_LW_JOINED), so that a lookup reads no phrase and
                                      no element elsewhere */
    size_t n_index, n_list_words;
    uint32_t *block_patterns;      /* per block, its patterns in trial order */
    uint8_t *form_type;            /* per verb form: enum dy_ftype of its verb word */
    struct dy_syn_ref *syn_index;  /* lists referenced from by_word[].syns */
    uint32_t *syn_nested;          /* per synset: phrases that begin with a synset */
    uint32_t *syn_nested_at;       /* [n_synsets + 1] offsets into syn_nested */
    struct dy_bloom *pattern_need; /* parallel to block_patterns: what each one needs */
    uint32_t *pattern_keys;        /* parallel to block_patterns: two of its need's bits
                                      (dy_bloom_keys_pass), tested before the filter */
    dyad_dict_stats stats;
    uint64_t sources;              /* checksum of the source files (dyad_dict_checksum) */
    struct mapped *mapped;         /* set when loaded from an image (image.c) */
};

/* List entry j's words in dyad_dict.list_words: its header, then its elements. */
static inline const uint32_t *dy_list_entry(const struct dyad_dict *d, size_t j)
{
    return d->list_words + d->list_at[j];
}

/* Whether synset `syn` has phrases that begin with another set: a phrase of it may then
 * begin at any token, else only where the token's word begins one of its phrases. */
static inline bool dy_synset_nested(const struct dyad_dict *d, uint32_t syn)
{
    return syn < d->m.n_synsets && d->syn_nested_at[syn] != d->syn_nested_at[syn + 1];
}

/* Folds one source file into d->sources: its text, or the file at `path` (read once). */
void dy_dict_sources_add(struct dyad_dict *d, const char *label, const char *text, size_t len);
dyad_status dy_dict_sources_add_file(struct dyad_dict *d, const char *label, const char *path,
                                     dyad_error *err);
/* Folds the WordNet files dy_lexicon_load reads (present or not) into d->sources: they
 * decide the verb forms and plurals an image holds (inflect.c). */
void dy_lexicon_sources_add(struct dyad_dict *d);
/* Recomputes an image's content checksum in place (for the fuzz target, so that mutated
 * images reach the section checks). */
void dy_image_reseal(void *data, size_t size);
/* Loads the image at `image` (NULL: none) if it was built from sources with checksum
 * `sources`, and replays its rejected entries through diag, as loading the sources would
 * have reported them: true and *out set. False when there is no such image, or when
 * `flags` asks for strict loading and the image has rejected entries (the caller then
 * loads the sources, which stop at the first). */
bool dy_image_use(const char *image, uint64_t sources, unsigned flags, dyad_diag_fn diag,
                  void *ctx, struct dyad_dict **out);
/* Releases an image-backed dictionary's mapping (dyad_dict_free calls it). */
void dy_dict_unmap(struct dyad_dict *d);

dyad_status dy_dict_compile(struct dyad_dict *d, dyad_error *err);

/* The actor code that applies on `day` (INT32_MIN: undated article -> default), or NULL. */
const char *dy_actor_code(const struct dyad_dict *d, uint32_t actor, int32_t day);

#endif
