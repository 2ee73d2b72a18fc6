# Golden coding tests: each tests/coding/NAME.jsonl is coded with dyad's own default
# dictionaries and must give exactly the events in tests/coding/NAME.expected, one per
# line: doc, sentence, source, target, CAMEO code, PLOVER category. The expected files
# are written by hand: they say what a careful coder would code, not what dyad did.
. tests/cli/lib.inc
for input in tests/coding/*.jsonl; do
    name=${input%.jsonl}
    got=$(mktemp)
    "$DYAD" code "$input" 2>/dev/null |
        sed -E 's/^\{"schema":"[^"]*","doc":"([^"]*)","sentence":([0-9]+),.*"source":\{"code":"([^"]*)".*"target":\{"code":"([^"]*)".*"cameo":"([^"]*)","plover":"?([^",]*)"?,.*$/\1 \2 \3 \4 \5 \6/' \
        >"$got"
    if diff -u "$name.expected" "$got"; then ok; else bad "$name: events differ"; fi
    rm -f "$got"
done
done_tests
