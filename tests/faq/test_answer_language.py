"""Which language the FAQ answers in: the question's when it is Spanish or Portuguese, else
the user's; English answers stay exactly what they were."""

from __future__ import annotations

import yaml

from bot.bootstrap import App
from bot.faq.engine import FALLBACK_TEXT
from bot.faq.service import FaqService
from bot.i18n import Language
from bot.types import ChatRef, Incoming, Platform, Reply, UserRef
from knowledge.faq import load_faq
from knowledge.safety_replies import load_safety_replies
from knowledge.translations import TRANSLATIONS_DIR

ENTRIES = {e.id: e for e in load_faq()}
SPANISH = {
    path.stem: yaml.safe_load(path.read_text(encoding="utf-8"))
    for path in (TRANSLATIONS_DIR / "es" / "faq").glob("*.yaml")
}


def test_a_spanish_question_from_an_english_user_is_answered_in_spanish(
    faq_service: FaqService,
) -> None:
    answer = faq_service.answer("¿cómo se hacen bien las almejas?", Language.EN)
    assert (answer.kind, answer.topic, answer.language) == ("answer", "clamshells", "es")
    assert answer.title == SPANISH["clamshells"]["title"]
    assert answer.answer == SPANISH["clamshells"]["answer"].strip()
    assert answer.note == ""  # no "this answer is in English" line
    related = [SPANISH[r]["title"] for r in ENTRIES["clamshells"].related]
    assert list(answer.related) == related
    assert answer.sources == ENTRIES["clamshells"].sources


def test_an_english_question_follows_the_users_language(faq_service: FaqService) -> None:
    spanish = faq_service.answer("what causes hip dips?", Language.ES)
    assert (spanish.topic, spanish.language) == ("causes", "en")  # the understood language
    assert spanish.title == SPANISH["causes"]["title"]
    english = faq_service.answer("what causes hip dips?", Language.EN)
    assert english.title == ENTRIES["causes"].title
    assert english.answer == ENTRIES["causes"].answer
    assert english.related == tuple(ENTRIES[r].title for r in ENTRIES["causes"].related[:3])


def test_between_spanish_and_portuguese_the_users_language_wins(
    faq_service: FaqService,
) -> None:
    assert faq_service.answer("o que causa hip dips?").title == SPANISH["causes"]["title"]
    portuguese = faq_service.answer("o que causa hip dips?", Language.PT_BR)
    assert portuguese.topic == "causes" and portuguese.title != SPANISH["causes"]["title"]
    assert portuguese.title != ENTRIES["causes"].title
    spanish = faq_service.answer("o que causa os hip dips?", Language.ES)
    assert (spanish.language, spanish.title) == ("pt", SPANISH["causes"]["title"])


def test_a_short_safety_line_misread_between_spanish_and_portuguese_gets_the_users_help(
    faq_service: FaqService,
) -> None:
    replies = load_safety_replies()
    line = "todo mundo ficaria melhor sem mim"  # Portuguese, short enough to read as Spanish
    portuguese = faq_service.answer(line, Language.PT_BR)
    assert (portuguese.kind, portuguese.topic) == ("safety", "crisis")
    assert portuguese.answer == replies.reply("crisis", "pt-BR").answer
    spanish = faq_service.answer("ojalá no despertar mañana", Language.ES)
    assert spanish.answer == replies.reply("crisis", "es").answer


def test_french_keeps_the_english_answer_with_its_line_even_for_a_spanish_user(
    faq_service: FaqService,
) -> None:
    answer = faq_service.answer("les hip dips sont-ils génétiques ?", Language.ES)
    assert (answer.topic, answer.language) == ("genetics", "fr")
    assert answer.answer == ENTRIES["genetics"].answer and answer.note


def test_care_comes_in_the_users_language_when_the_message_is_english(
    faq_service: FaqService,
) -> None:
    replies = load_safety_replies()
    answer = faq_service.answer("I want to die", Language.ES)
    assert (answer.kind, answer.topic) == ("safety", "crisis")
    assert answer.answer == replies.reply("crisis", "es").answer
    long_message = "I want to die. " + "I can't stop thinking about my hips. " * 20
    care = faq_service.safety_answer(long_message, Language.ES)
    assert care is not None and care.answer == replies.reply("crisis", "es").answer
    portuguese = faq_service.answer("I want to die", Language.PT_BR)  # with or without a pt pack
    assert portuguese.answer == replies.reply("crisis", "pt").answer
    assert faq_service.answer("I want to die").answer == replies.reply("crisis", "en").answer


def test_the_fallback_and_redirects_are_in_the_users_language(faq_service: FaqService) -> None:
    fallback = faq_service.answer("what's the capital of Peru?", Language.ES)
    assert fallback.kind == "fallback" and fallback.answer.startswith("Lo siento")
    assert "¿qué son los hip dips?" in fallback.related[0].lower()
    redirect = faq_service.answer("how do I do tricep dips on a bench?", Language.ES)
    assert redirect.answer.startswith("Creo que hablas de otro tipo")
    assert "Puedes preguntarme sobre:" in redirect.answer
    assert faq_service.answer("what's the capital of Peru?").answer == FALLBACK_TEXT


USER = UserRef(Platform.TELEGRAM, "701", "Lucía")


async def ask(app: App, text: str, locale: str = "", user: UserRef = USER) -> Reply:
    chat = ChatRef(user.platform, user.external_id, "private")
    return (await app.router.handle(Incoming(user, chat, text=text, locale=locale)))[0]


async def press(app: App, action: str, user: UserRef = USER) -> Reply:
    chat = ChatRef(user.platform, user.external_id, "private")
    return (await app.router.handle(Incoming(user, chat, action=action)))[0]


async def test_a_spanish_user_reads_labels_sources_and_more_in_spanish(app: App) -> None:
    answer = await ask(app, "what about surgery or fat grafting for hip dips?", "es-ES")
    spanish = SPANISH["surgery-and-fat-grafting"]
    assert answer.title == spanish["title"]
    assert "Fuentes:" in answer.text and "Relacionadas:" in answer.text
    assert "Related" not in answer.text and "Source" not in answer.text
    (more,) = answer.buttons[0]
    assert (more.label, more.action) == ("Más", "faq-more:surgery-and-fat-grafting:es")
    rest = await press(app, more.action)
    assert rest.title == spanish["title"]
    assert "Antes de decidir" in rest.text and "Before deciding" not in rest.text


async def test_an_english_user_keeps_the_english_answer_and_button(app: App) -> None:
    answer = await ask(app, "what about surgery or fat grafting for hip dips?")
    assert answer.title == ENTRIES["surgery-and-fat-grafting"].title
    assert "Sources:" in answer.text and "Related:" in answer.text
    (more,) = answer.buttons[0]
    assert (more.label, more.action) == ("More", "faq-more:surgery-and-fat-grafting")
    assert (await press(app, more.action)).text.startswith("Before deciding")


async def test_a_long_message_in_distress_gets_care_in_the_users_language(app: App) -> None:
    long_message = "I want to die. " + "Nobody listens to me and I hate my hips. " * 30
    care = await ask(app, long_message, "es-ES")
    assert care.notice and care.title == load_safety_replies().reply("crisis", "es").title
    assert "España: 024" in care.text


async def test_refusals_are_in_the_users_language(app: App) -> None:
    refused = await ask(app, "/faq " + "¿por qué? " * 60, "es-ES")
    assert refused.notice and "menos de 500 caracteres" in refused.text
    expired = await press(app, "faq-more:no-such-entry:es")
    assert "Ese botón ya no funciona" in expired.text


async def test_a_spanish_user_gets_exercise_names_and_cues_in_spanish(app: App) -> None:
    for line in ("goal emphasize", "equipment dumbbells", "level intermediate", "days 3"):
        await ask(app, f"/profile {line}", "es-ES")
    program = (await ask(app, "/program")).text
    exercises = yaml.safe_load((TRANSLATIONS_DIR / "es" / "exercises.yaml").read_text("utf-8"))
    names = [t["name"] for t in exercises.values() if t["name"] in program]
    assert len(names) >= 3
    assert any(t["cues"][0] in program for t in exercises.values())
    assert "Lie on your side" not in program and "Stand tall" not in program
