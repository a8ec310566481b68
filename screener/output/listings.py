"""The JSON and CSV forms of `history`, `diff` and `taxonomy`, and the taxonomy's text listing.

Shapes (documented in README, "JSON output"):
- history: {"locked": bool, "runs": [run, ...]} newest first; a run is the state's `runs` row (id,
  started, finished, status, pid, role, as_of, engine, taxonomy_version, screener_version, options,
  found, screened, reused, ranked, duplicates, failed) plus "list_kept" (its ranked list is still kept) and
  "job" (options.job: {file, sha256, title, variant, target} of `screen --job`, else null).
- diff: {"before": run id or null, "now": run id, "role": str, "new": [row], "gone": [row],
  "moved": [{"before": row, "now": row}], "new_flags": [{"row": row, "flags": [str]}], "resent": [row],
  "job": the job run `now` ranked against or null, "job_before": that of run `before`};
  a row is {path, sha256, identity, candidate, rank, fit_score, profile, status, red_flags}.
- taxonomy: {"version": str, "tools": [{name, column, category, first_release}],
  "practices": [{name, column}]}.

The CSV forms hold the same data, one row per run, change or entry (README, "CSV output"):
- history: HISTORY_COLUMNS (options as compact JSON, list_kept true/false), then any other field of
  the runs row, by name.
- diff: DIFF_COLUMNS: `change` (new, gone, moved, new-flags, resent), the row (the run's row; for
  `gone` the earlier run's), `before_rank` and `before_fit_score` for `moved`, `new_flags` for
  `new-flags`.
- taxonomy: TAXONOMY_COLUMNS, one row per tool (`kind` tool) and per practice (`kind` practice).
- config: SETTINGS_COLUMNS, one row per option of each command, as `config --json`'s settings.
Cells are spreadsheet-safe as in the ranked CSV; a list is joined with `;`.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Sequence
from typing import Any

ROW_KEYS = ("path", "sha256", "identity", "candidate", "rank", "fit_score", "profile", "status", "red_flags")
COLUMN_NAMES = {"A": "Column A - LLM-applied (AI engineer)", "B": "Column B - production ML (ML engineer)",
                "N": "Neutral"}
HISTORY_COLUMNS = ("id", "started", "finished", "status", "role", "as_of", "engine", "taxonomy_version",
                   "screener_version", "found", "screened", "reused", "ranked", "duplicates", "failed", "list_kept",
                   "pid", "options")
DIFF_COLUMNS = ("change", *ROW_KEYS, "before_rank", "before_fit_score", "new_flags")
TAXONOMY_COLUMNS = ("kind", "name", "column", "category", "first_release")
SETTINGS_COLUMNS = ("command", "option", "value", "source")
SCORE_COLUMNS = ("fit_score", "before_fit_score")  # one decimal, as in the ranked CSV


def dumps(data: Any) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False, sort_keys=False) + "\n"


def _job(run: dict[str, Any] | None) -> Any:
    """The job a run ranked against (file, sha256, title, variant, target), None for a run for a role."""
    options = (run or {}).get("options")
    return options.get("job") if isinstance(options, dict) else None


def history_json(runs: Sequence[dict[str, Any]], locked: bool, dropped: Sequence[int]) -> dict[str, Any]:
    return {"locked": locked, "runs": [{**r, "list_kept": r["id"] not in dropped, "job": _job(r)} for r in runs]}


def _row(r: dict[str, Any]) -> dict[str, Any]:
    return {k: r.get(k) for k in ROW_KEYS}


def diff_json(d: Any, before: dict[str, Any] | None, now: dict[str, Any],
              now_rows: Sequence[Any] = ()) -> dict[str, Any]:
    """The diff `d` of two runs; with no earlier run (`before` None) everyone in `now_rows` is new."""
    if before is None:
        return {"before": None, "now": now["id"], "role": now["role"], "new": [_row(r) for r in now_rows],
                "gone": [], "moved": [], "new_flags": [], "resent": [], "job": _job(now), "job_before": None}
    return {
        "before": before["id"], "now": now["id"], "role": now["role"], "job": _job(now), "job_before": _job(before),
        "new": [_row(r) for r in d.new], "gone": [_row(r) for r in d.gone],
        "moved": [{"before": _row(a), "now": _row(b)} for a, b in d.moved],
        "new_flags": [{"row": _row(r), "flags": list(f)} for r, f in d.new_flags],
        "resent": [_row(r) for r in d.resent],
    }


def taxonomy_json(tax: Any) -> dict[str, Any]:
    tools = sorted(tax.tools, key=lambda t: (t.column, t.category, t.name.lower()))
    return {
        "version": tax.version,
        "tools": [{"name": t.name, "column": t.column, "category": t.category, "first_release": t.first_release}
                  for t in tools],
        "practices": [{"name": c.name, "column": c.column} for c in tax.concepts],
    }


def taxonomy_text(tax: Any) -> str:
    """The tools by column and category, then the practices, as `screener taxonomy` prints them."""
    out: list[str] = []
    for col, title in COLUMN_NAMES.items():
        tools = [t for t in tax.tools if t.column == col]
        out.append(f"\n{title}: {len(tools)} tools")
        by_cat: dict[str, list[Any]] = {}
        for t in tools:
            by_cat.setdefault(t.category, []).append(t)
        for cat in sorted(by_cat):
            listed = ", ".join(
                f"{t.name} ({t.first_release})" for t in sorted(by_cat[cat], key=lambda t: t.name.lower())
            )
            out.append(f"  {cat}: {listed}")
        concepts = [c for c in tax.concepts if c.column == col]
        if concepts:
            out.append(f"  practices: {', '.join(c.name for c in concepts)}")
    out.append(f"\ntaxonomy {tax.version}: {len(tax.tools)} tools, {len(tax.concepts)} practices, no problems")
    return "\n".join(out) + "\n"


def _cell(value: Any) -> str:
    from screener.output.csv import safe_cell

    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return safe_cell(json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":")))
    return safe_cell(value)


def _score(value: Any) -> str:
    return f"{value:.1f}" if isinstance(value, int | float) and not isinstance(value, bool) else _cell(value)


def render_table(columns: Sequence[str], rows: Iterable[dict[str, Any]]) -> str:
    """A header and one line per row, cells spreadsheet-safe; a missing field is an empty cell."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_score(row.get(c)) if c in SCORE_COLUMNS else _cell(row.get(c)) for c in columns])
    return buf.getvalue()


def history_csv(data: dict[str, Any]) -> str:
    """history_json's runs as CSV: HISTORY_COLUMNS, then fields a newer state adds, by name."""
    more = sorted({k for r in data["runs"] for k in r} - set(HISTORY_COLUMNS))
    return render_table((*HISTORY_COLUMNS, *more), data["runs"])


def diff_csv(data: dict[str, Any]) -> str:
    """diff_json as CSV: one line per change, `change` saying which."""
    rows: list[dict[str, Any]] = [{"change": "new", **r} for r in data["new"]]
    rows += [{"change": "gone", **r} for r in data["gone"]]
    rows += [{"change": "moved", **m["now"], "before_rank": m["before"]["rank"],
              "before_fit_score": m["before"]["fit_score"]} for m in data["moved"]]
    rows += [{"change": "new-flags", **f["row"], "new_flags": f["flags"]} for f in data["new_flags"]]
    rows += [{"change": "resent", **r} for r in data["resent"]]
    return render_table(DIFF_COLUMNS, rows)


def taxonomy_csv(data: dict[str, Any]) -> str:
    """taxonomy_json as CSV: the tools, then the practices (no category or first release)."""
    rows = [{"kind": "tool", **t} for t in data["tools"]] + [{"kind": "practice", **p} for p in data["practices"]]
    return render_table(TAXONOMY_COLUMNS, rows)


def settings_csv(found: Sequence[Any]) -> str:
    """`screener config --csv`: every option's effective default and its source."""
    return render_table(SETTINGS_COLUMNS, ({"command": s.command, "option": s.key, "value": s.value,
                                            "source": s.source} for s in found))
