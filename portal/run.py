"""What `make run` does once the services are up: migrate, load demo data, start everything."""

import os
import subprocess
import sys
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent


def main() -> int:
    manage = [sys.executable, str(BASE_DIR / "manage.py")]
    port = os.environ.get("PORT", "8000")
    (BASE_DIR / "var" / "mail").mkdir(parents=True, exist_ok=True)
    subprocess.run([*manage, "migrate", "--noinput"], check=True)  # noqa: S603
    subprocess.run([*manage, "seed_demo"], check=True)  # noqa: S603
    print(f"\n  Mine Action Knowledge Portal: http://127.0.0.1:{port}/")
    print(f"  Email sent by the site is kept in {BASE_DIR / 'var' / 'mail'}")
    print("  Ctrl-C stops everything.\n", flush=True)
    honcho = Path(sys.executable).with_name("honcho")
    # honcho numbers ports from --port for each process type; web comes first.
    return subprocess.call(  # noqa: S603
        [str(honcho), "start", "--port", port, "-f", "Procfile"], cwd=BASE_DIR
    )


if __name__ == "__main__":
    sys.exit(main())
