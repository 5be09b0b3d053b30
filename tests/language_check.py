"""The language check of every reply (issue #19): English left in a Spanish or Portuguese reply.

tests/conftest.py watches every `Router.handle` of every test: the reader's language (the
sender's as the router read it or as `profile language` changed it, else the platform's
locale) decides what the reply must be in. It watches what the core sends on its own too:
each DM in its recipient's language, each standings or podium post in its group's.
Only the core's own wording is checked: names and the user's words (`Literal`), commands
(`Code`, `/start`, usage lines' `[<parameters>]`), URLs and numbers are left out, and a line
of fewer than MIN_WORDS words is too short to tell.
A line is English when the detector (lingua, the identifier the FAQ engine uses) ranks English
first and either the line has an English-only function word or the detector is all but
certain: loanwords such as "hip dips" or an exercise name alone do not make a line English.

HIPCOACH_LANGUAGE_CHECK=warn turns the failures into warnings (while catalogues are being
merged); the default fails the test.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from contextvars import ContextVar
from dataclasses import dataclass, field
from functools import cached_property

import pytest
from lingua import Language as Lingua
from lingua import LanguageDetector, LanguageDetectorBuilder

from bot import rich
from bot.athletes.rules import Account
from bot.athletes.service import AthleteService, SenderState
from bot.challenges.boards import ChallengePosts
from bot.challenges.rules import Challenge
from bot.checkins.delivery import Courier
from bot.commands.base import Context
from bot.i18n import Language, Translator
from bot.ports import UnitOfWork
from bot.router import Router
from bot.types import Incoming, Reply
from knowledge.sources import SOURCE_TITLES

MIN_WORDS = 4
CERTAIN = 0.95  # English this sure needs no function word to count as English
# Common English words that are not also Spanish or Portuguese words (not: he, has, do).
ENGLISH_ONLY = frozenset({
    "the", "and", "you", "your", "are", "is", "was", "were", "be", "been", "to", "of", "with",
    "for", "from", "this", "that", "these", "those", "it", "its", "they", "them", "their", "we",
    "our", "us", "she", "his", "her", "what", "which", "who", "when", "where", "why", "how",
    "will", "would", "can", "could", "should", "shall", "may", "might", "must", "have", "had",
    "does", "did", "not", "don't", "can't", "won't", "there", "here", "than", "then", "into",
    "onto", "about", "after", "before", "again", "only", "just", "also", "please", "yet",
    "still", "any", "some", "every", "each", "all", "none", "up", "down", "out", "off", "over",
    "under", "my", "i", "i'm", "you're", "it's", "let's", "most", "very", "much", "many", "day",
    "days", "week", "weeks", "set", "sets",
})  # fmt: skip
_SENTENCE = re.compile(r"(?<=[.!?:;])\s+|\n|·|—|\|")
_URL = re.compile(r"https?://\S+|www\.\S+")
_COMMAND = re.compile(r"(?<!\w)/[a-z][\w-]*", re.IGNORECASE)
_GRAMMAR = re.compile(r"\[[^\]]*\]|<[^>]*>")  # a usage line's [optional] <parameter> parts
_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?")
# The source articles are English; their titles are names, quoted as they are in every language.
_ARTICLE_TITLES = frozenset(SOURCE_TITLES.values())
_BREAK = "\n"  # where a name, a command or a user's words stood
# While the core answers one message: the sender's language as the router read it, then
# as `profile language` changed it.
_READ: ContextVar[list[Language] | None] = ContextVar("sender_languages", default=None)


@dataclass(frozen=True)
class Finding:
    """English wording found in a reply to a user who reads another language."""

    language: Language
    line: str
    confidence: float
    command: str


@dataclass
class EnglishDetector:
    """Finds English lines in replies; the detector's models load on first use."""

    findings: list[Finding] = field(default_factory=list)

    @cached_property
    def _detector(self) -> LanguageDetector:
        languages = (Lingua.ENGLISH, Lingua.SPANISH, Lingua.PORTUGUESE)
        return LanguageDetectorBuilder.from_languages(*languages).build()

    def check(self, replies: Iterable[Reply], language: Language, command: str) -> None:
        """Record each English line of the replies to a user who reads `language`."""
        if language is Language.EN:
            return
        for reply in replies:
            for line in (reply.title or "", *wording(reply.body)):
                confidence = self.english(line)
                if confidence is not None:
                    self.findings.append(Finding(language, line.strip(), confidence, command))

    def english(self, line: str) -> float | None:
        """The detector's confidence that the line is English, or None when it is not."""
        words = _WORD.findall(_GRAMMAR.sub(" ", _COMMAND.sub(" ", _URL.sub(" ", line))))
        if len(words) < MIN_WORDS:
            return None
        text = " ".join(words)
        ranked = self._detector.compute_language_confidence_values(text)
        if not ranked or ranked[0].language != Lingua.ENGLISH:
            return None
        marked = any(word.lower() in ENGLISH_ONLY for word in words)
        return ranked[0].value if marked or ranked[0].value >= CERTAIN else None


def wording(body: rich.RichText) -> Iterator[str]:
    """The core's own wording, one sentence or line at a time (user text left out)."""
    for block in body.flat_blocks():
        if isinstance(block, rich.Paragraph | rich.Heading):
            rows: tuple[tuple[rich.Inline, ...], ...] = (block.spans,)
        else:
            rows = block.items
        for spans in rows:
            text = _text(spans)
            for title in _ARTICLE_TITLES:
                text = text.replace(title, _BREAK)
            yield from (part for part in _SENTENCE.split(text) if part.strip())


def _text(spans: Iterable[rich.Inline]) -> str:
    parts: list[str] = []
    for span in spans:
        if isinstance(span, rich.Text):
            parts.append(span.text)
        elif isinstance(span, rich.Bold | rich.Italic | rich.Link):
            parts.append(_text(span.children))
        else:  # a Literal or Code: the user's words or a command, never the core's wording
            parts.append(_BREAK)
    return "".join(parts)


def watch_replies(monkeypatch: pytest.MonkeyPatch, detector: EnglishDetector) -> None:
    """Check every reply of `Router.handle` in its reader's language: the sender's as the
    router read it or as the command changed it, else the platform's locale."""
    handle, sender, set_language = Router.handle, Context.sender, AthleteService.set_language

    async def sender_read(context: Context) -> SenderState:
        state = await sender(context)
        _note(state.language)
        return state

    async def language_set(service: AthleteService, athlete_id: int, language: Language) -> None:
        await set_language(service, athlete_id, language)
        _note(language)

    async def checked(router: Router, incoming: Incoming) -> list[Reply]:
        read: list[Language] = []
        token = _READ.set(read)
        try:
            replies = await handle(router, incoming)
        finally:
            _READ.reset(token)
        language = read[-1] if read else Language.spoken(incoming.locale)
        if language is not None:
            detector.check(replies, language, incoming.text[:60] or str(incoming.action))
        return replies

    monkeypatch.setattr(Context, "sender", sender_read)
    monkeypatch.setattr(AthleteService, "set_language", language_set)
    monkeypatch.setattr(Router, "handle", checked)


def watch_sent(monkeypatch: pytest.MonkeyPatch, detector: EnglishDetector) -> None:
    """Check what the core sends on its own through the Sender ports: every DM (check-ins,
    weekly programs and summaries, reminders) in its recipient's language, every channel post
    (standings, podiums) in its group's language as stored."""
    send, posts_translator = Courier.send, ChallengePosts.translator
    post, post_now = ChallengePosts._post, ChallengePosts.post_now
    group_languages: dict[int, Language] = {}  # challenge id -> its group's language

    async def sent(courier: Courier, account: Account, reply: Reply) -> str | float:
        language = Language.parse(account.language)
        detector.check([reply], language, f"a DM to {account.platform} {account.external_id}")
        return await send(courier, account, reply)

    async def group_translator(
        posts: ChallengePosts, uow: UnitOfWork, challenge: Challenge
    ) -> Translator:
        translator = await posts_translator(posts, uow, challenge)
        group_languages[challenge.id] = translator.language
        return translator

    async def posted(posts: ChallengePosts, challenge: Challenge, reply: Reply) -> bool:
        language = group_languages.get(challenge.id, Language.EN)
        detector.check([reply], language, f"a post for the challenge {challenge.name!r}")
        return await post(posts, challenge, reply)

    async def posted_now(
        posts: ChallengePosts, challenge: Challenge, board: rich.RichText, tr: Translator
    ) -> None:
        detector.check([Reply(text=board)], tr.language, f"standings of {challenge.name!r}")
        await post_now(posts, challenge, board, tr)

    monkeypatch.setattr(Courier, "send", sent)
    monkeypatch.setattr(ChallengePosts, "translator", group_translator)
    monkeypatch.setattr(ChallengePosts, "_post", posted)
    monkeypatch.setattr(ChallengePosts, "post_now", posted_now)


def _note(language: Language) -> None:
    read = _READ.get()
    if read is not None:
        read.append(language)
