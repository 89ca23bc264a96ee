"""Daily dramalake run (ingest, validate, curate) of the dump dated the run's logical date, as one task.

Install: copy this file and dramalake_tasks.py into the DAGs folder; needs
apache-airflow-providers-apache-spark and a Spark connection (default "spark_default") whose
host is the master (spark://..., yarn, k8s://...), and the Airflow Variables dramalake_jar,
dramalake_landing and dramalake_lake (read when a task runs, not when the DAG is parsed).
Cluster-wide settings such as fs.s3a.endpoint belong in the cluster's spark-defaults.conf.
See docs/production.md.
"""

from __future__ import annotations

import json
import os

import pendulum
from airflow import DAG
from airflow.exceptions import AirflowException, AirflowFailException
from airflow.providers.apache.spark.operators.spark_submit import SparkSubmitOperator

import dramalake_tasks as tasks


class DramalakeSubmitOperator(SparkSubmitOperator):
    """Fails without retrying when the CLI says retrying cannot help (bad usage, a failed quality check).

    With a result file (Deployment.result_dir), pushes the CLI's --result-json to XCom as "result",
    whether the task succeeded or not.
    """

    def __init__(self, *, result_json=None, **kwargs):
        super().__init__(**kwargs)
        self.result_json = result_json

    def execute(self, context):
        try:
            return super().execute(context)
        except AirflowException as e:
            if tasks.failure_is_final(str(e)):
                raise AirflowFailException(f"dramalake exited with code {tasks.exit_code_of(str(e))}: {e}") from e
            raise
        finally:
            self._push_result(context)

    def _push_result(self, context):
        if not self.result_json:
            return
        path = context["task"].render_template(self.result_json, context)
        if os.path.exists(path):
            with open(path, encoding="utf-8") as f:
                context["ti"].xcom_push(key="result", value=json.load(f))


deployment = tasks.Deployment(
    application=tasks.VARIABLE_TEMPLATES["application"],
    landing=tasks.VARIABLE_TEMPLATES["landing"],
    lake=tasks.VARIABLE_TEMPLATES["lake"],
)

with DAG(
    dag_id="dramalake_daily",
    description="Vendor dumps to bronze, silver and gold Delta tables",
    start_date=pendulum.datetime(2025, 1, 1, tz="UTC"),
    default_args=tasks.DEFAULT_ARGS,
    tags=["dramalake"],
    **tasks.DAG_SETTINGS,
) as dag:
    previous = None
    for spec in tasks.build_tasks(deployment):
        operator = DramalakeSubmitOperator(result_json=tasks.result_file(deployment, spec.task_id, tasks.DUMP_DATE),
                                           **spec.operator_kwargs(deployment))
        if previous is not None:
            previous >> operator
        previous = operator

with DAG(
    dag_id="dramalake_weekly_maintain",
    description="Compact, purge deletion vectors, VACUUM (7 days kept) and checkpoint every lake table",
    start_date=pendulum.datetime(2025, 1, 1, tz="UTC"),
    default_args=tasks.DEFAULT_ARGS,
    tags=["dramalake"],
    **tasks.MAINTAIN_SETTINGS,
) as weekly:
    spec = tasks.build_maintain_task(deployment)
    DramalakeSubmitOperator(result_json=tasks.result_file(deployment, spec.task_id, tasks.DUMP_DATE),
                            **spec.operator_kwargs(deployment))
