package dev.subsentinel.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The layout bin/sam-build-layout and the runtime harness share: classes at the root, jars in lib/, zipped. */
class SamBuildLayoutTest {

    @TempDir
    Path dir;

    @Test
    void layOut_classesAndJars_rootAndLibZippedAndReported() throws IOException {
        Path classes = Files.createDirectories(dir.resolve("classes/dev/subsentinel"));
        Files.writeString(classes.resolve("A.class"), "a".repeat(1000));
        Path dependencies = Files.createDirectories(dir.resolve("dependency"));
        Files.writeString(dependencies.resolve("small.jar"), "s".repeat(10));
        Files.writeString(dependencies.resolve("large.jar"), "l".repeat(2_000_000));
        Path stale = Files.createDirectories(dir.resolve("out/old"));
        Files.writeString(stale.resolve("gone.txt"), "x");

        Path folder = SamBuildLayout.layOut(dir.resolve("classes"), dependencies, dir.resolve("out"));
        Path zip = SamBuildLayout.zip(folder, dir.resolve("out.zip"));

        assertThat(folder.resolve("dev/subsentinel/A.class")).exists();
        assertThat(folder.resolve("lib/large.jar")).exists();
        assertThat(folder.resolve("old")).doesNotExist();
        assertThat(entries(zip)).containsExactly("dev/subsentinel/A.class", "lib/large.jar", "lib/small.jar");
        assertThat(SamBuildLayout.report(folder, zip)).contains(
                "unzipped:  2,001,010 bytes (2.0 MB) in 3 files",
                "lib/:      2 jars, 2.0 MB; classes and resources 0.0 MB",
                "largest jars:", "    2.00 MB  large.jar", "    0.00 MB  small.jar");
    }

    private static List<String> entries(Path zip) throws IOException {
        List<String> names = new ArrayList<>();
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
            for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                names.add(entry.getName());
            }
        }
        return names;
    }
}
