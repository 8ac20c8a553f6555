import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * Shrinks the AWS SDK service modules the Lambda functions call to what they use, for the {@code sam build} artifact
 * (issue 16: the artifact was 74.6 MB, 59.3 MB of it twelve whole service modules, of whose 17 to 749 operations the
 * functions send 1 to 17). Run by the build ({@code pom.xml}, {@code shrink-aws-sdk}) on the JDK that runs Maven, with
 * ProGuard on the class path (ProGuard 7.8.2 reads class files up to Java 25, so that JDK must be 21 to 25):
 *
 * <pre>
 * ShrinkAwsSdk --classes target/classes --classpath RUNTIME_CLASSPATH --services ec2,ssm,... \
 *              --exclude dev/subsentinel/cli/**,... --out JAR --work DIR --source src/build/ShrinkAwsSdk.java
 * </pre>
 *
 * <p>ProGuard alone keeps too much here: its shrinker resolves a virtual call by the class hierarchy, so the SDK core's
 * calls to {@code SdkRequest.toBuilder()} keep every request class of every operation, and with it every shape those
 * requests reach (EC2: 5,019 classes of 12,591). So it runs twice:
 * <ol>
 *   <li>pass 1 keeps the Sentinel's classes whole and shrinks the service modules; the operations it kept are those
 *       whose request marshaller survived (a marshaller is reached only from the client method that sends it);</li>
 *   <li>pass 2 runs on copies of the modules without the request, response, marshaller and paginator classes of the
 *       other operations. Such a request class cannot be instantiated: only its builder makes it, and nothing kept
 *       calls that builder;</li>
 *   <li>a check reads the result as a program against the other runtime jars and the JDK, without ignoring any
 *       warning: a class or member that kept code refers to but the result lacks fails the build, naming it.</li>
 * </ol>
 * Nothing is obfuscated or optimised: what is kept is the SDK's own bytecode (ProGuard recomputes its stack map
 * frames, which the JVM verifies). The STS module is not shrunk (the SDK's
 * credential providers load its classes by name) and neither is any jar not named in {@code --services}.
 */
public final class ShrinkAwsSdk {

    private static final int NEWEST_JDK = 25;
    private static final Pattern MARSHALLER = Pattern.compile(".*/transform/(\\w+)RequestMarshaller\\.class");
    private static final String SERVICES = "software/amazon/awssdk/services/";
    private static final Pattern MODEL = Pattern.compile(".*/model/(\\w+?)(?:Request|Response)(?:\\$.*)?\\.class");
    private static final Pattern PAGINATOR = Pattern.compile(
            ".*/paginators/(\\w+?)(?:Iterable|Publisher)(?:\\$.*)?\\.class");
    private static final String RULES = """
            -dontoptimize
            -dontnote
            # Nothing is renamed (the obfuscation step runs only to drop the attributes below; the mapping it prints
            # is checked to be the identity). Local variable tables serve debuggers only: line numbers are kept.
            -keepnames class ** { *; }
            -keepattributes !LocalVariableTable,!LocalVariableTypeTable,*
            # The Sentinel's classes are shipped as compiled: everything they refer to is used.
            -keep class dev.subsentinel.** { *; }
            # The SDK loads execution interceptors by name (execution.interceptors resources).
            -keep class * implements software.amazon.awssdk.core.interceptor.ExecutionInterceptor { *; }
            # EnumSet, EnumMap and Enum.valueOf reach an enum's constants by reflection.
            -keepclassmembers enum * { public static **[] values(); public static ** valueOf(java.lang.String); }
            """;

    private final Path classes;
    private final List<Path> libraries = new ArrayList<>();
    private final Map<String, Path> services = new LinkedHashMap<>();
    private final Path out;
    private final Path work;
    private final Path source;
    private final List<String> excluded;

    private ShrinkAwsSdk(Map<String, String> options) {
        classes = Path.of(required(options, "--classes"));
        out = Path.of(required(options, "--out"));
        work = Path.of(required(options, "--work"));
        source = Path.of(required(options, "--source"));
        excluded = List.of(required(options, "--exclude").split(","));
        Set<String> wanted = new TreeSet<>(List.of(required(options, "--services").split(",")));
        for (String entry : required(options, "--classpath").split(java.io.File.pathSeparator)) {
            Path path = Path.of(entry);
            String service = serviceOf(path, wanted);
            if (service != null) {
                services.put(service, path);
            } else if (!entry.isBlank() && !path.toAbsolutePath().equals(classes.toAbsolutePath())) {
                libraries.add(path);
            }
        }
        Set<String> missing = new TreeSet<>(wanted);
        missing.removeAll(services.keySet());
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("--services names " + missing
                    + ", which is not a software.amazon.awssdk jar on --classpath");
        }
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i], args[i + 1]);
        }
        if (args.length % 2 != 0 || options.size() != 7) {
            System.err.println("usage: ShrinkAwsSdk --classes DIR --classpath CLASSPATH --services a,b,... "
                    + "--exclude CLASS_PATTERNS --out JAR --work DIR --source THIS_FILE");
            System.exit(2);
        }
        new ShrinkAwsSdk(options).run();
    }

    private static String required(Map<String, String> options, String name) {
        String value = options.get(name);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " is required");
        }
        return value;
    }

    /** The service a jar of the local Maven repository holds: {@code .../software/amazon/awssdk/ID/V/ID-V.jar}. */
    private static String serviceOf(Path jar, Set<String> wanted) {
        int count = jar.getNameCount();
        if (count < 5 || !jar.toString().endsWith(".jar")) {
            return null;
        }
        String id = jar.getName(count - 3).toString();
        boolean sdk = jar.getName(count - 4).toString().equals("awssdk")
                && jar.getName(count - 5).toString().equals("amazon");
        return sdk && wanted.contains(id) ? id : null;
    }

    private void run() throws Exception {
        if (Runtime.version().feature() > NEWEST_JDK) {
            throw new IllegalStateException("ProGuard 7.8.2 reads class files up to Java " + NEWEST_JDK
                    + "; build with a JDK 21 to " + NEWEST_JDK + " (this is " + Runtime.version() + ")");
        }
        Files.createDirectories(work);
        String fingerprint = fingerprint();
        Path stamp = work.resolve("inputs.sha256");
        if (Files.exists(out) && Files.exists(stamp) && Files.readString(stamp).equals(fingerprint)) {
            System.out.println("shrink-aws-sdk: " + out + " is up to date");
            return;
        }
        long start = System.nanoTime();
        Path jdk = jdkLibrary();

        Path pass1 = work.resolve("pass1.jar");
        proguard(services.values().stream().map(Path::toString).toList(), pass1, jdk, false);

        Map<String, Set<String>> all = new LinkedHashMap<>();
        Map<String, Set<String>> used = new LinkedHashMap<>();
        long before = 0;
        Map<String, Set<String>> inPass1 = operations(pass1);
        for (Map.Entry<String, Path> service : services.entrySet()) {
            Set<String> operations = new TreeSet<>();
            operations(service.getValue()).values().forEach(operations::addAll);
            if (operations.isEmpty()) {
                throw new IllegalArgumentException(service.getValue() + " has no request marshallers: not an AWS SDK"
                        + " service module");
            }
            all.put(service.getKey(), operations);
            used.put(service.getKey(), inPass1.getOrDefault(service.getKey(), Set.of()));
            before += Files.size(service.getValue());
        }
        // Kept code may name a class of an unused operation without reaching its builder: the endpoint
        // interceptors cast the request to every operation's type by operation name. The check finds each such
        // class; it is restored with its nested classes, and pass 2 runs again.
        Set<String> restored = referencedOutsideOperations(pass1, all, used);
        int seeded = restored.size();
        Path pass2 = work.resolve("pass2.jar");
        for (int round = 1; ; round++) {
            List<String> pass2Inputs = new ArrayList<>();
            Set<String> removed = new java.util.HashSet<>();
            for (Map.Entry<String, Path> service : services.entrySet()) {
                Path filtered = work.resolve("filtered").resolve(service.getKey() + ".jar");
                removed.addAll(withoutOperations(service.getValue(), filtered,
                        difference(all.get(service.getKey()), used.get(service.getKey())), restored,
                        pass2Inputs.isEmpty()));
                pass2Inputs.add(filtered.toString());
            }
            proguard(pass2Inputs, pass2, jdk, false);
            List<String> warnings = proguard(List.of(pass2.toString()), work.resolve("check.jar"), jdk, true);
            if (warnings.isEmpty()) {
                break;
            }
            Set<String> missing = missingClasses(warnings, removed);
            if (round == 5 || missing.isEmpty()) {
                throw new IllegalStateException("the shrunk AWS SDK refers to classes or members it lacks (round "
                        + round + ", " + work.resolve("check.pro.log") + "):\n  "
                        + String.join("\n  ", warnings.subList(0, Math.min(20, warnings.size()))));
            }
            restored.addAll(missing);
        }

        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.copy(pass2, out, StandardCopyOption.REPLACE_EXISTING);
        Files.writeString(stamp, fingerprint);
        int kept = used.values().stream().mapToInt(Set::size).sum();
        int operations = all.values().stream().mapToInt(Set::size).sum();
        System.out.printf("shrink-aws-sdk: %d service modules, %,d bytes -> %,d bytes in %s; %d of %,d operations "
                + "used, %d classes of other operations kept (%d found in pass 1, %d by the check); %.1f s%n",
                services.size(), before, Files.size(out), out, kept, operations, restored.size(), seeded,
                restored.size() - seeded, (System.nanoTime() - start) / 1e9);
        used.forEach((service, ops) -> System.out.println("  " + service + ": " + String.join(" ", ops)));
    }

    /**
     * The classes of unused operations that pass 1 kept for a reason other than the request hierarchy: named in the
     * constant pool of a kept class outside those operations, other than in its {@code InnerClasses} entries (the
     * client interfaces name every operation's builder there). A first guess for the loop above, which the check
     * confirms or completes.
     */
    private static Set<String> referencedOutsideOperations(Path pass1, Map<String, Set<String>> all,
            Map<String, Set<String>> used) throws IOException {
        Set<String> unused = new java.util.HashSet<>();
        all.forEach((service, operations) -> unused.addAll(difference(operations, used.get(service))));
        Set<String> referenced = new TreeSet<>();
        try (ZipFile zip = new ZipFile(pass1.toFile())) {
            for (ZipEntry entry : java.util.Collections.list(zip.entries())) {
                String name = entry.getName();
                String operation = operationOf(name);
                if (!name.endsWith(".class") || (operation != null && unused.contains(operation))) {
                    continue;
                }
                try (InputStream in = zip.getInputStream(entry)) {
                    for (String reference : InnerClasses.references(in.readAllBytes())) {
                        String owner = operationOf(reference + ".class");
                        if (owner != null && unused.contains(owner)) {
                            referenced.add(reference);
                        }
                    }
                }
            }
        }
        return referenced;
    }

    private static final Pattern MISSING_CLASS = Pattern.compile(
            "Warning: \\S+: can't find (?:referenced class|superclass or interface) (\\S+)");

    /**
     * The classes the check's warnings name, when every warning names a class this step removed; empty when any
     * warning is about something else (a member, a class no module had), which restoring cannot fix.
     */
    private static Set<String> missingClasses(List<String> warnings, Set<String> removed) {
        Set<String> missing = new TreeSet<>();
        for (String warning : warnings) {
            Matcher matcher = MISSING_CLASS.matcher(warning);
            String name = matcher.find() ? matcher.group(1).replace('.', '/') : null;
            if (name == null || !removed.contains(name)) {
                return Set.of();
            }
            missing.add(name);
        }
        return missing;
    }

    /**
     * One ProGuard run, in a JVM of its own (its output goes to a log next to its configuration). Every run takes the
     * Sentinel's classes as program input (their output is discarded: the artifact ships them as compiled) and the
     * other runtime jars and the JDK as libraries. Passes 1 and 2 shrink the service jars; the check reads the
     * result keeping everything, so that ProGuard resolves every reference of the Sentinel's classes and of the
     * shrunk modules, and returns its warnings.
     */
    private List<String> proguard(List<String> inputs, Path output, Path jdk, boolean check) throws Exception {
        StringBuilder config = new StringBuilder();
        // The command line's classes are not in the artifact (sam build does not compile them into it).
        config.append("-injars ").append(quoted(classes)).append('(')
                .append(String.join(",", excluded.stream().map(pattern -> "!" + pattern).toList())).append(")\n");
        config.append("-outjars ").append(quoted(work.resolve("discarded"))).append('\n');
        for (String input : inputs) {
            // The filtered copies carry one licence and notice; the whole modules (pass 1) none.
            boolean filtered = Path.of(input).startsWith(work);
            config.append("-injars ").append(quoted(Path.of(input)))
                    .append(filtered ? "(!module-info.class)\n" : "(!META-INF/**,!module-info.class)\n");
        }
        config.append("-outjars ").append(quoted(output)).append('\n');
        for (Path library : libraries) {
            config.append("-libraryjars ").append(quoted(library)).append("(!META-INF/versions/**)\n");
        }
        config.append("-libraryjars ").append(quoted(jdk)).append('\n');
        if (check) {
            config.append("-keep class ** { *; }\n-dontobfuscate\n-dontoptimize\n-dontpreverify\n-dontnote\n");
        } else {
            config.append(RULES);
            config.append("-printmapping ").append(quoted(Path.of(output + ".mapping"))).append('\n');
            // Missing optional dependencies of the Sentinel's own classes (picocli is left out of the artifact)
            // and of the modules' unused code are not this step's concern; the check is strict about the result.
            config.append("-ignorewarnings\n-dontwarn\n");
        }
        Path file = work.resolve(check ? "check.pro" : output.getFileName() + ".pro");
        Path log = Path.of(file + ".log");
        Files.writeString(file, config);
        deleteRecursively(work.resolve("discarded"));
        Files.deleteIfExists(output);
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx3g", "-cp", System.getProperty("java.class.path"), "proguard.ProGuard", "@" + file)
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        int exit = process.waitFor();
        List<String> lines = Files.readAllLines(log);
        List<String> warnings = lines.stream().filter(line -> line.startsWith("Warning: ")
                && !line.startsWith("Warning: there were")).toList();
        if (check) {
            return exit == 0 ? List.of() : warnings.isEmpty() ? lines : warnings;
        }
        if (exit != 0 || !Files.exists(output)) {
            throw new IllegalStateException("ProGuard failed (" + file + ", " + log + "):\n  "
                    + String.join("\n  ", lines.subList(Math.max(0, lines.size() - 20), lines.size())));
        }
        requireIdentity(Path.of(output + ".mapping"));
        return List.of();
    }

    /** Fails when ProGuard renamed anything: every class and member of its mapping must keep its name. */
    static void requireIdentity(Path mapping) throws IOException {
        for (String line : Files.readAllLines(mapping)) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] sides = line.trim().split(" -> ", 2);
            String before = sides[0];
            String after = sides.length == 2 ? sides[1].replaceFirst(":$", "") : "";
            if (!line.startsWith(" ")) {
                if (!before.equals(after)) {
                    throw new IllegalStateException("ProGuard renamed class " + before + " to " + after);
                }
                continue;
            }
            int parameters = before.indexOf('(');
            String head = parameters >= 0 ? before.substring(0, parameters) : before;
            String name = head.substring(head.lastIndexOf(' ') + 1);
            name = name.substring(name.lastIndexOf(':') + 1);
            if (!name.equals(after) && !name.endsWith("." + after)) {
                throw new IllegalStateException("ProGuard renamed member " + before + " to " + after + " in "
                        + mapping);
            }
        }
    }

    private static String quoted(Path path) {
        return "'" + path.toAbsolutePath() + "'";
    }

    /**
     * The operations a jar has request marshallers for, by service: the package after {@code services/}, so that the
     * DynamoDB module's Streams client ({@code services/dynamodb/streams}) counts as the module's.
     */
    private static Map<String, Set<String>> operations(Path jar) throws IOException {
        Map<String, Set<String>> operations = new TreeMap<>();
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            zip.stream().map(ZipEntry::getName).filter(name -> name.startsWith(SERVICES)).forEach(name -> {
                Matcher matcher = MARSHALLER.matcher(name);
                if (matcher.matches()) {
                    String service = name.substring(SERVICES.length(), name.indexOf('/', SERVICES.length()));
                    operations.computeIfAbsent(service, s -> new TreeSet<>()).add(matcher.group(1));
                }
            });
        }
        return operations;
    }

    private static Set<String> difference(Set<String> all, Set<String> kept) {
        Set<String> rest = new TreeSet<>(all);
        rest.removeAll(kept);
        return rest;
    }

    /**
     * Copies {@code jar} without the classes that belong only to {@code unused} operations, and without the
     * {@code InnerClasses} entries that name them (the client interfaces list every operation's builder there; an
     * entry left naming a missing class would make the check below fail, rightly, on the result).
     */
    private static Set<String> withoutOperations(Path jar, Path copy, Set<String> unused, Set<String> restored,
            boolean keepNotices) throws IOException {
        Files.createDirectories(copy.getParent());
        try (ZipFile zip = new ZipFile(jar.toFile());
             ZipOutputStream target = new ZipOutputStream(Files.newOutputStream(copy))) {
            List<? extends ZipEntry> entries = java.util.Collections.list(zip.entries());
            Set<String> removed = new java.util.HashSet<>();
            for (ZipEntry entry : entries) {
                String operation = operationOf(entry.getName());
                String name = entry.getName().replaceFirst("\\.class$", "");
                if (operation != null && unused.contains(operation) && !isRestored(name, restored)) {
                    removed.add(name);
                }
            }
            for (ZipEntry entry : entries) {
                String name = entry.getName();
                boolean dropped = name.endsWith(".class")
                        && removed.contains(name.substring(0, name.length() - ".class".length()));
                if (entry.isDirectory() || dropped
                        || (name.startsWith("META-INF/") && !(keepNotices && isNotice(name)))) {
                    continue;
                }
                byte[] bytes;
                try (InputStream in = zip.getInputStream(entry)) {
                    bytes = in.readAllBytes();
                }
                target.putNextEntry(new ZipEntry(name));
                target.write(name.endsWith(".class") ? InnerClasses.without(bytes, removed) : bytes);
                target.closeEntry();
            }
            return removed;
        }
    }

    /** A restored class brings its nested classes (its builder, the builder's implementation) with it. */
    private static boolean isRestored(String name, Set<String> restored) {
        int nested = name.indexOf('$');
        return restored.contains(name) || (nested > 0 && restored.contains(name.substring(0, nested)));
    }

    private static boolean isNotice(String name) {
        return name.equals("META-INF/LICENSE.txt") || name.equals("META-INF/NOTICE.txt");
    }

    private static String operationOf(String name) {
        for (Pattern pattern : List.of(MARSHALLER, MODEL, PAGINATOR)) {
            Matcher matcher = pattern.matcher(name);
            if (matcher.matches()) {
                return matcher.group(1);
            }
        }
        return null;
    }

    /** The JDK's classes as a jar ProGuard can read as a library (JDKs since 9 ship no rt.jar, some no jmods). */
    private Path jdkLibrary() throws IOException {
        Path jar = work.resolve("jdk-" + Runtime.version().feature() + "-"
                + System.getProperty("java.vm.version").replaceAll("[^\\w.+-]", "_") + ".jar");
        if (Files.exists(jar)) {
            return jar;
        }
        Path partial = Path.of(jar + ".partial");
        FileSystem jrt = FileSystems.getFileSystem(URI.create("jrt:/"));
        try (OutputStream file = Files.newOutputStream(partial);
             ZipOutputStream target = new ZipOutputStream(file);
             Stream<Path> modules = Files.list(jrt.getPath("/modules"))) {
            for (Path module : (Iterable<Path>) modules::iterator) {
                try (Stream<Path> files = Files.walk(module)) {
                    for (Path path : (Iterable<Path>) files::iterator) {
                        String name = module.relativize(path).toString();
                        if (name.endsWith(".class") && !name.equals("module-info.class")) {
                            target.putNextEntry(new ZipEntry(name));
                            Files.copy(path, target);
                            target.closeEntry();
                        }
                    }
                }
            }
        }
        Files.move(partial, jar, StandardCopyOption.REPLACE_EXISTING);
        return jar;
    }

    /** What decides the result: this program, the JDK, and every input's path, size and time. */
    private String fingerprint() throws Exception {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        List<Path> inputs = new ArrayList<>(services.values());
        inputs.addAll(libraries);
        try (Stream<Path> files = Files.walk(classes)) {
            files.filter(Files::isRegularFile).sorted().forEach(inputs::add);
        }
        StringBuilder text = new StringBuilder(RULES).append(Runtime.version()).append('\n')
                .append(excluded).append('\n');
        for (Path input : inputs) {
            if (Files.exists(input)) {
                text.append(input).append(' ').append(Files.size(input)).append(' ')
                        .append(Files.getLastModifiedTime(input).toMillis()).append('\n');
            }
        }
        text.append(Files.readString(source));
        return HexFormat.of().formatHex(digest.digest(text.toString().getBytes(StandardCharsets.UTF_8)));
    }

    private static void deleteRecursively(Path path) {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> files = Files.walk(path)) {
            files.sorted((a, b) -> b.getNameCount() - a.getNameCount()).forEach(file -> {
                try {
                    Files.delete(file);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Rewrites a class file's {@code InnerClasses} attribute without the entries that name removed classes. */
    static final class InnerClasses {

        private InnerClasses() {
        }

        /** The classes a class file's constant pool names, less those its {@code InnerClasses} entries name. */
        static Set<String> references(byte[] bytes) {
            Set<String> classes = new TreeSet<>();
            Set<String> nested = new java.util.HashSet<>();
            parse(bytes, Set.of(), classes, nested);
            classes.removeAll(nested);
            return classes;
        }

        static byte[] without(byte[] bytes, Set<String> removed) {
            return parse(bytes, removed, new java.util.HashSet<>(), new java.util.HashSet<>());
        }

        /**
         * Reads a class file: the constant pool's class names into {@code classes}, the classes its
         * {@code InnerClasses} entries name into {@code nested}; returns it without the entries naming
         * {@code removed} classes (the same array when there are none).
         */
        private static byte[] parse(byte[] bytes, Set<String> removed, Set<String> classes, Set<String> nested) {
            java.nio.ByteBuffer in = java.nio.ByteBuffer.wrap(bytes);
            if (in.getInt() != 0xCAFEBABE) {
                throw new IllegalArgumentException("not a class file");
            }
            in.getInt();
            int count = Short.toUnsignedInt(in.getShort());
            String[] utf8 = new String[count];
            int[] classNames = new int[count];
            for (int i = 1; i < count; i++) {
                int tag = Byte.toUnsignedInt(in.get());
                switch (tag) {
                    case 1 -> {
                        byte[] text = new byte[Short.toUnsignedInt(in.getShort())];
                        in.get(text);
                        utf8[i] = modifiedUtf8(text);
                    }
                    case 7 -> classNames[i] = Short.toUnsignedInt(in.getShort());
                    case 8, 16, 19, 20 -> in.getShort();
                    case 15 -> {
                        in.get();
                        in.getShort();
                    }
                    case 3, 4, 9, 10, 11, 12, 17, 18 -> in.getInt();
                    case 5, 6 -> {
                        in.getLong();
                        i++;
                    }
                    default -> throw new IllegalArgumentException("constant pool tag " + tag);
                }
            }
            for (int i = 1; i < count; i++) {
                if (classNames[i] != 0) {
                    classes.add(utf8[classNames[i]]);
                }
            }
            in.position(in.position() + 6);
            int interfaces = Short.toUnsignedInt(in.getShort());
            in.position(in.position() + 2 * interfaces);
            for (int members = 0; members < 2; members++) {
                int memberCount = Short.toUnsignedInt(in.getShort());
                for (int m = 0; m < memberCount; m++) {
                    in.position(in.position() + 6);
                    skipAttributes(in);
                }
            }
            int attributesAt = in.position();
            int attributeCount = Short.toUnsignedInt(in.getShort());
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(bytes.length);
            out.write(bytes, 0, attributesAt + 2);
            boolean changed = false;
            for (int a = 0; a < attributeCount; a++) {
                int start = in.position();
                String name = utf8[Short.toUnsignedInt(in.getShort())];
                int length = in.getInt();
                int end = in.position() + length;
                if (!"InnerClasses".equals(name)) {
                    out.write(bytes, start, end - start);
                    in.position(end);
                    continue;
                }
                int entries = Short.toUnsignedInt(in.getShort());
                java.io.ByteArrayOutputStream kept = new java.io.ByteArrayOutputStream();
                int keptCount = 0;
                for (int e = 0; e < entries; e++) {
                    int entryAt = in.position();
                    int inner = Short.toUnsignedInt(in.getShort());
                    int outer = Short.toUnsignedInt(in.getShort());
                    in.getInt();
                    nested.add(utf8[classNames[inner]]);
                    if (outer != 0) {
                        nested.add(utf8[classNames[outer]]);
                    }
                    if (removed.contains(utf8[classNames[inner]])
                            || (outer != 0 && removed.contains(utf8[classNames[outer]]))) {
                        changed = true;
                        continue;
                    }
                    kept.write(bytes, entryAt, 8);
                    keptCount++;
                }
                java.nio.ByteBuffer header = java.nio.ByteBuffer.allocate(8);
                header.putShort(java.nio.ByteBuffer.wrap(bytes, start, 2).getShort());
                header.putInt(2 + kept.size()).putShort((short) keptCount);
                out.write(header.array(), 0, 8);
                out.write(kept.toByteArray(), 0, kept.size());
            }
            if (in.position() != bytes.length) {
                throw new IllegalArgumentException("class file has " + (bytes.length - in.position())
                        + " bytes after its attributes");
            }
            return changed ? out.toByteArray() : bytes;
        }

        private static void skipAttributes(java.nio.ByteBuffer in) {
            int count = Short.toUnsignedInt(in.getShort());
            for (int a = 0; a < count; a++) {
                in.getShort();
                int length = in.getInt();
                in.position(in.position() + length);
            }
        }

        /** Class names are ASCII in practice; modified UTF-8 differs from UTF-8 only for NUL and surrogates. */
        private static String modifiedUtf8(byte[] text) {
            return new String(text, StandardCharsets.UTF_8);
        }
    }
}
