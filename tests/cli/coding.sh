# Golden coding tests: each tests/coding/NAME.jsonl is coded with dyad's own default
# dictionaries and must give exactly the events in tests/coding/NAME.expected, one per
# line: doc, sentence, source, target, CAMEO code, PLOVER category. The expected files
# are written by hand: they say what a careful coder would code, not what dyad did. Then
# the word classes --explain shows for one character in two roles.
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
# A token's class comes from what it is, not its spelling alone (the coder keeps the
# words it last looked up): "'" after "countries" is a possessive, around "yes" a quote.
t=$(mktemp)
printf '%s\n' '{"id":"q","text":"The countries'"'"' leaders met. He said '"'"'yes'"'"' to them."}' >"$t"
"$DYAD" code --explain "$t" 2>&1 >/dev/null | grep '^sentence' >"$t.explain"
check "a plural possessive is read as one" grep -q "COUNTRIES/w '/poss LEADERS" "$t.explain"
check "and the same character around a word as a quote" \
    grep -q "SAID/says '/punct YES/w '/punct" "$t.explain"
rm -f "$t" "$t.explain"
done_tests
