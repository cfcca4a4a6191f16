"""What a stuck thread waits for, as a keyed sentence (for the deadlock reason).

The result's ``deadlock.waits`` and each link's ``on`` keep the contract's
tokens (``"mutex:fork1"``, ``"io:6 ticks"``).  :func:`wait_text` says the same
wait as a sentence whose English template writes exactly that token, so the
English reason is unchanged, while the Chinese catalog translates it into
words ("互斥锁 fork1").  A wait of a kind not listed here travels as its bare
token (``tests/engine/test_deadlock_waits.py`` checks every kind the kernel
blocks on is listed).
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from ..i18n import Reason, define, gettext_noop

if TYPE_CHECKING:  # pragma: no cover
    from ..kernel.waits import Wait

# Wait.on -> (the template's one placeholder, the sentence).  Each English
# template spells the wait as Wait.text does.
_TEXTS = {
    "mutex": ("mutex", define("wait.mutex", gettext_noop("mutex:{mutex}"))),
    "sem": ("sem", define("wait.sem", gettext_noop("sem:{sem}"))),
    "join": ("thread", define("wait.join", gettext_noop("join:{thread}"))),
    "disk": ("request", define("wait.disk", gettext_noop("io:{request}"))),
    "device": ("ticks", define("wait.device", gettext_noop("io:{ticks} ticks"))),
    "recv": ("mailbox", define("wait.recv", gettext_noop("recv:{mailbox}"))),
    "reply": ("sender", define("wait.reply", gettext_noop("reply:{sender}"))),
    "receiver": ("receiver", define("wait.receiver", gettext_noop("receiver:{receiver}"))),
    "mailbox": ("mailbox", define("wait.mailbox", gettext_noop("mailbox:{mailbox}"))),
    "page": ("page", define("wait.page", gettext_noop("page:{page}"))),
    "resources": ("vector", define("wait.resources", gettext_noop("resources:{vector}"))),
    "llm": ("request", define("wait.llm", gettext_noop("llm:{request}"))),
}
#: the kinds of wait said in words
KINDS = frozenset(_TEXTS)


def wait_text(wait: "Wait") -> Reason | str:
    """``wait`` as a sentence whose English is its contract token (``"mutex:fork1"``)."""
    name, text = _TEXTS.get(wait.on, (None, None))
    if text is not None:
        said = text.say(**{name: wait.target})
        if said == wait.text:  # never let the English drift from the token
            return said
    return wait.text
