"""link, mydata and forget: one athlete across platforms, and the athlete's own data."""

from __future__ import annotations

from bot import rich
from bot.accounts.service import LinkStatus, platform_name
from bot.commands.base import Command, Context, Registry
from bot.commands.declare import Args, Form, Param
from bot.errors import BadInput
from bot.i18n import Translator
from bot.marks import N_
from bot.rich import Paragraph
from bot.types import Attachment, Button, Reply

MERGE_RULE = N_(
    "Linking keeps the account you started with first: where both sides have a profile or "
    "a check-in schedule, that one stays; all history from both sides is kept."
)
FORGET_WARNING = N_(
    "This deletes everything I store about you on every linked platform: accounts, profile, "
    "program, check-ins, logs and challenge memberships. It can't be undone. Delete it all?"
)
EXPORT_NAME = "hipcoach-mydata.json"


def describe_links(status: LinkStatus, tr: Translator) -> Paragraph:
    """Which accounts are linked and where check-ins go, as a few lines."""
    accounts: list[rich.Part] = []
    for account in status.accounts:
        accounts.append(("" if not accounts else ", ") + platform_name(account.platform))
        if account.display_name:
            accounts += [" (", rich.literal(account.display_name), ")"]
    linked = tr.gettext("Linked now: ")
    lines: list[rich.Part | tuple[rich.Part, ...]] = [
        (linked, *(accounts or [tr.gettext("nothing yet")]))
    ]
    if status.checkins == "off":
        lines.append(
            tr.gettext("Check-ins: off. Turn them on with /checkins on from where you want them.")
        )
    elif status.checkins == "":
        lines.append(tr.gettext("Check-ins go to: whichever linked account I can reach."))
    elif status.checkins is not None:
        lines.append(
            tr.gettext(
                "Check-ins go to: {platform}. To move them, send /checkins on from the other "
                "platform.",
                platform=platform_name(status.checkins),
            )
        )
    return rich.lines(*lines)


async def link_command(context: Context, args: Args) -> list[Reply]:
    """`link` shows a new code, `link <code>` joins accounts, `link remove <platform>` splits."""
    accounts = context.services.accounts
    athlete_id = await context.athlete_id()
    tr = await context.translator()
    code, remove = args.text("code"), args.text("remove")
    if code is not None and remove is not None:
        raise BadInput(N_("Give a code or a platform to remove, not both."))
    if code is None and remove is None:
        issued = await accounts.issue_code(athlete_id, context.incoming.user.platform)
        status = await accounts.status(athlete_id)
        text = rich.doc(
            tr.gettext(
                "Your link code: {code}\nOn your other platform, send /link {code} within 10 "
                "minutes. It works once.",
                code=issued.code,
            ),
            describe_links(status, tr),
            tr.gettext(MERGE_RULE),
        )
        return [Reply(text=text, title=tr.gettext("Link your accounts"), private=True)]
    if remove is not None:
        status = await accounts.unlink(athlete_id, remove)
        unlinked = tr.gettext("Unlinked {platform}.", platform=platform_name(remove.lower()))
        text = rich.doc(rich.lines(unlinked, describe_links(status, tr).spans))
        return [Reply(text=text, title=tr.gettext("Linked accounts"), private=True)]
    status = await accounts.redeem(athlete_id, context.incoming.user.platform, code or "")
    context.athlete_changed(status.athlete_id)  # the younger athlete no longer exists
    linked = tr.gettext("Linked: these accounts are now one athlete.")
    text = rich.doc(rich.lines(linked, describe_links(status, tr).spans), tr.gettext(MERGE_RULE))
    return [Reply(text=text, title=tr.gettext("Accounts linked"), private=True)]


async def mydata_command(context: Context, _args: Args) -> list[Reply]:
    """Send everything stored about the sender as one JSON file."""
    data = await context.services.privacy.export(await context.athlete_id())
    tr = await context.translator()
    attachment = Attachment(EXPORT_NAME, data, "application/json")
    return [
        Reply(
            text=tr.gettext("Here is everything I store about you, as a JSON file."),
            title=tr.gettext("Your data"),
            attachments=(attachment,),
            private=True,
        )
    ]


async def forget_command(context: Context, args: Args) -> list[Reply]:
    """Ask for confirmation; `forget confirm` deletes at once."""
    tr = await context.translator()
    if not args.flag("confirm"):
        buttons = (
            (
                Button(tr.gettext("Yes, delete everything"), "forget:confirm"),
                Button(tr.gettext("Cancel"), "forget:cancel"),
            ),
        )
        text, title = tr.gettext(FORGET_WARNING), tr.gettext("Delete your data")
        return [Reply(text=text, title=title, buttons=buttons, private=True)]
    return [await _forget(context, tr, edit=False)]


async def forget_action(context: Context, parts: list[str]) -> list[Reply]:
    """The confirm / cancel buttons under the forget question."""
    tr = await context.translator()
    if parts == ["cancel"]:
        cancelled = tr.gettext("Cancelled: nothing was deleted.")
        return [Reply(text=cancelled, private=True, edit=True)]
    if parts != ["confirm"]:
        raise BadInput(N_("That button has expired. Send /forget again."))
    return [await _forget(context, tr, edit=True)]


async def _forget(context: Context, tr: Translator, *, edit: bool) -> Reply:
    await context.services.privacy.forget(await context.athlete_id())
    done = tr.gettext(
        "Done: everything I stored about you is deleted, on every linked platform. "
        "If you write to me again, I'll start fresh."
    )
    return Reply(text=done, private=True, edit=edit)


LINK = Form(
    params=(
        Param("code", N_("A code from /link on your other account"), low=1, high=32),
        Param(
            "remove",
            N_("Unlink this platform"),
            "choice",
            choices=("telegram", "discord"),
            keyword_only=True,
            strict=False,
        ),
    )
)
# In text only: the button is how most confirm; Discord users press it too.
CONFIRM = Param("confirm", N_("Delete at once, without asking again"), "flag")


def register(registry: Registry) -> None:
    """Add link, mydata and forget (in groups too: the answers are private)."""
    summary = N_("join your Discord and Telegram accounts into one")
    registry.add(Command("link", summary, link_command, (LINK,), in_groups=True))
    mydata = Form(slow=True)
    summary = N_("get everything I store about you")
    registry.add(Command("mydata", summary, mydata_command, (mydata,), in_groups=True))
    summary = N_("delete everything I store about you")
    hint = N_("Send /forget, then confirm with the button or with /forget confirm.")
    forget = Form(params=(CONFIRM,), hint=hint)
    registry.add(Command("forget", summary, forget_command, (forget,), in_groups=True))
    registry.add_action("forget", forget_action)
