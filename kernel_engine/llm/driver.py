"""The kernel's side of the LLM device: arrivals, iterations on the time axis, generate ops.

The device costs iterations, not ticks: the kernel's clock jumps from the
start of one iteration to its end (an event), where the next one starts.
A thread's ``generate`` op blocks it until its request's last token, like an
I/O; its result record is bound to the op's ``as``.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from ..i18n import define, gettext_noop
from ..kernel.handlers import handles
from ..kernel.waits import Wait
from .device import LlmDevice

if TYPE_CHECKING:  # pragma: no cover
    from ..kernel.loop import Kernel
    from ..kernel.process import Thread

ARRIVES = define("llm.arrive", gettext_noop("{who} arrives: {prompt} prompt tokens, {output} to generate"))
WAITS = define("llm.wait.generate", gettext_noop("{who} waits for the LLM: request {request}"))
DONE = define("llm.done", gettext_noop("{request} is done; {who} is ready"))
LIMIT = define("llm.limit", gettext_noop("the LLM device reached llm.max_iterations ({n}) and stopped"))

# Same priorities as the loop's: request arrivals with disk arrivals, ends with wake-ups.
_ARRIVE, _END = 1, 2


class LlmDriver:
    """Feeds requests to the device and schedules its iterations on the kernel's clock."""

    def __init__(self, kernel: "Kernel", config: dict) -> None:
        self.kernel = kernel
        self.config = config
        self.device = LlmDevice(config, kernel.emit)
        self.generate_counts: dict[str, int] = {}
        self.stopped = False
        for spec in config["requests"]:
            kernel._push(spec["arrival"], _ARRIVE, ("llm_arrive", spec))

    def handle(self, payload: tuple, t: int) -> None:
        if payload[0] == "llm_arrive":
            self.arrive(payload[1], t, None)
        else:
            for req in self.device.end(t):
                th = req.thread
                if th is not None:
                    self.kernel.complete_blocked(th, self.record(req),
                                                 DONE.say(request=req.id, who=th.name))

    def arrive(self, spec: dict, t: int, thread: "Thread | None") -> None:
        req = self.device.add(spec, t, thread)
        self.kernel.emit("llm_arrive", who=req.id, reason=ARRIVES.say(
            who=req.id, prompt=req.prompt, output=req.output))

    def kick(self, t: int) -> None:
        """Start an iteration if the device is idle and has work."""
        device = self.device
        if device.busy_until is not None or not device.has_work or self.stopped:
            return
        if device.iterations >= self.config["max_iterations"]:
            self.stopped = True
            self.kernel.status = "limit"
            self.kernel.emit("limit", reason=LIMIT.say(n=self.config["max_iterations"]))
            return
        end = device.start(t)
        if end is not None:
            self.kernel._push(end, _END, ("llm_end",))

    @staticmethod
    def record(req) -> dict:
        """What a generate op binds to its ``as``."""
        return {"request": req.id, "first_token": req.first_token, "finish": req.finish,
                "tokens": req.output * req.n}


@handles("generate")
def generate(kernel: "Kernel", th: "Thread", op: dict) -> bool:
    """A thread asks the LLM for ``output`` tokens: it blocks until the last one."""
    driver: LlmDriver = kernel.llm
    k = driver.generate_counts.get(th.name, 0)
    driver.generate_counts[th.name] = k + 1
    rid = f"{th.name}#{k}"
    driver.arrive({"id": rid, "prompt": op["prompt"], "output": op["output"],
                   "prefix": op.get("prefix"), "n": op.get("n", 1)}, kernel.now, th)
    kernel.block(th, Wait("llm", rid), WAITS.say(who=th.name, request=rid))
    return False
