"""The one way the kernel says no."""

__all__ = ["Rejected"]


class Rejected(Exception):
    """A certificate (or statement) the kernel does not accept.

    ``rule`` names the rule whose check failed; the message says what failed.
    """

    def __init__(self, rule: str, why: str):
        super().__init__(f"[{rule}] {why}")
        self.rule = rule
        self.why = why
