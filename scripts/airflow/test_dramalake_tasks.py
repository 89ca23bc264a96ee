"""Checks the daily DAG's task arguments with the real CLI (standard library only).

Every argument list the builder produces is rendered as Airflow would and passed to the shaded
jar's --dry-run, which parses and validates it and exits. Needs the project built
(mvn package): run by the Maven integration test AirflowDagIT, or directly:
    python3 scripts/airflow/test_dramalake_tasks.py   (exits non-zero on failure)
"""

import ast
import glob
import os
import re
import shutil
import subprocess
import sys
import unittest
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
sys.path.insert(0, str(HERE))

import dramalake_tasks as tasks  # noqa: E402

VARIABLES = {
    "dramalake_jar": "/opt/dramalake/dramalake-jobs.jar",
    "dramalake_landing": "s3a://vendor-drops/landing",
    "dramalake_lake": "s3a://analytics/lake",
}
DATES = ["2025-03-02", "2024-12-31"]
EXIT_USAGE = 64


def render(value, ds):
    """The subset of Airflow's Jinja rendering the DAG uses: {{ ds }} and {{ var.value.NAME }}."""
    out = value.replace("{{ ds }}", ds)
    out = re.sub(r"\{\{ var\.value\.(\w+) \}\}", lambda m: VARIABLES[m.group(1)], out)
    if "{{" in out:
        raise AssertionError(f"unrendered template in {value!r}")
    return out


def java():
    home = os.environ.get("JAVA_HOME")
    candidate = os.path.join(home, "bin", "java") if home else shutil.which("java")
    if not candidate:
        raise unittest.SkipTest("no java")
    return candidate


def classpath():
    jars = [j for j in glob.glob(str(ROOT / "jobs" / "target" / "dramalake-jobs-*.jar"))
            if "original" not in j and "sources" not in j]
    cp_file = ROOT / "jobs" / "target" / "launcher-classpath.txt"
    if not jars or not cp_file.exists():
        raise AssertionError("build the project first (mvn -B package): no shaded jar or launcher classpath")
    return os.pathsep.join([jars[0], cp_file.read_text().strip()])


def run_java(main_and_args):
    cmd = [java(), "-Xmx512m", "@" + str(ROOT / "conf" / "spark-jvm.args"), "-cp", classpath(), *main_and_args]
    env = dict(os.environ, SPARK_LOCAL_IP="127.0.0.1")
    return subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)


def dry_run(args):
    return run_java(["io.dramalake.jobs.Main", *args, "--dry-run"])


class BuilderTest(unittest.TestCase):

    def test_builder_does_not_import_airflow(self):
        tree = ast.parse((HERE / "dramalake_tasks.py").read_text())
        imported = {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}
        imported |= {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
        self.assertFalse([m for m in imported if m and m.split(".")[0] == "airflow"], imported)
        self.assertNotIn("airflow", sys.modules)

    def test_the_daily_dag_is_one_run_task_with_the_logical_date(self):
        specs = tasks.build_tasks(tasks.Deployment(application="app.jar", landing="s3a://l", lake="s3a://k"))
        self.assertEqual(["run"], [s.task_id for s in specs])
        self.assertEqual(["run", "--landing", "s3a://l", "--lake", "s3a://k", "--dump-date", "{{ ds }}"],
                         specs[0].application_args)

    def test_or_one_task_per_stage_in_order_with_the_logical_date(self):
        specs = tasks.build_stage_tasks(tasks.Deployment(application="app.jar", landing="s3a://l", lake="s3a://k"))
        self.assertEqual(["ingest", "validate", "curate"], [s.task_id for s in specs])
        self.assertEqual(["ingest", "--landing", "s3a://l", "--lake", "s3a://k", "--dump-date", "{{ ds }}"],
                         specs[0].application_args)
        self.assertEqual(["validate", "--lake", "s3a://k", "--dump-date", "{{ ds }}"], specs[1].application_args)
        self.assertEqual(["curate", "--lake", "s3a://k"], specs[2].application_args)
        kwargs = specs[0].operator_kwargs(tasks.Deployment(application="app.jar", landing="l", lake="k"))
        self.assertEqual("io.dramalake.jobs.Main", kwargs["java_class"])
        self.assertEqual("io.delta:delta-spark_2.12:3.3.2,org.apache.hadoop:hadoop-aws:3.3.4,"
                         "com.amazonaws:aws-java-sdk-bundle:1.12.262", kwargs["packages"])
        self.assertEqual("io.delta.storage.S3SingleDriverLogStore", kwargs["conf"]["spark.delta.logStore.s3a.impl"])

    def test_schedule_retries_catchup_and_one_run_at_a_time(self):
        self.assertEqual({"schedule": "@daily", "catchup": False, "max_active_runs": 1}, tasks.DAG_SETTINGS)
        self.assertGreaterEqual(tasks.DEFAULT_ARGS["retries"], 1)
        self.assertTrue(tasks.DEFAULT_ARGS["retry_exponential_backoff"])
        self.assertGreater(tasks.DEFAULT_ARGS["max_retry_delay"], tasks.DEFAULT_ARGS["retry_delay"])

    def test_weekly_maintain_and_result_files(self):
        d = tasks.Deployment(application="app.jar", landing="s3a://l", lake="s3a://k")
        self.assertEqual(["maintain", "--lake", "s3a://k"], tasks.build_maintain_task(d).application_args)
        self.assertEqual({"schedule": "@weekly", "catchup": False, "max_active_runs": 1}, tasks.MAINTAIN_SETTINGS)
        self.assertIsNone(tasks.result_file(d, "ingest", "2025-03-02"))
        with_results = tasks.Deployment(application="app.jar", landing="s3a://l", lake="s3a://k",
                                        result_dir="/var/dramalake/results/")
        specs = tasks.build_tasks(with_results, "2025-03-02")
        self.assertEqual(["run", "--landing", "s3a://l", "--lake", "s3a://k", "--dump-date", "2025-03-02",
                          "--result-json", "/var/dramalake/results/run-2025-03-02.json"], specs[0].application_args)
        specs = tasks.build_stage_tasks(with_results, "2025-03-02")
        self.assertEqual(["curate", "--lake", "s3a://k", "--result-json", "/var/dramalake/results/curate-2025-03-02.json"],
                         specs[2].application_args)

    def test_a_late_dump_is_retried_with_back_off_for_hours(self):
        msg = "Cannot execute: spark-submit ... ingest. Error code is: {}."
        self.assertEqual(75, tasks.EXIT_DUMP_NOT_ARRIVED)
        self.assertFalse(tasks.failure_is_final(msg.format(tasks.EXIT_DUMP_NOT_ARRIVED)))
        waits, delay = [], tasks.DEFAULT_ARGS["retry_delay"]
        for _ in range(tasks.DEFAULT_ARGS["retries"]):
            waits.append(min(delay, tasks.DEFAULT_ARGS["max_retry_delay"]))
            delay *= 2
        self.assertGreaterEqual(sum(w.total_seconds() for w in waits), 3 * 3600)

    def test_quality_failure_and_bad_usage_are_final_other_failures_retry(self):
        msg = "Cannot execute: spark-submit --master yarn ... run. Error code is: {}."
        self.assertTrue(tasks.failure_is_final(msg.format(65)))
        self.assertTrue(tasks.failure_is_final(msg.format(64)))
        self.assertFalse(tasks.failure_is_final(msg.format(66)))
        self.assertFalse(tasks.failure_is_final(msg.format(70)))
        self.assertFalse(tasks.failure_is_final(msg.format(tasks.EXIT_LAKE_BUSY)), "a busy lake is retried")
        self.assertFalse(tasks.failure_is_final(msg.format(1)))
        self.assertFalse(tasks.failure_is_final("driver pod was evicted"))
        k8s = "Cannot execute: spark-submit ... Error code is: 0. Kubernetes spark exit code is: {}"
        self.assertTrue(tasks.failure_is_final(k8s.format(65)))
        self.assertFalse(tasks.failure_is_final(k8s.format(70)))

    def test_dag_file_wires_the_builder_into_spark_submit_operators(self):
        source = (HERE / "dramalake_daily.py").read_text()
        tree = ast.parse(source)
        froms = {(n.module, a.name) for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) for a in n.names}
        self.assertIn(("airflow.providers.apache.spark.operators.spark_submit", "SparkSubmitOperator"), froms)
        dag_calls = [n for n in ast.walk(tree) if isinstance(n, ast.Call) and getattr(n.func, "id", "") == "DAG"]
        self.assertEqual(2, len(dag_calls), "the daily DAG and the weekly maintain DAG")
        spread = [[ast.unparse(k.value) for k in call.keywords if k.arg is None] for call in dag_calls]
        self.assertEqual([["tasks.DAG_SETTINGS"], ["tasks.MAINTAIN_SETTINGS"]], spread)
        self.assertIn("tasks.build_maintain_task(deployment)", source)
        self.assertIn("default_args=tasks.DEFAULT_ARGS", source)
        self.assertIn("tasks.build_tasks(deployment)", source)
        self.assertIn("previous >> operator", source)


class CliDryRunTest(unittest.TestCase):
    """The argument lists, rendered for several logical dates, through the real CLI."""

    deployments = {
        "variables": tasks.Deployment(application=tasks.VARIABLE_TEMPLATES["application"],
                                      landing=tasks.VARIABLE_TEMPLATES["landing"],
                                      lake=tasks.VARIABLE_TEMPLATES["lake"]),
        "profile": tasks.Deployment(application="dramalake-jobs.jar", landing="s3a://b/landing",
                                    lake="s3a://b/lake", profile="conf/cluster.properties"),
    }

    def test_every_argument_list_passes_the_dry_run(self):
        checked = 0
        for label, deployment in self.deployments.items():
            for ds in DATES:
                for spec in tasks.build_tasks(deployment) + tasks.build_stage_tasks(deployment):
                    args = [render(a, ds) for a in spec.application_args]
                    with self.subTest(deployment=label, ds=ds, task=spec.task_id):
                        result = dry_run(args)
                        self.assertEqual(0, result.returncode, f"{args}\n{result.stdout}\n{result.stderr}")
                        self.assertIn(f"dry run: dramalake {spec.task_id}", result.stdout)
                        if spec.task_id != "curate":
                            self.assertIn(ds, result.stdout)
                        checked += 1
        self.assertEqual(len(self.deployments) * len(DATES) * 4, checked)
        for label, deployment in self.deployments.items():
            args = [render(a, DATES[0]) for a in tasks.build_maintain_task(deployment).application_args]
            with self.subTest(deployment=label, task="maintain"):
                result = dry_run(args)
                self.assertEqual(0, result.returncode, f"{args}\n{result.stdout}\n{result.stderr}")
                self.assertIn("dry run: dramalake maintain", result.stdout)
        results = tasks.Deployment(application="a.jar", landing="s3a://l", lake="s3a://k", result_dir="/tmp/r")
        for spec in tasks.build_tasks(results) + tasks.build_stage_tasks(results):
            args = [render(a, DATES[0]) for a in spec.application_args]
            with self.subTest(deployment="result_dir", task=spec.task_id):
                result = dry_run(args)
                self.assertEqual(0, result.returncode, f"{args}\n{result.stdout}\n{result.stderr}")

    def test_the_dry_run_rejects_what_the_job_would_reject(self):
        # Guards the test above: a dry run that accepted anything would prove nothing.
        bad_date = dry_run(["ingest", "--landing", "s3a://l", "--lake", "s3a://k", "--dump-date", "2025-02-30"])
        self.assertEqual(EXIT_USAGE, bad_date.returncode, bad_date.stderr)
        unrendered = dry_run(["validate", "--lake", "s3a://k", "--dump-date", "{{ ds }}"])
        self.assertEqual(EXIT_USAGE, unrendered.returncode, unrendered.stderr)
        no_lake = dry_run(["curate"])
        self.assertEqual(EXIT_USAGE, no_lake.returncode, no_lake.stderr)

    def test_whole_spark_submit_lines_reach_the_cli(self):
        deployment = tasks.Deployment(application=str(Path(classpath().split(os.pathsep)[0])),
                                      landing="s3a://b/landing", lake="s3a://b/lake")
        for spec in tasks.build_tasks(deployment):
            line = tasks.spark_submit_command(spec, deployment, master="local[1]")
            self.assertEqual("spark-submit", line[0])
            # The launcher classpath already holds the packages; resolving them would need Ivy and the network.
            i = line.index("--packages")
            del line[i:i + 2]
            args = [render(a, DATES[0]) for a in line[1:]] + ["--dry-run"]
            with self.subTest(task=spec.task_id):
                result = run_java(["org.apache.spark.deploy.SparkSubmit", *args])
                self.assertEqual(0, result.returncode, f"{args}\n{result.stdout}\n{result.stderr}")
                self.assertIn(f"dry run: dramalake {spec.task_id}", result.stdout)
                self.assertIn("master: (from spark-submit)", result.stdout)


if __name__ == "__main__":
    unittest.main(verbosity=2)
