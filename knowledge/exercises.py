"""The exercise catalogue: a validating loader for exercises.yaml and the catalogue as a whole."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterator
from pathlib import Path
from typing import Any, TypeVar, cast

import yaml
from pydantic import BaseModel, ConfigDict, PrivateAttr, ValidationError, model_validator

from knowledge.exercise_model import (
    EQUIPMENT_WORDS,
    GLUTES,
    LATERAL_GLUTES,
    LEVEL_ORDER,
    LOAD_RANKS,
    MUSCLES,
    POSITIONS,
    STRESSES,
    CatalogueError,
    Exercise,
)

__all__ = [
    "DEFAULT_PATH",
    "EQUIPMENT_WORDS",
    "GLUTES",
    "LATERAL_GLUTES",
    "LEVEL_ORDER",
    "LOAD_RANKS",
    "MUSCLES",
    "POSITIONS",
    "STRESSES",
    "Catalogue",
    "CatalogueError",
    "Exercise",
    "load_exercises",
]

DEFAULT_PATH = Path(__file__).with_name("exercises.yaml")
T = TypeVar("T")


class Catalogue(BaseModel):
    """All exercises, checked as a whole: unique ids and links that resolve without loops."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    exercises: tuple[Exercise, ...]
    _by_id: dict[str, Exercise] = PrivateAttr(default_factory=dict)
    _family: dict[str, str] = PrivateAttr(default_factory=dict)
    _memo: dict[Hashable, Any] = PrivateAttr(default_factory=dict)

    @model_validator(mode="after")
    def _links(self) -> Catalogue:
        by_id: dict[str, Exercise] = {}
        for exercise in self.exercises:
            if exercise.id in by_id:
                raise ValueError(f"exercise '{exercise.id}': id is used twice")
            by_id[exercise.id] = exercise
        for exercise in self.exercises:
            links = [("regression", exercise.regression)]
            links += [("progression", target) for target in exercise.progression]
            for link, target in links:
                if target is not None and target not in by_id:
                    raise ValueError(f"exercise '{exercise.id}': {link} '{target}' does not exist")
        for exercise in self.exercises:
            _walk_without_loop(exercise, by_id, "regression")
            _mirrored(exercise, by_id)
        self._by_id = by_id
        self._family = {
            ex.id: _walk_without_loop(ex, by_id, "regression")[-1] for ex in self.exercises
        }
        return self

    def memo(self, key: Hashable, build: Callable[[], T]) -> T:
        """A value derived from this catalogue, built once per key (callers must not mutate it)."""
        if key not in self._memo:
            self._memo[key] = build()
        return cast(T, self._memo[key])

    def get(self, exercise_id: str) -> Exercise:
        """The exercise with this id; KeyError when there is none."""
        return self._by_id[exercise_id]

    def family(self, exercise_id: str) -> str:
        """The id at the gentle end of the exercise's regression chain (its variant family)."""
        return self._family[exercise_id]

    @property
    def families(self) -> dict[str, str]:
        """Every exercise id mapped to its family id (a copy; cheap lookups for hot loops)."""
        return dict(self._family)

    @property
    def ids(self) -> tuple[str, ...]:
        """All exercise ids in file order."""
        return tuple(ex.id for ex in self.exercises)

    def __contains__(self, exercise_id: object) -> bool:
        return exercise_id in self._by_id

    def __iter__(self) -> Iterator[Exercise]:  # type: ignore[override]
        return iter(self.exercises)

    def __len__(self) -> int:
        return len(self.exercises)


def _mirrored(exercise: Exercise, by_id: dict[str, Exercise]) -> None:
    """Progressions and regressions must point at each other (so progressions cannot loop)."""
    for target in exercise.progression:
        if by_id[target].regression != exercise.id:
            raise ValueError(
                f"exercise '{exercise.id}': progression '{target}' must name it as its regression"
            )
    regression = exercise.regression
    if regression is not None and exercise.id not in by_id[regression].progression:
        raise ValueError(
            f"exercise '{exercise.id}': regression '{regression}' must list it as a progression"
        )


def _walk_without_loop(start: Exercise, by_id: dict[str, Exercise], link: str) -> list[str]:
    """Follow one link kind from start; the chain of ids visited, or ValueError on a loop."""
    chain = [start.id]
    current: str | None = getattr(start, link)
    while current is not None:
        if current in chain:
            raise ValueError(f"exercise '{start.id}': {link} chain loops back to '{current}'")
        chain.append(current)
        current = getattr(by_id[current], link)
    return chain


def load_exercises(path: Path | None = None) -> Catalogue:
    """Load and validate the exercise catalogue; CatalogueError names the faulty exercise."""
    source = path or DEFAULT_PATH
    try:
        # The C loader (when PyYAML was built with libyaml) parses several times faster.
        loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
        raw = yaml.load(source.read_text(encoding="utf-8"), Loader=loader)
    except (OSError, yaml.YAMLError) as exc:
        raise CatalogueError(f"cannot read exercise catalogue {source}: {exc}") from exc
    entries = raw.get("exercises") if isinstance(raw, dict) else None
    if not isinstance(entries, list) or not entries:
        raise CatalogueError(f"{source}: expected a top-level 'exercises:' list")
    exercises = [_parse_entry(entry, number) for number, entry in enumerate(entries, start=1)]
    try:
        return Catalogue(exercises=tuple(exercises))
    except ValidationError as exc:
        raise CatalogueError(f"{source}: {_first_message(exc)}") from exc


def _parse_entry(entry: Any, number: int) -> Exercise:
    label = f"entry {number}"
    if isinstance(entry, dict) and isinstance(entry.get("id"), str):
        label = f"exercise '{entry['id']}'"
    if not isinstance(entry, dict):
        raise CatalogueError(f"{label}: expected a mapping of fields")
    try:
        return Exercise.model_validate(entry)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(part) for part in error['loc']) or 'entry'}: {error['msg']}"
            for error in exc.errors()
        )
        raise CatalogueError(f"{label}: {problems}") from exc


def _first_message(exc: ValidationError) -> str:
    message = str(exc.errors()[0]["msg"])
    return message.removeprefix("Value error, ")
