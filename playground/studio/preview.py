"""A shared scenario's picture: its Gantt chart as geometry, and as a PNG.

``gantt_chart(scenario, result)`` turns an engine result into lanes and
bars (the same lanes, order and colours as the browser's ``gantt.js`` and
``palette.js``); the worksheet's answer key draws it as SVG and
``render_preview`` draws it with Pillow as the 1200 x 630 image that link
previews (Open Graph, Twitter cards) show for ``/s/<slug>/``.

The image holds no translated text: it is cached once per slug and shown to
every reader whatever their language, so it carries only the scenario's own
words (title, names) and the engine's identifiers (``srt``, ``q=2``).
"""
from __future__ import annotations

import functools
import io
import math
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, Literal

from PIL import Image, ImageDraw, ImageFont

from kernel_engine import registry

# Okabe-Ito, in palette.js's order: distinguishable under the common forms of
# colour blindness.  TEXT_ON is the label colour with enough contrast on each
# (WCAG AA, as in palette.js: white only on blue; black on bluish green).
OKABE_ITO = ("#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7", "#999999")
TEXT_ON = ("#000000", "#000000", "#000000", "#000000", "#FFFFFF", "#000000", "#000000", "#000000")
DISK_FILL = "#56B4E9"

WIDTH, HEIGHT = 1200, 630
MAX_LANES = 12
BRAND = "LLM-OS Playground"

# Fonts tried in order: CJK-capable ones first, so that a Chinese title is
# drawn with real glyphs where such a font is installed.
FONT_CANDIDATES = (
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
    "DejaVuSans.ttf",
)
BOLD_CANDIDATES = (
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc",
    "/usr/share/fonts/noto-cjk/NotoSansCJK-Bold.ttc",
    "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
    "/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf",
    "DejaVuSans-Bold.ttf",
) + FONT_CANDIDATES

Font = ImageFont.FreeTypeFont | ImageFont.ImageFont


def thread_ops(scenario: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    """``(thread, op)`` for every op of every program, spawned threads' included.

    Programs are walked in scenario order; a spawned thread's ops come right
    after its ``spawn`` op, under the thread's name.
    """
    def walk(who: str, program: Any) -> Iterator[tuple[str, dict[str, Any]]]:
        for op in program if isinstance(program, list) else []:
            if not isinstance(op, dict):
                continue
            yield who, op
            if op.get("op") == "spawn" and isinstance(op.get("thread"), str):
                yield from walk(op["thread"], op.get("program"))

    for proc in scenario.get("processes") or []:
        if isinstance(proc, dict) and isinstance(proc.get("name"), str):
            yield from walk(proc["name"], proc.get("program"))


def uses_memory(scenario: dict[str, Any]) -> bool:
    """Does any program allocate or free memory?"""
    return any(op.get("op") in ("alloc", "free") for _, op in thread_ops(scenario))


def uses_disk(scenario: dict[str, Any]) -> bool:
    """Does anything reach the disk scheduler (``io_requests``, or an ``io`` op with a cylinder)?"""
    if scenario.get("io_requests"):
        return True
    return any(op.get("op") == "io" and "cylinder" in op for _, op in thread_ops(scenario))


def scenario_names(scenario: dict[str, Any]) -> list[str]:
    """Process and thread names in scenario order (palette.js ``scenarioNames``)."""
    names: list[str] = []

    def walk(program: Any) -> None:
        for op in program if isinstance(program, list) else []:
            if isinstance(op, dict) and op.get("op") == "spawn":
                if isinstance(op.get("thread"), str):
                    names.append(op["thread"])
                walk(op.get("program"))

    for proc in scenario.get("processes") or []:
        if isinstance(proc, dict):
            if isinstance(proc.get("name"), str):
                names.append(proc["name"])
            walk(proc.get("program"))
    return names


class Palette:
    """palette.js's ``Palette``: a name's colour depends only on the scenario."""

    def __init__(self, scenario: dict[str, Any]) -> None:
        self.slots: dict[str, int] = {}
        for name in scenario_names(scenario):
            self.slots.setdefault(name, len(self.slots) % len(OKABE_ITO))

    def slot(self, name: str) -> int:
        if name in self.slots:
            return self.slots[name]
        # The same 32-bit string hash as palette.js, for names the scenario does not list.
        h = 0
        for ch in str(name):
            h = (h * 31 + ord(ch)) & 0xFFFFFFFF
        return h % len(OKABE_ITO)

    def fill(self, name: str) -> str:
        return OKABE_ITO[self.slot(name)]

    def text(self, name: str) -> str:
        return TEXT_ON[self.slot(name)]


@dataclass(frozen=True)
class Bar:
    """One Gantt bar: ``lane`` indexes ``GanttChart.lanes``; ``label`` is drawn inside."""

    lane: int
    who: str
    start: int
    end: int
    label: str
    fill: str
    text: str


@dataclass
class GanttChart:
    """Lanes (top to bottom), bars, and the chart's end tick (at least 1).

    ``kinds[k]`` says what lane k is: ``("cpu", core)``, ``("thread", name)``
    or ``("disk", None)``, so that a page can label it in its own language.
    """

    lanes: list[str]
    kinds: list[tuple[str, Any]] = field(default_factory=list)
    bars: list[Bar] = field(default_factory=list)
    ticks: int = 1
    hidden_lanes: int = 0


def gantt_chart(scenario: dict[str, Any], result: dict[str, Any],
                by: Literal["core", "thread"] = "core", max_lanes: int = MAX_LANES) -> GanttChart:
    """The result's CPU segments (and disk services) as lanes and bars.

    ``by="core"``: a lane per core (``CPU 0``), bars named after the thread;
    ``by="thread"``: a lane per thread in scenario order, bars named after
    the core (``C0``) on a machine with several cores.  A ``Disk`` lane follows when the disk served
    requests.  Lanes past ``max_lanes`` are dropped and counted in
    ``hidden_lanes`` (the disk lane is always kept).
    """
    palette = Palette(scenario)
    segments = [s for s in (result.get("cpu") or {}).get("gantt") or [] if isinstance(s, dict)]
    requests = [r for r in (result.get("io") or {}).get("requests") or []
                if isinstance(r, dict) and isinstance(r.get("start"), int)
                and isinstance(r.get("finish"), int)]
    cores = max([int((scenario.get("cpu") or {}).get("cores") or 1)]
                + [int(s.get("core", 0)) + 1 for s in segments])
    if by == "core":
        keys: list[Any] = list(range(cores)) if segments or not requests else []
        labels = [f"CPU {c}" for c in keys]
    else:
        seen = {str(s["who"]) for s in segments}
        keys = [n for n in dict.fromkeys(scenario_names(scenario) + [str(s["who"]) for s in segments])
                if n in seen]
        labels = list(keys)
    hidden = max(0, len(keys) - max_lanes)
    keys, labels = keys[:max_lanes], labels[:max_lanes]
    row = {key: k for k, key in enumerate(keys)}
    chart = GanttChart(lanes=labels, hidden_lanes=hidden,
                       kinds=[("cpu" if by == "core" else "thread", key) for key in keys])
    for s in segments:
        who = str(s["who"])
        key = int(s.get("core", 0)) if by == "core" else who
        if key not in row:
            continue
        # By thread the lane names the thread; the bar names its core when there are several.
        label = who if by == "core" else (f"C{int(s.get('core', 0))}" if cores > 1 else "")
        chart.bars.append(Bar(row[key], who, int(s["start"]), int(s["end"]), label,
                              palette.fill(who), palette.text(who)))
    if requests:
        disk_row = len(chart.lanes)
        chart.lanes.append("Disk")
        chart.kinds.append(("disk", None))
        for r in requests:
            chart.bars.append(Bar(disk_row, str(r.get("who") or ""), r["start"], r["finish"],
                                  str(r.get("cylinder", "")), DISK_FILL, "#000000"))
    ends = [b.end for b in chart.bars] + [int(result.get("ticks") or 0)]
    chart.ticks = max(1, *ends)
    return chart


def policy_line(normalized: dict[str, Any], parts: Iterable[str]) -> str:
    """``cpu: rr q=2 · memory: first_fit`` for the parts the scenario uses.

    ``parts`` is a subset of ``("cpu", "memory", "io")``; identifiers are the
    engine's own names, the same in every language.
    """
    out = []
    for part in parts:
        section = normalized.get(part) or {}
        text = f"{part}: {section.get('policy', '?')}"
        if part == "cpu":
            # Only policies that read ``cpu.quantum`` show it (MLFQ has one per level).
            if "quantum" in _settings_of("cpu", section.get("policy")):
                text += f" q={section.get('quantum')}"
            if int(section.get("cores") or 1) > 1:
                text += f" ×{section.get('cores')}"
        out.append(text)
    return " · ".join(out)


def _settings_of(kind: str, policy: object) -> list[str]:
    """The scenario settings the registry says ``policy`` reads ([] for an unknown one)."""
    return next((p["settings"] for p in registry.describe(kind) if p["name"] == policy), [])


@functools.lru_cache(maxsize=16)
def font(size: int, bold: bool = False) -> Font:
    """The first installed candidate font at ``size`` px (Pillow's own as the last resort)."""
    for path in BOLD_CANDIDATES if bold else FONT_CANDIDATES:
        try:
            return ImageFont.truetype(path, size)
        except OSError:
            continue
    return ImageFont.load_default(size)


def _fit(draw: ImageDraw.ImageDraw, text: str, face: Font, width: int) -> str:
    """``text`` cut with an ellipsis so that it is at most ``width`` px wide."""
    if draw.textlength(text, font=face) <= width:
        return text
    while text and draw.textlength(text + "…", font=face) > width:
        text = text[:-1]
    return text + "…"


def _wrap(draw: ImageDraw.ImageDraw, text: str, face: Font, width: int, lines: int) -> list[str]:
    """``text`` in at most ``lines`` lines of at most ``width`` px, by words (by characters for CJK)."""
    words = text.split(" ") if " " in text else list(text)
    joiner = " " if " " in text else ""
    out: list[str] = []
    current = ""
    for k, word in enumerate(words):
        trial = f"{current}{joiner}{word}" if current else word
        if draw.textlength(trial, font=face) <= width or not current:
            current = trial
            continue
        if len(out) == lines - 1:
            return out + [_fit(draw, joiner.join([current] + words[k:]), face, width)]
        out.append(current)
        current = word
    return out + [_fit(draw, current, face, width)] if current else out


def tick_step(span: int, count: int = 10) -> int:
    """A 1/2/5 x 10^k step giving about ``count`` axis ticks over ``span`` (chart.js ``niceStep``)."""
    raw = max(span / count, 1)
    power = 10 ** math.floor(math.log10(raw))
    for m in (1, 2, 5, 10):
        if m * power >= raw:
            return m * power
    return 10 * power


def render_preview(title: str, subtitle: str, chart: GanttChart | None, note: str = "") -> bytes:
    """The preview image as PNG bytes: title, subtitle, then the chart (or ``note``)."""
    image = Image.new("RGB", (WIDTH, HEIGHT), "#FAFAF7")
    draw = ImageDraw.Draw(image)
    margin = 48
    draw.rectangle([0, 0, WIDTH, 10], fill=OKABE_ITO[4])
    y = 34
    for line in _wrap(draw, title, font(46, bold=True), WIDTH - 2 * margin, 2):
        draw.text((margin, y), line, font=font(46, bold=True), fill="#1B1B1B")
        y += 58
    if subtitle:
        draw.text((margin, y + 2), _fit(draw, subtitle, font(26), WIDTH - 2 * margin),
                  font=font(26), fill="#4A4A4A")
        y += 40
    top, bottom = y + 22, HEIGHT - 70
    if chart is not None and chart.bars:
        _draw_chart(draw, chart, margin, top, WIDTH - margin, bottom)
    elif note:
        for k, line in enumerate(_wrap(draw, note, font(28), WIDTH - 2 * margin, 3)):
            draw.text((margin, top + 20 + k * 40), line, font=font(28), fill="#4A4A4A")
    draw.text((margin, HEIGHT - 48), BRAND, font=font(24, bold=True), fill=OKABE_ITO[4])
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


def _draw_chart(draw: ImageDraw.ImageDraw, chart: GanttChart, x_left: int, top: int,
                right: int, bottom: int) -> None:
    """Lanes with their labels, the bars, and a tick axis, inside the box given."""
    label_face = font(22, bold=True)
    label_width = min(170, 16 + max(int(draw.textlength(name, font=label_face)) for name in chart.lanes))
    x0, x1 = x_left + label_width, right
    axis_room = 34
    lane_h = min(56, (bottom - top - axis_room) // max(1, len(chart.lanes)))
    scale = (x1 - x0) / chart.ticks

    def x(t: int) -> float:
        return x0 + t * scale

    for k, name in enumerate(chart.lanes):
        y = top + k * lane_h
        if k % 2:
            draw.rectangle([x_left, y, right, y + lane_h], fill="#F1F1EC")
        draw.text((x_left + 4, y + lane_h / 2), _fit(draw, name, label_face, label_width - 12),
                  font=label_face, fill="#1B1B1B", anchor="lm")
    bar_face = font(max(12, min(20, lane_h // 2)), bold=True)
    # A long run has far more bars than pixels: a bar whose pixels an earlier
    # bar of its lane already painted is skipped, so drawing costs at most
    # about a rectangle per pixel column per lane, however long the run.
    painted = [-1] * len(chart.lanes)
    for bar in chart.bars:
        if int(x(bar.end)) <= painted[bar.lane]:
            continue
        painted[bar.lane] = int(x(bar.end))
        y = top + bar.lane * lane_h + 4
        left, width = x(bar.start), max(1.0, x(bar.end) - x(bar.start))
        # Sub-pixel bars of a long run still show as one-pixel strokes, never vanish.
        draw.rectangle([left, y, left + width, y + lane_h - 8], fill=bar.fill,
                       outline="#1B1B1B" if width >= 4 else None)
        if bar.label and width > draw.textlength(bar.label, font=bar_face) + 8:
            draw.text((left + width / 2, y + (lane_h - 8) / 2), bar.label, font=bar_face,
                      fill=bar.text, anchor="mm")
    axis_y = top + len(chart.lanes) * lane_h + 4
    draw.line([x0, axis_y, x1, axis_y], fill="#1B1B1B", width=2)
    step = tick_step(chart.ticks)
    tick_face = font(18)
    for t in range(0, chart.ticks + 1, step):
        draw.line([x(t), axis_y, x(t), axis_y + 6], fill="#1B1B1B", width=2)
        draw.text((x(t), axis_y + 8), str(t), font=tick_face, fill="#1B1B1B", anchor="mt")
    if chart.hidden_lanes:
        draw.text((right, axis_y + 8), f"+{chart.hidden_lanes}", font=tick_face,
                  fill="#4A4A4A", anchor="rt")


@functools.lru_cache(maxsize=1)
def render_placeholder() -> bytes:
    """The image served while a worker prepares the preview (the same for every scenario).

    Empty lanes with grey bars where the chart will be, and an hourglass:
    no words, so it needs no translation.
    """
    image = Image.new("RGB", (WIDTH, HEIGHT), "#FAFAF7")
    draw = ImageDraw.Draw(image)
    margin = 48
    draw.rectangle([0, 0, WIDTH, 10], fill=OKABE_ITO[4])
    draw.rounded_rectangle([margin, 40, 760, 92], radius=10, fill="#E4E4DE")
    top, lane_h = 150, 64
    for k, (start, end) in enumerate(((0, 260), (180, 520), (420, 700), (600, 900))):
        y = top + k * lane_h
        if k % 2:
            draw.rectangle([margin, y, WIDTH - margin, y + lane_h], fill="#F1F1EC")
        draw.rounded_rectangle([margin + 120 + start, y + 10, margin + 120 + end, y + lane_h - 10],
                               radius=6, fill="#D9D9D2")
    # An hourglass: two triangles meeting in the middle of the picture.
    cx, cy, half = WIDTH // 2, top + 2 * lane_h, 56
    draw.polygon([(cx - half, cy - half), (cx + half, cy - half), (cx, cy)], fill=OKABE_ITO[4])
    draw.polygon([(cx - half, cy + half), (cx + half, cy + half), (cx, cy)], fill=OKABE_ITO[1])
    draw.text((margin, HEIGHT - 48), BRAND, font=font(24, bold=True), fill=OKABE_ITO[4])
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()
