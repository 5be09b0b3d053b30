"""faq: answer a question from the knowledge base (plain text in a DM lands here too)."""

from __future__ import annotations

from bot import rich
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
        body = context.services.faq.formatted(safety)
        return [Reply(text=body, title=safety.title, notice=True)]
    answer = context.services.faq.answer(question)
    body = context.services.faq.formatted(answer)  # the knowledge base is Markdown
    if answer.related:
        related = rich.paragraph(rich.bold("Related:"), " " + " · ".join(answer.related))
        body = rich.doc(body, related)
    return [Reply(text=body, title=answer.title, notice=answer.kind != "answer")]


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
