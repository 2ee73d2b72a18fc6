#!/bin/sh
# The event store's benchmark: builds a store of at least 1 million deduplicated events
# (2 million mentions) from replicated input and reports ingest throughput (articles/s)
# and the latency of `dyad query` for a dyad.
#
#   sh bench/store_bench.sh            # from the top of the tree, after `make`
#   STORE_BENCH_ARTICLES=20000 sh bench/store_bench.sh    # a quicker, smaller run
#
# Input: each article is the six bundled example articles in one text plus a unique
# "Report N." sentence, so it yields 9 events with the example dictionaries. Two articles
# (from two outlets) share each day, days running on from 1800-01-01: dedup merges each
# pair into one event with num_mentions 2, num_sources 2, and 224,000 articles give
# 1,008,000 events from 2,016,000 mentions.
set -e
DYAD=${DYAD:-build/dyad}
N=${STORE_BENCH_ARTICLES:-224000}
DIR=${STORE_BENCH_DIR:-build/bench/store}
DICT="--petrarch-config examples/dict/example.ini"
mkdir -p "$DIR"
corpus=$DIR/articles-$N.jsonl
db=$DIR/bench.db

now() { date +%s.%N; }

if [ ! -s "$corpus" ]; then
    awk -v n="$N" '
    function civil(z,    era, doe, yoe, doy, mp, d, m, y) { # days since 1970 -> Y-M-D
        z += 719468
        era = int((z >= 0 ? z : z - 146096) / 146097)
        doe = z - era * 146097
        yoe = int((doe - int(doe / 1460) + int(doe / 36524) - int(doe / 146096)) / 365)
        y = yoe + era * 400
        doy = doe - (365 * yoe + int(yoe / 4) - int(yoe / 100))
        mp = int((5 * doy + 2) / 153)
        d = doy - int((153 * mp + 2) / 5) + 1
        m = mp < 10 ? mp + 3 : mp - 9
        return sprintf("%04d-%02d-%02d", y + (m <= 2), m, d)
    }
    {
        t = $0
        sub(/^.*"text": "/, "", t)
        sub(/"}$/, "", t)
        text = text (NR > 1 ? " " : "") t
    }
    END {
        day0 = -62091 # 1800-01-01
        for (i = 0; i < n; i++)
            printf "{\"id\": \"bench-%d\", \"date\": \"%s\", \"source\": \"Wire %s\", \"text\": \"%s Report %d.\"}\n",
                i, civil(day0 + int(i / 2)), i % 2 ? "B" : "A", text, i
    }' examples/articles.jsonl >"$corpus"
fi

echo "== event store: $N articles ($(du -h "$corpus" | cut -f1)), example dictionaries"
rm -f "$db" "$db-wal" "$db-shm"
t0=$(now)
"$DYAD" ingest --db "$db" $DICT "$corpus" 2>"$DIR/ingest.log"
t1=$(now)
tail -n 1 "$DIR/ingest.log"
"$DYAD" query --db "$db" --summary | head -n 1
awk -v t0="$t0" -v t1="$t1" -v n="$N" 'BEGIN {
    printf "ingest: %.1f s wall, %.0f articles/s including dedup\n", t1 - t0, n / (t1 - t0) }'
echo "store file: $(du -h "$db" | cut -f1)"

# Each query 5 times, from the start of the process to its last byte; the median.
median_ms() { # command...
    for k in 1 2 3 4 5; do
        a=$(now)
        "$@" >/dev/null
        b=$(now)
        echo "$a $b"
    done | awk '{ print ($2 - $1) * 1000 }' | sort -n | sed -n 3p
}
q() { "$DYAD" query --db "$db" "$@"; }
printf "%-58s %10s\n" "query" "median ms"
for args in "--dyad UKR:RUS --count" \
    "--dyad UKR:RUS --limit 100 --format jsonl" \
    "--dyad UKR:RUS --format jsonl" \
    "--dyad RUS:UKR --both --from 1900-01-01 --to 1900-12-31 --format csv" \
    "--actor ISR --cameo 0871 --limit 100 --format jsonl" \
    "--dyad UKRGOV:RUS --mentions --limit 100 --format jsonl"; do
    rows=$(q $args | wc -l)
    printf "%-58s %10.1f   (%s lines)\n" "dyad query $args" "$(median_ms q $args)" "$rows"
done
printf "%-58s %10.1f\n" "dyad series --dyad UKR:RUS --by month" \
    "$(median_ms "$DYAD" series --db "$db" --dyad UKR:RUS --by month --format csv)"
