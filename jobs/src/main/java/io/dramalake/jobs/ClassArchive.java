package io.dramalake.jobs;

import java.io.File;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.management.ObjectName;

/**
 * The launcher's class-data archive (scripts/dramalake), written by the JVM itself once a command
 * succeeded. The JVM exits with 1 when it cannot write one (no room, no folder, a folder on the class
 * path), whatever the command did: so the archive is asked for only where it can be written, and
 * never at exit, where a failure would replace the command's exit code.
 */
final class ClassArchive {

    /** Where the launcher has the JVM write it, under a name of its own; unset: no archive wanted. */
    static final String PROPERTY = "dramalake.classArchive";
    /** The archive of a daily run is about 130 MB; this leaves room for the lake's own writes. */
    static final long ROOM_NEEDED = 1L << 30;

    private ClassArchive() {
    }

    /**
     * Writes the archive the launcher asked for and marks it as worth keeping ({@code <file>.ok}); prints
     * one line when it may not be written here. Nothing else depends on it: the launcher drops an
     * archive without its mark.
     */
    static void write() {
        String archive = System.getProperty(PROPERTY);
        if (archive == null) {
            return;
        }
        Path file = Path.of(archive).toAbsolutePath();
        String refusal = refusal(file, System.getProperty("java.class.path", ""));
        if (refusal != null) {
            System.err.println("dramalake: no class-data archive written: " + refusal);
            return;
        }
        // The JDK announces the dump on System.out, which carries the command's output.
        java.io.PrintStream out = System.out;
        System.setOut(System.err);
        try {
            ManagementFactory.getPlatformMBeanServer().invoke(new ObjectName("com.sun.management:type=DiagnosticCommand"),
                "vmCds", new Object[] {new String[] {"dynamic_dump", file.toString()}},
                new String[] {String[].class.getName()});
            if (Files.isRegularFile(file) && Files.size(file) > 0) {
                Files.writeString(Path.of(file + ".ok"), "");
            }
        } catch (Exception e) {
            // Without the mark the launcher drops whatever was written.
        } finally {
            System.setOut(out);
        }
    }

    /** Why an archive may not be written at {@code file} with this class path, or null when it may. */
    static String refusal(Path file, String classPath) {
        for (String entry : classPath.split(File.pathSeparator)) {
            if (!entry.isEmpty() && Files.isDirectory(Path.of(entry))) {
                return "a folder is on the class path (" + entry + "), which the JVM cannot archive";
            }
        }
        Path folder = file.getParent();
        if (folder == null || !Files.isDirectory(folder) || !Files.isWritable(folder)) {
            return "cannot write to " + folder;
        }
        try {
            long free = Files.getFileStore(folder).getUsableSpace();
            if (free < ROOM_NEEDED) {
                return "only " + (free >> 20) + " MiB free in " + folder + ", it needs " + (ROOM_NEEDED >> 20);
            }
        } catch (java.io.IOException e) {
            return "cannot tell the free space in " + folder;
        }
        return null;
    }
}
