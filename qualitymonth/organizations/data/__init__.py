"""Reference data shipped with the project; see PROVENANCE.md beside each file."""

from pathlib import Path

DISTRICTS_GEOJSON = Path(__file__).parent / "shanghai-districts.geojson"
