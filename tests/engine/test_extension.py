"""Adding a policy is one module: a toy policy of each kind, written in a temporary
module, shows up everywhere policies are listed without touching another file.

Each toy is registered by importing its module, as a real policy is by its
package.  The test then looks for it where the issue counted the files a
newcomer had to touch: the builder's choices (``registry.export`` and
``library.functions``, which the builder page embeds), compare (the CPU
policies it may run, and the label its sentences use), the docs tables
(``kernel_engine.docs``) and the i18n check (every key registered in code).
"""
from __future__ import annotations

import importlib
import sys
import textwrap
from pathlib import Path

import pytest

from kernel_engine import docs, i18n, library, registry, simulate
from tests.engine.test_i18n_keys import missing_translations, zh_templates

TOY_MODULE = '''
from kernel_engine.cpu.fifo import FifoPolicy
from kernel_engine.disk.policy import Choice, DiskPolicy
from kernel_engine.disk.queues import ArrivalQueue
from kernel_engine.disk.policy import travel_direction
from kernel_engine.i18n import define, gettext_noop
from kernel_engine.library.base import LibraryFunction, Outcome, Param
from kernel_engine.memory.fits import FirstFit
from kernel_engine.registry import register


@register("cpu", "toy_cpu")
class ToyCpu(FifoPolicy):
    """Toy: FIFO order in slices of one quantum."""

    title = "Toy scheduler"
    label = "TOY"
    uses_quantum = True
    settings = ("quantum",)
    HEAD = define("cpu.toy_cpu.head", gettext_noop("TOY: {who} goes next"))

    def why(self, th, now):
        return self.HEAD.say(who=th.name)


@register("memory", "toy_fit")
class ToyFit(FirstFit):
    """Toy fit: first fit under another name."""

    title = "Toy fit"
    CHOSEN = define("memory.toy_fit.chosen", gettext_noop("toy fit: {need} bytes at {addr} ({size} free)"))
    CHOSEN_HOW = define("memory.toy_fit.chosen_how",
                        gettext_noop("toy fit: {need} bytes at {addr} ({size} free; {how})"))


@register("io", "toy_disk")
class ToyDisk(DiskPolicy):
    """Toy disk: the oldest request first."""

    queue_class = ArrivalQueue
    title = "TOY-DISK"
    NEXT = define("io.toy_disk.next", gettext_noop("TOY-DISK: request {i} at {cylinder} is the oldest"))

    def choose(self, queue, head, direction):
        oldest = queue.oldest()
        return Choice(oldest, travel_direction(head, oldest.cylinder, direction),
                      self.NEXT.say(i=oldest.index, cylinder=oldest.cylinder))


@register("library", "toy.double")
class Double(LibraryFunction):
    """Double: twice a number."""

    params = {"x": Param("a number")}
    example = {"x": 21}

    def check_args(self, ck, args, path):
        if not isinstance(args["x"], (int, float)) or isinstance(args["x"], bool):
            ck.add(path + ".x", "must be a number")

    def run(self, args, rng):
        return Outcome(2 * args["x"], 1)
'''

#: What the toys' catalog entries would add to locale/zh_Hans/LC_MESSAGES/django.po.
TOY_CATALOG = {
    "TOY: {who} goes next": "TOY：下一个是 {who}",
    "toy fit: {need} bytes at {addr} ({size} free)": "玩具适应：{need} 字节，位于 {addr}（空闲 {size}）",
    "toy fit: {need} bytes at {addr} ({size} free; {how})": "玩具适应：{need} 字节，位于 {addr}（空闲 {size}；{how}）",
    "TOY-DISK: request {i} at {cylinder} is the oldest": "TOY-DISK：请求 {i}（柱面 {cylinder}）最早到达",
    "Double: twice a number.": "加倍：一个数的两倍。",
}
TOY_KEYS = ["cpu.toy_cpu.head", "memory.toy_fit.chosen", "memory.toy_fit.chosen_how", "io.toy_disk.next",
            "library.toy.double.summary"]


@pytest.fixture()
def toys(tmp_path: Path):
    """Import the toy module from a temporary folder; forget every toy afterwards."""
    registry.names("cpu")  # the real policies first, as in any run
    saved_registry = {kind: dict(table) for kind, table in registry._REGISTRY.items()}
    saved_keys = dict(i18n.KEYS)
    (tmp_path / "toy_policies.py").write_text(textwrap.dedent(TOY_MODULE))
    sys.path.insert(0, str(tmp_path))
    try:
        yield importlib.import_module("toy_policies")
    finally:
        sys.path.remove(str(tmp_path))
        sys.modules.pop("toy_policies", None)
        registry._REGISTRY.clear()
        registry._REGISTRY.update(saved_registry)
        # Forget the toys' sentences only: an engine module first imported
        # during the test (the kernel loads an op's module when a thread
        # first reaches that op) keeps its own.
        for key in [k for k in i18n.KEYS if k not in saved_keys and ".toy" in k]:
            del i18n.KEYS[key]
        i18n.KEYS.update(saved_keys)


def test_the_builder_offers_every_toy_with_the_settings_it_reads(toys) -> None:
    choices = registry.export()
    cpu = {p["name"]: p for p in choices["cpu"]}
    assert cpu["toy_cpu"]["settings"] == ["quantum"]  # so the builder shows the quantum field
    assert "toy_fit" in [p["name"] for p in choices["memory"]]
    assert "toy_disk" in [p["name"] for p in choices["io"]]
    assert "toy.double" in [f["name"] for f in library.functions()]


def test_compare_can_run_the_toy_and_names_it_by_its_label(toys) -> None:
    assert "toy_cpu" in registry.names("cpu")  # what compare's picker offers and checks
    assert next(p for p in registry.describe("cpu") if p["name"] == "toy_cpu")["label"] == "TOY"
    result = simulate({"cpu": {"policy": "toy_cpu", "quantum": 2},
                       "processes": [{"name": "A", "burst": 3}, {"name": "B", "burst": 2}]}, trace=True)
    dispatches = [e for step in result["steps"] for e in step["events"] if e["kind"] == "dispatch"]
    assert dispatches[0]["reason"] == "TOY: A goes next"
    assert dispatches[0]["reason_key"] == "cpu.toy_cpu.head"


def test_a_scenario_runs_every_toy_at_once(toys) -> None:
    result = simulate({
        "memory": {"size": 64, "policy": "toy_fit"}, "io": {"policy": "toy_disk"},
        "processes": [{"name": "A", "program": [
            {"op": "alloc", "size": 8, "as": "x"}, {"op": "io", "cylinder": 9},
            {"op": "call", "fn": "toy.double", "args": {"x": 21}, "as": "y"}]}]})
    assert result["memory"]["ops"][0]["reason"] == "toy fit: 8 bytes at 0 (64 free)"
    assert result["memory"]["ops"][0]["reason_key"] == "memory.toy_fit.chosen"
    assert result["calls"][0]["value"] == 42


def test_the_docs_tables_list_every_toy(toys) -> None:
    assert "| `toy_cpu` | Toy scheduler | `quantum` | no |" in docs.table("cpu")
    assert "`toy_fit`" in docs.table("memory")
    assert "`toy_disk`" in docs.table("io")
    assert "| `toy.double` | Double: twice a number. |" in docs.table("library")


def test_the_i18n_check_finds_the_toys_keys_and_passes_with_their_catalog_entries(toys) -> None:
    keys = i18n.all_keys()
    assert set(TOY_KEYS) <= set(keys)
    missing = missing_translations(keys, zh_templates())
    assert [line.split(":")[0] for line in missing] == sorted(TOY_KEYS)
    assert missing_translations(keys, {**zh_templates(), **TOY_CATALOG}) == []


def test_the_docs_in_the_repository_are_generated_from_the_registry() -> None:
    root = Path(__file__).resolve().parents[2]
    for page in ("docs/scenario-format.md", "docs/library.md"):
        text = (root / page).read_text("utf-8")
        assert docs.refresh(text) == text, f"{page} is out of date: python -m kernel_engine.docs {page}"
