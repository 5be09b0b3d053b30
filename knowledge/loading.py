"""Reading knowledge files: YAML parsing and pydantic validation whose errors name the file."""

from __future__ import annotations

from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

_Model = TypeVar("_Model", bound=BaseModel)


class KnowledgeError(ValueError):
    """A knowledge file is unreadable or breaks a rule; the message names the file."""


# The C loader (libyaml) parses the sixty entry files several times faster when present.
_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def read_yaml(path: Path) -> Any:
    """Parse one YAML knowledge file; errors name the file."""
    try:
        return yaml.load(path.read_text(encoding="utf-8"), Loader=_LOADER)
    except (OSError, yaml.YAMLError) as exc:
        raise KnowledgeError(f"{path}: cannot read YAML: {exc}") from exc


def describe(exc: ValidationError) -> str:
    """A validation error as one line: field path and message per problem."""
    return "; ".join(
        f"{'.'.join(str(p) for p in err['loc']) or 'entry'}: {err['msg']}" for err in exc.errors()
    )


def load_model(file: Path, model: type[_Model], expected: str) -> _Model:
    """Read one YAML mapping and validate it as `model`; errors name the file."""
    data = read_yaml(file)
    if not isinstance(data, dict):
        raise KnowledgeError(f"{file}: expected {expected}")
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise KnowledgeError(f"{file}: {describe(exc)}") from exc


def bounded_text(value: str, label: str, limit: int) -> str:
    """A stripped, non-empty text of at most `limit` characters, or a ValueError naming it."""
    value = value.strip()
    if not value:
        raise ValueError(f"{label} must not be empty")
    if len(value) > limit:
        raise ValueError(f"{label} is {len(value)} characters; the limit is {limit}")
    return value
