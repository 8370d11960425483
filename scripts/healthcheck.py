"""Container health check: GET /healthz on the local gunicorn, as the site's own host.

Exit 0 when it answers 200. The request carries the first name of ALLOWED_HOSTS (Django
rejects other hosts) and X-Forwarded-Proto: https, as the TLS proxy in front would send it,
so the HTTPS redirect does not answer instead of the check.
"""

import os
import sys
import urllib.error
import urllib.request

URL = os.environ.get("HEALTHCHECK_URL", "http://127.0.0.1:8000/healthz")


def main() -> int:
    hosts = [h.strip() for h in os.environ.get("ALLOWED_HOSTS", "").split(",") if h.strip()]
    host = next((h.lstrip(".") for h in hosts if h != "*"), "localhost")
    request = urllib.request.Request(  # noqa: S310 - fixed local http URL
        URL, headers={"Host": host, "X-Forwarded-Proto": "https"}
    )
    try:
        with urllib.request.urlopen(request, timeout=5) as response:  # noqa: S310
            print(response.read().decode())
            return 0 if response.status == 200 else 1
    except urllib.error.HTTPError as exc:
        print(f"{exc.code}: {exc.read().decode(errors='replace')}")
    except OSError as exc:
        print(f"no answer: {exc}")
    return 1


if __name__ == "__main__":
    sys.exit(main())
