"""The Chinese user interface, end to end: switch, reload, gallery, builder, player, log,
compare, the library's refusals and a practice checkpoint.

The language menu in the header posts to Django's set_language, which keeps
the choice in the ``django_language`` cookie; the engine's reasons, problems
and errors come with their keys, and translate.js renders each key's Chinese
template from /i18n/reasons/zh-hans.json.
"""
from __future__ import annotations

import re

import pytest
from django.core.management import call_command
from playwright.sync_api import Page, expect

from kernel_engine import presets
from tests.browser.helpers import pause_player, wait_for_finished_run
from tests.stack import Stack
from tests.web.helpers import http_json

HAN = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture(scope="module", autouse=True)
def compiled_catalogs() -> None:
    """The .mo files the server reads (set-up makes them; make sure they are current)."""
    call_command("compile_translations", verbosity=0)


def choose_chinese(page: Page) -> None:
    page.goto("/")
    page.locator("#language-select").select_option("zh-hans")
    expect(page.locator("html")).to_have_attribute("lang", "zh-hans")


def test_the_language_menu_switches_to_chinese_and_a_reload_keeps_it(page: Page, stack: Stack) -> None:
    choose_chinese(page)
    page.reload()
    expect(page.locator("html")).to_have_attribute("lang", "zh-hans")
    expect(page.locator("h1")).to_have_text("看操作系统如何思考")
    expect(page.locator(".site-nav a[href='/']")).to_have_text("场景库")
    expect(page.locator("[data-filter=cpu]")).to_have_text("CPU 调度")
    expect(page.locator("#language-select")).to_have_value("zh-hans")
    # And back: the same menu returns to English.
    page.locator("#language-select").select_option("en")
    expect(page.locator("h1")).to_have_text("Watch an operating system think")


def test_the_builder_the_player_and_the_event_log_speak_chinese(page: Page, stack: Stack) -> None:
    choose_chinese(page)
    page.goto("/build/?preset=cpu-srt-four&run=1")
    wait_for_finished_run(page)
    pause_player(page)
    expect(page.locator("#processes-heading")).to_have_text("进程")
    expect(page.locator("[data-part=run]").first).to_have_text("运行")
    expect(page.locator(".player-play")).to_have_attribute("aria-label", "播放（空格）")
    expect(page.get_by_role("slider", name="跳到某一步")).to_be_visible()
    page.locator(".player").press("End")
    # The player redraws on the next animation frame: wait for the last step (t=26) before reading the log.
    expect(page.locator(".player")).to_have_attribute("data-tick", "26")
    reasons = page.locator(".log-reason").all_text_contents()
    assert reasons, "the log shows reasons"
    assert all(HAN.search(text) for text in reasons), reasons
    # The textbook moment of SRT, in Chinese, with the values untouched.
    assert any(re.fullmatch(r"SRT：P\d 抢占 P\d：剩余 \d+ 个时钟周期 < \d+", t) for t in reasons), reasons
    expect(page.locator(".log-kind").first).to_have_text("到达")


def test_a_reason_is_rendered_from_its_key_not_matched_from_its_english(page: Page, stack: Stack) -> None:
    choose_chinese(page)
    page.goto("/build/")
    rendered = page.evaluate("""async () => {
        const { translateReason } = await import("/static/playground/js/translate.js");
        return [
          // English text no template matches: only the key can give the Chinese.
          translateReason({ reason: "(text lost in transit)", reason_key: "cpu.srt.preempt",
                            reason_args: { who: "P2", victim: "P1", n: 4, m: 7 } }),
          // A nested reason travels as {key, args} and is rendered in turn.
          translateReason({ reason: "", reason_key: "memory.first_fit.chosen_how",
                            reason_args: { addr: 0, size: 64, need: 8,
                                           how: { key: "memory.size.rounded", args: { n: 5, align: 8 } } } }),
          // Nothing is matched back from English: a record without a key stays as it is.
          translateReason({ reason: "P1 arrives" }),
        ];
    }""")
    assert rendered[0] == "SRT：P2 抢占 P1：剩余 4 个时钟周期 < 7"
    assert HAN.search(rendered[1]) and "5" in rendered[1] and "8" in rendered[1], rendered[1]
    assert "rounded" not in rendered[1]
    assert rendered[2] == "P1 arrives"


def test_a_validation_error_from_the_engine_is_shown_in_chinese(page: Page, stack: Stack) -> None:
    choose_chinese(page)
    page.goto("/build/?preset=cpu-srt-four")
    burst = page.get_by_label("进程 1 的 CPU 区间")
    burst.fill("-3")
    error = page.locator(".has-error .field-error").first
    expect(error).to_have_text("必须是正整数，实际是 -3", timeout=10_000)


def test_the_json_tab_says_where_the_json_breaks_in_chinese(page: Page, stack: Stack) -> None:
    """Never the browser's English JSON.parse message: our own scan's line, column and reason."""
    choose_chinese(page)
    page.goto("/build/?preset=cpu-srt-four")
    page.locator("#tab-json").click()
    editor = page.locator('[data-part="json-editor"]')
    editor.fill('{\n  "title": "先来先服务",\n  "cpu": {"policy": "fcfs",}\n}')
    status = page.locator('[data-part="json-status"]')
    expect(status).to_have_text("还不是有效的 JSON：第 3 行第 28 列：逗号不能紧挨在“}”之前")
    editor.fill("{'title': 'x'}")
    expect(status).to_have_text("还不是有效的 JSON：第 1 行第 2 列：字符串要用双引号，不能用单引号")
    expect(editor).to_have_attribute("aria-invalid", "true")


def test_english_pages_load_no_reason_catalog(page: Page, stack: Stack) -> None:
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto("/build/?preset=rr-q4&run=1")
    wait_for_finished_run(page)
    assert not [url for url in requested if "/i18n/reasons/" in url]
    expect(page.locator(".log-reason").first).to_contain_text("arrives")


def test_the_compare_page_names_the_first_divergence_in_chinese(page: Page, stack: Stack) -> None:
    choose_chinese(page)
    page.goto("/compare/?preset=srtf-four&policy=srt&policy=fcfs")
    expect(page.locator("[data-page=compare]")).to_have_attribute("data-compared", "true", timeout=30_000)
    # Silberschatz's four processes: at t=1 SRT preempts P1 (7 ticks left) for P2 (4).
    expect(page.locator(".compare-divergence-text")).to_have_text("t=1：SRT 为 P2 抢占 P1；FCFS 让 P1 继续运行")
    expect(page.locator('.compare-reasons li[data-policy="srt"]')).to_have_text(
        "SRT — SRT：P2 抢占 P1：剩余 4 个时钟周期 < 7")


def test_a_refusal_written_by_the_playground_is_shown_in_chinese(page: Page, stack: Stack) -> None:
    # Not an engine sentence: playground/studio/library_views.py writes it, with
    # its key (web.library.reference) beside it.
    choose_chinese(page)
    page.goto("/library/?fn=math.transpose")
    page.locator("textarea[data-arg=a]").fill('{"$ref": "earlier"}')
    page.locator("[data-part=call-button]").click()
    expect(page.locator("[data-part=errors]")).to_contain_text(
        "引用之前调用的结果只能用在场景的程序里；请在这里直接写出值")


def test_the_library_page_describes_and_refuses_in_chinese(page: Page, stack: Stack) -> None:
    choose_chinese(page)
    page.goto("/library/?fn=math.inverse")
    # The list's summaries, the function's summary and its argument's description, by key.
    expect(page.locator(".library-summary").first).to_have_text(HAN)
    expect(page.locator(".library-fn-summary")).to_have_text(HAN)
    expect(page.locator("#arg-a-help")).to_have_text(HAN)
    # An error found while computing: the library's own sentence, in Chinese.
    page.locator("textarea[data-arg=a]").fill("[[1, 2], [2, 4]]")
    page.locator("[data-part=call-button]").click()
    failure = page.locator("[data-part=failure]")
    expect(failure).to_have_text(HAN)
    assert "singular" not in (failure.text_content() or "")


def test_a_function_name_with_a_digit_is_kept_in_a_chinese_refusal(page: Page, stack: Stack) -> None:
    # The old English matching read "math.log2" as no function name at all.
    choose_chinese(page)
    page.goto("/library/")
    refused = page.evaluate("""async () => {
        const { ApiError, postJSON } = await import("/static/playground/js/api.js");
        try {
          await postJSON("/api/library/call/", { fn: "math.log2", args: {} });
          return null;
        } catch (err) {
          return err instanceof ApiError ? err.errors[0].message : String(err);
        }
    }""")
    assert refused is not None and refused.startswith("未知函数 'math.log2'；你是想用 'math."), refused


def test_a_practice_checkpoint_asks_and_answers_in_chinese(page: Page, stack: Stack) -> None:
    scenario = presets.load("cpu-srt-four")
    scenario["checkpoints"] = [{"t": 5, "kind": "next_process", "prompt": "t = 5 时运行哪个进程？"}]
    status, body, _ = http_json("POST", f"{stack.base_url}/api/scenarios/", {"scenario": scenario})
    assert status == 201, body
    choose_chinese(page)
    page.goto(f"/practice/{body['slug']}/")
    box = page.locator("[data-part=checkpoints]")
    expect(box).to_have_attribute("data-active", "0", timeout=30_000)
    expect(box.locator("h2")).to_have_text("检查点")
    box.locator('[data-choice="P4"]').click()
    expect(box.locator("[data-part=checkpoint-verdict]")).to_have_text("正确：P4。")
    expect(box.locator("[data-part=checkpoint-continue]")).to_have_text("继续")
