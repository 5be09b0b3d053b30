"""The learned entry classifier's concepts: words of one meaning in the six languages."""

from __future__ import annotations

from pathlib import Path

from knowledge.loading import KnowledgeError, read_yaml
from knowledge.matching import LANGUAGES

CONCEPTS_PATH = Path(__file__).with_name("intent_concepts.yaml")


def load_concepts(path: Path | None = None) -> dict[str, dict[str, tuple[str, ...]]]:
    """Concept name -> language -> its words, from knowledge/intent_concepts.yaml."""
    file = path or CONCEPTS_PATH
    data = read_yaml(file)
    if not isinstance(data, dict):
        raise KnowledgeError(f"{file}: expected a mapping of concept to languages")
    concepts: dict[str, dict[str, tuple[str, ...]]] = {}
    for name, by_language in data.items():
        if not isinstance(by_language, dict) or not set(by_language) <= set(LANGUAGES):
            raise KnowledgeError(f"{file}: {name}: expected words under {', '.join(LANGUAGES)}")
        if not all(isinstance(w, str) and w.split() for w in by_language.values()):
            raise KnowledgeError(f"{file}: {name}: each language needs a line of words")
        concepts[str(name)] = {lang: tuple(w.split()) for lang, w in by_language.items()}
    return concepts
