#!/bin/sh
# make bench: dyad's speed and memory on a generated corpus (never committed).
#
# The corpus: the sentences of ../shared/data/petrarch/GigaWord.sample.PETR.xml and
# ../shared/data/plover_gsr_dev.jsonl, replicated with unique ids, shuffled, as JSONL
# articles of 5-30 sentences (bench/gen_corpus.c), BENCH_SENTENCES of them (default
# 1,000,000). Each configuration runs BENCH_RUNS times (default 3); medians are printed.
# Configurations: dyad's default dictionaries and the production PETRARCH dictionaries,
# on 1 thread and on all cores (runs taken in turn); `wc -w` on the same file, as a ratio.
set -e
B=${B:-build}
SHARED=${SHARED:-../shared/data}
N=${BENCH_SENTENCES:-1000000}
RUNS=${BENCH_RUNS:-3}
DYAD=$B/dyad
corpus=$B/bench/corpus-$N.jsonl
mkdir -p "$B/bench"
if [ ! -f "$SHARED/petrarch/GigaWord.sample.PETR.xml" ]; then
    echo "bench: $SHARED not found: the corpus is built from its sentences; skipped"
    exit 0
fi
if [ ! -s "$corpus" ]; then
    "$B/bench/gen_corpus" "$N" 20261129 "$SHARED/petrarch/GigaWord.sample.PETR.xml" \
        "$SHARED/plover_gsr_dev.jsonl" >"$corpus"
fi
bytes=$(wc -c <"$corpus")
cores=$(nproc)

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

# One run of `dyad code ARGS corpus`; its time and peak memory go to the files of `tag`.
run_once() {
    tag=$1
    shift
    "$DYAD" code "$@" "$corpus" >/dev/null 2>"$B/bench/err"
    line=$(tail -n 1 "$B/bench/err")
    # "... N sentences, ... (dictionaries X s, total Y s, peak memory Z MB)"
    echo "$line" | sed -E 's/.*total ([0-9.]+) s.*/\1/' >>"$B/bench/times-$tag"
    echo "$line" | sed -E 's/.*peak memory ([0-9]+) MB.*/\1/' >>"$B/bench/rss-$tag"
    sentences=$(echo "$line" | sed -E 's/.* ([0-9]+) sentences.*/\1/')
    load=$(echo "$line" | sed -E 's/.*dictionaries ([0-9.]+) s.*/\1/')
}

# report tag label: sentences/s, MB/s, time, load, peak RSS (medians) and the wc -w ratio
report() {
    t=$(median <"$B/bench/times-$1")
    rss=$(median <"$B/bench/rss-$1")
    awk -v l="$2" -v t="$t" -v s="$sentences" -v b="$bytes" -v r="$rss" -v d="$load" \
        -v w="$wc_t" 'BEGIN { printf "%-34s %10.0f sent/s %7.1f MB/s  %6.2f s  load %.3f s  peak %4d MB  %5.1fx wc -w\n", l, s / t, b / t / 1e6, t, d, r, t / w }'
    rate=$(awk -v t="$t" -v s="$sentences" 'BEGIN { printf "%.0f", s / t }')
}

# pair "name" dyad-args...: one thread and all cores, RUNS times each, taken in turn, so
# that a busy spell on a shared machine falls on both alike; then their ratio.
pair() {
    name=$1
    shift
    for tag in one all; do
        : >"$B/bench/times-$tag"
        : >"$B/bench/rss-$tag"
    done
    i=0
    while [ $i -lt "$RUNS" ]; do
        run_once one -j 1 "$@"
        run_once all -j "$cores" "$@"
        i=$((i + 1))
    done
    report one "$name, 1 thread"
    one=$rate
    report all "$name, $cores threads"
    awk -v l="$name" -v a="$one" -v b="$rate" -v c="$cores" \
        'BEGIN { printf "%-34s %.2fx the one-thread rate on %d threads\n", l, b / a, c }'
}

: >"$B/bench/wc"
i=0
while [ $i -lt "$RUNS" ]; do
    s=$(date +%s.%N)
    wc -w "$corpus" >/dev/null
    e=$(date +%s.%N)
    echo "$s $e" | awk '{print $2 - $1}' >>"$B/bench/wc"
    i=$((i + 1))
done
wc_t=$(median <"$B/bench/wc")
echo "corpus: $corpus ($N sentences, $bytes bytes); $cores cores; median of $RUNS runs"
echo "wc -w: $wc_t s"
ini=$SHARED/petrarch/PETR_config.ini

# Dictionary load times alone, on an empty input: from the compiled images (the default)
# and from the sources; medians.
empty=$B/bench/empty.jsonl
: >"$empty"
load() {
    : >"$B/bench/load"
    i=0
    while [ $i -lt "$RUNS" ]; do
        # shellcheck disable=SC2086 # LOAD_ENV: NAME=VALUE words for env, or nothing
        env $LOAD_ENV "$DYAD" code -j 1 "$@" "$empty" 2>&1 >/dev/null | tail -n 1 |
            sed -E 's/.*dictionaries ([0-9.]+) s.*/\1/' >>"$B/bench/load"
        i=$((i + 1))
    done
    median <"$B/bench/load"
}
"$DYAD" code -j 1 "$empty" >/dev/null 2>&1 || true # writes the image if it is stale
"$DYAD" code -j 1 --petrarch-config "$ini" "$empty" >/dev/null 2>&1 || true
# (PETRARCH's files have rejected lines, which --strict stops at: with no generated-files
# folder, DYAD_GEN_DIR empty, there is no image to use)
LOAD_ENV=
d_img=$(load)
d_src=$(load --strict)
p_img=$(load --petrarch-config "$ini")
LOAD_ENV="DYAD_GEN_DIR="
p_src=$(load --petrarch-config "$ini")
LOAD_ENV=
echo "dictionary load: dyad image $d_img s, sources $d_src s;" \
    "PETRARCH image $p_img s, sources $p_src s"
pair "PETRARCH dictionaries" --petrarch-config "$ini"
if "$DYAD" code -j 1 - </dev/null >/dev/null 2>&1; then
    pair "dyad dictionaries"
fi

# ---- the event store (issue 4, docs/store.md): ingest articles/s and `dyad query` latency
# on a store of >= 1M events built from the example articles (bench/store_bench.sh).
DYAD="$DYAD" STORE_BENCH_DIR="$B/bench/store" sh bench/store_bench.sh
