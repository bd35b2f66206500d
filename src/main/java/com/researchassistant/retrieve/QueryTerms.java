package com.researchassistant.retrieve;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;

/**
 * The distinct terms of user text as the index analyser sees them. Queries are built from these
 * terms directly, never parsed, so "AND", quotes, "*:*" or a lone "(" are plain words or nothing.
 */
record QueryTerms(Analyzer analyzer, String field, int maxTerms) {

    /** At most {@code maxTerms} distinct terms in order of first appearance; empty for stopwords only. */
    List<String> of(String text) {
        Set<String> terms = new LinkedHashSet<>();
        try (TokenStream stream = analyzer.tokenStream(field, text)) {
            CharTermAttribute term = stream.addAttribute(CharTermAttribute.class);
            stream.reset();
            while (terms.size() < maxTerms && stream.incrementToken()) {
                terms.add(term.toString());
            }
            stream.end();
        } catch (IOException e) {
            throw new UncheckedIOException("analysing a query cannot read from a string: " + e.getMessage(), e);
        }
        return List.copyOf(terms);
    }
}
