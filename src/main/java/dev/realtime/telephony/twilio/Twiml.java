package dev.realtime.telephony.twilio;

import java.io.StringWriter;
import java.util.Map;

import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * The TwiML documents the voice webhook answers with, written with the JDK's StAX writer (which escapes). Pure.
 */
final class Twiml {
    private static final XMLOutputFactory XML = XMLOutputFactory.newFactory();

    private Twiml() {
    }

    /**
     * Connects the call to a bidirectional Media Stream.
     *
     * @param streamUrl  the {@code wss://} URL of {@code /telephony/twilio/media}
     * @param parameters custom parameters that come back in the stream's {@code start}
     * @return the document
     */
    static String connect(String streamUrl, Map<String, String> parameters) {
        return document(xml -> {
            xml.writeStartElement("Connect");
            xml.writeStartElement("Stream");
            xml.writeAttribute("url", streamUrl);
            for (Map.Entry<String, String> p : parameters.entrySet()) {
                xml.writeEmptyElement("Parameter");
                xml.writeAttribute("name", p.getKey());
                xml.writeAttribute("value", p.getValue());
            }
            xml.writeEndElement();
            xml.writeEndElement();
        });
    }

    /**
     * Says a line and hangs up: the engine cannot take the call now.
     *
     * @param line what the caller hears
     * @return the document
     */
    static String sayAndHangUp(String line) {
        return document(xml -> {
            xml.writeStartElement("Say");
            xml.writeCharacters(line);
            xml.writeEndElement();
            xml.writeEmptyElement("Hangup");
        });
    }

    private interface Body {
        void write(XMLStreamWriter xml) throws XMLStreamException;
    }

    private static String document(Body body) {
        StringWriter out = new StringWriter();
        try {
            XMLStreamWriter xml = XML.createXMLStreamWriter(out);
            xml.writeStartDocument("UTF-8", "1.0");
            xml.writeStartElement("Response");
            body.write(xml);
            xml.writeEndElement();
            xml.writeEndDocument();
            xml.close();
        } catch (XMLStreamException e) {
            throw new IllegalStateException("writing TwiML to a string failed", e);
        }
        return out.toString();
    }
}
