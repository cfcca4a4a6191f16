"""Flow control for the run socket: send no faster than the client reads.

Daphne hands an ASGI application's ``send`` to Twisted at once; with no
back-pressure a replay of a 10 MB run to 50 slow watchers is 500 MB queued
in Daphne's memory.  ``SendWindow`` registers itself as a Twisted push
producer on the connection (autobahn's public ``registerProducer``): Twisted
pauses it when the socket's write buffer passes 64 KiB and resumes it once
the buffer has drained, and the consumer waits for that before each frame.
So a connection buffers about one frame, whatever the run's size.  Under a
server other than Daphne (tests' in-memory communicator) the window is
always open.
"""
from __future__ import annotations

import asyncio
import functools
import logging
from typing import Any

from twisted.internet.interfaces import IPushProducer
from zope.interface import implementer

log = logging.getLogger(__name__)


def daphne_protocol(send: Any) -> Any | None:
    """The Twisted protocol behind an ASGI ``send`` when Daphne serves it, else None.

    Daphne's ``send`` is ``partial(Server.handle_reply, protocol)``.
    """
    if isinstance(send, functools.partial) and send.args:
        protocol = send.args[0]
        if hasattr(protocol, "registerProducer") and getattr(protocol, "transport", None):
            return protocol
    return None


@implementer(IPushProducer)
class SendWindow:
    """Open while the client's connection can take more; see the module docstring."""

    def __init__(self, send: Any):
        self.open = asyncio.Event()
        self.open.set()
        self.protocol = daphne_protocol(send)
        # The producer Twisted had for this connection (the HTTP channel the
        # socket was upgraded from, which pauses reading): told everything
        # we are told, so its behaviour does not change.
        self.previous: Any = None
        if self.protocol is not None:
            transport = self.protocol.transport
            self.previous = transport.producer if transport.streamingProducer else None
            try:
                if transport.producer is not None:
                    transport.unregisterProducer()
                self.protocol.registerProducer(self, True)
            except Exception as exc:  # no flow control on this connection, nothing worse
                log.warning("run socket: could not register flow control (%s)", exc)
                self.protocol = None

    async def wait(self) -> None:
        """Return once the connection's write buffer has room."""
        await self.open.wait()

    def close(self) -> None:
        """Stop being the connection's producer (on disconnect)."""
        protocol, self.protocol = self.protocol, None
        self.open.set()
        if protocol is not None and getattr(protocol, "transport", None) is not None:
            try:
                protocol.unregisterProducer()
            except Exception:  # the transport is already gone
                pass

    # IPushProducer, called by Twisted in the event loop's thread.
    def pauseProducing(self) -> None:
        self.open.clear()
        if self.previous is not None:
            self.previous.pauseProducing()

    def resumeProducing(self) -> None:
        self.open.set()
        if self.previous is not None:
            self.previous.resumeProducing()

    def stopProducing(self) -> None:
        self.open.set()  # the connection is gone: let a waiting send fall through
        if self.previous is not None:
            self.previous.stopProducing()
