"""Message passing: async and sync send, bounded mailboxes, request/reply, pub/sub."""
from __future__ import annotations

from kernel_engine import simulate

from .helpers import bars


def run(processes, **sections):
    scenario = {"version": 1, "cpu": {"policy": "fcfs"}, "processes": processes}
    scenario.update(sections)
    return simulate(scenario)


def test_receiver_waits_until_the_message_arrives():
    result = simulate({"version": 1, "cpu": {"policy": "rr", "quantum": 2}, "processes": [
        {"name": "A", "program": [{"op": "cpu", "ticks": 3}, {"op": "send", "to": "B", "body": "hello"},
                                  {"op": "cpu", "ticks": 1}]},
        {"name": "B", "program": [{"op": "recv", "as": "msg"}, {"op": "cpu", "ticks": 2}]}]})
    assert result["ipc"]["messages"] == [
        {"from": "A", "to": "B", "sent": 3, "delivered": 3, "received": 3, "body": "hello"}]
    assert result["processes"]["B"]["blocked"] == {"recv": 1}
    assert bars(result) == [("A", 0, 4), ("B", 4, 6)]


def test_async_send_does_not_wait_for_the_receiver():
    result = run([
        {"name": "A", "program": [{"op": "send", "to": "B", "body": 1}, {"op": "cpu", "ticks": 2}]},
        {"name": "B", "arrival": 5, "program": [{"op": "recv"}, {"op": "cpu", "ticks": 1}]}])
    assert result["processes"]["A"]["finish"] == 2
    assert result["ipc"]["messages"][0]["delivered"] == 0
    assert result["ipc"]["messages"][0]["received"] == 5


def test_sync_send_blocks_the_sender_until_the_message_is_received():
    result = run([
        {"name": "A", "program": [{"op": "send", "to": "B", "body": 1}, {"op": "cpu", "ticks": 2}]},
        {"name": "B", "arrival": 5, "program": [{"op": "recv"}, {"op": "cpu", "ticks": 1}]}],
        ipc={"send": "sync"})
    assert result["processes"]["A"]["blocked"] == {"receiver": 5}
    assert result["processes"]["A"]["finish"] == 8
    assert bars(result) == [("B", 5, 6), ("A", 6, 8)]


def test_sender_to_a_full_mailbox_blocks_until_there_is_room():
    sends = [{"op": "send", "to": "B", "body": i} for i in range(3)]
    result = run([
        {"name": "A", "program": sends + [{"op": "cpu", "ticks": 1}]},
        {"name": "B", "arrival": 4, "program": [{"op": "recv"}, {"op": "recv"}, {"op": "recv"}]}],
        ipc={"capacity": 2})
    msgs = result["ipc"]["messages"]
    assert [m["delivered"] for m in msgs] == [0, 0, 4]
    assert [m["received"] for m in msgs] == [4, 4, 4]
    assert result["processes"]["A"]["blocked"] == {"mailbox": 4}


def test_recv_from_a_named_sender_skips_other_messages():
    result = run([
        {"name": "A", "program": [{"op": "send", "to": "C", "body": "from A"}]},
        {"name": "B", "program": [{"op": "send", "to": "C", "body": "from B"}]},
        {"name": "C", "arrival": 1, "program": [{"op": "recv", "from": "B", "as": "first"},
                                                {"op": "send", "to": "A", "body": {"$ref": "first"}}]}])
    msgs = result["ipc"]["messages"]
    assert msgs[1]["received"] == 1 and msgs[0]["received"] is None
    assert msgs[2]["body"] == "from B"


def test_request_blocks_the_client_until_the_reply():
    result = run([
        {"name": "Client", "program": [{"op": "request", "to": "Server", "body": "2+2?", "as": "answer"},
                                       {"op": "send", "to": "Server", "body": {"$ref": "answer"}}]},
        {"name": "Server", "program": [{"op": "recv", "as": "q"}, {"op": "cpu", "ticks": 3},
                                       {"op": "reply", "body": 4}, {"op": "recv"}]}])
    kinds = [(m.get("kind"), m["from"], m["to"], m["sent"], m["received"], m["body"])
             for m in result["ipc"]["messages"]]
    assert kinds == [("request", "Client", "Server", 0, 0, "2+2?"),
                     ("reply", "Server", "Client", 3, 3, 4),
                     (None, "Client", "Server", 3, 3, 4)]
    assert result["processes"]["Client"]["blocked"] == {"reply": 3}


def test_publish_delivers_a_copy_to_every_current_subscriber():
    result = run([
        {"name": "S1", "program": [{"op": "subscribe", "topic": "news"}, {"op": "recv", "as": "n"}]},
        {"name": "S2", "program": [{"op": "subscribe", "topic": "news"}, {"op": "recv", "as": "n"}]},
        {"name": "Late", "arrival": 3, "program": [{"op": "subscribe", "topic": "news"}]},
        {"name": "Pub", "arrival": 1, "program": [{"op": "publish", "topic": "news", "body": "v1"}]}])
    copies = [(m["to"], m["topic"], m["body"]) for m in result["ipc"]["messages"]]
    assert copies == [("S1", "news", "v1"), ("S2", "news", "v1")]
    assert result["status"] == "completed"


def test_reply_without_a_request_is_a_runtime_error_not_a_crash():
    result = run([{"name": "S", "program": [{"op": "reply", "body": 1}, {"op": "cpu", "ticks": 1}]}])
    assert result["status"] == "completed"
    assert result["errors"][0]["message"] == "S has no request to reply to"


def test_receiver_that_never_gets_a_message_is_reported_stuck():
    result = run([{"name": "B", "program": [{"op": "recv"}]}])
    assert result["status"] == "deadlock"
    assert result["deadlock"]["waits"] == {"B": "recv:B"}
