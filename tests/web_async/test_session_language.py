"""The session socket speaks the language of the page that opened it: a
Chinese instructor's refusals, and the questions the class sees, are in
Chinese (the page's language cookie, else its Accept-Language)."""
from __future__ import annotations

import pytest
from channels.testing import WebsocketCommunicator

from playground.asgi import application
from playground.classroom.models import LiveSession
from tests.web.people import People
from tests.web_async.test_session_consumer import (  # noqa: F401  (fixture)
    ORIGIN, _fast_passwords, cookie_for, next_of, send, setup_class)

pytestmark = [pytest.mark.asyncio, pytest.mark.django_db(transaction=True)]


async def socket_in(session: LiveSession, user: object, *, cookie_language: str | None = None,
                    accept_language: str | None = None) -> WebsocketCommunicator:
    cookies = f"sessionid={await cookie_for(user)}"
    if cookie_language:
        cookies += f"; django_language={cookie_language}"
    headers = [ORIGIN, (b"cookie", cookies.encode())]
    if accept_language:
        headers.append((b"accept-language", accept_language.encode()))
    communicator = WebsocketCommunicator(application, f"/ws/sessions/{session.code}/", headers=headers)
    connected, _ = await communicator.connect()
    assert connected
    assert (await communicator.receive_json_from())["type"] == "session.welcome"
    return communicator


async def lead_and_student(**language: str) -> tuple[People, WebsocketCommunicator, WebsocketCommunicator]:
    people, session = await setup_class()
    lead = await socket_in(session, people.alice, **language)
    assert (await lead.receive_json_from())["type"] == "presence"
    bob = await socket_in(session, people.bob, **language)
    return people, lead, bob


async def test_a_chinese_instructors_question_reaches_the_class_in_chinese() -> None:
    _people, lead, bob = await lead_and_student(cookie_language="zh-hans")
    await send(lead, {"type": "ask", "kind": "next_process"})
    asked = await next_of(bob, "question.asked")
    assert asked["question"]["prompt"] == "下一个运行的是哪个进程？"
    await lead.disconnect()
    await bob.disconnect()


async def test_a_refusal_is_in_the_language_the_browser_asks_for() -> None:
    _people, lead, bob = await lead_and_student(accept_language="zh-CN,zh;q=0.9,en;q=0.5")
    await send(lead, {"type": "rewind"})
    refusal = await next_of(lead, "error")
    assert refusal["error"].startswith("未知消息类型 \"rewind\"；"), refusal
    await send(bob, {"type": "play"})
    assert "play" in (await next_of(bob, "error"))["error"]
    await lead.disconnect()
    await bob.disconnect()


async def test_without_a_choice_the_socket_speaks_english() -> None:
    _people, lead, bob = await lead_and_student()
    await send(lead, {"type": "ask", "kind": "next_process"})
    assert (await next_of(bob, "question.asked"))["question"]["prompt"] == "Which process runs next?"
    await lead.disconnect()
    await bob.disconnect()


async def test_each_student_reads_the_question_in_their_own_language() -> None:
    # A Chinese instructor asks; Bob's page is English, Carol's Chinese.  The
    # process name the scenario gives (P1) stays as typed in both.
    people, session = await setup_class()
    lead = await socket_in(session, people.alice, cookie_language="zh-hans")
    assert (await lead.receive_json_from())["type"] == "presence"
    bob = await socket_in(session, people.bob, cookie_language="en")
    carol = await socket_in(session, people.carol, accept_language="zh-CN,zh;q=0.9")
    await send(lead, {"type": "ask", "kind": "waiting_time", "process": "P1"})
    english = "How many ticks will P1 spend waiting in the ready queue in total?"
    chinese = "P1 总共会在就绪队列中等待多少个时钟周期？"
    assert (await next_of(bob, "question.asked"))["question"]["prompt"] == english
    assert (await next_of(carol, "question.asked"))["question"]["prompt"] == chinese
    assert (await next_of(lead, "question.asked"))["question"]["prompt"] == chinese
    for socket in (lead, bob, carol):
        await socket.disconnect()


async def test_a_student_who_joins_after_the_question_reads_it_in_their_language() -> None:
    people, session = await setup_class()
    lead = await socket_in(session, people.alice)
    assert (await lead.receive_json_from())["type"] == "presence"
    await send(lead, {"type": "ask", "kind": "next_process"})
    assert (await next_of(lead, "question.asked"))["question"]["prompt"] == "Which process runs next?"
    cookies = f"sessionid={await cookie_for(people.bob)}; django_language=zh-hans"
    bob = WebsocketCommunicator(application, f"/ws/sessions/{session.code}/",
                                headers=[ORIGIN, (b"cookie", cookies.encode())])
    assert (await bob.connect())[0]
    welcome = await bob.receive_json_from()
    assert welcome["question"]["prompt"] == "下一个运行的是哪个进程？"
    await lead.disconnect()
    await bob.disconnect()
