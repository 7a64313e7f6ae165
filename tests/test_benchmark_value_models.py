"""benchmarks/value_models.py measures hand-written models of three workloads; its
conclusions (README, "Benchmarks") hold only if each model computes what the workload does and
refuses what an exact translation would refuse.  Small inputs: no timing here."""

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))

import value_models  # noqa: E402
from workloads import WORKLOADS  # noqa: E402

SMALL = {"cpu_heavy": (list(range(300)),)}


@pytest.mark.parametrize("workload", [w for w in WORKLOADS if w.name in value_models.MODELS],
                         ids=lambda w: w.name)
def test_every_model_computes_what_the_hand_written_function_does(workload):
    args = SMALL.get(workload.name) or tuple(a[:300] for a in workload.make_args())
    expected = workload.hand(*args)
    for name, model in value_models.MODELS[workload.name].items():
        assert value_models.same(model(*args), expected), name


def test_the_models_take_the_slow_path_where_python_would_compute_something_else():
    # Python computes True % 7; Deluge's % on a BOOLEAN is an error
    for model in (value_models.cpu_heavy_plain, value_models.cpu_heavy_guarded):
        with pytest.raises(TypeError):
            model([1, True])
    with pytest.raises(OverflowError):  # the 64-bit range, checked
        value_models.plus(2**63 - 1, 1)
