"""A Spanish-speaking Discord member asks the FAQ and reads the whole answer in Spanish."""

from __future__ import annotations

from handlers.discord.runner import DiscordRunner
from tests.discord.fake_discord import FakeDiscord, Person

LUCIA = Person(3101, "lucia", locale="es-ES")
SAM = Person(3102, "sam", locale="en-US")


async def test_a_spanish_member_gets_the_answer_and_its_more_part_in_spanish(
    runner: DiscordRunner, fake: FakeDiscord
) -> None:
    question = "what about surgery or fat grafting for hip dips?"
    sent = await (await fake.slash(LUCIA, "faq", question=question)).wait(1)
    text = sent[0].text
    assert "¿Y la cirugía o el injerto de grasa para los hip dips?" in text
    assert "Fuentes:" in text and "Relacionadas:" in text and "Related" not in text
    assert sent[0].custom_ids == ["faq-more:surgery-and-fat-grafting:es"]
    more = await (await fake.press(LUCIA, sent[0], sent[0].custom_ids[0])).wait(1)
    assert "Antes de decidir" in more[0].text


async def test_a_spanish_question_from_an_english_member_is_answered_in_spanish(
    runner: DiscordRunner, fake: FakeDiscord
) -> None:
    sent = await (await fake.slash(SAM, "faq", question="¿qué causa los hip dips?")).wait(1)
    assert "¿Qué causa los hip dips?" in sent[0].text
    english = await (await fake.slash(SAM, "faq", question="what causes hip dips?")).wait(1)
    assert "What causes hip dips?" in english[0].text and "Related:" in english[0].text
