"""Settings for the site under `make bench`: production settings with the peer admin mounted.

Differences from portal.settings, each for a reason of the benchmark, not of speed:
- ROOT_URLCONF adds the peer admin at /bench-admin/ (benchmarks/urls.py).
- Static files are collected into the run's own folder, not var/static.
- Every simulated user comes from 127.0.0.1, so allauth's login limit per IP (30 a minute) would
  refuse the twentieth user of the second scenario; it is raised for logins only.
"""

from portal.settings import *  # noqa: F403
from portal.settings import ACCOUNT_RATE_LIMITS, STATIC_ROOT, env

ROOT_URLCONF = "benchmarks.urls"
STATIC_ROOT = env.path("BENCH_STATIC_ROOT", default=STATIC_ROOT)
ACCOUNT_RATE_LIMITS = {**ACCOUNT_RATE_LIMITS, "login": "1000/m/ip"}
