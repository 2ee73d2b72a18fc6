# kill -9 in the middle of an ingest, then the same ingest again: the store passes
# PRAGMA integrity_check (dyad query --check) and holds exactly the articles, mentions and
# events of an uninterrupted ingest of the same corpus into another store.
. tests/cli/lib.inc
t=$(mktemp -d)
pid=
trap 'if [ -n "$pid" ]; then kill -9 "$pid" 2>/dev/null; fi; rm -rf "$t"' EXIT
DICT="--petrarch-config examples/dict/example.ini"
REPS=${STORE_KILL_REPS:-6000}

# The bundled articles replicated with unique ids and texts: 6 x REPS articles, enough
# that an ingest takes a few seconds.
awk -v reps="$REPS" '{ line[NR] = $0 }
END {
    for (r = 1; r <= reps; r++)
        for (i = 1; i <= NR; i++) {
            s = line[i]
            sub(/"id": "/, "\"id\": \"r" r "-", s)
            sub(/"}$/, " Report " r ".\"}", s)
            print s
        }
}' examples/articles.jsonl >"$t/corpus.jsonl"
total=$(wc -l <"$t/corpus.jsonl")

"$DYAD" ingest --db "$t/whole.db" "$t/corpus.jsonl" $DICT 2>"$t/err"
check "uninterrupted ingest exits 0" [ $? -eq 0 ]

# Start the same ingest, wait for its first committed batches, kill it.
"$DYAD" ingest --db "$t/killed.db" --batch 200 "$t/corpus.jsonl" $DICT 2>/dev/null &
pid=$!
n=0
tries=0
while [ "$tries" -lt 1200 ]; do
    n=$("$DYAD" query --db "$t/killed.db" --summary 2>/dev/null | sed -n 's/^[^:]*: \([0-9]*\) articles.*/\1/p')
    [ -n "$n" ] && [ "$n" -ge 5000 ] && break
    sleep 0.05
    tries=$((tries + 1))
done
kill -9 "$pid"
wait "$pid" 2>/dev/null
pid=
n=$("$DYAD" query --db "$t/killed.db" --summary 2>/dev/null | sed -n 's/^[^:]*: \([0-9]*\) articles.*/\1/p')
check "killed mid-run (5000 <= $n < $total articles stored)" \
    [ -n "$n" ] && [ "$n" -ge 5000 ] && [ "$n" -lt "$total" ]
check "integrity_check passes after kill -9" [ "$("$DYAD" query --db "$t/killed.db" --check)" = "$t/killed.db: ok" ]

"$DYAD" ingest --db "$t/killed.db" "$t/corpus.jsonl" $DICT 2>"$t/err"
check "ingest again exits 0" [ $? -eq 0 ]
check "ingest again skips what was stored" grep -q "$total articles read, $((total - n)) stored, $n duplicates ($n id, 0 url, 0 text)" "$t/err"
check "integrity_check passes" [ "$("$DYAD" query --db "$t/killed.db" --check)" = "$t/killed.db: ok" ]

# The same articles, mentions and events (ids included; only the ingest times differ).
for db in whole killed; do
    "$DYAD" query --db "$t/$db.db" --summary | sed 1s/^[^:]*:// >"$t/$db.summary"
    "$DYAD" export --db "$t/$db.db" --mentions --format csv >"$t/$db.mentions"
    "$DYAD" export --db "$t/$db.db" --format jsonl | sed 's/,"added":"[^"]*"//' >"$t/$db.events"
done
check "same summary (articles, sentences, mentions, events)" cmp -s "$t/whole.summary" "$t/killed.summary"
check "same mentions" cmp -s "$t/whole.mentions" "$t/killed.mentions"
check "same events" cmp -s "$t/whole.events" "$t/killed.events"
check "all articles stored" grep -q "^ $total articles" "$t/killed.summary"
check "events deduplicated" [ "$(wc -l <"$t/whole.events")" -lt "$(($(wc -l <"$t/whole.mentions") - 1))" ]
done_tests
