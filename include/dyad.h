/*
 * dyad.h - the public API of libdyad: news text in, CAMEO/PLOVER events out.
 *
 * Not in this header, not API. Ownership rules, in one sentence each:
 *  - a dyad_dict is immutable once loaded and may be shared by any number of threads;
 *  - a dyad_coder is used by one thread at a time; the events it returns point into the
 *    coder, the dictionary or the article it was given and stay valid until the next call
 *    to dyad_coder_code() or dyad_coder_free();
 *  - a dyad_reader owns the articles it returns until the next dyad_reader_next().
 * The library never prints and never exits: every failure is a dyad_status, with the
 * details in a caller-supplied dyad_error (which may be NULL).
 */
#ifndef DYAD_H
#define DYAD_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

#define DYAD_VERSION "0.1.0"

typedef enum dyad_status {
    DYAD_OK = 0,
    DYAD_NOMEM,  /* allocation failed; the object is unchanged */
    DYAD_IO,     /* read or write failed; err->message has the details */
    DYAD_SYNTAX, /* malformed dictionary or input; err has the position */
    DYAD_LIMIT,  /* a configured size limit was reached */
    DYAD_MISUSE  /* called out of order or with bad arguments: a bug in the caller */
} dyad_status;

/* Filled on failure when the caller passes one; may be NULL. No allocation. */
typedef struct dyad_error {
    dyad_status status;
    const char *source; /* file name or record label; static or owned by the caller */
    uint32_t line;      /* 1-based; 0 if unknown */
    uint32_t column;    /* 1-based, in bytes; 0 if unknown */
    size_t offset;      /* byte offset into the input; SIZE_MAX if unknown */
    char message[240];  /* lower case, no final period; quotes the offending text */
} dyad_error;

/* Static text for a status, never NULL. */
const char *dyad_status_str(dyad_status s);

/* The library version, "MAJOR.MINOR.PATCH". */
const char *dyad_version(void);

/* ---------------------------------------------------------------------------------- */
/* Options                                                                            */

typedef struct dyad_options {
    int require_dyad;          /* 1: an event needs a coded source and target */
    int comma_min, comma_max;  /* PETRARCH comma-clause limits (words); max 0 = off */
    int comma_bmin, comma_bmax;
    int comma_emin, comma_emax;
    size_t max_article_bytes;    /* larger articles fail with DYAD_LIMIT */
    size_t max_sentence_tokens;  /* an article with a longer sentence fails with DYAD_LIMIT */
    int explain;                 /* keep a trace of each article's analysis (see
                                    dyad_coder_explain, dyad_result.explain) */
    int intent;                  /* 1 (default): an act announced with will/would is
                                    coded as the intent (03x) or threat (13x) to do it;
                                    0: as the act, as PETRARCH does */
    int domestic;                /* 1 (default): agents with no actor ("police" in
                                    "Egyptian police fired on demonstrators") take the
                                    other side's country when it names exactly one;
                                    0: they stay "---", as PETRARCH codes them */
    size_t max_sentence_bytes;   /* an article with a longer sentence fails with DYAD_LIMIT */
    size_t max_line_bytes;       /* readers: a longer JSONL line, or PETRARCH XML <Sentence>
                                    text before white space is folded, is one rejected record */
    size_t max_entry_bytes;      /* PETRARCH dictionaries: a longer line is one rejected entry */
    size_t max_dict_entries;     /* PETRARCH dictionaries: entries (non-blank lines outside
                                    comment blocks) of one load past this are rejected */
} dyad_options;

/* The defaults (PETRARCH's, plus safe limits: docs/errors.md). Fields are only ever
 * appended. A limit hit costs the one record (article) or dictionary entry: the coder and
 * readers go on with the next. A limit of 0 means "no limit" to the coder (the sentence and
 * article limits) and "the built-in default" to the readers and dictionary loaders, which
 * also take NULL options. */
dyad_options dyad_options_default(void);

/* Sets an option by its PETRARCH config name (require_dyad, comma_min, ...). Names that
 * do not apply to dyad (write_actor_text, stanford_dir, ...) return DYAD_OK and set
 * *ignored to 1. A bad value is DYAD_SYNTAX. */
dyad_status dyad_options_set(dyad_options *o, const char *name, const char *value,
                             int *ignored, dyad_error *err);

/* ---------------------------------------------------------------------------------- */
/* Dictionaries                                                                       */

typedef struct dyad_dict dyad_dict;

/* Called once for each rejected dictionary entry; loading goes on unless the loader was
 * given DYAD_DICT_STRICT. `e` is valid only during the call. */
typedef void (*dyad_diag_fn)(void *ctx, const dyad_error *e);

#define DYAD_DICT_STRICT 1u /* stop at the first malformed entry */

/* The files of a PETRARCH/TABARI dictionary set. Any member may be NULL/0. */
typedef struct dyad_dict_files {
    const char *verbs;
    const char *const *actors;
    size_t n_actors;
    const char *agents;
    const char *discards;
    const dyad_options *options; /* max_entry_bytes and max_dict_entries; NULL: defaults */
} dyad_dict_files;

/* Loads and compiles PETRARCH-format dictionaries. A line longer than
 * files->options->max_entry_bytes, and every entry past max_dict_entries (reported once per
 * file, which is then read no further), is rejected through `diag` with DYAD_LIMIT. */
dyad_status dyad_dict_load_petrarch(const dyad_dict_files *files, unsigned flags,
                                    dyad_diag_fn diag, void *ctx, dyad_dict **out,
                                    dyad_error *err);

/* Reads a PETR_config.ini: loads the dictionaries it names (relative to its folder) and
 * applies its [Options] to *opts (which the caller initialises; its dictionary limits apply
 * as in dyad_dict_load_petrarch). */
dyad_status dyad_dict_load_petrarch_config(const char *ini_path, unsigned flags,
                                           dyad_diag_fn diag, void *ctx, dyad_options *opts,
                                           dyad_dict **out, dyad_error *err);

/* Loads and compiles dictionaries in dyad's own format (docs/dictionaries.md). Each of
 * `paths` is a file, or a folder whose *.txt files are read recursively in byte order of
 * their paths (names starting with '.' are skipped), so the result never depends on the
 * file system. The `generated` paths are read the same way after them: their entries give
 * way to written entries with the same id or (actors) the same phrase. Entries may refer
 * to ids in any file. DYAD_IO if a path cannot be read or no file is found at all. */
dyad_status dyad_dict_load_paths(const char *const *paths, size_t n_paths,
                                 const char *const *generated, size_t n_generated,
                                 unsigned flags, dyad_diag_fn diag, void *ctx, dyad_dict **out,
                                 dyad_error *err);

/* The same for one folder (or file), with no generated files. */
dyad_status dyad_dict_load_dir(const char *dir, unsigned flags, dyad_diag_fn diag, void *ctx,
                               dyad_dict **out, dyad_error *err);

void dyad_dict_free(dyad_dict *d); /* NULL is a no-op */

/* The compiled image: one file, mapped read-only and shared, loaded in milliseconds.
 * dyad_dict_save writes d's image to path (atomically: a temporary file renamed), with
 * the reports of the entries rejected while loading d (DYAD_NOMEM if they could not all
 * be kept). dyad_dict_load_image maps it; with `sources` non-zero the image must have been
 * built from sources with that checksum, else DYAD_SYNTAX. Coding with an image gives
 * exactly what coding with the dictionary it was saved from gives; `dyad dict check` and
 * `dyad dict lookup` need the sources and do not use images. */
dyad_status dyad_dict_save(const dyad_dict *d, const char *path, dyad_error *err);
dyad_status dyad_dict_load_image(const char *path, uint64_t sources, dyad_dict **out,
                                 dyad_error *err);
/* A checksum of the dictionary's source files (names and bytes; for PETRARCH dictionaries
 * also the config file, if any, and the dictionary limits, which decide what is rejected). */
uint64_t dyad_dict_checksum(const dyad_dict *d);
/* dyad_dict_load_paths, through the image at `image`: used when it was built from the
 * same sources, else the sources are loaded and the image (re)written. Loading from the
 * image calls `diag` for each entry rejected when it was built, with the same dyad_error
 * (status, source, line, column, offset, message) and in the same order as loading the
 * sources does; with DYAD_DICT_STRICT an image with rejected entries is not used, so the
 * sources stop at the first. An image that cannot be written is no error. */
dyad_status dyad_dict_load_paths_cached(const char *const *paths, size_t n_paths,
                                        const char *const *generated, size_t n_generated,
                                        const char *image, unsigned flags,
                                        dyad_diag_fn diag, void *ctx, dyad_dict **out,
                                        dyad_error *err);

/* dyad_dict_load_petrarch_config, through the image at `image` (as
 * dyad_dict_load_paths_cached, rejected entries included). The ini is read and its
 * [Options] applied every time; the image is used only when it was built from the same
 * ini, the same dictionary files (names and bytes) and the same dictionary limits of
 * *opts, else the dictionaries are loaded and the image (re)written. The caller picks
 * `image` (the CLI: a name derived from the ini's absolute path in $DYAD_GEN_DIR); NULL
 * loads the sources. Processes may share an image: it is written whole and renamed. */
dyad_status dyad_dict_load_petrarch_config_cached(const char *ini_path, const char *image,
                                                  unsigned flags, dyad_diag_fn diag, void *ctx,
                                                  dyad_options *opts, dyad_dict **out,
                                                  dyad_error *err);

typedef struct dyad_dict_stats {
    size_t actor_phrases, actor_codes;
    size_t agent_phrases;
    size_t verbs, verb_forms, patterns, synsets;
    size_t discards;
    size_t rejected; /* entries reported through the diag callback */
    /* dyad's own format only (0 otherwise); docs/dictionaries.md says how actors are
     * counted by kind */
    size_t files;         /* files read */
    size_t countries;     /* generated: ISO 3166 countries and territories */
    size_t capitals;      /* generated: capitals standing for their governments */
    size_t places;        /* written actors with a three-letter code: cities, regions */
    size_t institutions;  /* written actors coded COUNTRY + GOV, MIL, LEG, JUD, COP, SPY */
    size_t organisations; /* other written actors: IGOs, NGOs, parties, armed groups */
    size_t persons;       /* person entries */
    size_t roles;         /* their dated roles */
    size_t surnames;      /* surnames derived from full names */
    size_t agents;        /* agent entries */
    size_t discard_entries;
} dyad_dict_stats;

void dyad_dict_get_stats(const dyad_dict *d, dyad_dict_stats *out);

/* Lints a loaded dictionary (`dyad dict check`): calls `warn` once per finding (status
 * DYAD_SYNTAX, source/line of the entry, a message) and returns their number. Findings:
 * phrases listed twice or by two entries (with conflicting codes or not), lemmas in two
 * verbs, verb and pattern codes that are not CAMEO event codes, overlapping date ranges
 * of one actor or person, people with no role, patterns that can never match (a copy of
 * another, only '*', or shadowed by a phrasal verb), unused synsets. Thread-safe. */
size_t dyad_dict_check(const dyad_dict *d, dyad_diag_fn warn, void *ctx);

/* One dictionary entry that a looked-up phrase matches (`dyad dict lookup`). Every string
 * is valid during the callback only. */
typedef struct dyad_dict_match {
    const char *kind;   /* "actor", "person", "agent", "verb", "discard", "synset" */
    const char *id;     /* the entry's id; "" for PETRARCH dictionaries */
    const char *file;   /* where the entry is written */
    uint32_t line;
    size_t start, end;  /* the bytes of the looked-up text it covers (half-open) */
    const char *phrase; /* the phrase's normalised words, space-separated */
    const char *code;   /* the code that applies on the date, or NULL if none does */
    const char *why;    /* how that code was chosen, in words */
    int chosen;         /* 1: the coder takes this match (longest first, left to right) */
} dyad_dict_match;

typedef void (*dyad_match_fn)(void *ctx, const dyad_dict_match *m);

/* Tokenises `text` as the coder does and calls `fn` for every entry whose phrase (or verb
 * form) matches at some word, left to right, longest first at each word. `day` is the
 * article date (days since 1970-01-01, INT32_MIN for none) that picks dated codes.
 * DYAD_SYNTAX for invalid UTF-8, DYAD_LIMIT past 1024 tokens. Thread-safe. */
dyad_status dyad_dict_lookup(const dyad_dict *d, const char *text, size_t len, int32_t day,
                             dyad_match_fn fn, void *ctx, dyad_error *err);

/* ---------------------------------------------------------------------------------- */
/* Articles and readers                                                               */

typedef struct dyad_span {
    size_t start, end; /* bytes, half-open */
} dyad_span;

/* What a validation record expects (PETRARCH XML <EventCoding>). */
typedef struct dyad_expect {
    const char *source, *target, *code; /* NULL where absent */
    const char *error;                  /* error="..." (e.g. "sentencediscard"), or NULL */
    int noevents;                       /* noevents="True" */
} dyad_expect;

typedef struct dyad_kv {
    const char *key, *value;
} dyad_kv;

typedef struct dyad_article {
    const char *id;     /* never NULL; generated from the file name and line if absent */
    const char *date;   /* as given, or NULL */
    int32_t day;        /* days since 1970-01-01; INT32_MIN when there is no date */
    const char *text;   /* UTF-8 as read; not NUL-terminated necessarily: use text_len */
    size_t text_len;
    const char *title, *source, *url; /* optional, NULL if absent */
    uint32_t line;      /* line of the input where the record starts (1-based) */
    /* Validation extras, from PETRARCH XML (0/NULL elsewhere). */
    const dyad_expect *expect;
    size_t n_expect;
    const dyad_kv *config; /* <Config option value> seen since the previous record */
    size_t n_config;
    const char *category;  /* PETRARCH category attribute */
    const char *gold_json; /* JSONL: the "gold" member, serialised, or NULL */
} dyad_article;

typedef enum dyad_format {
    DYAD_FORMAT_AUTO = 0, /* by extension: .jsonl/.json, .xml, else text */
    DYAD_FORMAT_TEXT,     /* the whole file is one article */
    DYAD_FORMAT_JSONL,    /* {"id","date","text"} per line, optional title/source/url */
    DYAD_FORMAT_PETRXML   /* PETRARCH <Sentence date id><Text>; <Parse> ignored */
} dyad_format;

typedef struct dyad_reader dyad_reader;

/* Opens `path` ("-" is standard input). */
dyad_status dyad_reader_open(const char *path, dyad_format fmt, const dyad_options *opt,
                             dyad_reader **out, dyad_error *err);

/* 1: *a holds the next article (valid until the next call); 0: end of input;
 * -1: a record was rejected (err says where and why) and the reader moved past it, unless
 * err->status is DYAD_IO or DYAD_NOMEM, after which the reader is at its end. */
int dyad_reader_next(dyad_reader *r, dyad_article *a, dyad_error *err);

void dyad_reader_free(dyad_reader *r); /* NULL is a no-op */

/* Parses YYYY-MM-DD or YYYYMMDD (years 1000-9999) into days since 1970-01-01. */
dyad_status dyad_parse_date(const char *s, size_t len, int32_t *day);

/* The <Environment> block of a PETRARCH validation file: the dictionary files it names,
 * as written in the XML (not resolved against any folder), and its <Config> options.
 * Every member may be NULL/0. All strings are owned by the struct. */
typedef struct dyad_suite_env {
    char *verbs;      /* <Verbfile> */
    char **actors;    /* each <Actorfile>, in file order */
    size_t n_actors;
    char *agents;     /* <Agentfile> */
    char *discards;   /* <Discardfile> */
    dyad_kv *config;  /* <Config option="..." value="..."> inside <Environment> */
    size_t n_config;
} dyad_suite_env;

/* Reads the <Environment> of the PETRARCH XML file at xml_path into *out (which is
 * zeroed first; free it with dyad_suite_env_free, also after a failure). A file without
 * <Environment> gives DYAD_OK and an empty *out. Thread-safe. */
dyad_status dyad_suite_env_read(const char *xml_path, dyad_suite_env *out, dyad_error *err);
void dyad_suite_env_free(dyad_suite_env *e); /* frees the members and zeroes *e; NULL ok */

/* ---------------------------------------------------------------------------------- */
/* Coding                                                                             */

typedef struct dyad_actor {
    const char *code; /* "---" when the slot is empty */
    dyad_span span;   /* the words it was found in; {0,0} when empty */
} dyad_actor;

typedef struct dyad_event {
    uint32_t sentence;     /* 0-based index of the sentence in the article */
    dyad_span sentence_span;
    dyad_actor source, target;
    const char *cameo;     /* as the dictionary gives it */
    const char *plover;    /* PLOVER category, or NULL when CAMEO has none */
    double goldstein;      /* 0 when the code is unknown */
    int quad_class;        /* 1-4; 0 when the code is unknown */
    dyad_span verb;
    const char *rule_file; /* dictionary file and line of the pattern that fired */
    uint32_t rule_line;
    const char *rule;      /* the pattern as written, or the verb */
} dyad_event;

/* Why a sentence produced no events, when it was discarded. */
typedef enum dyad_discard {
    DYAD_DISCARD_NONE = 0,
    DYAD_DISCARD_SENTENCE,
    DYAD_DISCARD_STORY
} dyad_discard;

typedef struct dyad_coder dyad_coder;

dyad_status dyad_coder_new(const dyad_dict *d, const dyad_options *opt, dyad_coder **out);
void dyad_coder_free(dyad_coder *c); /* NULL is a no-op */

/* Replaces the coder's options (e.g. after a <Config> record). */
void dyad_coder_set_options(dyad_coder *c, const dyad_options *opt);

/* Codes one article. On DYAD_LIMIT (the article, or one of its sentences, is over a limit
 * of the options) or DYAD_SYNTAX (invalid UTF-8 or a NUL byte) nothing is coded: the article
 * is rejected whole, err->source is its id, err->line its line in the input and err->offset
 * the byte of its text where the problem is. The coder is ready for the next article. */
dyad_status dyad_coder_code(dyad_coder *c, const dyad_article *a, dyad_error *err);

size_t dyad_coder_n_events(const dyad_coder *c);
const dyad_event *dyad_coder_event(const dyad_coder *c, size_t i);
size_t dyad_coder_n_sentences(const dyad_coder *c);
dyad_discard dyad_coder_discarded(const dyad_coder *c); /* for the last article */

/* Writes the coder's trace of the last article (tokens, word classes, matches, verb
 * decisions) when the coder's options have `explain` set; nothing otherwise. */
void dyad_coder_explain(const dyad_coder *c, FILE *out);

/* ---------------------------------------------------------------------------------- */
/* Streaming with threads                                                             */

typedef struct dyad_run_stats {
    size_t articles;  /* records coded */
    size_t sentences;
    size_t events;
    size_t skipped;   /* records rejected by the reader or the coder */
} dyad_run_stats;

/* What dyad_run hands the sink for one input record. */
typedef struct dyad_result {
    const dyad_article *article; /* NULL when the reader rejected the record */
    const dyad_event *events;
    size_t n_events;
    size_t n_sentences;
    const dyad_error *error;     /* non-NULL when the record was rejected or not coded */
    const char *explain;         /* the coder's trace when opt->explain is set, else NULL */
} dyad_result;

/* Called once per input record, in input order, on the thread that called dyad_run.
 * Everything passed is valid only during the call. Return 0 to go on, non-zero to stop. */
typedef int (*dyad_sink_fn)(void *ctx, const dyad_result *res);

/* Reads every record of `r`, codes them on `threads` worker threads (0: one per online
 * core; 1: no extra threads at all) and hands each result to `sink` in input order, so
 * the output does not depend on the number of threads. Memory stays bounded: a few
 * batches of articles per thread are in flight. DYAD_IO when the reader fails,
 * DYAD_MISUSE when the sink stopped the run, DYAD_NOMEM. */
dyad_status dyad_run(const dyad_dict *d, const dyad_options *opt, dyad_reader *r,
                     unsigned threads, dyad_sink_fn sink, void *ctx, dyad_run_stats *stats,
                     dyad_error *err);

/* ---------------------------------------------------------------------------------- */
/* Ontology                                                                           */

typedef struct dyad_cameo_info {
    const char *code, *name;
    double goldstein;
    int quad_class;           /* 1 verbal coop, 2 material coop, 3 verbal conflict, 4 material */
    const char *plover;       /* PLOVER event category, NULL if none */
    const char *plover_mode;  /* NULL if none */
} dyad_cameo_info;

/* 1 and *out filled if `code` is a CAMEO event code (2-4 digits), else 0. */
int dyad_cameo_lookup(const char *code, dyad_cameo_info *out);

/* ---------------------------------------------------------------------------------- */
/* Output                                                                             */

/* Writes one event as a JSON object on one line (docs/events.md). DYAD_IO on failure. */
dyad_status dyad_write_event_jsonl(FILE *out, const dyad_article *a, const dyad_event *e);

#ifdef __cplusplus
}
#endif
#endif
