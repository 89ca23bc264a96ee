package io.dramalake.common.lake;

import java.io.IOException;
import java.io.Serializable;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;

/** A lake root (local path or any Hadoop URI such as {@code s3a://bucket/lake}) and where each table lives in it. */
public final class Lake implements Serializable {

    private final String root;

    public Lake(String root) {
        String r = root.trim();
        while (r.length() > 1 && r.endsWith("/") && !r.endsWith("://")) {
            r = r.substring(0, r.length() - 1);
        }
        this.root = r;
    }

    public String root() {
        return root;
    }

    public String path(LakeTable table) {
        return root + "/" + table.database() + "/" + table.table();
    }

    /** Whether the table has a Delta log, i.e. has been written at least once. */
    public boolean exists(SparkSession spark, LakeTable table) {
        Path log = new Path(path(table), "_delta_log");
        try {
            FileSystem fs = log.getFileSystem(spark.sparkContext().hadoopConfiguration());
            return fs.exists(log);
        } catch (IOException e) {
            throw new LakeAccessException("cannot read the lake at " + root + ": " + e.getMessage(), e);
        }
    }

    /**
     * The one entry into a lake: {@code create} makes the root when it is missing (the commands
     * that land data), otherwise a missing root is a clear error (the commands that read or
     * refine what is there).
     */
    public void open(Configuration hadoop, boolean create) {
        if (create) {
            ensureReachable(hadoop);
            return;
        }
        Path p = new Path(root);
        try {
            if (!p.getFileSystem(hadoop).exists(p)) {
                throw new LakeAccessException("no lake at " + root);
            }
        } catch (IOException e) {
            throw new LakeAccessException("cannot reach " + root + ": " + e.getMessage(), e);
        }
    }

    /** Fails with a clear message when the lake root cannot be created or reached. */
    public void ensureReachable(Configuration hadoop) {
        Path p = new Path(root);
        try {
            FileSystem fs = p.getFileSystem(hadoop);
            if (!fs.exists(p) && !fs.mkdirs(p)) {
                throw new LakeAccessException("cannot create the lake directory " + root);
            }
            if (!fs.getFileStatus(p).isDirectory()) {
                throw new LakeAccessException("the lake path " + root + " is not a directory");
            }
        } catch (IOException e) {
            throw new LakeAccessException("cannot reach the lake at " + root + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return root;
    }
}
