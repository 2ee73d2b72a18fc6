# The production PETRARCH dictionaries through their compiled image: the first run writes
# it into $DYAD_GEN_DIR, the next one maps it (the file is not rewritten) and replays the
# 21 rejected entries word for word; events are byte-identical either way; a changed
# source (dictionary file, ini, limits) rebuilds it, and --strict reads the sources.
. tests/cli/lib.inc
src=$SHARED/petrarch
if [ ! -f "$src/PETR_config.ini" ]; then
    echo "skip: $src/PETR_config.ini not found (the shared test data is absent)"
    done_tests
    exit
fi
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
mkdir "$t/gen"
export DYAD_GEN_DIR="$t/gen"
ini=$src/PETR_config.ini
in=$src/GigaWord.sample.PETR.xml
untimed() { # the summary line without its timings
    sed 's/ (dictionaries [0-9.]* s, total [0-9.]* s, peak memory [0-9]* MB)$//' "$1"
}
id() { # inode and modification time: a rewritten image (renamed into place) changes both
    stat -c '%i %Y.%y' "$1"
}

"$DYAD" code --petrarch-config "$ini" "$in" >"$t/out1" 2>"$t/err1"
set -- "$t"/gen/petrarch-PETR_config-*.img
img=$1
check "the first run writes the image into \$DYAD_GEN_DIR, named from the ini" [ -s "$img" ]
check "one image for one config" [ $# -eq 1 ]
check "the first run reports 21 rejected entries" \
    [ "$(grep -c '^dyad: .*\.txt:[0-9]*[:0-9]*: ' "$t/err1")" -eq 21 ]
check "and says so" grep -qx 'dyad: 21 dictionary entries rejected' "$t/err1"
before=$(id "$img")
sleep 1 # a rewrite would show in the modification time too
"$DYAD" code --petrarch-config "$ini" "$in" >"$t/out2" 2>"$t/err2"
check "the second run loads the image (not rewritten)" [ "$(id "$img")" = "$before" ]
check "events from the image are byte-identical" cmp -s "$t/out1" "$t/out2"
untimed "$t/err1" >"$t/e1"
untimed "$t/err2" >"$t/e2"
check "the same 21 rejected-entry lines and summary from the image" cmp -s "$t/e1" "$t/e2"
DYAD_GEN_DIR= "$DYAD" code --petrarch-config "$ini" "$in" >"$t/out3" 2>"$t/err3"
untimed "$t/err3" >"$t/e3"
check "events from the sources (no cache) are the same" cmp -s "$t/out1" "$t/out3"
check "messages from the sources (no cache) are the same" cmp -s "$t/e1" "$t/e3"

"$DYAD" code --strict --petrarch-config "$ini" "$in" >/dev/null 2>"$t/err"
rc=$?
check "--strict reads the sources: exit 3 at the first bad entry (got $rc)" [ "$rc" -eq 3 ]
check "--strict reports one problem" [ "$(grep -c '\.txt:[0-9]' "$t/err")" -eq 1 ]
check "--strict leaves the image alone" [ "$(id "$img")" = "$before" ]

# Limits decide what is rejected: other limits are other sources.
"$DYAD" code --max-entry-bytes 60 --petrarch-config "$ini" /dev/null 2>"$t/err"
check "other dictionary limits rebuild the image" [ "$(id "$img")" != "$before" ]
check "and their rejections are reported" grep -q 'more than the limit of 60' "$t/err"

# A copy of the config and its files: another path, another image; changes rebuild it.
mkdir "$t/copy"
cp "$src"/PETR_config.ini "$src"/CAMEO.2.0.txt "$src"/Phoenix.*.txt "$t/copy/"
chmod u+w "$t/copy"/*
"$DYAD" code --petrarch-config "$t/copy/PETR_config.ini" "$in" >"$t/out4" 2>"$t/err4"
check "another config gets its own image" [ "$(ls "$t"/gen/petrarch-PETR_config-*.img | wc -l)" -eq 2 ]
sed "s|$t/copy/|$src/|g" "$t/out4" >"$t/out4s" # events name their rule's file
check "the copy codes the same events" cmp -s "$t/out1" "$t/out4s"
for i in "$t"/gen/petrarch-PETR_config-*.img; do [ "$i" != "$img" ] && copy_img=$i; done
before=$(id "$copy_img")
printf '%s\n' "FREEDONIA_  [FDN]" >>"$t/copy/Phoenix.Countries.actors.txt"
echo "Freedonia condemned Russia." >"$t/f.txt"
"$DYAD" code --petrarch-config "$t/copy/PETR_config.ini" "$t/f.txt" >"$t/out5" 2>/dev/null
check "a changed dictionary file rebuilds the image" [ "$(id "$copy_img")" != "$before" ]
check "and its new entry is seen" grep -q '"source":{"code":"FDN"' "$t/out5"
before=$(id "$copy_img")
echo "# a comment" >>"$t/copy/PETR_config.ini"
"$DYAD" code --petrarch-config "$t/copy/PETR_config.ini" /dev/null 2>/dev/null
check "a changed ini rebuilds the image" [ "$(id "$copy_img")" != "$before" ]
# a damaged image is refused (content checksum) and rebuilt
before=$(id "$copy_img")
printf 'XXXXXXXX' | dd of="$copy_img" bs=1 seek=8192 conv=notrunc 2>/dev/null
"$DYAD" code --petrarch-config "$t/copy/PETR_config.ini" "$in" >"$t/out6" 2>"$t/err6"
check "a damaged image is rebuilt" [ "$(id "$copy_img")" != "$before" ]
sed "s|$t/copy/|$src/|g" "$t/out6" >"$t/out6s"
check "a damaged image is not used" cmp -s "$t/out4s" "$t/out6s"
check "the sources report the rejected entries again" \
    [ "$(grep -c '^dyad: .*\.txt:[0-9]*[:0-9]*: ' "$t/err6")" -eq 21 ]
done_tests
