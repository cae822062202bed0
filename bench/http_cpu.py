"""CPU time per request, by process: where a request's cost lands on a machine
where the server, its database and the load client share the cores."""

import psutil

Snapshot = dict[str, dict[int, float]]


class CpuMeter:
    """Snapshots the CPU seconds of gunicorn (all workers), dramatiq (all
    processes), the PostgreSQL backends serving ``database`` and this client."""

    def __init__(self, gunicorn_pid: int, dramatiq_pid: int, database: str) -> None:
        self.roots = {"gunicorn": gunicorn_pid, "dramatiq": dramatiq_pid}
        self.database = database

    def __call__(self) -> Snapshot:
        groups = {name: _tree(pid) for name, pid in self.roots.items()}
        groups["postgres"] = _backends(self.database)
        groups["load client"] = [psutil.Process()]
        return {name: _cpu(processes) for name, processes in groups.items()}

    @staticmethod
    def per_request(before: Snapshot, after: Snapshot, requests: int) -> dict:
        figures = {}
        for name, seconds in after.items():
            spent = sum(s - before[name].get(pid, 0.0) for pid, s in seconds.items())
            figures[f"cpu ms/request {name}"] = spent * 1000 / max(requests, 1)
        return figures


def _tree(pid: int) -> list[psutil.Process]:
    root = psutil.Process(pid)
    return [root, *root.children(recursive=True)]


def _backends(database: str) -> list[psutil.Process]:
    found = []
    for process in psutil.process_iter(["name", "cmdline"]):
        command = " ".join(process.info["cmdline"] or [])
        if command.startswith("postgres:") and f" {database} " in command:
            found.append(process)
    return found


def _cpu(processes: list[psutil.Process]) -> dict[int, float]:
    seconds = {}
    for process in processes:
        try:
            times = process.cpu_times()
        except psutil.Error:
            continue  # gone: its time is lost to this snapshot
        seconds[process.pid] = times.user + times.system
    return seconds
