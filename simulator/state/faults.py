"""Faults a test asked Meta's side for, as records: on the way to the callback (``Fault``,
rules in ``simulator/webhooks/faults.py``) and in Graph answers (``GraphFault``, rules in
``simulator/backend/graph_faults.py``), each in force for a number of uses or until a moment
on Meta's clock (``FaultWindow``)."""

from __future__ import annotations

from dataclasses import dataclass

from simulator.state.fault_window import FaultWindow

__all__ = ["Fault", "GraphFault", "GraphFaults"]


@dataclass
class Fault(FaultWindow):
    id: str
    kind: str
    value: float | None
    count: int | None  # deliveries left; None = until the window closes
    until_ms: int | None  # None = until the count runs out


@dataclass
class GraphFault(FaultWindow):
    id: str  # given by ``GraphFaults.add``
    code: int
    subcode: int | None
    calls: str  # "send" (the Send API) or "any"
    count: int | None  # calls left; None = until the window closes
    until_ms: int | None


class GraphFaults:
    """The Graph faults in force, oldest first; cleared with the simulator's reset."""

    def __init__(self) -> None:
        self._faults: list[GraphFault] = []
        self._made = 0

    def add(self, fault: GraphFault) -> GraphFault:
        self._made += 1
        fault.id = f"graph_fault_{self._made}"
        self._faults.append(fault)
        return fault

    def listed(self, now_ms: int) -> list[dict[str, object]]:
        return [f.to_dict() for f in self._faults if f.active(now_ms)]

    def clear(self) -> None:
        self._faults.clear()

    def take(self, kind: str, now_ms: int) -> GraphFault | None:
        """The fault the next call of ``kind`` meets (one use of it), or None."""
        self._faults = [f for f in self._faults if f.active(now_ms)]
        for fault in self._faults:
            if fault.calls == "any" or fault.calls == kind:
                if fault.count is not None:
                    fault.count -= 1
                return fault
        return None
