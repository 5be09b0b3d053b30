"""Safety replies per category and language: the caring answer sent before anything else.

knowledge/safety.yaml decides whether a message belongs to a safety category; this file holds
what the bot then says, in every language it understands (DESIGN.md sections 6 and 7), with
help that exists where the user lives.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, ConfigDict, field_validator, model_validator

from knowledge.loading import bounded_text, load_model

SAFETY_REPLIES_PATH = Path(__file__).with_name("safety_replies.yaml")

CATEGORIES = ("crisis", "eating", "pregnancy", "minor", "medical")
GENTLE_CATEGORIES = ("crisis", "eating")  # where a missed person most needs a helpline
LANGUAGES = ("en", "es", "pt", "fr", "de", "ru")
DEFAULT_LANGUAGE = "en"
MAX_REPLY_CHARS = 900
MAX_TITLE_CHARS = 100
MAX_GENTLE_CHARS = 300


class SafetyReply(BaseModel):
    """One category's reply in one language: a short title and a Markdown answer."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    title: str
    answer: str

    @field_validator("title")
    @classmethod
    def _title(cls, value: str) -> str:
        value = value.strip()
        if not value or "\n" in value or len(value) > MAX_TITLE_CHARS:
            raise ValueError(f"title must be one line of 1..{MAX_TITLE_CHARS} characters")
        return value

    @field_validator("answer")
    @classmethod
    def _answer(cls, value: str) -> str:
        return bounded_text(value, "answer", MAX_REPLY_CHARS)


class SafetyReplies(BaseModel):
    """Every safety category, each in every supported language."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    crisis: dict[str, SafetyReply]
    eating: dict[str, SafetyReply]
    pregnancy: dict[str, SafetyReply]
    minor: dict[str, SafetyReply]
    medical: dict[str, SafetyReply]
    # One line under an ordinary answer when a risk is possible but not clear, per category
    # that has one (GENTLE_CATEGORIES) and language.
    gentle: dict[str, dict[str, str]]

    @field_validator("gentle")
    @classmethod
    def _gentle(cls, value: dict[str, dict[str, str]]) -> dict[str, dict[str, str]]:
        if set(value) != set(GENTLE_CATEGORIES):
            raise ValueError(f"gentle: one table for each of {', '.join(GENTLE_CATEGORIES)}")
        for category, lines in value.items():
            for language, line in lines.items():
                if not line.strip() or "\n" in line.strip() or len(line) > MAX_GENTLE_CHARS:
                    raise ValueError(
                        f"gentle {category} {language}: one line of 1..{MAX_GENTLE_CHARS} chars"
                    )
        return {c: {lang: line.strip() for lang, line in ls.items()} for c, ls in value.items()}

    @model_validator(mode="after")
    def _every_language(self) -> SafetyReplies:
        tables = {c: set(getattr(self, c)) for c in CATEGORIES}
        tables |= {f"gentle {c}": set(lines) for c, lines in self.gentle.items()}
        for category, languages in tables.items():
            missing = [lang for lang in LANGUAGES if lang not in languages]
            if missing:
                raise ValueError(f"{category}: missing language(s): {', '.join(missing)}")
            unknown = sorted(languages - set(LANGUAGES))
            if unknown:
                raise ValueError(f"{category}: unsupported language(s): {', '.join(unknown)}")
        return self

    def reply(self, category: str, language: str) -> SafetyReply:
        """The reply for a category in a language; English for a language without one.

        `language` may be a BCP 47 tag ("pt-BR", "de-AT"): only its primary subtag counts.
        An unknown category raises KeyError.
        """
        if category not in CATEGORIES:
            raise KeyError(category)
        replies: dict[str, SafetyReply] = getattr(self, category)
        return replies.get(_primary(language), replies[DEFAULT_LANGUAGE])

    def gentle_line(self, category: str, language: str) -> str:
        """A category's open-door line in a language (English for a language without one)."""
        lines = self.gentle[category]
        return lines.get(_primary(language), lines[DEFAULT_LANGUAGE])


def _primary(language: str) -> str:
    """A BCP 47 tag's primary subtag: "pt-BR" -> "pt"."""
    return language.replace("_", "-").split("-", 1)[0].lower()


def load_safety_replies(path: Path | None = None) -> SafetyReplies:
    """Load and validate the safety replies (default: knowledge/safety_replies.yaml)."""
    return load_model(path or SAFETY_REPLIES_PATH, SafetyReplies, "a mapping of safety categories")
