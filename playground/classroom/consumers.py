"""The session websocket, ``/ws/sessions/<code>/``.

On connect: look up who this is (the instructor leads; a participant who
joined through ``/join/<code>/`` is a student; anyone else is refused with
close code 4404 whatever the code (unknown, ended, locked: see
``live.open_connection``), 4429 after too many such misses; a seat or
the lead of an ended session gets 4410), join the
group ``session.<code>`` (and ``session.<code>.lead`` for the instructor)
*before* reading the state, then send ``session.welcome`` with the current
state, so that a late joiner lands on the current step and misses nothing.

A student's socket is the only way its page gets the run: it is sent the
steps up to the instructor's step (on ``session.state`` as ``steps``, or in
``session.steps`` when catching up) and the result only once the
instructor is on the last step (``session.result``), so a
student's page never holds what it may not show yet.  The instructor's
state change carries the new steps once for the whole group; each student
socket forwards the part it lacks (or reads it, after a gap).

Every client message is checked (``protocol.parse``), then checked against
the sender's role: only the instructor drives, asks and reveals, only
students answer.  A refused message gets ``{"type": "error", "error"}``
and changes nothing.  Frames for the group are encoded once by the sender
and forwarded as text, so fan-out to a full lecture hall costs one send
per socket.
"""
from __future__ import annotations

import contextlib
import time
from typing import Any

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncWebsocketConsumer
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import trans_real

from playground.classroom import live, protocol
from playground.classroom.live import LEAD, Connection, Refused
from playground.classroom.models import normalize_session_code
from playground.studio import ratelimit

# Per-socket flood guard: a burst of BUCKET messages, refilled at RATE per
# second (the instructor's player sends a seek per step at up to 24 steps/s).
BUCKET = 60.0
RATE = 40.0


def scope_language(scope: dict[str, Any]) -> str:
    """The language the page that opened this socket speaks: the language
    cookie (the header's menu sets it), else Accept-Language, else the default."""
    chosen = (scope.get("cookies") or {}).get(settings.LANGUAGE_COOKIE_NAME)
    if chosen and translation.check_for_language(chosen):
        with contextlib.suppress(LookupError):
            return translation.get_supported_language_variant(chosen)
    headers = dict(scope.get("headers") or ())
    accept = headers.get(b"accept-language", b"").decode("latin-1")
    for code, _quality in trans_real.parse_accept_lang_header(accept):
        if code == "*":
            break
        with contextlib.suppress(LookupError):
            return translation.get_supported_language_variant(code)
    return settings.LANGUAGE_CODE


class SessionConsumer(AsyncWebsocketConsumer):
    """One participant's or instructor's socket; see the module docstring.

    Everything the socket says (refusals, and a question's prompt when its
    instructor asks) is in the language of the page that opened it.
    """

    conn: Connection | None = None
    sent = 0  # a student's socket: steps 0 .. sent - 1 have been sent
    result_sent = False

    async def dispatch(self, message: dict[str, Any]) -> None:
        with translation.override(scope_language(self.scope)):
            await super().dispatch(message)

    @property  # type: ignore[override]
    def channel_layer_alias(self) -> str:
        # Read per connection, so that test settings apply.
        return live.layer_alias()

    async def connect(self) -> None:
        code = normalize_session_code(self.scope["url_route"]["kwargs"]["code"])
        self.groups_joined: list[str] = []
        self.tokens = BUCKET
        self.refilled = time.monotonic()
        # Close codes and the reason frame need an accepted socket.
        await self.accept()
        found = await database_sync_to_async(live.open_connection)(
            code, self.scope.get("user"), self.scope.get("session"),
            ratelimit.scope_address(self.scope))
        if not isinstance(found, Connection):
            close_code, reason = found
            await self.send_frame(protocol.error_frame(reason))
            await self.close(code=close_code)
            return
        self.conn = found
        groups = [live.group_name(found.code)]
        if found.role == LEAD:
            groups.append(live.lead_group_name(found.code))
        for group in groups:
            await self.channel_layer.group_add(group, self.channel_name)
            self.groups_joined.append(group)
        welcome = await database_sync_to_async(live.welcome)(found)
        await self.send_frame(welcome)
        if found.role != LEAD:
            self.sent = len(welcome["steps"]["steps"])
            await self.catch_up(welcome["state"]["step"])
        if found.role == LEAD:
            participants = await database_sync_to_async(live.presence_list)(found.session_id)
            await self.send_frame(protocol.presence_frame(participants))
        else:
            await self.announce_presence(+1)

    async def disconnect(self, code: int) -> None:
        for group in self.groups_joined:
            await self.channel_layer.group_discard(group, self.channel_name)
        if self.conn is not None and self.conn.role != LEAD:
            await self.announce_presence(-1)

    async def announce_presence(self, delta: int) -> None:
        assert self.conn is not None and self.conn.participant_id is not None
        changed = await database_sync_to_async(live.change_presence)(self.conn.participant_id, delta)
        if changed is not None:
            await self.to_group(protocol.presence_changed_frame(*changed), lead_only=True)

    # --- Sending ----------------------------------------------------------

    async def send_frame(self, frame: dict[str, Any]) -> None:
        await self.send(text_data=protocol.encode(frame))

    async def refuse(self, reason: str) -> None:
        await self.send_frame(protocol.error_frame(reason))

    async def to_group(self, frame: dict[str, Any], lead_only: bool = False) -> None:
        """Send ``frame`` to everyone in the session (or only its instructors)."""
        assert self.conn is not None
        group = live.lead_group_name(self.conn.code) if lead_only else live.group_name(self.conn.code)
        await self.channel_layer.group_send(group, {"type": "session.frame",
                                                    "text": protocol.encode(frame)})

    async def broadcast_state(self, state: dict[str, Any], before: int) -> None:
        """The new playback state to everyone, with the steps it newly shows (once)."""
        assert self.conn is not None
        step = state["step"]
        texts: list[str] = []
        if before < step <= before + live.STEPS_PER_STATE:
            texts = await database_sync_to_async(live.step_texts)(self.conn.run_id, before + 1, step + 1)
        result = await database_sync_to_async(live.final_result)(self.conn.run_id, step)
        await self.channel_layer.group_send(live.group_name(self.conn.code), {
            "type": "session.state", "text": protocol.encode(protocol.state_frame(state)),
            "step": step, "from": before + 1, "steps": texts, "result": result})

    async def session_state(self, event: dict[str, Any]) -> None:
        """The instructor's new state: a student first gets the steps it now shows."""
        text = event["text"]
        if self.conn is not None and self.conn.role != LEAD:
            step, first, texts = event["step"], event["from"], event["steps"]
            if step >= self.sent and first <= self.sent and first + len(texts) > step:
                # The usual case (one step on): the steps ride on the state frame, one send.
                fresh = texts[self.sent - first:step + 1 - first]
                text = live.with_steps(text, self.sent, fresh)
                self.sent = step + 1
            elif step >= self.sent:
                await self.catch_up(step)
            if event["result"] is not None and not self.result_sent:
                await self.send(text_data=live.result_frame_text(event["result"]))
                self.result_sent = True
        await self.send(text_data=text)

    async def catch_up(self, step: int) -> None:
        """Send this student's socket the steps it lacks up to ``step`` (read from the store)."""
        assert self.conn is not None
        frames, self.sent, result = await database_sync_to_async(live.student_catch_up)(
            self.conn.run_id, self.sent, step)
        for text in frames:
            await self.send(text_data=text)
        if result is not None and not self.result_sent:
            await self.send(text_data=live.result_frame_text(result))
            self.result_sent = True

    async def session_frame(self, event: dict[str, Any]) -> None:
        """A frame for the group, already encoded."""
        await self.send(text_data=event["text"])

    async def question_asked(self, event: dict[str, Any]) -> None:
        """A question for the group, said in this socket's language (dispatch chose it)."""
        await self.send_frame(protocol.asked_frame(event["question"]))

    async def session_ended(self, event: dict[str, Any]) -> None:
        """The instructor ended the session: say so and close."""
        await self.send(text_data=protocol.encode(protocol.ended_frame()))
        await self.close(code=1000)

    # --- Receiving --------------------------------------------------------

    def within_budget(self) -> bool:
        now = time.monotonic()
        self.tokens = min(BUCKET, self.tokens + (now - self.refilled) * RATE)
        self.refilled = now
        if self.tokens < 1:
            return False
        self.tokens -= 1
        return True

    async def receive(self, text_data: str | None = None, bytes_data: bytes | None = None) -> None:
        if self.conn is None:
            return  # refused at connect; the socket is closing
        if not self.within_budget():
            await self.refuse(_("too many messages; slow down"))
            return
        try:
            message = protocol.parse(text_data)
        except protocol.ProtocolError as exc:
            await self.refuse(str(exc))
            return
        if message.type in protocol.LEAD_TYPES and self.conn.role != LEAD:
            await self.refuse(_("only the instructor can send %(type)s") % {"type": message.type})
            return
        if message.type in protocol.STUDENT_TYPES and self.conn.role == LEAD:
            await self.refuse(_("the instructor does not answer; students do"))
            return
        try:
            await self.handle(message)
        except Refused as exc:
            await self.refuse(str(exc))

    async def handle(self, message: protocol.Message) -> None:
        conn = self.conn
        assert conn is not None
        if message.type in protocol.DRIVE_TYPES:
            state, before = await database_sync_to_async(live.drive)(conn, message)
            await self.broadcast_state(state, before)
        elif message.type == "ask":
            params = {"process": message.fields["process"]} if "process" in message.fields else {}
            question, state = await database_sync_to_async(live.ask)(
                conn, message.fields["kind"], params)
            await self.broadcast_state(state, state["step"])
            # Each socket says the prompt in its own language (question_asked, below).
            await self.channel_layer.group_send(live.group_name(conn.code), {
                "type": "question.asked", "question": protocol.question_facts(question)})
            await self.to_group(protocol.histogram_frame(question.pk, *await database_sync_to_async(
                live.histogram)(question)), lead_only=True)
        elif message.type == "reveal":
            question, counts, answered = await database_sync_to_async(live.reveal)(
                conn, message.fields["question"])
            await self.to_group(protocol.revealed_frame(question, counts, answered))
        elif message.type == "answer":
            await self.answer(message)

    async def answer(self, message: protocol.Message) -> None:
        conn = self.conn
        assert conn is not None and conn.participant_id is not None
        retry = await database_sync_to_async(ratelimit.spend)(
            "session-answers", str(conn.participant_id), settings.CLASSROOM_ANSWERS_PER_MINUTE)
        if retry is not None:
            await self.refuse(_("too many answers; try again in %(s)s s") % {"s": retry})
            return
        question_id = message.fields["question"]
        value, counts, answered = await database_sync_to_async(live.answer)(
            conn, question_id, message.fields["answer"])
        await self.send_frame(protocol.answered_frame(question_id, value))
        await self.to_group(protocol.histogram_frame(question_id, counts, answered), lead_only=True)
