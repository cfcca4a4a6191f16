"""Mailboxes: ``send``, ``recv``, ``request``, ``reply``, ``publish``, ``subscribe``.

Each process has one mailbox, shared by its threads.  A message is *sent*
when its sender runs the op, *delivered* when it enters the mailbox (or is
handed straight to a waiting receiver) and *received* when a ``recv`` takes
it.  With ``ipc.send: "sync"`` the sender stays blocked until its message is
received; with a ``capacity`` a sender to a full mailbox blocks until there
is room.  A publish never blocks: a copy for a full mailbox is dropped and
its record says so.
"""
from __future__ import annotations

from collections import deque
from typing import TYPE_CHECKING, Any

from ..i18n import define, gettext_noop
from ..kernel.handlers import handles, resolve
from ..kernel.waits import Wait

if TYPE_CHECKING:  # pragma: no cover
    from ..kernel.loop import Kernel
    from ..kernel.process import Thread


SENDS = define("ipc.send", gettext_noop("{who} sends a message to {to}"))
SENDS_REQUEST = define("ipc.request", gettext_noop("{who} sends a request to {to}"))
QUEUED = define("ipc.queued", gettext_noop("a message from {sender} waits in {who}'s mailbox ({n} queued)"))
TAKES = define("ipc.take", gettext_noop("{who} takes the message from {sender}"))
RECEIVES = define("ipc.receive", gettext_noop("{who} receives the message from {sender}"))
RECEIVED_BY = define("ipc.received_by", gettext_noop("{who}'s message was received by {receiver}"))
ROOM = define("ipc.room", gettext_noop("{to}'s mailbox has room: {who}'s message is in"))
WAITS_REPLY = define("ipc.wait.reply", gettext_noop("{who} waits for {to}'s reply"))
WAITS_FULL = define("ipc.wait.full", gettext_noop("{who} waits: {to}'s mailbox is full ({n})"))
WAITS_RECEIVER = define("ipc.wait.receiver",
                        gettext_noop("{who} waits until {to} receives its message (sync send)"))
WAITS_FROM = define("ipc.wait.from",
                    gettext_noop("{who} waits for a message from {sender}: its mailbox is empty"))
WAITS_ANYONE = define("ipc.wait.anyone",
                      gettext_noop("{who} waits for a message from anyone: its mailbox is empty"))
NO_REQUEST = define("ipc.reply.none", gettext_noop("{who} has no request to reply to"))
NO_REQUEST_FROM = define("ipc.reply.none_from", gettext_noop("{who} has no request from {sender} to reply to"))
REPLIES = define("ipc.reply", gettext_noop("{who} replies to {to}"))
GETS_REPLY = define("ipc.reply.got", gettext_noop("{who} gets its reply from {sender}"))
SUBSCRIBES = define("ipc.subscribe", gettext_noop("{who} subscribes to {topic}"))
PUBLISHES = define("ipc.publish", gettext_noop("{who} publishes on {topic} to {n} subscriber(s)"))

class Message:
    __slots__ = ("record", "sender", "sync", "client")

    def __init__(self, record: dict, sync: bool, client: "Thread | None"):
        self.record = record
        #: a sync sender once it is blocked, until this message is received
        self.sender: "Thread | None" = None
        self.sync = sync
        #: for a request: the client thread blocked until the reply
        self.client = client


class Mailboxes:
    def __init__(self, kernel: "Kernel") -> None:
        self.kernel = kernel
        ipc = kernel.scenario["ipc"]
        self.sync_send = ipc["send"] == "sync"
        self.capacity: int | None = ipc["capacity"]
        self.boxes: dict[str, deque[Message]] = {p.name: deque() for p in kernel.processes}
        self.receivers: dict[str, deque[tuple["Thread", str | None]]] = {p.name: deque() for p in kernel.processes}
        self.full_senders: dict[str, deque[tuple["Thread", Message]]] = {p.name: deque() for p in kernel.processes}
        self.topics: dict[str, list[str]] = {}
        self.records: list[dict] = []

    def new_message(self, th: "Thread", to: str, body: Any, **extra: Any) -> dict:
        record = {"from": th.process.name, "to": to, "sent": self.kernel.now,
                  "delivered": None, "received": None, "body": body}
        record.update(extra)
        self.records.append(record)
        return record

    def deliver(self, msg: Message) -> str:
        """Put ``msg`` in its mailbox: "taken" (a receiver was waiting), "queued" or "full"."""
        kernel = self.kernel
        to = msg.record["to"]
        waiting = self.receivers[to]
        for i, (receiver, wanted) in enumerate(waiting):
            if wanted is None or wanted == msg.record["from"]:
                del waiting[i]
                msg.record["delivered"] = kernel.now
                self.take(receiver, msg)
                kernel.complete_blocked(receiver, msg.record["body"],
                                        RECEIVES.say(who=receiver.name, sender=msg.record["from"]))
                return "taken"
        box = self.boxes[to]
        if self.capacity is not None and len(box) >= self.capacity:
            return "full"
        msg.record["delivered"] = kernel.now
        box.append(msg)
        kernel.emit("deliver", who=to, sender=msg.record["from"],
                    reason=QUEUED.say(sender=msg.record["from"], who=to, n=len(box)))
        return "queued"

    def take(self, receiver: "Thread", msg: Message) -> None:
        """``receiver`` takes ``msg``: wake a sync sender, remember a request."""
        kernel = self.kernel
        msg.record["received"] = kernel.now
        kernel.emit("recv", who=receiver.name, sender=msg.record["from"],
                    reason=TAKES.say(who=receiver.name, sender=msg.record["from"]))
        if msg.client is not None:
            receiver.process.pending_requests.append(msg)
        if msg.sender is not None:
            sender, msg.sender = msg.sender, None
            kernel.complete_blocked(sender, None, RECEIVED_BY.say(who=sender.name, receiver=receiver.name))

    def admit_waiting_sender(self, to: str) -> None:
        """There is room in ``to``'s mailbox: let the first blocked sender in."""
        waiting = self.full_senders[to]
        if not waiting:
            return
        sender, msg = waiting.popleft()
        outcome = self.deliver(msg)
        if msg.client is None and not msg.sync:
            self.kernel.complete_blocked(sender, None, ROOM.say(to=to, who=sender.name))
        elif msg.sync and outcome == "queued":
            # Still blocked, now until the message is received.
            msg.sender = sender
            sender.waiting_on = Wait("receiver", to)


def _mailboxes(kernel: "Kernel") -> Mailboxes:
    if kernel.ipc is None:
        kernel.ipc = Mailboxes(kernel)
    return kernel.ipc


def _send_message(kernel: "Kernel", th: "Thread", msg: Message) -> bool:
    boxes = _mailboxes(kernel)
    to = msg.record["to"]
    outcome = boxes.deliver(msg)
    if msg.client is not None:
        kernel.block(th, Wait("reply", to), WAITS_REPLY.say(who=th.name, to=to))
        if outcome == "full":
            boxes.full_senders[to].append((th, msg))
        return False
    if outcome == "full":
        boxes.full_senders[to].append((th, msg))
        kernel.block(th, Wait("mailbox", to), WAITS_FULL.say(who=th.name, to=to, n=boxes.capacity))
        return False
    if msg.sync and outcome == "queued":
        msg.sender = th
        kernel.block(th, Wait("receiver", to), WAITS_RECEIVER.say(who=th.name, to=to))
        return False
    return True


@handles("send")
def _send(kernel: "Kernel", th: "Thread", op: dict) -> bool:
    boxes = _mailboxes(kernel)
    body = resolve(op.get("body"), th.process.values)
    record = boxes.new_message(th, op["to"], body)
    kernel.emit("send", who=th.name, to=op["to"], reason=SENDS.say(who=th.name, to=op["to"]))
    return _send_message(kernel, th, Message(record, boxes.sync_send, None))


@handles("request")
def _request(kernel: "Kernel", th: "Thread", op: dict) -> bool:
    boxes = _mailboxes(kernel)
    body = resolve(op.get("body"), th.process.values)
    record = boxes.new_message(th, op["to"], body, kind="request")
    kernel.emit("send", who=th.name, to=op["to"], reason=SENDS_REQUEST.say(who=th.name, to=op["to"]))
    return _send_message(kernel, th, Message(record, False, th))


@handles("recv")
def _recv(kernel: "Kernel", th: "Thread", op: dict) -> bool:
    boxes = _mailboxes(kernel)
    me = th.process.name
    wanted = op.get("from")
    box = boxes.boxes[me]
    for i, msg in enumerate(box):
        if wanted is None or msg.record["from"] == wanted:
            del box[i]
            boxes.take(th, msg)
            if op.get("as"):
                th.process.values[op["as"]] = msg.record["body"]
            boxes.admit_waiting_sender(me)
            return True
    boxes.receivers[me].append((th, wanted))
    kernel.block(th, Wait("recv", me), WAITS_FROM.say(who=th.name, sender=wanted) if wanted
                 else WAITS_ANYONE.say(who=th.name))
    return False


@handles("reply")
def _reply(kernel: "Kernel", th: "Thread", op: dict) -> bool:
    boxes = _mailboxes(kernel)
    pending = th.process.pending_requests
    target = op.get("to")
    index = next((i for i, m in enumerate(pending) if target is None or m.record["from"] == target), None)
    if index is None:
        message = (NO_REQUEST_FROM.say(who=th.name, sender=target) if target
                   else NO_REQUEST.say(who=th.name))
        kernel.record.error(kernel.now, th.name, "reply", message)
        kernel.emit("error", who=th.name, reason=message)
        return True
    request = pending.pop(index)
    client = request.client
    body = resolve(op.get("body"), th.process.values)
    record = boxes.new_message(th, client.process.name, body, kind="reply")
    record["delivered"] = record["received"] = kernel.now
    kernel.emit("send", who=th.name, to=client.name, reason=REPLIES.say(who=th.name, to=client.name))
    kernel.complete_blocked(client, body, GETS_REPLY.say(who=client.name, sender=th.process.name))
    return True


@handles("subscribe")
def _subscribe(kernel: "Kernel", th: "Thread", op: dict) -> bool:
    subscribers = _mailboxes(kernel).topics.setdefault(op["topic"], [])
    if th.process.name not in subscribers:
        subscribers.append(th.process.name)
    kernel.emit("subscribe", who=th.name, topic=op["topic"],
                reason=SUBSCRIBES.say(who=th.process.name, topic=op["topic"]))
    return True


@handles("publish")
def _publish(kernel: "Kernel", th: "Thread", op: dict) -> bool:
    boxes = _mailboxes(kernel)
    body = resolve(op.get("body"), th.process.values)
    subscribers = boxes.topics.get(op["topic"], [])
    kernel.emit("publish", who=th.name, topic=op["topic"],
                reason=PUBLISHES.say(who=th.name, topic=op["topic"], n=len(subscribers)))
    for to in list(subscribers):
        record = boxes.new_message(th, to, body, topic=op["topic"])
        if boxes.deliver(Message(record, False, None)) == "full":
            record["dropped"] = True
    return True
