package io.dramalake.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where the launcher's class-data archive may be written: a JVM that cannot write it exits with 1. */
class ClassArchiveTest {

    @Test
    void writtenOnlyIntoAFolderThatExistsAndWithJarsOnlyOnTheClassPath(@TempDir Path dir) throws Exception {
        Path jar = Files.writeString(dir.resolve("a.jar"), "");
        Path archive = dir.resolve("classes.jsa");
        assertNull(ClassArchive.refusal(archive, jar + File.pathSeparator + jar));
        assertEquals("cannot write to " + dir.resolve("missing"), ClassArchive.refusal(dir.resolve("missing/classes.jsa"),
            jar.toString()));
        Path classes = Files.createDirectories(dir.resolve("classes"));
        assertEquals("a folder is on the class path (" + classes + "), which the JVM cannot archive",
            ClassArchive.refusal(archive, jar + File.pathSeparator + classes));
    }
}
