package dev.subsentinel.report;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathExpressionException;
import javax.xml.xpath.XPathFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;

/**
 * The report page parsed as XML (it is written well-formed on purpose), queried with XPath: what a browser builds
 * from it, without a browser. A parse failure fails the test that asked.
 */
public final class Page {

    private final Document document;

    private Page(Document document) {
        this.document = document;
    }

    public static Page parse(String html) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", false);
            factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
            factory.setExpandEntityReferences(false);
            return new Page(factory.newDocumentBuilder().parse(new InputSource(new StringReader(html))));
        } catch (ParserConfigurationException | SAXException | IOException e) {
            throw new AssertionError("the page is not well-formed: " + e.getMessage(), e);
        }
    }

    /** The elements the expression selects, in document order. */
    public List<Element> all(String xpath) {
        try {
            NodeList nodes = (NodeList) XPathFactory.newInstance().newXPath().evaluate(xpath, document,
                    XPathConstants.NODESET);
            List<Element> out = new ArrayList<>();
            for (int i = 0; i < nodes.getLength(); i++) {
                out.add((Element) nodes.item(i));
            }
            return out;
        } catch (XPathExpressionException e) {
            throw new IllegalArgumentException(xpath, e);
        }
    }

    /** The one element the expression selects. */
    public Element one(String xpath) {
        List<Element> found = all(xpath);
        if (found.size() != 1) {
            throw new AssertionError(found.size() + " elements match " + xpath);
        }
        return found.get(0);
    }

    /** The text of the one element the expression selects, whitespace collapsed. */
    public String text(String xpath) {
        return one(xpath).getTextContent().replaceAll("\\s+", " ").strip();
    }

    /** The text of the whole page. */
    public String text() {
        return document.getDocumentElement().getTextContent();
    }
}
