package dev.subsentinel.report;

/**
 * Writes HTML markup where every piece of text and every attribute value is escaped: the only way to put unescaped
 * characters into the page is {@link #raw}, which takes the page's own constants (style sheet, script), never data.
 * Names, tags, status messages and rule descriptions come from AWS and are attacker-controllable; here they can only
 * ever be text.
 */
final class Html {

    private final StringBuilder out;

    Html(int capacity) {
        this.out = new StringBuilder(capacity);
    }

    /**
     * The text with {@code & < > " '} as character references, and control and format characters (line breaks, bidi
     * overrides, zero-width characters) as spaces, so that text shows as it is and never acts; a lone surrogate
     * becomes U+FFFD (it has no UTF-8 form). Safe in element content and in quoted attribute values.
     */
    static String escape(String text) {
        StringBuilder escaped = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            String replacement = replacement(text, i, c);
            if (replacement == null) {
                if (escaped != null) {
                    escaped.append(c);
                }
                continue;
            }
            if (escaped == null) {
                escaped = new StringBuilder(text.length() + 16);
                escaped.append(text, 0, i);
            }
            escaped.append(replacement);
        }
        return escaped == null ? text : escaped.toString();
    }

    private static String replacement(String text, int i, char c) {
        switch (c) {
            case '&':
                return "&amp;";
            case '<':
                return "&lt;";
            case '>':
                return "&gt;";
            case '"':
                return "&quot;";
            case '\'':
                return "&#39;";
            default:
                break;
        }
        if (Character.isISOControl(c) || Character.getType(c) == Character.FORMAT) {
            return " ";
        }
        if (Character.isHighSurrogate(c)) {
            return i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1)) ? null : "\uFFFD";
        }
        if (Character.isLowSurrogate(c)) {
            return i > 0 && Character.isHighSurrogate(text.charAt(i - 1)) ? null : "\uFFFD";
        }
        return null;
    }

    /** An opening tag with attributes given as name, value pairs (a null value leaves the attribute out). */
    Html open(String tag, String... attributes) {
        return tag(tag, attributes).append('>');
    }

    /** A void element ({@code meta}), closed as XML closes it, so the page is also well-formed XML. */
    Html empty(String tag, String... attributes) {
        return tag(tag, attributes).append("/>");
    }

    private Html tag(String tag, String... attributes) {
        out.append('<').append(tag);
        if (attributes.length % 2 != 0) {
            throw new IllegalArgumentException("attributes come in name, value pairs");
        }
        for (int i = 0; i < attributes.length; i += 2) {
            if (attributes[i + 1] != null) {
                out.append(' ').append(attributes[i]).append("=\"").append(escape(attributes[i + 1])).append('"');
            }
        }
        return this;
    }

    private Html append(String markup) {
        out.append(markup);
        return this;
    }

    private Html append(char c) {
        out.append(c);
        return this;
    }

    /** A closing tag. */
    Html close(String tag) {
        out.append("</").append(tag).append('>');
        return this;
    }

    /** Escaped text. */
    Html text(String text) {
        out.append(escape(text));
        return this;
    }

    /** An element holding only escaped text. */
    Html element(String tag, String text, String... attributes) {
        return open(tag, attributes).text(text).close(tag);
    }

    /** The page's own markup, style sheet or script, as it is: never data. */
    Html raw(String markup) {
        out.append(markup);
        return this;
    }

    /** A line break in the source, to keep the page readable as text. */
    Html newline() {
        out.append('\n');
        return this;
    }

    @Override
    public String toString() {
        return out.toString();
    }
}
