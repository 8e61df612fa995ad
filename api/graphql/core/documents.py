"""Documents checked before any expensive work: parse, cost, validation, off the event loop.

A GraphQL document is small, but what it asks for is not: fragments spread
fragments, so a document of a few hundred bytes can name billions of fields,
and graphql-core's validation walks every one of them.  Here the cost of a
document is measured before validation, in one pass proportional to its size:
each fragment is summarised once (its fields, aliases and depth after every
spread inside it is expanded) and spreads add up those summaries.  Cycles of
any length, unknown fragments and numbers no type can hold are refused in the
same pass.

Parsing, measuring and validating a document that is not cached happens in a
worker thread, a few at a time, so a large or odd document never holds up
other requests.  Results are cached by document text, bounded by entries and
by the total size of the texts they keep alive.
"""

from __future__ import annotations

import math
import threading
from collections import OrderedDict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

import anyio
import anyio.to_thread
from graphql import (
    DocumentNode,
    FieldNode,
    FloatValueNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    GraphQLSchema,
    GraphQLSyntaxError,
    InlineFragmentNode,
    IntValueNode,
    Node,
    OperationDefinitionNode,
    SelectionSetNode,
    parse,
    validate,
)
from graphql.validation import ASTValidationRule
from strawberry.schema.validation_rules.maybe_null import MaybeNullValidationRule
from strawberry.schema.validation_rules.one_of import OneOfInputValidationRule

PARSE_FAILED = "GRAPHQL_PARSE_FAILED"
VALIDATION_FAILED = "GRAPHQL_VALIDATION_FAILED"
TOO_COMPLEX = "QUERY_TOO_COMPLEX"
BAD_USER_INPUT = "BAD_USER_INPUT"

# The longest integer literal any of the schema's types accepts: Int is 32
# bits and Float takes integers as they are written, so 20 digits and a sign
# hold every value worth sending; longer ones only cost time to convert.
MAX_INT_LITERAL_CHARS = 21
MAX_FLOAT_LITERAL_CHARS = 64


@dataclass(frozen=True)
class DocumentLimits:
    max_tokens: int
    max_depth: int
    max_aliases: int
    max_selections: int


@dataclass(frozen=True)
class Prepared:
    """A document ready to execute, or why it may not be."""

    document: DocumentNode | None
    # Refusals before validation (no document) or validation errors (document).
    errors: tuple[GraphQLError, ...]
    text_chars: int


def refusal(message: str, code: str, nodes: Node | Sequence[Node] | None = None) -> GraphQLError:
    return GraphQLError(message, nodes, extensions={"code": code})


@dataclass
class _Summary:
    """What one selection set asks for once every spread in it is expanded."""

    selections: int = 0
    aliases: int = 0
    depth: int = 0


@dataclass
class _Local:
    """One selection set's own fields, and the fragments it spreads at which depth."""

    summary: _Summary
    spreads: list[tuple[FragmentSpreadNode, int]]


def _walk(selection_set: SelectionSetNode) -> _Local:
    """Count a selection set's own fields, without recursion (documents may nest deeply)."""
    local = _Local(_Summary(), [])
    stack: list[tuple[SelectionSetNode, int]] = [(selection_set, 0)]
    while stack:
        current, level = stack.pop()
        for selection in current.selections:
            if isinstance(selection, FieldNode):
                local.summary.selections += 1
                local.summary.aliases += selection.alias is not None
                # Introspection fields do not count towards depth: GraphiQL's
                # own schema query nests its type references deeply.
                if selection.selection_set is not None and not selection.name.value.startswith("__"):
                    local.summary.depth = max(local.summary.depth, level + 1)
                    stack.append((selection.selection_set, level + 1))
                elif selection.selection_set is not None:
                    stack.append((selection.selection_set, level))
            elif isinstance(selection, InlineFragmentNode):
                stack.append((selection.selection_set, level))
            elif isinstance(selection, FragmentSpreadNode):
                local.spreads.append((selection, level))
    return local


def _fragment_order(
    fragments: dict[str, FragmentDefinitionNode], locals_: dict[str, _Local]
) -> list[str] | GraphQLError:
    """Fragments ordered so that each comes after every fragment it spreads; refuses cycles."""
    order: list[str] = []
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    for start in fragments:
        if state.get(start):
            continue
        path: list[tuple[str, Iterator[tuple[FragmentSpreadNode, int]]]] = [
            (start, iter(locals_[start].spreads))
        ]
        state[start] = 1
        while path:
            name, pending = path[-1]
            spread = next(pending, None)
            if spread is None:
                path.pop()
                state[name] = 2
                order.append(name)
                continue
            target = spread[0].name.value
            if target not in fragments:
                return refusal(f"Unknown fragment '{target}'.", VALIDATION_FAILED, spread[0])
            if state.get(target) == 1:
                cycle = [n for n, _ in path][[n for n, _ in path].index(target) :]
                return refusal(
                    f"Cannot spread fragment '{target}' within itself"
                    f" (a cycle of {len(cycle)} fragment{'s' if len(cycle) > 1 else ''}).",
                    VALIDATION_FAILED,
                    fragments[target],
                )
            if not state.get(target):
                state[target] = 1
                path.append((target, iter(locals_[target].spreads)))
    return order


def _expanded(local: _Local, summaries: dict[str, _Summary], cap: int) -> _Summary:
    total = _Summary(local.summary.selections, local.summary.aliases, local.summary.depth)
    for spread, level in local.spreads:
        inner = summaries[spread.name.value]
        # Saturating sums: a bomb's true size has hundreds of digits.
        total.selections = min(total.selections + inner.selections, cap)
        total.aliases = min(total.aliases + inner.aliases, cap)
        total.depth = max(total.depth, level + inner.depth)
    return total


def _numbers(document: DocumentNode) -> GraphQLError | None:
    """Refuse number literals no type can hold before anything converts them."""
    stack: list[Node] = list(document.definitions)
    while stack:
        node = stack.pop()
        if isinstance(node, IntValueNode) and len(node.value) > MAX_INT_LITERAL_CHARS:
            return refusal(
                f"Integer literal of {len(node.value)} characters is out of range.", BAD_USER_INPUT, node
            )
        if isinstance(node, FloatValueNode) and (
            len(node.value) > MAX_FLOAT_LITERAL_CHARS or not math.isfinite(float(node.value))
        ):
            return refusal("Float literal is out of range.", BAD_USER_INPUT, node)
        for key in node.keys:
            child = getattr(node, key, None)
            if isinstance(child, Node):
                stack.append(child)
            elif isinstance(child, tuple | list):
                stack.extend(c for c in child if isinstance(c, Node))
    return None


def measure(document: DocumentNode, limits: DocumentLimits) -> GraphQLError | None:
    """The first reason the document costs too much to validate or run, if any."""
    number_error = _numbers(document)
    if number_error is not None:
        return number_error
    fragments: dict[str, FragmentDefinitionNode] = {}
    for definition in document.definitions:
        if isinstance(definition, FragmentDefinitionNode):
            fragments.setdefault(definition.name.value, definition)
    locals_ = {name: _walk(f.selection_set) for name, f in fragments.items()}
    order = _fragment_order(fragments, locals_)
    if isinstance(order, GraphQLError):
        return order
    cap = max(limits.max_selections, limits.max_aliases) + 1
    summaries: dict[str, _Summary] = {}
    for name in order:
        summaries[name] = _expanded(locals_[name], summaries, cap)
    for definition in document.definitions:
        if not isinstance(definition, OperationDefinitionNode):
            continue
        local = _walk(definition.selection_set)
        for spread, _ in local.spreads:
            if spread.name.value not in fragments:
                return refusal(f"Unknown fragment '{spread.name.value}'.", VALIDATION_FAILED, spread)
        total = _expanded(local, summaries, cap)
        name = definition.name.value if definition.name else "anonymous"
        if total.depth > limits.max_depth:
            return refusal(f"'{name}' exceeds maximum operation depth of {limits.max_depth}", TOO_COMPLEX)
        if total.aliases > limits.max_aliases:
            return refusal(
                f"{total.aliases}{'+' if total.aliases >= cap else ''} aliases found."
                f" Allowed: {limits.max_aliases}",
                TOO_COMPLEX,
            )
        if total.selections > limits.max_selections:
            return refusal(
                f"'{name}' selects more than {limits.max_selections} fields once its fragments are"
                " expanded; ask for fewer fields or split the request.",
                TOO_COMPLEX,
            )
    return None


def prepare(
    text: str, schema: GraphQLSchema, rules: Sequence[type[ASTValidationRule]], limits: DocumentLimits
) -> Prepared:
    """Parse, measure and validate one document (CPU work: call it off the event loop)."""
    try:
        document = parse(text, max_tokens=limits.max_tokens)
    except GraphQLSyntaxError as exc:
        return Prepared(None, (_coded(exc, PARSE_FAILED),), len(text))
    except (GraphQLError, RecursionError, ValueError):
        return Prepared(None, (refusal("The document could not be parsed.", PARSE_FAILED),), len(text))
    too_costly = measure(document, limits)
    if too_costly is not None:
        return Prepared(None, (too_costly,), len(text))
    all_rules = (*rules, MaybeNullValidationRule, OneOfInputValidationRule)
    errors = validate(schema, document, all_rules, max_errors=20)
    return Prepared(document, tuple(_coded(e, VALIDATION_FAILED) for e in errors), len(text))


def _coded(error: GraphQLError, code: str) -> GraphQLError:
    if (error.extensions or {}).get("code"):
        return error
    return GraphQLError(
        error.message,
        error.nodes,
        error.source,
        error.positions,
        error.path,
        error.original_error,
        {**(error.extensions or {}), "code": code},
    )


class DocumentCache:
    """Prepared documents by text, bounded by entries and by the characters they hold."""

    def __init__(
        self,
        schema: GraphQLSchema,
        rules: Iterable[type[ASTValidationRule]],
        limits: DocumentLimits,
        *,
        max_entries: int = 256,
        max_chars: int = 4_000_000,
        workers: int = 2,
    ) -> None:
        self._schema, self._rules, self.limits = schema, tuple(rules), limits
        self._max_entries, self._max_chars = max_entries, max_chars
        self._entries: OrderedDict[str, Prepared] = OrderedDict()
        self._chars = 0
        self._lock = threading.Lock()
        self._workers = anyio.CapacityLimiter(workers)
        self.hits = self.misses = 0

    def cached(self, text: str) -> Prepared | None:
        with self._lock:
            found = self._entries.get(text)
            if found is not None:
                self._entries.move_to_end(text)
                self.hits += 1
            return found

    async def get(self, text: str) -> Prepared:
        found = self.cached(text)
        if found is not None:
            return found
        self.misses += 1
        # Abandoned on cancellation (the request's time limit): the worker
        # finishes a bounded job and its result is still cached.
        return await anyio.to_thread.run_sync(
            self._prepare_and_keep, text, limiter=self._workers, abandon_on_cancel=True
        )

    def _prepare_and_keep(self, text: str) -> Prepared:
        prepared = prepare(text, self._schema, self._rules, self.limits)
        with self._lock:
            if text not in self._entries and prepared.text_chars <= self._max_chars // 4:
                self._entries[text] = prepared
                self._chars += prepared.text_chars
                while len(self._entries) > self._max_entries or self._chars > self._max_chars:
                    _, dropped = self._entries.popitem(last=False)
                    self._chars -= dropped.text_chars
        return prepared
