"""Link previews of shared scenarios: Open Graph tags and /s/<slug>/preview.png."""
from __future__ import annotations

import html
import io
import re
from typing import Any

import pytest
from django.test import Client
from PIL import Image

from kernel_engine import presets, simulate
from playground.studio import render_tasks, share_views
from playground.studio.preview import OKABE_ITO, gantt_chart, render_placeholder
from playground.studio.services import save_scenario
from tests.web.renders import prepared, render_pending

pytestmark = pytest.mark.django_db

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def meta(page: str, attr: str, name: str) -> str:
    """The content of <meta attr="name" content="...">, unescaped as a browser would."""
    match = re.search(rf'<meta {attr}="{re.escape(name)}" content="([^"]*)">', page)
    assert match, f"no <meta {attr}={name!r}>"
    return html.unescape(match.group(1))


def test_a_shared_link_carries_open_graph_and_twitter_card_tags(client: Client) -> None:
    slug = save_scenario(presets.load("cpu-srt-four")).slug
    page = client.get(f"/s/{slug}/").content.decode()
    assert meta(page, "property", "og:title") == "Shortest remaining time first"
    assert meta(page, "property", "og:url") == f"http://testserver/s/{slug}/"
    assert meta(page, "property", "og:image") == f"http://testserver/s/{slug}/preview.png"
    assert meta(page, "property", "og:image:width") == "1200"
    assert meta(page, "property", "og:image:height") == "630"
    assert meta(page, "name", "twitter:card") == "summary_large_image"
    assert meta(page, "property", "og:description").startswith("Four processes arrive one tick apart")
    # Long descriptions are cut for link previews.
    assert len(meta(page, "property", "og:description")) <= share_views.OG_DESCRIPTION_CHARS


def test_open_graph_values_are_escaped(client: Client, srt_four: dict[str, Any]) -> None:
    srt_four["title"] = '"><script>alert(1)</script>'
    srt_four["description"] = "a < b & \"c\""
    slug = save_scenario(srt_four).slug
    page = client.get(f"/s/{slug}/").content.decode()
    assert "<script>alert(1)</script>" not in page
    assert '"><script>' not in page
    assert meta(page, "property", "og:title") == '"><script>alert(1)</script>'
    assert meta(page, "property", "og:description") == 'a < b & "c"'
    assert 'content="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"' in page


def test_a_scenario_without_description_gets_a_summary(client: Client) -> None:
    slug = save_scenario({"version": 1, "title": "RR", "cpu": {"policy": "rr"},
                          "processes": [{"name": "A", "burst": 3}, {"name": "B", "burst": 2}]}).slug
    page = client.get(f"/s/{slug}/").content.decode()
    assert meta(page, "property", "og:description") == (
        "2 processes under the rr policy: run them step by step in the LLM-OS Playground.")


def test_preview_is_a_1200_by_630_png_cached_for_a_week(client: Client,
                                                        srt_four: dict[str, Any]) -> None:
    slug = save_scenario(srt_four).slug
    response = prepared(client, f"/s/{slug}/preview.png")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response.content.startswith(PNG_SIGNATURE)
    assert response["Content-Length"] == str(len(response.content))
    cache_control = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"public", f"max-age={7 * 24 * 3600}"} <= cache_control
    assert response["ETag"] == f'"{share_views.preview_etag(slug)}"'
    assert share_views.preview_etag(slug).startswith(f"{slug}-v{share_views.SHARE_VERSION}-")
    image = Image.open(io.BytesIO(response.content))
    assert image.size == (1200, 630)


def test_preview_draws_each_process_in_its_palette_colour(client: Client,
                                                          srt_four: dict[str, Any]) -> None:
    slug = save_scenario(srt_four).slug
    image = Image.open(io.BytesIO(prepared(client, f"/s/{slug}/preview.png").content)).convert("RGB")
    colours = {"#%02X%02X%02X" % rgb for _count, rgb in image.getcolors(maxcolors=1 << 16)}
    # P1..P4 are the palette's first four colours, as in the browser's chart.
    assert set(OKABE_ITO[:4]) <= colours


def test_preview_answers_304_to_its_etag_and_renders_once(client: Client, srt_four: dict[str, Any],
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    slug = save_scenario(srt_four).slug
    calls: list[int] = []
    real = render_tasks.render_preview
    monkeypatch.setattr(render_tasks, "render_preview",
                        lambda *a, **k: calls.append(1) or real(*a, **k))
    first = prepared(client, f"/s/{slug}/preview.png")
    again = client.get(f"/s/{slug}/preview.png")
    assert again.content == first.content
    assert len(calls) == 1  # the second came from the cache
    not_modified = client.get(f"/s/{slug}/preview.png", HTTP_IF_NONE_MATCH=first["ETag"])
    assert not_modified.status_code == 304
    assert not_modified.content == b""


def test_preview_of_an_unknown_slug_is_404(client: Client) -> None:
    assert client.get("/s/aaaaaaaaaa/preview.png").status_code == 404


def test_preview_of_a_scenario_over_the_limits_says_so_instead_of_running_it(
        client: Client, settings: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    settings.PLAYGROUND_MAX_PROCESSES = 2
    monkeypatch.setattr(render_tasks, "EngineRun", lambda *a, **k: pytest.fail("must not run"))
    slug = save_scenario({"version": 1, "title": "Three", "processes": [
        {"name": n, "burst": 1} for n in "ABC"]}).slug
    response = prepared(client, f"/s/{slug}/preview.png")
    assert response.status_code == 200
    assert response.content.startswith(PNG_SIGNATURE)


def test_uncached_previews_count_against_the_run_budget(client: Client, settings: Any,
                                                        srt_four: dict[str, Any]) -> None:
    settings.PLAYGROUND_RUNS_PER_MINUTE = 1
    first = save_scenario(srt_four).slug
    srt_four["title"] = "Another"
    second = save_scenario(srt_four).slug
    assert client.get(f"/s/{first}/preview.png").status_code == 202  # queued: counted
    assert client.get(f"/s/{first}/preview.png").status_code == 202  # still pending: free
    render_pending()
    assert client.get(f"/s/{first}/preview.png").status_code == 200  # rendered: free
    throttled = client.get(f"/s/{second}/preview.png")
    assert throttled.status_code == 429
    assert int(throttled["Retry-After"]) >= 1


def test_the_chart_has_the_engines_segments(srt_four: dict[str, Any]) -> None:
    result = simulate(srt_four)
    chart = gantt_chart(srt_four, result, by="core")
    assert chart.lanes == ["CPU 0"]
    assert [(b.who, b.start, b.end) for b in chart.bars] == [
        ("P1", 0, 1), ("P2", 1, 5), ("P4", 5, 10), ("P1", 10, 17), ("P3", 17, 26)]
    assert chart.ticks == 26
    by_thread = gantt_chart(srt_four, result, by="thread")
    assert by_thread.lanes == ["P1", "P2", "P3", "P4"]



def test_the_first_request_queues_a_render_and_gets_a_placeholder_that_is_never_cached(
        client: Client, srt_four: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(render_tasks, "EngineRun", lambda *a, **k: pytest.fail("not in the request"))
    slug = save_scenario(srt_four).slug
    response = client.get(f"/s/{slug}/preview.png")
    assert response.status_code == 202
    assert response["Content-Type"] == "image/png"
    assert response.content == render_placeholder()
    assert Image.open(io.BytesIO(response.content)).size == (1200, 630)
    assert "no-store" in response["Cache-Control"]
    assert response["Retry-After"] == str(share_views.PENDING_RETRY_SECONDS)
    assert not response.has_header("ETag")


def test_a_run_over_the_step_budget_gets_an_image_that_says_so(
        client: Client, settings: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    settings.PLAYGROUND_MAX_STEPS = 50
    notes: list[str] = []
    real = render_tasks.render_preview
    monkeypatch.setattr(render_tasks, "render_preview",
                        lambda title, sub, chart, note="": notes.append(note) or real(title, sub, chart, note))
    slug = save_scenario({"version": 1, "title": "Long", "cpu": {"policy": "rr", "quantum": 1},
                          "processes": [{"name": "A", "burst": 40}, {"name": "B", "burst": 40}]}).slug
    response = prepared(client, f"/s/{slug}/preview.png")
    assert response.status_code == 200
    assert notes == ["the run makes more than 50 steps, the playground's limit for one run"]


def test_opening_a_shared_link_prepares_its_preview_for_link_crawlers(
        client: Client, srt_four: dict[str, Any]) -> None:
    slug = save_scenario(srt_four).slug
    assert client.get(f"/s/{slug}/").status_code == 200
    assert render_pending() == 1
    assert client.get(f"/s/{slug}/preview.png").status_code == 200
    client.get(f"/s/{slug}/")
    assert render_pending() == 0  # rendered once per slug and engine


def test_a_long_run_costs_the_drawing_about_a_rectangle_per_pixel_column() -> None:
    from PIL import ImageDraw

    from playground.studio import preview

    bars = [preview.Bar(0, "A" if t % 2 else "B", t, t + 1, "", OKABE_ITO[t % 2], "#000000")
            for t in range(50_000)]
    chart = preview.GanttChart(lanes=["CPU 0"], kinds=[("cpu", 0)], bars=bars, ticks=50_000)
    drawn: list[Any] = []

    class Counting(ImageDraw.ImageDraw):
        def rectangle(self, *args: Any, **kwargs: Any) -> None:
            drawn.append(args)
            super().rectangle(*args, **kwargs)

    image = Image.new("RGB", (preview.WIDTH, preview.HEIGHT))
    preview._draw_chart(Counting(image), chart, 48, 100, preview.WIDTH - 48, preview.HEIGHT - 70)
    assert len(drawn) <= preview.WIDTH  # not 50,000
