"""What a blocked thread waits for is data in the steps, and the contract's string in the result."""
from __future__ import annotations

from kernel_engine import iter_steps, presets, simulate


def blocked_states(scenario: dict) -> list[dict]:
    """Every wait any step shows, in order."""
    return [wait for step in iter_steps(scenario)
            for wait in step["state"].get("blocked", {}).values()]


def test_a_disk_wait_names_the_request_it_waits_for() -> None:
    scenario = {"processes": [{"name": "A", "program": [{"op": "io", "cylinder": 53}]}]}
    assert {"on": "disk", "target": 0} in blocked_states(scenario)


def test_a_device_wait_names_its_ticks() -> None:
    scenario = {"processes": [{"name": "A", "program": [{"op": "io", "ticks": 5}]}]}
    assert blocked_states(scenario) == [{"on": "device", "target": 5}]
    assert simulate(scenario)["processes"]["A"]["blocked"] == {"io": 5}


def test_a_synchronous_sender_waits_for_its_receiver() -> None:
    scenario = {"ipc": {"send": "sync"}, "processes": [
        {"name": "A", "program": [{"op": "send", "to": "B", "body": "hi"}]},
        {"name": "B", "arrival": 3, "program": [{"op": "recv"}]}]}
    assert {"on": "receiver", "target": "B"} in blocked_states(scenario)


def test_the_deadlock_keeps_the_contract_strings() -> None:
    philosophers = presets.load("dining-philosophers")
    assert simulate(philosophers)["deadlock"]["waits"]["phil0"] == "mutex:fork1"
    assert {"on": "mutex", "target": "fork1"} in blocked_states(philosophers)
