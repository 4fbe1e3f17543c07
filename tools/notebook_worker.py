"""The worker that executes one notebook into the execution cache (used by build_book.py).

It is jupyter-cache's parallel worker, except that each kernel is stopped as soon as its last cell
has answered: a graceful shutdown asks the kernel to exit and polls until it has, 0.4–2.6 s per
notebook in which that core computes nothing (about 3 s of a clean build). Every output has been
received by then. The kernel's own log is kept to errors: ipykernel warns, for every notebook,
that its local TCP sockets are not encrypted (they listen on 127.0.0.1 only, and every message is
signed), which would bury the build's real messages. In its own module so that the process pool
can pickle it by name.
"""

from pathlib import Path

from jupyter_cache.executors.basic import ExecutionWorkerLocalMProc
from jupyter_cache.executors.utils import single_nb_execution


class ImmediateShutdownWorker(ExecutionWorkerLocalMProc):
    @staticmethod
    def execute(project_nb, data):
        return single_nb_execution(project_nb.nb, cwd=str(Path(project_nb.uri).parent), timeout=data.timeout,
                                   allow_errors=data.allow_errors, shutdown_kernel="immediate",
                                   extra_arguments=["--IPKernelApp.log_level=ERROR"])
