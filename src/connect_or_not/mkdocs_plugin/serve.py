"""``make serve``: ``mkdocs serve`` on HOST, with one plain sentence for a busy port.

    python -m connect_or_not.mkdocs_plugin.serve 127.0.0.1:8000
"""

from __future__ import annotations

import errno
import os
import socket
import sys


def port_is_busy(address: str, port: int) -> bool:
    """Whether binding ``address:port`` fails because something already listens there.

    The probe sets SO_REUSEADDR as MkDocs' server does, so a port left in TIME_WAIT by
    an earlier run counts as free, as it would for the server itself.
    """
    try:
        family = socket.getaddrinfo(address, port, type=socket.SOCK_STREAM)[0][0]
    except socket.gaierror:
        return False  # MkDocs reports a host it cannot resolve in its own words
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((address, port))
        except OSError as error:
            return error.errno == errno.EADDRINUSE
    return False


def main(host: str) -> int:
    address, _, port = host.rpartition(":")
    address = address.strip("[]")
    if not address or not port.isdigit():
        print(f"HOST={host} is not an address and a port; try HOST=127.0.0.1:8000",
              file=sys.stderr)
        return 1
    if port_is_busy(address, int(port)):
        print(f"Port {port} on {address} is already in use (another `make serve`?); pick "
              f"another port with: make serve HOST={address}:{int(port) + 1}", file=sys.stderr)
        return 1
    from mkdocs.__main__ import cli  # noqa: PLC0415 - only once the port is known free

    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    sys.argv = ["mkdocs", "serve", "--dev-addr", host]
    cli()  # runs until stopped, then exits
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "127.0.0.1:8000"))
