package dev.subsentinel.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How a report is laid out for people: long lines wrap at the width with a hanging indent, unless the wide layout
 * keeps one line per fact; verdicts are coloured only when asked.
 *
 * @param width  the columns to fit (at least {@value #MIN_WIDTH} are used)
 * @param wide   whether to keep one line per fact, however long (the {@code --wide} option)
 * @param colour whether to colour verdicts and statuses (ANSI)
 */
public record Layout(int width, boolean wide, boolean colour) {

    /** The narrowest width laid out; narrower terminals get lines of this width. */
    public static final int MIN_WIDTH = 40;

    /** Plain text at 80 columns, as in a pipe. */
    public static final Layout PLAIN = new Layout(Terminal.FLOOR, false, false);

    /** Leading spaces and a list marker ("- ", "1. "): the hanging indent of a wrapped line. */
    /** A word and the spaces before it (kept as they are when the word stays on the line). */
    private static final Pattern WORD = Pattern.compile("( *)(\\S+)");

    private static final Pattern MARKER = Pattern.compile("^( *)(- |\\d+\\. |\\[[A-Z_]+] )?");

    public Layout {
        width = Math.max(MIN_WIDTH, width);
    }

    /**
     * The text as lines of at most {@link #width()} columns: the first starts with {@code first}, the next with
     * {@code hanging}. Breaks at spaces; a word longer than a line (a URL) is cut. In the wide layout: one line.
     */
    public List<String> wrap(String first, String hanging, String text) {
        if (wide) {
            return List.of(first + text);
        }
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder(first);
        int start = first.length();
        Matcher words = WORD.matcher(text.strip());
        while (words.find()) {
            String spaces = words.group(1);
            String word = words.group(2);
            if (line.length() > start) {
                if (line.length() + spaces.length() + word.length() <= width) {
                    line.append(spaces).append(word);
                    continue;
                }
                lines.add(line.toString());
                line = new StringBuilder(hanging);
                start = hanging.length();
            }
            // A word longer than a whole line (a URL) is cut where the line ends.
            while (line.length() + word.length() > width && width > line.length()) {
                int room = width - line.length();
                lines.add(line.append(word, 0, room).toString());
                word = word.substring(room);
                line = new StringBuilder(hanging);
                start = hanging.length();
            }
            line.append(word);
        }
        lines.add(line.toString());
        return lines;
    }

    /**
     * A line of preformatted text (an e-mail, a log line) wrapped at the width; its continuation lines are indented
     * under the text that follows its leading spaces and list marker.
     */
    public List<String> wrapLine(String line) {
        if (wide || line.length() <= width) {
            return List.of(line);
        }
        Matcher marker = MARKER.matcher(line);
        int hang = marker.find() ? marker.end() : 0;
        if (hang > width / 2) {
            hang = 0;
        }
        return wrap(line.substring(0, hang), " ".repeat(hang), line.substring(hang));
    }

    /** Every line of {@code text} wrapped with {@link #wrapLine(String)}. */
    public List<String> wrapText(String text) {
        List<String> lines = new ArrayList<>();
        for (String line : text.split("\n", -1)) {
            lines.addAll(wrapLine(line));
        }
        return lines;
    }

    /** The text, cut to {@code max} columns with an ellipsis when longer. */
    public static String fit(String text, int max) {
        if (text.length() <= max) {
            return text;
        }
        return max <= 1 ? text.substring(0, Math.max(0, max)) : text.substring(0, max - 1) + "…";
    }

    /** The text in a colour (an ANSI SGR code such as "31" for red) when colouring, else unchanged. */
    public String paint(String text, String sgr) {
        return colour && sgr != null && !text.isEmpty() ? "\u001b[" + sgr + "m" + text + "\u001b[0m" : text;
    }
}
