package dev.subsentinel.publish;

/**
 * Makes text that came from AWS (status messages, evidence, names) safe to put in an alert: control and format
 * characters (line breaks, bidi overrides, zero-width characters) become spaces, runs of whitespace collapse, and the
 * result is cut to a bounded length. Alert size and layout then never depend on what an API returned.
 */
public final class Sanitizer {

    private static final String ELLIPSIS = "...";

    private Sanitizer() {
    }

    /** One clean line of at most {@code max} characters ({@code ...} marks a cut); null stays null. */
    public static String line(String text, int max) {
        if (text == null) {
            return null;
        }
        StringBuilder out = new StringBuilder(Math.min(text.length(), max + 1));
        boolean space = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean blank = Character.isWhitespace(c) || Character.isISOControl(c)
                    || Character.getType(c) == Character.FORMAT
                    || (Character.isSurrogate(c) && !validSurrogate(text, i));
            if (blank) {
                space = out.length() > 0;
                continue;
            }
            if (space) {
                out.append(' ');
                space = false;
            }
            out.append(c);
            if (out.length() > max) {
                break;
            }
        }
        if (out.length() > max) {
            int cut = Math.max(0, max - ELLIPSIS.length());
            if (cut > 0 && Character.isHighSurrogate(out.charAt(cut - 1))) {
                cut--;
            }
            out.setLength(cut);
            out.append(ELLIPSIS, 0, Math.min(ELLIPSIS.length(), max));
        }
        return out.toString();
    }

    /**
     * A clean line of printable ASCII only (other characters become {@code ?}), for the SNS subject: SNS has documented
     * its subject as ASCII, and a rejected subject would lose the alert.
     */
    public static String asciiLine(String text, int max) {
        String clean = line(text, Integer.MAX_VALUE - 1);
        if (clean == null) {
            return null;
        }
        StringBuilder out = new StringBuilder(clean.length());
        for (int i = 0; i < clean.length(); i++) {
            char c = clean.charAt(i);
            if (c >= 0x20 && c < 0x7f) {
                out.append(c);
            } else if (Character.isHighSurrogate(c) && i + 1 < clean.length()) {
                out.append('?');
                i++;
            } else {
                out.append('?');
            }
        }
        return line(out.toString(), max);
    }

    private static boolean validSurrogate(String text, int i) {
        char c = text.charAt(i);
        if (Character.isHighSurrogate(c)) {
            return i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1));
        }
        return i > 0 && Character.isHighSurrogate(text.charAt(i - 1));
    }
}
