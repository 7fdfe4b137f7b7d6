"""The `course` command: thin commands that parse, call the library and print via display."""

from __future__ import annotations

import atexit
import functools
import os
import sys
from pathlib import Path
from typing import Any, Callable

import click
from click.core import ParameterSource  # click 8.1 has no click.ParameterSource

from checker import __version__, display
from checker.environment import pause_garbage_collection, use_one_blas_thread
from checker.manifest import load_manifest

F = Callable[..., Any]


def _holds_topic_files(folder: Path) -> bool:
    # A folder named like a topic file counts: the check then says it is a folder.
    return any((folder / topic.file).exists() for topic in load_manifest().topics)


def _learner_dir(ctx: click.Context, param: click.Parameter, value: Path) -> Path:
    """The folder of topic files the learner means. Run from inside `exercises/` with no
    --path, that folder itself; given the workspace (the folder holding `exercises/`), its
    `exercises/`. Read as typed, either showed every topic "missing" or "not checked",
    recorded that as the learner's progress, and began a second `.course/` in the wrong
    place."""
    if (ctx.get_parameter_source(param.name or "") is ParameterSource.DEFAULT
            and not value.is_dir() and _holds_topic_files(Path.cwd())):
        return Path.cwd()
    if (value.is_dir() and value.name != "exercises" and not _holds_topic_files(value)
            and _holds_topic_files(value / "exercises")):
        return value / "exercises"
    return value


def path_option(function: F) -> F:
    return click.option(
        "--path", "path", type=click.Path(path_type=Path, file_okay=False),
        default=Path("exercises"), show_default=True, callback=_learner_dir,
        help="The folder holding your topic files.")(function)


def _load_state(workspace: Path) -> Any:
    """The learner's progress, saying so when an unreadable file had to be set aside: every
    command that reads it does, or the first one to run (`list`, say) made the progress
    vanish without a word."""
    from checker.state import load_state

    state = load_state(workspace)
    if state.unreadable is not None:
        display.warn_progress_reset(state.unreadable, state.kept_as)
    return state


def _save_state(workspace: Path, state: Any) -> None:
    """Save the progress, or warn that it could not be: a read-only or full disk must not
    hide the check or hint the learner asked for."""
    if problem := _saved(workspace, state):
        display.warn(problem)


def _saved(workspace: Path, state: Any) -> str:
    """Save the progress; "" or why it could not be."""
    from checker.state import save_state

    try:
        save_state(workspace, state)
    except OSError as exc:
        return unsaved_progress(workspace, exc)
    return ""


def _require_folder(path: Path, topic_files: bool = False) -> None:
    """Refuse a missing topic folder: a command that writes would make `exercises/` and
    `.course/` wherever it was run, and one that reads showed every topic "not checked",
    as if this were a workspace. With `topic_files`, refuse a folder that holds none of
    them too: `check` showed 18 topics "missing" and began a `.course/` there."""
    from checker.errors import UsageProblem

    if not path.is_dir():
        raise UsageProblem(f"no folder {path}: run this in a course workspace (`course init "
                           "DIR` makes one), or point --path at your topic files")
    if topic_files and not _holds_topic_files(path):
        files = [topic.file for topic in load_manifest().topics]
        raise UsageProblem(f"{path} holds none of the topic files ({files[0]}, {files[1]} ... "
                           f"{files[-1]}): point --path at the folder that holds them")


def unsaved_progress(workspace: Path, exc: OSError) -> str:
    # The folder, not the temporary file the failed write was making.
    from checker.state import STATE_DIR

    return f"your progress could not be saved in {workspace / STATE_DIR} ({exc.strerror or exc})"


def json_option(function: F) -> F:
    return click.option("--json", "as_json", is_flag=True,
                        help="Print a JSON document instead of the table.")(function)


def seed_option(function: F) -> F:
    return click.option("--seed", type=int, default=None,
                        help="Seed for the suites' random inputs (default: new each run).")(
        function)


def limits_options(function: F) -> F:
    """--call-timeout, --import-timeout, --topic-timeout and --memory, gathered into a
    `limits` argument."""
    options = [
        click.option("--call-timeout", type=click.FloatRange(min=0.1), default=None,
                     help="Seconds one call of your function may take (default 10)."),
        click.option("--import-timeout", type=click.FloatRange(min=0.1), default=None,
                     help="Seconds importing one topic file may take (default 30): a loop "
                          "at its top level costs this much per file."),
        click.option("--topic-timeout", type=click.FloatRange(min=1), default=None,
                     help="Seconds all the calls of one topic may take (default 120)."),
        click.option("--memory", "memory_mb", type=click.IntRange(min=256), default=None,
                     help="Megabytes of memory a worker may use (default 2048)."),
    ]
    for option in reversed(options):
        function = option(function)

    @functools.wraps(function)
    def wrapper(*args: Any, call_timeout: float | None, import_timeout: float | None,
                topic_timeout: float | None, memory_mb: int | None, **kwargs: Any) -> Any:
        from checker.limits import Limits

        changes: dict[str, Any] = {}
        if call_timeout is not None:
            changes["call_seconds"] = call_timeout
        if import_timeout is not None:
            changes["import_seconds"] = import_timeout
        if topic_timeout is not None:
            changes["topic_seconds"] = topic_timeout
        if memory_mb is not None:
            changes["memory_bytes"] = memory_mb * 1024 * 1024
        return function(*args, limits=Limits(**changes), **kwargs)

    return wrapper  # type: ignore[return-value]


class CourseGroup(click.Group):
    """Lists the commands by who uses them, and turns an operating-system error no command
    foresaw (a folder that is a file, a full disk, no permission) into one line and exit 1,
    never a traceback."""

    # In the order a learner meets them; one listed nowhere is shown under "Other commands".
    SECTIONS: tuple[tuple[str, tuple[str, ...]], ...] = (
        ("Learner commands", ("init", "check", "list", "hint", "quiz", "watch", "solution",
                              "reset", "progress")),
        ("Instructor commands", ("grade", "gradescope", "doctor")),
        ("Author commands", ("verify",)),
    )

    def list_commands(self, ctx: click.Context) -> list[str]:
        listed = [name for _, names in self.SECTIONS for name in names if name in self.commands]
        return listed + sorted(set(self.commands) - set(listed))

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """One section per kind of user: in a single list `verify`, an author's command,
        stood among the learner's."""
        commands = {name: command for name in self.list_commands(ctx)
                    if (command := self.get_command(ctx, name)) and not command.hidden}
        if not commands:
            return
        width = max(len(name) for name in commands)
        limit = formatter.width - 6 - width
        sections = list(self.SECTIONS) + [("Other commands", tuple(commands))]
        for title, names in sections:
            # Names padded alike, so that the descriptions line up across the sections.
            rows = [(name.ljust(width), commands.pop(name).get_short_help_str(limit))
                    for name in names if name in commands]
            if rows:
                with formatter.section(title):
                    formatter.write_dl(rows)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except BrokenPipeError:
            raise  # `course list | head`: click ends quietly, as a pipe's reader expects
        except OSError as exc:
            from checker.errors import CourseError

            where = f": {exc.filename}" if exc.filename else ""
            raise CourseError(f"{exc.strerror or exc}{where}") from None


@click.group(cls=CourseGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="course")
def cli() -> None:
    """A self-grading exercise and quiz course for SciPy.

    \b
    Start:   course init my-scipy-course && cd my-scipy-course
    Work:    edit exercises/00_getting_started.py, then `course check`
    Stuck:   course hint
    """


@cli.command("list")
@path_option
@json_option
def list_command(path: Path, as_json: bool) -> None:
    """Topics in order, with their status and progress.

    \b
    Example:
        course list
        course list --json
    """
    from checker.state import workspace_of

    _require_folder(path)
    course = load_manifest()
    state = _load_state(workspace_of(path))
    quizzes = _quiz_summaries(course, path)
    if as_json:
        display.print_json([
            {"id": t.id, "title": t.title, "file": t.file,
             "status": state.topics.get(t.id, "not checked"),
             "passed": sum(state.exercises.get(e.id) == "passed" for e in t.exercises),
             "exercises": len(t.exercises), "quiz": quizzes.get(t.id)}
            for t in course.topics])
        return
    display.print_course_list(course, state, quizzes)


def _quiz_summaries(course: Any, path: Path) -> dict[str, Any]:
    from checker.quiz import quiz_summary

    return {t.id: quiz_summary(t.id, path, lenient=True) for t in course.topics}


@cli.command()
@click.argument("topics", nargs=-1)
@path_option
@json_option
@seed_option
@click.option("-v", "--verbose", is_flag=True,
              help="Also show messages of exercises to do, and all that your code printed.")
@click.option("--jobs", type=click.IntRange(min=1), default=None,
              help="Checker processes sharing the topics (default: one per CPU this process may "
                   "use, at most 4).")
@limits_options
def check(topics: tuple[str, ...], path: Path, as_json: bool, seed: int | None,
          verbose: bool, jobs: int | None, limits: Any) -> None:
    """Check your exercises (all topics, or the TOPICS named) and save your progress.

    Exit status: 0 when every selected exercise passes, 1 otherwise, 2 on bad usage (an
    unknown topic, a folder without topic files), 130 on Ctrl-C.

    \b
    Examples:
        course check
        course check getting_started io
        course check --path solutions --json
    """
    from checker.forkserver import default_spawner
    from checker.workspace import topics_to_run

    pause_garbage_collection()  # until the suites are collected (`resume_garbage_collection`)
    course = load_manifest()
    selected = course.select([_target(name, whole_topic=True)[0].id for name in topics])
    _require_folder(path, topic_files=True)
    if topics_to_run(selected, path):
        default_spawner()  # the fork server imports SciPy while this process imports the rest
    from checker.results import all_passed
    from checker.runner import default_processes, run_check
    from checker.state import record_results, workspace_of

    document = run_check(course, selected, path, seed=seed, limits=limits,
                         processes=jobs or default_processes())
    workspace = workspace_of(path)
    state = _load_state(workspace)
    record_results(state, document)
    # Saved first, so that output cut short (`course check | head`) loses no progress; a
    # failure to save is said after the results, which it must not hide.
    unsaved = _saved(workspace, state)
    if as_json:
        display.print_json(document)
    else:
        display.print_results(document, verbose=verbose)
    if unsaved:
        display.warn(unsaved)
    sys.exit(0 if all_passed(document) else 1)


@cli.command()
@click.argument("target", required=False)
@path_option
def hint(target: str | None, path: Path) -> None:
    """Show the next hint for the first unfinished exercise, or for TARGET.

    TARGET is a topic (its first unfinished exercise) or TOPIC.EXERCISE. Each call shows
    the next level of hint, closer to the answer.

    \b
    Examples:
        course hint
        course hint stats
        course hint getting_started.solve_and_check
    """
    from checker.hints import next_hint
    from checker.state import workspace_of

    course = load_manifest()
    if target:
        _target(target)  # an unknown topic or exercise is the thing to say first
    _require_folder(path)
    workspace = workspace_of(path)
    state = _load_state(workspace)
    shown = next_hint(course, state, target)
    display.print_hint(shown)
    if shown is not None:
        _save_state(workspace, state)


@cli.command()
@click.argument("topics", nargs=-1)
@seed_option
@click.option("--write-answers", is_flag=True,
              help="First rewrite solutions/quiz_answers.toml from the quiz banks.")
def verify(topics: tuple[str, ...], seed: int | None, write_answers: bool) -> None:
    """Prove the course: every solution passes, every stub is all "to do", and manifest,
    stubs, solutions, suites and quizzes agree. For course authors.

    \b
    Examples:
        course verify
        course verify stats cluster
    """
    from checker.authoring import verify as run_verify
    from checker.authoring import write_reference_answers

    course = load_manifest()
    if write_answers:
        display.echo(f"wrote {write_reference_answers(course)}")
    result = run_verify(course, course.select(topics), seed=seed)
    display.print_verification(result.problems, result.solutions, result.stubs)
    sys.exit(0 if result.ok else 1)


@cli.command()
@click.argument("directory", type=click.Path(path_type=Path))
def init(directory: Path) -> None:
    """Create a fresh learner workspace in DIRECTORY: the stubs, no solutions.

    \b
    Example:
        course init my-scipy-course
    """
    from checker.workspace import init_workspace

    destination = init_workspace(load_manifest(), directory)
    display.print_init(destination.parent.absolute())


@cli.command()
@click.argument("submissions", type=click.Path(path_type=Path))
@click.option("--out", type=click.Path(path_type=Path, file_okay=False), required=True,
              help="Folder for the grade sheets and per-submission files.")
@click.option("--jobs", type=click.IntRange(min=1), default=None,
              help="Submissions graded at once (default: one per CPU this process may use).")
@click.option("--topic", "topics", multiple=True,
              help="Grade only this topic (repeat for several): an assignment's part of "
                   "the course. Default: every topic.")
@seed_option
@limits_options
def grade(submissions: Path, out: Path, jobs: int | None, topics: tuple[str, ...],
          seed: int | None, limits: Any) -> None:
    """Grade every folder or .zip in SUBMISSIONS into --out.

    Writes grades.csv, maxima.csv (each column's maximum), grades.json, summary.md,
    summary.png, and per submission results.json (Gradescope's format) and feedback.md.
    Run it again with the same --out after a stop: only what is not yet graded is graded.
    Exit 0 when every submission has a record, whatever its score; 130 when Ctrl-C stopped
    it (the sheets then show the submissions graded so far).

    \b
    Example:
        course grade ./submissions --out ./graded --jobs 2
        course grade ./week3.zip-folder --out ./week3 --topic stats --topic cluster
    """
    from checker.grading import grade_batch

    progress = display.GradeProgress()
    try:
        result = grade_batch(submissions, out, jobs=jobs, on_progress=progress, seed=seed,
                             topic_ids=topics, limits=limits,
                             on_gaps=display.warn_grading_gaps)
    finally:
        progress.close()
    display.print_grade_summary(result.records, result.graded_now, result.skipped, str(out),
                                result.departed)


@cli.command()
@click.option("--submission", type=click.Path(path_type=Path, file_okay=False),
              default=Path("/autograder/submission"), show_default=True,
              help="The folder Gradescope unpacks the learner's upload into.")
@click.option("--results", type=click.Path(path_type=Path, dir_okay=False),
              default=Path("/autograder/results/results.json"), show_default=True,
              help="Where Gradescope reads the results.")
@click.option("--topic", "topics", multiple=True,
              help="Grade only this topic (repeat for several). Default: every topic.")
def gradescope(submission: Path, results: Path, topics: tuple[str, ...]) -> None:
    """Grade one upload inside Gradescope's autograder (see the README's run_autograder).

    \b
    Example:
        course gradescope --submission /autograder/submission --topic stats
    """
    from checker.gradescope import run_gradescope

    record = run_gradescope(submission, results, topics)
    if record.get("sandbox_gaps"):  # for the instructor: Gradescope shows them this output
        display.warn_grading_gaps(record["sandbox_gaps"])
    display.echo(f"{record['status']}: {record['document']['score']:g}/"
                 f"{record['document']['max_score']:g} written to {results}")


def _target(target: str, whole_topic: bool = False) -> tuple[Any, Any]:
    """TOPIC or TOPIC.EXERCISE as (topic, exercise or None), for every command that takes
    one; an unknown one is a usage error that names what there is and what is close.
    `whole_topic`: the command takes topics only."""
    from checker.errors import UsageProblem

    topic, exercise = load_manifest().resolve(target)
    if whole_topic and exercise is not None:
        command = f"course {click.get_current_context().info_name}"
        raise UsageProblem(f"{command} takes whole topics: `{command} {topic.id}`")
    return topic, exercise


def _exercise_target(target: str) -> tuple[Any, Any]:
    from checker.errors import UsageProblem

    topic, exercise = _target(target)
    if exercise is None:
        raise UsageProblem(f"name an exercise: {topic.id}.<exercise> "
                           f"(one of {', '.join(e.name for e in topic.exercises)})")
    return topic, exercise


@cli.command()
@click.argument("topic")
@path_option
@click.option("--answers", "answers_file", type=click.Path(path_type=Path, dir_okay=False),
              default=None, help="Answer from a TOML file instead of the terminal: lines of "
                                 "question id = answer, or a quiz_answers.toml, whose [TOPIC] "
                                 "table is taken (see below).")
@click.option("--only", "only", multiple=True,
              help="Ask only this question id (repeat for several), e.g. to change an answer.")
def quiz(topic: str, path: Path, answers_file: Path | None, only: tuple[str, ...]) -> None:
    """Answer TOPIC's quiz: each question, then whether you were right and why.

    Answers are saved in quiz_answers.toml beside your topic files (so they are submitted
    with your code) as soon as you give them. Run it again to change an answer; press
    Enter to keep a saved one.

    \b
    Examples:
        course quiz stats
        course quiz stats --only pvalue_decision
        course quiz stats --answers my-answers.toml

    An answers file (--answers) has one of two layouts: the question ids at the top, or
    the layout of quiz_answers.toml, where TOPIC's answers are its [TOPIC] table (other
    tables and the learner line are left alone). A choice is a letter, several choices
    letters, a number a number, a short answer a string:

    \b
        # my-answers.toml, flat          # or as quiz_answers.toml
        pvalue_decision = "b"            learner = "9f3c0a..."
        result_fields = ["a", "c"]       [stats]
        normal_quantile = 1.96           pvalue_decision = "b"
        anova_function = "f_oneway"      result_fields = "a, c"

    A question id the quiz does not have, a letter that is not one of a question's choices,
    or a file without a [TOPIC] table is refused (exit 2), a line per problem, and nothing
    is saved.
    """
    from checker.errors import UsageProblem
    from checker.quiz import load_answer_file, record_answers, run_quiz
    from checker.quiz_bank import load_bank

    topic_id = load_manifest().topic(topic).id
    if load_bank(topic_id) is None:
        raise UsageProblem(f"topic {topic_id!r} has no quiz yet")
    _require_folder(path)
    if answers_file is not None:
        results = record_answers(topic_id, path, load_answer_file(answers_file, topic_id))
        display.print_quiz_feedback(results)
        return
    # The quiz tells its own final score.
    run_quiz(topic_id, path, ask=display.ask_question, tell=display.echo,
             only=list(only) or None)


@cli.command()
@click.argument("target")
@path_option
def solution(target: str, path: Path) -> None:
    """Show the reference solution of TOPIC.EXERCISE, once your own passes.

    \b
    Example:
        course solution getting_started.solve_and_check
    """
    from checker.errors import CourseError
    from checker.sources import reference_solution
    from checker.state import workspace_of

    topic, exercise = _exercise_target(target)
    _require_folder(path)
    state = _load_state(workspace_of(path))
    if state.exercises.get(exercise.id) != "passed":
        raise CourseError(f"{exercise.id} has not passed yet: solve it first "
                          f"(`course check {topic.id}`), then compare")
    display.print_solution(exercise.id, reference_solution(exercise, topic))


@cli.command()
@click.argument("target")
@path_option
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
def reset(target: str, path: Path, yes: bool) -> None:
    """Put back the stub of TOPIC (the whole file) or of TOPIC.EXERCISE (one function).

    Your version is kept in .course/backups/ first. One that is already the stub is left
    as it is.

    \b
    Examples:
        course reset getting_started.make_array
        course reset stats --yes
    """
    from checker.sources import is_stub, reset_exercise, reset_topic
    from checker.state import record_reset, workspace_of

    topic, exercise = _target(target)
    _require_folder(path)
    what = f"the function {exercise.name} in {topic.file}" if exercise else topic.file
    if is_stub(topic, exercise, path):
        # A backup of the stub would only crowd out the learner's own versions.
        display.print_already_stub(what)
        return
    if not yes and not display.confirm(f"Put back the original stub of {what}?"):
        display.print_nothing_changed()
        return
    if exercise is None:
        saved = reset_topic(topic, path)
    else:
        saved = reset_exercise(topic, exercise, path)
    display.print_reset(what, saved)
    workspace = workspace_of(path)
    state = _load_state(workspace)
    record_reset(state, topic.id, [e.id for e in ([exercise] if exercise else topic.exercises)])
    _save_state(workspace, state)


@cli.command()
@path_option
@click.option("--plot", type=click.Path(path_type=Path, dir_okay=False), default=None,
              help="Also draw the progress per topic to this PNG file.")
@json_option
def progress(path: Path, plot: Path | None, as_json: bool) -> None:
    """Your progress per topic: exercises passed, points earned and quiz points.

    \b
    Examples:
        course progress
        course progress --plot progress.png
    """
    from dataclasses import asdict

    from checker.progress import plot_progress, topic_progress
    from checker.state import workspace_of

    _require_folder(path)
    course = load_manifest()
    quizzes = _quiz_summaries(course, path)
    rows = topic_progress(course, _load_state(workspace_of(path)), quizzes)
    if plot is not None:
        from checker.errors import UsageProblem

        # The picture is a PNG whatever its name says, in a folder that exists: a typo in
        # a folder name makes nothing, as every other file the course writes.
        if plot.suffix.lower() != ".png":
            raise UsageProblem(f"--plot draws a PNG picture: name it like {plot.stem}.png")
        if not plot.parent.exists():  # one that is a file is the system's error to say
            raise UsageProblem(f"no folder {plot.parent} for the picture {plot.name}")
        plot_progress(rows, plot)
    if as_json:
        display.print_json([asdict(row) for row in rows])
    else:
        display.print_progress(rows, plot, list(quizzes.values()))


@cli.command()
@click.argument("topic", required=False)
@path_option
@seed_option
def watch(topic: str | None, path: Path, seed: int | None) -> None:
    """Re-check TOPIC (default: the first unfinished one) each time you save its file.

    Keys: q quits, h shows the next hint, n moves to the next unfinished topic.
    Runs until you press q or Ctrl-C; with no TOPIC and every exercise passing, there is
    nothing to watch and it ends at once.

    \b
    Example:
        course watch stats
    """
    from checker.hints import first_unfinished, next_hint
    from checker.state import workspace_of
    from checker.watch import Watcher, keys

    if topic:
        topic = _target(topic, whole_topic=True)[0].id
    _require_folder(path, topic_files=True)
    course = load_manifest()
    # Read before the watcher reads it: says if it was unreadable.
    state = _load_state(workspace_of(path))
    if topic is None and first_unfinished(course, state) is None:
        display.print_nothing_to_watch()
        return
    watcher = Watcher(course, path, topic, seed)

    def check_and_show() -> None:
        display.print_watch_checking(watcher.topic.file)
        display.print_watch(watcher.check(), watcher.topic.id)
        if watcher.unsaved is not None:
            display.warn(unsaved_progress(watcher.workspace, watcher.unsaved))

    check_and_show()
    watcher.warm_up()
    try:
        for key in keys():
            if key == "q":
                break
            if key == "h":
                state = _load_state(watcher.workspace)
                shown = next_hint(course, state, watcher.topic.id)
                display.print_hint(shown)
                if shown is not None:
                    _save_state(watcher.workspace, state)
            elif key == "n":
                if not watcher.next_topic():
                    # The watched topic may be the one left to do: "every topic passes"
                    # would then be false.
                    display.print_no_next_topic(
                        watcher.topic.id if watcher.unfinished() else None)
                    continue
                check_and_show()
            elif watcher.changed():
                check_and_show()
    except KeyboardInterrupt:
        pass


@cli.command()
@json_option
def doctor(as_json: bool) -> None:
    """Which protections learner code gets on this machine, and why any is missing.

    \b
    Example:
        course doctor
    """
    from checker.doctor import report

    rows = report()
    if as_json:
        display.print_json([{"protection": name, "active": active, "detail": detail}
                            for name, active, detail in rows])
    else:
        display.print_doctor(rows)


def main() -> None:
    """The `course` command. It ends without tearing the interpreter down: with SciPy and
    pytest loaded that teardown takes 0.13 s of every command, and nothing is left for it
    to do once the exit handlers (the fork server's shutdown among them) have run and the
    output is flushed.

    The checker and its helpers run with one BLAS thread (`use_one_blas_thread`): with two
    grading runners on two CPUs, OpenBLAS's default threads made a batch take 50% longer."""
    use_one_blas_thread()
    try:
        cli()
        code = 0
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        if exc.code is not None and not isinstance(exc.code, int):
            print(exc.code, file=sys.stderr)
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):
            code = code or 1  # a closed pipe: the output did not all arrive
    os._exit(code)
