"""faq: answer a question from the knowledge base (plain text in a DM lands here too)."""

from __future__ import annotations

from bot import rich
from bot.commands.base import Command, Context, Registry
from bot.commands.declare import Args, Form, Param
from bot.errors import BadInput
from bot.faq.answer import Answer
from bot.faq.service import FaqService
from bot.i18n import N_, Catalog, Language, Translator
from bot.rich import Paragraph, RichText
from bot.types import Button, Reply
from knowledge.sources import source_titles

MORE_ACTION = "faq-more"

MAX_QUESTION_CHARS = 500


async def faq_command(context: Context, args: Args) -> list[Reply]:
    """Answer one question; safety answers come before anything else."""
    question = args.text("question") or ""
    profile = (await context.sender()).language
    if not question.strip():
        raise BadInput((await context.translator()).gettext(ASK_SOMETHING))
    faq = context.services.faq
    if len(question) > MAX_QUESTION_CHARS:
        # Someone pouring out a long message may be in crisis: care comes before length rules.
        safety = faq.safety_answer(question, profile)
        if safety is not None:
            return [Reply(text=faq.formatted(safety), title=safety.title, notice=True)]
        tr = await context.translator()
        too_long = tr.gettext(TOO_LONG, limit=MAX_QUESTION_CHARS)
        line = faq.gentle_line(question)
        if not line:
            raise BadInput(too_long)
        return [Reply(rich.doc(too_long, rich.paragraph(rich.italic(line))), notice=True)]
    answer = faq.answer(question, profile)
    language = faq.reply_language(answer, profile)
    tr = context.services.catalog.translator(language)
    entry = faq.entry(answer.topic) if answer.kind == "answer" else None
    buttons: tuple[tuple[Button, ...], ...] = ()
    if entry and entry.more:
        # English keeps its old action; another language rides along for the "more" part.
        action = f"{MORE_ACTION}:{entry.id}" + ("" if language is Language.EN else f":{language}")
        buttons = ((Button(tr.gettext("More"), action),),)
    return [
        Reply(
            text=answer_body(faq, answer, tr),
            title=answer.title,
            notice=answer.kind != "answer",
            buttons=buttons,
        )
    ]


def answer_body(faq: FaqService, answer: Answer, tr: Translator | None = None) -> RichText:
    """An answer as users read it: a line when it is in English, the answer, its sources and
    related questions (the same on every platform and in `hipcoach ask`); labels in `tr`'s
    language, which is the answer's."""
    tr = tr or Catalog.english().translator(Language.EN)
    parts: list[RichText | Paragraph] = [faq.formatted(answer)]  # the knowledge base is Markdown
    if answer.note:  # asked in another language: say the answer is in English
        parts.insert(0, rich.paragraph(rich.italic(answer.note)))
    if answer.care:  # right under the answer: read before sources and related questions
        parts.append(rich.paragraph(rich.italic(answer.care)))
    titles = source_titles(answer.sources)
    if titles:
        line = tr.ngettext(
            "Source: {titles}", "Sources: {titles}", len(titles), titles="; ".join(titles)
        )
        parts.append(rich.paragraph(rich.italic(line)))
    if answer.related:
        related = " " + " · ".join(answer.related)
        parts.append(rich.paragraph(rich.bold(tr.gettext("Related:")), related))
    return rich.doc(*parts)


async def more_action(context: Context, parts: list[str]) -> list[Reply]:
    """The rest of a long answer, sent when its "More" button is pressed."""
    language = Language.parse(parts[1]) if len(parts) > 1 else Language.EN
    more = context.services.faq.more(parts[0], language) if parts else None
    if more is None:
        raise BadInput((await context.translator()).gettext(EXPIRED))
    title, text = more
    return [Reply(text=context.services.faq.markdown(text), title=title)]


ASK_SOMETHING = N_("Ask me something, e.g. /faq what are hip dips?")
TOO_LONG = N_("Please keep questions under {limit} characters.")
EXPIRED = N_("That button has expired. Ask the question again.")

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
            N_("ask anything about hip dips"),
            faq_command,
            (Form(params=(QUESTION,)),),
            in_groups=True,
            aliases=("ask",),
        )
    )
    registry.add_action(MORE_ACTION, more_action)
