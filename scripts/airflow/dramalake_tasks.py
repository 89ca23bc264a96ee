"""What each task of the daily dramalake DAG submits: plain Python, no Airflow import.

The DAG (dramalake_daily.py) turns every TaskSpec into a SparkSubmitOperator. Keeping the
arguments here lets a test render them for a date and hand them to the real CLI's --dry-run
without Airflow installed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import timedelta

MAIN_CLASS = "io.dramalake.jobs.Main"

# Airflow renders these in SparkSubmitOperator's templated fields (application, application_args).
DUMP_DATE = "{{ ds }}"
VARIABLE_TEMPLATES = {
    "application": "{{ var.value.dramalake_jar }}",
    "landing": "{{ var.value.dramalake_landing }}",
    "lake": "{{ var.value.dramalake_lake }}",
}

# Exit codes of the CLI (io.dramalake.jobs.cli.ExitCode) that retrying cannot fix.
EXIT_USAGE = 64
EXIT_QUALITY_FAILED = 65
FINAL_EXIT_CODES = frozenset({EXIT_USAGE, EXIT_QUALITY_FAILED})
# 75 (EX_TEMPFAIL), nothing written, retried with back-off like other transient failures: another
# writer holds the lake's lock (a retry overlapping a slow first attempt, a run by hand, the weekly
# maintain), or the day's dump has not arrived yet (a required source missing or still being copied).
EXIT_LAKE_BUSY = 75
EXIT_DUMP_NOT_ARRIVED = 75

# Coordinates a cluster without them needs beside the shaded jar (spark-submit --packages).
PACKAGES = (
    "io.delta:delta-spark_2.12:3.3.2",
    "org.apache.hadoop:hadoop-aws:3.3.4",
    "com.amazonaws:aws-java-sdk-bundle:1.12.262",
)

# The jobs set the settings they rely on themselves (SparkSessions.DEFAULTS, overridable with
# --conf); Delta on S3 needs its log store named, here as in conf/cluster.properties.
SPARK_CONF = {
    "spark.delta.logStore.s3a.impl": "io.delta.storage.S3SingleDriverLogStore",
}

# Task defaults: retries with exponential back-off for transient failures (cluster, S3, a busy lake,
# a late dump): 5, 10, 20, 40, 60, 60 minutes, so a vendor up to about three hours late still lands
# the same day; after that the task fails visibly and is cleared by hand once the dump is there.
DEFAULT_ARGS = {
    "owner": "dramalake",
    "retries": 6,
    "retry_delay": timedelta(minutes=5),
    "retry_exponential_backoff": True,
    "max_retry_delay": timedelta(hours=1),
    "depends_on_past": False,
}

# DAG-level settings: daily, one run at a time so no two runs write the lake. No catch-up: a first
# deploy (or a DAG paused for a while) must not queue a run per missed day. History, or a gap, is
# loaded by one backfill command instead (docs/production.md): `run` without --dump-date lands
# every dump in the landing zone not ingested yet, in one pass.
DAG_SETTINGS = {
    "schedule": "@daily",
    "catchup": False,
    "max_active_runs": 1,
}


@dataclass(frozen=True)
class Deployment:
    """Where the jobs run and the lake lives (from Airflow Variables in the DAG)."""

    application: str  # the shaded jar, e.g. s3a://bucket/jars/dramalake-jobs-0.1.0.jar or a local path
    landing: str  # s3a://bucket/landing
    lake: str  # s3a://bucket/lake
    conn_id: str = "spark_default"  # Airflow connection holding the master URL and deploy mode
    packages: tuple = PACKAGES  # () when the cluster already has Delta and S3A
    spark_conf: dict = field(default_factory=dict)  # extra spark.* (fs.s3a.endpoint, executor sizes, ...)
    profile: str | None = None  # --conf FILE, a path readable by the driver; None: spark-submit confs only
    # A folder on the Airflow worker (client deploy mode: the driver runs there) for --result-json;
    # the operator pushes each task's result to XCom under "result". None: no result files.
    result_dir: str | None = None


@dataclass(frozen=True)
class TaskSpec:
    """One stage: the arguments of its SparkSubmitOperator."""

    task_id: str
    application_args: list
    conf: dict
    packages: str
    name: str

    def operator_kwargs(self, deployment: Deployment) -> dict:
        return {
            "task_id": self.task_id,
            "application": deployment.application,
            "java_class": MAIN_CLASS,
            "conn_id": deployment.conn_id,
            "name": self.name,
            "conf": dict(self.conf),
            "packages": self.packages or None,
            "application_args": list(self.application_args),
        }


def result_file(deployment: Deployment, task_id: str, dump_date: str):
    """Where a task's --result-json goes, or None."""
    if not deployment.result_dir:
        return None
    return f"{deployment.result_dir.rstrip('/')}/{task_id}-{dump_date}.json"


def _specs(deployment: Deployment, stages: list, dump_date: str) -> list:
    common = ["--conf", deployment.profile] if deployment.profile else []
    conf = dict(SPARK_CONF)
    conf.update(deployment.spark_conf)
    packages = ",".join(deployment.packages)
    specs = []
    for stage, args in stages:
        out = result_file(deployment, stage, dump_date)
        result = ["--result-json", out] if out else []
        specs.append(TaskSpec(task_id=stage, application_args=[stage, *args, *common, *result], conf=conf,
                              packages=packages, name=f"dramalake-{stage}-{dump_date}"))
    return specs


def build_tasks(deployment: Deployment, dump_date: str = DUMP_DATE) -> list:
    """The daily DAG's one task: `run` for the day's dump (exit 75 until it has arrived), see docs/production.md."""
    return _specs(deployment, [
        ("run", ["--landing", deployment.landing, "--lake", deployment.lake, "--dump-date", dump_date]),
    ], dump_date)


def build_stage_tasks(deployment: Deployment, dump_date: str = DUMP_DATE) -> list:
    """The same day as three tasks (ingest, validate, curate), for a team that wants each stage as its own box."""
    return _specs(deployment, [
        ("ingest", ["--landing", deployment.landing, "--lake", deployment.lake, "--dump-date", dump_date]),
        ("validate", ["--lake", deployment.lake, "--dump-date", dump_date]),
        ("curate", ["--lake", deployment.lake]),
    ], dump_date)


# The weekly DAG: table maintenance (compaction, deletion-vector purge, VACUUM keeping 7 days, checkpoint).
# It takes the lake's lock like the daily tasks, so whichever comes second waits (exit 75, retried).
MAINTAIN_SETTINGS = {
    "schedule": "@weekly",
    "catchup": False,
    "max_active_runs": 1,
}


def build_maintain_task(deployment: Deployment, dump_date: str = DUMP_DATE) -> TaskSpec:
    """The weekly maintain task."""
    return _specs(deployment, [("maintain", ["--lake", deployment.lake])], dump_date)[0]


def spark_submit_command(spec: TaskSpec, deployment: Deployment, master: str, deploy_mode: str = "client") -> list:
    """The spark-submit line SparkSubmitOperator runs for a spec (for docs, tests and manual reruns)."""
    cmd = ["spark-submit", "--master", master, "--deploy-mode", deploy_mode, "--name", spec.name]
    for key, value in spec.conf.items():
        cmd += ["--conf", f"{key}={value}"]
    if spec.packages:
        cmd += ["--packages", spec.packages]
    return cmd + ["--class", MAIN_CLASS, deployment.application, *spec.application_args]


# The Spark provider's failure message: spark-submit's return code, and on Kubernetes the driver's.
_K8S_EXIT_CODE = re.compile(r"Kubernetes spark exit code is: (\d+)")
_ERROR_CODE = re.compile(r"Error code is: (\d+)")


def exit_code_of(message: str):
    """The job's exit code in the Spark provider's failure message, or None."""
    for pattern in (_K8S_EXIT_CODE, _ERROR_CODE):
        match = pattern.search(message or "")
        if match:
            return int(match.group(1))
    return None


def failure_is_final(message: str) -> bool:
    """Whether a failed submit is a failed quality check or bad usage: retrying would only repeat it."""
    return exit_code_of(message) in FINAL_EXIT_CODES
