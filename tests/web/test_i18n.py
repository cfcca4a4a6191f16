"""English and Simplified Chinese: the catalogs, the language switch, the reasons endpoint.

The catalogs are locale/zh_Hans/LC_MESSAGES/django.po (templates, Python,
and the engine's sentence templates) and djangojs.po (the front end).  A
string marked for translation but missing from a catalog, an untranslated
or fuzzy entry, or a translation that drops a placeholder fails here.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

import polib
import pytest
from django.core.management import call_command
from django.test import Client

from kernel_engine import presets
from kernel_engine.i18n import render
from playground.studio.i18n_views import every_key

ROOT = Path(__file__).resolve().parents[2]
LOCALE = ROOT / "locale" / "zh_Hans" / "LC_MESSAGES"
PLACEHOLDER = re.compile(r"%\(\w+\)[sdr]|\{[a-z][a-z0-9_]*\}")
# gettext("..."), ngettext("...", "...", n), interpolate(gettext("..."), ...) in the front end.
JS_STRING = re.compile(r"""\b(?:n?gettext)\(\s*("(?:[^"\\]|\\.)*")(?:\s*,\s*("(?:[^"\\]|\\.)*"))?""")
TEMPLATE_STRING = re.compile(r"""\{%\s*translate\s+"([^"]*)"|\{%\s*translate\s+'([^']*)'""")


def catalog(domain: str) -> polib.POFile:
    return polib.pofile(str(LOCALE / f"{domain}.po"))


def msgids(domain: str) -> set[str]:
    """Every source string of ``domain``, plural forms included."""
    entries = [e for e in catalog(domain) if not e.obsolete]
    return {e.msgid for e in entries} | {e.msgid_plural for e in entries if e.msgid_plural}


@pytest.mark.parametrize("domain", ["django", "djangojs"])
def test_every_entry_is_translated_and_none_is_fuzzy(domain: str) -> None:
    po = catalog(domain)
    missing = [e.msgid for e in po.untranslated_entries()] + [e.msgid for e in po.fuzzy_entries()]
    assert missing == [], f"{domain}.po has untranslated or fuzzy entries: {missing[:20]}"
    assert po.metadata.get("Plural-Forms", "").startswith("nplurals=1")


@pytest.mark.parametrize("domain", ["django", "djangojs"])
def test_every_translation_keeps_the_placeholders_of_its_source(domain: str) -> None:
    wrong = []
    for entry in catalog(domain):
        if entry.obsolete:
            continue
        translations = list(entry.msgstr_plural.values()) if entry.msgid_plural else [entry.msgstr]
        sources = {*PLACEHOLDER.findall(entry.msgid), *PLACEHOLDER.findall(entry.msgid_plural or "")}
        for text in translations:
            if set(PLACEHOLDER.findall(text)) != sources:
                wrong.append((entry.msgid, text))
    assert wrong == []


def test_every_key_of_the_engine_and_the_playground_is_in_the_catalog() -> None:
    # A sentence defined in kernel_engine or a view without its catalog entry
    # would reach the browser untranslated.
    known = msgids("django")
    keys = every_key()
    assert any(key.startswith("web.") for key in keys)  # the playground's own refusals
    missing = sorted(f"{key}: {text.template}" for key, text in keys.items() if text.template not in known)
    assert missing == [], "add their entries to django.po (docs/i18n.md) and translate: " + repr(missing[:10])


def test_every_string_the_front_end_marks_is_in_the_javascript_catalog() -> None:
    known = msgids("djangojs")
    missing = []
    for path in sorted((ROOT / "static" / "playground" / "js").rglob("*.js")):
        for found in JS_STRING.finditer(path.read_text("utf-8")):
            for literal in found.groups():
                if literal is not None and json.loads(literal) not in known:
                    missing.append(f"{path.relative_to(ROOT)}: {json.loads(literal)!r}")
    assert missing == [], "run makemessages -d djangojs (docs/i18n.md): " + "\n".join(missing[:20])


def test_every_string_a_template_marks_is_in_the_catalog() -> None:
    known = msgids("django")
    missing = []
    for path in sorted((ROOT / "templates").rglob("*.html")):
        for found in TEMPLATE_STRING.finditer(path.read_text("utf-8")):
            text = found.group(1) if found.group(1) is not None else found.group(2)
            if text not in known:
                missing.append(f"{path.relative_to(ROOT)}: {text!r}")
    assert missing == [], "run makemessages (docs/i18n.md): " + "\n".join(missing[:20])


def test_compile_translations_writes_the_mo_files() -> None:
    call_command("compile_translations", "--force", "--check", verbosity=0)
    for domain in ("django", "djangojs"):
        mo = polib.mofile(str(LOCALE / f"{domain}.mo"))
        assert len(mo) == len(catalog(domain).translated_entries())


@pytest.mark.django_db
def test_the_language_switch_is_remembered_in_a_cookie(client: Client) -> None:
    english = client.get("/")
    assert '<html lang="en">' in english.content.decode()
    response = client.post("/i18n/", {"language": "zh-hans", "next": "/build/"})
    assert response.status_code == 302 and response["Location"] == "/build/"
    assert client.cookies["django_language"].value == "zh-hans"
    page = client.get("/").content.decode()
    assert '<html lang="zh-hans">' in page
    assert "看操作系统如何思考" in page and "场景库" in page


@pytest.mark.django_db
def test_the_switch_works_without_javascript_as_a_plain_form(client: Client) -> None:
    page = client.get("/").content.decode()
    form = re.search(r'<form class="language-form" action="([^"]+)" method="post">', page)
    assert form is not None and form.group(1) == "/i18n/"
    assert 'name="language"' in page and 'type="submit"' in page


def zh_catalog(client: Client) -> dict[str, str]:
    """English template -> Chinese template, as /i18n/reasons/zh-hans.json gives them."""
    return dict(client.get("/i18n/reasons/zh-hans.json").json()["keys"].values())


def test_the_reasons_catalog_gives_each_key_its_chinese_template(client: Client) -> None:
    response = client.get("/i18n/reasons/zh-hans.json")
    assert response.status_code == 200
    body = response.json()
    assert body["language"] == "zh-hans"
    assert set(body) == {"language", "keys"}  # templates by key: nothing to match English with
    keys = body["keys"]
    assert keys["cpu.srt.preempt"] == ["SRT: {who} preempts {victim}: {n} ticks left < {m}",
                                       "SRT：{who} 抢占 {victim}：剩余 {n} 个时钟周期 < {m}"]
    assert all(target for _, target in keys.values()), "every key has a translation"
    assert {"problem.int.positive", "library.fn.did_you_mean", "web.library.reference"} <= set(keys)
    assert render("cpu.srt.preempt", {"who": "P2", "victim": "P1", "n": 4, "m": 7}, zh_catalog(client)) == \
        "SRT：P2 抢占 P1：剩余 4 个时钟周期 < 7"
    assert "public" in response["Cache-Control"]


def test_every_reason_of_a_preset_comes_out_in_chinese(client: Client) -> None:
    from kernel_engine import iter_steps

    zh = zh_catalog(client)
    for step in iter_steps(presets.load("llm-os-combined")):
        for event in step["events"]:
            if event.get("reason"):
                text = render(event["reason_key"], event["reason_args"], zh)
                assert text != event["reason"] and re.search(r"[\u4e00-\u9fff]", text), event["reason"]


@pytest.mark.django_db
def test_a_library_error_about_a_name_with_a_digit_comes_with_its_key(client: Client) -> None:
    # "math.log2": the old matching read function names as letters only.
    response = client.post("/api/library/call/", {"fn": "math.log2", "args": {}},
                           content_type="application/json")
    assert response.status_code == 400
    [error] = response.json()["errors"]
    assert error["path"] == "fn" and error["message"].startswith("unknown function 'math.log2'")
    text = render(error["message_key"], error["message_args"], zh_catalog(client))
    assert text.startswith("未知函数 'math.log2'；"), text


@pytest.mark.django_db
def test_a_refusal_of_the_playground_comes_with_its_key(client: Client) -> None:
    response = client.post("/api/library/call/", {"fn": "math.transpose", "args": {"a": {"$ref": "t"}}},
                           content_type="application/json")
    [error] = response.json()["errors"]
    assert error["message_key"] == "web.library.reference"
    assert render(error["message_key"], error["message_args"], zh_catalog(client)) == \
        "引用之前调用的结果只能用在场景的程序里；请在这里直接写出值"


def test_an_unknown_language_has_no_catalog(client: Client) -> None:
    assert client.get("/i18n/reasons/fr.json").status_code == 404
