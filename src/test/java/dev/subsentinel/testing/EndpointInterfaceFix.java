package dev.subsentinel.testing;

import java.io.ByteArrayInputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * Rewrites moto's DescribeNetworkInterfaces answer for the interfaces of interface VPC endpoints, which moto creates
 * with a random address outside their subnet and the VPC's default security group. AWS gives them an address inside
 * the subnet, the endpoint's groups, interface type {@code vpc_endpoint} and requester-managed. Only interfaces a test
 * registered are touched.
 */
final class EndpointInterfaceFix extends ResponseCorrection<EndpointInterfaceFix.Correction> {

    static final String NAME = "endpoint-interface-fix";

    /**
     * The AWS view of one interface.
     *
     * @param vpcEndpointId  the endpoint it belongs to
     * @param privateIp      its address inside its subnet
     * @param groupNamesById the endpoint's security groups
     */
    record Correction(String vpcEndpointId, String privateIp, Map<String, String> groupNamesById) {
    }

    EndpointInterfaceFix() {
        super(NAME);
    }

    @Override
    byte[] rewrite(byte[] response) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            Document document = factory.newDocumentBuilder().parse(new ByteArrayInputStream(response));
            NodeList ids = document.getElementsByTagNameNS("*", "networkInterfaceId");
            boolean changed = false;
            for (int i = 0; i < ids.getLength(); i++) {
                Node idNode = ids.item(i);
                Correction correction = correction(idNode.getTextContent().trim());
                if (correction != null && idNode.getParentNode() instanceof Element item) {
                    apply(document, item, correction);
                    changed = true;
                }
            }
            if (!changed) {
                return null;
            }
            StringWriter out = new StringWriter();
            var transformer = TransformerFactory.newInstance().newTransformer();
            transformer.setOutputProperty(OutputKeys.ENCODING, "UTF-8");
            transformer.transform(new DOMSource(document), new StreamResult(out));
            return out.toString().getBytes(StandardCharsets.UTF_8);
        } catch (Exception e) {
            throw new IllegalStateException("cannot correct DescribeNetworkInterfaces: " + e, e);
        }
    }

    private static void apply(Document document, Element item, Correction correction) {
        String namespace = item.getNamespaceURI();
        NodeList addresses = item.getElementsByTagNameNS("*", "privateIpAddress");
        for (int i = 0; i < addresses.getLength(); i++) {
            addresses.item(i).setTextContent(correction.privateIp());
        }
        setChild(document, item, namespace, "interfaceType", "vpc_endpoint");
        setChild(document, item, namespace, "requesterManaged", "true");
        setChild(document, item, namespace, "description", "VPC Endpoint Interface " + correction.vpcEndpointId());
        Element groupSet = child(item, "groupSet");
        if (groupSet == null) {
            groupSet = document.createElementNS(namespace, "groupSet");
            item.appendChild(groupSet);
        }
        while (groupSet.getFirstChild() != null) {
            groupSet.removeChild(groupSet.getFirstChild());
        }
        for (Map.Entry<String, String> group : correction.groupNamesById().entrySet()) {
            Element entry = document.createElementNS(namespace, "item");
            Element id = document.createElementNS(namespace, "groupId");
            id.setTextContent(group.getKey());
            Element name = document.createElementNS(namespace, "groupName");
            name.setTextContent(group.getValue());
            entry.appendChild(id);
            entry.appendChild(name);
            groupSet.appendChild(entry);
        }
    }

    private static void setChild(Document document, Element item, String namespace, String name, String value) {
        Element existing = child(item, name);
        if (existing == null) {
            existing = document.createElementNS(namespace, name);
            item.appendChild(existing);
        }
        existing.setTextContent(value);
    }

    private static Element child(Element parent, String localName) {
        for (Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element element && localName.equals(element.getLocalName())) {
                return element;
            }
        }
        return null;
    }
}
