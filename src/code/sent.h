/*
 * sent.h - one sentence while it is being coded: its tokens (after PETRARCH's comma
 * rule has removed short parenthetical clauses), what the dictionary matched in it
 * (actors, agents, verbs, discards) and the word classes the syntax stage assigned.
 * Shared by src/match, src/syntax and src/code; everything lives in the sentence arena,
 * reset for the next sentence, but the codes events keep (dy_sent.keep).
 */
#ifndef DY_SENT_H
#define DY_SENT_H

#include "dict/compiled.h"
#include "text/text.h"

#include <string.h>

enum dy_wclass {
    W_OTHER = 0, /* open-class word: noun, adjective, unknown */
    W_DET,       /* a, the, its, their ... */
    W_PREP,      /* of, in, on, with ... (not "to", "by") */
    W_TO,
    W_BY,
    W_CONJ,      /* and, or, nor, but */
    W_AUX,       /* be/have/do forms */
    W_MODAL,     /* will, would, can ... */
    W_NEG,       /* not, n't, never */
    W_PRON,      /* he, she, it, they ... */
    W_SUBORD,    /* that, after, when, because ... */
    W_REL,       /* who, which, whom, whose */
    W_ADV,       /* -ly adverbs and a closed list */
    W_POSS,      /* 's and ' */
    W_NUM,
    W_COMMA,
    W_PUNCT,     /* other punctuation and quotes */
    W_SAYS       /* reporting verb: said, says, reported, told ... */
};

struct dy_stok {
    const struct dy_token *tok;
    uint32_t word;   /* dictionary word id, 0 if the dictionary does not know it */
    uint8_t cls;     /* enum dy_wclass, in context (a word of a name is W_OTHER) */
    uint8_t cls0;    /* its class alone (dy_word_class) */
    uint8_t syn;     /* the word begins a phrase of some synset */
    int32_t mention; /* mention covering this token, or -1 */
    int32_t verb;    /* verb covering this token, or -1 */
};

enum dy_mkind { M_ACTOR, M_AGENT };

struct dy_mention {
    uint32_t start, end; /* tokens, half-open */
    uint8_t kind;
    uint32_t entry;      /* actor or agent index in the model */
};

struct dy_verb {
    uint32_t start, end; /* tokens of the verb form, half-open */
    uint32_t head;       /* token of the verb word itself */
    uint32_t form, block;
    uint8_t ftype;       /* enum dy_ftype */
    uint8_t is_verb;     /* the context allows a verb here */
    uint8_t passive;     /* be + participle */
    uint8_t negated;     /* not / n't / never in its auxiliary chain */
    uint8_t future;      /* will / would / shall / 'll in its auxiliary chain */
    uint8_t coded;       /* produced events (or was claimed by a pattern) */
    int32_t src_group;   /* for VP coordination: the subject group used */
};

/* A run of mentions read as one noun phrase: "the ambassadors of Arnor, Osgiliath and
 * Gondor", "Danish media and government". */
struct dy_group {
    uint32_t start, end;  /* tokens, half-open */
    uint32_t first_m, n_m; /* mentions */
    const char **codes;   /* codes it yields (cross product of its parts) */
    dyad_span *spans;
    uint32_t n_codes;
};

struct dy_sent {
    struct dy_arena *arena; /* the sentence's memory, reset for the next */
    struct dy_arena *keep;  /* for the codes its events point at: the article's arena,
                               or the caller's (dy_coder_keep_codes_in) */
    const struct dyad_dict *dict;
    const char *text;
    int32_t day;
    struct dy_stok *t;
    size_t n;
    struct dy_mention *m;
    size_t nm;
    struct dy_verb *v;
    size_t nv;
    int discard; /* dyad_discard */
    struct dy_bloom words; /* the sentence's word ids (dy_match_sentence fills it) */
    uint8_t *word_bytes;   /* the same bits as bytes, for dy_bloom_keys_pass */
    const struct dy_wordclasses *wclass; /* dy_wordclasses_new() of the dictionary */
    /* per token, the extent of the group of mentions containing it, found at the first
     * pattern that asks (pattern.c; n_m == 0: not yet); dy_match_sentence clears it */
    struct dy_extent {
        uint32_t lo, hi, n_m;
    } *extent;
};

/* Whether token t reads as the word `lit`, a string literal in upper case: its length
 * first, then its bytes (no call for a constant this short). */
#define DY_NORM_IS(t, lit)                                                                 \
    ((t)->tok->norm_len == sizeof(lit) - 1 && memcmp((t)->tok->norm, (lit), sizeof(lit) - 1) == 0)

/* Whether token t reads as one of the n words; first letters are compared first. */
static inline bool dy_norm_in(const struct dy_stok *t, const char *const *words, size_t n)
{
    const char *w = t->tok->norm;
    for (size_t i = 0; i < n; i++)
        if (w[0] == words[i][0] && strcmp(w, words[i]) == 0)
            return true;
    return false;
}

/* code/: the trace of the last article (for the pipeline to keep) */
const char *dy_coder_trace_text(const dyad_coder *c, size_t *len);
/* code/: where the codes the events of the next articles point at are made (their
 * groups' composed codes): arena `keep`, which the caller keeps as long as it keeps the
 * events, so that it need not copy them; NULL: the coder's own, reset per article. */
void dy_coder_keep_codes_in(dyad_coder *c, struct dy_arena *keep);

/* match/ */
dyad_status dy_match_sentence(struct dy_sent *s);
/* Tries the patterns of verb v's block; on success fills *pattern (or UINT32_MAX when
 * none matched) and the slots the pattern assigned. */
struct dy_slots {
    int32_t src_tok, tgt_tok, comp_tok; /* token where $ + % matched, -1 if none */
    uint32_t lo, hi;                    /* tokens the pattern covered */
    int comp_pre;                       /* % stood before the verb */
};
uint32_t dy_match_patterns(const struct dy_sent *s, const struct dy_verb *v,
                           struct dy_slots *slots);

/* syntax/ */
/* The class of a token alone; dy_classify resets each token's class to it. */
uint8_t dy_word_class(const struct dy_stok *t, const struct dy_wordclasses *wc);
void dy_classify(struct dy_sent *s);
/* Closed-class words of a dictionary, for dy_sent.wclass: their class by word id, and for
 * the words the dictionary lacks, which lengths (bit L) start with each byte, so that most
 * unknown words are known to be open class without a search. */
struct dy_wordclasses {
    uint8_t *by_word; /* [words.n + 1]: class, or 0xff for open class */
    uint16_t lens[256];
};
struct dy_wordclasses *dy_wordclasses_new(const struct dyad_dict *d);
void dy_wordclasses_free(struct dy_wordclasses *w); /* NULL is a no-op */
void dy_decide_verbs(struct dy_sent *s);
/* The group of mentions starting at or after token `from` and before `to`, or
 * -1 when there is none; fills g. `backward` finds the group ending nearest `to`. */
int dy_group_at(const struct dy_sent *s, uint32_t from, uint32_t to, struct dy_group *g);
/* The group covering token i that starts earliest within [start, end); 0 if none. */
int dy_group_containing(const struct dy_sent *s, uint32_t start, uint32_t end, uint32_t i,
                        struct dy_group *g);
/* clauses.c: subjects and objects. Each fills *g and returns 1 when there is one. */
bool dy_is_verb_at(const struct dy_sent *s, size_t i); /* a verb or a reporting verb */
int dy_subject(const struct dy_sent *s, uint32_t end, struct dy_group *g);
int dy_object(const struct dy_sent *s, uint32_t from, struct dy_group *g);
int dy_passive_agent(const struct dy_sent *s, const struct dy_verb *v, struct dy_group *g);
int dy_resolve_pronoun(const struct dy_sent *s, uint32_t p, struct dy_group *g);
int dy_group_at_token(const struct dy_sent *s, int32_t tok, struct dy_group *g);
bool dy_locative(const struct dy_sent *s, const struct dy_group *g);
/* Verbs that add no event of their own: after "to"/a preposition under a coded verb,
 * or in an adverbial clause under one. coded[k] says whether verb k made events. */
bool dy_dependent(const struct dy_sent *s, const struct dy_verb *v, const uint8_t *coded);
bool dy_under_coded_verb(const struct dy_sent *s, const struct dy_verb *v,
                         const uint8_t *coded);

dyad_status dy_group_codes(const struct dy_sent *s, struct dy_group *g);

#endif
