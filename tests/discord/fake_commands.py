"""Discord's rules for a synced command set, as the fake enforces them: a name (and each of its
localisations) is 1 to 32 lowercase letters, digits, `-`, `_` or `'`, and sibling commands or
options never share a name in any locale. Discord refuses the whole set otherwise (400)."""

from __future__ import annotations

from typing import Any


def valid_name(name: object) -> bool:
    """Discord's rule for a command or option name, in every locale."""
    if not isinstance(name, str) or not 1 <= len(name) <= 32 or name != name.lower():
        return False
    return all(c.isalnum() or c in "-_'" for c in name)


def name_errors(siblings: list[dict[str, Any]], where: str = "") -> list[str]:
    """Every broken rule among the commands or options at one level of the tree, recursively."""
    errors: list[str] = []
    locales = {locale for entry in siblings for locale in entry.get("name_localizations") or {}}
    for locale in (None, *sorted(locales)):
        names = [_name(entry, locale) for entry in siblings]
        for entry, name in zip(siblings, names, strict=True):
            if not valid_name(name):
                errors.append(f"{where}/{entry['name']} in {locale or 'default'}: {name!r}")
        if len(set(names)) != len(names):
            errors.append(f"{where or '/'} in {locale or 'default'}: names repeat: {names}")
    for entry in siblings:
        errors += name_errors(entry.get("options") or [], f"{where}/{entry['name']}")
    return errors


def _name(entry: dict[str, Any], locale: str | None) -> str:
    """What a member of that locale sees: the localised name, else the default."""
    localised = (entry.get("name_localizations") or {}).get(locale or "")
    return str(localised or entry["name"])
