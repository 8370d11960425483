"""An SMTP server for the load test that accepts every mail and writes one JSON line per
mail: its Message-ID, recipients and subject. ``verify`` counts them against the
notification rows (exactly once each). Like the sink of the reliability tests
(``tests/notifications_infra.py``, aiosmtpd), but a process of its own that the runner
starts and stops.

    python -m loadtest.smtp_sink --port 2525 --out mails.jsonl
"""

from __future__ import annotations

import argparse
import email.parser
import email.policy
import json
import logging
import signal
import threading
from pathlib import Path

_headers = email.parser.BytesHeaderParser(policy=email.policy.compat32)


class Handler:
    def __init__(self, out) -> None:
        self.out = out
        self.lock = threading.Lock()
        self.count = 0

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's name
        raw = envelope.original_content or envelope.content
        if isinstance(raw, str):
            raw = raw.encode()
        headers = _headers.parsebytes(raw)
        line = json.dumps(
            {
                "message_id": (headers.get("Message-ID") or "").strip(),
                "to": [address.lower() for address in envelope.rcpt_tos],
                "subject": str(headers.get("Subject") or "")[:200],
            }
        )
        with self.lock:
            self.out.write(line + "\n")
            self.out.flush()
            self.count += 1
        return "250 Message accepted for delivery"


def main() -> None:
    parser = argparse.ArgumentParser(description="SMTP sink of the load test")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    logging.getLogger("mail.log").setLevel(logging.WARNING)  # one line per SMTP command

    from aiosmtpd.controller import Controller

    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    with args.out.open("a", encoding="utf-8") as out:
        handler = Handler(out)
        controller = Controller(handler, hostname=args.host, port=args.port, ready_timeout=10)
        controller.start()
        print(f"SMTP sink listening on {args.host}:{args.port}", flush=True)
        try:
            while not stop.wait(1):
                pass
        finally:
            controller.stop()
            print(f"SMTP sink stopped after {handler.count} mails", flush=True)


if __name__ == "__main__":
    main()
