"""Volume from the control API: N users x M Direct messages in one call, repeatable by seed.

Each message is an ordinary ``send_text`` (the thread, its event, its webhook through the
dispatcher, as one sent from a page), so an app under volume meets exactly what it meets one
message at a time. Texts are Faker sentences drawn from ``seed``; ``scripts="mixed"`` mixes
Latin, Cyrillic, Arabic, CJK and emoji, as real Direct traffic does. The call yields to the
event loop every ``YIELD_EVERY`` messages, so deliveries start while it still runs and the
simulator keeps answering.
"""

from __future__ import annotations

import asyncio
import random
import string
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from faker import Faker

from simulator.inputs import check_client, check_unicode

if TYPE_CHECKING:
    from simulator.service import Simulator
    from simulator.state.models import IgUser

MAX_NEW_USERS = 10_000
MAX_PER_USER = 10_000
MAX_MESSAGES = 200_000  # per call; call again for more
YIELD_EVERY = 500
ORDERS = ("round_robin", "per_user")
SCRIPTS: dict[str, tuple[str, ...]] = {
    "latin": ("en_US",),
    "mixed": ("en_US", "pt_BR", "ru_RU", "ar_AA", "ja_JP", "zh_CN"),
}
EMOJI = ("\U0001f600", "\u2764\ufe0f", "\U0001f44d", "\U0001f525", "\U0001f64f", "\U0001f389")
TEMPLATE_FIELDS = ("n", "i", "username", "text")


@dataclass
class BulkPlan:
    """What to send: ``users`` new users plus the existing ``igsids``, ``messages`` each."""

    users: int = 0
    igsids: list[str] = field(default_factory=list)
    messages: int = 1
    seed: int = 0
    scripts: str = "latin"
    order: str = "round_robin"
    client: str = "web"
    template: str | None = None  # e.g. "order {n} from {username}: {text}"

    def check(self) -> None:
        """Raises ValueError saying what is wrong, before anything is sent."""
        if not 0 <= self.users <= MAX_NEW_USERS:
            raise ValueError(f"'users' must be 0 to {MAX_NEW_USERS}")
        if not 1 <= self.messages <= MAX_PER_USER:
            raise ValueError(f"'messages' must be 1 to {MAX_PER_USER}")
        senders = self.users + len(self.igsids)
        if senders == 0:
            raise ValueError("give 'users' (how many new users) or 'igsids' (existing ones)")
        if senders * self.messages > MAX_MESSAGES:
            raise ValueError(
                f"{senders} users x {self.messages} messages is over {MAX_MESSAGES} per call"
            )
        if self.scripts not in SCRIPTS:
            raise ValueError(f"'scripts' must be one of {sorted(SCRIPTS)}")
        if self.order not in ORDERS:
            raise ValueError(f"'order' must be one of {list(ORDERS)}")
        check_client(self.client)
        if self.template is not None:
            _check_template(self.template)


def _check_template(template: str) -> None:
    """Plain ``{field}`` placeholders only: no attribute access, index, conversion or format
    spec (``{n:>999999999}`` would build a gigabyte)."""
    check_unicode(template)
    if not template.strip():
        raise ValueError("'template' must not be empty")
    try:
        parts = list(string.Formatter().parse(template))
    except ValueError as exc:
        raise ValueError(f"'template' is not a format string: {exc}") from None
    allowed = ", ".join(f"{{{name}}}" for name in TEMPLATE_FIELDS)
    for _, name, spec, conversion in parts:
        if name is not None and (name not in TEMPLATE_FIELDS or spec or conversion):
            raise ValueError(f"'template' may use only {allowed}, as they are")


def texts(seed: int, scripts: str) -> Iterator[str]:
    """Endless Faker sentences, the same ones for the same seed."""
    pick = random.Random(f"bulk:{seed}")
    fakers = []
    for locale in SCRIPTS[scripts]:
        faker = Faker(locale)
        faker.seed_instance(f"bulk:{seed}:{locale}")
        fakers.append(faker)
    while True:
        faker = fakers[pick.randrange(len(fakers))]
        text = faker.sentence(nb_words=pick.randint(3, 12))
        if scripts == "mixed" and pick.random() < 0.25:
            text = f"{text} {pick.choice(EMOJI)}"
        yield text


def _senders(sim: Simulator, plan: BulkPlan) -> list[IgUser]:
    unknown = [igsid for igsid in plan.igsids if igsid not in sim.store.users]
    if unknown:
        raise KeyError(f"unknown igsids {unknown[:5]}")
    existing = [sim.user(igsid) for igsid in plan.igsids]
    return existing + [sim.create_user() for _ in range(plan.users)]


def _order(users: list[IgUser], messages: int, order: str) -> Iterator[tuple[IgUser, int]]:
    if order == "per_user":
        return ((user, n) for user in users for n in range(messages))
    return ((user, n) for n in range(messages) for user in users)


async def run_bulk(sim: Simulator, plan: BulkPlan) -> dict[str, Any]:
    """Sends the plan; answers the users (with how many each sent) and the events' seq range."""
    plan.check()
    users = _senders(sim, plan)
    first_seq = sim.events.last_seq + 1
    draw = texts(plan.seed, plan.scripts)
    for i, (user, n) in enumerate(_order(users, plan.messages, plan.order)):
        text = next(draw)
        if plan.template is not None:
            text = plan.template.format(n=n, i=i, username=user.username, text=text)
        sim.send_text(user, text, client=plan.client)
        if (i + 1) % YIELD_EVERY == 0:
            await asyncio.sleep(0)  # let the dispatcher and other requests run
    return {
        "users": [
            {
                "igsid": u.igsid,
                "username": u.username,
                "name": u.name,
                "thread_id": u.thread_id,
                "messages": plan.messages,
            }
            for u in users
        ],
        "messages": len(users) * plan.messages,
        "seed": plan.seed,
        "first_seq": first_seq,
        "last_seq": sim.events.last_seq,
    }
