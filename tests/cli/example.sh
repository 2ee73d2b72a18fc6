# The README's example: the bundled articles with the bundled dictionaries give exactly
# the events in tests/cli/example.expected (JSONL, byte for byte).
. tests/cli/lib.inc
got=$(mktemp)
"$DYAD" code --petrarch-config examples/dict/example.ini examples/articles.jsonl \
    >"$got" 2>/dev/null
check "exit status 0" [ $? -eq 0 ]
if diff -u tests/cli/example.expected "$got"; then ok; else bad "example events differ"; fi
# -j takes its number attached too, as make's does
for j in "-j2" "-j 3" "--threads 1"; do
    # shellcheck disable=SC2086 # the option and its number are two words or one
    "$DYAD" code $j --petrarch-config examples/dict/example.ini examples/articles.jsonl \
        2>/dev/null | cmp -s - tests/cli/example.expected
    check "same events with $j" [ $? -eq 0 ]
done
"$DYAD" code -jx examples/articles.jsonl >/dev/null 2>&1
check "-jx is a usage error" [ $? -eq 2 ]
rm -f "$got"
done_tests
