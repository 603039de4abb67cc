"""Reading and writing Pabulib ``.pb`` files (pabulib.org's election format).

Three sections: META (key;value), PROJECTS (project_id;cost;...) and VOTES
(voter_id;vote;... with comma-separated project ids, and points for
cumulative ballots). Errors name the line, so a malformed file is explained.
"""

import csv
import io
from dataclasses import dataclass, field
from fractions import Fraction

from budgets.election import (
    CUMULATIVE,
    ORDINAL,
    VOTE_TYPES,
    Election,
    ElectionError,
)

SECTIONS = ("META", "PROJECTS", "VOTES")


class PabulibError(ElectionError):
    pass


@dataclass
class PabulibFile:
    meta: dict[str, str] = field(default_factory=dict)
    projects: list[dict[str, str]] = field(default_factory=list)
    votes: list[dict[str, str]] = field(default_factory=list)

    def selected(self) -> list[str] | None:
        """The official winners when the file records them (selected = 1)."""
        if not self.projects or "selected" not in self.projects[0]:
            return None
        return [p["project_id"] for p in self.projects if p.get("selected", "").strip() == "1"]

    def election(self) -> Election:
        vote_type = self.meta.get("vote_type", "approval").strip()
        if vote_type not in VOTE_TYPES:
            raise PabulibError(f"Unknown vote_type {vote_type!r}.")
        budget = _money(self.meta.get("budget"), "META budget")
        costs = {}
        names = {}
        for row in self.projects:
            project = row["project_id"].strip()
            if project in costs:
                raise PabulibError(f"Project {project} is listed twice.")
            costs[project] = _money(row.get("cost"), f"cost of project {project}")
            names[project] = row.get("name", "")
        ballots = [self._ballot(row, vote_type) for row in self.votes]
        return Election(
            budget=budget, costs=costs, ballots=ballots, vote_type=vote_type, names=names
        )

    def _ballot(self, row: dict[str, str], vote_type: str) -> dict[str, int]:
        voter = row.get("voter_id", "?")
        chosen = [p.strip() for p in (row.get("vote") or "").split(",") if p.strip()]
        if len(set(chosen)) != len(chosen):
            raise PabulibError(f"Voter {voter} names a project twice.")
        if vote_type == CUMULATIVE:
            raw = [p.strip() for p in (row.get("points") or "").split(",") if p.strip()]
            if len(raw) != len(chosen):
                raise PabulibError(f"Voter {voter}: {len(chosen)} projects but {len(raw)} points.")
            try:
                points = [int(value) for value in raw]
            except ValueError as error:
                raise PabulibError(f"Voter {voter}: points must be whole numbers.") from error
            if any(value < 0 for value in points):
                raise PabulibError(f"Voter {voter}: points cannot be negative.")
            return dict(zip(chosen, points, strict=True))
        if vote_type == ORDINAL:
            # Borda-like points: with ballots of length L, the first choice gets L points.
            length = int(self.meta.get("max_length") or max(len(chosen), 1))
            return {project: length - rank for rank, project in enumerate(chosen)}
        return dict.fromkeys(chosen, 1)


def _money(value: str | None, what: str) -> Fraction:
    if value is None or not value.strip():
        raise PabulibError(f"Missing {what}.")
    try:
        return Fraction(value.strip())
    except ValueError as error:
        raise PabulibError(f"{what} is not a number: {value!r}.") from error


def parse(text: str) -> PabulibFile:
    parsed = PabulibFile()
    section = None
    header: list[str] | None = None
    reader = csv.reader(io.StringIO(text), delimiter=";")
    for line_number, row in enumerate(reader, start=1):
        if not row or not any(cell.strip() for cell in row):
            continue
        first = row[0].strip()
        if first in SECTIONS and len(row) == 1:
            if section is not None and SECTIONS.index(first) <= SECTIONS.index(section):
                raise PabulibError(f"Line {line_number}: section {first} out of order.")
            section, header = first, None
            continue
        if section is None:
            raise PabulibError(f"Line {line_number}: data before the META section.")
        if header is None:
            header = [cell.strip() for cell in row]
            expected = {"META": "key", "PROJECTS": "project_id", "VOTES": "voter_id"}[section]
            if header[0] != expected:
                raise PabulibError(
                    f"Line {line_number}: the {section} section must start with a {expected!r} column."
                )
            continue
        if section == "META":
            parsed.meta[first] = ";".join(row[1:]).strip()
            continue
        if len(row) != len(header):
            raise PabulibError(
                f"Line {line_number}: {len(row)} fields where the header has {len(header)}."
            )
        record = dict(zip(header, row, strict=True))
        (parsed.projects if section == "PROJECTS" else parsed.votes).append(record)
    for section_name in SECTIONS:
        present = {"META": parsed.meta, "PROJECTS": parsed.projects, "VOTES": True}[section_name]
        if not present:
            raise PabulibError(f"The {section_name} section is missing or empty.")
    return parsed


def read(path) -> PabulibFile:
    with open(path, encoding="utf-8-sig") as handle:
        return parse(handle.read())


def write(election: Election, meta: dict[str, str] | None = None) -> str:
    """An approval election as a .pb text (cumulative points written when present)."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\n")
    header_meta = {
        "num_projects": str(len(election.costs)),
        "num_votes": str(len(election.ballots)),
        "budget": _format_money(election.budget),
        "vote_type": election.vote_type,
        **(meta or {}),
    }
    out.write("META\n")
    writer.writerow(["key", "value"])
    for key, value in header_meta.items():
        writer.writerow([key, value])
    votes = election.approvals()
    out.write("PROJECTS\n")
    writer.writerow(["project_id", "cost", "votes", "name"])
    for project, cost in election.costs.items():
        writer.writerow(
            [project, _format_money(cost), votes[project], election.names.get(project, "")]
        )
    out.write("VOTES\n")
    cumulative = election.vote_type == CUMULATIVE
    writer.writerow(["voter_id", "vote", "points"] if cumulative else ["voter_id", "vote"])
    for number, ballot in enumerate(election.ballots, start=1):
        row = [str(number), ",".join(ballot)]
        if cumulative:
            row.append(",".join(str(points) for points in ballot.values()))
        writer.writerow(row)
    return out.getvalue()


def _format_money(value: Fraction) -> str:
    return str(value.numerator) if value.denominator == 1 else str(float(value))
