"""Set-based creation of large unit trees (demo data, benchmarks): one INSERT per batch.

``add_child`` costs several queries per node; national-scale trees (tens of thousands of
branches) are built here by computing materialised paths directly.
"""

from dataclasses import dataclass, field

from core.text import search_key, vn_text_key

from .models import Unit


@dataclass
class NodeSpec:
    name: str
    kind: str
    base_type: str = ""
    admin_code: str = ""
    children: list["NodeSpec"] = field(default_factory=list)


def bulk_add_children(parent: Unit, specs: list[NodeSpec], batch_size: int = 5000) -> int:
    """Append ``specs`` (with their descendants) under ``parent``; returns the number created."""
    parent.refresh_from_db(fields=["path", "depth", "numchild"])
    last = Unit.objects.get_last_child(parent)
    start = Unit._str2int(last.path[-Unit.steplen :]) if last else 0
    rows: list[Unit] = []

    def walk(parent_path: str, depth: int, first_step: int, nodes: list[NodeSpec]) -> None:
        for i, spec in enumerate(nodes, start=first_step + 1):
            path = Unit._get_path(parent_path, depth, i)
            rows.append(
                Unit(
                    path=path,
                    depth=depth,
                    numchild=len(spec.children),
                    name=spec.name,
                    kind=spec.kind,
                    base_type=spec.base_type,
                    admin_code=spec.admin_code,
                    search_key=search_key(spec.name),
                    sort_key=vn_text_key(spec.name),
                )
            )
            walk(path, depth + 1, 0, spec.children)

    walk(parent.path, parent.depth + 1, start, specs)
    Unit.objects.bulk_create(rows, batch_size=batch_size)
    Unit.objects.filter(pk=parent.pk).update(numchild=parent.numchild + len(specs))
    parent.numchild += len(specs)
    return len(rows)
