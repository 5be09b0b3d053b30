"""A Brazilian Telegram user reads FAQ answers and program exercises in Portuguese."""

from __future__ import annotations

from pathlib import Path

import yaml

from tests.telegram.conftest import Harness, with_buttons
from tests.telegram.fake_bot_api import FakeUser

BEATRIZ = FakeUser(2101, "Beatriz", "Souza", language_code="pt-br")
ANA = FakeUser(2102, "Ana", "Lopez")
PORTUGUESE = Path(__file__).parents[2] / "knowledge" / "translations" / "pt-BR"


def title(entry_id: str) -> str:
    return str(
        yaml.safe_load((PORTUGUESE / "faq" / f"{entry_id}.yaml").read_text("utf-8"))["title"]
    )


async def test_a_brazilian_user_gets_the_answer_and_more_in_portuguese(telegram: Harness) -> None:
    calls = await telegram.say(BEATRIZ, "what about surgery or fat grafting for hip dips?")
    answer = with_buttons(calls)
    assert title("surgery-and-fat-grafting") in answer.text
    assert "Fontes:" in answer.text and "Relacionadas:" in answer.text
    assert "Related" not in answer.text
    assert answer.button_actions == ["faq-more:surgery-and-fat-grafting:pt-BR"]
    pressed = await telegram.press(BEATRIZ, answer, answer.button_actions[0])
    more = "\n".join(call.text for call in pressed)
    assert title("surgery-and-fat-grafting") in more and "Before deciding" not in more


async def test_a_portuguese_question_from_an_english_user_is_answered_in_portuguese(
    telegram: Harness,
) -> None:
    calls = await telegram.say(ANA, "o que causa os hip dips?")
    assert any(title("causes") in call.text for call in calls)
    # Read as Spanish by the engine, but a Brazilian user's short line is answered in Portuguese.
    calls = await telegram.say(BEATRIZ, "o que causa hip dips?")
    assert any(title("causes") in call.text for call in calls)


async def test_a_brazilian_program_names_and_cues_its_exercises_in_portuguese(
    telegram: Harness,
) -> None:
    for line in ("goal emphasize", "equipment dumbbells", "level intermediate", "days 3"):
        await telegram.say(BEATRIZ, f"/profile {line}")
    program = "\n".join(call.text for call in await telegram.say(BEATRIZ, "/program"))
    exercises = yaml.safe_load((PORTUGUESE / "exercises.yaml").read_text("utf-8"))
    assert sum(1 for t in exercises.values() if t["name"] in program) >= 3
    assert any(t["cues"][0] in program for t in exercises.values())
