/*
 * t.h - the unit-test harness: T_CHECK records a pass or a failure (with file:line and
 * the expression), T_DONE prints "N passed, N failed" and returns the exit status.
 */
#ifndef T_H
#define T_H

#include <stdio.h>
#include <string.h>

static int t_pass, t_fail;

#define T_CHECK(cond)                                                                      \
    do {                                                                                   \
        if (cond) {                                                                        \
            t_pass++;                                                                      \
        } else {                                                                           \
            t_fail++;                                                                      \
            fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond);       \
        }                                                                                  \
    } while (0)

#define T_STREQ(a, b)                                                                      \
    do {                                                                                   \
        const char *t_a_ = (a), *t_b_ = (b);                                               \
        if (t_a_ && t_b_ && strcmp(t_a_, t_b_) == 0) {                                     \
            t_pass++;                                                                      \
        } else {                                                                           \
            t_fail++;                                                                      \
            fprintf(stderr, "%s:%d: expected \"%s\", got \"%s\" (%s)\n", __FILE__,         \
                    __LINE__, t_b_ ? t_b_ : "(null)", t_a_ ? t_a_ : "(null)", #a);         \
        }                                                                                  \
    } while (0)

#define T_DONE()                                                                           \
    (printf("%d passed, %d failed\n", t_pass, t_fail), t_fail ? 1 : 0)

#endif
