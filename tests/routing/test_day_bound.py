"""The bound beside every delivery day: each count on a hand-computed case."""

from __future__ import annotations

import numpy as np

from routing.day_bound import depot_bound, spanning_length
from routing.day_inputs import DeliveryStop, DeliveryVehicle
from routing.delivery_params import DeliveryParams

PARAMS = DeliveryParams()


def _stop(i: int, cases: float, batch: str) -> DeliveryStop:
    return DeliveryStop(f"S{i}", 117.3, 31.8, cases, batch, "D1", "A1")


def test_each_count_is_the_work_over_its_window() -> None:
    # 120 morning stops of 1 case, all at the depot (no driving): 150 s each = 5 h of work
    stops = [_stop(i, 1.0, "am") for i in range(120)]
    zero = np.zeros((121, 121))
    fleet = [DeliveryVehicle(f"V{i}", "D1", 45, 2) for i in range(4)]
    bound = depot_bound("D1", stops, [False] * 120, fleet, zero, PARAMS)
    morning = PARAMS.am_end_s - PARAMS.shift_start_s  # 3 h 40
    assert bound.morning == int(np.ceil(120 * PARAMS.service_s(1.0, 2) / morning)) == 2
    assert bound.afternoon == 0 and bound.remote == 0
    assert bound.capacity == 3  # 120 cases over 45-case vans
    assert (bound.needed, bound.binding, bound.fits) == (3, "capacity", True)


def test_the_driving_counted_is_a_spanning_tree_of_the_stops_and_the_depot() -> None:
    line = np.array([[0.0, 5, 9], [5, 0, 4], [9, 4, 0]])
    assert spanning_length(line) == 9.0


def test_remote_shops_count_the_drive_out_and_back() -> None:
    # two remote shops 3 h out: a vehicle can reach one and come back in a 7-h shift, with
    # only 1 h for the other when both are on one route that must still drive 6 h
    stops = [_stop(0, 0.1, "am"), _stop(1, 0.1, "am")]
    far = 3 * 3600.0
    durations = np.array([[0, far, far], [far, 0, 2 * 3600], [far, 2 * 3600, 0]])
    fleet = [DeliveryVehicle("V1", "D1", 45, 2), DeliveryVehicle("V2", "D1", 45, 2)]
    bound = depot_bound("D1", stops, [True, True], fleet, durations, PARAMS)
    assert bound.remote == 2 and bound.binding == "remote" and bound.fits
    one = depot_bound("D1", stops, [True, True], fleet[:1], durations, PARAMS)
    assert not one.fits and one.reason().startswith("time: the remote work")
