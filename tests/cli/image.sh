# The compiled dictionary image: written on the first run, used on the next, identical
# events either way, rejected when damaged or when a source changed (and rebuilt); an
# image of dictionaries with rejected entries reports them again, word for word; changed
# WordNet files rebuild it; a generated-files folder without countries.txt is reported.
. tests/cli/lib.inc
t=$(mktemp -d)
mkdir "$t/gen"
gen=${DYAD_GENDIR_FOR_TESTS:-build/gen}
if [ ! -f "$gen/countries.txt" ]; then
    echo "skip: $gen/countries.txt not built"
    done_tests
    exit
fi
cp "$gen/countries.txt" "$t/gen/"
cp -r data/dict "$t/dict"
export DYAD_GEN_DIR="$t/gen" DYAD_DICT_DIR="$t/dict"
in=tests/coding/current_events.jsonl
"$DYAD" code "$in" >"$t/first" 2>"$t/err1"
check "first run writes the image" [ -s "$t/gen/dyad-dict.img" ]
"$DYAD" code "$in" >"$t/second" 2>"$t/err2"
check "events from the image equal events from the sources" cmp -s "$t/first" "$t/second"
"$DYAD" code -j 1 --strict "$in" >"$t/strict" 2>/dev/null
check "sources (--strict skips the image) give the same events" cmp -s "$t/first" "$t/strict"
# damage it: the checksum rejects it and it is rebuilt
printf 'XXXXXXXX' | dd of="$t/gen/dyad-dict.img" bs=1 seek=4096 conv=notrunc 2>/dev/null
"$DYAD" code "$in" >"$t/third" 2>/dev/null
check "a damaged image is not used" cmp -s "$t/first" "$t/third"
# change a source: the image is rebuilt from it
echo 'actor test.newland NLD Newlandia' >>"$t/dict/actors/countries_extra.txt"
echo '{"id":"n","date":"2025-01-01","text":"Newlandia condemned Russia."}' >"$t/n.jsonl"
"$DYAD" code "$t/n.jsonl" >"$t/new" 2>/dev/null
check "a changed source is seen" grep -q '"source":{"code":"NLD"' "$t/new"
# a rejected entry: cached, and reported again from the image
echo 'actor test.bad' >>"$t/dict/actors/countries_extra.txt"
untimed() {
    sed 's/ (dictionaries [0-9.]* s, total [0-9.]* s, peak memory [0-9]* MB)$//' "$1"
}
"$DYAD" code "$t/n.jsonl" >/dev/null 2>"$t/bad1"
before=$(stat -c '%i %y' "$t/gen/dyad-dict.img")
"$DYAD" code "$t/n.jsonl" >/dev/null 2>"$t/bad2"
check "an image with a rejected entry is used" \
    [ "$(stat -c '%i %y' "$t/gen/dyad-dict.img")" = "$before" ]
check "the rejected entry is reported from the sources" \
    grep -q "countries_extra.txt:[0-9]*:[0-9]*: .*('actor test.bad')" "$t/bad1"
untimed "$t/bad1" >"$t/bad1u"
untimed "$t/bad2" >"$t/bad2u"
check "and again, the same, from the image" cmp -s "$t/bad1u" "$t/bad2u"
# WordNet's files are sources too: another verb.exc rebuilds the image
if [ -f /usr/share/wordnet/verb.exc ]; then
    mkdir "$t/wn"
    cp /usr/share/wordnet/verb.exc /usr/share/wordnet/noun.exc "$t/wn/"
    DYAD_WORDNET="$t/wn" "$DYAD" code "$t/n.jsonl" >/dev/null 2>&1
    before=$(stat -c '%i %y' "$t/gen/dyad-dict.img")
    DYAD_WORDNET="$t/wn" "$DYAD" code "$t/n.jsonl" >/dev/null 2>&1
    check "the same WordNet files keep the image" \
        [ "$(stat -c '%i %y' "$t/gen/dyad-dict.img")" = "$before" ]
    echo 'condemnated condemn' >>"$t/wn/verb.exc"
    DYAD_WORDNET="$t/wn" "$DYAD" code "$t/n.jsonl" >/dev/null 2>&1
    check "a changed verb.exc rebuilds the image" \
        [ "$(stat -c '%i %y' "$t/gen/dyad-dict.img")" != "$before" ]
    echo '{"id":"w","date":"2025-01-01","text":"Russia condemnated Newlandia."}' >"$t/w.jsonl"
    DYAD_WORDNET="$t/wn" "$DYAD" code "$t/w.jsonl" >"$t/wn.out" 2>/dev/null
    check "and its forms are coded" grep -q '"cameo":"' "$t/wn.out"
else
    echo "skip: /usr/share/wordnet/verb.exc not installed"
fi
# a generated-files folder without the countries: a warning, not a silent loss
mkdir "$t/nogen"
DYAD_GEN_DIR="$t/nogen" "$DYAD" code "$t/n.jsonl" >/dev/null 2>"$t/nogen.err"
check "a folder without countries.txt is reported" \
    grep -q "no generated dictionaries in '$t/nogen' (run make): countries are not coded" \
    "$t/nogen.err"
rm -rf "$t"
done_tests
