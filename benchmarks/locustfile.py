"""Load scenarios for `make bench`, one user class each; bench.py runs them one at a time.

    .venv-load/bin/locust -f benchmarks/locustfile.py --headless -u 20 -r 20 -t 20s \
        --host http://127.0.0.1:PORT Search

BENCH_PLAN names the JSON file bench.py drew from the data (slugs, filters, queries, accounts).
Every request of a scenario carries the scenario's name, so its row in locust's CSV statistics
holds only the page measured; signing in is counted apart ("login"), and the pages of a
scenario that signs in are requested once all its users have signed in.
"""

from __future__ import annotations

import json
import os
import random
from pathlib import Path

from gevent.event import Event
from gevent.lock import Semaphore
from locust import HttpUser, between, task

PLAN = json.loads(Path(os.environ["BENCH_PLAN"]).read_text()) if "BENCH_PLAN" in os.environ else {}
THINK = between(
    float(os.environ.get("BENCH_THINK_MIN", 0.5)), float(os.environ.get("BENCH_THINK_MAX", 1.5))
)


# allauth lets at most 5 sign-ins to one account be in flight at once (its "login_failed"
# limit is counted before the password is checked): the simulated users share a few accounts.
SIGN_INS = Semaphore(4)
# Pages are measured once every user has signed in: password hashing is slow on purpose, and
# twenty sign-ins would otherwise take the CPU from the first pages measured.
SIGNED_IN = Event()
signed_in_count = 0


class Visitor(HttpUser):
    abstract = True
    wait_time = THINK

    def page(self, path: str, name: str, params: dict | None = None) -> None:
        """GET a page; a redirect to the sign-in form counts as an error, not a page served."""
        with self.client.get(path, params=params, name=name, catch_response=True) as response:
            if response.status_code == 200 and "/accounts/login/" in response.url:
                response.failure("redirected to the sign-in form")


class SignedIn(Visitor):
    """Signs in once through allauth's form when the simulated user starts."""

    abstract = True
    account = ""

    def on_start(self) -> None:
        global signed_in_count
        with SIGN_INS:
            self._sign_in()
        signed_in_count += 1
        if signed_in_count >= self.environment.runner.target_user_count:
            # Locust divides every name's count by the time since the start of the totals: start
            # them again, so that a page's requests/s counts the time its users were all in.
            self.environment.stats.total.reset()
            SIGNED_IN.set()
        SIGNED_IN.wait(timeout=120)

    def _sign_in(self) -> None:
        self.client.get("/accounts/login/", name="login")
        with self.client.post(
            "/accounts/login/",
            data={
                "login": f"{self.account}@{PLAN['domain']}",
                "password": PLAN["password"],
                "csrfmiddlewaretoken": self.client.cookies.get("csrftoken", ""),
            },
            name="login",
            catch_response=True,
        ) as response:
            if "sessionid" not in self.client.cookies or "/accounts/login/" in response.url:
                response.failure(f"sign-in refused for {self.account}")


class Home(Visitor):
    @task
    def home(self) -> None:
        self.page("/", "home")


class PracticeList(Visitor):
    @task
    def practice_list(self) -> None:
        self.page("/practices/", "practice_list", random.choice(PLAN["list_filters"]))


class Search(Visitor):
    @task
    def search(self) -> None:
        self.page("/practices/", "search", {"q": random.choice(PLAN["queries"])})


class PracticeDetail(Visitor):
    @task
    def practice_detail(self) -> None:
        self.page(f"/practices/{random.choice(PLAN['slugs'])}/", "practice_detail")


class TrainingDashboard(SignedIn):
    account = "coordinator"

    @task
    def dashboard(self) -> None:
        self.page("/trainings/dashboard/", "training_dashboard")


class ParticipantList(SignedIn):
    account = "coordinator"

    @task
    def people(self) -> None:
        page = random.randint(1, PLAN["people_pages"])
        self.page("/trainings/people/", "participant_list", {"page": page})


class RequestBoard(SignedIn):
    account = "member"

    @task
    def board(self) -> None:
        params = {k: v for k, v in random.choice(PLAN["board_filters"]).items() if v}
        self.page("/platform/requests/", "request_board", params)


class MobilisationDashboard(SignedIn):
    account = "secretariat"

    @task
    def dashboard(self) -> None:
        self.page("/platform/dashboard/", "mobilisation_dashboard")


class AdminSearch(SignedIn):
    """The peer: the Django admin's changelist search over practices (benchmarks/peers.py)."""

    account = "admin"

    @task
    def search(self) -> None:
        params = {"q": random.choice(PLAN["queries"])}
        self.page("/bench-admin/knowledge/practice/", "admin_search", params)
