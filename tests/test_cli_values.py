"""Option values passed as they are (lintnews.cli_values) give what typer's own coercion gives:
every parameter of every command, each value a command line, an environment variable or a
default can hand it, checked against typer's coercion as the oracle."""

import os
import subprocess
import sys

import pytest

from clitools import ROOT

coercion = pytest.importorskip("typer._coercion")
if not hasattr(coercion, "build_runtime_param"):  # pragma: no cover
    pytest.skip("this typer coerces through click's types", allow_module_level=True)

from typer._click import Context  # noqa: E402

from lintnews.cli import _command  # noqa: E402

VALUES = [None, "", "x", " 4 ", "4", "-1", "1_000", "true", "no", 0, 4, -1, 10**9, True, False, 1.5,
          b"bytes", ("a", "b"), ["a"], (), ("a", 1), "a,b", ("4",)]


def outcome(call):
    try:
        got = call()
    except Exception as err:  # the error (its kind and message) is part of the contract
        return ("error", type(err).__name__, str(err))
    return ("value", type(got).__name__, got)


def parameters():
    group = _command()
    for name, cmd in [("lintnews", group), *group.commands.items()]:
        ctx = Context(cmd, info_name=name)
        for param in [*cmd.params, cmd.get_help_option(ctx)]:
            if param is not None:
                yield name, cmd, ctx, param


def test_every_plain_parameter_of_check_skips_typer_coercion():
    check = _command().commands["check"]
    ctx = Context(check, info_name="check")
    plain = [p for p in [*check.params, check.get_help_option(ctx)]
             if type(p._runtime_param).__name__ == "Plain"]
    assert len(plain) == len(check.params) + 1


@pytest.mark.parametrize("value", VALUES, ids=repr)
def test_coercion_is_typers(value):
    compared = 0
    for name, _cmd, ctx, param in parameters():
        fast = param._runtime_param
        if type(fast).__name__ != "Plain":
            continue
        own = coercion.build_runtime_param(param.type_descriptor)
        expected = outcome(lambda: own.coerce(value, param=param, ctx=ctx))
        got = outcome(lambda: fast.coerce(value, param=param, ctx=ctx))
        assert got == expected, (name, param.name, value)
        param._runtime_param = fast  # a value typer's coercion took leaves typer's own in place
        compared += 1
    assert compared > 30


def test_a_one_file_check_imports_neither_pydantic_nor_rich_tables(tmp_path):
    article = tmp_path / "a.txt"
    article.write_text("Headline\n\nBody text.\n\nAlso Read:Another headline\n", encoding="utf-8")
    code = ("import sys\nfrom lintnews.cli import main\n"
            f"try:\n    main(['check', '--no-cache', '--output-format', 'json', {str(article)!r}])\n"
            "except SystemExit:\n    pass\n"
            "print([m for m in ('pydantic', 'rich.table') if m in sys.modules], file=sys.stderr)")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": ROOT})
    assert proc.stderr.strip().splitlines()[-1] == "[]", proc.stderr
    assert '"REL001"' in proc.stdout
