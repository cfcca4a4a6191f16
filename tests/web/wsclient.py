"""A small synchronous websocket client (RFC 6455) for tests and benchmarks.

Only what the run socket needs: connect, receive text frames (fragmented or
not), answer pings, send text, read the close code.  The standard library
has no websocket client and the project's requirements pin none, so this
keeps the live tests free of extra packages.
"""
from __future__ import annotations

import base64
import hashlib
import json
import os
import socket
import struct
from typing import Any
from urllib.parse import urlsplit

_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"
OP_CONT, OP_TEXT, OP_BINARY, OP_CLOSE, OP_PING, OP_PONG = 0x0, 0x1, 0x2, 0x8, 0x9, 0xA


class HandshakeError(Exception):
    """The server did not switch to the websocket protocol."""


class WebSocket:
    """One client connection.  ``recv()`` returns text, or None once closed.

    After the server closes, ``close_code`` holds its code (1005 when it
    sent none).
    """

    def __init__(self, url: str, timeout: float = 10.0, headers: dict[str, str] | None = None):
        parts = urlsplit(url)
        if parts.scheme != "ws":
            raise ValueError(f"only ws:// URLs are supported, got {url!r}")
        host, port = parts.hostname or "127.0.0.1", parts.port or 80
        target = parts.path or "/"
        if parts.query:
            target += "?" + parts.query
        self.close_code: int | None = None
        self._buffer = bytearray()
        self._sock = socket.create_connection((host, port), timeout=timeout)
        key = base64.b64encode(os.urandom(16)).decode("ascii")
        request = (
            f"GET {target} HTTP/1.1\r\nHost: {host}:{port}\r\nUpgrade: websocket\r\n"
            f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\n"
            "Sec-WebSocket-Version: 13\r\n"
            + "".join(f"{name}: {value}\r\n" for name, value in (headers or {}).items())
            + "\r\n"
        )
        self._sock.sendall(request.encode("ascii"))
        head = self._read_until(b"\r\n\r\n").decode("latin-1")
        status_line, *header_lines = head.split("\r\n")
        if " 101 " not in status_line + " ":
            self._sock.close()
            raise HandshakeError(f"server answered {status_line!r}")
        headers = {k.strip().lower(): v.strip()
                   for k, _, v in (line.partition(":") for line in header_lines if line)}
        expected = base64.b64encode(
            hashlib.sha1((key + _GUID).encode("ascii")).digest()).decode("ascii")
        if headers.get("sec-websocket-accept") != expected:
            self._sock.close()
            raise HandshakeError("bad Sec-WebSocket-Accept")

    def _read_exact(self, n: int) -> bytes:
        while len(self._buffer) < n:
            data = self._sock.recv(max(65536, n - len(self._buffer)))
            if not data:
                raise ConnectionError("the server closed the connection mid-frame")
            self._buffer += data
        out = bytes(self._buffer[:n])
        del self._buffer[:n]
        return out

    def _read_until(self, marker: bytes) -> bytes:
        while marker not in self._buffer:
            data = self._sock.recv(65536)
            if not data:
                raise ConnectionError("the server closed the connection during the handshake")
            self._buffer += data
        at = self._buffer.index(marker)
        head = bytes(self._buffer[:at])
        del self._buffer[:at + len(marker)]
        return head

    def _read_frame(self) -> tuple[bool, int, bytes]:
        b1, b2 = self._read_exact(2)
        fin, opcode, length = bool(b1 & 0x80), b1 & 0x0F, b2 & 0x7F
        if length == 126:
            (length,) = struct.unpack("!H", self._read_exact(2))
        elif length == 127:
            (length,) = struct.unpack("!Q", self._read_exact(8))
        mask = self._read_exact(4) if b2 & 0x80 else b""
        payload = self._read_exact(length)
        if mask:
            payload = bytes(b ^ mask[i % 4] for i, b in enumerate(payload))
        return fin, opcode, payload

    def _send_frame(self, opcode: int, payload: bytes) -> None:
        # Clients must mask every frame (RFC 6455 section 5.3).
        mask = os.urandom(4)
        header = bytes([0x80 | opcode])
        n = len(payload)
        if n < 126:
            header += bytes([0x80 | n])
        elif n < 1 << 16:
            header += bytes([0x80 | 126]) + struct.pack("!H", n)
        else:
            header += bytes([0x80 | 127]) + struct.pack("!Q", n)
        masked = bytes(b ^ mask[i % 4] for i, b in enumerate(payload))
        self._sock.sendall(header + mask + masked)

    def recv(self) -> str | None:
        """The next text message; None when the server closed the socket."""
        if self.close_code is not None:
            return None
        parts: list[bytes] = []
        while True:
            fin, opcode, payload = self._read_frame()
            if opcode == OP_PING:
                self._send_frame(OP_PONG, payload)
                continue
            if opcode == OP_PONG:
                continue
            if opcode == OP_CLOSE:
                self.close_code = struct.unpack("!H", payload[:2])[0] if len(payload) >= 2 else 1005
                try:
                    self._send_frame(OP_CLOSE, payload[:2])
                except OSError:
                    pass
                self._sock.close()
                return None
            parts.append(payload)
            if fin:
                return b"".join(parts).decode("utf-8")

    def recv_json(self) -> Any:
        """The next message decoded; None when the server closed the socket."""
        text = self.recv()
        return None if text is None else json.loads(text)

    def send_text(self, text: str) -> None:
        """Send one text message."""
        self._send_frame(OP_TEXT, text.encode("utf-8"))

    def close(self) -> None:
        """Close from our side (normal closure) without waiting for the reply."""
        if self.close_code is None:
            try:
                self._send_frame(OP_CLOSE, struct.pack("!H", 1000))
            except OSError:
                pass
        self._sock.close()

    def __enter__(self) -> WebSocket:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
