package dev.subsentinel.lambda;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
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
 * {@code target/lambda-local/dependency}, where the pom's {@code shrink-aws-sdk} execution has put the shrunk AWS SDK
 * service modules (sam build: both into {@code target/dependency}).
 *
 * <p>{@code bin/sam-build-layout} uses the same layout, zip and figures ({@link #main}, run as a single source file),
 * but after Maven steps of its own: the whole {@code sam build} (a copy of the project without {@code .git}, then
 * {@code mvn clean install} and the dependency copy), because it measures the artifact {@code sam build} uploads; the
 * tests and {@code bin/lambda-local} lay out what the working tree's build already compiled, in seconds.
 */
public final class SamBuildLayout {

    /** Where the pom copies the runtime dependencies. */
    public static final Path DEPENDENCIES = Path.of("target", "lambda-local", "dependency");
    /** Where the pom copies the runtime's own jars (the java21 runtime's /var/runtime/lib). */
    public static final Path RUNTIME = Path.of("target", "lambda-local", "runtime");
    /** Where the functions are laid out, one folder per logical id (sam build: .aws-sam/build). */
    public static final Path BUILD = Path.of("target", "lambda-local", "build");

    /**
     * What of {@code target/classes} is the command line's alone, as {@code pom.xml}'s {@code lambda.commandLineOnly}
     * lists it: sam build does not compile it into the artifact (profile {@code sam-build}), so the layout leaves it
     * out too.
     */
    public static final List<String> COMMAND_LINE_ONLY = List.of("dev/subsentinel/cli/**", "dev/subsentinel/apply/**",
            "dev/subsentinel/report/**", "log4j2-cli.xml");

    private SamBuildLayout() {
    }

    /**
     * {@code SamBuildLayout CLASSES DEPENDENCIES OUT}: lays out {@code CLASSES} and the jars in {@code DEPENDENCIES}
     * into {@code OUT}, zips it as {@code OUT.zip} and prints what the artifact holds.
     */
    public static void main(String[] args) throws IOException {
        if (args.length != 3) {
            System.err.println("usage: SamBuildLayout CLASSES DEPENDENCIES OUT");
            System.exit(2);
        }
        Path folder = layOut(Path.of(args[0]), Path.of(args[1]), Path.of(args[2]));
        Path zip = zip(folder, Path.of(args[2] + ".zip"));
        report(folder, zip).forEach(System.out::println);
    }

    /** What an artifact holds: its size unzipped and zipped, its jars, the largest of them. */
    static List<String> report(Path folder, Path zip) throws IOException {
        List<Path> files;
        try (Stream<Path> all = Files.walk(folder)) {
            files = all.filter(Files::isRegularFile).toList();
        }
        List<Path> jars = jars(folder).stream().sorted(Comparator.comparingLong(SamBuildLayout::bytes).reversed()
                .thenComparing(Path::getFileName)).toList();
        long size = size(folder);
        long jarBytes = jars.stream().mapToLong(SamBuildLayout::bytes).sum();
        List<String> lines = new ArrayList<>();
        lines.add("artifact:  " + folder);
        long zipped = Files.size(zip);
        lines.add(String.format(Locale.ROOT, "unzipped:  %,d bytes (%.1f MB) in %d files", size, size / 1e6,
                files.size()));
        lines.add(String.format(Locale.ROOT, "zipped:    %,d bytes (%.1f MiB)", zipped, zipped / 1048576.0));
        lines.add(String.format(Locale.ROOT, "lib/:      %d jars, %.1f MB; classes and resources %.1f MB",
                jars.size(), jarBytes / 1e6, (size - jarBytes) / 1e6));
        lines.add("largest jars:");
        jars.stream().limit(12).forEach(jar -> lines.add(String.format(Locale.ROOT, "  %6.2f MB  %s",
                bytes(jar) / 1e6, jar.getFileName())));
        return lines;
    }

    /** The jars in a layout's {@code lib/}. */
    static List<Path> jars(Path folder) throws IOException {
        Path lib = folder.resolve("lib");
        if (!Files.isDirectory(lib)) {
            return List.of();
        }
        try (Stream<Path> all = Files.list(lib)) {
            return all.filter(p -> p.toString().endsWith(".jar")).sorted().toList();
        }
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
        copyTree(classes, folder, SamBuildLayout::commandLineOnly);
        copyTree(dependencies, folder.resolve("lib"), path -> false);
        return folder;
    }

    /** Whether a path of {@code target/classes} (relative, with '/') is the command line's alone. */
    static boolean commandLineOnly(String relative) {
        for (String pattern : COMMAND_LINE_ONLY) {
            if (pattern.endsWith("/**") ? (relative + "/").startsWith(pattern.substring(0, pattern.length() - 2))
                    : relative.equals(pattern)) {
                return true;
            }
        }
        return false;
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
            return files.filter(Files::isRegularFile).mapToLong(SamBuildLayout::bytes).sum();
        }
    }

    private static long bytes(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
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

    private static void copyTree(Path from, Path to, java.util.function.Predicate<String> leftOut)
            throws IOException {
        Files.walkFileTree(from, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                String relative = from.relativize(dir).toString().replace('\\', '/');
                if (!relative.isEmpty() && leftOut.test(relative)) {
                    return FileVisitResult.SKIP_SUBTREE;
                }
                Files.createDirectories(to.resolve(relative));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                String relative = from.relativize(file).toString().replace('\\', '/');
                if (!leftOut.test(relative)) {
                    Files.copy(file, to.resolve(relative), StandardCopyOption.REPLACE_EXISTING);
                }
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
