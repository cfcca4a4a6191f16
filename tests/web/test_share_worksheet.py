"""/s/<slug>/worksheet/: the problem, empty tables, and an answer key equal to the engine's."""
from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from kernel_engine import presets, simulate
from playground.studio import artifacts, render_tasks
from playground.studio.services import save_scenario
from playground.studio.worksheet import format_bytes, format_number
from tests.web.renders import prepared, render_pending

pytestmark = pytest.mark.django_db

TIME_COLUMNS = ("start", "finish", "turnaround", "waiting", "response")


def worksheet(client: Client, preset: str, query: str = "") -> tuple[str, dict[str, Any]]:
    """The worksheet page of a preset, and the engine's result for it."""
    scenario = presets.load(preset)
    slug = save_scenario(scenario).slug
    response = prepared(client, f"/s/{slug}/worksheet/{query}")
    assert response.status_code == 200
    return response.content.decode(), simulate(scenario)


def answer_key(page: str) -> str:
    start = page.index('data-part="answer-key"')
    return page[start:page.index("</section>", start)]


def exercises(page: str) -> str:
    start = page.index('class="worksheet-exercises"')
    return page[start:page.index("</section>", start)]


def values_by_row(html: str, table: str, caption: str = "Processes") -> dict[str, list[str]]:
    """``data-who`` -> the data-value of each cell of that row, in the ``table`` with ``caption``."""
    match = re.search(rf'worksheet-{table}">\s*<caption>{caption}</caption>(.*?)</table>', html, re.S)
    assert match, f"no {table} table captioned {caption}"
    body = match.group(1)
    return {who: re.findall(r'data-value="([^"]*)"', cells)
            for who, cells in re.findall(r'<tr data-who="([^"]+)"[^>]*>(.*?)</tr>', body, re.S)}


def test_the_srt_answer_key_has_the_engines_times_and_averages(client: Client) -> None:
    page, result = worksheet(client, "cpu-srt-four")
    key = answer_key(page)
    rows = values_by_row(key, "times key")
    assert rows == {name: [repr(figures[c]) for c in TIME_COLUMNS]
                    for name, figures in result["processes"].items()}
    averages = re.search(r'<tr class="averages">(.*?)</tr>', key, re.S)
    assert averages
    assert re.findall(r'data-value="([^"]*)"', averages.group(1)) == [
        "", "", repr(result["averages"]["turnaround"]), repr(result["averages"]["waiting"]),
        repr(result["averages"]["response"])]
    # The textbook's numbers: average waiting 6.5, average turnaround 13.
    assert result["averages"]["waiting"] == 6.5 and result["averages"]["turnaround"] == 13.0
    assert ">6.5</td>" in averages.group(1) and ">13</td>" in averages.group(1)
    assert f'data-value="{result["cpu"]["context_switches"]}"' in key


def test_the_answer_key_draws_one_bar_per_segment(client: Client) -> None:
    page, result = worksheet(client, "cpu-srt-four")
    bars = re.findall(r'<rect class="key-bar"[^>]*data-who="([^"]+)" data-start="(\d+)" data-end="(\d+)"',
                      answer_key(page))
    assert [(who, int(a), int(b)) for who, a, b in bars] == [
        (s["who"], s["start"], s["end"]) for s in result["cpu"]["gantt"]]


def test_the_exercises_are_blank_and_the_key_is_on_its_own_page(client: Client) -> None:
    page, _ = worksheet(client, "cpu-srt-four")
    blank = exercises(page)
    assert "data-value" not in blank
    assert blank.count('<td class="num fill"></td>') == 4 * 5 + 3  # four processes, three averages
    assert 'class="worksheet-grid"' in blank
    assert blank.count('class="grid-cell"') == 26  # one cell per tick of the run
    assert page.index('class="worksheet-exercises"') < page.index('data-part="answer-key"')
    # print.css starts the key on a new page.
    css = (Path(__file__).resolve().parents[2] / "static/playground/css/print.css").read_text()
    assert re.search(r"\.answer-key \{[^}]*break-before: page", css)


def test_key_zero_leaves_the_answer_key_out(client: Client) -> None:
    page, _ = worksheet(client, "cpu-srt-four", "?key=0")
    assert 'data-part="answer-key"' not in page
    assert 'class="worksheet-exercises"' in page


def test_a_bad_key_option_is_explained(client: Client) -> None:
    slug = save_scenario(presets.load("cpu-srt-four")).slug
    response = client.get(f"/s/{slug}/worksheet/?key=yes")
    assert response.status_code == 400
    assert response.content.decode() == (
        "key must be 0 (no answer key) or 1 (with the answer key), got “yes”.")


def test_first_fit_addresses_equal_the_engines(client: Client) -> None:
    page, result = worksheet(client, "fit-textbook")
    allocations = [op for op in result["memory"]["ops"] if op["op"] == "alloc"]
    key = answer_key(page)
    cells = re.findall(r'<tr data-who="P" data-ref="(r\d+)">.*?data-value="([^"]*)">([^<]*)</td>',
                       key, re.S)
    assert [(ref, value) for ref, value, _text in cells] == [
        (op["ref"], "null" if op["addr"] is None else str(op["addr"])) for op in allocations]
    # Silberschatz: 212 KB goes into the 500 KB hole at 200 KB; 426 KB fails.
    assert cells[0][2] == "204800 (200KB)"
    assert cells[3][2] == "fails"
    # A memory-only scenario asks nothing about CPU times.
    assert "worksheet-times" not in page and "worksheet-grid" not in page


def test_the_disk_order_and_movement_equal_the_engines(client: Client) -> None:
    page, result = worksheet(client, "disk-textbook-sstf")
    key = answer_key(page)
    order = re.search(r'class="key-disk-order">.*?</p>', key, re.S)
    assert order
    requests = result["io"]["requests"]
    assert re.findall(r'data-value="(\d+)"', order.group(0)) == [
        str(requests[k]["cylinder"]) for k in result["io"]["order"]]
    assert re.findall(r'data-value="(\d+)"', order.group(0)) == [
        "65", "67", "37", "14", "98", "122", "124", "183"]
    assert f'class="key-total-movement">{result["io"]["total_movement"]}<' in key
    assert result["io"]["total_movement"] == 236
    assert exercises(page).count("<li>") == 8  # a box per request


def test_thread_times_come_from_the_result(client: Client) -> None:
    page, result = worksheet(client, "threads-rr-mutex")
    rows = values_by_row(answer_key(page), "times key", "Threads")
    spawned = [name for name in result["threads"] if name not in result["processes"]]
    assert spawned
    for name in spawned:
        assert rows[name] == [repr(result["threads"][name][c]) for c in TIME_COLUMNS]


def test_the_worksheet_of_a_scenario_over_the_limits_explains_why_it_has_no_key(
        client: Client, settings: Any) -> None:
    settings.PLAYGROUND_MAX_PROCESSES = 3
    page, _ = worksheet(client, "cpu-srt-four")
    assert "This scenario is larger than the playground runs here: the playground runs at " \
           "most 3 processes, this scenario has 4." in page
    assert 'data-part="answer-key"' not in page
    assert "worksheet-processes" in page  # the problem itself is still printed


def test_sizes_and_numbers_print_as_a_textbook_writes_them() -> None:
    assert format_bytes(2200 * 1024) == "2200KB"
    assert format_bytes(16 * 1024 * 1024) == "16MB"
    assert format_bytes(1000) == "1000 B"
    assert format_bytes(0) == "0"
    assert format_number(13.0) == "13"
    assert format_number(4.25) == "4.25"
    assert format_number(20 / 3) == "6.67"
    assert format_number(None) == "—"


def test_the_first_request_says_the_worksheet_is_being_prepared_and_reloads(
        client: Client, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(render_tasks, "EngineRun", lambda *a, **k: pytest.fail("not in the request"))
    slug = save_scenario(presets.load("cpu-srt-four")).slug
    response = client.get(f"/s/{slug}/worksheet/")
    assert response.status_code == 202
    page = response.content.decode()
    assert "This worksheet is being prepared" in page
    assert '<meta http-equiv="refresh" content="2">' in page
    assert 'data-part="answer-key"' not in page
    assert "no-store" in response["Cache-Control"]


def test_the_preview_and_the_worksheet_share_one_render(client: Client) -> None:
    slug = save_scenario(presets.load("cpu-srt-four")).slug
    assert client.get(f"/s/{slug}/worksheet/").status_code == 202
    assert client.get(f"/s/{slug}/preview.png").status_code == 202
    assert render_pending() == 1
    assert client.get(f"/s/{slug}/worksheet/").status_code == 200
    assert client.get(f"/s/{slug}/preview.png").status_code == 200


def test_a_worksheet_over_the_time_budget_says_so(client: Client,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(render_tasks, "RENDER_SECONDS", 0.0)
    monkeypatch.setattr(render_tasks, "CLOCK_EVERY", 1)
    page, _ = worksheet(client, "cpu-srt-four")
    assert (f"This scenario takes longer to simulate than the playground allows for a picture or "
            f"a worksheet ({artifacts.RENDER_SECONDS} seconds), so it has no answer key.") in page
    assert 'data-part="answer-key"' not in page
    assert "worksheet-processes" in page


def test_a_worksheet_over_the_step_budget_says_so(client: Client, settings: Any) -> None:
    settings.PLAYGROUND_MAX_STEPS = 3
    page, _ = worksheet(client, "cpu-srt-four")
    assert ("This scenario is larger than the playground runs here: the run makes more than 3 "
            "steps, the playground&#x27;s limit for one run.") in page
    assert 'data-part="answer-key"' not in page


def test_an_answer_key_too_large_to_print_is_left_out_with_a_sentence(
        client: Client, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(render_tasks, "MAX_KEY_BYTES", 100)
    page, _ = worksheet(client, "cpu-srt-four")
    assert "The answer key of this scenario is too large to print" in page
    assert 'data-part="answer-key"' not in page
    assert 'class="worksheet-exercises"' in page


@pytest.mark.parametrize("preset", ["cpu-srt-four", "rr-two-cores", "disk-textbook-sstf", "threads-rr-mutex"])
def test_the_key_data_counts_the_bars_the_chart_would_draw(preset: str) -> None:
    from playground.studio.preview import gantt_chart
    from playground.studio.worksheet import _key_bars

    scenario = presets.load(preset)
    result = simulate(scenario)
    assert _key_bars(result) == len(gantt_chart(scenario, result, by="core").bars)
