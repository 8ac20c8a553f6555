package dev.subsentinel.cli;

import dev.subsentinel.core.report.MissingFact;
import dev.subsentinel.core.report.ScanReport;
import dev.subsentinel.publish.Sanitizer;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * The table's block under the summary that says what could not be read: per missing fact, the resources, how many
 * instances it leaves UNKNOWN, and the reason naming the API action (an access denial names the action to grant).
 * Lines stay within 80 columns; texts from AWS are printed without control characters.
 */
final class UnknownFactsBlock {

    /** Resources named per fact; the rest are counted. */
    static final int MAX_RESOURCES = 3;
    /** Longest reason printed. */
    static final int MAX_MESSAGE = 300;
    private static final int WIDTH = 80;

    private UnknownFactsBlock() {
    }

    /** Prints the block (nothing when every fact was read), followed by a blank line. */
    static void print(ScanReport report, PrintWriter out) {
        List<MissingFact> facts = MissingFact.worstFirst(report.unknownFacts());
        if (facts.isEmpty()) {
            return;
        }
        out.println("Not read (the checks that need these facts say UNKNOWN):");
        for (MissingFact fact : facts) {
            out.println("  " + Sanitizer.line(fact.fact() + " " + resources(fact.resources()) + ": "
                    + fact.instances() + (fact.instances() == 1 ? " instance" : " instances") + " affected",
                    WIDTH - 2));
            wrap(Sanitizer.line(fact.message(), MAX_MESSAGE), WIDTH - 4).forEach(line -> out.println("    " + line));
        }
        out.println();
    }

    /** The text in lines of at most {@code width} characters, broken at spaces where there are any. */
    static List<String> wrap(String text, int width) {
        List<String> lines = new ArrayList<>();
        String rest = text;
        while (rest.length() > width) {
            int cut = rest.lastIndexOf(' ', width);
            if (cut <= 0) {
                cut = width;
            }
            lines.add(rest.substring(0, cut).stripTrailing());
            rest = rest.substring(cut).stripLeading();
        }
        lines.add(rest);
        return lines;
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
