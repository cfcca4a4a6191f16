"""The ``llm`` section of a scenario: its one reader (see docs/llm.md).

``read_section(check, raw)`` returns the normalized section, or None when the
scenario has no ``llm`` section.  Requests of the ``generate`` block are
expanded here (``g0``, ``g1``...), so the device only sees a list.  The
limits below bound the work a run can ask for before it starts; the device
also stops at ``llm.max_iterations`` while it runs.
"""
from __future__ import annotations

from typing import Any

from ..i18n import define, gettext_noop
from ..scenario.fields import REQUIRED, Checker, index, join, show

FIELDS = ("model", "gpu", "kv", "batching", "scheduling", "prefixes", "requests", "generate",
          "max_iterations")
MODEL_FIELDS = ("layers", "hidden", "bytes_per_value", "params")
GPU_FIELDS = ("kv_pool_bytes", "flops_per_s", "mem_bw", "pcie_bw", "tick_us")
KV_FIELDS = ("policy", "block_size", "max_seq_len", "allocator")
BATCH_FIELDS = ("mode", "max_batch_tokens", "max_batch_seqs", "chunked_prefill")
SCHED_FIELDS = ("policy", "quantum_tokens", "preemption")
REQUEST_FIELDS = ("id", "arrival", "prompt", "output", "prefix", "n")
GENERATE_FIELDS = ("count", "interval", "prompt_cycle", "output_cycle", "output_stride")

BATCH_MODES = ["request_level", "iteration_level"]
SCHEDULING = ["fcfs", "shortest_remaining_tokens", "rr"]
PREEMPTION = ["recompute", "swap"]
ALLOCATORS = ["first_fit", "buddy"]

#: Engine limits: requests, tokens a run may generate and prefill (prompt +
#: output, times n, over every request), iterations, samples per request.
MAX_LLM_REQUESTS = 10_000
MAX_LLM_TOKENS = 5_000_000
MAX_ITERATIONS = 200_000
MAX_SAMPLES = 16
MAX_SEQ_LEN = 1 << 20
MAX_BIG = 1 << 60   # parameters, bytes, FLOP/s

NOT_PREFIXES = define("problem.llm.prefixes", gettext_noop(
    'must be an object of prefix names and token counts, e.g. {"fewshot": 341}, got {value}'))
NOT_A_REQUEST = define("problem.llm.request", gettext_noop(
    'must be an LLM request like {"id": "r1", "prompt": 400, "output": 60}, got {value}'))
ID_TWICE = define("problem.llm.id_twice", gettext_noop("'{name}' names two requests; request ids are unique"))
NO_SUCH_PREFIX = define("problem.llm.prefix", gettext_noop("'{name}' is not in llm.prefixes"))
PREFIX_LONGER = define("problem.llm.prefix_longer", gettext_noop(
    "must count the prefix's {n} tokens too, got {m}"))
NOT_A_CYCLE = define("problem.llm.cycle", gettext_noop("must be a list of 1 to 1000 token counts, got {value}"))
TOO_LONG = define("problem.llm.too_long", gettext_noop(
    "prompt + output is {n} tokens, more than llm.kv.max_seq_len ({m})"))
NEVER_FITS = define("problem.llm.never_fits", gettext_noop(
    "needs {n} bytes of KV cache at most, more than llm.gpu.kv_pool_bytes ({m}): it could never run"))
TOO_MANY_TOKENS = define("problem.llm.tokens", gettext_noop(
    "the requests ask for {n} tokens (prompt + output, times n); at most {m} (the engine's limit)"))
GENERATE_NO_LLM = define("problem.llm.generate_without", gettext_noop(
    'a generate op needs an "llm" section (the model-serving device)'))
GENERATE_NO_PREFIX = define("problem.llm.generate_prefix", gettext_noop("prefix '{name}' is not in llm.prefixes"))
GENERATE_TOO_LONG = define("problem.llm.generate_too_long", gettext_noop(
    "prompt + output is more than llm.kv.max_seq_len ({n})"))

DEFAULT_MODEL = {"layers": 40, "hidden": 5120, "bytes_per_value": 2, "params": 13_000_000_000}
DEFAULT_GPU = {"kv_pool_bytes": 12_884_901_888, "flops_per_s": 312_000_000_000_000,
               "mem_bw": 1_555_000_000_000, "pcie_bw": 25_000_000_000, "tick_us": 1000}


def kv_bytes_per_token(model: dict) -> int:
    """2 (key and value) × layers × hidden × bytes per value."""
    return 2 * model["layers"] * model["hidden"] * model["bytes_per_value"]


def read_section(check: Checker, raw: dict) -> dict[str, Any] | None:
    """The normalized ``llm`` section of ``raw``, or None when it has none."""
    if raw.get("llm") is None:
        return None
    llm = check.section(raw, "llm", "", FIELDS)
    model = _numbers(check, llm, "model", MODEL_FIELDS, DEFAULT_MODEL)
    gpu = _numbers(check, llm, "gpu", GPU_FIELDS, DEFAULT_GPU)
    kv = check.section(llm, "kv", "llm", KV_FIELDS)
    kv_out = {
        "policy": check.policy(kv, "policy", "llm.kv", "paged", "llm_kv"),
        "block_size": check.integer(kv, "block_size", "llm.kv", 16, 1, 4096),
        "max_seq_len": check.integer(kv, "max_seq_len", "llm.kv", 2048, 1, MAX_SEQ_LEN),
        "allocator": check.choice(kv, "allocator", "llm.kv", "first_fit", ALLOCATORS),
    }
    batching = check.section(llm, "batching", "llm", BATCH_FIELDS)
    batch_out = {
        "mode": check.choice(batching, "mode", "llm.batching", "iteration_level", BATCH_MODES),
        "max_batch_tokens": check.integer(batching, "max_batch_tokens", "llm.batching", 2048, 1,
                                          MAX_SEQ_LEN),
        "max_batch_seqs": check.integer(batching, "max_batch_seqs", "llm.batching", 128, 1, 4096),
        "chunked_prefill": check.boolean(batching, "chunked_prefill", "llm.batching", False),
    }
    sched = check.section(llm, "scheduling", "llm", SCHED_FIELDS)
    sched_out = {
        "policy": check.choice(sched, "policy", "llm.scheduling", "fcfs", SCHEDULING),
        "quantum_tokens": check.integer(sched, "quantum_tokens", "llm.scheduling", 64, 1,
                                        MAX_SEQ_LEN),
        "preemption": check.choice(sched, "preemption", "llm.scheduling", "recompute", PREEMPTION),
    }
    prefixes = _prefixes(check, llm.get("prefixes"))
    requests = _requests(check, llm.get("requests"), prefixes)
    explicit = len(requests)
    requests += _generated(check, llm.get("generate"), explicit)
    out = {"model": model, "gpu": gpu, "kv": kv_out, "batching": batch_out,
           "scheduling": sched_out, "prefixes": prefixes, "requests": requests,
           "max_iterations": check.integer(llm, "max_iterations", "llm", 100_000, 1,
                                           MAX_ITERATIONS, " (the engine's limit)")}
    _check_fit(check, out, explicit)
    return out


def _numbers(check: Checker, llm: dict, key: str, fields: tuple, defaults: dict) -> dict:
    section = check.section(llm, key, "llm", fields)
    return {f: check.integer(section, f, f"llm.{key}", defaults[f], 1, MAX_BIG) for f in fields}


def _prefixes(check: Checker, raw: object) -> dict[str, int]:
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        check.add("llm.prefixes", NOT_PREFIXES.say(value=show(raw)))
        return {}
    out = {}
    for name, tokens in raw.items():
        value = check.int_value(tokens, join("llm.prefixes", name), 1, MAX_SEQ_LEN)
        if value is not None:
            out[name] = value
    return out


def _requests(check: Checker, raw: object, prefixes: dict[str, int]) -> list[dict]:
    raw = check.array(raw, "llm.requests", "LLM requests", MAX_LLM_REQUESTS)
    if not raw:
        return []
    out, seen = [], set()
    for i, req in enumerate(raw):
        where = index("llm.requests", i)
        if not isinstance(req, dict):
            check.add(where, NOT_A_REQUEST.say(value=show(req)))
            continue
        check.unknown(req, REQUEST_FIELDS, where, what="an LLM request")
        rid = check.name(req, "id", where, REQUIRED, "a request name")
        if rid is not None and rid in seen:
            check.add(join(where, "id"), ID_TWICE.say(name=rid))
        seen.add(rid)
        prefix = check.name(req, "prefix", where, None, "a prefix name")
        prompt = check.integer(req, "prompt", where, REQUIRED, 1, MAX_SEQ_LEN)
        if prefix is not None:
            if prefix not in prefixes:
                check.add(join(where, "prefix"), NO_SUCH_PREFIX.say(name=prefix))
                prefix = None
            elif prompt is not None and prompt < prefixes[prefix]:
                check.add(join(where, "prompt"), PREFIX_LONGER.say(n=prefixes[prefix], m=prompt))
        out.append({"id": rid, "arrival": check.ticks(req, "arrival", where, 0, lo=0),
                    "prompt": prompt,
                    "output": check.integer(req, "output", where, REQUIRED, 1, MAX_SEQ_LEN),
                    "prefix": prefix, "n": check.integer(req, "n", where, 1, 1, MAX_SAMPLES)})
    return out


def _cycle(check: Checker, gen: dict, key: str) -> list[int]:
    where = join("llm.generate", key)
    value = gen.get(key)
    if not isinstance(value, list) or not value or len(value) > 1000:
        check.add(where, NOT_A_CYCLE.say(value=show(value)))
        return []
    out = [check.int_value(v, index(where, i), 1, MAX_SEQ_LEN) for i, v in enumerate(value)]
    return [] if None in out else out


def _generated(check: Checker, raw: object, taken: int) -> list[dict]:
    if raw is None:
        return []
    gen = check.section({"generate": raw}, "generate", "llm", GENERATE_FIELDS)
    count = check.integer(gen, "count", "llm.generate", REQUIRED, 1, MAX_LLM_REQUESTS - taken,
                          " (the engine's limit)")
    interval = check.ticks(gen, "interval", "llm.generate", 0, lo=0)
    prompts = _cycle(check, gen, "prompt_cycle")
    outputs = _cycle(check, gen, "output_cycle")
    stride = check.integer(gen, "output_stride", "llm.generate", 1, 0, 1000)
    if count is None or interval is None or not prompts or not outputs or stride is None:
        return []
    return [{"id": f"g{i}", "arrival": i * interval, "prompt": prompts[i % len(prompts)],
             "output": outputs[(stride * i) % len(outputs)], "prefix": None, "n": 1}
            for i in range(count)]


def _check_fit(check: Checker, llm: dict, explicit: int) -> None:
    """Every request fits ``max_seq_len`` and the pool; the run stays under the token limit."""
    kv, model = llm["kv"], llm["model"]
    max_len = kv["max_seq_len"]
    if max_len is None or None in model.values() or llm["gpu"]["kv_pool_bytes"] is None:
        return
    pool = llm["gpu"]["kv_pool_bytes"]
    per_token = kv_bytes_per_token(model)
    total = 0
    for i, req in enumerate(llm["requests"]):
        if None in (req["prompt"], req["output"], req["n"]):
            continue
        where = index("llm.requests", i) if i < explicit else f"llm.generate ({req['id']})"
        length = req["prompt"] + req["output"]
        total += length * req["n"]
        if length > max_len:
            check.add(where, TOO_LONG.say(n=length, m=max_len))
            continue
        slots = most_slots(kv, length)
        if slots * req["n"] * per_token > pool:
            check.add(where, NEVER_FITS.say(n=f"{slots * req['n'] * per_token:,}", m=f"{pool:,}"))
    if total > MAX_LLM_TOKENS:
        check.add("llm.requests", TOO_MANY_TOKENS.say(n=f"{total:,}", m=f"{MAX_LLM_TOKENS:,}"))


def program_request_problem(op: dict, llm: dict | None) -> str | None:
    """What is wrong with a ``generate`` op given the ``llm`` section, or None."""
    if llm is None:
        return GENERATE_NO_LLM.say()
    if op.get("prefix") is not None and op["prefix"] not in llm["prefixes"]:
        return GENERATE_NO_PREFIX.say(name=op["prefix"])
    if op["prompt"] + op["output"] > llm["kv"]["max_seq_len"]:
        return GENERATE_TOO_LONG.say(n=llm["kv"]["max_seq_len"])
    if None in llm["model"].values() or llm["gpu"]["kv_pool_bytes"] is None:
        return None
    need = most_slots(llm["kv"], op["prompt"] + op["output"]) * op["n"] * kv_bytes_per_token(
        llm["model"])
    if need > llm["gpu"]["kv_pool_bytes"]:
        return NEVER_FITS.say(n=f"{need:,}", m=f"{llm['gpu']['kv_pool_bytes']:,}")
    return None


def most_slots(kv: dict, length: int) -> int:
    """Token slots per sample a request of final ``length`` may hold under ``kv``'s policy."""
    if kv["policy"] == "contiguous_max":
        return kv["max_seq_len"]
    if kv["policy"] == "contiguous_pow2":
        return 1 << (length - 1).bit_length()
    if kv["policy"] in ("paged", "paged_shared") and kv["block_size"]:
        return -(-length // kv["block_size"]) * kv["block_size"]
    return length


__all__ = ["read_section", "kv_bytes_per_token", "program_request_problem", "estimated_iterations",
           "generate_ops", "requested_tokens"]


def generate_ops(processes: list[dict]) -> list[dict]:
    """The ``generate`` ops of normalized programs (spawned threads' included), in program order."""
    found: list[dict] = []

    def walk(program: list) -> None:
        for op in program:
            if op.get("op") == "generate":
                found.append(op)
            inner = op.get("program")
            if isinstance(inner, list):
                walk(inner)

    for process in processes:
        walk(process.get("program", []))
    return found


def requested_tokens(llm: dict | None, ops: list[dict] = ()) -> int:
    """Prompt + output tokens, times n, of the section's requests and of ``ops`` (generate ops)."""
    if not llm:
        return 0
    return sum((r["prompt"] + r["output"]) * r.get("n", 1) for r in [*llm["requests"], *ops])


def estimated_iterations(llm: dict | None, ops: list[dict] = ()) -> int:
    """About how many iterations (and so steps) a run of this section costs.

    Requests are taken in arrival order and grouped into bursts: a request
    that arrives before the current burst is estimated to end joins it.  A
    burst of requests runs about ``max(longest output, sample tokens /
    concurrency)`` decode iterations plus one per ``max_batch_tokens`` of
    each prompt, where the concurrency is what the batch limits and the KV
    pool allow under the KV policy (``contiguous_max`` fits few sequences,
    paging many); a request-level batch runs to its longest member.  The
    estimate never exceeds the serial bound (every request alone) nor
    ``max_iterations``.  ``ops`` (a program's ``generate`` ops, whose
    arrival depends on the run) are counted serially, as an upper bound.
    Preemptions can make a run longer: the device stops at
    ``max_iterations`` whatever this says.  The playground's run-cost
    estimate uses this figure in place of ticks for the LLM device.
    """
    if not llm:
        return 0
    from .cost import CostModel  # the cost model imports this module

    budget = llm["batching"]["max_batch_tokens"]
    chunks = lambda r: -(-r["prompt"] // budget)  # noqa: E731
    serial = sum(r["output"] + chunks(r) for r in [*llm["requests"], *ops])
    # An iteration lasts at least the time to read the weights once.
    floor_ticks = max(1, CostModel(llm).iteration_ticks(1, 0))
    total = sum(r["output"] + chunks(r) for r in ops)
    burst: _Burst | None = None
    for req in sorted(llm["requests"], key=lambda r: r["arrival"]):
        if burst is not None and req["arrival"] >= burst.start + burst.iterations() * floor_ticks:
            total += burst.iterations()
            burst = None
        if burst is None:
            burst = _Burst(llm, req["arrival"])
        burst.add(req, chunks(req))
    if burst is not None:
        total += burst.iterations()
    return min(total, serial, llm["max_iterations"])


class _Burst:
    """Requests that overlap on the device, for :func:`estimated_iterations`."""

    def __init__(self, llm: dict, start: int) -> None:
        self.llm = llm
        self.start = start
        self.samples = self.sample_tokens = self.longest = self.chunks = self.slots = 0
        self.outputs: list[int] = []

    def add(self, req: dict, chunks: int) -> None:
        n = req["n"]
        self.samples += n
        self.sample_tokens += req["output"] * n
        self.longest = max(self.longest, req["output"])
        self.chunks += chunks
        self.slots += most_slots(self.llm["kv"], req["prompt"] + req["output"]) * n
        self.outputs.append(req["output"])

    def iterations(self) -> int:
        batching = self.llm["batching"]
        pool_tokens = self.llm["gpu"]["kv_pool_bytes"] // kv_bytes_per_token(self.llm["model"])
        fit = max(1, pool_tokens * self.samples // max(1, self.slots))
        concurrency = max(1, min(batching["max_batch_seqs"], batching["max_batch_tokens"], fit))
        if batching["mode"] == "request_level":
            # each batch of ``concurrency`` requests runs to its longest member
            decodes = sum(max(self.outputs[i:i + concurrency])
                          for i in range(0, len(self.outputs), concurrency))
        else:
            decodes = max(self.longest, -(-self.sample_tokens // concurrency))
        return decodes + self.chunks
