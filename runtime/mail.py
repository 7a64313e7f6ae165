"""``sendmail [...]``: messages are captured into the context's outbox, never sent.

Each message is a Deluge map ``{"from", "to", "cc", "bcc", "reply_to", "subject", "message",
"content_type", "attachments"}`` with the address keys as lists, appended to
``current().outbox`` where tests and ``deluge2py run`` read it.  A CRM function may send
1,000 emails a day (reference §4.2); the count is kept in the ledger (``quota``).
"""

from __future__ import annotations

import re
import sys

from . import quota
from .errors import DelugeRuntimeError
from .sourcemap import caller_line

_ADDRESS = re.compile(r"^[^@\s<>]+@[^@\s<>]+\.[^@\s<>]+$")
_NAMED = re.compile(r"^(.*?)<([^<>]+)>\s*$")


def sendmail(from_=None, to=None, subject=None, message=None, content_type=None,
             reply_to=None, cc=None, bcc=None, attachments=None, **_ignored):
    """Capture one email.  ``from`` and ``to`` are mandatory; every address must be valid."""
    from .context import current
    from .values import to_deluge

    if from_ is None or str(from_).strip() == "":
        raise DelugeRuntimeError("sendmail: 'from' is mandatory")
    recipients = addresses(to, "to")
    if not recipients:
        raise DelugeRuntimeError("sendmail: 'to' needs at least one address")
    mail = {
        "from": _one_address(from_, "from"),
        "to": recipients,
        "cc": addresses(cc, "cc"),
        "bcc": addresses(bcc, "bcc"),
        "reply_to": addresses(reply_to, "reply to"),
        "subject": "" if subject is None else str(subject),
        "message": "" if message is None else _text(message),
        "content_type": str(content_type).upper() if content_type is not None else "HTML",
        "attachments": _attachments(attachments),
    }
    ctx = current()
    quota.use(ctx, "sendmail", task="sendmail", line=caller_line(sys._getframe(1)))
    ctx.outbox.append(to_deluge(mail))


def addresses(value, key: str) -> list[str]:
    """The addresses of a ``to``/``cc``/``bcc`` value: text (comma-separated), a list, or several."""
    if value is None:
        return []
    items = value if isinstance(value, (list, tuple)) else [value]
    found = []
    for item in items:
        if item is None:
            continue
        if isinstance(item, (list, tuple)):
            found.extend(addresses(item, key))
            continue
        for part in str(item).split(","):
            if part.strip():
                found.append(_one_address(part, key))
    return found


def _one_address(value, key: str) -> str:
    text = str(value).strip()
    named = _NAMED.match(text)
    address = named.group(2).strip() if named else text
    if not _ADDRESS.match(address):
        raise DelugeRuntimeError(f"sendmail: '{text}' in '{key}' is not a valid email address")
    return text


def _text(value) -> str:
    from .render import render

    return value if isinstance(value, str) else render(value)


def _attachments(value) -> list:
    if value is None:
        return []
    items = value if isinstance(value, (list, tuple)) else [value]
    return [getattr(item, "name", None) or str(item) for item in items if item is not None]

