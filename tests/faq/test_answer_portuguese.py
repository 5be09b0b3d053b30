"""A Brazilian Portuguese user reads the Portuguese pack; without a Spanish pack, an English
user's Spanish question keeps today's English answer."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from bot.bootstrap import App
from bot.faq.service import FaqService, build_faq_service
from bot.types import Platform, UserRef
from knowledge.faq import load_faq
from tests.faq.test_answer_language import ask, press

ENTRIES = {e.id: e for e in load_faq()}
MARK = "[pt-BR] "  # the stand-in pack's titles start with this


def _portuguese_pack(root: Path) -> None:
    """A stand-in pt-BR folder (marked titles, upper-case English text: the same shape), enough
    to see which pack is read; the real one comes from the Portuguese writer."""
    folder = root / "pt-BR" / "faq"
    folder.mkdir(parents=True)
    for entry in ENTRIES.values():
        data = {"id": entry.id, "title": MARK + entry.title, "answer": entry.answer.upper()}
        if entry.more:
            data["more"] = entry.more.upper()
        (folder / f"{entry.id}.yaml").write_text(yaml.safe_dump(data), encoding="utf-8")


@pytest.fixture(scope="module")
def faq_service(tmp_path_factory: pytest.TempPathFactory) -> FaqService:
    """This module's knowledge base (the `app` fixture's): the stand-in pt-BR pack only."""
    root = tmp_path_factory.mktemp("translations")
    _portuguese_pack(root)
    return build_faq_service(translations=root)


async def test_a_portuguese_user_gets_the_portuguese_text(app: App) -> None:
    beatriz = UserRef(Platform.TELEGRAM, "702", "Beatriz")
    answer = await ask(app, "what causes hip dips?", "pt-br", beatriz)
    assert answer.title == MARK + ENTRIES["causes"].title
    assert "Fontes:" in answer.text and "Relacionadas:" in answer.text
    (more,) = answer.buttons[0]
    assert (more.label, more.action) == ("Mais", "faq-more:causes:pt-BR")
    rest = (await press(app, more.action, beatriz)).text
    assert rest.startswith(ENTRIES["causes"].more.upper()[:40])
    # Between Spanish and Portuguese her own language wins.
    assert (await ask(app, "¿qué causa los hip dips?", user=beatriz)).title == answer.title
    # Without a Spanish pack, an English user's Spanish question gets today's English answer.
    spanish = await ask(app, "¿qué causa los hip dips?")
    assert spanish.title == ENTRIES["causes"].title
    assert spanish.text.startswith("(Todavía no tengo esta respuesta en español")
