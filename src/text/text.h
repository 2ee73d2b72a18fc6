/*
 * text.h - the text stage: UTF-8 validation, word normalisation, sentence splitting and
 * tokenising. Everything works on the article's original bytes and reports byte offsets
 * into them; normalised word forms are written to the caller's arena.
 */
#ifndef DY_TEXT_H
#define DY_TEXT_H

#include "core/core.h"

/* Checks that [s, s+len) is valid UTF-8 with no NUL bytes. On failure returns DYAD_SYNTAX
 * with err->offset at the first bad byte and a message naming it. */
dyad_status dy_utf8_check(const char *s, size_t len, dyad_error *err);

/* Normalises one word for dictionary lookup: NFKC, upper case (full Unicode, utf8proc),
 * typographic apostrophes and quotes folded to ASCII (’ -> '), so that the dictionary
 * reader and the tokenizer agree. Appends to out (not NUL-terminated by contract; the
 * buffer keeps a NUL after len). Invalid UTF-8 is DYAD_SYNTAX. */
dyad_status dy_norm_word(const char *s, size_t len, struct dy_buf *out);

/* Sentence spans of a text, in order. Survives abbreviations (U.S., U.N., Gen., Jan.,
 * Mr., St.), initials (J. R. R. Tolkien), decimals (11.8), ellipses, quotes and brackets
 * after the final stop; blank lines also end a sentence. Spans exclude surrounding white
 * space. */
struct dy_sentence {
    uint32_t start, end; /* bytes, half-open */
};
/* Fills *out (arena-allocated) and *n. DYAD_NOMEM/DYAD_LIMIT if the arena refuses. */
dyad_status dy_split_sentences(const char *text, size_t len, struct dy_arena *a,
                               struct dy_sentence **out, size_t *n);

enum dy_tok_flag {
    DY_TOK_CAP = 1 << 0,       /* first cased letter upper case in the text */
    DY_TOK_NUM = 1 << 1,       /* a number: 12, 11.8, 50,000, 1990s */
    DY_TOK_PUNCT = 1 << 2,     /* punctuation: , . ; : ! ? ( ) -- etc. */
    DY_TOK_QUOTE = 1 << 3,     /* a quotation mark, straight, curly or `` '' */
    DY_TOK_ALLCAPS = 1 << 4,   /* two or more letters, all upper case (AFP, NATO) */
    DY_TOK_CLITIC = 1 << 5,    /* split off a word: 'S ' N'T 'LL 'RE 'VE 'D 'M */
    DY_TOK_HYPHEN_END = 1 << 6 /* word ends in a hyphen ("anti-") */
};

/* Bytes that may be read from a token's norm on, whatever its length (the word cache
 * reads a short norm whole). */
#define DY_NORM_READABLE 16

struct dy_token {
    uint32_t start, len;  /* bytes in the original text */
    const char *norm;     /* dy_norm_word() form, NUL-terminated, in the arena, followed by
                             bytes enough that DY_NORM_READABLE can be read from it */
    uint32_t norm_len;
    uint32_t flags;       /* enum dy_tok_flag */
};

/* Tokens of [text+start, text+end) (one sentence), with offsets into text.
 * Words keep inner hyphens, apostrophes of names (O'Brien) and inner periods
 * (U.S., K.U.); clitics are split Treebank-style: "Gondor's" -> GONDOR 'S,
 * "didn't" -> DID N'T, "won't" -> WO N'T, "can't" -> CA N'T. Numbers keep their
 * decimal point and thousands commas. A final period of an abbreviation stays on it
 * ("U.S." at the end of a sentence keeps its period and no separate "." is made).
 * DYAD_LIMIT when more than max_tokens tokens (0 = no limit). */
dyad_status dy_tokenize(const char *text, uint32_t start, uint32_t end, struct dy_arena *a,
                        size_t max_tokens, struct dy_token **out, size_t *n);

/* ---- helpers shared by the files of src/text (not for other stages) ---------------- */

/* Character classes the splitter and tokenizer work with. */
enum dy_cclass {
    DY_CC_SPACE,  /* white space, controls, BOM, zero-width space */
    DY_CC_UPPER,  /* Lu, Lt */
    DY_CC_LOWER,  /* Ll */
    DY_CC_LETTER, /* other letters (Lm, Lo: CJK, Arabic, Hebrew...) and Nl, No */
    DY_CC_MARK,   /* combining marks (Mn, Mc, Me) */
    DY_CC_DIGIT,  /* Nd */
    DY_CC_JOINER, /* format characters inside words: soft hyphen, ZWJ, ZWNJ, word joiner */
    DY_CC_PUNCT   /* everything else: punctuation and symbols */
};

/* Class of an ASCII byte (< 0x80), as a constant expression (tokenize.c builds its
 * table with it). '_' joins words in TABARI/PETRARCH texts ("Dol_Amroth"): it reads as
 * a space. */
#define DY_CC_ASCII(c)                                                                     \
    ((c) >= 'a' && (c) <= 'z'                 ? DY_CC_LOWER                                \
     : (c) >= 'A' && (c) <= 'Z'               ? DY_CC_UPPER                                \
     : (c) >= '0' && (c) <= '9'               ? DY_CC_DIGIT                                \
     : (c) <= ' ' || (c) == 127 || (c) == '_' ? DY_CC_SPACE                                \
                                              : DY_CC_PUNCT)

/* Class of an ASCII byte (< 0x80), without a call. */
static inline enum dy_cclass dy_cc_ascii(unsigned char c)
{
    return DY_CC_ASCII(c);
}

enum dy_cclass dy_cc_of(int32_t cp);

/* The length of the well-formed UTF-8 sequence at s (n bytes available, s[0] >= 0x80):
 * shortest form, no surrogates, nothing above U+10FFFF, as dy_utf8_check and jansson
 * require; 0 if it is not one (and for n == 0 or an ASCII byte). */
size_t dy_utf8_seq(const char *s, size_t n);

/* Decodes the code point at s (len > 0 bytes available) into *cp and returns its length
 * in bytes. An invalid sequence gives U+FFFD and length 1, so callers always advance. */
size_t dy_utf8_decode(const char *s, size_t len, int32_t *cp);

/* What a word followed by a period is, for the splitter and the tokenizer. */
enum dy_abbrev {
    DY_ABBREV_NONE = 0, /* an ordinary word: the period is a full stop */
    DY_ABBREV_TITLE,    /* Mr, Gen, Sen, vs: always followed by more of the sentence */
    DY_ABBREV_GENERAL,  /* Jan, Inc, St, Calif, U.S, e.g: ends a sentence only before a
                           typical sentence opener (The, He, But...) */
    DY_ABBREV_INITIAL,  /* one upper-case letter (J. R. R. Tolkien): as GENERAL */
    DY_ABBREV_ETC       /* etc: ends a sentence before any capitalised word */
};

/* Classifies the word [w, w+len) (without its final period). Known abbreviations match
 * as listed or in all capitals; "letter.letter" acronyms (U.S, e.g) are GENERAL. */
enum dy_abbrev dy_abbrev_kind(const char *w, size_t len);

#endif
