package com.researchassistant.retrieve;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.document.Document;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TermQuery;

/**
 * The BM25 side of a {@link LuceneIndex} search: the query's analysed terms over the passage text
 * and the document title of the passages in scope (the owner's, or some of their documents'),
 * optionally expanded by {@link RelevanceFeedback} from the best hits of a first search in the
 * same scope.
 */
final class LexicalSearch {

    private static final Set<String> FEEDBACK_FIELDS = Set.of(PassageFields.TITLE, PassageFields.TEXT);

    private final QueryTerms queryTerms;
    private final Analyzer analyzer;

    LexicalSearch(QueryTerms queryTerms, Analyzer analyzer) {
        this.queryTerms = queryTerms;
        this.analyzer = analyzer;
    }

    /** The analysed terms of user text, as BM25 searches them. */
    List<String> terms(String text) {
        return queryTerms.of(text);
    }

    /**
     * The best {@code n} hits of {@code text}, best first; with feedback, the best few of a first
     * search expand the query and the expanded query's hits are the list. None for a text of only
     * stopwords or punctuation.
     */
    List<Ranking.Hit> hits(
            IndexSearcher searcher, Query scope, String text, int n, float titleBoost, RelevanceFeedback feedback)
            throws IOException {
        List<String> terms = queryTerms.of(text);
        Map<String, Float> weighted = new LinkedHashMap<>();
        terms.forEach(term -> weighted.put(term, 1f));
        Query query = query(scope, weighted, titleBoost);
        if (query == null) {
            return List.of();
        }
        if (!feedback.enabled()) {
            return LuceneIndex.hits(searcher, query, n);
        }
        List<RelevanceFeedback.Passage> best = new ArrayList<>();
        StoredFields stored = searcher.storedFields();
        for (Ranking.Hit hit : LuceneIndex.hits(searcher, query, feedback.passages())) {
            Document fields = stored.document(hit.doc(), FEEDBACK_FIELDS);
            best.add(new RelevanceFeedback.Passage(
                    fields.get(PassageFields.TITLE) + "\n\n" + fields.get(PassageFields.TEXT), hit.score()));
        }
        Map<String, Float> expanded = feedback.expand(terms, best, analyzer, PassageFields.TEXT);
        return LuceneIndex.hits(searcher, query(scope, expanded, titleBoost), n);
    }

    /**
     * BM25 over the text and the title of the passages {@code scope} matches (an owner's, or some of
     * their documents'), each term weighted, a title match counting {@code titleBoost} of a text
     * match; null when there are no terms.
     */
    static Query query(Query scope, Map<String, Float> terms, float titleBoost) {
        if (terms.isEmpty()) {
            return null;
        }
        BooleanQuery.Builder query = new BooleanQuery.Builder()
                .add(scope, Occur.FILTER)
                .setMinimumNumberShouldMatch(1); // else the filter alone would match every passage
        for (Map.Entry<String, Float> term : terms.entrySet()) {
            query.add(
                    weighted(new TermQuery(new Term(PassageFields.TEXT, term.getKey())), term.getValue()),
                    Occur.SHOULD);
            if (titleBoost > 0) {
                query.add(
                        weighted(
                                new TermQuery(new Term(PassageFields.TITLE_TEXT, term.getKey())),
                                titleBoost * term.getValue()),
                        Occur.SHOULD);
            }
        }
        return query.build();
    }

    private static Query weighted(Query query, float weight) {
        return weight == 1f ? query : new BoostQuery(query, weight);
    }
}
