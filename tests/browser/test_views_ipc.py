"""The message view in the builder's player: the sequence diagram and the mailboxes."""
from __future__ import annotations

import json

from playwright.sync_api import Page, expect

from tests.browser.helpers import current_step
from tests.browser.views_support import click_in_view, open_finished_run, seek
from tests.stack import Stack


def message_facts(page: Page) -> list[tuple[str, str, str, str, str]]:
    """(kind, from, to, pair number, sent tick) of every message arrow, in drawing order."""
    return [tuple(row) for row in page.locator(".ipc-root g.ipc-message").evaluate_all(
        "gs => gs.map((g) => [g.dataset.kind, g.dataset.from, g.dataset.to, g.dataset.pair, g.dataset.sent])")]


def test_requests_and_replies_are_drawn_as_numbered_pairs(page: Page, stack: Stack) -> None:
    result = open_finished_run(page, stack, "request-reply")
    page.locator(".player").press("End")
    assert len(result["ipc"]["messages"]) == 4
    # alice asked first, so the server's first reply is hers (#1); bob's is #2.
    assert message_facts(page) == [
        ("request", "alice", "server", "1", "0"), ("request", "bob", "server", "2", "0"),
        ("reply", "server", "alice", "1", "2"), ("reply", "server", "bob", "2", "4")]
    expect(page.locator(".ipc-root .ipc-pair-bracket")).to_have_count(2)
    expect(page.locator(".ipc-root .ipc-pair-bracket.waiting")).to_have_count(0)
    expect(page.locator(".ipc-root .ipc-head-label")).to_have_text(["alice", "bob", "server"])


def test_messages_after_the_cursor_are_faded_and_this_steps_are_highlighted(page: Page, stack: Stack) -> None:
    open_finished_run(page, stack, "request-reply")
    ipc = page.locator(".ipc-root")
    page.locator(".player").press("Home")
    # Step 0 (t=0): both requests are sent; the replies are still to come.
    expect(ipc.locator("g.ipc-message.current")).to_have_count(2)
    expect(ipc.locator("g.ipc-message.future[data-kind=reply]")).to_have_count(2)
    expect(ipc.locator(".ipc-pair-bracket.waiting")).to_have_count(2)
    # The server took alice's request at once; bob's waits in its mailbox.
    server_box = ipc.locator(".ipc-mailbox[data-process=server] li")
    expect(server_box).to_have_text(['from bob: {"ask":"weather"}'])
    expect(ipc.locator(".ipc-mailbox[data-process=alice] li")).to_have_count(0)
    # Step 1 (t=2): the server replies to alice and takes bob's request: both are this step's.
    seek(page, 1)
    current = ipc.locator("g.ipc-message.current")
    expect(current).to_have_count(2)
    assert current.evaluate_all("gs => gs.map((g) => [g.dataset.kind, g.dataset.from, g.dataset.to])") == [
        ["request", "bob", "server"], ["reply", "server", "alice"]]
    expect(ipc.locator("g.ipc-message[data-from=bob][data-kind=request]")).to_have_class("ipc-message request sent current received")
    expect(ipc.locator(".ipc-mailbox[data-process=server] li")).to_have_count(0)
    expect(ipc.locator(".ipc-pair-bracket.waiting")).to_have_count(1)


def test_the_diagram_follows_the_gantt_charts_cursor(page: Page, stack: Stack) -> None:
    open_finished_run(page, stack, "request-reply")
    player = page.locator(".player")
    # Steps 0, 2 and 4 are at t=0 (the requests), t=4 (the second reply) and t=6 (the end).
    for step, tick in ((0, "0"), (2, "4"), (4, "6")):
        seek(page, step)
        expect(player).to_have_attribute("data-tick", tick)
        expect(page.locator(".gantt-root .gantt-cursor")).to_have_attribute("data-tick", tick)
        expect(page.locator(".ipc-root .ipc-cursor")).to_have_attribute("data-tick", tick)
    # The server's activation boxes are its Gantt bars: it ran from t=0 to t=4.
    expect(page.locator(".ipc-root rect.ipc-activation[data-who=server]")).to_have_attribute("data-end", "4")


def test_clicking_a_message_shows_the_step_that_sent_it(page: Page, stack: Stack) -> None:
    open_finished_run(page, stack, "request-reply")
    page.locator(".player").press("End")
    click_in_view(page.locator(".ipc-root g.ipc-message[data-kind=reply][data-to=bob] .ipc-label"))
    expect(page.locator(".player")).to_have_attribute("data-tick", "4")
    assert current_step(page) == 2
    # From the keyboard: the messages are one tab stop; Home, then Enter on the first request.
    page.locator(".ipc-root g.ipc-message[tabindex='0']").focus()
    page.keyboard.press("Home")
    page.keyboard.press("Enter")
    expect(page.locator(".player")).to_have_attribute("data-step", "0")
    expect(page.locator(".ipc-root g.ipc-message:focus")).to_have_attribute("data-from", "alice")


def test_a_publish_fans_out_to_each_subscriber_as_one_group(page: Page, stack: Stack) -> None:
    result = open_finished_run(page, stack, "pub-sub")
    ipc = page.locator(".ipc-root")
    page.locator(".player").press("End")
    groups = ipc.locator("g.ipc-publish")
    expect(groups).to_have_count(2)
    assert groups.evaluate_all("gs => gs.map((g) => [g.dataset.topic, g.dataset.copies])") == [["weather", "2"], ["sports", "2"]]
    assert [(m["topic"], m["to"]) for m in result["ipc"]["messages"]] == [
        ("weather", "alice"), ("weather", "bob"), ("sports", "bob"), ("sports", "carol")]
    # At t=2 news publishes; bob is given the weather and keeps the score in his mailbox until t=3.
    score_body = json.dumps(result["ipc"]["messages"][2]["body"], separators=(",", ":"))
    seek(page, 1)
    expect(ipc.locator("g.ipc-message.current")).to_have_count(4)
    expect(ipc.locator(".ipc-mailbox[data-process=bob] li")).to_have_text([f"from news: {score_body}"])
    score = ipc.locator("g.ipc-message[data-to=bob][data-received='3']")
    expect(score).not_to_have_class("received")
    expect(score.locator(".ipc-mailbox-wait.pending")).to_have_count(1)
    seek(page, 2)
    expect(score).to_have_class("ipc-message publish sent current received")  # taken at this step
    expect(ipc.locator(".ipc-mailbox[data-process=bob] li")).to_have_count(0)


def test_the_llm_os_tour_pairs_the_tokenizers_request_with_the_models_reply(page: Page, stack: Stack) -> None:
    open_finished_run(page, stack, "llm-os-combined")
    page.locator(".player").press("End")
    facts = message_facts(page)
    assert facts[:2] == [("request", "tokenizer", "model", "1", "2"), ("reply", "model", "tokenizer", "1", "3")]
    assert [f[:3] for f in facts[2:]] == [("publish", "tokenizer", "monitor"), ("publish", "loader", "monitor")]
    expect(page.locator(".ipc-root g.ipc-publish")).to_have_count(2)


def test_the_table_button_lists_every_message(page: Page, stack: Stack) -> None:
    open_finished_run(page, stack, "request-reply")
    ipc = page.locator(".ipc-root")
    ipc.locator(".chart-table-toggle").click()
    expect(ipc.locator(".ipc-canvas")).to_be_hidden()
    rows = ipc.locator(".ipc-table tbody tr")
    expect(rows).to_have_count(4)
    expect(rows.nth(2).locator("td")).to_have_text(["3", "reply #1", "server", "alice", "2", "2", "2", '{"served":{"ask":"time"}}'])
