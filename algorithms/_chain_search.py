"""The search behind :func:`algorithms.introduction_paths.introduction_paths`."""

from __future__ import annotations

import heapq
import math
from collections import deque
from typing import Final

from algorithms._ties import IntroductionPath, TieIndex

SCORE_DIGITS: Final = 6


def ranking_key(path: IntroductionPath) -> tuple[float, int, tuple[str, ...]]:
    """Best first: higher rounded score, then fewer hops, then smaller ids."""
    return (-round(path.score, SCORE_DIGITS), path.hops, path.node_ids)


class ChainSearch:
    """Best-first search over partial chains, guided by exact distances (A*).

    Forward (the default) it grows chains from our team toward the target,
    guided by each node's distance *to the target*, found by a Dijkstra
    search of the target's neighbourhood.  Backward it grows chains from the
    target toward our team, guided by each node's distance *from our team*:
    one search of our team's neighbourhood (:func:`prepare_introductions`)
    then guides the searches for any number of targets.  Both are exact, so
    both find the same chains.
    """

    def __init__(self, index: TieIndex, target: str, sources: frozenset[str] | None, max_hops: int) -> None:
        self.index = index
        self.ties = index.ties
        self.target = target
        self.sources = sources
        self.max_hops = max_hops
        self.hop_length = -math.log(index.weights.keep_per_hop)

    def is_source(self, node: str) -> bool:
        if self.sources is not None:
            return node in self.sources
        return self.index.is_team(node)

    def is_terminal(self, node: str) -> bool:
        # Chains may end at, but never pass through, one of our people.
        return node != self.target and (self.is_source(node) or self.index.is_team(node))

    def length(self, strength: float) -> float:
        return self.hop_length - math.log(strength)

    def run(self, k: int, max_expansions: int) -> list[IntroductionPath]:
        prepared = self.index.prepared.get((self.sources, self.max_hops))
        if prepared is not None:
            hops_left, cost_left = prepared
            starts = [self.target] if self.target in cost_left else []
            backward = True
        else:
            hops_left = self._ball([self.target])
            cost_left = self._distances([self.target], hops_left)
            starts = [n for n in hops_left if n != self.target and self.is_source(n) and n in cost_left]
            backward = False
        heap: list[tuple[float, int, tuple[str, ...], float]] = [(cost_left[n], 0, (n,), 0.0) for n in starts]
        heapq.heapify(heap)
        found: list[IntroductionPath] = []
        expansions = 0
        while heap and expansions < max_expansions:
            if len(found) >= k and not self._may_tie(heap[0][0], found[k - 1]):
                break
            _, hops, path, cost = heapq.heappop(heap)
            last = path[-1]
            if hops > 0 and (self.is_source(last) if backward else last == self.target):
                found.append(self.index.path(path[::-1] if backward else path))
                continue
            expansions += 1
            if hops > 0 and self.is_terminal(last):
                continue
            for nxt, s in self.ties(last).items():
                left = hops_left.get(nxt)
                if left is None or hops + 1 + left > self.max_hops or nxt in path or nxt not in cost_left:
                    continue
                end = self.is_source(nxt) if backward else nxt == self.target
                if not end and self.is_terminal(nxt):
                    continue
                step = cost + self.length(s)
                heapq.heappush(heap, (step + cost_left[nxt], hops + 1, (*path, nxt), step))
        found.sort(key=ranking_key)
        return found[:k]

    @staticmethod
    def _may_tie(bound: float, kth: IntroductionPath) -> bool:
        """Whether a chain scoring at most ``exp(-bound)`` could round to the k-th's score."""
        return round(math.exp(-bound), SCORE_DIGITS) >= round(kth.score, SCORE_DIGITS)

    def prepare(self) -> tuple[dict[str, int], dict[str, float]]:
        """Hops and least length from our team to every node within reach (backward guidance)."""
        roots = [n for n in self.index.G if self.is_source(n)]
        ball = self._ball(roots)
        return ball, self._distances(roots, ball)

    def _ball(self, roots: list[str]) -> dict[str, int]:
        """Hops from the nearest root to every node within ``max_hops``, not through our people."""
        hops = dict.fromkeys(roots, 0)
        queue = deque(roots)
        while queue:
            u = queue.popleft()
            if hops[u] == self.max_hops or (hops[u] > 0 and self.is_terminal(u)):
                continue
            for v in self.ties(u):
                if v not in hops:
                    hops[v] = hops[u] + 1
                    queue.append(v)
        return hops

    def _distances(self, roots: list[str], ball: dict[str, int]) -> dict[str, float]:
        """Least length (``-log`` of the score) from the nearest root to each node of the ball."""
        dist = dict.fromkeys(roots, 0.0)
        heap = [(0.0, r) for r in roots]
        done: set[str] = set()
        while heap:
            d, u = heapq.heappop(heap)
            if u in done:
                continue
            done.add(u)
            if ball[u] > 0 and self.is_terminal(u):
                continue
            for v, s in self.ties(u).items():
                if v not in ball:
                    continue
                nd = d + self.length(s)
                if nd < dist.get(v, math.inf):
                    dist[v] = nd
                    heapq.heappush(heap, (nd, v))
        return dist
