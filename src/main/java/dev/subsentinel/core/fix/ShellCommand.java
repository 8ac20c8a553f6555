package dev.subsentinel.core.fix;

import java.util.ArrayList;
import java.util.List;

/**
 * An AWS CLI command laid out to fit the width and still run when pasted into a POSIX shell: it breaks between words
 * with a trailing {@code \}, and inside a single-quoted JSON value only between JSON tokens (after a comma, colon or
 * opening bracket), with a plain line break (a quoted line break is JSON whitespace). A word that cannot break (an ARN
 * longer than the line) stays whole: a cut command would not run.
 */
public final class ShellCommand {

    private static final String CONTINUATION = " \\";

    private ShellCommand() {
    }

    /**
     * The command's lines of at most {@code width} columns where it can break: the first starts with {@code first},
     * the next with {@code hanging}.
     */
    public static List<String> lines(String command, String first, String hanging, int width) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder(first);
        boolean empty = true;
        for (String word : words(command)) {
            int room = width - CONTINUATION.length();
            if (!empty && line.length() + 1 + word.length() > room) {
                lines.add(line.append(CONTINUATION).toString());
                line = new StringBuilder(hanging);
                empty = true;
            }
            if (!empty) {
                line.append(' ');
            }
            if (line.length() + word.length() > room && word.contains("'")) {
                List<String> pieces = pieces(word);
                for (int i = 0; i < pieces.size(); i++) {
                    String piece = pieces.get(i);
                    if (i > 0 && line.length() + piece.length() > room) {
                        lines.add(line.toString());
                        line = new StringBuilder(hanging).append("  ");
                    }
                    line.append(piece);
                }
            } else {
                line.append(word);
            }
            empty = false;
        }
        lines.add(line.toString());
        return lines;
    }

    /** The words of a command: split at spaces outside single quotes. */
    public static List<String> words(String command) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean quoted = false;
        for (char c : command.toCharArray()) {
            if (c == '\'') {
                quoted = !quoted;
            }
            if (c == ' ' && !quoted) {
                if (!word.isEmpty()) {
                    words.add(word.toString());
                    word.setLength(0);
                }
                continue;
            }
            word.append(c);
        }
        if (!word.isEmpty()) {
            words.add(word.toString());
        }
        return words;
    }

    /** A quoted word cut after each comma, colon and opening bracket that is outside a JSON string. */
    private static List<String> pieces(String word) {
        List<String> pieces = new ArrayList<>();
        StringBuilder piece = new StringBuilder();
        boolean inString = false;
        for (char c : word.toCharArray()) {
            piece.append(c);
            if (c == '"') {
                inString = !inString;
            } else if (!inString && (c == ',' || c == '[' || c == '{' || c == ':')) {
                pieces.add(piece.toString());
                piece.setLength(0);
            }
        }
        if (!piece.isEmpty()) {
            pieces.add(piece.toString());
        }
        return pieces;
    }
}
