"""The live session socket, with channels' in-memory layer and real login cookies.

Sockets go through ``playground.asgi.application`` (the Origin check and
the session/auth middleware included), authenticated with the session
cookie Django's test client makes for a login.  The run behind each
session is the textbook SRT example (P1..P4 arriving at 0..3 needing 8, 4,
9 and 5 ticks), stored as the worker would store it.
"""
from __future__ import annotations

import json
from typing import Any

import pytest
from channels.db import database_sync_to_async
from channels.layers import get_channel_layer
from channels.testing import WebsocketCommunicator
from django.contrib.sessions.backends.db import SessionStore
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from playground.asgi import application
from playground.classroom.access import SESSION_KEY
from playground.classroom.live import group_name
from playground.classroom.models import Answer, LiveSession, Participant
from tests.web.people import People, make_people
from tests.web.test_classroom_support import live_session

pytestmark = [pytest.mark.asyncio, pytest.mark.django_db(transaction=True)]
ORIGIN = (b"origin", b"http://127.0.0.1")
SRT_STEPS = 8


@pytest.fixture(autouse=True)
def _fast_passwords(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@database_sync_to_async
def setup_class(open: bool = False) -> tuple[People, LiveSession]:
    people = make_people()
    session = live_session(people.alice, course=people.os101, open=open)
    for student in (people.bob, people.carol):
        Participant.objects.create(session=session, user=student, display_name=student.first_name)
    return people, session


@database_sync_to_async
def cookie_for(user: Any) -> str:
    client = Client()
    client.force_login(user)
    return client.cookies["sessionid"].value


@database_sync_to_async
def anonymous_cookie(session: LiveSession, name: str) -> str:
    participant = Participant.objects.create(session=session, display_name=name)
    store = SessionStore()
    store[SESSION_KEY] = {session.code: participant.pk}
    store.save()
    return store.session_key or ""


async def connect(code: str, cookie: str | None, origin: tuple[bytes, bytes] = ORIGIN,
                  expect_welcome: bool = True) -> WebsocketCommunicator:
    headers = [origin]
    if cookie:
        headers.append((b"cookie", f"sessionid={cookie}".encode()))
    communicator = WebsocketCommunicator(application, f"/ws/sessions/{code}/", headers=headers)
    connected, _ = await communicator.connect()
    assert connected
    if expect_welcome:
        welcome = await communicator.receive_json_from()
        assert welcome["type"] == "session.welcome", welcome
        communicator.welcome = welcome  # type: ignore[attr-defined]
    return communicator


async def as_user(session: LiveSession, user: Any) -> WebsocketCommunicator:
    return await connect(session.code, await cookie_for(user))


async def lead_socket(session: LiveSession, people: People) -> WebsocketCommunicator:
    """alice's socket, past the welcome and the presence list."""
    lead = await as_user(session, people.alice)
    assert lead.welcome["role"] == "lead"  # type: ignore[attr-defined]
    assert (await lead.receive_json_from())["type"] == "presence"
    return lead


async def next_of(communicator: WebsocketCommunicator, kind: str) -> dict[str, Any]:
    """The next frame of type ``kind``, skipping others (presence, histograms...)."""
    for _ in range(20):
        frame = await communicator.receive_json_from(timeout=2)
        if frame["type"] == kind:
            return frame
    raise AssertionError(f"no {kind} frame")


async def send(communicator: WebsocketCommunicator, message: Any) -> None:
    await communicator.send_to(text_data=message if isinstance(message, str) else json.dumps(message))


@database_sync_to_async
def stored_state(session: LiveSession) -> dict[str, Any]:
    return LiveSession.objects.get(pk=session.pk).state()


async def test_an_instructor_seek_reaches_every_student() -> None:
    people, session = await setup_class()
    lead = await lead_socket(session, people)
    bob, carol = await as_user(session, people.bob), await as_user(session, people.carol)
    assert bob.welcome["role"] == "student" and bob.welcome["you"]["name"] == "Bob"  # type: ignore[attr-defined]
    await send(lead, {"type": "seek", "step": 3})
    for socket in (bob, carol, lead):
        frame = await next_of(socket, "session.state")
        assert frame["step"] == 3 and frame["playing"] is False
    await send(lead, {"type": "play"})
    await send(lead, {"type": "speed", "speed": 2})
    assert (await next_of(bob, "session.state"))["playing"] is True
    assert (await next_of(bob, "session.state"))["speed"] == 2.0
    assert (await stored_state(session))["step"] == 3
    for socket in (lead, bob, carol):
        await socket.disconnect()


async def test_a_student_cannot_drive_ask_or_reveal() -> None:
    people, session = await setup_class()
    bob, carol = await as_user(session, people.bob), await as_user(session, people.carol)
    before = await stored_state(session)
    for message in ({"type": "seek", "step": 2}, {"type": "play"}, {"type": "speed", "speed": 4},
                    {"type": "ask", "kind": "next_process"}, {"type": "reveal", "question": 1}):
        await send(bob, message)
        frame = await bob.receive_json_from()
        assert frame == {"type": "error", "error": f"only the instructor can send {message['type']}"}
    assert await carol.receive_nothing(timeout=0.2)
    assert await stored_state(session) == before
    await bob.disconnect()
    await carol.disconnect()


@pytest.mark.parametrize("message, reason", [
    ("not json", "not valid JSON"),
    ("[1, 2]", "a message must be a JSON object"),
    ('{"type": "rewind"}', "unknown message type"),
    ('{"step": 2}', "unknown message type"),
    ('{"type": "seek"}', "seek: missing field step"),
    ('{"type": "seek", "step": -1}', "whole number from 0"),
    ('{"type": "seek", "step": 2.5}', "whole number from 0"),
    ('{"type": "seek", "step": true}', "whole number from 0"),
    ('{"type": "seek", "step": 8}', "past the run's last step (7)"),
    ('{"type": "seek", "step": 2, "by": "x"}', "unknown field"),
    ('{"type": "speed", "speed": 3}', "speed: must be one of 0.5, 1, 2, 4, 8"),
    ('{"type": "speed", "speed": NaN}', "not valid JSON"),
    ("[" * 1000, "not valid JSON"),  # nested past the parser's recursion limit, under 1,024 characters
    ('{"type": "ask", "kind": "meaning_of_life"}', "ask: kind must be one of"),
    ('{"type": "ask", "kind": "waiting_time"}', "waiting_time needs process"),
    ('{"type": "reveal", "question": "1"}', "question must be a question's id"),
    ('{"type": "reveal", "question": 999}', "There is no question 999"),
    ('{"type": "answer", "question": 1, "answer": 1}', "the instructor does not answer"),
    ('{"type": "seek", "step": 1, "pad": "' + "x" * 2000 + '"}', "message too long"),
])
async def test_invalid_messages_are_rejected_and_change_nothing(message: str, reason: str) -> None:
    people, session = await setup_class()
    lead = await lead_socket(session, people)
    await send(lead, message)
    frame = await lead.receive_json_from()
    assert frame["type"] == "error" and reason in frame["error"], frame
    assert await stored_state(session) == {"step": 0, "playing": False, "speed": 1.0, "seq": 0}
    await lead.disconnect()


async def test_binary_frames_are_rejected() -> None:
    people, session = await setup_class()
    lead = await lead_socket(session, people)
    await lead.send_to(bytes_data=b"\x00\x01")
    assert await lead.receive_json_from() == {"type": "error", "error": "send JSON text, not binary"}
    await lead.disconnect()


async def test_a_late_joiner_lands_on_the_current_step() -> None:
    people, session = await setup_class(open=True)
    lead = await lead_socket(session, people)
    for message in ({"type": "seek", "step": 5}, {"type": "speed", "speed": 4}, {"type": "play"}):
        await send(lead, message)
        await next_of(lead, "session.state")
    late = await connect(session.code, await anonymous_cookie(session, "Grace"))
    welcome = late.welcome  # type: ignore[attr-defined]
    assert welcome["role"] == "student" and welcome["you"]["name"] == "Grace"
    assert welcome["state"] == {"step": 5, "playing": True, "speed": 4.0, "seq": 3}
    # A student is not handed the run (its socket streams every step): the
    # welcome carries the steps up to the instructor's, and nothing more.
    assert "run" not in welcome["session"] and "step_count" not in welcome["session"]
    assert session.run_id not in json.dumps(welcome)
    assert [step["i"] for step in welcome["steps"]["steps"]] == [0, 1, 2, 3, 4, 5]
    await late.disconnect()
    await lead.disconnect()


async def frames_until_state(socket: WebsocketCommunicator) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """The frames a socket gets before the next ``session.state``, and that state."""
    before = []
    for _ in range(20):
        frame = await socket.receive_json_from(timeout=2)
        if frame["type"] == "session.state":
            return before, frame
        before.append(frame)
    raise AssertionError("no session.state frame")


async def test_a_student_socket_never_receives_a_step_past_the_instructors() -> None:
    """Steps come to a student only up to the instructor's step; the result only at the end."""
    people, session = await setup_class()
    lead = await lead_socket(session, people)
    bob = await as_user(session, people.bob)
    assert [step["i"] for step in bob.welcome["steps"]["steps"]] == [0]  # type: ignore[attr-defined]
    held = 1
    furthest = 0
    for step in (2, 1, 3, 5, 4, 6, 7):
        furthest = max(furthest, step)
        await send(lead, {"type": "seek", "step": step})
        extra, state = await frames_until_state(bob)
        assert state["step"] == step
        if "steps" in state:  # the steps a state newly shows ride on it
            extra.append({"type": "session.steps", **state["steps"]})
        for frame in extra:
            if frame["type"] == "session.steps":
                indices = [s["i"] for s in frame["steps"]]
                assert frame["from"] == held and indices == list(range(held, held + len(indices)))
                assert max(indices) <= step, f"step {max(indices)} sent while the instructor is at {step}"
                held += len(indices)
            else:
                # The result tells every finish time: only once the instructor shows the last step.
                assert frame["type"] == "session.result" and step == SRT_STEPS - 1, frame
                assert frame["result"]["processes"]["P1"]["waiting"] == 9
        assert held == furthest + 1  # every step the instructor has shown, none after
    assert held == SRT_STEPS
    await send(lead, {"type": "seek", "step": 4})
    extra, state = await frames_until_state(bob)
    assert extra == [] and "steps" not in state  # nothing is sent again, and no second result
    # A student joining now gets steps 0 .. 4 only, and no result.
    carol = await as_user(session, people.carol)
    assert [step["i"] for step in carol.welcome["steps"]["steps"]] == [0, 1, 2, 3, 4]  # type: ignore[attr-defined]
    assert await carol.receive_nothing(timeout=0.2)
    for socket in (lead, bob, carol):
        await socket.disconnect()


async def test_answers_build_a_histogram_and_the_answer_stays_hidden_until_reveal() -> None:
    people, session = await setup_class()
    lead = await lead_socket(session, people)
    bob, carol = await as_user(session, people.bob), await as_user(session, people.carol)
    await send(lead, {"type": "seek", "step": 3})
    await send(lead, {"type": "ask", "kind": "next_process"})
    asked = await next_of(bob, "question.asked")
    question = asked["question"]
    assert question["choices"] == ["P1", "P2", "P3", "P4"] and question["step"] == 3
    assert "correct" not in json.dumps(asked) and "P4" not in question["prompt"]
    histogram = await next_of(lead, "question.histogram")
    assert histogram["answered"] == 0

    await send(bob, {"type": "answer", "question": question["id"], "answer": "P1"})
    assert await next_of(bob, "question.answered") == {
        "type": "question.answered", "question": question["id"], "answer": "P1"}
    await send(bob, {"type": "answer", "question": question["id"], "answer": "P4"})  # changes his mind
    await next_of(bob, "question.answered")
    await send(carol, {"type": "answer", "question": question["id"], "answer": "P4"})
    await next_of(carol, "question.answered")
    await send(carol, {"type": "answer", "question": question["id"], "answer": "P9"})
    assert (await carol.receive_json_from())["error"] == "answer: pick one of the choices"
    histograms = [await next_of(lead, "question.histogram") for _ in range(3)]
    assert histograms[-1]["counts"] == [{"answer": "P1", "count": 0}, {"answer": "P2", "count": 0},
                                        {"answer": "P3", "count": 0}, {"answer": "P4", "count": 2}]
    assert histograms[-1]["answered"] == 2
    assert await bob.receive_nothing(timeout=0.2)  # students get no histogram
    assert await database_sync_to_async(Answer.objects.count)() == 2

    await send(lead, {"type": "ask", "kind": "waiting_time", "process": "P2"})
    assert "Reveal the open question" in (await next_of(lead, "error"))["error"]
    await send(lead, {"type": "reveal", "question": question["id"]})
    for socket in (lead, bob, carol):
        revealed = await next_of(socket, "question.revealed")
        assert revealed["correct"] == "P4" and revealed["answered"] == 2
    await send(bob, {"type": "answer", "question": question["id"], "answer": "P2"})
    assert "answers are closed" in (await next_of(bob, "error"))["error"]
    for socket in (lead, bob, carol):
        await socket.disconnect()


async def test_asking_pauses_playback_and_a_number_question_takes_numbers() -> None:
    people, session = await setup_class()
    lead = await lead_socket(session, people)
    bob = await as_user(session, people.bob)
    await send(lead, {"type": "play"})
    await next_of(bob, "session.state")
    await send(lead, {"type": "ask", "kind": "waiting_time", "process": "P1"})
    assert (await next_of(bob, "session.state"))["playing"] is False
    question = (await next_of(bob, "question.asked"))["question"]
    assert question["choices"] is None
    await send(bob, {"type": "answer", "question": question["id"], "answer": "nine"})
    assert (await next_of(bob, "error"))["error"] == "answer: enter a number"
    await send(bob, {"type": "answer", "question": question["id"], "answer": 9.0})
    assert (await next_of(bob, "question.answered"))["answer"] == 9
    await send(lead, {"type": "reveal", "question": question["id"]})
    revealed = await next_of(bob, "question.revealed")
    assert revealed["correct"] == 9 and revealed["counts"] == [{"answer": 9, "count": 1}]
    # A student who reconnects sees the revealed question and their answer.
    again = await as_user(session, people.bob)
    assert again.welcome["answer"] == 9  # type: ignore[attr-defined]
    assert again.welcome["revealed"]["correct"] == 9  # type: ignore[attr-defined]
    for socket in (lead, bob, again):
        await socket.disconnect()


async def test_the_instructor_sees_students_come_and_go() -> None:
    people, session = await setup_class()
    lead = await as_user(session, people.alice)
    presence = await lead.receive_json_from()
    assert presence == {"type": "presence", "present": 0, "participants": [
        {"id": presence["participants"][0]["id"], "name": "Bob", "connected": False},
        {"id": presence["participants"][1]["id"], "name": "Carol", "connected": False}]}
    bob = await as_user(session, people.bob)
    changed = await next_of(lead, "presence.changed")
    assert changed["participant"]["name"] == "Bob" and changed["participant"]["connected"] is True
    assert changed["present"] == 1
    await bob.disconnect()
    changed = await next_of(lead, "presence.changed")
    assert changed["participant"]["connected"] is False and changed["present"] == 0
    await lead.disconnect()


async def refusal(code: str, cookie: str | None) -> tuple[int, str]:
    """The close code and reason a socket to ``code`` gets when refused."""
    socket = await connect(code, cookie, expect_welcome=False)
    frame = await socket.receive_json_from()
    assert frame["type"] == "error"
    closed = await socket.receive_output()
    assert closed["type"] == "websocket.close"
    return closed["code"], frame["error"].replace(code, "<code>")


@database_sync_to_async
def ended_and_locked_sessions(people: People) -> tuple[LiveSession, LiveSession]:
    ended = live_session(people.alice, course=people.os101, open=True)
    LiveSession.objects.filter(pk=ended.pk).update(ended=timezone.now())
    locked = live_session(people.alice, course=people.os101, open=True, locked=True)
    return ended, locked


async def test_a_visitor_without_a_seat_cannot_tell_unknown_ended_and_locked_codes_apart() -> None:
    cache.clear()
    people, session = await setup_class(open=True)
    ended, locked = await ended_and_locked_sessions(people)
    answers = set()
    for cookie in (None, await cookie_for(people.frank), await cookie_for(people.dave)):
        for code in (session.code, "ZZZZZ", ended.code, locked.code):
            answers.add(await refusal(code, cookie))
    assert len(answers) == 1
    close_code, reason = answers.pop()
    assert close_code == 4404 and "/join/<code>/" in reason
    # The instructor and a student with a seat are told the session ended.
    assert (await refusal(ended.code, await cookie_for(people.alice)))[0] == 4410


async def test_missed_codes_are_counted_per_address_and_refused_over_the_budget(settings: Any) -> None:
    cache.clear()
    settings.CLASSROOM_JOIN_MISSES_PER_MINUTE = 3
    people, session = await setup_class()
    for _ in range(3):
        assert (await refusal("ZZZZZ", None))[0] == 4404
    close_code, reason = await refusal("YYYYY", None)
    assert close_code == 4429 and "wait a minute" in reason
    # A seat still opens: only misses are refused.
    bob = await as_user(session, people.bob)
    assert bob.welcome["role"] == "student"  # type: ignore[attr-defined]
    await bob.disconnect()


async def test_a_socket_from_another_site_is_refused() -> None:
    people, session = await setup_class()
    communicator = WebsocketCommunicator(application, f"/ws/sessions/{session.code}/", headers=[
        (b"origin", b"http://evil.example"), (b"cookie", f"sessionid={await cookie_for(people.alice)}".encode())])
    connected, _ = await communicator.connect()
    assert not connected


async def test_staff_lead_and_codes_are_read_in_any_case() -> None:
    people, session = await setup_class()
    erin = await connect(session.code.lower(), await cookie_for(people.erin))
    assert erin.welcome["role"] == "lead"  # type: ignore[attr-defined]
    await erin.disconnect()


async def test_ending_the_session_closes_every_socket() -> None:
    people, session = await setup_class()
    bob = await as_user(session, people.bob)
    await get_channel_layer().group_send(group_name(session.code), {"type": "session.ended"})
    assert await bob.receive_json_from() == {"type": "session.ended"}
    assert (await bob.receive_output())["type"] == "websocket.close"


async def test_answers_are_rate_limited(settings: Any) -> None:
    settings.CLASSROOM_ANSWERS_PER_MINUTE = 2
    people, session = await setup_class()
    lead = await lead_socket(session, people)
    bob = await as_user(session, people.bob)
    await send(lead, {"type": "ask", "kind": "next_process"})
    question = (await next_of(bob, "question.asked"))["question"]
    for choice in ("P1", "P2"):
        await send(bob, {"type": "answer", "question": question["id"], "answer": choice})
        await next_of(bob, "question.answered")
    await send(bob, {"type": "answer", "question": question["id"], "answer": "P3"})
    assert "too many answers" in (await next_of(bob, "error"))["error"]
    await lead.disconnect()
    await bob.disconnect()


async def test_after_a_long_jump_a_student_catches_up_to_the_instructors_step_only(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """A jump longer than a state carries makes each student socket read the gap itself."""
    monkeypatch.setattr("playground.classroom.live.STEPS_PER_STATE", 2)
    people, session = await setup_class()
    lead = await lead_socket(session, people)
    bob = await as_user(session, people.bob)
    await send(lead, {"type": "seek", "step": 6})
    extra, state = await frames_until_state(bob)
    assert "steps" not in state and [frame["type"] for frame in extra] == ["session.steps"]
    assert extra[0]["from"] == 1 and [s["i"] for s in extra[0]["steps"]] == [1, 2, 3, 4, 5, 6]
    for socket in (lead, bob):
        await socket.disconnect()
