#!/usr/bin/env bash
# Translations: extract the English messages from bot/, merge them into every language's
# .po file (new ids come in untranslated, changed ones fuzzy), then check each compiles.
# The bot compiles the .po files in memory at start-up; no .mo file is kept.
set -euo pipefail
cd "$(dirname "$0")/.."
PYBABEL=.venv/bin/pybabel
LOCALES=bot/locales
TEMPLATE=$(mktemp --suffix=.pot)
trap 'rm -f "$TEMPLATE"' EXIT
"$PYBABEL" extract -F babel.cfg --no-location --sort-output --project=hipcoach \
    -k body -k spans -k NP_:1c,2 -c TRANSLATORS: -o "$TEMPLATE" .
for locale in es pt_BR; do
    po="$LOCALES/$locale/LC_MESSAGES/hipcoach.po"
    if [ -f "$po" ]; then
        "$PYBABEL" update -D hipcoach -i "$TEMPLATE" -d "$LOCALES" -l "$locale" --no-wrap \
            --ignore-obsolete
    else
        "$PYBABEL" init -D hipcoach -i "$TEMPLATE" -d "$LOCALES" -l "$locale" --no-wrap
    fi
    # The extraction time would make every run a change (and a merge conflict): drop it.
    sed -i '/^"POT-Creation-Date:/d' "$po"
    "$PYBABEL" compile -D hipcoach -d "$LOCALES" -l "$locale" --statistics \
        -o /dev/null -i "$po"
done
