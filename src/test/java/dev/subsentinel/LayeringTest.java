package dev.subsentinel;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The packages depend on each other in one direction only (STYLE "Layout that shows the architecture"): the command
 * line and the handlers sit on top, the pure core at the bottom, and nothing imports a layer above it (for example the
 * handlers never import the command line).
 */
class LayeringTest {

    private static final Path ROOT = Path.of("src", "main", "java", "dev", "subsentinel");
    private static final Pattern IMPORT = Pattern.compile("^import (?:static )?dev\\.subsentinel\\.(\\w+)",
            Pattern.MULTILINE);

    /** What each package may import besides itself. */
    private static final Map<String, Set<String>> ALLOWED = Map.ofEntries(
            Map.entry("core", Set.of()),
            Map.entry("demo", Set.of("core")),
            Map.entry("apply", Set.of("config", "core")),
            Map.entry("config", Set.of("core")),
            Map.entry("event", Set.of("config", "core")),
            Map.entry("collect", Set.of("config", "core")),
            Map.entry("publish", Set.of("config", "core", "event")),
            Map.entry("track", Set.of("config", "core", "publish")),
            Map.entry("app", Set.of("collect", "config", "core", "demo", "event", "publish", "track")),
            Map.entry("handler", Set.of("app", "collect", "config", "core", "demo", "event", "publish", "track")),
            Map.entry("report", Set.of("core")),
            Map.entry("cli", Set.of("app", "apply", "collect", "config", "core", "demo", "event", "handler",
                    "publish", "report", "track")));

    @Test
    void mainSources_imports_onlyDownTheLayers() throws IOException {
        List<Path> sources;
        try (Stream<Path> files = Files.walk(ROOT)) {
            sources = files.filter(p -> p.toString().endsWith(".java")).sorted().toList();
        }
        assertThat(sources).hasSizeGreaterThan(100);
        List<String> violations = new ArrayList<>();
        for (Path source : sources) {
            String pkg = ROOT.relativize(source).getName(0).toString();
            assertThat(ALLOWED).as("package %s has a place in the layering", pkg).containsKey(pkg);
            Matcher imports = IMPORT.matcher(Files.readString(source));
            while (imports.find()) {
                String target = imports.group(1);
                if (!target.equals(pkg) && !ALLOWED.get(pkg).contains(target)) {
                    violations.add(ROOT.relativize(source) + " imports dev.subsentinel." + target);
                }
            }
        }
        assertThat(violations).isEmpty();
    }
}
