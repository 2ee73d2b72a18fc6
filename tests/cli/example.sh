# The README's example: the bundled articles with the bundled dictionaries give exactly
# the events in tests/cli/example.expected (JSONL, byte for byte).
. tests/cli/lib.inc
got=$(mktemp)
"$DYAD" code --petrarch-config examples/dict/example.ini examples/articles.jsonl \
    >"$got" 2>/dev/null
check "exit status 0" [ $? -eq 0 ]
if diff -u tests/cli/example.expected "$got"; then ok; else bad "example events differ"; fi
rm -f "$got"
done_tests
