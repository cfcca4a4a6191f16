"""Compare every subsystem (issue 11 §5): memory allocators, list orders and disk
schedulers on one workload, with the first divergence named, and each
policy's settings shown (RR's quantum editable in the picker).

Textbook numbers: fit-textbook (holes 100, 500, 200, 300, 600 KB; requests
212, 417, 112, 426 KB): first fit puts 212 KB in the 500 KB hole, best fit
in the 300 KB one, and only best fit places all four.  disk-textbook-sstf
(head at 53): SSTF serves 65 first and moves 236 cylinders, FCFS serves 98
first and moves 640.
"""
from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.browser.test_compare import wait_compared
from tests.stack import Stack


def cell(page: Page, metric: str, variant: str):
    return page.locator(f'.compare-averages td[data-metric="{metric}"][data-variant="{variant}"]')


def test_first_fit_and_best_fit_part_at_the_first_allocation(page: Page, stack: Stack) -> None:
    page.goto("/compare/?preset=fit-textbook&subsystem=memory&policy=best_fit&policy=first_fit")
    expect(page.locator("h1")).to_have_text("Compare memory allocators")
    wait_compared(page)
    expect(page.locator(".compare-divergence-text")).to_have_text(
        "op 1 (P asks for 212 KB): First fit takes the 500 KB hole at 200 KB; "
        "Best fit takes the 300 KB hole at 1100 KB")
    expect(page.locator('.compare-reasons li[data-variant="best_fit"]')).to_contain_text("best fit:")
    # One memory map per allocator, each headed by its name and list order.
    expect(page.locator(".compare-variant .memory-map")).to_have_count(2)
    expect(page.locator('.compare-variant[data-variant="first_fit"] .compare-variant-title')).to_contain_text(
        "free list in address order")
    expect(cell(page, "failed", "best_fit")).to_have_attribute("data-best", "true")
    expect(cell(page, "failed", "first_fit")).to_have_text(re.compile(r"^1"))
    # The failure of 426 KB under first fit is named in units at its op.
    page.locator(".compare-goto").click()
    expect(page.locator(".player")).to_have_attribute("data-tick", "0")


def test_first_fit_in_size_order_is_compared_as_a_list_order(page: Page, stack: Stack) -> None:
    page.goto("/compare/?preset=fit-textbook&subsystem=memory")
    page.locator('.compare-picker input[value="first_fit:order=size_asc"]').check()
    expect(page.locator('.compare-picker input[value="best_fit"]')).to_be_checked()  # the usual contrast
    page.locator('.compare-picker input[value="best_fit"]').uncheck()
    page.locator('[data-part="compare"]').click()
    expect(page).to_have_url(re.compile(r"policy=first_fit&policy=first_fit%3Aorder%3Dsize_asc$"))
    wait_compared(page)
    # First fit over a list kept smallest first is best fit: the 300 KB hole.
    expect(page.locator(".compare-divergence-text")).to_contain_text(
        "First fit (order size_asc) takes the 300 KB hole at 1100 KB")


def test_sstf_and_fcfs_disk_schedulers_part_at_the_first_service(page: Page, stack: Stack) -> None:
    page.goto("/compare/?preset=disk-textbook-sstf&subsystem=io&policy=sstf&policy=fcfs")
    expect(page.locator("h1")).to_have_text("Compare disk schedulers")
    wait_compared(page)
    expect(page.locator(".compare-divergence-text")).to_have_text(
        "service 1 (head at 53): SSTF serves cylinder 65; FCFS serves cylinder 98")
    expect(page.locator(".compare-variant .disk-arm")).to_have_count(2)
    expect(cell(page, "total_movement", "sstf")).to_have_text(re.compile(r"^236"))
    expect(cell(page, "total_movement", "fcfs")).to_have_text(re.compile(r"^640"))
    expect(cell(page, "total_movement", "sstf")).to_have_attribute("data-best", "true")


def test_rr_shows_its_quantum_and_the_picker_changes_it(page: Page, stack: Stack) -> None:
    page.goto("/compare/?preset=srtf-four")
    quantum = page.locator('.compare-picker input[name="rr.quantum"]')
    expect(quantum).to_have_value("2")
    page.locator(".compare-picker input[value=rr]").check()
    page.locator(".compare-picker input[value=fcfs]").uncheck()
    quantum.fill("3")
    page.locator('[data-part="compare"]').click()
    expect(page).to_have_url(re.compile(r"policy=srt&policy=rr&rr.quantum=3$"))
    wait_compared(page)
    expect(page.locator('.compare-settings li[data-variant="rr:quantum=3"]')).to_have_text("RR (quantum 3) — quantum 3")
    expect(page.locator('.compare-averages thead th[data-variant="rr:quantum=3"]')).to_have_text("RR (quantum 3)")
    # Under RR with quantum 3, P1 runs 0-3 before P2 gets the CPU.
    expect(page.locator('.compare-variant[data-policy="rr"] rect.gantt-bar[data-who="P1"]').first).to_have_attribute("data-end", "3")


def test_the_other_subsystems_of_a_scenario_are_one_click_away(page: Page, stack: Stack) -> None:
    page.goto("/compare/?preset=llm-os-combined")
    links = page.locator("[data-part=subsystems] a")
    # The combined preset has memory, a disk and the LLM device (issue 13: its three comparisons).
    expect(links).to_have_text(["Compare memory allocators", "Compare disk schedulers", "Compare KV cache policies",
                                "Compare LLM batching", "Compare LLM request scheduling"])
    links.first.click()
    expect(page.locator("h1")).to_have_text("Compare memory allocators")


def test_a_wrong_setting_or_subsystem_is_explained(page: Page, stack: Stack) -> None:
    response = page.goto("/compare/?preset=srtf-four&policy=srt&policy=rr:quantum=0")
    assert response is not None and response.status == 400
    expect(page.locator('[data-part="errors"]')).to_contain_text("rr: quantum must be a whole number of ticks")
    response = page.goto("/compare/?preset=srtf-four&subsystem=memory")
    assert response is not None and response.status == 400
    expect(page.locator('[data-part="errors"]')).to_contain_text("This scenario has no “memory” section")
    response = page.goto("/compare/?preset=srtf-four&subsystem=gpu")
    assert response is not None and response.status == 400


def test_the_memory_comparison_passes_axe(page: Page, stack: Stack) -> None:
    from tests.browser.test_interaction import axe_violations

    page.goto("/compare/?preset=fit-textbook&subsystem=memory&policy=first_fit&policy=worst_fit")
    wait_compared(page)
    assert axe_violations(page, "[data-page=compare]") == []
