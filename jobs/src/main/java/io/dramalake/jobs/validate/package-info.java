/**
 * Bronze to silver (docs/data-rules.md, sections 3.1 to 3.3 and 5): records are conformed by the
 * {@code common.contract} conformers, rejects go to {@code silver.quarantine} with their reason,
 * the rest are merged by key into {@code silver.app_intel_daily}, {@code silver.apps} and
 * {@code silver.ad_creatives} and verified with Deequ; the run's counts go to
 * {@code ops.row_accounting}, its verdicts to {@code ops.quality_results} and the files it
 * finished to {@code ops.validated_files}. Tables are declared in
 * {@link io.dramalake.common.lake.LakeTable}.
 */
package io.dramalake.jobs.validate;
