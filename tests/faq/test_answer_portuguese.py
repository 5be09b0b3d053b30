"""A Brazilian Portuguese user reads the Portuguese pack; without a Spanish pack (a language
whose answers are not written yet), an English user's Spanish question gets the English answer
with a line saying so."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from bot.bootstrap import App
from bot.faq.service import FaqService, build_faq_service
from bot.types import Platform, UserRef
from knowledge.faq import load_faq
from knowledge.translations import TRANSLATIONS_DIR
from tests.faq.test_answer_language import ask, press

ENTRIES = {e.id: e for e in load_faq()}
PORTUGUESE = {
    path.stem: yaml.safe_load(path.read_text(encoding="utf-8"))
    for path in (TRANSLATIONS_DIR / "pt-BR" / "faq").glob("*.yaml")
}


def _portuguese_pack(root: Path) -> None:
    """A translations folder with the Portuguese pack only (no Spanish one)."""
    shutil.copytree(TRANSLATIONS_DIR / "pt-BR", root / "pt-BR")


@pytest.fixture(scope="module")
def faq_service(tmp_path_factory: pytest.TempPathFactory) -> FaqService:
    """This module's knowledge base (the `app` fixture's): the pt-BR pack only."""
    root = tmp_path_factory.mktemp("translations")
    _portuguese_pack(root)
    return build_faq_service(translations=root)


async def test_a_portuguese_user_gets_the_portuguese_text(app: App) -> None:
    beatriz = UserRef(Platform.TELEGRAM, "702", "Beatriz")
    answer = await ask(app, "what causes hip dips?", "pt-br", beatriz)
    assert answer.title == PORTUGUESE["causes"]["title"]
    assert "Fontes:" in answer.text and "Relacionadas:" in answer.text
    (more,) = answer.buttons[0]
    assert (more.label, more.action) == ("Mais", "faq-more:causes:pt-BR")
    rest = (await press(app, more.action, beatriz)).text
    assert rest.startswith(PORTUGUESE["causes"]["more"].strip()[:30])
    # Between Spanish and Portuguese her own language wins.
    assert (await ask(app, "¿qué causa los hip dips?", user=beatriz)).title == answer.title
    # Without a Spanish pack, an English user's Spanish question gets today's English answer.
    spanish = await ask(app, "¿qué causa los hip dips?")
    assert spanish.title == ENTRIES["causes"].title
    assert spanish.text.startswith("(Todavía no tengo esta respuesta en español")
