/**
 * The quality record and the run log (docs/data-rules.md, section 5): one class per {@code ops}
 * table, its reads beside its writes, its status values as constants. Tables are declared in
 * {@link io.dramalake.common.lake.LakeTable}.
 */
package io.dramalake.jobs.ops;
