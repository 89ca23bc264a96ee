/**
 * Silver to gold (docs/data-rules.md, sections 3.4 and 4): apps are resolved against
 * {@code silver.apps} ({@link io.dramalake.jobs.curate.AppResolution}) and the gold tables
 * {@code gold.download_volume}, {@code gold.iap_share_by_origin} and {@code gold.ad_material_counts}
 * computed ({@link io.dramalake.jobs.curate.GoldTables}), verified, and published only when no
 * error-severity check failed. Tables and their grains are declared in
 * {@link io.dramalake.common.lake.LakeTable}.
 */
package io.dramalake.jobs.curate;
