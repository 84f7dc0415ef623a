"""Docs: complete --help texts; the README names every subcommand and each seed's paper."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest

from critcheck.cli import build_parser

README = Path(__file__).resolve().parents[1] / "README.md"


def _subparsers(parser, prefix=()):
    for act in parser._actions:
        if isinstance(act, argparse._SubParsersAction):
            for name, sub in act.choices.items():
                yield prefix + (name,), sub
                yield from _subparsers(sub, prefix + (name,))


@pytest.mark.parametrize("path,sub", [(p, s) for p, s in _subparsers(build_parser())],
                         ids=lambda v: " ".join(v) if isinstance(v, tuple) else "")
def test_every_option_and_command_has_help(path, sub):
    assert sub.description and len(sub.description) > 20, path
    missing = [a.dest for a in sub._actions
               if not isinstance(a, (argparse._HelpAction, argparse._SubParsersAction)) and not a.help]
    assert not missing, f"critcheck {' '.join(path)}: no help for {missing}"


def test_readme_names_every_subcommand_and_seed_paper():
    text = README.read_text(encoding="utf-8")
    for path, _ in _subparsers(build_parser()):
        assert f"critcheck {' '.join(path)} " in text, path
    for seed, who in (("000", "Sohl-Dickstein & Kawaguchi"), ("001", "Kawaguchi & Kaelbling"),
                      ("002", "Golikov"), ("003", "Sun, Li, Liang, Ding, Srikant"), ("004", "Bo Liu")):
        assert f"| {seed} | {who}" in text, seed
