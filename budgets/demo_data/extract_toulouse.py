"""Run once to (re)build toulouse_2024.json from Pabulib's France_Toulouse_2024.pb.

    .venv/bin/python budgets/demo_data/extract_toulouse.py tests/data/pabulib/France_Toulouse_2024.pb

Keeps the 20 most voted projects costing between 15,000 and 250,000 euros: titles,
costs, categories and Pabulib ids. The demo reads the JSON, never the .pb file.
"""

import json
import sys
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from budgets.pabulib import read  # noqa: E402


def main(source: str) -> None:
    parsed = read(source)
    rows = [row for row in parsed.projects if 15000 <= Decimal(row["cost"]) <= 250000]
    rows.sort(key=lambda row: (-int(row["votes"]), row["project_id"]))
    projects = [
        {
            "id": row["project_id"],
            "title": row["name"].strip(),
            "cost": int(Decimal(row["cost"])),
            "category": row["category"].split(",")[0].strip(),
        }
        for row in rows[:20]
    ]
    data = {
        "source": "Pabulib, France_Toulouse_2024.pb (Toulouse participatory budget 2024)",
        "licence": "Pabulib data, see pabulib.org",
        "projects": projects,
    }
    target = Path(__file__).with_name("toulouse_2024.json")
    target.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main(sys.argv[1])
