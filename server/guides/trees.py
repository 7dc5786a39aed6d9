"""The funnel's question trees: their model, loading from data, and the checks they must pass.

A guide is a set of named nodes. A question node asks one thing (a format, a
scene, a situation) and each of its options leads to another node; a scenario
node ends the funnel with the precise items, materials, precautions and form
fields for that applicant. Nodes are referred to by name, so a question can be
shared by several branches ("is food made on site?"); the tree served to the
kiosk is that graph unfolded.

A malformed guide (a dead end, a loop, an unknown item, a broken reference) is
refused as a whole by `load_guide`, with a `GuideError` that names the node.
Plain Python: no Flask, no database.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

STEPS = ("format", "scene", "situation")
SLUG = re.compile(r"^[a-z0-9][a-z0-9_\-]{0,59}$")
# The unfolded tree of one guide may not exceed this many nodes (shared nodes count each time).
MAX_UNFOLDED_NODES = 50_000


class GuideError(ValueError):
    """A guide that cannot be served, with the node (if any) where the fault is."""

    def __init__(self, guide: str, message: str, node: str | None = None) -> None:
        where = f"guide {guide!r}" + (f", node {node!r}" if node else "")
        super().__init__(f"{where}: {message}")
        self.guide = guide
        self.node = node
        self.reason = message


@dataclass(frozen=True)
class Text:
    zh: str
    en: str

    def as_dict(self) -> dict[str, str]:
        return {"zh": self.zh, "en": self.en}

    def get(self, lang: str) -> str:
        return self.en if lang == "en" else self.zh


@dataclass(frozen=True)
class FormField:
    """One field of the application form: filled from an answer, fixed, or left to write in."""

    key: str
    label: Text
    answer: str | None = None  # the `field` of the question whose answer fills it
    value: Text | None = None  # a fixed value


@dataclass(frozen=True)
class Scenario:
    title: Text
    items: tuple[str, ...]
    materials: tuple[Text, ...]
    precautions: tuple[Text, ...]
    form_fields: tuple[FormField, ...]


@dataclass(frozen=True)
class Option:
    label: Text
    value: Text  # what goes into the form; the label unless the data says otherwise
    next: str


@dataclass(frozen=True)
class Node:
    id: str
    step: str | None = None
    question: Text | None = None
    field: str | None = None
    options: tuple[Option, ...] = ()
    scenario: Scenario | None = None

    @property
    def is_scenario(self) -> bool:
        return self.scenario is not None


@dataclass(frozen=True)
class Answer:
    node: Node
    option: Option
    index: int


@dataclass(frozen=True)
class Walk:
    """A resident's path through a guide: the answers given and the scenario reached."""

    answers: tuple[Answer, ...]
    leaf: Node

    @property
    def scenario(self) -> Scenario:
        assert self.leaf.scenario is not None
        return self.leaf.scenario

    def answer_for(self, field_name: str) -> Text | None:
        for answer in self.answers:
            if answer.node.field == field_name:
                return answer.option.value
        return None

    def filled_form(self) -> list[tuple[FormField, Text | None]]:
        """Each form field with its value: from the answers, fixed, or None (to write in)."""
        return [
            (f, self.answer_for(f.answer) if f.answer else f.value)
            for f in self.scenario.form_fields
        ]


@dataclass(frozen=True)
class Stats:
    formats: int
    scenarios: int
    items: frozenset[str]


@dataclass(frozen=True)
class Guide:
    id: str
    title: Text
    summary: Text
    start: str
    nodes: Mapping[str, Node]
    order: int = 100
    source: str = ""

    def walk(self, answers: Iterable[int]) -> Walk:
        """Follow the chosen options from the start; they must end exactly at a scenario."""
        node = self.nodes[self.start]
        taken: list[Answer] = []
        for position, index in enumerate(answers, start=1):
            if node.is_scenario:
                raise ValueError(
                    f"Answer {position} comes after the guide already reached a scenario."
                )
            if not 0 <= index < len(node.options):
                raise ValueError(
                    f"Answer {position} is option {index}, but that question has "
                    f"{len(node.options)} options (0 to {len(node.options) - 1})."
                )
            option = node.options[index]
            taken.append(Answer(node=node, option=option, index=index))
            node = self.nodes[option.next]
        if not node.is_scenario:
            raise ValueError("The answers stop before a scenario; answer every question.")
        return Walk(answers=tuple(taken), leaf=node)

    def scenario_nodes(self) -> list[Node]:
        return [n for n in self.nodes.values() if n.is_scenario]

    def item_codes(self) -> frozenset[str]:
        return frozenset(code for n in self.scenario_nodes() for code in n.scenario.items)

    def stats(self) -> Stats:
        formats = sum(len(n.options) for n in self.nodes.values() if n.step == "format")
        return Stats(formats=formats, scenarios=len(self.scenario_nodes()),
                     items=self.item_codes())

    def unfold(self, render_leaf: Any = None) -> dict[str, Any]:
        """The tree as nested nodes, starting at `start`; `render_leaf(node)` adds to leaves."""
        return self._unfold(self.nodes[self.start], render_leaf)

    def _unfold(self, node: Node, render_leaf: Any) -> dict[str, Any]:
        if node.scenario is not None:
            s = node.scenario
            scenario = {
                "title": s.title.as_dict(),
                "item_codes": list(s.items),
                "materials": [m.as_dict() for m in s.materials],
                "precautions": [p.as_dict() for p in s.precautions],
                "form_fields": [
                    {"key": f.key, "label": f.label.as_dict(), "answer": f.answer,
                     "value": f.value.as_dict() if f.value else None}
                    for f in s.form_fields
                ],
            }
            if render_leaf is not None:
                scenario.update(render_leaf(node))
            return {"id": node.id, "scenario": scenario}
        return {
            "id": node.id,
            "step": node.step,
            "field": node.field,
            "question": node.question.as_dict(),
            "options": [
                {"label": o.label.as_dict(), "value": o.value.as_dict(),
                 "node": self._unfold(self.nodes[o.next], render_leaf)}
                for o in node.options
            ],
        }


# Loading and checking.


@dataclass
class _Reader:
    """Reads one guide's raw data, raising GuideError that names where the fault is."""

    guide: str
    texts: dict[str, Text] = field(default_factory=dict)

    def fail(self, message: str, node: str | None = None) -> GuideError:
        return GuideError(self.guide, message, node)

    def text(self, raw: Any, what: str, node: str | None = None) -> Text:
        if isinstance(raw, str) and raw in self.texts:
            return self.texts[raw]
        if isinstance(raw, str):
            raise self.fail(f"{what} refers to {raw!r}, which is not among the guide's texts",
                            node)
        if not isinstance(raw, Mapping):
            raise self.fail(f"{what} needs a Chinese and an English text (zh: and en:)", node)
        zh, en = raw.get("zh"), raw.get("en")
        missing = [k for k, v in (("zh", zh), ("en", en))
                   if not isinstance(v, str) or not v.strip()]
        if missing:
            raise self.fail(f"{what} has no {' and no '.join(missing)} text", node)
        return Text(zh=zh.strip(), en=en.strip())

    def texts_list(self, raw: Any, what: str, node: str) -> tuple[Text, ...]:
        if raw is None:
            return ()
        if not isinstance(raw, list):
            raise self.fail(f"{what} must be a list", node)
        return tuple(self.text(r, f"{what} entry {i + 1}", node) for i, r in enumerate(raw))


def load_guide(
    data: Mapping[str, Any], *, known_items: Collection[str], source: str = "",
    forms: Mapping[str, Any] | None = None, texts: Mapping[str, Any] | None = None,
) -> Guide:
    """One guide from its data, checked; raises GuideError naming the faulty node.

    `known_items` are the item codes of the catalogue; `forms` and `texts` are shared
    libraries (a guide's own `forms:` and `texts:` add to them).
    """
    if not isinstance(data, Mapping):
        raise GuideError(source or "?", "a guide file holds a mapping (id, title, start, nodes)")
    guide_id = data.get("id")
    if not isinstance(guide_id, str) or not SLUG.match(guide_id):
        raise GuideError(str(guide_id or source), "the guide needs an id of lowercase letters, "
                         "digits, '-' or '_' (up to 60)")
    reader = _Reader(guide_id)
    for key, raw in {**(texts or {}), **(data.get("texts") or {})}.items():
        reader.texts[key] = reader.text(raw, f"text {key!r}")
    form_library = {**(forms or {}), **(data.get("forms") or {})}
    title = reader.text(data.get("title"), "the title")
    summary = reader.text(data.get("summary") or data.get("title"), "the summary")
    raw_nodes = data.get("nodes")
    if not isinstance(raw_nodes, Mapping) or not raw_nodes:
        raise reader.fail("the guide has no nodes")
    start = data.get("start")
    if start not in raw_nodes:
        raise reader.fail(f"the start {start!r} is not one of its nodes")
    known = frozenset(known_items)
    nodes = {
        str(node_id): _node(reader, str(node_id), raw, known, form_library)
        for node_id, raw in raw_nodes.items()
    }
    for node in nodes.values():
        for option in node.options:
            if option.next not in nodes:
                raise reader.fail(
                    f"the option {option.label.zh!r} leads to {option.next!r}, "
                    "which is not a node of this guide", node.id)
    _check_no_loops(reader, nodes, start)
    _check_reached(reader, nodes, start)
    _check_answers_asked(reader, nodes, start)
    _check_size(reader, nodes, start)
    order = data.get("order", 100)
    return Guide(id=guide_id, title=title, summary=summary, start=start, nodes=nodes,
                 order=order if isinstance(order, int) else 100, source=source)


def _node(reader: _Reader, node_id: str, raw: Any, known: frozenset[str],
          forms: Mapping[str, Any]) -> Node:
    if not isinstance(raw, Mapping):
        raise reader.fail("a node is a mapping with a question or a scenario", node_id)
    if ("question" in raw) == ("scenario" in raw):
        raise reader.fail("a node has either a question (with options) or a scenario, "
                          "exactly one of them", node_id)
    if "scenario" in raw:
        return Node(id=node_id, scenario=_scenario(reader, node_id, raw["scenario"], known,
                                                   forms))
    step = raw.get("step")
    if step is not None and step not in STEPS:
        raise reader.fail(f"the step is one of {', '.join(STEPS)}, not {step!r}", node_id)
    field_name = raw.get("field")
    if field_name is not None and (not isinstance(field_name, str) or not SLUG.match(field_name)):
        raise reader.fail(f"the field {field_name!r} is not a simple name", node_id)
    options_raw = raw.get("options")
    if not options_raw:
        raise reader.fail("this question is a dead end: it has no options", node_id)
    if not isinstance(options_raw, list):
        raise reader.fail("the options must be a list", node_id)
    options = []
    for i, o in enumerate(options_raw, start=1):
        if not isinstance(o, Mapping):
            raise reader.fail(f"option {i} must have a label and a next node", node_id)
        label = reader.text(o.get("label"), f"option {i}'s label", node_id)
        value = reader.text(o["value"], f"option {i}'s value", node_id) if "value" in o \
            else label
        target = o.get("next")
        if not isinstance(target, str) or not target:
            raise reader.fail(f"option {i} ({label.zh}) is a dead end: it has no next node",
                              node_id)
        options.append(Option(label=label, value=value, next=target))
    labels = [o.label.zh for o in options]
    twice = sorted({x for x in labels if labels.count(x) > 1})
    if twice:
        raise reader.fail(f"two options read the same: {', '.join(twice)}", node_id)
    return Node(id=node_id, step=step, field=field_name,
                question=reader.text(raw["question"], "the question", node_id),
                options=tuple(options))


def _scenario(reader: _Reader, node_id: str, raw: Any, known: frozenset[str],
              forms: Mapping[str, Any]) -> Scenario:
    if not isinstance(raw, Mapping):
        raise reader.fail("a scenario is a mapping (title, items, materials, ...)", node_id)
    items = raw.get("items")
    if not items or not isinstance(items, list):
        raise reader.fail("this scenario is a dead end: it names no items to apply for",
                          node_id)
    for code in items:
        if code not in known:
            raise reader.fail(f"the item {code!r} is not in the catalogue", node_id)
    if len(set(items)) != len(items):
        raise reader.fail("an item is named twice", node_id)
    fields_raw: list[Any] = []
    form_name = raw.get("form")
    if form_name is not None:
        if form_name not in forms:
            raise reader.fail(f"the form {form_name!r} is not among the guide's forms", node_id)
        fields_raw += list(forms[form_name])
    fields_raw += list(raw.get("form_fields") or [])
    form_fields = []
    for i, f in enumerate(fields_raw, start=1):
        if not isinstance(f, Mapping) or not isinstance(f.get("key"), str):
            raise reader.fail(f"form field {i} needs a key and a label", node_id)
        if "answer" in f and "value" in f:
            raise reader.fail(f"form field {f['key']!r} takes an answer or a fixed value, "
                              "not both", node_id)
        form_fields.append(FormField(
            key=f["key"], label=reader.text(f.get("label"), f"form field {f['key']!r}", node_id),
            answer=f.get("answer"),
            value=reader.text(f["value"], f"form field {f['key']!r}'s value", node_id)
            if "value" in f else None,
        ))
    keys = [f.key for f in form_fields]
    if len(set(keys)) != len(keys):
        raise reader.fail("a form field key is used twice", node_id)
    return Scenario(
        title=reader.text(raw.get("title"), "the scenario's title", node_id),
        items=tuple(items),
        materials=reader.texts_list(raw.get("materials"), "materials", node_id),
        precautions=reader.texts_list(raw.get("precautions"), "precautions", node_id),
        form_fields=tuple(form_fields),
    )


def _check_no_loops(reader: _Reader, nodes: Mapping[str, Node], start: str) -> None:
    """Depth-first from the start; meeting a node that is still on the path is a loop."""
    on_path: list[str] = []
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    stack: list[tuple[str, int]] = [(start, 0)]
    while stack:
        node_id, next_index = stack.pop()
        if next_index == 0:
            state[node_id] = 1
            on_path.append(node_id)
        options = nodes[node_id].options
        if next_index < len(options):
            stack.append((node_id, next_index + 1))
            target = options[next_index].next
            if state.get(target) == 1:
                cycle = [*on_path[on_path.index(target):], target]
                raise reader.fail(f"a loop: {' -> '.join(cycle)}", node_id)
            if target not in state:
                stack.append((target, 0))
        else:
            state[node_id] = 2
            on_path.pop()


def _order_from(nodes: Mapping[str, Node], start: str) -> list[str]:
    """The reachable nodes, each after every node that leads to it (the graph has no loops)."""
    seen: set[str] = set()
    post: list[str] = []
    stack: list[tuple[str, int]] = [(start, 0)]
    while stack:
        node_id, i = stack.pop()
        if i == 0:
            if node_id in seen:
                continue
            seen.add(node_id)
        options = nodes[node_id].options
        if i < len(options):
            stack.append((node_id, i + 1))
            if options[i].next not in seen:
                stack.append((options[i].next, 0))
        else:
            post.append(node_id)
    return post[::-1]


def _check_reached(reader: _Reader, nodes: Mapping[str, Node], start: str) -> None:
    reached = set(_order_from(nodes, start))
    for node_id in nodes:
        if node_id not in reached:
            raise reader.fail("no path from the start reaches this node", node_id)


def _check_answers_asked(reader: _Reader, nodes: Mapping[str, Node], start: str) -> None:
    """A form field filled from an answer needs that question on every path to its scenario."""
    asked: dict[str, frozenset[str]] = {start: frozenset()}
    for node_id in _order_from(nodes, start):
        node = nodes[node_id]
        here = asked[node_id] | ({node.field} if node.field else frozenset())
        for option in node.options:
            before = asked.get(option.next)
            asked[option.next] = here if before is None else before & here
        if node.scenario is not None:
            for f in node.scenario.form_fields:
                if f.answer is not None and f.answer not in asked[node_id]:
                    raise reader.fail(
                        f"the form field {f.key!r} takes the answer {f.answer!r}, but not "
                        "every path to this scenario asks that question", node_id)


def _check_size(reader: _Reader, nodes: Mapping[str, Node], start: str) -> None:
    size: dict[str, int] = {}
    for node_id in reversed(_order_from(nodes, start)):
        size[node_id] = 1 + sum(size[o.next] for o in nodes[node_id].options)
        if size[node_id] > MAX_UNFOLDED_NODES:
            raise reader.fail(f"the tree unfolds into more than {MAX_UNFOLDED_NODES} nodes; "
                              "split the guide", node_id)


@dataclass
class GuideSet:
    """The guides of a folder that passed their checks, and the faults of those refused."""

    guides: dict[str, Guide]
    errors: list[GuideError]

    def ordered(self) -> list[Guide]:
        return sorted(self.guides.values(), key=lambda g: (g.order, g.id))


def _parse(path: Path) -> Any:
    try:
        with path.open(encoding="utf-8") as f:
            return yaml.safe_load(f)
    except yaml.YAMLError as exc:
        raise GuideError(path.stem, f"{path.name} is not valid YAML: {exc}") from exc


def load_directory(directory: Path, *, known_items: Collection[str]) -> GuideSet:
    """Every `*.yaml` guide of a folder; files starting with `_` hold shared texts and forms.

    A faulty guide is refused (its error kept), the others are served.
    """
    texts: dict[str, Any] = {}
    forms: dict[str, Any] = {}
    guides: dict[str, Guide] = {}
    errors: list[GuideError] = []
    paths = sorted(directory.glob("*.yaml")) if directory.is_dir() else []
    for path in [p for p in paths if p.name.startswith("_")]:
        try:
            data = _parse(path) or {}
        except GuideError as exc:
            errors.append(exc)
            continue
        texts.update(data.get("texts") or {})
        forms.update(data.get("forms") or {})
    for path in [p for p in paths if not p.name.startswith("_")]:
        try:
            guide = load_guide(_parse(path), known_items=known_items, source=path.name,
                               forms=forms, texts=texts)
        except GuideError as exc:
            errors.append(exc)
            continue
        if guide.id in guides:
            errors.append(GuideError(guide.id, f"{path.name} uses the id of "
                                     f"{guides[guide.id].source} again"))
            continue
        guides[guide.id] = guide
    return GuideSet(guides=guides, errors=errors)
