"""A deadlock's reason names each wait as a sentence of its own, so it reads in every language.

The English reason stays the contract's text ("phil0 waits for mutex:fork1, ..."),
and beside each link's ``on`` token its ``wait`` says the same as a keyed sentence
that the Chinese catalog translates ("互斥锁 fork1"), joined by a separator that is
part of a translated template ("；" in Chinese).
"""
from __future__ import annotations

import re
from pathlib import Path

import polib

from kernel_engine import presets, simulate
from kernel_engine.i18n import Reason, render
from kernel_engine.kernel import waits
from kernel_engine.kernel.waits import Wait
from kernel_engine.threads.wait_texts import KINDS, wait_text

ENGINE = Path(__file__).resolve().parents[2] / "kernel_engine"
ZH_CATALOG = Path(__file__).resolve().parents[2] / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"
RAW_TOKEN = re.compile(r"\b(mutex|sem|join|io|recv|reply|receiver|mailbox|page|resources|llm):")


def links(reason_args: dict) -> list[dict]:
    """The args of each link of a deadlock reason, first to last."""
    out, link = [], reason_args["links"]
    while link is not None:
        out.append(link["args"])
        link = link["args"].get("links")
    return out


def chinese(deadlock: dict) -> str:
    lookup = {e.msgid: e.msgstr for e in polib.pofile(str(ZH_CATALOG)) if e.msgstr and not e.obsolete}
    return render(deadlock["reason_key"], deadlock["reason_args"], lookup)


def test_each_philosopher_s_wait_travels_as_a_keyed_sentence_beside_its_token() -> None:
    deadlock = simulate(presets.load("dining-philosophers"))["deadlock"]
    chain = links(deadlock["reason_args"])
    assert [(link["who"], link["on"]) for link in chain] == [
        ("phil0", "mutex:fork1"), ("phil1", "mutex:fork2"), ("phil2", "mutex:fork3"),
        ("phil3", "mutex:fork4"), ("phil4", "mutex:fork0")]
    assert chain[0]["wait"] == {"key": "wait.mutex", "args": {"mutex": "fork1"}}
    # The English sentence rendered from the data is the contract's reason, byte for byte.
    assert render(deadlock["reason_key"], deadlock["reason_args"]) == deadlock["reason"]


def test_the_chinese_deadlock_names_each_wait_in_words_and_separates_them_with_a_chinese_semicolon() -> None:
    text = chinese(simulate(presets.load("dining-philosophers"))["deadlock"])
    assert "互斥锁 fork1" in text, text
    assert not RAW_TOKEN.search(text) and ";" not in text and "；" in text, text


def test_threads_stuck_on_a_semaphore_and_a_join_are_described_too() -> None:
    scenario = {"version": 1, "semaphores": {"never": 0}, "processes": [
        {"name": "main", "program": [
            {"op": "spawn", "thread": "waiter", "program": [{"op": "sem_wait", "sem": "never"}]},
            {"op": "join", "thread": "waiter"}]}]}
    result = simulate(scenario)
    deadlock = result["deadlock"]
    assert result["status"] == "deadlock", result
    waits = {link["who"]: link["wait"] for link in links(deadlock["reason_args"])}
    assert waits["waiter"] == {"key": "wait.sem", "args": {"sem": "never"}}
    assert waits["main"] == {"key": "wait.join", "args": {"thread": "waiter"}}
    assert render(deadlock["reason_key"], deadlock["reason_args"]) == deadlock["reason"]
    text = chinese(deadlock)
    assert not RAW_TOKEN.search(text) and ";" not in text, text


def test_every_kind_of_wait_reads_as_its_contract_token_in_english() -> None:
    samples = [Wait("mutex", "m"), Wait("sem", "full"), Wait("join", "T1"), waits.disk(3), waits.device(6),
               Wait("recv", "B"), Wait("reply", "server"), Wait("receiver", "B"), Wait("mailbox", "B"),
               Wait("page", 4, "page:4"), Wait("resources", "[1, 0]", "resources:[1, 0]"), Wait("llm", 2)]
    assert {w.on for w in samples} == KINDS
    for wait in samples:
        said = wait_text(wait)
        assert isinstance(said, Reason) and said == wait.text, wait


def test_every_kind_of_wait_the_engine_blocks_on_is_said_in_words() -> None:
    # A new kind of wait (Wait("kind", ...) anywhere in the engine) must get its sentence in wait_texts.py.
    source = "\n".join(path.read_text("utf-8") for path in ENGINE.rglob("*.py"))
    used = set(re.findall(r"""\bWait\(\s*["'](\w+)["']""", source)) | {"disk", "device"}
    assert used <= KINDS, used - KINDS
