"""What a worker builds once before its work-horses fork (``<app>.jobs.WARM_UP``)."""

import os

import pytest

from jiyue.search import lexicon
from jiyue.worker.schedule import warm_up

pytestmark = pytest.mark.django_db


def test_the_search_vocabulary_is_built_before_the_fork(demo_cluster):
    lexicon.forget_local()
    assert warm_up() >= 1
    built = lexicon._current
    assert built is not None
    read, write = os.pipe()
    child = os.fork()
    if child == 0:  # the work-horse: it finds the vocabulary built, nothing to redo
        os.write(write, b"1" if lexicon.current() is built else b"0")
        os._exit(0)
    os.waitpid(child, 0)
    assert os.read(read, 1) == b"1"
