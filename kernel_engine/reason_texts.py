"""The engine's sentence templates, grouped by the part of the engine that writes them.

See kernel_engine/reasons.py for what a template is and how it is matched.
Placeholder names say what they hold (reasons.PLACEHOLDERS): ``{n}`` a
number, ``{who}`` a thread or process, ``{reason}`` a nested sentence...
Each text is written exactly as the engine's f-string produces it; the
module that writes it is named above each group.
"""
from __future__ import annotations


def gettext_noop(message: str) -> str:
    """Mark ``message`` for ``makemessages`` (xgettext finds this name); return it unchanged."""
    return message


# kernel/loop.py, kernel/ops.py: the life of a thread.
KERNEL = (
    gettext_noop("{who} arrives"),
    gettext_noop("{who} finished its program"),
    gettext_noop("{who} can go on"),
    gettext_noop("{who} joined {thread}"),
    gettext_noop("{who} used its whole quantum and goes back to the ready queue"),
    gettext_noop("the run reached limits.max_ticks ({n}) and stopped"),
    gettext_noop("the thread library of {process} switches to {who}"),
    gettext_noop("{who}'s system call blocks all of {process}'s user threads"),
    gettext_noop("{who} spawns thread {thread}"),
    gettext_noop("{who} waits for {thread}, not started yet"),
    gettext_noop("{who} waits for {thread} to finish"),
    gettext_noop("{who}: {fn} returned after {n} ticks"),
    gettext_noop("{who}: {fn} failed: {error}"),
)

# cpu/: why a thread was dispatched or preempted.
CPU = (
    gettext_noop("{who} is first in the ready queue"),
    gettext_noop("{who} preempts {victim}"),
    gettext_noop("FCFS: {who} has waited longest in the ready queue"),
    gettext_noop("FCFS: {who} has waited longest in the ready queue; {n} still waiting"),
    gettext_noop("RR: {who} is at the head of the ready queue; it may run {n} ticks"),
    gettext_noop("RR: {who} is at the head of the ready queue; it may run {n} tick"),
    gettext_noop("SJF: {who} is the only ready thread (burst {n})"),
    gettext_noop("SJF: {who} has the smallest burst ({n}; next best {m})"),
    gettext_noop("SRT: {who} is the only ready thread (remaining time {n})"),
    gettext_noop("SRT: {who} has the smallest remaining time ({n}; next best {m})"),
    gettext_noop("SRT: {who} preempts {victim}: {n} ticks left < {m}"),
    gettext_noop("SRT: {who} preempts {victim}: {n} tick left < {m}"),
    gettext_noop("Priority: {who} is the only ready thread (priority number {n})"),
    gettext_noop("Priority: {who} has the smallest priority number ({n}; next best {m})"),
    gettext_noop("Priority: {who} preempts {victim}: priority number {n} < {m}"),
    gettext_noop("Lottery: ticket {n} of {total} was drawn; it belongs to {who} ({tickets} tickets)"),
    gettext_noop("Lottery: ticket {n} of {total} was drawn; it belongs to {who} ({tickets} ticket)"),
    gettext_noop("MLFQ: {who} is at the head of level {level}, the highest non-empty queue "
                 "({n} of {m} ticks left in its quantum)"),
    gettext_noop("MLFQ: {who} (level {level}) preempts {victim} (level {m}); {victim} keeps "
                 "{n} ticks of its quantum"),
    gettext_noop("MLFQ boost at t={t}: every job moves to the top level"),
)

# memory/: how each allocation and free was decided.
MEMORY = (
    gettext_noop("first fit: the hole at {addr} ({size} bytes) is the first that holds {need}"),
    gettext_noop("first fit: the hole at {addr} ({size} bytes) is the first that holds {need} ({how})"),
    gettext_noop("best fit: the hole at {addr} ({size} bytes) is the smallest that holds {need}"),
    gettext_noop("best fit: the hole at {addr} ({size} bytes) is the smallest that holds {need} ({how})"),
    gettext_noop("worst fit: the hole at {addr} ({size} bytes) is the largest, and it holds {need}"),
    gettext_noop("worst fit: the hole at {addr} ({size} bytes) is the largest, and it holds "
                 "{need} ({how})"),
    gettext_noop("next fit: searching from the head of the list, the hole at {addr} ({size} bytes) "
                 "is the first that holds {need}"),
    gettext_noop("next fit: searching from the head of the list, the hole at {addr} ({size} bytes) "
                 "is the first that holds {need} ({how})"),
    gettext_noop("next fit: searching on from the hole at {start}, the hole at {addr} ({size} bytes) "
                 "is the first that holds {need}"),
    gettext_noop("next fit: searching on from the hole at {start}, the hole at {addr} ({size} bytes) "
                 "is the first that holds {need} ({how})"),
    gettext_noop("{n} bytes rounded up to a multiple of {align}"),
    gettext_noop("{n} bytes rounded up to a multiple of {align}, plus {header} bytes of header"),
    gettext_noop("{n} bytes, plus {header} bytes of header"),
    gettext_noop("no hole holds {need} bytes (largest is {n})"),
    gettext_noop("no hole holds {need} bytes (nothing is free)"),
    gettext_noop("no hole holds {need} bytes ({how}; largest is {n})"),
    gettext_noop("no hole holds {need} bytes ({how}; nothing is free)"),
    gettext_noop("freed {size} bytes at {addr}"),
    gettext_noop("freed {size} bytes at {addr}, merged with the hole at {start} into one hole of "
                 "{n} bytes at {first}"),
    gettext_noop("freed {size} bytes at {addr}, merged with the holes at {start} and {end} into "
                 "one hole of {n} bytes at {first}"),
    gettext_noop("buddy: {sized}; the smallest free block that holds it, {n} bytes at {addr}, "
                 "is halved once"),
    gettext_noop("buddy: {sized}; the smallest free block that holds it, {n} bytes at {addr}, "
                 "is halved {k} times"),
    gettext_noop("buddy: {sized}; the free block at {addr} has exactly that size"),
    gettext_noop("{size} bytes need a block of {block} bytes"),
    gettext_noop("{how}, make {need} bytes, which need a block of {block} bytes"),
    gettext_noop("no free block holds {block} bytes (largest is {n})"),
    gettext_noop("no free block holds {block} bytes (nothing is free)"),
    gettext_noop("no free block holds {block} bytes ({sized}; largest is {n})"),
    gettext_noop("no free block holds {block} bytes ({sized}; nothing is free)"),
    gettext_noop("freed the block of {size} bytes at {addr}"),
    gettext_noop("freed the block of {size} bytes at {addr}, merged with {steps}, making one "
                 "block of {n} bytes at {start}"),
    gettext_noop("its buddy at {addr} ({n} bytes)"),
    gettext_noop("its buddy at {addr} ({n} bytes), then {steps}"),
    gettext_noop("{who} ended: its block {ref} is freed. {reason}"),
    gettext_noop("{who} cannot free {ref}: {ref} is not allocated now (it was freed already, "
                 "or its allocation failed)"),
    gettext_noop("{ref} is not allocated now (it was freed already, or its allocation failed)"),
    gettext_noop("{ref} was still allocated at {addr}; that block is now unreachable"),
)

# disk/: which request the head serves next, and why.
DISK = (
    gettext_noop("request {i} for cylinder {cylinder} arrives"),
    gettext_noop("request {i} (cylinder {cylinder}) is done; {who} is ready"),
    gettext_noop("{who} waits for the disk: request {i}, cylinder {cylinder}"),
    gettext_noop("{who} waits {n} ticks for a device"),
    gettext_noop("FCFS: request {i} (cylinder {cylinder}) arrived first and is right under the "
                 "head, so it is served without moving"),
    gettext_noop("FCFS: request {i} (cylinder {cylinder}) arrived first; the head moves from "
                 "{head} to {cylinder} ({n} cylinders)"),
    gettext_noop("FCFS: request {i} (cylinder {cylinder}) arrived first; the head moves from "
                 "{head} to {cylinder} ({n} cylinder)"),
    gettext_noop("SSTF: cylinder {cylinder} is right under the head (0 cylinders), the closest "
                 "possible"),
    gettext_noop("SSTF: cylinder {cylinder} is the closest to the head at {head} ({n} cylinders)"),
    gettext_noop("SSTF: cylinder {cylinder} is the closest to the head at {head} ({n} cylinder)"),
    gettext_noop("SSTF: cylinders {cylinder} and {m} are both {n} cylinders from the head at "
                 "{head}; the earlier request ({i}) goes first, to {cylinder}"),
    gettext_noop("SSTF: cylinders {cylinder} and {m} are both {n} cylinder from the head at "
                 "{head}; the earlier request ({i}) goes first, to {cylinder}"),
    gettext_noop("{policy} moving up: {cylinder} is right under the head, so it is served "
                 "without moving"),
    gettext_noop("{policy} moving down: {cylinder} is right under the head, so it is served "
                 "without moving"),
    gettext_noop("{policy} moving up: {cylinder} is the next request at or above {head}"),
    gettext_noop("{policy} moving down: {cylinder} is the next request at or below {head}"),
    gettext_noop("SCAN: nothing at or above {head}; the head goes up to {edge}, turns, and comes "
                 "down to {cylinder}"),
    gettext_noop("SCAN: nothing at or below {head}; the head goes down to {edge}, turns, and "
                 "comes up to {cylinder}"),
    gettext_noop("SCAN: nothing at or above {head}; the head is already at the edge {edge}, "
                 "turns, and goes down to {cylinder}"),
    gettext_noop("SCAN: nothing at or below {head}; the head is already at the edge {edge}, "
                 "turns, and goes up to {cylinder}"),
    gettext_noop("C-SCAN: nothing at or above {head}; the head goes to {edge} and returns to "
                 "{start}, then moves up to {cylinder}"),
    gettext_noop("C-SCAN: nothing at or below {head}; the head goes to {edge} and returns to "
                 "{start}, then moves down to {cylinder}"),
    gettext_noop("C-SCAN: nothing at or above {head}; the head is at {edge} and returns to "
                 "{start}, then moves up to {cylinder}"),
    gettext_noop("C-SCAN: nothing at or below {head}; the head is at {edge} and returns to "
                 "{start}, then moves down to {cylinder}"),
    gettext_noop("LOOK: nothing at or above {head}; the head turns there and goes down to "
                 "{cylinder}"),
    gettext_noop("LOOK: nothing at or below {head}; the head turns there and goes up to "
                 "{cylinder}"),
    gettext_noop("C-LOOK: nothing at or above {head}; the head jumps back to {cylinder}, the "
                 "lowest pending request, and moves up from there"),
    gettext_noop("C-LOOK: nothing at or below {head}; the head jumps back to {cylinder}, the "
                 "highest pending request, and moves down from there"),
)

# ipc/mailbox.py: messages, requests and topics.
IPC = (
    gettext_noop("{who} sends a message to {to}"),
    gettext_noop("{who} sends a request to {to}"),
    gettext_noop("a message from {sender} waits in {who}'s mailbox ({n} queued)"),
    gettext_noop("{who} takes the message from {sender}"),
    gettext_noop("{who} receives the message from {sender}"),
    gettext_noop("{who}'s message was received by {receiver}"),
    gettext_noop("{to}'s mailbox has room: {who}'s message is in"),
    gettext_noop("{who} waits for {to}'s reply"),
    gettext_noop("{who} waits: {to}'s mailbox is full ({n})"),
    gettext_noop("{who} waits until {to} receives its message (sync send)"),
    gettext_noop("{who} waits for a message from {sender}: its mailbox is empty"),
    gettext_noop("{who} waits for a message from anyone: its mailbox is empty"),
    gettext_noop("{who} has no request to reply to"),
    gettext_noop("{who} has no request from {sender} to reply to"),
    gettext_noop("{who} replies to {to}"),
    gettext_noop("{who} gets its reply from {sender}"),
    gettext_noop("{who} subscribes to {topic}"),
    gettext_noop("{who} publishes on {topic} to {n} subscriber(s)"),
)

# threads/sync.py: mutexes, semaphores and deadlocks.
THREADS = (
    gettext_noop("{who} locks mutex {mutex}"),
    gettext_noop("{who} already holds mutex {mutex}"),
    gettext_noop("{who} waits: mutex {mutex} is held by {holder}"),
    gettext_noop("{who} cannot unlock mutex {mutex}: it is held by {holder}"),
    gettext_noop("{who} cannot unlock mutex {mutex}: nobody holds it"),
    gettext_noop("{who} unlocks mutex {mutex}"),
    gettext_noop("mutex {mutex} passes to {who}, first in line"),
    gettext_noop("{who} now holds mutex {mutex}"),
    gettext_noop("{who} takes a permit of {sem} ({n} left)"),
    gettext_noop("{who} waits: semaphore {sem} is 0"),
    gettext_noop("{who} signals {sem}: the permit goes to {other}"),
    gettext_noop("{who} gets a permit of {sem}"),
    gettext_noop("{who} signals {sem} ({n} available)"),
    gettext_noop("deadlock: {links}; each holds what the next one needs"),
    gettext_noop("no thread can run again: {links}, and nothing left can wake them"),
    gettext_noop("{who} waits for {on}"),
    gettext_noop("{who} waits for {on}, {links}"),
)

GROUPS = (KERNEL, CPU, MEMORY, DISK, IPC, THREADS)
