package dev.subsentinel.bench;

import java.util.Collection;
import java.util.function.BiConsumer;

/** A small XML writer for the front's Query-protocol answers (EC2, IAM, STS): elements, text, item lists. */
final class Xml {

    private final StringBuilder out = new StringBuilder(4096);

    Xml(String root, String namespace) {
        out.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<").append(root).append(" xmlns=\"").append(namespace)
                .append("\">");
    }

    /** An element with text; nothing when the value is null. */
    Xml text(String name, Object value) {
        if (value != null) {
            out.append('<').append(name).append('>');
            escape(String.valueOf(value));
            out.append("</").append(name).append('>');
        }
        return this;
    }

    /** Opens an element. */
    Xml open(String name) {
        out.append('<').append(name).append('>');
        return this;
    }

    /** Closes an element. */
    Xml close(String name) {
        out.append("</").append(name).append('>');
        return this;
    }

    /** {@code <name><item>...</item>...</name>}, each item written by {@code item}. */
    <T> Xml items(String name, Collection<T> values, BiConsumer<Xml, T> item) {
        open(name);
        for (T value : values) {
            open("item");
            item.accept(this, value);
            close("item");
        }
        return close(name);
    }

    /** {@code <name><item>text</item>...</name>}. */
    Xml textItems(String name, Collection<String> values) {
        return items(name, values, (x, v) -> x.escape(v));
    }

    /** Closes the root and returns the document. */
    String end(String root) {
        return out.append("</").append(root).append('>').toString();
    }

    private void escape(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                default -> out.append(c);
            }
        }
    }
}
