"""faq: answer a question from the knowledge base (plain text in a DM lands here too)."""

from __future__ import annotations

from bot import rich
from bot.commands.base import Command, Context, Registry
from bot.commands.declare import Args, Form, Param
from bot.errors import BadInput
from bot.faq.engine import Answer
from bot.faq.service import FaqService
from bot.rich import Paragraph, RichText
from bot.types import Button, Reply
from knowledge.sources import source_line

MORE_ACTION = "faq-more"

MAX_QUESTION_CHARS = 500


async def faq_command(context: Context, args: Args) -> list[Reply]:
    """Answer one question; safety answers come before anything else."""
    question = args.text("question") or ""
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
    body = answer_body(context.services.faq, answer)
    entry = context.services.faq.entry(answer.topic) if answer.kind == "answer" else None
    buttons = ((Button("More", f"{MORE_ACTION}:{entry.id}"),),) if entry and entry.more else ()
    return [
        Reply(
            text=body,
            title=answer.title,
            notice=answer.kind != "answer",
            buttons=buttons,
        )
    ]


def answer_body(faq: FaqService, answer: Answer) -> RichText:
    """An answer as users read it: a line when it is in English, the answer, its sources and
    related questions (the same on every platform and in `hipcoach ask`)."""
    parts: list[RichText | Paragraph] = [faq.formatted(answer)]  # the knowledge base is Markdown
    if answer.note:  # asked in another language: say the answer is in English
        parts.insert(0, rich.paragraph(rich.italic(answer.note)))
    if answer.sources:
        parts.append(rich.paragraph(rich.italic(source_line(answer.sources))))
    if answer.related:
        parts.append(rich.paragraph(rich.bold("Related:"), " " + " · ".join(answer.related)))
    return rich.doc(*parts)


async def more_action(context: Context, parts: list[str]) -> list[Reply]:
    """The rest of a long answer, sent when its "More" button is pressed."""
    entry = context.services.faq.entry(parts[0]) if parts else None
    if entry is None or not entry.more:
        raise BadInput("That button has expired. Ask the question again.")
    return [Reply(text=context.services.faq.markdown(entry.more), title=entry.title)]


QUESTION = Param(
    "question",
    "Your question, e.g. can I change my hip dips?",
    # Longer questions get a polite refusal (after the safety check), not a platform error.
    low=1,
    suggest="faq",
    rest=True,
)


def register(registry: Registry) -> None:
    """Add the faq command."""
    registry.add(
        Command(
            "faq",
            "ask anything about hip dips",
            faq_command,
            (Form(params=(QUESTION,)),),
            in_groups=True,
            aliases=("ask",),
        )
    )
    registry.add_action(MORE_ACTION, more_action)
