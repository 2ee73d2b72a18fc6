/*
 * dict.h - the dictionary model: what the PETRARCH/TABARI readers (and later dyad's own
 * format) produce, and what the compiler turns into the matcher's indexes.
 *
 * Words are stored once, normalised by dy_norm_word() (NFKC, upper case, typographic
 * apostrophes folded), in `words`; phrases and patterns are sequences of dy_elem.
 */
#ifndef DY_DICT_H
#define DY_DICT_H

#include "core/core.h"

enum dy_elem_kind {
    DY_E_WORD = 0, /* a literal word: id in words */
    DY_E_SYNSET,   /* &NAME: id is the synset index */
    DY_E_VERB,     /* '*': where the verb stands */
    DY_E_SOURCE,   /* '$': the source actor goes here */
    DY_E_TARGET,   /* '+': the target actor goes here */
    DY_E_COMPOUND, /* '%': a compound actor (both sides) goes here */
    DY_E_SKIP      /* '^': skip to the end of the current noun phrase */
};

/* CAMEO.2.0 grouping of pattern words: {noun compound} and (prepositional phrase). The
 * values are bits: a word of "(OF {BANNED PARTIES})" inside both has DY_G_NOUN | DY_G_PREP. */
enum dy_elem_group { DY_G_NONE = 0, DY_G_NOUN = 1, DY_G_PREP = 2 };

struct dy_elem {
    uint8_t kind;   /* enum dy_elem_kind */
    uint8_t joined; /* written with '_' before it: must follow the previous element at once */
    uint8_t exact;  /* a word written with a trailing '_' (no stem/plural variation) */
    uint8_t group;  /* enum dy_elem_group bits: the groups the element is inside */
    uint8_t open;   /* enum dy_elem_group bits: the groups that begin at this element, so
                       "(TO LIST) (OF ...)" is two groups, not one */
    uint32_t id;
};

/* A span of elements in dy_dict_model.elems. */
struct dy_seq {
    uint32_t first, n;
};

/* ---- verbs -------------------------------------------------------------------------- */

/* "--- NAME [CODE] ---": a block of verbs sharing patterns. */
struct dy_verb_block {
    uint32_t name;          /* word id of NAME (first word) */
    char code[8], code2[8]; /* "[031:032]" -> "031", "032"; "" when absent; "---" = null */
    uint32_t line;
    uint32_t file;          /* index into files */
    uint32_t first_pattern, n_patterns;
};

/* One form that triggers a block: the base verb, each {irregular form}, each generated
 * regular form, and multi-word verbs ("+BREAK_DOWN", "WIRE_+TAP"). */
struct dy_verb_form {
    struct dy_seq words;    /* DY_E_WORD elements of the whole form */
    uint8_t head;           /* index (in words) of the verb word ('+' marks it) */
    uint8_t generated;      /* 1: made by inflection rules, not written in the file */
    uint8_t base;           /* 1: the base (lemma) line itself */
    char code[8], code2[8]; /* own code ("KLM_NOP_+RST [002]"), "" to use the block's */
    uint32_t block;
    uint32_t line;
    uint32_t file;
};

/* "- PRE * POST [CODE] # comment" */
struct dy_pattern {
    struct dy_seq elems;    /* includes exactly one DY_E_VERB */
    uint32_t verb_pos;      /* index of the DY_E_VERB element within elems */
    char code[8], code2[8];
    uint32_t block;
    uint32_t line;
    uint32_t file;
    uint32_t text;          /* offset of the pattern as written in model->strings */
};

/* "&NAME" followed by "+PHRASE" lines; phrases may reference other synsets. */
struct dy_synset {
    uint32_t name;          /* word id of "&NAME" without the '&' */
    uint32_t first_phrase, n_phrases; /* into synset_phrases */
    uint32_t line;
    uint32_t file;
    uint8_t exact;          /* "&NAME_": its words are exact */
};

/* CAMEO.2.0 "~ a (a b ATTACK) SAY = a b 015": when the event coded by the verb block named
 * `verb` (SAY) has as its target an event of block `inner_verb` (ATTACK), code instead
 * res_src res_tgt code. The slots are variable letters ('a', 'b'), '_' (anything) or '.'
 * (empty); inner_verb may also be a code letter such as Q, with code "Q" copying it. */
struct dy_transform {
    char src, inner_src, inner_tgt, res_src, res_tgt;
    char code[8];
    uint32_t inner_verb, verb; /* word ids */
    uint32_t line, file;
    uint32_t text;             /* offset of the line as written in model->strings */
};

/* ---- actors, agents, discards ------------------------------------------------------- */

struct dy_actor_code {
    char code[24];          /* may hold several codes joined by '/' (compound actor) */
    int32_t from, to;       /* valid from..to, inclusive, days since 1970;
                               INT32_MIN / INT32_MAX when open */
};

struct dy_actor {
    uint32_t first_code, n_codes; /* into actor_codes; an undated code is the default */
    uint32_t line;
    uint32_t file;          /* index into files */
};

/* A phrase that names an actor, agent or discard. */
struct dy_phrase {
    struct dy_seq words;    /* DY_E_WORD elements (and DY_E_SYNSET in verbs) */
    uint32_t owner;         /* actor, agent or discard index; synset index for synset phrases */
    uint32_t line;
    uint8_t caps;           /* written as an upper-case acronym in dyad's format ("WHO",
                               "US"): matches only text written in capitals, not "who" */
};

struct dy_agent {
    char code[24];          /* "GOV" */
    uint8_t prefix;         /* 1 for "[NGO~]" (code goes before the actor's) */
    uint32_t line;
    uint32_t file;
};

struct dy_discard {
    uint8_t story;          /* '+': discard the whole story; else the sentence */
    uint32_t line;
    uint32_t file;
};

struct dy_lexicon;   /* WordNet's irregular forms (inflect.c) */
struct dy_dyad_meta; /* dyad's own format: ids, kinds, provenance (dyad_meta.h) */

struct dy_dict_model {
    struct dy_intern words;     /* normalised words and synset names */
    struct dy_elem *elems;      size_t n_elems, cap_elems;
    struct dy_buf strings;      /* pattern texts, NUL-separated */
    const char **files;         size_t n_files, cap_files;  /* owned copies */

    struct dy_verb_block *blocks;   size_t n_blocks, cap_blocks;
    struct dy_verb_form *forms;     size_t n_forms, cap_forms;
    struct dy_pattern *patterns;    size_t n_patterns, cap_patterns;
    struct dy_synset *synsets;      size_t n_synsets, cap_synsets;
    struct dy_phrase *synset_phrases; size_t n_synset_phrases, cap_synset_phrases;
    struct dy_transform *transforms; size_t n_transforms, cap_transforms;

    struct dy_actor *actors;        size_t n_actors, cap_actors;
    struct dy_actor_code *actor_codes; size_t n_actor_codes, cap_actor_codes;
    struct dy_phrase *actor_phrases; size_t n_actor_phrases, cap_actor_phrases;

    struct dy_agent *agents;        size_t n_agents, cap_agents;
    struct dy_phrase *agent_phrases; size_t n_agent_phrases, cap_agent_phrases;

    struct dy_discard *discards;    size_t n_discards, cap_discards;
    struct dy_phrase *discard_phrases; size_t n_discard_phrases, cap_discard_phrases;

    size_t rejected;            /* entries reported to the diag callback */
    struct dy_buf rejects;      /* those reports, as records (rejects.c) */
    size_t n_rejects;           /* records in it: rejected, unless memory ran out */
    bool rejects_lost;          /* memory ran out recording one: no image can be saved */
    /* Limits of the PETRARCH readers (dyad_options.max_entry_bytes, max_dict_entries; 0:
     * the DY_DICT_MAX_* defaults), set before reading; n_entries counts entries read. */
    size_t max_entry_bytes, max_entries, n_entries;
    struct dy_dyad_meta *dyad;  /* ids and provenance of dyad's own format (dyad_meta.h);
                                   NULL for PETRARCH dictionaries; freed by dy_model_free */
    struct dy_lexicon *lex;     /* loaded by the first reader that inflects (NULL until then;
                                   a caller may set its own before); freed by dy_model_free */
};

void dy_model_init(struct dy_dict_model *m);
void dy_model_free(struct dy_dict_model *m);
/* Adds a file name to m->files and returns its index (UINT32_MAX on allocation failure). */
uint32_t dy_model_add_file(struct dy_dict_model *m, const char *path);

/* How the readers report a malformed entry: fills a dyad_error with
 * "file:line: message ('entry text')", calls diag, counts it in m->rejected, and returns
 * DYAD_SYNTAX if flags has DYAD_DICT_STRICT (the reader then stops), else DYAD_OK. */
struct dy_diag {
    dyad_diag_fn fn;
    void *ctx;
    unsigned flags;
};

/* The rejected entries' reports as records (rejects.c), so that an image replays them.
 * dy_rejects_add appends e to m->rejects (on allocation failure it sets m->rejects_lost).
 * dy_rejects_check: true if [p, p + len) is a list of well-formed records (bounds, lengths,
 * NUL-terminated strings, zero padding), their number in *n. dy_rejects_replay calls fn
 * for each record of a checked list, in the order they were reported. */
void dy_rejects_add(struct dy_dict_model *m, const dyad_error *e);
bool dy_rejects_check(const char *p, size_t len, size_t *n);
void dy_rejects_replay(const char *p, size_t len, dyad_diag_fn fn, void *ctx);

/* Readers. `text`/`len` is the file's content; `source` its name (for messages and for
 * rule provenance). Each returns DYAD_OK having skipped bad entries (reported through
 * diag), DYAD_SYNTAX in strict mode at the first bad entry (err filled), or DYAD_NOMEM. */
dyad_status dy_petr_read_verbs(struct dy_dict_model *m, const char *source, const char *text,
                               size_t len, const struct dy_diag *diag, dyad_error *err);
dyad_status dy_petr_read_actors(struct dy_dict_model *m, const char *source, const char *text,
                                size_t len, const struct dy_diag *diag, dyad_error *err);
dyad_status dy_petr_read_agents(struct dy_dict_model *m, const char *source, const char *text,
                                size_t len, const struct dy_diag *diag, dyad_error *err);
dyad_status dy_petr_read_discards(struct dy_dict_model *m, const char *source,
                                  const char *text, size_t len, const struct dy_diag *diag,
                                  dyad_error *err);

/* dyad's own format (dyad_format.c, docs/dictionaries.md). dy_dyad_read reads one
 * self-contained file; several files whose entries refer to one another's ids are read
 * with dy_dyad_begin, dy_dyad_add for each (in a fixed order) and dy_dyad_finish, which
 * resolves the ids, fills the model and frees the reader. Entries of a `generated` file
 * give way to written ones with the same id or phrase. Statuses as for the readers above;
 * the reader copies what it keeps, so `text` may be freed after dy_dyad_add. */
struct dy_dyad_reader;
dyad_status dy_dyad_read(struct dy_dict_model *m, const char *source, const char *text,
                         size_t len, const struct dy_diag *diag, dyad_error *err);
dyad_status dy_dyad_begin(struct dy_dict_model *m, const struct dy_diag *diag,
                          struct dy_dyad_reader **out, dyad_error *err);
dyad_status dy_dyad_add(struct dy_dyad_reader *r, const char *source, const char *text,
                        size_t len, bool generated, dyad_error *err);
dyad_status dy_dyad_finish(struct dy_dyad_reader *r, dyad_error *err);
void dy_dyad_reader_free(struct dy_dyad_reader *r); /* after a failure; NULL is a no-op */
void dy_dyad_meta_free(struct dy_dyad_meta *meta);   /* NULL is a no-op */

/* The dictionaries a PETR_config.ini names, resolved against `dir`. */
struct dy_petr_config {
    char *verbs, *agents, *discards;
    char *actors[16];
    size_t n_actors;
};
/* Parses an ini text; applies [Options] to *opts (if non-NULL). On failure *out is empty
 * and err says where. */
dyad_status dy_petr_config_parse(const char *source, const char *text, size_t len,
                                 const char *dir, size_t dir_len, struct dy_petr_config *out,
                                 dyad_options *opts, dyad_error *err);
void dy_petr_config_free(struct dy_petr_config *c);

/* Reads a whole file into a NUL-terminated buffer the caller frees with dy_free. */
dyad_status dy_read_file(const char *path, char **out, size_t *len, dyad_error *err);

/* A whole file to read once (the image cache's sources checksum): mapped read-only, which
 * costs neither a copy nor fresh memory, else (an empty file, a pipe) read with
 * dy_read_file. data[0..len) is valid until dy_file_view_close, which is a no-op on a
 * view that failed to open. */
struct dy_file_view {
    const char *data;
    size_t len;
    void *map;  /* the mapping, or NULL */
    char *copy; /* what dy_read_file read, or NULL */
};
dyad_status dy_file_view_open(struct dy_file_view *v, const char *path, dyad_error *err);
void dy_file_view_close(struct dy_file_view *v);

/* ---- inflection (inflect.c) ------------------------------------------------------- */

/* Loads WordNet's verb.exc and noun.exc from $DYAD_WORDNET, else /usr/share/wordnet. Files
 * that are missing give an empty table (regular rules only), not an error. Immutable once
 * built; DYAD_NOMEM is the only failure. */
dyad_status dy_lexicon_load(struct dy_lexicon **out, dyad_error *err);
/* The same from the files' text (either may be NULL), for tests. */
dyad_status dy_lexicon_from_text(const char *verb_exc, size_t verb_len, const char *noun_exc,
                                 size_t noun_len, struct dy_lexicon **out, dyad_error *err);
void dy_lexicon_free(struct dy_lexicon *lex); /* NULL is a no-op */
/* Is `word` (upper case) an irregular inflected form of some other verb in WordNet's
 * verb.exc ("SAID", "LEFT", "MET")? False without a lexicon. */
bool dy_lexicon_is_verb_inflection(const struct dy_lexicon *lex, const char *word, size_t len);

/* Regular English inflections of a verb lemma (upper case): 3rd person -S, past -ED,
 * gerund -ING, plus irregular forms from WordNet's verb.exc when `lex` has them (NULL: rules
 * only). Calls emit once per distinct form other than the lemma itself; stops at the first
 * status emit returns that is not DYAD_OK and returns it. */
typedef dyad_status (*dy_form_fn)(void *ctx, const char *form, size_t len);
dyad_status dy_verb_inflect(const struct dy_lexicon *lex, const char *lemma, size_t len,
                            dy_form_fn emit, void *ctx);
/* Plural(s) of a noun (upper case) for agents without an explicit {plural}: noun.exc's when
 * it lists the noun, else -S / -ES / -IES (and -MEN for -MAN). Of a phrase ("A_B" or "A B")
 * the last word is made plural. */
dyad_status dy_noun_plurals(const struct dy_lexicon *lex, const char *noun, size_t len,
                            dy_form_fn emit, void *ctx);

/* ---- shared by the PETRARCH readers (model.c); not for other stages ------------------ */

/* One reader's pass over one file. */
#define DY_DICT_MAX_ENTRY_BYTES 4096
#define DY_DICT_MAX_ENTRIES 2000000

struct dy_petr_ctx {
    struct dy_dict_model *m;
    const char *source;         /* m->files[file] */
    uint32_t file;
    const struct dy_diag *diag; /* may be NULL */
    dyad_error *err;            /* may be NULL */
    const char *text;
    size_t len, pos;
    uint32_t line;              /* number of the line last returned (1-based) */
    size_t line_off;            /* its byte offset */
    bool in_comment;            /* inside <!-- ... --> */
    uint32_t comment_line;
    const char *comment_at;
    struct dy_buf norm;         /* scratch for dy_norm_word */
    struct dy_intern spelled;   /* words as written -> */
    uint32_t *spelled_word;     /* ... their normalised word id */
    size_t cap_spelled_word;
    const struct dy_intern *synset_names; /* verbs: names "&NAME" may refer to */
    char msg[160];              /* why dy_petr_phrase/dy_petr_word failed */
    const char *msg_at;         /* where, or NULL */
    bool quiet;                 /* a second walk: the limits neither report nor count */
    dyad_status stop;           /* a limit stopped a strict load: dy_petr_end returns it */
};

/* Adds `source` to m->files and sets up the walk over text. DYAD_NOMEM on failure. */
dyad_status dy_petr_begin(struct dy_petr_ctx *c, struct dy_dict_model *m, const char *source,
                          const char *text, size_t len, const struct dy_diag *diag,
                          dyad_error *err);
/* Reports a comment block left open at the end of the file; then frees the scratch. */
dyad_status dy_petr_end(struct dy_petr_ctx *c);
void dy_petr_free(struct dy_petr_ctx *c);
/* The next line, "\r\n" or "\n" removed, with <!-- ... --> blocks (also "<! --") that
 * start a line cut out. false at the end of the text. Applies the model's limits: a line
 * longer than max_entry_bytes is rejected (DYAD_LIMIT) and skipped; the first non-blank line
 * past max_entries is rejected and ends the walk (so does any rejection in strict mode). */
bool dy_petr_line(struct dy_petr_ctx *c, const char **s, size_t *len);
/* Length of s without a '#' comment (and a ';' one if `semicolon`), '#' inside [...] kept
 * ("[###]"), trailing white space trimmed. */
size_t dy_petr_uncomment(const char *s, size_t len, bool semicolon);
/* Reports one malformed entry: message "<fmt> ('<entry>')", position `line` (and the column
 * of `at` when it points into that line). Returns DYAD_SYNTAX in strict mode (err filled),
 * else DYAD_OK. */
dyad_status dy_petr_reject(struct dy_petr_ctx *c, uint32_t line, const char *at,
                           const char *entry, size_t entry_len, const char *fmt, ...)
    DY_PRINTF(6, 7);
/* Normalises (dy_norm_word) and interns one word. DYAD_SYNTAX (c->msg set) if it is not
 * valid UTF-8, holds a NUL byte or normalises to nothing. */
dyad_status dy_petr_word(struct dy_petr_ctx *c, const char *s, size_t len, uint32_t *id);

/* Splits a phrase into elements appended to m->elems: words are separated by white space or
 * '_' (which sets `joined`), a trailing '_' makes a word exact, a word's trailing ',' becomes
 * its own "," word. Flags allow more: */
enum dy_petr_flags {
    DY_PT_SPECIAL = 1, /* '*' verb, and at the start of a token '$' '+' '%' '^' */
    DY_PT_GROUP = 2,   /* {noun group} (prepositional group) */
    DY_PT_SYNSET = 4,  /* &NAME, the longest name in c->synset_names */
    DY_PT_HEAD = 8     /* '+' before a word marks the verb of a multi-word verb */
};
struct dy_petr_phrase {
    struct dy_seq seq;
    int head;          /* DY_PT_HEAD: index of the '+' word, -1 if none */
    int n_verbs;       /* DY_PT_SPECIAL: number of '*' */
    uint32_t verb_pos; /* index of the first '*' */
};
/* DYAD_SYNTAX with c->msg set (and nothing appended), or DYAD_NOMEM. */
dyad_status dy_petr_phrase(struct dy_petr_ctx *c, const char *s, size_t len, unsigned flags,
                           struct dy_petr_phrase *out);

#endif
