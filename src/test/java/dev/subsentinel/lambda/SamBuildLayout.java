package dev.subsentinel.lambda;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Lays out a function as {@code sam build} does for a java21 Maven function (aws-lambda-builders, workflow
 * {@code java_maven}: {@code JavaMavenBuildAction} runs {@code mvn clean install},
 * {@code JavaMavenCopyDependencyAction} runs
 * {@code mvn dependency:copy-dependencies -DincludeScope=runtime -Dmdep.prependGroupId=true}, and
 * {@code JavaMavenCopyArtifactsAction} copies {@code target/classes} to the artifact's root and
 * {@code target/dependency} to its {@code lib/}): the compiled classes and resources at the root, every runtime
 * dependency jar in {@code lib/}, no shaded jar. The build itself is Maven's ({@code target/classes}); the dependency
 * copy is the pom's {@code lambda-layout-dependencies} execution with the same options, into
 * {@code target/lambda-local/dependency}.
 */
public final class SamBuildLayout {

    /** Where the pom copies the runtime dependencies. */
    public static final Path DEPENDENCIES = Path.of("target", "lambda-local", "dependency");
    /** Where the pom copies the runtime's own jars (the java21 runtime's /var/runtime/lib). */
    public static final Path RUNTIME = Path.of("target", "lambda-local", "runtime");
    /** Where the functions are laid out, one folder per logical id (sam build: .aws-sam/build). */
    public static final Path BUILD = Path.of("target", "lambda-local", "build");

    private SamBuildLayout() {
    }

    /**
     * Lays out a function (replacing an earlier layout).
     *
     * @return the function's folder, {@code BUILD/<logicalId>} (its LAMBDA_TASK_ROOT)
     */
    public static Path layOut(String logicalId) throws IOException {
        return layOut(Path.of("target", "classes"), DEPENDENCIES, BUILD.resolve(logicalId));
    }

    /** Lays out classes and dependency jars into {@code folder}. */
    public static Path layOut(Path classes, Path dependencies, Path folder) throws IOException {
        if (!Files.isDirectory(classes) || !Files.isDirectory(dependencies)) {
            throw new IOException("build first: " + classes + " and " + dependencies + " are made by"
                    + " 'mvn -DskipTests process-test-classes'");
        }
        delete(folder);
        copyTree(classes, folder);
        copyTree(dependencies, folder.resolve("lib"));
        return folder;
    }

    /** The runtime's class path: its jars, as the java21 runtime's {@code -classpath}. */
    public static String runtimeClassPath() throws IOException {
        try (Stream<Path> jars = Files.list(RUNTIME)) {
            return jars.filter(p -> p.toString().endsWith(".jar")).sorted()
                    .map(p -> p.toAbsolutePath().toString())
                    .reduce((a, b) -> a + java.io.File.pathSeparator + b)
                    .orElseThrow(() -> new IOException("no runtime jars in " + RUNTIME));
        }
    }

    /** The bytes of every file under a folder. */
    public static long size(Path folder) throws IOException {
        try (Stream<Path> files = Files.walk(folder)) {
            return files.filter(Files::isRegularFile).mapToLong(p -> {
                try {
                    return Files.size(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).sum();
        }
    }

    /** Zips a folder as {@code sam package} uploads it (deflated, paths relative to the folder). */
    public static Path zip(Path folder, Path zip) throws IOException {
        Files.createDirectories(zip.toAbsolutePath().getParent());
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip));
                Stream<Path> files = Files.walk(folder)) {
            for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile).sorted()::iterator) {
                out.putNextEntry(new ZipEntry(folder.relativize(file).toString().replace('\\', '/')));
                Files.copy(file, out);
                out.closeEntry();
            }
        }
        return zip;
    }

    private static void copyTree(Path from, Path to) throws IOException {
        Files.walkFileTree(from, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                Files.createDirectories(to.resolve(from.relativize(dir).toString()));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.copy(file, to.resolve(from.relativize(file).toString()), StandardCopyOption.REPLACE_EXISTING);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    private static void delete(Path folder) throws IOException {
        if (!Files.exists(folder)) {
            return;
        }
        try (Stream<Path> files = Files.walk(folder)) {
            for (Path path : (Iterable<Path>) files.sorted((a, b) -> b.getNameCount() - a.getNameCount())::iterator) {
                Files.delete(path);
            }
        }
    }
}
