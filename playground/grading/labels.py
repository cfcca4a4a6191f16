"""What a question says to the student when its author wrote no ``text``."""
from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from playground.grading.answers import ADDRESS, LIST, NAME, NUMBER, YESNO
from playground.grading.questions import KINDS


def _under(params: dict[str, Any], default_cpu: bool = True) -> str:
    policy = params.get("policy")
    if not policy:
        return _("under the scenario's policy") if default_cpu else _("under the scenario's disk policy")
    return _("under %(policy)s") % {"policy": policy.upper().replace("_", " ")}


def describe(question: dict[str, Any]) -> str:
    """The question's own ``text``, or a sentence built from its kind and params."""
    if question.get("text"):
        return str(question["text"])
    p = question.get("params") or {}
    kind = question["kind"]
    if kind == "average_waiting":
        return _("Average waiting time %(under)s?") % {"under": _under(p)}
    if kind == "average_turnaround":
        return _("Average turnaround time %(under)s?") % {"under": _under(p)}
    if kind == "finish_time":
        return _("At which tick does %(p)s finish, %(under)s?") % {"p": p["process"], "under": _under(p)}
    if kind == "waiting_time":
        return _("How long does %(p)s wait in the ready queue, %(under)s?") % {
            "p": p["process"], "under": _under(p)}
    if kind == "context_switches":
        return _("How many context switches %(under)s?") % {"under": _under(p)}
    if kind == "alloc_address":
        return _("Which address does memory op %(k)d (counted from 0) return? "
                 "Write “null” if it fails.") % {"k": p["op"]}
    if kind == "fragmentation_after":
        return _("External fragmentation (1 − largest hole ÷ free memory) right after "
                 "memory op %(k)d?") % {"k": p["op"]}
    if kind == "total_head_movement":
        return _("Total head movement in cylinders %(under)s?") % {"under": _under(p, False)}
    if kind == "service_order":
        what = _("request numbers (from 0)") if p.get("as") == "indices" else _("cylinders")
        return _("In which order are the disk requests served %(under)s? List the %(what)s.") % {
            "under": _under(p, False), "what": what}
    if kind == "deadlock":
        return _("Does this scenario deadlock?")
    return _describe_vm(kind, p)


def _replacement(params: dict[str, Any]) -> str:
    policy = params.get("policy")
    if not policy:
        return _("under the scenario's page replacement")
    return _("under %(policy)s") % {"policy": policy.upper().replace("_", " ")}


def _describe_vm(kind: str, p: dict[str, Any]) -> str:
    """Page replacement and banker questions."""
    if kind == "page_faults":
        if p.get("process"):
            return _("How many page faults does %(p)s take %(under)s?") % {
                "p": p["process"], "under": _replacement(p)}
        return _("How many page faults %(under)s?") % {"under": _replacement(p)}
    if kind == "victim_at":
        return _("Which page does access %(k)d (counted from 0) evict %(under)s? "
                 "Write “none” if it evicts nothing.") % {"k": p["access"], "under": _replacement(p)}
    if kind == "frames_after":
        return _("Which pages are in the frames, in frame order, right after access %(k)d "
                 "(counted from 0) %(under)s?") % {"k": p["access"], "under": _replacement(p)}
    if kind == "bankers_safe":
        return _("Is the state of banker's call %(k)d (counted from 0) safe?") % {"k": p["call"]}
    if kind == "bankers_sequence":
        return _("Give a safe sequence of process numbers for the state of banker's call "
                 "%(k)d (counted from 0).") % {"k": p["call"]}
    if kind == "bankers_granted":
        return _("Is the request of banker's call %(k)d (counted from 0) granted?") % {"k": p["call"]}
    return _describe_llm(kind, p)


def _llm_under(params: dict[str, Any]) -> str:
    """How the question names the KV policy and scheduling it runs under."""
    kv, scheduling = params.get("policy"), params.get("scheduling")
    if kv and scheduling:
        return _("under %(kv)s with %(scheduling)s scheduling") % {"kv": kv, "scheduling": scheduling}
    if kv:
        return _("under %(kv)s") % {"kv": kv}
    if scheduling:
        return _("with %(scheduling)s scheduling") % {"scheduling": scheduling}
    return _("under the scenario's KV policy and scheduling")


def _describe_llm(kind: str, p: dict[str, Any]) -> str:
    """Questions on the LLM device."""
    if kind == "llm_ttft":
        return _("How many ticks after it arrives does request %(r)s get its first token, "
                 "%(under)s?") % {"r": p["request"], "under": _llm_under(p)}
    if kind == "llm_preempted":
        k = p.get("preemption", 0)
        if k == 0:
            return _("Which request is preempted first, %(under)s? Write “none” if no request "
                     "is preempted.") % {"under": _llm_under(p)}
        return _("Which request does preemption %(k)d (counted from 0) take off the GPU, "
                 "%(under)s? Write “none” if there are fewer preemptions.") % {
            "k": k, "under": _llm_under(p)}
    if kind == "llm_kv_used":
        return _("During LLM iteration %(n)d, what percent of the KV cache pool holds token "
                 "states, %(under)s?") % {"n": p["iteration"], "under": _llm_under(p)}
    return kind


def answer_hint(question: dict[str, Any]) -> str:
    """How to write the answer."""
    answer_type = KINDS[question["kind"]].answer_type
    return {
        NUMBER: _("A number, e.g. 6.5 or 13/4."),
        ADDRESS: _("An address in bytes: 1048576, 0x100000 or 1MB; “null” if it fails."),
        LIST: _("Numbers in order, separated by commas: 98, 183, 37."),
        YESNO: _("Yes or no."),
        NAME: _("A request name as the run shows it, e.g. g17; “none” if there is none."),
    }[answer_type]
