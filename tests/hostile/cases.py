"""Hostile requests, each with the answer it must get.

Every case names its HTTP status for both response media types (the
GraphQL-over-HTTP rules differ: application/json answers 200 to any
well-formed request, application/graphql-response+json says by its status
whether execution began) and the ``extensions.code`` of its first error.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from tests.hostile.server import JWT_SECRET, jwt_claims, token

GQL = "application/graphql-response+json"
JSON = "application/json"

PARSE = "GRAPHQL_PARSE_FAILED"
INVALID = "GRAPHQL_VALIDATION_FAILED"
COMPLEX = "QUERY_TOO_COMPLEX"
INPUT = "BAD_USER_INPUT"
REQUEST = "BAD_REQUEST"
AUTH = "UNAUTHENTICATED"


@dataclass(frozen=True)
class Case:
    id: str
    body: bytes | None = None
    query_string: dict[str, str] | None = None
    method: str = "POST"
    headers: dict[str, str] = field(default_factory=dict)
    role: str | None = "admin"  # whose API key is sent; None sends none
    status: int = 400  # for application/graphql-response+json
    json_status: int | None = None  # for application/json, when it differs
    code: str | None = None  # extensions.code of the first error; None: no error
    check: Callable[[dict[str, Any]], None] | None = None


def body(query: str, variables: Any = None, **extra: Any) -> bytes:
    payload: dict[str, Any] = {"query": query, **extra}
    if variables is not None:
        payload["variables"] = variables
    return json.dumps(payload).encode()


def graphql_refusal(case_id: str, query: str, code: str, variables: Any = None, **kw: Any) -> Case:
    """A document refused before execution: 400 as graphql-response+json, 200 as JSON."""
    return Case(case_id, body(query, variables), status=400, json_status=200, code=code, **kw)


# -- documents whose cost explodes ----------------------------------------------------


def flat_bomb(levels: int, aliased: bool) -> str:
    leaf = "a: __typename" if aliased else "__typename"
    fragments = [f"fragment F0 on Query {{ {leaf} }}"]
    fragments += [f"fragment F{i} on Query {{ ...F{i - 1} ...F{i - 1} }}" for i in range(1, levels + 1)]
    return f"{{ ...F{levels} }}\n" + "\n".join(fragments)


def nested_bomb(levels: int) -> str:
    fragments = ["fragment B0 on Customer { id }"]
    fragments += [
        f"fragment B{i} on Customer {{ x: industry {{ customers {{ edges {{ node {{ ...B{i - 1} }} }} }} }}"
        f" y: industry {{ customers {{ edges {{ node {{ ...B{i - 1} }} }} }} }} }}"
        for i in range(1, levels + 1)
    ]
    return f'{{ customer(id: "c-acme") {{ ...B{levels} }} }}\n' + "\n".join(fragments)


def wide_bomb(width: int, levels: int) -> str:
    """Each fragment spreads the one below ``width`` times."""
    fragments = ["fragment W0 on Query { __typename }"]
    fragments += [
        f"fragment W{i} on Query {{ {' '.join(f'...W{i - 1}' for _ in range(width))} }}"
        for i in range(1, levels + 1)
    ]
    return f"{{ ...W{levels} }}\n" + "\n".join(fragments)


def cycle(length: int) -> str:
    fragments = [f"fragment C{i} on Query {{ __typename ...C{(i + 1) % length} }}" for i in range(length)]
    return "{ ...C0 }\n" + "\n".join(fragments)


def cost_cases() -> Iterator[Case]:
    for levels in range(11, 41):
        yield graphql_refusal(f"flat-bomb-aliased-{levels}", flat_bomb(levels, True), COMPLEX)
        yield graphql_refusal(f"flat-bomb-{levels}", flat_bomb(levels, False), COMPLEX)
    for levels in range(4, 34):
        yield graphql_refusal(f"nested-bomb-{levels}", nested_bomb(levels), COMPLEX)
    for width, levels in [(3, 8), (4, 6), (5, 5), (8, 4), (10, 4), (20, 3), (50, 2), (100, 2), (300, 2)]:
        yield graphql_refusal(f"wide-bomb-{width}x{levels}", wide_bomb(width, levels), COMPLEX)
    for length in [1, 2, 3, 4, 5, 7, 10, 20, 50, 100, 150, 200, 250, 300, 400]:
        yield graphql_refusal(f"fragment-cycle-{length}", cycle(length), INVALID)
    yield graphql_refusal(
        "cycle-behind-a-field",
        '{ customer(id: "c") { ...A } } fragment A on Customer { industry { customers { edges { node'
        " { ...B } } } } } fragment B on Customer { ...A }",
        INVALID,
    )
    for depth in range(13, 31, 3):
        query = '{ department(id: "d") { ' + "parent { " * (depth - 1) + "id" + " }" * depth + " }"
        yield graphql_refusal(f"depth-{depth}", query, COMPLEX)
    for count in (31, 50, 200, 1000):
        query = "{ " + " ".join(f"a{i}: __typename" for i in range(count)) + " }"
        yield graphql_refusal(f"aliases-{count}", query, COMPLEX)
    yield graphql_refusal("tokens-5001", "{ " + "__typename " * 5001 + "}", PARSE)
    yield graphql_refusal("selections-2001", "{ " + "__typename " * 2001 + "}", COMPLEX)
    yield graphql_refusal("comments-flood", "{ __typename }" + "\n#" * 6000, PARSE)
    yield graphql_refusal("deep-parens", "{ a(x: " + "[" * 3000 + "]" * 3000 + ") }", PARSE)
    yield graphql_refusal("deep-objects", "{ a(x: " + "{a: " * 2000 + "1" + "}" * 2000 + ") }", PARSE)
    yield graphql_refusal("deep-selections", "{ " + "a { " * 3000 + "b" + " }" * 3001, PARSE)


def unknown_fragment_cases() -> Iterator[Case]:
    yield graphql_refusal("unknown-fragment", "{ ...Nope }", INVALID)
    yield graphql_refusal("unknown-fragment-nested", '{ customer(id: "c") { ...Nope } }', INVALID)
    yield graphql_refusal("unknown-fragment-inline", "{ ... on Query { ...Nope } }", INVALID)
    yield graphql_refusal("unknown-fragment-in-fragment", "{ ...A } fragment A on Query { ...Nope }", INVALID)
    yield graphql_refusal(
        "unknown-fragment-unused", "{ __typename } fragment A on Query { ...Nope }", INVALID
    )
    yield graphql_refusal("fragment-on-unknown-type", "{ ...A } fragment A on Nope { id }", INVALID)
    yield graphql_refusal("unused-fragment", "{ __typename } fragment A on Query { __typename }", INVALID)
    yield graphql_refusal(
        "duplicate-fragment",
        "{ ...A } fragment A on Query { a: __typename } fragment A on Query { b: __typename }",
        INVALID,
    )


# -- numbers ---------------------------------------------------------------------------

NUMBER_FIELDS = {
    "first": "{{ customers(first: {n}) {{ totalCount }} }}",
    "top": "{{ influencers(scope: {{all: true}}, top: {n}) {{ id }} }}",
    "depth": '{{ relationshipMap(rootId: "c-acme", depth: {n}) {{ nodes {{ id }} }} }}',
    "limit": '{{ relationshipMap(rootId: "c-acme", limit: {n}) {{ nodes {{ id }} }} }}',
}


def number_cases() -> Iterator[Case]:
    for name, template in NUMBER_FIELDS.items():
        for digits in (22, 50, 300, 4300, 4301, 5000, 20000):
            yield graphql_refusal(f"int-{digits}-digits-{name}", template.format(n="9" * digits), INPUT)
        yield graphql_refusal(f"int-negative-5000-{name}", template.format(n="-" + "9" * 5000), INPUT)
        # Within the literal cap but past 32 bits: the Int type refuses it.
        yield graphql_refusal(f"int-past-32-bits-{name}", template.format(n="99999999999"), INVALID)
        yield graphql_refusal(f"float-for-int-{name}", template.format(n="1.5"), INVALID)
    for literal in ("1e400", "-1e400", "1" * 70 + ".0", "1." + "0" * 100, "1e99999999999"):
        query = f"{{ customers(filter: {{minAnnualRevenue: {literal}}}) {{ totalCount }} }}"
        yield graphql_refusal(f"float-{literal[:12]}", query, INPUT)
    page = "query($n: Int!) { customers(first: $n) { totalCount } }"
    yield Case(
        "variable-int-5000-digits",
        b'{"query": "%s", "variables": {"n": %s}}' % (page.encode(), b"9" * 5000),
        status=400,
        code=REQUEST,
    )
    for n in (2**31, -(2**31) - 1, 10**4000):
        yield graphql_refusal(f"variable-int-{str(n)[:8]}", page, INPUT, variables={"n": n})
    for value in (1.5, "12", True, None, [1], {"a": 1}):
        yield graphql_refusal(f"variable-int-as-{type(value).__name__}", page, INPUT, variables={"n": value})
    yield Case("variable-nan", b'{"query": "%s", "variables": {"n": NaN}}' % page.encode(), code=REQUEST)
    yield Case(
        "variable-infinity", b'{"query": "%s", "variables": {"n": Infinity}}' % page.encode(), code=REQUEST
    )


# -- syntax ----------------------------------------------------------------------------

SYNTAX = [
    "{",
    "}",
    "{ a",
    "query",
    "query {",
    "{ customers(first: ) { totalCount } }",
    "{ customers(first: 1 { totalCount } }",
    '{ customer(id: "unterminated) { id } }',
    '{ customer(id: """never closed) { id } }',
    '{ customer(id: "\\u00") { id } }',
    '{ customer(id: "\\x41") { id } }',
    "{ ... }",
    "{ ...on }",
    "fragment { id }",
    "fragment on on on Query { id }",
    "{ a: }",
    "{ a: b: c }",
    "{ $var }",
    "query($) { __typename }",
    "query($a: ) { __typename }",
    "query($a: Int = $b) { __typename }",
    "{ __typename @ }",
    "{ __typename @skip(if: ) }",
    "mutation",
    "subscription { }",
    "{ a(x: [1, 2) }",
    "{ a(x: {a: 1) }",
    "{ 1 }",
    "{ a(x: 0x10) }",
    "{ a(x: 1.) }",
    "{ a(x: .5) }",
    "{ a(x: 1e) }",
    "{ a(x: 01) }",
    "\u0000",
    "{ \u0007 }",
    "{ a } }",
    "{ a } extra",
    "schema { query: Query }",
    "type Foo { a: Int }",
    "directive @d on FIELD",
    "extend type Query { a: Int }",
    "{ a(x: $) }",
    "{ a(x: &) }",
    '{ a(x: "\\uD800") }',
]


def syntax_cases() -> Iterator[Case]:
    for i, query in enumerate(SYNTAX):
        # Type-system definitions parse but are no executable document.
        # Type-system definitions and an empty subscription parse, but do not validate.
        code = (
            INVALID
            if query.split(" ")[0] in ("schema", "type", "directive", "extend", "subscription")
            else PARSE
        )
        yield graphql_refusal(f"syntax-{i:02d}", query, code)


# -- validation, without suggestions (production) ----------------------------------------


def no_suggestions(payload: dict[str, Any]) -> None:
    text = json.dumps(payload)
    assert "Did you mean" not in text, text


VALIDATION = {
    "field-typo": "{ custmers { totalCount } }",
    "argument-typo": "{ customers(frist: 1) { totalCount } }",
    "enum-typo": "{ influencers(scope: {all: true}, measure: PAGERAN) { id } }",
    "enum-lower": "{ influencers(scope: {all: true}, measure: pagerank) { id } }",
    "type-condition-typo": '{ node(id: "x") { ... on Custmer { id } } }',
    "variable-type-typo": "query($n: Itn!) { customers(first: $n) { totalCount } }",
    "input-field-typo": '{ influencers(scope: {industryid: "x"}) { id } }',
    "nested-field-typo": '{ customer(id: "c") { nmae } }',
    "order-enum-typo": "{ customers(orderBy: {field: NAM}) { totalCount } }",
    "introspection-schema": "{ __schema { queryType { name } } }",
    "introspection-type": '{ __type(name: "Customer") { name } }',
    "introspection-in-fragment": "{ ...I } fragment I on Query { __schema { types { name } } }",
    "missing-argument": "{ customer { id } }",
    "leaf-with-selection": "{ __typename { a } }",
    "object-without-selection": '{ customer(id: "c") }',
    "wrong-argument-type": "{ customer(id: 1.5) { id } }",
    "undefined-variable": "{ customers(first: $n) { totalCount } }",
    "unused-variable": "query($n: Int) { __typename }",
    "duplicate-variable": "query($n: Int, $n: Int) { __typename }",
    "duplicate-operation": "query A { __typename } query A { __typename }",
    "anonymous-and-named": "{ __typename } query A { __typename }",
    "conflicting-fields": '{ a: customer(id: "1") { id } a: customer(id: "2") { id } }',
    "unknown-directive": "{ __typename @nope }",
    "directive-misplaced": "query @skip(if: true) { __typename }",
    "subscription": "subscription { __typename }",
    "null-for-non-null": "{ customer(id: null) { id } }",
    "list-for-scalar": '{ customer(id: ["a"]) { id } }',
    "object-for-scalar": "{ customer(id: {a: 1}) { id } }",
    "variable-in-wrong-place": "query($s: String) { customers(first: $s) { totalCount } }",
}


def validation_cases() -> Iterator[Case]:
    for name, query in VALIDATION.items():
        yield graphql_refusal(f"invalid-{name}", query, INVALID, check=no_suggestions)
    for name, (query, variables) in {
        "enum-value": (
            "query($m: InfluenceMeasure!) { influencers(scope: {all: true}, measure: $m) { id } }",
            {"m": "PAGERAN"},
        ),
        "input-field": (
            "query($s: AnalysisScope!) { influencers(scope: $s) { id } }",
            {"s": {"industryid": "x"}},
        ),
        "missing-variable": ("query($n: Int!) { customers(first: $n) { totalCount } }", {}),
        "string-for-id-list": (
            'query($t: [RelationshipType!]) { relationshipMap(rootId: "c",'
            " relationshipTypes: $t) { nodes { id } } }",
            {"t": ["KNWOS"]},
        ),
    }.items():
        yield graphql_refusal(f"variable-{name}", query, INPUT, variables=variables, check=no_suggestions)


# -- operations -------------------------------------------------------------------------


def operation_cases() -> Iterator[Case]:
    two = "query A { __typename } query B { __typename }"
    yield graphql_refusal("several-operations-unnamed", two, REQUEST)
    yield Case("unknown-operation-name", body(two, operationName="C"), json_status=200, code=REQUEST)
    yield Case("operation-name-not-string", body("{ __typename }", operationName=5), code=REQUEST)
    yield Case(
        "get-mutation",
        method="GET",
        query_string={"query": 'mutation { deleteNode(id: "x") { deletedIds } }'},
        status=405,
        code="METHOD_NOT_ALLOWED",
    )
    for method in ("PUT", "DELETE", "PATCH"):
        yield Case(
            f"method-{method}",
            method=method,
            body=body("{ __typename }"),
            status=405,
            code="METHOD_NOT_ALLOWED",
        )


# -- HTTP -------------------------------------------------------------------------------


def utf16(text: str) -> bytes:
    return text.encode("utf-16")


def http_cases() -> Iterator[Case]:
    ok = '{"query": "{ __typename }"}'
    for name, content_type in {
        "text-plain": "text/plain",
        "form": "application/x-www-form-urlencoded",
        "multipart": "multipart/form-data; boundary=x",
        "graphql": "application/graphql",
        "charset-utf16": "application/json; charset=utf-16",
        "charset-latin1": "application/json; charset=latin-1",
        "empty-content-type": "",
        "json-typo": "application/jsn",
    }.items():
        yield Case(
            f"content-type-{name}",
            ok.encode(),
            headers={"content-type": content_type},
            status=415,
            code="UNSUPPORTED_MEDIA_TYPE",
        )
    for name, raw in {
        "utf16-body": utf16(ok),
        "utf16-le-body": ok.encode("utf-16-le"),
        "utf16-be-body": ok.encode("utf-16-be"),
        "utf32-body": ok.encode("utf-32"),
        "latin1-body": '{"query": "{ customer(id: \\"é\\") { id } }", "x": "é"}'.encode("latin-1"),
        "lone-continuation": b'{"query": "{ __typename }", "x": "\x80"}',
        "overlong-utf8": b'{"query": "{ __typename }", "x": "\xc0\xaf"}',
        "surrogate-utf8": b'{"query": "{ __typename }", "x": "\xed\xa0\x80"}',
        "utf8-bom": b"\xef\xbb\xbf" + ok.encode(),
        "not-json": b"query { __typename }",
        "truncated-json": b'{"query": "{ __typename }"',
        "json-array": b'[{"query": "{ __typename }"}]',
        "json-string": b'"{ __typename }"',
        "json-number": b"42",
        "json-null": b"null",
        "empty-body": b"",
        "deep-json": b'{"query": "{ __typename }", "variables": ' + b"[" * 100_000 + b"]" * 100_000 + b"}",
        "query-number": b'{"query": 5}',
        "query-null": b'{"query": null}',
        "query-list": b'{"query": ["{ __typename }"]}',
        "query-empty": b'{"query": ""}',
        "query-blank": b'{"query": "   "}',
        "no-query": b'{"variables": {}}',
        "variables-list": b'{"query": "{ __typename }", "variables": [1]}',
        "variables-string": b'{"query": "{ __typename }", "variables": "{}"}',
        "extensions-list": b'{"query": "{ __typename }", "extensions": []}',
        "nul-bytes": b'{"query": "{ __typename }\x00"}',
    }.items():
        yield Case(f"body-{name}", raw, headers={"content-type": "application/json"}, code=REQUEST)
    yield Case(
        "body-too-large",
        body("{ __typename }" + " " * (6 * 1024 * 1024)),
        status=413,
        code="PAYLOAD_TOO_LARGE",
    )
    yield Case(
        "accept-text",
        body("{ __typename }"),
        headers={"accept": "text/plain"},
        status=406,
        code="NOT_ACCEPTABLE",
    )
    yield Case(
        "accept-utf16",
        body("{ __typename }"),
        headers={"accept": "application/json; charset=utf-16"},
        status=406,
        code="NOT_ACCEPTABLE",
    )
    yield Case(
        "get-bad-variables",
        method="GET",
        query_string={"query": "{ __typename }", "variables": "{"},
        code=REQUEST,
    )
    yield Case("get-no-query", method="GET", query_string={}, code=REQUEST)
    yield Case(
        "get-huge-int-variable",
        method="GET",
        query_string={
            "query": "query($n: Int!) { customers(first: $n) { totalCount } }",
            "variables": '{"n": ' + "9" * 5000 + "}",
        },
        code=REQUEST,
    )


# -- credentials ------------------------------------------------------------------------


def auth_cases() -> Iterator[Case]:
    query = body("{ __typename }")

    def bearer(value: str) -> dict[str, str]:
        return {"authorization": f"Bearer {value}"}

    def refused(case_id: str, headers: dict[str, str]) -> Case:
        # 401 for both media types: the client must authenticate before anything else.
        return Case(case_id, query, headers=headers, role=None, status=401, code=AUTH)

    yield refused("no-credentials", {})
    yield refused("empty-bearer", {"authorization": "Bearer"})
    yield refused("basic-scheme", {"authorization": "Basic YWRtaW46YWRtaW4="})
    yield refused("unknown-api-key", bearer("rgk_" + "A" * 40))
    yield refused("api-key-header-garbage", {"x-api-key": "not-a-key"})
    yield refused("api-key-too-long", bearer("rgk_" + "A" * 9000))
    yield refused("garbage-token", bearer("abc.def.ghi"))
    yield refused("two-part-token", bearer("abc.def"))
    now = time.time()
    for name, claims in {
        "exp-string": jwt_claims(exp=str(int(now) + 3600)),
        "exp-string-words": jwt_claims(exp="tomorrow"),
        "exp-bool": jwt_claims(exp=True),
        "exp-list": jwt_claims(exp=[now + 3600]),
        "exp-object": jwt_claims(exp={"at": now + 3600}),
        "exp-null": {**jwt_claims(), "exp": None},
        "exp-missing": {k: v for k, v in jwt_claims().items() if k != "exp"},
        "exp-past": jwt_claims(exp=now - 3600),
        "nbf-future": jwt_claims(nbf=now + 3600),
        "nbf-string": jwt_claims(nbf=str(int(now))),
        "iat-string": jwt_claims(iat="now"),
        "sub-number": jwt_claims(sub=42),
        "sub-empty": jwt_claims(sub=""),
        "sub-missing": {k: v for k, v in jwt_claims().items() if k != "sub"},
        "role-unknown": jwt_claims(role="root"),
        "role-list": jwt_claims(role=["admin"]),
        "accounts-string": jwt_claims(role="member", accounts="c-acme"),
        "accounts-numbers": jwt_claims(role="member", accounts=[1, 2]),
        "iss-number": jwt_claims(iss=5),
        "aud-number": jwt_claims(aud=5),
    }.items():
        yield refused(f"jwt-{name}", bearer(token(claims)))
    yield refused("jwt-wrong-secret", bearer(token(jwt_claims(), secret="x" * 40)))
    yield refused("jwt-hs512", bearer(token(jwt_claims(), secret=JWT_SECRET, algorithm="HS512")))
    # {"alg": "none"} over admin claims, with no signature.
    unsigned = (
        "eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0."
        "eyJzdWIiOiJ4Iiwicm9sZSI6ImFkbWluIiwiYWNjb3VudHMiOltdLCJleHAiOjk5OTk5OTk5OTl9."
    )
    yield refused("jwt-alg-none", bearer(unsigned))
    yield refused("both-headers", {"authorization": "Bearer abc", "x-api-key": "rgk_abc"})


# -- analytics and writes of a scoped member -----------------------------------------------

MEASURES = ("PAGERANK", "BETWEENNESS", "EIGENVECTOR", "CLOSENESS", "HITS", "BROKERAGE", "COMPOSITE")


def answered(payload: dict[str, Any]) -> None:
    assert "errors" not in payload, payload


def ranked_nobody(payload: dict[str, Any]) -> None:
    assert payload == {"data": {"influencers": []}}, payload


def ranked_someone(payload: dict[str, Any]) -> None:
    assert "errors" not in payload, payload
    assert payload["data"]["influencers"], payload


def analytics_cases() -> Iterator[Case]:
    for measure in MEASURES:
        # The medical industry holds none of the member's people.
        query = f'{{ influencers(scope: {{industryId: "ind-med"}}, measure: {measure}) {{ id score }} }}'
        yield Case(
            f"member-{measure.lower()}-empty-industry",
            body(query),
            role="member",
            status=200,
            check=ranked_nobody,
        )
        own = f'{{ influencers(scope: {{customerId: "c-acme"}}, measure: {measure}) {{ id score }} }}'
        yield Case(
            f"member-{measure.lower()}-own-account",
            body(own),
            role="member",
            status=200,
            check=ranked_someone,
        )
        empty_all = f"{{ influencers(scope: {{all: true}}, measure: {measure}) {{ id }} }}"
        yield Case(
            f"analyst-{measure.lower()}-all", body(empty_all), role="analyst", status=200, check=answered
        )
    for scope in ('{customerId: "c-acme", all: true}', "{}", "{all: false}"):
        yield Case(
            f"scope-{scope}",
            body(f"{{ influencers(scope: {scope}) {{ id }} }}"),
            status=200,
            json_status=200,
            code=INPUT,
        )
    for top in (0, -1, 101):
        yield Case(
            f"top-{top}",
            body(f"{{ influencers(scope: {{all: true}}, top: {top}) {{ id }} }}"),
            status=200,
            code=INPUT,
        )
    for hops in (0, 7, 1000):
        query = f'{{ introductionPaths(targetId: "s-ann", maxHops: {hops}) {{ strength }} }}'
        yield Case(f"max-hops-{hops}", body(query), status=200, code=INPUT)


def _conflict(payload: dict[str, Any]) -> None:
    [result] = payload["data"].values()
    assert result["errors"][0]["code"] == "CONFLICT", payload
    message = result["errors"][0]["message"]
    assert "outside your accounts" in message, message


WRITES = {
    "upsertStakeholder": 'mutation { upsertStakeholder(input: {id: "ID", name: "X"}) { stakeholder { id }'
    " errors { field message code } } }",
    "upsertDepartment": 'mutation { upsertDepartment(input: {id: "ID", name: "X"}) { department { id }'
    " errors { field message code } } }",
    "upsertCustomer": 'mutation { upsertCustomer(input: {id: "ID", name: "X"}) { customer { id }'
    " errors { field message code } } }",
}


def write_cases() -> Iterator[Case]:
    for name, upsert in WRITES.items():
        for target in ("c-bolt", "s-dan", "d-bolt-eng", "x-never-stored", "c-bolt/x"):
            yield Case(
                f"member-{name}-{target}",
                body(upsert.replace("ID", target)),
                role="member",
                status=200,
                check=_conflict,
            )


IMPORT = (
    """mutation($data: JSON!) { importGraph(data: $data) { ok errors { section index field message } } }"""
)


def _import_refused(target: str) -> Callable[[dict[str, Any]], None]:
    def check(payload: dict[str, Any]) -> None:
        report = payload["data"]["importGraph"]
        assert report["ok"] is False, payload
        # The same words for a foreign id and for one nobody holds, the id aside.
        messages = [e["message"].replace(target, "ID") for e in report["errors"]]
        assert messages == [
            "id 'ID' is already in use or outside your accounts: new nodes take ids starting with 'c-acme/'"
        ], messages

    return check


def import_cases() -> Iterator[Case]:
    for label in ("Stakeholder", "Department", "Customer"):
        for target in ("c-bolt", "s-dan", "d-bolt-eng", "x-never-stored", "c-bolt/x"):
            document = {"nodes": [{"label": label, "id": target, "properties": {"name": "X"}}]}
            yield Case(
                f"member-import-{label}-{target}",
                body(IMPORT, {"data": document}),
                role="member",
                status=200,
                check=_import_refused(target),
            )


def all_cases() -> list[Case]:
    families = (
        cost_cases,
        unknown_fragment_cases,
        number_cases,
        syntax_cases,
        validation_cases,
        operation_cases,
        http_cases,
        auth_cases,
        analytics_cases,
        write_cases,
        import_cases,
    )
    cases = [case for family in families for case in family()]
    ids = [c.id for c in cases]
    assert len(ids) == len(set(ids)), sorted({i for i in ids if ids.count(i) > 1})
    return cases
