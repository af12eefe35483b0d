"""A real SMTP server (aiosmtpd) for tests, which can be told to refuse the next messages."""

from dataclasses import dataclass, field


@dataclass
class Handler:
    refuse_next: int = 0
    refusal: str = "451 4.3.0 Mail server temporarily unavailable"
    received: list[bytes] = field(default_factory=list)

    async def handle_DATA(self, server, session, envelope) -> str:  # noqa: ANN001, N802
        if self.refuse_next > 0:
            self.refuse_next -= 1
            return self.refusal
        self.received.append(envelope.content)
        return "250 Message accepted for delivery"
