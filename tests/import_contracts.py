"""A contract type for import-linter: apps meet only at each other's front door.

Used by the [tool.importlinter] contracts in pyproject.toml (`make lint`). A module of one app
may import another app's package itself or the modules named as entrances (its services,
selectors and models); everything else (views, forms, rules, admin, api, tasks …) is that
app's own business. Tests and migrations are exempt: tests build whatever they need, and a
migration names the state it depends on.
"""

import grimp
from importlinter import Contract, ContractCheck, fields, output

EXEMPT = (".tests", ".migrations")


class FrontDoorContract(Contract):
    type_name = "front_door"

    apps = fields.ListField(subfield=fields.StringField())
    entrances = fields.ListField(subfield=fields.StringField())

    def check(self, graph: grimp.ImportGraph, verbose: bool) -> ContractCheck:
        apps = list(self.apps)  # type: ignore[arg-type]
        entrances = tuple(self.entrances)  # type: ignore[arg-type]
        broken = []
        for target in apps:
            doors = [f"{target}.{entrance}" for entrance in entrances]
            inside = {target} | graph.find_descendants(target)
            for imported in sorted(inside):
                if imported == target or any(
                    imported == door or imported.startswith(door + ".") for door in doors
                ):
                    continue
                for importer in sorted(graph.find_modules_that_directly_import(imported)):
                    if importer in inside or _exempt(importer):
                        continue
                    if not any(importer == app or importer.startswith(app + ".") for app in apps):
                        continue  # the project's top level (urls, api, demo) may reach in
                    lines = [
                        detail["line_number"]
                        for detail in graph.get_import_details(importer=importer, imported=imported)
                    ]
                    broken.append((importer, imported, lines))
        return ContractCheck(kept=not broken, metadata={"broken": broken})

    def render_broken_contract(self, check: ContractCheck) -> None:
        for importer, imported, lines in check.metadata["broken"]:
            where = ", ".join(map(str, lines))
            output.print_error(f"- {importer} -> {imported} (l.{where})", bold=False)
            output.new_line()
        output.print_error(
            "Import another app only through its package, services, selectors or models;"
            " move what is generic to qualitymonth.core.",
            bold=False,
        )


def _exempt(module: str) -> bool:
    return any(part in module for part in EXEMPT)
