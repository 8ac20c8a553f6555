package dev.subsentinel.core.fix;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.subsentinel.config.Json;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

class ShellCommandTest {

    private static final String JSON = "[{\"IpProtocol\":\"tcp\",\"FromPort\":443,\"ToPort\":443,"
            + "\"UserIdGroupPairs\":[{\"GroupId\":\"sg-0a000000000e55a01\",\"Description\":\"Subscription Sentinel"
            + " fix\"}]}]";
    private static final String COMMAND = "aws ec2 authorize-security-group-egress --group-id sg-0a0000000000f0a02"
            + " --ip-permissions '" + JSON + "'";

    @Test
    void lines_narrowLayout_fitAndStillOneCommandWithTheSameJson() throws IOException {
        List<String> lines = ShellCommand.lines(COMMAND, "    ", "      ", 50);

        assertThat(lines).hasSizeGreaterThan(3).allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(50));
        // What a POSIX shell does: a backslash-newline outside quotes joins the lines; inside quotes the newline
        // stays (JSON whitespace).
        String joined = String.join("\n", lines).replace(" \\\n", " ");
        List<String> words = ShellCommand.words(joined.replace("\n", " ").strip());
        assertThat(words.subList(0, 6)).containsExactly("aws", "ec2", "authorize-security-group-egress", "--group-id",
                "sg-0a0000000000f0a02", "--ip-permissions");
        String quoted = joined.substring(joined.indexOf('\'') + 1, joined.lastIndexOf('\''));
        JsonNode parsed = Json.mapper().readTree(quoted);
        assertThat(parsed).isEqualTo(Json.mapper().readTree(JSON));
    }

    @Test
    void lines_wideEnough_oneLine() {
        assertThat(ShellCommand.lines(COMMAND, "  ", "    ", 400)).containsExactly("  " + COMMAND);
    }

    @Test
    void words_spacesInsideQuotes_keptInTheWord() {
        assertThat(ShellCommand.words("a 'b c' d")).containsExactly("a", "'b c'", "d");
    }
}
