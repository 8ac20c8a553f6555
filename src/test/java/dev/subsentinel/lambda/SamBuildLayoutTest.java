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
        Files.writeString(Files.createDirectories(classes.resolve("cli")).resolve("Main.class"), "m");
        Files.writeString(Files.createDirectories(classes.resolve("client")).resolve("C.class"), "c".repeat(9));
        Files.writeString(dir.resolve("classes/log4j2-cli.xml"), "<Configuration/>");
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
        assertThat(folder.resolve("dev/subsentinel/cli")).as("the command line's classes").doesNotExist();
        assertThat(entries(zip)).containsExactly("dev/subsentinel/A.class", "dev/subsentinel/client/C.class",
                "lib/large.jar", "lib/small.jar");
        assertThat(SamBuildLayout.report(folder, zip)).contains(
                "unzipped:  2,001,019 bytes (2.0 MB) in 4 files",
                "lib/:      2 jars, 2.0 MB; classes and resources 0.0 MB",
                "largest jars:", "    2.00 MB  large.jar", "    0.00 MB  small.jar");
    }

    @Test
    void commandLineOnly_isWhatThePomLeavesOutOfSamBuild() throws IOException {
        String pom = Files.readString(Path.of("pom.xml"));
        java.util.regex.Matcher property = java.util.regex.Pattern.compile(
                "<lambda.commandLineOnly>([^<]+)</lambda.commandLineOnly>").matcher(pom);

        assertThat(property.find()).isTrue();
        assertThat(List.of(property.group(1).split(","))).isEqualTo(SamBuildLayout.COMMAND_LINE_ONLY);
        for (String pattern : SamBuildLayout.COMMAND_LINE_ONLY) {
            assertThat(pom).as("profile sam-build leaves %s out", pattern)
                    .contains("<exclude>" + pattern + "</exclude>");
        }
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
