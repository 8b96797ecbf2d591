"""A test that lacks ../shared, a server or a browser skips, except under CI, where it fails."""

from __future__ import annotations

import pytest

from tests.conftest import shared_path, unavailable


def test_skips_outside_ci(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="no server"):
        unavailable("no server")


@pytest.mark.parametrize("value", ["true", "TRUE"])
def test_fails_under_ci(monkeypatch: pytest.MonkeyPatch, value: str) -> None:
    monkeypatch.setenv("CI", value)
    with pytest.raises(pytest.fail.Exception, match="no server; under CI"):
        unavailable("no server")


def test_missing_shared_file_fails_under_ci(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match=r"no-such-file\.txt is absent"):
        shared_path("no-such-file.txt")


def test_ci_false_still_skips(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CI", "false")
    with pytest.raises(pytest.skip.Exception):
        shared_path("no-such-file.txt")
