"""link, mydata and forget: one athlete across platforms, and the athlete's own data."""

from __future__ import annotations

from bot import rich
from bot.accounts.service import LinkStatus, platform_name
from bot.commands.base import Command, Context, Registry
from bot.commands.declare import Args, Form, Param
from bot.errors import BadInput
from bot.marks import N_
from bot.rich import Paragraph
from bot.types import Attachment, Button, Reply

MERGE_RULE = (
    "Linking keeps the account you started with first: where both sides have a profile or "
    "a check-in schedule, that one stays; all history from both sides is kept."
)
FORGET_WARNING = (
    "This deletes everything I store about you on every linked platform: accounts, profile, "
    "program, check-ins, logs and challenge memberships. It can't be undone. Delete it all?"
)
FORGET_BUTTONS = (
    (Button("Yes, delete everything", "forget:confirm"), Button("Cancel", "forget:cancel")),
)
EXPORT_NAME = "hipcoach-mydata.json"


def describe_links(status: LinkStatus) -> Paragraph:
    """Which accounts are linked and where check-ins go, as a few lines."""
    accounts: list[rich.Part] = []
    for account in status.accounts:
        accounts.append(("" if not accounts else ", ") + platform_name(account.platform))
        if account.display_name:
            accounts += [" (", rich.literal(account.display_name), ")"]
    lines: list[rich.Part | tuple[rich.Part, ...]] = [
        ("Linked now: ", *(accounts or ["nothing yet"]))
    ]
    if status.checkins == "off":
        lines.append("Check-ins: off. Turn them on with /checkins on from where you want them.")
    elif status.checkins == "":
        lines.append("Check-ins go to: whichever linked account I can reach.")
    elif status.checkins is not None:
        lines.append(
            f"Check-ins go to: {platform_name(status.checkins)}. To move them, send "
            "/checkins on from the other platform."
        )
    return rich.lines(*lines)


async def link_command(context: Context, args: Args) -> list[Reply]:
    """`link` shows a new code, `link <code>` joins accounts, `link remove <platform>` splits."""
    accounts = context.services.accounts
    athlete_id = await context.athlete_id()
    code, remove = args.text("code"), args.text("remove")
    if code is not None and remove is not None:
        raise BadInput("Give a code or a platform to remove, not both.")
    if code is None and remove is None:
        issued = await accounts.issue_code(athlete_id, context.incoming.user.platform)
        status = await accounts.status(athlete_id)
        text = rich.doc(
            f"Your link code: {issued.code}\n"
            f"On your other platform, send /link {issued.code} within 10 minutes. It works once.",
            describe_links(status),
            MERGE_RULE,
        )
        return [Reply(text=text, title="Link your accounts", private=True)]
    if remove is not None:
        status = await accounts.unlink(athlete_id, remove)
        unlinked = f"Unlinked {platform_name(remove.lower())}."
        text = rich.doc(rich.lines(unlinked, describe_links(status).spans))
        return [Reply(text=text, title="Linked accounts", private=True)]
    status = await accounts.redeem(athlete_id, context.incoming.user.platform, code or "")
    context.athlete_changed(status.athlete_id)  # the younger athlete no longer exists
    linked = "Linked: these accounts are now one athlete."
    text = rich.doc(rich.lines(linked, describe_links(status).spans), MERGE_RULE)
    return [Reply(text=text, title="Accounts linked", private=True)]


async def mydata_command(context: Context, _args: Args) -> list[Reply]:
    """Send everything stored about the sender as one JSON file."""
    data = await context.services.privacy.export(await context.athlete_id())
    attachment = Attachment(EXPORT_NAME, data, "application/json")
    return [
        Reply(
            text="Here is everything I store about you, as a JSON file.",
            title="Your data",
            attachments=(attachment,),
            private=True,
        )
    ]


async def forget_command(context: Context, args: Args) -> list[Reply]:
    """Ask for confirmation; `forget confirm` deletes at once."""
    if not args.flag("confirm"):
        return [
            Reply(
                text=FORGET_WARNING, title="Delete your data", buttons=FORGET_BUTTONS, private=True
            )
        ]
    return [await _forget(context, edit=False)]


async def forget_action(context: Context, parts: list[str]) -> list[Reply]:
    """The confirm / cancel buttons under the forget question."""
    if parts == ["cancel"]:
        return [Reply(text="Cancelled: nothing was deleted.", private=True, edit=True)]
    if parts != ["confirm"]:
        raise BadInput("That button has expired. Send /forget again.")
    return [await _forget(context, edit=True)]


async def _forget(context: Context, *, edit: bool) -> Reply:
    await context.services.privacy.forget(await context.athlete_id())
    return Reply(
        text="Done: everything I stored about you is deleted, on every linked platform. "
        "If you write to me again, I'll start fresh.",
        private=True,
        edit=edit,
    )


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
