"""Exceptions that carry their own exit code, so the CLI translates none of them by hand."""

from __future__ import annotations

from typing import IO, Any

import click


class CourseError(click.ClickException):
    """A problem the user can fix; one line on stderr and exit 1."""

    exit_code = 1


class UsageProblem(CourseError):
    """Bad input on the command line (an unknown topic, a missing folder): exit 2."""

    exit_code = 2


class ManifestError(CourseError):
    """The course manifest is malformed: an authoring mistake, not a learner's."""


class AuthoringError(CourseError):
    """Suites, stubs, solutions or quizzes disagree with the manifest."""


class Interrupted(CourseError):
    """Stopped by Ctrl-C or SIGTERM, what is done kept: the message says what; exit 130, as
    a shell reports a command that SIGINT ended. Not an error, so no "Error:" before it."""

    exit_code = 130

    def show(self, file: IO[Any] | None = None) -> None:
        click.echo(self.format_message(), err=True)
