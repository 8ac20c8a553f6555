package dev.subsentinel.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * STYLE rule 2: the core imports nothing from the AWS SDK, the Lambda libraries, Jackson or picocli. A plain scan of
 * the sources: imports (static ones too) and fully qualified references in code, with comments and string literals
 * (such as the service name {@code "com.amazonaws." + region + ".ssm"}) left out.
 */
class CorePurityTest {

    private static final Path CORE = Path.of("src", "main", "java", "dev", "subsentinel", "core");
    private static final Pattern FORBIDDEN = Pattern.compile(
            "\\b(software\\.amazon|com\\.amazonaws|com\\.fasterxml|picocli)\\s*\\.\\s*[A-Za-z_*][\\w.*]*");

    @Test
    void coreSources_scanned_noForbiddenDependency() throws IOException {
        List<Path> sources;
        try (Stream<Path> files = Files.walk(CORE)) {
            sources = files.filter(p -> p.toString().endsWith(".java")).sorted().toList();
        }
        assertThat(sources).as("core sources under %s", CORE.toAbsolutePath()).hasSizeGreaterThan(50);

        List<String> violations = new ArrayList<>();
        for (Path source : sources) {
            for (String found : forbiddenReferences(Files.readString(source))) {
                violations.add(CORE.relativize(source) + ": " + found);
            }
        }

        assertThat(violations).as("core must stay pure (STYLE rule 2)").isEmpty();
    }

    static Stream<Arguments> samples() {
        return Stream.of(
                Arguments.of("SDK import", "import software.amazon.awssdk.services.ec2.Ec2Client;\nclass A {}", 1),
                Arguments.of("Lambda import", "import com.amazonaws.services.lambda.runtime.Context;\nclass A {}", 1),
                Arguments.of("Jackson import", "import com.fasterxml.jackson.databind.ObjectMapper;\nclass A {}", 1),
                Arguments.of("wildcard Jackson import", "import com.fasterxml.jackson.annotation.*;\nclass A {}", 1),
                Arguments.of("static import", "import static software.amazon.awssdk.core.SdkBytes.fromUtf8String;"
                        + "\nclass A {}", 1),
                Arguments.of("picocli import", "import picocli.CommandLine;\nclass A {}", 1),
                Arguments.of("fully qualified annotation", "record A(@com.fasterxml.jackson.annotation.JsonProperty"
                        + "(\"x\") int x) {}", 1),
                Arguments.of("service name in a string", "class A { String s = \"com.amazonaws.\" + r + \".ssm\"; }",
                        0),
                Arguments.of("text block", "class A { String s = \"\"\"\n  software.amazon.x\n  \"\"\"; }", 0),
                Arguments.of("line comment", "class A { // see com.fasterxml.jackson docs\n}", 0),
                Arguments.of("block comment", "/* uses no software.amazon.awssdk types */ class A {}", 0),
                Arguments.of("plain core import", "import dev.subsentinel.core.net.Cidr;\nclass A {}", 0));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void forbiddenReferences_sample_detectedOnlyInCode(String name, String source, int expected) {
        assertThat(forbiddenReferences(source)).hasSize(expected);
    }

    @Test
    void forbiddenReferences_import_namesTheWholeType() {
        assertThat(forbiddenReferences("import com.fasterxml.jackson.databind.ObjectMapper;"))
                .containsExactly("com.fasterxml.jackson.databind.ObjectMapper");
    }

    /** The forbidden package references in the code of one source file. */
    static List<String> forbiddenReferences(String source) {
        List<String> found = new ArrayList<>();
        Matcher matcher = FORBIDDEN.matcher(codeOnly(source));
        while (matcher.find()) {
            found.add(matcher.group());
        }
        return found;
    }

    /** The source with comments, string and text-block literals and char literals blanked out. */
    static String codeOnly(String source) {
        StringBuilder code = new StringBuilder(source.length());
        int i = 0;
        while (i < source.length()) {
            if (source.startsWith("//", i)) {
                int end = source.indexOf('\n', i);
                i = end < 0 ? source.length() : end;
            } else if (source.startsWith("/*", i)) {
                int end = source.indexOf("*/", i + 2);
                i = end < 0 ? source.length() : end + 2;
                code.append(' ');
            } else if (source.startsWith("\"\"\"", i)) {
                int end = source.indexOf("\"\"\"", i + 3);
                i = end < 0 ? source.length() : end + 3;
                code.append("\"\"");
            } else if (source.charAt(i) == '"' || source.charAt(i) == '\'') {
                char quote = source.charAt(i);
                i++;
                while (i < source.length() && source.charAt(i) != quote) {
                    i += source.charAt(i) == '\\' ? 2 : 1;
                }
                i++;
                code.append(quote).append(quote);
            } else {
                code.append(source.charAt(i));
                i++;
            }
        }
        return code.toString();
    }
}
