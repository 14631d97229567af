"""The ``cnreport`` command: parse reports into JSON, JSON Lines, CSV or Parquet; build a panel; render a page.

See ``docs/cli.md`` for every option, the output layout and the exit codes.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import re
import sys
import types
import typing
import warnings
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import IO, Any, NoReturn

from . import __version__
from .batch import DEFAULT_MAX_BYTES, Failure, ReadError, _text_codec, decode, find_reports, parse_many, read_bytes
from .tables import COLUMNS, ColumnType, schema_of, tables, to_arrow
from .types import Report, _jsonable, _streamed_dict

__all__ = ["EXIT_INPUT", "EXIT_MISSING", "EXIT_OK", "EXIT_OUTPUT", "EXIT_PIPE", "EXIT_USAGE", "main"]

EXIT_OK = 0
"""Every input was read and parsed, and everything was written."""
EXIT_INPUT = 1
"""Some inputs could not be read or parsed (each is named on standard error); the others were written."""
EXIT_USAGE = 2
"""The command line is wrong (an unknown option, a bad value); nothing was read."""
EXIT_OUTPUT = 3
"""The output could not be written (disk full, closed standard output, no permission)."""
EXIT_MISSING = 4
"""An optional part is not installed (pyarrow for Parquet, spaCy for render); the message gives the pip command."""
EXIT_INTERRUPTED = 130
"""Interrupted (Ctrl-C)."""
EXIT_PIPE = 141
"""The reader of standard output went away (``| head``): nothing more is written and nothing is printed."""

EPILOG = """\
examples:
  cnreport parse report.txt                         one report as JSON Lines on standard output
  cnreport parse reports/ -o reports.jsonl          every *.txt under reports/, one line each
  cnreport parse reports/ -f parquet -o out/        out/quantities.parquet, out/indicators.parquet ...
  cnreport parse reports.csv --text-column full_text -f csv -o out/
  cnreport parse reports/ --jobs 4 --with-text -o all.jsonl
  cat report.txt | cnreport parse -                 standard input, decoded like a file
  cnreport panel reports/ -o panel.parquet          region x year x indicator (manifest.json used if present)
  cnreport render report.txt -o page.html           a review page with the findings highlighted

exit codes: 0 all done; 1 some inputs could not be read or parsed (named on standard error, the
others written); 2 bad command line; 3 output could not be written; 4 an optional part is missing;
130 interrupted; 141 standard output closed by its reader (| head).
"""


class _Exit(Exception):
    """Stop with a one-line message and an exit code."""

    def __init__(self, code: int, message: str = "") -> None:
        super().__init__(message)
        self.code = code
        self.message = message


class _OutputError(Exception):
    """Writing failed; ``where`` names the output, ``advice`` what to do (else: free space, or
    write elsewhere)."""

    def __init__(self, where: str, exc: OSError, advice: str = "") -> None:
        super().__init__(where)
        self.where = where
        self.exc = exc
        self.advice = advice


def _folder_error(output: str, exc: OSError) -> _OutputError:
    """A directory ``-o`` names could not be made: where a file stands there, say that the format
    writes a directory."""
    taken = Path(output).exists() and not Path(output).is_dir()
    return _OutputError(output, exc, "this format writes a directory: name one with -o" if taken else "")


# ---------------------------------------------------------------------------
# messages


def _err(message: str) -> None:
    """One line on standard error, whatever its encoding, never raising."""
    stream = sys.stderr
    if stream is None:
        return
    line = f"cnreport: {message}\n"
    try:
        stream.write(line)
        stream.flush()
    except UnicodeEncodeError:
        try:
            encoding = getattr(stream, "encoding", None) or "ascii"
            stream.write(line.encode(encoding, "backslashreplace").decode(encoding, "replace"))
            stream.flush()
        except (OSError, ValueError, UnicodeError):
            pass
    except (OSError, ValueError):
        pass


def _silence_stdout() -> None:
    """Point standard output at /dev/null so that Python's final flush cannot fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (AttributeError, OSError, ValueError):
        pass


# ---------------------------------------------------------------------------
# argument parsing


class _Parser(argparse.ArgumentParser):
    """argparse, with errors on one line."""

    def error(self, message: str) -> NoReturn:
        raise _Exit(EXIT_USAGE, f"{message} (see {self.prog} --help)")


def _date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a date like 2021-07-20, got {value!r}") from None


_SIZE = re.compile(r"(\d+)\s*([kmg]?)b?", re.IGNORECASE)


def _size(value: str) -> int:
    m = _SIZE.fullmatch(value.strip())
    if not m or int(m.group(1)) == 0:
        raise argparse.ArgumentTypeError(f"expected a positive number of bytes like 20000000 or 20M, got {value!r}")
    return int(m.group(1)) * {"": 1, "k": 10**3, "m": 10**6, "g": 10**9}[m.group(2).lower()]


def _encoding(value: str) -> str:
    try:
        _text_codec(value)
    except LookupError:
        raise argparse.ArgumentTypeError(
            f"unknown encoding {value!r}: give a codec name such as utf-8, gb18030 or big5"
        ) from None
    return value


def _jobs(value: str) -> int:
    try:
        n = int(value)
    except ValueError:
        n = 0
    if n < 1 and n != -1:
        raise argparse.ArgumentTypeError(
            f"expected a number of processes (1, 2 ... or -1 for one per CPU), got {value!r}"
        )
    return n


def _input_options(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--encoding",
        type=_encoding,
        metavar="E",
        help="read every input with this encoding (default: detect UTF-8/16, GB18030, Big5)",
    )
    p.add_argument(
        "--text-column",
        default="text",
        metavar="C",
        help="the column that holds the report text in CSV or Parquet input (default: text)",
    )
    p.add_argument(
        "--max-bytes",
        type=_size,
        default=DEFAULT_MAX_BYTES,
        metavar="N",
        help=f"refuse an input larger than N bytes (default: {DEFAULT_MAX_BYTES:,}; 50M, 1G also work)",
    )
    p.add_argument("--jobs", "-j", type=_jobs, default=1, metavar="N", help="parse in N processes (-1: one per CPU)")
    p.add_argument(
        "--reference-date",
        type=_date,
        metavar="YYYY-MM-DD",
        help="resolve relative times (今年, 去年) against this date",
    )
    p.add_argument("--no-progress", action="store_true", help="no progress bar, even on a terminal")
    _pack_option(p)


def _pack_option(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--no-packs", action="store_true", help="only the built-in rules, no installed rule pack (CNREPORT_NO_PACKS=1)"
    )


def _parser() -> _Parser:
    ap = _Parser(
        prog="cnreport",
        description="Chinese work reports (工作总结, 政府工作报告) as typed data.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    ap.add_argument("--version", action="version", version=f"cnreport {__version__}")
    sub = ap.add_subparsers(dest="command", required=True, metavar="{parse,panel,render}", parser_class=_Parser)

    p = sub.add_parser(
        "parse",
        help="parse reports into JSON, JSON Lines, CSV or Parquet",
        description="Parse report files (or every *.txt under a directory, or the text column of a CSV or "
        "Parquet file, or - for standard input) and write what was found.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("paths", nargs="+", metavar="PATH", help="a .txt file, a directory, a .csv or .parquet table, or -")
    p.add_argument(
        "-f",
        "--format",
        choices=("jsonl", "json", "csv", "parquet"),
        default=None,
        help="jsonl (default): one line per report; json: one file per report in the -o directory "
        "(or indented on standard output); csv, parquet: one file per table in the -o directory",
    )
    p.add_argument("-o", "--output", metavar="OUT", help="a file (jsonl) or a directory (json, csv, parquet)")
    p.add_argument("--with-text", action="store_true", help="include each report's full text in the output")
    p.add_argument("--indent", type=int, default=None, metavar="N", help="indent JSON by N spaces")
    _input_options(p)

    q = sub.add_parser(
        "panel",
        help="build a region x year x indicator panel from a folder of reports",
        description="Parse the reports and write one tidy table of their indicator figures. Region and year "
        "come from --manifest, from a manifest.json or manifest.csv inside a directory argument, from the "
        "columns of a CSV or Parquet input, or else from each report's title.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    q.add_argument(
        "paths", nargs="+", metavar="PATH", help="a directory of *.txt reports, files, or a .csv/.parquet table"
    )
    q.add_argument("-o", "--output", required=True, metavar="OUT", help="panel.parquet, panel.csv or panel.jsonl")
    q.add_argument("--manifest", metavar="FILE", help="a CSV or JSON file with id, region and year per report")
    q.add_argument("--keep-duplicates", action="store_true", help="keep every indicator row (no duplicate rule)")
    _input_options(q)

    r = sub.add_parser(
        "render",
        help="write an HTML review page for one report",
        description="Write a page that highlights the entities and quantities of a report, with its indicator "
        "and project tables. FILE is a report text, or a JSON report written by `cnreport parse --with-text`.",
    )
    r.add_argument("file", metavar="FILE", help="a report (.txt) or a parsed report with its text (.json)")
    r.add_argument(
        "-o", "--output", required=True, metavar="PAGE", help="the HTML file to write (- for standard output)"
    )
    r.add_argument("--encoding", type=_encoding, metavar="E", help="the encoding of FILE (default: detect)")
    r.add_argument("--max-bytes", type=_size, default=DEFAULT_MAX_BYTES, metavar="N", help="refuse a larger FILE")
    r.add_argument(
        "--reference-date", type=_date, metavar="YYYY-MM-DD", help="resolve relative times against this date"
    )
    _pack_option(r)
    return ap


def _show_warning(
    message: Warning | str,
    category: type[Warning],
    filename: str,
    lineno: int,
    file: typing.TextIO | None = None,
    line: str | None = None,
) -> None:
    """A rule pack left out, on one line of standard error; other warnings as Python prints them."""
    from .loader import RulePackWarning

    if issubclass(category, RulePackWarning):
        _err(str(message))
    else:
        _python_show_warning(message, category, filename, lineno, file, line)


_python_show_warning = warnings.showwarning


def _use_packs(args: argparse.Namespace) -> None:
    if getattr(args, "no_packs", False):
        from .loader import NO_PACKS_ENV, forget_rules

        os.environ[NO_PACKS_ENV] = "1"  # also for the worker processes of --jobs
        forget_rules()


# ---------------------------------------------------------------------------
# inputs


@dataclass
class _Doc:
    """One document to parse, or one input that could not be read (``error``)."""

    doc_id: str
    source: str
    name: str = ""
    text: str | None = None
    encoding: str | None = None
    fields: dict[str, Any] = field(default_factory=dict)
    error: str | None = None

    def __post_init__(self) -> None:
        self.doc_id, self.source, self.name = _shown(self.doc_id), _shown(self.source), _shown(self.name)


def _shown(name: str) -> str:
    """A file name as text every output can hold: the bytes of a name that is no UTF-8 (written
    in another encoding, which Python reads as lone surrogates) as ``\\xNN`` escapes, so that
    the name still tells the file (bad\\xffname.txt) and no writer fails on it."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        try:
            return name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
        except UnicodeEncodeError:  # a lone surrogate that no byte gave (a table's cell)
            return name.encode("utf-8", "backslashreplace").decode("utf-8")
    return name


_TABLE_SUFFIXES = {".csv": "csv", ".parquet": "parquet", ".pq": "parquet"}


def _table_kind(path: str) -> str | None:
    return _TABLE_SUFFIXES.get(Path(path).suffix.lower()) if path != "-" else None


def _need_pyarrow(what: str) -> Any:
    try:
        import pyarrow
        import pyarrow.parquet
    except ImportError:
        raise _Exit(EXIT_MISSING, f"{what} needs pyarrow: pip install 'cnreport[parquet]'") from None
    return pyarrow


def _arrow_kind(arrow_type: Any) -> ColumnType:
    import pyarrow as pa

    if pa.types.is_boolean(arrow_type):
        return "bool"
    if pa.types.is_integer(arrow_type):
        return "int"
    if pa.types.is_floating(arrow_type) or pa.types.is_decimal(arrow_type):
        return "float"
    if pa.types.is_date(arrow_type):
        return "date"
    return "str"


_ID_COLUMNS = ("doc_id", "id")


class _Inputs:
    """Every document named on the command line, read lazily in order."""

    def __init__(self, paths: Sequence[str], args: argparse.Namespace) -> None:
        self.paths = list(paths)
        self.encoding: str | None = args.encoding
        self.max_bytes: int = args.max_bytes
        self.text_column: str = args.text_column
        self.field_types: dict[str, ColumnType] = {}
        self.total: int | None = 0
        self.files: dict[str, list[Path]] = {}
        for path in self.paths:
            kind = _table_kind(path)
            if kind is not None:
                self._scan_table(path, kind)
            elif path != "-" and Path(path).is_dir():
                self.files[path] = find_reports(path)
                self._count(len(self.files[path]))
            else:
                self._count(1)

    def _count(self, n: int | None) -> None:
        self.total = None if self.total is None or n is None else self.total + n

    def _scan_table(self, path: str, kind: str) -> None:
        """Learn the other columns (they become document fields) before anything is written."""
        columns: list[tuple[str, ColumnType]] = []
        try:
            if kind == "parquet":
                _need_pyarrow("Parquet input")
                import pyarrow.parquet as pq

                meta = pq.ParquetFile(path)
                schema = meta.schema_arrow
                columns = [(name, _arrow_kind(schema.field(name).type)) for name in schema.names]
                self._count(meta.metadata.num_rows)
            else:
                header = next(_csv_rows(path, self.encoding))
                columns = [(name, "str") for name in header]
                self._count(None)
        except Exception:  # reported when the table is read
            self._count(0)
            return
        names = [name for name, _ in columns]
        skip = {self.text_column, _id_column(names)}
        for name, kind_ in columns:
            if name not in skip:
                self.field_types.setdefault(_field_name(name), kind_)

    def __iter__(self) -> Iterator[_Doc]:
        for path in self.paths:
            kind = _table_kind(path)
            if path == "-":
                yield self._stdin()
            elif kind is not None:
                yield from self._table(path, kind)
            elif path in self.files:
                root = Path(path)
                if not self.files[path]:
                    yield _Doc(path, path, error="no *.txt files under this directory")
                for f in self.files[path]:
                    yield self._file(f, str(f.relative_to(root)))
            else:
                yield self._file(Path(path), Path(path).name)

    def _file(self, path: Path, name: str) -> _Doc:
        doc = _Doc(str(path), str(path), name=name)
        try:
            doc.text, doc.encoding = decode(read_bytes(path, self.max_bytes), self.encoding)
        except ReadError as exc:
            doc.error = str(exc)
        return doc

    def _stdin(self) -> _Doc:
        doc = _Doc("-", "-", name="stdin")
        try:
            doc.text, doc.encoding = decode(_read_stdin(self.max_bytes), self.encoding)
        except ReadError as exc:
            doc.error = str(exc)
        return doc

    def _table(self, path: str, kind: str) -> Iterator[_Doc]:
        try:
            rows = _parquet_rows(path) if kind == "parquet" else _csv_rows(path, self.encoding)
            columns, records = next(rows), rows
        except _Exit:
            raise
        except (OSError, ReadError, ValueError, csv.Error) as exc:
            yield _Doc(path, path, error=_table_error(exc))
            return
        except Exception as exc:  # pyarrow raises its own errors on a broken file
            yield _Doc(path, path, error=f"cannot be read as {kind}: {exc}")
            return
        if self.text_column not in columns:
            shown = ", ".join(columns[:12]) + (" ..." if len(columns) > 12 else "")
            yield _Doc(
                path,
                path,
                error=f"no column {self.text_column!r} (columns: {shown}); name the text column with --text-column",
            )
            return
        id_column = _id_column(columns)
        n = 0
        try:
            for n, record in enumerate(records, start=1):
                yield self._row(path, n, record, id_column)
        except (OSError, ReadError, ValueError, csv.Error) as exc:
            yield _Doc(f"{path}#{n + 1}", path, error=f"row {n + 1}: {_table_error(exc)}")

    def _row(self, path: str, n: int, record: dict[str, Any], id_column: str | None) -> _Doc:
        raw_id = record.get(id_column) if id_column else None
        doc_id = str(raw_id) if raw_id not in (None, "") else f"{path}#{n}"
        doc = _Doc(doc_id, path, name=doc_id)
        doc.fields = {
            _field_name(str(k)): _field_value(v) for k, v in record.items() if k not in (self.text_column, id_column)
        }
        text = record.get(self.text_column)
        if text is None or text == "":  # a null cell of Parquet, an empty one of CSV
            doc.error = f"row {n}: the {self.text_column!r} column is empty"
        elif not isinstance(text, str):
            doc.error = f"row {n}: the {self.text_column!r} column holds {type(text).__name__}, not text"
        elif len(text.encode("utf-8", "surrogatepass")) > self.max_bytes:
            doc.error = f"row {n}: larger than {self.max_bytes:,} bytes: split it, or raise the limit with --max-bytes"
        else:
            doc.text = text
        return doc


def _where(doc: _Doc) -> str:
    """How a message names a document: its file, and a table row's own id after it."""
    if doc.doc_id == doc.source or doc.doc_id.startswith(f"{doc.source}#"):
        return doc.doc_id
    return f"{doc.source} ({doc.doc_id})"


def _id_column(columns: Sequence[str]) -> str | None:
    """The column that names each row: doc_id, else id, else none."""
    return next((c for c in _ID_COLUMNS if c in columns), None)


def _field_value(value: Any) -> Any:
    """An input column's value as plain JSON data (anything unusual as its text)."""
    try:
        return _jsonable(value)
    except TypeError:
        return str(value)


def _read_stdin(max_bytes: int) -> bytes:
    """Standard input as bytes (decoded later like a file), refusing more than ``max_bytes``."""
    stream = sys.stdin
    if stream is None or getattr(stream, "closed", False):
        raise ReadError("standard input is closed: pipe a report into it, or name files instead of -")
    try:
        reader = getattr(stream, "buffer", stream)
        data = reader.read(max_bytes + 1)
    except (OSError, ValueError) as exc:
        raise ReadError(f"standard input cannot be read: {exc}") from None
    if isinstance(data, str):
        data = data.encode("utf-8", "surrogateescape")
    if len(data) > max_bytes:
        raise ReadError(f"larger than {max_bytes:,} bytes: split it, or raise the limit with --max-bytes")
    return bytes(data)


_DOCUMENT_COLUMNS = set(COLUMNS["documents"]) | {"source", "encoding", "error", "text"}


def _field_name(name: str) -> str:
    """An input column keeps its name unless the documents table has one like it: then it is input_<name>."""
    return f"input_{name}" if name in _DOCUMENT_COLUMNS else name


def _table_error(exc: Exception) -> str:
    if isinstance(exc, OSError):
        return f"cannot be read: {exc.strerror or exc}"
    return str(exc)


def _decode_prefix(data: bytes, encoding: str | None, whole: bool) -> tuple[str, str]:
    """Decode the first bytes of a file (all of it when ``whole``), which may end inside a character."""
    for cut in range(1 if whole else 4):
        try:
            return decode(data[: len(data) - cut], encoding)
        except ReadError:
            if cut == (0 if whole else 3):
                raise
    raise AssertionError("unreachable")  # pragma: no cover


_HEAD = 1 << 20


def _csv_rows(path: str, encoding: str | None) -> Iterator[Any]:
    """The header, then each row as a dict; the encoding is detected on the first megabyte."""
    with open(path, "rb") as f:
        head = f.read(_HEAD + 1)
    _, detected = _decode_prefix(head[:_HEAD], encoding, whole=len(head) <= _HEAD) if head else ("", "utf-8")
    csv.field_size_limit(1 << 30)
    with open(path, encoding=detected, newline="") as f:
        reader = csv.DictReader(f)
        yield list(reader.fieldnames or [])
        yield from reader


def _parquet_rows(path: str) -> Iterator[Any]:
    _need_pyarrow("Parquet input")
    import pyarrow.parquet as pq

    pf = pq.ParquetFile(path)
    yield list(pf.schema_arrow.names)
    for chunk in pf.iter_batches(batch_size=256):
        yield from chunk.to_pylist()


# ---------------------------------------------------------------------------
# outputs


def _stdout_text() -> IO[str]:
    if sys.stdout is None or getattr(sys.stdout, "closed", False):
        raise _Exit(EXIT_OUTPUT, "standard output is closed: write to a file with -o")
    return sys.stdout


def _ascii_only(stream: IO[str]) -> bool:
    """JSON goes out as UTF-8 when the stream takes it, and \\u-escaped ASCII when it does not."""
    encoding = (getattr(stream, "encoding", None) or "utf-8").lower().replace("_", "-")
    return not encoding.startswith("utf")


class _Writer:
    def write(self, doc: _Doc, report: Report | None) -> None:
        raise NotImplementedError

    def close(self) -> None:
        pass


def _dump(data: dict[str, Any], stream: Any, ascii_only: bool, indent: int | None) -> None:
    """``data`` as one JSON line, written as the encoder makes it: a large report's line is
    never held whole in memory."""
    for chunk in json.JSONEncoder(ensure_ascii=ascii_only, indent=indent).iterencode(data):
        stream.write(chunk)
    stream.write("\n")


def _report_json(doc: _Doc, report: Report, with_text: bool) -> dict[str, Any]:
    data = _streamed_dict(report)
    if not with_text:
        data.pop("text", None)
    if doc.fields:
        data["fields"] = doc.fields
    return data


class _JsonLines(_Writer):
    def __init__(self, output: str | None, with_text: bool, indent: int | None) -> None:
        self.with_text = with_text
        self.indent = indent
        if output in (None, "-"):
            self.where = "standard output"
            self.stream = _stdout_text()
            self.own = False
        else:
            assert output is not None
            self.where = output
            try:
                Path(output).parent.mkdir(parents=True, exist_ok=True)
                self.stream = open(output, "w", encoding="utf-8")
            except OSError as exc:
                raise _OutputError(output, exc) from None
            self.own = True
        self.ascii = _ascii_only(self.stream)

    def write(self, doc: _Doc, report: Report | None) -> None:
        if report is None:
            return
        try:
            _dump(_report_json(doc, report, self.with_text), self.stream, self.ascii, self.indent)
        except OSError as exc:
            raise _OutputError(self.where, exc) from None

    def close(self) -> None:
        try:
            self.stream.flush()
            if self.own:
                self.stream.close()
        except OSError as exc:
            raise _OutputError(self.where, exc) from None


_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f]+')


class _JsonFiles(_Writer):
    """One JSON file per report in a directory: reports/a/b.txt becomes OUT/a/b.json."""

    def __init__(self, output: str, with_text: bool, indent: int | None) -> None:
        self.root = Path(output)
        self.with_text = with_text
        self.indent = 2 if indent is None else indent
        self.used: set[Path] = set()
        try:
            self.root.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise _folder_error(output, exc) from None

    def _path(self, doc: _Doc) -> Path:
        parts = [_UNSAFE.sub("_", p) for p in Path(doc.name or doc.doc_id).with_suffix("").parts if p not in ("", "..")]
        base = self.root.joinpath(*(parts or ["report"]))
        path, n = base.with_name(base.name + ".json"), 1
        while path in self.used:
            n += 1
            path = base.with_name(f"{base.name}-{n}.json")
        self.used.add(path)
        return path

    def write(self, doc: _Doc, report: Report | None) -> None:
        if report is None:
            return
        path = self._path(doc)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            with path.open("w", encoding="utf-8") as f:
                _dump(_report_json(doc, report, self.with_text), f, False, self.indent)
        except OSError as exc:
            raise _OutputError(str(path), exc) from None


class _Tables(_Writer):
    """One CSV or Parquet file per table in a directory, rows buffered and written in row groups."""

    FLUSH_ROWS = 20_000

    def __init__(self, output: str, fmt: str, schemas: dict[str, dict[str, ColumnType]], *, named: bool = True) -> None:
        """``named``: ``output`` is the directory ``-o`` names (not a named file's folder)."""
        self.root = Path(output)
        self.fmt = fmt
        self.schemas = schemas
        self.buffers: dict[str, list[dict[str, Any]]] = {name: [] for name in schemas}
        self.sinks: dict[str, Any] = {}
        if fmt == "parquet":
            _need_pyarrow("-f parquet")
        try:
            self.root.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise (_folder_error(output, exc) if named else _OutputError(output, exc)) from None
        try:
            for name in schemas:
                self._open(name)
        except OSError as exc:
            raise _OutputError(output, exc) from None

    def _open(self, name: str) -> None:
        path = self.root / f"{name}.{self.fmt}"
        if self.fmt == "csv":
            f = open(path, "w", encoding="utf-8", newline="")
            writer = csv.writer(f)
            writer.writerow(list(self.schemas[name]))
            self.sinks[name] = (f, writer)
        else:
            import pyarrow.parquet as pq

            schema = schema_of(self.schemas[name])
            self.sinks[name] = (pq.ParquetWriter(str(path), schema), schema)

    def add(self, name: str, rows: list[dict[str, Any]]) -> None:
        self.buffers[name].extend(rows)
        if len(self.buffers[name]) >= self.FLUSH_ROWS:
            self._flush(name)

    def _flush(self, name: str) -> None:
        rows, self.buffers[name] = self.buffers[name], []
        if not rows:
            return
        schema = self.schemas[name]
        try:
            if self.fmt == "csv":
                _, writer = self.sinks[name]
                writer.writerows([[_csv_cell(row.get(c)) for c in schema] for row in rows])
            else:
                pq_writer, _ = self.sinks[name]
                pq_writer.write_table(to_arrow(rows, schema))
        except OSError as exc:
            raise _OutputError(str(self.root / f"{name}.{self.fmt}"), exc) from None

    def close(self) -> None:
        for name in self.schemas:
            self._flush(name)
        for name, (sink, _) in self.sinks.items():
            try:
                sink.close()
            except OSError as exc:
                raise _OutputError(str(self.root / f"{name}.{self.fmt}"), exc) from None


def _csv_cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    return value


class _TableOutput(_Writer):
    """`parse -f csv|parquet`: every table of every report, plus a documents table."""

    def __init__(self, output: str, fmt: str, field_types: dict[str, ColumnType], with_text: bool) -> None:
        from .tables import SOURCED_DOCUMENTS, TYPES

        self.with_text = with_text
        documents = dict(SOURCED_DOCUMENTS)
        documents.update(field_types)
        if with_text:
            documents["text"] = "str"
        self.field_names = list(field_types)
        self.tables = _Tables(
            output, fmt, {**{k: v for k, v in TYPES.items() if k != "documents"}, "documents": documents}
        )

    def write(self, doc: _Doc, report: Report | None) -> None:
        row: dict[str, Any] = {"doc_id": doc.doc_id}
        if report is not None:
            for name, rows in tables(report).items():
                if name == "documents":
                    row.update(rows[0])
                else:
                    self.tables.add(name, rows)
            if self.with_text:
                row["text"] = report.text
        row.update({"source": doc.source, "encoding": doc.encoding, "error": doc.error, **doc.fields})
        self.tables.add("documents", [row])

    def close(self) -> None:
        self.tables.close()


# ---------------------------------------------------------------------------
# running


@dataclass
class _Progress:
    bar: Any = None

    @classmethod
    def start(cls, total: int | None, quiet: bool, what: str) -> _Progress:
        stream = sys.stderr
        if quiet or stream is None or (total is not None and total <= 1):
            return cls()
        try:
            if not stream.isatty():
                return cls()
        except (AttributeError, ValueError, OSError):
            return cls()
        from tqdm import tqdm

        return cls(tqdm(total=total, unit=what, file=stream, dynamic_ncols=True))

    def update(self) -> None:
        if self.bar is not None:
            self.bar.update(1)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


def _run(
    docs: Iterator[_Doc],
    args: argparse.Namespace,
    total: int | None,
    emit: Callable[[_Doc, Report | None], None],
    reference: Callable[[_Doc], date | None] | None = None,
) -> int:
    """Parse every readable document, in order, and hand each to ``emit`` (``None`` for one that failed,
    after naming it on standard error).  Returns how many failed."""
    queue: deque[_Doc] = deque()  # every document taken from ``docs`` and not yet emitted, in order
    current: list[_Doc] = []  # the document whose text parse_many took last
    ids: dict[str, int] = {}  # how many rows of the tables each doc_id was given to

    def texts() -> Iterator[str]:
        for doc in docs:
            queue.append(doc)
            if doc.doc_id != doc.source:  # an id a table gave (a file named twice is the same file)
                ids[doc.doc_id] = ids.get(doc.doc_id, 0) + 1
                if ids[doc.doc_id] == 2:  # said once per doc_id; both documents are parsed and written
                    _err(
                        f"{_where(doc)}: doc_id {doc.doc_id!r} is given to more than one document; their rows share it"
                    )
            if doc.error is None and doc.text is not None:
                current[:] = [doc]
                yield doc.text

    def along(get: Callable[[_Doc], Any]) -> Iterator[Any]:
        while True:  # parse_many reads one of these right after each text, and no further
            yield get(current[0])

    results = parse_many(
        texts(),
        n_process=args.jobs,
        reference_date=args.reference_date,
        doc_ids=along(lambda d: d.doc_id),
        reference_dates=along(reference) if reference is not None else None,
    )
    failed = 0
    progress = _Progress.start(total, args.no_progress, "doc")

    def fail(doc: _Doc) -> None:
        nonlocal failed
        failed += 1
        _err(f"{_where(doc)}: {doc.error}")
        emit(doc, None)
        progress.update()

    def settle_unreadable() -> None:
        while queue and queue[0].error is not None:
            fail(queue.popleft())

    try:
        for result in results:
            settle_unreadable()
            doc = queue.popleft()
            if isinstance(result, Failure):
                doc.error = f"cannot be parsed ({result.error}: {result.message}); please report this input"
                fail(doc)
            else:
                emit(doc, result)
                progress.update()
        settle_unreadable()
    finally:
        progress.close()
    return failed


def _cmd_parse(args: argparse.Namespace) -> int:
    fmt = args.format or "jsonl"
    if fmt in ("csv", "parquet") and args.output in (None, "-"):
        raise _Exit(
            EXIT_USAGE, f"-f {fmt} writes one file per table: give a directory with -o (see cnreport parse --help)"
        )
    inputs = _Inputs(args.paths, args)
    writer: _Writer
    if fmt in ("csv", "parquet"):
        writer = _TableOutput(args.output, fmt, inputs.field_types, args.with_text)
    elif fmt == "json" and args.output not in (None, "-"):
        writer = _JsonFiles(args.output, args.with_text, args.indent)
    else:
        indent = args.indent if args.indent is not None or fmt == "jsonl" else 2
        writer = _JsonLines(args.output, args.with_text, indent)
    failed = _run(iter(inputs), args, inputs.total, writer.write)
    writer.close()
    return EXIT_INPUT if failed else EXIT_OK


def _cmd_panel(args: argparse.Namespace) -> int:
    from .panel import TYPES as PANEL_TYPES
    from .panel import ManifestError, _lookup, _year, load_manifest, panel_rows

    out = Path(args.output)
    fmt = {".parquet": "parquet", ".pq": "parquet", ".csv": "csv", ".jsonl": "jsonl"}.get(out.suffix.lower())
    if fmt is None:
        raise _Exit(EXIT_USAGE, f"{args.output}: the panel is written as .parquet, .csv or .jsonl; name -o accordingly")
    manifest: dict[str, dict[str, Any]] = {}
    try:
        if args.manifest:
            manifest.update(load_manifest(args.manifest))
        else:
            for path in args.paths:
                for name in ("manifest.json", "manifest.csv"):
                    if path != "-" and (Path(path) / name).is_file():
                        manifest.update(load_manifest(Path(path) / name))
                        break
    except ManifestError as exc:
        raise _Exit(EXIT_INPUT, f"{exc}; fix it or name another with --manifest") from None
    named = {k for e in manifest.values() for k, v in e.items() if v not in (None, "")}
    if manifest and not named & {"region", "year", "published"}:
        shown = ", ".join(sorted({str(k) for e in manifest.values() for k in e if k is not None}))
        _err(
            f"warning: the manifest gives no region, year or published value (columns: {shown}); "
            "region and year come from the reports' titles"
        )
    inputs = _Inputs(args.paths, args)

    def entry(doc: _Doc) -> dict[str, Any]:
        return {**doc.fields, **_lookup(manifest, doc.doc_id)}

    def reference(doc: _Doc) -> date | None:
        """The manifest's publication date, or else 1 January of its year, resolves 今年 and 去年."""
        e = entry(doc)
        published = e.get("published")
        if isinstance(published, date):
            return published
        if isinstance(published, str):
            try:
                return date.fromisoformat(published)
            except ValueError:
                pass
        year = _year(e.get("year"))
        return date(year, 1, 1) if year is not None and 1 <= year <= 9999 else None

    sink: _PanelJson | _Tables
    if fmt == "jsonl":
        sink = _PanelJson(str(out))
    else:
        sink = _Tables(str(out.parent), fmt, {out.stem: PANEL_TYPES}, named=False)

    def emit(doc: _Doc, report: Report | None) -> None:
        if report is None:
            return
        e = entry(doc)
        region = e.get("region")
        sink.add(
            out.stem,
            panel_rows(
                report,
                region=str(region) if region not in (None, "") else None,
                year=_year(e.get("year")),
                dedupe=not args.keep_duplicates,
            ),
        )

    def with_years(docs: Iterator[_Doc]) -> Iterator[_Doc]:
        """A document whose table row gives a year that is no year fails, named with the reason."""
        for doc in docs:
            if doc.error is None:
                try:
                    _year(entry(doc).get("year"))
                except ValueError as exc:
                    doc.error = str(exc)
            yield doc

    failed = _run(with_years(iter(inputs)), args, inputs.total, emit, reference)
    sink.close()
    return EXIT_INPUT if failed else EXIT_OK


class _PanelJson(_JsonLines):
    """The panel as JSON Lines, one row per line."""

    def __init__(self, output: str) -> None:
        super().__init__(output, False, None)

    def add(self, _table: str, rows: list[dict[str, Any]]) -> None:
        try:
            for row in rows:
                self.stream.write(json.dumps(row, ensure_ascii=self.ascii) + "\n")
        except OSError as exc:
            raise _OutputError(self.where, exc) from None


_NO_RENDER = "this installation of cnreport has no review page (cnreport.render)"


def _render_function() -> Callable[..., str]:
    """``cnreport.render``, whether the package exports the function or only has the module."""
    import importlib

    import cnreport

    found: Any = getattr(cnreport, "render", None)
    if found is None:
        try:
            found = importlib.import_module("cnreport.render")
        except ImportError as exc:
            if getattr(exc, "name", None) in ("cnreport.render", None):
                raise _Exit(EXIT_MISSING, _NO_RENDER) from None
            raise _Exit(EXIT_MISSING, f"the review page needs {exc.name}: pip install 'cnreport[spacy]'") from None
    if isinstance(found, types.ModuleType):
        found = getattr(found, "render", None)
    if not callable(found):
        raise _Exit(EXIT_MISSING, _NO_RENDER)
    return typing.cast(Callable[..., str], found)


def _cmd_render(args: argparse.Namespace) -> int:
    render = _render_function()
    source = args.file
    try:
        data = read_bytes(source, args.max_bytes) if source != "-" else _read_stdin(args.max_bytes)
        text, _encoding = decode(data, args.encoding)
    except ReadError as exc:
        raise _Exit(EXIT_INPUT, f"{source}: {exc}") from None
    report: Report
    suffix = Path(source).suffix.lower()
    if suffix in (".json", ".jsonl"):
        # JSON Lines end their lines with \n alone: a report's text may hold U+2028 unescaped
        lines = [line for line in text.split("\n") if line.strip()] if suffix == ".jsonl" else [text]
        if len(lines) != 1:
            raise _Exit(
                EXIT_INPUT,
                f"{source}: holds {len(lines)} reports; render takes one "
                "(cnreport parse -f json writes a file per report)",
            )
        try:
            report = Report.from_dict(json.loads(lines[0]))
        except (ValueError, TypeError) as exc:
            raise _Exit(EXIT_INPUT, f"{source}: not a report written by cnreport parse --with-text: {exc}") from None
    else:
        try:
            from .report import parse

            report = parse(text, reference_date=args.reference_date, doc_id=_shown(source))
        except Exception as exc:
            message = f"{source}: cannot be parsed ({type(exc).__name__}: {exc}); please report it"
            raise _Exit(EXIT_INPUT, message) from None
    try:
        page = render(report)
    except ImportError as exc:
        raise _Exit(EXIT_MISSING, f"the review page needs a package that is missing: {exc}") from None
    if args.output == "-":
        stream = _stdout_text()
        try:
            stream.write(page)
            stream.flush()
        except OSError as exc:
            raise _OutputError("standard output", exc) from None
    else:
        try:
            Path(args.output).write_text(page, encoding="utf-8")
        except OSError as exc:
            raise _OutputError(args.output, exc) from None
    return EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code (see ``docs/cli.md``)."""
    if sys.stderr is not None and hasattr(sys.stderr, "reconfigure"):
        try:
            sys.stderr.reconfigure(errors="backslashreplace")
        except (OSError, ValueError):
            pass
    shown = warnings.showwarning
    warnings.showwarning = _show_warning
    try:
        args = _parser().parse_args(argv)
        _use_packs(args)
        command = {"parse": _cmd_parse, "panel": _cmd_panel, "render": _cmd_render}[args.command]
        return command(args)
    except _Exit as stop:
        if stop.message:
            _err(stop.message)
        return stop.code
    except SystemExit as stop:  # --help and --version
        code = stop.code
        return code if isinstance(code, int) else EXIT_OK
    except BrokenPipeError:
        _silence_stdout()
        return EXIT_PIPE
    except _OutputError as exc:
        if isinstance(exc.exc, BrokenPipeError):
            _silence_stdout()
            return EXIT_PIPE
        if exc.where == "standard output":
            _silence_stdout()
        reason = exc.exc.strerror or str(exc.exc)
        _err(f"{exc.where}: cannot write: {reason}; {exc.advice or 'free space, or write elsewhere with -o'}")
        return EXIT_OUTPUT
    except KeyboardInterrupt:
        _err("interrupted")
        return EXIT_INTERRUPTED
    except MemoryError:
        _err("out of memory: parse fewer or smaller inputs at a time (--max-bytes, --jobs 1)")
        return EXIT_INPUT
    finally:
        warnings.showwarning = shown


def entry_point() -> NoReturn:
    """The console script: exits with ``main()``'s code."""
    sys.exit(main())


if __name__ == "__main__":  # pragma: no cover
    entry_point()
