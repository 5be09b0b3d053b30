"""faq: answer a question from the knowledge base (plain text in a DM lands here too)."""

from __future__ import annotations

from bot.commands.base import Command, Context, Registry
from bot.errors import BadInput
from bot.types import Reply

MAX_QUESTION_CHARS = 500


async def faq_command(context: Context, question: str) -> list[Reply]:
    """Answer one question; safety answers come before anything else."""
    if not question.strip():
        raise BadInput("Ask me something, e.g. /faq what are hip dips?")
    if len(question) > MAX_QUESTION_CHARS:
        # Someone pouring out a long message may be in crisis: care comes before length rules.
        safety = context.services.faq.safety_answer(question)
        if safety is None:
            raise BadInput(f"Please keep questions under {MAX_QUESTION_CHARS} characters.")
        return [Reply(text=safety.answer, title=safety.title, notice=True)]
    answer = context.services.faq.answer(question)
    text = f"{answer.note}\n\n{answer.answer}" if answer.note else answer.answer
    if answer.related:
        text += "\n\nRelated: " + " · ".join(answer.related)
    return [Reply(text=text, title=answer.title, notice=answer.kind != "answer")]


def register(registry: Registry) -> None:
    """Add the faq command."""
    registry.add(
        Command(
            "faq",
            "ask anything about hip dips",
            "faq <question>",
            faq_command,
            in_groups=True,
            aliases=("ask",),
        )
    )
