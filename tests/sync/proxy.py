"""A loopback TCP proxy between a client and the hub that loses push replies at random
(seeded), for the reliability tests.

Each push request seen (a client chunk starting ``POST /v1/push``) draws a fate:
``pass``; ``drop-request`` (the connection is closed before the hub sees the request);
``drop-reply`` (the hub answers, the proxy closes without forwarding a byte);
``cut-reply`` (the hub answers, the proxy forwards a random prefix of the reply, cutting
the status line, the headers or the body, then closes); ``reset-reply`` (the hub answers,
the proxy resets the connection). Other requests (pull, enroll) pass untouched.
"""

from __future__ import annotations

import collections
import contextlib
import random
import socket
import struct
import threading
import time

FATES = ("pass", "drop-request", "drop-reply", "cut-reply", "reset-reply")
PUSH = b"POST /v1/push"


class FaultyProxy:
    def __init__(self, upstream_port: int, seed: int, fault_rate: float = 0.5) -> None:
        self.upstream_port = upstream_port
        self.random = random.Random(seed)
        self.fault_rate = fault_rate
        self.fates: collections.Counter[str] = collections.Counter()
        self._lock = threading.Lock()
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port = self._listener.getsockname()[1]
        self._closing = False
        self._thread = threading.Thread(target=self._accept, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def faults(self) -> int:
        return sum(n for fate, n in self.fates.items() if fate != "pass")

    def start(self) -> FaultyProxy:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._closing = True
        with contextlib.suppress(OSError):
            self._listener.shutdown(socket.SHUT_RDWR)  # wakes the accept() below
        self._listener.close()
        self._thread.join(5)

    def _draw(self) -> tuple[str, float]:
        with self._lock:
            fate = "pass"
            if self.random.random() < self.fault_rate:
                fate = self.random.choice(FATES[1:])
            self.fates[fate] += 1
            return fate, self.random.random()

    def _accept(self) -> None:
        while not self._closing:
            try:
                client, _ = self._listener.accept()
            except OSError:
                return
            threading.Thread(target=self._serve, args=(client,), daemon=True).start()

    def _serve(self, client: socket.socket) -> None:
        try:
            upstream = socket.create_connection(("127.0.0.1", self.upstream_port))
        except OSError:
            client.close()
            return
        pending: list[tuple[str, float]] = []  # the fate of the push waiting for its reply
        done = threading.Event()

        def close(rst: bool = False) -> None:
            done.set()
            if rst:
                with contextlib.suppress(OSError):
                    linger = struct.pack("ii", 1, 0)
                    client.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, linger)
            for sock in (client, upstream):
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)
                sock.close()

        def requests_in() -> None:
            while not done.is_set():
                try:
                    data = client.recv(65536)
                except OSError:
                    break
                if not data:
                    break
                if data.startswith(PUSH):
                    fate, where = self._draw()
                    if fate == "drop-request":
                        close()
                        return
                    if fate != "pass":
                        pending.append((fate, where))
                try:
                    upstream.sendall(data)
                except OSError:
                    break
            if not done.is_set():
                close()

        threading.Thread(target=requests_in, daemon=True).start()
        while not done.is_set():
            try:
                data = upstream.recv(65536)
            except OSError:
                break
            if not data:
                break
            if pending:
                fate, where = pending.pop()
                if fate == "cut-reply":
                    data = _whole_reply(upstream, data)
                    client.sendall(data[: max(1, int(len(data) * where))])
                close(rst=fate == "reset-reply")
                return
            try:
                client.sendall(data)
            except OSError:
                break
        if not done.is_set():
            close()


def _whole_reply(upstream: socket.socket, data: bytes) -> bytes:
    """Read until the headers and some of the body arrived (or a short wait ends), so a
    cut may fall anywhere in the reply."""
    upstream.settimeout(0.2)
    deadline = time.monotonic() + 0.5
    while time.monotonic() < deadline:
        _, sep, body = data.partition(b"\r\n\r\n")
        if sep and body:
            break
        try:
            more = upstream.recv(65536)
        except OSError:
            break
        if not more:
            break
        data += more
    return data
