package dev.subsentinel.cli;

import dev.subsentinel.core.report.MissingFact;
import dev.subsentinel.core.report.ScanReport;
import dev.subsentinel.publish.Sanitizer;
import java.io.PrintWriter;
import java.util.List;

/**
 * The table's block under the summary that says what could not be read: per missing fact, the resources, how many
 * instances it leaves UNKNOWN, and the reason naming the API action (an access denial names the action to grant).
 * Lines fit the table's layout; texts from AWS are printed without control characters.
 */
final class UnknownFactsBlock {

    /** Resources named per fact; the rest are counted. */
    static final int MAX_RESOURCES = 3;
    /** Longest reason printed. */
    static final int MAX_MESSAGE = 300;

    private UnknownFactsBlock() {
    }

    /** Prints the block (nothing when every fact was read), followed by a blank line. */
    static void print(ScanReport report, Layout layout, PrintWriter out) {
        List<MissingFact> facts = MissingFact.worstFirst(report.unknownFacts());
        if (facts.isEmpty()) {
            return;
        }
        layout.wrap("", "  ", "Not read (the checks that need these facts say UNKNOWN):").forEach(out::println);
        for (MissingFact fact : facts) {
            layout.wrap("  ", "    ", Sanitizer.line(fact.fact() + " " + resources(fact.resources()) + ": "
                    + fact.instances() + (fact.instances() == 1 ? " instance" : " instances") + " affected",
                    MAX_MESSAGE)).forEach(out::println);
            layout.wrap("    ", "    ", Sanitizer.line(fact.message(), MAX_MESSAGE)).forEach(out::println);
        }
        out.println();
    }

    private static String resources(List<String> resources) {
        if (resources.equals(List.of("*"))) {
            return "(all)";
        }
        String named = String.join(", ", resources.subList(0, Math.min(MAX_RESOURCES, resources.size())));
        return "(" + named + (resources.size() > MAX_RESOURCES ? " and " + (resources.size() - MAX_RESOURCES)
                + " more" : "") + ")";
    }
}
