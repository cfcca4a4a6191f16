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

from ..kernel.handlers import handles, resolve
from ..kernel.waits import Wait

if TYPE_CHECKING:  # pragma: no cover
    from ..kernel.loop import Kernel
    from ..kernel.process import Thread


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
                                        f"{receiver.name} receives the message from {msg.record['from']}")
                return "taken"
        box = self.boxes[to]
        if self.capacity is not None and len(box) >= self.capacity:
            return "full"
        msg.record["delivered"] = kernel.now
        box.append(msg)
        kernel.emit("deliver", who=to, sender=msg.record["from"],
                    reason=f"a message from {msg.record['from']} waits in {to}'s mailbox ({len(box)} queued)")
        return "queued"

    def take(self, receiver: "Thread", msg: Message) -> None:
        """``receiver`` takes ``msg``: wake a sync sender, remember a request."""
        kernel = self.kernel
        msg.record["received"] = kernel.now
        kernel.emit("recv", who=receiver.name, sender=msg.record["from"],
                    reason=f"{receiver.name} takes the message from {msg.record['from']}")
        if msg.client is not None:
            receiver.process.pending_requests.append(msg)
        if msg.sender is not None:
            sender, msg.sender = msg.sender, None
            kernel.complete_blocked(sender, None, f"{sender.name}'s message was received by {receiver.name}")

    def admit_waiting_sender(self, to: str) -> None:
        """There is room in ``to``'s mailbox: let the first blocked sender in."""
        waiting = self.full_senders[to]
        if not waiting:
            return
        sender, msg = waiting.popleft()
        outcome = self.deliver(msg)
        if msg.client is None and not msg.sync:
            self.kernel.complete_blocked(sender, None, f"{to}'s mailbox has room: {sender.name}'s message is in")
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
        kernel.block(th, Wait("reply", to), f"{th.name} waits for {to}'s reply")
        if outcome == "full":
            boxes.full_senders[to].append((th, msg))
        return False
    if outcome == "full":
        boxes.full_senders[to].append((th, msg))
        kernel.block(th, Wait("mailbox", to), f"{th.name} waits: {to}'s mailbox is full ({boxes.capacity})")
        return False
    if msg.sync and outcome == "queued":
        msg.sender = th
        kernel.block(th, Wait("receiver", to), f"{th.name} waits until {to} receives its message (sync send)")
        return False
    return True


@handles("send")
def _send(kernel: "Kernel", th: "Thread", op: dict) -> bool:
    boxes = _mailboxes(kernel)
    body = resolve(op.get("body"), th.process.values)
    record = boxes.new_message(th, op["to"], body)
    kernel.emit("send", who=th.name, to=op["to"], reason=f"{th.name} sends a message to {op['to']}")
    return _send_message(kernel, th, Message(record, boxes.sync_send, None))


@handles("request")
def _request(kernel: "Kernel", th: "Thread", op: dict) -> bool:
    boxes = _mailboxes(kernel)
    body = resolve(op.get("body"), th.process.values)
    record = boxes.new_message(th, op["to"], body, kind="request")
    kernel.emit("send", who=th.name, to=op["to"], reason=f"{th.name} sends a request to {op['to']}")
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
    source = f"from {wanted}" if wanted else "from anyone"
    kernel.block(th, Wait("recv", me), f"{th.name} waits for a message {source}: its mailbox is empty")
    return False


@handles("reply")
def _reply(kernel: "Kernel", th: "Thread", op: dict) -> bool:
    boxes = _mailboxes(kernel)
    pending = th.process.pending_requests
    target = op.get("to")
    index = next((i for i, m in enumerate(pending) if target is None or m.record["from"] == target), None)
    if index is None:
        whom = f" from {target}" if target else ""
        message = f"{th.name} has no request{whom} to reply to"
        kernel.record.error(kernel.now, th.name, "reply", message)
        kernel.emit("error", who=th.name, reason=message)
        return True
    request = pending.pop(index)
    client = request.client
    body = resolve(op.get("body"), th.process.values)
    record = boxes.new_message(th, client.process.name, body, kind="reply")
    record["delivered"] = record["received"] = kernel.now
    kernel.emit("send", who=th.name, to=client.name, reason=f"{th.name} replies to {client.name}")
    kernel.complete_blocked(client, body, f"{client.name} gets its reply from {th.process.name}")
    return True


@handles("subscribe")
def _subscribe(kernel: "Kernel", th: "Thread", op: dict) -> bool:
    subscribers = _mailboxes(kernel).topics.setdefault(op["topic"], [])
    if th.process.name not in subscribers:
        subscribers.append(th.process.name)
    kernel.emit("subscribe", who=th.name, topic=op["topic"],
                reason=f"{th.process.name} subscribes to {op['topic']}")
    return True


@handles("publish")
def _publish(kernel: "Kernel", th: "Thread", op: dict) -> bool:
    boxes = _mailboxes(kernel)
    body = resolve(op.get("body"), th.process.values)
    subscribers = boxes.topics.get(op["topic"], [])
    kernel.emit("publish", who=th.name, topic=op["topic"],
                reason=f"{th.name} publishes on {op['topic']} to {len(subscribers)} subscriber(s)")
    for to in list(subscribers):
        record = boxes.new_message(th, to, body, topic=op["topic"])
        if boxes.deliver(Message(record, False, None)) == "full":
            record["dropped"] = True
    return True
