package com.researchassistant.sources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

class SafeXmlTest {

    private static byte[] utf8(String xml) {
        return xml.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void reads_pubmed_xml_with_its_doctype_without_fetching_the_dtd() throws Exception {
        // given: the DTD's URL cannot be reached from a test; it must not be asked for
        String xml = """
                <?xml version="1.0" ?>
                <!DOCTYPE PubmedArticleSet PUBLIC "-//NLM//DTD PubMedArticle, 1st January 2025//EN" \
                "https://dtd.nlm.nih.gov/ncbi/pubmed/out/pubmed_250101.dtd">
                <PubmedArticleSet><PubmedArticle><MedlineCitation><PMID>1</PMID></MedlineCitation></PubmedArticle></PubmedArticleSet>
                """;

        // when
        Document document = SafeXml.parse(utf8(xml));

        // then
        assertThat(document.getDocumentElement().getLocalName()).isEqualTo("PubmedArticleSet");
        assertThat(document.getDocumentElement().getTextContent()).isEqualTo("1");
    }

    @Test
    void refuses_external_entities() {
        String xml = """
                <?xml version="1.0"?>
                <!DOCTYPE feed [ <!ENTITY secret SYSTEM "file:///etc/passwd"> ]>
                <feed><title>&secret;</title></feed>
                """;

        assertThatThrownBy(() -> SafeXml.parse(utf8(xml)))
                .isInstanceOf(SafeXml.MalformedXml.class)
                .hasMessageNotContaining("root:");
    }

    @Test
    void refuses_entity_expansion_bombs() {
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\">");
        for (int i = 1; i <= 9; i++) {
            xml.append("<!ENTITY lol")
                    .append(i)
                    .append(" \"")
                    .append(("&lol" + (i == 1 ? "" : i - 1) + ";").repeat(10))
                    .append("\">");
        }
        xml.append("]><lolz>&lol9;</lolz>");

        assertThatThrownBy(() -> SafeXml.parse(utf8(xml.toString()))).isInstanceOf(SafeXml.MalformedXml.class);
    }

    @Test
    void refuses_an_entity_bomb_even_when_the_prolog_hides_from_a_byte_scan() {
        // given: UTF-16, so "<!ENTITY" is not found as bytes; the parser's own limits must stop it
        StringBuilder xml =
                new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-16\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\">");
        for (int i = 1; i <= 9; i++) {
            xml.append("<!ENTITY lol")
                    .append(i)
                    .append(" \"")
                    .append(("&lol" + (i == 1 ? "" : i - 1) + ";").repeat(10))
                    .append("\">");
        }
        xml.append("]><lolz>&lol9;</lolz>");

        assertThatThrownBy(() -> SafeXml.parse(xml.toString().getBytes(StandardCharsets.UTF_16)))
                .isInstanceOf(SafeXml.MalformedXml.class);
    }

    @Test
    void an_external_entity_hidden_from_the_byte_scan_is_never_resolved() throws Exception {
        // given
        String xml = "<?xml version=\"1.0\" encoding=\"UTF-16\"?>"
                + "<!DOCTYPE feed [ <!ENTITY secret SYSTEM \"file:///etc/passwd\"> ]><feed><title>&secret;</title></feed>";

        // when
        String text;
        try {
            text = SafeXml.parse(xml.getBytes(StandardCharsets.UTF_16))
                    .getDocumentElement()
                    .getTextContent();
        } catch (SafeXml.MalformedXml refused) {
            text = "";
        }

        // then: refused, or read without the file
        assertThat(text).doesNotContain("root:");
    }

    @Test
    void names_the_line_of_broken_xml_without_quoting_it() {
        assertThatThrownBy(() -> SafeXml.parse(utf8("<feed>\n<entry><title>secret text</titel></entry></feed>")))
                .isInstanceOf(SafeXml.MalformedXml.class)
                .hasMessageContaining("line 2")
                .hasMessageNotContaining("secret text");
    }
}
