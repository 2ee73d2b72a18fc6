/*
 * dyad_format.c - reads dyad's own dictionaries (docs/dictionaries.md) into the model.
 * Two phases: dy_dyad_add parses and checks each file's lines on their own (phrases are
 * tokenised like text, so they match what the coder sees); dy_dyad_finish, once every file
 * is in, resolves ids across files (roles to people, patterns to verbs, &NAME to synsets),
 * lets generated entries give way to written ones, derives surnames, and fills the model
 * in a fixed order, so the same files always give the same model.
 */
#include "dict/dyad_meta.h"
#include "text/text.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Limits: a dictionary line is written by hand, so these are generous for people and
 * keep a hostile file from costing more than linear time. */
#define MAX_LINE    4096       /* bytes of one line */
#define MAX_ID      128        /* bytes of an id */
#define MAX_PHRASES 64         /* phrases (lemmas) of one entry */
#define MAX_WORDS   32         /* words of one phrase */
#define MAX_ELEMS   64         /* elements of one pattern */
#define MAX_CODES   64         /* codes of one actor, roles of one person */
#define MAX_ENTRIES (1u << 26) /* entries of all files together */
#define MAX_FORMS   256        /* forms of one verb entry (they are compared pairwise) */

enum kind { K_ACTOR, K_PERSON, K_ROLE, K_AGENT, K_VERB, K_PATTERN, K_SYNSET, K_DISCARD, K_N };
static const char *const kind_name[K_N] = {"actor", "person",  "role",   "agent",
                                           "verb",  "pattern", "synset", "discard"};

/* Id namespaces: actors and people share one, since a role names a person by its id. */
enum ns { NS_ACTOR, NS_AGENT, NS_VERB, NS_PATTERN, NS_SYNSET, NS_DISCARD, NS_N, NS_NONE = NS_N };
static const uint8_t kind_ns[K_N] = {NS_ACTOR, NS_ACTOR,   NS_NONE,   NS_AGENT,
                                     NS_VERB,  NS_PATTERN, NS_SYNSET, NS_DISCARD};

struct phrase {
    uint32_t first, n; /* words in r->el */
    uint32_t col;      /* 1-based column where it is written */
    uint8_t dropped;   /* a generated phrase that a written entry also has */
    uint8_t caps;      /* one word of 2-6 capitals: an acronym (dy_phrase.caps) */
};

/* "WHO", "US", "AU": a single word of two to six capital letters. */
static uint8_t acronym(const char *a, size_t k)
{
    if (k < 2 || k > 6)
        return 0;
    for (size_t i = 0; i < k; i++)
        if (a[i] < 'A' || a[i] > 'Z')
            return 0;
    return 1;
}

struct code {
    char code[24];
    int32_t from, to;
};

struct entry {
    uint8_t kind, generated, dropped;
    uint8_t story;  /* discard */
    uint8_t prefix; /* agent: CODE~ */
    uint32_t file, line;
    uint32_t id, id_col;               /* id in r->ids */
    uint32_t ref, ref_col;             /* role: the person's id; pattern: the verb's id */
    uint32_t name;                     /* synset: word id of its &NAME */
    uint32_t text, text_len, start;    /* the line (comment cut) in r->lines; entry start */
    uint32_t first_code, n_codes;      /* r->codes */
    uint32_t first_phrase, n_phrases;  /* r->ph */
    uint32_t first_el, n_el, verb_pos; /* pattern elements in r->el */
    uint32_t pat, pat_len;             /* the pattern as written, within the line */
    char code[8], code2[8];            /* verb, pattern */
    uint32_t next; /* the next role of this person / pattern of this verb, + 1 */
};

struct dy_dyad_reader {
    struct dy_dict_model *m;
    struct dy_diag diag;
    dyad_error *err;
    struct dy_arena *arena; /* tokens of the phrase being read */
    struct dy_intern ids;
    struct entry *e;
    size_t n_e, cap_e;
    struct code *codes;
    size_t n_codes, cap_codes;
    struct phrase *ph;
    size_t n_ph, cap_ph;
    struct dy_elem *el;
    size_t n_el, cap_el;
    struct dy_buf lines;
    struct dy_buf scratch;
    /* dy_dyad_finish */
    uint32_t *win[NS_N];   /* per id: the entry (+ 1) that holds it */
    uint32_t *syn_win;     /* per word id of a synset name: its entry + 1 */
    uint32_t *head, *tail; /* per entry: first and last role / pattern (+ 1) */
    uint32_t *count;       /* per entry: its roles */
    uint32_t *surname;     /* per entry: word id of a derived surname, or 0 */
    uint32_t *syn_index;   /* per entry: the synset's index in the model */
};

/* ---- small helpers ------------------------------------------------------------------ */

static bool is_blank(char ch)
{
    return ch == ' ' || ch == '\t' || ch == '\v' || ch == '\f' || ch == '\r';
}

/* The next run of non-blank bytes in [*p, end); false if there is none. */
static bool next_field(const char **p, const char *end, const char **f, size_t *n)
{
    const char *s = *p;
    while (s < end && is_blank(*s))
        s++;
    const char *t = s;
    while (t < end && !is_blank(*t))
        t++;
    *f = s;
    *n = (size_t)(t - s);
    *p = t;
    return t > s;
}

static bool same(const char *s, size_t n, const char *lit)
{
    return strlen(lit) == n && memcmp(s, lit, n) == 0;
}

/* One file's walk: the petr context supplies the file index, word interning and the
 * rejection report; `s`/`n` is the entry being read (for messages). */
struct file_ctx {
    struct dy_dyad_reader *r;
    struct dy_petr_ctx c;
    bool generated;
    const char *s;
    size_t n;
};

/* Records why the entry is bad (reported once by read_line). */
static dyad_status fail(struct file_ctx *f, const char *at, const char *fmt, ...) DY_PRINTF(3, 4);

static dyad_status fail(struct file_ctx *f, const char *at, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(f->c.msg, sizeof f->c.msg, fmt, ap);
    va_end(ap);
    f->c.msg_at = at;
    return DYAD_SYNTAX;
}

/* Quoting bounded, for messages. */
#define Q(n) ((int)((n) > 60 ? 60 : (n)))

/* ---- codes and dates ------------------------------------------------------------------ */

/* "2019-05-20" exactly. */
static bool parse_day(const char *s, size_t n, int32_t *day)
{
    return n == 10 && dyad_parse_date(s, n, day) == DYAD_OK;
}

/* "FROM..TO", either end empty. NULL, or why it is bad. */
static const char *parse_range(const char *s, size_t n, int32_t *from, int32_t *to)
{
    const char *dots = NULL;
    for (size_t i = 0; i + 1 < n; i++)
        if (s[i] == '.' && s[i + 1] == '.') {
            dots = s + i;
            break;
        }
    if (!dots)
        return "a date range is FROM..TO (YYYY-MM-DD, either end may be empty)";
    size_t a = (size_t)(dots - s), b = n - a - 2;
    *from = INT32_MIN;
    *to = INT32_MAX;
    if (a && !parse_day(s, a, from))
        return "bad date, expected YYYY-MM-DD";
    if (b && !parse_day(dots + 2, b, to))
        return "bad date, expected YYYY-MM-DD";
    if (*from > *to)
        return "date range ends before it begins";
    return NULL;
}

/* An actor code: upper-case letters and digits with at least one letter, '/' joining the
 * parts of a compound actor ("FRO/BIL"), or "---". */
static bool good_actor_code(const char *s, size_t n)
{
    if (same(s, n, "---"))
        return true;
    bool letter = false;
    for (size_t i = 0; i < n; i++) {
        char ch = s[i];
        if (ch >= 'A' && ch <= 'Z')
            letter = true;
        else if (!(ch >= '0' && ch <= '9') && !(ch == '/' && i > 0 && i + 1 < n))
            return false;
    }
    return letter;
}

/* "UKR", "RUSGOV@1991-12-25..", "SUNGOV@..1991-12-25,RUSGOV@1991-12-26..". */
static dyad_status parse_actor_codes(struct file_ctx *f, const char *s, size_t n, struct entry *e)
{
    struct dy_dyad_reader *r = f->r;
    e->first_code = (uint32_t)r->n_codes;
    for (size_t i = 0; i <= n;) {
        size_t j = i;
        while (j < n && s[j] != ',')
            j++;
        const char *p = s + i;
        size_t k = j - i;
        if (k == 0)
            return fail(f, p, "empty code in '%.*s'", Q(n), s);
        const char *at = memchr(p, '@', k);
        size_t cl = at ? (size_t)(at - p) : k;
        struct code c = {.from = INT32_MIN, .to = INT32_MAX};
        if (cl == 0)
            return fail(f, p, "code with no name before '@'");
        if (!good_actor_code(p, cl))
            return fail(f, p, "malformed actor code '%.*s' (upper-case letters and digits)", Q(cl),
                        p);
        if (cl >= sizeof c.code)
            return fail(f, p, "actor code '%.*s' longer than 23 characters", Q(cl), p);
        memcpy(c.code, p, cl);
        if (at) {
            const char *why = parse_range(at + 1, k - cl - 1, &c.from, &c.to);
            if (why)
                return fail(f, at + 1, "%s", why);
        }
        if (e->n_codes >= MAX_CODES)
            return fail(f, p, "more than %d codes in one entry", MAX_CODES);
        if (DY_PUSH(r->codes, r->n_codes, r->cap_codes, c) != DYAD_OK)
            return DYAD_NOMEM;
        e->n_codes++;
        i = j + 1;
    }
    return DYAD_OK;
}

/* An event code "040", "---", "040:040". */
static dyad_status parse_event_code(struct file_ctx *f, const char *s, size_t n, struct entry *e)
{
    const char *colon = memchr(s, ':', n);
    size_t a = colon ? (size_t)(colon - s) : n, b = colon ? n - a - 1 : 0;
    if (a == 0)
        return fail(f, s, "empty event code");
    if (colon && b == 0)
        return fail(f, colon, "empty second code after ':'");
    if (a >= sizeof e->code || b >= sizeof e->code2)
        return fail(f, s, "event code '%.*s' longer than 7 characters", Q(n), s);
    for (size_t i = 0; i < n; i++) {
        char ch = s[i];
        if (s + i != colon && !isalnum((unsigned char)ch) && ch != '-')
            return fail(f, s + i, "malformed event code '%.*s'", Q(n), s);
    }
    memcpy(e->code, s, a);
    e->code[a] = '\0';
    if (colon)
        memcpy(e->code2, colon + 1, b);
    e->code2[b] = '\0';
    return DYAD_OK;
}

/* ---- phrases --------------------------------------------------------------------------- */

/* Tokenises s[0..n) as text and appends its words to r->el, the first `joined` to what
 * comes before it, the others joined to one another. */
static dyad_status words_of(struct file_ctx *f, const char *s, size_t n, bool joined,
                            uint32_t *count)
{
    struct dy_dyad_reader *r = f->r;
    struct dy_token *tok;
    size_t nt;
    dy_arena_reset(r->arena);
    dyad_status st = dy_tokenize(s, 0, (uint32_t)n, r->arena, MAX_WORDS, &tok, &nt);
    if (st == DYAD_LIMIT)
        return fail(f, s, "more than %d words in '%.*s'", MAX_WORDS, Q(n), s);
    if (st != DYAD_OK)
        return DYAD_NOMEM;
    *count = 0;
    for (size_t i = 0; i < nt; i++) {
        if (tok[i].norm_len == 0)
            continue;
        uint32_t id = dy_intern_add(&r->m->words, tok[i].norm, tok[i].norm_len);
        if (!id)
            return DYAD_NOMEM;
        struct dy_elem e = {.kind = DY_E_WORD, .joined = (uint8_t)(joined || *count > 0), .id = id};
        if (DY_PUSH(r->el, r->n_el, r->cap_el, e) != DYAD_OK)
            return DYAD_NOMEM;
        (*count)++;
    }
    if (*count == 0)
        return fail(f, s, "no words in '%.*s'", Q(n), s);
    return DYAD_OK;
}

/* "PHRASE | PHRASE ..." up to end. */
static dyad_status parse_phrases(struct file_ctx *f, const char *p, const char *end,
                                 struct entry *e)
{
    struct dy_dyad_reader *r = f->r;
    e->first_phrase = (uint32_t)r->n_ph;
    while (p < end && is_blank(*p))
        p++;
    if (p == end)
        return fail(f, end, "%s with no phrase", kind_name[e->kind]);
    for (const char *s = p; s <= end;) {
        const char *bar = memchr(s, '|', (size_t)(end - s));
        const char *t = bar ? bar : end;
        const char *a = s;
        size_t k = (size_t)(t - s);
        dy_trim(&a, &k);
        if (k == 0)
            return fail(f, s, "%s", "empty phrase (two '|' in a row, or one at an end)");
        if (e->n_phrases >= MAX_PHRASES)
            return fail(f, a, "more than %d phrases in one entry", MAX_PHRASES);
        struct phrase ph = {.first = (uint32_t)r->n_el,
                            .col = (uint32_t)(a - f->c.text - f->c.line_off + 1),
                            .caps = acronym(a, k)};
        dyad_status st = words_of(f, a, k, false, &ph.n);
        if (st != DYAD_OK)
            return st;
        if (DY_PUSH(r->ph, r->n_ph, r->cap_ph, ph) != DYAD_OK)
            return DYAD_NOMEM;
        e->n_phrases++;
        if (!bar)
            break;
        s = bar + 1;
    }
    return DYAD_OK;
}

/* "&NAME" -> the normalised NAME interned as a word. */
static dyad_status synset_name(struct file_ctx *f, const char *s, size_t n, uint32_t *id)
{
    if (n < 2 || s[0] != '&')
        return fail(f, s, "a synset name is '&NAME', got '%.*s'", Q(n), s);
    for (size_t i = 1; i < n; i++)
        if (!isalnum((unsigned char)s[i]) && s[i] != '_' && s[i] != '-')
            return fail(f, s + i, "malformed synset name '%.*s' (letters, digits, '_', '-')", Q(n),
                        s);
    struct dy_buf *b = &f->r->scratch;
    b->len = 0;
    dyad_status st = dy_norm_word(s + 1, n - 1, b);
    if (st != DYAD_OK)
        return st == DYAD_NOMEM ? st : fail(f, s, "malformed synset name");
    *id = dy_intern_add(&f->r->m->words, b->data, b->len);
    return *id ? DYAD_OK : DYAD_NOMEM;
}

static bool special(char ch)
{
    return ch == '*' || ch == '$' || ch == '+' || ch == '%' || ch == '^' || ch == '&';
}

/* The elements of a pattern (docs/dictionaries.md): words are adjacent to the element
 * before them unless "..." comes between; '*' likewise; the slots $ + % and ^ take the
 * nearest group (noun phrase) in their direction, so they are never "joined". Synset
 * elements carry the name's word id until dy_dyad_finish resolves them. */
static dyad_status parse_pattern(struct file_ctx *f, const char *p, const char *end,
                                 struct entry *e)
{
    struct dy_dyad_reader *r = f->r;
    e->first_el = (uint32_t)r->n_el;
    bool gap = false;
    uint32_t n = 0, verbs = 0;
    const char *item, *gap_at = NULL;
    size_t len;
    while (next_field(&p, end, &item, &len)) {
        if (same(item, len, "...")) {
            if (n == 0)
                return fail(f, item, "%s", "'...' before the first element");
            if (gap)
                return fail(f, item, "%s", "'...' twice in a row");
            gap = true;
            gap_at = item;
            continue;
        }
        struct dy_elem el = {.joined = (uint8_t)(n > 0 && !gap)};
        if (special(item[0]) && item[0] != '&') {
            if (len > 1)
                return fail(f, item, "'%c' must stand alone, got '%.*s'", item[0], Q(len), item);
            switch (item[0]) {
            case '*':
                el.kind = DY_E_VERB;
                e->verb_pos = n;
                verbs++;
                break;
            case '$':
                el.kind = DY_E_SOURCE;
                break;
            case '+':
                el.kind = DY_E_TARGET;
                break;
            case '%':
                el.kind = DY_E_COMPOUND;
                break;
            default:
                el.kind = DY_E_SKIP;
                break;
            }
            if (el.kind != DY_E_VERB)
                el.joined = 0;
        } else if (item[0] == '&') {
            el.kind = DY_E_SYNSET;
            dyad_status st = synset_name(f, item, len, &el.id);
            if (st != DYAD_OK)
                return st;
        } else {
            /* A run of plain items is tokenised as one piece of text. */
            const char *run_end = item + len, *q = run_end, *next;
            size_t nl;
            while (next_field(&q, end, &next, &nl) && !special(next[0]) && !same(next, nl, "...")) {
                run_end = next + nl;
                p = q;
            }
            uint32_t k;
            dyad_status st = words_of(f, item, (size_t)(run_end - item), n > 0 && !gap, &k);
            if (st != DYAD_OK)
                return st;
            n += k;
            gap = false;
            if (n > MAX_ELEMS)
                return fail(f, item, "more than %d elements in one pattern", MAX_ELEMS);
            continue;
        }
        if (DY_PUSH(r->el, r->n_el, r->cap_el, el) != DYAD_OK)
            return DYAD_NOMEM;
        n++;
        gap = false;
        if (n > MAX_ELEMS)
            return fail(f, item, "more than %d elements in one pattern", MAX_ELEMS);
    }
    if (gap)
        return fail(f, gap_at, "%s", "'...' after the last element");
    if (verbs != 1)
        return fail(f, NULL, "%s",
                    verbs ? "pattern has more than one '*'" : "pattern has no '*' (the verb)");
    e->n_el = n;
    return DYAD_OK;
}

/* ---- one line ------------------------------------------------------------------------ */

static bool good_id(const char *s, size_t n)
{
    if (n == 0 || n > MAX_ID)
        return false;
    for (size_t i = 0; i < n; i++) {
        char ch = s[i];
        if (!((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '.' || ch == '_' ||
              ch == '-'))
            return false;
    }
    return true;
}

/* A field that must be there: "expected ..." otherwise. */
static dyad_status need(struct file_ctx *f, const char **p, const char *end, const char **s,
                        size_t *n, const char *what)
{
    if (next_field(p, end, s, n))
        return DYAD_OK;
    return fail(f, end, "line ends before its %s", what);
}

static dyad_status parse_entry(struct file_ctx *f, const char *p, const char *end, struct entry *e)
{
    struct dy_dyad_reader *r = f->r;
    const char *s;
    size_t n;
    dyad_status st = DYAD_OK;
    switch (e->kind) {
    case K_ACTOR:
        if ((st = need(f, &p, end, &s, &n, "code")) != DYAD_OK)
            return st;
        if ((st = parse_actor_codes(f, s, n, e)) != DYAD_OK)
            return st;
        return parse_phrases(f, p, end, e);
    case K_PERSON:
        return parse_phrases(f, p, end, e);
    case K_ROLE: {
        if ((st = need(f, &p, end, &s, &n, "code")) != DYAD_OK)
            return st;
        struct code c = {.from = INT32_MIN, .to = INT32_MAX};
        if (!good_actor_code(s, n) || n >= sizeof c.code)
            return fail(f, s, "malformed role code '%.*s' (upper-case letters and digits)", Q(n),
                        s);
        memcpy(c.code, s, n);
        if ((st = need(f, &p, end, &s, &n, "date range")) != DYAD_OK)
            return st;
        const char *why = parse_range(s, n, &c.from, &c.to);
        if (why)
            return fail(f, s, "%s", why);
        if (next_field(&p, end, &s, &n))
            return fail(f, s, "unexpected '%.*s' after the date range", Q(n), s);
        e->first_code = (uint32_t)r->n_codes;
        e->n_codes = 1;
        return DY_PUSH(r->codes, r->n_codes, r->cap_codes, c);
    }
    case K_AGENT: {
        if ((st = need(f, &p, end, &s, &n, "code")) != DYAD_OK)
            return st;
        struct code c = {.from = INT32_MIN, .to = INT32_MAX};
        const char *cs = s;
        size_t cn = n;
        if (n && s[0] == '~') {
            cs++;
            cn--;
        } else if (n && s[n - 1] == '~') {
            cn--;
            e->prefix = 1;
        } else {
            return fail(f, s,
                        "an agent code is ~CODE (after the actor's) or CODE~ (before), "
                        "got '%.*s'",
                        Q(n), s);
        }
        if (cn == 0 || !good_actor_code(cs, cn) || memchr(cs, '~', cn) || cn >= sizeof c.code)
            return fail(f, s, "malformed agent code '%.*s'", Q(n), s);
        memcpy(c.code, cs, cn);
        e->first_code = (uint32_t)r->n_codes;
        e->n_codes = 1;
        if (DY_PUSH(r->codes, r->n_codes, r->cap_codes, c) != DYAD_OK)
            return DYAD_NOMEM;
        return parse_phrases(f, p, end, e);
    }
    case K_VERB:
        if ((st = need(f, &p, end, &s, &n, "code")) != DYAD_OK)
            return st;
        if ((st = parse_event_code(f, s, n, e)) != DYAD_OK)
            return st;
        return parse_phrases(f, p, end, e);
    case K_PATTERN: {
        if ((st = need(f, &p, end, &s, &n, "verb id")) != DYAD_OK)
            return st;
        if (!good_id(s, n))
            return fail(f, s, "malformed verb id '%.*s'", Q(n), s);
        e->ref = dy_intern_add(&r->ids, s, n);
        if (!e->ref)
            return DYAD_NOMEM;
        e->ref_col = (uint32_t)(s - f->c.text - f->c.line_off + 1);
        if ((st = need(f, &p, end, &s, &n, "code")) != DYAD_OK)
            return st;
        if ((st = parse_event_code(f, s, n, e)) != DYAD_OK)
            return st;
        while (p < end && is_blank(*p))
            p++;
        if (p == end)
            return fail(f, end, "%s", "pattern line ends before its pattern");
        e->pat = (uint32_t)(p - f->c.text - f->c.line_off);
        e->pat_len = (uint32_t)(end - p);
        return parse_pattern(f, p, end, e);
    }
    case K_SYNSET:
        if ((st = need(f, &p, end, &s, &n, "&NAME")) != DYAD_OK)
            return st;
        if ((st = synset_name(f, s, n, &e->name)) != DYAD_OK)
            return st;
        return parse_phrases(f, p, end, e);
    case K_DISCARD:
        if ((st = need(f, &p, end, &s, &n, "scope (sentence or story)")) != DYAD_OK)
            return st;
        if (same(s, n, "story"))
            e->story = 1;
        else if (!same(s, n, "sentence"))
            return fail(f, s, "a discard's scope is 'sentence' or 'story', got '%.*s'", Q(n), s);
        return parse_phrases(f, p, end, e);
    default:
        return DYAD_MISUSE;
    }
}

#define REJECT(f, at, ...) dy_petr_reject(&(f)->c, (f)->c.line, at, (f)->s, (f)->n, __VA_ARGS__)

static dyad_status read_line(struct file_ctx *f, const char *raw, size_t len)
{
    struct dy_dyad_reader *r = f->r;
    if (len > MAX_LINE) {
        f->s = raw;
        f->n = len;
        return REJECT(f, NULL, "line of %zu bytes, more than the limit of %d", len, MAX_LINE);
    }
    size_t k = 0;
    while (k < len && raw[k] != '#')
        k++;
    while (k > 0 && (is_blank(raw[k - 1]) || raw[k - 1] == '\n'))
        k--;
    size_t lead = 0;
    while (lead < k && is_blank(raw[lead]))
        lead++;
    if (lead == k)
        return DYAD_OK;
    f->s = raw + lead;
    f->n = k - lead;
    dyad_error ue;
    if (dy_utf8_check(raw, k, &ue) != DYAD_OK)
        return REJECT(f, raw + (ue.offset < k ? ue.offset : 0), "%s",
                      "invalid UTF-8 or a NUL byte");
    const char *p = f->s, *end = raw + k, *kw, *id;
    size_t kwl, idl;
    next_field(&p, end, &kw, &kwl);
    int kind = 0;
    while (kind < K_N && !same(kw, kwl, kind_name[kind]))
        kind++;
    if (kind == K_N)
        return REJECT(f, kw,
                      "unknown kind '%.*s' (actor, person, role, agent, verb, pattern, "
                      "synset or discard)",
                      Q(kwl), kw);
    if (!next_field(&p, end, &id, &idl))
        return REJECT(f, end, "%s line with no id", kind_name[kind]);
    if (!good_id(id, idl))
        return REJECT(f, id,
                      "malformed id '%.*s' (lower case a-z, 0-9, '.', '_', '-'; at most "
                      "%d bytes)",
                      Q(idl), id, MAX_ID);
    if (r->n_e >= MAX_ENTRIES)
        return REJECT(f, NULL, "more than %u entries", MAX_ENTRIES);
    struct entry e = {.kind = (uint8_t)kind,
                      .generated = f->generated,
                      .file = f->c.file,
                      .line = f->c.line,
                      .start = (uint32_t)lead,
                      .id_col = (uint32_t)(id - raw + 1)};
    size_t n_codes = r->n_codes, n_ph = r->n_ph, n_el = r->n_el;
    f->c.msg[0] = '\0';
    f->c.msg_at = NULL;
    dyad_status st = parse_entry(f, p, end, &e);
    if (st == DYAD_OK) {
        e.id = dy_intern_add(&r->ids, id, idl);
        e.text = (uint32_t)r->lines.len;
        e.text_len = (uint32_t)k;
        if (!e.id || r->lines.len > UINT32_MAX - MAX_LINE - 2 ||
            dy_buf_append(&r->lines, raw, k) != DYAD_OK || dy_buf_putc(&r->lines, '\0') ||
            DY_PUSH(r->e, r->n_e, r->cap_e, e) != DYAD_OK)
            st = DYAD_NOMEM;
        if (st == DYAD_OK)
            return DYAD_OK;
    }
    r->n_codes = n_codes;
    r->n_ph = n_ph;
    r->n_el = n_el;
    if (st == DYAD_SYNTAX)
        return REJECT(f, f->c.msg_at, "%s", f->c.msg);
    return st;
}

/* ---- phase 1: files ---------------------------------------------------------------- */

dyad_status dy_dyad_begin(struct dy_dict_model *m, const struct dy_diag *diag,
                          struct dy_dyad_reader **out, dyad_error *err)
{
    *out = NULL;
    if (!m)
        return dy_fail(err, DYAD_MISUSE, "dy_dyad_begin: no model");
    struct dy_dyad_reader *r = dy_calloc(1, sizeof *r);
    if (!r)
        return dy_fail(err, DYAD_NOMEM, "out of memory reading dictionaries");
    r->m = m;
    if (diag)
        r->diag = *diag;
    dy_intern_init(&r->ids);
    r->arena = dy_arena_new(16 << 10, 4 << 20);
    if (!r->arena) {
        dy_dyad_reader_free(r);
        return dy_fail(err, DYAD_NOMEM, "out of memory reading dictionaries");
    }
    *out = r;
    return DYAD_OK;
}

void dy_dyad_reader_free(struct dy_dyad_reader *r)
{
    if (!r)
        return;
    dy_arena_free(r->arena);
    dy_intern_free(&r->ids);
    dy_free(r->e);
    dy_free(r->codes);
    dy_free(r->ph);
    dy_free(r->el);
    dy_buf_free(&r->lines);
    dy_buf_free(&r->scratch);
    for (int i = 0; i < NS_N; i++)
        dy_free(r->win[i]);
    dy_free(r->syn_win);
    dy_free(r->head);
    dy_free(r->tail);
    dy_free(r->count);
    dy_free(r->surname);
    dy_free(r->syn_index);
    dy_free(r);
}

dyad_status dy_dyad_add(struct dy_dyad_reader *r, const char *source, const char *text, size_t len,
                        bool generated, dyad_error *err)
{
    if (!r || (!text && len))
        return dy_fail(err, DYAD_MISUSE, "dy_dyad_add: no reader or text");
    struct file_ctx f = {.r = r, .generated = generated};
    dyad_status st = dy_petr_begin(&f.c, r->m, source, text, len, &r->diag, err);
    size_t pos = 0;
    while (st == DYAD_OK && pos < f.c.len) {
        const char *s = f.c.text + pos;
        const char *nl = memchr(s, '\n', f.c.len - pos);
        size_t n = nl ? (size_t)(nl - s) : f.c.len - pos;
        pos += n + (nl ? 1 : 0);
        f.c.line++;
        f.c.line_off = (size_t)(s - f.c.text);
        if (n && s[n - 1] == '\r')
            n--;
        if (f.c.line == 1 && n >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0) {
            s += 3; /* a byte order mark */
            n -= 3;
            f.c.line_off += 3;
        }
        st = read_line(&f, s, n);
    }
    dy_petr_free(&f.c);
    if (st == DYAD_NOMEM)
        dy_fail(err, DYAD_NOMEM, "out of memory reading '%s'", source ? source : "");
    return st;
}

/* ---- phase 2: resolving ------------------------------------------------------------ */

/* Reports entry e (whatever file it came from) through the diag callback. `col` is a
 * 1-based column in its line, or 0. */
static dyad_status report(struct dy_dyad_reader *r, const struct entry *e, uint32_t col,
                          const char *fmt, ...) DY_PRINTF(4, 5);

static dyad_status report(struct dy_dyad_reader *r, const struct entry *e, uint32_t col,
                          const char *fmt, ...)
{
    char msg[200];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    struct dy_petr_ctx c;
    memset(&c, 0, sizeof c);
    c.m = r->m;
    c.diag = &r->diag;
    c.err = r->err;
    c.source = r->m->files[e->file];
    c.text = r->lines.data + e->text;
    c.len = e->text_len;
    c.line = e->line;
    c.line_off = 0;
    const char *at = col && col <= e->text_len ? c.text + col - 1 : NULL;
    return dy_petr_reject(&c, e->line, at, c.text + e->start, e->text_len - e->start, "%s", msg);
}

static const char *id_str(const struct dy_dyad_reader *r, uint32_t id)
{
    return dy_intern_str(&r->ids, id);
}

static dyad_status alloc_tables(struct dy_dyad_reader *r)
{
    size_t n_ids = (size_t)r->ids.n + 1, n_e = r->n_e + 1;
    for (int i = 0; i < NS_N; i++)
        if (!(r->win[i] = dy_calloc(n_ids, sizeof *r->win[i])))
            return DYAD_NOMEM;
    r->syn_win = dy_calloc((size_t)r->m->words.n + 1, sizeof *r->syn_win);
    r->head = dy_calloc(n_e, sizeof *r->head);
    r->tail = dy_calloc(n_e, sizeof *r->tail);
    r->count = dy_calloc(n_e, sizeof *r->count);
    r->surname = dy_calloc(n_e, sizeof *r->surname);
    r->syn_index = dy_calloc(n_e, sizeof *r->syn_index);
    if (!r->syn_win || !r->head || !r->tail || !r->count || !r->surname || !r->syn_index)
        return DYAD_NOMEM;
    return DYAD_OK;
}

/* Who holds each id: the first written entry, else the first generated one; a written
 * entry silently replaces a generated one (that is how a generated entry is corrected),
 * any other second use of an id is reported and the later entry dropped. */
static dyad_status resolve_ids(struct dy_dyad_reader *r)
{
    dyad_status st = DYAD_OK;
    for (size_t i = 0; i < r->n_e && st == DYAD_OK; i++) {
        struct entry *e = &r->e[i];
        uint8_t ns = kind_ns[e->kind];
        if (ns == NS_NONE)
            continue;
        uint32_t *slot = &r->win[ns][e->id];
        uint32_t *name_slot = e->kind == K_SYNSET ? &r->syn_win[e->name] : NULL;
        for (int pass = 0; pass < 2 && !e->dropped; pass++) {
            uint32_t *w = pass ? name_slot : slot;
            if (!w)
                continue;
            if (*w) {
                struct entry *o = &r->e[*w - 1];
                if (o->generated && !e->generated) {
                    o->dropped = 1;
                } else if (!o->generated && e->generated) {
                    e->dropped = 1;
                    break;
                } else {
                    e->dropped = 1;
                    if (pass == 0)
                        st = report(r, e, e->id_col, "duplicate %s id '%s' (first at %s:%u)",
                                    kind_name[e->kind], id_str(r, e->id), r->m->files[o->file],
                                    o->line);
                    else
                        st = report(r, e, 0, "synset '&%s' is defined twice (first at %s:%u)",
                                    dy_intern_str(&r->m->words, e->name), r->m->files[o->file],
                                    o->line);
                    break;
                }
            }
        }
        if (!e->dropped) {
            *slot = (uint32_t)i + 1;
            if (name_slot)
                *name_slot = (uint32_t)i + 1;
        }
    }
    /* A generated synset that lost its id to a written one may still hold its name. */
    for (size_t w = 1; w <= r->m->words.n; w++)
        if (r->syn_win[w] && r->e[r->syn_win[w] - 1].dropped)
            r->syn_win[w] = 0;
    for (size_t i = 0; i < r->ids.n + 1; i++)
        for (int ns = 0; ns < NS_N; ns++)
            if (r->win[ns][i] && r->e[r->win[ns][i] - 1].dropped)
                r->win[ns][i] = 0;
    return st;
}

/* Roles to their people, patterns to their verbs (each kept in file order). */
static dyad_status resolve_refs(struct dy_dyad_reader *r)
{
    dyad_status st = DYAD_OK;
    for (size_t i = 0; i < r->n_e && st == DYAD_OK; i++) {
        struct entry *e = &r->e[i];
        if (e->kind != K_ROLE && e->kind != K_PATTERN)
            continue;
        uint32_t ref = e->kind == K_ROLE ? e->id : e->ref;
        uint32_t col = e->kind == K_ROLE ? e->id_col : e->ref_col;
        uint32_t w = r->win[e->kind == K_ROLE ? NS_ACTOR : NS_VERB][ref];
        if (!w) {
            e->dropped = 1;
            st = report(r, e, col, "%s of unknown %s '%s'", kind_name[e->kind],
                        e->kind == K_ROLE ? "person" : "verb", id_str(r, ref));
            continue;
        }
        if (e->kind == K_ROLE && r->e[w - 1].kind != K_PERSON) {
            e->dropped = 1;
            st = report(r, e, col,
                        "'%s' is an actor, not a person: give the actor dated codes "
                        "(CODE@FROM..TO) instead of roles",
                        id_str(r, ref));
            continue;
        }
        if (e->kind == K_ROLE && r->count[w - 1] >= MAX_CODES) {
            e->dropped = 1;
            st = report(r, e, 0, "more than %d roles for '%s'", MAX_CODES, id_str(r, ref));
            continue;
        }
        r->count[w - 1]++;
        if (r->tail[w - 1])
            r->e[r->tail[w - 1] - 1].next = (uint32_t)i + 1;
        else
            r->head[w - 1] = (uint32_t)i + 1;
        r->tail[w - 1] = (uint32_t)i + 1;
    }
    return st;
}

/* A phrase as a hashable key: its word ids' bytes. */
static dyad_status phrase_key(struct dy_dyad_reader *r, const struct phrase *p)
{
    r->scratch.len = 0;
    for (uint32_t k = 0; k < p->n; k++) {
        uint32_t id = r->el[p->first + k].id;
        if (dy_buf_append(&r->scratch, (const char *)&id, sizeof id) != DYAD_OK)
            return DYAD_NOMEM;
    }
    return DYAD_OK;
}

/* Generated actor phrases that a written actor or person also has are dropped; a
 * generated actor left with none is dropped. */
static dyad_status override_phrases(struct dy_dyad_reader *r)
{
    struct dy_intern written;
    dy_intern_init(&written);
    dyad_status st = DYAD_OK;
    for (size_t i = 0; i < r->n_e && st == DYAD_OK; i++) {
        const struct entry *e = &r->e[i];
        if (e->dropped || e->generated || (e->kind != K_ACTOR && e->kind != K_PERSON))
            continue;
        for (uint32_t k = 0; k < e->n_phrases && st == DYAD_OK; k++) {
            st = phrase_key(r, &r->ph[e->first_phrase + k]);
            if (st == DYAD_OK && !dy_intern_add(&written, r->scratch.data, r->scratch.len))
                st = DYAD_NOMEM;
        }
    }
    for (size_t i = 0; i < r->n_e && st == DYAD_OK && written.n; i++) {
        struct entry *e = &r->e[i];
        if (e->dropped || !e->generated || (e->kind != K_ACTOR && e->kind != K_PERSON))
            continue;
        uint32_t left = 0;
        for (uint32_t k = 0; k < e->n_phrases && st == DYAD_OK; k++) {
            struct phrase *p = &r->ph[e->first_phrase + k];
            st = phrase_key(r, p);
            if (st == DYAD_OK && dy_intern_find(&written, r->scratch.data, r->scratch.len))
                p->dropped = 1;
            left += !p->dropped;
        }
        if (st == DYAD_OK && left == 0)
            e->dropped = 1;
    }
    dy_intern_free(&written);
    return st;
}

static dyad_status need_lexicon(struct dy_dyad_reader *r);

/* ---- surnames ---------------------------------------------------------------------- */

/* Words that name a person's generation, not a family: "Martin Luther King Jr." */
static bool generation_word(const char *w)
{
    static const char *const words[] = {"JR", "JR.", "SR", "SR.", "II", "III", "IV"};
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
        if (strcmp(w, words[i]) == 0)
            return true;
    return false;
}

/* Common English words that WordNet does not list as verbs, adjectives or adverbs but that
 * a surname must never stand for ("Theresa May"). */
static bool function_word(const char *w)
{
    static const char *const words[] = {
        "A",     "AN",    "THE", "AND",  "OR",    "BUT", "OF",    "IN",   "ON",    "AT",
        "TO",    "BY",    "FOR", "WITH", "FROM",  "MAY", "MIGHT", "MUST", "SHALL", "SHOULD",
        "WOULD", "COULD", "CAN", "WILL", "HE",    "SHE", "IT",    "WE",   "THEY",  "US",
        "HIM",   "HER",   "HIS", "ITS",  "THEIR", "AS",  "UN",    "LE",   "LA",    "DE",
        "VAN",   "VON",   "DA",  "AL",   "EL",    "BIN", "BEN",   "ABU",  "IBN"};
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
        if (strcmp(w, words[i]) == 0)
            return true;
    return false;
}

/* ---- common English words (WordNet) ---------------------------------------------------- */

/* What WordNet says of the lower-case forms of the surname candidates. */
struct wn_scan {
    struct dy_intern forms; /* candidates in lower case, and their singulars */
    uint8_t *common;        /* per form id: a verb, adjective or adverb, or a common noun */
    size_t *noun_line;      /* per form id: offset + 1 of its index.noun line */
    size_t cap_common, cap_noun;
};

static dyad_status wn_form(struct wn_scan *w, const char *s, size_t n)
{
    uint32_t id = dy_intern_add(&w->forms, s, n);
    if (!id || dy_grow((void **)&w->common, &w->cap_common, (size_t)id + 1, 1) != DYAD_OK ||
        dy_grow((void **)&w->noun_line, &w->cap_noun, (size_t)id + 1, sizeof *w->noun_line) !=
            DYAD_OK)
        return DYAD_NOMEM;
    w->common[id] = 0;
    w->noun_line[id] = 0;
    return DYAD_OK;
}

/* Reads WordNet's index file `name` and calls back for each line whose lemma is a form. */
static dyad_status wn_index(struct dy_dyad_reader *r, struct wn_scan *w, const char *dir,
                            const char *name, char **keep)
{
    r->scratch.len = 0;
    if (dy_buf_printf(&r->scratch, "%s/%s", dir, name) != DYAD_OK)
        return DYAD_NOMEM;
    char *text;
    size_t len;
    dyad_status st = dy_read_file(r->scratch.data, &text, &len, NULL);
    if (st != DYAD_OK)
        return st == DYAD_NOMEM ? st : DYAD_OK; /* missing: nothing is known */
    bool noun = keep != NULL;
    for (size_t pos = 0; pos < len;) {
        const char *line = text + pos;
        const char *nl = memchr(line, '\n', len - pos);
        size_t n = nl ? (size_t)(nl - line) : len - pos;
        pos += n + (nl ? 1 : 0);
        size_t k = 0;
        while (k < n && line[k] != ' ')
            k++;
        uint32_t id = k ? dy_intern_find(&w->forms, line, k) : 0;
        if (id && noun)
            w->noun_line[id] = (size_t)(line - text) + 1;
        else if (id)
            w->common[id] = 1;
    }
    if (noun)
        *keep = text;
    else
        dy_free(text);
    return DYAD_OK;
}

/* Is the noun whose index.noun line is `line` a common noun: does one of its synsets in
 * data.noun list it in lower case ("king"), not only capitalised ("Clinton")? */
static bool wn_common_noun(FILE *data, const char *lemma, size_t lemma_len, const char *line)
{
    const char *end = strchr(line, '\n');
    size_t n = end ? (size_t)(end - line) : strlen(line);
    /* "lemma pos synset_cnt p_cnt [ptr...] sense_cnt tagsense_cnt offset..." */
    const char *tok[4];
    size_t i = 0, t = 0;
    for (; t < 3 && i < n; t++) {
        while (i < n && line[i] == ' ')
            i++;
        tok[t] = line + i;
        while (i < n && line[i] != ' ')
            i++;
    }
    if (t < 3)
        return false;
    long synsets = strtol(tok[2], NULL, 10);
    /* the offsets are the last `synsets` fields */
    size_t j = n;
    for (long s = 0; s < synsets && s < 64; s++) {
        while (j > 0 && line[j - 1] == ' ')
            j--;
        size_t e = j;
        while (j > 0 && line[j - 1] != ' ')
            j--;
        if (e == j)
            return false;
        char off[16];
        if (e - j >= sizeof off)
            return false;
        memcpy(off, line + j, e - j);
        off[e - j] = '\0';
        char buf[4096];
        if (fseek(data, strtol(off, NULL, 10), SEEK_SET) != 0 || !fgets(buf, sizeof buf, data))
            continue;
        /* "offset lex_filenum ss_type w_cnt word lex_id word lex_id ..." */
        char *save, *f = strtok_r(buf, " ", &save);
        for (int k = 0; f && k < 3; k++)
            f = strtok_r(NULL, " ", &save);
        long words = f ? strtol(f, NULL, 16) : 0;
        for (long k = 0; k < words && words < 256; k++) {
            char *word = strtok_r(NULL, " ", &save);
            if (!word || !strtok_r(NULL, " ", &save))
                break;
            if (strlen(word) == lemma_len && memcmp(word, lemma, lemma_len) == 0)
                return true;
        }
    }
    return false;
}

/* Marks in `common` (by word id) the candidates that are common English words in WordNet:
 * a verb, adjective or adverb ("Rice", "Brown", "Power"), or a noun that WordNet writes in
 * lower case ("King"; also the singular of "Gates"), not only as a name ("Clinton"). As a
 * surname alone they would code ordinary words, since matching ignores case. WordNet is
 * read from $DYAD_WORDNET, else /usr/share/wordnet; missing files mark nothing. */
static dyad_status mark_common(struct dy_dyad_reader *r, const uint8_t *cand, uint8_t *common)
{
    struct dy_dict_model *m = r->m;
    struct wn_scan w = {0};
    dy_intern_init(&w.forms);
    char *nouns = NULL;
    FILE *data = NULL;
    dyad_status st = DYAD_OK;
    char low[256];
    for (uint32_t id = 1; id <= m->words.n && st == DYAD_OK; id++) {
        size_t n = m->words.lens[id];
        if (!cand[id] || n >= sizeof low)
            continue;
        for (size_t i = 0; i < n; i++)
            low[i] = (char)tolower((unsigned char)m->words.strs[id][i]);
        st = wn_form(&w, low, n);
        if (st == DYAD_OK && n > 3 && low[n - 1] == 's')
            st = wn_form(&w, low, n - 1);
        if (st == DYAD_OK && n > 4 && low[n - 1] == 's' && low[n - 2] == 'e')
            st = wn_form(&w, low, n - 2);
    }
    const char *dir = getenv("DYAD_WORDNET");
    if (!dir || !*dir)
        dir = "/usr/share/wordnet";
    static const char *const files[] = {"index.verb", "index.adj", "index.adv"};
    for (size_t f = 0; f < 3 && st == DYAD_OK; f++)
        st = wn_index(r, &w, dir, files[f], NULL);
    if (st == DYAD_OK)
        st = wn_index(r, &w, dir, "index.noun", &nouns);
    if (st == DYAD_OK && nouns) {
        r->scratch.len = 0;
        if (dy_buf_printf(&r->scratch, "%s/data.noun", dir) != DYAD_OK)
            st = DYAD_NOMEM;
        else
            data = fopen(r->scratch.data, "rb");
    }
    for (uint32_t id = 1; data && id <= w.forms.n; id++)
        if (!w.common[id] && w.noun_line[id])
            w.common[id] = wn_common_noun(data, w.forms.strs[id], w.forms.lens[id],
                                          nouns + w.noun_line[id] - 1);
    for (uint32_t id = 1; id <= m->words.n && st == DYAD_OK; id++) {
        size_t n = m->words.lens[id];
        if (!cand[id] || n >= sizeof low)
            continue;
        for (size_t i = 0; i < n; i++)
            low[i] = (char)tolower((unsigned char)m->words.strs[id][i]);
        for (size_t cut = 0; cut <= 2 && !common[id]; cut++) {
            if (cut && !(n > 2 + cut && low[n - 1] == 's'))
                break;
            uint32_t f = dy_intern_find(&w.forms, low, n - cut);
            common[id] = f && w.common[f];
        }
    }
    if (data)
        fclose(data);
    dy_free(nouns);
    dy_intern_free(&w.forms);
    dy_free(w.common);
    dy_free(w.noun_line);
    return st;
}

/* A person whose full name (first phrase) has two words or more is also known by its last
 * word (Jr., III ... skipped) when that is safe: the person lists no one-word phrase of
 * its own, no other person would get the same surname, no actor, person, agent or discard
 * has it as a one-word phrase, and it is not a common English word. */
static dyad_status derive_surnames(struct dy_dyad_reader *r)
{
    struct dy_dict_model *m = r->m;
    size_t nw = (size_t)m->words.n + 1;
    uint16_t *people = dy_calloc(nw, sizeof *people);
    uint8_t *taken = dy_calloc(nw, 1), *cand = dy_calloc(nw, 1), *common = dy_calloc(nw, 1);
    dyad_status st = DYAD_OK;
    if (!people || !taken || !cand || !common) {
        st = DYAD_NOMEM;
        goto done;
    }
    bool any = false;
    for (size_t i = 0; i < r->n_e; i++) {
        const struct entry *e = &r->e[i];
        if (e->dropped)
            continue;
        if (e->kind == K_VERB) /* "Said" must stay a verb */
            for (uint32_t k = 0; k < e->n_phrases; k++)
                taken[r->el[r->ph[e->first_phrase + k].first].id] = 1;
        if (e->kind != K_ACTOR && e->kind != K_PERSON && e->kind != K_AGENT &&
            e->kind != K_DISCARD)
            continue;
        bool single = false;
        for (uint32_t k = 0; k < e->n_phrases; k++) {
            const struct phrase *p = &r->ph[e->first_phrase + k];
            if (p->n == 1 && !p->dropped) {
                taken[r->el[p->first].id] = 1;
                single = true;
            }
        }
        if (e->kind != K_PERSON || single || e->n_phrases == 0)
            continue;
        const struct phrase *full = &r->ph[e->first_phrase];
        uint32_t last = full->n;
        while (last > 1 && generation_word(m->words.strs[r->el[full->first + last - 1].id]))
            last--;
        if (last < 2)
            continue;
        uint32_t w = r->el[full->first + last - 1].id;
        const char *ws = m->words.strs[w];
        bool letter = false;
        for (const char *q = ws; *q; q++)
            letter |= isalpha((unsigned char)*q) || (unsigned char)*q >= 0x80;
        if (!letter || m->words.lens[w] < 2 || function_word(ws))
            continue;
        r->surname[i] = w;
        if (people[w] < UINT16_MAX)
            people[w]++;
        cand[w] = 1;
        any = true;
    }
    if (any && ((st = mark_common(r, cand, common)) != DYAD_OK || (st = need_lexicon(r))))
        goto done;
    for (size_t i = 0; i < r->n_e; i++) {
        uint32_t w = r->surname[i];
        if (w && (people[w] != 1 || taken[w] || common[w] ||
                  dy_lexicon_is_verb_inflection(m->lex, m->words.strs[w], m->words.lens[w])))
            r->surname[i] = 0;
    }
done:
    dy_free(people);
    dy_free(taken);
    dy_free(cand);
    dy_free(common);
    return st;
}

/* ---- phase 2: filling the model ------------------------------------------------------- */

/* meta->text: appends s and returns its offset (0 on failure, which is ""). */
static uint32_t meta_str(struct dy_dyad_meta *meta, const char *s)
{
    if (meta->text.len > UINT32_MAX / 2)
        return 0;
    uint32_t off = (uint32_t)meta->text.len;
    if (dy_buf_append(&meta->text, s, strlen(s) + 1) != DYAD_OK)
        return 0;
    return off;
}

static dyad_status note(struct dy_dyad_reader *r, const struct entry *e, const char *fmt, ...)
    DY_PRINTF(3, 4);

static dyad_status note(struct dy_dyad_reader *r, const struct entry *e, const char *fmt, ...)
{
    char msg[200];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    struct dy_dyad_meta *meta = r->m->dyad;
    struct dy_dyad_note n = {e->file, e->line, meta_str(meta, msg)};
    if (!n.msg)
        return DYAD_NOMEM;
    return DY_PUSH(meta->notes, meta->n_notes, meta->cap_notes, n);
}

/* The phrase's words, space-separated, into r->scratch (for messages). */
static const char *words_text(struct dy_dyad_reader *r, const struct dy_elem *el, uint32_t n)
{
    r->scratch.len = 0;
    for (uint32_t k = 0; k < n; k++) {
        if (k && dy_buf_putc(&r->scratch, ' ') != DYAD_OK)
            break;
        const char *w = dy_intern_str(&r->m->words, el[k].id);
        if (dy_buf_append(&r->scratch, w, strlen(w)) != DYAD_OK)
            break;
    }
    return r->scratch.data ? r->scratch.data : "";
}

static bool same_words(const struct dy_elem *a, const struct dy_elem *b, uint32_t n)
{
    for (uint32_t k = 0; k < n; k++)
        if (a[k].id != b[k].id)
            return false;
    return true;
}

/* Copies n elements to the end of m->elems; *first is where they start. */
static dyad_status copy_elems(struct dy_dict_model *m, const struct dy_elem *el, uint32_t n,
                              uint32_t *first)
{
    if (m->n_elems > UINT32_MAX / 2)
        return DYAD_LIMIT;
    *first = (uint32_t)m->n_elems;
    for (uint32_t k = 0; k < n; k++)
        if (DY_PUSH(m->elems, m->n_elems, m->cap_elems, el[k]) != DYAD_OK)
            return DYAD_NOMEM;
    return DYAD_OK;
}

/* Is the phrase (n words at el) already among phrases [from, to) of `list`? */
static bool has_phrase(const struct dy_dict_model *m, const struct dy_phrase *list, size_t from,
                       size_t to, const struct dy_elem *el, uint32_t n)
{
    for (size_t i = from; i < to; i++)
        if (list[i].words.n == n && same_words(&m->elems[list[i].words.first], el, n))
            return true;
    return false;
}

/* The kind of actor for the statistics (dyad_meta.h). */
static uint8_t actor_class(const struct dy_dyad_reader *r, const struct entry *e)
{
    if (e->kind == K_PERSON)
        return DY_AC_PERSON;
    if (e->generated)
        return strchr(id_str(r, e->id), '.') ? DY_AC_CAPITAL : DY_AC_COUNTRY;
    const struct code *c = &r->codes[e->first_code];
    for (uint32_t k = 0; k < e->n_codes; k++)
        if (r->codes[e->first_code + k].from == INT32_MIN &&
            r->codes[e->first_code + k].to == INT32_MAX) {
            c = &r->codes[e->first_code + k];
            break;
        }
    size_t n = strlen(c->code);
    /* a written country ("xkx" Kosovo, "sun" the Soviet Union): its code as its id */
    const char *id = id_str(r, e->id);
    if (n == 3 && strlen(id) == 3 && strncasecmp(c->code, id, 3) == 0)
        return DY_AC_COUNTRY;
    bool letters = true;
    for (size_t i = 0; i < n; i++)
        letters &= c->code[i] >= 'A' && c->code[i] <= 'Z';
    if (letters && n == 3)
        return DY_AC_PLACE;
    static const char *const state[] = {"GOV", "MIL", "LEG", "JUD", "COP", "SPY"};
    for (size_t i = 0; letters && n == 6 && i < sizeof state / sizeof state[0]; i++)
        if (memcmp(c->code + 3, state[i], 3) == 0 && memcmp(c->code, "IGO", 3) != 0 &&
            memcmp(c->code, "NGO", 3) != 0)
            return DY_AC_STATE;
    return DY_AC_ORG;
}

/* Adds the entry's phrases to `list` (owner `owner`), skipping dropped ones and noting
 * repeats. *added counts them. */
static dyad_status emit_phrases(struct dy_dyad_reader *r, const struct entry *e,
                                struct dy_phrase **list, size_t *n, size_t *cap, uint32_t owner,
                                uint32_t *added)
{
    struct dy_dict_model *m = r->m;
    size_t from = *n;
    *added = 0;
    for (uint32_t k = 0; k < e->n_phrases; k++) {
        const struct phrase *p = &r->ph[e->first_phrase + k];
        if (p->dropped)
            continue;
        const struct dy_elem *el = &r->el[p->first];
        if (has_phrase(m, *list, from, *n, el, p->n)) {
            dyad_status st = note(r, e, "phrase '%s' is listed twice in %s '%s'",
                                  words_text(r, el, p->n), kind_name[e->kind], id_str(r, e->id));
            if (st != DYAD_OK)
                return st;
            continue;
        }
        struct dy_phrase ph = {
            .words = {0, p->n}, .owner = owner, .line = e->line, .caps = p->caps};
        dyad_status st = copy_elems(m, el, p->n, &ph.words.first);
        if (st != DYAD_OK)
            return st;
        if (DY_PUSH(*list, *n, *cap, ph) != DYAD_OK)
            return DYAD_NOMEM;
        (*added)++;
    }
    return DYAD_OK;
}

static dyad_status emit_actor(struct dy_dyad_reader *r, size_t i)
{
    struct dy_dict_model *m = r->m;
    struct dy_dyad_meta *meta = m->dyad;
    const struct entry *e = &r->e[i];
    if (m->n_actors >= UINT32_MAX / 2 || m->n_actor_codes >= UINT32_MAX / 2)
        return DYAD_LIMIT;
    struct dy_actor a = {
        .first_code = (uint32_t)m->n_actor_codes, .line = e->line, .file = e->file};
    uint32_t owner = (uint32_t)m->n_actors;
    /* An actor's codes are on its line; a person's are its roles, in file order. */
    uint32_t k = e->kind == K_PERSON ? r->head[i] : 0;
    for (uint32_t c = 0; e->kind == K_PERSON ? k != 0 : c < e->n_codes; c++) {
        const struct entry *src = e->kind == K_PERSON ? &r->e[k - 1] : e;
        const struct code *code =
            &r->codes[e->kind == K_PERSON ? src->first_code : e->first_code + c];
        struct dy_actor_code ac = {.from = code->from, .to = code->to};
        memcpy(ac.code, code->code, sizeof ac.code);
        struct dy_dyad_where w = {src->file, src->line};
        if (DY_PUSH(m->actor_codes, m->n_actor_codes, m->cap_actor_codes, ac) != DYAD_OK ||
            DY_PUSH(meta->codes, meta->n_codes, meta->cap_codes, w) != DYAD_OK)
            return DYAD_NOMEM;
        a.n_codes++;
        if (e->kind == K_PERSON) {
            meta->n_roles++;
            k = src->next;
        }
    }
    uint32_t added;
    dyad_status st = emit_phrases(r, e, &m->actor_phrases, &m->n_actor_phrases,
                                  &m->cap_actor_phrases, owner, &added);
    if (st != DYAD_OK)
        return st;
    while (meta->n_surname < m->n_actor_phrases)
        if (DY_PUSH(meta->surname, meta->n_surname, meta->cap_surname, 0) != DYAD_OK)
            return DYAD_NOMEM;
    if (r->surname[i]) {
        struct dy_elem el = {.kind = DY_E_WORD, .id = r->surname[i]};
        struct dy_phrase ph = {.words = {0, 1}, .owner = owner, .line = e->line};
        if ((st = copy_elems(m, &el, 1, &ph.words.first)) != DYAD_OK)
            return st;
        if (DY_PUSH(m->actor_phrases, m->n_actor_phrases, m->cap_actor_phrases, ph) != DYAD_OK ||
            DY_PUSH(meta->surname, meta->n_surname, meta->cap_surname, 1) != DYAD_OK)
            return DYAD_NOMEM;
    }
    struct dy_dyad_item it = {meta_str(meta, id_str(r, e->id)), actor_class(r, e), e->generated};
    if (!it.id || DY_PUSH(m->actors, m->n_actors, m->cap_actors, a) != DYAD_OK ||
        DY_PUSH(meta->actors, meta->n_actors, meta->cap_actors, it) != DYAD_OK)
        return DYAD_NOMEM;
    return DYAD_OK;
}

struct variant_ctx {
    struct dy_dyad_reader *r;
    const struct entry *e;
    struct dy_seq base; /* in m->elems */
    uint32_t at;        /* the word that is replaced */
    size_t from;        /* this entry's items begin here */
    bool verb;          /* forms (else agent phrases) */
    uint32_t block;
};

/* Adds the base phrase with word `at` replaced by `form` (a plural or an inflection),
 * unless the entry has it already. */
static dyad_status add_variant(void *ctx, const char *form, size_t len)
{
    struct variant_ctx *v = ctx;
    struct dy_dict_model *m = v->r->m;
    uint32_t id = dy_intern_add(&m->words, form, len);
    if (!id)
        return DYAD_NOMEM;
    struct dy_elem el[MAX_WORDS];
    for (uint32_t k = 0; k < v->base.n; k++) {
        el[k] = m->elems[v->base.first + k];
        if (k == v->at)
            el[k].id = id;
    }
    struct dy_seq seq = {0, v->base.n};
    if (v->verb) {
        for (size_t i = v->from; i < m->n_forms; i++)
            if (m->forms[i].words.n == seq.n &&
                same_words(&m->elems[m->forms[i].words.first], el, seq.n))
                return DYAD_OK;
        if (m->n_forms - v->from >= MAX_FORMS)
            return DYAD_OK;
        dyad_status st = copy_elems(m, el, seq.n, &seq.first);
        if (st != DYAD_OK)
            return st;
        struct dy_verb_form f = {.words = seq,
                                 .head = (uint8_t)v->at,
                                 .generated = 1,
                                 .block = v->block,
                                 .line = v->e->line,
                                 .file = v->e->file};
        return DY_PUSH(m->forms, m->n_forms, m->cap_forms, f);
    }
    if (has_phrase(m, m->agent_phrases, v->from, m->n_agent_phrases, el, seq.n))
        return DYAD_OK;
    dyad_status st = copy_elems(m, el, seq.n, &seq.first);
    if (st != DYAD_OK)
        return st;
    struct dy_phrase ph = {.words = seq, .owner = (uint32_t)m->n_agents, .line = v->e->line};
    return DY_PUSH(m->agent_phrases, m->n_agent_phrases, m->cap_agent_phrases, ph);
}

static dyad_status need_lexicon(struct dy_dyad_reader *r)
{
    if (r->m->lex)
        return DYAD_OK;
    return dy_lexicon_load(&r->m->lex, r->err);
}

static dyad_status emit_agent(struct dy_dyad_reader *r, size_t i)
{
    struct dy_dict_model *m = r->m;
    struct dy_dyad_meta *meta = m->dyad;
    const struct entry *e = &r->e[i];
    if (m->n_agents >= UINT32_MAX / 2)
        return DYAD_LIMIT;
    const struct code *c = &r->codes[e->first_code];
    struct dy_agent ag = {.prefix = e->prefix, .line = e->line, .file = e->file};
    memcpy(ag.code, c->code, sizeof ag.code);
    size_t from = m->n_agent_phrases;
    uint32_t added;
    dyad_status st = emit_phrases(r, e, &m->agent_phrases, &m->n_agent_phrases,
                                  &m->cap_agent_phrases, (uint32_t)m->n_agents, &added);
    if (st == DYAD_OK)
        st = need_lexicon(r);
    size_t written = m->n_agent_phrases;
    /* Plurals of the phrases' last words (only of those written, not of plurals). */
    for (size_t k = from; k < written && st == DYAD_OK; k++) {
        struct dy_seq s = m->agent_phrases[k].words;
        uint32_t last = m->elems[s.first + s.n - 1].id;
        struct variant_ctx v = {r, e, s, s.n - 1, from, false, 0};
        st = dy_noun_plurals(m->lex, m->words.strs[last], m->words.lens[last], add_variant, &v);
    }
    struct dy_dyad_item it = {meta_str(meta, id_str(r, e->id)), 0, e->generated};
    if (st == DYAD_OK && (!it.id || DY_PUSH(m->agents, m->n_agents, m->cap_agents, ag) ||
                          DY_PUSH(meta->agents, meta->n_agents, meta->cap_agents, it)))
        st = DYAD_NOMEM;
    return st;
}

static dyad_status emit_discard(struct dy_dyad_reader *r, size_t i)
{
    struct dy_dict_model *m = r->m;
    struct dy_dyad_meta *meta = m->dyad;
    const struct entry *e = &r->e[i];
    if (m->n_discards >= UINT32_MAX / 2)
        return DYAD_LIMIT;
    struct dy_discard d = {.story = e->story, .line = e->line, .file = e->file};
    uint32_t added;
    dyad_status st = emit_phrases(r, e, &m->discard_phrases, &m->n_discard_phrases,
                                  &m->cap_discard_phrases, (uint32_t)m->n_discards, &added);
    struct dy_dyad_item it = {meta_str(meta, id_str(r, e->id)), 0, e->generated};
    if (st == DYAD_OK && (!it.id || DY_PUSH(m->discards, m->n_discards, m->cap_discards, d) ||
                          DY_PUSH(meta->discards, meta->n_discards, meta->cap_discards, it)))
        st = DYAD_NOMEM;
    return st;
}

static dyad_status emit_synset(struct dy_dyad_reader *r, size_t i)
{
    struct dy_dict_model *m = r->m;
    struct dy_dyad_meta *meta = m->dyad;
    const struct entry *e = &r->e[i];
    if (m->n_synsets >= UINT32_MAX / 2)
        return DYAD_LIMIT;
    struct dy_synset syn = {.name = e->name,
                            .first_phrase = (uint32_t)m->n_synset_phrases,
                            .line = e->line,
                            .file = e->file};
    r->syn_index[i] = (uint32_t)m->n_synsets;
    dyad_status st = emit_phrases(r, e, &m->synset_phrases, &m->n_synset_phrases,
                                  &m->cap_synset_phrases, (uint32_t)m->n_synsets, &syn.n_phrases);
    struct dy_dyad_item it = {meta_str(meta, id_str(r, e->id)), 0, e->generated};
    if (st == DYAD_OK && (!it.id || DY_PUSH(m->synsets, m->n_synsets, m->cap_synsets, syn) ||
                          DY_PUSH(meta->synsets, meta->n_synsets, meta->cap_synsets, it)))
        st = DYAD_NOMEM;
    return st;
}

/* A pattern of block `block`: &NAME resolved to synset indexes; unknown names reported
 * (the pattern is left out). */
static dyad_status emit_pattern(struct dy_dyad_reader *r, size_t i, uint32_t block)
{
    struct dy_dict_model *m = r->m;
    struct dy_dyad_meta *meta = m->dyad;
    const struct entry *e = &r->e[i];
    struct dy_elem el[MAX_ELEMS];
    for (uint32_t k = 0; k < e->n_el; k++) {
        el[k] = r->el[e->first_el + k];
        if (el[k].kind != DY_E_SYNSET)
            continue;
        uint32_t w = r->syn_win[el[k].id];
        if (!w)
            return report(r, e, e->pat + 1, "unknown synset '&%s'",
                          dy_intern_str(&m->words, el[k].id));
        el[k].id = r->syn_index[w - 1];
    }
    if (m->n_patterns >= UINT32_MAX / 2 || m->strings.len > UINT32_MAX / 2)
        return DYAD_LIMIT;
    struct dy_pattern p = {.elems = {0, e->n_el},
                           .verb_pos = e->verb_pos,
                           .block = block,
                           .line = e->line,
                           .file = e->file,
                           .text = (uint32_t)m->strings.len};
    memcpy(p.code, e->code, sizeof p.code);
    memcpy(p.code2, e->code2, sizeof p.code2);
    dyad_status st = copy_elems(m, el, e->n_el, &p.elems.first);
    if (st != DYAD_OK)
        return st;
    struct dy_dyad_item it = {meta_str(meta, id_str(r, e->id)), 0, e->generated};
    if (!it.id ||
        dy_buf_append(&m->strings, r->lines.data + e->text + e->pat, e->pat_len) != DYAD_OK ||
        dy_buf_putc(&m->strings, '\0') != DYAD_OK ||
        DY_PUSH(m->patterns, m->n_patterns, m->cap_patterns, p) != DYAD_OK ||
        DY_PUSH(meta->patterns, meta->n_patterns, meta->cap_patterns, it) != DYAD_OK)
        return DYAD_NOMEM;
    m->blocks[block].n_patterns++;
    return DYAD_OK;
}

/* A verb entry: its block, each lemma's form and generated inflections (of the head, the
 * first word: "break off" -> "broke off"), then its patterns, kept together. */
static dyad_status emit_verb(struct dy_dyad_reader *r, size_t i)
{
    struct dy_dict_model *m = r->m;
    struct dy_dyad_meta *meta = m->dyad;
    const struct entry *e = &r->e[i];
    if (m->n_blocks >= UINT32_MAX / 2 || m->n_forms >= UINT32_MAX / 2)
        return DYAD_LIMIT;
    uint32_t block = (uint32_t)m->n_blocks;
    struct dy_verb_block b = {.name = r->el[r->ph[e->first_phrase].first].id,
                              .line = e->line,
                              .file = e->file,
                              .first_pattern = (uint32_t)m->n_patterns};
    memcpy(b.code, e->code, sizeof b.code);
    memcpy(b.code2, e->code2, sizeof b.code2);
    struct dy_dyad_item it = {meta_str(meta, id_str(r, e->id)), 0, e->generated};
    if (!it.id || DY_PUSH(m->blocks, m->n_blocks, m->cap_blocks, b) != DYAD_OK ||
        DY_PUSH(meta->blocks, meta->n_blocks, meta->cap_blocks, it) != DYAD_OK)
        return DYAD_NOMEM;
    dyad_status st = need_lexicon(r);
    size_t from = m->n_forms;
    for (uint32_t k = 0; k < e->n_phrases && st == DYAD_OK; k++) {
        const struct phrase *p = &r->ph[e->first_phrase + k];
        const struct dy_elem *el = &r->el[p->first];
        bool dup = false;
        for (size_t f = from; f < m->n_forms && !dup; f++)
            dup = m->forms[f].words.n == p->n &&
                  same_words(&m->elems[m->forms[f].words.first], el, p->n);
        if (dup) {
            st = note(r, e, "lemma '%s' is listed twice in verb '%s'", words_text(r, el, p->n),
                      id_str(r, e->id));
            continue;
        }
        struct dy_verb_form f = {
            .words = {0, p->n}, .base = 1, .block = block, .line = e->line, .file = e->file};
        if ((st = copy_elems(m, el, p->n, &f.words.first)) != DYAD_OK)
            break;
        if (DY_PUSH(m->forms, m->n_forms, m->cap_forms, f) != DYAD_OK) {
            st = DYAD_NOMEM;
            break;
        }
        struct variant_ctx v = {r, e, f.words, 0, from, true, block};
        uint32_t head = el[0].id;
        st = dy_verb_inflect(m->lex, m->words.strs[head], m->words.lens[head], add_variant, &v);
    }
    for (uint32_t k = r->head[i]; k && st == DYAD_OK; k = r->e[k - 1].next)
        st = emit_pattern(r, k - 1, block);
    return st;
}

static dyad_status emit_all(struct dy_dyad_reader *r)
{
    dyad_status st = DYAD_OK;
    /* Synsets first: patterns refer to their indexes. */
    static const uint8_t order[] = {K_SYNSET, K_ACTOR, K_AGENT, K_DISCARD, K_VERB};
    for (size_t o = 0; o < sizeof order && st == DYAD_OK; o++) {
        for (size_t i = 0; i < r->n_e && st == DYAD_OK; i++) {
            const struct entry *e = &r->e[i];
            if (e->dropped)
                continue;
            if (order[o] == K_ACTOR && (e->kind == K_ACTOR || e->kind == K_PERSON))
                st = emit_actor(r, i);
            else if (e->kind != order[o])
                continue;
            else if (e->kind == K_AGENT)
                st = emit_agent(r, i);
            else if (e->kind == K_DISCARD)
                st = emit_discard(r, i);
            else if (e->kind == K_SYNSET)
                st = emit_synset(r, i);
            else if (e->kind == K_VERB)
                st = emit_verb(r, i);
        }
    }
    return st;
}

/* The model's meta arrays run parallel to its own; a model that already holds entries
 * (not from this format) gets empty items for them. */
static dyad_status meta_begin(struct dy_dict_model *m)
{
    if (!m->dyad) {
        m->dyad = dy_calloc(1, sizeof *m->dyad);
        if (!m->dyad || dy_buf_putc(&m->dyad->text, '\0') != DYAD_OK)
            return DYAD_NOMEM;
    }
    struct dy_dyad_meta *meta = m->dyad;
    struct dy_dyad_item none = {0, 0, 0};
    struct dy_dyad_where nowhere = {0, 0};
    while (meta->n_actors < m->n_actors)
        if (DY_PUSH(meta->actors, meta->n_actors, meta->cap_actors, none))
            return DYAD_NOMEM;
    while (meta->n_codes < m->n_actor_codes)
        if (DY_PUSH(meta->codes, meta->n_codes, meta->cap_codes, nowhere))
            return DYAD_NOMEM;
    while (meta->n_surname < m->n_actor_phrases)
        if (DY_PUSH(meta->surname, meta->n_surname, meta->cap_surname, 0))
            return DYAD_NOMEM;
    while (meta->n_agents < m->n_agents)
        if (DY_PUSH(meta->agents, meta->n_agents, meta->cap_agents, none))
            return DYAD_NOMEM;
    while (meta->n_blocks < m->n_blocks)
        if (DY_PUSH(meta->blocks, meta->n_blocks, meta->cap_blocks, none))
            return DYAD_NOMEM;
    while (meta->n_patterns < m->n_patterns)
        if (DY_PUSH(meta->patterns, meta->n_patterns, meta->cap_patterns, none))
            return DYAD_NOMEM;
    while (meta->n_synsets < m->n_synsets)
        if (DY_PUSH(meta->synsets, meta->n_synsets, meta->cap_synsets, none))
            return DYAD_NOMEM;
    while (meta->n_discards < m->n_discards)
        if (DY_PUSH(meta->discards, meta->n_discards, meta->cap_discards, none))
            return DYAD_NOMEM;
    return DYAD_OK;
}

dyad_status dy_dyad_finish(struct dy_dyad_reader *r, dyad_error *err)
{
    if (!r)
        return dy_fail(err, DYAD_MISUSE, "dy_dyad_finish: no reader");
    r->err = err;
    dyad_status st = alloc_tables(r);
    if (st == DYAD_OK)
        st = resolve_ids(r);
    if (st == DYAD_OK)
        st = resolve_refs(r);
    if (st == DYAD_OK)
        st = override_phrases(r);
    if (st == DYAD_OK)
        st = derive_surnames(r);
    if (st == DYAD_OK)
        st = meta_begin(r->m);
    if (st == DYAD_OK)
        st = emit_all(r);
    if (st == DYAD_NOMEM)
        dy_fail(err, DYAD_NOMEM, "out of memory reading dictionaries");
    else if (st == DYAD_LIMIT)
        dy_fail(err, DYAD_LIMIT, "the dictionaries are too large (more than 2^31 entries)");
    dy_dyad_reader_free(r);
    return st;
}

dyad_status dy_dyad_read(struct dy_dict_model *m, const char *source, const char *text, size_t len,
                         const struct dy_diag *diag, dyad_error *err)
{
    struct dy_dyad_reader *r;
    dyad_status st = dy_dyad_begin(m, diag, &r, err);
    if (st != DYAD_OK)
        return st;
    st = dy_dyad_add(r, source, text, len, false, err);
    if (st != DYAD_OK) {
        dy_dyad_reader_free(r);
        return st;
    }
    return dy_dyad_finish(r, err);
}

void dy_dyad_meta_free(struct dy_dyad_meta *meta)
{
    if (!meta)
        return;
    dy_buf_free(&meta->text);
    dy_free(meta->actors);
    dy_free(meta->codes);
    dy_free(meta->surname);
    dy_free(meta->agents);
    dy_free(meta->blocks);
    dy_free(meta->patterns);
    dy_free(meta->synsets);
    dy_free(meta->discards);
    dy_free(meta->notes);
    dy_free(meta);
}
