/*
 * tokenize.c - one sentence into Treebank-style tokens: words keep inner hyphens,
 * apostrophes of names and the periods of abbreviations; clitics ('s n't 'll ...) are
 * split off; quotes, dashes and other punctuation become tokens of their own. Each token
 * carries its byte span in the article and its dy_norm_word() form in the arena.
 */
#include "text/text.h"

#include <assert.h>
#include <string.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

/* ASCII tables, filled in by the preprocessor: class and dy_norm_word() form of each
 * byte, so the hot loops make no calls and few branches. */
#define R4(f, c)  f(c), f((c) + 1), f((c) + 2), f((c) + 3)
#define R16(f, c) R4(f, c), R4(f, (c) + 4), R4(f, (c) + 8), R4(f, (c) + 12)
#define R64(f, c) R16(f, c), R16(f, (c) + 16), R16(f, (c) + 32), R16(f, (c) + 48)
#define CLASS_OF(c) DY_CC_ASCII(c)
#define NORM_OF(c) ((c) >= 'a' && (c) <= 'z' ? (c)-32 : (c) == '`' ? '\'' : (c))

#define CASE_UP    1
#define CASE_LOW   2
#define CASE_OF(c) ((c) >= 'A' && (c) <= 'Z' ? CASE_UP : (c) >= 'a' && (c) <= 'z' ? CASE_LOW : 0)

static const unsigned char ascii_class[128] = {R64(CLASS_OF, 0), R64(CLASS_OF, 64)};
static const unsigned char ascii_norm[128] = {R64(NORM_OF, 0), R64(NORM_OF, 64)};
/* CASE_OF over all 256 byte values (0 from 128 on), for loops that read raw bytes */
static const unsigned char byte_case[256] = {R64(CASE_OF, 0), R64(CASE_OF, 64)};
/* The bytes that end a word of ASCII letters and never join it to what follows (space
 * , ; : ) "), as bits of one word: all are below 64. */
#define WORD_ENDS                                                                          \
    (1ull << ' ' | 1ull << ',' | 1ull << ';' | 1ull << ':' | 1ull << ')' | 1ull << '"')

#if defined(__SSE2__)
/* The ASCII letters that begin w[0..16), upper-cased into d[0..16) (the bytes after them
 * too: the caller ends the word with its NUL): how many, and in *up the same number if
 * all of them are capitals, else 0 (what the caller asks is whether all are). */
static inline unsigned letters16(const unsigned char *w, char *d, unsigned *up)
{
    __m128i v = _mm_loadu_si128((const __m128i *)w);
    __m128i bit = _mm_set1_epi8(0x20);
    /* (c | 0x20) in 'a'..'z', as a signed compare: the range moved to -128..-103 */
    __m128i t = _mm_add_epi8(_mm_or_si128(v, bit), _mm_set1_epi8((char)(0x80 - 'a')));
    __m128i letter = _mm_cmplt_epi8(t, _mm_set1_epi8((char)(-128 + 26)));
    _mm_storeu_si128((__m128i *)d, _mm_andnot_si128(_mm_and_si128(letter, bit), v));
    unsigned n = (unsigned)__builtin_ctz(~(unsigned)_mm_movemask_epi8(letter));
    unsigned lower = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(_mm_and_si128(v, bit), bit));
    *up = lower & ((1u << n) - 1) ? 0 : n;
    return n;
}
#endif

struct tokenizer {
    const unsigned char *s; /* the article; offsets are into it */
    size_t begin, end;      /* the sentence */
    struct dy_arena *a;
    size_t max; /* SIZE_MAX: no limit */
    struct dy_token *toks;
    size_t n, cap;
    char *pool;            /* norms of ASCII tokens: one block per sentence */
    struct dy_buf scratch; /* dy_norm_word output for non-ASCII tokens */
    int open_single;       /* single quotes opened (‘ ` 'word) and not yet closed */
};

/* One code point at i < tz->end. */
struct chr {
    int32_t cp;
    size_t len;
    enum dy_cclass cls;
};

static struct chr char_at_slow(const struct tokenizer *tz, size_t i)
{
    struct chr c;
    c.len = dy_utf8_decode((const char *)tz->s + i, tz->end - i, &c.cp);
    c.cls = dy_cc_of(c.cp);
    return c;
}

static inline struct chr char_at(const struct tokenizer *tz, size_t i)
{
    unsigned char b = tz->s[i];
    if (b >= 0x80)
        return char_at_slow(tz, i);
    struct chr c = {b, 1, (enum dy_cclass)ascii_class[b]};
    return c;
}

static bool is_word_cc(enum dy_cclass c)
{
    return c != DY_CC_SPACE && c != DY_CC_PUNCT;
}

static bool is_letter_cc(enum dy_cclass c)
{
    return c == DY_CC_UPPER || c == DY_CC_LOWER || c == DY_CC_LETTER;
}

static bool is_apos(int32_t cp)
{
    return cp == '\'' || cp == 0x2019 || cp == 0x02bc;
}

static bool is_hyphen(int32_t cp)
{
    return cp == '-' || cp == 0x2010 || cp == 0x2011;
}

/* " “ ” „ ‟ « » ‹ › ‘ ‚ ‛ (the ASCII single quotes and ’ are handled apart: they may
 * also be apostrophes). */
static bool is_quote(int32_t cp)
{
    switch (cp) {
    case '"':
    case 0x201c:
    case 0x201d:
    case 0x201e:
    case 0x201f:
    case 0x00ab:
    case 0x00bb:
    case 0x2039:
    case 0x203a:
    case 0x2018:
    case 0x201a:
    case 0x201b:
        return true;
    default:
        return false;
    }
}

static bool ascii_digit_at(const struct tokenizer *tz, size_t i)
{
    return i < tz->end && (unsigned)(tz->s[i] - '0') < 10;
}

/* Byte length of an apostrophe (' ’ ʼ) ending just before i, or 0. */
static size_t apos_before(const struct tokenizer *tz, size_t from, size_t i)
{
    const unsigned char *s = tz->s;
    if (i > from && s[i - 1] == '\'')
        return 1;
    if (i >= from + 3 && s[i - 3] == 0xe2 && s[i - 2] == 0x80 && s[i - 1] == 0x99)
        return 3;
    if (i >= from + 2 && s[i - 2] == 0xca && s[i - 1] == 0xbc)
        return 2;
    return 0;
}

static unsigned char lower(unsigned char c)
{
    return (unsigned)(c - 'A') < 26 ? (unsigned char)(c + 32) : c;
}

/* Length of the clitic letters after an apostrophe at i ('s 'm 'd 'll 're 've) when
 * nothing word-like follows them, else 0. */
static size_t clitic_letters(const struct tokenizer *tz, size_t i)
{
    const unsigned char *s = tz->s;
    size_t n = 0;
    if (i < tz->end) {
        unsigned char a = lower(s[i]);
        if (a == 's' || a == 'm' || a == 'd')
            n = 1;
        if (i + 1 < tz->end) {
            unsigned char b = lower(s[i + 1]);
            if ((a == 'l' && b == 'l') || (a == 'r' && b == 'e') || (a == 'v' && b == 'e'))
                n = 2;
        }
    }
    if (n && i + n < tz->end && is_word_cc(char_at(tz, i + n).cls))
        return 0;
    return n;
}

/* Whether only closing quotes, brackets and white space follow i in the sentence. */
static bool at_sentence_end(const struct tokenizer *tz, size_t i)
{
    while (i < tz->end) {
        struct chr c = char_at(tz, i);
        if (c.cls != DY_CC_SPACE && c.cp != '"' && c.cp != '\'' && c.cp != ')' && c.cp != ']' &&
            c.cp != '}' && c.cp != 0x2019 && c.cp != 0x201d && c.cp != 0x00bb)
            return false;
        i += c.len;
    }
    return true;
}

static dyad_status grow_tokens(struct tokenizer *tz)
{
    /* News averages a token per 5-6 bytes; a token is never shorter than a byte. */
    size_t len = tz->end - tz->begin;
    size_t cap = tz->cap ? tz->cap * 2 : len / 4 + 4;
    if (cap > len)
        cap = len;
    if (cap - 1 > tz->max)
        cap = tz->max + 1;
    assert(cap > tz->n);
    struct dy_token *t = dy_arena_alloc(tz->a, cap * sizeof *t);
    if (!t)
        return DYAD_NOMEM;
    if (tz->n)
        memcpy(t, tz->toks, tz->n * sizeof *t);
    tz->toks = t;
    tz->cap = cap;
    return DYAD_OK;
}

/* Flags and normal form of a token with non-ASCII bytes. */
static dyad_status push_unicode(struct tokenizer *tz, struct dy_token *t)
{
    const unsigned char *s = tz->s + t->start;
    int up = 0, low = 0, first = -1;
    for (size_t i = 0; i < t->len;) {
        int32_t cp;
        i += dy_utf8_decode((const char *)s + i, t->len - i, &cp);
        enum dy_cclass cls = dy_cc_of(cp);
        if (first < 0 && (cls == DY_CC_UPPER || cls == DY_CC_LOWER))
            first = cls == DY_CC_UPPER; /* uncased scripts (CJK, Arabic) have no say */
        up += cls == DY_CC_UPPER;
        low += cls == DY_CC_LOWER;
    }
    if (first == 1)
        t->flags |= DY_TOK_CAP;
    if (up >= 2 && low == 0)
        t->flags |= DY_TOK_ALLCAPS;
    tz->scratch.len = 0;
    dyad_status st = dy_norm_word((const char *)s, t->len, &tz->scratch);
    if (st == DYAD_SYNTAX) {
        /* Unchecked input: keep the raw bytes rather than fail the sentence. */
        tz->scratch.len = 0;
        st = dy_buf_append(&tz->scratch, (const char *)s, t->len);
    }
    if (st != DYAD_OK)
        return st;
    char *norm = dy_arena_alloc(tz->a, tz->scratch.len + DY_NORM_READABLE);
    if (!norm)
        return DYAD_NOMEM;
    memcpy(norm, tz->scratch.data, tz->scratch.len);
    memset(norm + tz->scratch.len, 0, DY_NORM_READABLE);
    t->norm = norm;
    t->norm_len = (uint32_t)tz->scratch.len;
    return DYAD_OK;
}

/* Keeps the token written at toks[n]: grow_tokens leaves room for one past the limit. */
static dyad_status commit(struct tokenizer *tz)
{
    if (tz->n >= tz->max)
        return DYAD_LIMIT;
    tz->n++;
    return DYAD_OK;
}

static dyad_status push(struct tokenizer *tz, size_t start, size_t len, uint32_t flags)
{
    assert(len > 0);
    if (tz->n == tz->cap) {
        dyad_status st = grow_tokens(tz);
        if (st != DYAD_OK)
            return st;
    }
    struct dy_token *t = &tz->toks[tz->n];
    t->start = (uint32_t)start;
    t->len = (uint32_t)len;
    t->flags = flags;

    /* ASCII, nearly every token: upper-case and count letters in one pass. An ASCII
     * norm is as long as the token, so the sentence's pool always has room. */
    const unsigned char *s = tz->s + start;
    char *d = tz->pool;
    unsigned up = 0, any = 0, first = 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = s[i];
        if (c >= 0x80)
            goto unicode;
        unsigned k = byte_case[c];
        first = first ? first : k; /* the case of the first cased letter */
        any |= k;
        up += k & CASE_UP;
        d[i] = (char)ascii_norm[c];
    }
    d[len] = '\0';
    tz->pool += len + 1;
    if (first == CASE_UP)
        t->flags |= DY_TOK_CAP;
    if (up >= 2 && !(any & CASE_LOW))
        t->flags |= DY_TOK_ALLCAPS;
    t->norm = d;
    t->norm_len = (uint32_t)len;
    return commit(tz);
unicode:;
    dyad_status st = push_unicode(tz, t);
    /* A word of nothing but default-ignorable marks (a stray variation selector)
     * normalises to nothing: no token. */
    if (st != DYAD_OK || t->norm_len == 0)
        return st;
    return commit(tz);
}

/* What scan_word found besides the end of the word. */
struct word {
    size_t end;
    bool hyphen; /* a hyphen joins two parts (war-torn) */
    bool apos;   /* an apostrophe joins two parts (O'Brien, didn't) */
    bool hyphen_end;
};

/* The word starting at p (a word character): letters, marks and digits, joined by inner
 * hyphens, apostrophes, decimal points, thousands commas and abbreviation periods. */
static struct word scan_word(const struct tokenizer *tz, size_t p)
{
    const unsigned char *s = tz->s;
    size_t q = p, end = tz->end;
    struct word w = {p, false, false, false};
    bool acro = true; /* so far single ASCII letters joined by periods */
    size_t seg = 0;   /* characters since the last joiner */
    enum dy_cclass prev = DY_CC_SPACE;

    for (;;) {
        while (q < end) {
            unsigned char b = s[q];
            if (b < 0x80) {
                enum dy_cclass cls = (enum dy_cclass)ascii_class[b];
                if (cls == DY_CC_SPACE || cls == DY_CC_PUNCT)
                    break;
                acro &= cls != DY_CC_DIGIT;
                prev = cls;
                q++;
            } else {
                struct chr c = char_at_slow(tz, q);
                if (!is_word_cc(c.cls))
                    break;
                w.apos |= c.cp == 0x02bc; /* ʼ is a letter (Lm) to Unicode */
                acro = false;
                prev = c.cls;
                q += c.len;
            }
            seg++;
        }
        if (q >= end || s[q] == ' ')
            break;
        struct chr c = char_at(tz, q);
        size_t nx = q + c.len;
        struct chr n = nx < end ? char_at(tz, nx) : (struct chr){0, 0, DY_CC_SPACE};

        if (is_hyphen(c.cp)) {
            if (is_word_cc(n.cls)) { /* war-torn, 12-year, Barad-dur */
                w.hyphen = true;
                acro = false;
                seg = 0;
                q = nx;
                continue;
            }
            if (!is_hyphen(n.cp)) { /* "anti- and pro-government"; "--" is a dash */
                w.hyphen_end = true;
                q = nx;
            }
            break;
        }
        if (c.cp == '.') {
            if (prev == DY_CC_DIGIT && n.cls == DY_CC_DIGIT) { /* 11.8 */
                acro = false;
                seg = 0;
                q = nx;
                continue;
            }
            if (acro && seg == 1 && (n.cls == DY_CC_UPPER || n.cls == DY_CC_LOWER) && n.cp < 0x80 &&
                nx + 1 < end && s[nx + 1] == '.') { /* U.S. */
                seg = 0;
                q = nx;
                continue;
            }
            enum dy_abbrev k =
                q - p <= 32 ? dy_abbrev_kind((const char *)s + p, q - p) : DY_ABBREV_NONE;
            if (k == DY_ABBREV_NONE || (k == DY_ABBREV_INITIAL && at_sentence_end(tz, nx)))
                break;
            q = nx; /* the period belongs to the abbreviation */
            if (q + 1 < end && s[q] == '-' && is_word_cc(char_at(tz, q + 1).cls)) {
                w.hyphen = true; /* U.S.-led */
                acro = false;
                seg = 0;
                q++;
                continue;
            }
            break;
        }
        if (c.cp == ',' && prev == DY_CC_DIGIT && ascii_digit_at(tz, nx) &&
            ascii_digit_at(tz, nx + 1) && ascii_digit_at(tz, nx + 2) &&
            !ascii_digit_at(tz, nx + 3)) { /* 50,000 */
            seg = 0;
            q = nx;
            continue;
        }
        if (c.cp == ':' && prev == DY_CC_DIGIT && n.cls == DY_CC_DIGIT) { /* 10:30 */
            seg = 0;
            q = nx;
            continue;
        }
        if (c.cp == '&' && is_letter_cc(prev) && is_letter_cc(n.cls)) { /* AT&T */
            acro = false;
            seg = 0;
            q = nx;
            continue;
        }
        if (is_apos(c.cp) && is_letter_cc(n.cls)) { /* O'Brien, didn't, Gondor's */
            w.apos = true;
            acro = false;
            seg = 0;
            q = nx;
            continue;
        }
        break;
    }
    w.end = q;
    return w;
}

/* Start of a clitic at the end of the word [p, q) ("n't", "'s", "'ll"...), or q. */
static size_t clitic_split(const struct tokenizer *tz, size_t p, size_t q)
{
    const unsigned char *s = tz->s;
    if (q - p < 2)
        return q;
    unsigned char z = lower(s[q - 1]);
    if (z == 't') {
        size_t a = apos_before(tz, p, q - 1);
        if (a && q - 1 - a > p && lower(s[q - 2 - a]) == 'n')
            return q - 2 - a;
        return q;
    }
    size_t a = 0;
    if (z == 's' || z == 'm' || z == 'd') {
        a = apos_before(tz, p, q - 1);
        if (a && q - 1 - a > p)
            return q - 1 - a;
    } else if (q - p >= 3) {
        unsigned char y = lower(s[q - 2]);
        if ((y == 'l' && z == 'l') || (y == 'r' && z == 'e') || (y == 'v' && z == 'e')) {
            a = apos_before(tz, p, q - 2);
            if (a && q - 2 - a > p)
                return q - 2 - a;
        }
    }
    return q;
}

static dyad_status word_tokens(struct tokenizer *tz, size_t p, size_t *next)
{
    const unsigned char *s = tz->s;
    struct word w = scan_word(tz, p);
    size_t q = w.end;
    size_t cut = w.apos ? clitic_split(tz, p, q) : q;
    uint32_t flags = w.hyphen_end ? DY_TOK_HYPHEN_END : 0;
    dyad_status st;
    /* A number starts with a digit and is not a compound: 800, 11.8, 50,000, 1990s
     * (and the 1990 of 1990's), but not 12-year. */
    if (!w.hyphen &&
        (s[p] < 0x80 ? (unsigned)(s[p] - '0') < 10 : char_at_slow(tz, p).cls == DY_CC_DIGIT)) {
        flags |= DY_TOK_NUM;
        for (size_t i = p + 1; w.apos && i <= cut; i++)
            if (apos_before(tz, p, i))
                flags &= ~(uint32_t)DY_TOK_NUM;
    }
    if (cut > p && (st = push(tz, p, cut - p, flags)) != DYAD_OK)
        return st;
    if (cut < q && (st = push(tz, cut, q - cut, DY_TOK_CLITIC)) != DYAD_OK)
        return st;
    /* Plural possessive: "countries'" -> COUNTRIES '. Inside single quotes the
     * apostrophe is taken as the closing quote instead. */
    if (q < tz->end && (s[q] == '\'' || s[q] >= 0x80) && lower(s[q - 1]) == 's' &&
        tz->open_single == 0) {
        struct chr c = char_at(tz, q);
        if (is_apos(c.cp)) {
            size_t after = q + c.len;
            struct chr n = after < tz->end ? char_at(tz, after) : (struct chr){0, 0, DY_CC_SPACE};
            if (!is_word_cc(n.cls) && !is_apos(n.cp)) {
                if ((st = push(tz, q, c.len, DY_TOK_CLITIC)) != DYAD_OK)
                    return st;
                q = after;
            }
        }
    }
    *next = q;
    return DYAD_OK;
}

/* Punctuation, quotes and symbols at p. */
static dyad_status punct_tokens(struct tokenizer *tz, struct chr c, size_t p, size_t *next)
{
    const unsigned char *s = tz->s;
    size_t end = tz->end;
    size_t len = c.len;
    uint32_t flags = DY_TOK_PUNCT;

    if (c.cp == '`' || c.cp == '\'' || c.cp == 0x2019) {
        size_t cl;
        if (c.cp != '`' && (cl = clitic_letters(tz, p + len)) != 0) {
            flags = DY_TOK_CLITIC; /* pre-tokenised "John 's" */
            len += cl;
        } else if (c.cp < 0x80 && p + 1 < end && s[p + 1] == s[p]) {
            flags |= DY_TOK_QUOTE; /* `` and '' */
            len = 2;
        } else {
            flags |= DY_TOK_QUOTE;
            bool opens =
                c.cp == '`' || (c.cp == '\'' && p + 1 < end && is_word_cc(char_at(tz, p + 1).cls));
            if (opens)
                tz->open_single++;
            else if (tz->open_single > 0)
                tz->open_single--;
        }
    } else if (is_quote(c.cp)) {
        flags |= DY_TOK_QUOTE;
        if (c.cp == 0x2018 || c.cp == 0x201b)
            tz->open_single++;
    } else if (c.cp == '-' || c.cp == '.') {
        while (p + len < end && s[p + len] == s[p]) /* "--", "..." */
            len++;
    }
    /* Combining marks and joiners stay with their symbol (emoji + variation selector). */
    while (p + len < end && s[p + len] >= 0x80) {
        struct chr m = char_at_slow(tz, p + len);
        if (m.cls != DY_CC_MARK && m.cls != DY_CC_JOINER)
            break;
        len += m.len;
    }
    *next = p + len;
    return push(tz, p, len, flags);
}

dyad_status dy_tokenize(const char *text, uint32_t start, uint32_t end, struct dy_arena *a,
                        size_t max_tokens, struct dy_token **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    if (start > end)
        return DYAD_MISUSE;
    size_t limit = max_tokens ? max_tokens : SIZE_MAX;
    struct tokenizer tz = {
        (const unsigned char *)text, start, end, a, limit, NULL, 0, 0, NULL, {NULL, 0, 0}, 0};
    dyad_status st = DYAD_OK;
    size_t i = start;
    if (end > start) {
        /* ASCII norms take at most len + 1 bytes per token, tokens at least one byte;
         * letters16 writes up to 16 bytes past a word's letters, and DY_NORM_READABLE
         * bytes are read from a norm on. */
        tz.pool = dy_arena_alloc(a, 2 * ((size_t)end - start) + 16);
        if (!tz.pool)
            return DYAD_NOMEM;
    }
    while (i < end) {
        if (tz.s[i] == ' ') {
            i++;
            continue;
        }
        /* Most words are ASCII letters ended by a space or by punctuation that never
         * joins letters (, ; : ) "): they are the word, whatever scan_word would add. */
        if (byte_case[tz.s[i]]) {
            /* upper-cased into the pool as it is scanned: kept only if the word ends
             * here, else push() writes over it */
            char *d = tz.pool;
            const unsigned char *w = tz.s + i; /* locals: stores through d alias tz */
            size_t len = 0, max = end - i, up = 0; /* up == len: all capitals */
#if defined(__SSE2__)
            unsigned k = 16, u;
            for (; k == 16 && max - len >= 16; len += k, up += u)
                k = letters16(w + len, d + len, &u);
            if (k == 16)
#endif
                for (unsigned c; len < max && (c = byte_case[w[len]]) != 0; len++) {
                    d[len] = (char)(w[len] & ~0x20);
                    up += c & CASE_UP;
                }
            size_t q = i + len;
            unsigned char b = q < end ? tz.s[q] : ' ';
            if ((b < 64) & (int)(WORD_ENDS >> (b & 63))) {
                if (tz.n == tz.cap && (st = grow_tokens(&tz)) != DYAD_OK)
                    break;
                struct dy_token *t = &tz.toks[tz.n];
                t->start = (uint32_t)i;
                t->len = (uint32_t)len;
                t->flags = (tz.s[i] < 'a' ? DY_TOK_CAP : 0) |
                           (up >= 2 && up == len ? DY_TOK_ALLCAPS : 0);
                d[len] = '\0';
                tz.pool += len + 1;
                t->norm = d;
                t->norm_len = (uint32_t)len;
                if ((st = commit(&tz)) != DYAD_OK)
                    break;
                i = q + (b == ' '); /* the usual space after a word, passed at once */
                continue;
            }
        }
        struct chr c = char_at(&tz, i);
        size_t next;
        if (c.cls == DY_CC_SPACE || c.cls == DY_CC_JOINER) {
            i += c.len; /* a joiner only joins inside a word */
            continue;
        }
        if (is_word_cc(c.cls))
            st = word_tokens(&tz, i, &next);
        else
            st = punct_tokens(&tz, c, i, &next);
        if (st != DYAD_OK)
            break;
        assert(next > i);
        i = next;
    }
    dy_buf_free(&tz.scratch);
    if (st != DYAD_OK)
        return st;
    *out = tz.toks;
    *n = tz.n;
    return DYAD_OK;
}
