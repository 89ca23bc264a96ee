/**
 * Landing to bronze (docs/data-rules.md, sections 1 and 2): every landed file is read once and
 * each of its records lands as raw text with its audit columns in {@code bronze.app_intel},
 * {@code bronze.apps} or {@code bronze.ad_creatives}; the files read are logged in
 * {@code ops.ingested_files}. Tables are declared in {@link io.dramalake.common.lake.LakeTable}.
 */
package io.dramalake.jobs.ingest;
