"""Downloads from the player: charts as SVG and PNG, metrics as CSV, the result as JSON.

Each file is really downloaded through Chromium and checked against the
run's result from GET /api/runs/<id>/.
"""
from __future__ import annotations

import csv
import io
import json
import struct
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

from playwright.sync_api import Page, expect

from tests.browser.conftest import ARTIFACTS
from tests.browser.helpers import api_run, pause_player, wait_for_finished_run
from tests.stack import Stack

SVG = "{http://www.w3.org/2000/svg}"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
CSV_HEADER = ["name", "arrival", "burst", "start", "finish", "turnaround", "waiting", "response"]


def run_preset(page: Page, stack: Stack, preset: str) -> tuple[str, dict[str, Any]]:
    """Run a preset from the builder; its run id and the server's result."""
    page.goto(f"/build/?preset={preset}&run=1")
    run_id = wait_for_finished_run(page)
    pause_player(page)
    return run_id, api_run(stack.base_url, run_id)["result"]


def save_download(page: Page, button: str, chart: str | None = None) -> tuple[str, bytes]:
    """Click a download button of the run panel; the suggested file name and the bytes."""
    bar = page.locator(".run-panel .export-bar")
    if chart is not None:
        bar.locator("select.export-chart").select_option(chart)
    with page.expect_download() as info:
        bar.locator(f'button[data-export="{button}"]').click()
    download = info.value
    target = ARTIFACTS / "downloads" / download.suggested_filename
    target.parent.mkdir(parents=True, exist_ok=True)
    download.save_as(target)
    return download.suggested_filename, Path(target).read_bytes()


def test_the_gantt_chart_downloads_as_svg_with_one_bar_per_segment(page: Page, stack: Stack) -> None:
    run_id, result = run_preset(page, stack, "cpu-srt-four")
    name, data = save_download(page, "svg", "gantt")
    assert name == f"run-{run_id}-gantt.svg"
    root = ET.fromstring(data)
    assert root.tag == f"{SVG}svg"
    bars = [node for node in root.iter(f"{SVG}rect") if "gantt-bar" in node.get("class", "").split()]
    assert len(bars) == len(result["cpu"]["gantt"]) == 5
    assert sorted((b.get("data-who"), int(b.get("data-start")), int(b.get("data-end"))) for b in bars) == \
        sorted((s["who"], s["start"], s["end"]) for s in result["cpu"]["gantt"])
    # Styles are inline: the file looks the same without the page's stylesheet.
    first = bars[0].get("style", "")
    assert "fill:" in first and "stroke:" in first
    assert root.get("width") and root.get("height")


def test_the_gantt_chart_downloads_as_a_png_twice_its_size(page: Page, stack: Stack) -> None:
    run_id, _ = run_preset(page, stack, "cpu-srt-four")
    svg = page.locator(".gantt-svg")
    width, height = float(svg.get_attribute("width") or 0), float(svg.get_attribute("height") or 0)
    name, data = save_download(page, "png", "gantt")
    assert name == f"run-{run_id}-gantt.png"
    assert data.startswith(PNG_SIGNATURE)
    # IHDR, the first chunk: width and height as big-endian 32-bit integers.
    png_width, png_height = struct.unpack(">II", data[16:24])
    # Twice the exported picture: the chart under its title and legend (issue 11 §7).
    assert abs(png_width - 2 * width) <= 1 and png_height >= 2 * height + 2 * 26
    assert png_width >= 400 and png_height >= 80


def test_a_chart_file_carries_the_scenario_title_and_a_legend(page: Page, stack: Stack) -> None:
    run_preset(page, stack, "cpu-srt-four")
    _name, data = save_download(page, "svg", "gantt")
    root = ET.fromstring(data)
    title = next(node for node in root.iter(f"{SVG}text") if "export-title" in node.get("class", ""))
    assert title.text is not None and title.text.startswith("Shortest remaining time first — ")
    legend = [node.text for node in root.iter(f"{SVG}text") if "export-legend-name" in node.get("class", "")]
    assert legend == ["P1", "P2", "P4", "P3"] or sorted(legend) == ["P1", "P2", "P3", "P4"]
    swatches = [node for node in root.iter(f"{SVG}rect") if "export-legend-swatch" in node.get("class", "")]
    assert len(swatches) == 4 and all("fill:" in s.get("style", "") for s in swatches)
    # The chart itself sits below the title and the legend.
    chart = next(node for node in root.iter(f"{SVG}svg") if "gantt-svg" in node.get("class", ""))
    assert float(chart.get("y") or 0) >= 26 + 20


def test_the_metrics_download_as_csv_with_a_row_per_process(page: Page, stack: Stack) -> None:
    run_id, result = run_preset(page, stack, "cpu-srt-four")
    name, data = save_download(page, "csv")
    assert name == f"run-{run_id}-metrics.csv"
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert rows[0] == CSV_HEADER
    assert [row[0] for row in rows[1:]] == list(result["processes"]) == ["P1", "P2", "P3", "P4"]
    for row in rows[1:]:
        figures = result["processes"][row[0]]
        assert [int(v) for v in row[1:]] == [figures[c] for c in CSV_HEADER[1:]]
    # Textbook SRT: waiting times 9, 0, 15, 2.
    assert [row[CSV_HEADER.index("waiting")] for row in rows[1:]] == ["9", "0", "15", "2"]


def test_the_result_downloads_as_json_equal_to_the_api(page: Page, stack: Stack) -> None:
    run_id, result = run_preset(page, stack, "cpu-srt-four")
    name, data = save_download(page, "json")
    assert name == f"run-{run_id}-result.json"
    assert json.loads(data) == result == api_run(stack.base_url, run_id)["result"]


def test_every_chart_of_a_run_can_be_downloaded(page: Page, stack: Stack) -> None:
    run_id, result = run_preset(page, stack, "llm-os-combined")
    options = page.locator(".export-bar select.export-chart option")
    names = [options.nth(k).get_attribute("value") for k in range(options.count())]
    assert {"gantt", "memory", "disk"} <= set(names)
    _, data = save_download(page, "svg", "memory")
    root = ET.fromstring(data)
    blocks = [n for n in root.iter(f"{SVG}rect") if "memory-block" in n.get("class", "").split()]
    assert blocks, "the memory map's blocks are in the file"
    # The hatching of holes is a pattern: it travels with the file.
    for node in root.iter():
        for value in node.attrib.values():
            if "url(#" in value:
                target = value.split("url(#", 1)[1].split(")", 1)[0].strip("\"'")
                assert root.find(f".//*[@id='{target}']") is not None, target
    assert result["status"] == "completed"


def test_csv_and_json_wait_for_the_end_of_the_run(page: Page, stack: Stack) -> None:
    # Until run.finished there is no result to download.
    page.goto("/build/?preset=cpu-srt-four")
    # A socket that never reaches the server: the run never finishes on this page.
    page.route_web_socket("**/ws/runs/**", lambda socket: None)
    page.locator('[data-part="run"]').click()
    bar = page.locator(".run-panel .export-bar")
    expect(bar).to_be_visible()
    expect(bar.locator('button[data-export="csv"]')).to_be_disabled()
    expect(bar.locator('button[data-export="json"]')).to_be_disabled()


def test_a_process_name_cannot_smuggle_a_spreadsheet_formula(page: Page, stack: Stack) -> None:
    page.goto("/build/")
    text = page.evaluate("""async () => {
        const { metricsCsv } = await import("/static/playground/js/export.js");
        return metricsCsv({ processes: {
            "=HYPERLINK(\\"http://x\\")": { arrival: 0, burst: 2, start: 0, finish: 2, turnaround: 2, waiting: 0, response: 0 },
            "P,2": { arrival: 1, burst: 1, start: 2, finish: 3, turnaround: 2, waiting: 1, response: 1 },
        } });
    }""")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"), newline="")))
    assert rows[1][0] == "'=HYPERLINK(\"http://x\")"
    assert rows[2][0] == "P,2"
    assert text.endswith("\r\n")
