package com.researchassistant.sources;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.ErrorHandler;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/**
 * Parses a provider's XML (arXiv's Atom, PubMed's efetch) with the JDK's parser hardened against
 * XXE and entity expansion: no external entity, DTD, schema or XInclude is ever loaded, and a
 * document that declares entities of its own is refused before parsing (neither provider declares
 * any; PubMed's DOCTYPE only names its DTD, which is not fetched). Entity limits far below the
 * JDK's defaults stay on as a second line, for a prolog the byte scan cannot read (UTF-16).
 */
final class SafeXml {

    private static final DocumentBuilderFactory FACTORY = factory();
    private static final ErrorHandler STRICT = new ErrorHandler() {
        @Override
        public void warning(SAXParseException e) {
            // a warning does not make the document unreadable
        }

        @Override
        public void error(SAXParseException e) throws SAXException {
            throw e;
        }

        @Override
        public void fatalError(SAXParseException e) throws SAXException {
            throw e;
        }
    };

    private SafeXml() {}

    /** The parsed document, or an exception saying in a few words why not (never quoting the document). */
    static Document parse(byte[] xml) throws MalformedXml {
        if (declaresEntities(xml)) {
            throw new MalformedXml("the document declares entities");
        }
        try {
            DocumentBuilder builder = builder();
            builder.setErrorHandler(STRICT);
            builder.setEntityResolver((publicId, systemId) -> new InputSource(new StringReader("")));
            return builder.parse(new ByteArrayInputStream(xml));
        } catch (SAXParseException e) {
            throw new MalformedXml("not well-formed XML at line " + e.getLineNumber());
        } catch (SAXException | IOException e) {
            throw new MalformedXml("not readable XML (" + e.getClass().getSimpleName() + ")");
        }
    }

    /** The child elements of {@code parent} named {@code localName}, in any namespace. */
    static List<Element> children(Node parent, String localName) {
        List<Element> found = new ArrayList<>();
        NodeList nodes = parent.getChildNodes();
        for (int i = 0; i < nodes.getLength(); i++) {
            if (nodes.item(i) instanceof Element element && localName.equals(element.getLocalName())) {
                found.add(element);
            }
        }
        return found;
    }

    static Optional<Element> child(Node parent, String localName) {
        List<Element> found = children(parent, localName);
        return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
    }

    /** The whitespace-collapsed text of the first child named {@code localName}, or "". */
    static String childText(Node parent, String localName) {
        return child(parent, localName).map(SafeXml::text).orElse("");
    }

    /** All text below {@code node}, markup dropped, whitespace collapsed. */
    static String text(Node node) {
        return node.getTextContent().replaceAll("\\s+", " ").strip();
    }

    private static synchronized DocumentBuilder builder() {
        try {
            return FACTORY.newDocumentBuilder();
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("the JDK's XML parser cannot be configured safely", e);
        }
    }

    /** Looks for "<!ENTITY" in the prolog, before the root element starts. */
    private static boolean declaresEntities(byte[] xml) {
        String head = new String(xml, 0, Math.min(xml.length, 64 * 1024), StandardCharsets.ISO_8859_1);
        int doctype = head.indexOf("<!DOCTYPE");
        return doctype >= 0 && head.indexOf("<!ENTITY", doctype) >= 0;
    }

    private static DocumentBuilderFactory factory() {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        try {
            factory.setNamespaceAware(true);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://xml.org/sax/features/external-general-entities", false);
            factory.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
            factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            factory.setAttribute("jdk.xml.entityExpansionLimit", "1000");
            factory.setAttribute("jdk.xml.totalEntitySizeLimit", "100000");
            factory.setXIncludeAware(false);
            factory.setValidating(false);
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("the JDK's XML parser cannot be configured safely", e);
        }
        return factory;
    }

    /** A provider's XML that cannot be read. */
    static final class MalformedXml extends Exception {

        private static final long serialVersionUID = 1L;

        MalformedXml(String message) {
            super(message);
        }
    }
}
