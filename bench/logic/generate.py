#!/usr/bin/python3
"""Writes the cases of the logic benchmark: per case a folder with the input relations and the same query
as a Tensor Logic program (program.tl + .tsv), an ASP program for clingo (program.lp + facts.lp) and a
tabled Prolog program for SWI-Prolog (program.pl + facts.pl), plus case.json.

  generate.py --dir DIR [--seed N] [--quick] [--large] [--case NAME[,NAME...]]

Standard library only. The same seed gives byte-identical files. Each program prints the number of
derived tuples ("count") and, for shortest paths, the sum of the distances over the reached nodes
("sum"). Costs are integers so that the sums are exact in every system (clingo has only integers).
Where an independent answer is cheap to compute here, case.json carries it as "expected".
"""
import argparse
import heapq
import json
import os
import random
import zlib
from collections import defaultdict

DEFAULT_SEED = 20251014


# ---------------------------------------------------------------- inputs

def chain(n):
    return [(i, i + 1) for i in range(n - 1)]


def cycle(n):
    return [(i, (i + 1) % n) for i in range(n)]


def complete(n):
    return [(i, j) for i in range(n) for j in range(n) if i != j]


def random_edges(rng, n, m):
    edges = set()
    while len(edges) < m:
        x, y = rng.randrange(n), rng.randrange(n)
        if x != y:
            edges.add((x, y))
    return sorted(edges)


def random_tree(rng, n, window):
    # Each node's parent is one of the `window` nodes before it. A uniform parent (a random recursive
    # tree) has only ~ln n generations of thousands of nodes each, whose same-generation pairs number
    # in the hundreds of millions; the window keeps generations ~window/2 wide and the tree deep.
    return [(rng.randrange(max(0, i - window), i), i) for i in range(1, n)]


# ------------------------------------------------------ independent answers

def same_generation_count(parent_edges):
    # On a tree, sg(x, y) holds exactly for x != y at the same depth.
    depth = {0: 0}
    for parent, child in parent_edges:  # parents come before children
        depth[child] = depth[parent] + 1
    sizes = defaultdict(int)
    for d in depth.values():
        sizes[d] += 1
    return sum(k * (k - 1) for k in sizes.values())


def dijkstra(weighted, source):
    out = defaultdict(list)
    for x, y, c in weighted:
        out[x].append((y, c))
    dist = {source: 0}
    heap = [(0, source)]
    while heap:
        d, x = heapq.heappop(heap)
        if d > dist[x]:
            continue
        for y, c in out[x]:
            if d + c < dist.get(y, float("inf")):
                dist[y] = d + c
                heapq.heappush(heap, (d + c, y))
    return dist


def four_cycle_count(r, s, t, u):
    succ = defaultdict(list)
    for name, rel in (("s", s), ("t", t)):
        for x, y in rel:
            succ[name, x].append(y)
    u_set = set(u)
    return sum(1 for a, b in r for c in succ["s", b] for d in succ["t", c] if (d, a) in u_set)


# ------------------------------------------------------------- programs
# One template per query, in the three languages. {relations} in the TL programs are the declarations and
# file reads of the inputs; the peers read facts from facts.lp / facts.pl.

TC = {
    "tl": """\
{relations}
Reach(x, y) <- E(x, y)
Reach(x, z) <- Reach(x, y), E(y, z)
Count = Reach(x, y)
Count?
""",
    "lp": """\
reach(X,Y) :- e(X,Y).
reach(X,Z) :- reach(X,Y), e(Y,Z).
count(N) :- N = #count{ X,Y : reach(X,Y) }.
#show count/1.
""",
    # Left recursion: the open call reach(_,_) is one table; right recursion would make a table per node.
    "pl": """\
:- table reach/2.
reach(X,Y) :- e(X,Y).
reach(X,Z) :- reach(X,Y), e(Y,Z).
main :- aggregate_all(count, reach(_,_), N), format("count ~d~n", [N]).
""",
}

SG = {
    "tl": """\
{relations}
Sg(x, y) <- Par(p, x), Par(p, y), x != y
Sg(x, y) <- Par(p, x), Sg(p, q), Par(q, y)
Count = Sg(x, y)
Count?
""",
    "lp": """\
sg(X,Y) :- par(P,X), par(P,Y), X != Y.
sg(X,Y) :- par(P,X), sg(P,Q), par(Q,Y).
count(N) :- N = #count{ X,Y : sg(X,Y) }.
#show count/1.
""",
    # The recursive call first, open, so that it is one table (see TC).
    "pl": """\
:- table sg/2.
sg(X,Y) :- par(P,X), par(P,Y), X \\== Y.
sg(X,Y) :- sg(P,Q), par(P,X), par(Q,Y).
main :- aggregate_all(count, sg(_,_), N), format("count ~d~n", [N]).
""",
}

SSSP = {
    # Reached(y) counts the nodes with a finite distance; the sum joins with it so Infinity never enters.
    "tl": """\
{relations}
Dist[0] = 0.0
Dist[y] min= (Dist[x] + Cost[x, y]) Edge(x, y)
Reached(0)
Reached(y) <- Reached(x), Edge(x, y)
Count = Reached(y)
Sum = Dist[y] Reached(y)
Count?
Sum?
""",
    # The direct encoding. It does not terminate on a graph with cycles: the #min recurses, so gringo
    # grounds every path length as a possible d(Y,_) (on 150 edges the ground program grew without
    # bound). Rounds of Bellman-Ford in incremental mode (#include <incmode>, d(t,Y,M) from d(t-1,...))
    # were tried too: atoms of earlier steps are not simplified to facts, and the ground program
    # grew ~10x per round (1,000 edges: 1.4k, 15k, 79k atoms, 34 s by round 4). So the runner skips
    # clingo here (case.json "skip"); the program stays for whoever finds a terminating encoding.
    # Y != 0: costs are positive, so nothing improves the source's 0.
    "lp": """\
d(0,0).
d(Y,M) :- w(_,Y,_), Y != 0, M = #min{ D+C,X : d(X,D), w(X,Y,C) }, M < #sup.
count(N) :- N = #count{ Y : d(Y,_) }.
sum(S) :- S = #sum{ D,Y : d(Y,D) }.
#show count/1.
#show sum/1.
""",
    "skip": {"clingo": "recursion through #min: gringo's grounding does not terminate on cyclic graphs"},
    # Answer subsumption: the table keeps the least D per node, so cycles stop improving and end.
    "pl": """\
:- table path(_,min).
path(0, 0).
path(Y, D) :- path(X, D0), w(X, Y, C), D is D0 + C.
main :- aggregate_all(count, path(_,_), N), aggregate_all(sum(D), path(_,D), S),
        format("count ~d~nsum ~d~n", [N, S]).
""",
}

JOIN = {
    "tl": """\
{relations}
Q(a, b, c, d) <- R(a, b), S(b, c), T(c, d), U(d, a)
Count = Q(a, b, c, d)
Count?
""",
    "lp": """\
q(A,B,C,D) :- r(A,B), s(B,C), t(C,D), u(D,A).
count(N) :- N = #count{ A,B,C,D : q(A,B,C,D) }.
#show count/1.
""",
    # Not tabled: nothing recurses, and the inputs are sets, so each proof is a distinct tuple.
    "pl": """\
q(A,B,C,D) :- r(A,B), s(B,C), t(C,D), u(D,A).
main :- aggregate_all(count, q(_,_,_,_), N), format("count ~d~n", [N]).
""",
}

PL_HEADER = """\
:- initialization(main, main).
:- consult('facts.pl').
"""


# ---------------------------------------------------------------- cases

def cases(quick, large):
    """(name, description, builder) in run order; a builder takes an rng and returns (query, relations,
    expected), relations being {name: (tl_type, rows)} with rows of integer tuples."""
    def tc(kind, n, make, expected=None):
        return (f"tc-{kind}-{label(n)}", f"transitive closure of a {kind}{' graph' * (kind == 'complete')} of {n} nodes",
                lambda rng: (TC, {"E": ("bool", make(rng))}, {"count": expected} if expected else None))

    out = []
    for n in ([50, 100] if quick else [1000, 2000, 4000]):
        out.append(tc("chain", n, lambda rng, n=n: chain(n), n * (n - 1) // 2))
    for n in ([50, 100] if quick else [1000, 2000, 4000]):
        out.append(tc("cycle", n, lambda rng, n=n: cycle(n), n * n))
    n = 30 if quick else 1000
    out.append(tc("complete", n, lambda rng, n=n: complete(n), n * n))
    for n, m in [(300, 1500)] if quick else [(10_000, 50_000)] + ([(100_000, 1_000_000)] if large else []):
        out.append((f"tc-random-{label(n)}", f"transitive closure of a random graph, {n} nodes, {m} edges",
                    lambda rng, n=n, m=m: (TC, {"E": ("bool", random_edges(rng, n, m))}, None)))

    # Default arguments bind the sizes now: a plain closure would see the last case's n and m.
    n, window = (500, 20) if quick else (50_000, 100)
    def sg(rng, n=n, window=window):
        tree = random_tree(rng, n, window)
        return SG, {"Par": ("bool", tree)}, {"count": same_generation_count(tree)}
    out.append((f"sg-tree-{label(n)}", f"same generation on a random tree of {n} nodes (parent among the {window} before)", sg))

    n, m = (200, 1000) if quick else (20_000, 100_000)
    def sssp(rng, n=n, m=m):
        edges = random_edges(rng, n, m)
        weighted = [(x, y, rng.randint(1, 100)) for x, y in edges]
        dist = dijkstra(weighted, 0)
        return SSSP, {"Edge": ("bool", edges), "Cost": ("real", weighted)}, \
            {"count": len(dist), "sum": sum(dist.values())}
    out.append((f"sssp-{label(m)}", f"single-source shortest paths, {n} nodes, {m} edges, integer costs 1..100", sssp))

    n, m = (30, 150) if quick else (200, 4000)
    def join(rng, n=n, m=m):
        rels = [random_edges(rng, n, m) for _ in range(4)]
        return JOIN, dict(zip("RSTU", (("bool", r) for r in rels))), {"count": four_cycle_count(*rels)}
    out.append((f"join4-{label(n)}", f"4-cycle query Q(a,b,c,d) <- R(a,b), S(b,c), T(c,d), U(d,a), {n} nodes, {m} tuples per relation", join))
    return out


def label(n):
    return f"{n // 1_000_000}M" if n % 1_000_000 == 0 else f"{n // 1000}k" if n % 1000 == 0 else str(n)


def write_case(folder, name, description, query, relations, expected):
    os.makedirs(folder, exist_ok=True)
    tl_lines, lp_facts, pl_facts = [], [], []
    for rel, (kind, rows) in relations.items():
        arity = len(rows[0]) - (1 if kind == "real" else 0)
        file = f"{rel.lower()}.tsv"
        # One domain for every position: the programs join them all on node numbers.
        tl_lines += [f"{rel} : {kind}[{', '.join(['Node'] * arity)}]", f'{rel} = "{file}"']
        with open(os.path.join(folder, file), "w") as out:
            out.writelines("\t".join(map(str, row)) + "\n" for row in rows)
        # The peers spell a weighted relation w/3 and the rest in lowercase; Edge is the same as the
        # first two fields of Cost, which the peers read from w/3.
        if rel == "Edge":
            continue
        peer = "w" if kind == "real" else rel.lower()
        lp_facts += [f"{peer}({','.join(map(str, row))}).\n" for row in rows]
        pl_facts += [f"{peer}({','.join(map(str, row))}).\n" for row in rows]
    with open(os.path.join(folder, "program.tl"), "w") as out:
        out.write(query["tl"].replace("{relations}", "\n".join(tl_lines)))
    with open(os.path.join(folder, "program.lp"), "w") as out:
        out.write(query["lp"])
    with open(os.path.join(folder, "facts.lp"), "w") as out:
        out.writelines(lp_facts)
    with open(os.path.join(folder, "program.pl"), "w") as out:
        out.write(PL_HEADER + query["pl"])
    with open(os.path.join(folder, "facts.pl"), "w") as out:
        # Facts of each predicate together, so SWI-Prolog does not warn about discontiguous clauses.
        out.writelines(pl_facts)
    info = {"case": name, "description": description,
            "inputTuples": sum(len(rows) for rel, (kind, rows) in relations.items() if rel != "Edge")}
    if expected:
        info["expected"] = expected
    if "skip" in query:
        info["skip"] = query["skip"]
    with open(os.path.join(folder, "case.json"), "w") as out:
        json.dump(info, out, indent=1)
    return info


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--dir", required=True)
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--large", action="store_true")
    parser.add_argument("--case", help="comma-separated names or prefixes (tc-cycle, sssp)")
    arguments = parser.parse_args()
    wanted = arguments.case.split(",") if arguments.case else None
    for name, description, build in cases(arguments.quick, arguments.large):
        if wanted and not any(name == w or name.startswith(w) for w in wanted):
            continue
        # Per-case generators, so that adding or selecting cases does not change another case's input.
        rng = random.Random(arguments.seed * 1_000_003 + zlib.crc32(name.encode()))
        query, relations, expected = build(rng)
        write_case(os.path.join(arguments.dir, name), name, description, query, relations, expected)
        print(name)


if __name__ == "__main__":
    main()
