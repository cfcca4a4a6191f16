"""Compare the LLM device (issue 13): request scheduling on the convoy preset
(four long requests ahead of twelve short ones, four sequences per batch), and
batching on the continuous-batching preset, with the first iteration where the
runs batch differently, the serving figures side by side, each run's device
at the cursor, the reveal rule, and the page in Chinese.

llm-convoy: FCFS and RR start with the four long requests, shortest remaining
tokens with four short ones; mean time to first token 11288.5, 284.5 and
646.3 ticks; RR preempts 4 times.
"""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.test_a11y import save_scenario
from tests.browser.test_compare import wait_compared
from tests.browser.test_i18n import choose_chinese, compiled_catalogs  # noqa: F401  (a fixture)
from tests.stack import Stack

CONVOY = ("/compare/?preset=llm-convoy&subsystem=llm_scheduling"
          "&policy=fcfs&policy=shortest_remaining_tokens&policy=rr")
LONGS = "long0 (prefill), long1 (prefill), long2 (prefill), long3 (prefill)"
SHORTS = "short0 (prefill), short1 (prefill), short2 (prefill), short3 (prefill)"


def cell(page: Page, metric: str, variant: str):
    return page.locator(f'.compare-averages td[data-metric="{metric}"][data-variant="{variant}"]')


def test_scheduling_policies_part_at_the_first_iteration_and_serve_the_short_requests_sooner(
        page: Page, stack: Stack) -> None:
    page.goto(CONVOY)
    expect(page.locator("h1")).to_have_text("Compare LLM request scheduling")
    wait_compared(page)
    expect(page.locator(".compare-divergence-text")).to_have_text(
        f"iteration 1: FCFS batches {LONGS}; shortest remaining batches {SHORTS}; RR batches {LONGS}")
    expect(page.locator('.compare-reasons li[data-variant="shortest_remaining_tokens"]')).to_contain_text(
        "short4 waits: the batch holds 4 sequences already")
    expect(cell(page, "ttft", "fcfs")).to_have_text(re.compile(r"^11288\.5 ticks"))
    expect(cell(page, "ttft", "shortest_remaining_tokens")).to_have_text(re.compile(r"^284\.5 ticks"))
    expect(cell(page, "ttft", "shortest_remaining_tokens")).to_have_attribute("data-best", "true")
    expect(cell(page, "preemptions", "rr")).to_have_text(re.compile(r"^4"))
    expect(cell(page, "mean_batch", "fcfs")).to_have_text(re.compile(r"^4"))
    for metric in ("throughput", "e2e", "kv_used", "max_batch"):
        expect(page.locator(f'.compare-averages tr[data-metric="{metric}"] td')).to_have_count(3)
    # Each run's device at the cursor is a table.
    expect(page.locator(".compare-variant .llm-at-cursor")).to_have_count(3)
    page.locator(".player-first").click()
    first = page.locator('.compare-variant[data-variant="shortest_remaining_tokens"] .llm-at-cursor')
    expect(first.locator('tr[data-row="batch"] td')).to_have_text(SHORTS)
    expect(first.locator('tr[data-row="tokens"] td')).to_have_text("200")


def test_with_the_whole_run_hidden_only_the_iterations_so_far_are_counted(page: Page, stack: Stack) -> None:
    page.goto(CONVOY)
    wait_compared(page)
    page.locator(".player-whole-run").uncheck()
    page.locator(".player-first").click()
    expect(page.locator(".compare-averages caption")).to_contain_text("Up to t=0")
    expect(cell(page, "iterations", "fcfs")).to_have_text("1")
    expect(cell(page, "ttft", "fcfs")).to_have_text("—")  # known only at the end
    # The first iteration is at t=0: its difference is already shown.
    expect(page.locator(".compare-divergence-text")).to_contain_text("iteration 1:")
    page.locator(".player-last").click()
    expect(cell(page, "ttft", "fcfs")).to_have_text(re.compile(r"^11288\.5"))


def test_request_level_and_continuous_batching_on_one_workload(page: Page, stack: Stack) -> None:
    page.goto("/compare/?preset=llm-continuous-batching&subsystem=llm_batching")
    boxes = page.locator('.compare-picker input[name="policy"]')
    expect(boxes).to_have_count(2)
    expect(page.locator('.compare-picker input[name="policy"]:checked')).to_have_count(2)
    page.locator('[data-part="compare"]').click()
    wait_compared(page)
    expect(page.locator(".compare-divergence-text")).to_contain_text("request-level batches")
    expect(cell(page, "e2e", "iteration_level")).to_have_attribute("data-best", "true")
    expect(cell(page, "throughput", "iteration_level")).to_have_attribute("data-best", "true")


#: 24 chat-like requests on the default 13B model and 12 GB KV pool: reserving
#: max_seq_len (2048 tokens, 1.6 GB) per request fits 7 of them, paging 14 in the
#: first batch (its 2048-token budget) and all 24 at once later.
RESERVATION = {"version": 1, "title": "Reservation versus paging, small",
               "llm": {"kv": {"policy": "contiguous_max"}, "batching": {"max_batch_seqs": 32},
                       "generate": {"count": 24, "interval": 0, "prompt_cycle": [16, 48, 112, 208, 304],
                                    "output_cycle": [24, 96, 256, 400, 120], "output_stride": 1}}}


def test_reserving_the_maximum_length_batches_fewer_requests_than_paging(page: Page, stack: Stack) -> None:
    slug = save_scenario(stack, RESERVATION)
    page.goto(f"/compare/?slug={slug}&subsystem=llm_kv")
    expect(page.locator("h1")).to_have_text("Compare KV cache policies")
    ticked = page.locator('.compare-picker input[name="policy"]:checked')
    expect(ticked).to_have_count(2)
    page.locator('[data-part="compare"]').click()
    wait_compared(page)
    expect(page.locator(".compare-divergence-text")).to_contain_text("and 1 more; ")  # 7 requests
    expect(page.locator(".compare-divergence-text")).to_contain_text("and 8 more")     # 14 requests
    expect(page.locator('.compare-reasons li[data-variant="contiguous_max"]')).to_contain_text("g7 waits")
    expect(cell(page, "max_batch", "contiguous_max")).to_have_text(re.compile(r"^7"))
    expect(cell(page, "max_batch", "paged")).to_have_text(re.compile(r"^24"))
    expect(cell(page, "throughput", "paged")).to_have_attribute("data-best", "true")
    expect(cell(page, "kv_used", "contiguous_max")).to_have_text(re.compile(r"^10\.4%"))
    expect(cell(page, "kv_used", "paged")).to_have_text(re.compile(r"^21\.3%"))


def test_the_scheduling_comparison_in_chinese(page: Page, stack: Stack) -> None:
    choose_chinese(page)
    page.goto(CONVOY)
    wait_compared(page)
    expect(page.locator("h1")).to_have_text("比较 LLM 请求调度")
    expect(page.locator(".compare-divergence-text")).to_contain_text("第 1 轮迭代：FCFS 批处理 long0（预填充）、long1（预填充）")
    expect(page.locator('.compare-averages tr[data-metric="ttft"] th')).to_have_text("平均首词元时间")
    expect(cell(page, "ttft", "fcfs")).to_have_text(re.compile(r"^11288\.5 个时钟周期"))


@pytest.mark.parametrize("lang", ["en", "zh-hans"])
def test_the_llm_comparison_passes_axe(page: Page, stack: Stack, lang: str) -> None:
    from tests.browser.test_interaction import axe_violations

    if lang != "en":
        choose_chinese(page)
    page.goto(CONVOY)
    wait_compared(page)
    assert axe_violations(page, "[data-page=compare]") == []


def test_a_run_cut_short_by_the_tick_limit_is_said_to_be(page: Page, stack: Stack) -> None:
    slug = save_scenario(stack, {**RESERVATION, "limits": {"max_ticks": 2000}})
    page.goto(f"/compare/?slug={slug}&subsystem=llm_kv&policy=contiguous_max&policy=paged")
    wait_compared(page)
    note = page.locator('[data-part="notes"] p[data-variant="contiguous_max"]')
    expect(note).to_contain_text("reached the tick limit at t=2000 and stopped")
    expect(page.locator('[data-part="notes"] p')).to_have_count(2)  # both stop before their end
