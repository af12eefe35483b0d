"""Load scenarios for `make bench`, one user class each; bench.py runs them one at a time.

    .venv-load/bin/locust -f benchmarks/locustfile.py --headless -u 20 -r 20 -t 20s \
        --host http://127.0.0.1:PORT Search

BENCH_PLAN names the JSON file bench.py drew from the data: under "urls", every distinct URL
of each scenario (the ones its first-visit pass has already requested once, so the load runs on
pages the site has cached), and the accounts' domain and password.
Every request of a scenario carries the scenario's name, so its row in locust's CSV statistics
holds only the page measured; signing in is counted apart ("login"), and the pages of a
scenario that signs in are requested once all its users have signed in.
"""

from __future__ import annotations

import json
import os
import random
from pathlib import Path

import gevent
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

    def on_start(self) -> None:
        # One think time before the first page: the users start together, and twenty first
        # requests in the same instant would measure a burst, not the steady state.
        gevent.sleep(self.wait_time())

    def visit(self, scenario: str) -> None:
        """GET one of the scenario's URLs, at random; a redirect to the sign-in form counts as
        an error, not a page served."""
        path = random.choice(PLAN["urls"][scenario])
        with self.client.get(path, name=scenario, catch_response=True) as response:
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
        super().on_start()

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
        self.visit("home")


class PracticeList(Visitor):
    @task
    def practice_list(self) -> None:
        self.visit("practice_list")


class Search(Visitor):
    @task
    def search(self) -> None:
        self.visit("search")


class PracticeDetail(Visitor):
    @task
    def practice_detail(self) -> None:
        self.visit("practice_detail")


class TrainingDashboard(SignedIn):
    account = "coordinator"

    @task
    def dashboard(self) -> None:
        self.visit("training_dashboard")


class ParticipantList(SignedIn):
    account = "coordinator"

    @task
    def people(self) -> None:
        self.visit("participant_list")


class RequestBoard(SignedIn):
    account = "member"

    @task
    def board(self) -> None:
        self.visit("request_board")


class MobilisationDashboard(SignedIn):
    account = "secretariat"

    @task
    def dashboard(self) -> None:
        self.visit("mobilisation_dashboard")


class AdminSearch(SignedIn):
    """The peer: the Django admin's changelist search over practices (benchmarks/peers.py)."""

    account = "admin"

    @task
    def search(self) -> None:
        self.visit("admin_search")
